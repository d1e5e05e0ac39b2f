//! What `serve` keeps of a load between saves: every file's records, by its
//! path, its text and its place in the list of files (the place is each
//! record's file id, which findings and positions carry). A file is parsed
//! again only when its text or its place changed, so a save re-parses the one
//! file saved, and the result equals a fresh load's.

use std::collections::HashMap;

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
}

impl Cache {
    /// Reads every file; parses only those whose text or place changed, and
    /// keeps what it read for the next load.
    pub(super) fn read_all(&mut self, root: &Root, jobs: &[Job]) -> Vec<FileResult> {
        let read: Vec<(FileResult, bool)> = jobs
            .par_iter()
            .enumerate()
            .map(|(i, job)| {
                let file = FileId(i as u32);
                let text = read_text(root, &job.abs);
                let kept = self.files.get(&job.rel).filter(|e| {
                    e.file == file
                        && e.kind == job.kind
                        && e.stem == job.stem
                        && text.as_ref().is_ok_and(|t| *t == e.result.source.text)
                });
                match kept {
                    Some(e) => (e.result.clone(), false),
                    None => (read_parsed(job, file, text), true),
                }
            })
            .collect();
        let mut files = std::mem::take(&mut self.files);
        let mut kept = HashMap::with_capacity(jobs.len());
        let mut results = Vec::with_capacity(jobs.len());
        for (i, (job, (result, parsed))) in jobs.iter().zip(read).enumerate() {
            let entry = match files.remove(&job.rel) {
                Some(e) if !parsed => e,
                _ => Entry {
                    kind: job.kind,
                    stem: job.stem.clone(),
                    file: FileId(i as u32),
                    result: result.clone(),
                },
            };
            kept.insert(job.rel.clone(), entry);
            results.push(result);
        }
        self.files = kept;
        results
    }
}
