//! `data/directory.json`: the resolved directory as this build included it,
//! each record once, pointing at others by id (the pages repeat records where
//! people need them; the data does not). Documented in docs/data-export.md.

use serde::Serialize;

use super::directory::{
    AgencyView, Directory, LinkView, OfferView, OutOfHoursView, ReviewView, TermView,
};
use super::fields::JsonRoute;
use super::views::{AreaView, SiteView};
use crate::model::{Role, Visibility};

/// The JSON export's format version; raise it when a field changes meaning.
/// Version 2 refers to other records by id instead of copying their names and
/// addresses; version 3 names teams by id too and leaves out what can be worked
/// out from the rest (a route's `key`, the pages' `hours_data`).
pub(crate) const SCHEMA_VERSION: u32 = 3;

#[derive(Serialize)]
struct Export<'a> {
    schema_version: u32,
    generator: &'static str,
    site: &'a SiteView,
    agencies: Vec<Agency<'a>>,
    topics: Vec<Topic<'a>>,
    glossary: Vec<Term<'a>>,
    offers: Vec<Offer<'a>>,
    pages: Vec<Page<'a>>,
    /// Agreements, meetings and pathways.
    #[serde(flatten)]
    kinds: super::kinds::json::Export<'a>,
}

#[derive(Serialize)]
struct Agency<'a> {
    id: &'a str,
    url: &'a str,
    name: &'a str,
    abbreviation: Option<&'a str>,
    #[serde(rename = "type")]
    type_id: &'static str,
    summary: &'a str,
    description_html: &'a str,
    areas: Vec<&'a str>,
    website: Option<&'a str>,
    visibility: Visibility,
    teams: Vec<Team<'a>>,
    does: Vec<Does<'a>>,
    does_not: Vec<DoesNot<'a>>,
    contacts: Vec<JsonRoute<'a>>,
    offers: Vec<&'a str>,
    terms: Vec<&'a str>,
    review: &'a ReviewView,
}

#[derive(Serialize)]
struct Team<'a> {
    id: &'a str,
    name: &'a str,
    summary: &'a str,
    description_html: &'a str,
    areas: Vec<&'a str>,
    visibility: Visibility,
}

#[derive(Serialize)]
struct Does<'a> {
    topic: &'a str,
    role: Role,
    /// The team's id.
    team: Option<&'a str>,
    areas: Vec<&'a str>,
    detail_html: &'a str,
    /// Who may use it (Markdown, as written) and the ages as written (`0-17`).
    eligibility: Option<&'a str>,
    ages: Option<&'a str>,
}

#[derive(Serialize)]
struct DoesNot<'a> {
    topic: &'a str,
    detail_html: &'a str,
    /// An agency id or `agency/team`, when it is in this build.
    refer_to: Option<&'a str>,
}

#[derive(Serialize)]
struct Topic<'a> {
    id: &'a str,
    url: &'a str,
    name: &'a str,
    description_html: &'a str,
    aka: &'a [String],
    parent: Option<&'a str>,
    children: Vec<&'a str>,
    /// Agency id → its strongest role (lead, joint, support, signpost).
    roles: &'a std::collections::BTreeMap<String, Role>,
    /// Area ids with no lead or joint.
    gap_areas: Vec<&'a str>,
    /// Area ids with more than one lead.
    overlap_areas: Vec<&'a str>,
    /// Contact route references (`agency/route`), most urgent first.
    routes: &'a [String],
}

#[derive(Serialize)]
struct Term<'a> {
    id: &'a str,
    term: &'a str,
    abbreviation: Option<&'a str>,
    definition_html: &'a str,
    aka: &'a [String],
    used_by: Vec<&'a str>,
    see_also: Vec<&'a str>,
    clash: Option<&'a str>,
}

#[derive(Serialize)]
struct Offer<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    agency: &'a str,
    team: Option<&'a str>,
    description_html: &'a str,
    open_to: &'a [String],
    format: Option<&'static str>,
    duration: Option<&'a str>,
    dates: &'a [String],
    places: Option<u32>,
    location: Option<&'a str>,
    apply: Apply<'a>,
    closes: Option<&'a str>,
    closed: bool,
    visibility: Visibility,
}

#[derive(Serialize)]
struct Apply<'a> {
    /// A contact route reference, when that route is in this build.
    route: Option<&'a str>,
    value: Option<&'a str>,
    href: Option<&'a str>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    html: &'a str,
    order: Option<i64>,
    induction: Option<i64>,
    visibility: Visibility,
}

