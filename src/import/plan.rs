//! Turns a read feed into joinedup records: agencies from organisations (in
//! `agency.rs`; a
//! child organisation is a team of its parent), their services' contact routes
//! (`routes.rs`), topics from taxonomy terms, areas from service areas. What
//! HSDS cannot say is filled with a stated default and marked
//! `# imported-default` (see [`DEFAULTS`]). A source that is a joinedup export
//! brings its `joinedup.json`, which gives back the ids, channels, exact hours
//! and remits the HSDS files could not hold.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

pub(super) use super::agency::agency;
use super::read::{Feed, id_of, text};
use super::tree::{Field, Fields, Val};
use super::{keys, topics};
use crate::load::agency::is_web_url;
use crate::model::ids::slug;
use crate::model::{Audience, Date, Urgency};

/// The defaults an import writes where HSDS has no value, as documented.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("type", "other"),
    ("audience", "[public]"),
    ("urgency", "routine"),
    ("role", "support"),
    ("hours", "mon-fri 09:00-17:00"),
    ("review owner", "Directory team"),
    ("last_reviewed", "the day of the import"),
];

/// A topic to add.
#[derive(Debug, Clone)]
pub(super) struct NewTopic {
    pub id: String,
    pub fields: Fields,
}

/// An agency to write, with the external ids that find it again.
#[derive(Debug, Clone)]
pub(super) struct NewAgency {
    pub id: String,
    pub external_id: String,
    pub fields: Fields,
}

/// What an import brings.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub title: Option<String>,
    /// The site's address, from a joinedup export (it names the export's ids).
    pub base_url: Option<String>,
    /// Areas as (id, name).
    pub areas: Vec<(String, String)>,
    pub topics: Vec<NewTopic>,
    pub agencies: Vec<NewAgency>,
    pub notes: Vec<String>,
}

/// A taxonomy term's place: one of joinedup's word taxonomies, or a need.
pub(super) enum TermUse {
    Audience(String),
    Urgency(String),
    Role,
    Topic(String),
}

pub(super) struct Ctx<'f> {
    pub(super) feed: &'f Feed,
    pub(super) ext: Option<&'f Value>,
    pub(super) today: Date,
    /// Topic ids by term id.
    pub(super) topic_of_term: BTreeMap<String, String>,
    /// Agency (and team) keys by organisation id.
    pub(super) org_key: BTreeMap<String, String>,
    /// Organisation ids in the order the source has them.
    pub(super) org_order: Vec<String>,
    /// Route keys by service id.
    pub(super) route_key: BTreeMap<String, String>,
    pub(super) area_ids: BTreeMap<String, String>,
    /// Names of areas by id.
    pub(super) area_names: BTreeMap<String, String>,
}

pub(super) fn ext_of<'v>(
    ext: Option<&'v Value>,
    kind: &str,
    id: &str,
) -> Option<&'v Map<String, Value>> {
    ext?.get(kind)?.get(id)?.as_object()
}

