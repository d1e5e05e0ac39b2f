//! The resolved directory: checked content as one build includes it, worked
//! out once and read by every output (pages, `directory.json`, the CSV files,
//! the calendar, the search index and any export to come).
//!
//! [`Resolved`] borrows the [`Content`] and adds what the files leave implicit:
//! - visibility, inherited (agency → team → route, agency/team → offer; the
//!   site's default for agencies and pages) and applied to the build's
//!   [`Scope`]: an output asks `*_shown` or iterates [`Resolved::agencies`] and
//!   never decides from another output's shape (a view's URL, say);
//! - references resolved to the records they name, only when those are in the
//!   build ([`Resolved::target`], [`Resolved::route`], [`Resolved::shown_team`]);
//! - inherited values: review due dates, area names and their site order, the
//!   glossary entries each agency uses, and the calendar behind "open now".
//!
//! It holds no presentation: names, addresses and Markdown are the views'
//! business (`render::directory`).

use std::collections::HashMap;

use crate::analyse::{self, Index};
use crate::model::schedule::Calendar;
use crate::model::{
    Agency, ContactRoute, Content, Date, Page, ShadowingOffer, Spanned, Team, Visibility, ids,
};

/// Where a visibility rule leaves a build.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope {
    /// Only public records (`build --public`).
    pub(crate) public: bool,
    /// The build date (`--today`): review dates, closed offers, "open now".
    pub(crate) today: Date,
}

/// Where a `refer_to` (an agency, or `agency/team`) points, when it is in the build.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Target<'c> {
    /// A whole agency.
    Agency(&'c Agency),
    /// One team of an agency.
    Team(&'c Agency, &'c Team),
}

/// Resolved visibilities of every record, by id.
#[derive(Default)]
struct Visible<'c> {
    agencies: HashMap<&'c str, Visibility>,
    teams: HashMap<(&'c str, &'c str), Visibility>,
    contacts: HashMap<(&'c str, &'c str), Visibility>,
}

impl<'c> Visible<'c> {
    /// Each record's own visibility, else its owner's, never less strict than it.
    fn new(content: &'c Content, default: Visibility) -> Visible<'c> {
        let mut v = Visible::default();
        for a in &content.agencies {
            let id = a.id.value.as_str();
            let av = a.visibility.as_ref().map_or(default, |x| x.value);
            v.agencies.insert(id, av);
            for t in &a.teams {
                let tv = t.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
                v.teams.insert((id, &t.id.value), tv);
            }
            for c in &a.contacts {
                let mut cv = c.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
                let team = c.team.as_ref().and_then(|t| v.teams.get(&(id, &t.value)));
                if let Some(tv) = team {
                    cv = cv.stricter(*tv);
                }
                v.contacts.insert((id, &c.id.value), cv);
            }
        }
        v
    }
}

/// The content as one build includes it. See the module's documentation.
pub(crate) struct Resolved<'c> {
    /// The checked content.
    pub(crate) content: &'c Content,
    /// Ids to records.
    pub(crate) ix: Index<'c>,
    /// The build's scope.
    pub(crate) scope: Scope,
    /// Bank holidays and closures around `today`, for "open now".
    pub(crate) calendar: Calendar,
    visible: Visible<'c>,
    default_visibility: Visibility,
    /// Area id → (name, position in the site's list).
    areas: HashMap<&'c str, (&'c str, usize)>,
    /// Agency id → the glossary entries (by position) it uses, in glossary order.
    terms_of: HashMap<&'c str, Vec<usize>>,
}

