//! A contact route's fields as the data exports show them, declared once:
//! the members of a route in `directory.json` ([`ROUTE_JSON`]), the columns
//! of `contacts.csv` ([`ROUTE_CSV`]), each naming the content format's key it
//! comes from, and the keys an export leaves out on purpose, with why
//! ([`ROUTE_LEFT_OUT`]). A route's details (`response`, `notes`, …; see
//! `load::declare::Detail`) are not named here: [`Col::Details`] stands for
//! all of them, each shown as its declaration says. A test checks that every
//! key the loader reads for a route is in each export or left out on purpose,
//! so a new field cannot be forgotten by one output.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::directory::ContactView;
use crate::load::declare::{CONTACT, Field, Shape};
use crate::model::{DetailValue, Visibility};

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

/// One entry of an export's list: a named member or column, or the route's
/// details, all of them, in the order declared.
pub(crate) enum Col<F: 'static> {
    // The source key is read by the tests below.
    One(
        &'static str,
        #[cfg_attr(not(test), allow(dead_code))] Key,
        F,
    ),
    Details,
}

type JsonCell = for<'a> fn(&'a ContactView) -> Cell<'a>;
type CsvCell = fn(&ContactView) -> String;

/// A route's members in `directory.json`, in order: name, source key, value.
pub(crate) const ROUTE_JSON: &[Col<JsonCell>] = &[
    Col::One("id", Some("id"), |c| Cell::Str(&c.id)),
    Col::One("team", Some("team"), |c| Cell::OptStr(c.team_id.as_deref())),
    Col::One("purpose", Some("purpose"), |c| Cell::Str(&c.purpose)),
    Col::One("audience", Some("audience"), |c| {
        Cell::List(c.audience.clone())
    }),
    Col::One("urgency", Some("urgency"), |c| Cell::Str(c.urgency)),
    Col::One("channel", Some("channel"), |c| Cell::Str(c.channel)),
    Col::One("value", Some("value"), |c| Cell::Str(&c.value)),
    Col::One("href", None, |c| Cell::OptStr(c.href.as_deref())),
    Col::One("hours", Some("hours"), |c| {
        Cell::List(c.hours.iter().map(String::as_str).collect())
    }),
    Col::One("bank_holidays_open", Some("bank_holidays"), |c| {
        Cell::Bool(c.bank_holidays_open)
    }),
    Col::One("topics", Some("topics"), |c| {
        Cell::List(c.topics.iter().map(|t| t.id.as_str()).collect())
    }),
    // `response`, `notes_html`, …
    Col::Details,
    // The key of the route to use when this one is closed, when it is in the build.
    Col::One("out_of_hours", Some("out_of_hours"), |c| {
        Cell::OptStr(c.out_of_hours.as_ref().and_then(|o| o.key.as_deref()))
    }),
    Col::One("visibility", Some("visibility"), |c| {
        Cell::Visibility(c.visibility)
    }),
    // Who may use it, in Markdown as written, and `ages` as written (`0-17`).
    Col::One("eligibility", Some("eligibility"), |c| {
        Cell::OptStr(c.eligibility.as_deref())
    }),
    Col::One("ages", Some("ages"), |c| Cell::OptStr(c.ages.as_deref())),
];

/// The columns of `contacts.csv`, in order: header, source key, cell.
pub(crate) const ROUTE_CSV: &[Col<CsvCell>] = &[
    Col::One("agency_id", None, |c| c.agency.id.clone()),
    Col::One("agency", None, |c| c.agency.name.clone()),
    Col::One("route_id", Some("id"), |c| c.id.clone()),
    Col::One("purpose", Some("purpose"), |c| c.purpose.clone()),
    Col::One("audience", Some("audience"), |c| c.audience.join("; ")),
    Col::One("urgency", Some("urgency"), |c| c.urgency.to_owned()),
    Col::One("channel", Some("channel"), |c| c.channel.to_owned()),
    Col::One("value", Some("value"), |c| c.value.clone()),
    Col::One("hours", Some("hours"), |c| c.hours.join("; ")),
    Col::One("bank_holidays", Some("bank_holidays"), |c| {
        if c.bank_holidays_open {
            "open"
        } else {
            "closed"
        }
        .to_owned()
    }),
    Col::One("topics", Some("topics"), |c| {
        let ids: Vec<&str> = c.topics.iter().map(|t| t.id.as_str()).collect();
        ids.join("; ")
    }),
    Col::One("team", Some("team"), |c| c.team.clone().unwrap_or_default()),
    // `response`, …
    Col::Details,
    // The route to use when this one is closed: its name and value.
    Col::One("out_of_hours", Some("out_of_hours"), |c| {
        (c.out_of_hours.as_ref())
            .map(|o| match &o.value {
                Some(v) => format!("{} ({v})", o.name),
                None => o.name.clone(),
            })
            .unwrap_or_default()
    }),
    Col::One("visibility", Some("visibility"), |c| {
        if c.visibility == Visibility::Public {
            "public"
        } else {
            "internal"
        }
        .to_owned()
    }),
    Col::One("eligibility", Some("eligibility"), |c| {
        c.eligibility.clone().unwrap_or_default()
    }),
    Col::One("ages", Some("ages"), |c| c.ages.clone().unwrap_or_default()),
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
        let mut map = s.serialize_map(None)?;
        for col in ROUTE_JSON {
            match col {
                Col::One(name, _, value) => map.serialize_entry(name, &value(self.0))?,
                Col::Details => {
                    for (field, _) in CONTACT.details() {
                        map.serialize_entry(&json_name(field), &json_detail(self.0, field))?;
                    }
                }
            }
        }
        map.end()
    }
}

