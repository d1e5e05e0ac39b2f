//! Load: find the files of a content folder, read each one (in parallel) into the
//! typed model of `crate::model`, and collect every problem found on the way as a
//! finding with its file, line and column.
//!
//! Each kind of file has its reader beside this file; `yaml.rs` turns text into a
//! positioned tree and `fields.rs` reads typed values out of it.

pub mod agency;
pub mod agreements;
mod cache;
mod contact;
pub mod declare;
pub mod fields;
pub mod glossary;
pub mod lookalike;
pub mod meetings;
pub mod page;
pub mod pathways;
pub mod safe_read;
pub mod shadowing;
pub mod site;
pub mod topics;
pub mod yaml;

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::findings::{Code, Finding};
use crate::model::{
    Agency, Content, FileId, GlossaryEntry, Page, Pos, ShadowingOffer, Site, SourceFile, Topic,
};
pub use cache::Cache;
use fields::Reader;
use safe_read::Root;

/// The largest file we read. Real content files are a few kilobytes; anything
/// this big is a mistake (a pasted export, a binary), and refusing it keeps a
/// check fast and its memory small.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The content folder could not be read at all.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
    /// Whether the folder was wrongly named (usage) or could not be read (I/O).
    pub kind: LoadErrorKind,
}

/// What kind of failure a [`LoadError`] is (it decides the exit code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadErrorKind {
    /// No such folder, a file, or a folder inside a content folder.
    Usage,
    /// The folder exists but could not be read.
    Io,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LoadError {}

/// What loading gives: the content, what was wrong with it, and the ids of
/// records that were named but could not be read (so that references to them
/// are not reported a second time).
#[derive(Debug, Default)]
pub struct Loaded {
    pub content: Content,
    pub findings: Vec<Finding>,
    pub dropped: HashSet<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Site,
    Topics,
    Agency,
    Glossary,
    Shadowing,
    Page,
    Agreements,
    Meetings,
    Pathway,
}

/// One file to read.
struct Job {
    kind: Kind,
    /// Relative to the content folder, `/`-separated.
    rel: String,
    abs: PathBuf,
    stem: String,
}

/// The records read from one file.
#[derive(Clone)]
enum Records {
    None,
    Site(Box<Site>),
    Topics(Vec<Topic>),
    Agency(Box<Agency>),
    Glossary(Vec<GlossaryEntry>),
    Shadowing(Vec<ShadowingOffer>),
    Page(Box<Page>),
    Agreements(Vec<crate::model::Agreement>),
    Meetings(Vec<crate::model::Meeting>),
    Pathway(Box<crate::model::Pathway>),
}

#[derive(Clone)]
struct FileResult {
    source: SourceFile,
    records: Records,
    findings: Vec<Finding>,
    dropped: Vec<String>,
}

/// Whether a file or folder name is an editor's temporary or hidden file.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('_')
        || name.ends_with('~')
        || [".swp", ".tmp", ".bak"].iter().any(|s| name.ends_with(s))
}

fn has_yaml_ext(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

fn stem_of(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// Loads a content folder.
pub fn load(dir: &Path) -> Result<Loaded, LoadError> {
    load_from(dir, &content_root(dir)?, None)
}

/// Loads a content folder again, parsing only the files whose text changed
/// since the last load with this `cache` (`serve` keeps one between saves);
/// the result is the same as [`load`]'s.
pub fn load_cached(dir: &Path, cache: &mut Cache) -> Result<Loaded, LoadError> {
    load_from(dir, &content_root(dir)?, Some(cache))
}

/// The content folder, checked and opened for reading.
fn content_root(dir: &Path) -> Result<Root, LoadError> {
    check_folder(dir)?;
    Root::new(dir, "content folder").map_err(|e| LoadError {
        path: dir.to_owned(),
        message: format!("cannot read this folder: {e}"),
        kind: LoadErrorKind::Io,
    })
}

/// Whether `dir` can be a content folder: it exists, is a folder, and is not a
/// folder inside a content folder (`content/agencies`, which names its parent).
pub fn check_folder(dir: &Path) -> Result<(), LoadError> {
    let meta = fs::metadata(dir).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            LoadError {
                path: dir.to_owned(),
                message:
                    "no such folder; point --content at a content folder (one with site.yaml in it)"
                        .to_owned(),
                kind: LoadErrorKind::Usage,
            }
        } else {
            LoadError {
                path: dir.to_owned(),
                message: format!("cannot read this folder: {e}"),
                kind: LoadErrorKind::Io,
            }
        }
    })?;
    if !meta.is_dir() {
        return Err(LoadError {
            path: dir.to_owned(),
            message:
                "this is a file, not a folder; point --content at the folder that holds site.yaml"
                    .to_owned(),
            kind: LoadErrorKind::Usage,
        });
    }
    if let Some(parent) = content_folder_above(dir) {
        return Err(LoadError {
            path: dir.to_owned(),
            message: format!(
                "this is a folder inside a content folder, not a content folder; point --content at {} (the folder with site.yaml in it)",
                parent.display()
            ),
            kind: LoadErrorKind::Usage,
        });
    }
    Ok(())
}

