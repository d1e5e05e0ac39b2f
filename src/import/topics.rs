//! Topics from a feed's taxonomy terms: which terms are needs (not audience,
//! urgency or role words), the topic id each becomes (by `--map`, by a
//! joinedup export's id, or from its code or name), and their parents, with
//! any parent that would make a cycle dropped.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::plan::{Ctx, NewTopic, ext_of, markdown, str_list, web};
use super::read::{id_of, text};
use super::tree::{Val, field, s, strs};
use crate::model::ids::slug;

/// The topics a feed's terms bring, in the feed's order; fills
/// `ctx.topic_of_term`.
pub(super) fn topics(ctx: &mut Ctx, map: &HashMap<String, String>) -> Vec<NewTopic> {
    let feed = ctx.feed;
    let mut topics = Vec::new();
    let mut topic_ids: BTreeSet<String> = BTreeSet::new();
    for (tid, t) in feed.terms.iter() {
        let Some((id, name)) = need_of(ctx, map, tid, t) else {
            continue;
        };
        ctx.topic_of_term.insert(tid.clone(), id.clone());
        if map.values().any(|v| *v == id) && !topic_ids.contains(&id) {
            // A mapped topic is the content's own; add it only if it is new.
            topic_ids.insert(id.clone());
            topics.push(NewTopic {
                id: id.clone(),
                fields: vec![field("id", s(&id)), field("name", s(&name))],
            });
            continue;
        }
        if !topic_ids.insert(id.clone()) {
            continue;
        }
        let fields = topic_fields(ctx.ext, tid, t, &id, &name);
        topics.push(NewTopic { id, fields });
    }
    set_parents(ctx, &mut topics);
    drop_looping_parents(&mut topics);
    topics
}

/// The topic id and name of a term that is a need; `None` for a word of
/// another taxonomy, or a term without a name or id.
fn need_of(
    ctx: &Ctx,
    map: &HashMap<String, String>,
    tid: &str,
    t: &Map<String, Value>,
) -> Option<(String, String)> {
    let feed = ctx.feed;
    let tax = text(t, "taxonomy_id")
        .and_then(|id| feed.taxonomies.get(&id))
        .and_then(|x| text(x, "name"))
        .or_else(|| text(t, "taxonomy"))
        .unwrap_or_default()
        .to_lowercase();
    if tax == "audience" || tax == "urgency" || tax.starts_with("role") {
        return None;
    }
    let name = text(t, "name")?;
    let from_ext = ext_of(ctx.ext, "taxonomy_terms", tid)
        .and_then(|e| e.get("joinedup_id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mapped = [Some(tid.to_owned()), text(t, "code"), Some(name.clone())]
        .into_iter()
        .flatten()
        .find_map(|k| map.get(&k).cloned());
    let id = match (mapped, from_ext) {
        (Some(id), _) | (None, Some(id)) => id,
        (None, None) => slug(text(t, "code").as_deref().unwrap_or(&name)),
    };
    (!id.is_empty()).then_some((id, name))
}

/// A new topic's fields: id, name, and what the term says of it.
fn topic_fields(
    ext: Option<&Value>,
    tid: &str,
    t: &Map<String, Value>,
    id: &str,
    name: &str,
) -> super::tree::Fields {
    let mut f = vec![field("id", s(id)), field("name", s(name))];
    if let Some(d) = text(t, "description").and_then(|d| markdown(&d))
        && d != name
    {
        f.push(field("description", s(&d)));
    }
    if let Some(aka) = ext_of(ext, "taxonomy_terms", tid).map(|e| str_list(e.get("aka")))
        && !aka.is_empty()
    {
        f.push(field("aka", strs(aka.iter().map(String::as_str))));
    }
    if let Some(u) = text(t, "term_uri").and_then(|u| web(&u)) {
        f.push(field("maps_to", s(&u)));
    }
    f
}

/// Parents, once every term has its topic.
fn set_parents(ctx: &Ctx, topics: &mut [NewTopic]) {
    for topic in topics {
        let term = ctx
            .topic_of_term
            .iter()
            .find(|(_, v)| **v == topic.id)
            .and_then(|(k, _)| ctx.feed.terms.get(k));
        if let Some(p) = term
            .and_then(|t| id_of(t.get("parent_id")))
            .and_then(|p| ctx.topic_of_term.get(&p))
            && *p != topic.id
        {
            topic.fields.push(field("parent", s(p)));
        }
    }
}

/// A feed whose terms are each other's parents would be a topic cycle: drops
/// the parent of every topic that leads back to itself.
fn drop_looping_parents(topics: &mut [NewTopic]) {
    let parent_of = |topics: &[NewTopic], id: &str| -> Option<String> {
        let t = topics.iter().find(|t| t.id == id)?;
        match super::tree::get(&t.fields, "parent").map(|f| &f.val) {
            Some(Val::Str(p)) => Some(p.clone()),
            _ => None,
        }
    };
    let looping: Vec<String> = topics
        .iter()
        .filter(|t| {
            let mut cur = parent_of(topics, &t.id);
            for _ in 0..=topics.len() {
                match cur {
                    Some(ref p) if *p == t.id => return true,
                    Some(ref p) => cur = parent_of(topics, p),
                    None => return false,
                }
            }
            false
        })
        .map(|t| t.id.clone())
        .collect();
    for t in topics.iter_mut().filter(|t| looping.contains(&t.id)) {
        t.fields.retain(|f| f.key != "parent");
    }
}
