//! Import: records from another directory into a content folder
//! (`joinedup import hsds SOURCE --output DIR [--map FILE]`).
//!
//! - `read.rs` reads HSDS 3.0 / Open Referral UK JSON, tolerantly;
//! - `plan.rs` turns it into joinedup's agencies, topics and areas
//!   (`topics.rs` the terms into topics, `keys.rs` the ids of agencies, teams
//!   and routes, `agency.rs` an organisation into an agency), and `routes.rs`
//!   a service into contact routes;
//! - `tree.rs` holds those records as YAML fields and writes them;
//! - `existing.rs` reads what the output folder already holds, `apply.rs`
//!   writes a new content folder or adds to one, and this file merges field
//!   by field on a second import.
//!
//! How a re-import decides, per field of a record it finds again by
//! `external_id`: the import keeps what it wrote last time in
//! `.joinedup-import/last.json` (a folder the loader skips). If the source's
//! value is the same as last time, the file's value stays, whatever an editor
//! made of it; if the source changed it, the source's new value is written (and
//! the output says so when an editor had changed it too). Records and fields
//! the import did not write are never touched, nothing is deleted, and every
//! file it rewrites is copied first into `.joinedup-import/previous/`.

mod agency;
mod apply;
mod existing;
mod keys;
mod plan;
mod read;
mod routes;
mod topics;
pub mod tree;

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use serde_json::{Map, Value as Json};

use crate::model::Date;
use existing::Existing;
use tree::{Fields, Val, field, get, s, set};

pub use plan::DEFAULTS;
pub use tree::MARK;

/// The folder, inside the content folder, where the import keeps its memory.
pub const STATE: &str = ".joinedup-import";

/// Reads a `--map` file: lines of `term: topic-id` (term by id, code or name;
/// quotes allowed; `#` comments).
fn read_map(path: &Path) -> Result<HashMap<String, String>, String> {
    let text =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut map = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.rsplit_once(':').filter(|(k, _)| !k.trim().is_empty()) else {
            return Err(format!(
                "{}:{}:1: expected `term: topic-id`, found `{line}`",
                path.display(),
                n + 1
            ));
        };
        let unquote = |s: &str| s.trim().trim_matches(['"', '\'']).trim().to_owned();
        let topic = unquote(v.split(" #").next().unwrap_or(""));
        if !crate::model::ids::is_valid_id(&topic) {
            return Err(format!(
                "{}:{}:{}: `{topic}` is not a topic id (lowercase letters, digits and hyphens)",
                path.display(),
                n + 1,
                k.len() + 3
            ));
        }
        map.insert(unquote(k), topic);
    }
    Ok(map)
}

fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot make {}: {e}", parent.display()))?;
    }
    let tmp = path.with_extension("joinedup-import.tmp");
    fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Copies a file about to be rewritten into `.joinedup-import/previous/`.
fn back_up(root: &Path, rel: &str) -> Result<(), String> {
    let from = root.join(rel);
    if from.is_file() {
        let to = root.join(STATE).join("previous").join(rel);
        if let Some(p) = to.parent() {
            fs::create_dir_all(p).map_err(|e| format!("cannot make {}: {e}", p.display()))?;
        }
        fs::copy(&from, &to).map_err(|e| format!("cannot back up {}: {e}", from.display()))?;
    }
    Ok(())
}

fn yaml_doc(fields: &Fields, header: &str) -> String {
    let mut out = String::from(header);
    tree::write(fields, 0, &mut out);
    out
}

fn yaml_list(items: &[Fields]) -> String {
    let mut out = String::new();
    for item in items {
        let mut one = String::new();
        tree::write(item, 2, &mut one);
        out.push_str("- ");
        out.push_str(one.get(2..).unwrap_or(""));
    }
    out
}

/// What the import wrote for one record, by field, as JSON.
fn snapshot(fields: &Fields, skip: &[&str]) -> Json {
    Json::Object(
        fields
            .iter()
            .filter(|f| !skip.contains(&f.key.as_str()))
            .map(|f| (f.key.clone(), f.val.to_json()))
            .collect(),
    )
}

const NESTED: &[&str] = &["contacts", "teams", "id", "external_id"];

/// Merges what the source says now into what the file says, field by field.
fn merge(
    current: &mut Fields,
    incoming: &Fields,
    last: Option<&Map<String, Json>>,
    what: &str,
    said: &mut Vec<String>,
) {
    for inc in incoming
        .iter()
        .filter(|f| !NESTED.contains(&f.key.as_str()))
    {
        let before = last.and_then(|l| l.get(&inc.key));
        let cur = get(current, &inc.key).cloned();
        if before == Some(&inc.val.to_json()) {
            continue; // the source did not change it: the file's value stays
        }
        if let (Some(b), Some(c)) = (before, &cur)
            && c.val.to_json() != *b
            && c.val != inc.val
        {
            said.push(format!(
                "{what}: `{}` changed in the source and in the file; the source's value was taken (the old file is in {STATE}/previous/)",
                inc.key
            ));
        }
        let mut f = inc.clone();
        if let Some(c) = &cur
            && c.val == f.val
            && !c.guessed
        {
            f.guessed = false; // an editor confirmed it
        }
        set(current, f);
    }
    // Fields the source dropped since last time, which nobody edited since.
    if let Some(last) = last {
        for (k, v) in last {
            if incoming.iter().any(|f| f.key == *k) || NESTED.contains(&k.as_str()) {
                continue;
            }
            if get(current, k).is_some_and(|c| c.val.to_json() == *v) {
                current.retain(|f| f.key != *k);
            }
        }
    }
}

