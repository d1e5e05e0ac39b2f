//! Text that tries to turn the Markdown pipeline against the site: raw-HTML
//! bombs that make sanitising take minutes, and the private-use characters
//! joinedup once used as marks inside its own strings.

use crate::common;

use std::ffi::OsStr;
use std::fs;
use std::time::Duration;

use common::cpu::run_cpu;
use common::{Report, Site, TODAY, build_ok};
use serde_json::Value;

/// The most processor time refusing a bomb may take (a debug build).
const QUICKLY: Duration = Duration::from_secs(10);
/// Wall-clock time after which a run is taken to hang.
const HANG: Duration = Duration::from_secs(120);

const ALPHA: &str = "agencies/alpha-council.yaml";
const SUMMARY: &str = "summary: Runs social care and housing across the area.";

/// Adds a Markdown `description:` holding `html` to Alpha Council; returns
/// the line where its text starts (where the value is, as for every value).
fn describe_alpha(site: &Site, html: &str) -> u64 {
    site.edit(
        ALPHA,
        SUMMARY,
        &format!("{SUMMARY}\ndescription: |\n  Before the HTML.\n\n  {html}\n"),
    );
    site.line_of(ALPHA, "Before the HTML.")
}

/// Asserts that check and build both refuse the field quickly with an
/// `invalid-value` error at `file`:`line`. Before the limits, the build of
/// these took 15 to 53 s (release build). "Quickly" is measured in processor
/// time, which a busy machine does not inflate, and allows for a debug build.
fn assert_refused_quickly(site: &Site, file: &str, line: u64) {
    let check = ["check", "--format", "json", "--today", TODAY, "--content"];
    let mut args: Vec<&OsStr> = check.iter().map(OsStr::new).collect();
    args.push(site.path().as_os_str());
    let (out, cpu) = run_cpu(&args, HANG);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let report = Report {
        code: out.status.code(),
        json,
    };
    assert_eq!(report.code, Some(1), "{:#}", report.json);
    let finding = report.at("invalid-value", file, line);
    let message = finding["message"].as_str().unwrap_or("");
    assert!(message.contains("HTML"), "{message}");
    assert!(
        finding["hint"].as_str().is_some_and(|h| !h.is_empty()),
        "{finding}"
    );
    assert!(cpu < QUICKLY, "check used {cpu:?} of processor time");

    let out = tempfile::tempdir().expect("tmp");
    let site_out = out.path().join("site");
    let build = ["build", "--today", TODAY, "--content"];
    let mut args: Vec<&OsStr> = build.iter().map(OsStr::new).collect();
    args.extend([site.path().as_os_str(), OsStr::new("--output")]);
    args.push(site_out.as_os_str());
    let (run, cpu) = run_cpu(&args, HANG);
    assert_eq!(run.status.code(), Some(1));
    assert!(cpu < QUICKLY, "build used {cpu:?} of processor time");
}

#[test]
fn unclosed_html_elements_are_refused_quickly() {
    let site = Site::minimal();
    let line = describe_alpha(&site, &"<div>".repeat(40_000));
    assert_refused_quickly(&site, ALPHA, line);
}

#[test]
fn deeply_nested_html_is_refused_quickly() {
    let site = Site::minimal();
    let bomb = format!("{}x{}", "<div>".repeat(80_000), "</div>".repeat(80_000));
    let body_line = 6;
    site.write(
        "pages/welcome.md",
        &format!("---\ntitle: Welcome\norder: 1\ninduction: 1\n---\n{bomb}\n"),
    );
    assert_refused_quickly(&site, "pages/welcome.md", body_line);
}

#[test]
fn raw_html_inside_deep_markdown_nesting_is_refused_quickly() {
    // The sanitiser sees Markdown's elements too: 20,000 nested quotes around
    // one `<b>` took 73 s of CPU (debug build) to build.
    let site = Site::minimal();
    site.write(
        "pages/welcome.md",
        &format!(
            "---\ntitle: Welcome\norder: 1\ninduction: 1\n---\n{} deep <b>x</b>\n",
            ">".repeat(20_000)
        ),
    );
    assert_refused_quickly(&site, "pages/welcome.md", 6);
}

