//! Agreements, meetings and pathways in the site: each kind resolved into the
//! shapes its templates and the JSON export use (`agreements.rs`,
//! `meetings.rs`, `pathways.rs`), their pages (`pages.rs`), and what agency
//! and need pages list of them.
//!
//! What is in this build comes from the resolved content (`crate::resolve`):
//! each kind's own visibility, and whether an agency, team or contact route
//! it names is included, so a public build never names an internal record (it
//! says "listed in the internal directory"). The directory's views give only
//! names and addresses.

pub mod agreements;
pub mod json;
pub mod meetings;
pub mod pages;
pub mod pathways;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::directory::{AgencyView, Directory, LinkView, ReviewView, TopicView};
use super::glossary_links::Terms;
use super::markdown;
use crate::model::{Content, Review, Spanned, Text, Visibility, ids};
use crate::resolve::Resolved;

/// What a build includes of the three kinds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct KindsView {
    pub agreements: Vec<agreements::AgreementView>,
    pub meetings: Vec<meetings::MeetingView>,
    pub pathways: Vec<pathways::PathwayView>,
}

/// Resolves the three kinds: what the build includes from `resolved`, names
/// and addresses from the directory's views.
pub(crate) fn resolve(resolved: &Resolved, dir: &Directory, terms: &Terms) -> KindsView {
    of_resolver(&Resolver::new(resolved, dir, terms))
}

/// The same, but only the records that name one of `agencies` (as a party,
/// chair, member or a step's agency): all that those agencies' pages list
/// ([`for_agency`]), in the same order, for a fraction of the work.
pub(crate) fn resolve_for(
    resolved: &Resolved,
    dir: &Directory,
    terms: &Terms,
    agencies: &[&str],
) -> KindsView {
    let mut r = Resolver::new(resolved, dir, terms);
    r.only = Some(agencies.iter().map(|a| (*a).to_owned()).collect());
    of_resolver(&r)
}

fn of_resolver(r: &Resolver) -> KindsView {
    KindsView {
        agreements: agreements::resolve(r),
        meetings: meetings::resolve(r),
        pathways: pathways::resolve(r),
    }
}

/// What a name says when the record it names is not in this build.
pub const HIDDEN: &str = "a service listed in the internal directory";

/// Lookups shared by the three kinds.
pub struct Resolver<'a> {
    pub content: &'a Content,
    resolved: &'a Resolved<'a>,
    agencies: HashMap<&'a str, &'a AgencyView>,
    topics: HashMap<&'a str, &'a TopicView>,
    terms: &'a Terms,
    /// Only the records that name one of these agencies ([`resolve_for`]).
    only: Option<HashSet<String>>,
}

impl<'a> Resolver<'a> {
    fn new(resolved: &'a Resolved<'a>, dir: &'a Directory, terms: &'a Terms) -> Self {
        Resolver {
            content: resolved.content,
            resolved,
            agencies: (dir.agencies.iter())
                .map(|a| (a.id.as_str(), &**a))
                .collect(),
            topics: dir.topics.iter().map(|t| (t.id.as_str(), &**t)).collect(),
            terms,
            only: None,
        }
    }

