//! A contact route's fields as the data exports show them, declared once:
//! the members of a route in `directory.json` ([`ROUTE_JSON`]), the columns
//! of `contacts.csv` ([`ROUTE_CSV`]), each naming the content format's key it
//! comes from, and the keys an export leaves out on purpose, with why
//! ([`ROUTE_LEFT_OUT`]). A test checks that every key the loader reads for a
//! route is in each export or left out on purpose, so a new field cannot be
//! forgotten by one output.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::directory::ContactView;
use crate::model::Visibility;

/// One value of a route in `directory.json`.
pub(crate) enum Cell<'a> {
    Str(&'a str),
    OptStr(Option<&'a str>),
    List(Vec<&'a str>),
    Bool(bool),
    Visibility(Visibility),
}

impl Serialize for Cell<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Str(x) => x.serialize(s),
            Cell::OptStr(x) => x.serialize(s),
            Cell::List(x) => x.serialize(s),
            Cell::Bool(x) => x.serialize(s),
            Cell::Visibility(x) => x.serialize(s),
        }
    }
}

/// Where an output's value comes from: a key of the content format (under
/// `contacts:`), or `None` for what is worked out (such as a link).
type Key = Option<&'static str>;

/// A route's members in `directory.json`, in order: name, source key, value.
#[allow(clippy::type_complexity)]
pub(crate) const ROUTE_JSON: &[(&str, Key, for<'a> fn(&'a ContactView) -> Cell<'a>)] = &[
    ("id", Some("id"), |c| Cell::Str(&c.id)),
    ("team", Some("team"), |c| Cell::OptStr(c.team_id.as_deref())),
    ("purpose", Some("purpose"), |c| Cell::Str(&c.purpose)),
    ("audience", Some("audience"), |c| {
        Cell::List(c.audience.clone())
    }),
    ("urgency", Some("urgency"), |c| Cell::Str(c.urgency)),
    ("channel", Some("channel"), |c| Cell::Str(c.channel)),
    ("value", Some("value"), |c| Cell::Str(&c.value)),
    ("href", None, |c| Cell::OptStr(c.href.as_deref())),
    ("hours", Some("hours"), |c| {
        Cell::List(c.hours.iter().map(String::as_str).collect())
    }),
    ("bank_holidays_open", Some("bank_holidays"), |c| {
        Cell::Bool(c.bank_holidays_open)
    }),
    ("topics", Some("topics"), |c| {
        Cell::List(c.topics.iter().map(|t| t.id.as_str()).collect())
    }),
    ("response", Some("response"), |c| {
        Cell::OptStr(c.response.as_deref())
    }),
    ("notes_html", Some("notes"), |c| Cell::Str(&c.notes_html)),
    // The key of the route to use when this one is closed, when it is in the build.
    ("out_of_hours", Some("out_of_hours"), |c| {
        Cell::OptStr(c.out_of_hours.as_ref().and_then(|o| o.key.as_deref()))
    }),
    ("visibility", Some("visibility"), |c| {
        Cell::Visibility(c.visibility)
    }),
    // Who may use it, in Markdown as written, and `ages` as written (`0-17`).
    ("eligibility", Some("eligibility"), |c| {
        Cell::OptStr(c.eligibility.as_deref())
    }),
    ("ages", Some("ages"), |c| Cell::OptStr(c.ages.as_deref())),
];