fn load_from(dir: &Path, root: &Root, cache: Option<&mut Cache>) -> Result<Loaded, LoadError> {
    let Found {
        jobs,
        missing,
        skipped,
    } = crate::timing::phase("find files", || find_files(dir))?;
    let results: Vec<FileResult> = match cache {
        None => jobs
            .par_iter()
            .enumerate()
            .map(|(i, job)| read_file(root, job, FileId(i as u32)))
            .collect(),
        Some(cache) => crate::timing::phase("read files", || cache.read_all(root, &jobs)),
    };

    let mut loaded = cache::gather(results);
    let content = &mut loaded.content;
    // A file with no text, for a finding about a path that was not read.
    let mut unread_file = |path: String| {
        content.files.push(SourceFile {
            path,
            text: String::new(),
        });
        FileId(content.files.len() as u32 - 1)
    };
    // A missing required file is reported against its expected path.
    for (path, message) in missing {
        let id = unread_file(path);
        loaded
            .findings
            .push(Finding::in_file(Code::MissingField, id, message));
    }
    // Files that were left unread are named, so that nobody wonders where they went.
    for (path, message, hint) in skipped {
        let id = unread_file(path);
        loaded
            .findings
            .push(Finding::in_file(Code::SkippedFile, id, message).hint(hint));
    }
    Ok(loaded)
}

/// The content folder that holds `dir`, when `dir` has no `site.yaml` of its
/// own and is one of a content folder's folders (`agencies/`, `pages/`, …) or
/// sits directly in a folder with `site.yaml`.
fn content_folder_above(dir: &Path) -> Option<PathBuf> {
    let has_site = |d: &Path| ["site.yaml", "site.yml"].iter().any(|n| d.join(n).exists());
    if has_site(dir) {
        return None;
    }
    let abs = fs::canonicalize(dir).ok()?;
    let parent = abs.parent()?;
    has_site(parent).then(|| {
        // Show it as the user would type it: `content/agencies` -> `content`.
        match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => parent.to_path_buf(),
        }
    })
}

/// What is in a content folder: the files to read, the required files that
/// are missing (the expected path and what to say) and what was skipped (the
/// path, shown lossily, with why and what to do).
struct Found {
    jobs: Vec<Job>,
    missing: Vec<(String, String)>,
    skipped: Vec<(String, String, String)>,
}

/// Lists the files to read, in a stable order, the required files that are
/// missing and the names that look like content but cannot be read.
fn find_files(dir: &Path) -> Result<Found, LoadError> {
    let mut found = Found {
        jobs: Vec::new(),
        missing: Vec::new(),
        skipped: Vec::new(),
    };
    required_files(dir, &mut found);
    for (kind, folder) in [
        (Kind::Agency, "agencies"),
        (Kind::Glossary, "glossary"),
        (Kind::Shadowing, "shadowing"),
        (Kind::Page, "pages"),
        (Kind::Agreements, "agreements"),
        (Kind::Meetings, "meetings"),
        (Kind::Pathway, "pathways"),
    ] {
        let sub = dir.join(folder);
        if !sub.is_dir() {
            continue;
        }
        for name in folder_files(dir, kind, folder, &mut found.skipped)? {
            found.jobs.push(Job {
                kind,
                rel: format!("{folder}/{name}"),
                abs: sub.join(&name),
                stem: stem_of(&name).to_owned(),
            });
        }
    }
    found.skipped.extend(lookalike::top_level(dir));
    found.skipped.sort();
    Ok(found)
}

