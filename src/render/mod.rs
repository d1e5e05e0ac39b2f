//! Render: turn checked content into the site — every page of the spec, the
//! theme's assets and the data exports — written into a staging folder in
//! parallel and swapped in for the old site only when all of it is written.
//!
//! - `directory.rs` resolves what the build includes (visibility applied) into
//!   the shapes of `views.rs`, which the templates and the JSON export use;
//! - `report.rs` groups the findings for the report page;
//! - `markdown.rs` renders each Markdown field once, sanitised;
//! - `glossary_links.rs` links glossary terms, once per page;
//! - `pages.rs` lists the pages and their templates;
//! - `theme.rs` loads templates and static files; `exports.rs` writes the CSV,
//!   calendar and sitemap, `json_export.rs` the JSON export;
//! - `compact.rs` drops template indentation from pages;
//! - `output.rs` keeps the output folder safe.

mod compact;
pub mod directory;
pub mod exports;
pub mod glossary_links;
pub mod hours_text;
pub mod hsds;
pub mod json_export;
pub mod markdown;
pub mod matrix;
pub mod output;
pub mod pages;
pub mod report;
pub mod search;
pub mod theme;
pub mod views;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::findings::Findings;
use crate::load::Loaded;
use crate::model::Date;
use crate::timing;
use directory::Scope;
use glossary_links::Linker;

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    /// `--theme`, else `site.yaml`'s `theme`.
    pub theme: Option<String>,
    pub public: bool,
    pub base_url: Option<String>,
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
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub seconds: f64,
    /// What the search index measured.
    pub search: search::Stats,
}

/// Pages rendered ahead of the rest, as (site-relative path, HTML).
pub type Preview = Vec<(String, Vec<u8>)>;

/// Builds the site from loaded, checked content (with no errors).
pub fn build(loaded: &Loaded, findings: &Findings, options: &Options) -> Result<Summary, String> {
    build_with_preview(loaded, findings, options, &[], &mut |_| {})
}

