//! Editors' commands: `init` (a starter partnership that checks clean), `new`
//! (a skeleton per kind that passes once its placeholders are filled, never over
//! an existing file) and `schema` (JSON Schemas from the loader's declarations,
//! checked here with an independent validator, the `jsonschema` crate).

use crate::common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use joinedup::load::yaml::{self, Node, Value};
use serde_json::json;

use common::{Site, TODAY};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run joinedup")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn check(dir: &Path) -> (Option<i32>, serde_json::Value) {
    let out = run(&["check", "--format", "json", "--today", TODAY, s(dir)]);
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code(), json)
}

/// A YAML tree as JSON, reading scalars as the YAML language server does
/// (YAML 1.2): whole numbers and true/false bare, everything else text.
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Str(t) => {
            let digits = t.strip_prefix('-').unwrap_or(t);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                t.parse::<i64>().map_or_else(|_| json!(t), |n| json!(n))
            } else if t == "true" || t == "false" {
                json!(t == "true")
            } else {
                json!(t)
            }
        }
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => serde_json::Value::Object(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = match &k.value {
                        Value::Str(k) => k.clone(),
                        other => format!("{other:?}"),
                    };
                    (key, to_json(v))
                })
                .collect(),
        ),
    }
}

/// A content file as JSON: YAML, or a page's front matter.
fn file_json(path: &Path) -> serde_json::Value {
    let text = fs::read_to_string(path).expect("read");
    let yaml_text = if path.extension().is_some_and(|e| e == "md") {
        joinedup::load::page::split_front_matter(&text)
            .expect("front matter")
            .0
    } else {
        text
    };
    match yaml::parse(&yaml_text) {
        Ok(Some(node)) => to_json(&node),
        Ok(None) => serde_json::Value::Null,
        Err(e) => panic!("{}: {e:?}", path.display()),
    }
}

/// The schemas `joinedup schema` writes, by kind.
fn schemas() -> (tempfile::TempDir, Vec<(String, jsonschema::Validator)>) {
    let dir = tempfile::tempdir().expect("tmp");
    let out = run(&["schema", "--output", s(dir.path())]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut found = Vec::new();
    for entry in fs::read_dir(dir.path()).expect("schemas") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".schema.json"))
            .expect("a schema file")
            .to_owned();
        let schema: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&path).expect("read")).expect("json");
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{name}: not a valid schema: {e}"));
        found.push((name, validator));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    (dir, found)
}

fn kind_of(rel: &str) -> Option<&'static str> {
    let folder = rel.split('/').next()?;
    Some(match (folder, rel.contains('/')) {
        ("site.yaml", false) => "site",
        ("topics.yaml", false) => "topics",
        ("agencies", true) => "agency",
        ("glossary", true) => "glossary",
        ("shadowing", true) => "shadowing",
        ("pages", true) => "page",
        ("agreements", true) => "agreements",
        ("meetings", true) => "meetings",
        ("pathways", true) => "pathway",
        _ => return None,
    })
}

/// Schema errors for one content file (relative to `root`).
fn schema_errors(
    validators: &[(String, jsonschema::Validator)],
    root: &Path,
    rel: &str,
) -> Vec<String> {
    let kind = kind_of(rel).unwrap_or_else(|| panic!("no kind for {rel}"));
    let validator = &validators
        .iter()
        .find(|(n, _)| n == kind)
        .unwrap_or_else(|| panic!("no schema {kind}"))
        .1;
    let instance = file_json(&root.join(rel));
    validator
        .iter_errors(&instance)
        .map(|e| format!("{rel}: {e} at {}", e.instance_path()))
        .collect()
}

/// Every content file under `root`, relative, `/`-separated.
fn content_files(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["site.yaml", "topics.yaml"] {
        if root.join(name).exists() {
            out.push(name.to_owned());
        }
    }
    for folder in [
        "agencies",
        "glossary",
        "shadowing",
        "pages",
        "agreements",
        "meetings",
        "pathways",
    ] {
        let Ok(entries) = fs::read_dir(root.join(folder)) else {
            continue;
        };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".md"))
            .map(|n| format!("{folder}/{n}"))
            .collect();
        names.sort();
        out.extend(names);
    }
    out
}

