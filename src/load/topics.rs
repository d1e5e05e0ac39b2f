//! Reads `topics.yaml`: the shared list of needs.

use super::declare;
use super::fields::Reader;
use super::yaml::Node;
use crate::model::Topic;

pub fn read(r: &mut Reader, root: Option<&Node>) -> Vec<Topic> {
    let items = r.root_list(root, "topics.yaml should be a list of topics", "id");
    items.iter().filter_map(|n| read_topic(r, n)).collect()
}

fn read_topic(r: &mut Reader, node: &Node) -> Option<Topic> {
    let map = r.record(node, &declare::TOPIC)?;
    let id = r.id(
        &map,
        "id",
        "this topic",
        "add `id:`, a short lowercase name like `child-safeguarding`",
    )?;
    let Some(name) = r.req_text(
        &map,
        "name",
        "this topic",
        "add `name:`, the need in plain words",
    ) else {
        r.dropped.push(format!("topic:{}", id.value));
        return None;
    };
    Some(Topic {
        id,
        name,
        description: r.opt_markdown(&map, "description"),
        parent: r.opt_text(&map, "parent").filter(|p| r.check_id(p)),
        aka: r.text_list(&map, "aka"),
        maps_to: r
            .opt_text(&map, "maps_to")
            .filter(|u| super::agency::check_url(r, u, "maps_to")),
    })
}
