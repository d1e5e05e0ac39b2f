//! Render: turn checked content into the site — every page of the spec, the
//! theme's assets and the data exports — written into a staging folder in
//! parallel and swapped in for the old site only when all of it is written.
//!
//! - `directory/` turns the resolved content (`crate::resolve`) into the
//!   shapes of `views.rs`, which the templates and the exports use;
//! - `report.rs` groups the findings for the report page;
//! - `markdown.rs` renders each Markdown field once, sanitised, into a
//!   `markup::Markup` (the HTML and the places a page finishes);
//! - `glossary_links.rs` links glossary terms, once per page;
//! - `pages/` lists the pages and their templates, one function per kind;
//! - `write.rs` writes every file and lists the exports; `exports.rs` makes
//!   the CSV, calendar and sitemap, `json_export.rs` the JSON export, from the
//!   fields `fields.rs` declares;
//! - `theme.rs` loads templates and static files;
//! - `compact.rs` drops template indentation from pages;
//! - `output.rs` keeps the output folder safe.

mod compact;
pub(crate) mod digest;
pub(crate) mod directory;
mod early;
pub(crate) mod exports;
mod fields;
#[allow(unreachable_pub)]
pub(crate) mod flowchart;
pub(crate) mod glossary_links;
pub(crate) mod hours_text;
pub mod hsds;
mod in_place;
pub(crate) mod json_export;
#[allow(unreachable_pub)]
pub(crate) mod kinds;
mod lazy;
pub(crate) mod markdown;
pub(crate) mod markup;
pub(crate) mod matrix;
mod minify;
pub(crate) mod output;
pub(crate) mod pages;
mod plain;
pub(crate) mod report;
mod write;
// The search module is being reworked on its own branch: its items keep `pub`
// until that lands (dead code there is still reported: the module is private).
#[allow(unreachable_pub)]
pub(crate) mod search;
pub(crate) mod theme;
pub(crate) mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::findings::Findings;
use crate::load::Loaded;
use crate::model::Date;
use crate::timing;
pub use early::Early;
use in_place::{Digests, InPlace};
use write::{Out, Sources, Target};

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder (`--content`).
    pub content: PathBuf,
    /// Where the site goes (`--output`).
    pub output: PathBuf,
    /// `--theme`, else `site.yaml`'s `theme`.
    pub theme: Option<String>,
    /// Only what resolves to `public` (`--public`).
    pub public: bool,
    /// `--base-url`, for the sitemap, calendar links and the 404 page.
    pub base_url: Option<String>,
    /// The build date (`--today`).
    pub today: Date,
    /// Show a progress line on stderr when the build takes more than a second.
    pub progress: bool,
    /// `--hsds`: write the Open Referral export in this flavour (`hsds`, `oruk`)
    /// even when `site.yaml` does not ask for it.
    pub hsds: Option<String>,
}

/// What a build did.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Pages written.
    pub pages: usize,
    /// Files written, pages included.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// How long the build took.
    pub seconds: f64,
    /// What the search index measured.
    pub search: search::Stats,
}

/// Pages rendered ahead of the rest, as (site-relative path, HTML).
pub type Preview = Vec<(String, Vec<u8>)>;

/// What `serve` keeps from one build to the next so that a save costs about
/// what it changed: the routes' cards, by what each is made from, and the
/// digest of every file of the site in the output folder (written over in
/// place, only the files whose bytes changed). A build with it writes the
/// same files as a clean build.
#[derive(Default)]
pub struct Keep {
    cards: pages::RouteCards,
    views: directory::Kept,
    /// The output folder the last build left, and its files.
    written: Option<((u64, u64), Digests)>,
    /// Files the last build wrote (new or changed), when it wrote in place.
    pub changed: Option<usize>,
    /// When set, the build stops: between the phases that write nothing
    /// ([`Error::Superseded`]), or after the pages it is rendering
    /// ([`Error::Stopped`]; what it wrote so far is remembered).
    pub stop: Option<Arc<AtomicBool>>,
    /// Folders made by builds that did not finish.
    leftovers: Vec<String>,
}

/// Why a build failed, by what the person running it can do about it.
#[derive(Debug)]
pub enum Error {
    /// The build cannot run as asked: an unknown theme, a template that does
    /// not compile or that prints a name the page does not have, a bad
    /// `--base-url`. Fix the flag or the theme.
    Usage(String),
    /// Reading or writing a file failed (a full disk, a folder it may not write).
    Io(String),
    /// The build was asked to stop ([`Keep::stop`]) before it was done,
    /// part-way through writing the site.
    Stopped,
    /// The same, before it wrote anything: the output is as it was.
    Superseded,
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Io(message)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) | Error::Io(m) => f.write_str(m),
            Error::Stopped | Error::Superseded => f.write_str("stopped for a newer change"),
        }
    }
}

