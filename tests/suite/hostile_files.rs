//! Content and theme folders that try to make joinedup read what it should not:
//! links to files outside the folder (secrets in CI), named pipes that would
//! block a read for ever, devices that never end, and files joinedup would
//! otherwise skip without a word.

#![cfg(unix)]

use crate::common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Site, TODAY, files};

const SECRET: &str = "FAKE-TOKEN-7f3c9a1e";

/// Runs joinedup with `args`, killing it after `limit`; returns its output and
/// how long it took.
fn run_within(args: &[&str], paths: &[&Path], limit: Duration) -> (Output, Duration) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_joinedup"));
    cmd.args(args);
    for p in paths {
        cmd.arg(p);
    }
    let started = Instant::now();
    let mut child = cmd
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run joinedup");
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("joinedup {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (child.wait_with_output().expect("output"), started.elapsed())
}

fn check_text(site: &Site) -> (Option<i32>, String) {
    let (out, _) = run_within(
        &["check", "--today", TODAY, "--content"],
        &[site.path()],
        Duration::from_secs(10),
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

fn check_json(site: &Site) -> (Option<i32>, serde_json::Value, String) {
    let (out, _) = run_within(
        &["check", "--format", "json", "--today", TODAY, "--content"],
        &[site.path()],
        Duration::from_secs(10),
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("no JSON ({e}):\n{stdout}"));
    (out.status.code(), json, stdout)
}

/// The findings with `code` about `file`.
fn findings_for<'a>(
    json: &'a serde_json::Value,
    code: &str,
    file: &str,
) -> Vec<&'a serde_json::Value> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == code && f["file"] == file)
        .collect()
}

/// A folder outside the content folder holding fake secrets: a valid agency
/// (which would be published) and a file that is not YAML (whose first line a
/// syntax error would quote).
fn outside_secrets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    fs::write(
        dir.path().join("agency.yaml"),
        format!(
            "name: {SECRET} Agency\ntype: other\nsummary: {SECRET}.\nareas: [north]\nreview:\n  owner: Team\n  last_reviewed: 2026-09-01\n"
        ),
    )
    .expect("write");
    fs::write(
        dir.path().join(".env"),
        format!("AWS_SECRET={SECRET}\n: : {SECRET} [\n"),
    )
    .expect("write");
    dir
}

#[test]
fn links_to_files_outside_the_content_folder_are_refused_unread() {
    let outside = outside_secrets();
    let site = Site::minimal();
    symlink(
        outside.path().join("agency.yaml"),
        site.path().join("agencies/leaked.yaml"),
    )
    .expect("symlink");
    symlink(
        outside.path().join(".env"),
        site.path().join("glossary/env.yaml"),
    )
    .expect("symlink");

    let (code, text) = check_text(&site);
    assert_eq!(code, Some(1), "{text}");
    assert!(!text.contains(SECRET), "check printed the secret:\n{text}");
    assert!(text.contains("agencies/leaked.yaml"), "{text}");
    assert!(text.contains("glossary/env.yaml"), "{text}");

    let (code, json, raw) = check_json(&site);
    assert_eq!(code, Some(1));
    assert!(!raw.contains(SECRET), "JSON printed the secret:\n{raw}");
    for file in ["agencies/leaked.yaml", "glossary/env.yaml"] {
        let hits = findings_for(&json, "yaml-syntax", file);
        assert_eq!(hits.len(), 1, "{json:#}");
        let message = hits[0]["message"].as_str().unwrap_or("");
        assert!(message.contains("outside the content folder"), "{message}");
        assert_eq!(hits[0]["severity"], "error");
    }

    let out = tempfile::tempdir().expect("tmp");
    let site_dir = out.path().join("site");
    let (run, _) = run_within(
        &["build", "--today", TODAY, "--content"],
        &[site.path(), Path::new("--output"), &site_dir],
        Duration::from_secs(20),
    );
    assert_eq!(run.status.code(), Some(1));
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!printed.contains(SECRET), "{printed}");
    if site_dir.exists() {
        for (rel, bytes) in files(&site_dir) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(SECRET),
                "{rel} holds the secret"
            );
        }
    }
}

