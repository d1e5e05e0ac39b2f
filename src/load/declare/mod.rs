//! The fields of every kind of content file, declared once.
//!
//! Each [`Record`] lists its [`Field`]s: the key, whether it is required, the
//! [`Shape`] of its value and a plain-words description. The same declarations
//! drive the readers' known keys and "did you mean" (through
//! [`super::fields::Reader::record`]), the JSON Schemas editors' tools check
//! files with as they type (`crate::schema`), the skeletons `joinedup new`
//! writes, and a test that compares them with docs/content-format.md.
//!
//! A contact route's plain optional fields (text, Markdown or a list of text:
//! `response`, `notes`) are *details*: declared with a [`Detail`], they are
//! read into `ContactRoute::details` and shown by the route card, the data
//! exports, search and the Open Referral export (and read back by the import)
//! from the declaration alone.
//!
//! To add a route detail: declare it in `CONTACT` (`agency.rs`) with
//! `detail(…)`, and say it in docs/content-format.md (the test fails until the
//! docs name it); tests/suite/route_fields.rs then checks it in every output.
//! To add any other field: add it to its record here (an agency file's
//! records are in `agency.rs`), read it in its reader, show it in each output,
//! and say it in docs/content-format.md. To add
//! a kind of file (agreements, meetings, pathways): declare its records here,
//! add a [`FileKind`] to [`FILES`], and have its reader call
//! `r.record(node, &declare::MEETING)` for each record, so that its known keys
//! and its schema cannot drift apart.

mod added;
mod agency;

pub use added::{AGREEMENT, BRANCH, MEETING, PATHWAY, STEP};
pub use agency::{AGENCY, CONTACT, DOES, DOES_NOT, EXCEPTION, REMIT, REVIEW, TEAM};

use crate::model::{Format, Nation};

/// One key of a record.
#[derive(Debug)]
pub struct Field {
    pub key: &'static str,
    pub required: bool,
    pub shape: Shape,
    /// What the value means, in plain words (shown by editors as you type).
    pub about: &'static str,
    /// For a route's detail (a plain optional field every output shows the
    /// same way): how each output shows it. `None` for a typed field, which
    /// its reader and outputs handle by name.
    pub detail: Option<Detail>,
}

/// How every output shows one of a contact route's details: an optional
/// field of Text, Markdown or a list of Text that the loader reads into
/// `ContactRoute::details` without naming it, and that the route card,
/// `directory.json`, `contacts.csv`, the search index and the Open Referral
/// export show from this declaration alone. `directory.json` names it by its
/// key (Text: the text or `null`; a list: an array), or `KEY_html` for
/// Markdown (the HTML, or `""`).
#[derive(Debug, Clone, Copy)]
pub struct Detail {
    /// Its label on the route card ("Response").
    pub label: &'static str,
    /// Where the route card shows it.
    pub place: Place,
    /// Whether `contacts.csv` has a column for it (named by its key; a list
    /// is joined with "; ", Markdown as written).
    pub csv: bool,
    /// How much a search match in it counts, or `None` when search leaves it out.
    pub search: Option<Weight>,
    /// Where the Open Referral export keeps it (and the import reads it back).
    pub hsds: Hsds,
}

/// Where a route card shows a detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A row of the card's list: its label, then its value.
    Row,
    /// A block after the list, its class the key (`<div class="notes">`).
    Block,
}

/// How much a search match in a detail counts (see `render::search::records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Like body text.
    Body,
    /// Like a synonym of the route's needs.
    Synonym,
    /// Like a name (the agency's, the team's).
    Name,
    /// Like the route's purpose.
    Purpose,
}

/// Where the Open Referral export keeps a detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hsds {
    /// A property of the HSDS service, in both flavours (`notes` is its `description`).
    Service(&'static str),
    /// The service's entry in `joinedup.json`, under the detail's key.
    Extension,
}

