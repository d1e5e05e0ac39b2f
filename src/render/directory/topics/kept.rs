//! Needs' views `serve` keeps from one rebuild to the next, by a digest of
//! what each is made from, so that a save makes again only the needs it can
//! have changed, and shares the rest with the new directory (not copied).
//!
//! A need's own view is made from the files that are not agencies' (the
//! need's own record among them) and, in the order the need lists them, the
//! agencies that do, do not do, or have routes for it, each by the digest its
//! view was made from (`reuse.rs`). The view its page shows gathers its
//! narrower needs' own views in (`gather.rs`): it is made from its own
//! view's inputs and theirs, in order. What is judged afresh every time, and
//! put into a kept view only when it differs: the matrix's cells (one per
//! agency in the directory's order) and the gaps (from the whole content).

use std::collections::HashMap;

use rayon::prelude::*;

use super::gather::contacts;
use super::*;
use crate::render::digest::Digest;

/// The needs' views of the last build: their own views (which a broader
/// need's view gathers) and the views their pages show, each by the digest
/// of what it was made from.
#[derive(Default)]
pub(crate) struct TopicViews {
    own: HashMap<u128, Shared<TopicView>>,
    shown: HashMap<u128, Shared<TopicView>>,
}

/// What the views of one build's agencies were made from: the digest of the
/// rest of the site, and each agency's, by id.
pub(crate) struct Made<'c> {
    pub(crate) rest: u128,
    pub(crate) agencies: HashMap<&'c str, u128>,
}

/// A need's gaps: its own, and in each of the site's areas.
type Gaps = Option<(bool, Vec<bool>)>;

impl Builder<'_> {
    /// Every need's view, in content order, reusing those made from the same
    /// inputs last time, and keeping this build's for the next.
    pub(super) fn kept_topic_views(
        &self,
        mut by: ByTopic,
        agencies: &[Shared<AgencyView>],
        (made, kept): (&Made, &mut TopicViews),
        gaps: &(dyn Fn(&TopicView) -> Gaps + Sync),
    ) -> Vec<Shared<TopicView>> {
        let topics = &self.r.content.topics;
        let own_keys: Vec<u128> = crate::timing::phase("needs' keys", || {
            (topics.par_iter()).map(|t| key(t, &by, made)).collect()
        });
        let ids: Vec<&str> = topics.iter().map(|t| t.id.value.as_str()).collect();
        let narrower = self.narrower(&ids);
        let keys: Vec<u128> = (narrower.iter().enumerate())
            .map(|(i, under)| {
                let mut d = Digest::new();
                for &j in std::iter::once(&i).chain(under) {
                    d.add(&own_keys[j].to_le_bytes());
                }
                d.finish()
            })
            .collect();
        let mut old = std::mem::take(&mut kept.shown);
        let found: Vec<Option<Shared<TopicView>>> = keys.iter().map(|k| old.remove(k)).collect();
        // The own views the needs made again need: theirs and their narrower needs'.
        let mut needed = vec![false; topics.len()];
        for (i, view) in found.iter().enumerate() {
            if view.is_none() {
                needed[i] = true;
                narrower[i].iter().for_each(|&j| needed[j] = true);
            }
        }
        let own = crate::timing::phase("needs' own", || {
            let made_again = (ids.iter().zip(&needed)).filter(|(_, n)| **n);
            by.link_named(made_again.map(|(id, _)| *id), |id| self.agency_link(id));
            self.own_views(&by, agencies, (&own_keys, &needed), &mut kept.own)
        });
        let contact = if needed.contains(&true) {
            contacts(agencies)
        } else {
            HashMap::new()
        };
        let order: HashMap<&str, usize> = (agencies.iter().enumerate())
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        // Once the build is to stop, the views not made yet are left unmade
        // (the directory is not used): those made are kept all the same.
        let views: Vec<Option<Shared<TopicView>>> = crate::timing::phase("gather", || {
            (found.into_par_iter().enumerate())
                .map(|(i, view)| {
                    let view = match view {
                        Some(view) => view,
                        None if self.stopped() => return None,
                        None => {
                            let under: Vec<&TopicView> = (narrower[i].iter())
                                .filter_map(|&j| own[j].as_deref())
                                .collect();
                            let own = own[i].as_deref().map_or_else(
                                || self.topic_view(&topics[i], &by, agencies),
                                Clone::clone,
                            );
                            Shared::new(self.gathered(&own, &under, &contact))
                        }
                    };
                    Some(judged_afresh(view, gaps, agencies.len(), &order))
                })
                .collect()
        });
        kept.shown = (keys.into_iter().zip(&views))
            .filter_map(|(k, v)| Some((k, v.clone()?)))
            .collect();
        // Freeing the views not kept takes a while: do it off the build's path.
        std::thread::spawn(move || drop(old));
        views.into_iter().flatten().collect()
    }

    /// The own views of the needs `needed` marks, by position (kept ones
    /// shared, the others made, until the build is to stop); keeps them, and the kept own views of the
    /// other needs of this build, for the next.
    fn own_views(
        &self,
        by: &ByTopic,
        agencies: &[Shared<AgencyView>],
        (keys, needed): (&[u128], &[bool]),
        kept: &mut HashMap<u128, Shared<TopicView>>,
    ) -> Vec<Option<Shared<TopicView>>> {
        let topics = &self.r.content.topics;
        let mut old = std::mem::take(kept);
        let found: Vec<Option<Shared<TopicView>>> = keys.iter().map(|k| old.remove(k)).collect();
        let views: Vec<Option<Shared<TopicView>>> = (found.into_par_iter().enumerate())
            .map(|(i, view)| match view {
                None if needed[i] && !self.stopped() => {
                    Some(Shared::new(self.topic_view(&topics[i], by, agencies)))
                }
                view => view,
            })
            .collect();
        *kept = (keys.iter().zip(&views))
            .filter_map(|(k, v)| Some((*k, v.clone()?)))
            .collect();
        std::thread::spawn(move || drop(old));
        views
    }
}

