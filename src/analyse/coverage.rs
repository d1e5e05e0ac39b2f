//! Who leads on each need, area by area: `gap` (nobody leads or shares the lead)
//! and `overlap` (several agencies each say they lead).
//!
//! How parent and child topics count:
//! - a lead or joint on a topic covers its children in the same area (the parent's
//!   lead is a real place to start for the narrower need);
//! - a topic that has children is also covered in an area when every one of its
//!   children is covered there (the umbrella is led, piece by piece);
//! - a lead on a child topic alone does not cover its parent.
//!
//! Overlap counts agencies, not entries: two teams of one agency that both lead
//! a topic are that agency's own arrangement.

use std::collections::{BTreeMap, BTreeSet};

use super::index::Index;
use crate::findings::{Code, Finding};
use crate::model::{Agency, Content, Does, Loc, Role};

/// The areas a `does` entry covers: its own, else its team's, else its agency's.
pub(crate) fn entry_areas<'c>(agency: &'c Agency, d: &'c Does) -> Vec<&'c str> {
    if !d.areas.is_empty() {
        return d.areas.iter().map(|a| a.value.as_str()).collect();
    }
    let team = d
        .team
        .as_ref()
        .and_then(|team| agency.teams.iter().find(|t| t.id.value == team.value));
    if let Some(t) = team.filter(|t| !t.areas.is_empty()) {
        return t.areas.iter().map(|a| a.value.as_str()).collect();
    }
    agency.areas.iter().map(|a| a.value.as_str()).collect()
}

/// One lead or joint claim on a topic in an area.
struct Claim<'c> {
    agency: &'c str,
    role: Role,
    loc: Loc,
}

/// Lead and joint claims on each topic in each area, built once and asked per topic.
pub(crate) struct Coverage<'c> {
    /// (topic, area) → lead and joint claims, in file order.
    claims: BTreeMap<(&'c str, &'c str), Vec<Claim<'c>>>,
    areas: Vec<&'c str>,
}

impl<'c> Coverage<'c> {
    pub(crate) fn new(content: &'c Content) -> Self {
        let mut claims: BTreeMap<(&str, &str), Vec<Claim>> = BTreeMap::new();
        for a in &content.agencies {
            for d in &a.does {
                if !matches!(d.role.value, Role::Lead | Role::Joint) {
                    continue;
                }
                for area in entry_areas(a, d) {
                    claims
                        .entry((&d.topic.value, area))
                        .or_default()
                        .push(Claim {
                            agency: &a.id.value,
                            role: d.role.value,
                            loc: d.loc,
                        });
                }
            }
        }
        let areas = content
            .site
            .iter()
            .flat_map(|s| s.areas.iter().map(|a| a.id.value.as_str()))
            .collect();
        Coverage { claims, areas }
    }

    fn direct(&self, topic: &str, area: &str) -> bool {
        self.claims.contains_key(&(topic, area))
    }

    /// The areas, in site order, where nobody leads or shares the lead on `topic`.
    pub(crate) fn uncovered(
        &self,
        topic: &'c str,
        ix: &Index<'c>,
        content: &'c Content,
    ) -> Vec<&'c str> {
        let ancestors = ix.ancestors(content, topic);
        self.areas
            .iter()
            .copied()
            .filter(|&area| {
                let by_ancestor = ancestors.iter().any(|p| self.direct(p, area));
                !by_ancestor && !self.covered_down(topic, area, ix, &mut BTreeSet::new())
            })
            .collect()
    }

    /// Whether a topic is led in an area directly, or through all of its children.
    fn covered_down(
        &self,
        topic: &'c str,
        area: &str,
        ix: &Index<'c>,
        seen: &mut BTreeSet<&'c str>,
    ) -> bool {
        if self.direct(topic, area) {
            return true;
        }
        if !seen.insert(topic) {
            return false;
        }
        match ix.children.get(topic) {
            Some(children) if !children.is_empty() => children
                .iter()
                .all(|c| self.covered_down(c, area, ix, seen)),
            _ => false,
        }
    }
}

pub(crate) fn check(content: &Content, ix: &Index, out: &mut Vec<Finding>) {
    if content.site.is_none() {
        return;
    }
    let coverage = Coverage::new(content);
    for topic in &content.topics {
        let t = topic.id.value.as_str();
        let uncovered = coverage.uncovered(t, ix, content);
        if !uncovered.is_empty() {
            let names: Vec<&str> = uncovered.iter().map(|id| area_name(content, id)).collect();
            let message = format!(
                "gap: nobody leads on `{t}` ({}) in {}",
                topic.name.value,
                join_words(&names)
            );
            let hint = "give an agency or team that covers the area `role: lead` or `joint` for this topic, or say in the topic's description where people should go";
            out.push(Finding::at(Code::Gap, topic.id.loc, message).hint(hint));
        }
    }
    let claims = &coverage.claims;

    // Overlaps: group areas by the set of leading agencies.
    // (topic, leading agencies) → (areas, where to point).
    type Overlaps<'c> = BTreeMap<(&'c str, Vec<&'c str>), (Vec<&'c str>, Loc)>;
    let mut overlaps: Overlaps = BTreeMap::new();
    for ((topic, area), list) in claims {
        let mut leads: Vec<(&str, Loc)> = list
            .iter()
            .filter(|c| c.role == Role::Lead)
            .map(|c| (c.agency, c.loc))
            .collect();
        leads.sort();
        leads.dedup_by(|a, b| a.0 == b.0);
        if leads.len() < 2 {
            continue;
        }
        let at = leads.iter().map(|l| l.1).max().unwrap_or(leads[0].1);
        let agencies: Vec<&str> = leads.iter().map(|l| l.0).collect();
        let entry = overlaps
            .entry((topic, agencies))
            .or_insert((Vec::new(), at));
        entry.0.push(area);
    }
    for ((topic, agencies), (areas, at)) in overlaps {
        let names: Vec<&str> = areas.iter().map(|id| area_name(content, id)).collect();
        let message = format!(
            "overlap: {} agencies lead on `{topic}` in {}: {}",
            agencies.len(),
            join_words(&names),
            agencies.join(", ")
        );
        let hint = "agree who leads; the others can say `role: joint` or `support`";
        out.push(Finding::at(Code::Overlap, at, message).hint(hint));
    }
}

fn area_name<'c>(content: &'c Content, id: &'c str) -> &'c str {
    content
        .site
        .as_ref()
        .and_then(|s| s.areas.iter().find(|a| a.id.value == id))
        .map_or(id, |a| a.name.value.as_str())
}

/// "A", "A and B", "A, B and C".
pub(crate) fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
