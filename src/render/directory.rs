//! The resolved directory: what a build includes, with visibility applied,
//! references resolved to names and addresses, and Markdown rendered once, into
//! the shapes of `views.rs` that the templates and `data/directory.json` use.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

pub use super::views::*;

use super::glossary_links::{Terms, clash_anchor};
use super::hours_text;
use super::markdown;
use crate::analyse::{self, Index};
use crate::model::schedule::{Calendar, RouteHours};
use crate::model::{
    Agency, AgencyType, Channel, ContactRoute, Content, Date, Hours, Nation, Role, Text,
    Visibility, ids,
};

/// Where a visibility rule leaves a build.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    /// Only public records (`build --public`).
    pub public: bool,
    pub today: Date,
}

/// Resolved visibilities of every record, by reference.
struct Visible {
    agencies: HashMap<String, Visibility>,
    teams: HashMap<(String, String), Visibility>,
    contacts: HashMap<(String, String), Visibility>,
}

fn resolve_visibility(content: &Content) -> Visible {
    let default = content
        .site
        .as_ref()
        .map_or(Visibility::Internal, |s| s.default_visibility);
    let mut v = Visible {
        agencies: HashMap::new(),
        teams: HashMap::new(),
        contacts: HashMap::new(),
    };
    for a in &content.agencies {
        let av = a.visibility.as_ref().map_or(default, |x| x.value);
        v.agencies.insert(a.id.value.clone(), av);
        for t in &a.teams {
            let tv = t.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
            v.teams.insert((a.id.value.clone(), t.id.value.clone()), tv);
        }
        for c in &a.contacts {
            let mut cv = c.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
            let team = c
                .team
                .as_ref()
                .and_then(|t| v.teams.get(&(a.id.value.clone(), t.value.clone())));
            if let Some(tv) = team {
                cv = cv.stricter(*tv);
            }
            v.contacts
                .insert((a.id.value.clone(), c.id.value.clone()), cv);
        }
    }
    v
}

/// Builds the directory that a build includes.
pub struct Builder<'c> {
    content: &'c Content,
    ix: Index<'c>,
    scope: Scope,
    visible: Visible,
    pub terms: Terms,
    areas: HashMap<String, String>,
    /// Agency id → the glossary entries (by position) it uses, in glossary order.
    terms_of: HashMap<String, Vec<usize>>,
    /// Bank holidays and closures around `today`, for "open now".
    calendar: Calendar,
}