#[test]
fn init_writes_a_starter_that_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("partnership");
    let out = run(&["init", "--today", TODAY, s(&dir)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("joinedup check") && said.contains("joinedup serve"),
        "{said}"
    );
    let (code, json) = check(&dir);
    assert_eq!(code, Some(0), "{json:#}");
    assert_eq!(
        (json["errors"].as_u64(), json["warnings"].as_u64()),
        (Some(0), Some(0)),
        "{json:#}"
    );
    // The files explain themselves, and name their schemas.
    for rel in [
        "site.yaml",
        "topics.yaml",
        "agencies/riverside-council.yaml",
    ] {
        let text = fs::read_to_string(dir.join(rel)).expect("read");
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{rel}"
        );
        assert!(
            text.lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
                >= 3,
            "{rel}"
        );
    }
    let settings: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(dir.join(".vscode/settings.json")).expect("settings"),
    )
    .expect("json");
    assert_eq!(
        settings["yaml.schemas"]["./schemas/agency.schema.json"],
        json!(["agencies/*.yaml"])
    );
    // It validates against its own schemas.
    let (_keep, validators) = schemas();
    for rel in content_files(&dir) {
        let errors = schema_errors(&validators, &dir, &rel);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let site = tmp.path().join("site");
    let built = run(&["build", "--today", TODAY, "--output", s(&site), s(&dir)]);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(
        !String::from_utf8_lossy(&built.stderr).contains("warning"),
        "the starter builds without a warning: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(site.join("agencies/riverside-council/index.html").is_file());
    assert!(site.join("welcome/index.html").is_file());
    // A folder with files in it is never written over.
    let again = run(&["init", "--today", TODAY, s(&dir)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// Values for the placeholders of every skeleton, to fill them as an editor would.
fn filled(text: &str) -> String {
    let re = regex::Regex::new(r"<[^<>\n]+>").expect("regex");
    re.replace_all(text, |c: &regex::Captures| {
        let p = &c[0];
        let value = match p {
            "<type>" => "voluntary",
            "<area-id>" => "riverside-north, riverside-south",
            "<team-id>" => "helpline-team",
            "<topic-id>" => "homelessness",
            "<role>" => "support",
            "<route-id>" => "helpline",
            "<public or professionals>" => "public",
            "<urgency>" => "routine",
            "<channel>" => "phone",
            "<the number, e-mail address or web address>" => "\"01632 960555\"",
            "<24/7, or days and times like mon-fri 09:00-17:00>" => "mon-fri 09:00-17:00",
            "<agency-id>" => "riverside-police",
            "<another-agency-id>" => "riverside-council",
            "<next-step-id>" => "next",
            "<a contact route of that agency>" => "shadowing-requests",
            _ if p.contains("id") => panic!("no value for {p}"),
            _ => "Some plain words",
        };
        value.to_owned()
    })
    .into_owned()
}

#[test]
fn new_writes_a_skeleton_for_each_kind_that_passes_once_filled() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("p");
    assert_eq!(
        run(&["init", "--today", TODAY, s(&dir)]).status.code(),
        Some(0)
    );
    let (_keep, validators) = schemas();
    for (kind, id, rel, read_by_check) in [
        (
            "agency",
            "riverside-helpline",
            "agencies/riverside-helpline.yaml",
            true,
        ),
        ("offer", "helpline-day", "shadowing/helpline-day.yaml", true),
        (
            "page",
            "working-together",
            "pages/working-together.md",
            true,
        ),
        ("term", "duty-officer", "glossary/duty-officer.yaml", true),
        (
            "agreement",
            "riverside-isa",
            "agreements/riverside-isa.yaml",
            true,
        ),
        ("meeting", "marac", "meetings/marac.yaml", true),
        (
            "pathway",
            "child-protection",
            "pathways/child-protection.yaml",
            true,
        ),
    ] {
        let out = run(&["new", kind, id, "--today", TODAY, "--content", s(&dir)]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = dir.join(rel);
        let text = fs::read_to_string(&path).unwrap_or_else(|_| panic!("{kind}: no {rel}"));
        if kind != "page" {
            assert!(
                text.starts_with("# yaml-language-server: $schema=../schemas/"),
                "{kind}"
            );
        }
        assert!(text.contains('<'), "{kind}: the skeleton has placeholders");
        if read_by_check {
            let (code, json) = check(&dir);
            assert_eq!(
                code,
                Some(1),
                "{kind}: unfilled placeholders are errors: {json:#}"
            );
            assert!(json.to_string().contains("placeholder"), "{kind}: {json:#}");
        }
        // Never over an existing file.
        let again = run(&["new", kind, id, "--today", TODAY, "--content", s(&dir)]);
        assert_eq!(again.status.code(), Some(2), "{kind}");
        assert_eq!(
            fs::read_to_string(&path).expect("read"),
            text,
            "{kind}: untouched"
        );
        fs::write(&path, filled(&text)).expect("fill");
        let (code, json) = check(&dir);
        assert_eq!(code, Some(0), "{kind} once filled: {json:#}");
        assert_eq!(json["errors"], 0, "{kind}: {json:#}");
        let errors = schema_errors(&validators, &dir, rel);
        assert!(errors.is_empty(), "{kind}: {errors:#?}\n{}", filled(&text));
    }
    let bad = run(&["new", "agency", "Riverside Helpline", "--content", s(&dir)]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("try `riverside-helpline`"));
}

#[test]
fn the_example_content_validates_against_the_schemas() {
    let (_keep, validators) = schemas();
    let root = common::example();
    let files = content_files(&root);
    assert!(files.len() > 30, "{files:?}");
    let errors: Vec<String> = files
        .iter()
        .flat_map(|rel| schema_errors(&validators, &root, rel))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn mutated_files_fail_both_the_schema_and_check() {
    let (_keep, validators) = schemas();
    let police = "agencies/beta-police.yaml";
    for (what, rel, from, to, code) in [
        ("unknown key", police, "review:", "reveiw:", "unknown-key"),
        (
            "wrong word",
            police,
            "type: police",
            "type: polis",
            "invalid-value",
        ),
        (
            "missing field",
            police,
            "summary:",
            "# summary:",
            "missing-field",
        ),
        (
            "unknown key in a list",
            "topics.yaml",
            "  name:",
            "  nmae:",
            "unknown-key",
        ),
        (
            "bad id",
            "shadowing/offers.yaml",
            "- id: ",
            "- id: Day ",
            "invalid-id",
        ),
    ] {
        let site = Site::minimal();
        assert!(
            schema_errors(&validators, site.path(), rel).is_empty(),
            "{what}: valid before"
        );
        let text = site.read(rel);
        assert!(text.contains(from), "{what}: `{from}` in {rel}");
        site.write(rel, &text.replacen(from, to, 1));
        let errors = schema_errors(&validators, site.path(), rel);
        assert!(!errors.is_empty(), "{what}: the schema lets it through");
        let r = site.check_json();
        assert_eq!(r.code, Some(1), "{what}: check lets it through");
        assert!(
            r.codes().contains(&code.to_owned()),
            "{what}: {:?}",
            r.codes()
        );
    }
}

/// `hsds: true`, `hsds: oruk` and `hsds: false` in site.yaml are what `check`
/// accepts, and so what the schema accepts (an editor's YAML language server
/// reads `true` as a boolean).
#[test]
fn the_site_schema_accepts_every_hsds_setting_check_accepts() {
    let (_keep, validators) = schemas();
    for value in ["true", "false", "hsds", "oruk"] {
        let site = Site::minimal();
        let text = site.read("site.yaml");
        site.write("site.yaml", &format!("{text}hsds: {value}\n"));
        let errors = schema_errors(&validators, site.path(), "site.yaml");
        assert!(errors.is_empty(), "hsds: {value}: {errors:#?}");
        let (code, json) = check(site.path());
        assert_eq!(code, Some(0), "hsds: {value}: {json:#}");
    }
    let site = Site::minimal();
    let text = site.read("site.yaml");
    site.write("site.yaml", &format!("{text}hsds: yes please\n"));
    assert!(!schema_errors(&validators, site.path(), "site.yaml").is_empty());
    assert_eq!(check(site.path()).0, Some(1));
}
