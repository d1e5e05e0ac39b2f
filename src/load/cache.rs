//! What `serve` keeps of a load between saves: every file's records, by its
//! path, its text and its place in the list of files (the place is each
//! record's file id, which findings and positions carry). A file is parsed
//! again only when its text or its place changed, so a save re-parses the one
//! file saved, and the result equals a fresh load's.
//!
//! The records are not copied: a load moves them into the content it gives,
//! and `serve` gives that content back when its rebuild is done
//! ([`Cache::give_back`]); each file's records are taken back out of it by
//! their number, in the files' order. A file whose records were not given
//! back (the content of a rebuild a newer save stopped) is parsed again.
//!
//! A file is not even read again when what the file system says of it (its
//! device, inode, size, and times of change) is what it said last time and
//! those times were then more than a few seconds old: a file written since
//! has a newer change time (`ctime`, which no program can set back), so it
//! cannot look the same. A file changed in the seconds before it was last
//! read (a save) is always read again; so is a link, which may point
//! elsewhere while staying the same itself.
//!
//! The content of a rebuild that a newer save stopped while it wrote the site
//! is given back too ([`Cache::give_back_unfinished`]): should the newer
//! content have errors, that rebuild is finished, and its content is made
//! again from the records kept ([`Cache::restore`]), with the old entries of
//! the files that later loads parsed again or no longer found.

use std::collections::{HashMap, HashSet};
use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::safe_read::Root;
use super::{FileResult, Job, Kind, Loaded, Records, read_parsed, read_text};
use crate::findings::Finding;
use crate::model::{Content, FileId, SourceFile};

/// The files read by the last load, by their path in the content folder.
#[derive(Default)]
pub struct Cache {
    files: HashMap<String, Entry>,
    /// The last load's files in their order (a file's place is its id).
    order: Vec<String>,
    /// Counts the loads: only the last one's content is taken back.
    loads: u64,
    /// A content given back while its rebuild is unfinished.
    unfinished: Option<Unfinished>,
}

/// What makes a content given back unfinished again: its files' order, the
/// entries as they were of its files that later loads parsed again or did
/// not find (the others are still the cache's own), and what its load said
/// besides the files' records.
struct Unfinished {
    order: Vec<String>,
    replaced: HashMap<String, Entry>,
    findings: Vec<Finding>,
    dropped: HashSet<String>,
    /// The files named but not read (missing, skipped), after the others.
    unread: Vec<SourceFile>,
}

struct Entry {
    kind: Kind,
    stem: String,
    file: FileId,
    /// How many records the file gave, to take them back out of the content.
    count: usize,
    findings: Vec<Finding>,
    dropped: Vec<String>,
    /// The file's text and records, once the content they went into is back.
    held: Option<(SourceFile, Records)>,
    /// What the file system said of the file before it was read, when its
    /// times were already settled then ([`Stamp::settled`]).
    stamp: Option<Stamp>,
}

/// What the file system says of a file: when it is the same as when the file
/// was read and was settled then, the file is the one read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Stamp {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

/// How old a file's times must be for its stamp to be trusted next time: a
/// file system's clock may lag the system's, or round its times to 2 seconds.
const SETTLED: Duration = Duration::from_secs(5);

impl Stamp {
    /// The stamp of the file at `path` (not followed if it is a link), if
    /// its times are settled; none for a link, or where there is no inode.
    fn of_settled(path: &Path) -> Option<Stamp> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if meta.file_type().is_symlink() {
            return None;
        }
        let stamp = Stamp::of(&meta)?;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let before = i64::try_from(now.checked_sub(SETTLED)?.as_secs()).ok()?;
        (stamp.modified.0 < before && stamp.changed.0 < before).then_some(stamp)
    }

    #[cfg(unix)]
    fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_meta: &Metadata) -> Option<Stamp> {
        None
    }
}

