//! One organisation as a joinedup agency: its profile, the teams its child
//! organisations become, its review, and its services' contact routes
//! (`routes.rs`), each value HSDS lacks filled with a stated default.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::plan::{Ctx, NewAgency, area_lookup, ext_of, first_sentence, markdown, str_list, web};
use super::read::text;
use super::tree::{Field, Fields, Val, field, guessed, s, strs};
use crate::model::Date;

type Ext<'a> = Option<&'a Map<String, Value>>;

/// A service, by id.
type Service<'a> = (&'a String, &'a Map<String, Value>);

/// The agency for organisation `oid`, written as `agencies/<key>.yaml`.
pub(super) fn agency(ctx: &Ctx, oid: &str, key: &str, notes: &mut Vec<String>) -> NewAgency {
    let empty = Map::new();
    let org = ctx.feed.organizations.get(oid).unwrap_or(&empty);
    let ext = ext_of(ctx.ext, "organizations", oid);
    let mut f = profile(org, ext, oid);
    let services = services_of(ctx, key);
    f.push(areas(ctx, ext, &services));
    if let Some(w) = text(org, "website")
        .or_else(|| text(org, "url"))
        .and_then(|w| web(&w))
    {
        f.push(field("website", s(&w)));
    }
    if let Some(aka) = ext.map(|e| str_list(e.get("aka")))
        && !aka.is_empty()
    {
        f.push(field("aka", strs(aka.iter().map(String::as_str))));
    }
    if !oid.is_empty() {
        f.push(field("external_id", s(oid)));
    }
    let teams = teams(ctx, key);
    if !teams.is_empty() {
        f.push(field("teams", Val::List(teams)));
    }
    let (routes, topics_seen) = routes(ctx, &services, org, notes);
    let remit = remit(ctx, ext, &topics_seen);
    if !remit.is_empty() {
        f.push(field("remit", Val::Map(remit)));
    }
    if !routes.is_empty() {
        f.push(field("contacts", Val::List(routes)));
    }
    f.push(field("review", Val::Map(review(ctx, ext, &services))));
    NewAgency {
        id: key.to_owned(),
        external_id: oid.to_owned(),
        fields: f,
    }
}

/// Name, abbreviation, type, summary and description.
fn profile(org: &Map<String, Value>, ext: Ext, oid: &str) -> Fields {
    let name = text(org, "name").unwrap_or_else(|| {
        if oid.is_empty() {
            "Services without an organisation".into()
        } else {
            format!("Organisation {oid}")
        }
    });
    let mut f = Fields::new();
    f.push(field("name", s(&name)));
    let abbreviation = ext
        .and_then(|e| e.get("abbreviation"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| text(org, "alternate_name").filter(|a| a.chars().count() <= 12));
    if let Some(a) = abbreviation {
        f.push(field("abbreviation", s(&a)));
    }
    match ext.and_then(|e| e.get("type")).and_then(Value::as_str) {
        Some(t) => f.push(field("type", Val::Plain(t.into()))),
        None => f.push(guessed("type", Val::Plain("other".into()))),
    }
    let described = text(org, "description").and_then(|d| markdown(&d));
    match &described {
        Some(d) => f.push(field("summary", s(&first_sentence(d)))),
        None => f.push(guessed("summary", s(&format!("{name}.")))),
    }
    let long = ext
        .and_then(|e| e.get("description"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| described.clone().filter(|d| first_sentence(d) != *d));
    if let Some(d) = long {
        f.push(field("description", s(&d)));
    }
    f
}

/// The services of the agency `key` and of its teams.
fn services_of<'f>(ctx: &Ctx<'f>, key: &str) -> Vec<Service<'f>> {
    ctx.feed
        .services
        .iter()
        .filter(|(sid, _)| {
            ctx.route_key
                .get(*sid)
                .is_some_and(|k| k.split('/').next() == Some(key))
        })
        .collect()
}

/// The areas: the export's, else those its services name, else every area
/// (guessed).
fn areas(ctx: &Ctx, ext: Ext, services: &[Service]) -> Field {
    let mut areas: Vec<String> = str_list(ext.and_then(|e| e.get("areas")));
    if areas.is_empty() {
        for (_, svc) in services {
            for sa in svc
                .get("service_areas")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(id) = area_lookup(ctx, sa)
                    && !areas.contains(&id)
                {
                    areas.push(id);
                }
            }
        }
    }
    let areas_guessed = areas.is_empty();
    if areas_guessed {
        areas = ctx
            .area_ids
            .values()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if areas.is_empty() {
            areas.push("all-areas".into());
        }
    }
    let mut area_field = field("areas", strs(areas.iter().map(String::as_str)));
    area_field.guessed = areas_guessed;
    area_field
}

