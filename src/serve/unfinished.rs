//! What a rebuild that a newer save stopped while it wrote the site leaves:
//! its content, kept to finish that site if the newer content has errors (so
//! the site served is always one whole, last good site).

use super::{Kept, Options, Site, Status, build_site, load, render};
use super::{fresh::Fresh, reload::Hub};
use crate::findings::Findings;

/// The content of a rebuild stopped while it wrote the site, and what its
/// analysis found.
pub(super) enum Unfinished {
    /// The content itself.
    Held(Box<load::Loaded>, Findings),
    /// The content's records are the load's cache's, which makes it again
    /// ([`load::Cache::restore`]): the next load need not copy them.
    Lent(Findings),
}

/// Keeps the content of a rebuild stopped while it wrote the site, to finish
/// it if the newer content has errors: its records go back to the load's
/// cache (which can make it again) when it takes them, so the next load
/// need not copy them (a copy took 75-170 ms at 10,000 agencies).
pub(super) fn keep_unfinished(kept: &mut Kept, loaded: load::Loaded, found: Findings, load: u64) {
    kept.unfinished = Some(if kept.load.takes_back(&loaded.content, load) {
        kept.load.give_back_unfinished(loaded, load);
        Unfinished::Lent(found)
    } else {
        Unfinished::Held(Box::new(loaded), found)
    });
}

/// After a rebuild that did not build (the content has errors), finishes
/// writing the last content that did, if a newer change stopped its rebuild.
pub(super) fn finish_unfinished(options: &Options, hub: &Hub, fresh: &Fresh, kept: &mut Kept) {
    let (loaded, found, load) = match kept.unfinished.take() {
        None => return,
        Some(Unfinished::Held(loaded, found)) => (*loaded, found, None),
        Some(Unfinished::Lent(found)) => match kept.load.restore() {
            Some((loaded, load)) => (loaded, found, Some(load)),
            None => {
                // Not expected: each of its files' records is kept until then.
                eprintln!("the last good site could not be finished: its content is gone");
                return;
            }
        },
    };
    let quiet = Status {
        generation: hub.status().generation,
        ..Status::default()
    };
    let site = Site {
        loaded: &loaded,
        found: &found,
        early: None,
    };
    let built = build_site(options, hub, fresh, kept, site, &[], &quiet);
    let stopped = matches!(
        built,
        Err(render::Error::Stopped | render::Error::Superseded)
    );
    match load {
        Some(load) if stopped => keep_unfinished(kept, loaded, found, load),
        Some(load) => kept.load.give_back(loaded.content, load),
        None if stopped => kept.unfinished = Some(Unfinished::Held(Box::new(loaded), found)),
        None => {}
    }
}
