//! `joinedup serve` rebuilds only what a save changes (it keeps every file's
//! parsed records, the routes' cards and a digest of every output file, and
//! writes only the files whose bytes changed). This checks that it is safe: a
//! seeded random sequence of edits (names, routes, remit entries, glossary
//! terms, new, renamed and deleted files, errors made and fixed) is saved into
//! a content folder under a running `serve`, and after each rebuild its output
//! folder must equal a clean `joinedup build` of the same content byte for
//! byte, file for file and folder for folder; after a rebuild that stops on an
//! error it must still equal the last good build. Some edits come in pairs, the
//! second while the first is being built (which stops that rebuild).

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::Site;

/// How long to wait for a rebuild (a debug build on a loaded 2-core machine).
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `joinedup serve` and its output lines.
struct Serve {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn start(content: &Path, output: &Path) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_joinedup"))
            .args(["serve", "--port", "0", "--today", common::TODAY])
            .arg("--content")
            .arg(content)
            .arg("--output")
            .arg(output)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let err = child.stderr.take().expect("stderr");
        for stream in [
            Box::new(out) as Box<dyn std::io::Read + Send>,
            Box::new(err),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let serve = Serve { child, lines };
        assert_eq!(serve.next_outcome(), Outcome::Built, "the first build");
        serve
    }

    /// Waits for the next rebuild's outcome, and for every rebuild that
    /// started (`rebuilding: …`) to end, then for quiet (no more lines for a
    /// while), so that no rebuild is running; returns the last outcome.
    fn next_outcome(&self) -> Outcome {
        self.next_outcomes().0
    }

    /// The same, and whether a rebuild before the last one wrote the site
    /// (it was built whole, or stopped while writing it, to be finished if
    /// the next one does not build) rather than being given up before it
    /// wrote anything.
    fn next_outcomes(&self) -> (Outcome, bool) {
        let (outcome, wrote, _) = self.next_outcomes_stopped();
        (outcome, wrote)
    }

    /// The same, and whether a rebuild was stopped while it wrote the site.
    fn next_outcomes_stopped(&self) -> (Outcome, bool, bool) {
        let (mut wrote, mut stopped) = (false, false);
        let deadline = Instant::now() + PATIENCE;
        let mut outcome = None;
        let mut running = 0u32;
        loop {
            let wait = if outcome.is_some() && running == 0 {
                Duration::from_millis(400)
            } else {
                deadline.saturating_duration_since(Instant::now())
            };
            let got = self.lines.recv_timeout(wait);
            if let (Ok(line), Some(Outcome::Built)) = (&got, &outcome) {
                wrote |= line.starts_with("rebuilding: ");
            }
            stopped |= (got.as_ref()).is_ok_and(|l| l.starts_with("a newer change came in while"));
            wrote |= stopped;
            let ended = got.as_ref().is_ok_and(|l| {
                [
                    "rebuilt in",
                    "the rebuild stopped",
                    "a newer change came in",
                ]
                .iter()
                .any(|end| l.starts_with(end))
            });
            if ended {
                running = running.saturating_sub(1);
            }
            match got {
                Ok(line) if line.starts_with("rebuilding: ") => running += 1,
                Ok(line) if line.starts_with("rebuilt in") => outcome = Some(Outcome::Built),
                Ok(line) if line.starts_with("the rebuild stopped") => {
                    outcome = Some(Outcome::Stopped(line));
                }
                Ok(_) => {}
                Err(_) => return (outcome.unwrap_or(Outcome::Nothing), wrote, stopped),
            }
        }
    }
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Built,
    Stopped(String),
    Nothing,
}

/// Every file (path → bytes) and folder under `dir`.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read output folder") {
            let path = entry.expect("entry").path();
            let rel = path.strip_prefix(dir).expect("prefix");
            let rel = rel.to_string_lossy().replace('\\', "/");
            if path.is_dir() {
                out.insert(format!("{rel}/"), None);
                stack.push(path);
            } else {
                out.insert(rel, Some(fs::read(&path).expect("read output file")));
            }
        }
    }
    out
}

