//! Reads `shadowing/*.yaml`: offers to spend time with another agency's team.

use super::declare;
use super::fields::Reader;
use super::yaml::Node;
use crate::model::{Format, ShadowingOffer};

pub fn read(r: &mut Reader, root: Option<&Node>) -> Vec<ShadowingOffer> {
    let items = r.root_list(root, "a shadowing file should be a list of offers", "id");
    items.iter().filter_map(|n| read_offer(r, n)).collect()
}

fn read_offer(r: &mut Reader, node: &Node) -> Option<ShadowingOffer> {
    let map = r.record(node, &declare::OFFER)?;
    let what = "this shadowing offer";
    let id = r.id(
        &map,
        "id",
        what,
        "add `id:`, a short lowercase name like `ppu-observation-day`",
    );
    let agency = r.req_reference(
        &map,
        "agency",
        what,
        "add `agency:` with the id of the agency that offers it",
    );
    let title = r.req_text(
        &map,
        "title",
        what,
        "add `title:`, like `A day with the Public Protection Unit`",
    );
    let description = r.req_text(
        &map,
        "description",
        what,
        "add `description:` saying what the visitor will see and do",
    );
    let description = r.markdown(description);
    let open_to = r.text_list(&map, "open_to");
    if open_to.is_empty() {
        r.missing(
            &map,
            "open_to",
            what,
            "add `open_to:` with who may apply, like `[social workers, teachers]`",
        );
    }
    let apply = r.req_reference(
        &map,
        "apply",
        what,
        "add `apply:` with the contact route to apply through, like `northshire-police/ppu-admin`",
    );
    let dates = r
        .list(&map, "dates")
        .into_iter()
        .filter_map(|n| r.date(n, "dates"))
        .collect();
    let places = r
        .opt_int(&map, "places", 1, 10_000)
        .map(|p| crate::model::Spanned::new(p.value as u32, p.loc));
    let id = id?;
    let (Some(agency), Some(title), Some(description), Some(apply)) =
        (agency, title, description, apply)
    else {
        r.dropped.push(format!("offer:{}", id.value));
        return None;
    };
    Some(ShadowingOffer {
        id,
        agency,
        team: r.opt_text(&map, "team").filter(|t| r.check_id(t)),
        title,
        description,
        open_to,
        format: r.opt_word(&map, "format", Format::WORDS, Format::from_word),
        duration: r.opt_text(&map, "duration"),
        dates,
        places,
        location: r.opt_text(&map, "location"),
        apply,
        closes: r.opt_date(&map, "closes"),
        visibility: r.visibility(&map),
        loc: r.loc(node.pos),
    })
}
