//! Data for comms teams and other tools: `data/directory.json` (the resolved
//! directory this build included), three CSV spreadsheets, the shadowing
//! calendar (`shadowing/calendar.ics`) and `sitemap.xml`.

use std::collections::HashMap;
use std::io::Write;

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike};

use super::directory::Directory;
use super::fields::{csv_header, csv_row};
use crate::model::{Content, Date};

/// A spreadsheet: UTF-8 with a byte-order mark (so that Excel reads it as
/// UTF-8), CRLF line ends, and every cell that a spreadsheet would take for a
/// formula neutralised. Written row by row as the rows are made: the routes'
/// rows of a big site, made whole first, were tens of MiB.
fn csv_text(
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
    out: &mut dyn Write,
) -> Result<(), String> {
    out.write_all("\u{feff}".as_bytes())
        .map_err(|e| e.to_string())?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(header).map_err(|e| e.to_string())?;
    for row in rows {
        w.write_record(row.iter().map(|c| not_a_formula(c)))
            .map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

/// Whether a spreadsheet would run this cell as a formula (or a DDE command):
/// it starts with `=`, `+`, `-`, `@`, a tab or a carriage return.
pub(crate) fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// A cell that a spreadsheet shows as text, never runs: one that looks like a
/// formula gets a leading apostrophe, as OWASP advises for CSV injection.
fn not_a_formula(cell: &str) -> String {
    if looks_like_formula(cell) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// `data/agencies.csv`.
pub(crate) fn agencies_csv(dir: &Directory, out: &mut dyn Write) -> Result<(), String> {
    let rows = dir.agencies.iter().map(|a| {
        vec![
            a.id.clone(),
            a.name.clone(),
            a.abbreviation.clone().unwrap_or_default(),
            a.type_id.to_owned(),
            a.areas
                .iter()
                .map(|x| x.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            a.summary.clone(),
            a.website.clone().unwrap_or_default(),
            a.teams
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            a.review.owner.clone(),
            a.review.last_reviewed.clone(),
            a.review.due.clone(),
            if a.review.stale { "yes" } else { "no" }.to_owned(),
            a.visibility_word().to_owned(),
            a.url.clone(),
        ]
    });
    csv_text(
        &[
            "id",
            "name",
            "abbreviation",
            "type",
            "areas",
            "summary",
            "website",
            "teams",
            "review_owner",
            "last_reviewed",
            "review_due",
            "stale",
            "visibility",
            "page",
        ],
        rows,
        out,
    )
}

/// `data/contacts.csv`: every contact route, one column per entry of
/// `fields::ROUTE_CSV` (its details: one each).
pub(crate) fn contacts_csv(dir: &Directory, out: &mut dyn Write) -> Result<(), String> {
    let rows = (dir.agencies.iter())
        .flat_map(|a| a.contacts.iter())
        .map(csv_row);
    let header = csv_header();
    csv_text(&header, rows, out)
}

/// `data/glossary.csv`: definitions as their Markdown source.
pub(crate) fn glossary_csv(
    dir: &Directory,
    content: &Content,
    out: &mut dyn Write,
) -> Result<(), String> {
    let sources: HashMap<&str, &str> = content
        .glossary
        .iter()
        .map(|g| (g.id.value.as_str(), g.definition.value.trim()))
        .collect();
    let rows = dir.glossary.iter().map(|t| {
        let source = sources
            .get(t.id.as_str())
            .copied()
            .unwrap_or_default()
            .to_owned();
        vec![
            t.id.clone(),
            t.term.clone(),
            t.abbreviation.clone().unwrap_or_default(),
            source,
            t.aka.join("; "),
            t.used_by
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            t.see_also
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>()
                .join("; "),
        ]
    });
    csv_text(
        &[
            "id",
            "term",
            "abbreviation",
            "definition",
            "aka",
            "used_by",
            "see_also",
        ],
        rows,
        out,
    )
}

/// Calendar text with no control characters: a line break is kept as one
/// (which the calendar writer escapes as `\\n`); a carriage return or any other
/// control character, which a lenient reader could take for the end of a
/// line and so for injected properties or events, becomes a space.
fn ics_text(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect()
}

/// `shadowing/calendar.ics`: one all-day event per dated offer date.
pub(crate) fn calendar(dir: &Directory, today: Date) -> String {
    let stamp = Utc.from_utc_datetime(&today.0.and_time(NaiveTime::MIN));
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new(
        "PRODID",
        "-//joinedup//shadowing calendar//EN",
    ));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name(&ics_text(&format!("{}: shadowing offers", dir.site.title)));
    for offer in &dir.offers {
        for date in &offer.dates {
            let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                continue;
            };
            let mut event = icalendar::Event::new();
            event
                .uid(&format!("{}-{date}@joinedup", offer.id))
                .timestamp(stamp)
                .summary(&ics_text(&format!(
                    "Shadowing: {} ({})",
                    offer.title, offer.agency.name
                )))
                .starts(day)
                .ends(day.succ_opt().unwrap_or(day));
            let mut description = format!("{}. Apply: {}", offer.title, offer.apply.name);
            if let Some(v) = &offer.apply.value {
                description.push_str(&format!(" ({v})"));
            }
            if offer.closed {
                description.push_str(". This offer is closed.");
            }
            event.description(&ics_text(&description));
            if let Some(location) = &offer.location {
                event.location(&ics_text(location));
            }
            if let Some(base) = &dir.site.base_url {
                event.url(&format!("{base}{}", offer.url));
            }
            cal.push(event.done());
        }
    }
    cal.done().to_string()
}

/// `sitemap.xml`: every page's address under `base_url`.
pub(crate) fn sitemap(base: &str, paths: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for p in paths {
        let url = format!("{base}{}", p.strip_suffix("index.html").unwrap_or(p));
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            super::markdown::escape(&url)
        ));
    }
    out.push_str("</urlset>\n");
    out
}
