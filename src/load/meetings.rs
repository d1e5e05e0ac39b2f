//! Reads `meetings/*.yaml`: multi-agency meetings and panels (a MARAC, MAPPA
//! meetings, a Channel panel), each file a list.

use super::fields::Reader;
use super::yaml::Node;
use crate::model::Meeting;

pub fn read(r: &mut Reader, root: Option<&Node>) -> Vec<Meeting> {
    let items = r.root_list(root, "a meetings file should be a list of meetings", "id");
    items.iter().filter_map(|n| read_meeting(r, n)).collect()
}

fn read_meeting(r: &mut Reader, node: &Node) -> Option<Meeting> {
    let map = r.record(node, &super::declare::MEETING)?;
    let what = "this meeting";
    let id = r.id(
        &map,
        "id",
        what,
        "add `id:`, a short lowercase name like `marac`",
    );
    let name = r.req_text(
        &map,
        "name",
        what,
        "add `name:`, the meeting's full name, like `Multi-Agency Risk Assessment Conference`",
    );
    let purpose = r.req_text(
        &map,
        "purpose",
        what,
        "add `purpose:` saying what the meeting is for",
    );
    let purpose = r.markdown(purpose);
    let chair = r.req_reference(
        &map,
        "chair",
        what,
        "add `chair:` with the agency or team that chairs it, like `northshire-police/public-protection-unit`",
    );
    let members = r.reference_list(&map, "members");
    let topics = r.id_list(&map, "topics");
    let areas = r.id_list(&map, "areas");
    let threshold = r.opt_markdown(&map, "threshold");
    let refer = r.opt_reference(&map, "refer");
    let review = super::agreements::review(r, &map, what);
    let id = id?;
    let (Some(name), Some(purpose), Some(chair), Some(review)) = (name, purpose, chair, review)
    else {
        r.dropped.push(format!("meeting:{}", id.value));
        return None;
    };
    Some(Meeting {
        id,
        name,
        abbreviation: r.opt_text(&map, "abbreviation"),
        purpose,
        chair,
        members,
        topics,
        areas,
        frequency: r.opt_text(&map, "frequency"),
        threshold,
        refer,
        review,
        visibility: r.visibility(&map),
        loc: r.loc(node.pos),
    })
}
