//! The result records' files: each record as the client reads it (what a
//! result shows), cut into batches that never part an agency from its teams,
//! and how many team records follow each agency's.

use std::fmt::Write as _;

use super::{BATCH, BATCH_BYTES, SMALL_INDEX_BATCHES, json_list, json_str, records};

/// Where each batch of records begins: every `BATCH` records, a team's
/// record not counted (it stays in its agency's batch, so that a query that
/// finds a team and its agency loads one batch, as it did before teams had
/// records of their own), or sooner once a batch holds [`BATCH_BYTES`] (an
/// agency with sixty teams), twice that in a small index
/// ([`SMALL_INDEX_BATCHES`]): never between an agency and its teams.
pub(super) fn batch_starts(recs: &[records::Record], items: &[String]) -> Vec<usize> {
    let total: usize = items.iter().map(|i| i.len() + 1).sum();
    let most = if total <= SMALL_INDEX_BATCHES * BATCH_BYTES {
        2 * BATCH_BYTES
    } else {
        BATCH_BYTES
    };
    let mut starts = vec![0];
    let (mut counted, mut bytes) = (0, 0);
    for (i, (r, item)) in recs.iter().zip(items).enumerate() {
        if r.kind != records::TEAM {
            if counted == BATCH || (counted > 0 && bytes + item.len() > most) {
                starts.push(i);
                (counted, bytes) = (0, 0);
            }
            counted += 1;
        }
        bytes += item.len() + 1;
    }
    starts
}

/// Which batch holds record `id`.
pub(super) fn batch_of(starts: &[usize], id: usize) -> usize {
    starts.partition_point(|s| *s <= id).saturating_sub(1)
}

/// Each record as the client reads it: what a result shows.
pub(super) fn record_items(recs: &[records::Record]) -> Vec<String> {
    (recs.iter())
        .map(|r| {
            let mut text = String::new();
            let _ = write!(
                text,
                "[{},{},{},{},{},{},{},{}",
                r.kind,
                json_str(&r.title),
                json_str(&r.url),
                json_str(&r.snippet),
                json_str(&r.extra),
                r.agency_type.map_or(-1, i32::from),
                json_list(&r.areas),
                json_list(&r.topics),
            );
            // A route's link and openings, for a tappable number and "open now".
            if !r.href.is_empty() || !r.hours.is_empty() {
                let _ = write!(text, ",{},{}", json_str(&r.href), json_str(&r.hours));
            }
            text.push(']');
            text
        })
        .collect()
}

/// The records' files, a batch each (see [`batch_starts`]). Each item is
/// freed once copied into its file: the items and the files together were
/// the index's peak.
pub(super) fn record_files(mut items: Vec<String>, starts: &[usize]) -> Vec<(String, Vec<u8>)> {
    let ends = starts.iter().skip(1).copied().chain([items.len()]);
    let batches: Vec<(usize, usize)> = starts.iter().copied().zip(ends).collect();
    (batches.into_iter().enumerate())
        .map(|(b, (start, end))| {
            let batch = items.get_mut(start..end).unwrap_or_default();
            let head = format!("JoinedupSearch.records({b},[");
            let len: usize = batch.iter().map(|i| i.len() + 1).sum();
            let mut text = String::with_capacity(head.len() + len + 4);
            text.push_str(&head);
            for (n, item) in batch.iter_mut().enumerate() {
                if n > 0 {
                    text.push(',');
                }
                text.push_str(&std::mem::take(item));
            }
            text.push_str("]);\n");
            (format!("search/index/records-{b}.js"), text.into_bytes())
        })
        .collect()
}

/// How many team records follow each agency's record, agency by agency: the
/// client tells a team's record from its agency's by these.
pub(super) fn team_counts(recs: &[records::Record]) -> Vec<usize> {
    let mut counts: Vec<usize> = Vec::new();
    for r in recs.iter().take_while(|r| records::range_kind(r.kind) == 0) {
        match counts.last_mut() {
            Some(n) if r.kind == records::TEAM => *n += 1,
            _ => counts.push(0),
        }
    }
    counts
}
