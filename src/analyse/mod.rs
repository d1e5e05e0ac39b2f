//! Analyse: judge the loaded content as a whole. Cross-reference errors
//! (`references.rs`) and the role-clarity warnings: who leads where
//! (`coverage.rs`), where referrals go (`referrals.rs`), contact routes
//! (`contacts.rs`), review dates (`review.rs`) and glossary clashes
//! (`glossary.rs`).

pub mod contacts;
pub mod coverage;
pub mod glossary;
pub mod index;
pub mod references;
pub mod referrals;
pub mod review;

use crate::findings::Findings;
use crate::load::Loaded;
use crate::model::Date;
pub use index::Index;

/// Every finding about the loaded content, sorted: what loading found, the
/// cross-reference errors, and the warnings.
pub fn analyse(loaded: &Loaded, today: Date) -> Findings {
    let content = &loaded.content;
    let ix = Index::new(content);
    let mut items = loaded.findings.clone();
    references::check(content, &ix, &loaded.dropped, &mut items);
    coverage::check(content, &ix, &mut items);
    referrals::check(content, &ix, &mut items);
    contacts::check(content, &mut items);
    review::check(content, today, &mut items);
    glossary::check(content, &mut items);
    let mut findings = Findings { items };
    findings.sort(content);
    findings
}