impl<'c> Builder<'c> {
    pub fn new(content: &'c Content, scope: Scope) -> Builder<'c> {
        let visible = resolve_visibility(content);
        let ix = Index::new(content);
        let areas = content
            .site
            .iter()
            .flat_map(|s| {
                s.areas
                    .iter()
                    .map(|a| (a.id.value.clone(), a.name.value.clone()))
            })
            .collect();
        let mut terms_of: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, g) in content.glossary.iter().enumerate() {
            for u in &g.used_by {
                let list = terms_of.entry(u.value.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let mut b = Builder {
            content,
            ix,
            scope,
            visible,
            terms: Terms::default(),
            areas,
            terms_of,
            calendar: Calendar::new(content.site.as_ref(), scope.today),
        };
        let entries: Vec<_> = content.glossary.iter().collect();
        let shown = |g: &crate::model::GlossaryEntry| -> Vec<String> {
            g.used_by
                .iter()
                .filter(|u| b.agency_shown(&u.value))
                .map(|u| u.value.clone())
                .collect()
        };
        let terms = Terms::new(entries, shown);
        b.terms = terms;
        b
    }

    fn shown(&self, v: Visibility) -> bool {
        !self.scope.public || v == Visibility::Public
    }

    fn agency_shown(&self, id: &str) -> bool {
        self.visible
            .agencies
            .get(id)
            .is_some_and(|v| self.shown(*v))
    }

    fn team_shown(&self, agency: &str, team: &str) -> bool {
        self.visible
            .teams
            .get(&(agency.to_owned(), team.to_owned()))
            .is_some_and(|v| self.shown(*v))
    }

    fn contact_shown(&self, agency: &str, id: &str) -> bool {
        self.visible
            .contacts
            .get(&(agency.to_owned(), id.to_owned()))
            .is_some_and(|v| self.shown(*v))
    }

    fn md(&self, t: Option<&Text>, top: u8) -> String {
        t.map_or_else(String::new, |t| {
            markdown::render(&t.value, top, &self.terms)
        })
    }

    fn area_views(&self, ids: &[&str]) -> Vec<AreaView> {
        let mut v: Vec<AreaView> = ids
            .iter()
            .map(|id| AreaView {
                id: (*id).to_owned(),
                name: self
                    .areas
                    .get(*id)
                    .cloned()
                    .unwrap_or_else(|| (*id).to_owned()),
            })
            .collect();
        v.sort_by_key(|a| self.area_order(&a.id));
        v.dedup();
        v
    }

    fn area_order(&self, id: &str) -> usize {
        self.content
            .site
            .as_ref()
            .and_then(|s| s.areas.iter().position(|a| a.id.value == id))
            .unwrap_or(usize::MAX)
    }

    fn agency_link(&self, id: &str) -> LinkView {
        let name = self
            .ix
            .agency(self.content, id)
            .map_or_else(|| id.to_owned(), |a| a.name.value.clone());
        LinkView {
            id: id.to_owned(),
            name,
            url: Some(format!("agencies/{id}/index.html")),
        }
    }

    fn topic_link(&self, id: &str) -> LinkView {
        let name = self.ix.topics.get(id).map_or_else(
            || id.to_owned(),
            |&i| self.content.topics[i].name.value.clone(),
        );
        LinkView {
            id: id.to_owned(),
            name,
            url: Some(format!("topics/{id}/index.html")),
        }
    }

    /// Where a `refer_to` points, or a placeholder when the target is not in this build.
    fn target_link(&self, reference: &str) -> LinkView {
        match ids::split_agency_or_team(reference) {
            Some(ids::AgencyOrTeam::Agency(a)) if self.agency_shown(a) => self.agency_link(a),
            Some(ids::AgencyOrTeam::Team(a, t)) if self.team_shown(a, t) => {
                let agency = self.agency_link(a);
                let team = self
                    .ix
                    .team(self.content, a, t)
                    .map_or(t, |x| x.name.value.as_str());
                LinkView {
                    id: reference.to_owned(),
                    name: format!("{} — {team}", agency.name),
                    url: Some(format!("agencies/{a}/index.html#team-{t}")),
                }
            }
            _ => hidden_link(reference),
        }
    }

    /// A contact route reference as a link with its value, or a placeholder.
    fn route_link(&self, reference: &str, home: &str) -> OutOfHoursView {
        match self.ix.contact(self.content, reference, home) {
            Some((a, c)) if self.contact_shown(&a.id.value, &c.id.value) => OutOfHoursView {
                key: Some(format!("{}/{}", a.id.value, c.id.value)),
                same_agency: a.id.value == home,
                anchor: Some(format!("route-{}", c.id.value)),
                purpose: Some(c.purpose.value.clone()),
                name: format!("{}: {}", a.name.value, c.purpose.value),
                url: Some(format!(
                    "agencies/{}/index.html#route-{}",
                    a.id.value, c.id.value
                )),
                value: Some(c.value.value.clone()),
                href: contact_href(c.channel.value, &c.value.value),
            },
            _ => OutOfHoursView {
                key: None,
                same_agency: false,
                anchor: None,
                purpose: None,
                name: "a route listed in the internal directory".to_owned(),
                url: None,
                value: None,
                href: None,
            },
        }
    }

    fn contact_view(&self, a: &Agency, c: &ContactRoute) -> ContactView {
        let site = self.content.site.as_ref();
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
        let shown_team = c
            .team
            .as_ref()
            .filter(|t| self.team_shown(&a.id.value, &t.value))
            .and_then(|t| self.ix.team(self.content, &a.id.value, &t.value));
        let team = shown_team.map(|t| t.name.value.clone());
        let out_of_hours = c
            .out_of_hours
            .as_ref()
            .map(|r| self.route_link(&r.value, &a.id.value));
        let own_key = format!("{}/{}", a.id.value, c.id.value);
        // A route that never closes, or names itself, has no "when closed".
        let shows_out_of_hours = out_of_hours
            .as_ref()
            .is_some_and(|o| !always_open && o.key.as_ref() != Some(&own_key));
        ContactView {
            team_id: shown_team.map(|t| t.id.value.clone()),
            id: c.id.value.clone(),
            key: own_key,
            anchor: format!("route-{}", c.id.value),
            agency: self.agency_link(&a.id.value),
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
            hours_except: Some(schedule.exceptions_data(&self.calendar)).filter(|d| !d.is_empty()),
            hours_changes: hours_text::coming_changes(
                &schedule,
                site.map_or(&[], |s| &s.closures),
                self.calendar.today,
                self.calendar.last,
            ),
            bank_holidays_open: c.bank_holidays_open,
            topics: c
                .topics
                .iter()
                .filter(|t| self.ix.topics.contains_key(t.value.as_str()))
                .map(|t| self.topic_link(&t.value))
                .collect(),
            response: c.response.as_ref().map(|r| r.value.clone()),
            notes_html: self.md(c.notes.as_ref(), 4),
            out_of_hours,
            shows_out_of_hours,
            visibility: self
                .visible
                .contacts
                .get(&(a.id.value.clone(), c.id.value.clone()))
                .copied()
                .unwrap_or(Visibility::Internal),
        }
    }

    fn agency_view(&self, a: &Agency) -> AgencyView {
        let id = a.id.value.as_str();
        let period = self
            .content
            .site
            .as_ref()
            .map_or(12, |s| s.review_period_months);
        let due = analyse::review::due_date(a, period);
        let shown_team = |t: &Text| {
            self.team_shown(id, &t.value)
                .then(|| self.ix.team(self.content, id, &t.value))
                .flatten()
        };
        let does = a
            .does
            .iter()
            .map(|d| {
                let team = d.team.as_ref().and_then(shown_team);
                DoesView {
                    topic: self.topic_link(&d.topic.value),
                    role: d.role.value,
                    team: team.map(|x| x.name.value.clone()),
                    team_id: team.map(|x| x.id.value.clone()),
                    areas: self.area_views(&analyse::coverage::entry_areas(a, d)),
                    detail_html: self.md(d.detail.as_ref(), 4),
                }
            })
            .collect();
        let does_not = a
            .does_not
            .iter()
            .map(|d| DoesNotView {
                topic: self.topic_link(&d.topic.value),
                detail_html: self.md(d.detail.as_ref(), 4),
                refer_to: d.refer_to.as_ref().map(|r| self.target_link(&r.value)),
            })
            .collect();
        let mut contacts: Vec<ContactView> = a
            .contacts
            .iter()
            .filter(|c| self.contact_shown(id, &c.id.value))
            .map(|c| self.contact_view(a, c))
            .collect();
        contacts.sort_by_key(|c| c.urgency_rank);
        let offers = self
            .content
            .shadowing
            .iter()
            .filter(|o| {
                o.agency.value == id && self.offer_visibility(o).is_some_and(|v| self.shown(v))
            })
            .map(|o| LinkView {
                id: o.id.value.clone(),
                name: o.title.value.clone(),
                url: Some(format!("shadowing/{}/index.html", o.id.value)),
            })
            .collect();
        let terms = (self.terms_of.get(id).into_iter().flatten())
            .map(|&i| &self.content.glossary[i])
            .map(|g| LinkView {
                id: g.id.value.clone(),
                name: match &g.abbreviation {
                    Some(ab) => format!("{} ({})", ab.value, g.term.value),
                    None => g.term.value.clone(),
                },
                url: Some(format!("glossary/index.html#{}", g.id.value)),
            })
            .collect();
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
            visibility: self
                .visible
                .agencies
                .get(id)
                .copied()
                .unwrap_or(Visibility::Internal),
            teams: a
                .teams
                .iter()
                .filter(|t| self.team_shown(id, &t.id.value))
                .map(|t| TeamView {
                    id: t.id.value.clone(),
                    name: t.name.value.clone(),
                    summary: t
                        .summary
                        .as_ref()
                        .map(|s| s.value.clone())
                        .unwrap_or_default(),
                    description_html: self.md(t.description.as_ref(), 4),
                    areas: if t.areas.is_empty() {
                        Vec::new()
                    } else {
                        self.area_views(
                            &t.areas.iter().map(|x| x.value.as_str()).collect::<Vec<_>>(),
                        )
                    },
                    visibility: self
                        .visible
                        .teams
                        .get(&(id.to_owned(), t.id.value.clone()))
                        .copied()
                        .unwrap_or(Visibility::Internal),
                })
                .collect(),
            does,
            does_not,
            contacts,
            offers,
            terms,
            review: ReviewView {
                owner: a.review.owner.value.clone(),
                last_reviewed: a.review.last_reviewed.value.to_string(),
                due: due.to_string(),
                stale: due < self.scope.today,
            },
            topic_ids,
        }
    }

    fn offer_visibility(&self, o: &crate::model::ShadowingOffer) -> Option<Visibility> {
        let av = *self.visible.agencies.get(&o.agency.value)?;
        let mut v = o.visibility.as_ref().map_or(av, |x| x.value).stricter(av);
        let team = o.team.as_ref().and_then(|t| {
            self.visible
                .teams
                .get(&(o.agency.value.clone(), t.value.clone()))
        });
        if let Some(tv) = team {
            v = v.stricter(*tv);
        }
        Some(v)
    }

    /// Builds the whole directory.
    pub fn build(&self) -> Directory {
        let content = self.content;
        let site = content.site.as_ref();
        let mut agencies: Vec<AgencyView> = content
            .agencies
            .par_iter()
            .filter(|a| self.agency_shown(&a.id.value))
            .map(|a| self.agency_view(a))
            .collect();
        agencies.sort_by(|a, b| {
            sort_key(&a.name)
                .cmp(&sort_key(&b.name))
                .then(a.id.cmp(&b.id))
        });
        let topics = self.topics(&agencies);
        let calendar = self.calendar_views(&agencies);
        let (glossary, clashes) = self.glossary();
        let offers = self.offers();
        let mut pages: Vec<PageView> = content
            .pages
            .par_iter()
            .filter_map(|p| {
                let default = site.map_or(Visibility::Internal, |s| s.default_visibility);
                let v = p.visibility.as_ref().map_or(default, |x| x.value);
                self.shown(v).then(|| PageView {
                    id: p.id.value.clone(),
                    url: format!("{}/index.html", p.id.value),
                    title: p.title.value.clone(),
                    html: markdown::render(&p.body, 2, &self.terms),
                    html_in_path: if p.induction.is_some() {
                        markdown::render(&p.body, 3, &self.terms)
                    } else {
                        String::new()
                    },
                    order: p.order.as_ref().map(|o| o.value),
                    induction: p.induction.as_ref().map(|o| o.value),
                    visibility: v,
                })
            })
            .collect();
        pages.sort_by(|a, b| {
            (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title))
        });
        let mut type_counts: BTreeMap<AgencyType, usize> = BTreeMap::new();
        for a in content
            .agencies
            .iter()
            .filter(|a| self.agency_shown(&a.id.value))
        {
            *type_counts.entry(a.agency_type.value).or_default() += 1;
        }
        let agency_types = type_counts
            .into_iter()
            .map(|(t, count)| TypeView {
                id: t.word(),
                label: t.label(),
                count,
            })
            .collect();
        Directory {
            site: SiteView {
                title: site.map_or_else(String::new, |s| s.title.value.clone()),
                description: site
                    .and_then(|s| s.description.as_ref())
                    .map_or_else(String::new, |d| d.value.clone()),
                language: site.map_or_else(|| "en-GB".to_owned(), |s| s.language.clone()),
                base_url: site.and_then(|s| s.base_url.as_ref()).map(|u| {
                    let u = u.value.trim();
                    if u.ends_with('/') {
                        u.to_owned()
                    } else {
                        format!("{u}/")
                    }
                }),
                areas: site.map_or_else(Vec::new, |s| {
                    s.areas
                        .iter()
                        .map(|a| AreaView {
                            id: a.id.value.clone(),
                            name: a.name.value.clone(),
                        })
                        .collect()
                }),
                public: self.scope.public,
                today: self.scope.today.to_string(),
            },
            agencies,
            topics,
            glossary,
            clashes,
            offers,
            pages,
            agency_types,
            calendar,
            kinds: Default::default(),
        }
    }

    /// The dated days of each nation whose bank holidays a route in this
    /// build keeps, for the "open now" script.
    fn calendar_views(&self, agencies: &[AgencyView]) -> Vec<CalendarView> {
        let mut letters: Vec<&str> = agencies
            .iter()
            .flat_map(|a| {
                a.contacts
                    .iter()
                    .filter_map(|c| c.hours_bank.as_deref().or(c.hours_bank_open.as_deref()))
            })
            .collect();
        letters.sort_unstable();
        letters.dedup();
        Nation::ALL
            .into_iter()
            .filter(|n| letters.contains(&n.letter().to_string().as_str()))
            .map(|n| CalendarView {
                nation: n.letter().to_string(),
                days: self.calendar.data(n),
            })
            .collect()
    }

    fn topics(&self, agencies: &[AgencyView]) -> Vec<TopicView> {
        let content = self.content;
        let site_areas: Vec<&str> = content
            .site
            .iter()
            .flat_map(|s| s.areas.iter().map(|a| a.id.value.as_str()))
            .collect();
        // Topic → role entries, and → does_not, from the agencies in this build.
        let mut by_topic: HashMap<&str, Vec<(&AgencyView, &DoesView)>> = HashMap::new();
        let mut not_by_topic: HashMap<&str, Vec<(&AgencyView, &DoesNotView)>> = HashMap::new();
        let mut routes_by_topic: HashMap<&str, Vec<&ContactView>> = HashMap::new();
        for a in agencies {
            for d in &a.does {
                by_topic
                    .entry(d.topic.id.as_str())
                    .or_default()
                    .push((a, d));
            }
            for d in &a.does_not {
                not_by_topic
                    .entry(d.topic.id.as_str())
                    .or_default()
                    .push((a, d));
            }
            for c in &a.contacts {
                for t in &c.topics {
                    routes_by_topic.entry(t.id.as_str()).or_default().push(c);
                }
            }
        }
        let mut topics: Vec<TopicView> =
            content
                .topics
                .par_iter()
                .map(|t| {
                    let id = t.id.value.as_str();
                    let entries = by_topic.get(id).map_or(&[][..], Vec::as_slice);
                    let role_list = |role: Role| -> Vec<RoleEntry> {
                        entries
                            .iter()
                            .filter(|(_, d)| d.role == role)
                            .map(|(a, d)| RoleEntry {
                                agency: self.agency_link(&a.id),
                                need: None,
                                team: d.team.clone(),
                                areas: d.areas.clone(),
                                detail_html: d.detail_html.clone(),
                            })
                            .collect()
                    };
                    let by_area: Vec<AreaRoles> = site_areas
                        .iter()
                        .map(|area| {
                            let in_area = |role: Role| -> Vec<LinkView> {
                                let mut v: Vec<LinkView> = entries
                                    .iter()
                                    .filter(|(_, d)| {
                                        d.role == role && d.areas.iter().any(|x| x.id == *area)
                                    })
                                    .map(|(a, _)| self.agency_link(&a.id))
                                    .collect();
                                v.dedup_by(|x, y| x.id == y.id);
                                v
                            };
                            let lead = in_area(Role::Lead);
                            let joint = in_area(Role::Joint);
                            let overlap = lead.len() > 1;
                            AreaRoles {
                                area: self.area_views(&[area])[0].clone(),
                                gap: false,
                                overlap,
                                lead,
                                joint,
                                support: in_area(Role::Support),
                                signpost: in_area(Role::Signpost),
                            }
                        })
                        .collect();
                    let mut roles: BTreeMap<String, Role> = BTreeMap::new();
                    for (a, d) in entries {
                        let r = roles.entry(a.id.clone()).or_insert(d.role);
                        if d.role < *r {
                            *r = d.role;
                        }
                    }
                    let mut routes: Vec<&ContactView> =
                        routes_by_topic.get(id).cloned().unwrap_or_default();
                    sort_routes(&mut routes, &roles);
                    let routes: Vec<String> = routes.iter().map(|c| c.key.clone()).collect();
                    TopicView {
                        id: id.to_owned(),
                        url: format!("topics/{id}/index.html"),
                        name: t.name.value.clone(),
                        summary: t
                            .description
                            .as_ref()
                            .map(|d| first_sentence(&d.value))
                            .unwrap_or_default(),
                        describes_more: t.description.as_ref().is_some_and(|d| {
                            let all = first_sentence_or_all(&d.value, false);
                            all != first_sentence(&d.value)
                        }),
                        description_html: self.md(t.description.as_ref(), 3),
                        aka: t.aka.iter().map(|x| x.value.clone()).collect(),
                        parent: t
                            .parent
                            .as_ref()
                            .filter(|p| self.ix.topics.contains_key(p.value.as_str()))
                            .map(|p| self.topic_link(&p.value)),
                        children: self.ix.children.get(id).map_or_else(Vec::new, |c| {
                            c.iter().map(|c| self.topic_link(c)).collect()
                        }),
                        lead: role_list(Role::Lead),
                        joint: role_list(Role::Joint),
                        support: role_list(Role::Support),
                        signpost: role_list(Role::Signpost),
                        overlap: by_area.iter().any(|a| a.overlap),
                        by_area,
                        does_not: not_by_topic.get(id).map_or_else(Vec::new, |v| {
                            v.iter()
                                .map(|(a, d)| TopicDoesNot {
                                    agency: self.agency_link(&a.id),
                                    need: None,
                                    detail_html: d.detail_html.clone(),
                                    refer_to: d.refer_to.clone(),
                                })
                                .collect()
                        }),
                        page_routes: Vec::new(),
                        urgent_routes: 0,
                        out_of_hours_help: false,
                        routes,
                        gap: false,
                        cells: agencies
                            .iter()
                            .map(|a| roles.get(&a.id).map_or("", |r| r.word()))
                            .collect(),
                        roles,
                    }
                })
                .collect();
        // Gaps as the analysis judges them (parents and children counted).
        let coverage = analyse::coverage::Coverage::new(content);
        for t in &mut topics {
            let Some(&i) = self.ix.topics.get(t.id.as_str()) else {
                continue;
            };
            let uncovered = coverage.uncovered(&content.topics[i].id.value, &self.ix, content);
            t.gap = !uncovered.is_empty();
            for a in &mut t.by_area {
                a.gap = uncovered.contains(&a.area.id.as_str());
            }
        }
        self.gather(&mut topics, agencies);
        topics.sort_by_cached_key(|t| sort_key(&t.name));
        topics
    }

    /// What each need's page lists: its own routes and roles and, for a parent
    /// need, its narrower needs' (each entry saying which), so that a page like
    /// "Safeguarding" is not a page of dashes. Routes are ordered by urgency,
    /// then the lead and joint agencies' first.
    fn gather(&self, topics: &mut [TopicView], agencies: &[AgencyView]) {
        let position: HashMap<String, usize> = topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id.clone(), i))
            .collect();
        let contact: HashMap<&str, &ContactView> = agencies
            .iter()
            .flat_map(|a| a.contacts.iter())
            .map(|c| (c.key.as_str(), c))
            .collect();
        let gathered: Vec<_> = (0..topics.len())
            .map(|i| {
                let mut descendants = Vec::new();
                let mut stack: Vec<&str> = self
                    .ix
                    .children
                    .get(topics[i].id.as_str())
                    .cloned()
                    .unwrap_or_default();
                stack.reverse();
                while let Some(c) = stack.pop() {
                    let Some(&j) = position.get(c) else { continue };
                    if j == i || descendants.contains(&j) {
                        continue;
                    }
                    descendants.push(j);
                    let mut more = self.ix.children.get(c).cloned().unwrap_or_default();
                    more.reverse();
                    stack.extend(more);
                }
                // Only the lists a page shows (not the matrix's cells).
                let own = &topics[i];
                let mut t = Lists {
                    lead: own.lead.clone(),
                    joint: own.joint.clone(),
                    support: own.support.clone(),
                    signpost: own.signpost.clone(),
                    does_not: own.does_not.clone(),
                    by_area: own.by_area.clone(),
                    roles: if descendants.is_empty() {
                        BTreeMap::new()
                    } else {
                        own.roles.clone()
                    },
                };
                let mut keys = own.routes.clone();
                let mut have: HashSet<&str> = own.routes.iter().map(String::as_str).collect();
                for &j in &descendants {
                    let d = &topics[j];
                    let need = Some(self.topic_link(&d.id));
                    let tag = |e: &RoleEntry| RoleEntry {
                        need: need.clone(),
                        ..e.clone()
                    };
                    t.lead.extend(d.lead.iter().map(tag));
                    t.joint.extend(d.joint.iter().map(tag));
                    t.support.extend(d.support.iter().map(tag));
                    t.signpost.extend(d.signpost.iter().map(tag));
                    t.does_not.extend(d.does_not.iter().map(|e| TopicDoesNot {
                        need: need.clone(),
                        ..e.clone()
                    }));
                    for (mine, theirs) in t.by_area.iter_mut().zip(&d.by_area) {
                        for (to, from) in [
                            (&mut mine.lead, &theirs.lead),
                            (&mut mine.joint, &theirs.joint),
                            (&mut mine.support, &theirs.support),
                            (&mut mine.signpost, &theirs.signpost),
                        ] {
                            let mut ids: HashSet<String> =
                                to.iter().map(|x| x.id.clone()).collect();
                            for l in from {
                                if ids.insert(l.id.clone()) {
                                    to.push(l.clone());
                                }
                            }
                        }
                    }
                    for (agency, role) in &d.roles {
                        let r = t.roles.entry(agency.clone()).or_insert(*role);
                        if role < r {
                            *r = *role;
                        }
                    }
                    for k in &d.routes {
                        if have.insert(k.as_str()) {
                            keys.push(k.clone());
                        }
                    }
                }
                let mut routes: Vec<&ContactView> = keys
                    .iter()
                    .filter_map(|k| contact.get(k.as_str()).copied())
                    .collect();
                sort_routes(
                    &mut routes,
                    if descendants.is_empty() {
                        &own.roles
                    } else {
                        &t.roles
                    },
                );
                let urgent: Vec<&&ContactView> =
                    routes.iter().filter(|c| c.urgency_rank <= 1).collect();
                (
                    t.lead,
                    t.joint,
                    t.support,
                    t.signpost,
                    t.does_not,
                    t.by_area,
                    urgent.len(),
                    urgent.iter().any(|c| open_out_of_hours(c)),
                    routes.iter().map(|c| c.key.clone()).collect::<Vec<_>>(),
                )
            })
            .collect();
        for (t, g) in topics.iter_mut().zip(gathered) {
            let (lead, joint, support, signpost, does_not, by_area, urgent, ooh, routes) = g;
            t.lead = lead;
            t.joint = joint;
            t.support = support;
            t.signpost = signpost;
            t.does_not = does_not;
            // Gaps and overlaps stay as judged for the need itself.
            // Each agency once in an area, at its strongest part.
            for (mine, all) in t.by_area.iter_mut().zip(by_area) {
                let mut seen: Vec<String> = Vec::new();
                let mut strongest = |list: Vec<LinkView>| -> Vec<LinkView> {
                    let kept: Vec<LinkView> =
                        list.into_iter().filter(|l| !seen.contains(&l.id)).collect();
                    seen.extend(kept.iter().map(|l| l.id.clone()));
                    kept
                };
                mine.lead = strongest(all.lead);
                mine.joint = strongest(all.joint);
                mine.support = strongest(all.support);
                mine.signpost = strongest(all.signpost);
            }
            t.urgent_routes = urgent;
            t.out_of_hours_help = ooh;
            t.page_routes = routes;
        }
    }

    fn glossary(&self) -> (Vec<TermView>, Vec<ClashView>) {
        let clash_map = analyse::glossary::clashes(self.content);
        let clash_of: HashMap<&str, &str> = clash_map
            .iter()
            .flat_map(|(abbr, entries)| entries.iter().map(move |g| (g.id.value.as_str(), *abbr)))
            .collect();
        let mut terms: Vec<TermView> = self
            .content
            .glossary
            .par_iter()
            .map(|g| TermView {
                id: g.id.value.clone(),
                term: g.term.value.clone(),
                abbreviation: g.abbreviation.as_ref().map(|a| a.value.clone()),
                definition_html: self.md(Some(&g.definition), 3),
                aka: g.aka.iter().map(|x| x.value.clone()).collect(),
                used_by: g
                    .used_by
                    .iter()
                    .filter(|u| self.agency_shown(&u.value))
                    .map(|u| self.agency_link(&u.value))
                    .collect(),
                see_also: g
                    .see_also
                    .iter()
                    .filter_map(|s| {
                        self.ix
                            .glossary
                            .get(s.value.as_str())
                            .map(|&i| &self.content.glossary[i])
                    })
                    .map(|s| LinkView {
                        id: s.id.value.clone(),
                        name: display_term(s),
                        url: Some(format!("glossary/index.html#{}", s.id.value)),
                    })
                    .collect(),
                letter: letter_of(g.abbreviation.as_ref().map_or(&g.term.value, |a| &a.value)),
                clash: clash_of.get(g.id.value.as_str()).map(|a| clash_anchor(a)),
            })
            .collect();
        terms.sort_by(|a, b| {
            let ka = sort_key(a.abbreviation.as_deref().unwrap_or(&a.term));
            let kb = sort_key(b.abbreviation.as_deref().unwrap_or(&b.term));
            ka.cmp(&kb).then(a.id.cmp(&b.id))
        });
        let clashes = clash_map
            .keys()
            .map(|abbr| ClashView {
                abbreviation: (*abbr).to_owned(),
                anchor: clash_anchor(abbr),
                meanings: terms
                    .iter()
                    .filter(|t| t.abbreviation.as_deref().map(str::trim) == Some(*abbr))
                    .cloned()
                    .collect(),
            })
            .collect();
        (terms, clashes)
    }

    fn offers(&self) -> Vec<OfferView> {
        let mut offers: Vec<(OfferView, Option<Date>)> = self
            .content
            .shadowing
            .iter()
            .filter_map(|o| {
                let v = self.offer_visibility(o)?;
                if !self.shown(v) {
                    return None;
                }
                let closed = o
                    .closes
                    .as_ref()
                    .is_some_and(|c| c.value < self.scope.today);
                let next = o
                    .dates
                    .iter()
                    .map(|d| d.value)
                    .filter(|d| *d >= self.scope.today)
                    .min();
                let shown_team = o
                    .team
                    .as_ref()
                    .filter(|t| self.team_shown(&o.agency.value, &t.value))
                    .and_then(|t| self.ix.team(self.content, &o.agency.value, &t.value));
                let team = shown_team.map(|t| t.name.value.clone());
                let mut dates: Vec<Date> = o.dates.iter().map(|d| d.value).collect();
                dates.sort();
                Some((
                    OfferView {
                        id: o.id.value.clone(),
                        url: format!("shadowing/{}/index.html", o.id.value),
                        title: o.title.value.clone(),
                        agency: self.agency_link(&o.agency.value),
                        team,
                        team_id: shown_team.map(|t| t.id.value.clone()),
                        description_html: self.md(Some(&o.description), 2),
                        open_to: o.open_to.iter().map(|x| x.value.clone()).collect(),
                        open_to_ids: o.open_to.iter().map(|x| slug(&x.value)).collect(),
                        format: o.format.as_ref().map(|f| f.value.word()),
                        duration: o.duration.as_ref().map(|d| d.value.clone()),
                        dates: dates.iter().map(Date::to_string).collect(),
                        places: o.places.as_ref().map(|p| p.value),
                        location: o.location.as_ref().map(|l| l.value.clone()),
                        apply: self.route_link(&o.apply.value, &o.agency.value),
                        closes: o.closes.as_ref().map(|c| c.value.to_string()),
                        closed,
                        visibility: v,
                    },
                    next,
                ))
            })
            .collect();
        // Open first; then by the next date (undated "by arrangement" after dated), then title.
        offers.sort_by(|(a, an), (b, bn)| {
            (a.closed, an.is_none(), an, &a.title).cmp(&(b.closed, bn.is_none(), bn, &b.title))
        });
        // An offer open to "anyone…" shows under every choice of the filter.
        let mut every: Vec<String> = offers
            .iter()
            .flat_map(|(o, _)| o.open_to_ids.iter().cloned())
            .collect();
        every.sort();
        every.dedup();
        offers
            .into_iter()
            .map(|(mut o, _)| {
                if o.open_to
                    .iter()
                    .any(|w| w.trim().to_lowercase().starts_with("anyone"))
                {
                    o.open_to_ids = every.clone();
                }
                o
            })
            .collect()
    }
}