/// `site.yaml` and `topics.yaml`: each is read if there (or refused, with
/// the reason, even a link or a pipe), else said to be missing.
fn required_files(dir: &Path, found: &mut Found) {
    let (jobs, missing) = (&mut found.jobs, &mut found.missing);
    for (kind, names, why) in [
        (
            Kind::Site,
            ["site.yaml", "site.yml"],
            "the site's title and areas",
        ),
        (
            Kind::Topics,
            ["topics.yaml", "topics.yml"],
            "the list of topics (write `[]` for none yet)",
        ),
    ] {
        // Whatever is there is read (or refused, with the reason), even a link or a pipe.
        match names
            .iter()
            .find(|n| fs::symlink_metadata(dir.join(n)).is_ok())
        {
            Some(name) => jobs.push(Job {
                kind,
                rel: (*name).to_owned(),
                abs: dir.join(name),
                stem: stem_of(name).to_owned(),
            }),
            None => missing.push((
                names[0].to_owned(),
                format!(
                    "the content folder has no {}: it needs one, with {why}",
                    names[0]
                ),
            )),
        }
    }
}

/// The names of the files to read in `folder` (A to Z), adding to `skipped`
/// what looks like content there but cannot be read.
fn folder_files(
    dir: &Path,
    kind: Kind,
    folder: &str,
    skipped: &mut Vec<(String, String, String)>,
) -> Result<Vec<String>, LoadError> {
    let sub = dir.join(folder);
    let entries = fs::read_dir(&sub).map_err(|e| LoadError {
        path: sub.clone(),
        message: format!("cannot list this folder: {e}"),
        kind: LoadErrorKind::Io,
    })?;
    let wanted = |n: &str| {
        if kind == Kind::Page {
            n.ends_with(".md")
        } else {
            has_yaml_ext(n)
        }
    };
    let mut names: Vec<String> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = match entry.file_name().into_string() {
            Ok(name) => name,
            Err(raw) => {
                let shown = raw.to_string_lossy();
                if !is_skipped_name(&shown) && wanted(&shown) {
                    skipped.push((
                        format!("{folder}/{shown}"),
                        "this file's name is not UTF-8 text (shown here with � for what cannot be read), so joinedup skipped it".to_owned(),
                        "rename it using ordinary letters, digits and hyphens, like `northshire-police.yaml`".to_owned(),
                    ));
                }
                continue;
            }
        };
        if is_skipped_name(&name) {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !wanted(&name) {
            let found = if is_dir {
                lookalike::subfolder(dir, folder, &name)
            } else {
                lookalike::misnamed(folder, &name, kind == Kind::Page)
            };
            skipped.extend(found);
            continue;
        }
        // Links and anything that is not a file are looked at when read.
        if is_dir {
            skipped.push((
                format!("{folder}/{name}"),
                format!("this is a folder, not a file, so joinedup skipped it: it reads only the files directly in `{folder}/`"),
                format!("move the files inside it into `{folder}/`, or rename the folder so it does not end in `.{}`", name.rsplit('.').next().unwrap_or("yaml")),
            ));
            continue;
        }
        let ext = if kind == Kind::Page {
            ".md"
        } else if name.ends_with(".yml") {
            ".yml"
        } else {
            ".yaml"
        };
        if let Some(copy) = lookalike::copy_warning(folder, &name, ext) {
            skipped.push(copy);
            continue;
        }
        names.push(name);
    }
    names.sort();
    Ok(names)
}

