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

use std::collections::HashMap;
use std::fs::Metadata;
use std::path::Path;
use std::time::{Duration, SystemTime};

use rayon::prelude::*;

use super::safe_read::Root;
use super::{FileResult, Job, Kind, Records, read_parsed, read_text};
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
        let read: Vec<(FileResult, Entry)> = jobs
            .par_iter()
            .zip(prior.into_par_iter())
            .enumerate()
            .map(|(i, (job, prior))| read_one(root, job, FileId(i as u32), prior))
            .collect();
        let mut results = Vec::with_capacity(jobs.len());
        let mut kept = HashMap::with_capacity(jobs.len());
        for (job, (result, entry)) in jobs.iter().zip(read) {
            kept.insert(job.rel.clone(), entry);
            results.push(result);
        }
        self.files = kept;
        self.order = jobs.iter().map(|j| j.rel.clone()).collect();
        self.loads += 1;
        results
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

    /// Takes back a copy of the records of `content` (see [`Cache::give_back`])
    /// when it is still needed: each file's records are copied on their own,
    /// in parallel.
    pub fn give_back_copy(&mut self, content: &Content, load: u64) {
        if load != self.loads || !self.adds_up(content) {
            return;
        }
        // Where each file's records start among those of its kind.
        let mut next: HashMap<Kind, usize> = HashMap::new();
        let mut places = Vec::with_capacity(self.order.len());
        for (i, rel) in self.order.iter().enumerate() {
            let Some(e) = self.files.get(rel) else {
                return;
            };
            let start = next.entry(e.kind).or_default();
            places.push((i, e.kind, *start, e.count));
            *start += e.count;
        }
        let copies: Vec<Option<(SourceFile, Records)>> = places
            .into_par_iter()
            .map(|(i, kind, start, n)| {
                let source = content.files.get(i)?.clone();
                Some((source, copy(content, kind, start, n)?))
            })
            .collect();
        for (rel, copy) in self.order.iter().zip(copies) {
            if let Some(e) = self.files.get_mut(rel)
                && copy.as_ref().is_some_and(|(source, _)| source.path == *rel)
            {
                e.held = copy;
            }
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

/// One file of a load: its records as kept, when its text and place are
/// what they were, or else parsed; and what to keep of it.
fn read_one(root: &Root, job: &Job, file: FileId, prior: Option<Entry>) -> (FileResult, Entry) {
    // Taken before the file is read: a change while it is read makes the next stamp differ.
    let stamp = Stamp::of_settled(&job.abs);
    let kept = prior.filter(|e| e.file == file && e.kind == job.kind && e.stem == job.stem);
    if let Some(mut e) = kept
        && let Some((source, records)) = e.held.take()
    {
        if stamp.is_some() && e.stamp == stamp {
            return e.lend(source, records, stamp);
        }
        let text = read_text(root, &job.abs);
        if text.as_ref().is_ok_and(|t| *t == source.text) {
            return e.lend(source, records, stamp);
        }
        return parse(job, file, text, stamp);
    }
    let text = read_text(root, &job.abs);
    parse(job, file, text, stamp)
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

/// A copy of the `n` records of a file of `kind` that start at `start` among
/// those of its kind in `content`.
fn copy(content: &Content, kind: Kind, start: usize, n: usize) -> Option<Records> {
    let range = start..start + n;
    let one = n == 1;
    Some(match kind {
        Kind::Site if one => Records::Site(Box::new(content.site.clone()?)),
        Kind::Agency if one => Records::Agency(Box::new(content.agencies.get(start)?.clone())),
        Kind::Page if one => Records::Page(Box::new(content.pages.get(start)?.clone())),
        Kind::Pathway if one => Records::Pathway(Box::new(content.pathways.get(start)?.clone())),
        Kind::Topics => Records::Topics(content.topics.get(range)?.to_vec()),
        Kind::Glossary => Records::Glossary(content.glossary.get(range)?.to_vec()),
        Kind::Shadowing => Records::Shadowing(content.shadowing.get(range)?.to_vec()),
        Kind::Agreements => Records::Agreements(content.agreements.get(range)?.to_vec()),
        Kind::Meetings => Records::Meetings(content.meetings.get(range)?.to_vec()),
        _ => Records::None,
    })
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
        // A copy given back is lent like the content itself.
        let content = fourth.map(|l| l.content).unwrap_or_default();
        cache.give_back_copy(&content, n + 2);
        assert_eq!(
            held(&cache),
            cache.order.len(),
            "every file's records are back"
        );
        let fifth = load_cached(&dir, &mut cache).ok();
        assert_eq!(format!("{:?}", fifth.as_ref().map(|l| &l.content)), fresh);
    }
}