#[test]
fn a_content_subfolder_linked_outside_is_refused() {
    let site = Site::minimal();
    let pages = tempfile::tempdir().expect("tmp");
    fs::write(
        pages.path().join("secret.md"),
        format!("---\ntitle: {SECRET}\n---\n{SECRET}\n"),
    )
    .expect("write");
    fs::remove_dir_all(site.path().join("pages")).expect("rm");
    symlink(pages.path(), site.path().join("pages")).expect("symlink");
    let (code, json, raw) = check_json(&site);
    assert_eq!(code, Some(1), "{raw}");
    assert!(!raw.contains(SECRET), "{raw}");
    assert_eq!(
        findings_for(&json, "yaml-syntax", "pages/secret.md").len(),
        1
    );
}

#[test]
fn links_that_stay_inside_the_content_folder_are_read() {
    let site = Site::minimal();
    fs::create_dir_all(site.path().join("shared")).expect("mkdir");
    fs::rename(
        site.path().join("glossary/terms.yaml"),
        site.path().join("shared/terms.yaml"),
    )
    .expect("move");
    symlink(
        "../shared/terms.yaml",
        site.path().join("glossary/terms.yaml"),
    )
    .expect("symlink");
    let (code, json, raw) = check_json(&site);
    assert_eq!(code, Some(0), "{raw}");
    assert!(findings_for(&json, "yaml-syntax", "glossary/terms.yaml").is_empty());
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn named_pipes_are_refused_without_blocking() {
    let site = Site::minimal();
    mkfifo(&site.path().join("agencies/pipe.yaml"));
    let outside = tempfile::tempdir().expect("tmp");
    mkfifo(&outside.path().join("fifo"));
    symlink(
        outside.path().join("fifo"),
        site.path().join("shadowing/fifo.yaml"),
    )
    .expect("symlink");
    fs::remove_file(site.path().join("site.yaml")).expect("rm");
    mkfifo(&site.path().join("site.yaml"));

    let started = Instant::now();
    let (code, json, raw) = check_json(&site);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code, Some(1), "{raw}");
    let pipe = findings_for(&json, "yaml-syntax", "agencies/pipe.yaml");
    assert_eq!(pipe.len(), 1, "{json:#}");
    assert!(
        pipe[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("named pipe"),
        "{json:#}"
    );
    assert_eq!(
        findings_for(&json, "yaml-syntax", "shadowing/fifo.yaml").len(),
        1,
        "{json:#}"
    );
    assert_eq!(
        findings_for(&json, "yaml-syntax", "site.yaml").len(),
        1,
        "{json:#}"
    );

    let out = tempfile::tempdir().expect("tmp");
    let (run, took) = run_within(
        &["build", "--today", TODAY, "--content"],
        &[site.path(), Path::new("--output"), &out.path().join("site")],
        Duration::from_secs(20),
    );
    assert!(took < Duration::from_secs(5));
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn a_link_to_dev_zero_is_refused_quickly() {
    let site = Site::minimal();
    symlink("/dev/zero", site.path().join("agencies/zero.yaml")).expect("symlink");
    symlink("/dev/zero", site.path().join("pages/zero.md")).expect("symlink");
    let started = Instant::now();
    let (code, json, raw) = check_json(&site);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code, Some(1), "{raw}");
    assert_eq!(
        findings_for(&json, "yaml-syntax", "agencies/zero.yaml").len(),
        1
    );
    assert_eq!(findings_for(&json, "yaml-syntax", "pages/zero.md").len(), 1);
}

#[test]
fn a_file_over_4_mb_is_refused_and_named() {
    let site = Site::minimal();
    let mut big = String::from("- term: Big\n  definition: |\n");
    while big.len() <= 4 * 1024 * 1024 + 10 {
        big.push_str("    padding padding padding padding padding padding padding\n");
    }
    site.write("glossary/big.yaml", &big);
    let (code, json, _) = check_json(&site);
    assert_eq!(code, Some(1));
    let hits = findings_for(&json, "yaml-syntax", "glossary/big.yaml");
    assert_eq!(hits.len(), 1, "{json:#}");
    let message = hits[0]["message"].as_str().unwrap_or("");
    assert!(message.contains("4 MB"), "{message}");
    assert!(message.contains("Split it"), "{message}");
}

fn build_with_theme(site: &Site, theme: &Path) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().expect("tmp");
    let (run, _) = run_within(
        &["build", "--today", TODAY, "--content"],
        &[
            site.path(),
            Path::new("--output"),
            &out.path().join("site"),
            Path::new("--theme"),
            theme,
        ],
        Duration::from_secs(30),
    );
    (run, out)
}

