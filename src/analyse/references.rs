//! The errors that need the whole content: duplicate ids, references to things
//! that do not exist, and topics that are their own ancestor.
//!
//! A reference into a file that could not be read cleanly (a YAML error, an
//! unknown key such as `teems:`, a bad value) is held back rather than reported:
//! one slip in a council's file would otherwise show up again as a "no team"
//! error in every file that names its teams. The held-back references are
//! counted, and judged once that file is fixed.

mod kinds;

use std::collections::{HashMap, HashSet};

use super::index::Index;
use crate::findings::{Code, Finding, Severity};
use crate::model::{Content, Loc, Text, ids};
use crate::suggest;

/// The files that could not be read cleanly, by what references point into.
#[derive(Debug, Default)]
pub(crate) struct Unread {
    site: bool,
    topics: bool,
    glossary: bool,
    /// Agency ids (file names) whose file had an error.
    agencies: HashSet<String>,
}

impl Unread {
    /// Gathers the files that the loader's errors are in.
    pub(crate) fn new(content: &Content, loading: &[Finding]) -> Unread {
        let mut unread = Unread::default();
        let errors = loading
            .iter()
            .filter(|f| f.severity() == Severity::Error)
            .filter_map(|f| f.file);
        for file in errors {
            let path = content.path(file);
            if path == "site.yaml" {
                unread.site = true;
            } else if path == "topics.yaml" {
                unread.topics = true;
            } else if path.starts_with("glossary/") {
                unread.glossary = true;
            } else if let Some(name) = path.strip_prefix("agencies/") {
                let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
                unread.agencies.insert(stem.to_owned());
            }
        }
        unread
    }
}

/// Runs every cross-reference check; returns how many references were held
/// back because they point into files that could not be read.
pub(crate) fn check(
    content: &Content,
    ix: &Index,
    dropped: &HashSet<String>,
    unread: &Unread,
    out: &mut Vec<Finding>,
) -> usize {
    let mut ck = Checker {
        content,
        ix,
        dropped,
        unread,
        held_back: 0,
        out,
    };
    ck.duplicates();
    if let Some(feedback) = content.site.as_ref().and_then(|s| s.feedback.as_ref()) {
        ck.contact_exists(feedback, "", "feedback");
    }
    ck.agencies();
    ck.topics();
    ck.glossary();
    ck.shadowing();
    ck.kinds();
    ck.held_back
}

struct Checker<'a, 'c> {
    content: &'c Content,
    ix: &'a Index<'c>,
    dropped: &'a HashSet<String>,
    unread: &'a Unread,
    held_back: usize,
    out: &'a mut Vec<Finding>,
}

/// Reports the second and later uses of each id in `items`.
fn report_duplicates<'t>(
    kind: &str,
    items: impl IntoIterator<Item = (&'t Text, Option<&'t str>)>,
    content: &Content,
    out: &mut Vec<Finding>,
) {
    let mut first: HashMap<&str, Loc> = HashMap::new();
    for (id, hint) in items {
        match first.get(id.value.as_str()) {
            None => {
                first.insert(&id.value, id.loc);
            }
            Some(prev) => {
                let message = format!(
                    "{kind} `{}` is already used at {}:{}",
                    id.value,
                    content.path(prev.file),
                    prev.pos.line
                );
                let f = Finding::at(Code::DuplicateId, id.loc, message)
                    .hint(hint.unwrap_or("give each one its own id"));
                out.push(f);
            }
        }
    }
}