/// What differs between two trees, briefly.
pub(crate) fn differences(
    got: &BTreeMap<String, Option<Vec<u8>>>,
    want: &BTreeMap<String, Option<Vec<u8>>>,
) -> Vec<String> {
    let mut diff = Vec::new();
    for (path, bytes) in want {
        match got.get(path) {
            None => diff.push(format!("missing {path}")),
            Some(b) if b != bytes => {
                let (b, w) = (
                    b.as_deref().unwrap_or_default(),
                    bytes.as_deref().unwrap_or_default(),
                );
                let at = b.iter().zip(w).take_while(|(x, y)| x == y).count();
                let show = |x: &[u8]| {
                    String::from_utf8_lossy(&x[at.saturating_sub(60)..(at + 60).min(x.len())])
                        .into_owned()
                };
                diff.push(format!(
                    "different {path}: served {:?}, clean {:?}",
                    show(b),
                    show(w)
                ));
            }
            Some(_) => {}
        }
    }
    diff.extend(
        (got.keys())
            .filter(|p| !want.contains_key(*p))
            .map(|p| format!("extra {p}")),
    );
    diff
}

/// The edits the test makes, on any content folder with agencies, topics,
/// glossary files and free pages.
struct Editor {
    dir: PathBuf,
    rng: fastrand::Rng,
    n: usize,
    /// Files this test added (removed again by some edits).
    added: Vec<String>,
    /// A file broken by the last edit, with its text before.
    broken: Option<(String, String)>,
}

