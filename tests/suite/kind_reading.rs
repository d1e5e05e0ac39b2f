//! What editors really type: Word's curly quotes, dashes and spaces in hours,
//! two times on one day, files saved as UTF-16, Windows' " - Copy" files, and
//! files that look like content but are not read (each gets a warning).

use crate::common;

use common::{Site, TODAY, build_ok};

const ALPHA: &str = "agencies/alpha-council.yaml";

/// The `hours` lines of a route in a built site's `data/directory.json`.
fn route_hours(site: &Site, route: &str) -> Vec<String> {
    let out = tempfile::tempdir().expect("tmp");
    build_ok(site.path(), &out.path().join("site"), &[]);
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("site/data/directory.json")).expect("json"),
    )
    .expect("parse");
    let text = json.to_string();
    let found = json["agencies"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|a| a["contacts"].as_array().into_iter().flatten())
        .find(|c| c["id"] == route)
        .unwrap_or_else(|| panic!("no route {route} in {text:.400}"));
    found["hours"]
        .as_array()
        .expect("hours lines")
        .iter()
        .map(|l| l.as_str().unwrap_or("").to_owned())
        .collect()
}

#[test]
fn dashes_spaces_and_two_times_on_one_day_are_read_as_meant() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "      - mon-thu 08:45-17:00\n      - fri 08:45-16:30",
        "      - mon – thu 08:45 – 12:30, 13:30—17:00\n      - fri 08:45 - 16:30",
    );
    site.edit(
        ALPHA,
        "hours: [mon-fri 09:00-17:00]",
        "hours: [mon-fri 09:00-12:00, 13:00-17:00]",
    );
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    assert_eq!(
        route_hours(&site, "mash-consultation"),
        vec!["mon-thu 08:45-12:30, 13:30-17:00", "fri 08:45-16:30"]
    );
    assert_eq!(
        route_hours(&site, "housing-email"),
        vec!["mon-fri 09:00-12:00, 13:00-17:00"]
    );
}

#[test]
fn curly_quotes_around_a_value_are_read_as_quotes() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "summary: Runs social care and housing across the area.",
        "summary: “Social care: children, adults and housing”",
    );
    site.edit(
        "pages/welcome.md",
        "title: Welcome",
        "title: ‘Your first week: working with partners’",
    );
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    let out = tempfile::tempdir().expect("tmp");
    build_ok(site.path(), &out.path().join("site"), &[]);
    let page = std::fs::read_to_string(out.path().join("site/agencies/alpha-council/index.html"))
        .expect("page");
    assert!(page.contains("Social care: children, adults and housing"));
    assert!(
        !page.contains("“Social care"),
        "the quotes are not part of the text"
    );
    let welcome =
        std::fs::read_to_string(out.path().join("site/welcome/index.html")).expect("page");
    assert!(welcome.contains("Your first week: working with partners"));
}

#[test]
fn a_utf16_file_says_what_it_is_and_how_to_save_it() {
    let site = Site::minimal();
    let text = site.read(ALPHA);
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    site.write_bytes(ALPHA, &utf16);
    let r = site.check_json();
    assert_eq!(r.json["errors"], 1, "one error for the file: {:#}", r.json);
    let f = &r.findings()[0];
    let said = format!("{} {}", f["message"], f["hint"]);
    assert_eq!(f["file"], ALPHA);
    assert!(said.contains("UTF-16") && said.contains("UTF-8"), "{f:#}");
}

#[test]
fn a_windows_copy_is_named_as_a_duplicate_and_not_published() {
    let site = Site::minimal();
    let text = site.read(ALPHA);
    site.write("agencies/alpha-council - Copy.yaml", &text);
    site.write("agencies/alpha-council (2).yaml", &text);
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    let copies = r.with_code("skipped-file");
    assert_eq!(copies.len(), 2, "{:#}", r.json);
    for f in copies {
        let said = format!("{} {}", f["message"], f["hint"]);
        assert!(said.contains("copy of `alpha-council.yaml`"), "{said}");
        assert!(
            !said.contains("rename"),
            "no rename that publishes it twice: {said}"
        );
    }
}

#[test]
fn files_that_look_like_content_but_are_not_read_get_a_warning() {
    let site = Site::minimal();
    let text = site.read(ALPHA);
    site.write("agencies/gamma-trust.YAML", &text);
    site.write("agencies/delta-trust.yml.txt", &text);
    site.write("pages/notes.md.txt", "---\ntitle: Notes\n---\nHello.\n");
    site.write("agencies/archive/epsilon-trust.yaml", &text);
    site.write("zeta-trust.yaml", &text);
    site.write("agency/eta-trust.yaml", &text);
    let r = site.check_json();
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    let skipped = r.with_code("skipped-file");
    let files: Vec<&str> = skipped.iter().filter_map(|f| f["file"].as_str()).collect();
    for want in [
        "agencies/gamma-trust.YAML",
        "agencies/delta-trust.yml.txt",
        "pages/notes.md.txt",
        "agencies/archive",
        "zeta-trust.yaml",
        "agency",
    ] {
        assert!(files.contains(&want), "{want} not warned about: {files:?}");
    }
    let hint = |file: &str| {
        let f = skipped.iter().find(|f| f["file"] == file).expect("finding");
        format!("{} {}", f["message"], f["hint"])
    };
    assert!(hint("agencies/gamma-trust.YAML").contains("gamma-trust.yaml"));
    assert!(hint("agencies/delta-trust.yml.txt").contains("delta-trust.yml"));
    assert!(hint("zeta-trust.yaml").contains("agencies/"));
    assert!(hint("agency").contains("agencies"));
    // The example's own notes file is not a look-alike.
    let (code, out) = Site::example().check_text();
    assert_eq!(code, Some(0));
    assert!(!out.contains("skipped-file"), "{out}");
    let _ = TODAY;
}

#[test]
fn an_agency_in_the_glossary_folder_is_sent_to_agencies() {
    let site = Site::minimal();
    let text = site.read(ALPHA);
    site.write("glossary/gamma-trust.yaml", &text);
    let r = site.check_json();
    let f = r
        .findings()
        .iter()
        .find(|f| f["file"] == "glossary/gamma-trust.yaml")
        .expect("a finding for the file");
    assert!(
        f["hint"]
            .as_str()
            .unwrap_or("")
            .contains("move it into the `agencies/` folder"),
        "{f:#}"
    );
}