/// What a value looks like.
#[derive(Debug)]
pub enum Shape {
    /// Plain text (a number or `true` written bare is read as its text).
    Text,
    /// Markdown text.
    Markdown,
    /// An id: lowercase letters and digits joined by single hyphens.
    Id,
    /// A reference: `agency`, `agency/team` or `agency/route` (or a bare route id
    /// where the field says so).
    Reference,
    /// A web address starting `https://` (or `http://`).
    Url,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// A time of day, `HH:MM` in 24-hour time.
    Time,
    /// A whole number in a range.
    Int { min: i64, max: i64 },
    /// An age range: `0-17`, `65+` or `-25`.
    Ages,
    /// One word from a closed list.
    Word(&'static [&'static str]),
    /// `true`, `false`, or one word from a closed list (`hsds: true` or `hsds: oruk`).
    Switch(&'static [&'static str]),
    /// Opening hours: `24/7`, a line like `mon-fri 09:00-17:00`, or a list of lines.
    Hours,
    /// An exception's hours: `closed`, or a list of times like `09:00-12:00`.
    ExceptionHours,
    /// A list of values (a single value counts as a list of one).
    Many(&'static Shape),
    /// A mapping with its own keys.
    One(&'static Record),
    /// A list of mappings.
    ManyOf(&'static Record),
    /// Either of two shapes (a pathway step's `next`: ids, or branches).
    Either(&'static Shape, &'static Shape),
}

/// A mapping and its keys.
#[derive(Debug)]
pub struct Record {
    /// The record in messages: "an agency", "a team".
    pub what: &'static str,
    pub fields: &'static [Field],
}

impl Record {
    /// The keys this record may have, in the order declared.
    pub fn keys(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.key).collect()
    }

    /// The declaration of one key.
    pub fn field(&self, key: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The fields that are details (see [`Detail`]), in the order declared.
    pub fn details(&self) -> impl Iterator<Item = (&'static Field, &'static Detail)> {
        let fields: &'static [Field] = self.fields;
        fields
            .iter()
            .filter_map(|f| f.detail.as_ref().map(|d| (f, d)))
    }
}

/// How a file holds its records.
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    /// The file is one record (`site.yaml`, an agency).
    One(&'static Record),
    /// The file is a list of records (topics, glossary, shadowing, …).
    List(&'static Record),
    /// A Markdown file whose front matter is the record (pages).
    FrontMatter(&'static Record),
}

/// A kind of content file.
#[derive(Debug)]
pub struct FileKind {
    /// The kind's name: `agency`, also the schema's file name (`agency.schema.json`).
    pub name: &'static str,
    /// Where its files live, as a glob relative to the content folder.
    pub glob: &'static str,
    pub title: &'static str,
    pub layout: Layout,
}

const fn req(key: &'static str, shape: Shape, about: &'static str) -> Field {
    Field {
        key,
        required: true,
        shape,
        about,
        detail: None,
    }
}

const fn opt(key: &'static str, shape: Shape, about: &'static str) -> Field {
    Field {
        key,
        required: false,
        shape,
        about,
        detail: None,
    }
}

/// A contact route's detail: an optional Text, Markdown or list of Text that
/// every output shows as `detail` says.
const fn detail(key: &'static str, shape: Shape, about: &'static str, detail: Detail) -> Field {
    Field {
        key,
        required: false,
        shape,
        about,
        detail: Some(detail),
    }
}

const VISIBILITY: &[&str] = &["public", "internal"];
const OPEN_CLOSED: &[&str] = &["open", "closed"];

const fn visibility(about: &'static str) -> Field {
    opt("visibility", Shape::Word(VISIBILITY), about)
}

// site.yaml

pub static AREA: Record = Record {
    what: "an area",
    fields: &[
        req("id", Shape::Id, "the area's id, like `northshire`"),
        req("name", Shape::Text, "the area's name, like `Northshire`"),
        opt(
            "bank_holidays",
            Shape::Word(Nation::WORDS),
            "whose bank holidays this area keeps, when not the site's",
        ),
    ],
};

pub static CLOSURE: Record = Record {
    what: "a closure",
    fields: &[
        req("date", Shape::Date, "the day offices are closed"),
        opt(
            "from",
            Shape::Time,
            "closed from this time (quote it: \"12:00\"); else all day",
        ),
        opt("note", Shape::Text, "what to say about it"),
    ],
};

pub static SITE: Record = Record {
    what: "site.yaml",
    fields: &[
        req("title", Shape::Text, "the directory's name"),
        opt(
            "description",
            Shape::Text,
            "one or two sentences for the home page",
        ),
        opt(
            "language",
            Shape::Text,
            "the site's language tag; default en-GB",
        ),
        opt(
            "base_url",
            Shape::Url,
            "the address the site is published at (for the sitemap, feeds and the 404 page)",
        ),
        opt(
            "default_visibility",
            Shape::Word(VISIBILITY),
            "what agencies and pages without `visibility` are; default internal",
        ),
        opt(
            "review_period_months",
            Shape::Int { min: 1, max: 120 },
            "a record not reviewed within this many months is stale; default 12",
        ),
        req(
            "areas",
            Shape::ManyOf(&AREA),
            "the places the partnership covers, each an `id` and a `name`",
        ),
        opt(
            "theme",
            Shape::Text,
            "a folder under themes/; default the built-in theme",
        ),
        opt(
            "bank_holidays",
            Shape::Word(Nation::WORDS),
            "whose bank holidays: default england-and-wales",
        ),
        opt(
            "extra_bank_holidays",
            Shape::Many(&Shape::Date),
            "dates of one-off bank holidays the government announces",
        ),
        opt(
            "closures",
            Shape::ManyOf(&CLOSURE),
            "days (or parts of days) when routes with `bank_holidays: closed` are closed too",
        ),
        opt(
            "feedback",
            Shape::Reference,
            "a contact route reference, `agency/route`: where \"report a mistake\" goes",
        ),
        opt(
            "hsds",
            Shape::Switch(&["hsds", "oruk"]),
            "write the Open Referral export (data/hsds/) on every build: `true` (HSDS 3.0), `hsds` or `oruk` (the UK profile)",
        ),
    ],
};

// topics.yaml

pub static TOPIC: Record = Record {
    what: "a topic",
    fields: &[
        req("id", Shape::Id, "the topic's id, like `child-safeguarding`"),
        req(
            "name",
            Shape::Text,
            "the need in plain words: \"A child may be at risk of harm\"",
        ),
        opt("description", Shape::Markdown, "Markdown"),
        opt("parent", Shape::Id, "a broader topic's id"),
        opt(
            "aka",
            Shape::Many(&Shape::Text),
            "other words people use for this need",
        ),
        opt(
            "maps_to",
            Shape::Url,
            "a URI of the same need in a published list (an LGA/esd term), for the Open Referral export",
        ),
    ],
};

// glossary/*.yaml

pub static GLOSSARY_ENTRY: Record = Record {
    what: "a glossary entry",
    fields: &[
        req("term", Shape::Text, "the words in full"),
        opt("abbreviation", Shape::Text, "like `MASH` (case matters)"),
        opt(
            "id",
            Shape::Id,
            "default: the slug of the abbreviation, else of the term",
        ),
        req(
            "definition",
            Shape::Markdown,
            "what it means, in plain words (Markdown)",
        ),
        opt("aka", Shape::Many(&Shape::Text), "other words for it"),
        opt(
            "used_by",
            Shape::Many(&Shape::Reference),
            "the agencies that use this meaning",
        ),
        opt("see_also", Shape::Many(&Shape::Id), "glossary ids"),
    ],
};

// shadowing/*.yaml

pub static OFFER: Record = Record {
    what: "a shadowing offer",
    fields: &[
        req(
            "id",
            Shape::Id,
            "the offer's id, like `ppu-observation-day`",
        ),
        req("agency", Shape::Reference, "the agency that offers it"),
        opt("team", Shape::Id, "a team id in that agency"),
        req(
            "title",
            Shape::Text,
            "like \"A day with the Public Protection Unit\"",
        ),
        req("description", Shape::Markdown, "Markdown"),
        req(
            "open_to",
            Shape::Many(&Shape::Text),
            "who may apply: [social workers, health visitors]",
        ),
        opt(
            "format",
            Shape::Word(Format::WORDS),
            "in-person, virtual or hybrid",
        ),
        opt("duration", Shape::Text, "like `1 day`"),
        opt(
            "dates",
            Shape::Many(&Shape::Date),
            "specific dates; none means \"by arrangement\"",
        ),
        opt(
            "places",
            Shape::Int { min: 1, max: 1000 },
            "how many places",
        ),
        opt("location", Shape::Text, "where"),
        req(
            "apply",
            Shape::Reference,
            "a contact route reference (a bare id is a route of the offering agency)",
        ),
        opt("closes", Shape::Date, "after this date the offer is closed"),
        visibility("public or internal; default the agency's"),
    ],
};

// pages/*.md

pub static PAGE: Record = Record {
    what: "a page's front matter",
    fields: &[
        req(
            "title",
            Shape::Text,
            "the page's title (quote it if it holds \": \")",
        ),
        opt(
            "order",
            Shape::Int {
                min: -1000,
                max: 1000,
            },
            "ordering in menus",
        ),
        opt(
            "induction",
            Shape::Int { min: 1, max: 1000 },
            "position in the induction path",
        ),
        visibility("public or internal; default site.yaml's default_visibility"),
        opt(
            "aka",
            Shape::Many(&Shape::Text),
            "other words people search for",
        ),
    ],
};

/// Every kind of content file.
pub static FILES: &[FileKind] = &[
    FileKind {
        name: "site",
        glob: "site.yaml",
        title: "joinedup site.yaml",
        layout: Layout::One(&SITE),
    },
    FileKind {
        name: "topics",
        glob: "topics.yaml",
        title: "joinedup topics.yaml",
        layout: Layout::List(&TOPIC),
    },
    FileKind {
        name: "agency",
        glob: "agencies/*.yaml",
        title: "joinedup agency",
        layout: Layout::One(&AGENCY),
    },
    FileKind {
        name: "glossary",
        glob: "glossary/*.yaml",
        title: "joinedup glossary file",
        layout: Layout::List(&GLOSSARY_ENTRY),
    },
    FileKind {
        name: "shadowing",
        glob: "shadowing/*.yaml",
        title: "joinedup shadowing offers",
        layout: Layout::List(&OFFER),
    },
    FileKind {
        name: "page",
        glob: "pages/*.md",
        title: "joinedup page front matter",
        layout: Layout::FrontMatter(&PAGE),
    },
    FileKind {
        name: "agreements",
        glob: "agreements/*.yaml",
        title: "joinedup agreements",
        layout: Layout::List(&AGREEMENT),
    },
    FileKind {
        name: "meetings",
        glob: "meetings/*.yaml",
        title: "joinedup meetings",
        layout: Layout::List(&MEETING),
    },
    FileKind {
        name: "pathway",
        glob: "pathways/*.yaml",
        title: "joinedup pathway",
        layout: Layout::One(&PATHWAY),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Only a route's reader reads details, and only of the shapes it knows.
    #[test]
    fn details_are_routes_plain_optional_fields() {
        for kind in FILES {
            let (Layout::One(r) | Layout::List(r) | Layout::FrontMatter(r)) = kind.layout;
            let mut records = Vec::new();
            walk(r, &mut records);
            for record in records {
                for (field, _) in record.details() {
                    assert!(
                        std::ptr::eq(record, &CONTACT),
                        "`{}` of {} is a detail: only a contact route reads details",
                        field.key,
                        record.what
                    );
                    assert!(!field.required, "detail `{}` is required", field.key);
                    assert!(
                        matches!(
                            field.shape,
                            Shape::Text | Shape::Markdown | Shape::Many(Shape::Text)
                        ),
                        "detail `{}`: a detail is Text, Markdown or a list of Text",
                        field.key
                    );
                }
            }
        }
    }

    fn walk(record: &'static Record, out: &mut Vec<&'static Record>) {
        out.push(record);
        for f in record.fields {
            let mut shape = &f.shape;
            while let Shape::Many(s) = shape {
                shape = s;
            }
            if let Shape::One(r) | Shape::ManyOf(r) = shape {
                walk(r, out);
            }
        }
    }
}