pub use plain::build;

/// Builds the site, first rendering the pages at `first` (site-relative paths,
/// like `agencies/x/index.html`) and handing them to `preview`, so that `serve`
/// can show the pages being looked at before the whole site is written.
pub fn build_with_preview(
    loaded: &Loaded,
    findings: &Findings,
    options: &Options,
    first: &[String],
    preview: &mut dyn FnMut(Preview),
    mut keep: Option<&mut Keep>,
) -> Result<Summary, Error> {
    let early = Early::prepare(&loaded.content, options, &[], keep.as_deref_mut())?;
    build_prepared(early, loaded, findings, options, first, preview, keep)
}

/// Builds the site from the first part of its build (`early`, made from
/// `loaded` with the same `options` and `keep`), as [`build_with_preview`]
/// does: the open pages `early` rendered are handed to `preview` at once,
/// and again after the whole directory is made if their bytes changed.
pub fn build_prepared(
    early: Early<'_>,
    loaded: &Loaded,
    findings: &Findings,
    options: &Options,
    first: &[String],
    preview: &mut dyn FnMut(Preview),
    mut keep: Option<&mut Keep>,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let content = &loaded.content;
    let Early {
        theme,
        builder,
        agencies,
        made,
        pages: shown,
        shown: already,
    } = early;
    if let Some(pages) = shown.as_ref().filter(|_| !already) {
        preview(pages.clone());
    }
    let dir = early::directory(&builder, agencies, made, keep.as_deref_mut())?;
    let dir = finish_directory(dir, &builder, options)?;
    let stop = keep.as_deref().and_then(|k| k.stop.clone());
    // Nothing is written before the pages: until then a newer change stops
    // the build between its phases, and what it made is freed off its path.
    let stopped = || stop.as_ref().is_some_and(|s| s.load(Ordering::Relaxed));
    if stopped() {
        std::thread::spawn(move || drop(dir));
        return Err(Error::Superseded);
    }
    let report = timing::phase("report", || {
        (!options.public).then(|| report::report(content, findings))
    });
    let (cards, route_html) = pages::Cards::later();
    let jobs = timing::phase("page values", || {
        pages::list(&dir, report.as_deref(), route_html, &stopped)
    });
    if stopped() {
        std::thread::spawn(move || drop((jobs, dir, report)));
        return Err(Error::Superseded);
    }
    let kept = keep.as_deref_mut().map(|k| &mut k.cards);
    let lines = timing::phase("route lines", || pages::route_lines(&dir, &theme.env, kept))
        .map_err(Error::Usage)?;
    cards.fill(lines);
    drop(cards);
    if stopped() {
        std::thread::spawn(move || drop((jobs, dir, report)));
        return Err(Error::Superseded);
    }
    let site = Site {
        dir: &dir,
        theme: &theme,
        stop: stop.as_deref(),
    };
    if !first.is_empty() {
        let mut pages = timing::phase("open pages", || site.preview(&jobs, first))?;
        pages.sort_by(|a, b| a.0.cmp(&b.0));
        if shown.as_ref() != Some(&pages) {
            preview(pages);
        }
    }
    if stopped() {
        std::thread::spawn(move || drop((jobs, dir, report)));
        return Err(Error::Superseded);
    }
    let page_count = jobs.len();
    let sitemap = pages::Job::sitemap(&jobs);
    let sources = Sources {
        dir: &dir,
        resolved: &builder.r,
        sitemap: &sitemap,
        today: options.today,
    };
    let job = WriteJob {
        site: &site,
        sources: &sources,
        options,
        started,
    };
    let (files, bytes, search) = match keep {
        Some(keep) => job.write_kept(jobs, keep)?,
        None => job.write_staged(jobs, false)?.0,
    };
    let summary = Summary {
        pages: page_count,
        files,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        search,
    };
    // Freeing a big directory takes a while: do it off the build's path.
    std::thread::spawn(move || drop((dir, report)));
    Ok(summary)
}

/// The directory made whole: the agreements, meetings and pathways' views
/// and the site's address; shared with the pages' values, which read the
/// needs, offers and free pages field by field when rendered (`lazy.rs`).
fn finish_directory(
    mut dir: directory::Directory,
    builder: &directory::Builder<'_>,
    options: &Options,
) -> Result<Arc<directory::Directory>, Error> {
    dir.kinds = kinds::resolve(&builder.r, &dir, &builder.terms);
    if let Some(url) = &options.base_url {
        dir.site.base_url = Some(base_url(url).map_err(Error::Usage)?);
    }
    Ok(Arc::new(dir))
}

