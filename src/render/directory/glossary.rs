//! The glossary's view: each entry with who uses it and what it relates to,
//! and the abbreviations that mean more than one thing side by side.

use std::collections::HashMap;

use rayon::prelude::*;

use super::text::{display_term, letter_of, sort_key};
use super::*;
use crate::analyse;
use crate::model::GlossaryEntry;
use crate::render::glossary_links::clash_anchor;

impl Builder<'_> {
    pub(super) fn glossary(&self) -> (Vec<TermView>, Vec<ClashView>) {
        let clash_map = analyse::glossary::clashes(self.r.content);
        let clash_of: HashMap<&str, &str> = clash_map
            .iter()
            .flat_map(|(abbr, entries)| entries.iter().map(move |g| (g.id.value.as_str(), *abbr)))
            .collect();
        // Stopped part-way for a newer save: nothing (the build stops too).
        let terms: Option<Vec<TermView>> = self
            .r
            .content
            .glossary
            .par_iter()
            .map(|g| (!self.stopped()).then(|| self.term_view(g, &clash_of)))
            .collect();
        let Some(mut terms) = terms else {
            return (Vec::new(), Vec::new());
        };
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

    /// One entry's view; `clash_of` names the clash its abbreviation is in.
    fn term_view(&self, g: &GlossaryEntry, clash_of: &HashMap<&str, &str>) -> TermView {
        TermView {
            id: g.id.value.clone(),
            term: g.term.value.clone(),
            abbreviation: g.abbreviation.as_ref().map(|a| a.value.clone()),
            definition_html: self.md(Some(&g.definition), 3),
            aka: g.aka.iter().map(|x| x.value.clone()).collect(),
            used_by: g
                .used_by
                .iter()
                .filter(|u| self.r.agency_shown(&u.value))
                .map(|u| self.agency_link(&u.value))
                .collect(),
            see_also: g
                .see_also
                .iter()
                .filter_map(|s| {
                    self.r
                        .ix
                        .glossary
                        .get(s.value.as_str())
                        .map(|&i| &self.r.content.glossary[i])
                })
                .map(|s| LinkView {
                    id: s.id.value.clone(),
                    name: display_term(s),
                    url: Some(format!("glossary/index.html#{}", s.id.value)),
                })
                .collect(),
            letter: letter_of(g.abbreviation.as_ref().map_or(&g.term.value, |a| &a.value)),
            clash: clash_of.get(g.id.value.as_str()).map(|a| clash_anchor(a)),
        }
    }
}
