//! The three kinds of record of version 2 of the content model that describe
//! how agencies work together: written agreements (`agreements/*.yaml`),
//! multi-agency meetings and panels (`meetings/*.yaml`) and step-by-step
//! pathways (`pathways/*.yaml`).

use std::fmt;

use super::{Channel, FileId, Loc, Review, Spanned, Text, Visibility, word_enum};

word_enum!(
    /// What sort of written agreement.
    AgreementKind {
        InformationSharing = "information-sharing",
        MemorandumOfUnderstanding = "memorandum-of-understanding",
        Protocol = "protocol",
        PooledBudget = "pooled-budget",
        Other = "other",
    }
);

impl AgreementKind {
    /// What one such agreement is called.
    pub fn name(self) -> &'static str {
        match self {
            AgreementKind::InformationSharing => "Information-sharing agreement",
            AgreementKind::MemorandumOfUnderstanding => "Memorandum of understanding",
            AgreementKind::Protocol => "Protocol",
            AgreementKind::PooledBudget => "Pooled budget",
            AgreementKind::Other => "Agreement",
        }
    }

    /// A plural heading for the agreements page.
    pub fn label(self) -> &'static str {
        match self {
            AgreementKind::InformationSharing => "Information-sharing agreements",
            AgreementKind::MemorandumOfUnderstanding => "Memoranda of understanding",
            AgreementKind::Protocol => "Protocols",
            AgreementKind::PooledBudget => "Pooled budgets",
            AgreementKind::Other => "Other agreements",
        }
    }
}

word_enum!(
    /// What sort of pathway.
    PathwayKind {
        Process = "process",
        Escalation = "escalation",
    }
);

/// A written agreement between agencies (`agreements/*.yaml`).
#[derive(Debug, Clone)]
pub struct Agreement {
    pub id: Text,
    pub title: Text,
    pub kind: Spanned<AgreementKind>,
    /// Agency or team references; two or more.
    pub parties: Vec<Text>,
    pub topics: Vec<Text>,
    /// Markdown.
    pub purpose: Text,
    pub shares: Vec<Text>,
    pub lawful_basis: Option<Text>,
    pub how: Option<Spanned<Channel>>,
    pub document: Option<Text>,
    pub signed: Option<Spanned<super::Date>>,
    pub review: Review,
    pub visibility: Option<Spanned<Visibility>>,
    pub loc: Loc,
}

/// A multi-agency meeting or panel (`meetings/*.yaml`).
#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: Text,
    pub name: Text,
    pub abbreviation: Option<Text>,
    /// Markdown.
    pub purpose: Text,
    /// An agency or team reference.
    pub chair: Text,
    /// Agency or team references.
    pub members: Vec<Text>,
    pub topics: Vec<Text>,
    /// As written; empty means every area.
    pub areas: Vec<Text>,
    pub frequency: Option<Text>,
    /// Markdown: which cases come here.
    pub threshold: Option<Text>,
    /// A contact route reference: how to bring a case.
    pub refer: Option<Text>,
    pub review: Review,
    pub visibility: Option<Spanned<Visibility>>,
    pub loc: Loc,
}

/// Where a step leads.
#[derive(Debug, Clone)]
pub enum Next {
    /// `next` not written: the following step, or the end after the last.
    Following,
    /// `next: []`: the pathway ends here.
    End,
    /// One or more steps, each with the condition that leads there.
    Steps(Vec<Branch>),
}

/// One way out of a step.
#[derive(Debug, Clone)]
pub struct Branch {
    /// A step id in the same pathway.
    pub step: Text,
    /// The condition, when the step branches.
    pub when: Option<Text>,
}

/// One step of a pathway.
#[derive(Debug, Clone)]
pub struct Step {
    pub id: Text,
    pub title: Text,
    /// `anyone`, or an agency or team reference.
    pub who: Text,
    /// Markdown: what happens.
    pub what: Text,
    /// A contact route reference.
    pub contact: Option<Text>,
    /// How fast, free text.
    pub within: Option<Text>,
    pub next: Next,
    pub loc: Loc,
}

impl Step {
    /// Whether `who` names nobody in particular.
    pub fn anyone(&self) -> bool {
        self.who.value.trim() == ANYONE
    }
}

/// The word a step's `who` takes when anyone may do it.
pub const ANYONE: &str = "anyone";

/// A step-by-step pathway (`pathways/<id>.yaml`).
#[derive(Debug, Clone)]
pub struct Pathway {
    pub file: FileId,
    pub id: Text,
    pub title: Text,
    pub kind: PathwayKind,
    pub topics: Vec<Text>,
    pub summary: Text,
    pub steps: Vec<Step>,
    /// Ids of steps that were dropped for errors: a `next` naming one is not
    /// reported again.
    pub dropped_steps: Vec<String>,
    pub review: Review,
    pub visibility: Option<Spanned<Visibility>>,
}

impl Pathway {
    /// Where each step leads, as positions in `steps`: a `next` naming no step
    /// is left out (it is reported as a dangling reference).
    pub fn edges(&self) -> Vec<Vec<usize>> {
        self.steps
            .iter()
            .enumerate()
            .map(|(i, s)| match &s.next {
                Next::Following => {
                    if i + 1 < self.steps.len() {
                        vec![i + 1]
                    } else {
                        Vec::new()
                    }
                }
                Next::End => Vec::new(),
                Next::Steps(branches) => branches
                    .iter()
                    .filter_map(|b| self.steps.iter().position(|t| t.id.value == b.step.value))
                    .collect(),
            })
            .collect()
    }
}
