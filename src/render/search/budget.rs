//! The index's budgets: what a first query loads (bytes gzipped and requests),
//! measured on sample queries, and the warnings the build prints. Only the
//! files the sample queries load are gzipped, and a sample of the others to
//! estimate the whole index's gzipped size.

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::sync::LazyLock;

use rayon::prelude::*;

use super::batches::batch_of;
use super::records::Record;
use super::text::{Stems, is_stop, words};
use super::{Entry, Stats};

/// The search page's scripts as the default theme serves them (minified),
/// gzipped: the budget's fixed part. Made once a process: minifying and
/// gzipping them took 10 to 60 ms, on every rebuild under `serve`.
static ENGINE_GZIP: LazyLock<usize> = LazyLock::new(|| {
    let served = crate::render::theme::default_served;
    gzip_len(&served("search.js")) + gzip_len(&served("search-words.js"))
});

/// Most index requests a first query may make.
const FIRST_QUERY_REQUESTS: usize = 5;

/// Which shard holds `key`.
fn shard_of(starts: &[String], key: &str) -> usize {
    starts
        .partition_point(|s| s.as_str() <= key)
        .saturating_sub(1)
}

/// How many shards, and how many batches, are gzipped to estimate the
/// index's total; an index with no more of either is measured whole.
pub(super) const SAMPLE: usize = 16;

/// Files gzipped as a web server would send them, each at most once.
struct Gzipped<'a> {
    texts: &'a [&'a [u8]],
    sizes: HashMap<usize, usize>,
}

impl<'a> Gzipped<'a> {
    /// Starts with the files at `first` gzipped, in parallel.
    fn new(texts: &'a [&'a [u8]], first: &[usize]) -> Gzipped<'a> {
        let sizes = (first.par_iter())
            .filter_map(|&i| texts.get(i).map(|t| (i, gzip_len(t))))
            .collect();
        Gzipped { texts, sizes }
    }

    /// File `i` gzipped (0 for no such file).
    fn get(&mut self, i: usize) -> usize {
        let texts = self.texts;
        *(self.sizes.entry(i)).or_insert_with(|| texts.get(i).map_or(0, |t| gzip_len(t)))
    }

    /// All the files gzipped: the sum of the sample's sizes when it is all of
    /// them, else their bytes times the sample's ratio; and whether estimated.
    fn total(&self, sample: &[usize]) -> (usize, bool) {
        let raw: usize = self.texts.iter().map(|t| t.len()).sum();
        let (sample_raw, sample_gz) = (sample.iter())
            .filter_map(|i| Some((self.texts.get(*i)?.len(), *self.sizes.get(i)?)))
            .fold((0usize, 0usize), |(r, g), (a, b)| (r + a, g + b));
        if sample.len() >= self.texts.len() {
            (sample_gz, false)
        } else {
            let ratio = sample_gz as f64 / sample_raw.max(1) as f64;
            ((raw as f64 * ratio).round() as usize, true)
        }
    }
}

/// `SAMPLE` positions spread evenly over `n` files (all of them when fewer).
fn spread(n: usize) -> Vec<usize> {
    if n <= SAMPLE {
        (0..n).collect()
    } else {
        (0..SAMPLE).map(|k| k * n / SAMPLE).collect()
    }
}

