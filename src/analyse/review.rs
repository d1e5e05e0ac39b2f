//! `stale`: agencies whose entry is past its review date (`next_review`, else
//! `last_reviewed` plus the site's `review_period_months`).

use crate::findings::{Code, Finding};
use crate::model::{Agency, Content, Date, Review};

/// The date an agency's entry is next due for review.
pub(crate) fn due_date(agency: &Agency, period_months: u32) -> Date {
    due(&agency.review, period_months)
}

/// The date any record's `review` is next due (agencies, agreements, meetings,
/// pathways): `next_review`, else `last_reviewed` plus the site's period.
pub(crate) fn due(review: &Review, period_months: u32) -> Date {
    review.next_review.as_ref().map_or_else(
        || review.last_reviewed.value.add_months(period_months),
        |d| d.value,
    )
}

pub(crate) fn check(content: &Content, today: Date, out: &mut Vec<Finding>) {
    let period = content.site.as_ref().map_or(12, |s| s.review_period_months);
    for a in &content.agencies {
        let due = due_date(a, period);
        if due < today {
            let r = &a.review;
            let message = format!(
                "stale: `{}` was due for review on {due} (last reviewed {} by {})",
                a.id.value, r.last_reviewed.value, r.owner.value
            );
            let at = r
                .next_review
                .as_ref()
                .map_or(r.last_reviewed.loc, |d| d.loc);
            let hint = "check every route and remit with the agency, then update `last_reviewed` (and `next_review`, if set)";
            out.push(Finding::at(Code::Stale, at, message).hint(hint));
        }
    }
}
