//! Snapshot tests: the example site, built with a fixed `--today` (internal and
//! `--public`), compared with what `tests/snapshots/` pins.
//!
//! Each build is pinned by `manifest.txt` (every file's size and SHA-256, so no
//! file can change unnoticed), `directory.json.txt` (a hash per record of the
//! JSON export, keyed by id, and the whole of a few records), and the full text
//! of a chosen set of pages and exports, so that a diff shows what changed.
//!
//! Review and accept a change with
//! `JOINEDUP_BLESS=1 cargo test --test suite snapshots::`, then `git diff tests/snapshots`.

use crate::common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use common::{build_ok, example, files};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Files pinned in full text in the internal build, by their path in the site.
const FULL_TEXT: &[&str] = &[
    "index.html",
    "agencies/northshire-county-council/index.html",
    "topics/child-safeguarding/index.html",
    "shadowing/index.html",
    "data/agencies.csv",
    "data/contacts.csv",
    "shadowing/calendar.ics",
    "sitemap.xml",
    "search/index/manifest.js",
];

/// Files pinned in full text in the public build (the rest by hash).
const FULL_TEXT_PUBLIC: &[&str] = &[
    "agencies/northshire-county-council/index.html",
    "data/contacts.csv",
];

/// Records of `directory.json` pinned in full (pretty-printed), by list and id.
const FULL_RECORDS: &[(&str, &str)] = &[
    ("agencies", "northshire-county-council"),
    ("topics", "child-safeguarding"),
    ("glossary", "cin-child-in-need"),
    ("offers", "edt-evening-shift"),
    ("pages", "welcome"),
];

#[test]
fn internal_site_matches_snapshots() {
    check_variant("internal", &[], FULL_TEXT);
}

#[test]
fn public_site_matches_snapshots() {
    check_variant("public", &["--public"], FULL_TEXT_PUBLIC);
}

/// Builds the example with `flags` and compares it with `tests/snapshots/<name>`.
fn check_variant(name: &str, flags: &[&str], full_text: &[&str]) {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    build_ok(&example(), &site, flags);
    let all = files(&site);
    let mut actual: Vec<(String, String)> = vec![("manifest.txt".into(), manifest(&all))];
    if let Some((_, json)) = all.iter().find(|(p, _)| p == "data/directory.json") {
        actual.push(("directory.json.txt".into(), directory_json(json)));
    }
    for path in full_text {
        if let Some((_, bytes)) = all.iter().find(|(p, _)| p == path) {
            let text = String::from_utf8_lossy(bytes).into_owned();
            actual.push((snapshot_name(path), text));
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("JOINEDUP_BLESS").is_some_and(|v| v == "1") {
        bless(&dir, &actual);
        return;
    }
    let mut problems = String::new();
    for (file, text) in &actual {
        let pinned = fs::read_to_string(dir.join(file)).unwrap_or_default();
        if &pinned != text {
            let _ = writeln!(problems, "{}", first_difference(file, &pinned, text));
        }
    }
    let stale = pinned_files(&dir)
        .into_iter()
        .filter(|f| !actual.iter().any(|(a, _)| a == f));
    for file in stale {
        let _ = writeln!(problems, "{file}: pinned, but the build no longer has it");
    }
    assert!(
        problems.is_empty(),
        "the {name} build differs from tests/snapshots/{name}:\n{problems}\n\
         If the change is intended, accept it with \
         `JOINEDUP_BLESS=1 cargo test --test suite snapshots::` and review `git diff tests/snapshots`."
    );
}

/// One line per file: SHA-256 (first 16 hex digits), size in bytes, path.
fn manifest(all: &[(String, Vec<u8>)]) -> String {
    let mut text = String::new();
    for (path, bytes) in all {
        let _ = writeln!(text, "{} {:>7} {path}", hash(bytes), bytes.len());
    }
    text
}

/// `directory.json` as lines that diff well: each top-level value but the
/// lists in full, a hash per record of each list (by id), and a few records in full.
fn directory_json(bytes: &[u8]) -> String {
    let json: Value = serde_json::from_slice(bytes).expect("directory.json is JSON");
    let mut text = String::new();
    let Some(top) = json.as_object() else {
        return String::from_utf8_lossy(bytes).into_owned();
    };
    for (key, value) in top {
        let Some(list) = value.as_array() else {
            let _ = writeln!(text, "{key} = {value}");
            continue;
        };
        for record in list {
            let id = record["id"].as_str().unwrap_or("?");
            let _ = writeln!(text, "{key}[{id}] {}", hash(record.to_string().as_bytes()));
        }
    }
    for (key, id) in FULL_RECORDS {
        let record = top
            .get(*key)
            .and_then(Value::as_array)
            .and_then(|list| list.iter().find(|r| r["id"] == *id));
        if let Some(record) = record {
            let pretty = serde_json::to_string_pretty(record).expect("JSON");
            let _ = writeln!(text, "\n{key}[{id}] =\n{pretty}");
        }
    }
    text
}

fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A site path as a flat file name: `agencies/x/index.html` → `agencies__x__index.html`.
fn snapshot_name(path: &str) -> String {
    path.replace('/', "__")
}

/// Rewrites `dir` to hold exactly `actual`.
fn bless(dir: &Path, actual: &[(String, String)]) {
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("create snapshot dir");
    for (file, text) in actual {
        fs::write(dir.join(file), text).expect("write snapshot");
    }
}

fn pinned_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| PathBuf::from(e.file_name()))
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

/// Where `actual` departs from `pinned`: up to 8 differing lines, each cut
/// to the neighbourhood of its first differing character.
fn first_difference(file: &str, pinned: &str, actual: &str) -> String {
    if pinned.is_empty() {
        return format!("{file}: not pinned yet");
    }
    let (old, new): (Vec<&str>, Vec<&str>) = (pinned.lines().collect(), actual.lines().collect());
    let mut text = format!(
        "{file}: differs ({} pinned lines, {} now)\n",
        old.len(),
        new.len()
    );
    let pairs = (0..old.len().max(new.len()))
        .map(|i| (i, old.get(i).copied(), new.get(i).copied()))
        .filter(|(_, a, b)| a != b)
        .take(8);
    for (i, a, b) in pairs {
        let (a, b) = (a.unwrap_or(""), b.unwrap_or(""));
        let at = a
            .char_indices()
            .zip(b.chars())
            .find(|((_, x), y)| x != y)
            .map_or(a.len().min(b.len()), |((i, _), _)| i);
        let _ = writeln!(
            text,
            "  line {}:\n  - {}\n  + {}",
            i + 1,
            near(a, at),
            near(b, at)
        );
    }
    text
}

/// The part of `line` around byte `at`: 60 characters before, 140 after.
fn near(line: &str, at: usize) -> String {
    let at = (0..=at.min(line.len()))
        .rev()
        .find(|&i| line.is_char_boundary(i))
        .unwrap_or(0);
    let before: String = line[..at]
        .chars()
        .rev()
        .take(60)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = line[at..].chars().take(140).collect();
    let cut_start = if before.len() < at { "…" } else { "" };
    let cut_end = if after.len() < line.len() - at {
        "…"
    } else {
        ""
    };
    format!("{cut_start}{before}{after}{cut_end}")
}