/// Reads a file's text: refuses what is not an ordinary file inside the
/// content folder, huge files and invalid UTF-8, and drops a BOM.
fn read_text(root: &Root, path: &Path) -> Result<String, (Pos, String)> {
    let start = Pos { line: 1, column: 1 };
    let bytes = root
        .read(path, MAX_FILE_BYTES)
        .map_err(|refusal| (start, refusal.message(root)))?;
    if let Some(which) = utf16(&bytes) {
        return Err((
            start,
            format!(
                "this file is saved as UTF-16{which} (what Notepad and Word call \"Unicode\"), not UTF-8; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"
            ),
        ));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = String::from_utf8_lossy(good);
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err((
                Pos::new(line as u64, column as u64),
                "this file is not UTF-8 text; save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)".to_owned(),
            ));
        }
    };
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Whether bytes are UTF-16 text: with its byte-order mark, or without one when
/// every other byte is zero (the text is mostly ASCII, as YAML keys are).
/// Says which, for the message.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("");
    }
    let pairs = bytes.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros = |offset: usize| {
        bytes
            .iter()
            .skip(offset)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    (odd * 4 >= pairs * 3 || even * 4 >= pairs * 3).then_some(" without a byte-order mark")
}

fn read_file(root: &Root, job: &Job, file: FileId) -> FileResult {
    read_parsed(job, file, read_text(root, &job.abs))
}

/// A file's records, from its text (or the reason it could not be read).
fn read_parsed(job: &Job, file: FileId, text: Result<String, (Pos, String)>) -> FileResult {
    let text = match text {
        Ok(t) => t,
        Err((pos, message)) => {
            return FileResult {
                source: SourceFile {
                    path: job.rel.clone(),
                    text: String::new(),
                },
                records: Records::None,
                findings: vec![Finding::at(
                    Code::YamlSyntax,
                    crate::model::Loc { file, pos },
                    message,
                )],
                dropped: stem_dropped(job),
            };
        }
    };
    if job.kind == Kind::Page {
        let (page, findings) = page::read(file, &text, &job.stem);
        let dropped = if page.is_none() {
            stem_dropped(job)
        } else {
            Vec::new()
        };
        return FileResult {
            source: SourceFile {
                path: job.rel.clone(),
                text,
            },
            records: page.map_or(Records::None, |p| Records::Page(Box::new(p))),
            findings,
            dropped,
        };
    }
    let mut r = Reader::new(file);
    let records = match yaml::parse(&text) {
        Err(e) => {
            let pos = e.pos.unwrap_or(Pos { line: 1, column: 1 });
            let hint = e.hint();
            r.report(Code::YamlSyntax, pos, e.message, hint);
            r.dropped.extend(stem_dropped(job));
            Records::None
        }
        Ok(root) => {
            let root = root.as_ref();
            match job.kind {
                Kind::Site => site::read(&mut r, root, file)
                    .map_or(Records::None, |s| Records::Site(Box::new(s))),
                Kind::Topics => Records::Topics(topics::read(&mut r, root)),
                Kind::Agency => agency::read(&mut r, root, &job.stem, file)
                    .map_or(Records::None, |a| Records::Agency(Box::new(a))),
                Kind::Glossary => Records::Glossary(glossary::read(&mut r, root)),
                Kind::Shadowing => Records::Shadowing(shadowing::read(&mut r, root)),
                Kind::Page => Records::None,
                Kind::Agreements => Records::Agreements(agreements::read(&mut r, root)),
                Kind::Meetings => Records::Meetings(meetings::read(&mut r, root)),
                Kind::Pathway => pathways::read(&mut r, root, &job.stem, file)
                    .map_or(Records::None, |p| Records::Pathway(Box::new(p))),
            }
        }
    };
    if job.kind == Kind::Agency
        && matches!(records, Records::None)
        && !r.dropped.contains(&job.stem)
    {
        r.dropped.push(job.stem.clone());
    }
    let (findings, dropped) = (r.findings, r.dropped);
    FileResult {
        source: SourceFile {
            path: job.rel.clone(),
            text,
        },
        records,
        findings,
        dropped,
    }
}

/// Agencies and pages are named by their file: if the file cannot be read,
/// references to that name are not reported as dangling.
fn stem_dropped(job: &Job) -> Vec<String> {
    match job.kind {
        Kind::Agency => vec![job.stem.clone()],
        Kind::Page => vec![format!("page:{}", job.stem)],
        _ => Vec::new(),
    }
}