pub(super) fn str_list(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// HTML (or plain text) as Markdown; empty is none.
pub(super) fn markdown(raw: &str) -> Option<String> {
    let looks_html = raw.contains('<') && raw.contains('>');
    let md = if looks_html {
        htmd::convert(raw).unwrap_or_else(|_| raw.to_owned())
    } else {
        raw.to_owned()
    };
    let md = md
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_owned();
    (!md.is_empty()).then_some(md)
}

/// The first sentence of a text, as plain words, for `summary`.
pub(super) fn first_sentence(md: &str) -> String {
    let plain: String = md
        .chars()
        .filter(|c| !"*_`#>[]".contains(*c))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let end = plain
        .char_indices()
        .find(|&(i, c)| ".!?".contains(c) && plain[i + c.len_utf8()..].starts_with(' ') && i > 20)
        .map_or(plain.len(), |(i, c)| i + c.len_utf8());
    let mut sentence = plain[..end].to_owned();
    if sentence.chars().count() > 300 {
        sentence = sentence.chars().take(297).collect::<String>() + "…";
    }
    sentence
}

/// A web address with a scheme (`www.x.org` becomes `https://www.x.org`).
pub(super) fn web(raw: &str) -> Option<String> {
    let t = raw.trim();
    let with = if t.contains("://") {
        t.to_owned()
    } else {
        format!("https://{t}")
    };
    (is_web_url(&with) && with.contains('.')).then_some(with)
}

/// A phone number as people write it: quotes and stray spaces gone.
pub(super) fn phone(raw: &str) -> Option<String> {
    let t = raw.trim().trim_matches(['"', '\'']).trim();
    (t.chars().filter(char::is_ascii_digit).count() >= 3).then(|| t.to_owned())
}

impl Ctx<'_> {
    pub(super) fn term_use(&self, term_id: &str) -> Option<TermUse> {
        let t = self.feed.terms.get(term_id)?;
        let taxonomy = text(t, "taxonomy_id")
            .and_then(|id| self.feed.taxonomies.get(&id))
            .and_then(|x| text(x, "name"))
            .or_else(|| text(t, "taxonomy"))
            .unwrap_or_default()
            .to_lowercase();
        let word = text(t, "code")
            .or_else(|| text(t, "name"))
            .unwrap_or_default()
            .to_lowercase();
        if taxonomy == "audience" && Audience::from_word(&word).is_some() {
            return Some(TermUse::Audience(word));
        }
        if taxonomy == "urgency" && Urgency::from_word(&word).is_some() {
            return Some(TermUse::Urgency(word));
        }
        if taxonomy.starts_with("role") {
            return Some(TermUse::Role);
        }
        self.topic_of_term.get(term_id).cloned().map(TermUse::Topic)
    }

    pub(super) fn term_ids(&self, m: &Map<String, Value>) -> Vec<String> {
        let attributes = m.get("attributes").and_then(Value::as_array);
        let v1 = m.get("service_taxonomys").and_then(Value::as_array);
        attributes
            .into_iter()
            .flatten()
            .filter_map(|x| {
                id_of(x.get("taxonomy_term_id"))
                    .or_else(|| id_of(x.get("taxonomy_term").and_then(|t| t.get("id"))))
            })
            .chain(
                v1.into_iter()
                    .flatten()
                    .filter_map(|x| id_of(x.get("taxonomy").and_then(|t| t.get("id")))),
            )
            .collect()
    }
}

/// Plans what to write for a feed. `taken` holds the agency ids already used in
/// the content folder by other records.
pub(super) fn plan(
    feed: &Feed,
    map: &HashMap<String, String>,
    today: Date,
    existing_areas: &[(String, String)],
    taken_agencies: &mut BTreeSet<String>,
    existing_ids: &BTreeMap<String, String>,
) -> Plan {
    let ext = feed.extensions.as_ref();
    let mut ctx = Ctx {
        feed,
        ext,
        today,
        topic_of_term: BTreeMap::new(),
        org_key: BTreeMap::new(),
        org_order: Vec::new(),
        route_key: BTreeMap::new(),
        area_ids: BTreeMap::new(),
        area_names: BTreeMap::new(),
    };
    let mut plan = Plan {
        title: ext
            .and_then(|e| e.get("title"))
            .and_then(Value::as_str)
            .map(str::to_owned),
        base_url: ext
            .and_then(|e| e.get("base_url"))
            .and_then(Value::as_str)
            .and_then(web),
        ..Plan::default()
    };
    known_areas(&mut ctx, &mut plan, existing_areas);
    plan.topics = topics::topics(&mut ctx, map);
    // Organisations: top-level ones are agencies, the rest teams of their parent.
    let orgs_needed = keys::orgs_needed(feed);
    keys::agency_keys(&mut ctx, &orgs_needed, existing_ids, taken_agencies);
    keys::team_keys(&mut ctx, &orgs_needed);
    // Services without an organisation go to one agency of their own.
    let orphan = keys::orphan(feed, taken_agencies);
    keys::route_keys(&mut ctx, orphan.as_deref());
    // Area ids for every service area.
    for svc in feed.services.values() {
        for sa in svc
            .get("service_areas")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            area_id(&mut ctx, sa);
        }
    }
    // Agencies.
    ctx.org_order = orgs_needed;
    let roots: Vec<(String, String)> = ctx
        .org_order
        .iter()
        .filter_map(|o| Some((o.clone(), ctx.org_key.get(o)?.clone())))
        .filter(|(_, k)| !k.contains('/'))
        .collect();
    for (oid, key) in roots {
        plan.agencies
            .push(agency(&ctx, &oid, &key, &mut plan.notes));
    }
    if let Some(id) = orphan {
        plan.agencies.push(agency(&ctx, "", &id, &mut plan.notes));
    }
    new_areas(&ctx, &mut plan, existing_areas);
    plan
}

