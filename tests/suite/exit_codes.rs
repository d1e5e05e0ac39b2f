//! Exit codes, the same for every command: 0 success, 1 content errors, 2 usage
//! (a bad flag, a missing folder, a bad `--base-url`, an unknown theme), 3 I/O.
//! Also the content folder given as a plain argument, and `--content` pointed
//! at a folder inside a content folder.

use crate::common;

use std::process::{Command, Output};

use common::{Site, TODAY};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run joinedup")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn check_takes_the_folder_as_a_plain_argument() {
    let site = Site::minimal();
    let out = run(&["check", "--today", TODAY, path(site.path())]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 errors"));
    site.edit("agencies/alpha-council.yaml", "remit:", "remmit:");
    let out = run(&["check", "--today", TODAY, path(site.path())]);
    assert_eq!(out.status.code(), Some(1), "content errors exit 1");
}

#[test]
fn a_folder_inside_a_content_folder_points_at_its_parent() {
    let site = Site::minimal();
    let agencies = site.path().join("agencies");
    let out = run(&["check", "--today", TODAY, "--content", path(&agencies)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("inside a content folder") && err.contains(path(site.path())),
        "{err}"
    );
    // serve says so before it starts, not in its overlay.
    let out = run(&["serve", "--port", "0", "--today", TODAY, path(&agencies)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("inside a content folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_base_url_is_a_usage_error() {
    let site = Site::minimal();
    let out_dir = tempfile::tempdir().expect("tmp");
    let out = run(&[
        "build",
        "--today",
        TODAY,
        "--base-url",
        "intranet.example.org/partners",
        "--output",
        path(&out_dir.path().join("site")),
        "--content",
        path(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--base-url"), "{}", stderr(&out));
    assert!(!out_dir.path().join("site").exists(), "nothing was built");
}

#[test]
fn an_unknown_theme_is_a_usage_error() {
    let site = Site::minimal();
    let out_dir = tempfile::tempdir().expect("tmp");
    let out = run(&[
        "build",
        "--today",
        TODAY,
        "--theme",
        "no-such-theme",
        "--output",
        path(&out_dir.path().join("site")),
        "--content",
        path(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no theme `no-such-theme`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_output_folder_joinedup_did_not_make_is_a_usage_error() {
    let site = Site::minimal();
    let theirs = tempfile::tempdir().expect("tmp");
    std::fs::write(theirs.path().join("notes.txt"), "mine").expect("write");
    let out = run(&[
        "build",
        "--today",
        TODAY,
        "--output",
        path(theirs.path()),
        path(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("was not made by joinedup"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(theirs.path()).expect("dir").count(), 1);
}

#[test]
fn content_errors_stop_a_build_with_exit_1() {
    let site = Site::minimal();
    site.edit("agencies/alpha-council.yaml", "remit:", "remmit:");
    let out_dir = tempfile::tempdir().expect("tmp");
    let out = run(&[
        "build",
        "--today",
        TODAY,
        "--output",
        path(&out_dir.path().join("site")),
        path(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_io_failure() {
    let site = Site::minimal();
    let out = run(&[
        "build",
        "--today",
        TODAY,
        "--output",
        "/proc/joinedup-cannot-write-here",
        path(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

#[test]
fn serve_on_a_busy_port_is_a_usage_error_that_suggests_another() {
    let site = Site::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port().to_string();
    let out_dir = tempfile::tempdir().expect("tmp");
    let out = run(&[
        "serve",
        "--port",
        &port,
        "--today",
        TODAY,
        "--output",
        path(&out_dir.path().join("site")),
        path(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("already in use"), "{}", stderr(&out));
    assert!(stderr(&out).contains("--port"), "{}", stderr(&out));
}