impl<'c> Checker<'_, 'c> {
    fn dangling(&mut self, at: &Text, what: &str, candidates: Vec<&str>, key: &str) {
        let mut sorted = candidates;
        sorted.sort_unstable();
        let mean = suggest::did_you_mean(&at.value, sorted.iter().copied());
        let message = format!("no {what} `{}`{mean}", at.value);
        let hint = (mean.is_empty())
            .then(|| format!("check the spelling in `{key}`, or add the {what} it names"));
        self.out
            .push(Finding::at(Code::DanglingReference, at.loc, message).maybe_hint(hint));
    }

    fn duplicates(&mut self) {
        let c = self.content;
        let out = &mut *self.out;
        if let Some(site) = &c.site {
            report_duplicates("area id", site.areas.iter().map(|a| (&a.id, None)), c, out);
        }
        report_duplicates(
            "agency id",
            c.agencies.iter().map(|a| {
                (
                    &a.id,
                    Some("an agency's id is its file name: two files have the same name"),
                )
            }),
            c,
            out,
        );
        for a in &c.agencies {
            report_duplicates("team id", a.teams.iter().map(|t| (&t.id, None)), c, out);
            report_duplicates(
                "contact route id",
                a.contacts.iter().map(|r| (&r.id, None)),
                c,
                out,
            );
        }
        report_duplicates("topic id", c.topics.iter().map(|t| (&t.id, None)), c, out);
        let derived_hint =
            "entries whose abbreviation or term make the same id must each set `id:`";
        report_duplicates(
            "glossary id",
            c.glossary
                .iter()
                .map(|g| (&g.id, (!g.id_written).then_some(derived_hint))),
            c,
            out,
        );
        report_duplicates(
            "shadowing offer id",
            c.shadowing.iter().map(|o| (&o.id, None)),
            c,
            out,
        );
    }

    fn area_exists(&mut self, area: &Text) {
        if self.content.site.is_some() && !self.ix.areas.contains(area.value.as_str()) {
            if self.unread.site {
                self.held_back += 1;
                return;
            }
            let candidates = self.ix.areas.iter().copied().collect();
            self.dangling(area, "area", candidates, "areas");
        }
    }

    fn topic_exists(&mut self, topic: &Text, key: &str) -> bool {
        let ok = self.ix.topics.contains_key(topic.value.as_str())
            || self.dropped.contains(&format!("topic:{}", topic.value));
        if !ok && self.unread.topics {
            self.held_back += 1;
        } else if !ok {
            let candidates = self.ix.topics.keys().copied().collect();
            self.dangling(topic, "topic", candidates, key);
        }
        ok
    }

    fn agency_exists(&mut self, agency: &Text, key: &str) -> bool {
        self.agency_id_exists(agency, &agency.value, key)
    }

    fn agency_id_exists(&mut self, at: &Text, id: &str, key: &str) -> bool {
        let ok = self.ix.agencies.contains_key(id) || self.dropped.contains(id);
        if !ok {
            let candidates: Vec<&str> = self.ix.agencies.keys().copied().collect();
            let mean = suggest::did_you_mean(id, candidates.iter().copied());
            let message = format!("no agency `{id}`{mean}");
            let hint = mean.is_empty().then(|| {
                format!("`{key}` must name an agency by its file name, like `northshire-police`")
            });
            self.out
                .push(Finding::at(Code::DanglingReference, at.loc, message).maybe_hint(hint));
        }
        ok
    }

    /// A team (bare id) of `agency`.
    fn team_exists(&mut self, at: &Text, agency: &str, team: &str, key: &str) {
        if self.ix.teams.contains_key(&(agency, team))
            || self.dropped.contains(&format!("{agency}/{team}"))
        {
            return;
        }
        if self.unread.agencies.contains(agency) {
            self.held_back += 1;
            return;
        }
        let candidates: Vec<&str> = self
            .ix
            .agency(self.content, agency)
            .map(|a| a.teams.iter().map(|t| t.id.value.as_str()).collect())
            .unwrap_or_default();
        let mean = suggest::did_you_mean(team, candidates.iter().copied());
        let message = format!("no team `{team}` in `{agency}`{mean}");
        let hint = mean.is_empty().then(|| {
            if candidates.is_empty() {
                format!("`{agency}` lists no teams; add it under `teams:` or remove `{key}`")
            } else {
                format!("the teams of `{agency}` are: {}", candidates.join(", "))
            }
        });
        self.out
            .push(Finding::at(Code::DanglingReference, at.loc, message).maybe_hint(hint));
    }

    /// A contact route reference; bare ids belong to `home`.
    fn contact_exists(&mut self, at: &Text, home: &str, key: &str) {
        let Some(r) = ids::split_member_ref(&at.value, home) else {
            return;
        };
        if self.ix.contacts.contains_key(&(r.agency, r.member))
            || self.dropped.contains(&format!("{}/{}", r.agency, r.member))
        {
            return;
        }
        if !self.agency_id_exists(at, r.agency, key) {
            return;
        }
        if self.unread.agencies.contains(r.agency) {
            self.held_back += 1;
            return;
        }
        let candidates: Vec<String> = self
            .ix
            .agency(self.content, r.agency)
            .map(|a| a.contacts.iter().map(|c| c.id.value.clone()).collect())
            .unwrap_or_default();
        let mean = suggest::did_you_mean(r.member, candidates.iter().map(String::as_str));
        let message = format!("no contact route `{}` in `{}`{mean}", r.member, r.agency);
        let hint = mean.is_empty().then(|| {
            if candidates.is_empty() {
                format!("`{}` lists no contact routes", r.agency)
            } else {
                format!(
                    "the contact routes of `{}` are: {}",
                    r.agency,
                    candidates.join(", ")
                )
            }
        });
        self.out
            .push(Finding::at(Code::DanglingReference, at.loc, message).maybe_hint(hint));
    }

    fn agencies(&mut self) {
        for a in &self.content.agencies {
            let home = a.id.value.as_str();
            for area in &a.areas {
                self.area_exists(area);
            }
            for t in &a.teams {
                for area in &t.areas {
                    self.area_exists(area);
                }
            }
            for d in &a.does {
                self.topic_exists(&d.topic, "topic");
                if let Some(team) = &d.team {
                    self.team_exists(team, home, &team.value, "team");
                }
                for area in &d.areas {
                    self.area_exists(area);
                }
            }
            for d in &a.does_not {
                self.topic_exists(&d.topic, "topic");
                if let Some(target) = &d.refer_to {
                    match ids::split_agency_or_team(&target.value) {
                        Some(ids::AgencyOrTeam::Agency(id)) => {
                            self.agency_id_exists(target, id, "refer_to");
                        }
                        Some(ids::AgencyOrTeam::Team(ag, team))
                            if self.agency_id_exists(target, ag, "refer_to") =>
                        {
                            self.team_exists(target, ag, team, "refer_to");
                        }
                        Some(ids::AgencyOrTeam::Team(..)) => {}
                        None => {}
                    }
                }
            }
            for c in &a.contacts {
                for t in &c.topics {
                    self.topic_exists(t, "topics");
                }
                if let Some(team) = &c.team {
                    self.team_exists(team, home, &team.value, "team");
                }
                if let Some(ooh) = &c.out_of_hours {
                    self.contact_exists(ooh, home, "out_of_hours");
                }
            }
        }
    }

    fn topics(&mut self) {
        let content = self.content;
        for t in &content.topics {
            if let Some(p) = &t.parent {
                self.topic_exists(p, "parent");
            }
        }
        // Cycles: follow each topic's parents; a topic met again closes a cycle.
        let mut reported: HashSet<&str> = HashSet::new();
        for t in &content.topics {
            let mut path: Vec<&str> = vec![&t.id.value];
            let mut current = t;
            while let Some(p) = &current.parent {
                let Some(&next) = self.ix.topics.get(p.value.as_str()) else {
                    break;
                };
                let next = &content.topics[next];
                if let Some(start) = path.iter().position(|id| *id == next.id.value) {
                    let cycle = &path[start..];
                    if cycle.contains(&t.id.value.as_str())
                        && !cycle.iter().any(|id| reported.contains(id))
                    {
                        reported.extend(cycle.iter().copied());
                        let mut chain: Vec<&str> = cycle.to_vec();
                        chain.push(cycle[0]);
                        let message = format!(
                            "topic `{}` is its own ancestor: {}",
                            t.id.value,
                            chain.join(" → ")
                        );
                        let at = t.parent.as_ref().map_or(t.id.loc, |p| p.loc);
                        self.out.push(
                            Finding::at(Code::TopicCycle, at, message)
                                .hint("remove or change one `parent:` in the chain"),
                        );
                    }
                    break;
                }
                path.push(&next.id.value);
                current = next;
            }
        }
    }

    fn glossary(&mut self) {
        for g in &self.content.glossary {
            for agency in &g.used_by {
                if ids::split_agency_or_team(&agency.value)
                    .is_some_and(|r| matches!(r, ids::AgencyOrTeam::Agency(_)))
                {
                    self.agency_exists(agency, "used_by");
                } else {
                    let f = Finding::at(
                        Code::InvalidValue,
                        agency.loc,
                        format!(
                            "`used_by` lists agencies, and `{}` is not an agency id",
                            agency.value
                        ),
                    );
                    self.out.push(f);
                }
            }
            for other in &g.see_also {
                if !self.ix.glossary.contains_key(other.value.as_str())
                    && !self.dropped.contains(&format!("glossary:{}", other.value))
                {
                    if self.unread.glossary {
                        self.held_back += 1;
                        continue;
                    }
                    let candidates = self.ix.glossary.keys().copied().collect();
                    self.dangling(other, "glossary entry", candidates, "see_also");
                }
            }
        }
    }

    fn shadowing(&mut self) {
        for o in &self.content.shadowing {
            if !self.agency_exists(&o.agency, "agency") {
                continue;
            }
            let home = o.agency.value.as_str();
            if let Some(team) = &o.team {
                self.team_exists(team, home, &team.value, "team");
            }
            self.contact_exists(&o.apply, home, "apply");
        }
    }
}