/// What a need's page lists, gathered from its narrower needs (`gather`).
struct Lists {
    lead: Vec<RoleEntry>,
    joint: Vec<RoleEntry>,
    support: Vec<RoleEntry>,
    signpost: Vec<RoleEntry>,
    does_not: Vec<TopicDoesNot>,
    by_area: Vec<AreaRoles>,
    /// Agency → strongest role across the need and its narrower needs (empty
    /// when it has none: its own `roles` serve).
    roles: BTreeMap<String, Role>,
}

/// Routes by urgency, then the agency's part in the need (lead, joint,
/// support, signpost, none), then agency and purpose.
fn sort_routes(routes: &mut [&ContactView], roles: &BTreeMap<String, Role>) {
    routes.sort_by_cached_key(|c| {
        let role = roles.get(&c.agency.id).map_or(4, |r| *r as u8);
        (
            c.urgency_rank,
            role,
            c.agency.name.clone(),
            c.purpose.clone(),
        )
    });
}

/// Whether a route is open at some time outside office hours: always, at the
/// weekend, or into the night.
fn open_out_of_hours(c: &ContactView) -> bool {
    c.hours_data == "always"
        || c.hours_data.split(' ').any(|part| {
            let Some((days, times)) = part.split_once(':') else {
                return false;
            };
            let (start, end) = times.split_once('-').unwrap_or(("0", "0"));
            let (start, end) = (
                start.parse::<u16>().unwrap_or(0),
                end.parse::<u16>().unwrap_or(0),
            );
            days.contains('5') || days.contains('6') || end <= start || end > 20 * 60
        })
}

