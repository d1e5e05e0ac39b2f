//! The docs cannot drift from the format: every key the loader declares
//! (`src/load/declare/`) is named in its section of docs/content-format.md and
//! every key in the docs' tables is declared; and every YAML and page example in
//! docs/ and README.md passes `check` once put where its marker says.
//!
//! Each example's fence follows a marker line:
//! - `<!-- example: file PATH -->`: the example is the whole file PATH;
//! - `<!-- example: site-keys -->`: its keys replace site.yaml's;
//! - `<!-- example: route-keys -->`: its keys replace those of a contact route.
//!
//! They are written into a copy of tests/fixtures/minimal (for `site-keys`,
//! its site.yaml alone, so that the example's areas are the only ones).

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use joinedup::load::declare::{FILES, Layout, Record, Shape};

use common::Site;

fn docs() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content-format.md"))
        .expect("docs/content-format.md")
}

/// The text of the `## ` section whose heading starts with `heading`.
fn section<'a>(doc: &'a str, heading: &str) -> &'a str {
    let start = doc
        .find(&format!("\n## {heading}"))
        .unwrap_or_else(|| panic!("no section `## {heading}` in docs/content-format.md"));
    let rest = &doc[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

fn records(record: &'static Record, out: &mut Vec<&'static Record>) {
    if out.iter().any(|r| std::ptr::eq(*r, record)) {
        return;
    }
    out.push(record);
    for field in record.fields {
        shape_records(&field.shape, out);
    }
}

fn shape_records(shape: &'static Shape, out: &mut Vec<&'static Record>) {
    match shape {
        Shape::One(r) | Shape::ManyOf(r) => records(r, out),
        Shape::Many(s) => shape_records(s, out),
        Shape::Either(a, b) => {
            shape_records(a, out);
            shape_records(b, out);
        }
        _ => {}
    }
}

/// The docs' section for each kind of file the loader reads.
fn heading(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "site" => "site.yaml",
        "topics" => "topics.yaml",
        "agency" => "agencies/",
        "glossary" => "glossary/",
        "shadowing" => "shadowing/",
        "page" => "pages/",
        "agreements" => "agreements/",
        "meetings" => "meetings/",
        "pathway" => "pathways/",
        other => {
            panic!("a new kind of file, `{other}`: give it a section in docs/content-format.md")
        }
    })
}

#[test]
fn every_declared_key_is_in_the_docs_and_every_documented_key_is_declared() {
    let doc = docs();
    let table_key = regex::Regex::new(r"(?m)^\| `([a-z_]+)` \|").expect("regex");
    for kind in FILES {
        let Some(heading) = heading(kind.name) else {
            continue;
        };
        let text = section(&doc, heading);
        let root = match kind.layout {
            Layout::One(r) | Layout::List(r) | Layout::FrontMatter(r) => r,
        };
        let mut all = Vec::new();
        records(root, &mut all);
        let declared: BTreeSet<&str> = all.iter().flat_map(|r| r.keys()).collect();
        for key in &declared {
            assert!(
                text.contains(&format!("`{key}`")) || text.contains(&format!("\n{key}:")),
                "`{key}` ({}) is declared but not in the docs' `## {heading}` section",
                kind.name
            );
        }
        for c in table_key.captures_iter(text) {
            assert!(
                declared.contains(&c[1]),
                "the docs' `## {heading}` table has `{}`, which the loader does not declare",
                &c[1]
            );
        }
    }
}

