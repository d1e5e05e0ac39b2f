//! Writing an import's plan into the content folder: `site.yaml` (for a new
//! folder), new topics at the end of `topics.yaml`, the agency files (new, or
//! merged into the file with the same `external_id`), and the import's
//! memory of what it wrote, for the next import to compare against.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::{Map, Value as Json, json};

use super::existing::Existing;
use super::plan::{NewAgency, NewTopic, Plan};
use super::tree::{self, Field, Fields, Val, field, get, guessed, s, set};
use super::{
    MARK, NESTED, STATE, back_up, external, maps_of, merge, merge_nested, snapshot, write_atomic,
    yaml_doc, yaml_list,
};
use crate::model::{Agency, Content};

/// An existing `site.yaml` is never changed, so areas it does not have are
/// left out of the agencies (and said).
pub(super) fn keep_known_areas(
    plan: &mut Plan,
    areas: &[(String, String)],
    said: &mut Vec<String>,
) {
    let known: BTreeSet<&str> = areas.iter().map(|(i, _)| i.as_str()).collect();
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
        let empty =
            matches!(get(&a.fields, "areas").map(|f| &f.val), Some(Val::List(v)) if v.is_empty());
        if empty {
            set(
                &mut a.fields,
                guessed("areas", tree::strs(known.iter().copied())),
            );
        }
    }
}

/// Writes `site.yaml` for a new content folder.
pub(super) fn write_site(output: &Path, plan: &Plan) -> Result<(), String> {
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
    )
}

/// Adds the topics the folder does not have at the end of `topics.yaml`;
/// returns how many.
pub(super) fn write_topics(
    output: &Path,
    content: Option<&Content>,
    topics: &[NewTopic],
) -> Result<usize, String> {
    let known_topics: BTreeSet<String> = content
        .map(|c| c.topics.iter().map(|t| t.id.value.clone()).collect())
        .unwrap_or_default();
    let new_topics: Vec<Fields> = topics
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
    Ok(new_topics.len())
}

fn memory_file(output: &Path) -> std::path::PathBuf {
    output.join(STATE).join("last.json")
}

/// What the last import wrote (`{}` if none).
pub(super) fn last_written(output: &Path) -> Json {
    fs::read_to_string(memory_file(output))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| json!({}))
}

/// Writes each agency: a new file, or merged into the file with the same
/// `external_id`; returns how many were (added, updated).
pub(super) fn write_agencies(
    output: &Path,
    existing: &Existing,
    agencies: &[NewAgency],
    last: &Json,
    said: &mut Vec<String>,
) -> Result<(usize, usize), String> {
    let (mut added, mut updated) = (0, 0);
    for a in agencies {
        let found = existing.agency_of(a);
        if let Some(why) = existing.refusal(a, found) {
            said.push(why);
            continue;
        }
        match found {
            Some(agency) => {
                update_agency(output, existing.content(), agency, a, last, said)?;
                updated += 1;
            }
            None => {
                if add_agency(output, a, said)? {
                    added += 1;
                }
            }
        }
    }
    Ok((added, updated))
}

/// Merges what the source says now into an agency's file, field by field
/// and its teams and contacts by `external_id`.
fn update_agency(
    output: &Path,
    content: Option<&Content>,
    existing: &Agency,
    a: &NewAgency,
    last: &Json,
    said: &mut Vec<String>,
) -> Result<(), String> {
    let last_agencies = last.get("agencies").and_then(Json::as_object);
    let no_nested = Map::new();
    let last_nested = (last.get("nested").and_then(Json::as_object)).unwrap_or(&no_nested);
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
        said,
    );
    for key in ["teams", "contacts"] {
        merge_nested(&mut cur, &a.fields, key, last_nested, &what, said);
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
    write_atomic(&output.join(&rel), &yaml_doc(&cur, ""))
}

/// Writes a new agency's file; false (and said) if a file has its name.
fn add_agency(output: &Path, a: &NewAgency, said: &mut Vec<String>) -> Result<bool, String> {
    let rel = format!("agencies/{}.yaml", a.id);
    if output.join(&rel).exists() {
        said.push(format!(
            "{rel} exists and is not this record: left as it is"
        ));
        return Ok(false);
    }
    write_atomic(
        &output.join(&rel),
        &yaml_doc(&a.fields, "# Imported by `joinedup import hsds`.\n"),
    )?;
    Ok(true)
}

/// Writes what was written this time (by external id: each agency's
/// fields, and each team's and contact's), over what the last import wrote.
pub(super) fn remember(output: &Path, agencies: &[NewAgency], last: &Json) -> Result<(), String> {
    let mut state = Map::new();
    let mut nested_state = Map::new();
    for a in agencies {
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
    }
    let last_of = |key: &str| {
        last.get(key)
            .and_then(Json::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let mut all_agencies = last_of("agencies");
    all_agencies.extend(state);
    let mut all_nested = last_of("nested");
    all_nested.extend(nested_state);
    let memory = json!({"agencies": all_agencies, "nested": all_nested});
    write_atomic(
        &memory_file(output),
        &serde_json::to_string_pretty(&memory).unwrap_or_default(),
    )
}