impl<'c> Resolved<'c> {
    /// Resolves `content` for a build of `scope`.
    pub(crate) fn new(content: &'c Content, scope: Scope) -> Resolved<'c> {
        let default_visibility = content
            .site
            .as_ref()
            .map_or(Visibility::Internal, |s| s.default_visibility);
        let areas = (content.site.iter())
            .flat_map(|s| s.areas.iter().enumerate())
            .map(|(i, a)| (a.id.value.as_str(), (a.name.value.as_str(), i)))
            .collect();
        let mut terms_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, g) in content.glossary.iter().enumerate() {
            for u in &g.used_by {
                let list = terms_of.entry(u.value.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Resolved {
            content,
            ix: Index::new(content),
            scope,
            calendar: Calendar::new(content.site.as_ref(), scope.today),
            visible: Visible::new(content, default_visibility),
            default_visibility,
            areas,
            terms_of,
        }
    }

    /// Whether a record of visibility `v` is in this build.
    pub(crate) fn shown(&self, v: Visibility) -> bool {
        !self.scope.public || v == Visibility::Public
    }

    /// An agency's resolved visibility.
    pub(crate) fn agency_visibility(&self, id: &str) -> Option<Visibility> {
        self.visible.agencies.get(id).copied()
    }

    /// A team's resolved visibility (never less strict than its agency's).
    pub(crate) fn team_visibility(&self, agency: &str, team: &str) -> Option<Visibility> {
        self.visible.teams.get(&(agency, team)).copied()
    }

    /// A route's resolved visibility (never less strict than its agency's or team's).
    pub(crate) fn contact_visibility(&self, agency: &str, id: &str) -> Option<Visibility> {
        self.visible.contacts.get(&(agency, id)).copied()
    }

    /// An offer's resolved visibility (never less strict than its agency's or
    /// team's); `None` when its agency does not exist.
    pub(crate) fn offer_visibility(&self, o: &ShadowingOffer) -> Option<Visibility> {
        let av = self.agency_visibility(&o.agency.value)?;
        let mut v = o.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
        let team = (o.team.as_ref()).and_then(|t| self.team_visibility(&o.agency.value, &t.value));
        if let Some(tv) = team {
            v = v.stricter(tv);
        }
        Some(v)
    }

    /// A free page's visibility: its own, else the site's default.
    pub(crate) fn page_visibility(&self, p: &Page) -> Visibility {
        self.own_visibility(p.visibility.as_ref())
    }

    /// The visibility of a record that inherits from nothing (a page, an
    /// agreement, a meeting, a pathway): its own, else the site's default.
    pub(crate) fn own_visibility(&self, v: Option<&Spanned<Visibility>>) -> Visibility {
        v.map_or(self.default_visibility, |x| x.value)
    }

    /// The review period, in months (`site.yaml`'s, else 12).
    pub(crate) fn review_period(&self) -> u32 {
        (self.content.site.as_ref()).map_or(12, |s| s.review_period_months)
    }

    /// Whether the agency is in this build.
    pub(crate) fn agency_shown(&self, id: &str) -> bool {
        self.agency_visibility(id).is_some_and(|v| self.shown(v))
    }

    /// Whether the team is in this build.
    pub(crate) fn team_shown(&self, agency: &str, team: &str) -> bool {
        (self.team_visibility(agency, team)).is_some_and(|v| self.shown(v))
    }

    /// Whether the route is in this build.
    pub(crate) fn contact_shown(&self, agency: &str, id: &str) -> bool {
        (self.contact_visibility(agency, id)).is_some_and(|v| self.shown(v))
    }

    /// Whether the offer is in this build.
    pub(crate) fn offer_shown(&self, o: &ShadowingOffer) -> bool {
        self.offer_visibility(o).is_some_and(|v| self.shown(v))
    }

    /// The agencies in this build, in file order.
    pub(crate) fn agencies(&self) -> impl Iterator<Item = &'c Agency> + '_ {
        (self.content.agencies.iter()).filter(|a| self.agency_shown(&a.id.value))
    }

    /// The team `team` of `agency`, when it is in this build.
    pub(crate) fn shown_team(&self, agency: &str, team: &str) -> Option<&'c Team> {
        self.team_shown(agency, team)
            .then(|| self.ix.team(self.content, agency, team))
            .flatten()
    }

    /// What a `refer_to` names, when it is in this build.
    pub(crate) fn target(&self, reference: &str) -> Option<Target<'c>> {
        match ids::split_agency_or_team(reference)? {
            ids::AgencyOrTeam::Agency(a) if self.agency_shown(a) => {
                self.ix.agency(self.content, a).map(Target::Agency)
            }
            ids::AgencyOrTeam::Team(a, t) => {
                let team = self.shown_team(a, t)?;
                self.ix
                    .agency(self.content, a)
                    .map(|agency| Target::Team(agency, team))
            }
            ids::AgencyOrTeam::Agency(_) => None,
        }
    }

    /// A contact route by reference (a bare id belongs to `home`), when it is
    /// in this build.
    pub(crate) fn route(
        &self,
        reference: &str,
        home: &str,
    ) -> Option<(&'c Agency, &'c ContactRoute)> {
        self.ix
            .contact(self.content, reference, home)
            .filter(|(a, c)| self.contact_shown(&a.id.value, &c.id.value))
    }

    /// An area's name (its id when the site does not list it).
    pub(crate) fn area_name<'a>(&self, id: &'a str) -> &'a str
    where
        'c: 'a,
    {
        self.areas.get(id).map_or(id, |(name, _)| name)
    }

    /// An area's position in the site's list (unlisted areas last).
    pub(crate) fn area_order(&self, id: &str) -> usize {
        self.areas.get(id).map_or(usize::MAX, |(_, i)| *i)
    }

    /// The glossary entries (by position) an agency uses, in glossary order.
    pub(crate) fn terms_of(&self, agency: &str) -> &[usize] {
        self.terms_of.get(agency).map_or(&[], Vec::as_slice)
    }

    /// When an agency's entry is next due for review (`next_review`, else
    /// `last_reviewed` plus the site's period).
    pub(crate) fn review_due(&self, a: &Agency) -> Date {
        let period = (self.content.site.as_ref()).map_or(12, |s| s.review_period_months);
        analyse::review::due_date(a, period)
    }
}
