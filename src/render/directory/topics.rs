//! Each need's view: who leads, shares, supports and signposts (by area),
//! who does not, and its routes; a broader need gathers its narrower needs'.

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use super::text::{first_sentence, first_sentence_or_all, sort_key};
use super::*;
use crate::analyse;
use crate::model::Role;

impl Builder<'_> {
    pub(super) fn topics(&self, agencies: &[AgencyView]) -> Vec<TopicView> {
        let content = self.r.content;
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
                            .filter(|p| self.r.ix.topics.contains_key(p.value.as_str()))
                            .map(|p| self.topic_link(&p.value)),
                        children: self.r.ix.children.get(id).map_or_else(Vec::new, |c| {
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
            let Some(&i) = self.r.ix.topics.get(t.id.as_str()) else {
                continue;
            };
            let uncovered = coverage.uncovered(&content.topics[i].id.value, &self.r.ix, content);
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
                    .r
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
                    let mut more = self.r.ix.children.get(c).cloned().unwrap_or_default();
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
