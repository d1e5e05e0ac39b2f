//! `joinedup.json`: what HSDS has no place for (an agency's type, remit and
//! review; a route's channel, exact hours, bank holidays, exceptions,
//! out-of-hours route, and the details declared `Hsds::Extension` such as its
//! response time; topics' other names), keyed by the same UUIDs as the HSDS
//! files. Its properties are listed in
//! docs/open-referral.md.

use serde_json::{Map, Value, json};

use super::{Export, put_text, schedule};
use crate::load::declare::{CONTACT, Hsds};
use crate::model::schedule::{Exception, ExceptionHours};
use crate::model::{Agency, ContactRoute, DetailValue, Does, DoesNot, Hours};

impl Export<'_, '_> {
    /// `joinedup.json`: what HSDS has no place for, keyed by the records' UUIDs.
    pub(super) fn extensions(&self) -> Value {
        let mut orgs = Map::new();
        for a in &self.src.agencies {
            orgs.insert(
                self.ids.record("organization", &a.id.value),
                self.agency_extension(a),
            );
            for (_, t) in self
                .src
                .teams
                .iter()
                .filter(|(ta, _)| ta.id.value == a.id.value)
            {
                let key = format!("{}/{}", a.id.value, t.id.value);
                let mut tm = Map::new();
                tm.insert("joinedup_id".into(), json!(key));
                put_text(
                    &mut tm,
                    "description",
                    t.description.as_ref().map(|x| x.value.as_str()),
                );
                if !t.areas.is_empty() {
                    tm.insert(
                        "areas".into(),
                        json!(t.areas.iter().map(|x| &x.value).collect::<Vec<_>>()),
                    );
                }
                orgs.insert(self.ids.record("organization", &key), Value::Object(tm));
            }
        }
        let mut services = Map::new();
        for (a, c) in &self.src.routes {
            let key = format!("{}/{}", a.id.value, c.id.value);
            services.insert(
                self.ids.record("service", &key),
                self.route_extension(a, c, &key),
            );
        }
        let mut terms = Map::new();
        for t in self.src.topics {
            let mut m = Map::new();
            m.insert("joinedup_id".into(), json!(t.id.value));
            if !t.aka.is_empty() {
                m.insert(
                    "aka".into(),
                    json!(t.aka.iter().map(|x| &x.value).collect::<Vec<_>>()),
                );
            }
            terms.insert(self.ids.term("topic", &t.id.value), Value::Object(m));
        }
        let areas: Vec<Value> = self
            .src
            .site
            .map(|s| s.areas.as_slice())
            .unwrap_or(&[])
            .iter()
            .map(|a| json!({"id": a.id.value, "name": a.name.value}))
            .collect();
        let mut root = Map::new();
        root.insert("joinedup_extensions".into(), json!(1));
        root.insert("flavour".into(), json!(self.flavour.word()));
        root.insert("namespace".into(), json!(self.ids.namespace()));
        if let Some(b) = self.base {
            root.insert("base_url".into(), json!(b));
        }
        if let Some(s) = self.src.site {
            root.insert("title".into(), json!(s.title.value));
        }
        root.insert("areas".into(), Value::Array(areas));
        root.insert("organizations".into(), Value::Object(orgs));
        root.insert("services".into(), Value::Object(services));
        root.insert("taxonomy_terms".into(), Value::Object(terms));
        Value::Object(root)
    }

    /// An agency's type, abbreviation, description, areas, other names,
    /// review and remit.
    fn agency_extension(&self, a: &Agency) -> Value {
        let mut m = Map::new();
        m.insert("joinedup_id".into(), json!(a.id.value));
        m.insert("type".into(), json!(a.agency_type.value.word()));
        put_text(
            &mut m,
            "abbreviation",
            a.abbreviation.as_ref().map(|x| x.value.as_str()),
        );
        put_text(
            &mut m,
            "description",
            a.description.as_ref().map(|x| x.value.as_str()),
        );
        m.insert(
            "areas".into(),
            json!(a.areas.iter().map(|x| &x.value).collect::<Vec<_>>()),
        );
        if !a.aka.is_empty() {
            m.insert(
                "aka".into(),
                json!(a.aka.iter().map(|x| &x.value).collect::<Vec<_>>()),
            );
        }
        let mut review = Map::new();
        review.insert("owner".into(), json!(a.review.owner.value));
        review.insert(
            "last_reviewed".into(),
            json!(a.review.last_reviewed.value.to_string()),
        );
        if let Some(n) = &a.review.next_review {
            review.insert("next_review".into(), json!(n.value.to_string()));
        }
        m.insert("review".into(), Value::Object(review));
        let does: Vec<Value> = a
            .does
            .iter()
            .filter(|d| {
                d.team
                    .as_ref()
                    .is_none_or(|t| self.src.has_org(&format!("{}/{}", a.id.value, t.value)))
            })
            .map(does_extension)
            .collect();
        if !does.is_empty() {
            m.insert("does".into(), Value::Array(does));
        }
        let does_not: Vec<Value> = (a.does_not.iter())
            .map(|d| self.does_not_extension(d))
            .collect();
        if !does_not.is_empty() {
            m.insert("does_not".into(), Value::Array(does_not));
        }
        Value::Object(m)
    }

