//! Opening hours across the year: bank holidays by nation, the site's
//! closures, routes' exceptions; the build's answer to "open now" against the
//! page script's; hours in plain English; and kind errors for the new keys.

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use chrono::{Duration, NaiveDate};
use common::{Site, TODAY, build_ok, example};
use joinedup::model::Date;
use joinedup::model::schedule::{Calendar, RouteHours};

fn fixture_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What a built page gives the script: each nation's closed days (from the
/// script tag) and each route line's attributes, by `agency/route`.
struct PageData {
    calendar: BTreeMap<String, String>,
    routes: Vec<(String, BTreeMap<String, String>)>,
}

fn attributes(tag: &str) -> BTreeMap<String, String> {
    let re = regex::Regex::new(r#"([a-z-]+)="([^"]*)""#).expect("regex");
    re.captures_iter(tag)
        .map(|c| (c[1].to_owned(), c[2].replace("&amp;", "&")))
        .collect()
}

fn page_data(html: &str) -> PageData {
    let script = regex::Regex::new(r#"<script src="[^"]*assets/site.js"[^>]*>"#).expect("regex");
    let tag = script.find(html).expect("the page loads site.js").as_str();
    let calendar = attributes(tag)
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix("data-bank-").map(|n| (n.to_owned(), v)))
        .collect();
    let line = regex::Regex::new(
        r#"(<li class="route"[^>]*>)\s*<a class="purpose" href="[^"]*agencies/([a-z0-9-]+)/index.html#route-([a-z0-9-]+)""#,
    )
    .expect("regex");
    let routes = line
        .captures_iter(html)
        .map(|c| (format!("{}/{}", &c[2], &c[3]), attributes(&c[1])))
        .collect();
    PageData { calendar, routes }
}

fn date(s: &str) -> NaiveDate {
    Date::parse(s).expect("date").0
}

/// Builds `content`, then asks the build's rules and the page script whether
/// every route is open at several hundred instants around the year, and
/// compares. Returns how many checks were made.
fn script_agrees_with_the_build(content: &Path) -> usize {
    let out = tempfile::tempdir().expect("temp dir");
    let site_dir = out.path().join("site");
    build_ok(content, &site_dir, &[]);
    let html = fs::read_to_string(site_dir.join("contacts/index.html")).expect("route finder");
    let data = page_data(&html);

    let loaded = joinedup::load::load(content).expect("load");
    let c = &loaded.content;
    let today = Date::parse(TODAY).expect("today");
    let calendar = Calendar::new(c.site.as_ref(), today);

    // Days: every dated rule's day and the days either side, and every fifth
    // day of the window; minutes: edges of common opening times and a few more.
    let mut days: Vec<NaiveDate> = Vec::new();
    let mut day = today.0 - Duration::days(1);
    while day <= calendar.last {
        let ruled = ["e", "s", "n"].iter().any(|n| {
            data.calendar.get(*n).is_some_and(|d| {
                let key = day.format("%Y%m%d").to_string();
                let next = (day + Duration::days(1)).format("%Y%m%d").to_string();
                let prev = (day - Duration::days(1)).format("%Y%m%d").to_string();
                d.contains(&key) || d.contains(&next) || d.contains(&prev)
            })
        });
        if ruled || (day - today.0).num_days() % 5 == 0 {
            days.push(day);
        }
        day += Duration::days(1);
    }
    for extra in [
        "2026-12-29",
        "2026-12-31",
        "2027-01-01",
        "2027-01-02",
        "2027-01-03",
    ] {
        days.push(date(extra));
    }
    let minutes: [u16; 14] = [
        0, 59, 60, 119, 120, 539, 540, 600, 719, 720, 779, 1019, 1080, 1439,
    ];

    let mut routes_json = Vec::new();
    let mut schedules = Vec::new();
    for (key, attrs) in &data.routes {
        let (agency_id, route_id) = key.split_once('/').expect("agency/route");
        let agency = c
            .agencies
            .iter()
            .find(|a| a.id.value == agency_id)
            .expect("agency");
        let route = agency
            .contacts
            .iter()
            .find(|r| r.id.value == route_id)
            .expect("route");
        schedules.push(RouteHours::new(c.site.as_ref(), agency, route));
        routes_json.push(serde_json::json!({
            "hours": attrs.get("data-hours"),
            "bank": attrs.get("data-bank"),
            "bankOpen": attrs.get("data-bank-open"),
            "except": attrs.get("data-except"),
        }));
    }
    assert!(!schedules.is_empty(), "no routes found on the route finder");

    let mut checks = Vec::new();
    let mut expected = String::new();
    for (i, s) in schedules.iter().enumerate() {
        for d in &days {
            for m in minutes {
                use chrono::Datelike;
                checks.push(serde_json::json!([
                    i,
                    d.year(),
                    d.month(),
                    d.day(),
                    m / 60,
                    m % 60
                ]));
                expected.push(if s.is_open(&calendar, *d, m) {
                    '1'
                } else {
                    '0'
                });
            }
        }
    }
    let job = out.path().join("job.json");
    fs::write(
        &job,
        serde_json::json!({"calendar": data.calendar, "routes": routes_json, "checks": checks})
            .to_string(),
    )
    .expect("write job");
    let run = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/open-at.js"))
        .arg(&job)
        .env("TZ", "UTC")
        .output()
        .expect("run node (the page script is checked with Node.js; install it)");
    assert!(
        run.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let got = String::from_utf8_lossy(&run.stdout).into_owned();
    assert_eq!(got.len(), expected.len(), "one answer per check");
    let per_route = days.len() * minutes.len();
    let wrong: Vec<String> = got
        .chars()
        .zip(expected.chars())
        .enumerate()
        .filter(|(_, (g, e))| g != e)
        .take(10)
        .map(|(i, (g, e))| {
            let route = &data.routes[i / per_route].0;
            let d = days[(i % per_route) / minutes.len()];
            let m = minutes[i % minutes.len()];
            format!(
                "{route} on {d} at {:02}:{:02}: script {g}, build {e}",
                m / 60,
                m % 60
            )
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "the script and the build disagree:\n{}",
        wrong.join("\n")
    );
    // Both answers occur: the comparison is not of two constant answers.
    assert!(expected.contains('0') && expected.contains('1'));
    expected.len()
}

#[test]
fn the_page_script_agrees_with_the_build_on_the_example() {
    let n = script_agrees_with_the_build(&example());
    eprintln!("{n} checks agree");
    assert!(n > 10_000, "{n} checks");
}

#[test]
fn the_page_script_agrees_with_the_build_across_three_nations() {
    let n = script_agrees_with_the_build(&fixture_path("holidays"));
    eprintln!("{n} checks agree");
    assert!(n > 1_000, "{n} checks");
}

/// Whether `agency/route` of a content folder is open at a date and time,
/// by the build's rules.
fn open(content: &Path, route: &str, day: &str, hh: u16, mm: u16) -> bool {
    let loaded = joinedup::load::load(content).expect("load");
    let c = &loaded.content;
    assert!(
        loaded.findings.is_empty(),
        "the content has findings: {:?}",
        loaded.findings
    );
    let (a, r) = route.split_once('/').expect("agency/route");
    let agency = c.agencies.iter().find(|x| x.id.value == a).expect("agency");
    let route = agency
        .contacts
        .iter()
        .find(|x| x.id.value == r)
        .expect("route");
    let calendar = Calendar::new(c.site.as_ref(), Date::parse(TODAY).expect("today"));
    RouteHours::new(c.site.as_ref(), agency, route).is_open(&calendar, date(day), hh * 60 + mm)
}

#[test]
fn fixed_dates_in_the_example() {
    let ex = example();
    let office = "northshire-county-council/mash-referral"; // mon-thu 08:45-17:00, fri 08:45-16:30
    let nights = "northshire-county-council/out-of-hours-social-care";
    // Christmas Day 2026 (a Friday) and Boxing Day's substitute, Monday 28th.
    assert!(!open(&ex, office, "2026-12-25", 10, 0));
    assert!(!open(&ex, office, "2026-12-28", 10, 0));
    assert!(open(&ex, office, "2026-12-29", 10, 0));
    // The out-of-hours line, open on bank holidays, keeps its Sunday hours (all day).
    assert!(open(&ex, nights, "2026-12-25", 10, 0));
    assert!(!open(&ex, nights, "2026-12-24", 10, 0));
    // Christmas Eve: closed from midday (site.yaml's closures).
    assert!(open(&ex, office, "2026-12-24", 11, 59));
    assert!(!open(&ex, office, "2026-12-24", 14, 0));
    // Easter Monday 2027.
    assert!(!open(&ex, office, "2027-03-29", 10, 0));
    // The foodbank's exceptions: mornings only 29-31 December, closed 2 January.
    let food = "kingsmouth-foodbank/distribution-centres"; // mon,wed,fri 11-14, tue 17-19, sat 10-12
    assert!(open(&ex, food, "2026-12-29", 10, 30));
    assert!(!open(&ex, food, "2026-12-29", 17, 30));
    assert!(!open(&ex, food, "2027-01-02", 10, 30));
    assert!(open(&ex, food, "2027-01-09", 10, 30));
}

#[test]
fn fixed_dates_across_three_nations() {
    let f = fixture_path("holidays");
    // Easter Monday 2027 is a bank holiday in England and Northern Ireland, not Scotland.
    assert!(!open(&f, "carlisle-advice/office", "2027-03-29", 10, 0));
    assert!(open(&f, "dumfries-advice/office", "2027-03-29", 10, 0));
    assert!(!open(&f, "newry-advice/office", "2027-03-29", 10, 0));
    // St Andrew's Day, Monday 30 November 2026: Scotland only.
    assert!(!open(&f, "dumfries-advice/office", "2026-11-30", 10, 0));
    assert!(open(&f, "carlisle-advice/office", "2026-11-30", 10, 0));
    // The Battle of the Boyne, Monday 12 July 2027: Northern Ireland only.
    assert!(!open(&f, "newry-advice/office", "2027-07-12", 10, 0));
    assert!(open(&f, "carlisle-advice/office", "2027-07-12", 10, 0));
    // Summer bank holiday: first Monday of August in Scotland, last elsewhere.
    assert!(!open(&f, "dumfries-advice/office", "2027-08-02", 10, 0));
    assert!(open(&f, "dumfries-advice/office", "2027-08-30", 10, 0));
    assert!(!open(&f, "carlisle-advice/office", "2027-08-30", 10, 0));
    // A route of an agency across England and Scotland keeps the site's
    // holidays; one of its team in Dumfries keeps Scotland's.
    assert!(!open(&f, "border-advice/office", "2027-03-29", 10, 0));
    assert!(open(&f, "border-advice/scottish-desk", "2027-03-29", 10, 0));
    assert!(!open(
        &f,
        "border-advice/scottish-desk",
        "2026-11-30",
        10,
        0
    ));
    // A 24/7 route that closes on bank holidays closes all Christmas Day.
    assert!(!open(
        &f,
        "border-advice/around-the-clock",
        "2026-12-25",
        0,
        30
    ));
    assert!(open(
        &f,
        "border-advice/around-the-clock",
        "2026-12-24",
        23,
        59
    ));
    // The night line: Christmas Eve's night runs into Christmas morning? No:
    // a bank holiday closes the whole day.
    assert!(!open(&f, "carlisle-advice/evenings", "2026-12-25", 1, 0));
    assert!(open(&f, "carlisle-advice/evenings", "2026-12-24", 23, 0));
    // Saturday morning after Friday night's line: carries on past midnight.
    assert!(open(&f, "carlisle-advice/evenings", "2026-11-28", 1, 30));
}

#[test]
fn hours_read_in_plain_english_with_coming_changes() {
    let site = Site::minimal();
    site.edit(
        "site.yaml",
        "review_period_months: 12\n",
        "review_period_months: 12\nclosures:\n  - date: 2026-12-24\n    from: \"12:00\"\n    note: Offices close at midday.\n",
    );
    site.edit(
        "agencies/alpha-council.yaml",
        "    out_of_hours: emergency-duty-team\n",
        "    out_of_hours: emergency-duty-team\n    exceptions:\n      - from: 2026-12-29\n        to: 2026-12-31\n        hours: closed\n        note: Use the out-of-hours team.\n      - from: 2027-01-14\n        hours: [09:00-12:00]\n",
    );
    let out = tempfile::tempdir().expect("temp dir");
    build_ok(site.path(), out.path(), &[]);
    let page = fs::read_to_string(out.path().join("agencies/alpha-council/index.html"))
        .expect("agency page");
    for said in [
        "Monday to Thursday, 8:45am to 5pm; Friday, 8:45am to 4:30pm. Closed on bank holidays.",
        "Closes at midday on 24 December 2026: Offices close at midday.",
        "Closed 29 to 31 December 2026: Use the out-of-hours team.",
        "Open 9am to midday only, on 14 January 2027.",
    ] {
        assert!(page.contains(said), "the agency page does not say {said:?}");
    }
    let police = fs::read_to_string(out.path().join("agencies/beta-police/index.html"))
        .expect("agency page");
    assert!(police.contains(">24 hours a day, 7 days a week.</dd>"));
    // No hours as written, and nothing run together in brackets.
    assert!(!page.contains("mon-thu 08:45-17:00"));
    assert!(!page.contains("(closed on bank holidays)"));
    // The data the script reads.
    assert!(page.contains(r#"data-except="20261229-20261231x 20270114=540-720""#));
    assert!(page.contains(r#"data-bank-e="20261224@720 20261225b 20261228b"#));
}

#[test]
fn the_new_keys_are_checked_with_places_and_suggestions() {
    let site = Site::minimal();
    site.edit(
        "site.yaml",
        "review_period_months: 12\n",
        "review_period_months: 12\nbank_holidays: scotlnd\nextra_bank_holidays: [2027-02-30]\nclosures:\n  - date: 2026-12-24\n    form: \"12:00\"\n  - date: 2026-12-31\n    from: \"noon\"\n",
    );
    site.edit(
        "site.yaml",
        "    name: South\n",
        "    name: South\n    bank_holiday: scotland\n",
    );
    site.edit(
        "agencies/alpha-council.yaml",
        "    out_of_hours: emergency-duty-team\n",
        "    out_of_hours: emergency-duty-team\n    exceptions:\n      - from: 2026-12-29\n        to: 2026-12-27\n        hours: closed\n      - from: 2027-01-14\n        hours: clsed\n      - from: 2027-01-15\n        hours: [mon 09:00-12:00]\n      - to: 2027-01-16\n        hours: closed\n",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(1), "{:#}", r.json);
    let find = |code: &str, needle: &str| -> serde_json::Value {
        r.with_code(code)
            .into_iter()
            .find(|f| f["message"].as_str().unwrap_or("").contains(needle))
            .cloned()
            .unwrap_or_else(|| panic!("no `{code}` saying {needle:?} in:\n{:#}", r.json))
    };
    let f = find("invalid-value", "`scotlnd`");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `scotland`"),
        "{f:#}"
    );
    assert_eq!(
        f["line"],
        site.line_of("site.yaml", "bank_holidays: scotlnd")
    );
    assert_eq!(f["column"], 16);
    let f = find("invalid-value", "2027-02-30");
    assert_eq!(f["line"], site.line_of("site.yaml", "extra_bank_holidays"));
    let f = find("unknown-key", "`form`");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `from`"),
        "{f:#}"
    );
    assert_eq!(f["line"], site.line_of("site.yaml", "form:"));
    let f = find("unknown-key", "`bank_holiday`");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `bank_holidays`")
    );
    let f = find("invalid-value", "bad `from`");
    assert_eq!(f["line"], site.line_of("site.yaml", "\"noon\""));
    assert!(f["hint"].as_str().unwrap_or("").contains("12:00"), "{f:#}");
    let alpha = "agencies/alpha-council.yaml";
    let f = find("invalid-value", "is before `from`");
    assert_eq!(f["file"], alpha);
    assert_eq!(f["line"], site.line_of(alpha, "to: 2026-12-27"));
    let f = find("invalid-value", "did you mean `closed`");
    assert_eq!(f["line"], site.line_of(alpha, "hours: clsed"));
    let f = find("invalid-value", "without days");
    assert_eq!(f["line"], site.line_of(alpha, "mon 09:00-12:00"));
    let f = find("missing-field", "has no `from`");
    assert!(f["hint"].as_str().unwrap_or("").contains("from:"), "{f:#}");
}
