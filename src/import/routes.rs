//! A service's contact routes: one per phone (its own and its contacts'),
//! e-mail address and web address, sharing the service's purpose, hours (from
//! weekly schedules, or ORUK v1's `regular_schedules`), topics, audience and
//! urgency; or exactly the route a joinedup export's `joinedup.json` describes.

use serde_json::{Map, Value};

use super::plan::{Ctx, TermUse, ext_of, markdown, phone, web};
use super::read::{id_of, text};
use super::tree::{Field, Fields, Val, field, guessed, insert_declared, s, strs, strs_owned};
use crate::load::declare::{CONTACT, Hsds, Shape};
use crate::model::ages::{Ages, OLDEST};
use crate::render::hsds::looks_like_email;
use crate::render::hsds::schedule::{MIDNIGHT, hours_line, read_byday, read_clock};

type Ext<'a> = Option<&'a Map<String, Value>>;

/// Where a service is reached: (channel, value, the suffix of its route id).
type Point = (String, String, &'static str);

/// What every route of a service shares.
struct Shared<'a> {
    ext: Ext<'a>,
    agency: &'a str,
    name: String,
    audience: Vec<String>,
    urgency: Option<String>,
    topics: Vec<String>,
    hours: Option<Val>,
    team: Option<String>,
}

/// The routes of one service: one per phone, e-mail address and web address.
pub(super) fn routes_of(
    ctx: &Ctx,
    sid: &str,
    svc: &Map<String, Value>,
    org: &Map<String, Value>,
    notes: &mut Vec<String>,
) -> Vec<Fields> {
    let key = ctx.route_key.get(sid).cloned().unwrap_or_default();
    let (agency, route_id) = key.split_once('/').unwrap_or(("", "contact"));
    let ext = ext_of(ctx.ext, "services", sid);
    let name = text(svc, "name").unwrap_or_else(|| "Contact".into());
    let points = points(ext, svc, org);
    if points.is_empty() {
        notes.push(format!(
            "service `{name}` ({sid}) has no phone, e-mail or web address: no route was made for it"
        ));
        return Vec::new();
    }
    let shared = shared(ctx, ext, agency, svc, name);
    let mut out = Vec::new();
    for (channel, value, suffix) in points {
        let id = if suffix.is_empty() || out.is_empty() {
            route_id.to_owned()
        } else {
            format!("{route_id}-{suffix}")
        };
        let mut m = route(ctx, &shared, svc, &id, channel, &value);
        let external = if out.is_empty() {
            sid.to_owned()
        } else {
            format!("{sid}#{id}")
        };
        m.push(field("external_id", s(&external)));
        out.push(m);
    }
    out
}

/// Where to reach a service: exactly the export's route, else each phone
/// (its own and its contacts'), e-mail address and web address, else the
/// organisation's website.
fn points(ext: Ext, svc: &Map<String, Value>, org: &Map<String, Value>) -> Vec<Point> {
    let mut points: Vec<Point> = Vec::new();
    if let (Some(ch), Some(v)) = (
        ext.and_then(|e| text(e, "channel")),
        ext.and_then(|e| text(e, "value")),
    ) {
        points.push((ch, v, ""));
        return points;
    }
    let phones = svc
        .get("phones")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .chain(
            svc.get("contacts")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .flat_map(|c| {
                    c.get("phones")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                }),
        );
    for p in phones {
        if let Some(n) = p.get("number").and_then(Value::as_str).and_then(phone)
            && !points.iter().any(|(_, v, _)| *v == n)
        {
            let text_line = p.get("type").and_then(Value::as_str) == Some("text");
            let suffix = if points.is_empty() { "" } else { "phone" };
            let channel = if text_line { "text" } else { "phone" };
            points.push((channel.to_owned(), n, suffix));
        }
    }
    if let Some(e) = text(svc, "email").filter(|e| looks_like_email(e)) {
        points.push(("email".to_owned(), e, "email"));
    }
    if let Some(u) = text(svc, "url").and_then(|u| web(&u)) {
        points.push(("web-form".to_owned(), u, "web"));
    }
    if points.is_empty()
        && let Some(u) = text(org, "website")
            .or_else(|| text(org, "url"))
            .and_then(|u| web(&u))
    {
        points.push(("web-form".to_owned(), u, "web"));
    }
    points
}

