//! An agency's view: its routes (hours in words and for the page script),
//! teams, what it does and does not do, offers and glossary terms.

use super::text::{channel_label, contact_href, display_term, opening_data};
use super::*;
use crate::analyse;
use crate::load::declare::Place;
use crate::model::schedule::RouteHours;
use crate::model::{Agency, ContactRoute, DetailValue, Hours, Visibility};
use crate::render::hours_text;

impl Builder<'_> {
    fn contact_view<'a>(
        &self,
        a: &Agency,
        shared: &AgencyLinks<'a>,
        c: &'a ContactRoute,
    ) -> ContactView {
        let site = self.r.content.site.as_ref();
        let schedule = RouteHours::new(site, a, c);
        let (hours, hours_data) = match &c.hours.value {
            Hours::Always => (vec!["24/7".to_owned()], "always".to_owned()),
            Hours::Weekly { lines, openings } => (lines.clone(), opening_data(openings)),
        };
        // Never closed: round the clock, on bank holidays too, with no dated
        // changes.
        let always_open = c.hours.value.covers_whole_week()
            && schedule.closes_on().is_none()
            && c.exceptions.is_empty();
        let mut hours_text = format!(
            "{}.",
            hours_text::weekly(&c.hours.value, c.bank_holidays_open).join("; ")
        );
        if let Some(bank) = hours_text::bank_holidays(&c.hours.value, c.bank_holidays_open) {
            hours_text = format!("{hours_text} {bank}");
        }
        let shown_team = (c.team.as_ref()).and_then(|t| self.r.shown_team(&a.id.value, &t.value));
        let team = shown_team.map(|t| t.name.value.clone());
        let out_of_hours = (c.out_of_hours.as_ref()).map(|r| shared.route(self, &r.value, a));
        let own_key = format!("{}/{}", a.id.value, c.id.value);
        // A route that never closes, or names itself, has no "when closed".
        let shows_out_of_hours = out_of_hours
            .as_ref()
            .is_some_and(|o| !always_open && o.key.as_ref() != Some(&own_key));
        ContactView {
            areas_data: self.route_areas_data(a, shown_team),
            team_id: shown_team.map(|t| t.id.value.clone()),
            id: c.id.value.clone(),
            key: own_key,
            anchor: format!("route-{}", c.id.value),
            agency: shared.agency.clone(),
            team,
            purpose: c.purpose.value.clone(),
            audience: c.audience.iter().map(|x| x.value.word()).collect(),
            urgency: c.urgency.value.word(),
            urgency_rank: c.urgency.value as u8,
            channel: c.channel.value.word(),
            channel_label: channel_label(c.channel.value),
            value: c.value.value.clone(),
            href: contact_href(c.channel.value, &c.value.value),
            hours,
            hours_text,
            always_open,
            hours_data,
            hours_bank: schedule.closes_on().map(|n| n.letter().to_string()),
            hours_bank_open: (c.bank_holidays_open && c.hours.value != Hours::Always)
                .then(|| schedule.nation.letter().to_string()),
            hours_except: Some(schedule.exceptions_data(&self.r.calendar))
                .filter(|d| !d.is_empty()),
            hours_changes: hours_text::coming_changes(
                &schedule,
                site.map_or(&[], |s| &s.closures),
                self.r.calendar.today,
                self.r.calendar.last,
            ),
            bank_holidays_open: c.bank_holidays_open,
            topics: exact(
                (c.topics.iter())
                    .filter(|t| self.r.ix.topics.contains_key(t.value.as_str()))
                    .map(|t| self.shared_topic_link(&t.value))
                    .collect(),
            ),
            details: self.detail_views(c),
            eligibility: c.eligibility.as_ref().map(|e| e.value.clone()),
            eligibility_html: self.md(c.eligibility.as_ref(), 4),
            ages: c.ages.as_ref().map(|x| x.value.to_string()),
            ages_words: c.ages.as_ref().map(|x| x.value.words()),
            out_of_hours,
            shows_out_of_hours,
            visibility: (self.r.contact_visibility(&a.id.value, &c.id.value))
                .unwrap_or(Visibility::Internal),
        }
    }

    /// What the route lists' area filter reads: the areas the route's team
    /// serves (else its agency's), in the site's order; empty when that is
    /// every area of the site, as a filter then has nothing to leave out.
    fn route_areas_data(&self, a: &Agency, team: Option<&crate::model::Team>) -> String {
        let site_areas = self.r.content.site.as_ref().map_or(0, |s| s.areas.len());
        let written = team
            .map(|t| &t.areas)
            .filter(|areas| !areas.is_empty())
            .unwrap_or(&a.areas);
        let mut ids: Vec<&str> = written.iter().map(|x| x.value.as_str()).collect();
        ids.sort_by_key(|id| self.r.area_order(id));
        ids.dedup();
        let known = ids.iter().filter(|id| self.r.area_order(id) < usize::MAX);
        if site_areas < 2 || known.count() >= site_areas {
            return String::new();
        }
        ids.join(" ")
    }

    /// A route's details as its card shows them; Markdown that renders to
    /// nothing is left out.
    fn detail_views(&self, c: &ContactRoute) -> Vec<DetailView> {
        let mut views = Vec::with_capacity(c.details.len());
        for d in &c.details {
            let Some(declared) = &d.field.detail else {
                continue;
            };
            let (text, html) = match &d.value {
                DetailValue::Markdown(t) => (None, self.md(Some(t), 4)),
                v => (Some(v.written(", ")), Markup::default()),
            };
            if text.is_none() && html.is_empty() {
                continue;
            }
            views.push(DetailView {
                key: d.field.key,
                label: declared.label,
                row: declared.place == Place::Row,
                text,
                html,
                value: d.value.clone(),
            });
        }
        exact(views)
    }

    pub(super) fn agency_view(&self, a: &Agency) -> AgencyView {
        let id = a.id.value.as_str();
        let due = self.r.review_due(a);
        let shared = AgencyLinks {
            agency: Shared::new(self.agency_link(id)),
            routes: Default::default(),
        };
        let mut contacts: Vec<ContactView> = (a.contacts.iter())
            .filter(|c| self.r.contact_shown(id, &c.id.value))
            .map(|c| self.contact_view(a, &shared, c))
            .collect();
        contacts.shrink_to_fit();
        contacts.sort_by_key(|c| c.urgency_rank);
        let mut topic_ids: Vec<String> = a.does.iter().map(|d| d.topic.value.clone()).collect();
        topic_ids.sort();
        topic_ids.dedup();
        AgencyView {
            id: id.to_owned(),
            url: format!("agencies/{id}/index.html"),
            name: a.name.value.clone(),
            abbreviation: a.abbreviation.as_ref().map(|x| x.value.clone()),
            aka: a.aka.iter().map(|x| x.value.clone()).collect(),
            type_id: a.agency_type.value.word(),
            type_label: a.agency_type.value.label(),
            summary: a.summary.value.clone(),
            summary_html: markdown::text(&a.summary.value, &self.terms),
            description_html: self.md(a.description.as_ref(), 3),
            areas: self.area_views(&a.areas.iter().map(|x| x.value.as_str()).collect::<Vec<_>>()),
            website: a.website.as_ref().map(|w| w.value.trim().to_owned()),
            visibility: self.r.agency_visibility(id).unwrap_or(Visibility::Internal),
            teams: self.team_views(a),
            does: self.does_views(a),
            does_not: (a.does_not.iter())
                .map(|d| DoesNotView {
                    topic: self.shared_topic_link(&d.topic.value),
                    detail_html: self.md(d.detail.as_ref(), 4),
                    refer_to: d.refer_to.as_ref().map(|r| self.target_link(&r.value)),
                    refer_to_id: (d.refer_to.as_ref())
                        .filter(|r| self.r.target(&r.value).is_some())
                        .map(|r| r.value.clone()),
                })
                .collect(),
            contacts,
            offers: self.offer_links(id),
            terms: self.term_links(id),
            review: ReviewView {
                owner: a.review.owner.value.clone(),
                last_reviewed: a.review.last_reviewed.value.to_string(),
                due: due.to_string(),
                stale: due < self.r.scope.today,
            },
            topic_ids,
            made_from: 0,
        }
    }

    /// The agency's teams in this build.
    fn team_views(&self, a: &Agency) -> Vec<TeamView> {
        let id = a.id.value.as_str();
        let teams = (a.teams.iter())
            .filter(|t| self.r.team_shown(id, &t.id.value))
            .map(|t| TeamView {
                id: t.id.value.clone(),
                name: t.name.value.clone(),
                summary: (t.summary.as_ref())
                    .map(|s| s.value.clone())
                    .unwrap_or_default(),
                description_html: self.md(t.description.as_ref(), 4),
                areas: self
                    .area_views(&t.areas.iter().map(|x| x.value.as_str()).collect::<Vec<_>>()),
                visibility: (self.r.team_visibility(id, &t.id.value))
                    .unwrap_or(Visibility::Internal),
            })
            .collect();
        exact(teams)
    }

    /// What the agency does, naming a team only when it is in this build.
    fn does_views(&self, a: &Agency) -> Vec<DoesView> {
        (a.does.iter())
            .map(|d| {
                let team = (d.team.as_ref()).and_then(|t| self.r.shown_team(&a.id.value, &t.value));
                DoesView {
                    topic: self.shared_topic_link(&d.topic.value),
                    role: d.role.value,
                    team: team.map(|x| x.name.value.clone()),
                    team_id: team.map(|x| x.id.value.clone()),
                    areas: Shared::new(self.area_views(&analyse::coverage::entry_areas(a, d))),
                    detail_html: self.md(d.detail.as_ref(), 4),
                    eligibility_html: self.md(d.eligibility.as_ref(), 4),
                    ages_words: d.ages.as_ref().map(|x| x.value.words()),
                    ages: d.ages.as_ref().map(|x| x.value.to_string()),
                    eligibility: d.eligibility.as_ref().map(|e| e.value.clone()),
                }
            })
            .collect()
    }

    /// The agency's shadowing offers in this build.
    fn offer_links(&self, id: &str) -> Vec<LinkView> {
        let links = (self.r.content.shadowing.iter())
            .filter(|o| o.agency.value == id && self.r.offer_shown(o))
            .map(|o| LinkView {
                id: o.id.value.clone(),
                name: o.title.value.clone(),
                url: Some(format!("shadowing/{}/index.html", o.id.value)),
            })
            .collect();
        exact(links)
    }

    /// The glossary entries the agency uses.
    fn term_links(&self, id: &str) -> Vec<LinkView> {
        (self.r.terms_of(id).iter())
            .map(|&i| &self.r.content.glossary[i])
            .map(|g| LinkView {
                id: g.id.value.clone(),
                name: display_term(g),
                url: Some(format!("glossary/index.html#{}", g.id.value)),
            })
            .collect()
    }
}

/// What an agency's routes share: the agency's link, and each route named
/// as `out_of_hours` (most routes of an agency name the same one), made once.
struct AgencyLinks<'a> {
    agency: Shared<LinkView>,
    routes: std::cell::RefCell<Vec<(&'a str, Shared<OutOfHoursView>)>>,
}

impl<'a> AgencyLinks<'a> {
    /// The route `reference` names, from agency `a`, as a link.
    fn route(&self, b: &Builder, reference: &'a str, a: &Agency) -> Shared<OutOfHoursView> {
        let mut routes = self.routes.borrow_mut();
        if let Some((_, link)) = routes.iter().find(|(r, _)| *r == reference) {
            return link.clone();
        }
        let link = Shared::new(b.route_link(reference, &a.id.value));
        routes.push((reference, link.clone()));
        link
    }
}

/// `v` holding no room for more: views are kept for the whole build, and a
/// list collected from a filter grows by doubling (five routes in room for
/// eight).
fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}