/// Areas: the site's own, then the joinedup export's (those the site does
/// not have are added to the plan).
fn known_areas(ctx: &mut Ctx, plan: &mut Plan, existing_areas: &[(String, String)]) {
    for (id, name) in existing_areas {
        ctx.area_ids.insert(name.to_lowercase(), id.clone());
        ctx.area_ids.insert(id.clone(), id.clone());
        ctx.area_names.insert(id.clone(), name.clone());
    }
    if let Some(areas) = ctx
        .ext
        .and_then(|e| e.get("areas"))
        .and_then(Value::as_array)
    {
        for a in areas {
            if let (Some(id), Some(name)) = (a["id"].as_str(), a["name"].as_str()) {
                if !ctx.area_ids.contains_key(id) {
                    plan.areas.push((id.to_owned(), name.to_owned()));
                }
                ctx.area_ids.insert(name.to_lowercase(), id.to_owned());
                ctx.area_ids.insert(id.to_owned(), id.to_owned());
                ctx.area_names.insert(id.to_owned(), name.to_owned());
            }
        }
    }
}

/// Adds every area an agency names that the site does not have yet.
fn new_areas(ctx: &Ctx, plan: &mut Plan, existing_areas: &[(String, String)]) {
    for a in &plan.agencies {
        if let Some(Field {
            val: Val::List(items),
            ..
        }) = super::tree::get(&a.fields, "areas")
        {
            for item in items {
                if let Val::Str(id) = item
                    && !existing_areas.iter().any(|(x, _)| x == id)
                    && !plan.areas.iter().any(|(x, _)| x == id)
                {
                    let name = ctx
                        .area_names
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| title_case(&id.replace('-', " ")));
                    plan.areas.push((id.clone(), name));
                }
            }
        }
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An area id for a service area (by its UK `service_area`, else its name).
fn area_id(ctx: &mut Ctx, sa: &Value) -> Option<String> {
    let m = sa.as_object()?;
    let name = text(m, "service_area").or_else(|| text(m, "name"))?;
    let plain = first_sentence(&name);
    if plain.chars().count() > 60 {
        return None;
    }
    let key = plain.to_lowercase();
    if let Some(id) = ctx.area_ids.get(&key) {
        return Some(id.clone());
    }
    if let Some(id) = ctx.area_ids.get(&slug(&plain)) {
        return Some(id.clone());
    }
    let id = slug(&plain);
    if id.is_empty() {
        return None;
    }
    ctx.area_ids.insert(key, id.clone());
    ctx.area_names.entry(id.clone()).or_insert(plain);
    Some(id)
}

/// The id [`area_id`] gave a service area.
pub(super) fn area_lookup(ctx: &Ctx, sa: &Value) -> Option<String> {
    let m = sa.as_object()?;
    let name = text(m, "service_area").or_else(|| text(m, "name"))?;
    ctx.area_ids
        .get(&first_sentence(&name).to_lowercase())
        .cloned()
}
