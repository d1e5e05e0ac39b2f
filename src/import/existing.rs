//! What the content folder an import writes into already holds: its loaded
//! content (when adding to one), its areas, the agency ids taken and the
//! external ids that find an agency again; and which agency files the import
//! must leave alone.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use super::plan::NewAgency;
use super::tree;
use crate::load::Loaded;
use crate::model::{Agency, Content};

/// The output folder as it was before the import.
pub(super) struct Existing {
    /// The folder's content and findings, when it is a content folder.
    pub loaded: Option<Loaded>,
    /// Its site's areas as (id, name).
    pub areas: Vec<(String, String)>,
    /// Agency ids in use, by the model or by a file's name.
    pub taken: BTreeSet<String>,
    /// Agency id by external id, for agencies in the model.
    pub ids: BTreeMap<String, String>,
    /// Agency file by the external id written in it, found by its text: an
    /// agency file with errors may not be in the model, and must still not
    /// get a twin.
    pub written_ids: HashMap<String, String>,
}

impl Existing {
    /// Reads `output`: a content folder to add to (it has a `site.yaml`), or
    /// a new or empty folder.
    pub(super) fn read(output: &Path) -> Result<Self, String> {
        let adding = output.join("site.yaml").is_file();
        if !adding
            && output.exists()
            && fs::read_dir(output)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(format!(
                "{} is not empty and has no site.yaml: give --output a new folder, or a content folder to add to",
                output.display()
            ));
        }
        let loaded = if adding {
            Some(crate::load::load(output).map_err(|e| e.to_string())?)
        } else {
            None
        };
        let content = loaded.as_ref().map(|l| &l.content);
        let areas = areas(content);
        let (taken, ids) = taken_ids(content, output);
        let written_ids = written_ids(content);
        Ok(Self {
            loaded,
            areas,
            taken,
            ids,
            written_ids,
        })
    }

    /// Whether the import adds to an existing content folder.
    pub(super) fn adding(&self) -> bool {
        self.loaded.is_some()
    }

    pub(super) fn content(&self) -> Option<&Content> {
        self.loaded.as_ref().map(|l| &l.content)
    }

    /// The agency in the model with the same external id as `a`.
    pub(super) fn agency_of(&self, a: &NewAgency) -> Option<&Agency> {
        self.content().and_then(|c| {
            c.agencies.iter().find(|x| {
                !a.external_id.is_empty()
                    && x.external_id.as_ref().map(|e| e.value.as_str())
                        == Some(a.external_id.as_str())
            })
        })
    }

    /// Why the file for `a` is left alone, if it is: a file with errors, or
    /// with keys the import does not know, would lose what was not read by
    /// being rewritten from what was.
    pub(super) fn refusal(&self, a: &NewAgency, found: Option<&Agency>) -> Option<String> {
        let refuse = found.and_then(|existing| {
            let c = self.content()?;
            let text = c.files.get(existing.file.0 as usize).map(|f| f.text.as_str())?;
            let path = c.path(existing.file);
            let broken = self.loaded.as_ref().is_some_and(|l| {
                l.findings.iter().any(|f| {
                    f.file == Some(existing.file)
                        && f.code.severity() == crate::findings::Severity::Error
                })
            });
            if broken {
                return Some(format!(
                    "{path} has errors (`joinedup check` lists them): fix them and import again; it was left as it is"
                ));
            }
            tree::unknown_key(text).map(|k| {
                format!("{path} has `{k}:`, which the import does not know: it was left as it is")
            })
        });
        refuse.or_else(|| {
            let path = (self.written_ids.get(&a.external_id)).filter(|_| found.is_none())?;
            Some(format!(
                "{path} has errors (`joinedup check` lists them): fix them and import again; it was left as it is"
            ))
        })
    }
}

fn areas(content: Option<&Content>) -> Vec<(String, String)> {
    content
        .and_then(|c| c.site.as_ref())
        .map(|s| {
            s.areas
                .iter()
                .map(|a| (a.id.value.clone(), a.name.value.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The agency ids in use (in the model, or as a file's name), and the
/// model's agency ids by external id.
fn taken_ids(
    content: Option<&Content>,
    output: &Path,
) -> (BTreeSet<String>, BTreeMap<String, String>) {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    for a in content.map(|c| c.agencies.as_slice()).unwrap_or(&[]) {
        taken.insert(a.id.value.clone());
        if let Some(x) = &a.external_id {
            ids.insert(x.value.clone(), a.id.value.clone());
        }
    }
    if let Ok(entries) = fs::read_dir(output.join("agencies")) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))
            {
                taken.insert(stem.to_owned());
            }
        }
    }
    (taken, ids)
}

/// The external ids written in agency files, by their text.
fn written_ids(content: Option<&Content>) -> HashMap<String, String> {
    let mut written: HashMap<String, String> = HashMap::new();
    for f in content.map(|c| c.files.as_slice()).unwrap_or(&[]) {
        if !f.path.starts_with("agencies/") {
            continue;
        }
        for line in f.text.lines() {
            if let Some(v) = line.strip_prefix("external_id:") {
                let v = v
                    .split(" #")
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\'']);
                written.insert(v.to_owned(), f.path.clone());
            }
        }
    }
    written
}
