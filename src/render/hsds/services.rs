//! A contact route as an HSDS service: its channel's value (an e-mail, a web
//! address or, in HSDS, a phone), weekly schedules, service areas (its team's,
//! else its agency's), who it is for (`eligibility_description`, `minimum_age`,
//! `maximum_age`), the taxonomy terms it links to, and its organisation.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::{Export, looks_like_email, put_text, schedule};
use crate::load::agency::is_web_url;
use crate::load::declare::{CONTACT, Hsds};
use crate::model::{Agency, Channel, ContactRoute};

impl Export<'_, '_> {
    /// The service for route `c` of agency `a`, with its organisation from `orgs`.
    pub(super) fn service(
        &self,
        a: &Agency,
        c: &ContactRoute,
        orgs: &HashMap<String, Value>,
    ) -> Value {
        let key = format!("{}/{}", a.id.value, c.id.value);
        let id = self.ids.record("service", &key);
        let mut m = Map::new();
        m.insert("id".into(), json!(id));
        m.insert(
            "organization_id".into(),
            json!(self.ids.record("organization", &self.org_key(a, c))),
        );
        m.insert("name".into(), json!(c.purpose.value.trim()));
        // The details HSDS has a property for (`notes`: `description`).
        for (field, d) in CONTACT.details() {
            if let Hsds::Service(property) = d.hsds {
                let text = c.detail(field.key).map(|v| v.written("; "));
                put_text(&mut m, property, text.as_deref());
            }
        }
        m.insert("status".into(), json!("active"));
        // The UK profile has no `eligibility_description` (joinedup.json keeps it).
        if self.hsds() {
            put_text(
                &mut m,
                "eligibility_description",
                c.eligibility.as_ref().map(|e| e.value.as_str()),
            );
        }
        if let Some(ages) = &c.ages {
            if let Some(min) = ages.value.min {
                m.insert("minimum_age".into(), json!(min));
            }
            if let Some(max) = ages.value.max {
                m.insert("maximum_age".into(), json!(max));
            }
        }
        self.channel_value(&mut m, &key, &id, c);
        if self.hsds() {
            put_text(
                &mut m,
                "wait_time",
                c.detail("response")
                    .and_then(|r| r.text())
                    .map(|r| r.value.as_str()),
            );
        }
        m.insert(
            "last_modified".into(),
            json!(format!("{}T00:00:00Z", a.review.last_reviewed.value)),
        );
        m.insert("schedules".into(), self.schedules(&key, &id, c));
        let service_areas = self.service_areas(&key, &id, a, c);
        if !service_areas.is_empty() {
            m.insert("service_areas".into(), Value::Array(service_areas));
        }
        m.insert("attributes".into(), self.service_attributes(&key, &id, c));
        let org_id = self.ids.record("organization", &self.org_key(a, c));
        if let Some(org) = orgs.get(&org_id) {
            m.insert("organization".into(), org.clone());
        }
        Value::Object(m)
    }

    /// The route's value where HSDS has a place for it: `email`, `url`, or
    /// (in HSDS, not the UK profile) `phones`.
    fn channel_value(&self, m: &mut Map<String, Value>, key: &str, id: &str, c: &ContactRoute) {
        let value = c.value.value.trim();
        match c.channel.value {
            Channel::Email | Channel::SecureEmail if looks_like_email(value) => {
                m.insert("email".into(), json!(value));
            }
            Channel::WebForm | Channel::Portal if is_web_url(value) => {
                m.insert("url".into(), json!(value));
            }
            Channel::Phone | Channel::Text if self.hsds() => {
                m.insert(
                    "phones".into(),
                    json!([{
                        "id": self.ids.record("phone", key),
                        "service_id": id,
                        "number": value,
                        "type": if c.channel.value == Channel::Text { "text" } else { "voice" },
                    }]),
                );
            }
            _ => {}
        }
    }

    /// The route's weekly hours as HSDS schedules.
    fn schedules(&self, key: &str, id: &str, c: &ContactRoute) -> Value {
        let schedules: Vec<Value> = schedule::slots(&c.hours.value)
            .iter()
            .enumerate()
            .map(|(i, s)| {
                json!({
                    "id": self.ids.record("schedule", &format!("{key}|{i}")),
                    "service_id": id,
                    "freq": "WEEKLY",
                    "byday": s.byday(),
                    "opens_at": schedule::clock(s.opens),
                    "closes_at": schedule::clock(s.closes),
                })
            })
            .collect();
        Value::Array(schedules)
    }

    /// The areas the route covers, as HSDS service areas.
    fn service_areas(&self, key: &str, id: &str, a: &Agency, c: &ContactRoute) -> Vec<Value> {
        (self.route_areas(a, c).iter())
            .map(|(area_id, name)| {
                let mut sa = Map::new();
                sa.insert(
                    "id".into(),
                    json!(self.ids.record("service_area", &format!("{key}|{area_id}"))),
                );
                sa.insert("service_id".into(), json!(id));
                sa.insert("name".into(), json!(name));
                if !self.hsds() {
                    sa.insert("service_area".into(), json!(name));
                }
                Value::Object(sa)
            })
            .collect()
    }

    /// The taxonomy terms the route links to: its topics, audiences and urgency.
    fn service_attributes(&self, key: &str, id: &str, c: &ContactRoute) -> Value {
        let mut attributes = Vec::new();
        for t in &c.topics {
            if let Some(term) = self.topic_term(&t.value) {
                attributes.push(self.attribute(key, id, "service", term));
            }
        }
        for au in &c.audience {
            attributes.push(self.attribute(
                key,
                id,
                "service",
                self.word_term("audience", au.value.word()),
            ));
        }
        attributes.push(self.attribute(
            key,
            id,
            "service",
            self.word_term("urgency", c.urgency.value.word()),
        ));
        Value::Array(attributes)
    }

    /// The areas a route covers (its team's, else its agency's), as (id, name).
    fn route_areas(&self, a: &Agency, c: &ContactRoute) -> Vec<(String, String)> {
        let team_areas = c
            .team
            .as_ref()
            .and_then(|t| a.teams.iter().find(|x| x.id.value == t.value))
            .map(|t| &t.areas)
            .filter(|areas| !areas.is_empty());
        let ids = team_areas.unwrap_or(&a.areas);
        let site_areas = self.src.site.map(|s| s.areas.as_slice()).unwrap_or(&[]);
        ids.iter()
            .map(|id| {
                let name = site_areas
                    .iter()
                    .find(|x| x.id.value == id.value)
                    .map_or(id.value.clone(), |x| x.name.value.clone());
                (id.value.clone(), name)
            })
            .collect()
    }
}