#[test]
fn theme_links_to_outside_files_are_refused() {
    let outside = outside_secrets();
    let site = Site::minimal();
    let theme = tempfile::tempdir().expect("tmp");
    fs::create_dir_all(theme.path().join("static")).expect("mkdir");
    symlink(
        outside.path().join(".env"),
        theme.path().join("static/leak.txt"),
    )
    .expect("symlink");
    let (run, out) = build_with_theme(&site, theme.path());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert_ne!(run.status.code(), Some(0), "{printed}");
    assert!(printed.contains("leak.txt"), "{printed}");
    assert!(printed.contains("outside the theme folder"), "{printed}");
    assert!(!printed.contains(SECRET), "{printed}");
    let site_dir = out.path().join("site");
    if site_dir.exists() {
        for (rel, bytes) in files(&site_dir) {
            assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{rel}");
        }
    }

    // A link to /etc/passwd, and a linked folder, are refused the same way.
    let theme = tempfile::tempdir().expect("tmp");
    fs::create_dir_all(theme.path().join("static")).expect("mkdir");
    symlink("/etc/passwd", theme.path().join("static/passwd")).expect("symlink");
    let (run, _) = build_with_theme(&site, theme.path());
    assert_ne!(run.status.code(), Some(0));
    let theme = tempfile::tempdir().expect("tmp");
    symlink("/etc", theme.path().join("static")).expect("symlink");
    let (run, _) = build_with_theme(&site, theme.path());
    let printed = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_ne!(run.status.code(), Some(0), "{printed}");
    assert!(printed.contains("outside the theme folder"), "{printed}");
}

#[test]
fn theme_pipes_are_refused_without_blocking() {
    let site = Site::minimal();
    let theme = tempfile::tempdir().expect("tmp");
    fs::create_dir_all(theme.path().join("templates")).expect("mkdir");
    mkfifo(&theme.path().join("templates/base.html"));
    let (run, _) = build_with_theme(&site, theme.path());
    let printed = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_ne!(run.status.code(), Some(0), "{printed}");
    assert!(printed.contains("named pipe"), "{printed}");
}

#[test]
fn theme_files_linked_inside_the_theme_are_used() {
    let site = Site::minimal();
    let theme = tempfile::tempdir().expect("tmp");
    fs::create_dir_all(theme.path().join("static")).expect("mkdir");
    fs::write(theme.path().join("static/brand.css"), "body{color:#123}").expect("write");
    symlink("brand.css", theme.path().join("static/extra.css")).expect("symlink");
    let (run, out) = build_with_theme(&site, theme.path());
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let extra = fs::read_to_string(out.path().join("site/assets/extra.css")).expect("read");
    assert_eq!(extra, "body{color:#123}");
}

#[test]
fn skipped_names_and_folders_are_warned_about() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::minimal();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.yaml");
    fs::copy(
        site.path().join("agencies/beta-police.yaml"),
        site.path().join("agencies").join(name),
    )
    .expect("copy");
    // Not a content file's name: ignored like any other file.
    fs::write(
        site.path()
            .join("agencies")
            .join(std::ffi::OsStr::from_bytes(b"notes-\xe9.txt")),
        "x",
    )
    .expect("write");
    fs::create_dir_all(site.path().join("agencies/folder.yaml")).expect("mkdir");
    fs::create_dir_all(site.path().join("pages/notes.md")).expect("mkdir");
    let (code, json, raw) = check_json(&site);
    assert_eq!(code, Some(0), "{raw}");
    let skipped: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "skipped-file")
        .collect();
    assert_eq!(skipped.len(), 3, "{json:#}");
    for f in &skipped {
        assert_eq!(f["severity"], "warning");
    }
    let named = |file: &str| skipped.iter().find(|f| f["file"] == file).copied();
    let cafe = named("agencies/caf\u{FFFD}.yaml").unwrap_or_else(|| panic!("{json:#}"));
    assert!(
        cafe["message"].as_str().unwrap_or("").contains("UTF-8"),
        "{cafe}"
    );
    let folder = named("agencies/folder.yaml").unwrap_or_else(|| panic!("{json:#}"));
    assert!(
        folder["message"].as_str().unwrap_or("").contains("folder"),
        "{folder}"
    );
    assert!(named("pages/notes.md").is_some(), "{json:#}");
    let (_, text) = check_text(&site);
    assert!(text.contains("warning[skipped-file]"), "{text}");
}
