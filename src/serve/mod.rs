//! Serve: the editor's loop. Build the site, serve it over HTTP, watch the
//! content and theme folders, rebuild on every change and reload every open
//! page; when a rebuild fails, keep serving the last good site and show the
//! findings in an overlay on every page until the file is fixed.
//!
//! - `http.rs` runs the HTTP server and bounds what a connection may cost;
//! - `host.rs` decides which names (`Host`) the server answers to;
//! - `answer.rs` decides what each request gets;
//! - `files.rs` answers requests for the site's files, safely;
//! - `fresh.rs` holds the open pages a rebuild renders first;
//! - `overlay.rs` names finding codes in plain words and quotes their lines;
//! - `reload.rs` keeps the build status and the pages listening for changes;
//! - `tell.rs` says how a rebuild went, on the terminal and to the open pages;
//! - `unfinished.rs` keeps and finishes a rebuild stopped while it wrote the site;
//! - `watch.rs` watches the folders and filters editors' temporary files.

pub(crate) mod answer;
pub(crate) mod files;
pub(crate) mod fresh;
pub mod host;
pub(crate) mod http;
pub(crate) mod overlay;
pub(crate) mod reload;
pub(crate) mod tell;
mod unfinished;
pub(crate) mod watch;

use std::fs;
use std::io;
use std::net::{IpAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use crate::findings::{Findings, Severity};
use crate::model::Date;
use crate::{analyse, load, render, timing};
use fresh::Fresh;
use reload::{Hub, Status};
use unfinished::{Unfinished, finish_unfinished, keep_unfinished};

/// What `joinedup serve` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// The content folder (`--content`).
    pub content: PathBuf,
    /// Where the site is written (`--output`).
    pub output: PathBuf,
    /// `--theme`, else `site.yaml`'s `theme`.
    pub theme: Option<String>,
    /// The address to listen on (`--bind`).
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Open the site in a browser (`--open`).
    pub open: bool,
    /// Poll for changes instead of waiting for events (`--poll`).
    pub poll: bool,
    /// The build date (`--today`).
    pub today: Date,
    /// Host names answered besides this machine's (`--allow-host`).
    pub allow_hosts: Vec<String>,
}

