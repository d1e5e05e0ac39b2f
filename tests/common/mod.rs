//! Shared helpers for the integration tests: a temporary copy of a fixture
//! content folder, and running the `joinedup` binary on it as a process.

#![allow(dead_code, unreachable_pub)]

pub mod cpu;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The fixed date the tests judge review dates against.
pub const TODAY: &str = "2026-11-21";

/// A temporary content folder, copied from `tests/fixtures/<name>`.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn fixture(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&src, dir.path());
        Site { dir }
    }

    pub fn minimal() -> Site {
        Site::fixture("minimal")
    }

    /// A temporary copy of the repository's example content.
    pub fn example() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&example(), dir.path());
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).expect("read fixture file")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write fixture file");
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        fs::write(self.path().join(rel), bytes).expect("write fixture file");
    }

    /// Replaces the one occurrence of `from` in a file with `to`.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` should occur once in {rel}"
        );
        self.write(rel, &text.replacen(from, to, 1));
    }

    /// The 1-based line of the one line in `rel` that contains `needle`.
    pub fn line_of(&self, rel: &str, needle: &str) -> u64 {
        let text = self.read(rel);
        let hits: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "`{needle}` should be on one line of {rel}: {hits:?}"
        );
        hits[0] as u64
    }

    /// Runs `joinedup check --format json` and parses its output.
    pub fn check_json(&self) -> Report {
        self.check_json_on(TODAY)
    }

    pub fn check_json_on(&self, today: &str) -> Report {
        let out = joinedup(
            &["check", "--format", "json", "--today", today, "--content"],
            self.path(),
        );
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!(
                "check printed no JSON ({e}):\n{stdout}\nstderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        Report {
            code: out.status.code(),
            json,
        }
    }

    /// Runs `joinedup check` (text) and returns exit code and stdout.
    pub fn check_text(&self) -> (Option<i32>, String) {
        let out = joinedup(&["check", "--today", TODAY, "--content"], self.path());
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    }
}

/// Runs the binary with `args` followed by `last`.
pub fn joinedup(args: &[&str], last: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .arg(last)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run joinedup")
}

pub fn copy_dir(src: &Path, dst: &Path) {
    fs::create_dir_all(dst).expect("mkdir");
    for entry in fs::read_dir(src).expect("read fixture dir") {
        let entry = entry.expect("entry");
        let to: PathBuf = dst.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            fs::copy(entry.path(), &to).expect("copy");
        }
    }
}

/// The JSON report of one `check` run.
pub struct Report {
    pub code: Option<i32>,
    pub json: Value,
}

impl Report {
    pub fn findings(&self) -> &Vec<Value> {
        self.json["findings"].as_array().expect("findings array")
    }

    /// The findings with a code.
    pub fn with_code(&self, code: &str) -> Vec<&Value> {
        self.findings()
            .iter()
            .filter(|f| f["code"] == code)
            .collect()
    }

    /// The one finding with `code`; fails listing all findings otherwise.
    pub fn only(&self, code: &str) -> &Value {
        let hits = self.with_code(code);
        assert_eq!(
            hits.len(),
            1,
            "expected one `{code}` finding, got:\n{:#}",
            self.json
        );
        hits[0]
    }

    /// Asserts that `code` was found at `file`:`line` and returns the finding.
    pub fn at(&self, code: &str, file: &str, line: u64) -> &Value {
        self.findings()
            .iter()
            .find(|f| f["code"] == code && f["file"] == file && f["line"] == line)
            .unwrap_or_else(|| panic!("no `{code}` at {file}:{line} in:\n{:#}", self.json))
    }

    pub fn codes(&self) -> Vec<String> {
        self.findings()
            .iter()
            .map(|f| f["code"].as_str().unwrap_or("").to_owned())
            .collect()
    }
}

/// Runs `joinedup build` on `content` into `output` with extra flags.
pub fn build(content: &Path, output: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["build", "--today", TODAY, "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run joinedup build")
}

/// Runs `joinedup build` as `build` does and asserts that it succeeded, showing
/// what it printed if not.
pub fn build_ok(content: &Path, output: &Path, extra: &[&str]) -> Output {
    let run = build(content, output, extra);
    assert_eq!(
        run.status.code(),
        Some(0),
        "the build failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

/// Every file under `dir`, as (path relative to `dir`, bytes), sorted.
pub fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read output dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("prefix")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, fs::read(&path).expect("read output file")));
            }
        }
    }
    out.sort();
    out
}

/// The example content folder of the repository.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// Checks that every local link and anchor in the built site at `out` goes
/// somewhere, and that none is absolute; returns how many it checked.
pub fn assert_links_resolve(out: &Path) -> usize {
    let all = files(out);
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let id_re = regex::Regex::new(r#"\sid="([^"]+)""#).expect("regex");
    for (rel, bytes) in all.iter().filter(|(r, _)| r.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        ids.insert(
            rel.clone(),
            id_re
                .captures_iter(&html)
                .map(|c| c[1].to_owned())
                .collect(),
        );
    }
    let href_re = regex::Regex::new(r#"\s(?:href|src)="([^"]*)""#).expect("regex");
    let mut checked = 0;
    for (rel, bytes) in all.iter().filter(|(r, _)| r.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
        for cap in href_re.captures_iter(&html) {
            let href = cap[1].replace("&amp;", "&");
            if href.contains(':') || href.starts_with('?') {
                continue;
            }
            // The 404 page's no-script fallback links from base_url's path
            // (tests/browser/urgent.test.mjs follows them on a static host).
            if rel == "404.html" && href.starts_with('/') {
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{rel}: absolute link {href} breaks under a prefix and from disk"
            );
            let (path, fragment) = href
                .split_once('#')
                .map_or((href.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                rel.clone()
            } else {
                normalise(&dir.join(path))
            };
            assert!(
                out.join(&target).is_file(),
                "{rel}: link to {href} ({target}) goes nowhere"
            );
            if let Some(f) = fragment.filter(|f| !f.is_empty() && target.ends_with(".html")) {
                assert!(
                    ids.get(&target).is_some_and(|s| s.contains(f)),
                    "{rel}: anchor #{f} missing in {target}"
                );
            }
            checked += 1;
        }
    }
    checked
}

/// A relative path with `..` resolved, as a `/`-separated string.
fn normalise(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}
