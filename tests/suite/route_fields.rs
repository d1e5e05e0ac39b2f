//! Every declared field of a contact route, through every output. A route
//! that sets every field (`src/load/declare/agency.rs`, `CONTACT`) to a
//! distinctive value is built; each value must be on its card on the agency
//! page, in `directory.json`, in `contacts.csv` and in the search index where
//! its declaration (a detail's `Detail`) or the table below says, and absent
//! where they say it is left out. A detail must also reach the Open Referral
//! export where its declaration says and come back through `import hsds`.
//!
//! A new detail needs nothing here: its value is made from its shape. A new
//! typed field needs a row in [`TYPED`] (the test fails until it has one).

use crate::common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Site, TODAY, build_ok, files};
use joinedup::load::declare::{CONTACT, Detail, Field, Hsds, Shape};
use serde_json::Value;

const ALPHA: &str = "agencies/alpha-council.yaml";

/// A field that is not a detail: how the route sets it, and what each output
/// shows of it (`None`: nothing to look for).
struct Typed {
    key: &'static str,
    yaml: &'static str,
    page: Option<&'static str>,
    json: Option<&'static str>,
    csv: Option<&'static str>,
    search: Option<&'static str>,
}

const fn typed(
    key: &'static str,
    yaml: &'static str,
    [page, json, csv, search]: [Option<&'static str>; 4],
) -> Typed {
    Typed {
        key,
        yaml,
        page,
        json,
        csv,
        search,
    }
}

/// Every field of a route that is not a detail.
const TYPED: &[Typed] = &[
    typed(
        "id",
        "id: every-field",
        [
            Some(r#"id="route-every-field""#),
            Some(r#""id":"every-field""#),
            Some(",every-field,"),
            None,
        ],
    ),
    typed(
        "purpose",
        "purpose: Zqpurposex route",
        [
            Some("Zqpurposex route"),
            Some(r#""purpose":"Zqpurposex route""#),
            Some(",Zqpurposex route,"),
            Some("zqpurposex"),
        ],
    ),
    typed(
        "audience",
        "audience: [public]",
        [
            Some("For the public"),
            Some(r#""audience":["public"]"#),
            Some(",public,"),
            None,
        ],
    ),
    typed(
        "urgency",
        "urgency: routine",
        [
            Some(r#"data-urgency="routine""#),
            Some(r#""urgency":"routine""#),
            Some(",routine,"),
            None,
        ],
    ),
    typed(
        "channel",
        "channel: phone",
        [
            Some("Phone: "),
            Some(r#""channel":"phone""#),
            Some(",phone,"),
            None,
        ],
    ),
    typed(
        "value",
        "value: \"01632 960009\"",
        [
            Some("01632 960009"),
            Some(r#""value":"01632 960009""#),
            Some(",01632 960009,"),
            Some("01632960009"),
        ],
    ),
    typed(
        "hours",
        "hours: [mon-fri 09:00-17:00]",
        [
            Some("Monday to Friday, 9am to 5pm"),
            Some(r#""hours":["mon-fri 09:00-17:00"]"#),
            Some(",mon-fri 09:00-17:00,"),
            None,
        ],
    ),
    typed(
        "bank_holidays",
        "bank_holidays: open",
        [
            Some("Open on bank holidays"),
            Some(r#""bank_holidays_open":true"#),
            Some(",open,"),
            None,
        ],
    ),
    typed(
        "topics",
        "topics: [housing]",
        [
            Some("topics/housing/index.html"),
            Some(r#""topics":["housing"]"#),
            Some(",housing,"),
            None,
        ],
    ),
    typed(
        "team",
        "team: housing-options",
        [
            Some(r#"<p class="who">Housing Options</p>"#),
            Some(r#""team":"housing-options""#),
            Some(",Housing Options,"),
            None,
        ],
    ),
    typed(
        "out_of_hours",
        "out_of_hours: emergency-duty-team",
        [
            Some(r##"<dd class="ooh-to"><a href="#route-emergency-duty-team">"##),
            Some(r#""out_of_hours":"alpha-council/emergency-duty-team""#),
            Some(",Alpha Council: Urgent concerns out of hours (01632 960002),"),
            None,
        ],
    ),
    typed(
        "visibility",
        "visibility: public",
        [
            None,
            Some(r#""visibility":"public""#),
            Some(",public,"),
            None,
        ],
    ),
    typed(
        "exceptions",
        "exceptions:\n      - from: 2026-12-24\n        hours: closed\n        note: Zqexceptionsx",
        [
            Some("Closed 24 December 2026: Zqexceptionsx"),
            None,
            None,
            None,
        ],
    ),
    // Kept for the next import only.
    typed("external_id", "external_id: zqexternalidx", [None; 4]),
    typed(
        "eligibility",
        "eligibility: Zqeligibilityx in *Markdown*.",
        [
            Some("<p>Zqeligibilityx in <em>Markdown</em>.</p>"),
            Some(r#""eligibility":"Zqeligibilityx in *Markdown*.""#),
            Some(",Zqeligibilityx in *Markdown*.,"),
            Some("zqeligibilityx"),
        ],
    ),
    typed(
        "ages",
        "ages: 0-17",
        [
            Some(r#"<p class="ages">Under 18</p>"#),
            Some(r#""ages":"0-17""#),
            Some(",0-17"),
            None,
        ],
    ),
];

/// A detail's distinctive word (`Zqresponsex`): one token to search for.
fn word(field: &Field) -> String {
    format!("Zq{}x", field.key.replace('_', ""))
}

/// A detail's value in YAML, made from its shape; and the texts that show it
/// (a list: each item).
fn detail_value(field: &Field) -> (String, Vec<String>) {
    let w = word(field);
    match field.shape {
        Shape::Markdown => (format!("{w} in *Markdown*."), vec![w]),
        Shape::Many(_) => {
            // Ending in a consonant no stemmer takes off.
            let items = vec![format!("{w}k"), format!("{w}q")];
            (format!("[{}]", items.join(", ")), items)
        }
        _ => (format!("{w} text"), vec![format!("{w} text")]),
    }
}

/// The minimal fixture with one more route on Alpha Council, setting every
/// declared field.
fn site() -> Site {
    let site = Site::minimal();
    let mut route = String::new();
    for (i, t) in TYPED.iter().enumerate() {
        let dash = if i == 0 { "  - " } else { "    " };
        route.push_str(&format!("{dash}{}\n", t.yaml));
    }
    for (field, _) in CONTACT.details() {
        route.push_str(&format!("    {}: {}\n", field.key, detail_value(field).0));
    }
    site.edit(ALPHA, "review:\n", &format!("{route}review:\n"));
    site
}

/// The route's outputs: its card, its `directory.json` member (compact), the
/// CSV header and its row, and the search index.
struct Outputs {
    card: String,
    json: String,
    header: Vec<String>,
    row: String,
    search: String,
}

fn outputs(out: &Path) -> Outputs {
    let page =
        fs::read_to_string(out.join("agencies/alpha-council/index.html")).expect("agency page");
    let start = page
        .find(r#"id="route-every-field""#)
        .expect("the route's card on its agency's page");
    let end = start + page[start..].find("</article>").expect("end of the card");
    let dir: Value =
        serde_json::from_str(&fs::read_to_string(out.join("data/directory.json")).expect("json"))
            .expect("directory.json");
    let route = (dir["agencies"].as_array().expect("agencies").iter())
        .flat_map(|a| a["contacts"].as_array().expect("contacts"))
        .find(|c| c["id"] == "every-field")
        .expect("the route in directory.json");
    let csv = fs::read_to_string(out.join("data/contacts.csv")).expect("contacts.csv");
    let header = (csv
        .lines()
        .next()
        .expect("header")
        .trim_start_matches('\u{feff}'))
    .split(',')
    .map(str::to_owned)
    .collect();
    let row = (csv.lines())
        .find(|l| l.contains(",every-field,"))
        .expect("the route's row in contacts.csv")
        .to_owned();
    let search = (files(&out.join("search")).into_iter())
        .filter(|(rel, _)| rel.ends_with(".js"))
        .map(|(_, b)| String::from_utf8_lossy(&b).to_lowercase())
        .collect();
    Outputs {
        card: page[start..end].to_owned(),
        json: serde_json::to_string(route).expect("json"),
        header,
        row,
        search,
    }
}

#[test]
fn every_field_that_is_not_a_detail_has_a_row_here() {
    for f in CONTACT.fields.iter().filter(|f| f.detail.is_none()) {
        assert!(
            TYPED.iter().any(|t| t.key == f.key),
            "`{}` of a contact route is not a detail and has no row in TYPED \
             (tests/suite/route_fields.rs): say what each output shows of it",
            f.key
        );
    }
    for t in TYPED {
        assert!(
            CONTACT.field(t.key).is_some_and(|f| f.detail.is_none()),
            "`{}` in TYPED is not a typed route field",
            t.key
        );
    }
}

#[test]
fn every_declared_route_field_reaches_every_output_it_should() {
    let site = site();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    let o = outputs(&out);
    for t in TYPED {
        let key = t.key;
        for (want, text, what) in [
            (t.page, &o.card, "its card"),
            (t.json, &o.json, "directory.json"),
            (t.csv, &o.row, "contacts.csv"),
            (t.search, &o.search, "the search index"),
        ] {
            if let Some(want) = want {
                assert!(text.contains(want), "`{key}`: {what} lacks {want}:\n{text}");
            }
        }
    }
    assert!(!o.json.contains("zqexternalidx") && !o.row.contains("zqexternalidx"));
    for (field, d) in CONTACT.details() {
        details_reach_outputs(&o, field, d);
    }
}

/// One detail on the card (its label for a row), in `directory.json` under
/// its name, in its CSV column or not, in search or not, as declared.
fn details_reach_outputs(o: &Outputs, field: &Field, d: &Detail) {
    let key = field.key;
    let (_, shown) = detail_value(field);
    for text in &shown {
        assert!(o.card.contains(text.as_str()), "`{key}`: not on its card");
        assert!(
            o.json.contains(text.as_str()),
            "`{key}`: not in directory.json"
        );
        assert_eq!(
            o.row.contains(text.as_str()),
            d.csv,
            "`{key}`: in contacts.csv is not as declared (csv: {})",
            d.csv
        );
        let word = text.split(' ').next().unwrap_or("").to_lowercase();
        assert_eq!(
            o.search.contains(&format!("\"{word}\"")),
            d.search.is_some(),
            "`{key}`: in the search index is not as declared ({:?})",
            d.search
        );
    }
    if d.place == joinedup::load::declare::Place::Row {
        assert!(
            o.card.contains(&format!("<dt>{}</dt>", d.label)),
            "`{key}`: no row `{}` on its card",
            d.label
        );
    }
    let name = match field.shape {
        Shape::Markdown => format!("{key}_html"),
        _ => key.to_owned(),
    };
    assert!(
        o.json.contains(&format!("\"{name}\":")),
        "`{key}`: directory.json has no `{name}`"
    );
    assert_eq!(
        o.header.iter().any(|h| h == key),
        d.csv,
        "`{key}`: contacts.csv's columns are not as declared"
    );
}

#[test]
fn every_detail_goes_through_the_open_referral_export_and_back() {
    let site = site();
    let tmp = tempfile::tempdir().expect("temp dir");
    let (hsds, back) = (tmp.path().join("hsds"), tmp.path().join("back"));
    let run = |args: &[&str], from: &Path, to: &Path| {
        let r = Command::new(env!("CARGO_BIN_EXE_joinedup"))
            .args(args)
            .arg(from)
            .arg("--output")
            .arg(to)
            .args(["--today", TODAY])
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run joinedup");
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    };
    run(&["export", "hsds", "--content"], site.path(), &hsds);
    run(&["import", "hsds"], &hsds, &back);
    let services = (files(&hsds.join("services")).into_iter())
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect::<String>();
    let ext = fs::read_to_string(hsds.join("joinedup.json")).expect("joinedup.json");
    let agency = fs::read_to_string(back.join(ALPHA)).expect("the imported agency");
    for (field, d) in CONTACT.details() {
        let key = field.key;
        for text in detail_value(field).1 {
            let (home, what) = match d.hsds {
                Hsds::Service(p) => (&services, format!("the service's `{p}`")),
                Hsds::Extension => (&ext, "joinedup.json".to_owned()),
            };
            assert!(home.contains(&text), "`{key}`: not in {what}");
            assert!(
                agency.contains(&text),
                "`{key}`: not read back by `import hsds`:\n{agency}"
            );
        }
    }
}
