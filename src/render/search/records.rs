//! What is searchable: one record per agency, need, contact route, glossary
//! term, shadowing offer and page, and one per section of a long page, each
//! with the texts to index and the weight of each (where a word is found says
//! how much it counts).

use std::collections::HashMap;

use rayon::prelude::*;

use super::super::directory::{
    AgencyView, ContactView, Directory, DoesView, OfferView, TeamView, TermView,
};
use super::hours::{covers, hours_words, out_of_hours_only, spoken_words};
use super::initials::{bold_initialisms, initialism};
use super::sections::page_records;
use super::text::{email, is_stop, phone_keys, short_href, snippet, strip_html, words};
use crate::load::declare::CONTACT;
use crate::model::Role;

/// Where in a record a word was found: the weight it gives (at most 15).
pub const W_CONTACT: u8 = 15;
pub const W_ABBR: u8 = 14;
pub const W_TITLE: u8 = 10;
pub const W_AKA: u8 = 8;
pub const W_TEAM: u8 = 6;
pub const W_PURPOSE: u8 = 5;
pub const W_HEADING: u8 = 5;
pub const W_NAME: u8 = 3;
pub const W_SYNONYM: u8 = 2;
pub const W_BODY: u8 = 1;

/// A page longer than this many words is also searchable section by section.
pub(super) const SECTION_PAGE_WORDS: usize = 250;

/// Record kinds, in the order of their ids.
pub const KINDS: &[(&str, &str)] = &[
    ("agency", "Agency"),
    ("topic", "Need"),
    ("route", "Contact route"),
    ("term", "Glossary"),
    ("offer", "Shadowing"),
    ("page", "Page"),
    ("team", "Team"),
];

/// A team's record kind: listed with its agency's records (as part of the
/// agency, for the filters, the ranking's kind and the batches), shown as a team.
pub const TEAM: u8 = 6;

/// The kind whose range of records (`kind_starts` in the manifest) holds a
/// record of `kind`: a team's is its agency's.
pub fn range_kind(kind: u8) -> u8 {
    if kind == TEAM { 0 } else { kind }
}

/// One searchable record.
pub struct Record {
    pub kind: u8,
    pub title: String,
    pub url: String,
    pub snippet: String,
    /// For routes: "number · hours"; for agencies: the type.
    pub extra: String,
    /// For routes: the link (see [`short_href`]) and the openings for "open
    /// now" (`always`, or `DAYS:START-END` entries, as on the pages).
    pub href: String,
    pub hours: String,
    pub agency_type: Option<u8>,
    pub areas: Vec<u16>,
    pub topics: Vec<u16>,
    /// (text, weight) to index.
    pub fields: Vec<(String, u8)>,
    /// Keys indexed as they are (a phone number's digits, an e-mail address).
    pub exact: Vec<String>,
    /// Keys indexed as they are, at a lower weight ([`W_NEED_SHARED`]).
    pub exact_shared: Vec<String>,
    /// An agreement's, meeting's or pathway's kind ("meeting"): the manifest
    /// lists their records by kind (`groups`), which a question's intent weighs.
    pub group: Option<&'static str>,
}

impl Record {
    pub(super) fn new(kind: u8, title: String, url: String, snippet: String) -> Record {
        Record {
            kind,
            title,
            url,
            snippet,
            extra: String::new(),
            href: String::new(),
            hours: String::new(),
            agency_type: None,
            areas: Vec::new(),
            topics: Vec::new(),
            fields: Vec::new(),
            exact: Vec::new(),
            exact_shared: Vec::new(),
            group: None,
        }
    }
}

/// Where a record's filters point: agency types, areas and topics by their
/// position in the directory's lists.
struct Facets<'a> {
    types: HashMap<&'a str, u8>,
    areas: HashMap<&'a str, u16>,
    topics: HashMap<&'a str, u16>,
}

