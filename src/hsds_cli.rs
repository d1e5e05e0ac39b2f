//! The `export hsds` and `import hsds` commands: their flags, and what they say.
//! The work is in the library (`render::hsds` and `import`).

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use joinedup::cli::{self, Failure};
use joinedup::render::hsds::{self, Flavour};
use joinedup::{analyse, findings, import, load};

#[derive(Subcommand)]
pub(crate) enum ExportWhat {
    /// Write the directory as Open Referral HSDS 3.0 JSON into a folder (see docs/open-referral.md).
    Hsds {
        /// The content folder (with site.yaml in it).
        #[arg(long, value_name = "DIR", default_value = "content")]
        content: PathBuf,
        /// The folder to write into: new, empty, or an earlier export (replaced).
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
        /// `hsds`: strict HSDS 3.0; `oruk`: strict Open Referral UK (no phone numbers).
        #[arg(long, value_enum, default_value_t = FlavourArg::Hsds)]
        flavour: FlavourArg,
        /// Include only what is public (recommended for anything published).
        #[arg(long)]
        public: bool,
        /// The address the site is published at: names the ids' namespace.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// The date to judge the content on (default: SOURCE_DATE_EPOCH, else the clock).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

#[derive(Subcommand)]
pub(crate) enum ImportWhat {
    /// Read HSDS 3.0 or Open Referral UK records into a content folder (see docs/open-referral.md).
    Hsds {
        /// A folder of JSON files (an export or an API's pages), or one JSON file.
        source: PathBuf,
        /// The content folder to write into: new, or one to add to.
        #[arg(long, value_name = "DIR")]
        output: PathBuf,
        /// A YAML file mapping taxonomy terms (id, code or name) to topic ids.
        #[arg(long, value_name = "FILE")]
        map: Option<PathBuf>,
        /// The date written as `last_reviewed` when the source gives none.
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FlavourArg {
    Hsds,
    Oruk,
}

/// `export hsds`: loads and checks the content, then writes the export.
pub(crate) fn export(what: ExportWhat) -> Result<(), Failure> {
    let ExportWhat::Hsds {
        content,
        output,
        flavour,
        public,
        base_url,
        today,
    } = what;
    let today = cli::resolve_today(today.as_deref())?;
    if let Some(url) = &base_url {
        cli::check_base_url(url)?;
    }
    let loaded = load::load(&content)?;
    let found = analyse::analyse(&loaded, today);
    if found.errors() > 0 {
        let mut err = std::io::stderr().lock();
        let _ = findings::print::text(&mut err, &loaded.content, &found, false);
        eprintln!(
            "joinedup: nothing was exported: fix the errors above (`joinedup check` lists them) and export again"
        );
        return Err(Failure::Content);
    }
    let settings = hsds::Settings {
        flavour: match flavour {
            FlavourArg::Hsds => Flavour::Hsds,
            FlavourArg::Oruk => Flavour::Oruk,
        },
        public,
        base_url,
    };
    let files = hsds::files(&loaded.content, &settings, today);
    let services = files
        .iter()
        .filter(|(p, _)| p.starts_with("services/"))
        .count();
    // A folder it may not replace (or cannot write) is said as before: usage.
    hsds::write_folder(&output, &files).map_err(Failure::Usage)?;
    println!(
        "exported {services} services ({} flavour{}) into {}",
        settings.flavour.word(),
        if public { ", public records only" } else { "" },
        output.display()
    );
    Ok(())
}

/// `import hsds`: writes (or updates) a content folder from an Open Referral feed.
pub(crate) fn import(what: ImportWhat) -> Result<(), Failure> {
    let ImportWhat::Hsds {
        source,
        output,
        map,
        today,
    } = what;
    let today = cli::resolve_today(today.as_deref())?;
    let said = import::hsds(&source, &output, map.as_deref(), today).map_err(Failure::Usage)?;
    print!("{said}");
    Ok(())
}
