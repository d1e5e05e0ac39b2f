//! The resolved directory's shapes: what the templates see and
//! `data/directory.json` holds (documented in docs/data-export.md). Built by
//! `directory.rs`.
//!
//! Addresses (`url`) are relative to the site's root (`agencies/x/index.html`);
//! templates put the page's `root` (`../../`) in front. Fields ending in `_html`
//! are sanitised HTML with the places of their glossary terms and site-relative
//! addresses beside it (a [`Markup`], see `markup.rs`).

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Serialize, Serializer};

pub(crate) use super::markup::Markup;

use crate::model::{Role, Visibility};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Directory {
    pub site: SiteView,
    /// Shared with the views `serve` keeps for the next rebuild (`reuse.rs`).
    pub agencies: Vec<Shared<AgencyView>>,
    /// Shared with the views `serve` keeps for the next rebuild (`topics/kept.rs`).
    pub topics: Vec<Shared<TopicView>>,
    pub glossary: Vec<TermView>,
    pub clashes: Vec<ClashView>,
    pub offers: Vec<OfferView>,
    pub pages: Vec<PageView>,
    pub agency_types: Vec<TypeView>,
    /// Closed days for the "open now" script, by nation.
    pub calendar: Vec<CalendarView>,
    /// Agreements, meetings and pathways (`render/kinds/`).
    pub kinds: super::kinds::KindsView,
}

/// One nation's closed days (bank holidays and the site's closures) around
/// the build's date, as `model::schedule::Calendar::data` writes them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CalendarView {
    /// `e`, `s` or `n`.
    pub nation: String,
    pub days: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: Option<String>,
    pub areas: Vec<AreaView>,
    pub public: bool,
    pub today: String,
    /// Where "report a mistake" goes (`feedback:`): the route's place on its
    /// agency's page, when that route is in this build.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct AreaView {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TypeView {
    pub id: &'static str,
    pub label: &'static str,
    pub count: usize,
}

/// A link to something in the directory: a name, and an address unless hidden.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkView {
    pub id: String,
    pub name: String,
    pub url: Option<String>,
}

/// A value many lists name (an agency's link in every need it has a part
/// in, a need's areas on its broader need's page too): one allocation,
/// shown exactly as the value itself.
#[derive(Debug, Default)]
pub(crate) struct Shared<T>(Arc<T>);

impl<T> Shared<T> {
    pub(crate) fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Shared<T> {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AgencyView {
    pub id: String,
    pub url: String,
    pub name: String,
    pub abbreviation: Option<String>,
    /// Other names people search for.
    pub aka: Vec<String>,
    pub type_id: &'static str,
    pub type_label: &'static str,
    pub summary: String,
    pub summary_html: Markup,
    pub description_html: Markup,
    pub areas: Vec<AreaView>,
    pub website: Option<String>,
    pub visibility: Visibility,
    pub teams: Vec<TeamView>,
    pub does: Vec<DoesView>,
    pub does_not: Vec<DoesNotView>,
    pub contacts: Vec<ContactView>,
    pub offers: Vec<LinkView>,
    pub terms: Vec<LinkView>,
    pub review: ReviewView,
    /// Topic ids it has a role in, for filters.
    pub topic_ids: Vec<String>,
    /// Under `serve`, the digest of what the view was made from (0 when not
    /// known): the same digest, the same view.
    #[serde(skip)]
    pub made_from: u128,
}

/// What lists of agencies show (A to Z, the matrix): a borrowed slice of an agency.
#[derive(Debug, Serialize)]
pub(crate) struct AgencyCard<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub name: &'a str,
    pub abbreviation: Option<&'a str>,
    pub type_id: &'static str,
    pub type_label: &'static str,
    pub summary: &'a str,
    pub areas: &'a [AreaView],
}

impl AgencyView {
    pub(crate) fn card(&self) -> AgencyCard<'_> {
        AgencyCard {
            id: &self.id,
            url: &self.url,
            name: &self.name,
            abbreviation: self.abbreviation.as_deref(),
            type_id: self.type_id,
            type_label: self.type_label,
            summary: &self.summary,
            areas: &self.areas,
        }
    }
}

impl ContactView {
    /// The order routes are listed in: most urgent first, then by agency and purpose.
    pub(crate) fn order(&self) -> (u8, &str, &str) {
        (self.urgency_rank, &self.agency.name, &self.purpose)
    }
}

