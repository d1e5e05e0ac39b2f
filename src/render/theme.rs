//! Themes: the templates and static files that give the site its look.
//!
//! The default theme (`themes/default/` in the repository) is built into the
//! binary, so `joinedup build` works on a content folder anywhere. A site's own
//! theme (`themes/NAME/` beside the content folder, or any folder given to
//! `--theme`) overrides templates and static files one by one and falls back to
//! the default for the rest. Templates are MiniJinja, in `templates/`; static
//! files, in `static/`, are copied to the site's `assets/`, JavaScript
//! minified (`minify.rs`; a script it cannot read safely is copied as it is).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use rust_embed::RustEmbed;

use crate::load::MAX_FILE_BYTES;
use crate::load::safe_read::{Refusal, Root};

/// The largest static file a theme may have (a font, an image).
const MAX_ASSET_BYTES: u64 = 32 * 1024 * 1024;

#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// A theme made ready: compiled templates and the static files to copy.
pub(crate) struct Theme {
    pub env: Environment<'static>,
    /// Path under `assets/` → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// A file of the default theme's `serve/` folder (used only by `joinedup serve`).
pub(crate) fn serve_asset(name: &str) -> Option<Vec<u8>> {
    DefaultTheme::get(&format!("serve/{name}")).map(|f| f.data.into_owned())
}

/// The same, as text.
pub(crate) fn serve_asset_text(name: &str) -> String {
    serve_asset(name)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// A static file as the site serves it: a script (`.js`) minified where it
/// can be, anything else as it is.
pub(crate) fn served(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    if name.ends_with(".js") {
        super::minify::js_or_same(bytes)
    } else {
        bytes
    }
}

/// A static file of the default theme (`name` under `static/`) as the site
/// serves it (empty if there is none).
pub(crate) fn default_served(name: &str) -> Vec<u8> {
    DefaultTheme::get(&format!("static/{name}"))
        .map(|f| served(name, f.data.into_owned()))
        .unwrap_or_default()
}

/// Finds a theme folder: a path if `name` looks like one (or exists as one),
/// else `themes/NAME/` beside the content folder. `default` means the built-in.
pub(crate) fn locate(name: Option<&str>, content: &Path) -> Result<Option<PathBuf>, String> {
    let Some(name) = name
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "default")
    else {
        return Ok(None);
    };
    let as_path = PathBuf::from(name);
    if name.contains('/') || name.contains('\\') || as_path.is_dir() {
        return if as_path.is_dir() {
            Ok(Some(as_path))
        } else {
            Err(format!("no theme folder at {}", as_path.display()))
        };
    }
    let parent = content
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let beside = parent.join("themes").join(name);
    if beside.is_dir() {
        Ok(Some(beside))
    } else {
        Err(format!(
            "no theme `{name}`: looked for {} (a theme is a folder with `templates/` and `static/`); use `default`, or give --theme a folder",
            beside.display()
        ))
    }
}

/// Loads the default theme and the override, if any.
pub(crate) fn load(dir: Option<&Path>) -> Result<Theme, String> {
    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for path in DefaultTheme::iter() {
        let Some(file) = DefaultTheme::get(&path) else {
            continue;
        };
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8(file.data.into_owned())
                .map_err(|_| format!("built-in template {name} is not UTF-8"))?;
            sources.insert(name.to_owned(), text);
        } else if let Some(name) = path.strip_prefix("static/") {
            assets.insert(name.to_owned(), file.data.into_owned());
        }
    }
    if let Some(dir) = dir {
        let root = Root::new(dir, "theme folder")
            .map_err(|e| format!("{}: cannot read this theme folder: {e}", dir.display()))?;
        read_override(
            &root,
            &dir.join("templates"),
            "",
            MAX_FILE_BYTES,
            &mut |rel, bytes| {
                let text = String::from_utf8(bytes).map_err(|_| {
                    format!("{}: not UTF-8", dir.join("templates").join(rel).display())
                })?;
                sources.insert(rel.to_owned(), text);
                Ok(())
            },
        )?;
        read_override(
            &root,
            &dir.join("static"),
            "",
            MAX_ASSET_BYTES,
            &mut |rel, bytes| {
                assets.insert(rel.to_owned(), bytes);
                Ok(())
            },
        )?;
    }
    let assets = (assets.into_iter())
        .map(|(name, bytes)| {
            let bytes = served(&name, bytes);
            (name, bytes)
        })
        .collect();
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
    // Block tags leave no blank lines or indentation behind them.
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    env.set_formatter(format_value);
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") || name.ends_with(".xml") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in sources {
        let origin = match dir {
            Some(d) if d.join("templates").join(&name).is_file() => {
                d.join("templates").join(&name).display().to_string()
            }
            _ => format!("built-in template {name}"),
        };
        env.add_template_owned(name, source)
            .map_err(|e| format!("{origin}: {}", describe(&e)))?;
    }
    Ok(Theme { env, assets })
}

/// Writes a value into a page, escaping text for HTML with the five characters
/// that matter (`& < > " '`), and leaving `/` alone so paths stay readable.
/// Rendered text (a [`Markup`](super::markup::Markup): Markdown fields,
/// route cards) is written for the page being rendered, its glossary terms
/// and site-relative addresses finished; `| safe` does the same, through the
/// markup's own `render`.
fn format_value(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &minijinja::Value,
) -> Result<(), minijinja::Error> {
    if let Some(markup) = super::markup::of_value(value) {
        return markup.write_page(out).map_err(|_| {
            minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
        });
    }
    match value.as_str() {
        Some(s) if !value.is_safe() && matches!(state.auto_escape(), AutoEscape::Html) => {
            crate::render::markdown::escape_into(out, s).map_err(|_| {
                minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "cannot write")
            })
        }
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// A template error as one line with its place.
pub(crate) fn describe(e: &minijinja::Error) -> String {
    match (e.name(), e.line()) {
        (Some(name), Some(line)) => format!(
            "{name}, line {line}: {}",
            e.detail().unwrap_or(&e.kind().to_string())
        ),
        _ => e.to_string(),
    }
}

/// Receives each file of an override folder: its relative path and bytes.
type Take<'a> = dyn FnMut(&str, Vec<u8>) -> Result<(), String> + 'a;

/// Reads every file of a theme's `templates/` or `static/` folder, and of the
/// folders in it, that is an ordinary file inside the theme folder once links
/// are resolved; anything else stops the build with the file's name and why.
fn read_override(
    root: &Root,
    dir: &Path,
    prefix: &str,
    limit: u64,
    take: &mut Take,
) -> Result<(), String> {
    // A theme need not have both folders.
    if fs::symlink_metadata(dir).is_err() {
        return Ok(());
    }
    let refused = |path: &Path, why: Refusal| format!("{}: {}", path.display(), why.message(root));
    let (real, meta) = root.resolve(dir).map_err(|why| refused(dir, why))?;
    if !meta.is_dir() {
        return Ok(());
    }
    let entries = fs::read_dir(&real).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if crate::load::is_skipped_name(&name) {
            continue;
        }
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        let path = dir.join(&name);
        // Folders are walked as they are, never through a link (which could loop).
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            read_override(root, &path, &rel, limit, take)?;
        } else {
            let bytes = root.read(&path, limit).map_err(|why| refused(&path, why))?;
            take(&rel, bytes)?;
        }
    }
    Ok(())
}
