//! The keys an import gives what it writes: an agency id for each top-level
//! organisation, `agency/team` for each organisation under another, and
//! `agency/route` for each service; a joinedup export's own ids are kept
//! where they are free, and the rest made unique from names.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::plan::{Ctx, ext_of};
use super::read::{Feed, id_of, text};
use crate::model::ids::slug;

/// A unique id made from a name.
fn unique(name: &str, fallback: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base = slug(name);
    if base.len() > 60 {
        base = base[..60].trim_end_matches('-').to_owned();
        if let Some(cut) = base.rfind('-') {
            base.truncate(cut);
        }
    }
    if base.is_empty() {
        base = fallback.to_owned();
    }
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// The organisations to write: the feed's, then those only its services name.
pub(super) fn orgs_needed(feed: &Feed) -> Vec<String> {
    let mut orgs_needed: Vec<String> = feed.organizations.keys().cloned().collect();
    for s in feed.services.values() {
        if let Some(o) = id_of(s.get("organization_id"))
            && !orgs_needed.contains(&o)
        {
            orgs_needed.push(o);
        }
    }
    orgs_needed
}

fn parent(feed: &Feed, m: &Map<String, Value>) -> Option<String> {
    id_of(m.get("parent_organization_id")).filter(|p| feed.organizations.contains_key(p))
}

/// The top-level organisation an organisation is under (itself if none).
fn top(feed: &Feed, id: &str) -> String {
    let mut cur = id.to_owned();
    for _ in 0..8 {
        match feed.organizations.get(&cur).and_then(|m| parent(feed, m)) {
            Some(p) => cur = p,
            None => break,
        }
    }
    cur
}

/// Top-level organisations are agencies: an agency id for each, the one
/// already in the folder for its external id if there is one.
pub(super) fn agency_keys(
    ctx: &mut Ctx,
    orgs: &[String],
    existing_ids: &BTreeMap<String, String>,
    taken_agencies: &mut BTreeSet<String>,
) {
    let feed = ctx.feed;
    for oid in orgs {
        if top(feed, oid) != *oid {
            continue;
        }
        let from_ext = ext_of(ctx.ext, "organizations", oid)
            .and_then(|e| e.get("joinedup_id"))
            .and_then(Value::as_str);
        let name = feed
            .organizations
            .get(oid)
            .and_then(|o| text(o, "name"))
            .unwrap_or_else(|| format!("Organisation {oid}"));
        let id = match (existing_ids.get(oid), from_ext) {
            (Some(id), _) => id.clone(),
            (None, Some(id)) if !taken_agencies.contains(id) => {
                taken_agencies.insert(id.to_owned());
                id.to_owned()
            }
            _ => unique(&name, "organisation", taken_agencies),
        };
        ctx.org_key.insert(oid.clone(), id);
    }
}

/// The other organisations are teams of their top-level one: `agency/team`.
pub(super) fn team_keys(ctx: &mut Ctx, orgs: &[String]) {
    let feed = ctx.feed;
    let mut team_ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for oid in orgs {
        let root = top(feed, oid);
        if root == *oid {
            continue;
        }
        let agency = ctx.org_key.get(&root).cloned().unwrap_or_default();
        let name = feed
            .organizations
            .get(oid)
            .and_then(|o| text(o, "name"))
            .unwrap_or_else(|| "Team".into());
        let from_ext = ext_of(ctx.ext, "organizations", oid)
            .and_then(|e| e.get("joinedup_id"))
            .and_then(Value::as_str)
            .and_then(|k| k.split_once('/').map(|(_, t)| t.to_owned()));
        let taken = team_ids.entry(agency.clone()).or_default();
        let id = match from_ext {
            Some(t) if !taken.contains(&t) => {
                taken.insert(t.clone());
                t
            }
            _ => unique(&name, "team", taken),
        };
        ctx.org_key.insert(oid.clone(), format!("{agency}/{id}"));
    }
}

/// The agency for services without an organisation, if there are any.
pub(super) fn orphan(feed: &Feed, taken_agencies: &mut BTreeSet<String>) -> Option<String> {
    (feed.services.values())
        .any(|s| id_of(s.get("organization_id")).is_none())
        .then(|| unique("imported-services", "imported-services", taken_agencies))
}

/// Each service's route key, `agency/route`, unique within its agency.
pub(super) fn route_keys(ctx: &mut Ctx, orphan: Option<&str>) {
    let feed = ctx.feed;
    let mut route_ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (sid, svc) in feed.services.iter() {
        let org = id_of(svc.get("organization_id"))
            .and_then(|o| ctx.org_key.get(&o).cloned())
            .or_else(|| orphan.map(str::to_owned))
            .unwrap_or_default();
        let agency = org.split('/').next().unwrap_or("").to_owned();
        let from_ext = ext_of(ctx.ext, "services", sid)
            .and_then(|e| e.get("joinedup_id"))
            .and_then(Value::as_str)
            .and_then(|k| k.split_once('/').map(|(_, r)| r.to_owned()));
        let taken = route_ids.entry(agency.clone()).or_default();
        let name = text(svc, "name").unwrap_or_else(|| "contact".into());
        let id = match from_ext {
            Some(r) if !taken.contains(&r) => {
                taken.insert(r.clone());
                r
            }
            _ => unique(&name, "contact", taken),
        };
        ctx.route_key.insert(sid.clone(), format!("{agency}/{id}"));
    }
}