#[test]
fn too_much_raw_html_in_one_field_is_refused() {
    let site = Site::minimal();
    let line = describe_alpha(&site, &"<b>bold</b> ".repeat(20_000));
    assert_refused_quickly(&site, ALPHA, line);
}

#[test]
fn ordinary_raw_html_still_builds() {
    let site = Site::minimal();
    describe_alpha(
        &site,
        "<details><summary>More</summary><div><table><tr><td><em>Nested</em> a little</td></tr></table></div></details>",
    );
    let out = tempfile::tempdir().expect("tmp");
    build_ok(site.path(), &out.path().join("site"), &[]);
    let page = fs::read_to_string(out.path().join("site/agencies/alpha-council/index.html"))
        .expect("read");
    assert!(page.contains("<em>Nested</em>"), "{page}");
}

/// U+E000 to U+E003 were joinedup's marks for glossary links and
/// site-relative addresses inside its strings: an editor's copy of one broke
/// the page, so loading refused them. They are text now, like any other.
#[test]
fn private_use_characters_in_editors_text_are_only_text() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        SUMMARY,
        "summary: Runs \u{E000}t:x\u{E001}social care\u{E002} and the MASH \u{E003}.\ndescription: |\n  See \u{E003}x, [this](/a%EE%80%83b/) and the MASH\u{E000}.",
    );
    site.edit(
        ALPHA,
        "name: Housing Options",
        "name: Housing \u{E001}Options",
    );
    let report = site.check_json();
    assert_eq!(report.code, Some(0), "{:#}", report.json);

    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("site");
    build_ok(site.path(), &dir, &[]);
    let page = fs::read_to_string(dir.join("agencies/alpha-council/index.html")).expect("page");
    assert!(
        page.contains("Runs \u{E000}t:x\u{E001}social care\u{E002} and the <a class=\"term\" href=\"../../glossary/index.html#mash\"><abbr title=\"Multi-Agency Safeguarding Hub\">MASH</abbr></a> \u{E003}."),
        "{page}"
    );
    assert_eq!(
        (page.matches("class=\"term\" href=\"../../glossary/index.html#mash\"")).count(),
        1,
        "the MASH is linked once: {page}"
    );
    assert!(
        page.contains(
            "See \u{E003}x, <a href=\"../../a%EE%80%83b/index.html\">this</a> and the MASH\u{E000}."
        ),
        "{page}"
    );
    assert!(page.contains("Housing \u{E001}Options"), "{page}");

    let json = fs::read_to_string(dir.join("data/directory.json")).expect("json");
    for text in [
        "Runs \u{E000}t:x\u{E001}social care\u{E002} and the MASH \u{E003}.",
        "See \u{E003}x, <a href=\\\"a%EE%80%83b/index.html\\\">this</a> and the MASH\u{E000}.",
        "Housing \u{E001}Options",
    ] {
        assert!(json.contains(text), "directory.json lacks {text:?}: {json}");
    }
    let csv = fs::read_to_string(dir.join("data/agencies.csv")).expect("csv");
    assert!(
        csv.contains("Runs \u{E000}t:x\u{E001}social care\u{E002} and the MASH \u{E003}."),
        "{csv}"
    );
}

#[test]
fn the_json_export_has_no_placeholders_in_site_relative_links() {
    let site = Site::minimal();
    describe_alpha(
        &site,
        "Ask [the police](/agencies/beta-police/) or see [the welcome](/welcome/index.html).",
    );
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("site");
    build_ok(site.path(), &dir, &[]);
    let json = fs::read_to_string(dir.join("data/directory.json")).expect("json");
    assert!(!json.contains("%EE%80%83"), "placeholder in directory.json");
    assert!(!json.contains('\u{E003}'), "placeholder in directory.json");
    assert!(
        json.contains(r#"href=\"agencies/beta-police/index.html\""#),
        "site-relative links are relative to the site's root in the export"
    );
    assert!(json.contains(r#"href=\"welcome/index.html\""#));
    let page = fs::read_to_string(dir.join("agencies/alpha-council/index.html")).expect("page");
    assert!(page.contains(r#"href="../../agencies/beta-police/index.html""#));
}
