//! What a need's page lists: its own routes and roles and, for a broader
//! need, its narrower needs' (each entry saying which), so that a page like
//! "Safeguarding" is not a page of dashes. Routes are ordered by urgency,
//! then the lead and joint agencies' first.

use std::collections::HashSet;

use super::*;

/// What a need's page lists, gathered from its narrower needs.
struct Lists {
    lead: Vec<RoleEntry>,
    joint: Vec<RoleEntry>,
    support: Vec<RoleEntry>,
    signpost: Vec<RoleEntry>,
    does_not: Vec<TopicDoesNot>,
    by_area: Vec<AreaRoles>,
    /// The agencies each of `by_area`'s lists (lead, joint, support,
    /// signpost) names so far.
    area_ids: Vec<[HashSet<String>; 4]>,
    /// Agency → strongest role across the need and its narrower needs.
    roles: BTreeMap<String, Role>,
}

/// A need's gathered lists (none for a need with no narrower needs: its
/// own serve, and copying every need's lists doubled them in memory) and
/// routes, to be put in its view.
struct Gathered {
    lists: Option<Lists>,
    urgent: usize,
    out_of_hours: bool,
    routes: Vec<String>,
}

impl Lists {
    /// The lists a page shows (not the matrix's cells) of the need itself.
    fn own(t: &TopicView) -> Lists {
        Lists::of(
            [&t.lead, &t.joint, &t.support, &t.signpost].map(Clone::clone),
            t.does_not.clone(),
            t,
        )
    }

    /// The same, the entry lists moved out of `t` (a copy of the need's own view).
    fn taken(t: &mut TopicView) -> Lists {
        let roles = [&mut t.lead, &mut t.joint, &mut t.support, &mut t.signpost];
        Lists::of(
            roles.map(std::mem::take),
            std::mem::take(&mut t.does_not),
            t,
        )
    }

    fn of(
        [lead, joint, support, signpost]: [Vec<RoleEntry>; 4],
        does_not: Vec<TopicDoesNot>,
        t: &TopicView,
    ) -> Lists {
        let area_ids = (t.by_area.iter())
            .map(|a| {
                [&a.lead, &a.joint, &a.support, &a.signpost]
                    .map(|l| l.iter().map(|x| x.id.clone()).collect())
            })
            .collect();
        Lists {
            lead,
            joint,
            support,
            signpost,
            does_not,
            by_area: t.by_area.clone(),
            area_ids,
            roles: t.roles.clone(),
        }
    }

    /// Adds a narrower need's entries, each saying which need it is for.
    fn add(&mut self, d: &TopicView, need: &Shared<LinkView>) {
        let tag = |e: &RoleEntry| RoleEntry {
            need: Some(need.clone()),
            ..e.clone()
        };
        self.lead.extend(d.lead.iter().map(tag));
        self.joint.extend(d.joint.iter().map(tag));
        self.support.extend(d.support.iter().map(tag));
        self.signpost.extend(d.signpost.iter().map(tag));
        self.does_not
            .extend(d.does_not.iter().map(|e| TopicDoesNot {
                need: Some(need.clone()),
                ..e.clone()
            }));
        for ((mine, ids), theirs) in
            (self.by_area.iter_mut().zip(&mut self.area_ids)).zip(&d.by_area)
        {
            merge_area(mine, ids, theirs);
        }
        for (agency, role) in &d.roles {
            let r = self.roles.entry(agency.clone()).or_insert(*role);
            if role < r {
                *r = *role;
            }
        }
    }
}

/// Adds to each role list of an area the agencies it does not name yet.
fn merge_area(mine: &mut AreaRoles, ids: &mut [HashSet<String>; 4], theirs: &AreaRoles) {
    let [lead, joint, support, signpost] = ids;
    for (to, ids, from) in [
        (&mut mine.lead, lead, &theirs.lead),
        (&mut mine.joint, joint, &theirs.joint),
        (&mut mine.support, support, &theirs.support),
        (&mut mine.signpost, signpost, &theirs.signpost),
    ] {
        for l in from {
            if ids.insert(l.id.clone()) {
                to.push(l.clone());
            }
        }
    }
}

impl Gathered {
    /// Puts the gathered lists into the need's view (a need with no narrower
    /// needs keeps its own). Gaps and overlaps stay as judged for the need
    /// itself; each agency is named once in an area, at its strongest part.
    fn apply(self, t: &mut TopicView) {
        match self.lists {
            Some(lists) => {
                t.lead = lists.lead;
                t.joint = lists.joint;
                t.support = lists.support;
                t.signpost = lists.signpost;
                t.does_not = lists.does_not;
                for (mine, all) in t.by_area.iter_mut().zip(lists.by_area) {
                    strongest(mine, [all.lead, all.joint, all.support, all.signpost]);
                }
            }
            None => {
                for mine in &mut t.by_area {
                    let own = [
                        &mut mine.lead,
                        &mut mine.joint,
                        &mut mine.support,
                        &mut mine.signpost,
                    ]
                    .map(std::mem::take);
                    strongest(mine, own);
                }
            }
        }
        t.urgent_routes = self.urgent;
        t.out_of_hours_help = self.out_of_hours;
        t.page_routes = self.routes;
    }
}