/// Why `serve` could not start; the command line turns each kind into its exit code.
#[derive(Debug)]
pub enum Error {
    /// The command was asked for something it cannot do (a missing folder).
    Usage(String),
    /// The port is taken (by another `joinedup serve`, say).
    PortInUse {
        /// The address asked for.
        bind: IpAddr,
        /// The port that is taken.
        port: u16,
    },
    /// Listening, watching or reading failed.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(m) | Error::Io(m) => f.write_str(m),
            Error::PortInUse { bind, port } => write!(
                f,
                "port {port} on {bind} is already in use (another joinedup serve?); choose another with --port, for example --port {}",
                port.wrapping_add(1).max(1024)
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The live-reload script, from the theme's `serve/` folder.
fn live_script() -> Vec<u8> {
    render::theme::serve_asset("live.js").unwrap_or_default()
}

/// Builds once and publishes the outcome; returns how long it took.
///
/// The pages open in a browser are rendered first and served from memory, and
/// the open pages are told to reload then; the rest of the site follows.
fn rebuild(
    options: &Options,
    hub: &Hub,
    fresh: &Fresh,
    kept: &mut Kept,
    css_only: bool,
) -> Duration {
    let started = Instant::now();
    let mut status = Status {
        generation: hub.status().generation,
        css_only,
        ..Status::default()
    };
    let loaded = timing::phase("load", || {
        load::load_cached(&options.content, &mut kept.load)
    });
    match loaded {
        Err(e) => status.message = Some(e.to_string()),
        Ok(loaded) if superseded(kept) => {
            // A newer change came in while this one loaded: it is built instead.
            println!("a newer change came in: building again");
            let load = kept.load.loads();
            kept.load.give_back(loaded.content, load);
            return started.elapsed();
        }
        Ok(loaded) => {
            let load = kept.load.loads();
            let first = if css_only { Vec::new() } else { hub.pages() };
            // The content is analysed while the first part of the build (the
            // agencies' views, and the open pages if they are agencies') is
            // made: it is shown only if the analysis finds no errors.
            let (judged, early) = rayon::join(
                || timing::phase("analyse: errors", || analyse::errors(&loaded)),
                || {
                    let build = render_options(options);
                    render::Early::prepare(&loaded.content, &build, &first, Some(&mut kept.render))
                },
            );
            if superseded(kept) {
                // The same after the analysis: its pages would be out of date at once.
                drop((judged, early));
                println!("a newer change came in: building again");
                kept.load.give_back(loaded.content, load);
                return started.elapsed();
            }
            let mut early = early.ok();
            // With no errors, the open pages are shown before the rest of the
            // analysis (warnings only) is done.
            let preview = early.as_mut().and_then(render::Early::take_preview);
            let shown_early = match preview {
                Some(pages) if !judged.has_errors() => {
                    let stop = kept.render.stop.clone();
                    show_first(hub, fresh, stop.as_deref(), (&status, false), pages);
                    true
                }
                _ => false,
            };
            let found = timing::phase("analyse: the rest", || judged.finish(options.today));
            status.errors = tell::problems(&loaded.content, &found, Severity::Error);
            status.warnings = tell::problems(&loaded.content, &found, Severity::Warning);
            status.warnings_total = found.warnings();
            status.warnings.truncate(MAX_WARNINGS_SHOWN);
            if shown_early {
                // The open pages reloaded with the last build's warnings: these are this one's.
                let mut now = status.clone();
                now.ok = true;
                now.generation = hub.status().generation;
                hub.publish(now);
            }
            if status.errors.is_empty() {
                let site = Site {
                    loaded: &loaded,
                    found: &found,
                    early,
                };
                match write_site(options, (hub, fresh), kept, site, &first, &mut status) {
                    Written::Whole => {}
                    Written::Nothing => {
                        kept.load.give_back(loaded.content, load);
                        return started.elapsed();
                    }
                    Written::Part => {
                        // Its records go back to the load's cache, which can make
                        // this content again to finish it (`finish_unfinished`).
                        keep_unfinished(kept, loaded, found, load);
                        return started.elapsed();
                    }
                }
            }
            kept.load.give_back(loaded.content, load);
        }
    }
    finish_unfinished(options, hub, fresh, kept);
    // A rebuild stopped for this one may have left pages in memory: not any more.
    fresh.finish();
    status.site = options.output.join("index.html").is_file();
    let took = started.elapsed();
    tell::say_how_it_went(&status, took);
    hub.publish(status);
    took
}

/// How much of the site a rebuild wrote.
enum Written {
    /// All of it (or it failed, as `status` says).
    Whole,
    /// Nothing: a newer change stopped it first.
    Nothing,
    /// Part: a newer change stopped it while it wrote the site.
    Part,
}

/// Writes the site of content analysed without errors (`site`) and says in
/// `status` how it went.
fn write_site(
    options: &Options,
    (hub, fresh): (&Hub, &Fresh),
    kept: &mut Kept,
    site: Site<'_>,
    first: &[String],
    status: &mut Status,
) -> Written {
    // This build writes over what a stopped one left, unless it stops before writing.
    let before = kept.unfinished.take();
    let built = build_site(options, hub, fresh, kept, site, first, status);
    if let Err(render::Error::Superseded) = built {
        // The newer change follows at once; the site served is still the one the last build left.
        println!("a newer change came in: building again");
        kept.unfinished = before;
        return Written::Nothing;
    }
    // This build wrote over what a stopped one left: that content is freed
    // off the rebuild's path (tens of milliseconds at 10,000 agencies).
    match before {
        Some(Unfinished::Held(loaded, found)) => {
            std::thread::spawn(move || drop((loaded, found)));
        }
        Some(Unfinished::Lent(found)) => {
            kept.load.forget_unfinished();
            std::thread::spawn(move || drop(found));
        }
        None => {}
    }
    if let Err(render::Error::Stopped) = built {
        // The next rebuild follows at once: pages other than the open
        // ones still wait for it rather than see a half-written site.
        println!("a newer change came in while the site was written: building again");
        return Written::Part;
    }
    fresh.finish();
    // The open pages already reloaded to this build if it previewed them.
    let previewed = hub.status().generation > status.generation;
    status.generation = hub.status().generation;
    match built {
        Ok(_) => {
            status.ok = true;
            if !previewed {
                status.generation += 1;
            }
        }
        Err(e) => status.message = Some(e.to_string()),
    }
    Written::Whole
}

/// Whether a newer change has come in since this rebuild began (the
/// watcher sets the flag; the rebuild loop clears it as it starts one).
/// Until the open pages are shown, such a rebuild is given up at once, with
/// nothing shown or written: the newer one follows and builds it all.
fn superseded(kept: &Kept) -> bool {
    (kept.render.stop.as_ref()).is_some_and(|s| s.load(Ordering::SeqCst))
}

/// What the rebuilds keep from one to the next: every file's parsed records,
/// the routes' cards and the digests of the site's files (see [`render::Keep`]).
#[derive(Default)]
struct Kept {
    load: load::Cache,
    render: render::Keep,
    /// Content that built, whose rebuild a newer change stopped half-way
    /// through writing the site: if the newer content does not build, this
    /// one is finished, so the site served is still one whole site.
    unfinished: Option<Unfinished>,
}

/// Content to build: loaded, analysed, and the first part of its build if made.
struct Site<'a> {
    loaded: &'a load::Loaded,
    found: &'a Findings,
    early: Option<render::Early<'a>>,
}

/// What a build for `serve` is asked to do.
fn render_options(options: &Options) -> render::Options {
    render::Options {
        content: options.content.clone(),
        output: options.output.clone(),
        theme: options.theme.clone(),
        public: false,
        base_url: None,
        today: options.today,
        progress: false,
        hsds: None,
    }
}

/// Builds the site for `serve`: the open pages (`first`) first, shown from
/// memory and reloaded, then the rest.
fn build_site(
    options: &Options,
    hub: &Hub,
    fresh: &Fresh,
    kept: &mut Kept,
    site: Site<'_>,
    first: &[String],
    status: &Status,
) -> Result<render::Summary, render::Error> {
    let stop = kept.render.stop.clone();
    let mut preview =
        |pages: render::Preview| show_first(hub, fresh, stop.as_deref(), (status, true), pages);
    let build = render_options(options);
    let (loaded, found) = (site.loaded, site.found);
    let keep = Some(&mut kept.render);
    match site.early {
        Some(early) => {
            render::build_prepared(early, loaded, found, &build, first, &mut preview, keep)
        }
        None => render::build_with_preview(loaded, found, &build, first, &mut preview, keep),
    }
}

/// Shows the open pages of a rebuild (`pages`, rendered first) from memory
/// and tells them to reload, with `status`; until the analysis is done
/// (`analysed`), with the last build's warnings. Waits until they have.
fn show_first(
    hub: &Hub,
    fresh: &Fresh,
    stop: Option<&AtomicBool>,
    (status, analysed): (&Status, bool),
    pages: render::Preview,
) {
    let shown: Vec<String> = pages.iter().map(|(path, _)| path.clone()).collect();
    // Each open page is sent itself, as it would be answered at its address.
    let carried: Vec<(String, String)> = (pages.iter())
        .map(|(path, html)| {
            let html = String::from_utf8_lossy(html);
            (
                path.clone(),
                files::inject_live_reload(&html, &format!("/{path}")),
            )
        })
        .collect();
    fresh.show(pages);
    let last = hub.status();
    let mut early = status.clone();
    early.ok = true;
    // One more than the last status's: pages shown again (their bytes changed) reload again.
    early.generation = last.generation + 1;
    if !analysed {
        (early.warnings, early.warnings_total) = if last.ok {
            (last.warnings, last.warnings_total)
        } else {
            (Vec::new(), 0)
        };
    }
    let mark = hub.mark();
    hub.publish_with(early, &carried);
    // Writing the rest of the site takes every core: the browser is left
    // them until the open pages have reloaded (they listen again), which
    // on two cores makes the reload hundreds of milliseconds sooner.
    timing::phase("open pages reloaded", || {
        hub.wait_reloaded(&shown, mark, RELOAD_WAIT, stop)
    });
}

/// Runs the server until Ctrl-C.
pub fn run(options: Options) -> Result<(), Error> {
    if !options.content.is_dir() {
        return Err(Error::Usage(format!(
            "{}: no such folder; point --content at a content folder (one with site.yaml in it)",
            options.content.display()
        )));
    }
    let listener = listen(&options)?;
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    let hub = Arc::new(Hub::default());
    let content = fs::canonicalize(&options.content)
        .map_err(|e| Error::Io(format!("{}: {e}", options.content.display())))?;
    let theme_dir = render::theme::locate(options.theme.as_deref(), &content)
        .ok()
        .flatten();
    // Changes arrive on this channel; Ctrl-C sends an empty batch to wake the loop.
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let stop = Arc::new(AtomicBool::new(false));
    {
        let (stop, tx) = (stop.clone(), tx.clone());
        let _ = ctrlc::set_handler(move || {
            stop.store(true, Ordering::SeqCst);
            let _ = tx.send(Vec::new());
        });
    }
    // Watch before the first build, so that a save made while it runs is seen.
    let mut roots = vec![content.clone()];
    if let Some(t) = theme_dir.and_then(|t| fs::canonicalize(t).ok()) {
        roots.push(t);
    }
    let out_abs = fs::canonicalize(&options.output).unwrap_or_else(|_| options.output.clone());
    let pending = Arc::new(AtomicBool::new(false));
    let _watching = watch::start(&roots, &out_abs, options.poll, tx.clone(), pending.clone())
        .map_err(Error::Io)?;
    let fresh: Arc<Fresh> = Arc::default();
    let mut kept = Kept::default();
    let took = rebuild(&options, &hub, &fresh, &mut kept, false);
    // From now on a change that comes in while the site is being written
    // stops that rebuild (the open pages are already shown) for a new one.
    kept.render.stop = Some(pending.clone());

    let server = http::start(
        listener,
        answer::App {
            output: options.output.clone(),
            hub: hub.clone(),
            fresh: fresh.clone(),
            live: live_script(),
            hosts: host::Hosts::new(&options.allow_hosts),
            refused: Mutex::default(),
        },
    )
    .map_err(Error::Io)?;
    announce(&options, port, took);

    // Rebuild on this thread as changes come in.
    let watched = Watched {
        rx: &rx,
        stop: &stop,
        pending: &pending,
        roots: &roots,
        output: &out_abs,
    };
    rebuild_on_change(&options, &hub, &fresh, &mut kept, &watched);
    server.stop();
    println!("stopped");
    Ok(())
}

/// Binds the server's socket, telling a busy port apart from other failures.
fn listen(options: &Options) -> Result<TcpListener, Error> {
    TcpListener::bind((options.bind, options.port)).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            Error::PortInUse {
                bind: options.bind,
                port: options.port,
            }
        } else {
            Error::Io(format!(
                "cannot listen on {}:{}: {e}",
                options.bind, options.port
            ))
        }
    })
}

