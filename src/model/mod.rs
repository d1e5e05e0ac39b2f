//! The typed content model: what the YAML and Markdown files of a content folder
//! mean once read and checked. Every value that a finding may point at keeps its
//! [`Pos`], and every record knows the file it came from.
//!
//! The small value types with parsers of their own live beside this file:
//! identifiers and references (`ids.rs`), dates (`date.rs`) and opening hours
//! (`hours.rs`); bank holidays (`holidays.rs`) and when a route is open on a
//! date (`schedule.rs`).

pub mod ages;
pub mod date;
pub mod holidays;
pub mod hours;
pub mod ids;
pub mod kinds;
pub mod schedule;

use std::fmt;

pub use date::Date;
pub use holidays::Nation;
pub use hours::Hours;
pub use kinds::{Agreement, Meeting, Pathway};
pub use schedule::{Closure, Exception};

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: u64, column: u64) -> Self {
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

/// Index of a source file in [`Content::files`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A place in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: FileId,
    pub pos: Pos,
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Spanned<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Spanned { value, loc }
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// Text written by an editor, with where it was written.
pub type Text = Spanned<String>;

/// One file the content was read from.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the content folder, with `/` separators.
    pub path: String,
    /// The text (without BOM), kept for showing the offending line in findings.
    pub text: String,
}

/// Who may see a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Public,
    Internal,
}

impl Visibility {
    /// The stricter of two visibilities: internal wins.
    pub fn stricter(self, other: Visibility) -> Visibility {
        if self == Visibility::Internal || other == Visibility::Internal {
            Visibility::Internal
        } else {
            Visibility::Public
        }
    }
}