/// An area's role lists from `all` (lead, joint, support, signpost), each
/// agency in its strongest role only.
fn strongest(mine: &mut AreaRoles, all: [Vec<Shared<LinkView>>; 4]) {
    // A set, not a list: a broad need names thousands of agencies in an area.
    let mut seen: HashSet<String> = HashSet::new();
    let mut keep = |list: Vec<Shared<LinkView>>| -> Vec<Shared<LinkView>> {
        let kept: Vec<Shared<LinkView>> =
            list.into_iter().filter(|l| !seen.contains(&l.id)).collect();
        seen.extend(kept.iter().map(|l| l.id.clone()));
        kept
    };
    let [lead, joint, support, signpost] = all;
    mine.lead = keep(lead);
    mine.joint = keep(joint);
    mine.support = keep(support);
    mine.signpost = keep(signpost);
}

impl Builder<'_> {
    /// Gathers every need's page lists (see the module's documentation).
    pub(in crate::render::directory) fn gather(
        &self,
        topics: &mut [TopicView],
        agencies: &[Shared<AgencyView>],
    ) {
        let ids: Vec<&str> = topics.iter().map(|t| t.id.as_str()).collect();
        let narrower = self.narrower(&ids);
        let contact = contacts(agencies);
        let gathered: Vec<Gathered> = (0..topics.len())
            .map(|i| {
                let narrower: Vec<&TopicView> = narrower[i].iter().map(|&j| &topics[j]).collect();
                let lists = (!narrower.is_empty()).then(|| Lists::own(&topics[i]));
                self.gather_one(&topics[i], lists, &narrower, &contact)
            })
            .collect();
        for (t, g) in topics.iter_mut().zip(gathered) {
            g.apply(t);
        }
    }

    /// The view a need's page shows: its own view `own` (a copy) with its
    /// narrower needs' entries gathered in (`narrower`, their own views).
    pub(in crate::render::directory) fn gathered(
        &self,
        own: &TopicView,
        narrower: &[&TopicView],
        contact: &HashMap<&str, &ContactView>,
    ) -> TopicView {
        let mut view = own.clone();
        let lists = (!narrower.is_empty()).then(|| Lists::taken(&mut view));
        self.gather_one(own, lists, narrower, contact)
            .apply(&mut view);
        view
    }

    /// Each need's narrower needs (by position in `ids`), depth first in file
    /// order (each once, stopping at a cycle).
    pub(in crate::render::directory) fn narrower(&self, ids: &[&str]) -> Vec<Vec<usize>> {
        let position: HashMap<&str, usize> =
            (ids.iter().enumerate()).map(|(i, id)| (*id, i)).collect();
        let children = |id: &str| -> Vec<&str> {
            let mut c = self.r.ix.children.get(id).cloned().unwrap_or_default();
            c.reverse();
            c
        };
        (0..ids.len())
            .map(|i| {
                let mut found: Vec<usize> = Vec::new();
                let mut stack = children(ids[i]);
                while let Some(c) = stack.pop() {
                    let Some(&j) = position.get(c) else { continue };
                    if j == i || found.contains(&j) {
                        continue;
                    }
                    found.push(j);
                    stack.extend(children(c));
                }
                found
            })
            .collect()
    }

    /// What a need's page lists: `lists` (its own, when it has narrower
    /// needs) with its narrower needs' added, and the routes of them all.
    fn gather_one(
        &self,
        own: &TopicView,
        mut lists: Option<Lists>,
        narrower: &[&TopicView],
        contact: &HashMap<&str, &ContactView>,
    ) -> Gathered {
        let mut keys = own.routes.clone();
        let mut have: HashSet<&str> = own.routes.iter().map(String::as_str).collect();
        for d in narrower {
            if let Some(lists) = &mut lists {
                lists.add(d, &Shared::new(self.topic_link(&d.id)));
            }
            for k in &d.routes {
                if have.insert(k.as_str()) {
                    keys.push(k.clone());
                }
            }
        }
        let mut routes: Vec<&ContactView> = (keys.iter())
            .filter_map(|k| contact.get(k.as_str()).copied())
            .collect();
        let roles = lists.as_ref().map_or(&own.roles, |l| &l.roles);
        sort_routes(&mut routes, roles);
        let urgent: Vec<&&ContactView> = routes.iter().filter(|c| c.urgency_rank <= 1).collect();
        Gathered {
            urgent: urgent.len(),
            out_of_hours: urgent.iter().any(|c| open_out_of_hours(c)),
            routes: routes.iter().map(|c| c.key.clone()).collect(),
            lists,
        }
    }
}

/// Every route of the directory by its key (`agency/route`).
pub(in crate::render::directory) fn contacts(
    agencies: &[Shared<AgencyView>],
) -> HashMap<&str, &ContactView> {
    (agencies.iter())
        .flat_map(|a| a.contacts.iter())
        .map(|c| (c.key.as_str(), c))
        .collect()
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