impl<'a> Facets<'a> {
    fn new(dir: &'a Directory) -> Facets<'a> {
        Facets {
            types: (dir.agency_types.iter())
                .enumerate()
                .map(|(i, t)| (t.id, i as u8))
                .collect(),
            areas: (dir.site.areas.iter())
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), i as u16))
                .collect(),
            topics: (dir.topics.iter())
                .enumerate()
                .map(|(i, t)| (t.id.as_str(), i as u16))
                .collect(),
        }
    }
    fn area(&self, id: &str) -> Option<u16> {
        self.areas.get(id).copied()
    }
    fn topic(&self, id: &str) -> Option<u16> {
        self.topics.get(id).copied()
    }
    fn agency_type(&self, id: &str) -> Option<u8> {
        self.types.get(id).copied()
    }
}

/// Keys a route carries for the client's urgent intent (a query about danger
/// or crisis now): [`URGENT_EMERGENCY`] for an emergency route (999), and
/// [`URGENT_LATE`] for an urgent one that answers out of office hours. They
/// begin with `!`, which no typed word has.
pub const URGENT_EMERGENCY: &str = "!emergency";
pub const URGENT_LATE: &str = "!urgent";
/// The key (and a need's position) of the routes that answer at once for a need.
pub const URGENT_NEED: &str = "!need";
/// The key of the routes for the public only (their audience names the
/// public, not professionals): the client ranks them after a professionals'
/// route of the same answer, unless the query speaks for the public.
pub const PUBLIC_ONLY: &str = "!public";
/// The weight of a route's key under a need its agency does not lead on
/// (W_CONTACT when it does): the client weighs the need's routes by it.
pub const W_NEED_SHARED: u8 = 10;

/// Every searchable record, in the order of [`KINDS`]; `None` as soon as it
/// sees `stop()` (a newer change, under `serve`). Agencies and routes are
/// made in parallel, [`AT_ONCE`] at a time, in order.
pub fn records(dir: &Directory, stop: &(dyn Fn() -> bool + Sync)) -> Option<Vec<Record>> {
    let facets = Facets::new(dir);
    // A glossary entry named as a team is named lends it its other names
    // ("youth offending team" for a Youth Justice Service).
    // ("Youth Justice Service (YJS)", "Youth Justice Service" or "YJS").
    let mut terms: HashMap<String, &TermView> = HashMap::new();
    for g in &dir.glossary {
        terms.entry(name_key(&g.term)).or_insert(g);
        if let Some(ab) = &g.abbreviation {
            terms
                .entry(name_key(&format!("{} {ab}", g.term)))
                .or_insert(g);
            terms.entry(name_key(ab)).or_insert(g);
        }
    }
    // Room for every record at once: a list this long growing by doubling
    // would hold up to twice the records at the build's peak.
    let others = other_records(dir, &facets);
    let team_count: usize = dir.agencies.iter().map(|a| a.teams.len()).sum();
    let route_count: usize = dir.agencies.iter().map(|a| a.contacts.len()).sum();
    let own = dir.agencies.len() + team_count + dir.topics.len() + route_count;
    let mut out: Vec<Record> = Vec::with_capacity(own + others.len());
    // Each agency, then its teams: a team's record is in its agency's batch.
    for agencies in dir.agencies.chunks(AT_ONCE) {
        if stop() {
            return None;
        }
        out.par_extend(agencies.par_iter().flat_map_iter(|a| {
            let teams = (a.teams.iter()).map(|t| {
                let mut r = team_record(a, t, &facets);
                if let Some(g) = terms.get(&name_key(&t.name)) {
                    r.fields
                        .extend(g.abbreviation.iter().map(|k| (k.clone(), W_AKA)));
                    r.fields.extend(g.aka.iter().map(|k| (k.clone(), W_AKA)));
                }
                r
            });
            std::iter::once(agency_record(a, &facets)).chain(teams)
        }));
    }
    for t in &dir.topics {
        let body = strip_html(&t.description_html);
        let mut r = Record::new(1, t.name.clone(), t.url.clone(), snippet(&body));
        r.fields = vec![(t.name.clone(), W_TITLE), (body, W_BODY)];
        r.fields.extend(t.aka.iter().map(|k| (k.clone(), W_AKA)));
        r.topics = facets.topic(&t.id).into_iter().collect();
        out.push(r);
    }
    let mut routes: Vec<(&AgencyView, &ContactView)> = dir
        .agencies
        .iter()
        .flat_map(|a| a.contacts.iter().map(move |c| (&**a, c)))
        .collect();
    routes.sort_by(|a, b| a.1.order().cmp(&b.1.order()));
    let covers = covers(&routes);
    for routes in routes.chunks(AT_ONCE) {
        if stop() {
            return None;
        }
        out.par_extend(routes.par_iter().map(|(a, c)| {
            let mut r = route_record(a, c, &facets);
            let key = format!("{}/{}", a.id, c.id);
            for name in covers.get(&key).into_iter().flatten() {
                r.fields.push(((*name).to_owned(), W_SYNONYM));
            }
            r
        }));
    }
    let glossary_at = out.len();
    out.extend(others);
    crate::timing::phase("search: clashes by use", || {
        let senses: Vec<(&str, Option<&str>)> = (dir.glossary.iter())
            .map(|g| (g.term.as_str(), g.clash.as_deref()))
            .collect();
        super::clashes::most_used_first(&mut out, glossary_at, &senses);
    });
    Some(out)
}

