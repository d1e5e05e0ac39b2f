//! Reading a file that sits in a folder joinedup was pointed at (the content
//! folder or a theme folder) without letting the file lead anywhere else.
//!
//! A file is read only if, after every link in its path is resolved, it is an
//! ordinary file inside that folder. Links that stay inside are followed; a
//! link that leads outside is refused without being opened, as are named
//! pipes, devices and sockets (which could block a read for ever or never
//! end). The file is opened without following a last-moment link and without
//! blocking, checked again once open, and read with a limit, so a file that
//! grows while it is read cannot take all the memory. A refusal says why and
//! never shows anything of what the link points at.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// A folder whose files may be read.
#[derive(Debug, Clone)]
pub struct Root {
    /// The folder with every link resolved.
    real: PathBuf,
    /// What to call it in messages: "content folder", "theme folder".
    name: &'static str,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// A link (or a linked folder on the way) leads outside the folder.
    Outside,
    /// A link to nothing.
    Dangling,
    /// Not an ordinary file: a folder, a named pipe, a device or a socket.
    NotAFile(&'static str),
    /// Bigger than the limit: its size, when known.
    TooBig { size: Option<u64>, limit: u64 },
    /// The system refused.
    Io(io::Error),
}

impl Refusal {
    /// The message for an editor: what is wrong and what to do.
    pub fn message(&self, root: &Root) -> String {
        let folder = root.name;
        match self {
            Refusal::Outside => format!(
                "this file is a link to somewhere outside the {folder}; joinedup reads only files inside it, so it was not read. Copy the file into the {folder} instead of linking to it"
            ),
            Refusal::Dangling => "this file is a link to a file that does not exist; delete the link or point it at a file".to_owned(),
            Refusal::NotAFile(kind) => format!(
                "this is {kind}, not an ordinary file, so it was not read; delete it, or put an ordinary file here instead"
            ),
            Refusal::TooBig { size, limit } => {
                let limit_mb = limit / 1_048_576;
                match size {
                    Some(size) => format!(
                        "this file is {:.1} MB; joinedup reads files of up to {limit_mb} MB. Split it into smaller files",
                        *size as f64 / 1_048_576.0
                    ),
                    None => format!(
                        "this file is more than {limit_mb} MB; joinedup reads files of up to {limit_mb} MB. Split it into smaller files"
                    ),
                }
            }
            Refusal::Io(e) => format!("cannot read this file: {e}"),
        }
    }
}

impl Root {
    /// The folder `dir`, with its links resolved; `name` names it in messages.
    pub fn new(dir: &Path, name: &'static str) -> io::Result<Root> {
        Ok(Root {
            real: fs::canonicalize(dir)?,
            name,
        })
    }

    /// Where `path` really is, if that is inside this folder: refuses links
    /// leading out (the path must be inside the folder as given, too).
    pub fn resolve(&self, path: &Path) -> Result<(PathBuf, Metadata), Refusal> {
        let real = match fs::canonicalize(path) {
            Ok(p) => p,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(match fs::symlink_metadata(path) {
                    Ok(m) if m.file_type().is_symlink() => Refusal::Dangling,
                    _ => Refusal::Io(e),
                });
            }
            Err(e) => return Err(Refusal::Io(e)),
        };
        if !real.starts_with(&self.real) {
            return Err(Refusal::Outside);
        }
        // `real` has no links left in it, so this is what is really there.
        let meta = fs::symlink_metadata(&real).map_err(Refusal::Io)?;
        Ok((real, meta))
    }

    /// Reads an ordinary file inside this folder, of at most `limit` bytes.
    pub fn read(&self, path: &Path, limit: u64) -> Result<Vec<u8>, Refusal> {
        let (real, meta) = self.resolve(path)?;
        if let Some(kind) = not_a_file(&meta) {
            return Err(Refusal::NotAFile(kind));
        }
        if meta.len() > limit {
            return Err(Refusal::TooBig {
                size: Some(meta.len()),
                limit,
            });
        }
        let file = open_no_follow(&real).map_err(Refusal::Io)?;
        // Whatever is open now is what is read: check it again.
        let meta = file.metadata().map_err(Refusal::Io)?;
        if let Some(kind) = not_a_file(&meta) {
            return Err(Refusal::NotAFile(kind));
        }
        let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(Refusal::Io)?;
        if bytes.len() as u64 > limit {
            return Err(Refusal::TooBig { size: None, limit });
        }
        Ok(bytes)
    }
}

/// What a thing that is not an ordinary file is, for messages.
pub fn not_a_file(meta: &Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    if t.is_symlink() {
        return Some("a link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("something other than a file")
}

/// Opens a file for reading without following a link in its last part and
/// without waiting for a writer (a pipe swapped in after the checks).
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_inside_and_refuses_big_ones_while_reading() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.yaml"), "x: 1\n").unwrap();
        let root = Root::new(dir.path(), "content folder").unwrap();
        assert_eq!(
            root.read(&dir.path().join("a.yaml"), 100).unwrap(),
            b"x: 1\n"
        );
        assert!(matches!(
            root.read(&dir.path().join("a.yaml"), 2),
            Err(Refusal::TooBig { size: Some(5), .. })
        ));
        assert!(matches!(
            root.read(dir.path(), 100),
            Err(Refusal::NotAFile("a folder"))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused() {
        let root = Root::new(Path::new("/dev"), "content folder").unwrap();
        assert!(matches!(
            root.read(Path::new("/dev/zero"), 100),
            Err(Refusal::NotAFile("a device"))
        ));
    }
}