fn area_ids(areas: &[AreaView]) -> Vec<&str> {
    areas.iter().map(|a| a.id.as_str()).collect()
}

fn ids(links: &[LinkView]) -> Vec<&str> {
    links.iter().map(|l| l.id.as_str()).collect()
}

fn agency(a: &AgencyView) -> Agency<'_> {
    Agency {
        id: &a.id,
        url: &a.url,
        name: &a.name,
        abbreviation: a.abbreviation.as_deref(),
        type_id: a.type_id,
        summary: &a.summary,
        description_html: &a.description_html,
        areas: area_ids(&a.areas),
        website: a.website.as_deref(),
        visibility: a.visibility,
        teams: (a.teams.iter())
            .map(|t| Team {
                id: &t.id,
                name: &t.name,
                summary: &t.summary,
                description_html: &t.description_html,
                areas: area_ids(&t.areas),
                visibility: t.visibility,
            })
            .collect(),
        does: (a.does.iter())
            .map(|d| Does {
                topic: &d.topic.id,
                role: d.role,
                team: d.team_id.as_deref(),
                areas: area_ids(&d.areas),
                detail_html: &d.detail_html,
                eligibility: d.eligibility.as_deref(),
                ages: d.ages.as_deref(),
            })
            .collect(),
        does_not: (a.does_not.iter())
            .map(|d| DoesNot {
                topic: &d.topic.id,
                detail_html: &d.detail_html,
                refer_to: d.refer_to_id.as_deref(),
            })
            .collect(),
        contacts: a.contacts.iter().map(JsonRoute).collect(),
        offers: ids(&a.offers),
        terms: ids(&a.terms),
        review: &a.review,
    }
}

fn term(t: &TermView) -> Term<'_> {
    Term {
        id: &t.id,
        term: &t.term,
        abbreviation: t.abbreviation.as_deref(),
        definition_html: &t.definition_html,
        aka: &t.aka,
        used_by: ids(&t.used_by),
        see_also: ids(&t.see_also),
        clash: t.clash.as_deref(),
    }
}

fn apply(o: &OutOfHoursView) -> Apply<'_> {
    Apply {
        route: o.key.as_deref(),
        value: o.value.as_deref(),
        href: o.href.as_deref(),
    }
}

fn offer(o: &OfferView) -> Offer<'_> {
    Offer {
        id: &o.id,
        url: &o.url,
        title: &o.title,
        agency: &o.agency.id,
        team: o.team_id.as_deref(),
        description_html: &o.description_html,
        open_to: &o.open_to,
        format: o.format,
        duration: o.duration.as_deref(),
        dates: &o.dates,
        places: o.places,
        location: o.location.as_deref(),
        apply: apply(&o.apply),
        closes: o.closes.as_deref(),
        closed: o.closed,
        visibility: o.visibility,
    }
}

/// `data/directory.json`: the directory as this build included it.
pub(crate) fn directory_json(dir: &Directory, w: &mut dyn std::io::Write) -> Result<(), String> {
    let export = Export {
        schema_version: SCHEMA_VERSION,
        generator: "joinedup",
        site: &dir.site,
        agencies: dir.agencies.iter().map(|a| agency(a)).collect(),
        topics: (dir.topics.iter())
            .map(|t| Topic {
                id: &t.id,
                url: &t.url,
                name: &t.name,
                description_html: &t.description_html,
                aka: &t.aka,
                parent: t.parent.as_ref().map(|p| p.id.as_str()),
                children: ids(&t.children),
                roles: &t.roles,
                gap_areas: (t.by_area.iter())
                    .filter(|a| a.gap)
                    .map(|a| a.area.id.as_str())
                    .collect(),
                overlap_areas: (t.by_area.iter())
                    .filter(|a| a.overlap)
                    .map(|a| a.area.id.as_str())
                    .collect(),
                routes: &t.routes,
            })
            .collect(),
        glossary: dir.glossary.iter().map(term).collect(),
        offers: dir.offers.iter().map(offer).collect(),
        pages: (dir.pages.iter())
            .map(|p| Page {
                id: &p.id,
                url: &p.url,
                title: &p.title,
                html: &p.html,
                order: p.order,
                induction: p.induction,
                visibility: p.visibility,
            })
            .collect(),
        kinds: super::kinds::json::export(&dir.kinds),
    };
    // serde_json writes a few bytes at a time: through a buffer of its own
    // type, not one call through `dyn Write` each (which doubled its time).
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, w);
    serde_json::to_writer(&mut buffered, &export).map_err(|e| e.to_string())?;
    std::io::Write::flush(&mut buffered).map_err(|e| e.to_string())
}