impl Editor {
    fn files(&self, folder: &str, ext: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir.join(folder))
            .expect("list content")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext) && !n.starts_with('.'))
            .map(|n| format!("{folder}/{n}"))
            .collect();
        names.sort();
        names
    }

    fn pick(&mut self, folder: &str, ext: &str) -> String {
        let files = self.files(folder, ext);
        files[self.rng.usize(..files.len())].clone()
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.dir.join(rel)).expect("read content")
    }

    fn write(&self, rel: &str, text: &str) {
        fs::write(self.dir.join(rel), text).expect("write content");
    }

    /// Inserts `text` after the first line that is exactly `line`; false if none.
    fn insert_after(&self, rel: &str, line: &str, text: &str) -> bool {
        let old = self.read(rel);
        let Some(at) = old.find(&format!("\n{line}\n")) else {
            return false;
        };
        let at = at + line.len() + 2;
        self.write(rel, &format!("{}{text}{}", &old[..at], &old[at..]));
        true
    }

    /// Gives the agency in `rel` the name `name`; false if there is no such
    /// file or it has no `name:` line.
    fn rename_agency(&self, rel: &str, name: &str) -> bool {
        let Ok(text) = fs::read_to_string(self.dir.join(rel)) else {
            return false;
        };
        let Some(line) = text.lines().find(|l| l.starts_with("name: ")) else {
            return false;
        };
        self.write(rel, &text.replacen(line, &format!("name: {name}"), 1));
        true
    }

    fn a_topic(&mut self) -> String {
        let topics = self.read("topics.yaml");
        let ids: Vec<&str> = (topics.lines())
            .filter_map(|l| l.strip_prefix("- id: "))
            .collect();
        ids[self.rng.usize(..ids.len())].trim().to_owned()
    }

    /// Makes one random edit; says what it did.
    fn edit(&mut self) -> String {
        self.n += 1;
        let n = self.n;
        if let Some((rel, text)) = self.broken.take() {
            self.write(&rel, &text);
            return format!("fixed {rel}");
        }
        if n.is_multiple_of(6) {
            let rel = self.pick("agencies", ".yaml");
            let text = self.read(&rel);
            self.write(&rel, &format!("{text}\nbroken: [\n"));
            self.broken = Some((rel.clone(), text));
            return format!("broke {rel}");
        }
        match self.rng.u8(..12) {
            0 | 1 => {
                let rel = self.pick("agencies", ".yaml");
                if !self.rename_agency(&rel, &format!("Edited Agency {n}")) {
                    return self.edit();
                }
                format!("renamed the agency in {rel}")
            }
            2 => {
                let rel = self.pick("agencies", ".yaml");
                let route = format!(
                    "  - id: added-{n}\n    purpose: An added route {n}\n    audience: [professionals]\n    urgency: routine\n    channel: email\n    value: added-{n}@example.org\n    hours: [mon-fri 09:00-17:00]\n    topics: [{}]\n",
                    self.a_topic()
                );
                if !self.insert_after(&rel, "contacts:", &route) {
                    return self.edit();
                }
                format!("added a route to {rel}")
            }
            3 => {
                // Removes a route this test added, if there is one.
                for rel in self.files("agencies", ".yaml") {
                    let text = self.read(&rel);
                    let Some(start) = text.find("  - id: added-") else {
                        continue;
                    };
                    let rest = &text[start..];
                    let end = (rest.find("\n    topics: ["))
                        .and_then(|t| rest[t + 1..].find('\n').map(|l| start + t + l + 2));
                    if let Some(end) = end {
                        self.write(&rel, &format!("{}{}", &text[..start], &text[end..]));
                        return format!("removed an added route from {rel}");
                    }
                }
                // Else removes a remit entry this test added.
                for rel in self.files("agencies", ".yaml") {
                    let text = self.read(&rel);
                    let Some(detail) = text.find("      detail: An added remit entry") else {
                        continue;
                    };
                    let start = text[..detail].rfind("    - topic: ");
                    let end = text[detail..].find('\n').map(|l| detail + l + 1);
                    if let Some((start, end)) = start.zip(end) {
                        self.write(&rel, &format!("{}{}", &text[..start], &text[end..]));
                        return format!("removed an added remit entry from {rel}");
                    }
                }
                self.edit()
            }
            4 => {
                // A lead covers the need's narrower needs too: their gaps
                // change, and the broader need's page gathers the entry.
                let rel = self.pick("agencies", ".yaml");
                let role = if self.rng.bool() { "lead" } else { "support" };
                let entry = format!(
                    "    - topic: {}\n      role: {role}\n      detail: An added remit entry {n}.\n",
                    self.a_topic()
                );
                if !self.insert_after(&rel, "  does:", &entry) {
                    return self.edit();
                }
                format!("added a remit entry to {rel}")
            }
            5 => {
                let rel = self.pick("glossary", ".yaml");
                let mut text = self.read(&rel);
                text.push_str(&format!(
                    "\n- term: Added Term Number {n}\n  abbreviation: ATN{n}\n  definition: |\n    A term added by edit {n}.\n"
                ));
                self.write(&rel, &text);
                format!("added a glossary term to {rel}")
            }
            6 => {
                let rel = format!("pages/added-{n}.md");
                self.write(
                    &rel,
                    &format!("---\ntitle: Added page {n}\n---\nA page added by edit {n}; ask the ATN{n}.\n"),
                );
                self.added.push(rel.clone());
                format!("added {rel}")
            }
            7 => {
                // Renames a glossary file: every file after it changes place.
                let rel = self.pick("glossary", ".yaml");
                let to = format!("glossary/a{n}-{}", &rel["glossary/".len()..]);
                fs::rename(self.dir.join(&rel), self.dir.join(&to)).expect("rename");
                format!("renamed {rel} to {to}")
            }
            10 | 11 => {
                // Renames an agency another one names (`refer_to`, or an
                // `out_of_hours` route of another agency): the page naming it changes too.
                let mut named: Vec<String> = Vec::new();
                for rel in self.files("agencies", ".yaml") {
                    for line in self.read(&rel).lines() {
                        let line = line.trim();
                        let reference = (line.strip_prefix("refer_to: ")).or_else(|| {
                            line.strip_prefix("out_of_hours: ")
                                .filter(|r| r.contains('/'))
                        });
                        if let Some(r) = reference {
                            named.push(r.split('/').next().unwrap_or(r).trim().to_owned());
                        }
                    }
                }
                if named.is_empty() {
                    return self.edit();
                }
                let rel = format!("agencies/{}.yaml", named[self.rng.usize(..named.len())]);
                if !self.rename_agency(&rel, &format!("Named Agency {n}")) {
                    return self.edit();
                }
                format!("renamed the agency named by another, {rel}")
            }
            8 => match self.added.pop() {
                Some(rel) => {
                    fs::remove_file(self.dir.join(&rel)).expect("remove");
                    format!("deleted {rel}")
                }
                None => self.edit(),
            },
            _ => {
                let text = self.read("topics.yaml");
                let Some(line) = text.lines().find(|l| l.starts_with("  name: ")) else {
                    return self.edit();
                };
                let line = line.to_owned();
                self.write(
                    "topics.yaml",
                    &text.replacen(&line, &format!("  name: Edited need {n}"), 1),
                );
                format!("renamed a need: {line}")
            }
        }
    }
}

