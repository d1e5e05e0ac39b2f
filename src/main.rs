//! The `joinedup` command line: parses flags and runs a stage of the library.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// mimalloc: the build makes and frees millions of small strings and values,
/// and spends a sixth of its time in the system allocator without it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use joinedup::cli::scaffold::{self, NewKind};
use joinedup::cli::{self, Failure};
use joinedup::{analyse, findings, load, model, render, serve, synth, timing};

mod hsds_cli;

/// Build and check a directory of who does what across partner agencies.
#[derive(Parser)]
#[command(name = "joinedup", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the content is, and the date to judge it on.
#[derive(Args)]
struct ContentArgs {
    /// The content folder (with site.yaml in it), as `--content DIR` or just `DIR`; default `content`.
    #[arg(value_name = "DIR", conflicts_with = "content")]
    folder: Option<PathBuf>,
    /// The content folder (with site.yaml in it) [default: content].
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
    /// The date to judge review and closing dates against (default: SOURCE_DATE_EPOCH, else the clock).
    #[arg(long, value_name = "YYYY-MM-DD")]
    today: Option<String>,
}

/// Where the site goes, and how it looks.
#[derive(Args)]
struct SiteArgs {
    /// The folder to write the site into (replaced as a whole, only if joinedup made it).
    #[arg(long, value_name = "DIR", default_value = "output")]
    output: PathBuf,
    /// A theme: a name (themes/NAME beside the content folder) or a folder.
    #[arg(long, value_name = "NAME|DIR")]
    theme: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content: errors (exit 1) and warnings, like a compiler.
    Check {
        #[command(flatten)]
        input: ContentArgs,
        /// How to print findings: `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
    },
    /// Build the site: check the content, then write every page into the output folder.
    Build {
        #[command(flatten)]
        input: ContentArgs,
        #[command(flatten)]
        site: SiteArgs,
        /// Include only what is public: nothing internal anywhere in the output.
        #[arg(long)]
        public: bool,
        /// The address the site is published at (for sitemap.xml and calendar links).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also write the Open Referral export into data/hsds/ (`hsds`, the default, or `oruk`).
        #[arg(long, value_name = "FLAVOUR", num_args = 0..=1, default_missing_value = "hsds",
              value_parser = ["hsds", "oruk"])]
        hsds: Option<String>,
    },
    /// Export the directory in another format (`export hsds`: Open Referral HSDS 3.0).
    Export {
        #[command(subcommand)]
        what: hsds_cli::ExportWhat,
    },
    /// Bring in records from another directory (`import hsds`: Open Referral HSDS 3.0 or UK).
    Import {
        #[command(subcommand)]
        what: hsds_cli::ImportWhat,
    },
    /// Build, serve on http://127.0.0.1:8000/, and rebuild and reload on every change.
    Serve {
        #[command(flatten)]
        input: ContentArgs,
        #[command(flatten)]
        site: SiteArgs,
        /// The address to listen on; 127.0.0.1 keeps the site on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Open the site in the system's browser.
        #[arg(long)]
        open: bool,
        /// Poll for changes (network drives, WSL) instead of waiting for events.
        #[arg(long)]
        poll: bool,
        /// Also answer to this host name (this machine's names and addresses always
        /// work); repeat for more, or start with a dot for subdomains (.example.org).
        #[arg(long = "allow-host", value_name = "NAME", value_parser = serve::host::parse_allowed)]
        allow_host: Vec<String>,
    },
    /// Start a new partnership: a small, commented content folder that builds.
    Init {
        /// The folder to write (it must not exist, or be empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The date written as the entries' last review (default: SOURCE_DATE_EPOCH, else the clock).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Start a new record: a commented file in the right folder (never over an existing one).
    New {
        /// What to start.
        #[arg(value_enum)]
        kind: NewKindArg,
        /// Its id: lowercase letters and digits joined by hyphens, like `northshire-police`.
        id: String,
        /// The content folder (with site.yaml in it).
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
        /// The date written as the entry's last review (default: SOURCE_DATE_EPOCH, else the clock).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
    /// Write the JSON Schemas of the content files, for editors that check YAML as you type.
    Schema {
        /// The folder to write them into.
        #[arg(long, value_name = "DIR", default_value = "schemas")]
        output: PathBuf,
    },
    /// Write synthetic content (for benchmarks and scale tests).
    #[command(hide = true)]
    Synth {
        /// The folder to write into (it must not exist, or be empty).
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
        /// How many agencies to write.
        #[arg(long, default_value_t = 2000)]
        agencies: usize,
    },
}

impl ContentArgs {
    /// The content folder: the positional folder, else `--content`, else `content`.
    fn dir(&self) -> PathBuf {
        self.folder
            .clone()
            .or_else(|| self.content.clone())
            .unwrap_or_else(|| PathBuf::from("content"))
    }
}

/// What `joinedup new` starts.
#[derive(Clone, Copy, ValueEnum)]
enum NewKindArg {
    /// agencies/ID.yaml
    Agency,
    /// shadowing/ID.yaml: a shadowing offer
    Offer,
    /// pages/ID.md
    Page,
    /// glossary/ID.yaml: a glossary entry
    Term,
    /// agreements/ID.yaml
    Agreement,
    /// meetings/ID.yaml
    Meeting,
    /// pathways/ID.yaml
    Pathway,
}

impl From<NewKindArg> for NewKind {
    fn from(k: NewKindArg) -> Self {
        match k {
            NewKindArg::Agency => NewKind::Agency,
            NewKindArg::Offer => NewKind::Offer,
            NewKindArg::Page => NewKind::Page,
            NewKindArg::Term => NewKind::Term,
            NewKindArg::Agreement => NewKind::Agreement,
            NewKindArg::Meeting => NewKind::Meeting,
            NewKindArg::Pathway => NewKind::Pathway,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check { input, format } => check(&input, format),
        Command::Build {
            input,
            site,
            public,
            base_url,
            hsds,
        } => build(&input, site, public, base_url, hsds),
        Command::Export { what } => hsds_cli::export(what),
        Command::Import { what } => hsds_cli::import(what),
        Command::Serve {
            input,
            site,
            bind,
            port,
            open,
            poll,
            allow_host,
        } => serve_command(input, site, bind, port, open, poll, allow_host),
        Command::Init { dir, today } => init(&dir, today.as_deref()),
        Command::New {
            kind,
            id,
            content,
            today,
        } => new(kind.into(), &id, &content, today.as_deref()),
        Command::Schema { output } => scaffold::schemas(&output).and_then(|names| {
            say(&format!(
                "wrote {} JSON Schemas into {}\n",
                names.len(),
                output.display()
            ))
        }),
        Command::Synth { output, agencies } => {
            synth::write(&output, agencies).map_err(|e| Failure::Usage(e.to_string()))
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if !matches!(failure, Failure::Content) {
                eprintln!("joinedup: {failure}");
            }
            ExitCode::from(failure.exit_code())
        }
    }
}

fn serve_command(
    input: ContentArgs,
    site: SiteArgs,
    bind: std::net::IpAddr,
    port: u16,
    open: bool,
    poll: bool,
    allow_hosts: Vec<String>,
) -> Result<(), Failure> {
    let today = cli::resolve_today(input.today.as_deref())?;
    let content = input.dir();
    load::check_folder(&content)?;
    cli::check_theme(site.theme.as_deref(), &content)?;
    let options = serve::Options {
        content,
        output: site.output,
        theme: site.theme,
        bind,
        port,
        open,
        poll,
        today,
        allow_hosts,
    };
    Ok(serve::run(options)?)
}

fn init(dir: &std::path::Path, today: Option<&str>) -> Result<(), Failure> {
    let today = cli::resolve_today(today)?;
    let written = scaffold::init(dir, today)?;
    let shown = dir.display();
    say(&format!(
        "wrote a starter partnership into {shown} ({} files); next:\n  joinedup check {shown}    (says what is wrong, with how to fix it)\n  joinedup serve {shown}    (shows the site at http://127.0.0.1:8000/ and updates it as you save; Ctrl-C stops it)\n  joinedup new agency ID --content {shown}    (adds an agency)\n",
        written.len()
    ))
}

fn new(
    kind: NewKind,
    id: &str,
    content: &std::path::Path,
    today: Option<&str>,
) -> Result<(), Failure> {
    let today = cli::resolve_today(today)?;
    let (path, schemas) = scaffold::new(kind, id, content, today)?;
    let also = if schemas {
        format!(
            " (and the JSON Schemas into {}, for checking as you type)",
            content.join(scaffold::SCHEMAS).display()
        )
    } else {
        String::new()
    };
    say(&format!(
        "wrote {}{also}: replace each <…> in it, then run joinedup check\n",
        path.display()
    ))
}

/// `--today`, else `SOURCE_DATE_EPOCH`, else the clock.
/// Today's date and the loaded content.
fn prepare(input: &ContentArgs) -> Result<(model::Date, load::Loaded), Failure> {
    let today = cli::resolve_today(input.today.as_deref())?;
    let loaded = timing::phase("load", || load::load(&input.dir()))?;
    Ok((today, loaded))
}

fn color_on(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none()
}

fn build(
    input: &ContentArgs,
    site: SiteArgs,
    public: bool,
    base_url: Option<String>,
    hsds: Option<String>,
) -> Result<(), Failure> {
    if let Some(url) = &base_url {
        cli::check_base_url(url)?;
    }
    let (today, mut loaded) = prepare(input)?;
    let content_dir = input.dir();
    let theme_name = site.theme.clone().or_else(|| {
        loaded
            .content
            .site
            .as_ref()
            .and_then(|s| s.theme.as_ref())
            .map(|t| t.value.clone())
    });
    cli::check_theme(theme_name.as_deref(), &content_dir)?;
    cli::check_output(&site.output, &content_dir)?;
    let found = timing::phase("analyse", || analyse::analyse(&loaded, today));
    let color = color_on(io::stderr().is_terminal());
    if !found.items.is_empty() {
        let mut err = io::BufWriter::new(io::stderr().lock());
        let _ = timing::phase("print findings", || {
            findings::print::text(&mut err, &loaded.content, &found, color)
        });
        let _ = err.flush();
    }
    if found.errors() > 0 {
        let files = loaded
            .content
            .files
            .iter()
            .filter(|f| !f.text.is_empty())
            .count();
        eprintln!("{}", findings::print::summary(&found, files));
        eprintln!(
            "joinedup: the build stopped: fix the errors above and build again (the old site, if any, is untouched)"
        );
        return Err(Failure::Content);
    }
    // The files' text was kept to quote lines in findings; the site needs only the model.
    for file in &mut loaded.content.files {
        file.text = String::new();
    }
    let output = site.output;
    let options = render::Options {
        content: content_dir,
        output: output.clone(),
        theme: site.theme,
        public,
        base_url,
        today,
        progress: io::stderr().is_terminal(),
        hsds,
    };
    match timing::phase("build", || render::build(loaded, &found, &options)) {
        Ok(s) => {
            say(&built_summary(&s, found.warnings(), public, &output))?;
            // The process ends here: leave the memory to the system rather than
            // spend a tenth of a second freeing it value by value.
            std::mem::forget(found);
            Ok(())
        }
        // A theme's template failing while it renders is the theme's to fix;
        // what else is left once the flags and content were checked is writing.
        Err(render::Error::Usage(e)) => Err(Failure::Usage(e)),
        Err(render::Error::Io(e)) => Err(Failure::Io(e)),
        Err(e @ (render::Error::Stopped | render::Error::Superseded)) => {
            Err(Failure::Io(e.to_string()))
        }
    }
}

/// What `build` says when it has written the site: pages, files, size, time
/// and warnings, then the search index's size and budgets (budget warnings go
/// to stderr).
fn built_summary(s: &render::Summary, warnings: usize, public: bool, output: &Path) -> String {
    let report = if public || warnings == 0 {
        String::new()
    } else {
        format!(" (see {})", output.join("report/index.html").display())
    };
    let mut said = format!(
        "built {} pages ({} files, {:.1} MB){} into {} in {:.2} s; {} warning{}{report}\n",
        s.pages,
        s.files,
        s.bytes as f64 / 1_000_000.0,
        if public { ", public edition" } else { "" },
        output.display(),
        s.seconds,
        warnings,
        if warnings == 1 { "" } else { "s" },
    );
    let q = &s.search;
    said += &format!(
        "search index: {} records in {} shards (largest {:.1} KB), {}{:.0} KB gzipped ({:.0} bytes per record); a first search loads up to {:.0} KB gzipped in {} requests\n",
        q.records,
        q.shards,
        q.largest_shard as f64 / 1024.0,
        if q.total_gzip_estimated { "about " } else { "" },
        q.total_gzip as f64 / 1024.0,
        q.gzip_per_record,
        q.first_query_gzip as f64 / 1024.0,
        q.first_query_requests,
    );
    for w in &q.warnings {
        eprintln!("warning[search-budget]: {w}");
    }
    said
}

/// Prints what a finished command has to say on stdout. A reader that went
/// away (`| head`) is not an error; any other failure to write (a full disk,
/// `>/dev/full`) is said on stderr and ends with exit code 3, as I/O failures do.
fn say(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Io(format!(
            "the work is done, but what it had to say could not be written to standard output: {e}"
        ))),
    }
}

fn check(input: &ContentArgs, format: OutputFormat) -> Result<(), Failure> {
    let (today, loaded) = prepare(input)?;
    let found = analyse::analyse(&loaded, today);
    let content = &loaded.content;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        OutputFormat::Json => findings::print::json(content, &found)
            .map_err(io::Error::other)
            .and_then(|s| writeln!(out, "{s}")),
        OutputFormat::Text => {
            let color = color_on(io::stdout().is_terminal());
            findings::print::text(&mut out, content, &found, color).and_then(|()| {
                let files = content.files.iter().filter(|f| !f.text.is_empty()).count();
                writeln!(out, "{}", findings::print::summary(&found, files))
            })
        }
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        return Err(Failure::Io(format!("cannot write the findings: {e}")));
    }
    if found.errors() > 0 {
        Err(Failure::Content)
    } else {
        Ok(())
    }
}