    /// Whether a record naming these parties (`agency` or `agency/team`
    /// references) is to be resolved: always, unless only some agencies'
    /// records are ([`resolve_for`]).
    pub fn concerns<'r>(&self, mut references: impl Iterator<Item = &'r str>) -> bool {
        let Some(only) = &self.only else {
            return true;
        };
        references.any(|x| {
            let agency = x.trim().split('/').next().unwrap_or_default();
            only.contains(agency)
        })
    }

    /// A record's visibility (its own, else the site's default), when this build shows it.
    pub fn shown(&self, v: Option<&Spanned<Visibility>>) -> Option<Visibility> {
        let v = self.resolved.own_visibility(v);
        self.resolved.shown(v).then_some(v)
    }

    /// An `agency` or `agency/team` reference as a link, when it is in this build.
    pub fn party(&self, reference: &str) -> Option<LinkView> {
        match ids::split_agency_or_team(reference.trim())? {
            ids::AgencyOrTeam::Agency(a) => {
                if !self.resolved.agency_shown(a) {
                    return None;
                }
                let agency = self.agencies.get(a)?;
                Some(LinkView {
                    id: a.to_owned(),
                    name: agency.name.clone(),
                    url: Some(agency.url.clone()),
                })
            }
            ids::AgencyOrTeam::Team(a, t) => {
                if !self.resolved.team_shown(a, t) {
                    return None;
                }
                let agency = self.agencies.get(a)?;
                let team = agency.teams.iter().find(|x| x.id == t)?;
                Some(LinkView {
                    id: format!("{a}/{t}"),
                    name: format!("{} — {}", agency.name, team.name),
                    url: Some(format!("{}#team-{t}", agency.url)),
                })
            }
        }
    }

    /// A party, or the words for one that this build leaves out.
    pub fn party_or_hidden(&self, reference: &str) -> LinkView {
        self.party(reference).unwrap_or_else(|| LinkView {
            id: String::new(),
            name: HIDDEN.to_owned(),
            url: None,
        })
    }

    /// The agency id of a reference that is in this build.
    pub fn agency_of(&self, reference: &str) -> Option<String> {
        self.party(reference)
            .map(|l| l.id.split('/').next().unwrap_or_default().to_owned())
    }

    /// A contact route reference (`agency/route`, or bare inside `home`): its
    /// key when the route is in this build.
    pub fn route(&self, reference: &str, home: &str) -> Option<String> {
        let r = ids::split_member_ref(reference.trim(), home)?;
        let shown = self.resolved.contact_shown(r.agency, r.member);
        let key = format!("{}/{}", r.agency, r.member);
        let listed =
            (self.agencies.get(r.agency)).is_some_and(|a| a.contacts.iter().any(|c| c.key == key));
        (shown && listed).then_some(key)
    }

    /// Topic links, for the topics in this build.
    pub fn topic_links(&self, topics: &[Text]) -> Vec<LinkView> {
        topics
            .iter()
            .filter_map(|t| self.topics.get(t.value.as_str()))
            .map(|t| LinkView {
                id: t.id.clone(),
                name: t.name.clone(),
                url: Some(t.url.clone()),
            })
            .collect()
    }

    pub fn md(&self, text: &Text, top: u8) -> crate::render::markup::Markup {
        markdown::render(&text.value, top, self.terms)
    }

    pub fn review(&self, r: &Review) -> ReviewView {
        let due = crate::analyse::review::due(r, self.resolved.review_period());
        ReviewView {
            owner: r.owner.value.clone(),
            last_reviewed: r.last_reviewed.value.to_string(),
            due: due.to_string(),
            stale: due < self.resolved.scope.today,
        }
    }
}

/// Links to records, for the lists on agency and need pages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Related {
    pub agreements: Vec<LinkView>,
    pub chairs: Vec<LinkView>,
    pub attends: Vec<LinkView>,
    pub meetings: Vec<LinkView>,
    pub pathways: Vec<LinkView>,
}

impl Related {
    pub fn is_empty(&self) -> bool {
        self.agreements.is_empty()
            && self.chairs.is_empty()
            && self.attends.is_empty()
            && self.meetings.is_empty()
            && self.pathways.is_empty()
    }
}

fn link(id: &str, name: &str, url: &str) -> LinkView {
    LinkView {
        id: id.to_owned(),
        name: name.to_owned(),
        url: Some(url.to_owned()),
    }
}

