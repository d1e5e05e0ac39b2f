//! Agency views `serve` keeps from one rebuild to the next, by a digest of
//! everything each is made from, so that a save renders again (Markdown,
//! hours in words, links) only the agencies it can have changed.
//!
//! An agency's view reads its own file; the files that are not agencies'
//! (the site's settings, needs, glossary, shadowing offers, pages, the
//! version 2 kinds) and the build's scope; whether the agencies the glossary
//! names as users are in the build (the terms Markdown links); and, through
//! `refer_to` and `out_of_hours`, the agencies those name. The digest is made
//! of exactly those: the agency's id, path and text, one digest of the rest
//! of the site, and the id and text of each agency it names (or that it is
//! missing). A view whose digest is the same is the same view.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::topics::kept::{Made, TopicViews};
use super::{AgencyView, Builder, Shared};
use crate::model::{Agency, FileId, GlossaryEntry};
use crate::render::digest::{self, Digest};
use crate::render::glossary_links::Terms;

/// The views `serve` keeps from one rebuild to the next.
#[derive(Default)]
pub(crate) struct Kept {
    agencies: AgencyViews,
    pub(super) topics: TopicViews,
    /// The glossary's terms (for linking), by the digest of the entries'
    /// ids, terms, abbreviations and users in the build they are made from.
    terms: Option<(u128, Arc<Terms>)>,
}

impl Kept {
    /// The terms of `entries` (`used_by` says who uses each in this build):
    /// the last build's when made from the same, else made and kept.
    pub(super) fn terms(
        &mut self,
        entries: &[GlossaryEntry],
        used_by: impl Fn(&GlossaryEntry) -> Vec<String>,
    ) -> Arc<Terms> {
        let mut d = Digest::new();
        let mut add = |s: &str| {
            d.add(&(s.len() as u64).to_le_bytes());
            d.add(s.as_bytes());
        };
        for g in entries {
            add(&g.id.value);
            add(&g.term.value);
            match &g.abbreviation {
                Some(a) => add(&format!("abbreviation {}", a.value)),
                None => add("none"),
            }
            let users = used_by(g);
            add(&users.len().to_string());
            users.iter().for_each(|u| add(u));
        }
        let key = d.finish();
        if let Some((k, terms)) = &self.terms
            && *k == key
        {
            return Arc::clone(terms);
        }
        let terms = Arc::new(Terms::new(entries, used_by));
        self.terms = Some((key, Arc::clone(&terms)));
        terms
    }
}

/// Agency views of the last build, by the digest of what each was made from.
#[derive(Default)]
struct AgencyViews(HashMap<u128, Shared<AgencyView>>);

impl<'c> Builder<'c> {
    /// The views of the agencies in this build, in content order; with
    /// `kept`, reuses those made from the same inputs last time and keeps
    /// this build's for the next, and says what each was made from.
    pub(super) fn agency_views(
        &self,
        kept: Option<&mut Kept>,
    ) -> (Vec<Shared<AgencyView>>, Option<Made<'c>>) {
        let content: &'c crate::model::Content = self.r.content;
        let shown = (content.agencies.par_iter()).filter(|a| self.r.agency_shown(&a.id.value));
        let Some(kept) = kept.map(|k| &mut k.agencies) else {
            return (
                shown.map(|a| Shared::new(self.agency_view(a))).collect(),
                None,
            );
        };
        let inputs = Inputs::new(self);
        let shown: Vec<&'c Agency> = shown.collect();
        let keys: Vec<u128> = shown.par_iter().map(|a| inputs.of(a)).collect();
        let mut old = std::mem::take(&mut kept.0);
        let found: Vec<Option<Shared<AgencyView>>> = keys.iter().map(|k| old.remove(k)).collect();
        // A view kept is shared with this build, not copied: nothing changes
        // a view once made.
        let made: Vec<Shared<AgencyView>> = (shown.par_iter().zip(found))
            .zip(keys.par_iter())
            .map(|((a, view), key)| {
                view.unwrap_or_else(|| {
                    let mut view = self.agency_view(a);
                    view.made_from = *key;
                    Shared::new(view)
                })
            })
            .collect();
        let views = made.clone();
        let made_from = Made {
            rest: inputs.rest,
            agencies: (shown.iter().map(|a| a.id.value.as_str()))
                .zip(keys.iter().copied())
                .collect(),
        };
        kept.0 = keys.into_iter().zip(made).collect();
        // Freeing the views not kept takes a while: do it off the build's path.
        std::thread::spawn(move || drop(old));
        (views, Some(made_from))
    }
}

