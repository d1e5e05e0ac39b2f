//! The one way a build writes a file: every page, theme asset, data export
//! and search index file goes through [`Out::write`], which counts what was
//! written; and the files besides the pages are listed as data ([`EXPORTS`]).

use std::io::{self, BufWriter, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use super::digest;
use super::directory::Directory;
use super::in_place::{Digests, InPlace};
use super::output::Staging;
use super::theme::Theme;
use super::{exports, json_export};
use crate::model::Date;
use crate::resolve::Resolved;

/// Where a build's files go: a staging folder swapped in when all is
/// written, or the folder of the last build, written over in place.
pub(crate) enum Target<'s> {
    Staging(&'s Staging),
    InPlace(&'s InPlace),
}

/// Writes the site's files, counting files and bytes; with `digests`, keeps
/// a digest of every file written (always, when writing in place).
pub(crate) struct Out<'s> {
    target: Target<'s>,
    digests: Option<Mutex<Digests>>,
    files: AtomicUsize,
    bytes: AtomicU64,
}

impl<'s> Out<'s> {
    /// Writes into `target`, keeping the files' digests if asked.
    pub(crate) fn new(target: Target<'s>, keep_digests: bool) -> Out<'s> {
        let keep_digests = keep_digests || matches!(target, Target::InPlace(_));
        Out {
            target,
            digests: keep_digests.then(Mutex::default),
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
        match self.target {
            Target::Staging(s) => s.make_folders(paths),
            Target::InPlace(p) => p.make_folders(paths),
        }
    }

    /// Writes one file at `path` (relative to the site's root).
    pub(crate) fn write(&self, path: &str, data: &[u8]) -> Result<(), String> {
        let digest = self.digests.as_ref().map(|_| digest::of(data));
        match (&self.target, digest) {
            (Target::InPlace(p), Some(d)) => p.write(path, data, d)?,
            _ => self.staging_write(path, data)?,
        }
        if let (Some(digests), Some(d)) = (&self.digests, digest) {
            let mut digests = digests.lock().map_err(|_| "a writer failed".to_owned())?;
            digests.insert(path.to_owned(), d);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(data.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    fn staging_write(&self, path: &str, data: &[u8]) -> Result<(), String> {
        match self.target {
            Target::Staging(s) => s.write(path, data),
            Target::InPlace(_) => Err(format!("cannot write {path}: no digest")),
        }
    }

    /// Writes one file at `path` as `make` makes it, through a buffer, so
    /// that a big export is never held whole (except when its digest is
    /// kept: then it is made in memory and written like any other file).
    pub(crate) fn write_with(
        &self,
        path: &str,
        make: impl FnOnce(&mut dyn Write) -> Result<(), String>,
    ) -> Result<(), String> {
        let Target::Staging(staging) = self.target else {
            return self.write_made(path, make);
        };
        if self.digests.is_some() {
            return self.write_made(path, make);
        }
        let mut file = Counted {
            inner: BufWriter::with_capacity(1 << 16, staging.create(path)?),
            bytes: 0,
        };
        (make(&mut file))
            .and_then(|()| file.flush().map_err(|e| e.to_string()))
            .map_err(|e| format!("cannot write {path}: {e}"))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(file.bytes, Ordering::Relaxed);
        Ok(())
    }

    /// Makes a file in memory, then writes it.
    fn write_made(
        &self,
        path: &str,
        make: impl FnOnce(&mut dyn Write) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut data = Vec::new();
        make(&mut data).map_err(|e| format!("cannot write {path}: {e}"))?;
        self.write(path, &data)
    }

    /// The digests of every file written, if they were kept.
    pub(crate) fn digests(self) -> Option<Digests> {
        self.digests.and_then(|d| d.into_inner().ok())
    }

    /// The files and bytes written so far.
    pub(crate) fn totals(&self) -> (usize, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }
}

/// A writer that counts the bytes written through it.
struct Counted<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// What the exports are made from: the views the pages show (`dir`), and
/// the resolved content they come from (`resolved`), which an export that
/// needs the content's own shape (an Open Referral export, say) reads
/// directly rather than working facts back out of the views.
pub(crate) struct Sources<'a> {
    pub(crate) dir: &'a Directory,
    pub(crate) resolved: &'a Resolved<'a>,
    /// The pages the sitemap lists.
    pub(crate) sitemap: &'a [String],
    pub(crate) today: Date,
}

/// Whether this build has an export.
type Has = fn(&Sources) -> bool;

/// Writes one export as it is made.
type Make = fn(&Sources, &mut dyn Write) -> Result<(), String>;

/// Writes an export's text.
fn text(w: &mut dyn Write, text: &str) -> Result<(), String> {
    (w.write_all(text.as_bytes())).map_err(|e| e.to_string())
}

/// Every file a build writes besides the pages, the theme's assets and the
/// search index: its path, whether this build has it and what writes it, in
/// the order they are written.
pub(crate) const EXPORTS: &[(&str, Has, Make)] = &[
    (
        "data/directory.json",
        |_| true,
        |s, w| json_export::directory_json(s.dir, w),
    ),
    (
        "data/agencies.csv",
        |_| true,
        |s, w| exports::agencies_csv(s.dir, w),
    ),
    (
        "data/contacts.csv",
        |_| true,
        |s, w| exports::contacts_csv(s.dir, w),
    ),
    (
        "data/glossary.csv",
        |_| true,
        |s, w| exports::glossary_csv(s.dir, s.resolved.content, w),
    ),
    (
        "shadowing/calendar.ics",
        |_| true,
        |s, w| text(w, &exports::calendar(s.dir, s.today)),
    ),
    // Only with a base URL: a sitemap lists absolute addresses.
    (
        "sitemap.xml",
        |s| s.dir.site.base_url.is_some(),
        |s, w| match s.dir.site.base_url.as_deref() {
            Some(base) => text(w, &exports::sitemap(base, s.sitemap)),
            None => Ok(()),
        },
    ),
];

/// Writes the theme's static files and the exports, one at a time (so that
/// only one export is in memory at once).
/// With `stop` (under `serve`), an export stops part-way when it is set: the
/// build is stopped for a newer change (see `Site::write`).
pub(crate) fn assets_and_exports(
    theme: &Theme,
    sources: &Sources,
    out: &Out,
    stop: Option<&AtomicBool>,
) -> Result<(), String> {
    for (path, bytes) in &theme.assets {
        out.write(&format!("assets/{path}"), bytes)?;
    }
    for (path, has, make) in EXPORTS {
        if has(sources) {
            out.write_with(path, |w| match stop {
                Some(stop) => make(sources, &mut Stoppable { inner: w, stop }),
                None => make(sources, w),
            })?;
        }
    }
    Ok(())
}

/// A writer that fails once `stop` is set, so that an export being made
/// stops there.
struct Stoppable<'w> {
    inner: &'w mut dyn Write,
    stop: &'w AtomicBool,
}

impl Write for Stoppable<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(io::Error::other("stopped for a newer change"));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