/// Words as an id: lowercase ASCII letters and digits joined by hyphens.
pub fn slug(words: &str) -> String {
    words
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The first sentence of some Markdown, as plain text on one line.
pub fn first_sentence(markdown: &str) -> String {
    first_sentence_or_all(markdown, true)
}

fn first_sentence_or_all(markdown: &str, first: bool) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(i) if first => text[..=i].to_owned(),
        _ => text,
    }
}

fn hidden_link(reference: &str) -> LinkView {
    LinkView {
        id: reference.to_owned(),
        name: "a service listed in the internal directory".to_owned(),
        url: None,
    }
}

fn display_term(g: &crate::model::GlossaryEntry) -> String {
    match &g.abbreviation {
        Some(a) => format!("{} ({})", a.value, g.term.value),
        None => g.term.value.clone(),
    }
}

/// A–Z sorting that ignores case and leading punctuation.
pub fn sort_key(s: &str) -> String {
    s.trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn letter_of(s: &str) -> String {
    match s
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
    {
        Some(c) if c.is_ascii_alphabetic() => c.to_ascii_uppercase().to_string(),
        Some(_) => "#".to_owned(),
        None => "#".to_owned(),
    }
}

fn channel_label(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::SecureEmail => "Secure email",
        Channel::WebForm => "Online form",
        Channel::Portal => "Portal",
        Channel::InPerson => "In person",
        Channel::Text => "Text message",
        Channel::Post => "Post",
    }
}

