//! Each need's view: who leads, shares, supports and signposts (by area),
//! who does not, and its routes; a broader need gathers its narrower needs'
//! (`gather.rs`).

mod gather;
pub(super) mod kept;

use std::collections::{BTreeMap, HashMap};

use super::text::{first_sentence, first_sentence_or_all, sort_key};
use super::*;
use crate::analyse;
use crate::model::{Role, Topic};

/// What the agencies in this build say about each need, by need id.
#[derive(Default)]
struct ByTopic<'v> {
    does: HashMap<&'v str, Vec<(&'v AgencyView, &'v DoesView)>>,
    does_not: HashMap<&'v str, Vec<(&'v AgencyView, &'v DoesNotView)>>,
    routes: HashMap<&'v str, Vec<&'v ContactView>>,
    /// Each agency's link, made once and shared by every list naming it.
    links: HashMap<&'v str, Shared<LinkView>>,
}

impl<'v> ByTopic<'v> {
    /// What the agencies say about each need; with `link`, each agency's
    /// link made (else see [`ByTopic::link_named`]).
    fn new(
        agencies: &'v [Shared<AgencyView>],
        link: Option<&dyn Fn(&str) -> LinkView>,
    ) -> ByTopic<'v> {
        let mut by = ByTopic::default();
        for a in agencies {
            if let Some(link) = link {
                by.links.insert(a.id.as_str(), Shared::new(link(&a.id)));
            }
            for d in &a.does {
                by.does.entry(d.topic.id.as_str()).or_default().push((a, d));
            }
            for d in &a.does_not {
                let list = by.does_not.entry(d.topic.id.as_str()).or_default();
                list.push((a, d));
            }
            for c in &a.contacts {
                for t in &c.topics {
                    by.routes.entry(t.id.as_str()).or_default().push(c);
                }
            }
        }
        by
    }

    /// Makes the links of the agencies the needs `ids` name (under `serve`,
    /// only the needs whose views are made again need them).
    fn link_named<'i>(
        &mut self,
        ids: impl Iterator<Item = &'i str>,
        link: impl Fn(&str) -> LinkView,
    ) {
        for id in ids {
            let does = self.does.get(id).into_iter().flatten().map(|(a, _)| a);
            let does_not = self.does_not.get(id).into_iter().flatten().map(|(a, _)| a);
            for a in does.chain(does_not) {
                (self.links.entry(a.id.as_str())).or_insert_with(|| Shared::new(link(&a.id)));
            }
        }
    }

    /// The agency's shared link (made afresh for one not in the list).
    fn link(&self, id: &str, make: impl Fn(&str) -> LinkView) -> Shared<LinkView> {
        (self.links.get(id).cloned()).unwrap_or_else(|| Shared::new(make(id)))
    }
}

