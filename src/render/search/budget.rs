//! The index's budgets: what a first query loads (bytes gzipped and requests),
//! measured on sample queries, and the warnings the build prints.

use std::collections::BTreeMap;
use std::io::Write as _;

use super::records::Record;
use super::text::{Stems, is_stop, words};
use super::{BATCH, Entry, SHARD_BYTES, Stats};

/// The search page's scripts, as the default theme has them.
const ENGINE: &[u8] = include_bytes!("../../../themes/default/static/search.js");
const EVERYDAY_WORDS: &[u8] = include_bytes!("../../../themes/default/static/search-words.js");

/// Which shard holds `key`.
fn shard_of(starts: &[String], key: &str) -> usize {
    starts
        .partition_point(|s| s.as_str() <= key)
        .saturating_sub(1)
}

/// Measures the budgets on sample one-word queries: the title words of records
/// spread over the index, as people type them.
pub(super) fn measure(
    recs: &[Record],
    keys: &BTreeMap<String, Entry>,
    starts: &[String],
    shard_sizes: &[(usize, usize)],
    batch_sizes: &[usize],
    manifest_gz: usize,
    total_gzip: usize,
) -> Stats {
    // The engine and its everyday words are the default theme's assets: the
    // budget's fixed part.
    let engine_gzip = gzip_len(ENGINE) + gzip_len(EVERYDAY_WORDS);
    let mut stemmer = Stems::new();
    let mut worst = (0usize, 0usize, String::new());
    let step = (recs.len() / 25).max(1);
    for r in recs.iter().step_by(step) {
        let Some(word) = words(&r.title).find(|w| !is_stop(w)) else {
            continue;
        };
        let stem = stemmer.stem(&word);
        let mut shards = vec![shard_of(starts, &word), shard_of(starts, &stem)];
        shards.sort_unstable();
        shards.dedup();
        // The first page: the 10 best records for the stem.
        let mut docs: Vec<(u8, u32)> = match keys.get(&stem) {
            Some(Entry::Postings(d)) => d.iter().map(|(id, w)| (*w, *id)).collect(),
            _ => Vec::new(),
        };
        docs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut batches: Vec<usize> = docs
            .iter()
            .take(10)
            .map(|(_, id)| *id as usize / BATCH)
            .collect();
        batches.sort_unstable();
        batches.dedup();
        let bytes = engine_gzip
            + manifest_gz
            + shards
                .iter()
                .map(|s| shard_sizes.get(*s).map_or(0, |x| x.1))
                .sum::<usize>()
            + batches
                .iter()
                .map(|b| batch_sizes.get(*b).copied().unwrap_or(0))
                .sum::<usize>();
        let requests = 1 + shards.len() + batches.len();
        if (requests, bytes) > (worst.1, worst.0) {
            worst = (bytes, requests, word);
        }
    }
    let largest_shard = shard_sizes.iter().map(|s| s.0).max().unwrap_or(0);
    let per_record = total_gzip as f64 / recs.len().max(1) as f64;
    let mut warnings = Vec::new();
    if largest_shard > SHARD_BYTES {
        warnings.push(format!(
            "a search shard is {largest_shard} bytes (budget {SHARD_BYTES})"
        ));
    }
    if worst.0 > 150 * 1024 {
        warnings.push(format!(
            "a first search (\"{}\") loads {} KB gzipped (budget 150 KB)",
            worst.2,
            worst.0 / 1024
        ));
    }
    if worst.1 > 4 {
        warnings.push(format!(
            "a first search (\"{}\") needs {} index requests (budget 4)",
            worst.2, worst.1
        ));
    }
    // Per record only matters once the index is big enough to cost anything:
    // a small site's index is mostly the fixed cost of its files.
    if per_record > 150.0 && total_gzip > 150 * 1024 {
        warnings.push(format!(
            "the search index is {per_record:.0} bytes gzipped per record (budget 150)"
        ));
    }
    Stats {
        records: recs.len(),
        shards: shard_sizes.len(),
        largest_shard,
        total_gzip,
        gzip_per_record: per_record,
        first_query_gzip: worst.0,
        first_query_requests: worst.1,
        first_query_sample: worst.2,
        warnings,
    }
}

pub(super) fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = enc.write_all(bytes);
    enc.finish().map_or(bytes.len(), |v| v.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_lookup() {
        let starts = vec!["a".to_owned(), "m".to_owned(), "t".to_owned()];
        assert_eq!(shard_of(&starts, "apple"), 0);
        assert_eq!(shard_of(&starts, "mash"), 1);
        assert_eq!(shard_of(&starts, "zebra"), 2);
        assert_eq!(shard_of(&starts, "0800"), 0);
    }
}
