//! The records of an agency's file (`agencies/<id>.yaml`): the agency, its
//! teams, remit, contact routes with their exceptions, and its review.

use super::{
    Detail, Hsds, OPEN_CLOSED, Place, Record, Shape, Weight, detail, opt, req, visibility,
};
use crate::model::{AgencyType, Audience, Channel, Role, Urgency};

pub static TEAM: Record = Record {
    what: "a team",
    fields: &[
        req(
            "id",
            Shape::Id,
            "the team's id, like `public-protection-unit`",
        ),
        req("name", Shape::Text, "the team's name"),
        opt("summary", Shape::Text, "one plain sentence"),
        opt("description", Shape::Markdown, "Markdown"),
        opt(
            "areas",
            Shape::Many(&Shape::Id),
            "area ids; default the agency's",
        ),
        visibility("public or internal; default the agency's"),
        opt(
            "external_id",
            Shape::Text,
            "the id of this team in another directory (kept on import)",
        ),
    ],
};

pub static DOES: Record = Record {
    what: "a `does` entry",
    fields: &[
        req("topic", Shape::Id, "a topic id from topics.yaml"),
        req(
            "role",
            Shape::Word(Role::WORDS),
            "lead, joint, support or signpost",
        ),
        opt("team", Shape::Id, "a team id of this agency"),
        opt(
            "areas",
            Shape::Many(&Shape::Id),
            "area ids; default the team's, else the agency's",
        ),
        opt(
            "detail",
            Shape::Markdown,
            "what the agency does for this need (Markdown)",
        ),
        opt(
            "eligibility",
            Shape::Markdown,
            "who may use it (Markdown): \"Adults aged 18 and over who live in Kingsmouth.\"",
        ),
        opt(
            "ages",
            Shape::Ages,
            "the ages it is for: `0-17`, `65+` (65 and over) or `-25` (25 and under)",
        ),
    ],
};

pub static DOES_NOT: Record = Record {
    what: "a `does_not` entry",
    fields: &[
        req("topic", Shape::Id, "a topic id from topics.yaml"),
        opt(
            "detail",
            Shape::Markdown,
            "what people expect that it does not do (Markdown)",
        ),
        opt(
            "refer_to",
            Shape::Reference,
            "where to go instead: an agency or team reference",
        ),
    ],
};

pub static REMIT: Record = Record {
    what: "the remit",
    fields: &[
        opt(
            "does",
            Shape::ManyOf(&DOES),
            "what the agency does, one entry per topic",
        ),
        opt(
            "does_not",
            Shape::ManyOf(&DOES_NOT),
            "what people expect of it that it does not do",
        ),
    ],
};

pub static EXCEPTION: Record = Record {
    what: "an exception",
    fields: &[
        req("from", Shape::Date, "the first day of the change"),
        opt("to", Shape::Date, "the last day; default `from`"),
        req(
            "hours",
            Shape::ExceptionHours,
            "`closed`, or the times it is open those days, like [09:00-12:00]",
        ),
        opt("note", Shape::Text, "what to say about it"),
    ],
};

pub static CONTACT: Record = Record {
    what: "a contact route",
    fields: &[
        req("id", Shape::Id, "the route's id, like `mash-consultation`"),
        req(
            "purpose",
            Shape::Text,
            "what this route is for: \"Talk through a concern about a child\"",
        ),
        req(
            "audience",
            Shape::Many(&Shape::Word(Audience::WORDS)),
            "public, professionals, or both",
        ),
        req(
            "urgency",
            Shape::Word(Urgency::WORDS),
            "emergency, urgent or routine",
        ),
        req("channel", Shape::Word(Channel::WORDS), "how to reach it"),
        req(
            "value",
            Shape::Text,
            "the number, e-mail address or web address; it must fit the channel",
        ),
        req(
            "hours",
            Shape::Hours,
            "`24/7`, or lines like `mon-fri 09:00-17:00`",
        ),
        opt(
            "bank_holidays",
            Shape::Word(OPEN_CLOSED),
            "open or closed on bank holidays; default closed unless hours is 24/7",
        ),
        opt("topics", Shape::Many(&Shape::Id), "topic ids"),
        opt("team", Shape::Id, "a team id of this agency"),
        detail(
            "response",
            Shape::Text,
            "what response to expect: \"Within one working day\"",
            Detail {
                label: "Response",
                place: Place::Row,
                csv: true,
                search: None,
                // Also the service's `wait_time` in HSDS (not the UK profile).
                hsds: Hsds::Extension,
            },
        ),
        opt(
            "out_of_hours",
            Shape::Reference,
            "a contact route reference: where to go when this one is closed",
        ),
        detail(
            "notes",
            Shape::Markdown,
            "Markdown",
            Detail {
                label: "Notes",
                place: Place::Block,
                // Markdown prose does not fit a spreadsheet cell;
                // directory.json has it as notes_html.
                csv: false,
                search: Some(Weight::Body),
                hsds: Hsds::Service("description"),
            },
        ),
        visibility("public or internal; default the agency's"),
        opt(
            "exceptions",
            Shape::ManyOf(&EXCEPTION),
            "dated changes to the usual hours",
        ),
        opt(
            "external_id",
            Shape::Text,
            "the id of this route in another directory (kept on import)",
        ),
        opt(
            "eligibility",
            Shape::Markdown,
            "who may use it (Markdown): \"Adults aged 18 and over who live in Kingsmouth.\"",
        ),
        opt(
            "ages",
            Shape::Ages,
            "the ages it is for: `0-17`, `65+` (65 and over) or `-25` (25 and under)",
        ),
    ],
};

pub static REVIEW: Record = Record {
    what: "the review",
    fields: &[
        req(
            "owner",
            Shape::Text,
            "a role or team that keeps this up to date, never a named person",
        ),
        req("last_reviewed", Shape::Date, "when it was last checked"),
        opt(
            "next_review",
            Shape::Date,
            "when to check it next; default last_reviewed plus the review period",
        ),
    ],
};

pub static AGENCY: Record = Record {
    what: "an agency",
    fields: &[
        opt(
            "id",
            Shape::Id,
            "the agency's id: its file name; if written, it must say the same",
        ),
        req("name", Shape::Text, "the agency's full name"),
        opt("abbreviation", Shape::Text, "like `NP`"),
        req("type", Shape::Word(AgencyType::WORDS), "the kind of agency"),
        req(
            "summary",
            Shape::Text,
            "one plain sentence saying what it is for",
        ),
        opt("description", Shape::Markdown, "Markdown"),
        req("areas", Shape::Many(&Shape::Id), "area ids from site.yaml"),
        opt("website", Shape::Url, "https://…"),
        visibility("public or internal; default site.yaml's default_visibility"),
        opt("teams", Shape::ManyOf(&TEAM), "the agency's teams"),
        opt("remit", Shape::One(&REMIT), "what it does and does not do"),
        opt("contacts", Shape::ManyOf(&CONTACT), "its contact routes"),
        req(
            "review",
            Shape::One(&REVIEW),
            "who keeps this entry up to date, and when it was checked",
        ),
        opt(
            "aka",
            Shape::Many(&Shape::Text),
            "other names people search for",
        ),
        opt(
            "external_id",
            Shape::Text,
            "the id of this record in another directory (kept on import)",
        ),
    ],
};
