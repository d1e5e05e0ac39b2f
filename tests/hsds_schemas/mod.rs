//! The Open Referral schemas in `../shared/open-referral/`, loaded for the
//! `hsds*` tests: draft 2020-12 with format checks on, each permissive (as
//! published) and strict (`additionalProperties: false` on every object), and
//! the checks of an export folder against them.

#![allow(dead_code, unreachable_pub)]

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The folder of the reference schemas and examples.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/open-referral")
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every object schema with `properties` refuses other properties.
fn strictify(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.contains_key("properties") && !m.contains_key("additionalProperties") {
                m.insert("additionalProperties".into(), Value::Bool(false));
            }
            for (_, child) in m.iter_mut() {
                strictify(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strictify),
        _ => {}
    }
}

/// One schema, permissive and strict.
pub struct Pair {
    pub name: String,
    pub loose: jsonschema::Validator,
    pub strict: jsonschema::Validator,
}

fn compile(schema: &Value, file: &Path) -> jsonschema::Validator {
    let base = format!(
        "file://{}",
        file.canonicalize().expect("schema path").display()
    );
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_base_uri(base)
        .build(schema)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

impl Pair {
    /// `rel` under the shared folder; `pointer` picks a sub-schema (or "").
    pub fn load(rel: &str, pointer: &str) -> Pair {
        let file = shared().join(rel);
        let whole = read_json(&file);
        let schema = whole
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{rel}{pointer}"))
            .clone();
        let mut strict = schema.clone();
        strictify(&mut strict);
        Pair {
            name: format!("{rel}{pointer}"),
            loose: compile(&schema, &file),
            strict: compile(&strict, &file),
        }
    }

    /// Asserts `doc` is valid under both; `what` names it in the message.
    pub fn assert_valid(&self, doc: &Value, what: &str) {
        if let Some(problem) = self.problem(doc, what) {
            panic!("{problem}");
        }
    }

    /// Why `doc` is not valid under both, or `None` when it is. `is_valid`
    /// first (it stops at the first error and collects none): the errors are
    /// gathered only for a document that has some.
    fn problem(&self, doc: &Value, what: &str) -> Option<String> {
        for (mode, v) in [("permissive", &self.loose), ("strict", &self.strict)] {
            if v.is_valid(doc) {
                continue;
            }
            let errors: Vec<String> = v
                .iter_errors(doc)
                .take(5)
                .map(|e| format!("  {} at {}", e, e.instance_path()))
                .collect();
            return Some(format!(
                "{what} is not valid under {mode} {}:\n{}",
                self.name,
                errors.join("\n")
            ));
        }
        None
    }

    /// Whether `doc` is valid under the strict schema.
    pub fn strictly_valid(&self, doc: &Value) -> bool {
        self.strict.is_valid(doc)
    }
}

/// The schemas an export of one flavour must meet, by file.
pub struct Flavour {
    pub service: Pair,
    pub service_item: Pair,
    pub organization: Pair,
    pub organization_item: Pair,
    pub taxonomy: Pair,
    pub term: Pair,
    pub api: Pair,
}

impl Flavour {
    pub fn hsds() -> Flavour {
        Flavour {
            service: Pair::load("hsds-3.0/compiled/service.json", ""),
            service_item: Pair::load("hsds-3.0/compiled/service_list.json", ""),
            organization: Pair::load("hsds-3.0/compiled/organization.json", ""),
            organization_item: Pair::load("hsds-3.0/compiled/organization_list.json", ""),
            taxonomy: Pair::load("hsds-3.0/schema/taxonomy.json", ""),
            term: Pair::load("hsds-3.0/schema/taxonomy_term.json", ""),
            api: Pair::load("oruk-3.0/api_details.json", ""),
        }
    }

    pub fn oruk() -> Flavour {
        Flavour {
            service: Pair::load("oruk-3.0/service.json", ""),
            service_item: Pair::load("oruk-3.0/service_list.json", "/properties/contents/items"),
            organization: Pair::load("oruk-3.0/organization.json", ""),
            organization_item: Pair::load("oruk-3.0/organization_list.json", ""),
            taxonomy: Pair::load("oruk-3.0/taxonomy.json", ""),
            term: Pair::load("oruk-3.0/taxonomy_term.json", ""),
            api: Pair::load("oruk-3.0/api_details.json", ""),
        }
    }

    /// Validates every file of the export in `dir`; returns how many records it
    /// checked. Each record is checked as `assert_valid` would, and the
    /// problems of all of them are reported together.
    pub fn assert_export_valid(&self, dir: &Path) -> usize {
        let doc = |rel: &str| read_json(&dir.join(rel));
        self.api.assert_valid(&doc("index.json"), "index.json");
        let mut problems = Vec::new();
        let mut checked = 0;
        let pages = [
            ("services.json", &self.service_item),
            ("organizations.json", &self.organization_item),
            ("taxonomies.json", &self.taxonomy),
            ("taxonomy_terms.json", &self.term),
        ];
        for (rel, pair) in pages {
            let page = doc(rel);
            let contents = page["contents"].as_array().expect("contents");
            assert_eq!(page["total_items"], contents.len(), "{rel}");
            let items: Vec<(usize, &Value)> = contents.iter().enumerate().collect();
            problems.extend(check_each(&items, |(i, item)| {
                pair.problem(item, &format!("{rel} contents[{i}]"))
            }));
            checked += items.len();
        }
        for (folder, pair) in [
            ("services", &self.service),
            ("organizations", &self.organization),
        ] {
            let paths: Vec<PathBuf> = fs::read_dir(dir.join(folder))
                .expect(folder)
                .map(|entry| entry.expect("entry").path())
                .collect();
            problems.extend(check_each(&paths, |path| {
                pair.problem(&read_json(path), &path.display().to_string())
            }));
            checked += paths.len();
        }
        assert!(
            problems.is_empty(),
            "{} records are not valid; the first:\n{}",
            problems.len(),
            problems[..problems.len().min(3)].join("\n")
        );
        checked
    }
}

/// `check` on every item; what it found, in the items' order. On one thread:
/// split among two, the 2,000-agency test took 80 s instead of 32 s, most of
/// the extra in the kernel.
fn check_each<T>(items: &[T], check: impl Fn(&T) -> Option<String>) -> Vec<String> {
    items.iter().filter_map(check).collect()
}

/// Every string in a JSON value that is empty, and every null, as JSON pointers.
pub fn empties(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Null => out.push(at.to_owned()),
        Value::String(s) if s.trim().is_empty() => out.push(at.to_owned()),
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                empties(x, &format!("{at}/{i}"), out);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                empties(x, &format!("{at}/{k}"), out);
            }
        }
        _ => {}
    }
}
