//! Reads `pathways/<id>.yaml`: one step-by-step pathway across agencies per
//! file (what happens, in order, who does it and how fast), its steps and
//! their branches. A `next` naming no step of the pathway is reported here,
//! since a pathway's steps are all in its own file.

use std::collections::HashSet;

use super::fields::{Map, Reader};
use super::yaml::{Node, Value};
use crate::findings::Code;
use crate::model::kinds::{ANYONE, Branch, Next, PathwayKind, Step};
use crate::model::{FileId, Pathway, Pos, Text};
use crate::suggest;

/// Reads a pathway file whose name (without extension) is `stem`.
pub fn read(r: &mut Reader, root: Option<&Node>, stem: &str, file: FileId) -> Option<Pathway> {
    let Some(root) = root else {
        r.report(
            Code::MissingField,
            Pos { line: 1, column: 1 },
            "this pathway file is empty",
            Some(
                "a pathway needs at least `id`, `title`, `topics`, `summary`, `steps` and `review`"
                    .into(),
            ),
        );
        return None;
    };
    let map = r.record(root, &super::declare::PATHWAY)?;
    let what = "this pathway";
    let id = pathway_id(r, &map, stem);
    let title = r.req_text(
        &map,
        "title",
        what,
        "add `title:`, like `When a child may be at risk of significant harm`",
    );
    let kind = r
        .opt_word(&map, "kind", PathwayKind::WORDS, PathwayKind::from_word)
        .map_or(PathwayKind::Process, |k| k.value);
    let topics = r.id_list(&map, "topics");
    if topics.is_empty() && map.get("topics").is_none() {
        r.missing(
            &map,
            "topics",
            what,
            "add `topics:` with the ids of the needs it is for, like `[child-safeguarding]`",
        );
    }
    let summary = r.req_text(
        &map,
        "summary",
        what,
        "add `summary:`, one plain sentence saying what the pathway covers",
    );
    let mut dropped_steps = Vec::new();
    let step_nodes = r.list(&map, "steps");
    if step_nodes.is_empty()
        && !matches!(map.get("steps"), Some(n) if matches!(n.value, Value::Map(_)))
    {
        r.missing(
            &map,
            "steps",
            what,
            "add `steps:`, a list of steps each with `id`, `title`, `who` and `do`",
        );
    }
    let steps: Vec<Step> = step_nodes
        .into_iter()
        .filter_map(|n| read_step(r, n, &mut dropped_steps))
        .collect();
    check_steps(r, &steps, &dropped_steps);
    let review = super::agreements::review(r, &map, what);
    let (Some(id), Some(title), Some(summary), Some(review)) = (id, title, summary, review) else {
        return None;
    };
    Some(Pathway {
        file,
        id,
        title,
        kind,
        topics,
        summary,
        steps,
        dropped_steps,
        review,
        visibility: r.visibility(&map),
    })
}

/// A pathway's id must be written and equal its file name.
fn pathway_id(r: &mut Reader, map: &Map, stem: &str) -> Option<Text> {
    let written = r.req_text(
        map,
        "id",
        "this pathway",
        &format!(
            "add `id: {}` (a pathway's id is its file name)",
            crate::model::ids::slug(stem)
        ),
    )?;
    if !r.check_id(&written) {
        return None;
    }
    if written.value != stem {
        r.report(
            Code::InvalidId,
            written.loc.pos,
            format!("`id: {}` differs from the file name `{stem}`", written.value),
            Some(format!(
                "a pathway's id is its file name: write `id: {stem}`, or rename the file to `{}.yaml`",
                written.value
            )),
        );
        return None;
    }
    Some(written)
}

fn read_step(r: &mut Reader, node: &Node, dropped: &mut Vec<String>) -> Option<Step> {
    let map = r.record(node, &super::declare::STEP)?;
    let what = "this step";
    let id = r.id(
        &map,
        "id",
        what,
        "add `id:`, a short lowercase name for the step like `strategy-discussion`",
    );
    let title = r.req_text(
        &map,
        "title",
        what,
        "add `title:`, what happens in a few words, like `Strategy discussion`",
    );
    let who = r.req_text(
        &map,
        "who",
        what,
        "add `who:`, `anyone` or the agency or team that does it, like `northshire-county-council/mash`",
    );
    let who = who.filter(|w| w.value.trim() == ANYONE || r.check_reference_shape(w, "who"));
    let what_happens = r.req_text(
        &map,
        "do",
        what,
        "add `do:` saying what happens at this step",
    );
    let what_happens = r.markdown(what_happens);
    let contact = r.opt_reference(&map, "contact");
    let within = r.opt_text(&map, "within");
    let next = read_next(r, &map);
    let id = id?;
    let (Some(title), Some(who), Some(what_happens)) = (title, who, what_happens) else {
        dropped.push(id.value);
        return None;
    };
    Some(Step {
        id,
        title,
        who,
        what: what_happens,
        contact,
        within,
        next,
        loc: r.loc(node.pos),
    })
}

/// `next:` is absent (the following step), `[]` (the end), a step id, or a
/// list of step ids and `{step, when}` branches.
fn read_next(r: &mut Reader, map: &Map) -> Next {
    let Some(node) = map.get("next") else {
        return Next::Following;
    };
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) if items.is_empty() => return Next::End,
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    let mut branches = Vec::new();
    for item in items {
        match &item.value {
            Value::Map(_) => {
                let Some(m) = r.record(item, &super::declare::BRANCH) else {
                    continue;
                };
                let step = r.req_text(
                    &m,
                    "step",
                    "this branch",
                    "add `step:` with the id of the step this branch leads to",
                );
                let when = r.opt_text(&m, "when");
                if let Some(step) = step.filter(|s| r.check_id(s)) {
                    branches.push(Branch { step, when });
                }
            }
            _ => {
                if let Some(step) = r.text(item, "next").filter(|s| r.check_id(s)) {
                    branches.push(Branch { step, when: None });
                }
            }
        }
    }
    Next::Steps(branches)
}

/// Duplicate step ids, and `next`s naming no step of the pathway.
fn check_steps(r: &mut Reader, steps: &[Step], dropped: &[String]) {
    let mut seen: HashSet<&str> = HashSet::new();
    for s in steps {
        if !seen.insert(&s.id.value) {
            let first = steps.iter().find(|t| t.id.value == s.id.value);
            let line = first.map_or(0, |t| t.id.loc.pos.line);
            r.report(
                Code::DuplicateId,
                s.id.loc.pos,
                format!("step id `{}` is already used on line {line}", s.id.value),
                Some("give each step of a pathway its own id".to_owned()),
            );
        }
    }
    let mut known: Vec<&str> = Vec::new();
    for s in steps {
        if !known.contains(&s.id.value.as_str()) {
            known.push(&s.id.value);
        }
    }
    for s in steps {
        let Next::Steps(branches) = &s.next else {
            continue;
        };
        for b in branches {
            let name = b.step.value.as_str();
            if known.contains(&name) || dropped.iter().any(|d| d == name) {
                continue;
            }
            let mean = suggest::did_you_mean(name, known.iter().copied());
            let hint = if mean.is_empty() {
                Some(format!(
                    "`next` names steps of this pathway by id; its steps are: {}",
                    known.join(", ")
                ))
            } else {
                None
            };
            r.report(
                Code::DanglingReference,
                b.step.loc.pos,
                format!("no step `{name}` in this pathway{mean}"),
                hint,
            );
        }
    }
}