/// How many agencies, or routes, [`records`] makes between two looks at its
/// `stop`.
const AT_ONCE: usize = 1024;

/// The glossary's, shadowing offers', free pages' and the version 2 kinds'
/// records, in that order.
fn other_records(dir: &Directory, facets: &Facets) -> Vec<Record> {
    let mut out: Vec<Record> = dir.glossary.iter().map(glossary_record).collect();
    let agency_type: HashMap<&str, &str> = dir
        .agencies
        .iter()
        .map(|a| (a.id.as_str(), a.type_id))
        .collect();
    for o in &dir.offers {
        let mut r = offer_record(o);
        r.agency_type = agency_type
            .get(o.agency.id.as_str())
            .and_then(|t| facets.agency_type(t));
        out.push(r);
    }
    for p in &dir.pages {
        let mut recs = page_records(&p.title, &p.url, &p.html);
        // The page's other words find the page itself, as an agency's do.
        recs[0]
            .fields
            .extend(p.aka.iter().map(|k| (k.clone(), W_AKA)));
        out.extend(recs);
    }
    // Agreements, meetings and pathways, as pages (`render/kinds/`).
    out.extend(super::sections::kind_records(dir));
    out
}

fn agency_record(a: &AgencyView, facets: &Facets) -> Record {
    let mut r = Record::new(0, a.name.clone(), a.url.clone(), snippet(&a.summary));
    r.fields = vec![
        (a.name.clone(), W_TITLE),
        (a.summary.clone(), W_NAME),
        (strip_html(&a.description_html), W_BODY),
    ];
    if let Some(ab) = &a.abbreviation {
        r.fields.push((ab.clone(), W_ABBR));
    }
    r.fields.extend(a.aka.iter().map(|k| (k.clone(), W_AKA)));
    // The initials of the services its text names in bold ("single point
    // of access": "SPA"), as people shorten them.
    r.fields
        .push((bold_initialisms(&a.description_html), W_SYNONYM));
    // A team's and a remit entry's text are their own sections of the page:
    // a team's description is its team's record's, and what the agency does
    // for a need is the text of the routes that answer it (see `answers`). The page keeps what no section holds, so that a query's
    // words must meet in one part of it rather than anywhere on it.
    for t in &a.teams {
        r.fields.push((t.name.clone(), W_TEAM));
        r.fields.push((t.summary.clone(), W_SYNONYM));
    }
    for d in &a.does {
        r.fields.push((d.topic.name.clone(), W_SYNONYM));
        let held = a.contacts.iter().any(|c| answers(c, d));
        if !held {
            r.fields.push((strip_html(&d.detail_html), W_BODY));
        }
    }
    // What it does not do is left out: those words are about other
    // services ("not a crisis service: call the crisis line").
    r.extra = a.type_label.to_owned();
    r.agency_type = facets.agency_type(a.type_id);
    r.areas = a.areas.iter().filter_map(|x| facets.area(&x.id)).collect();
    r.topics = a.topic_ids.iter().filter_map(|t| facets.topic(t)).collect();
    r
}

