//! The `check` command as people meet it: compiler-style text, the JSON shape,
//! exit codes, and clear messages for bad flags.

use crate::common;

use common::{Site, TODAY, joinedup};

#[test]
fn text_output_is_compiler_style_with_caret_and_hint() {
    let site = Site::minimal();
    site.edit("agencies/alpha-council.yaml", "remit:", "remmit:");
    let (code, out) = site.check_text();
    assert_eq!(code, Some(1));
    let line = site.line_of("agencies/alpha-council.yaml", "remmit:");
    let header = format!(
        "agencies/alpha-council.yaml:{line}:1: error[unknown-key]: unknown key `remmit`; did you mean `remit`?"
    );
    assert!(out.contains(&header), "{out}");
    assert!(out.contains("remmit:\n"), "the source line is shown: {out}");
    assert!(out.contains("^^^^^^"), "a caret marks the key: {out}");
    assert!(
        out.contains("help: the keys an agency may have are"),
        "{out}"
    );
    assert!(
        out.trim_end().ends_with("1 error, 0 warnings in 7 files"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no colour when not on a terminal");
}

#[test]
fn json_output_has_the_spec_shape() {
    let site = Site::minimal();
    site.edit("agencies/alpha-council.yaml", "remit:", "remmit:");
    let r = site.check_json_on("2030-01-01");
    assert_eq!(r.code, Some(1));
    assert_eq!(r.json["errors"], 1);
    assert_eq!(r.json["warnings"], 2);
    let f = r.only("unknown-key");
    for key in ["severity", "code", "file", "line", "column", "message"] {
        assert!(f.get(key).is_some(), "{key} missing: {f:#}");
    }
    assert!(f["line"].is_u64() && f["column"].is_u64());
    let errors_first = r.findings().iter().position(|f| f["severity"] == "error");
    assert!(errors_first.is_some());
}

#[test]
fn same_content_same_output() {
    let site = Site::minimal();
    site.edit("agencies/alpha-council.yaml", "remit:", "remmit:");
    let run = || {
        joinedup(
            &[
                "check",
                "--format",
                "json",
                "--today",
                "2030-01-01",
                "--content",
            ],
            site.path(),
        )
    };
    let (a, b) = (run(), run());
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    let out = joinedup(
        &["check", "--content"],
        std::path::Path::new("/no/such/folder"),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/no/such/folder") && err.contains("no such folder"),
        "{err}"
    );
}

#[test]
fn a_bad_today_is_a_usage_error() {
    let site = Site::minimal();
    let out = joinedup(
        &["check", "--today", "21/11/2026", "--content"],
        site.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[test]
fn source_date_epoch_sets_today() {
    let site = Site::minimal();
    let run = |epoch: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_joinedup"))
            .args(["check", "--format", "json", "--content"])
            .arg(site.path())
            .env("SOURCE_DATE_EPOCH", epoch)
            .output()
            .expect("run")
    };
    // 2026-11-21: nothing stale; 2030-01-01: both agencies stale.
    let fresh: serde_json::Value = serde_json::from_slice(&run("1795219200").stdout).expect("json");
    let old: serde_json::Value = serde_json::from_slice(&run("1893456000").stdout).expect("json");
    assert_eq!(fresh["warnings"], 0);
    assert_eq!(old["warnings"], 2);
}

#[test]
fn the_example_content_has_only_its_intended_findings() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let out = joinedup(
        &[
            "check",
            "--format",
            "json",
            "--today",
            common::TODAY,
            "--content",
        ],
        &content,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let mut codes: Vec<&str> = json["findings"]
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    codes.sort();
    codes.dedup();
    assert_eq!(
        codes,
        vec![
            "gap",
            "glossary-clash",
            "pathway-not-in-remit",
            "pathway-unreachable",
            "referral-loop",
            "stale"
        ],
        "{json:#}"
    );
}

#[test]
fn phase_timings_go_to_stderr_only_when_asked() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let run = |timings: Option<&str>, out: &str| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_joinedup"));
        cmd.args(["build", "--today", TODAY, "--output"])
            .arg(tmp.path().join(out))
            .arg("--content")
            .arg(site.path())
            .env_remove("JOINEDUP_TIMINGS");
        if let Some(v) = timings {
            cmd.env("JOINEDUP_TIMINGS", v);
        }
        cmd.output().expect("run")
    };
    let plain = run(None, "a");
    let timed = run(Some("1"), "b");
    let off = run(Some("0"), "c");
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    for phase in [
        "load",
        "analyse",
        "directory",
        "pages",
        "search index",
        "swap in",
    ] {
        assert!(
            stderr(&timed).contains(&format!("timing: {phase}: ")),
            "{phase}: {}",
            stderr(&timed)
        );
    }
    assert!(!stderr(&plain).contains("timing:"), "{}", stderr(&plain));
    assert!(!stderr(&off).contains("timing:"), "{}", stderr(&off));
    // The site is the same either way.
    let page = |dir: &str| {
        std::fs::read_to_string(tmp.path().join(dir).join("index.html")).expect("index.html")
    };
    assert_eq!(page("a"), page("b"));
}