/// Declares a closed set of words that an editor may write for a field, with the
/// spelling of each, so that reading, suggesting and printing share one list.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
        pub enum $name { $(#[doc = $word] #[serde(rename = $word)] $variant),+ }

        impl $name {
            /// Every accepted spelling, in the order of the spec.
            pub const WORDS: &'static [&'static str] = &[$($word),+];

            /// Reads an editor's word (exact, lowercase).
            pub fn from_word(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }

            /// The word as editors write it.
            pub fn word(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}
pub(crate) use word_enum;

word_enum!(
    /// The kind of organisation an agency is.
    AgencyType {
        NhsTrust = "nhs-trust",
        PrimaryCare = "primary-care",
        Ambulance = "ambulance",
        LocalAuthority = "local-authority",
        Police = "police",
        Fire = "fire",
        Probation = "probation",
        Housing = "housing",
        Education = "education",
        Voluntary = "voluntary",
        Independent = "independent",
        Government = "government",
        Other = "other",
    }
);

impl AgencyType {
    /// A plural label for lists and filters.
    pub fn label(self) -> &'static str {
        match self {
            AgencyType::NhsTrust => "NHS trusts",
            AgencyType::PrimaryCare => "Primary care",
            AgencyType::Ambulance => "Ambulance services",
            AgencyType::LocalAuthority => "Local authorities",
            AgencyType::Police => "Police",
            AgencyType::Fire => "Fire and rescue",
            AgencyType::Probation => "Probation",
            AgencyType::Housing => "Housing",
            AgencyType::Education => "Education",
            AgencyType::Voluntary => "Voluntary sector",
            AgencyType::Independent => "Independent sector",
            AgencyType::Government => "Government",
            AgencyType::Other => "Other",
        }
    }
}

word_enum!(
    /// How far an agency takes responsibility for a topic.
    Role {
        Lead = "lead",
        Joint = "joint",
        Support = "support",
        Signpost = "signpost",
    }
);

word_enum!(
    /// Who a contact route is for.
    Audience {
        Public = "public",
        Professionals = "professionals",
    }
);

word_enum!(
    /// How quickly a contact route answers need.
    Urgency {
        Emergency = "emergency",
        Urgent = "urgent",
        Routine = "routine",
    }
);

word_enum!(
    /// How a contact route is reached.
    Channel {
        Phone = "phone",
        Email = "email",
        SecureEmail = "secure-email",
        WebForm = "web-form",
        Portal = "portal",
        InPerson = "in-person",
        Text = "text",
        Post = "post",
    }
);

word_enum!(
    /// How a shadowing offer is held.
    Format {
        InPerson = "in-person",
        Virtual = "virtual",
        Hybrid = "hybrid",
    }
);

/// An area the partnership covers (from `site.yaml`).
#[derive(Debug, Clone)]
pub struct Area {
    pub id: Text,
    pub name: Text,
    /// Whose bank holidays the area keeps, when not the site's.
    pub bank_holidays: Option<Spanned<Nation>>,
}

/// The site's settings (`site.yaml`).
#[derive(Debug, Clone)]
pub struct Site {
    pub file: FileId,
    pub title: Text,
    pub description: Option<Text>,
    pub language: String,
    pub base_url: Option<Text>,
    pub default_visibility: Visibility,
    pub review_period_months: u32,
    pub areas: Vec<Area>,
    pub theme: Option<Text>,
    /// Whose bank holidays the site keeps (`england-and-wales` unless set).
    pub bank_holidays: Nation,
    pub extra_bank_holidays: Vec<Spanned<Date>>,
    pub closures: Vec<Closure>,
    /// `feedback:`: the contact route (`agency/route`) where "report a mistake" goes.
    pub feedback: Option<Text>,
    /// `hsds:`: the Open Referral flavour the build exports into `data/hsds/`
    /// (`hsds` for `true`, or `oruk`); `None` when off.
    pub hsds: Option<&'static str>,
}

/// A need that people bring (`topics.yaml`).
#[derive(Debug, Clone)]
pub struct Topic {
    pub id: Text,
    pub name: Text,
    pub description: Option<Text>,
    pub parent: Option<Text>,
    pub aka: Vec<Text>,
    /// `maps_to:`: a URI of the same need in a published taxonomy (an LGA/esd term).
    pub maps_to: Option<Text>,
}

/// A team inside an agency.
#[derive(Debug, Clone)]
pub struct Team {
    pub id: Text,
    pub name: Text,
    pub summary: Option<Text>,
    pub description: Option<Text>,
    /// As written; empty means "the agency's areas".
    pub areas: Vec<Text>,
    pub visibility: Option<Spanned<Visibility>>,
    /// The id of this team in another directory, kept on import.
    pub external_id: Option<Text>,
}

/// One thing an agency does (`remit.does`).
#[derive(Debug, Clone)]
pub struct Does {
    pub topic: Text,
    pub role: Spanned<Role>,
    pub team: Option<Text>,
    /// As written; empty means "the team's, else the agency's areas".
    pub areas: Vec<Text>,
    pub detail: Option<Text>,
    /// Who may use it, in Markdown.
    pub eligibility: Option<Text>,
    pub ages: Option<Spanned<ages::Ages>>,
    pub loc: Loc,
}

/// One thing an agency does not do, and where it sends people (`remit.does_not`).
#[derive(Debug, Clone)]
pub struct DoesNot {
    pub topic: Text,
    pub detail: Option<Text>,
    pub refer_to: Option<Text>,
    pub loc: Loc,
}

/// A way to reach an agency for one purpose (`contacts`).
#[derive(Debug, Clone)]
pub struct ContactRoute {
    pub id: Text,
    pub purpose: Text,
    pub audience: Vec<Spanned<Audience>>,
    pub urgency: Spanned<Urgency>,
    pub channel: Spanned<Channel>,
    pub value: Text,
    pub hours: Spanned<Hours>,
    pub bank_holidays_open: bool,
    pub topics: Vec<Text>,
    pub team: Option<Text>,
    pub out_of_hours: Option<Text>,
    pub visibility: Option<Spanned<Visibility>>,
    /// Dated changes to the usual hours.
    pub exceptions: Vec<Exception>,
    /// The id of this route in another directory, kept on import.
    pub external_id: Option<Text>,
    /// Who may use it, in Markdown.
    pub eligibility: Option<Text>,
    pub ages: Option<Spanned<ages::Ages>>,
    /// The details it has (`response`, `notes`, …: the fields declared with a
    /// `declare::Detail`), in the order declared.
    pub details: Vec<Detail>,
    pub loc: Loc,
}

impl ContactRoute {
    /// The route's detail `key`, when it has it.
    pub fn detail(&self, key: &str) -> Option<&DetailValue> {
        (self.details.iter())
            .find(|d| d.field.key == key)
            .map(|d| &d.value)
    }
}

/// One of a route's details: its declaration and its value.
#[derive(Debug, Clone)]
pub struct Detail {
    pub field: &'static crate::load::declare::Field,
    pub value: DetailValue,
}

/// A detail's value, by its declared shape.
#[derive(Debug, Clone)]
pub enum DetailValue {
    Text(Text),
    Markdown(Text),
    List(Vec<Text>),
}

impl DetailValue {
    /// The value as written: a list's items joined with `sep`.
    pub fn written(&self, sep: &str) -> String {
        match self {
            DetailValue::Text(t) | DetailValue::Markdown(t) => t.value.clone(),
            DetailValue::List(items) => {
                let words: Vec<&str> = items.iter().map(|t| t.value.as_str()).collect();
                words.join(sep)
            }
        }
    }

    /// The text, when it is one (Text or Markdown).
    pub fn text(&self) -> Option<&Text> {
        match self {
            DetailValue::Text(t) | DetailValue::Markdown(t) => Some(t),
            DetailValue::List(_) => None,
        }
    }
}

/// Who keeps an agency's entry up to date.
#[derive(Debug, Clone)]
pub struct Review {
    pub owner: Text,
    pub last_reviewed: Spanned<Date>,
    pub next_review: Option<Spanned<Date>>,
    pub loc: Loc,
}

/// One agency (`agencies/<id>.yaml`).
#[derive(Debug, Clone)]
pub struct Agency {
    pub file: FileId,
    pub id: Text,
    pub name: Text,
    pub abbreviation: Option<Text>,
    pub agency_type: Spanned<AgencyType>,
    pub summary: Text,
    pub description: Option<Text>,
    pub areas: Vec<Text>,
    pub website: Option<Text>,
    pub visibility: Option<Spanned<Visibility>>,
    pub teams: Vec<Team>,
    pub does: Vec<Does>,
    pub does_not: Vec<DoesNot>,
    pub contacts: Vec<ContactRoute>,
    pub review: Review,
    /// Other names people search for (`aka:`).
    pub aka: Vec<Text>,
    /// The id of this record in another directory, kept on import.
    pub external_id: Option<Text>,
}

/// One glossary entry.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    /// The id, set or derived from the abbreviation or term.
    pub id: Text,
    /// Whether `id:` was written (a derived id that collides needs one).
    pub id_written: bool,
    pub term: Text,
    pub abbreviation: Option<Text>,
    pub definition: Text,
    pub aka: Vec<Text>,
    pub used_by: Vec<Text>,
    pub see_also: Vec<Text>,
    pub loc: Loc,
}

