//! The warnings about agreements, meetings and pathways: `stale` for all
//! three (past their review date), and for pathways `pathway-unreachable` (a
//! step no path from the first step reaches) and `pathway-not-in-remit` (a
//! step given to an agency whose remit claims none of the pathway's topics).

use std::collections::{HashSet, VecDeque};

use super::index::Index;
use crate::findings::{Code, Finding};
use crate::model::kinds::Step;
use crate::model::{Content, Date, Pathway, ids};

pub(crate) fn check(content: &Content, ix: &Index, today: Date, out: &mut Vec<Finding>) {
    let period = content.site.as_ref().map_or(12, |s| s.review_period_months);
    let reviews = content
        .agreements
        .iter()
        .map(|a| ("agreement", &a.id.value, &a.review))
        .chain(
            content
                .meetings
                .iter()
                .map(|m| ("meeting", &m.id.value, &m.review)),
        )
        .chain(
            content
                .pathways
                .iter()
                .map(|p| ("pathway", &p.id.value, &p.review)),
        );
    for (kind, id, r) in reviews {
        let due = super::review::due(r, period);
        if due < today {
            let message = format!(
                "stale: {kind} `{id}` was due for review on {due} (last reviewed {} by {})",
                r.last_reviewed.value, r.owner.value
            );
            let at = r
                .next_review
                .as_ref()
                .map_or(r.last_reviewed.loc, |d| d.loc);
            let hint = format!(
                "check the {kind} with everyone it names, then update `last_reviewed` (and `next_review`, if set)"
            );
            out.push(Finding::at(Code::Stale, at, message).hint(hint));
        }
    }
    for p in &content.pathways {
        unreachable(p, out);
        not_in_remit(content, ix, p, out);
    }
}

/// The steps that no path from the first step reaches, by position.
pub(crate) fn unreachable_steps(p: &Pathway) -> Vec<usize> {
    let edges = p.edges();
    let mut seen = vec![false; p.steps.len()];
    let mut queue = VecDeque::new();
    if !p.steps.is_empty() {
        seen[0] = true;
        queue.push_back(0);
    }
    while let Some(i) = queue.pop_front() {
        for &j in &edges[i] {
            if !seen[j] {
                seen[j] = true;
                queue.push_back(j);
            }
        }
    }
    (0..p.steps.len()).filter(|&i| !seen[i]).collect()
}

fn unreachable(p: &Pathway, out: &mut Vec<Finding>) {
    for i in unreachable_steps(p) {
        let s = &p.steps[i];
        let message = format!(
            "step `{}` of pathway `{}` cannot be reached: no path from the first step, `{}`, leads to it",
            s.id.value, p.id.value, p.steps[0].id.value
        );
        let hint = "add its id to the `next` of the step before it, or remove a `next: []` that ends the pathway too early";
        out.push(Finding::at(Code::PathwayUnreachable, s.id.loc, message).hint(hint));
    }
}

/// Whether `agency`'s remit claims one of `topics`, directly, through a
/// parent of it (an agency that leads on "safeguarding" covers "child
/// safeguarding") or through a narrower need of it.
fn claims(content: &Content, ix: &Index, agency: &str, topics: &HashSet<&str>) -> bool {
    let Some(a) = ix.agency(content, agency) else {
        return true;
    };
    a.does.iter().any(|d| {
        let t = d.topic.value.as_str();
        topics.contains(t)
            || ix.ancestors(content, t).iter().any(|x| topics.contains(x))
            || topics
                .iter()
                .any(|wanted| ix.ancestors(content, wanted).contains(&t))
    })
}

fn not_in_remit(content: &Content, ix: &Index, p: &Pathway, out: &mut Vec<Finding>) {
    let topics: HashSet<&str> = p.topics.iter().map(|t| t.value.as_str()).collect();
    if topics.is_empty() {
        return;
    }
    for s in &p.steps {
        if let Some(agency) = step_agency(s)
            && !claims(content, ix, agency, &topics)
        {
            let names: Vec<String> = p.topics.iter().map(|t| format!("`{}`", t.value)).collect();
            let message = format!(
                "step `{}` of pathway `{}` is given to `{agency}`, whose remit claims none of the pathway's needs ({})",
                s.id.value,
                p.id.value,
                names.join(", ")
            );
            let hint = format!(
                "add the need to `remit.does` in agencies/{agency}.yaml if it does this work, or give the step to the agency that does"
            );
            out.push(Finding::at(Code::PathwayNotInRemit, s.who.loc, message).hint(hint));
        }
    }
}

/// The agency a step's `who` names, unless it is for anyone.
fn step_agency(s: &Step) -> Option<&str> {
    if s.anyone() {
        return None;
    }
    match ids::split_agency_or_team(s.who.value.trim())? {
        ids::AgencyOrTeam::Agency(a) | ids::AgencyOrTeam::Team(a, _) => Some(a),
    }
}
