//! Reads `agreements/*.yaml`: written agreements between agencies
//! (information-sharing agreements, memoranda of understanding, protocols,
//! pooled budgets), each file a list. Also the `review:` block that the three
//! version 2 kinds share.

use super::fields::{Map, Reader};
use super::yaml::Node;
use crate::model::kinds::AgreementKind;
use crate::model::{Agreement, Channel, Review};

pub fn read(r: &mut Reader, root: Option<&Node>) -> Vec<Agreement> {
    let items = r.root_list(
        root,
        "an agreements file should be a list of agreements",
        "id",
    );
    items.iter().filter_map(|n| read_agreement(r, n)).collect()
}

/// The required `review:` of an agreement, meeting or pathway.
pub(super) fn review(r: &mut Reader, map: &Map, what: &str) -> Option<Review> {
    match map.get("review") {
        Some(node) => super::agency::read_review(r, node),
        None => {
            r.missing(
                map,
                "review",
                what,
                "add `review:` with `owner:` (a role or team) and `last_reviewed: YYYY-MM-DD`",
            );
            None
        }
    }
}

fn read_agreement(r: &mut Reader, node: &Node) -> Option<Agreement> {
    let map = r.record(node, &super::declare::AGREEMENT)?;
    let what = "this agreement";
    let id = r.id(
        &map,
        "id",
        what,
        "add `id:`, a short lowercase name like `northshire-safeguarding-isa`",
    );
    let title = r.req_text(
        &map,
        "title",
        what,
        "add `title:`, the agreement's name as its parties know it",
    );
    let kind = r.req_word(
        &map,
        "kind",
        AgreementKind::WORDS,
        AgreementKind::from_word,
        what,
    );
    let parties = r.reference_list(&map, "parties");
    if map.get("parties").is_none() {
        r.missing(
            &map,
            "parties",
            what,
            "add `parties:` with the agencies (or teams) that signed it, like `[northshire-police, northshire-county-council]`",
        );
    } else if parties.len() == 1 {
        r.report(
            crate::findings::Code::InvalidValue,
            parties[0].loc.pos,
            "an agreement needs two or more `parties`, and this one names one",
            Some("add the other agencies (or teams) that signed it to `parties:`".to_owned()),
        );
    }
    let topics = r.id_list(&map, "topics");
    let purpose = r.req_text(
        &map,
        "purpose",
        what,
        "add `purpose:` saying what the agreement is for",
    );
    let purpose = r.markdown(purpose);
    let document = r
        .opt_text(&map, "document")
        .filter(|u| super::agency::check_url(r, u, "document"));
    let review = review(r, &map, what);
    let id = id?;
    let (Some(title), Some(kind), Some(purpose), Some(review)) = (title, kind, purpose, review)
    else {
        r.dropped.push(format!("agreement:{}", id.value));
        return None;
    };
    Some(Agreement {
        id,
        title,
        kind,
        parties,
        topics,
        purpose,
        shares: r.text_list(&map, "shares"),
        lawful_basis: r.opt_text(&map, "lawful_basis"),
        how: r.opt_word(&map, "how", Channel::WORDS, Channel::from_word),
        document,
        signed: r.opt_date(&map, "signed"),
        review,
        visibility: r.visibility(&map),
        loc: r.loc(node.pos),
    })
}
