//! Bad input never panics and never hangs: each case gives a clear finding (or
//! is skipped, for editor temp files), and the process exits 1 or 0, never 101.

use crate::common;

use common::Site;

const BETA: &str = "agencies/beta-police.yaml";

fn assert_clean_exit(r: &common::Report) {
    assert!(
        matches!(r.code, Some(0) | Some(1)),
        "exit code {:?}",
        r.code
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_line() {
    let site = Site::minimal();
    site.write_bytes(
        BETA,
        b"name: Beta Police\ntype: police\nsummary: caf\xe9 culture\n",
    );
    let r = site.check_json();
    assert_clean_exit(&r);
    let f = r.at("yaml-syntax", BETA, 3);
    assert_eq!(f["column"], 13);
    assert!(
        f["message"].as_str().unwrap_or("").contains("UTF-8"),
        "{f:#}"
    );
}

#[test]
fn an_empty_agency_file_says_what_it_needs() {
    let site = Site::minimal();
    site.write(BETA, "");
    let r = site.check_json();
    let f = r.at("missing-field", BETA, 1);
    assert!(f["hint"].as_str().unwrap_or("").contains("`name`"), "{f:#}");
    // An empty glossary or shadowing file is simply empty.
    site.write("glossary/empty.yaml", "# nothing yet\n");
    let r = site.check_json();
    assert!(
        r.findings()
            .iter()
            .all(|f| f["file"] != "glossary/empty.yaml"),
        "{:#}",
        r.json
    );
}

#[test]
fn a_list_where_a_map_belongs() {
    let site = Site::minimal();
    site.write(BETA, "- name: Beta Police\n- type: police\n");
    let r = site.check_json();
    let f = r.at("invalid-value", BETA, 1);
    assert!(
        f["message"].as_str().unwrap_or("").contains("found a list"),
        "{f:#}"
    );
    site.write("topics.yaml", "id: housing\nname: Housing\n");
    let r = site.check_json();
    r.at("invalid-value", "topics.yaml", 1);
}

#[test]
fn duplicate_keys() {
    let site = Site::minimal();
    site.edit(BETA, "type: police\n", "type: police\ntype: fire\n");
    let r = site.check_json();
    let f = r.only("yaml-syntax");
    assert_eq!(f["file"], BETA);
    assert_eq!(f["line"], 3);
}

#[test]
fn alias_bombs_are_refused_quickly() {
    let site = Site::minimal();
    let mut bomb =
        String::from("- term: a\n  definition: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = String::from("a");
    for i in 0..12 {
        let name = format!("b{i}");
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("- term: {name}\n  definition: &{name} [{refs}]\n"));
        prev = name;
    }
    site.write("glossary/bomb.yaml", &bomb);
    let started = std::time::Instant::now();
    let r = site.check_json();
    assert_clean_exit(&r);
    assert!(
        r.findings()
            .iter()
            .any(|f| f["file"] == "glossary/bomb.yaml" && f["severity"] == "error"),
        "{:#}",
        r.json
    );
    // Not a timing assertion of the product's speed: a guard that it did not expand 9^12 nodes.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn deep_nesting_is_refused() {
    let site = Site::minimal();
    site.write(
        "glossary/deep.yaml",
        &format!(
            "- term: x\n  definition: {}{}\n",
            "[".repeat(5000),
            "]".repeat(5000)
        ),
    );
    let r = site.check_json();
    assert_clean_exit(&r);
    r.at("yaml-syntax", "glossary/deep.yaml", 2);
}

#[test]
fn a_huge_file_gets_a_limit_message() {
    let site = Site::minimal();
    let line = "- term: Filler\n  definition: Filler text that makes the file very large indeed.\n";
    site.write(
        "glossary/huge.yaml",
        &line.repeat(50 * 1024 * 1024 / line.len()),
    );
    let r = site.check_json();
    let f = r.at("yaml-syntax", "glossary/huge.yaml", 1);
    assert!(f["message"].as_str().unwrap_or("").contains("MB"), "{f:#}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let site = Site::minimal();
    let text = site.read(BETA).replace('\n', "\r\n");
    let mut bytes = vec![0xef, 0xbb, 0xbf];
    bytes.extend(text.as_bytes());
    site.write_bytes(BETA, &bytes);
    let page = site.read("pages/welcome.md").replace('\n', "\r\n");
    site.write("pages/welcome.md", &page);
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    assert_eq!(r.json["warnings"], 0, "{:#}", r.json);
    // Positions still count lines and columns without the BOM.
    site.write_bytes(
        BETA,
        &[
            &[0xef, 0xbb, 0xbf][..],
            text.replace("remit:", "remmit:").as_bytes(),
        ]
        .concat(),
    );
    let r = site.check_json();
    let f = r.only("unknown-key");
    assert_eq!(f["column"], 1);
    assert_eq!(
        f["line"],
        site.read(BETA)
            .lines()
            .position(|l| l.contains("remmit"))
            .map(|i| i as u64 + 1)
            .unwrap_or(0)
    );
}

#[test]
fn editor_temp_files_are_skipped() {
    let site = Site::minimal();
    for name in [
        ".beta-police.yaml.swp",
        "beta-police.yaml~",
        "_draft.yaml",
        "#x.yaml.tmp",
        "old.yaml.bak",
        ".hidden.yaml",
    ] {
        site.write(
            &format!("agencies/{name}"),
            "this: is: not: valid: yaml: [\n",
        );
    }
    site.write("pages/.notes.md", "no front matter");
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
}

#[test]
fn multiple_documents_in_one_file() {
    let site = Site::minimal();
    site.write(
        "glossary/two.yaml",
        "- term: A\n  definition: a\n---\n- term: B\n  definition: b\n",
    );
    let r = site.check_json();
    let f = r.at("yaml-syntax", "glossary/two.yaml", 4);
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("more than one"),
        "{f:#}"
    );
}

#[test]
fn a_page_without_front_matter() {
    let site = Site::minimal();
    site.write("pages/notes.md", "# Notes\n\nNo front matter here.\n");
    let r = site.check_json();
    r.at("missing-field", "pages/notes.md", 1);
}

#[test]
fn findings_on_lines_with_wide_characters_print_without_trouble() {
    let site = Site::minimal();
    // A no-break space and an ideographic space where a value should be.
    site.edit(BETA, "type: police", "type:\u{a0}police\u{3000}: x");
    site.edit(BETA, "name: Beta Police", "name: Béta Pólice – ☎");
    let (code, out) = site.check_text();
    assert!(matches!(code, Some(0) | Some(1)), "{out}");
    assert!(out.contains("agencies/beta-police.yaml:"), "{out}");
}