/// A need's view with this build's cells and gaps: the same view when it has
/// them already, else a copy with them.
fn judged_afresh(
    view: Shared<TopicView>,
    gaps: &(dyn Fn(&TopicView) -> Gaps + Sync),
    agencies: usize,
    order: &HashMap<&str, usize>,
) -> Shared<TopicView> {
    let mut roles = vec![None; agencies];
    for (a, role) in &view.roles {
        if let Some(&i) = order.get(a.as_str()) {
            roles[i] = Some(*role);
        }
    }
    let cells = Cells::new(roles.into_iter());
    let gap = gaps(&view);
    let same_gaps = gap.as_ref().is_none_or(|g| has_gaps(&view, g));
    if view.cells == cells && same_gaps {
        return view;
    }
    let mut copy = (*view).clone();
    copy.cells = cells;
    if let Some(gap) = gap {
        set_gaps(&mut copy, gap);
    }
    Shared::new(copy)
}

/// The digest of what a need's own view (but its cells) is made from.
fn key(t: &Topic, by: &ByTopic, made: &Made) -> u128 {
    let id = t.id.value.as_str();
    let mut d = Digest::new();
    d.add(&made.rest.to_le_bytes());
    d.add(id.as_bytes());
    let mut agency = |a: &str| {
        d.add(a.as_bytes());
        d.add(
            &made
                .agencies
                .get(a)
                .copied()
                .unwrap_or_default()
                .to_le_bytes(),
        );
    };
    for c in by.routes.get(id).into_iter().flatten() {
        agency(&c.agency.id);
    }
    d.add(b"|");
    // An agency's view knows the digest it was made from.
    let does = (by.does.get(id).into_iter().flatten()).map(|(a, _)| Some(&**a));
    let does_not = (by.does_not.get(id).into_iter().flatten()).map(|(a, _)| Some(&**a));
    for a in does.chain([None]).chain(does_not) {
        match a {
            Some(a) => {
                d.add(a.id.as_bytes());
                d.add(&a.made_from.to_le_bytes());
            }
            None => d.add(b"|"),
        }
    }
    d.finish()
}

/// One cell per agency in the directory's order: its role in the need, or "".
pub(super) fn cells(roles: &BTreeMap<String, Role>, agencies: &[Shared<AgencyView>]) -> Cells {
    Cells::new(agencies.iter().map(|a| roles.get(&a.id).copied()))
}