/// Runs `edits` random edits from `seed` on `content` under `serve`, checking
/// the output against a clean build after each.
fn check_edits(content: &Path, seed: u64, edits: usize) {
    let tmp = tempfile::tempdir().expect("tmp");
    let (output, reference) = (tmp.path().join("site"), tmp.path().join("reference"));
    let serve = Serve::start(content, &output);
    let mut editor = Editor {
        dir: content.to_path_buf(),
        rng: fastrand::Rng::with_seed(seed),
        n: 0,
        added: Vec::new(),
        broken: None,
    };
    let mut done = Vec::new();
    let mut last_good = tree(&output);
    let (mut built, mut stopped) = (0, 0);
    let snapshot = tmp.path().join("snapshot");
    for i in 0..edits {
        done.push(editor.edit());
        let paired = i % 4 == 3;
        if paired {
            // A second save while the first is being built: the rebuild
            // writing the site stops, and the next one starts from what it
            // wrote; if the second does not build, the first is finished.
            let _ = fs::remove_dir_all(&snapshot);
            common::copy_dir(content, &snapshot);
            std::thread::sleep(Duration::from_millis(editor.rng.u64(50..600)));
            done.push(editor.edit());
        }
        let (outcome, first_wrote) = serve.next_outcomes();
        let got = tree(&output);
        match outcome {
            Outcome::Built => {
                built += 1;
                let _ = fs::remove_dir_all(&reference);
                common::build_ok(content, &reference, &[]);
                let want = tree(&reference);
                let diff = differences(&got, &want);
                assert!(
                    diff.is_empty(),
                    "seed {seed}: the served site differs from a clean build: {diff:?}, after {done:?}"
                );
                last_good = want;
            }
            Outcome::Stopped(why) => {
                eprintln!("seed {seed}: {:?}: {why}", done.last());
                stopped += 1;
                let _ = fs::remove_dir_all(&reference);
                // The first of a pair is finished if its rebuild wrote any of
                // the site; given up before it wrote, the site is as it was.
                if paired
                    && first_wrote
                    && common::build(&snapshot, &reference, &[]).status.success()
                {
                    last_good = tree(&reference);
                }
                let diff = differences(&got, &last_good);
                assert!(
                    diff.is_empty(),
                    "seed {seed}: a stopped rebuild left another site than the last good one: {diff:?}, after {done:?}"
                );
            }
            Outcome::Nothing => panic!("seed {seed}: no rebuild after {done:?}"),
        }
    }
    assert!(
        built > edits / 2,
        "seed {seed}: only {built} rebuilds of {edits}: {done:?}"
    );
    assert!(stopped > 0, "seed {seed}: no error was made: {done:?}");
}

#[test]
fn the_example_site_after_random_edits_equals_a_clean_build() {
    let site = Site::example();
    check_edits(site.path(), 20, 24);
}

#[test]
fn a_synthetic_site_after_random_edits_equals_a_clean_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let content = tmp.path().join("content");
    let run = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["synth", "--agencies", "40", "--output"])
        .arg(&content)
        .output()
        .expect("run synth");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    check_edits(&content, 7, 16);
}