impl Cache {
    /// Reads every file; parses only those whose text or place changed, and
    /// keeps what it read for the next load.
    pub(super) fn read_all(&mut self, root: &Root, jobs: &[Job]) -> Vec<FileResult> {
        let mut files = std::mem::take(&mut self.files);
        let prior: Vec<Option<Entry>> = jobs.iter().map(|j| files.remove(&j.rel)).collect();
        let read: Vec<(FileResult, Entry, Option<Entry>)> = jobs
            .par_iter()
            .zip(prior.into_par_iter())
            .enumerate()
            .map(|(i, (job, prior))| read_one(root, job, FileId(i as u32), prior))
            .collect();
        let mut results = Vec::with_capacity(jobs.len());
        let mut kept = HashMap::with_capacity(jobs.len());
        for (job, (result, entry, replaced)) in jobs.iter().zip(read) {
            kept.insert(job.rel.clone(), entry);
            results.push(result);
            if let Some(old) = replaced {
                self.set_aside(job.rel.clone(), old);
            }
        }
        // The files no longer found.
        for (rel, old) in files {
            self.set_aside(rel, old);
        }
        self.files = kept;
        self.order = jobs.iter().map(|j| j.rel.clone()).collect();
        self.loads += 1;
        results
    }

    /// Keeps an entry that a load replaced (or a file it did not find) as it
    /// was, if a content given back unfinished needs it.
    fn set_aside(&mut self, rel: String, old: Entry) {
        if let Some(u) = &mut self.unfinished {
            u.replaced.entry(rel).or_insert(old);
        }
    }

    /// Which load was the last (see [`Cache::give_back`]).
    pub fn loads(&self) -> u64 {
        self.loads
    }

    /// Takes back the records of the content that load number `load` gave,
    /// once nothing needs that content, so the next load need not parse or
    /// copy them. The content of an older load is dropped; so is any whose
    /// records do not add up to what its files gave (its files are parsed
    /// again next time).
    pub fn give_back(&mut self, content: Content, load: u64) {
        if load != self.loads || !self.adds_up(&content) {
            return;
        }
        let Content {
            files,
            mut site,
            topics,
            agencies,
            glossary,
            shadowing,
            pages,
            agreements,
            meetings,
            pathways,
        } = content;
        let mut files = files.into_iter();
        let (mut topics, mut agencies, mut glossary) = (
            topics.into_iter(),
            agencies.into_iter(),
            glossary.into_iter(),
        );
        let (mut shadowing, mut pages, mut agreements) = (
            shadowing.into_iter(),
            pages.into_iter(),
            agreements.into_iter(),
        );
        let (mut meetings, mut pathways) = (meetings.into_iter(), pathways.into_iter());
        for rel in &self.order {
            let (Some(source), Some(e)) = (files.next(), self.files.get_mut(rel)) else {
                return;
            };
            if source.path != *rel {
                return;
            }
            let n = e.count;
            let one = n == 1;
            let records = match e.kind {
                Kind::Site if one => site.take().map(|s| Records::Site(Box::new(s))),
                Kind::Agency if one => agencies.next().map(|a| Records::Agency(Box::new(a))),
                Kind::Page if one => pages.next().map(|p| Records::Page(Box::new(p))),
                Kind::Pathway if one => pathways.next().map(|p| Records::Pathway(Box::new(p))),
                Kind::Topics => Some(Records::Topics(topics.by_ref().take(n).collect())),
                Kind::Glossary => Some(Records::Glossary(glossary.by_ref().take(n).collect())),
                Kind::Shadowing => Some(Records::Shadowing(shadowing.by_ref().take(n).collect())),
                Kind::Agreements => {
                    Some(Records::Agreements(agreements.by_ref().take(n).collect()))
                }
                Kind::Meetings => Some(Records::Meetings(meetings.by_ref().take(n).collect())),
                _ => Some(Records::None),
            };
            e.held = records.map(|r| (source, r));
        }
    }