/// Removes the top-level (at `indent` spaces) keys that `block` sets from `yaml`.
fn without_keys(yaml: &str, block: &str, indent: usize) -> String {
    let keys: BTreeSet<String> = block
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(':'))
        .filter_map(|l| l.split(':').next().map(str::to_owned))
        .collect();
    let mut out = String::new();
    let mut skipping = false;
    for line in yaml.lines() {
        let depth = line.len() - line.trim_start().len();
        if depth == indent && !line.trim_start().starts_with("- ") {
            let key = line.trim_start().split(':').next().unwrap_or("");
            skipping = keys.contains(key);
        } else if depth < indent && !line.trim().is_empty() {
            skipping = false;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn dedent(block: &str) -> String {
    let n = block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    block
        .lines()
        .map(|l| {
            if l.len() >= n {
                &l[n..]
            } else {
                l.trim_start()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn place(site: &Site, marker: &str, block: &str) {
    let block = dedent(block);
    if let Some(path) = marker.strip_prefix("file ") {
        site.write(path.trim(), &block);
    } else if let Some(path) =
        (marker.strip_prefix("replace ")).and_then(|m| m.strip_suffix(" in the example"))
    {
        // Examples that name the example partnership's agencies, teams and
        // routes replace one of its files (the site is a copy of it).
        site.write(path.trim(), &block);
    } else if marker == "site-keys" {
        // Alone with site.yaml, so that its areas are the only ones.
        for folder in ["agencies", "glossary", "shadowing", "pages"] {
            let _ = fs::remove_dir_all(site.path().join(folder));
        }
        site.write("topics.yaml", "[]\n");
        let site_yaml = site.read("site.yaml");
        site.write("site.yaml", &(without_keys(&site_yaml, &block, 0) + &block));
    } else if marker == "route-keys" {
        // The first contact route of alpha-council, at four spaces.
        let rel = "agencies/alpha-council.yaml";
        let text = site.read(rel);
        let at = text.find("  - id: mash-consultation\n").expect("the route");
        let end = text[at..]
            .find("  - id: emergency-duty-team")
            .expect("next route")
            + at;
        let route = &text[at..end];
        let mut kept = without_keys(route, &block, 4);
        let indented: String = block.lines().map(|l| format!("    {l}\n")).collect();
        kept.push_str(&indented);
        site.write(rel, &format!("{}{kept}{}", &text[..at], &text[end..]));
    } else {
        panic!("unknown example marker `{marker}`");
    }
}

#[test]
fn every_yaml_example_in_the_docs_passes_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = fs::read_dir(root.join("docs"))
        .expect("docs")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.push(root.join("README.md"));
    files.sort();
    let fence = regex::Regex::new(r"(?ms)^```(yaml|markdown)\n(.*?)^```").expect("regex");
    let marker = regex::Regex::new(r"<!-- example: ([^>]+?) -->\s*$").expect("regex");
    let mut checked = 0;
    for path in files {
        let text = fs::read_to_string(&path).expect("read");
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_owned();
        for m in fence.captures_iter(&text) {
            let whole = m.get(0).expect("match");
            let line = text[..whole.start()].matches('\n').count() + 1;
            let before = text[..whole.start()].trim_end();
            let last = before.lines().last().unwrap_or("");
            let Some(how) = marker.captures(last) else {
                panic!(
                    "{name}:{line}: an example with no `<!-- example: … -->` marker line before it"
                );
            };
            let site = if how[1].ends_with(" in the example") {
                Site::example()
            } else {
                Site::minimal()
            };
            place(&site, &how[1], &m[2]);
            let r = site.check_json();
            assert_eq!(
                r.json["errors"], 0,
                "{name}:{line}: the example fails check: {:#}",
                r.json["findings"]
            );
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} examples found");
}

/// The README's first commands are the contract's two set-up commands: one
/// that builds and serves the example site and one that runs every test, and
/// CI runs that same test command and nothing else.
#[test]
fn the_readme_opens_with_the_two_set_up_commands_ci_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = fs::read_to_string(root.join("README.md")).expect("README.md");
    let first = readme.split("```").nth(1).expect("README has a code block");
    let commands: Vec<&str> = first
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands,
        ["cargo run --release -- serve", "scripts/test"],
        "the README's first code block"
    );
    let ci = fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    let ci_commands: Vec<&str> = ci
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        ci_commands,
        [
            "set -euo pipefail",
            "cd \"$(dirname \"$0\")/..\"",
            "scripts/test"
        ],
        ".ci/run runs the README's test command and nothing else"
    );
}