/// The audience, urgency and topics of a service's terms, its hours and its team.
fn shared<'a>(
    ctx: &Ctx,
    ext: Ext<'a>,
    agency: &'a str,
    svc: &Map<String, Value>,
    name: String,
) -> Shared<'a> {
    let mut audience = Vec::new();
    let mut urgency = None;
    let mut topics = Vec::new();
    for tid in ctx.term_ids(svc) {
        match ctx.term_use(&tid) {
            Some(TermUse::Audience(w)) if !audience.contains(&w) => audience.push(w),
            Some(TermUse::Urgency(w)) => urgency = Some(w),
            Some(TermUse::Topic(t)) if !topics.contains(&t) => topics.push(t),
            _ => {}
        }
    }
    let hours: Option<Val> = match ext.and_then(|e| e.get("hours")) {
        Some(Value::String(h)) => Some(s(h)),
        Some(Value::Array(lines)) => Some(strs_owned(
            lines
                .iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect(),
        )),
        _ => schedule_lines(svc),
    };
    let team = ext.and_then(|e| text(e, "team")).or_else(|| {
        id_of(svc.get("organization_id"))
            .and_then(|o| ctx.org_key.get(&o))
            .and_then(|k| k.split_once('/').map(|(_, t)| t.to_owned()))
    });
    Shared {
        ext,
        agency,
        name,
        audience,
        urgency,
        topics,
        hours,
        team,
    }
}

/// One route's fields, up to its external id.
fn route(
    ctx: &Ctx,
    sh: &Shared,
    svc: &Map<String, Value>,
    id: &str,
    channel: String,
    value: &str,
) -> Fields {
    let ext = sh.ext;
    let mut m = vec![field("id", s(id)), field("purpose", s(&sh.name))];
    if sh.audience.is_empty() {
        m.push(guessed(
            "audience",
            Val::List(vec![Val::Plain("public".into())]),
        ));
    } else {
        m.push(field(
            "audience",
            Val::List(sh.audience.iter().map(|a| Val::Plain(a.clone())).collect()),
        ));
    }
    match &sh.urgency {
        Some(u) => m.push(field("urgency", Val::Plain(u.clone()))),
        None => m.push(guessed("urgency", Val::Plain("routine".into()))),
    }
    m.push(field("channel", Val::Plain(channel)));
    m.push(field("value", s(value)));
    match &sh.hours {
        Some(h) => m.push(field("hours", h.clone())),
        None => m.push(guessed("hours", strs(["mon-fri 09:00-17:00"]))),
    }
    if let Some(b) = ext.and_then(|e| text(e, "bank_holidays")) {
        let always = matches!(&sh.hours, Some(Val::Str(h)) if h == "24/7");
        if (b == "open") != always {
            m.push(field("bank_holidays", Val::Plain(b)));
        }
    }
    if !sh.topics.is_empty() {
        m.push(field("topics", strs(sh.topics.iter().map(String::as_str))));
    }
    if let Some(t) = &sh.team {
        m.push(field("team", s(t)));
    }
    if let Some(o) = ext
        .and_then(|e| text(e, "out_of_hours"))
        .and_then(|o| ctx.route_key.get(&o))
    {
        let short = match o.split_once('/') {
            Some((a, r)) if a == sh.agency => r.to_owned(),
            _ => o.clone(),
        };
        m.push(field("out_of_hours", s(&short)));
    }
    notes_and_who_for(&mut m, svc, ext);
    if let Some(list) = ext
        .and_then(|e| e.get("exceptions"))
        .and_then(Value::as_array)
    {
        let ex: Vec<Val> = list.iter().filter_map(exception).collect();
        if !ex.is_empty() {
            m.push(field("exceptions", Val::List(ex)));
        }
    }
    details(&mut m, svc, ext);
    m
}

/// A route's details (see `declare::Detail`), each where the export keeps it:
/// a property of the service (Markdown converted from HTML), or joinedup.json;
/// `response` else HSDS's `wait_time`. Each goes where its declaration puts it.
fn details(m: &mut Fields, svc: &Map<String, Value>, ext: Option<&Map<String, Value>>) {
    for (f, d) in CONTACT.details() {
        let val = match d.hsds {
            Hsds::Service(property) => text(svc, property)
                .and_then(|t| match f.shape {
                    Shape::Markdown => markdown(&t),
                    _ => Some(t),
                })
                .map(|t| s(&t)),
            Hsds::Extension => ext.and_then(|e| e.get(f.key)).and_then(ext_value),
        };
        let val = val.or_else(|| {
            (f.key == "response")
                .then(|| text(svc, "wait_time"))
                .flatten()
                .map(|t| s(&t))
        });
        if let Some(val) = val {
            insert_declared(m, &CONTACT, field(f.key, val));
        }
    }
}