    /// Whether [`Cache::give_back_unfinished`] takes `content` back: it is
    /// the last load's (number `load`), whole.
    pub fn takes_back(&self, content: &Content, load: u64) -> bool {
        let files = &content.files;
        let paths_match = (self.order.iter().zip(files)).all(|(rel, f)| *rel == f.path);
        load == self.loads && self.adds_up(content) && paths_match
    }

    /// Takes back the records of `loaded` like [`Cache::give_back`], from a
    /// rebuild that did not finish: [`Cache::restore`] makes it again if it is
    /// to be finished. Nothing is kept unless [`Cache::takes_back`] it.
    pub fn give_back_unfinished(&mut self, loaded: Loaded, load: u64) {
        if !self.takes_back(&loaded.content, load) {
            return;
        }
        let Loaded {
            mut content,
            findings,
            dropped,
        } = loaded;
        let unread = content.files.split_off(self.order.len());
        self.give_back(content, load);
        self.unfinished = Some(Unfinished {
            order: self.order.clone(),
            replaced: HashMap::new(),
            findings,
            dropped,
            unread,
        });
    }

    /// The content given back unfinished, made again (each file's records
    /// lent as a load lends them), with the number to give it back by; none
    /// if there is none or a file's records are missing.
    pub fn restore(&mut self) -> Option<(Loaded, u64)> {
        let mut u = self.unfinished.take()?;
        let whole = u.order.iter().enumerate().all(|(i, rel)| {
            let e = u.replaced.get(rel).or_else(|| self.files.get(rel));
            e.is_some_and(|e| e.held.is_some() && e.file == FileId(i as u32))
        });
        if !whole {
            return None;
        }
        let mut results = Vec::with_capacity(u.order.len());
        let mut files = HashMap::with_capacity(u.order.len());
        for rel in &u.order {
            let e = u.replaced.remove(rel).or_else(|| self.files.remove(rel));
            if let Some(mut e) = e
                && let Some((source, records)) = e.held.take()
            {
                let stamp = e.stamp;
                let (result, entry) = e.lend(source, records, stamp);
                results.push(result);
                files.insert(rel.clone(), entry);
            }
        }
        // The newer files' entries go: the next load reads those files again.
        let newer = std::mem::replace(&mut self.files, files);
        std::thread::spawn(move || drop((newer, u.replaced)));
        self.order = u.order;
        self.loads += 1;
        let mut loaded = gather(results);
        loaded.content.files.extend(u.unread);
        loaded.findings = u.findings;
        loaded.dropped = u.dropped;
        Some((loaded, self.loads))
    }

    /// Forgets the content given back unfinished (a later rebuild wrote the
    /// site over it).
    pub fn forget_unfinished(&mut self) {
        if let Some(u) = self.unfinished.take() {
            std::thread::spawn(move || drop(u));
        }
    }

    /// Whether `content` has as many records of each kind as the last load's
    /// files gave, and a file for each.
    fn adds_up(&self, content: &Content) -> bool {
        let mut counts: HashMap<Kind, usize> = HashMap::new();
        for rel in &self.order {
            let Some(e) = self.files.get(rel) else {
                return false;
            };
            *counts.entry(e.kind).or_default() += e.count;
        }
        let n = |k: Kind| counts.get(&k).copied().unwrap_or(0);
        content.files.len() >= self.order.len()
            && n(Kind::Site) == usize::from(content.site.is_some())
            && n(Kind::Topics) == content.topics.len()
            && n(Kind::Agency) == content.agencies.len()
            && n(Kind::Glossary) == content.glossary.len()
            && n(Kind::Shadowing) == content.shadowing.len()
            && n(Kind::Page) == content.pages.len()
            && n(Kind::Agreements) == content.agreements.len()
            && n(Kind::Meetings) == content.meetings.len()
            && n(Kind::Pathway) == content.pathways.len()
    }
}