/// Whether route `c` answers what remit entry `d` says its agency does: it
/// serves the entry's need, and it is the entry's team's when the entry
/// names a team (a team's work is not a general line's).
fn answers(c: &ContactView, d: &DoesView) -> bool {
    let team = d.team_id.is_none() || c.team_id == d.team_id;
    team && c.topics.iter().any(|t| t.id == d.topic.id)
}

/// A name's words without stop words, to compare names however written.
fn name_key(name: &str) -> String {
    let ws: Vec<String> = words(name).filter(|w| !is_stop(w)).collect();
    ws.join(" ")
}

/// A team: found by its own name before its agency, which also has the
/// team's name (as a team's); its link is the team's section of the agency's page.
fn team_record(a: &AgencyView, t: &TeamView, facets: &Facets) -> Record {
    let about = if t.summary.is_empty() {
        &a.name
    } else {
        &t.summary
    };
    let mut r = Record::new(
        TEAM,
        t.name.clone(),
        format!("{}#team-{}", a.url, t.id),
        snippet(&format!("{}. {about}", a.name)),
    );
    // Its name is its title (its agency's record has it as a team's,
    // W_TEAM); what it does counts as little as in its agency's record:
    // routes and needs name that, and answer it before the team does.
    r.fields = vec![
        (t.name.clone(), W_TITLE),
        ("team".to_owned(), W_NAME),
        (a.name.clone(), W_NAME),
        (t.summary.clone(), W_SYNONYM),
        (strip_html(&t.description_html), W_BODY),
        // Its initials, and those of what it names in bold ("UCR").
        (initialism(&t.name).unwrap_or_default(), W_SYNONYM),
        (bold_initialisms(&t.description_html), W_SYNONYM),
    ];
    if let Some(ab) = &a.abbreviation {
        r.fields.push((ab.clone(), W_NAME));
    }
    let mut topics = Vec::new();
    for d in (a.does.iter()).filter(|d| d.team_id.as_deref() == Some(t.id.as_str())) {
        r.fields.push((d.topic.name.clone(), W_SYNONYM));
        topics.extend(facets.topic(d.topic.id.as_str()));
    }
    topics.sort_unstable();
    topics.dedup();
    r.topics = topics;
    r.agency_type = facets.agency_type(a.type_id);
    let areas = if t.areas.is_empty() {
        &a.areas
    } else {
        &t.areas
    };
    r.areas = areas.iter().filter_map(|x| facets.area(&x.id)).collect();
    r
}