/// A chance to spend time with another agency's team.
#[derive(Debug, Clone)]
pub struct ShadowingOffer {
    pub id: Text,
    pub agency: Text,
    pub team: Option<Text>,
    pub title: Text,
    pub description: Text,
    pub open_to: Vec<Text>,
    pub format: Option<Spanned<Format>>,
    pub duration: Option<Text>,
    pub dates: Vec<Spanned<Date>>,
    pub places: Option<Spanned<u32>>,
    pub location: Option<Text>,
    pub apply: Text,
    pub closes: Option<Spanned<Date>>,
    pub visibility: Option<Spanned<Visibility>>,
    pub loc: Loc,
}

/// A free page (`pages/<id>.md`).
#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileId,
    pub id: Text,
    pub title: Text,
    pub order: Option<Spanned<i64>>,
    pub induction: Option<Spanned<i64>>,
    pub visibility: Option<Spanned<Visibility>>,
    /// Other words people search for (search finds the page by them).
    pub aka: Vec<Text>,
    /// The Markdown body, after the front matter.
    pub body: String,
    /// The line on which the body starts.
    pub body_line: u32,
}

/// Everything read from a content folder.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub files: Vec<SourceFile>,
    pub site: Option<Site>,
    pub topics: Vec<Topic>,
    pub agencies: Vec<Agency>,
    pub glossary: Vec<GlossaryEntry>,
    pub shadowing: Vec<ShadowingOffer>,
    pub pages: Vec<Page>,
    /// Version 2: agreements, meetings and pathways (`kinds.rs`).
    pub agreements: Vec<Agreement>,
    pub meetings: Vec<Meeting>,
    pub pathways: Vec<Pathway>,
}

impl Content {
    /// The path of a file, relative to the content folder.
    pub fn path(&self, file: FileId) -> &str {
        self.files
            .get(file.0 as usize)
            .map_or("", |f| f.path.as_str())
    }
}
