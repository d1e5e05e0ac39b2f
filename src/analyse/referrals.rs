//! Where `does_not → refer_to` sends people: `referral-loop` (a cycle of any
//! length for one topic: A sends you to B, B to C, C back to A) and
//! `referral-dead-end` (the target does not claim the topic in its `does`).
//!
//! A target claims a topic when one of its `does` entries names the topic or a
//! broader (ancestor) topic; a team target claims it through entries for that
//! team or for the whole agency.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::algo::tarjan_scc;
use petgraph::graphmap::DiGraphMap;

use super::index::Index;
use crate::findings::{Code, Finding};
use crate::model::{Content, Loc, ids};

pub(crate) fn check(content: &Content, ix: &Index, out: &mut Vec<Finding>) {
    // topic → (from agency, to agency) → where the referral is written.
    let mut edges: BTreeMap<&str, BTreeMap<(&str, &str), Loc>> = BTreeMap::new();
    for a in &content.agencies {
        for d in &a.does_not {
            let Some(target) = &d.refer_to else { continue };
            let (to_agency, to_team) = match ids::split_agency_or_team(&target.value) {
                Some(ids::AgencyOrTeam::Agency(x)) => (x, None),
                Some(ids::AgencyOrTeam::Team(x, t)) => (x, Some(t)),
                None => continue,
            };
            let Some(agency) = ix.agency(content, to_agency) else {
                continue;
            };
            if to_team.is_some_and(|t| ix.team(content, to_agency, t).is_none()) {
                continue;
            }
            let topic = d.topic.value.as_str();
            let mut accepted: Vec<&str> = vec![topic];
            accepted.extend(ix.ancestors(content, topic));
            let claims = agency.does.iter().any(|x| {
                accepted.contains(&x.topic.value.as_str())
                    && match (to_team, &x.team) {
                        (None, _) | (_, None) => true,
                        (Some(t), Some(xt)) => xt.value == t,
                    }
            });
            if !claims {
                let message = format!(
                    "referral dead end: `{}` sends people to `{}` for `{topic}`, but `{}` does not list `{topic}` in its `does`",
                    a.id.value, target.value, target.value
                );
                let hint = format!(
                    "check where people should go for `{topic}`, or ask `{to_agency}` to add it to their remit"
                );
                out.push(Finding::at(Code::ReferralDeadEnd, target.loc, message).hint(hint));
            }
            if to_agency != a.id.value {
                edges
                    .entry(topic)
                    .or_default()
                    .entry((a.id.value.as_str(), to_agency))
                    .or_insert(target.loc);
            }
        }
    }
    for (topic, topic_edges) in &edges {
        let graph: DiGraphMap<&str, ()> = DiGraphMap::from_edges(topic_edges.keys().copied());
        for scc in tarjan_scc(&graph) {
            if scc.len() < 2 {
                continue;
            }
            let members: BTreeSet<&str> = scc.iter().copied().collect();
            let Some(&start) = members.iter().next() else {
                continue;
            };
            let cycle = shortest_cycle(&graph, start, &members);
            let at = topic_edges
                .get(&(cycle[0], cycle[1]))
                .copied()
                .unwrap_or_else(|| {
                    topic_edges.values().copied().min().unwrap_or(Loc {
                        file: crate::model::FileId(0),
                        pos: Default::default(),
                    })
                });
            let message = format!("referral loop for `{topic}`: {}", cycle.join(" → "));
            let hint = "people sent round this loop never reach help: agree which agency takes this need, and point the others there";
            out.push(Finding::at(Code::ReferralLoop, at, message).hint(hint));
        }
    }
}

/// The shortest path from `start` back to itself, within `members`, as
/// `[start, …, start]`.
fn shortest_cycle<'c>(
    graph: &DiGraphMap<&'c str, ()>,
    start: &'c str,
    members: &BTreeSet<&'c str>,
) -> Vec<&'c str> {
    let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        let mut next: Vec<&str> = graph
            .neighbors(node)
            .filter(|n| members.contains(n))
            .collect();
        next.sort_unstable();
        for n in next {
            if n == start {
                let mut path = vec![node];
                let mut cur = node;
                while cur != start {
                    let Some(&p) = prev.get(cur) else { break };
                    path.push(p);
                    cur = p;
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if n != start && !prev.contains_key(n) {
                prev.insert(n, node);
                queue.push_back(n);
            }
        }
    }
    vec![start, start]
}
