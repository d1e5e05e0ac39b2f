//! Reads `agencies/<id>.yaml`: an agency's profile, teams, remit, contact routes (in
//! `contact.rs`) and review.

use super::declare;
use super::fields::{Map, Reader, exact};
use super::yaml::Node;
use crate::findings::Code;
use crate::model::{Agency, AgencyType, Does, DoesNot, FileId, Review, Role, Spanned, Team, Text};

pub(crate) use super::contact::check_url;
use super::contact::read_contact;
pub use super::contact::{is_web_url, looks_like_email};

/// Reads an agency file whose name (without extension) is `stem`.
pub fn read(r: &mut Reader, root: Option<&Node>, stem: &str, file: FileId) -> Option<Agency> {
    let Some(root) = root else {
        r.report(
            Code::MissingField,
            crate::model::Pos { line: 1, column: 1 },
            "this agency file is empty",
            Some("an agency needs at least `name`, `type`, `summary`, `areas` and `review`".into()),
        );
        return None;
    };
    let map = r.record(root, &declare::AGENCY)?;
    let id = agency_id(r, &map, stem);
    let name = r.req_text(
        &map,
        "name",
        "the agency",
        "add `name:` with the agency's full name",
    );
    let agency_type = r.req_word(
        &map,
        "type",
        AgencyType::WORDS,
        AgencyType::from_word,
        "the agency",
    );
    let summary = r.req_text(
        &map,
        "summary",
        "the agency",
        "add `summary:`, one plain sentence saying what the agency is for",
    );
    let areas = r.id_list(&map, "areas");
    if areas.is_empty() && map.get("areas").is_none() {
        r.missing(
            &map,
            "areas",
            "the agency",
            "add `areas:` with the ids of the areas it covers, from site.yaml",
        );
    }
    let website = r
        .opt_text(&map, "website")
        .filter(|w| check_url(r, w, "website"));
    let teams = exact(
        (r.list(&map, "teams").into_iter())
            .filter_map(|n| read_team(r, n, stem))
            .collect(),
    );
    let (does, does_not) = match map.get("remit") {
        Some(node) => read_remit(r, node),
        None => (Vec::new(), Vec::new()),
    };
    let contacts = exact(
        (r.list(&map, "contacts").into_iter())
            .filter_map(|n| read_contact(r, n, stem))
            .collect(),
    );
    let review = match map.get("review") {
        Some(node) => read_review(r, node),
        None => {
            r.missing(
                &map,
                "review",
                "the agency",
                "add `review:` with `owner:` (a role or team) and `last_reviewed: YYYY-MM-DD`",
            );
            None
        }
    };
    let (Some(id), Some(name), Some(agency_type), Some(summary), Some(review)) =
        (id, name, agency_type, summary, review)
    else {
        r.dropped.push(stem.to_owned());
        return None;
    };
    Some(Agency {
        file,
        id,
        name,
        abbreviation: r.opt_text(&map, "abbreviation"),
        agency_type,
        summary,
        description: r.opt_markdown(&map, "description"),
        areas,
        website,
        visibility: r.visibility(&map),
        teams,
        does,
        does_not,
        contacts,
        review,
        aka: r.text_list(&map, "aka"),
        external_id: r.opt_text(&map, "external_id"),
    })
}

/// The agency's id is its file name; `id:`, if written, must say the same.
fn agency_id(r: &mut Reader, map: &Map, stem: &str) -> Option<Text> {
    let file_id = Spanned::new(
        stem.to_owned(),
        r.loc(crate::model::Pos { line: 1, column: 1 }),
    );
    if !crate::model::ids::is_valid_id(stem) {
        r.report(
            Code::InvalidId,
            file_id.loc.pos,
            format!(
                "the file name `{stem}` is not a valid agency id: {}",
                crate::model::ids::explain_invalid_id(stem)
            ),
            Some(format!(
                "rename the file to `{}.yaml`",
                crate::model::ids::slug(stem)
            )),
        );
        return None;
    }
    if let Some(written) = r.opt_text(map, "id").filter(|w| w.value != stem) {
        r.report(
            Code::InvalidId,
            written.loc.pos,
            format!(
                "`id: {}` differs from the file name `{stem}`",
                written.value
            ),
            Some(format!(
                "an agency's id is its file name: remove `id:`, or rename the file to `{}.yaml`",
                written.value
            )),
        );
        return None;
    }
    Some(file_id)
}