/// What writing the site needs.
struct WriteJob<'a> {
    site: &'a Site<'a>,
    sources: &'a Sources<'a>,
    options: &'a Options,
    started: Instant,
}

/// Files and bytes written, and what the search index measured.
type Written = (usize, u64, search::Stats);

impl WriteJob<'_> {
    /// Writes the site over the last one in place when `keep` knows its files,
    /// else into a staging folder; keeps the digests of the files for next time.
    fn write_kept(&self, jobs: Vec<pages::Job>, keep: &mut Keep) -> Result<Written, Error> {
        let output = &self.options.output;
        let lock = || output::lock_in_place(output, &self.options.content);
        // Under the lock, the folder must still be the one the last build left.
        let same = |(folder, before): ((u64, u64), Digests)| {
            let lock = lock()?;
            (in_place::folder_id(output) == Some(folder)).then_some((before, lock))
        };
        let Some((before, lock)) = keep.written.take().and_then(same) else {
            let (written, digests) = self.write_staged(jobs, true)?;
            keep.written = in_place::folder_id(output).zip(digests);
            keep.changed = None;
            keep.leftovers.clear();
            return Ok(written);
        };
        let in_place = InPlace::new(output, before, lock);
        let out = Out::new(Target::InPlace(&in_place), true);
        let written = self.write_all(jobs, &out);
        let (files, bytes) = out.totals();
        let digests = out.digests().unwrap_or_default();
        let search = match written {
            Ok(search) => search,
            Err(e) => {
                // What is in the folder now: the files written, and the rest as before.
                let now = in_place.written_over(digests);
                keep.written = in_place::folder_id(output).map(|f| (f, now));
                keep.leftovers.extend(in_place.created());
                keep.changed = None;
                return Err(e);
            }
        };
        let removed = timing::phase("stale files", || {
            in_place.remove_stale(&digests, &keep.leftovers)
        })?;
        keep.leftovers.clear();
        keep.changed = Some(in_place.changed.load(Ordering::Relaxed) + removed);
        keep.written = in_place::folder_id(output).map(|f| (f, digests));
        Ok((files, bytes, search))
    }

    /// Writes the whole site into a staging folder and swaps it in.
    fn write_staged(
        &self,
        jobs: Vec<pages::Job>,
        keep_digests: bool,
    ) -> Result<(Written, Option<Digests>), Error> {
        let staging = output::begin(&self.options.output, &self.options.content)?;
        let out = Out::new(Target::Staging(&staging), keep_digests);
        let search = match self.write_all(jobs, &out) {
            Ok(search) => search,
            Err(e) => {
                staging.abandon();
                return Err(e);
            }
        };
        let (files, bytes) = out.totals();
        let digests = out.digests();
        timing::phase("swap in", || staging.commit())?;
        Ok(((files, bytes, search), digests))
    }

    /// Writes every file of the site through `out`.
    fn write_all(&self, jobs: Vec<pages::Job>, out: &Out) -> Result<search::Stats, Error> {
        timing::phase("folders", || {
            out.make_folders(jobs.iter().map(|j| j.path.as_str()))
        })?;
        let progress = self.options.progress.then_some(self.started);
        let stats = self.site.write(jobs, self.sources, out, progress)?;
        let hsds = hsds::site_files(
            self.sources.resolved,
            self.options.hsds.as_deref(),
            self.options.base_url.as_deref(),
        )?;
        for (path, bytes) in &hsds {
            out.write(path, bytes)?;
        }
        Ok(stats)
    }
}

/// The theme a build uses: `--theme`, else `site.yaml`'s `theme`, else the default.
fn load_theme(content: &crate::model::Content, options: &Options) -> Result<theme::Theme, String> {
    let theme_name = options.theme.clone().or_else(|| {
        (content.site.as_ref())
            .and_then(|s| s.theme.as_ref())
            .map(|t| t.value.clone())
    });
    let theme_dir = theme::locate(theme_name.as_deref(), &options.content)?;
    theme::load(theme_dir.as_deref())
}

/// `--base-url`, checked and ending in `/`.
fn base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!(
            "--base-url must start with https:// (or http://), not `{url}`"
        ));
    }
    Ok(if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    })
}

/// What rendering the site's files needs.
struct Site<'a> {
    dir: &'a directory::Directory,
    theme: &'a theme::Theme,
    /// Set when the build is to stop (a newer change came in, under `serve`).
    stop: Option<&'a AtomicBool>,
}

