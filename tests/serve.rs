//! `joinedup serve` over real HTTP: pages change after edits, live-reload events
//! arrive, a broken file keeps the old site and reports the error until fixed,
//! traversal of every kind gets 404, many clients at once are served, editor
//! temp files cause no rebuild, a busy port is explained, and the open page is
//! rebuilt first without any page being served older than the edit.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Site;

/// A running `joinedup serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    _out: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &Site) -> Server {
    let out = tempfile::tempdir().expect("tmp");
    let mut child = Command::new(env!("CARGO_BIN_EXE_joinedup"))
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
        .arg(out.path().join("site"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut port = None;
    while port.is_none() && Instant::now() < deadline {
        let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) else {
            continue;
        };
        port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse::<u16>().ok());
    }
    // The server is stopped when dropped, started or not.
    let server = Server {
        child,
        port: port.unwrap_or(0),
        _out: out,
    };
    assert!(server.port != 0, "serve did not start");
    server
}

/// A raw HTTP request (paths are sent exactly as given); returns status, head and body.
fn request(port: u16, method: &str, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

fn get(port: u16, path: &str) -> (u16, String) {
    let (s, _, b) = request(port, "GET", path);
    (s, b)
}

fn status(port: u16) -> serde_json::Value {
    serde_json::from_str(&get(port, "/__joinedup/status").1).expect("status JSON")
}

/// Waits until `check` holds (or fails after 15 s).
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("timed out waiting for: {what}");
}

/// Opens a live-reload connection and returns a channel of its event lines.
fn listen(port: u16) -> mpsc::Receiver<String> {
    listen_as(port, "/__joinedup/events")
}

/// Opens a live-reload connection at `path` (which may name the open page).
fn listen_as(port: u16, path: &str) -> mpsc::Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn next_status(rx: &mpsc::Receiver<String>) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        let line = rx
            .recv_timeout(Duration::from_millis(200))
            .unwrap_or_default();
        if let Some(data) = line.strip_prefix("data: ") {
            return serde_json::from_str(data).expect("event JSON");
        }
    }
    panic!("no live-reload event arrived");
}

const ALPHA: &str = "agencies/alpha-council.yaml";

#[test]
fn an_edit_rebuilds_and_reloads_and_a_broken_file_shows_until_fixed() {
    let site = Site::minimal();
    let server = start(&site);
    let port = server.port;
    let (code, page) = get(port, "/agencies/alpha-council/index.html");
    assert_eq!(code, 200);
    assert!(page.contains("Alpha Council"));
    assert!(
        page.contains("__joinedup/live.js"),
        "serve adds the live-reload script"
    );
    let events = listen(port);
    let first = next_status(&events);
    assert_eq!(first["ok"], true);

    // An edit: the page changes and a reload event arrives.
    site.edit(ALPHA, "name: Alpha Council", "name: Alpha Borough Council");
    let event = next_status(&events);
    assert_eq!(event["ok"], true);
    assert!(event["generation"].as_u64() > first["generation"].as_u64());
    eventually("the page shows the edit", || {
        get(port, "/agencies/alpha-council/index.html")
            .1
            .contains("Alpha Borough Council")
    });

    // A broken file: the error is reported, the last good site is still served.
    site.edit(ALPHA, "remit:", "remmit:");
    let event = next_status(&events);
    assert_eq!(event["ok"], false);
    let error = &event["errors"][0];
    assert_eq!(error["code"], "unknown-key");
    assert_eq!(error["file"], ALPHA);
    assert_eq!(error["line"].as_u64(), Some(site.line_of(ALPHA, "remmit:")));
    assert!(error["hint"].is_string());
    assert!(
        get(port, "/agencies/alpha-council/index.html")
            .1
            .contains("Alpha Borough Council")
    );
    assert_eq!(status(port)["ok"], false);

    // Fixing it clears the error and publishes a new generation.
    site.edit(ALPHA, "remmit:", "remit:");
    let event = next_status(&events);
    assert_eq!(event["ok"], true);
    assert_eq!(event["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn the_open_page_comes_first_and_no_page_is_older_than_the_edit() {
    // Big enough that the rest of the site takes a while after the open page.
    let site = Site::minimal();
    let synth = tempfile::tempdir().expect("tmp");
    let content = synth.path().join("content");
    let made = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["synth", "--agencies", "400", "--output"])
        .arg(&content)
        .output()
        .expect("synth");
    assert!(made.status.success());
    let _ = std::fs::remove_dir_all(site.path());
    std::fs::rename(&content, site.path()).expect("move content");
    let server = start(&site);
    let port = server.port;
    let events = listen_as(
        port,
        "/__joinedup/events?page=%2Fagencies%2Fagency-00007%2Findex.html",
    );
    let first = next_status(&events);
    assert_eq!(first["ok"], true);

    let file = "agencies/agency-00007.yaml";
    site.edit(file, "name: Agency 7 housing", "name: Agency Seven Renamed");
    let early = next_status(&events);
    assert_eq!(early["ok"], true);
    assert_eq!(
        early["generation"].as_u64(),
        first["generation"].as_u64().map(|g| g + 1)
    );
    // The open page, at once; then a page that was not open: it is never the old one.
    let (code, page) = get(port, "/agencies/agency-00007/index.html");
    assert_eq!(code, 200);
    assert!(
        page.contains("Agency Seven Renamed"),
        "the open page is new"
    );
    let (code, list) = get(port, "/agencies/index.html");
    assert_eq!(code, 200);
    assert!(
        list.contains("Agency Seven Renamed"),
        "the A to Z is new too"
    );
    // The whole site in place: the same generation, so no second reload.
    let done = next_status(&events);
    assert_eq!(done["ok"], true);
    assert_eq!(done["generation"], early["generation"]);
    assert!(
        std::fs::read_to_string(server._out.path().join("site/agencies/index.html"))
            .expect("written")
            .contains("Agency Seven Renamed")
    );
}

#[test]
fn traversal_of_every_kind_gets_404() {
    let site = Site::minimal();
    let server = start(&site);
    #[cfg(unix)]
    {
        let out = server._out.path().join("site");
        let _ = std::os::unix::fs::symlink(site.path().join("site.yaml"), out.join("leak.yaml"));
    }
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/agencies/..%2f..%2fsite.yaml",
        "/..%5csite.yaml",
        "/agencies/../../site.yaml",
        "//etc/passwd",
        "/etc/passwd",
        "/%00",
        "/..\\..\\site.yaml",
        "/leak.yaml",
        "/agencies/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/.joinedup-site/../../site.yaml",
    ] {
        let (code, body) = get(server.port, path);
        assert_eq!(code, 404, "{path}");
        assert!(
            body.contains("Page not found"),
            "{path}: the site's own 404 page"
        );
        assert!(
            !body.contains("title: Test Partnership"),
            "{path} leaked a content file"
        );
    }
}

