//! Data for comms teams and other tools: `data/directory.json` (the resolved
//! directory this build included), three CSV spreadsheets, the shadowing
//! calendar (`shadowing/calendar.ics`) and `sitemap.xml`.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use icalendar::{Calendar, Component, EventLike};
use serde::Serialize;

use super::directory::Directory;
use super::glossary_links::strip_markers;
use crate::model::{Content, Date};

/// The JSON export's format version; raise it when a field changes meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// The JSON export: each record once, pointing at others by id (the pages
/// repeat records where people need them; the data does not).
#[derive(Serialize)]
struct JsonExport<'a> {
    schema_version: u32,
    generator: &'static str,
    site: &'a super::directory::SiteView,
    agencies: &'a [super::directory::AgencyView],
    topics: Vec<TopicExport<'a>>,
    glossary: &'a [super::directory::TermView],
    offers: &'a [super::directory::OfferView],
    pages: Vec<PageExport<'a>>,
}

#[derive(Serialize)]
struct TopicExport<'a> {
    id: &'a str,
    url: &'a str,
    name: &'a str,
    description_html: &'a str,
    aka: &'a [String],
    parent: Option<&'a str>,
    children: Vec<&'a str>,
    /// Agency id → its strongest role (lead, joint, support, signpost).
    roles: &'a std::collections::BTreeMap<String, crate::model::Role>,
    /// Area ids with no lead or joint.
    gap_areas: Vec<&'a str>,
    /// Area ids with more than one lead.
    overlap_areas: Vec<&'a str>,
    /// Contact route references (`agency/route`), most urgent first.
    routes: Vec<&'a str>,
}

#[derive(Serialize)]
struct PageExport<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    html: &'a str,
    order: Option<i64>,
    induction: Option<i64>,
    visibility: crate::model::Visibility,
}

/// `data/directory.json`: the directory as this build included it.
pub fn directory_json(dir: &Directory) -> Result<String, String> {
    let export = JsonExport {
        schema_version: SCHEMA_VERSION,
        generator: "joinedup",
        site: &dir.site,
        agencies: &dir.agencies,
        topics: dir
            .topics
            .iter()
            .map(|t| TopicExport {
                id: &t.id,
                url: &t.url,
                name: &t.name,
                description_html: &t.description_html,
                aka: &t.aka,
                parent: t.parent.as_ref().map(|p| p.id.as_str()),
                children: t.children.iter().map(|c| c.id.as_str()).collect(),
                roles: &t.roles,
                gap_areas: t
                    .by_area
                    .iter()
                    .filter(|a| a.gap)
                    .map(|a| a.area.id.as_str())
                    .collect(),
                overlap_areas: t
                    .by_area
                    .iter()
                    .filter(|a| a.overlap)
                    .map(|a| a.area.id.as_str())
                    .collect(),
                routes: t.routes.iter().map(String::as_str).collect(),
            })
            .collect(),
        glossary: &dir.glossary,
        offers: &dir.offers,
        pages: dir
            .pages
            .iter()
            .map(|p| PageExport {
                id: &p.id,
                url: &p.url,
                title: &p.title,
                html: &p.html,
                order: p.order,
                induction: p.induction,
                visibility: p.visibility,
            })
            .collect(),
    };
    let text =
        serde_json::to_string(&export).map_err(|e| format!("cannot write directory.json: {e}"))?;
    Ok(strip_markers(&text))
}

fn csv_text(header: &[&str], rows: Vec<Vec<String>>) -> Result<String, String> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(header).map_err(|e| e.to_string())?;
    for row in rows {
        w.write_record(row.iter().map(|c| strip_markers(c)))
            .map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// `data/agencies.csv`.
pub fn agencies_csv(dir: &Directory) -> Result<String, String> {
    let rows = dir
        .agencies
        .iter()
        .map(|a| {
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
        })
        .collect();
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
    )
}

/// `data/contacts.csv`: every contact route.
pub fn contacts_csv(dir: &Directory) -> Result<String, String> {
    let rows = dir
        .agencies
        .iter()
        .flat_map(|a| a.contacts.iter())
        .map(|c| {
            vec![
                c.agency.id.clone(),
                c.agency.name.clone(),
                c.id.clone(),
                c.purpose.clone(),
                c.audience.join("; "),
                c.urgency.to_owned(),
                c.channel.to_owned(),
                c.value.clone(),
                c.hours.join("; "),
                if c.bank_holidays_open {
                    "open"
                } else {
                    "closed"
                }
                .to_owned(),
                c.topics
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                c.team.clone().unwrap_or_default(),
                c.response.clone().unwrap_or_default(),
                c.out_of_hours
                    .as_ref()
                    .map(|o| match &o.value {
                        Some(v) => format!("{} ({v})", o.name),
                        None => o.name.clone(),
                    })
                    .unwrap_or_default(),
                if c.visibility == crate::model::Visibility::Public {
                    "public"
                } else {
                    "internal"
                }
                .to_owned(),
            ]
        })
        .collect();
    csv_text(
        &[
            "agency_id",
            "agency",
            "route_id",
            "purpose",
            "audience",
            "urgency",
            "channel",
            "value",
            "hours",
            "bank_holidays",
            "topics",
            "team",
            "response",
            "out_of_hours",
            "visibility",
        ],
        rows,
    )
}

/// `data/glossary.csv`: definitions as their Markdown source.
pub fn glossary_csv(dir: &Directory, content: &Content) -> Result<String, String> {
    let rows = dir
        .glossary
        .iter()
        .map(|t| {
            let source = content
                .glossary
                .iter()
                .find(|g| g.id.value == t.id)
                .map(|g| g.definition.value.trim().to_owned())
                .unwrap_or_default();
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
        })
        .collect();
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
    )
}

/// `shadowing/calendar.ics`: one all-day event per dated offer date.
pub fn calendar(dir: &Directory, today: Date) -> String {
    let stamp = Utc.from_utc_datetime(&today.0.and_time(NaiveTime::MIN));
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new(
        "PRODID",
        "-//joinedup//shadowing calendar//EN",
    ));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name(&format!("{}: shadowing offers", dir.site.title));
    for offer in &dir.offers {
        for date in &offer.dates {
            let Ok(day) = NaiveDate::parse_from_str(date, "%Y-%m-%d") else {
                continue;
            };
            let mut event = icalendar::Event::new();
            event
                .uid(&format!("{}-{date}@joinedup", offer.id))
                .timestamp(stamp)
                .summary(&format!(
                    "Shadowing: {} ({})",
                    offer.title, offer.agency.name
                ))
                .starts(day)
                .ends(day.succ_opt().unwrap_or(day));
            let mut description = format!("{}. Apply: {}", offer.title, offer.apply.name);
            if let Some(v) = &offer.apply.value {
                description.push_str(&format!(" ({v})"));
            }
            if offer.closed {
                description.push_str(". This offer is closed.");
            }
            event.description(&strip_markers(&description));
            if let Some(location) = &offer.location {
                event.location(location);
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
pub fn sitemap(base: &str, paths: &[String]) -> String {
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
