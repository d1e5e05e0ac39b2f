//! Pathways in the site: numbered steps with their branches, timescales and
//! contact routes, the flowchart laid out by `render::flowchart`, and the
//! words that stand in for the flowchart for people who cannot see it.

use crate::render::markup::Markup;
use serde::Serialize;

use super::{HIDDEN, Resolver};
use crate::model::Visibility;
use crate::model::kinds::{Next, Pathway, PathwayKind, Step};
use crate::render::directory::{LinkView, ReviewView, sort_key};
use crate::render::flowchart::{self, Label, Layout};

#[derive(Debug, Clone, Serialize)]
pub struct PathwayView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub escalation: bool,
    pub topics: Vec<LinkView>,
    pub summary: String,
    pub steps: Vec<StepView>,
    pub chart: Layout,
    /// What the flowchart shows, in words (its text alternative).
    pub chart_text: String,
    pub review: ReviewView,
    pub visibility: Visibility,
    /// The agencies with a step, in this build (for agency pages).
    #[serde(skip)]
    pub agency_ids: Vec<String>,
    #[serde(skip)]
    pub topic_ids: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub number: usize,
    pub id: String,
    pub anchor: String,
    pub title: String,
    /// Who does it; `None` for anyone.
    pub who: Option<LinkView>,
    pub who_name: String,
    pub what_html: Markup,
    /// The contact route's key, when it is in this build.
    pub route: Option<String>,
    /// The step names a route this build leaves out.
    pub route_hidden: bool,
    pub within: Option<String>,
    /// Where it leads, when that is not simply the next step.
    pub next: Vec<NextView>,
    /// Leads to the next step in the list (no branch).
    pub follows_on: bool,
    /// Ends the pathway.
    pub ends: bool,
    /// No path from the first step reaches it.
    pub unreachable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextView {
    pub number: usize,
    pub title: String,
    pub anchor: String,
    pub when: Option<String>,
}

pub fn resolve(r: &Resolver) -> Vec<PathwayView> {
    let mut out: Vec<PathwayView> = r
        .content
        .pathways
        .iter()
        .filter(|p| r.concerns(p.steps.iter().map(|s| s.who.value.as_str())))
        .filter_map(|p| {
            let visibility = r.shown(p.visibility.as_ref())?;
            let edges = p.edges();
            let unreachable = crate::analyse::pathways::unreachable_steps(p);
            let steps: Vec<StepView> = p
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| step_view(r, p, &edges, &unreachable, i, s))
                .collect();
            let labels: Vec<Label> = steps
                .iter()
                .map(|s| Label {
                    title: format!("{}. {}", s.number, s.title),
                    detail: match &s.within {
                        Some(w) => format!("{} · {}", s.who_name, short(w)),
                        None => s.who_name.clone(),
                    },
                })
                .collect();
            let chart = flowchart::layout(&labels, &edges);
            let chart_text = chart_text(&steps);
            let topics = r.topic_links(&p.topics);
            let mut agency_ids: Vec<String> = p
                .steps
                .iter()
                .filter(|s| !s.anyone())
                .filter_map(|s| r.agency_of(&s.who.value))
                .collect();
            agency_ids.sort();
            agency_ids.dedup();
            Some(PathwayView {
                id: p.id.value.clone(),
                url: format!("pathways/{}/index.html", p.id.value),
                title: p.title.value.clone(),
                kind: p.kind.word(),
                escalation: p.kind == PathwayKind::Escalation,
                topic_ids: topics.iter().map(|t| t.id.clone()).collect(),
                topics,
                summary: p.summary.value.clone(),
                steps,
                chart,
                chart_text,
                review: r.review(&p.review),
                visibility,
                agency_ids,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        sort_key(&a.title)
            .cmp(&sort_key(&b.title))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Step `i` of pathway `p`: who, the route, and where it leads (`edges`).
fn step_view(
    r: &Resolver,
    p: &Pathway,
    edges: &[Vec<usize>],
    unreachable: &[usize],
    i: usize,
    s: &Step,
) -> StepView {
    let who = (!s.anyone()).then(|| r.party_or_hidden(&s.who.value));
    let home = if s.anyone() {
        ""
    } else {
        s.who.value.split('/').next().unwrap_or_default()
    };
    let route = s.contact.as_ref().and_then(|c| r.route(&c.value, home));
    let whens: Vec<Option<String>> = match &s.next {
        Next::Steps(branches) => branches
            .iter()
            .filter(|b| p.steps.iter().any(|t| t.id.value == b.step.value))
            .map(|b| b.when.as_ref().map(|w| w.value.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let follows_on = edges[i] == [i + 1] && whens.iter().all(Option::is_none);
    let next = if follows_on {
        Vec::new()
    } else {
        edges[i]
            .iter()
            .enumerate()
            .map(|(k, &j)| NextView {
                number: j + 1,
                title: p.steps[j].title.value.clone(),
                anchor: format!("step-{}", p.steps[j].id.value),
                when: whens.get(k).cloned().flatten(),
            })
            .collect()
    };
    StepView {
        number: i + 1,
        id: s.id.value.clone(),
        anchor: format!("step-{}", s.id.value),
        title: s.title.value.clone(),
        who_name: who
            .as_ref()
            .map_or_else(|| "Anyone".to_owned(), |w| w.name.clone()),
        who,
        what_html: r.md(&s.what, 4),
        route_hidden: s.contact.is_some() && route.is_none(),
        route,
        within: s.within.as_ref().map(|w| w.value.clone()),
        next,
        follows_on,
        ends: edges[i].is_empty(),
        unreachable: unreachable.contains(&i),
    }
}

/// A timescale short enough for a box: up to the first `;` or `(`.
fn short(within: &str) -> String {
    let cut = within.split([';', '(']).next().unwrap_or(within).trim();
    let words: Vec<&str> = cut.split_whitespace().collect();
    if words.len() > 8 {
        format!("{}…", words[..8].join(" "))
    } else {
        cut.to_owned()
    }
}

/// The flowchart in words: how many steps, and where each branch goes.
fn chart_text(steps: &[StepView]) -> String {
    let mut text = format!(
        "Flowchart of the {} steps listed below, from step 1, {}.",
        steps.len(),
        steps.first().map_or("", |s| s.title.as_str())
    );
    for s in steps {
        if s.next.len() > 1 {
            let targets: Vec<String> = s.next.iter().map(|n| n.number.to_string()).collect();
            let (last, rest) = targets
                .split_last()
                .map_or(("", &[][..]), |(l, r)| (l.as_str(), r));
            text.push_str(&format!(
                " Step {} leads to step {} or {last}.",
                s.number,
                rest.join(", ")
            ));
        } else if let [n] = &s.next[..] {
            text.push_str(&format!(" Step {} leads to step {}.", s.number, n.number));
        }
    }
    let ends: Vec<String> = steps
        .iter()
        .filter(|s| s.ends)
        .map(|s| s.number.to_string())
        .collect();
    if !ends.is_empty() {
        text.push_str(&format!(" The pathway ends at step {}.", ends.join(", ")));
    }
    text.push_str(" The numbered steps below say the same in words.");
    text.replace(HIDDEN, "a service in the internal directory")
}