/// Measures the budgets on sample one-word queries: the title words of records
/// spread over the index, as people type them. `shard_most` is the most bytes
/// a shard may have.
pub(super) fn measure(
    recs: &[Record],
    keys: &BTreeMap<String, Entry>,
    (starts, batch_starts, shard_most): (&[String], &[usize], usize),
    shard_texts: &[&[u8]],
    batch_texts: &[&[u8]],
    manifest: &[u8],
) -> Stats {
    let engine_gzip = *ENGINE_GZIP;
    let manifest_gz = gzip_len(manifest);
    let (shard_sample, batch_sample) = (spread(shard_texts.len()), spread(batch_texts.len()));
    let mut shard_gz = Gzipped::new(shard_texts, &shard_sample);
    let mut batch_gz = Gzipped::new(batch_texts, &batch_sample);
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
            Some(Entry::Postings(d)) => (d.iter())
                .map(|p| {
                    let (id, w) = super::unpack(*p);
                    (w, id)
                })
                .collect(),
            _ => Vec::new(),
        };
        docs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut batches: Vec<usize> = docs
            .iter()
            .take(10)
            .map(|(_, id)| batch_of(batch_starts, *id as usize))
            .collect();
        batches.sort_unstable();
        batches.dedup();
        let bytes = engine_gzip
            + manifest_gz
            + shards.iter().map(|s| shard_gz.get(*s)).sum::<usize>()
            + batches.iter().map(|b| batch_gz.get(*b)).sum::<usize>();
        let requests = 1 + shards.len() + batches.len();
        if (requests, bytes) > (worst.1, worst.0) {
            worst = (bytes, requests, word);
        }
    }
    let (shards_total, shards_estimated) = shard_gz.total(&shard_sample);
    let (batches_total, batches_estimated) = batch_gz.total(&batch_sample);
    let total_gzip = manifest_gz + shards_total + batches_total;
    let largest_shard = shard_texts.iter().map(|t| t.len()).max().unwrap_or(0);
    let per_record = total_gzip as f64 / recs.len().max(1) as f64;
    let mut warnings = Vec::new();
    if largest_shard > shard_most {
        warnings.push(format!(
            "a search shard is {largest_shard} bytes (budget {shard_most})"
        ));
    }
    if worst.0 > 150 * 1024 {
        warnings.push(format!(
            "a first search (\"{}\") loads {} KB gzipped (budget 150 KB)",
            worst.2,
            worst.0 / 1024
        ));
    }
    // Five: the word shards and then the record batches a query needs go out
    // together, in two rounds, so bytes count more than requests. Long records
    // break it (the other generator's content: ten results in up to ten
    // batches, a first query up to 17 requests); smaller batches keep the bytes
    // in budget (see `BATCH_BYTES`) but not the requests.
    if worst.1 > FIRST_QUERY_REQUESTS {
        warnings.push(format!(
            "a first search (\"{}\") needs {} index requests (budget {FIRST_QUERY_REQUESTS})",
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
        shards: shard_texts.len(),
        largest_shard,
        total_gzip,
        total_gzip_estimated: shards_estimated || batches_estimated,
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
    fn a_few_files_are_measured_whole_and_many_estimated_closely() {
        let texts: Vec<Vec<u8>> = (0..40)
            .map(|i| {
                format!(
                    "JoinedupSearch.shard({i},{{\"word{i}\":[{}]}});",
                    "17,33,".repeat(200 + i)
                )
                .into_bytes()
            })
            .collect();
        let all: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
        let exact: usize = all.iter().map(|t| gzip_len(t)).sum();

        let few = &all[..SAMPLE];
        let sample = spread(few.len());
        let (total, estimated) = Gzipped::new(few, &sample).total(&sample);
        assert!(!estimated);
        assert_eq!(total, few.iter().map(|t| gzip_len(t)).sum::<usize>());

        let sample = spread(all.len());
        assert_eq!(sample.len(), SAMPLE);
        let (total, estimated) = Gzipped::new(&all, &sample).total(&sample);
        assert!(estimated);
        let off = total.abs_diff(exact) as f64 / exact as f64;
        assert!(off < 0.1, "estimated {total}, measured {exact}");
    }

    #[test]
    fn shard_lookup() {
        let starts = vec!["a".to_owned(), "m".to_owned(), "t".to_owned()];
        assert_eq!(shard_of(&starts, "apple"), 0);
        assert_eq!(shard_of(&starts, "mash"), 1);
        assert_eq!(shard_of(&starts, "zebra"), 2);
        assert_eq!(shard_of(&starts, "0800"), 0);
    }
}