fn read_team(r: &mut Reader, node: &Node, agency: &str) -> Option<Team> {
    let map = r.record(node, &declare::TEAM)?;
    let id = r.id(
        &map,
        "id",
        "the team",
        "add `id:`, a short lowercase name like `public-protection-unit`",
    )?;
    let Some(name) = r.req_text(&map, "name", "the team", "add `name:` with the team's name")
    else {
        r.dropped.push(format!("{agency}/{}", id.value));
        return None;
    };
    Some(Team {
        id,
        name,
        summary: r.opt_text(&map, "summary"),
        description: r.opt_markdown(&map, "description"),
        areas: r.id_list(&map, "areas"),
        visibility: r.visibility(&map),
        external_id: r.opt_text(&map, "external_id"),
    })
}

fn read_remit(r: &mut Reader, node: &Node) -> (Vec<Does>, Vec<DoesNot>) {
    let Some(map) = r.record(node, &declare::REMIT) else {
        return (Vec::new(), Vec::new());
    };
    let does = (r.list(&map, "does").into_iter())
        .filter_map(|n| read_does(r, n))
        .collect();
    let does_not = (r.list(&map, "does_not").into_iter())
        .filter_map(|n| read_does_not(r, n))
        .collect();
    (exact(does), exact(does_not))
}

fn read_does(r: &mut Reader, node: &Node) -> Option<Does> {
    let map = r.record(node, &declare::DOES)?;
    let topic = r.id(
        &map,
        "topic",
        "this `does` entry",
        "add `topic:` with a topic id from topics.yaml",
    );
    let role = r.req_word(
        &map,
        "role",
        Role::WORDS,
        Role::from_word,
        "this `does` entry",
    );
    Some(Does {
        topic: topic?,
        role: role?,
        team: r.opt_text(&map, "team").filter(|t| r.check_id(t)),
        areas: r.id_list(&map, "areas"),
        detail: r.opt_markdown(&map, "detail"),
        eligibility: r.opt_markdown(&map, "eligibility"),
        ages: r.opt_ages(&map, "ages"),
        loc: r.loc(node.pos),
    })
}

fn read_does_not(r: &mut Reader, node: &Node) -> Option<DoesNot> {
    let map = r.record(node, &declare::DOES_NOT)?;
    let topic = r.id(
        &map,
        "topic",
        "this `does_not` entry",
        "add `topic:` with a topic id from topics.yaml",
    );
    Some(DoesNot {
        topic: topic?,
        detail: r.opt_markdown(&map, "detail"),
        refer_to: r.opt_reference(&map, "refer_to"),
        loc: r.loc(node.pos),
    })
}

pub(super) fn read_review(r: &mut Reader, node: &Node) -> Option<Review> {
    let map = r.record(node, &declare::REVIEW)?;
    let owner = r.req_text(
        &map,
        "owner",
        "the review",
        "add `owner:`, a role or team (never a named person)",
    );
    let last = match map.get("last_reviewed") {
        Some(n) => r.date(n, "last_reviewed"),
        None => {
            r.missing(
                &map,
                "last_reviewed",
                "the review",
                "add `last_reviewed: YYYY-MM-DD`",
            );
            None
        }
    };
    let next = r.opt_date(&map, "next_review");
    Some(Review {
        owner: owner?,
        last_reviewed: last?,
        next_review: next,
        loc: r.loc(node.pos),
    })
}
