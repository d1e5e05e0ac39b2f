//! A plain build (`joinedup build`, not `serve`): the same files as
//! [`super::build_prepared`] writes, in an order that frees the loaded
//! content before the memory the rest of the build needs is taken:
//!
//! 1. the directory and the list of pages, as `serve`'s builds make them
//!    (the routes' cards not yet rendered);
//! 2. the agencies' pages (no cards) and at the same time the theme's
//!    assets and the exports, the last to read the loaded content;
//! 3. the loaded content is freed;
//! 4. the routes' cards, then every other page, then (the pages' values
//!    and the cards freed) the search index.
//!
//! At 100,000 agencies the loaded content is about 1.3 GiB and the cards
//! about half a GiB: held together with the directory they took the peak
//! over 4.6 GiB.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use super::directory::Directory;
use super::pages::{self, Cards, Job};
use super::write::{Out, Sources, Target};
use super::{Early, Error, Site, Summary, early, hsds, output, report, theme, write};
use crate::findings::Findings;
use crate::load::Loaded;
use crate::timing;

/// Builds the site from loaded, checked content (with no errors), freeing
/// the content once nothing needs it.
pub fn build(
    loaded: Loaded,
    findings: &Findings,
    options: &super::Options,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let early = Early::prepare(&loaded.content, options, &[], None)?;
    let listed = Listed::make(early, &loaded, findings, options)?;
    let pages = listed.jobs.len();
    let staging = output::begin(&options.output, &options.content)?;
    let out = Out::new(Target::Staging(&staging), false);
    let progress = Progress::start(options.progress.then_some(started), pages);
    let rest = listed.write_first(&out, options, &progress.done);
    // Freeing it value by value takes a while: off the build's path.
    std::thread::spawn(move || drop(loaded));
    let search = rest.and_then(|rest| rest.write_rest(&out, &progress.done));
    progress.finish();
    let search = match search {
        Ok(search) => search,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    let (files, bytes) = out.totals();
    timing::phase("swap in", || staging.commit())?;
    Ok(Summary {
        pages,
        files,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        search,
    })
}

/// The pages written so far, shown on a progress line after a second.
struct Progress {
    done: Arc<AtomicUsize>,
    finished: Arc<AtomicBool>,
    shown: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(started: Option<Instant>, total: usize) -> Progress {
        let done = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(AtomicBool::new(false));
        let shown = started.map(|started| {
            let (done, finished) = (done.clone(), finished.clone());
            std::thread::spawn(move || super::show_progress(&done, &finished, total, started))
        });
        Progress {
            done,
            finished,
            shown,
        }
    }

    /// Clears the line.
    fn finish(self) {
        self.finished.store(true, Ordering::Relaxed);
        if let Some(shown) = self.shown {
            let _ = shown.join();
        }
    }
}

/// The directory and every page listed, with what still reads the loaded
/// content (`builder`).
struct Listed<'c> {
    theme: theme::Theme,
    builder: super::directory::Builder<'c>,
    dir: Arc<Directory>,
    jobs: Vec<Job>,
    cards: Arc<Cards>,
}

impl<'c> Listed<'c> {
    fn make(
        early: Early<'c>,
        loaded: &Loaded,
        findings: &Findings,
        options: &super::Options,
    ) -> Result<Listed<'c>, Error> {
        let Early {
            theme,
            builder,
            agencies,
            made,
            ..
        } = early;
        let dir = early::directory(&builder, agencies, made, None)?;
        let dir = super::finish_directory(dir, &builder, options)?;
        let report = timing::phase("report", || {
            (!options.public).then(|| report::report(&loaded.content, findings))
        });
        let (cards, route_html) = Cards::later();
        let jobs = timing::phase("page values", || {
            pages::list(&dir, report.as_deref(), route_html, &|| false)
        });
        Ok(Listed {
            theme,
            builder,
            dir,
            jobs,
            cards,
        })
    }

    /// Makes the folders, writes the agencies' pages, the assets and the
    /// exports; what is left to write reads nothing of the loaded content.
    fn write_first(
        self,
        out: &Out,
        options: &super::Options,
        done: &AtomicUsize,
    ) -> Result<Rest, Error> {
        let Listed {
            theme,
            builder,
            dir,
            jobs,
            cards,
        } = self;
        timing::phase("folders", || {
            out.make_folders(jobs.iter().map(|j| j.path.as_str()))
        })?;
        let sitemap = Job::sitemap(&jobs);
        let sources = Sources {
            dir: &dir,
            resolved: &builder.r,
            sitemap: &sitemap,
            today: options.today,
        };
        let site = Site {
            dir: &dir,
            theme: &theme,
            stop: None,
        };
        let (agencies, others): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(Job::of_agency);
        let pages = || timing::phase("agency pages", || site.render_pages(&agencies, out, done));
        let exports = || {
            timing::phase("exports", || {
                write::assets_and_exports(&theme, &sources, out, None)?;
                let hsds = hsds::site_files(
                    &builder.r,
                    options.hsds.as_deref(),
                    options.base_url.as_deref(),
                )?;
                hsds.iter()
                    .try_for_each(|(path, bytes)| out.write(path, bytes))
            })
        };
        let (pages, exports) = rayon::join(pages, exports);
        pages?;
        exports?;
        std::thread::spawn(move || drop(agencies));
        Ok(Rest {
            theme,
            dir,
            jobs: others,
            cards,
        })
    }
}

/// What is left to write once the loaded content is not needed.
struct Rest {
    theme: theme::Theme,
    dir: Arc<Directory>,
    /// The pages other than the agencies'.
    jobs: Vec<Job>,
    cards: Arc<Cards>,
}

impl Rest {
    /// Renders the routes' cards, writes the other pages, then (their values
    /// and the cards freed) the search index.
    fn write_rest(self, out: &Out, done: &AtomicUsize) -> Result<super::search::Stats, Error> {
        let Rest {
            theme,
            dir,
            jobs,
            cards,
        } = self;
        let lines = timing::phase("route lines", || pages::route_lines(&dir, &theme.env, None))
            .map_err(Error::Usage)?;
        cards.fill(lines);
        drop(cards);
        let site = Site {
            dir: &dir,
            theme: &theme,
            stop: None,
        };
        timing::phase("pages", || site.render_pages(&jobs, out, done))?;
        // The pages' values and with them the routes' cards are done with.
        std::thread::spawn(move || drop(jobs));
        let search = timing::phase("search index", || {
            super::write_search_index(&dir, out, None)
        });
        // Freeing a big directory takes a while: do it off the build's path.
        std::thread::spawn(move || drop(dir));
        search
    }
}
