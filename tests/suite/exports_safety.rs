//! What the build and `check` write cannot be turned against the people who
//! open it: spreadsheet cells that would run as formulas are neutralised (and
//! `check` warns), the calendar carries no control characters a lenient reader
//! would take for new lines, a terminal or CI log gets no escape sequences
//! from content, and a closed or full stdout is handled without a panic.

use crate::common;

use std::fs;
use std::process::{Command, Stdio};

use common::{Site, build_ok};

const ALPHA: &str = "agencies/alpha-council.yaml";

#[test]
fn spreadsheet_formulas_are_neutralised_and_warned_about() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "name: Alpha Council",
        "name: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"",
    );
    site.edit(
        ALPHA,
        "purpose: Duty to refer",
        "purpose: \"@SUM(1+1)*cmd|' /C calc'!A0\"",
    );
    site.edit(
        ALPHA,
        "purpose: Urgent concerns out of hours",
        "purpose: \"=1+1\"",
    );
    let report = site.check_json();
    let warned = report.with_code("spreadsheet-formula");
    assert_eq!(warned.len(), 2, "{warned:?}");
    report.at(
        "spreadsheet-formula",
        ALPHA,
        site.line_of(ALPHA, "=HYPERLINK"),
    );
    report.at("spreadsheet-formula", ALPHA, site.line_of(ALPHA, "=1+1"));

    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    for file in [
        "data/agencies.csv",
        "data/contacts.csv",
        "data/glossary.csv",
    ] {
        let text = fs::read_to_string(out.join(file)).expect("csv");
        let text = text.strip_prefix('\u{feff}').expect("a byte-order mark");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        for record in reader.records() {
            for cell in record.expect("record").iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: a cell a spreadsheet would run: {cell:?}"
                );
            }
        }
    }
    let contacts = fs::read_to_string(out.join("data/contacts.csv")).expect("csv");
    assert!(contacts.contains("'=1+1"), "{contacts}");
    assert!(contacts.contains("'@SUM(1+1)"));
    let agencies = fs::read_to_string(out.join("data/agencies.csv")).expect("csv");
    assert!(agencies.contains("'=HYPERLINK("));
}

#[test]
fn the_calendar_carries_no_control_characters() {
    let site = Site::minimal();
    site.edit(
        "shadowing/offers.yaml",
        "title: A day with the Public Protection Unit",
        "title: \"A day\\rEND:VEVENT\\rBEGIN:VEVENT\\rSUMMARY:Injected\\u001b[31m\\u0007 with a title long enough to be folded more than once, ééééééééééééééé 老虎老虎老虎\"\n  location: \"Town Hall\\r\\nX-EVIL:1\\u000bend\"",
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    let ics = fs::read(out.join("shadowing/calendar.ics")).expect("ics");
    let text = String::from_utf8(ics).expect("UTF-8");
    let lines: Vec<&str> = text.split("\r\n").collect();
    for line in &lines {
        assert!(
            !line.chars().any(char::is_control),
            "a control character in {line:?}"
        );
        assert!(
            line.len() <= 75,
            "a line of {} octets: {line:?}",
            line.len()
        );
    }
    let begins = lines
        .iter()
        .filter(|l| l.starts_with("BEGIN:VEVENT"))
        .count();
    assert_eq!(begins, 1, "{text}");
    assert!(!lines.iter().any(|l| l.starts_with("X-EVIL")));
    // Unfolded, the text is still there, with the control characters as spaces.
    let unfolded = text.replace("\r\n ", "");
    assert!(unfolded.contains("A day END:VEVENT BEGIN:VEVENT SUMMARY:Injected"));
    assert!(unfolded.contains("Town Hall\\nX-EVIL:1 end"), "{unfolded}");
}

#[test]
fn check_shows_control_characters_from_content_visibly() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "abbreviation: AC",
        "abbreviation: AC\n\"evil\\e[2J\\e]0;pwned\\u0007\\u202ekey\": 1",
    );
    let (code, text) = site.check_text();
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("unknown key"), "{text}");
    for bad in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(
            !text.contains(bad),
            "{bad:?} reached the terminal: {text:?}"
        );
    }
    assert!(text.contains("evil␛[2J␛]0;pwned␇"), "{text}");
}

#[test]
fn a_closed_or_full_stdout_is_no_panic() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let run = |stdout: Stdio, out: &str| {
        Command::new(env!("CARGO_BIN_EXE_joinedup"))
            .args(["build", "--today", common::TODAY, "--content"])
            .arg(site.path())
            .arg("--output")
            .arg(tmp.path().join(out))
            .stdout(stdout)
            .stderr(Stdio::piped())
            .output()
            .expect("run")
    };
    // A full disk: the site is built, the summary cannot be written: exit 3.
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let r = run(Stdio::from(full), "a");
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(3), "{err}");
    assert!(err.contains("could not be written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(tmp.path().join("a/index.html").is_file());
    // A reader that has gone (`| true`): no panic, success.
    let mut child = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["build", "--today", common::TODAY, "--content"])
        .arg(site.path())
        .arg("--output")
        .arg(tmp.path().join("b"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let r = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}
