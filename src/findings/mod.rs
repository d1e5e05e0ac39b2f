//! Findings: what `check` and `build` say about the content, each with a stable
//! code (the spec's table), a severity, a place and a message an editor can act on.
//! Printing them, for people or as JSON, is in `print.rs`.

pub mod print;

use std::fmt;

use crate::model::{Content, FileId, Loc, Pos};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops the build.
    Error,
    /// Printed and listed on the report page.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

crate::model::word_enum!(
    /// The stable codes of the spec; content teams gate their CI on these.
    Code {
        YamlSyntax = "yaml-syntax",
        UnknownKey = "unknown-key",
        MissingField = "missing-field",
        InvalidValue = "invalid-value",
        InvalidId = "invalid-id",
        DuplicateId = "duplicate-id",
        DanglingReference = "dangling-reference",
        TopicCycle = "topic-cycle",
        Gap = "gap",
        Overlap = "overlap",
        ReferralLoop = "referral-loop",
        ReferralDeadEnd = "referral-dead-end",
        NoOutOfHours = "no-out-of-hours",
        Stale = "stale",
        GlossaryClash = "glossary-clash",
        PersonalContact = "personal-contact",
        SpreadsheetFormula = "spreadsheet-formula",
        SkippedFile = "skipped-file",
        PathwayUnreachable = "pathway-unreachable",
        PathwayNotInRemit = "pathway-not-in-remit",
        ImportedDefault = "imported-default",
    }
);

impl Code {
    /// Errors stop a build; warnings are reported and the build goes on.
    pub fn severity(self) -> Severity {
        match self {
            Code::YamlSyntax
            | Code::UnknownKey
            | Code::MissingField
            | Code::InvalidValue
            | Code::InvalidId
            | Code::DuplicateId
            | Code::DanglingReference
            | Code::TopicCycle => Severity::Error,
            _ => Severity::Warning,
        }
    }

    /// Where findings of this code come in the order they are printed: what is
    /// wrong in one file (0), then what is wrong between files (1), then warnings (2).
    pub fn rank(self) -> u8 {
        match self {
            Code::YamlSyntax
            | Code::UnknownKey
            | Code::MissingField
            | Code::InvalidValue
            | Code::InvalidId => 0,
            Code::DuplicateId | Code::DanglingReference | Code::TopicCycle => 1,
            _ => 2,
        }
    }

    /// A heading for the kind of finding, for reports.
    pub fn title(self) -> &'static str {
        match self {
            Code::YamlSyntax => "Files that could not be read",
            Code::UnknownKey => "Unknown keys",
            Code::MissingField => "Missing fields",
            Code::InvalidValue => "Invalid values",
            Code::InvalidId => "Invalid ids",
            Code::DuplicateId => "Duplicate ids",
            Code::DanglingReference => "References to things that do not exist",
            Code::TopicCycle => "Topics that are their own parent",
            Code::Gap => "Gaps: needs nobody leads on",
            Code::Overlap => "Overlaps: several leads for one need",
            Code::ReferralLoop => "Referral loops",
            Code::ReferralDeadEnd => "Referrals to agencies that do not take the need",
            Code::NoOutOfHours => "Urgent routes with no out-of-hours cover",
            Code::Stale => "Entries past their review date",
            Code::GlossaryClash => "Abbreviations with several meanings",
            Code::PersonalContact => "Contacts that look like a person's own address",
            Code::SpreadsheetFormula => "Names a spreadsheet would take for a formula",
            Code::SkippedFile => "Files that were skipped",
            Code::PathwayUnreachable => "Pathway steps no path reaches",
            Code::PathwayNotInRemit => "Pathway steps given to agencies outside their remit",
            Code::ImportedDefault => "Imported values to confirm",
        }
    }
}

/// One thing the generator has to say about the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind of finding this is.
    pub code: Code,
    /// The file, relative to the content folder, where the finding belongs to one.
    pub file: Option<FileId>,
    /// Where in the file, when the finding belongs to a place.
    pub pos: Option<Pos>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What to do about it, where that helps.
    pub hint: Option<String>,
}

impl Finding {
    /// A finding at a place in a file.
    pub fn at(code: Code, loc: Loc, message: impl Into<String>) -> Finding {
        Finding {
            code,
            file: Some(loc.file),
            pos: Some(loc.pos),
            message: message.into(),
            hint: None,
        }
    }

    /// A finding about a whole file.
    pub fn in_file(code: Code, file: FileId, message: impl Into<String>) -> Finding {
        Finding {
            code,
            file: Some(file),
            pos: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    /// Sets the hint, or clears it.
    pub fn maybe_hint(mut self, hint: Option<String>) -> Finding {
        self.hint = hint;
        self
    }

    /// Error or warning, by the code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
}

/// All the findings of a run, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// The findings.
    pub items: Vec<Finding>,
    /// References into records whose files could not be read cleanly, held
    /// back rather than reported as dangling (they would only echo the error
    /// in that file); they are judged again once it is fixed.
    pub held_back: usize,
}

impl Findings {
    /// Orders findings root causes first (a file that could not be read, an
    /// unknown key or a bad value before the references and duplicates they may
    /// explain, and errors before warnings), then by file path, line, column,
    /// code and message, so that runs over the same content print the same
    /// lines. Within a rank, findings without a file come first.
    pub fn sort(&mut self, content: &Content) {
        self.items.sort_by_cached_key(|f| {
            (
                f.code.rank(),
                f.file.map(|id| content.path(id).to_owned()),
                f.pos,
                f.code,
                f.message.clone(),
            )
        });
        self.items.dedup();
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items
            .iter()
            .filter(|f| f.severity() == severity)
            .count()
    }
}