/// `serve` does not read again a file whose inode, size and times are as
/// they were, settled, when it last read it. An edit that keeps the size and
/// puts the modified time back (as `cp -p` and `touch -r` do) still changes
/// the file's change time, and must be seen.
#[test]
fn an_edit_that_keeps_the_size_and_the_modified_time_is_seen() {
    let site = Site::example();
    let content = site.path();
    let tmp = tempfile::tempdir().expect("tmp");
    let (output, reference) = (tmp.path().join("site"), tmp.path().join("reference"));
    let serve = Serve::start(content, &output);
    let rel = "agencies/".to_owned()
        + &fs::read_dir(content.join("agencies"))
            .expect("list agencies")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml"))
            .min()
            .expect("an agency");
    let path = content.join(&rel);
    let text = fs::read_to_string(&path).expect("read agency");
    let line = (text.lines())
        .find(|l| l.starts_with("name: ") && l.len() > 7)
        .expect("a name line")
        .to_owned();
    // The files settle; then a save elsewhere makes serve look at them all
    // (and trust what it sees of this one next time).
    std::thread::sleep(Duration::from_secs(6));
    let topics = content.join("topics.yaml");
    let topics_text = fs::read_to_string(&topics).expect("read topics");
    fs::write(&topics, format!("{topics_text}\n")).expect("write topics");
    assert_eq!(serve.next_outcome(), Outcome::Built);
    // The same number of bytes, the same modified time.
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("modified time");
    let renamed = format!("name: {}", "Q".repeat(line.len() - "name: ".len()));
    assert_eq!(renamed.len(), line.len());
    fs::write(&path, text.replacen(&line, &renamed, 1)).expect("write agency");
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(modified))
        .expect("set the modified time back");
    assert_eq!(serve.next_outcome(), Outcome::Built);
    common::build_ok(content, &reference, &[]);
    let diff = differences(&tree(&output), &tree(&reference));
    assert!(
        diff.is_empty(),
        "the served site differs from a clean build: {diff:?}"
    );
}

/// A save with an error that comes while the site is being written stops
/// that rebuild; its content (whose records went back to the load's cache,
/// not copied) is made again and its site finished: the site served is a
/// clean build's of the last good content. The save's moment is tried until
/// it falls while the site is written.
#[test]
fn a_save_with_an_error_while_the_site_is_written_leaves_the_last_good_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (output, reference) = (tmp.path().join("site"), tmp.path().join("reference"));
    let (made, snapshot) = (tmp.path().join("made"), tmp.path().join("snapshot"));
    let run = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["synth", "--agencies", "200", "--output"])
        .arg(&made)
        .output()
        .expect("run synth");
    assert!(run.status.success());
    let site = Site::minimal();
    let content = site.path();
    fs::remove_dir_all(content).expect("rm");
    fs::rename(&made, content).expect("move content");
    let serve = Serve::start(content, &output);
    let file = "agencies/agency-00007.yaml";
    let mut name = "Agency 7 housing".to_owned();
    for wait in [300, 600, 1000, 1500, 2200, 450, 800, 1200, 1800, 3000] {
        let good = format!("Agency {wait}");
        site.edit(file, &format!("name: {name}"), &format!("name: {good}"));
        name = good;
        let _ = fs::remove_dir_all(&snapshot);
        common::copy_dir(content, &snapshot);
        std::thread::sleep(Duration::from_millis(wait));
        site.edit(file, "\nabbreviation:", "\nname: Twice\nabbreviation:");
        let (outcome, _, stopped) = serve.next_outcomes_stopped();
        assert!(matches!(outcome, Outcome::Stopped(_)), "{outcome:?}");
        let _ = fs::remove_dir_all(&reference);
        common::build_ok(&snapshot, &reference, &[]);
        let diff = differences(&tree(&output), &tree(&reference));
        assert!(diff.is_empty(), "not the last good site: {diff:?}");
        if stopped {
            return;
        }
        site.edit(file, "\nname: Twice\nabbreviation:", "\nabbreviation:");
        assert_eq!(serve.next_outcome(), Outcome::Built);
    }
    panic!("no save came while the site was written");
}