/// The teams: the organisations under the agency `key`.
fn teams(ctx: &Ctx, key: &str) -> Vec<Val> {
    let empty = Map::new();
    ctx.org_order
        .iter()
        .filter_map(|o| Some((o, ctx.org_key.get(o)?)))
        .filter(|(_, k)| k.split_once('/').is_some_and(|(a, _)| a == key))
        .map(|(toid, k)| {
            let t = ctx.feed.organizations.get(toid).unwrap_or(&empty);
            let tx = ext_of(ctx.ext, "organizations", toid);
            let id = k.split_once('/').map_or("", |(_, t)| t);
            let mut m = vec![
                field("id", s(id)),
                field("name", s(&text(t, "name").unwrap_or_else(|| "Team".into()))),
            ];
            if let Some(d) = text(t, "description").and_then(|d| markdown(&d)) {
                m.push(field("summary", s(&first_sentence(&d))));
            }
            if let Some(d) = tx
                .and_then(|e| e.get("description"))
                .and_then(Value::as_str)
            {
                m.push(field("description", s(d)));
            }
            let ta = str_list(tx.and_then(|e| e.get("areas")));
            if !ta.is_empty() {
                m.push(field("areas", strs(ta.iter().map(String::as_str))));
            }
            m.push(field("external_id", s(toid)));
            Val::Map(m)
        })
        .collect()
}

/// The contact routes of the services, and the topics they name in order.
fn routes(
    ctx: &Ctx,
    services: &[Service],
    org: &Map<String, Value>,
    notes: &mut Vec<String>,
) -> (Vec<Val>, Vec<String>) {
    let mut routes = Vec::new();
    let mut topics_seen: Vec<String> = Vec::new();
    for (sid, svc) in services {
        for r in super::routes::routes_of(ctx, sid, svc, org, notes) {
            if let Some(Field {
                val: Val::List(ts), ..
            }) = super::tree::get(&r, "topics")
            {
                for t in ts {
                    if let Val::Str(t) = t
                        && !topics_seen.contains(t)
                    {
                        topics_seen.push(t.clone());
                    }
                }
            }
            routes.push(Val::Map(r));
        }
    }
    (routes, topics_seen)
}

/// The remit: exact from joinedup.json, else each route's topic with a
/// default role.
fn remit(ctx: &Ctx, ext: Ext, topics_seen: &[String]) -> Fields {
    let mut remit = Fields::new();
    let ext_does = ext.and_then(|e| e.get("does")).and_then(Value::as_array);
    let does: Vec<Val> = match ext_does {
        Some(list) => list.iter().filter_map(does_of).collect(),
        None => topics_seen
            .iter()
            .map(|t| {
                Val::Map(vec![
                    field("topic", s(t)),
                    guessed("role", Val::Plain("support".into())),
                ])
            })
            .collect(),
    };
    if !does.is_empty() {
        remit.push(field("does", Val::List(does)));
    }
    let does_not: Vec<Val> = ext
        .and_then(|e| e.get("does_not"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| {
            let d = d.as_object()?;
            let mut m = vec![field("topic", s(&text(d, "topic")?))];
            if let Some(t) = text(d, "detail") {
                m.push(field("detail", s(&t)));
            }
            if let Some(r) = text(d, "refer_to").and_then(|r| ctx.org_key.get(&r)) {
                m.push(field("refer_to", s(r)));
            }
            Some(Val::Map(m))
        })
        .collect();
    if !does_not.is_empty() {
        remit.push(field("does_not", Val::List(does_not)));
    }
    remit
}

/// One `does` item of a joinedup export.
fn does_of(d: &Value) -> Option<Val> {
    let d = d.as_object()?;
    let mut m = vec![
        field("topic", s(&text(d, "topic")?)),
        field("role", Val::Plain(text(d, "role")?)),
    ];
    if let Some(t) = text(d, "team") {
        m.push(field("team", s(&t)));
    }
    let a = str_list(d.get("areas"));
    if !a.is_empty() {
        m.push(field("areas", strs(a.iter().map(String::as_str))));
    }
    if let Some(t) = text(d, "detail") {
        m.push(field("detail", s(&t)));
    }
    Some(Val::Map(m))
}

/// The review: never a person's e-mail address as the owner.
fn review(ctx: &Ctx, ext: Ext, services: &[Service]) -> Fields {
    let review_ext = ext.and_then(|e| e.get("review")).and_then(Value::as_object);
    let mut review = Fields::new();
    match review_ext
        .and_then(|r| text(r, "owner"))
        .filter(|o| !o.contains('@'))
    {
        Some(o) => review.push(field("owner", s(&o))),
        None => review.push(guessed("owner", s("Directory team"))),
    }
    let modified = services
        .iter()
        .filter_map(|(_, s)| text(s, "last_modified").or_else(|| text(s, "assured_date")))
        .filter_map(|d| Date::parse(d.get(..10).unwrap_or("")).ok())
        .max();
    match (
        review_ext
            .and_then(|r| text(r, "last_reviewed"))
            .and_then(|d| Date::parse(&d).ok()),
        modified,
    ) {
        (Some(d), _) => review.push(field("last_reviewed", Val::Plain(d.to_string()))),
        (None, Some(d)) if d <= ctx.today => {
            review.push(field("last_reviewed", Val::Plain(d.to_string())));
        }
        _ => review.push(guessed("last_reviewed", Val::Plain(ctx.today.to_string()))),
    }
    if let Some(n) = review_ext.and_then(|r| text(r, "next_review")) {
        review.push(field("next_review", Val::Plain(n)));
    }
    review
}
