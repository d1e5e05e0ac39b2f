//! The editors' commands that write files: `init` (a commented starter
//! partnership), `new` (a commented skeleton for one record, in the right
//! folder, never over an existing file) and `schema` (the JSON Schemas).
//!
//! The starter and the skeletons are files in `starter/` (embedded in the
//! binary), not Rust strings: `starter/init/` is copied as it is, and
//! `starter/new/<kind>` is the skeleton for `joinedup new <kind>`. In both,
//! `{{today}}` becomes the date and `{{id}}` the new record's id.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;

use super::Failure;
use crate::model::{Date, ids};
use crate::schema;

#[derive(RustEmbed)]
#[folder = "starter/"]
struct Starter;

/// Where the schemas go in a content folder, and the editor's settings.
pub const SCHEMAS: &str = "schemas";
const VSCODE_SETTINGS: &str = ".vscode/settings.json";

/// The kinds of record `joinedup new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// `agencies/ID.yaml`.
    Agency,
    /// `shadowing/ID.yaml`.
    Offer,
    /// `pages/ID.md`.
    Page,
    /// `glossary/ID.yaml`.
    Term,
    /// `agreements/ID.yaml`.
    Agreement,
    /// `meetings/ID.yaml`.
    Meeting,
    /// `pathways/ID.yaml`.
    Pathway,
}

impl NewKind {
    /// The skeleton's name in `starter/new/`, and the folder and ending of the file.
    fn parts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            NewKind::Agency => ("agency.yaml", "agencies", "yaml"),
            NewKind::Offer => ("offer.yaml", "shadowing", "yaml"),
            NewKind::Page => ("page.md", "pages", "md"),
            NewKind::Term => ("term.yaml", "glossary", "yaml"),
            NewKind::Agreement => ("agreement.yaml", "agreements", "yaml"),
            NewKind::Meeting => ("meeting.yaml", "meetings", "yaml"),
            NewKind::Pathway => ("pathway.yaml", "pathways", "yaml"),
        }
    }
}

fn fill(text: &str, id: &str, today: Date) -> String {
    text.replace("{{today}}", &today.to_string())
        .replace("{{id}}", id)
}

fn io(path: &Path, e: std::io::Error) -> Failure {
    Failure::Io(format!("{}: cannot write: {e}", path.display()))
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), Failure> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Failure::Usage(format!(
                    "{} already exists; joinedup never writes over a file: choose another id, or edit that file",
                    path.display()
                ))
            } else {
                io(path, e)
            }
        })?;
    file.write_all(text.as_bytes()).map_err(|e| io(path, e))
}

/// Writes the schemas and the editor's settings into a content folder.
fn write_editor_files(dir: &Path) -> Result<Vec<String>, Failure> {
    let schemas = dir.join(SCHEMAS);
    let names = schema::write_all(&schemas).map_err(|e| io(&schemas, e))?;
    let mut written: Vec<String> = names.iter().map(|n| format!("{SCHEMAS}/{n}")).collect();
    let settings = dir.join(VSCODE_SETTINGS);
    if !settings.exists() {
        write_new(&settings, &schema::vscode_settings(SCHEMAS))?;
        written.push(VSCODE_SETTINGS.to_owned());
    }
    Ok(written)
}

/// `joinedup init DIR`: a starter partnership in a new (or empty) folder.
/// Returns the files written, relative to `dir`.
pub fn init(dir: &Path, today: Date) -> Result<Vec<String>, Failure> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| {
                Failure::Usage(format!(
                    "{}: cannot use this as a new content folder: {e}",
                    dir.display()
                ))
            })?
            .next()
            .is_none();
        if !empty {
            return Err(Failure::Usage(format!(
                "{} is not empty; joinedup init writes a new content folder and never writes over files: give it a new folder's name",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    let mut names: Vec<String> = Starter::iter()
        .filter_map(|n| n.strip_prefix("init/").map(str::to_owned))
        .collect();
    names.sort();
    for name in names {
        let Some(file) = Starter::get(&format!("init/{name}")) else {
            continue;
        };
        let text = fill(&String::from_utf8_lossy(&file.data), "", today);
        write_new(&dir.join(&name), &text)?;
        written.push(name);
    }
    written.extend(write_editor_files(dir)?);
    Ok(written)
}

/// `joinedup new KIND ID`: a skeleton in the right folder of `content`.
/// Returns the file written, and whether the schemas were written too.
pub fn new(
    kind: NewKind,
    id: &str,
    content: &Path,
    today: Date,
) -> Result<(PathBuf, bool), Failure> {
    if !ids::is_valid_id(id) {
        let slug = ids::slug(id);
        let try_this = if slug.is_empty() {
            String::new()
        } else {
            format!("; try `{slug}`")
        };
        return Err(Failure::Usage(format!(
            "`{id}` is not a valid id: {}{try_this}",
            ids::explain_invalid_id(id)
        )));
    }
    if kind == NewKind::Page && crate::load::page::RESERVED.contains(&id) {
        return Err(Failure::Usage(format!(
            "`{id}` is one of the site's own folders, so a page cannot have it as its address; choose another id"
        )));
    }
    if !content.join("site.yaml").is_file() && !content.join("site.yml").is_file() {
        return Err(Failure::Usage(format!(
            "{} is not a content folder (it has no site.yaml); run this in your content folder, give --content, or start one with `joinedup init DIR`",
            content.display()
        )));
    }
    let (skeleton, folder, ext) = kind.parts();
    let text = Starter::get(&format!("new/{skeleton}"))
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .ok_or_else(|| {
            Failure::Io(format!(
                "the skeleton {skeleton} is missing from this joinedup"
            ))
        })?;
    let path = content.join(folder).join(format!("{id}.{ext}"));
    write_new(&path, &fill(&text, id, today))?;
    let schemas = !content.join(SCHEMAS).exists();
    if schemas {
        write_editor_files(content)?;
    }
    Ok((path, schemas))
}

/// `joinedup schema --output DIR`: every kind's JSON Schema.
pub fn schemas(dir: &Path) -> Result<Vec<String>, Failure> {
    schema::write_all(dir).map_err(|e| io(dir, e))
}
