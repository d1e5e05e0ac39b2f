//! What `serve` keeps of a load between saves: every file's records, by its
//! path, its text and its place in the list of files (the place is each
//! record's file id, which findings and positions carry). A file is parsed
//! again only when its text or its place changed, so a save re-parses the one
//! file saved, and the result equals a fresh load's.
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
use super::{FileResult, Job, Kind, read_parsed, read_text};
use crate::model::FileId;

/// The files read by the last load, by their path in the content folder.
#[derive(Default)]
pub struct Cache {
    files: HashMap<String, Entry>,
}

struct Entry {
    kind: Kind,
    stem: String,
    file: FileId,
    result: FileResult,
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
        let read: Vec<(FileResult, bool, Option<Stamp>)> = jobs
            .par_iter()
            .enumerate()
            .map(|(i, job)| {
                let file = FileId(i as u32);
                let kept = self
                    .files
                    .get(&job.rel)
                    .filter(|e| e.file == file && e.kind == job.kind && e.stem == job.stem);
                // Taken before the file is read: a change while it is read
                // makes the next stamp differ.
                let stamp = Stamp::of_settled(&job.abs);
                if let Some(e) = kept
                    && stamp.is_some()
                    && e.stamp == stamp
                {
                    return (e.result.clone(), false, stamp);
                }
                let text = read_text(root, &job.abs);
                let stamp = stamp.filter(|_| text.is_ok());
                match kept.filter(|e| text.as_ref().is_ok_and(|t| *t == e.result.source.text)) {
                    Some(e) => (e.result.clone(), false, stamp),
                    None => (read_parsed(job, file, text), true, stamp),
                }
            })
            .collect();
        let mut files = std::mem::take(&mut self.files);
        let mut kept = HashMap::with_capacity(jobs.len());
        let mut results = Vec::with_capacity(jobs.len());
        for (i, (job, (result, parsed, stamp))) in jobs.iter().zip(read).enumerate() {
            let entry = match files.remove(&job.rel) {
                Some(e) if !parsed => Entry { stamp, ..e },
                _ => Entry {
                    kind: job.kind,
                    stem: job.stem.clone(),
                    file: FileId(i as u32),
                    result: result.clone(),
                    stamp,
                },
            };
            kept.insert(job.rel.clone(), entry);
            results.push(result);
        }
        self.files = kept;
        results
    }
}
