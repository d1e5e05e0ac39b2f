//! The contract (`../shared/spec/content-model.md`) against the reader: every
//! YAML example in it (and the page front matter) is written into a content
//! folder, wrapped where it is a fragment in the least document it belongs to,
//! and `check` must find no unknown key and no YAML error in it. A key the spec
//! names that joinedup does not read fails here, at the block that names it.

use crate::common;

use std::fs;
use std::path::Path;

use common::Site;

/// The example blocks of the spec: (line of the opening fence, the heading
/// it is under, its text).
fn blocks(spec: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut heading = String::new();
    let mut open: Option<(usize, String)> = None;
    for (i, line) in spec.lines().enumerate() {
        if let Some((start, text)) = &mut open {
            if line.starts_with("```") {
                out.push((*start, heading.clone(), std::mem::take(text)));
                open = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
        } else if line.starts_with('#') {
            heading = line.to_owned();
        } else if line == "```yaml" || line == "```markdown" {
            open = Some((i + 1, String::new()));
        }
    }
    out
}

/// Where a block under `heading` goes in a content folder, and the block as
/// that file (a route's keys inside an agency's `contacts`).
fn as_file(heading: &str, text: &str) -> Option<(&'static str, String)> {
    // `...` stands for "more of the same" in the spec; it is not YAML there.
    let text: String = text
        .lines()
        .filter(|l| l.trim() != "...")
        .map(|l| format!("{l}\n"))
        .collect();
    let h = heading.trim_start_matches('#').trim();
    let file = match h {
        _ if h.starts_with("site.yaml") => "site.yaml",
        _ if h.starts_with("topics.yaml") => "topics.yaml",
        _ if h.starts_with("agencies") => "agencies/spec-example.yaml",
        _ if h.starts_with("contact routes") => {
            return Some((
                "agencies/spec-routes.yaml",
                format!("contacts:\n  - id: spec-route\n{text}"),
            ));
        }
        _ if h.starts_with("glossary") => "glossary/spec-example.yaml",
        _ if h.starts_with("shadowing") => "shadowing/spec-example.yaml",
        _ if h.starts_with("pages") => "pages/spec-example.md",
        _ if h.starts_with("agreements") => "agreements/spec-example.yaml",
        _ if h.starts_with("meetings") => "meetings/spec-example.yaml",
        _ if h.starts_with("pathways") => "pathways/child-protection-enquiry.yaml",
        _ => return None,
    };
    Some((file, text))
}

#[test]
fn every_yaml_example_in_the_spec_has_only_keys_joinedup_reads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/content-model.md");
    let Ok(spec) = fs::read_to_string(&path) else {
        eprintln!("no spec at {}; skipped", path.display());
        return;
    };
    let blocks = blocks(&spec);
    assert!(blocks.len() >= 12, "found {} example blocks", blocks.len());
    let mut wrong = Vec::new();
    for (line, heading, text) in &blocks {
        let Some((file, text)) = as_file(heading, text) else {
            panic!("content-model.md:{line}: no file for a block under `{heading}`");
        };
        let site = Site::minimal();
        site.write(file, &text);
        let r = site.check_json();
        let bad: Vec<_> = r
            .findings()
            .iter()
            .filter(|f| {
                ["unknown-key", "yaml-syntax", "skipped-file"]
                    .contains(&f["code"].as_str().unwrap_or(""))
            })
            .collect();
        for f in bad {
            wrong.push(format!(
                "content-model.md:{line} (`{heading}`), written as {file}:{}: {}",
                f["line"], f["message"]
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn site_feedback_names_a_route_the_footer_links_to() {
    let site = Site::minimal();
    let text = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{text}feedback: alpha-council/housing-email\n"),
    );
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    common::build_ok(site.path(), &out, &[]);
    let page = fs::read_to_string(out.join("topics/index.html")).expect("topics page");
    assert!(
        page.contains(
            r#"<a href="../agencies/alpha-council/index.html#route-housing-email">Report a mistake"#
        ),
        "the footer links to the feedback route"
    );
    // A route that does not exist is an error at the value.
    site.write(
        "site.yaml",
        &format!("{text}feedback: alpha-council/housing-mail\n"),
    );
    let r = site.check_json();
    let f = r.at(
        "dangling-reference",
        "site.yaml",
        site.line_of("site.yaml", "feedback:"),
    );
    assert_eq!(f["column"], 11, "{f:#}");
}
