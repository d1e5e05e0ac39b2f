//! Lookup tables over the loaded content: ids to records, for resolving references.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Agency, ContactRoute, Content, Team, ids};

/// Where each id lives. Built once, read by the checks and later by rendering.
#[derive(Debug, Default)]
pub struct Index<'c> {
    /// Agency id to its index in the content.
    pub agencies: HashMap<&'c str, usize>,
    /// `(agency, team)` to `(agency index, team index)`.
    pub teams: HashMap<(&'c str, &'c str), (usize, usize)>,
    /// `(agency, contact)` to `(agency index, contact index)`.
    pub contacts: HashMap<(&'c str, &'c str), (usize, usize)>,
    /// Topic (need) id to its index.
    pub topics: HashMap<&'c str, usize>,
    /// Glossary entry id to its index.
    pub glossary: HashMap<&'c str, usize>,
    /// Shadowing offer id to its index.
    pub offers: HashMap<&'c str, usize>,
    /// The site's area ids.
    pub areas: HashSet<&'c str>,
    /// Topic id to the ids of its children, in file order.
    pub children: BTreeMap<&'c str, Vec<&'c str>>,
}

impl<'c> Index<'c> {
    /// Indexes the content. Where an id is used twice, the first one wins (the
    /// duplicate is reported by the reference checks).
    pub fn new(content: &'c Content) -> Self {
        let mut ix = Index::default();
        if let Some(site) = &content.site {
            ix.areas = site.areas.iter().map(|a| a.id.value.as_str()).collect();
        }
        for (ai, a) in content.agencies.iter().enumerate() {
            ix.agencies.entry(&a.id.value).or_insert(ai);
            for (ti, t) in a.teams.iter().enumerate() {
                ix.teams
                    .entry((&a.id.value, &t.id.value))
                    .or_insert((ai, ti));
            }
            for (ci, c) in a.contacts.iter().enumerate() {
                ix.contacts
                    .entry((&a.id.value, &c.id.value))
                    .or_insert((ai, ci));
            }
        }
        for (i, t) in content.topics.iter().enumerate() {
            ix.topics.entry(&t.id.value).or_insert(i);
        }
        for t in &content.topics {
            if let Some(p) = &t.parent {
                ix.children.entry(&p.value).or_default().push(&t.id.value);
            }
        }
        for (i, g) in content.glossary.iter().enumerate() {
            ix.glossary.entry(&g.id.value).or_insert(i);
        }
        for (i, o) in content.shadowing.iter().enumerate() {
            ix.offers.entry(&o.id.value).or_insert(i);
        }
        ix
    }

    /// The agency with this id.
    pub fn agency(&self, content: &'c Content, id: &str) -> Option<&'c Agency> {
        self.agencies.get(id).map(|&i| &content.agencies[i])
    }

    /// The team `team` of the agency `agency`.
    pub fn team(&self, content: &'c Content, agency: &str, team: &str) -> Option<&'c Team> {
        self.teams
            .get(&(agency, team))
            .map(|&(a, t)| &content.agencies[a].teams[t])
    }

    /// A contact route by reference; a bare id belongs to `home`.
    pub fn contact(
        &self,
        content: &'c Content,
        reference: &str,
        home: &str,
    ) -> Option<(&'c Agency, &'c ContactRoute)> {
        let r = ids::split_member_ref(reference, home)?;
        self.contacts.get(&(r.agency, r.member)).map(|&(a, c)| {
            let agency = &content.agencies[a];
            (agency, &agency.contacts[c])
        })
    }

    /// A topic's ancestors, nearest first (stops at a cycle).
    pub fn ancestors(&self, content: &'c Content, topic: &str) -> Vec<&'c str> {
        let mut out: Vec<&'c str> = Vec::new();
        let mut current = self.topics.get(topic).map(|&i| &content.topics[i]);
        while let Some(t) = current {
            let Some(parent) = &t.parent else { break };
            let p = parent.value.as_str();
            if p == topic || out.contains(&p) {
                break;
            }
            out.push(p);
            current = self.topics.get(p).map(|&i| &content.topics[i]);
        }
        out
    }
}