fn route_record(agency: &AgencyView, c: &ContactView, facets: &Facets) -> Record {
    let mut r = Record::new(
        2,
        c.purpose.clone(),
        format!("{}#{}", c.agency.url.clone().unwrap_or_default(), c.anchor),
        format!(
            "{}{}",
            c.agency.name,
            c.team
                .as_ref()
                .map(|t| format!(" · {t}"))
                .unwrap_or_default()
        ),
    );
    r.fields = vec![
        (c.purpose.clone(), W_PURPOSE),
        (c.agency.name.clone(), W_NAME),
    ];
    // Its details, each as much as its declaration says (`notes` as body text).
    for d in &c.details {
        let declared = CONTACT.field(d.key).and_then(|f| f.detail.as_ref());
        if let Some(w) = declared.and_then(|x| x.search) {
            let text = d.text.clone().unwrap_or_else(|| strip_html(&d.html));
            r.fields.push((text, super::detail_weight(w)));
        }
    }
    r.fields.push((strip_html(&c.eligibility_html), W_BODY));
    // What its agency says it does for the needs it serves (its section of
    // the agency's page).
    for d in agency.does.iter().filter(|d| answers(c, d)) {
        r.fields.push((strip_html(&d.detail_html), W_BODY));
    }
    // An address is searchable by its words (more than a mention of it in
    // someone's notes); numbers, e-mail addresses and links by themselves only.
    let phone = phone_keys(&c.value);
    let mail = email(&c.value);
    if phone.is_empty() && mail.is_none() && !c.value.contains("://") {
        r.fields.push((c.value.clone(), W_NAME));
    }
    if let Some(team) = &c.team {
        r.fields.push((team.clone(), W_NAME));
    }
    // Its id names it as its people do ("helpline", "crisis-line", "self-referral"),
    // and its channel how it is reached ("email", "secure email", "web form"):
    // an address or a number is indexed only whole, so "IDVA referral email"
    // needs the word.
    let name = c.id.replace('-', " ");
    let initials = initialism(&name);
    r.fields.push((name, W_PURPOSE));
    r.fields.extend(initials.map(|i| (i, W_SYNONYM)));
    r.fields.push((c.channel.replace('-', " "), W_SYNONYM));
    r.fields
        .extend(c.topics.iter().map(|t| (t.name.clone(), W_SYNONYM)));
    // When it answers and how fast, in the words people search with
    // ("… at night", "urgent …").
    // A route that answers only out of office hours (an emergency duty
    // team) is about those hours, as much as its purpose says.
    let when = hours_words(&c.hours_data);
    if !when.is_empty() {
        let weight = if out_of_hours_only(&c.hours_data) {
            W_PURPOSE
        } else {
            W_SYNONYM
        };
        r.fields.push((when.clone(), weight));
        // (No more than a synonym: the query's other words say which line.)
        r.fields.push((spoken_words(&c.hours_data), W_SYNONYM));
    }
    if c.urgency != "routine" {
        r.fields.push((c.urgency.to_owned(), W_SYNONYM));
    }
    let urgent = urgent_key(c.urgency, &when);
    // Listed under the needs it serves, if it answers at once: an urgent
    // query's need picks it, its agency's when it leads on the need (the
    // police for a missing child, before the out-of-hours social workers
    // who share the work).
    if urgent.is_some() {
        for t in &c.topics {
            let Some(i) = facets.topic(&t.id) else {
                continue;
            };
            let leads = (agency.does.iter()).any(|d| d.topic.id == t.id && d.role == Role::Lead);
            let keys = if leads {
                &mut r.exact
            } else {
                &mut r.exact_shared
            };
            keys.push(format!("{URGENT_NEED}{i}"));
        }
    }
    r.exact.extend(urgent);
    if public_only(&c.audience) {
        r.exact.push(PUBLIC_ONLY.to_owned());
    }
    r.exact.extend(phone);
    r.exact.extend(mail);
    r.extra = format!("{} · {}", c.value, c.hours.join("; "));
    r.href = short_href(c.href.as_deref(), &c.value);
    r.hours = open_now_data(c);
    r.agency_type = facets.agency_type(agency.type_id);
    r.areas = (agency.areas.iter())
        .filter_map(|x| facets.area(&x.id))
        .collect();
    r.topics = c
        .topics
        .iter()
        .filter_map(|t| facets.topic(&t.id))
        .collect();
    r
}

/// Whether a route is for the public only: its audience is given and does
/// not name professionals (a route with no audience is for anyone).
fn public_only(audience: &[&str]) -> bool {
    !audience.is_empty() && !audience.contains(&"professionals")
}