#[test]
fn files_have_types_head_works_and_folders_are_not_listed() {
    let site = Site::minimal();
    let server = start(&site);
    let (code, head, _) = request(server.port, "GET", "/assets/style.css");
    assert_eq!(code, 200);
    assert!(
        head.to_lowercase()
            .contains("content-type: text/css; charset=utf-8"),
        "{head}"
    );
    let (code, head, _) = request(server.port, "GET", "/");
    assert_eq!(code, 200);
    assert!(
        head.to_lowercase()
            .contains("content-type: text/html; charset=utf-8")
    );
    let (code, head, body) = request(server.port, "HEAD", "/");
    assert_eq!(code, 200);
    assert!(head.to_lowercase().contains("content-length"));
    assert!(body.is_empty(), "HEAD has no body");
    assert_eq!(get(server.port, "/data/").0, 404, "no directory listing");
    assert_eq!(request(server.port, "POST", "/").0, 405);
}

#[test]
fn many_clients_at_once_with_live_reload_connections_open() {
    let site = Site::minimal();
    let server = start(&site);
    let port = server.port;
    let listeners: Vec<_> = (0..4).map(|_| listen(port)).collect();
    for l in &listeners {
        next_status(l);
    }
    let started = Instant::now();
    let handles: Vec<_> = (0..50)
        .map(|i| {
            std::thread::spawn(move || {
                let path = if i % 2 == 0 {
                    "/"
                } else {
                    "/agencies/index.html"
                };
                get(port, path).0
            })
        })
        .collect();
    let codes: Vec<u16> = handles
        .into_iter()
        .map(|h| h.join().expect("thread"))
        .collect();
    assert!(codes.iter().all(|c| *c == 200), "{codes:?}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "50 requests took {:?}",
        started.elapsed()
    );
}

#[test]
fn editor_temp_files_cause_no_rebuild_and_a_burst_of_saves_few() {
    let site = Site::minimal();
    let server = start(&site);
    let port = server.port;
    let before = status(port)["generation"].as_u64().expect("generation");
    for name in [
        ".alpha-council.yaml.swp",
        "alpha-council.yaml~",
        "_draft.yaml",
        "x.yaml.tmp",
        ".#alpha.yaml",
    ] {
        site.write(&format!("agencies/{name}"), "junk: [");
    }
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        status(port)["generation"].as_u64(),
        Some(before),
        "temp files rebuilt the site"
    );
    // 100 files written at once (a git checkout): one or two rebuilds, not 100.
    for i in 0..100 {
        site.write(
            &format!("pages/burst-{i}.md"),
            &format!("---\ntitle: Burst {i}\n---\nPage {i}.\n"),
        );
    }
    eventually("the burst is built", || {
        status(port)["generation"].as_u64() > Some(before)
    });
    std::thread::sleep(Duration::from_millis(1500));
    let after = status(port)["generation"].as_u64().expect("generation");
    assert!(
        after - before <= 2,
        "{} rebuilds for one burst",
        after - before
    );
}

#[test]
fn a_failing_first_build_still_serves_and_explains() {
    let site = Site::minimal();
    site.edit(ALPHA, "remit:", "remmit:");
    let server = start(&site);
    let s = status(server.port);
    assert_eq!(s["ok"], false);
    assert_eq!(s["errors"][0]["code"], "unknown-key");
    let (code, body) = get(server.port, "/");
    assert_eq!(code, 200);
    assert!(
        body.contains("__joinedup/live.js") && body.contains("No site yet"),
        "{body}"
    );
    site.edit(ALPHA, "remmit:", "remit:");
    eventually("the site appears once fixed", || {
        get(server.port, "/").1.contains("Test Partnership")
    });
}

#[test]
fn a_busy_port_is_explained() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("addr").port();
    let site = Site::minimal();
    let out = tempfile::tempdir().expect("tmp");
    let run = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["serve", "--port", &port.to_string(), "--content"])
        .arg(site.path())
        .arg("--output")
        .arg(out.path().join("site"))
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("already in use") && err.contains("--port"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = Site::minimal();
    let mut server = start(&site);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        if let Ok(Some(status)) = server.child.try_wait() {
            break status.code();
        }
        assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(0));
}
