//! Watching the content and theme folders. Folders are watched, not files
//! (editors save by writing a temporary file and renaming it); editors'
//! temporary files and anything inside the output folder are ignored; events
//! are debounced (15 ms of quiet) and a burst of them gives one rebuild.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer_opt};

use crate::load::is_skipped_name;

/// Something to keep alive while watching.
pub(crate) enum Watching {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, RecommendedCache>),
}

/// The paths a batch of events touched that matter to the site.
pub(crate) fn relevant(paths: &[PathBuf], roots: &[PathBuf], output: &Path) -> Vec<PathBuf> {
    paths
        .iter()
        .filter(|p| !p.starts_with(output))
        .filter(|p| {
            let Some(root) = roots.iter().find(|r| p.starts_with(r)) else {
                return false;
            };
            let rel = p.strip_prefix(root).unwrap_or(p);
            !rel.components()
                .any(|c| c.as_os_str().to_str().is_none_or(is_skipped_name))
        })
        .cloned()
        .collect()
}

/// Starts watching `roots`; every debounced batch of paths that matter
/// ([`relevant`]; nothing in `output`) is sent to `tx`, and sets `pending`
/// (which stops a rebuild that is still writing the site).
pub(crate) fn start(
    roots: &[PathBuf],
    output: &Path,
    poll: bool,
    tx: Sender<Vec<PathBuf>>,
    pending: Arc<AtomicBool>,
) -> Result<Watching, String> {
    let (watched, output) = (roots.to_vec(), output.to_path_buf());
    let handler = move |result: DebounceEventResult| {
        if let Ok(events) = result {
            // Reading a file is an event too (the build reads them all): only
            // creations, changes of content or name, and removals count.
            let paths: Vec<PathBuf> = events
                .into_iter()
                .filter(|e| match e.event.kind {
                    EventKind::Create(_) | EventKind::Remove(_) => true,
                    EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
                    _ => false,
                })
                .flat_map(|e| e.event.paths)
                .collect();
            let paths = relevant(&paths, &watched, &output);
            if !paths.is_empty() {
                pending.store(true, Ordering::SeqCst);
                let _ = tx.send(paths);
            }
        }
    };
    // Quiet for 15 ms after the last event, checked every 5 ms: a save is seen
    // within about 20 ms (an editor's write-and-rename takes a millisecond or
    // two), and a burst of writes still arrives as one batch; what comes while
    // a rebuild runs waits and gives one more rebuild (`rebuild_on_change`).
    let delay = Duration::from_millis(15);
    let tick = Some(Duration::from_millis(5));
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500));
    let mut watching = if poll {
        Watching::Poll(
            new_debouncer_opt(delay, tick, handler, RecommendedCache::new(), config)
                .map_err(|e| format!("cannot watch: {e}"))?,
        )
    } else {
        Watching::Native(
            new_debouncer_opt(delay, tick, handler, RecommendedCache::new(), config)
                .map_err(|e| format!("cannot watch: {e}; try --poll"))?,
        )
    };
    for root in roots {
        let result = match &mut watching {
            Watching::Native(d) => d.watch(root, RecursiveMode::Recursive),
            Watching::Poll(d) => d.watch(root, RecursiveMode::Recursive),
        };
        result.map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    }
    Ok(watching)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_temp_files_hidden_folders_and_the_output() {
        let root = PathBuf::from("/c");
        let out = PathBuf::from("/c/../out");
        let paths: Vec<PathBuf> = [
            "/c/agencies/a.yaml",
            "/c/agencies/.a.yaml.swp",
            "/c/agencies/a.yaml~",
            "/c/.git/index",
            "/c/_drafts/x.yaml",
            "/c/agencies/4913.tmp",
            "/elsewhere/x.yaml",
            "/c/../out/index.html",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            relevant(&paths, &[root], &out),
            vec![PathBuf::from("/c/agencies/a.yaml")]
        );
    }
}
