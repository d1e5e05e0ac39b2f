//! Import: records from another directory into a content folder
//! (`joinedup import hsds SOURCE --output DIR [--map FILE]`).
//!
//! - `read.rs` reads HSDS 3.0 / Open Referral UK JSON, tolerantly;
//! - `plan.rs` turns it into joinedup's agencies, topics and areas
//!   (`agency.rs` an organisation into an agency), and `routes.rs` a service
//!   into contact routes;
//! - `tree.rs` holds those records as YAML fields and writes them;
//! - this file writes a new content folder or adds to one, and on a second
//!   import merges field by field.
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
mod plan;
mod read;
mod routes;
pub mod tree;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use serde_json::{Map, Value as Json, json};

use crate::model::Date;
use tree::{Field, Fields, Val, field, get, guessed, s, set};

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
    let existing_areas: Vec<(String, String)> = content
        .and_then(|c| c.site.as_ref())
        .map(|s| {
            s.areas
                .iter()
                .map(|a| (a.id.value.clone(), a.name.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut existing_ids: BTreeMap<String, String> = BTreeMap::new();
    for a in content.map(|c| c.agencies.as_slice()).unwrap_or(&[]) {
        taken.insert(a.id.value.clone());
        if let Some(x) = &a.external_id {
            existing_ids.insert(x.value.clone(), a.id.value.clone());
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
    // External ids written in agency files, found by their text: an agency file
    // with errors may not be in the model, and must still not get a twin.
    let mut written_ids: HashMap<String, String> = HashMap::new();
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
                written_ids.insert(v.to_owned(), f.path.clone());
            }
        }
    }
    let mut plan = plan::plan(
        &feed,
        &map,
        today,
        &existing_areas,
        &mut taken,
        &existing_ids,
    );
    let state_file = output.join(STATE).join("last.json");
    let last: Json = fs::read_to_string(&state_file)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| json!({}));
    let mut said = Vec::new();

    // site.yaml: written for a new folder; an existing one is never changed, so
    // areas it does not have are left out of the agencies (and said).
    if adding {
        let known: BTreeSet<&str> = existing_areas.iter().map(|(i, _)| i.as_str()).collect();
        let missing: Vec<String> = plan
            .areas
            .iter()
            .filter(|(i, _)| !known.contains(i.as_str()))
            .map(|(i, n)| format!("{i} ({n})"))
            .collect();
        if !missing.is_empty() {
            said.push(format!(
                "site.yaml does not have these areas, so no agency was given them: {} (add them to site.yaml's `areas:` and import again)",
                missing.join(", ")
            ));
        }
        for a in &mut plan.agencies {
            if let Some(Field {
                val: Val::List(items),
                ..
            }) = a
                .fields
                .iter_mut()
                .find(|f| f.key == "areas")
                .map(|f| &mut *f)
            {
                items.retain(|v| matches!(v, Val::Str(i) if known.contains(i.as_str())));
            }
            let empty = matches!(get(&a.fields, "areas").map(|f| &f.val), Some(Val::List(v)) if v.is_empty());
            if empty {
                set(
                    &mut a.fields,
                    guessed("areas", tree::strs(known.iter().copied())),
                );
            }
        }
    } else {
        let mut site = vec![field(
            "title",
            s(plan.title.as_deref().unwrap_or("Imported directory")),
        )];
        if let Some(b) = &plan.base_url {
            site.push(field("base_url", s(b)));
        }
        site.push(guessed("default_visibility", Val::Plain("public".into())));
        let areas: Vec<Val> = plan
            .areas
            .iter()
            .map(|(i, n)| Val::Map(vec![field("id", s(i)), field("name", s(n))]))
            .collect();
        site.push(field("areas", Val::List(areas)));
        write_atomic(
            &output.join("site.yaml"),
            &yaml_doc(
                &site,
                &format!(
                    "# Imported from Open Referral data by `joinedup import hsds`.\n# Values marked `{MARK}` were not in the source: check each and remove the marker.\n"
                ),
            ),
        )?;
    }

    // topics.yaml: new topics are added at the end.
    let known_topics: BTreeSet<String> = content
        .map(|c| c.topics.iter().map(|t| t.id.value.clone()).collect())
        .unwrap_or_default();
    let new_topics: Vec<Fields> = plan
        .topics
        .iter()
        .filter(|t| !known_topics.contains(&t.id))
        .map(|t| t.fields.clone())
        .collect();
    let topics_path = output.join("topics.yaml");
    let old_topics = fs::read_to_string(&topics_path).unwrap_or_default();
    if !new_topics.is_empty() || !topics_path.exists() {
        let body = yaml_list(&new_topics);
        let text = if old_topics.trim().is_empty() || old_topics.trim() == "[]" {
            if body.is_empty() {
                "[]\n".to_owned()
            } else {
                body
            }
        } else {
            back_up(output, "topics.yaml")?;
            let mut t = old_topics.clone();
            if !t.ends_with('\n') {
                t.push('\n');
            }
            t + &body
        };
        write_atomic(&topics_path, &text)?;
    }

    // Agencies: new files, or merged into the file that has the same external_id.
    let mut state = Map::new();
    let (mut added, mut updated, mut routes) = (0, 0, 0);
    let last_agencies = last.get("agencies").and_then(Json::as_object);
    let last_nested = last
        .get("nested")
        .and_then(Json::as_object)
        .cloned()
        .unwrap_or_default();
    let mut nested_state = Map::new();
    for a in &plan.agencies {
        routes += maps_of(&a.fields, "contacts").len();
        if !a.external_id.is_empty() {
            state.insert(a.external_id.clone(), snapshot(&a.fields, NESTED));
        }
        for key in ["contacts", "teams"] {
            for item in maps_of(&a.fields, key) {
                if let Some(x) = external(&item) {
                    nested_state.insert(x, snapshot(&item, &["id", "external_id"]));
                }
            }
        }
        let found = content.and_then(|c| {
            c.agencies.iter().find(|x| {
                !a.external_id.is_empty()
                    && x.external_id.as_ref().map(|e| e.value.as_str())
                        == Some(a.external_id.as_str())
            })
        });
        // A file with errors, or with keys the import does not know, is left alone:
        // rewriting it from what was read would lose what was not.
        let refuse = found.and_then(|existing| {
            let c = content?;
            let text = c.files.get(existing.file.0 as usize).map(|f| f.text.as_str())?;
            let path = c.path(existing.file);
            let broken = loaded.as_ref().is_some_and(|l| {
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
        let refuse = refuse.or_else(|| {
            let path = written_ids.get(&a.external_id).filter(|_| found.is_none())?;
            Some(format!(
                "{path} has errors (`joinedup check` lists them): fix them and import again; it was left as it is"
            ))
        });
        if let Some(why) = refuse {
            said.push(why);
            continue;
        }
        match found {
            Some(existing) => {
                let files = content.map(|c| c.files.as_slice()).unwrap_or(&[]);
                let mut cur = tree::from_agency(existing, files);
                let what = format!("agency {}", existing.id.value);
                merge(
                    &mut cur,
                    &a.fields,
                    last_agencies
                        .and_then(|l| l.get(&a.external_id))
                        .and_then(Json::as_object),
                    &what,
                    &mut said,
                );
                for key in ["teams", "contacts"] {
                    merge_nested(&mut cur, &a.fields, key, &last_nested, &what, &mut said);
                }
                // Keep the order editors expect: review last.
                if let Some(pos) = cur.iter().position(|f| f.key == "review") {
                    let r = cur.remove(pos);
                    cur.push(r);
                }
                let rel = content
                    .map(|c| c.path(existing.file).to_owned())
                    .unwrap_or_else(|| format!("agencies/{}.yaml", existing.id.value));
                back_up(output, &rel)?;
                write_atomic(&output.join(&rel), &yaml_doc(&cur, ""))?;
                updated += 1;
            }
            None => {
                let rel = format!("agencies/{}.yaml", a.id);
                if output.join(&rel).exists() {
                    said.push(format!(
                        "{rel} exists and is not this record: left as it is"
                    ));
                    continue;
                }
                write_atomic(
                    &output.join(&rel),
                    &yaml_doc(&a.fields, "# Imported by `joinedup import hsds`.\n"),
                )?;
                added += 1;
            }
        }
    }
    // What was written this time, for the next import to compare against.
    let mut all_agencies = last_agencies.cloned().unwrap_or_default();
    all_agencies.extend(state);
    let mut all_nested = last_nested;
    all_nested.extend(nested_state);
    let memory = json!({"agencies": all_agencies, "nested": all_nested});
    write_atomic(
        &state_file,
        &serde_json::to_string_pretty(&memory).unwrap_or_default(),
    )?;

    let marked = fs::read_dir(output.join("agencies"))
        .map(|d| {
            d.flatten()
                .filter_map(|e| fs::read_to_string(e.path()).ok())
                .map(|t| t.matches(MARK).count())
                .sum::<usize>()
        })
        .unwrap_or(0);
    let mut out = format!(
        "imported {} organisations into {}: {added} new agencies, {updated} updated; {routes} contact routes, {} new topics\n",
        plan.agencies.len(),
        output.display(),
        new_topics.len()
    );
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
