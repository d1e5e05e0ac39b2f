//! The output folder under stress: two builds (or `serve` and a build) writing
//! into one folder take turns and always leave a whole site; links planted
//! beside the output are never followed; leftovers of killed builds are cleared
//! only when they are joinedup's; the output is never missing while a build
//! swaps the new site in.

use crate::common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Site, build, build_ok, files};

fn spawn_build(content: &Path, output: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["build", "--today", common::TODAY, "--content"])
        .arg(content)
        .arg("--output")
        .arg(output)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start build")
}

/// The site's file names (not contents: `serve` and `build` may differ in
/// nothing else, but names are what a wrecked site loses).
fn names(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(name, _)| name).collect()
}

fn assert_whole(out: &Path, expected: &[String], round: usize) {
    let got = names(out);
    let missing: Vec<&String> = expected.iter().filter(|n| !got.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "round {round}: the site lost {} files, e.g. {:?}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    assert_eq!(got.len(), expected.len(), "round {round}: extra files");
}

#[test]
fn two_builds_into_one_folder_always_leave_a_whole_site() {
    let content = common::example();
    let tmp = tempfile::tempdir().expect("tmp");
    let reference = tmp.path().join("reference");
    build_ok(&content, &reference, &[]);
    let expected = names(&reference);
    assert!(expected.contains(&"index.html".to_owned()));
    let out = tmp.path().join("output");
    for round in 0..8 {
        let a = spawn_build(&content, &out);
        let b = spawn_build(&content, &out);
        for child in [a, b] {
            let run = child.wait_with_output().expect("wait");
            assert_eq!(
                run.status.code(),
                Some(0),
                "round {round}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        assert_whole(&out, &expected, round);
        // And the next build still accepts the folder as joinedup's.
        assert!(out.join(".joinedup-site").is_file());
    }
    // Nothing but the lock file is left beside the output.
    let mut beside: Vec<String> = fs::read_dir(tmp.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output"))
        .collect();
    beside.sort();
    assert_eq!(beside, [".output.joinedup-lock"]);
}

#[test]
fn serve_and_build_into_one_folder_leave_a_whole_site() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let reference = tmp.path().join("reference");
    build_ok(site.path(), &reference, &[]);
    let expected = names(&reference);
    let out = tmp.path().join("output");
    let mut serve = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args([
            "serve",
            "--port",
            "0",
            "--today",
            common::TODAY,
            "--content",
        ])
        .arg(site.path())
        .arg("--output")
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let stdout = serve.stdout.take().expect("stdout");
    let rebuilt = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&rebuilt);
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.contains("built") {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    let wait_for = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(30);
        while rebuilt.load(Ordering::SeqCst) < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        rebuilt.load(Ordering::SeqCst) >= n
    };
    let first = wait_for(1);
    let mut failure = None;
    if first {
        for round in 0..5 {
            let seen = rebuilt.load(Ordering::SeqCst);
            // An edit makes serve rebuild while a build writes into the same folder.
            site.edit(
                "agencies/alpha-council.yaml",
                "name: Alpha Council",
                &format!("# edit {round}\nname: Alpha Council"),
            );
            let run = spawn_build(site.path(), &out)
                .wait_with_output()
                .expect("wait");
            if run.status.code() != Some(0) {
                failure = Some(format!(
                    "round {round}: {}",
                    String::from_utf8_lossy(&run.stderr)
                ));
                break;
            }
            if !wait_for(seen + 1) {
                failure = Some(format!("round {round}: serve did not rebuild"));
                break;
            }
            let got = names(&out);
            if got != expected {
                failure = Some(format!(
                    "round {round}: the site has {} files, not {}",
                    got.len(),
                    expected.len()
                ));
                break;
            }
        }
    }
    let _ = serve.kill();
    let _ = serve.wait();
    assert!(first, "serve never built");
    assert_eq!(failure, None);
}

#[test]
fn links_planted_beside_the_output_are_never_followed() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    // Someone else's files, with joinedup's marker so that they look like a site.
    let victim = tmp.path().join("victim");
    fs::create_dir_all(victim.join("deep")).expect("mkdir");
    fs::write(victim.join(".joinedup-site"), "planted").expect("write");
    fs::write(victim.join("precious.txt"), "keep me").expect("write");
    fs::write(victim.join("deep/more.txt"), "keep me too").expect("write");
    let before = files(&victim);
    let out = tmp.path().join("out");
    for planted in [
        ".out.joinedup-new",
        ".out.joinedup-old",
        ".out.joinedup-new-1-00000000",
        ".out.joinedup-new-0-old",
    ] {
        symlink(&victim, tmp.path().join(planted)).expect("symlink");
    }
    build_ok(site.path(), &out, &[]);
    build_ok(site.path(), &out, &[]);
    assert_eq!(files(&victim), before, "the victim's files changed");
    assert!(out.join("index.html").is_file());

    // An output that is itself a link is refused, and its target left alone.
    let linked = tmp.path().join("linked");
    symlink(&victim, &linked).expect("symlink");
    let run = build(site.path(), &linked, &[]);
    assert_eq!(run.status.code(), Some(2), "a usage error");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("is a link"), "{err}");
    assert_eq!(files(&victim), before);

    // A lock file planted as a link is refused without touching its target.
    let other = tmp.path().join("other");
    let target = tmp.path().join("victim/precious.txt");
    symlink(&target, tmp.path().join(".other.joinedup-lock")).expect("symlink");
    let run = build(site.path(), &other, &[]);
    assert_eq!(run.status.code(), Some(3), "an I/O failure");
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("lock file"), "{err}");
    assert_eq!(files(&victim), before);
    assert!(!other.exists());
}

#[test]
fn leftovers_of_killed_builds_are_cleared_only_when_they_are_joinedups() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    // What a build killed half way leaves: a staging folder with the marker.
    let killed = tmp.path().join(".out.joinedup-new-999-deadbeef");
    fs::create_dir_all(killed.join("agencies")).expect("mkdir");
    fs::write(killed.join(".joinedup-site"), "x").expect("write");
    fs::write(killed.join("agencies/half.html"), "half").expect("write");
    // The old build's fixed name, too.
    let legacy = tmp.path().join(".out.joinedup-new");
    fs::create_dir_all(&legacy).expect("mkdir");
    fs::write(legacy.join(".joinedup-site"), "x").expect("write");
    // A folder with the same kind of name but no marker is not joinedup's.
    let foreign = tmp.path().join(".out.joinedup-old-notes");
    fs::create_dir_all(&foreign).expect("mkdir");
    fs::write(foreign.join("notes.txt"), "mine").expect("write");
    build_ok(site.path(), &out, &[]);
    assert!(!killed.exists(), "the killed build's folder is still there");
    assert!(!legacy.exists());
    assert_eq!(
        fs::read_to_string(foreign.join("notes.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn the_output_is_never_missing_while_a_new_site_is_swapped_in() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    build_ok(site.path(), &out, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let misses = Arc::new(AtomicUsize::new(0));
    let looks = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (stop, misses, looks, out) = (
            Arc::clone(&stop),
            Arc::clone(&misses),
            Arc::clone(&looks),
            out.clone(),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if !out.join("index.html").is_file() {
                    misses.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    for _ in 0..15 {
        build_ok(site.path(), &out, &[]);
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().expect("watcher");
    assert!(looks.load(Ordering::Relaxed) > 1000);
    assert_eq!(
        misses.load(Ordering::Relaxed),
        0,
        "the output had no index.html at some instant"
    );
}