/// Builds the site, first rendering the pages at `first` (site-relative paths,
/// like `agencies/x/index.html`) and handing them to `preview`, so that `serve`
/// can show the pages being looked at before the whole site is written.
pub fn build_with_preview(
    loaded: &Loaded,
    findings: &Findings,
    options: &Options,
    first: &[String],
    preview: &mut dyn FnMut(Preview),
) -> Result<Summary, String> {
    let started = Instant::now();
    let content = &loaded.content;
    let theme_name = options.theme.clone().or_else(|| {
        content
            .site
            .as_ref()
            .and_then(|s| s.theme.as_ref())
            .map(|t| t.value.clone())
    });
    let theme_dir = theme::locate(theme_name.as_deref(), &options.content)?;
    let theme = theme::load(theme_dir.as_deref())?;

    let builder = directory::Builder::new(
        content,
        Scope {
            public: options.public,
            today: options.today,
        },
    );
    let mut dir = timing::phase("directory", || builder.build());
    if let Some(url) = &options.base_url {
        let url = url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!(
                "--base-url must start with https:// (or http://), not `{url}`"
            ));
        }
        dir.site.base_url = Some(if url.ends_with('/') {
            url.to_owned()
        } else {
            format!("{url}/")
        });
    }
    let report = timing::phase("report", || {
        (!options.public).then(|| report::report(content, findings))
    });
    let route_html = timing::phase("route lines", || pages::route_lines(&dir, &theme.env))?;
    let jobs = timing::phase("page values", || {
        pages::list(&dir, report.as_deref(), route_html)
    });

    let linker = Linker {
        terms: &builder.terms,
    };
    if !first.is_empty() {
        let early: Result<Preview, String> = jobs
            .par_iter()
            .filter(|job| first.contains(&job.path))
            .map(|job| Ok((job.path.clone(), render_page(job, &dir, &theme, &linker)?)))
            .collect();
        preview(early?);
    }
    let staging = output::begin(&options.output, &options.content)?;
    // Pages and the data exports are made at the same time.
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let (pages, (extra, index)) = std::thread::scope(|scope| {
        if options.progress {
            scope.spawn(|| show_progress(&done, &finished, jobs.len(), started));
        }
        let result = rayon::join(
            || {
                timing::phase("pages", || {
                    render_pages(&jobs, &dir, &theme, &linker, &staging, &done)
                })
            },
            || {
                rayon::join(
                    || {
                        timing::phase("exports", || {
                            extra_files(&dir, content, &theme, &jobs, options.today, &staging)
                        })
                    },
                    || {
                        timing::phase("search index", || {
                            let index = search::build(&dir);
                            write_files(&staging, index.files).map(|w| (w, index.stats))
                        })
                    },
                )
            },
        );
        finished.store(true, Ordering::Relaxed);
        result
    });
    let written = pages.and_then(|bytes| {
        let (extra_bytes, extra_files) = extra?;
        let hsds = hsds::site_files(
            content,
            options.hsds.as_deref(),
            options.public,
            options.base_url.as_deref(),
        )
        .and_then(|f| write_files(&staging, f))?;
        let (extra_bytes, extra_files) = (extra_bytes + hsds.0, extra_files + hsds.1);
        let ((index_bytes, index_files), stats) = index?;
        Ok((
            bytes + extra_bytes + index_bytes,
            jobs.len() + extra_files + index_files,
            stats,
        ))
    });
    let (bytes, files, search_stats) = match written {
        Ok(w) => w,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    timing::phase("swap in", || staging.commit())?;
    let summary = Summary {
        pages: jobs.len(),
        files,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        search: search_stats,
    };
    // Freeing a big directory takes a while: do it off the build's path.
    std::thread::spawn(move || drop((dir, jobs, report)));
    Ok(summary)
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

/// Renders every page into the staging folder, in parallel; returns the bytes
/// written, counting each page written in `done`.
fn render_pages(
    jobs: &[pages::Job],
    dir: &directory::Directory,
    theme: &theme::Theme,
    linker: &Linker,
    staging: &output::Staging,
    done: &AtomicUsize,
) -> Result<u64, String> {
    let written: Result<Vec<u64>, String> = jobs
        .par_iter()
        .map(|job| {
            let html = render_page(job, dir, theme, linker)?;
            staging.write(&job.path, &html)?;
            done.fetch_add(1, Ordering::Relaxed);
            Ok(html.len() as u64)
        })
        .collect();
    Ok(written?.iter().sum())
}

/// One page's HTML, glossary terms linked.
fn render_page(
    job: &pages::Job,
    dir: &directory::Directory,
    theme: &theme::Theme,
    linker: &Linker,
) -> Result<Vec<u8>, String> {
    let template = theme
        .env
        .get_template(job.template)
        .map_err(|e| theme::describe(&e))?;
    let html = template.render(job.full_context(dir)).map_err(|e| {
        format!(
            "cannot render {} with {}: {}",
            job.path,
            job.template,
            theme::describe(&e)
        )
    })?;
    let html = linker.finish(&html, job.agency.as_deref(), &job.root());
    Ok(compact::strip_indentation(&html).into_bytes())
}

/// Writes files into the staging folder as they come, each dropped once written;
/// returns the bytes and files written.
fn write_files(
    staging: &output::Staging,
    files: Vec<(String, Vec<u8>)>,
) -> Result<(u64, usize), String> {
    let count = files.len();
    let mut bytes = 0;
    for (path, data) in files {
        staging.write(&path, &data)?;
        bytes += data.len() as u64;
    }
    Ok((bytes, count))
}

/// Writes the theme's static files and the data exports, one at a time (so
/// that only one export is in memory at once); returns the bytes and files written.
fn extra_files(
    dir: &directory::Directory,
    content: &crate::model::Content,
    theme: &theme::Theme,
    jobs: &[pages::Job],
    today: Date,
    staging: &output::Staging,
) -> Result<(u64, usize), String> {
    let mut written = (0u64, 0usize);
    let mut write = |path: &str, data: &[u8]| -> Result<(), String> {
        staging.write(path, data)?;
        written.0 += data.len() as u64;
        written.1 += 1;
        Ok(())
    };
    for (p, b) in &theme.assets {
        write(&format!("assets/{p}"), b)?;
    }
    write(
        "data/directory.json",
        json_export::directory_json(dir)?.as_bytes(),
    )?;
    write("data/agencies.csv", exports::agencies_csv(dir)?.as_bytes())?;
    write("data/contacts.csv", exports::contacts_csv(dir)?.as_bytes())?;
    write(
        "data/glossary.csv",
        exports::glossary_csv(dir, content)?.as_bytes(),
    )?;
    write(
        "shadowing/calendar.ics",
        exports::calendar(dir, today).as_bytes(),
    )?;
    if let Some(base) = &dir.site.base_url {
        let paths: Vec<String> = jobs
            .iter()
            .filter(|j| j.in_sitemap)
            .map(|j| j.path.clone())
            .collect();
        write("sitemap.xml", exports::sitemap(base, &paths).as_bytes())?;
    }
    Ok(written)
}