impl Site<'_> {
    /// The pages at `first`, rendered ahead of the rest.
    fn preview(&self, jobs: &[pages::Job], first: &[String]) -> Result<Preview, Error> {
        (jobs.par_iter())
            .filter(|job| first.contains(&job.path))
            .map(|job| Ok((job.path.clone(), self.render_page(job)?)))
            .collect()
    }

    /// Writes every file: the pages, and at the same time the assets and
    /// exports; then, the pages' values freed, the search index (the two
    /// biggest phases one after the other, not both in memory at once);
    /// returns what the index measured. With `progress`, shows a progress
    /// line after a second.
    fn write(
        &self,
        jobs: Vec<pages::Job>,
        sources: &Sources,
        out: &Out,
        progress: Option<Instant>,
    ) -> Result<search::Stats, Error> {
        let done = AtomicUsize::new(0);
        let finished = AtomicBool::new(false);
        let total = jobs.len();
        let (pages, extra, index) = std::thread::scope(|scope| {
            if let Some(started) = progress {
                let (done, finished) = (&done, &finished);
                scope.spawn(move || show_progress(done, finished, total, started));
            }
            let pages = || timing::phase("pages", || self.render_pages(&jobs, out, &done));
            let exports = || {
                timing::phase("exports", || {
                    write::assets_and_exports(self.theme, sources, out, self.stop)
                })
            };
            let (pages, extra) = rayon::join(pages, exports);
            // The pages' values (their routes' cards among them) are done with.
            std::thread::spawn(move || drop(jobs));
            let index = match self.stopped() {
                Err(e) => Err(e),
                Ok(()) => timing::phase("search index", || {
                    write_search_index(self.dir, out, self.stop)
                }),
            };
            finished.store(true, Ordering::Relaxed);
            (pages, extra, index)
        });
        pages?;
        if extra.is_err() {
            // An export fails part-way when the build is stopped.
            self.stopped()?;
        }
        extra?;
        index
    }

    /// Renders every page into the output, in parallel, counting each in `done`.
    fn render_pages(
        &self,
        jobs: &[pages::Job],
        out: &Out,
        done: &AtomicUsize,
    ) -> Result<(), Error> {
        jobs.par_iter().try_for_each(|job| {
            self.stopped()?;
            let html = self.render_page(job)?;
            out.write(&job.path, &html)?;
            done.fetch_add(1, Ordering::Relaxed);
            Ok(())
        })
    }

    /// [`Error::Stopped`] when the build is to stop.
    fn stopped(&self) -> Result<(), Error> {
        match self.stop {
            Some(stop) if stop.load(Ordering::Relaxed) => Err(Error::Stopped),
            _ => Ok(()),
        }
    }

    /// One page's HTML, glossary terms linked.
    fn render_page(&self, job: &pages::Job) -> Result<Vec<u8>, Error> {
        let template = (self.theme.env.get_template(job.template))
            .map_err(|e| Error::Usage(theme::describe(&e)))?;
        let html = glossary_links::on_page(job.agency.as_deref(), &job.root(), || {
            template.render(job.full_context(self.dir))
        })
        .map_err(|e| Error::Usage(render_error(job, &e)))?;
        Ok(compact::strip_indentation(&html).into_bytes())
    }
}

/// A page that cannot be rendered: where, and for a name the page does not
/// have (a misspelt field in a theme), how to fix it.
fn render_error(job: &pages::Job, e: &minijinja::Error) -> String {
    let hint = if e.kind() == minijinja::ErrorKind::UndefinedError {
        "\n  = help: a misspelt name, or a value this page does not have: compare with \
         the default theme's templates (themes/default/templates), and test a value \
         that may be missing with `{% if … %}`"
    } else {
        ""
    };
    format!(
        "cannot render {} with {}: {}{hint}",
        job.path,
        job.template,
        theme::describe(e)
    )
}

/// Builds the search index and writes its files as they come; stops
/// part-way when `stop` is set.
fn write_search_index(
    dir: &directory::Directory,
    out: &Out,
    stop: Option<&AtomicBool>,
) -> Result<search::Stats, Error> {
    let stopped = || stop.is_some_and(|s| s.load(Ordering::Relaxed));
    let index = search::build(dir, &stopped).ok_or(Error::Stopped)?;
    for (path, data) in index.files {
        out.write(&path, &data).map_err(Error::Io)?;
    }
    Ok(index.stats)
}

/// After a second, keeps one line on stderr up to date with the pages written.
fn show_progress(done: &AtomicUsize, finished: &AtomicBool, total: usize, started: Instant) {
    let mut shown = false;
    while !finished.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(100));
        if started.elapsed() < Duration::from_secs(1) {
            continue;
        }
        let n = done.load(Ordering::Relaxed);
        eprint!(
            "\rbuilding: {n} of {total} pages written, {:.1} s",
            started.elapsed().as_secs_f64()
        );
        shown = true;
    }
    if shown {
        eprint!("\r{:60}\r", "");
    }
}