    /// A `does_not` item, its `refer_to` as the organisation's UUID.
    fn does_not_extension(&self, d: &DoesNot) -> Value {
        let mut dm = Map::new();
        dm.insert("topic".into(), json!(d.topic.value));
        put_text(
            &mut dm,
            "detail",
            d.detail.as_ref().map(|t| t.value.as_str()),
        );
        if let Some(r) = &d.refer_to {
            let target = r.value.trim();
            if self.src.has_org(target) {
                dm.insert(
                    "refer_to".into(),
                    json!(self.ids.record("organization", target)),
                );
            }
        }
        Value::Object(dm)
    }

    /// A route's channel, value, exact hours, bank holidays, team, response,
    /// out-of-hours route (as the service's UUID) and exceptions.
    fn route_extension(&self, a: &Agency, c: &ContactRoute, key: &str) -> Value {
        let mut m = Map::new();
        m.insert("joinedup_id".into(), json!(key));
        m.insert("channel".into(), json!(c.channel.value.word()));
        m.insert("value".into(), json!(c.value.value.trim()));
        m.insert(
            "hours".into(),
            match &c.hours.value {
                Hours::Always => json!("24/7"),
                Hours::Weekly { lines, .. } => json!(lines),
            },
        );
        m.insert(
            "bank_holidays".into(),
            json!(if c.bank_holidays_open {
                "open"
            } else {
                "closed"
            }),
        );
        route_texts(&mut m, c);
        if let Some(o) = &c.out_of_hours {
            let target = if o.value.contains('/') {
                o.value.trim().to_owned()
            } else {
                format!("{}/{}", a.id.value, o.value.trim())
            };
            if self.src.has_route(&target) {
                m.insert(
                    "out_of_hours".into(),
                    json!(self.ids.record("service", &target)),
                );
            }
        }
        let exceptions: Vec<Value> = c.exceptions.iter().map(exception_extension).collect();
        if !exceptions.is_empty() {
            m.insert("exceptions".into(), Value::Array(exceptions));
        }
        Value::Object(m)
    }
}

/// A `does` item.
fn does_extension(d: &Does) -> Value {
    let mut dm = Map::new();
    dm.insert("topic".into(), json!(d.topic.value));
    dm.insert("role".into(), json!(d.role.value.word()));
    put_text(&mut dm, "team", d.team.as_ref().map(|t| t.value.as_str()));
    if !d.areas.is_empty() {
        dm.insert(
            "areas".into(),
            json!(d.areas.iter().map(|x| &x.value).collect::<Vec<_>>()),
        );
    }
    put_text(
        &mut dm,
        "detail",
        d.detail.as_ref().map(|t| t.value.as_str()),
    );
    Value::Object(dm)
}

/// An exception to a route's hours: its dates, `closed` or its opening
/// times, and its note.
fn exception_extension(e: &Exception) -> Value {
    let mut em = Map::new();
    em.insert("from".into(), json!(e.from.value.to_string()));
    em.insert("to".into(), json!(e.to.value.to_string()));
    em.insert(
        "hours".into(),
        match &e.hours.value {
            ExceptionHours::Closed => json!("closed"),
            ExceptionHours::Open(ranges) => json!(
                ranges
                    .iter()
                    .map(|&(a, b)| format!(
                        "{}-{}",
                        schedule::clock(a),
                        if b == 0 || b >= schedule::MIDNIGHT {
                            "24:00".to_owned()
                        } else {
                            schedule::clock(b)
                        }
                    ))
                    .collect::<Vec<_>>()
            ),
        },
    );
    put_text(&mut em, "note", e.note.as_ref().map(|n| n.value.as_str()));
    Value::Object(em)
}

/// A route's `team` and `eligibility`, where it has them, and its details
/// HSDS has no property for (`response`, …): text as text, a list as a list.
fn route_texts(m: &mut Map<String, Value>, c: &ContactRoute) {
    for (key, text) in [("team", &c.team), ("eligibility", &c.eligibility)] {
        put_text(m, key, text.as_ref().map(|t| t.value.as_str()));
    }
    for (field, d) in CONTACT.details() {
        if d.hsds != Hsds::Extension {
            continue;
        }
        match c.detail(field.key) {
            Some(DetailValue::List(items)) => {
                let items: Vec<&str> = (items.iter())
                    .map(|t| t.value.trim())
                    .filter(|t| !t.is_empty())
                    .collect();
                if !items.is_empty() {
                    m.insert(field.key.into(), json!(items));
                }
            }
            Some(v) => put_text(m, field.key, v.text().map(|t| t.value.as_str())),
            None => {}
        }
    }
}