impl Builder<'_> {
    /// Every need's view, by name; with `kept` (under `serve`), reuses the
    /// views made from the same inputs last time (`kept.rs`).
    pub(super) fn topics(
        &self,
        agencies: &[Shared<AgencyView>],
        kept: Option<(&kept::Made, &mut kept::TopicViews)>,
    ) -> Vec<Shared<TopicView>> {
        let content = self.r.content;
        let link = |id: &str| self.agency_link(id);
        let by = crate::timing::phase("needs' agencies", || {
            ByTopic::new(agencies, kept.is_none().then_some(&link as _))
        });
        // Gaps as the analysis judges them (parents and children counted).
        let coverage =
            crate::timing::phase("coverage", || analyse::coverage::Coverage::new(content));
        let gaps = |t: &TopicView| -> Option<(bool, Vec<bool>)> {
            let &i = self.r.ix.topics.get(t.id.as_str())?;
            let uncovered = coverage.uncovered(&content.topics[i].id.value, &self.r.ix, content);
            let areas = (t.by_area.iter())
                .map(|a| uncovered.contains(&a.area.id.as_str()))
                .collect();
            Some((!uncovered.is_empty(), areas))
        };
        let mut topics = match kept {
            Some((made, kept)) => self.kept_topic_views(by, agencies, (made, kept), &gaps),
            None => {
                let mut own: Vec<TopicView> = crate::timing::phase("needs' own", || {
                    (content.topics.par_iter())
                        .map(|t| self.topic_view(t, &by, agencies))
                        .collect()
                });
                for t in &mut own {
                    if let Some(gap) = gaps(t) {
                        set_gaps(t, gap);
                    }
                }
                crate::timing::phase("gather", || self.gather(&mut own, agencies));
                own.into_iter().map(Shared::new).collect()
            }
        };
        topics.sort_by_cached_key(|t| sort_key(&t.name));
        topics
    }

    /// One need's own view (before `gather` adds its narrower needs').
    fn topic_view(&self, t: &Topic, by: &ByTopic, agencies: &[Shared<AgencyView>]) -> TopicView {
        let id = t.id.value.as_str();
        let entries = by.does.get(id).map_or(&[][..], Vec::as_slice);
        let role_list = |role: Role| -> Vec<RoleEntry> {
            (entries.iter())
                .filter(|(_, d)| d.role == role)
                .map(|(a, d)| RoleEntry {
                    agency: by.link(&a.id, |id| self.agency_link(id)),
                    need: None,
                    team: d.team.clone(),
                    areas: d.areas.clone(),
                    detail_html: d.detail_html.clone(),
                    eligibility_html: d.eligibility_html.clone(),
                    ages_words: d.ages_words.clone(),
                })
                .collect()
        };
        let by_area = self.area_roles(entries, by);
        let mut roles: BTreeMap<String, Role> = BTreeMap::new();
        for (a, d) in entries {
            let r = roles.entry(a.id.clone()).or_insert(d.role);
            if d.role < *r {
                *r = d.role;
            }
        }
        let mut routes: Vec<&ContactView> = by.routes.get(id).cloned().unwrap_or_default();
        sort_routes(&mut routes, &roles);
        let describes_more = t
            .description
            .as_ref()
            .is_some_and(|d| first_sentence_or_all(&d.value, false) != first_sentence(&d.value));
        TopicView {
            id: id.to_owned(),
            url: format!("topics/{id}/index.html"),
            name: t.name.value.clone(),
            summary: (t.description.as_ref())
                .map(|d| first_sentence(&d.value))
                .unwrap_or_default(),
            describes_more,
            description_html: self.md(t.description.as_ref(), 3),
            aka: t.aka.iter().map(|x| x.value.clone()).collect(),
            parent: (t.parent.as_ref())
                .filter(|p| self.r.ix.topics.contains_key(p.value.as_str()))
                .map(|p| self.topic_link(&p.value)),
            children: (self.r.ix.children.get(id))
                .map_or_else(Vec::new, |c| c.iter().map(|c| self.topic_link(c)).collect()),
            lead: role_list(Role::Lead),
            joint: role_list(Role::Joint),
            support: role_list(Role::Support),
            signpost: role_list(Role::Signpost),
            overlap: by_area.iter().any(|a| a.overlap),
            by_area,
            does_not: self.topic_does_not(by.does_not.get(id), by),
            page_routes: Vec::new(),
            urgent_routes: 0,
            out_of_hours_help: false,
            routes: routes.iter().map(|c| c.key.clone()).collect(),
            gap: false,
            cells: kept::cells(&roles, agencies),
            roles,
        }
    }

    /// Who leads, shares, supports and signposts in each of the site's areas.
    fn area_roles(&self, entries: &[(&AgencyView, &DoesView)], by: &ByTopic) -> Vec<AreaRoles> {
        let site_areas =
            (self.r.content.site.iter()).flat_map(|s| s.areas.iter().map(|a| a.id.value.as_str()));
        site_areas
            .map(|area| {
                let in_area = |role: Role| -> Vec<Shared<LinkView>> {
                    let mut v: Vec<Shared<LinkView>> = (entries.iter())
                        .filter(|(_, d)| d.role == role && d.areas.iter().any(|x| x.id == area))
                        .map(|(a, _)| by.link(&a.id, |id| self.agency_link(id)))
                        .collect();
                    v.dedup_by(|x, y| x.id == y.id);
                    v
                };
                let lead = in_area(Role::Lead);
                AreaRoles {
                    area: self.area_views(&[area])[0].clone(),
                    gap: false,
                    overlap: lead.len() > 1,
                    lead,
                    joint: in_area(Role::Joint),
                    support: in_area(Role::Support),
                    signpost: in_area(Role::Signpost),
                }
            })
            .collect()
    }

    fn topic_does_not(
        &self,
        list: Option<&Vec<(&AgencyView, &DoesNotView)>>,
        by: &ByTopic,
    ) -> Vec<TopicDoesNot> {
        (list.into_iter().flatten())
            .map(|(a, d)| TopicDoesNot {
                agency: by.link(&a.id, |id| self.agency_link(id)),
                need: None,
                detail_html: d.detail_html.clone(),
                refer_to: d.refer_to.clone(),
            })
            .collect()
    }
}

/// Puts a need's gaps (its own, and in each area) into its view.
fn set_gaps(t: &mut TopicView, (gap, areas): (bool, Vec<bool>)) {
    t.gap = gap;
    for (a, gap) in t.by_area.iter_mut().zip(areas) {
        a.gap = gap;
    }
}

/// Whether a need's view already has these gaps.
fn has_gaps(t: &TopicView, (gap, areas): &(bool, Vec<bool>)) -> bool {
    t.gap == *gap && t.by_area.iter().map(|a| a.gap).eq(areas.iter().copied())
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
