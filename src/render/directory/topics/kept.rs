//! Needs' own views `serve` keeps from one rebuild to the next, by a digest
//! of what each is made from: the files that are not agencies' (the need's
//! own record among them) and, in the order the need lists them, the
//! agencies that do, do not do, or have routes for it, each by the digest its
//! view was made from (`reuse.rs`). The matrix's cells (one per agency in the
//! directory's order) are made again every time.

use std::collections::HashMap;

use rayon::prelude::*;

use super::*;
use crate::render::digest::Digest;

/// Needs' own views of the last build, by the digest of what each was made from.
#[derive(Default)]
pub(crate) struct TopicViews(HashMap<u128, TopicView>);

/// What the views of one build's agencies were made from: the digest of the
/// rest of the site, and each agency's, by id.
pub(crate) struct Made<'c> {
    pub(crate) rest: u128,
    pub(crate) agencies: HashMap<&'c str, u128>,
}

impl Builder<'_> {
    /// Every need's own view, in content order; with `kept`, reuses those
    /// made from the same inputs last time and keeps this build's.
    pub(super) fn own_topic_views(
        &self,
        by: &ByTopic,
        agencies: &[Shared<AgencyView>],
        kept: Option<(&Made, &mut TopicViews)>,
    ) -> Vec<TopicView> {
        let topics = &self.r.content.topics;
        let Some((made, kept)) = kept else {
            return (topics.par_iter())
                .map(|t| self.topic_view(t, by, agencies))
                .collect();
        };
        let keys: Vec<u128> = (topics.par_iter()).map(|t| key(t, by, made)).collect();
        let mut old = std::mem::take(&mut kept.0);
        let found: Vec<Option<TopicView>> = keys.iter().map(|k| old.remove(k)).collect();
        let views: Vec<TopicView> = (topics.par_iter().zip(found))
            .map(|(t, view)| match view {
                Some(mut v) => {
                    v.cells = cells(&v.roles, agencies);
                    v
                }
                None => self.topic_view(t, by, agencies),
            })
            .collect();
        let out = views.par_iter().cloned().collect();
        kept.0 = keys.into_iter().zip(views).collect();
        // Freeing the views not kept takes a while: do it off the build's path.
        std::thread::spawn(move || drop(old));
        out
    }
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
    for (a, _) in by.does.get(id).into_iter().flatten() {
        agency(&a.id);
    }
    agency("|");
    for (a, _) in by.does_not.get(id).into_iter().flatten() {
        agency(&a.id);
    }
    agency("|");
    for c in by.routes.get(id).into_iter().flatten() {
        agency(&c.agency.id);
    }
    d.finish()
}

/// One cell per agency in the directory's order: its role in the need, or "".
pub(super) fn cells(roles: &BTreeMap<String, Role>, agencies: &[Shared<AgencyView>]) -> Cells {
    Cells::new(agencies.iter().map(|a| roles.get(&a.id).copied()))
}