/// Says where the site is served (and warns when it is not only on this
/// machine), then opens a browser if asked.
fn announce(options: &Options, port: u16, took: Duration) {
    let shown_host = match options.bind {
        b if b.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(b) => format!("[{b}]"),
        b => b.to_string(),
    };
    let url = format!("http://{shown_host}:{port}/");
    println!(
        "serving {} at {url} (first build {} ms); press Ctrl-C to stop",
        options.content.display(),
        took.as_millis()
    );
    if !options.bind.is_loopback() {
        eprintln!(
            "WARNING: listening on {} — anyone who can reach this machine can read the site, internal records included. Use --bind 127.0.0.1 unless you mean it.",
            options.bind
        );
    }
    if options.open {
        open_browser(&url);
    }
}

/// What the rebuild loop watches: the changes' channel, the stop flag, the
/// folders watched and the output folder (whose own changes are ignored).
struct Watched<'a> {
    rx: &'a mpsc::Receiver<Vec<PathBuf>>,
    stop: &'a AtomicBool,
    /// Set by the watcher when a change comes in.
    pending: &'a AtomicBool,
    roots: &'a [PathBuf],
    output: &'a Path,
}

/// Rebuilds as changes come in until Ctrl-C; pings the open pages when quiet.
fn rebuild_on_change(
    options: &Options,
    hub: &Hub,
    fresh: &Fresh,
    kept: &mut Kept,
    w: &Watched<'_>,
) {
    while !w.stop.load(Ordering::SeqCst) {
        match w.rx.recv_timeout(Duration::from_secs(15)) {
            Ok(_) if w.stop.load(Ordering::SeqCst) => break,
            Ok(mut paths) => {
                // A burst of saves (a git checkout) comes as several batches: take them all.
                std::thread::sleep(Duration::from_millis(5));
                w.pending.store(false, Ordering::SeqCst);
                while let Ok(more) = w.rx.try_recv() {
                    paths.extend(more);
                }
                let changed = watch::relevant(&paths, w.roots, w.output);
                if changed.is_empty() {
                    continue;
                }
                let css_only = changed
                    .iter()
                    .all(|p| p.extension().is_some_and(|e| e == "css"));
                let n = changed.len();
                println!("rebuilding: {n} change{}", if n == 1 { "" } else { "s" });
                rebuild(options, hub, fresh, kept, css_only);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => hub.ping(),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
}

/// The longest the rest of the site waits for the open pages to reload (a
/// page in a tab the browser has put to sleep may never).
const RELOAD_WAIT: Duration = Duration::from_secs(1);

/// The most warnings sent to the open pages (the report page lists them all).
const MAX_WARNINGS_SHOWN: usize = 100;

/// Opens the system's browser at `url`, if there is one.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        eprintln!("could not open a browser ({opener}); open {url} yourself");
    }
}