impl AgencyView {
    pub(crate) fn visibility_word(&self) -> &'static str {
        match self.visibility {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TeamView {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub description_html: Markup,
    pub areas: Vec<AreaView>,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DoesView {
    pub topic: Shared<LinkView>,
    pub role: Role,
    /// The team's name and id, when the team is in this build.
    pub team: Option<String>,
    pub team_id: Option<String>,
    /// Shared with the need's entries for it (`RoleEntry::areas`).
    pub areas: Shared<Vec<AreaView>>,
    pub detail_html: Markup,
    /// Who may use it (`eligibility`), and its `ages` in words ("Under 18").
    pub eligibility_html: Markup,
    pub ages_words: Option<String>,
    /// `ages` as written (`0-17`), for the exports.
    #[serde(skip)]
    pub ages: Option<String>,
    #[serde(skip)]
    pub eligibility: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DoesNotView {
    pub topic: Shared<LinkView>,
    pub detail_html: Markup,
    /// Where to go instead, as the pages show it (a placeholder when the
    /// target is not in this build).
    pub refer_to: Option<LinkView>,
    /// The `refer_to` reference, only when its target is in this build
    /// (decided by the resolved model, for the data exports).
    #[serde(skip)]
    pub refer_to_id: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ContactView {
    pub id: String,
    /// `agency/route`, the route's reference.
    pub key: String,
    pub anchor: String,
    pub agency: Shared<LinkView>,
    /// The team's name and id, when the team is in this build.
    pub team: Option<String>,
    pub team_id: Option<String>,
    pub purpose: String,
    pub audience: Vec<&'static str>,
    pub urgency: &'static str,
    pub urgency_rank: u8,
    pub channel: &'static str,
    pub channel_label: &'static str,
    pub value: String,
    pub href: Option<String>,
    /// The hours as written (`mon-thu 08:45-17:00`), for the exports.
    pub hours: Vec<String>,
    /// The hours in plain English, then what bank holidays do: "Monday to
    /// Friday, 9am to 5pm. Closed on bank holidays."
    pub hours_text: String,
    /// Never closed: round the clock, on bank holidays too.
    pub always_open: bool,
    /// Openings for the "open now" script: `always`, or `DAYS:START-END`
    /// entries (see `directory::opening_data`).
    pub hours_data: String,
    /// The ids of the areas the route serves (its team's, else its
    /// agency's), space-separated, for the route lists' area filter; empty
    /// when it serves every area of the site (or the site has one or none).
    pub areas_data: String,
    /// The letter of the nation whose bank holidays (and the site's closures)
    /// close the route, for the script (see `model::schedule`).
    pub hours_bank: Option<String>,
    /// The letter of the nation whose bank holidays a route open on them
    /// keeps (with its Sunday hours), for the script.
    pub hours_bank_open: Option<String>,
    /// The route's dated exceptions for the script (see `model::schedule`).
    pub hours_except: Option<String>,
    /// Coming closures and changed hours, in words ("Closed 24 to 26 December 2026: …").
    pub hours_changes: Vec<String>,
    pub bank_holidays_open: bool,
    pub topics: Vec<Shared<LinkView>>,
    /// Its details (`response`, `notes`, …), in the order declared.
    pub details: Vec<DetailView>,
    /// Who may use it: `eligibility` as written (for the exports) and as HTML.
    pub eligibility: Option<String>,
    pub eligibility_html: Markup,
    /// `ages` as written (`0-17`), and in words ("Under 18").
    pub ages: Option<String>,
    pub ages_words: Option<String>,
    pub out_of_hours: Option<Shared<OutOfHoursView>>,
    /// Whether pages say where to go when it is closed: not for a route that
    /// never closes or whose alternative is itself.
    pub shows_out_of_hours: bool,
    pub visibility: Visibility,
}

/// One of a route's details (see `load::declare::Detail`), as the route
/// card shows it: a row (`label`, then the value) or a block (`<div
/// class="KEY">`). The value is `html` for Markdown, else `text` (a list's
/// items joined with ", ").
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DetailView {
    pub key: &'static str,
    pub label: &'static str,
    pub row: bool,
    pub text: Option<String>,
    pub html: Markup,
    /// The value as read, for the exports.
    #[serde(skip)]
    pub value: crate::model::DetailValue,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct OutOfHoursView {
    /// The route's reference (`agency/route`) when it is in this build.
    pub key: Option<String>,
    /// The route belongs to the same agency as the route it covers for.
    pub same_agency: bool,
    /// The route's anchor on its agency's page, and its purpose.
    pub anchor: Option<String>,
    pub purpose: Option<String>,
    pub name: String,
    pub url: Option<String>,
    pub value: Option<String>,
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewView {
    pub owner: String,
    pub last_reviewed: String,
    pub due: String,
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleEntry {
    pub agency: Shared<LinkView>,
    /// The narrower need this entry is for, on a parent need's page.
    pub need: Option<Shared<LinkView>>,
    pub team: Option<String>,
    pub areas: Shared<Vec<AreaView>>,
    pub detail_html: Markup,
    pub eligibility_html: Markup,
    pub ages_words: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AreaRoles {
    pub area: AreaView,
    pub lead: Vec<Shared<LinkView>>,
    pub joint: Vec<Shared<LinkView>>,
    pub support: Vec<Shared<LinkView>>,
    pub signpost: Vec<Shared<LinkView>>,
    pub gap: bool,
    pub overlap: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicView {
    pub id: String,
    pub url: String,
    pub name: String,
    /// The description's first sentence as plain text (the page's lede and
    /// meta description).
    pub summary: String,
    /// The description says more than `summary`.
    pub describes_more: bool,
    pub description_html: Markup,
    pub aka: Vec<String>,
    pub parent: Option<LinkView>,
    pub children: Vec<LinkView>,
    pub lead: Vec<RoleEntry>,
    pub joint: Vec<RoleEntry>,
    pub support: Vec<RoleEntry>,
    pub signpost: Vec<RoleEntry>,
    pub by_area: Vec<AreaRoles>,
    pub does_not: Vec<TopicDoesNot>,
    /// Routes for this topic, most urgent first, then the lead and joint
    /// agencies' before the rest, by key (`agency/route`).
    pub routes: Vec<String>,
    /// What its page lists: these routes and, for a parent need, its narrower
    /// needs' too, in the same order. (`lead` to `signpost`, `by_area` and
    /// `does_not` gather the narrower needs' entries the same way.)
    pub page_routes: Vec<String>,
    /// How many of `page_routes` are emergency or urgent.
    pub urgent_routes: usize,
    /// An emergency or urgent route of its page is open at night or at the
    /// weekend: the home page lists it under help now.
    pub out_of_hours_help: bool,
    pub gap: bool,
    pub overlap: bool,
    /// agency id → role word, for the who-does-what matrix.
    pub roles: BTreeMap<String, Role>,
    /// The same, one cell per agency in the directory's order ("" for none):
    /// the matrix reads these instead of looking each agency up.
    pub cells: Cells,
}

/// A need's role word for each agency in the directory's order ("" for
/// none), a byte each: needs times agencies cells, kept for the whole build.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cells(Vec<Option<Role>>);

impl Cells {
    pub(crate) fn new(roles: impl Iterator<Item = Option<Role>>) -> Cells {
        Cells(roles.collect())
    }

    /// The role word of the agency at `i` ("" for none).
    pub(crate) fn get(&self, i: usize) -> Option<&'static str> {
        self.0.get(i).map(|r| r.map_or("", Role::word))
    }
}

impl Serialize for Cells {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|r| r.map_or("", Role::word)))
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicDoesNot {
    pub agency: Shared<LinkView>,
    /// The narrower need this entry is for, on a parent need's page.
    pub need: Option<Shared<LinkView>>,
    pub detail_html: Markup,
    pub refer_to: Option<LinkView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TermView {
    pub id: String,
    pub term: String,
    pub abbreviation: Option<String>,
    pub definition_html: Markup,
    pub aka: Vec<String>,
    pub used_by: Vec<LinkView>,
    pub see_also: Vec<LinkView>,
    pub letter: String,
    pub clash: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClashView {
    pub abbreviation: String,
    pub anchor: String,
    pub meanings: Vec<TermView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct OfferView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub agency: LinkView,
    /// The team's name and id, when the team is in this build.
    pub team: Option<String>,
    pub team_id: Option<String>,
    pub description_html: Markup,
    pub open_to: Vec<String>,
    /// `open_to` as ids for the offers' filter; an offer open to "anyone…"
    /// has every id of the site's offers.
    pub open_to_ids: Vec<String>,
    pub format: Option<&'static str>,
    pub duration: Option<String>,
    pub dates: Vec<String>,
    pub places: Option<u32>,
    pub location: Option<String>,
    pub apply: OutOfHoursView,
    pub closes: Option<String>,
    pub closed: bool,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub html: Markup,
    /// The body with headings one level down, for the printable induction path.
    pub html_in_path: Markup,
    pub order: Option<i64>,
    pub induction: Option<i64>,
    pub visibility: Visibility,
    /// Other words people search for.
    pub aka: Vec<String>,
}
