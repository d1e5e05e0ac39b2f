//! The one way a build writes a file: every page, theme asset, data export
//! and search index file goes through [`Out::write`], which counts what was
//! written; and the files besides the pages are listed as data ([`EXPORTS`]).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::directory::Directory;
use super::output::Staging;
use super::pages::Job;
use super::theme::Theme;
use super::{exports, json_export};
use crate::model::Date;
use crate::resolve::Resolved;

/// Writes files into the staging folder, counting files and bytes.
pub(crate) struct Out<'s> {
    staging: &'s Staging,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl<'s> Out<'s> {
    /// Writes into `staging`.
    pub(crate) fn new(staging: &'s Staging) -> Out<'s> {
        Out {
            staging,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    /// Creates the folders of the files at `paths` (relative to the site's
    /// root) once each, in order, before any is written.
    pub(crate) fn make_folders<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<(), String> {
        self.staging.make_folders(paths)
    }

    /// Writes one file at `path` (relative to the site's root).
    pub(crate) fn write(&self, path: &str, data: &[u8]) -> Result<(), String> {
        self.staging.write(path, data)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// The files and bytes written so far.
    pub(crate) fn totals(&self) -> (usize, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }
}

/// What the exports are made from: the views the pages show (`dir`), and
/// the resolved content they come from (`resolved`), which an export that
/// needs the content's own shape (an Open Referral export, say) reads
/// directly rather than working facts back out of the views.
pub(crate) struct Sources<'a> {
    pub(crate) dir: &'a Directory,
    pub(crate) resolved: &'a Resolved<'a>,
    pub(crate) jobs: &'a [Job],
    pub(crate) today: Date,
}

/// Makes one export's text, or nothing when this build has none.
type Make = fn(&Sources) -> Result<Option<String>, String>;

/// Every file a build writes besides the pages, the theme's assets and the
/// search index: its path and what makes it, in the order they are written.
pub(crate) const EXPORTS: &[(&str, Make)] = &[
    ("data/directory.json", |s| {
        json_export::directory_json(s.dir).map(Some)
    }),
    ("data/agencies.csv", |s| {
        exports::agencies_csv(s.dir).map(Some)
    }),
    ("data/contacts.csv", |s| {
        exports::contacts_csv(s.dir).map(Some)
    }),
    ("data/glossary.csv", |s| {
        exports::glossary_csv(s.dir, s.resolved.content).map(Some)
    }),
    ("shadowing/calendar.ics", |s| {
        Ok(Some(exports::calendar(s.dir, s.today)))
    }),
    // Only with a base URL: a sitemap lists absolute addresses.
    ("sitemap.xml", |s| {
        Ok(s.dir.site.base_url.as_deref().map(|base| {
            let paths: Vec<String> = (s.jobs.iter())
                .filter(|j| j.in_sitemap)
                .map(|j| j.path.clone())
                .collect();
            exports::sitemap(base, &paths)
        }))
    }),
];

/// Writes the theme's static files and the exports, one at a time (so that
/// only one export is in memory at once).
pub(crate) fn assets_and_exports(
    theme: &Theme,
    sources: &Sources,
    out: &Out,
) -> Result<(), String> {
    for (path, bytes) in &theme.assets {
        out.write(&format!("assets/{path}"), bytes)?;
    }
    for (path, make) in EXPORTS {
        if let Some(text) = make(sources)? {
            out.write(path, text.as_bytes())?;
        }
    }
    Ok(())
}