/// The content of files read (or lent), in their order: their records,
/// findings and the ids they dropped.
pub(super) fn gather(results: Vec<FileResult>) -> Loaded {
    let mut loaded = Loaded::default();
    let content = &mut loaded.content;
    for result in results {
        content.files.push(result.source);
        loaded.findings.extend(result.findings);
        loaded.dropped.extend(result.dropped);
        match result.records {
            Records::None => {}
            Records::Site(s) => content.site = Some(*s),
            Records::Topics(t) => content.topics.extend(t),
            Records::Agency(a) => content.agencies.push(*a),
            Records::Glossary(g) => content.glossary.extend(g),
            Records::Shadowing(s) => content.shadowing.extend(s),
            Records::Page(p) => content.pages.push(*p),
            Records::Agreements(a) => content.agreements.extend(a),
            Records::Meetings(m) => content.meetings.extend(m),
            Records::Pathway(p) => content.pathways.push(*p),
        }
    }
    loaded
}

/// One file of a load: its records as kept, when its text and place are
/// what they were, or else parsed; what to keep of it; and the entry it
/// had, when that is not kept.
fn read_one(
    root: &Root,
    job: &Job,
    file: FileId,
    prior: Option<Entry>,
) -> (FileResult, Entry, Option<Entry>) {
    // Taken before the file is read: a change while it is read makes the next stamp differ.
    let stamp = Stamp::of_settled(&job.abs);
    let Some(mut e) = prior else {
        let (result, entry) = parse(job, file, read_text(root, &job.abs), stamp);
        return (result, entry, None);
    };
    if e.file == file
        && e.kind == job.kind
        && e.stem == job.stem
        && let Some((source, records)) = e.held.take()
    {
        if stamp.is_some() && e.stamp == stamp {
            let (result, entry) = e.lend(source, records, stamp);
            return (result, entry, None);
        }
        let text = read_text(root, &job.abs);
        if text.as_ref().is_ok_and(|t| *t == source.text) {
            let (result, entry) = e.lend(source, records, stamp);
            return (result, entry, None);
        }
        e.held = Some((source, records));
        let (result, entry) = parse(job, file, text, stamp);
        return (result, entry, Some(e));
    }
    let (result, entry) = parse(job, file, read_text(root, &job.abs), stamp);
    (result, entry, Some(e))
}

/// A file's records parsed from `text`, and what to keep of them.
fn parse(
    job: &Job,
    file: FileId,
    text: Result<String, (crate::model::Pos, String)>,
    stamp: Option<Stamp>,
) -> (FileResult, Entry) {
    let stamp = stamp.filter(|_| text.is_ok());
    let result = read_parsed(job, file, text);
    let entry = Entry {
        kind: job.kind,
        stem: job.stem.clone(),
        file,
        count: count(&result.records),
        findings: result.findings.clone(),
        dropped: result.dropped.clone(),
        held: None,
        stamp,
    };
    (result, entry)
}

impl Entry {
    /// Lends the file's records to a load (they come back with the content).
    fn lend(
        self,
        source: SourceFile,
        records: Records,
        stamp: Option<Stamp>,
    ) -> (FileResult, Entry) {
        let result = FileResult {
            source,
            records,
            findings: self.findings.clone(),
            dropped: self.dropped.clone(),
        };
        (result, Entry { stamp, ..self })
    }
}

