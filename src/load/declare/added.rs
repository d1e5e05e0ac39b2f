//! The records the contract adds in version 2: agreements, meetings and
//! pathways (their readers land in their own files under `src/load/`).

use super::{REVIEW, Record, Shape, opt, req, visibility};
use crate::model::Channel;

const AGREEMENT_KINDS: &[&str] = &[
    "information-sharing",
    "memorandum-of-understanding",
    "protocol",
    "pooled-budget",
    "other",
];

pub static AGREEMENT: Record = Record {
    what: "an agreement",
    fields: &[
        req("id", Shape::Id, "the agreement's id"),
        req("title", Shape::Text, "the agreement's title"),
        req(
            "kind",
            Shape::Word(AGREEMENT_KINDS),
            "what kind of agreement",
        ),
        req(
            "parties",
            Shape::Many(&Shape::Reference),
            "2 or more agency (or team) references",
        ),
        opt("topics", Shape::Many(&Shape::Id), "topic ids"),
        req("purpose", Shape::Markdown, "what it is for (Markdown)"),
        opt("shares", Shape::Many(&Shape::Text), "what may be shared"),
        opt("lawful_basis", Shape::Text, "the lawful basis for sharing"),
        opt(
            "how",
            Shape::Word(Channel::WORDS),
            "how information is shared",
        ),
        opt("document", Shape::Url, "a link to the signed text"),
        opt("signed", Shape::Date, "when it was signed"),
        req("review", Shape::One(&REVIEW), "who keeps it up to date"),
        visibility("public or internal; default site.yaml's default_visibility"),
    ],
};

pub static MEETING: Record = Record {
    what: "a meeting",
    fields: &[
        req("id", Shape::Id, "the meeting's id, like `marac`"),
        req("name", Shape::Text, "its full name"),
        opt("abbreviation", Shape::Text, "like `MARAC`"),
        req("purpose", Shape::Markdown, "what it is for (Markdown)"),
        req("chair", Shape::Reference, "an agency or team reference"),
        opt(
            "members",
            Shape::Many(&Shape::Reference),
            "agency or team references",
        ),
        opt("topics", Shape::Many(&Shape::Id), "topic ids"),
        opt(
            "areas",
            Shape::Many(&Shape::Id),
            "area ids; default all areas",
        ),
        opt("frequency", Shape::Text, "like `Every two weeks`"),
        opt(
            "threshold",
            Shape::Markdown,
            "which cases come here (Markdown)",
        ),
        opt(
            "refer",
            Shape::Reference,
            "a contact route reference: how to bring a case",
        ),
        req("review", Shape::One(&REVIEW), "who keeps it up to date"),
        visibility("public or internal; default site.yaml's default_visibility"),
    ],
};

pub static BRANCH: Record = Record {
    what: "a branch",
    fields: &[
        req("step", Shape::Id, "the step this branch leads to"),
        req("when", Shape::Text, "the condition that leads there"),
    ],
};

pub static STEP: Record = Record {
    what: "a step",
    fields: &[
        req("id", Shape::Id, "the step's id, unique in the pathway"),
        opt("title", Shape::Text, "what happens, in a few words"),
        req(
            "who",
            Shape::Reference,
            "`anyone`, or an agency or team reference",
        ),
        req(
            "do",
            Shape::Markdown,
            "what happens at this step (Markdown)",
        ),
        opt("contact", Shape::Reference, "a contact route reference"),
        opt("within", Shape::Text, "how fast: `1 working day`"),
        opt(
            "next",
            Shape::Either(&Shape::Many(&Shape::Id), &Shape::ManyOf(&BRANCH)),
            "step ids, or branches each with `step` and `when`; default the following step; [] ends the pathway",
        ),
    ],
};

const PATHWAY_KINDS: &[&str] = &["process", "escalation"];

pub static PATHWAY: Record = Record {
    what: "a pathway",
    fields: &[
        req("id", Shape::Id, "the pathway's id: its file name"),
        req("title", Shape::Text, "the pathway's title"),
        opt(
            "kind",
            Shape::Word(PATHWAY_KINDS),
            "process or escalation; default process",
        ),
        req("topics", Shape::Many(&Shape::Id), "1 or more topic ids"),
        req("summary", Shape::Text, "one plain sentence"),
        req("steps", Shape::ManyOf(&STEP), "the steps, in order"),
        req("review", Shape::One(&REVIEW), "who keeps it up to date"),
        visibility("public or internal; default site.yaml's default_visibility"),
    ],
};