/// A `tel:`, `sms:`, `mailto:` or web link for a contact value.
pub fn contact_href(channel: Channel, value: &str) -> Option<String> {
    let v = value.trim();
    let digits = || -> String {
        v.chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    };
    match channel {
        Channel::Phone => Some(format!("tel:{}", digits())),
        Channel::Text => Some(format!("sms:{}", digits())),
        Channel::Email | Channel::SecureEmail => Some(format!("mailto:{v}")),
        Channel::WebForm | Channel::Portal => Some(v.to_owned()),
        Channel::InPerson | Channel::Post => None,
    }
}

/// Openings for the "open now" script, shortest form: `DAYS:START-END` in
/// minutes, space-separated, where DAYS are the digits of the days (0 = Monday)
/// that share those times; an end at or before the start runs past midnight.
/// `mon-thu 08:45-17:00; sat,sun 10:00-14:00` is `0123:525-1020 56:600-840`.
fn opening_data(openings: &[crate::model::hours::Opening]) -> String {
    let mut groups: Vec<((u16, u16), Vec<u8>)> = Vec::new();
    for o in openings {
        let times = (o.start, o.end);
        match groups.iter_mut().find(|(t, _)| *t == times) {
            Some((_, days)) if !days.contains(&o.day) => days.push(o.day),
            Some(_) => {}
            None => groups.push((times, vec![o.day])),
        }
    }
    groups
        .into_iter()
        .map(|((start, end), mut days)| {
            days.sort_unstable();
            let days: String = days.iter().map(u8::to_string).collect();
            format!("{days}:{start}-{end}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod opening_data_tests {
    use super::opening_data;
    use crate::model::hours::Opening;

    fn at(day: u8, start: u16, end: u16) -> Opening {
        Opening { day, start, end }
    }

    #[test]
    fn days_with_the_same_times_share_one_entry() {
        let openings = [
            at(0, 525, 1020),
            at(1, 525, 1020),
            at(3, 525, 1020),
            at(6, 600, 840),
            at(5, 600, 840),
            at(1, 525, 1020),
            at(4, 1020, 480),
        ];
        assert_eq!(
            opening_data(&openings),
            "013:525-1020 56:600-840 4:1020-480"
        );
        assert_eq!(opening_data(&[]), "");
    }
}
