//! Files that look like content but are not read: each gets a `skipped-file`
//! warning that says why and what to do, instead of silence.
//!
//! - Windows' copies (`x - Copy.yaml`, `x (2).yaml`, `Copy of x.yaml`): a
//!   duplicate, skipped; renaming it would publish the record twice.
//! - Endings joinedup does not read: `.YAML`, `.yml.txt`, `.md.txt`.
//! - A folder inside `agencies/` (or another content folder) with files in it.
//! - YAML at the top of the content folder other than `site.yaml` and
//!   `topics.yaml`, and a folder with content files whose name is not one that
//!   joinedup reads (`agency/`, `Pages/`).

use std::fs;
use std::path::Path;

use super::is_skipped_name;

/// A skipped path (relative to the content folder), why, and what to do.
pub type Skipped = (String, String, String);

/// The folders a content folder may hold (besides `themes/` beside it). New
/// kinds of file add their folder here.
pub const FOLDERS: &[&str] = &[
    "agencies",
    "glossary",
    "shadowing",
    "pages",
    "agreements",
    "meetings",
    "pathways",
];

/// The original's stem when `stem` is the name Windows (or macOS) gives a copy:
/// `x - Copy`, `x - Copy (2)`, `x (2)`, `Copy of x`, `x copy`.
pub fn copy_of(stem: &str) -> Option<&str> {
    let numbered = |s: &str| -> Option<usize> {
        let open = s.strip_suffix(')')?.rfind(" (")?;
        s[open + 2..s.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit())
            .then_some(open)
    };
    let base = match numbered(stem) {
        Some(open) => &stem[..open],
        None => stem,
    };
    let original = base
        .strip_suffix(" - Copy")
        .or_else(|| base.strip_suffix(" - copy"))
        .or_else(|| base.strip_suffix(" copy"))
        .or_else(|| base.strip_prefix("Copy of "))
        .or_else(|| (base.len() < stem.len()).then_some(base))?;
    (!original.trim().is_empty()).then_some(original)
}

/// A file in `folder` that is a copy of another: why it was skipped.
pub fn copy_warning(folder: &str, name: &str, ext: &str) -> Option<Skipped> {
    let stem = name.strip_suffix(ext)?;
    let original = copy_of(stem)?;
    Some((
        format!("{folder}/{name}"),
        format!(
            "this looks like a copy of `{original}{ext}` (the name Windows gives a copied file), so joinedup skipped it: read, it would publish the same record twice"
        ),
        "delete it if it is a spare copy, or move it out of the content folder; to start a new record, use `joinedup new` or copy the file and give the copy its own name and id".to_owned(),
    ))
}

/// A name in `folder` whose ending joinedup does not read but that is meant to
/// be content (`.YAML`, `.yml.txt`, `.md.txt`): why, and the name to give it.
pub fn misnamed(folder: &str, name: &str, page: bool) -> Option<Skipped> {
    let lower = name.to_ascii_lowercase();
    let wanted: &[&str] = if page { &[".md"] } else { &[".yaml", ".yml"] };
    let path = format!("{folder}/{name}");
    for ext in wanted {
        if lower.ends_with(ext) {
            let fixed = format!("{}{ext}", &name[..name.len() - ext.len()]);
            return Some((
                path,
                format!(
                    "joinedup reads only files ending in lowercase `{ext}`, so it skipped this one"
                ),
                format!("rename it to `{fixed}`"),
            ));
        }
        let txt = format!("{ext}.txt");
        if lower.ends_with(&txt) {
            let fixed = &name[..name.len() - 4];
            return Some((
                path,
                "this file's name ends in `.txt` (Windows hides that ending), so joinedup skipped it".to_owned(),
                format!("rename it to `{fixed}` (in File Explorer, View, tick \"File name extensions\" to see the whole name)"),
            ));
        }
    }
    None
}

/// Whether a folder holds files of a kind of content (one level down).
fn holds(dir: &Path, page_too: bool) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !is_skipped_name(n))
        .filter(|n| {
            let n = n.to_ascii_lowercase();
            n.ends_with(".yaml") || n.ends_with(".yml") || (page_too && n.ends_with(".md"))
        })
        .count()
}

/// A folder inside a content folder (`agencies/archive/`) holding content files.
pub fn subfolder(dir: &Path, folder: &str, name: &str) -> Option<Skipped> {
    let n = holds(&dir.join(folder).join(name), true);
    (n > 0).then(|| {
        (
            format!("{folder}/{name}"),
            format!(
                "joinedup reads only the files directly in `{folder}/`, so it skipped the {n} file{} in this folder",
                if n == 1 { "" } else { "s" }
            ),
            format!(
                "move the files to publish into `{folder}/`; to keep files out of the site on purpose, start the folder's name with `_` (`_{name}`)"
            ),
        )
    })
}

/// What is at the top of the content folder but not read: YAML files other
/// than `site.yaml` and `topics.yaml`, and unknown folders with content files.
pub fn top_level(dir: &Path) -> Vec<Skipped> {
    let mut out = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.filter_map(Result::ok) {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if is_skipped_name(&name) {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir {
            let yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
            if yaml && !["site", "topics"].contains(&super::stem_of(&name)) {
                out.push((
                    name,
                    "joinedup reads only `site.yaml` and `topics.yaml` at the top of the content folder, so it skipped this file".to_owned(),
                    "if it is an agency, move it into `agencies/`; a list of glossary terms goes into `glossary/`, of shadowing offers into `shadowing/`".to_owned(),
                ));
            } else if name != lower
                && ["site.yaml", "site.yml", "topics.yaml", "topics.yml"].contains(&lower.as_str())
            {
                out.push((
                    name.clone(),
                    "joinedup reads `site.yaml` and `topics.yaml` in lowercase only, so it skipped this file".to_owned(),
                    format!("rename it to `{lower}`"),
                ));
            }
            continue;
        }
        if FOLDERS.contains(&name.as_str()) || ["themes", "schemas"].contains(&name.as_str()) {
            continue;
        }
        let near = crate::suggest::closest(&name, FOLDERS.iter().copied());
        let n = holds(&entry.path(), near.is_some());
        if n == 0 {
            continue;
        }
        let hint = match near {
            Some(folder) => format!("rename the folder to `{folder}`"),
            None => format!(
                "joinedup reads {}; move each file into the right one, or start this folder's name with `_` to keep it out on purpose",
                FOLDERS
                    .iter()
                    .map(|f| format!("`{f}/`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push((
            name,
            format!(
                "joinedup does not read this folder, so it skipped the {n} file{} in it",
                if n == 1 { "" } else { "s" }
            ),
            hint,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_mac_copies() {
        assert_eq!(
            copy_of("northshire-police - Copy"),
            Some("northshire-police")
        );
        assert_eq!(
            copy_of("northshire-police - Copy (2)"),
            Some("northshire-police")
        );
        assert_eq!(copy_of("northshire-police (1)"), Some("northshire-police"));
        assert_eq!(
            copy_of("Copy of northshire-police"),
            Some("northshire-police")
        );
        assert_eq!(copy_of("northshire-police copy"), Some("northshire-police"));
        assert_eq!(copy_of("northshire-police"), None);
        assert_eq!(copy_of("(2)"), None);
    }
}