/// What an agency's page lists: the agreements it is party to, the meetings
/// it chairs and attends, and the pathways it has a step in.
pub fn for_agency(kinds: &KindsView, agency: &str) -> Related {
    let has = |list: &[String]| list.iter().any(|a| a == agency);
    Related {
        agreements: (kinds.agreements.iter())
            .filter(|a| has(&a.agency_ids))
            .map(|a| link(&a.id, &a.title, &a.url))
            .collect(),
        chairs: (kinds.meetings.iter())
            .filter(|m| m.chair_agency.as_deref() == Some(agency))
            .map(|m| link(&m.id, &m.name, &m.url))
            .collect(),
        attends: (kinds.meetings.iter())
            .filter(|m| m.chair_agency.as_deref() != Some(agency) && has(&m.member_agencies))
            .map(|m| link(&m.id, &m.name, &m.url))
            .collect(),
        meetings: Vec::new(),
        pathways: (kinds.pathways.iter())
            .filter(|p| has(&p.agency_ids))
            .map(|p| link(&p.id, &p.title, &p.url))
            .collect(),
    }
}

/// What a need's page lists: the agreements, panels and pathways for it, a
/// broader need above it or a narrower one under it.
pub fn for_topic(kinds: &KindsView, related: &HashSet<String>) -> Related {
    let covers = |ids: &[String]| ids.iter().any(|t| related.contains(t));
    Related {
        agreements: (kinds.agreements.iter())
            .filter(|a| covers(&a.topic_ids))
            .map(|a| link(&a.id, &a.title, &a.url))
            .collect(),
        chairs: Vec::new(),
        attends: Vec::new(),
        meetings: (kinds.meetings.iter())
            .filter(|m| covers(&m.topic_ids))
            .map(|m| link(&m.id, &m.name, &m.url))
            .collect(),
        pathways: (kinds.pathways.iter())
            .filter(|p| covers(&p.topic_ids))
            .map(|p| link(&p.id, &p.title, &p.url))
            .collect(),
    }
}

/// Each topic of the directory with the needs above and under it: a record
/// for any of them belongs on the topic's page.
pub fn related_topics(dir: &Directory) -> HashMap<String, HashSet<String>> {
    let topics: HashMap<&str, &TopicView> =
        dir.topics.iter().map(|t| (t.id.as_str(), &**t)).collect();
    let related = |id: &str| {
        let mut out: HashSet<String> = HashSet::new();
        out.insert(id.to_owned());
        let mut current = topics.get(id);
        while let Some(t) = current {
            let Some(p) = &t.parent else { break };
            if !out.insert(p.id.clone()) {
                break;
            }
            current = topics.get(p.id.as_str());
        }
        let mut stack: Vec<&str> = vec![id];
        while let Some(t) = stack.pop() {
            for c in topics.get(t).map_or(&[][..], |t| &t.children[..]) {
                if out.insert(c.id.clone()) {
                    stack.push(&c.id);
                }
            }
        }
        out
    };
    dir.topics
        .iter()
        .map(|t| (t.id.clone(), related(&t.id)))
        .collect()
}

/// A channel word in words, for "how" an agreement shares.
pub fn channel_words(c: crate::model::Channel) -> &'static str {
    use crate::model::Channel;
    match c {
        Channel::Phone => "By phone",
        Channel::Email => "By email",
        Channel::SecureEmail => "By secure email",
        Channel::WebForm => "Through a web form",
        Channel::Portal => "Through a shared portal",
        Channel::InPerson => "In person",
        Channel::Text => "By text message",
        Channel::Post => "By post",
    }
}

/// The page a finding in one of the three kinds' files links to from the
/// report: a pathway's own page, else the kind's list. (The report exists only
/// in full builds, which include every record that loaded.)
pub fn report_page(path: &str) -> Option<String> {
    if let Some(name) = path.strip_prefix("pathways/") {
        let id = name.rsplit_once('.').map_or(name, |(s, _)| s);
        return ids::is_valid_id(id).then(|| format!("pathways/{id}/index.html"));
    }
    ["agreements/", "meetings/"]
        .iter()
        .find(|f| path.starts_with(*f))
        .map(|f| format!("{f}index.html"))
}