/// The urgent-intent key of a route (see [`URGENT_EMERGENCY`]) from its
/// urgency and the words for its hours: an urgent route counts when it
/// answers at night.
fn urgent_key(urgency: &str, when: &str) -> Option<String> {
    match urgency {
        "emergency" => Some(URGENT_EMERGENCY.to_owned()),
        "urgent" if when.contains("night") => Some(URGENT_LATE.to_owned()),
        _ => None,
    }
}

fn glossary_record(g: &TermView) -> Record {
    let body = strip_html(&g.definition_html);
    let title = match &g.abbreviation {
        Some(ab) => format!("{ab}: {}", g.term),
        None => g.term.clone(),
    };
    let mut r = Record::new(
        3,
        title,
        format!("glossary/index.html#{}", g.id),
        snippet(&body),
    );
    r.fields = vec![(g.term.clone(), W_TITLE), (body, W_BODY)];
    if let Some(ab) = &g.abbreviation {
        r.fields.push((ab.clone(), W_ABBR));
    }
    r.fields.extend(g.aka.iter().map(|k| (k.clone(), W_AKA)));
    r
}

fn offer_record(o: &OfferView) -> Record {
    let body = strip_html(&o.description_html);
    let mut r = Record::new(
        4,
        o.title.clone(),
        o.url.clone(),
        snippet(&format!("{}. {body}", o.agency.name)),
    );
    if o.closed {
        r.extra = "Closed".to_owned();
    }
    r.fields = vec![
        (o.title.clone(), W_TITLE),
        ("shadowing".to_owned(), W_NAME),
        (o.agency.name.clone(), W_NAME),
        (body, W_BODY),
    ];
    if let Some(team) = &o.team {
        r.fields.push((team.clone(), W_NAME));
    }
    // Who it is open to: "shadowing housing officer" finds offers for them.
    r.fields
        .extend(o.open_to.iter().map(|w| (w.clone(), W_NAME)));
    r
}

/// What the page script's `joinedupOpenNow` needs to say whether a route is
/// open: its weekly hours, then (when there are any) `|` the nation whose bank
/// holidays close it, `|` the nation whose bank holidays it keeps, `|` its
/// dated exceptions, as the route's own `data-` attributes carry them.
fn open_now_data(c: &ContactView) -> String {
    let extra = [&c.hours_bank, &c.hours_bank_open, &c.hours_except];
    if extra.iter().all(|x| x.is_none()) {
        return c.hours_data.clone();
    }
    let mut out = c.hours_data.clone();
    for x in extra {
        out.push('|');
        out.push_str(x.as_deref().unwrap_or(""));
    }
    out
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emergency_routes_and_urgent_ones_open_at_night_carry_an_urgent_key() {
        assert_eq!(
            urgent_key("emergency", "").as_deref(),
            Some(URGENT_EMERGENCY)
        );
        let late = hours_words("0123456:1080-1380");
        assert_eq!(urgent_key("urgent", &late).as_deref(), Some(URGENT_LATE));
        assert_eq!(urgent_key("urgent", &hours_words("01234:540-1020")), None);
        assert_eq!(urgent_key("routine", &late), None);
        // No typed word can find them: the tokenizer drops `!`.
        assert!(super::super::text::words(URGENT_EMERGENCY).all(|w| w != URGENT_EMERGENCY));
    }

    #[test]
    fn only_a_route_for_the_public_alone_is_public_only() {
        assert!(public_only(&["public"]));
        assert!(!public_only(&["public", "professionals"]));
        assert!(!public_only(&["professionals"]));
        assert!(!public_only(&[]));
        assert!(super::super::text::words(PUBLIC_ONLY).all(|w| w != PUBLIC_ONLY));
    }

    #[test]
    fn route_links_are_rebuilt_from_their_value() {
        assert_eq!(short_href(Some("tel:01632960190"), "01632 960190"), "t");
        assert_eq!(short_href(Some("mailto:a@b.org"), "a@b.org"), "m");
        assert_eq!(short_href(Some("https://x.org/f"), "https://x.org/f"), "w");
        assert_eq!(short_href(None, "9 Quay Street"), "");
    }
}
