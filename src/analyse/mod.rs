//! Analyse: judge the loaded content as a whole. Cross-reference errors
//! (`references.rs`) and the role-clarity warnings: who leads where
//! (`coverage.rs`), where referrals go (`referrals.rs`), contact routes
//! (`contacts.rs`), review dates (`review.rs`), glossary clashes
//! (`glossary.rs`), agreements, meetings and pathways (`pathways.rs`) and names a spreadsheet would run (`spreadsheet.rs`).

pub(crate) mod contacts;
pub(crate) mod coverage;
pub(crate) mod glossary;
pub(crate) mod imported;
pub(crate) mod index;
pub(crate) mod pathways;
pub(crate) mod references;
pub(crate) mod referrals;
pub(crate) mod review;
pub(crate) mod spreadsheet;

use crate::findings::{Findings, Severity};
use crate::load::Loaded;
use crate::model::Date;
use crate::timing::phase;
pub use index::Index;

/// Every finding about the loaded content, sorted: what loading found, the
/// cross-reference errors, and the warnings.
///
/// The warnings that need the whole picture (gaps, overlaps, referral loops and
/// dead ends) are left out while there are errors: a misspelt `remit:` would
/// otherwise show up again as gaps in every topic that agency leads on. The
/// warnings about single records are always given.
pub fn analyse(loaded: &Loaded, today: Date) -> Findings {
    errors(loaded).finish(today)
}

/// The first part of the analysis: what loading found and the
/// cross-reference checks, which are every error there can be (the rest of
/// the analysis finds warnings only). `serve` shows the open page once this
/// has found no errors, and finishes the analysis after.
pub fn errors(loaded: &Loaded) -> Judged<'_> {
    let content = &loaded.content;
    let ix = phase("analyse: index", || Index::new(content));
    let mut items = loaded.findings.clone();
    let unread = references::Unread::new(content, &items);
    let held_back = phase("analyse: references", || {
        references::check(content, &ix, &loaded.dropped, &unread, &mut items)
    });
    Judged {
        loaded,
        ix,
        items,
        held_back,
    }
}

/// The content's errors found (see [`errors`]), and what finishing the
/// analysis needs.
pub struct Judged<'c> {
    loaded: &'c Loaded,
    ix: Index<'c>,
    items: Vec<crate::findings::Finding>,
    held_back: usize,
}

impl Judged<'_> {
    /// Whether the content has errors (then it does not build).
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|f| f.severity() == Severity::Error)
    }

    /// Every finding, sorted, as [`analyse`] gives them.
    pub fn finish(self, today: Date) -> Findings {
        let has_errors = self.has_errors();
        let Judged {
            loaded,
            ix,
            mut items,
            held_back,
        } = self;
        let content = &loaded.content;
        if !has_errors {
            phase("analyse: coverage", || {
                coverage::check(content, &ix, &mut items);
            });
            phase("analyse: referrals", || {
                referrals::check(content, &ix, &mut items);
            });
        }
        phase("analyse: records", || {
            contacts::check(content, &mut items);
            review::check(content, today, &mut items);
            pathways::check(content, &ix, today, &mut items);
            glossary::check(content, &mut items);
            spreadsheet::check(content, &mut items);
            imported::check(content, &mut items);
        });
        let mut findings = Findings { items, held_back };
        phase("analyse: sort", || findings.sort(content));
        findings
    }
}
