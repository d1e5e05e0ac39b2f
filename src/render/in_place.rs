//! Writing a site into the folder that holds the last build (`serve`, after
//! its first build): only the files whose bytes changed are written, each
//! into a temporary file beside it and renamed over the old one, so a file is
//! always whole; the files the new build no longer has are removed, with the
//! folders they leave empty. The last build's files are known by a digest of
//! each one's bytes, kept in memory; a clean build of the same content gives
//! the same folder.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The site's files by `/`-separated path, with the digest of each one's bytes.
pub(crate) type Digests = HashMap<String, u128>;

/// Which folder is at a path (device and inode): another joinedup that
/// builds into the same output swaps a new folder in, and then what is there
/// is no longer what `serve` wrote. `None` where it cannot be told.
#[cfg(unix)]
pub(crate) fn folder_id(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::symlink_metadata(path).ok()?;
    meta.is_dir().then(|| (meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
pub(crate) fn folder_id(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// A site being written over the last one.
pub(crate) struct InPlace {
    dir: PathBuf,
    before: Digests,
    /// Files written because they are new or changed.
    pub(crate) changed: AtomicUsize,
    /// Folders this build created.
    created: Mutex<Vec<String>>,
    _lock: fs::File,
}

impl InPlace {
    /// Writes into `dir`, which holds the files `before` lists, under its lock.
    pub(crate) fn new(dir: &Path, before: Digests, lock: fs::File) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
            before,
            changed: AtomicUsize::new(0),
            created: Mutex::default(),
            _lock: lock,
        }
    }

    /// Creates the folders of the files at `paths` that the last build did not have.
    pub(crate) fn make_folders<'p>(
        &self,
        paths: impl IntoIterator<Item = &'p str>,
    ) -> Result<(), String> {
        let new = paths.into_iter().filter(|p| !self.before.contains_key(*p));
        for folder in super::output::folders_of(new) {
            let path = self.dir.join(folder);
            match fs::create_dir(&path) {
                Ok(()) => {
                    if let Ok(mut created) = self.created.lock() {
                        created.push(folder.to_owned());
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
        Ok(())
    }

    /// The folders this build created (a build that did not finish may
    /// leave some empty: the next one removes them if they still are).
    pub(crate) fn created(&self) -> Vec<String> {
        self.created.lock().map(|c| c.clone()).unwrap_or_default()
    }

    /// Writes the file at `rel` unless the last build wrote the same bytes there.
    pub(crate) fn write(&self, rel: &str, bytes: &[u8], digest: u128) -> Result<(), String> {
        if self.before.get(rel) == Some(&digest) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
        let temp = path.with_file_name(format!(".{name}.joinedup-{}", std::process::id()));
        let written = fs::write(&temp, bytes)
            .or_else(|e| match (e.kind(), temp.parent()) {
                (io::ErrorKind::NotFound, Some(parent)) => {
                    fs::create_dir_all(parent).and_then(|()| fs::write(&temp, bytes))
                }
                _ => Err(e),
            })
            .and_then(|()| fs::rename(&temp, &path));
        if let Err(e) = written {
            let _ = fs::remove_file(&temp);
            return Err(format!("cannot write {}: {e}", path.display()));
        }
        self.changed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// The files in the folder after a build that did not finish: those it
    /// wrote (`written`), and the last build's others, untouched.
    pub(crate) fn written_over(&self, written: Digests) -> Digests {
        let mut now = self.before.clone();
        now.extend(written);
        now
    }

    /// Removes the files the last build had and this one does not (`now`),
    /// and the folders that leaves empty, and those of `leftovers` that are
    /// empty; returns how many files went.
    pub(crate) fn remove_stale(
        &self,
        now: &Digests,
        leftovers: &[String],
    ) -> Result<usize, String> {
        let stale: Vec<&String> = (self.before.keys())
            .filter(|p| !now.contains_key(*p))
            .collect();
        let mut folders: BTreeSet<&str> = leftovers.iter().map(String::as_str).collect();
        for rel in &stale {
            let path = self.dir.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(format!("cannot remove {}: {e}", path.display())),
            }
            let mut rest = rel.as_str();
            while let Some((parent, _)) = rest.rsplit_once('/') {
                folders.insert(parent);
                rest = parent;
            }
        }
        // Deepest first: a folder's subfolders sort after it.
        for folder in folders.iter().rev() {
            // Fails, and is kept, when something is still in it.
            let _ = fs::remove_dir(self.dir.join(folder));
        }
        Ok(stale.len())
    }
}