/// What search indexes of an agreement, meeting or pathway (the search index
/// makes each a page record).
pub struct SearchText {
    pub title: String,
    pub url: String,
    /// Plain text for the result's snippet.
    pub summary: String,
    pub abbreviations: Vec<String>,
    /// The kind ("pathway", "information-sharing agreement") and who is named.
    pub names: Vec<String>,
    /// What the record is for, in its own words (a pathway's summary, a
    /// meeting's or an agreement's purpose): weighed as a route's purpose.
    pub purpose: String,
    /// What it answers besides, in short phrases (a pathway's step titles and
    /// the conditions of its branches, a meeting's threshold, what an
    /// agreement shares): weighed as a page's headings.
    pub answers: Vec<String>,
    pub body: String,
    /// Which kind it is ("agreement", "meeting", "pathway"): a question's
    /// intent weighs its records (search.js's INTENTS).
    pub kind: &'static str,
}

/// Search texts for every agreement, meeting and pathway in the build.
pub fn search_texts(dir: &Directory) -> Vec<SearchText> {
    use super::search::plain_text;
    let k = &dir.kinds;
    let names = |links: &[LinkView]| links.iter().map(|l| l.name.clone()).collect::<Vec<_>>();
    let mut out = Vec::new();
    for a in &k.agreements {
        let mut n = vec![a.kind_name.to_owned(), "agreement".to_owned()];
        n.extend(names(&a.parties));
        n.extend(names(&a.topics));
        out.push(SearchText {
            title: a.title.clone(),
            url: a.url.clone(),
            summary: plain_text(&a.purpose_html),
            abbreviations: Vec::new(),
            names: n,
            purpose: plain_text(&a.purpose_html),
            answers: a.shares.clone(),
            body: a.lawful_basis.clone().unwrap_or_default(),
            kind: "agreement",
        });
    }
    for m in &k.meetings {
        // What its page labels are named too: "who chairs the MARAC", "how
        // often does it meet", "who sits on it".
        let mut n = vec![
            "meeting".to_owned(),
            "panel".to_owned(),
            format!("chair, chaired, run and led by {}", m.chair.name),
            "members".to_owned(),
        ];
        n.extend((m.frequency.iter()).map(|f| format!("how often it meets, its frequency: {f}")));
        n.extend(names(&m.members));
        n.extend(names(&m.topics));
        out.push(SearchText {
            title: m.name.clone(),
            url: m.url.clone(),
            summary: plain_text(&m.purpose_html),
            abbreviations: m.abbreviation.iter().cloned().collect(),
            names: n,
            purpose: plain_text(&m.purpose_html),
            answers: vec![plain_text(&m.threshold_html)],
            body: String::new(),
            kind: "meeting",
        });
    }
    for p in &k.pathways {
        let mut n = vec!["pathway".to_owned(), "step by step".to_owned()];
        if p.escalation {
            n.push("escalation".to_owned());
        }
        n.extend(names(&p.topics));
        // Its steps' timescales are text ("within 15 working days of the
        // strategy discussion"): found, but not naming the pathway.
        let body =
            (p.steps.iter()).flat_map(|s| [Some(plain_text(&s.what_html)), s.within.clone()]);
        let body: Vec<String> = body.flatten().collect();
        let mut answers: Vec<String> = p.steps.iter().map(|s| s.title.clone()).collect();
        answers.extend((p.steps.iter()).flat_map(|s| s.next.iter().filter_map(|b| b.when.clone())));
        out.push(SearchText {
            title: p.title.clone(),
            url: p.url.clone(),
            summary: p.summary.clone(),
            abbreviations: Vec::new(),
            names: n,
            purpose: p.summary.clone(),
            answers,
            body: body.join(" "),
            kind: "pathway",
        });
    }
    out
}
