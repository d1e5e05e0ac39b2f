//! The three kinds in `data/directory.json` (docs/data-export.md): each record
//! once, pointing at agencies, teams, topics, routes and steps by id.

use serde::Serialize;

use super::KindsView;
use crate::model::Visibility;
use crate::render::directory::ReviewView;

#[derive(Serialize)]
pub struct Export<'a> {
    agreements: Vec<Agreement<'a>>,
    meetings: Vec<Meeting<'a>>,
    pathways: Vec<Pathway<'a>>,
}

#[derive(Serialize)]
struct Agreement<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    kind: &'static str,
    parties: Vec<&'a str>,
    topics: Vec<&'a str>,
    purpose_html: String,
    shares: &'a [String],
    lawful_basis: Option<&'a str>,
    how: Option<&'static str>,
    document: Option<&'a str>,
    signed: Option<&'a str>,
    review: &'a ReviewView,
    visibility: Visibility,
}

#[derive(Serialize)]
struct Meeting<'a> {
    id: &'a str,
    url: &'a str,
    name: &'a str,
    abbreviation: Option<&'a str>,
    purpose_html: String,
    chair: Option<&'a str>,
    members: Vec<&'a str>,
    topics: Vec<&'a str>,
    areas: Vec<&'a str>,
    frequency: Option<&'a str>,
    threshold_html: String,
    refer: Option<&'a str>,
    review: &'a ReviewView,
    visibility: Visibility,
}

#[derive(Serialize)]
struct Pathway<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    kind: &'static str,
    topics: Vec<&'a str>,
    summary: &'a str,
    steps: Vec<Step<'a>>,
    review: &'a ReviewView,
    visibility: Visibility,
}

#[derive(Serialize)]
struct Step<'a> {
    id: &'a str,
    title: &'a str,
    /// An agency or `agency/team` id; absent for anyone (or a record this build leaves out).
    who: Option<&'a str>,
    anyone: bool,
    do_html: String,
    contact: Option<&'a str>,
    within: Option<&'a str>,
    next: Vec<Next<'a>>,
}

#[derive(Serialize)]
struct Next<'a> {
    step: &'a str,
    when: Option<&'a str>,
}

fn ids(links: &[crate::render::directory::LinkView]) -> Vec<&str> {
    links.iter().map(|l| l.id.as_str()).collect()
}

/// The export's part for the three kinds.
pub fn export(k: &KindsView) -> Export<'_> {
    Export {
        agreements: (k.agreements.iter())
            .map(|a| Agreement {
                id: &a.id,
                url: &a.url,
                title: &a.title,
                kind: a.kind,
                parties: ids(&a.parties),
                topics: ids(&a.topics),
                purpose_html: a.purpose_html.html().to_owned(),
                shares: &a.shares,
                lawful_basis: a.lawful_basis.as_deref(),
                how: a.how,
                document: a.document.as_deref(),
                signed: a.signed.as_deref(),
                review: &a.review,
                visibility: a.visibility,
            })
            .collect(),
        meetings: (k.meetings.iter())
            .map(|m| Meeting {
                id: &m.id,
                url: &m.url,
                name: &m.name,
                abbreviation: m.abbreviation.as_deref(),
                purpose_html: m.purpose_html.html().to_owned(),
                chair: Some(m.chair.id.as_str()).filter(|c| !c.is_empty()),
                members: ids(&m.members),
                topics: ids(&m.topics),
                areas: m.areas.iter().map(|a| a.id.as_str()).collect(),
                frequency: m.frequency.as_deref(),
                threshold_html: m.threshold_html.html().to_owned(),
                refer: m.refer.as_deref(),
                review: &m.review,
                visibility: m.visibility,
            })
            .collect(),
        pathways: (k.pathways.iter())
            .map(|p| Pathway {
                id: &p.id,
                url: &p.url,
                title: &p.title,
                kind: p.kind,
                topics: ids(&p.topics),
                summary: &p.summary,
                steps: (p.steps.iter())
                    .map(|s| Step {
                        id: &s.id,
                        title: &s.title,
                        who: s
                            .who
                            .as_ref()
                            .map(|w| w.id.as_str())
                            .filter(|w| !w.is_empty()),
                        anyone: s.who.is_none(),
                        do_html: s.what_html.html().to_owned(),
                        contact: s.route.as_deref(),
                        within: s.within.as_deref(),
                        next: if s.follows_on {
                            p.steps
                                .get(s.number)
                                .map(|n| Next {
                                    step: &n.id,
                                    when: None,
                                })
                                .into_iter()
                                .collect()
                        } else {
                            (s.next.iter())
                                .filter_map(|n| {
                                    p.steps.get(n.number - 1).map(|t| Next {
                                        step: &t.id,
                                        when: n.when.as_deref(),
                                    })
                                })
                                .collect()
                        },
                    })
                    .collect(),
                review: &p.review,
                visibility: p.visibility,
            })
            .collect(),
    }
}
