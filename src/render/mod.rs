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
//! - `theme.rs` loads templates and static files; `exports.rs` writes data;
//! - `output.rs` keeps the output folder safe.

pub mod directory;
pub mod exports;
pub mod glossary_links;
pub mod markdown;
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

/// Builds the site from loaded, checked content (with no errors).
pub fn build(loaded: &Loaded, findings: &Findings, options: &Options) -> Result<Summary, String> {
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
    let mut dir = builder.build();
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
    let report = (!options.public).then(|| report::report(content, findings));
    let route_html = pages::route_lines(&dir, &theme.env)?;
    let jobs = pages::list(&dir, report.as_deref(), route_html);

    let staging = output::begin(&options.output, &options.content)?;
    let linker = Linker {
        terms: &builder.terms,
    };
    // Pages and the data exports are made at the same time.
    let done = AtomicUsize::new(0);
    let finished = AtomicBool::new(false);
    let (pages, (extra, index)) = std::thread::scope(|scope| {
        if options.progress {
            scope.spawn(|| show_progress(&done, &finished, jobs.len(), started));
        }
        let result = rayon::join(
            || render_pages(&jobs, &theme, &linker, &staging, &done),
            || {
                rayon::join(
                    || extra_files(&dir, content, &theme, &jobs, options.today),
                    || search::build(&dir),
                )
            },
        );
        finished.store(true, Ordering::Relaxed);
        result
    });
    let extra = extra.map(|mut files| {
        files.extend(index.files);
        files
    });
    let written = pages.and_then(|bytes| {
        let extra = extra?;
        for (path, data) in &extra {
            staging.write(path, data)?;
        }
        let extra_bytes: u64 = extra.iter().map(|(_, d)| d.len() as u64).sum();
        Ok((bytes + extra_bytes, jobs.len() + extra.len()))
    });
    let (bytes, files) = match written {
        Ok(w) => w,
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    };
    staging.commit()?;
    Ok(Summary {
        pages: jobs.len(),
        files,
        bytes,
        seconds: started.elapsed().as_secs_f64(),
        search: index.stats,
    })
}

/// Renders every page into the staging folder, in parallel; returns the bytes written.
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

fn render_pages(
    jobs: &[pages::Job],
    theme: &theme::Theme,
    linker: &Linker,
    staging: &output::Staging,
    done: &AtomicUsize,
) -> Result<u64, String> {
    let written: Result<Vec<u64>, String> = jobs
        .par_iter()
        .map(|job| {
            let template = theme
                .env
                .get_template(job.template)
                .map_err(|e| theme::describe(&e))?;
            let html = template.render(&job.context).map_err(|e| {
                format!(
                    "cannot render {} with {}: {}",
                    job.path,
                    job.template,
                    theme::describe(&e)
                )
            })?;
            let html = linker.finish(&html, job.agency.as_deref(), &job.root());
            staging.write(&job.path, html.as_bytes())?;
            done.fetch_add(1, Ordering::Relaxed);
            Ok(html.len() as u64)
        })
        .collect();
    Ok(written?.iter().sum())
}

/// The theme's static files and the data exports, as (path, bytes).
fn extra_files(
    dir: &directory::Directory,
    content: &crate::model::Content,
    theme: &theme::Theme,
    jobs: &[pages::Job],
    today: Date,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files: Vec<(String, Vec<u8>)> = theme
        .assets
        .iter()
        .map(|(p, b)| (format!("assets/{p}"), b.clone()))
        .collect();
    files.extend([
        (
            "data/directory.json".to_owned(),
            exports::directory_json(dir)?.into_bytes(),
        ),
        (
            "data/agencies.csv".to_owned(),
            exports::agencies_csv(dir)?.into_bytes(),
        ),
        (
            "data/contacts.csv".to_owned(),
            exports::contacts_csv(dir)?.into_bytes(),
        ),
        (
            "data/glossary.csv".to_owned(),
            exports::glossary_csv(dir, content)?.into_bytes(),
        ),
        (
            "shadowing/calendar.ics".to_owned(),
            exports::calendar(dir, today).into_bytes(),
        ),
    ]);
    if let Some(base) = &dir.site.base_url {
        let paths: Vec<String> = jobs
            .iter()
            .filter(|j| j.in_sitemap)
            .map(|j| j.path.clone())
            .collect();
        files.push((
            "sitemap.xml".to_owned(),
            exports::sitemap(base, &paths).into_bytes(),
        ));
    }
    Ok(files)
}
