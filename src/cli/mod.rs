//! The command line's own concerns: what a command's failure means for the exit
//! code ([`Failure`]), checking flags before any work starts, and the editors'
//! commands that write files (`init`, `new`, `schema`: see [`scaffold`]).
//!
//! Exit codes, the same for every command:
//! - `0` success (warnings allowed);
//! - `1` the content has errors (or a build failed on them);
//! - `2` usage: a bad flag or value, a missing folder, a bad `--base-url`, an
//!   unknown theme, a port already in use;
//! - `3` an I/O failure: a file or folder that could not be read or written.

pub mod scaffold;

use std::fmt;
use std::path::Path;

/// Why a command did not succeed. Each kind has its exit code.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors; they have been printed already.
    Content,
    /// The command could not run as asked: what to do differently.
    Usage(String),
    /// Reading or writing failed.
    Io(String),
}

impl Failure {
    /// The process's exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Content => 1,
            Failure::Usage(_) => 2,
            Failure::Io(_) => 3,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Content => f.write_str("the content has errors"),
            Failure::Usage(m) | Failure::Io(m) => f.write_str(m),
        }
    }
}

impl From<crate::load::LoadError> for Failure {
    fn from(e: crate::load::LoadError) -> Self {
        match e.kind {
            crate::load::LoadErrorKind::Usage => Failure::Usage(e.to_string()),
            crate::load::LoadErrorKind::Io => Failure::Io(e.to_string()),
        }
    }
}

impl From<crate::serve::Error> for Failure {
    fn from(e: crate::serve::Error) -> Self {
        match e {
            crate::serve::Error::Usage(m) => Failure::Usage(m),
            crate::serve::Error::PortInUse { .. } => Failure::Usage(e.to_string()),
            crate::serve::Error::Io(m) => Failure::Io(m),
        }
    }
}

/// "Today": `--today`, else `SOURCE_DATE_EPOCH`, else the system clock.
pub fn resolve_today(flag: Option<&str>) -> Result<crate::model::Date, Failure> {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    crate::today::resolve(flag, epoch.as_deref()).map_err(|e| Failure::Usage(e.to_string()))
}

/// `--base-url`: a web address (`https://…` or `http://…`) with no spaces.
pub fn check_base_url(url: &str) -> Result<(), Failure> {
    if crate::load::agency::is_web_url(url.trim()) {
        Ok(())
    } else {
        Err(Failure::Usage(format!(
            "--base-url must be a web address starting with https:// (or http://), like `https://intranet.example.org/partners/`, not `{url}`"
        )))
    }
}

/// A theme named by `--theme` (or `site.yaml`) that cannot be found, or whose
/// templates do not compile, is a usage error.
pub fn check_theme(name: Option<&str>, content: &Path) -> Result<(), Failure> {
    let dir = crate::render::theme::locate(name, content).map_err(Failure::Usage)?;
    crate::render::theme::load(dir.as_deref())
        .map(|_| ())
        .map_err(Failure::Usage)
}

/// An output folder that a build may not replace is a usage error: the
/// content folder or a folder around it, a link, a file, or a folder with
/// files that joinedup did not make. (The build checks again as it starts.)
pub fn check_output(output: &Path, content: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).ok();
    if let (Some(out), Some(src)) = (absolute(output), absolute(content))
        && (src.starts_with(&out) || out.starts_with(&src))
    {
        return Err(Failure::Usage(format!(
            "the output folder {} holds, or is inside, the content folder {}; build into a separate folder, such as `output`",
            output.display(),
            content.display()
        )));
    }
    crate::render::output::check_target(output).map_err(Failure::Usage)
}