/// What the agencies' views of one build are made from.
struct Inputs<'c> {
    /// The digest of everything but the agencies' files.
    rest: u128,
    /// Each agency's file (path and text), by the agency's id.
    files: HashMap<&'c str, u128>,
}

impl<'c> Inputs<'c> {
    fn new(b: &Builder<'c>) -> Inputs<'c> {
        let content = b.r.content;
        let texts = content.files.as_slice();
        let file = |id: FileId| {
            texts.get(id.0 as usize).map_or(0, |f| {
                let mut d = Digest::new();
                d.add(f.path.as_bytes());
                d.add(f.text.as_bytes());
                d.finish()
            })
        };
        let digests: Vec<(&str, u128)> = (content.agencies.par_iter())
            .map(|a| (a.id.value.as_str(), file(a.file)))
            .collect();
        let mut files: HashMap<&str, u128> = HashMap::with_capacity(digests.len());
        for (id, d) in digests {
            // Two agencies of one id (an error, never built): both files count.
            let e = files.entry(id).or_default();
            *e = digest::of(&[e.to_le_bytes(), d.to_le_bytes()].concat());
        }
        let agency_files: HashSet<FileId> = content.agencies.iter().map(|a| a.file).collect();
        let mut rest = Digest::new();
        rest.add(&[u8::from(b.r.scope.public)]);
        rest.add(b.r.scope.today.to_string().as_bytes());
        for (i, f) in texts.iter().enumerate() {
            if !agency_files.contains(&FileId(i as u32)) {
                rest.add(f.path.as_bytes());
                rest.add(f.text.as_bytes());
            }
        }
        for u in content.glossary.iter().flat_map(|g| &g.used_by) {
            rest.add(u.value.as_bytes());
            rest.add(&[u8::from(b.r.agency_shown(&u.value))]);
        }
        Inputs {
            rest: rest.finish(),
            files,
        }
    }

    /// The digest of what the view of `a` is made from.
    fn of(&self, a: &Agency) -> u128 {
        let mut d = Digest::new();
        d.add(&self.rest.to_le_bytes());
        d.add(a.id.value.as_bytes());
        // The agency's own file (path and text).
        d.add(
            &self
                .files
                .get(a.id.value.as_str())
                .copied()
                .unwrap_or_default()
                .to_le_bytes(),
        );
        let routes = (a.contacts.iter()).filter_map(|c| c.out_of_hours.as_ref());
        let targets = (a.does_not.iter()).filter_map(|x| x.refer_to.as_ref());
        for reference in routes.chain(targets) {
            // An agency, `agency/team` or `agency/route`; a bare route is the agency's own.
            let named = (reference.value.split_once('/')).map_or(reference.value.as_str(), |p| p.0);
            d.add(named.as_bytes());
            d.add(
                &self
                    .files
                    .get(named)
                    .copied()
                    .unwrap_or_default()
                    .to_le_bytes(),
            );
        }
        d.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_terms_are_kept_while_their_entries_and_users_are_the_same() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let content = crate::load::load(&dir).expect("load").content;
        let mut kept = Kept::default();
        let users = |g: &GlossaryEntry| g.used_by.iter().map(|u| u.value.clone()).collect();
        let first = kept.terms(&content.glossary, users);
        assert!(Arc::ptr_eq(&first, &kept.terms(&content.glossary, users)));
        // An agency that uses a term left out of the build, a term renamed: made again.
        let nobody = |_: &GlossaryEntry| Vec::new();
        let fewer = kept.terms(&content.glossary, nobody);
        assert!(!Arc::ptr_eq(&first, &fewer));
        let mut renamed = content.glossary.clone();
        renamed[0].term.value.push_str(" again");
        assert!(!Arc::ptr_eq(&fewer, &kept.terms(&renamed, nobody)));
    }
}
