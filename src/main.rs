//! The `joinedup` command line: parses flags and runs a stage of the library.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use joinedup::{analyse, findings, load, synth, today};

/// Build and check a directory of who does what across partner agencies.
#[derive(Parser)]
#[command(name = "joinedup", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the content: errors (exit 1) and warnings, like a compiler.
    Check {
        /// The content folder (with site.yaml in it).
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
        /// How to print findings: `text` for people, `json` for tools.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// The date to judge review dates against (default: SOURCE_DATE_EPOCH, else the clock).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
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

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            content,
            format,
            today,
        } => check(&content, format, today.as_deref()),
        Command::Synth { output, agencies } => match synth::write(&output, agencies) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("joinedup: {e}");
                ExitCode::from(2)
            }
        },
    }
}

fn check(dir: &std::path::Path, format: OutputFormat, today_flag: Option<&str>) -> ExitCode {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let today = match today::resolve(today_flag, epoch.as_deref()) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("joinedup: {e}");
            return ExitCode::from(2);
        }
    };
    let loaded = match load::load(dir) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("joinedup: {e}");
            return ExitCode::from(2);
        }
    };
    let found = analyse::analyse(&loaded, today);
    let content = &loaded.content;
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        OutputFormat::Json => findings::print::json(content, &found)
            .map_err(io::Error::other)
            .and_then(|s| writeln!(out, "{s}")),
        OutputFormat::Text => {
            let color = io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            findings::print::text(&mut out, content, &found, color).and_then(|()| {
                let files = content.files.iter().filter(|f| !f.text.is_empty()).count();
                writeln!(out, "{}", findings::print::summary(&found, files))
            })
        }
    };
    if let Err(e) = written.and_then(|()| out.flush())
        && e.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("joinedup: cannot write the findings: {e}");
        return ExitCode::from(2);
    }
    if found.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