/// A detail's member in `directory.json`: its key, or `KEY_html` for Markdown.
pub(crate) fn json_name(field: &Field) -> String {
    match field.shape {
        Shape::Markdown => format!("{}_html", field.key),
        _ => field.key.to_owned(),
    }
}

/// A detail's value in `directory.json`: the text or `null`, a list, or
/// Markdown's HTML (`""` when there is none).
fn json_detail<'a>(c: &'a ContactView, field: &Field) -> Cell<'a> {
    let view = c.details.iter().find(|d| d.key == field.key);
    match (&field.shape, view) {
        (Shape::Markdown, v) => Cell::Str(v.map_or("", |d| &d.html)),
        (Shape::Many(_), v) => Cell::List(match v.map(|d| &d.value) {
            Some(DetailValue::List(items)) => items.iter().map(|t| t.value.as_str()).collect(),
            _ => Vec::new(),
        }),
        (_, v) => Cell::OptStr(v.and_then(|d| d.value.text()).map(|t| t.value.as_str())),
    }
}

/// The header of `contacts.csv`: the names of [`ROUTE_CSV`]'s columns.
pub(crate) fn csv_header() -> Vec<&'static str> {
    let mut header = Vec::new();
    for col in ROUTE_CSV {
        match col {
            Col::One(name, _, _) => header.push(*name),
            Col::Details => header.extend(csv_details().map(|f| f.key)),
        }
    }
    header
}

/// One route's row of `contacts.csv`.
pub(crate) fn csv_row(c: &ContactView) -> Vec<String> {
    let mut row = Vec::new();
    for col in ROUTE_CSV {
        match col {
            Col::One(_, _, cell) => row.push(cell(c)),
            Col::Details => row.extend(csv_details().map(|f| {
                (c.details.iter())
                    .find(|d| d.key == f.key)
                    .map(|d| d.value.written("; "))
                    .unwrap_or_default()
            })),
        }
    }
    row
}

/// The details with a column in `contacts.csv`, in the order declared.
fn csv_details() -> impl Iterator<Item = &'static Field> {
    CONTACT.details().filter(|(_, d)| d.csv).map(|(f, _)| f)
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

    /// The source keys of an export's list; its details count as theirs
    /// (`with_csv`: only those with a column).
    fn sources<F>(cols: &[Col<F>], csv: bool) -> Vec<Key> {
        let mut keys = Vec::new();
        for col in cols {
            match col {
                Col::One(_, key, _) => keys.push(*key),
                Col::Details => keys.extend(
                    (CONTACT.details())
                        .filter(|(_, d)| !csv || d.csv)
                        .map(|(f, _)| Some(f.key)),
                ),
            }
        }
        keys
    }

    #[test]
    fn every_route_key_the_loader_reads_is_in_each_export_or_left_out_on_purpose() {
        let json = sources(ROUTE_JSON, false);
        let csv = sources(ROUTE_CSV, true);
        for key in CONTACT.keys() {
            assert!(
                covered(key, "directory.json", &json),
                "`{key}` of a contact route is in neither ROUTE_JSON nor ROUTE_LEFT_OUT \
                 (src/render/fields.rs): say how directory.json shows it, or why not"
            );
            assert!(
                covered(key, "contacts.csv", &csv),
                "`{key}` of a contact route is in neither ROUTE_CSV nor ROUTE_LEFT_OUT \
                 (src/render/fields.rs): say how contacts.csv shows it, or why not \
                 (a detail: `csv: true` in its declaration)"
            );
        }
    }

    #[test]
    fn every_declared_source_is_a_key_the_loader_reads() {
        let sources = (sources(ROUTE_JSON, false).into_iter())
            .chain(sources(ROUTE_CSV, true))
            .flatten()
            .chain(ROUTE_LEFT_OUT.iter().map(|(k, _, _)| *k));
        for key in sources {
            assert!(CONTACT.keys().contains(&key), "`{key}` is not a route key");
        }
    }
}