/// A detail as joinedup.json keeps it: text, or a list of texts.
fn ext_value(v: &Value) -> Option<Val> {
    match v {
        Value::String(t) if !t.trim().is_empty() => Some(s(t.trim())),
        Value::Number(n) => Some(s(&n.to_string())),
        Value::Array(items) => {
            let items: Vec<&str> = (items.iter())
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .collect();
            (!items.is_empty()).then(|| strs(items))
        }
        _ => None,
    }
}

/// An exception to the hours, from a joinedup export.
fn exception(x: &Value) -> Option<Val> {
    let x = x.as_object()?;
    let mut e = vec![
        field("from", Val::Plain(text(x, "from")?)),
        field("to", Val::Plain(text(x, "to")?)),
    ];
    e.push(field(
        "hours",
        match x.get("hours") {
            Some(Value::Array(r)) => strs_owned(
                r.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            ),
            _ => Val::Plain("closed".into()),
        },
    ));
    if let Some(n) = text(x, "note") {
        e.push(field("note", s(&n)));
    }
    Some(Val::Map(e))
}

/// Weekly schedules (HSDS 3.0 `schedules`, ORUK v1 `regular_schedules` with a
/// `weekday`) as hours lines; none when the service gives none usable.
fn schedule_lines(svc: &Map<String, Value>) -> Option<Val> {
    let mut slots: Vec<(Vec<u8>, u16, u16)> = Vec::new();
    let all = ["schedules", "regular_schedules"]
        .iter()
        .filter_map(|k| svc.get(*k).and_then(Value::as_array))
        .flatten();
    for sc in all {
        let Some(m) = sc.as_object() else { continue };
        let freq = text(m, "freq").unwrap_or_else(|| "WEEKLY".into());
        if !freq.eq_ignore_ascii_case("weekly") {
            continue;
        }
        let days = match (text(m, "byday"), text(m, "weekday")) {
            (Some(d), _) => read_byday(&d),
            (None, Some(w)) => match w.parse::<u8>() {
                Ok(n @ 1..=7) => vec![n - 1],
                _ => read_byday(&w),
            },
            (None, None) => (0..7).collect(),
        };
        let (Some(o), Some(c)) = (
            text(m, "opens_at").and_then(|t| read_clock(&t)),
            text(m, "closes_at").and_then(|t| read_clock(&t)),
        ) else {
            continue;
        };
        if days.is_empty() || o == c || o >= MIDNIGHT {
            continue;
        }
        // Days with the same times make one line.
        match slots.iter_mut().find(|(_, a, b)| (*a, *b) == (o, c)) {
            Some((d, _, _)) => {
                d.extend(days);
                d.sort_unstable();
                d.dedup();
            }
            None => slots.push((days, o, c)),
        }
    }
    let lines: Vec<String> = slots
        .iter()
        .map(|(d, o, c)| hours_line(d, *o, *c))
        .collect();
    if lines.is_empty() {
        return None;
    }
    if lines == ["mon-sun 00:00-24:00"] {
        return Some(s("24/7"));
    }
    Some(strs_owned(lines))
}

/// A route's `eligibility` (joinedup.json's,
/// else the service's `eligibility_description`) and `ages` (from `minimum_age`
/// and `maximum_age`).
fn notes_and_who_for(
    m: &mut Vec<Field>,
    svc: &Map<String, Value>,
    ext: Option<&Map<String, Value>>,
) {
    if let Some(e) = (ext.and_then(|e| text(e, "eligibility")))
        .or_else(|| text(svc, "eligibility_description").and_then(|d| markdown(&d)))
    {
        m.push(field("eligibility", s(&e)));
    }
    if let Some(ages) = ages(svc) {
        m.push(field("ages", s(&ages)));
    }
}

/// A service's `minimum_age` and `maximum_age` as an `ages:` range (`0-17`,
/// `65+`, `-25`); none when neither is a whole number from 0 to 120, or they
/// are the wrong way round.
fn ages(svc: &Map<String, Value>) -> Option<String> {
    let age = |key: &str| {
        (svc.get(key).and_then(Value::as_f64))
            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(OLDEST)).contains(n))
            .map(|n| n as u8)
    };
    let ages = Ages {
        min: age("minimum_age"),
        max: age("maximum_age"),
    };
    match (ages.min, ages.max) {
        (None, None) => None,
        (Some(lo), Some(hi)) if lo > hi => None,
        _ => Some(ages.to_string()),
    }
}