fn external(fields: &Fields) -> Option<String> {
    match get(fields, "external_id").map(|f| &f.val) {
        Some(Val::Str(x)) => Some(x.clone()),
        _ => None,
    }
}

fn maps_of(fields: &Fields, key: &str) -> Vec<Fields> {
    match get(fields, key).map(|f| &f.val) {
        Some(Val::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Val::Map(m) => Some(m.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Merges nested records (`contacts`, `teams`) matched by `external_id`;
/// new ones are added, ones the source no longer has are kept.
fn merge_nested(
    current: &mut Fields,
    incoming: &Fields,
    key: &str,
    last: &Map<String, Json>,
    what: &str,
    said: &mut Vec<String>,
) {
    let mut cur = maps_of(current, key);
    let inc = maps_of(incoming, key);
    if cur.is_empty() && inc.is_empty() {
        return;
    }
    for item in inc {
        let Some(x) = external(&item) else { continue };
        match cur
            .iter_mut()
            .find(|c| external(c).as_deref() == Some(x.as_str()))
        {
            Some(c) => merge(
                c,
                &item,
                last.get(&x).and_then(Json::as_object),
                &format!("{what} ({x})"),
                said,
            ),
            None => {
                let mut item = item;
                let taken: BTreeSet<String> = cur
                    .iter()
                    .filter_map(|c| match get(c, "id").map(|f| &f.val) {
                        Some(Val::Str(i)) => Some(i.clone()),
                        _ => None,
                    })
                    .collect();
                if let Some(Val::Str(id)) = get(&item, "id").map(|f| f.val.clone())
                    && taken.contains(&id)
                {
                    let mut n = 2;
                    while taken.contains(&format!("{id}-{n}")) {
                        n += 1;
                    }
                    set(&mut item, field("id", s(&format!("{id}-{n}"))));
                    item.rotate_right(1);
                }
                cur.push(item);
            }
        }
    }
    set(
        current,
        field(key, Val::List(cur.into_iter().map(Val::Map).collect())),
    );
}

/// `joinedup import hsds`: returns what to print.
pub fn hsds(
    source: &Path,
    output: &Path,
    map: Option<&Path>,
    today: Date,
) -> Result<String, String> {
    let feed = read::read(source)?;
    if feed.services.is_empty() && feed.organizations.is_empty() {
        return Err(format!(
            "found no HSDS services or organisations in {}{}",
            source.display(),
            if feed.skipped.is_empty() {
                String::new()
            } else {
                format!(" ({})", feed.skipped.join("; "))
            }
        ));
    }
    let map = match map {
        Some(p) => read_map(p)?,
        None => HashMap::new(),
    };
    let mut existing = Existing::read(output)?;
    let mut plan = plan::plan(
        &feed,
        &map,
        today,
        &existing.areas,
        &mut existing.taken,
        &existing.ids,
    );
    let last = apply::last_written(output);
    let mut said = Vec::new();
    if existing.adding() {
        apply::keep_known_areas(&mut plan, &existing.areas, &mut said);
    } else {
        apply::write_site(output, &plan)?;
    }
    let new_topics = apply::write_topics(output, existing.content(), &plan.topics)?;
    let (added, updated) =
        apply::write_agencies(output, &existing, &plan.agencies, &last, &mut said)?;
    apply::remember(output, &plan.agencies, &last)?;
    let routes: usize = (plan.agencies.iter())
        .map(|a| maps_of(&a.fields, "contacts").len())
        .sum();
    let mut out = format!(
        "imported {} organisations into {}: {added} new agencies, {updated} updated; {routes} contact routes, {new_topics} new topics\n",
        plan.agencies.len(),
        output.display(),
    );
    let marked = marked(output);
    if marked > 0 {
        let defaults: Vec<String> = DEFAULTS.iter().map(|(k, v)| format!("{k} {v}")).collect();
        out += &format!(
            "{marked} values were not in the source and hold a stated default ({}), marked `{MARK}`: `joinedup check` lists them (warning imported-default); confirm each by removing the marker\n",
            defaults.join("; ")
        );
    }
    for n in plan.notes.iter().chain(&said).chain(&feed.skipped) {
        out += &format!("note: {n}\n");
    }
    Ok(out)
}

/// How many values in the agency files hold a default the source did not
/// have (marked [`MARK`]).
fn marked(output: &Path) -> usize {
    fs::read_dir(output.join("agencies"))
        .map(|d| {
            d.flatten()
                .filter_map(|e| fs::read_to_string(e.path()).ok())
                .map(|t| t.matches(MARK).count())
                .sum::<usize>()
        })
        .unwrap_or(0)
}