/// The columns of `contacts.csv`, in order: header, source key, cell.
#[allow(clippy::type_complexity)]
pub(crate) const ROUTE_CSV: &[(&str, Key, fn(&ContactView) -> String)] = &[
    ("agency_id", None, |c| c.agency.id.clone()),
    ("agency", None, |c| c.agency.name.clone()),
    ("route_id", Some("id"), |c| c.id.clone()),
    ("purpose", Some("purpose"), |c| c.purpose.clone()),
    ("audience", Some("audience"), |c| c.audience.join("; ")),
    ("urgency", Some("urgency"), |c| c.urgency.to_owned()),
    ("channel", Some("channel"), |c| c.channel.to_owned()),
    ("value", Some("value"), |c| c.value.clone()),
    ("hours", Some("hours"), |c| c.hours.join("; ")),
    ("bank_holidays", Some("bank_holidays"), |c| {
        if c.bank_holidays_open {
            "open"
        } else {
            "closed"
        }
        .to_owned()
    }),
    ("topics", Some("topics"), |c| {
        let ids: Vec<&str> = c.topics.iter().map(|t| t.id.as_str()).collect();
        ids.join("; ")
    }),
    ("team", Some("team"), |c| c.team.clone().unwrap_or_default()),
    ("response", Some("response"), |c| {
        c.response.clone().unwrap_or_default()
    }),
    // The route to use when this one is closed: its name and value.
    ("out_of_hours", Some("out_of_hours"), |c| {
        (c.out_of_hours.as_ref())
            .map(|o| match &o.value {
                Some(v) => format!("{} ({v})", o.name),
                None => o.name.clone(),
            })
            .unwrap_or_default()
    }),
    ("visibility", Some("visibility"), |c| {
        if c.visibility == Visibility::Public {
            "public"
        } else {
            "internal"
        }
        .to_owned()
    }),
    ("eligibility", Some("eligibility"), |c| {
        c.eligibility.clone().unwrap_or_default()
    }),
    ("ages", Some("ages"), |c| c.ages.clone().unwrap_or_default()),
];

/// Keys an export leaves out on purpose: key, export, why (read by the test
/// below, and by people adding a field).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) const ROUTE_LEFT_OUT: &[(&str, &str, &str)] = &[
    (
        "external_id",
        "directory.json",
        "the route's id in another directory, kept for the next import; the Open Referral export (data/hsds/) is where ids are exchanged",
    ),
    (
        "external_id",
        "contacts.csv",
        "the route's id in another directory, kept for the next import; not a column people read",
    ),
    (
        "notes",
        "contacts.csv",
        "Markdown prose does not fit a spreadsheet cell; directory.json has it as notes_html",
    ),
    (
        "exceptions",
        "directory.json",
        "dated changes to the hours are shown on the pages and used by \"open now\"; not yet exported",
    ),
    (
        "exceptions",
        "contacts.csv",
        "dated changes to the hours are shown on the pages and used by \"open now\"; not yet exported",
    ),
];

/// A route as `directory.json` writes it: the members of [`ROUTE_JSON`].
pub(crate) struct JsonRoute<'a>(pub(crate) &'a ContactView);

impl Serialize for JsonRoute<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(ROUTE_JSON.len()))?;
        for (name, _, value) in ROUTE_JSON {
            map.serialize_entry(name, &value(self.0))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `export` shows `key`, or leaves it out on purpose.
    fn covered(key: &str, export: &str, sources: &[Key]) -> bool {
        sources.contains(&Some(key))
            || ROUTE_LEFT_OUT
                .iter()
                .any(|(k, e, _)| *k == key && *e == export)
    }

    #[test]
    fn every_route_key_the_loader_reads_is_in_each_export_or_left_out_on_purpose() {
        let json: Vec<Key> = ROUTE_JSON.iter().map(|(_, k, _)| *k).collect();
        let csv: Vec<Key> = ROUTE_CSV.iter().map(|(_, k, _)| *k).collect();
        for key in crate::load::declare::CONTACT.keys() {
            assert!(
                covered(key, "directory.json", &json),
                "`{key}` of a contact route is in neither ROUTE_JSON nor ROUTE_LEFT_OUT \
                 (src/render/fields.rs): say how directory.json shows it, or why not"
            );
            assert!(
                covered(key, "contacts.csv", &csv),
                "`{key}` of a contact route is in neither ROUTE_CSV nor ROUTE_LEFT_OUT \
                 (src/render/fields.rs): say how contacts.csv shows it, or why not"
            );
        }
    }

    #[test]
    fn every_declared_source_is_a_key_the_loader_reads() {
        let sources = (ROUTE_JSON.iter().map(|(_, k, _)| *k))
            .chain(ROUTE_CSV.iter().map(|(_, k, _)| *k))
            .flatten()
            .chain(ROUTE_LEFT_OUT.iter().map(|(k, _, _)| *k));
        for key in sources {
            assert!(
                crate::load::declare::CONTACT.keys().contains(&key),
                "`{key}` is not a route key"
            );
        }
    }
}