/// How many records a file gave.
fn count(records: &Records) -> usize {
    match records {
        Records::None => 0,
        Records::Site(_) | Records::Agency(_) | Records::Page(_) | Records::Pathway(_) => 1,
        Records::Topics(v) => v.len(),
        Records::Glossary(v) => v.len(),
        Records::Shadowing(v) => v.len(),
        Records::Agreements(v) => v.len(),
        Records::Meetings(v) => v.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, load_cached};

    fn example() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    fn held(cache: &Cache) -> usize {
        cache.files.values().filter(|e| e.held.is_some()).count()
    }

    #[test]
    fn content_given_back_is_lent_again_and_equals_a_fresh_load() {
        let dir = example();
        let fresh = format!("{:?}", load(&dir).map(|l| l.content).ok());
        let mut cache = Cache::default();
        let first = load_cached(&dir, &mut cache).ok();
        assert_eq!(format!("{:?}", first.as_ref().map(|l| &l.content)), fresh);
        assert_eq!(held(&cache), 0, "lent out until given back");
        let n = cache.loads();
        cache.give_back(first.map(|l| l.content).unwrap_or_default(), n);
        assert_eq!(
            held(&cache),
            cache.order.len(),
            "every file's records are back"
        );
        assert!(cache.order.len() > 10);
        // The next load takes them again, parsing nothing, and equals a fresh load.
        let second = load_cached(&dir, &mut cache).ok();
        assert_eq!(format!("{:?}", second.as_ref().map(|l| &l.content)), fresh);
        assert_eq!(held(&cache), 0);
        // Content from an older load, or that does not add up, is not taken back.
        let third = second.map(|l| l.content).unwrap_or_default();
        cache.give_back(third.clone(), n);
        assert_eq!(held(&cache), 0);
        let mut short = third;
        short.agencies.pop();
        cache.give_back(short, n + 1);
        assert_eq!(held(&cache), 0);
        // Then the files are parsed again, and the load still equals a fresh one.
        let fourth = load_cached(&dir, &mut cache).ok();
        assert_eq!(format!("{:?}", fourth.as_ref().map(|l| &l.content)), fresh);
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read_dir").flatten() {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy_dir(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).expect("copy");
            }
        }
    }

    fn shown(loaded: &Loaded) -> String {
        let mut dropped: Vec<&String> = loaded.dropped.iter().collect();
        dropped.sort();
        format!("{:?}\n{:?}\n{dropped:?}", loaded.content, loaded.findings)
    }

    #[test]
    fn content_given_back_unfinished_is_made_again_after_later_loads() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("content");
        copy_dir(&example(), &dir);
        let mut cache = Cache::default();
        let first = load_cached(&dir, &mut cache).expect("load");
        let before = shown(&first);
        let n = cache.loads();
        assert!(cache.takes_back(&first.content, n));
        cache.give_back_unfinished(first, n);
        assert_eq!(
            held(&cache),
            cache.order.len(),
            "every file's records are back"
        );
        // Later loads: a file changed twice, one deleted, one added before
        // the others (every later file's place moves), one with an error.
        let police = dir.join("agencies/northshire-police.yaml");
        let text = std::fs::read_to_string(&police).expect("read");
        std::fs::write(&police, text.replace("name: Northshire Police", "name: A")).expect("write");
        std::fs::remove_file(dir.join("agencies/kingsmouth-foodbank.yaml")).expect("rm");
        let second = load_cached(&dir, &mut cache).expect("load");
        cache.give_back(second.content, cache.loads());
        std::fs::write(
            &police,
            text.replace("name: Northshire Police", "name: B\nname: C"),
        )
        .expect("write");
        let added =
            std::fs::read_to_string(dir.join("agencies/kingsmouth-homes.yaml")).expect("read");
        std::fs::write(dir.join("agencies/aaa.yaml"), added).expect("write");
        let third = load_cached(&dir, &mut cache).expect("load");
        assert!(
            third
                .findings
                .iter()
                .any(|f| f.severity() == crate::findings::Severity::Error)
        );
        cache.give_back(third.content, cache.loads());
        // Made again, it is the first load's.
        let (again, m) = cache.restore().expect("restored");
        assert_eq!(shown(&again), before);
        assert!(cache.restore().is_none(), "once");
        // Given back, the next load is of the files as they are now.
        cache.give_back(again.content, m);
        let now = load_cached(&dir, &mut cache).expect("load");
        assert_eq!(shown(&now), shown(&load(&dir).expect("load")));
    }
}
