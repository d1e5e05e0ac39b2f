//! The search index: built here, read by a small plain-JavaScript client
//! (`themes/default/static/search.js`), loaded through classic `<script>` tags so
//! that it works offline and from `file://`.
//!
//! Every agency (and each of its teams), need, contact route, glossary term,
//! shadowing offer and page (and each section of a long page) is a record
//! (`records.rs`). Words are
//! lowercased and stemmed (`text.rs`); each stem keeps the records it appears in
//! with a weight for where it appears (abbreviation, title, other name, body).
//! Words as written point to their stem when it does not begin them. A phone number is also one key of its digits and an e-mail
//! address one key as it is. The client weighs each word by its rarity (the
//! length of its list), BM25-like.
//!
//! The index is written as:
//! - `search/index/manifest.js`: shard boundaries, record kinds, facet names and
//!   the stop words;
//! - `search/index/shard-N.js`: a range of keys, each shard at most [`SHARD_BYTES`]
//!   (twice that in a small index);
//! - `search/index/records-N.js`: result metadata in batches of [`BATCH`]
//!   records, not counting teams (a team's record is in its agency's batch).
//!
//! A query loads the manifest, the shards of its words and the batches of its
//! first results. The build measures these sizes and warns when a budget breaks
//! (`budget.rs`).

mod batches;
mod budget;
mod clashes;
mod hours;
mod initials;
mod records;
mod sections;
mod text;

pub use text::strip_html as plain_text;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use super::directory::Directory;
use crate::load::declare::Weight;
use batches::{batch_starts, record_files, record_items, team_counts};
use budget::measure;
pub use records::KINDS;
use records::W_CONTACT;
use text::{ENDINGS, STOP, Stems, Synonyms, found_from_stem, is_stop, words};

/// The index's hot maps (a word's stems per record, every stem's postings)
/// hash with foldhash, not the standard library's SipHash: the keys are the
/// site's own words, and only the order-free result is kept.
type FastMap<K, V> = foldhash::HashMap<K, V>;

/// Largest shard file, in bytes. A first query loads the shard of each of its
/// words, of their stems and of their everyday variants (five or six shards for
/// two words): at 64 KB (18 KB gzipped each) one two-word query on the other
/// generator's content at 2,000 agencies (`scripts/synth-other`) loaded 179 KB
/// (scripts minified).
/// 32 KB (9 KB gzipped) nearly halves that for 69 more files there and no more
/// bytes per record; 24 KB shards (with 16 KB batches) cut further but made
/// 12% more gzipped bytes in all, and more requests.
pub const SHARD_BYTES: usize = 32 * 1024;
/// An index whose keys fit in this many shards of [`SHARD_BYTES`] has shards
/// of twice that (two merged): a first query loads up to about six shards (its
/// words, stems and everyday variants), so it then loads no more bytes than
/// six small shards even when it loads them all, in fewer requests. The
/// example's keys are 2 shards; as 4 of 32 KB, real two- and three-word first
/// queries made up to 8 index requests, where 64 KB made 6.
pub const SMALL_INDEX_SHARDS: usize = 6;
/// Records per metadata batch (teams not counted).
pub const BATCH: usize = 256;
/// Most bytes of a metadata batch, unless one agency and its teams are more:
/// a first query loads up to ten batches on a site of big agencies (each one
/// holds a few of its ten best results). 24 KB (5 KB gzipped): with 32 KB
/// shards, real three- and four-word first queries on the other generator's
/// content loaded up to 160 KB with 48 KB batches, 140 KB with 32 KB and 127 KB
/// with 24 KB, for 4% more gzipped bytes per record (94 to 98) and 104 more
/// files than 48 KB. (Earlier, on a site of big agencies, a 96 KB cut had
/// loaded 185 KB and 48 KB kept it under 150 KB.) 128 records a batch instead
/// of 256 changed nothing there. See also [`SMALL_INDEX_BATCHES`].
pub const BATCH_BYTES: usize = 24 * 1024;
/// An index whose records fit in this many batches of [`BATCH_BYTES`] is cut
/// in batches of twice that: a first query then loads no more bytes of records
/// than ten small batches even if it loads them all, in fewer requests. The
/// example's 541 records are 3 batches, and a first search at most 5 requests,
/// where 24 KB batches made 7.
pub const SMALL_INDEX_BATCHES: usize = 10;
/// Words of body text past which a record's body words weigh less.
const LONG_BODY: usize = 300;

/// What the build measured of the index.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub records: usize,
    pub shards: usize,
    pub largest_shard: usize,
    /// All the index's files gzipped: measured when there are at most
    /// [`budget::SAMPLE`] shards and batches, else estimated from a sample.
    pub total_gzip: usize,
    /// Whether `total_gzip` is estimated (the build's summary says "about").
    pub total_gzip_estimated: bool,
    pub gzip_per_record: f64,
    /// The heaviest first query among the samples: bytes (gzip) and index requests.
    pub first_query_gzip: usize,
    pub first_query_requests: usize,
    pub first_query_sample: String,
    pub warnings: Vec<String>,
}

/// The index files, as (path under the site, bytes), and what was measured.
pub struct SearchIndex {
    pub files: Vec<(String, Vec<u8>)>,
    pub stats: Stats,
}

/// One record's words, stemmed: (stem, weight) and (word as written, stem).
type Words = (Vec<(String, u8)>, Vec<(String, String)>);

/// Builds the index for a directory. `gzip_level` 6 is what web servers use.
/// Returns `None` as soon as it sees `stop()` (a newer change, under `serve`).
pub fn build(dir: &Directory, stop: &(dyn Fn() -> bool + Sync)) -> Option<SearchIndex> {
    let mut recs = records::records(dir, stop)?;
    let keys = keys_of(&mut recs, &Synonyms::new(dir), stop)?;
    let (shard_starts, shards, shard_most) = shards_of(&keys);
    if stop() {
        return None;
    }
    let shard_count = shards.len();
    let mut files = Vec::new();
    for (i, s) in shards.into_iter().enumerate() {
        let text = format!("JoinedupSearch.shard({i},{{{s}}});\n");
        files.push((format!("search/index/shard-{i}.js"), text.into_bytes()));
    }
    let items = record_items(&recs);
    let batch_starts = batch_starts(&recs, &items);
    files.extend(record_files(items, &batch_starts));
    if stop() {
        return None;
    }
    // What the files weigh gzipped is measured on a sample (`budget.rs`):
    // deflating every file only to report a total cost more than a tenth of
    // the index's time.
    let texts: Vec<&[u8]> = files.iter().map(|(_, t)| t.as_slice()).collect();
    let (shard_texts, batch_texts) = texts.split_at(shard_count);
    let manifest_text = manifest(dir, &recs, &shard_starts, &batch_starts);
    let stats = measure(
        &recs,
        &keys,
        (&shard_starts, &batch_starts, shard_most),
        shard_texts,
        batch_texts,
        manifest_text.as_bytes(),
    );
    files.push((
        "search/index/manifest.js".to_owned(),
        manifest_text.into_bytes(),
    ));
    Some(SearchIndex { files, stats })
}

/// Records whose words are stemmed at a time: every record's words held at
/// once (a string per stem per record) were most of the index's memory.
const WORDS_AT_ONCE: usize = 8192;

/// A record's words: each field's stems with the field's kind and weight
/// (once per field), the synonyms its words bring, and its exact keys.
fn record_words(stemmer: &mut Stems, synonyms: &Synonyms, r: &records::Record) -> Words {
    // stem → the last field it was found in (a field's number), and (kind of
    // field, its weight) of each field it is in (once per field).
    let mut found: FastMap<String, (u32, Vec<(u8, u8)>)> = FastMap::default();
    let mut forms: Vec<(String, String)> = Vec::new();
    let mut field_no = 0;
    let mut field = |ws: &[String], weight: u8| {
        let ws: Vec<&String> = ws.iter().filter(|w| !is_stop(w) && w.len() <= 40).collect();
        let kind = weight;
        let weight = by_length(weight, ws.len());
        // Each field's stems once: a field of synonyms can hold thousands of
        // words (an abbreviation many glossary terms share).
        field_no += 1;
        for word in ws {
            // Words repeat across records: each thread stems a word once.
            let stem = stemmer.stem_ref(word);
            // The client finds a stem that begins the word by itself
            // ("referrals" → "referr"), also through a typo; other words are listed.
            if !found_from_stem(word, stem) {
                forms.push((word.clone(), stem.to_owned()));
            }
            let entry = match found.get_mut(stem) {
                Some(entry) => entry,
                None => found.entry(stem.to_owned()).or_default(),
            };
            if entry.0 != field_no {
                entry.0 = field_no;
                entry.1.push((kind, weight));
            }
        }
    };
    let fields: Vec<(Vec<String>, u8)> = (r.fields.iter())
        .map(|(text, weight)| (words(text).collect(), *weight))
        .collect();
    // A word in long prose says less about a record than one in a short text
    // (BM25's length normalisation): body text past LONG_BODY words weighs 0,
    // which the client counts as a fraction of a word in short prose.
    let body: usize = (fields.iter())
        .filter(|(_, w)| *w == records::W_BODY)
        .map(|(ws, _)| ws.len())
        .sum();
    let mut all_words = Vec::new();
    for (ws, weight) in fields {
        let weight = if weight == records::W_BODY && body > LONG_BODY {
            0
        } else {
            weight
        };
        field(&ws, weight);
        all_words.extend(ws);
    }
    field(&synonyms.of(&all_words), records::W_SYNONYM);
    let mut stems: Vec<(String, u8)> = found
        .into_iter()
        .map(|(stem, (_, weights))| (stem, combine(&weights)))
        .collect();
    stems.extend(r.exact.iter().map(|k| (k.clone(), W_CONTACT)));
    stems.extend((r.exact_shared.iter()).map(|k| (k.clone(), records::W_NEED_SHARED)));
    (stems, forms)
}

/// Every key the client may look up, sorted: stems (with their postings,
/// record → weight) and the surface forms that lead to a stem. The records'
/// words are stemmed a slice of records at a time, in parallel, and each
/// record's texts are dropped once indexed (what a result shows is kept).
fn keys_of(
    recs: &mut [records::Record],
    synonyms: &Synonyms,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<BTreeMap<String, Entry>> {
    // stem → record → weight; surface word → stem.
    // Records are taken in order, so each list of (record, weight) stays sorted.
    let mut postings: FastMap<String, Vec<u32>> = FastMap::default();
    let mut forms: BTreeMap<String, String> = BTreeMap::new();
    for (slice, recs) in recs.chunks_mut(WORDS_AT_ONCE).enumerate() {
        let per_record: Vec<Words> = (recs.par_iter_mut())
            .map_init(Stems::new, |stemmer, r| {
                if stop() {
                    return Words::default();
                }
                let words = record_words(stemmer, synonyms, r);
                (r.fields, r.exact, r.exact_shared) = (Vec::new(), Vec::new(), Vec::new());
                words
            })
            .collect();
        if stop() {
            return None;
        }
        for (i, (stems, record_forms)) in per_record.into_iter().enumerate() {
            let id = (slice * WORDS_AT_ONCE + i) as u32;
            for (stem, weight) in stems {
                let list = postings.entry(stem).or_default();
                let posting = pack(id, weight);
                match list.last_mut() {
                    Some(last) if unpack(*last).0 == id => *last = (*last).max(posting),
                    // (An address's key may repeat a word's stem: the higher weight counts.)
                    _ => list.push(posting),
                }
            }
            for (word, stem) in record_forms {
                forms.entry(word).or_insert(stem);
            }
        }
    }
    let mut keys: BTreeMap<String, Entry> = BTreeMap::new();
    for (stem, docs) in postings {
        keys.insert(stem, Entry::Postings(best_postings(docs)));
    }
    for (form, stem) in forms {
        keys.entry(form).or_insert(Entry::Form(stem));
    }
    Some(keys)
}

/// The keys cut into shards of at most `SHARD_BYTES`: each shard's first key
/// and its body (the JSON members, without braces); and the most bytes a
/// shard may have (twice `SHARD_BYTES` in a small index, [`SMALL_INDEX_SHARDS`]).
fn shards_of(keys: &BTreeMap<String, Entry>) -> (Vec<String>, Vec<String>, usize) {
    let mut shard_starts: Vec<String> = Vec::new();
    let mut shards: Vec<String> = Vec::new();
    let mut body = String::new();
    for (key, entry) in keys {
        let mut item = String::new();
        let _ = write!(item, "{}:", json_str(key));
        match entry {
            Entry::Form(stem) => {
                let _ = write!(item, "{}", json_str(stem));
            }
            Entry::Postings(docs) => {
                item.push('[');
                let mut prev = 0u32;
                for (i, (doc, w)) in docs.iter().map(|p| unpack(*p)).enumerate() {
                    if i > 0 {
                        item.push(',');
                    }
                    let _ = write!(
                        item,
                        "{}",
                        (u64::from(doc - prev) << 4) | u64::from(w.min(15))
                    );
                    prev = doc;
                }
                item.push(']');
            }
        }
        if !body.is_empty() && body.len() + item.len() + 64 > SHARD_BYTES {
            shards.push(std::mem::take(&mut body));
        }
        if body.is_empty() {
            shard_starts.push(key.clone());
        } else {
            body.push(',');
        }
        body.push_str(&item);
    }
    if !body.is_empty() || shards.is_empty() {
        shards.push(body);
    }
    if (2..=SMALL_INDEX_SHARDS).contains(&shards.len()) {
        let starts = shard_starts.into_iter().step_by(2).collect();
        let merged = shards.chunks(2).map(|pair| pair.join(",")).collect();
        return (starts, merged, 2 * SHARD_BYTES);
    }
    (shard_starts, shards, SHARD_BYTES)
}

/// The agreements', meetings' and pathways' records by kind, as runs of
/// records: [["meeting", first, count], …].
fn groups(recs: &[records::Record]) -> Vec<serde_json::Value> {
    let mut runs: Vec<(&str, usize, usize)> = Vec::new();
    for (id, r) in recs.iter().enumerate() {
        let Some(g) = r.group else { continue };
        match runs.last_mut() {
            Some((name, first, count)) if *name == g && *first + *count == id => *count += 1,
            _ => runs.push((g, id, 1)),
        }
    }
    (runs.into_iter())
        .map(|(g, first, count)| serde_json::json!([g, first, count]))
        .collect()
}

/// The manifest the client loads first: the index's shape, its stop words and
/// endings, where each kind's records start, and the filters' labels.
fn manifest(
    dir: &Directory,
    recs: &[records::Record],
    shard_starts: &[String],
    batch_starts: &[usize],
) -> String {
    // Where each kind's range begins (a team's record is in its agency's range).
    let mut kind_starts = vec![0usize; records::TEAM.into()];
    for (k, start) in kind_starts.iter_mut().enumerate() {
        *start = recs
            .iter()
            .position(|r| usize::from(records::range_kind(r.kind)) >= k)
            .unwrap_or(recs.len());
    }
    let manifest = serde_json::json!({
        "version": 2,
        "stop": STOP,
        "endings": ENDINGS,
        "records": recs.len(),
        "kind_starts": kind_starts,
        "teams": team_counts(recs),
        "groups": groups(recs),
        "batches": batch_starts,
        "shards": shard_starts,
        "kinds": KINDS.iter().map(|(id, label)| serde_json::json!([id, label])).collect::<Vec<_>>(),
        "types": dir.agency_types.iter().map(|t| serde_json::json!([t.id, t.label])).collect::<Vec<_>>(),
        "areas": dir.site.areas.iter().map(|a| serde_json::json!([a.id, a.name])).collect::<Vec<_>>(),
        "topics": dir.topics.iter().map(|t| serde_json::json!([t.id, t.name])).collect::<Vec<_>>(),
    });
    format!("JoinedupSearch.manifest({manifest});\n")
}

/// A title-like field's weight by its length, as BM25 normalises by length: a
/// word in a short name says more than one in a long sentence.
fn by_length(weight: u8, words: usize) -> u8 {
    if !(records::W_PURPOSE..records::W_ABBR).contains(&weight) {
        weight
    } else if words == 1 && weight == records::W_TITLE {
        // The word is the whole title ("Safeguarding").
        weight + 2
    } else if words <= 2 {
        weight + 1
    } else if words <= 6 {
        weight
    } else {
        weight - 1
    }
}

/// A word's weight in a record from the (kind, weight) of the fields it is
/// in: the best field, and half the best of another kind when that is a name
/// (BM25F adds fields: a word in a title and an other name counts more than in
/// the title alone; repeats in one kind of field, and body text, do not add
/// up). At most 13: 14 is an abbreviation (the client puts the glossary's
/// explanation of one first) and 15 a route's own number or address
/// ([`W_CONTACT`]), which no other match outweighs.
fn combine(fields: &[(u8, u8)]) -> u8 {
    let mut best_of_kind: Vec<(u8, u8)> = Vec::new();
    for &(kind, weight) in fields {
        match best_of_kind.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, w)) => *w = (*w).max(weight),
            None => best_of_kind.push((kind, weight)),
        }
    }
    let mut weights: Vec<u8> = best_of_kind.into_iter().map(|(_, w)| w).collect();
    weights.sort_unstable_by(|a, b| b.cmp(a));
    let best = weights.first().copied().unwrap_or(0);
    if best >= records::W_ABBR {
        return best.min(W_CONTACT);
    }
    let second = weights.get(1).copied().unwrap_or(0);
    let added = if second >= records::W_PURPOSE {
        second / 2
    } else {
        0
    };
    (best + added).min(records::W_ABBR - 1)
}

/// Most records one word may point to: a word in nearly every record ranks
/// nothing, and its full list would outgrow a shard. The best-weighted are kept.
const MAX_POSTINGS: usize = 4000;

/// Keeps a word's best-weighted records (earliest first among equals), in record order.
fn best_postings(mut docs: Vec<u32>) -> Vec<u32> {
    if docs.len() <= MAX_POSTINGS {
        return docs;
    }
    docs.sort_by_key(|p| {
        let (id, w) = unpack(*p);
        (std::cmp::Reverse(w), id)
    });
    docs.truncate(MAX_POSTINGS);
    // A record's number is the posting's high bits: this sorts by record.
    docs.sort_unstable();
    docs
}

/// A posting, (record, weight), in four bytes (a tuple takes eight, and a
/// big site's postings are millions): the record's number above the
/// weight's four bits (a weight is at most [`W_CONTACT`], 15).
fn pack(record: u32, weight: u8) -> u32 {
    (record << 4) | u32::from(weight.min(15))
}

/// A posting's (record, weight).
fn unpack(posting: u32) -> (u32, u8) {
    (posting >> 4, (posting & 15) as u8)
}

enum Entry {
    /// (record, weight) by record, each [`pack`]ed.
    Postings(Vec<u32>),
    /// A word as written whose stem does not begin it.
    Form(String),
}

fn json_str(s: &str) -> String {
    // JSON strings are safe inside a classic script: escape `<` so that no
    // `</script>` or comment can close it early.
    serde_json::to_string(s)
        .unwrap_or_else(|_| "\"\"".to_owned())
        .replace('<', "\\u003c")
}

fn json_list(v: &[u16]) -> String {
    let items: Vec<String> = v.iter().map(u16::to_string).collect();
    format!("[{}]", items.join(","))
}

/// How much a route detail's declared search weight counts in the index.
fn detail_weight(w: Weight) -> u8 {
    match w {
        Weight::Body => records::W_BODY,
        Weight::Synonym => records::W_SYNONYM,
        Weight::Name => records::W_NAME,
        Weight::Purpose => records::W_PURPOSE,
    }
}

#[cfg(test)]
mod tests {
    use super::batches::batch_of;
    use super::records::{W_BODY, W_TITLE};
    use super::*;

    #[test]
    fn a_word_in_most_records_keeps_its_best_matches() {
        let docs: Vec<u32> = (0..10_000u32)
            .map(|i| pack(i, if i % 1000 == 7 { W_TITLE } else { W_BODY }))
            .collect();
        let kept: Vec<(u32, u8)> = best_postings(docs).into_iter().map(unpack).collect();
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert!(
            (0..10).all(|k| kept.contains(&(k * 1000 + 7, W_TITLE))),
            "title matches are kept"
        );
        assert!(kept.is_sorted(), "in record order");
        assert_eq!(kept[0], (0, W_BODY), "the earliest first among equals");
        let small: Vec<u32> = vec![pack(1, 1), pack(2, 8)];
        assert_eq!(best_postings(small.clone()), small);
        assert_eq!(unpack(pack(70_000, 15)), (70_000, 15));
    }

    #[test]
    fn weights_add_up_across_fields_and_short_names_weigh_more() {
        assert_eq!(combine(&[(W_TITLE, W_TITLE)]), W_TITLE);
        assert_eq!(combine(&[(W_TITLE, 9), (8, 6), (1, 1)]), 9 + 3);
        assert_eq!(combine(&[(1, 1), (1, 1), (1, 1)]), 1);
        assert_eq!(
            combine(&[(W_TITLE, 10), (W_TITLE, 12)]),
            12,
            "repeats of one kind of field do not add up"
        );
        assert_eq!(
            combine(&[(W_TITLE, 10), (8, 10)]),
            13,
            "other kinds of field add up, though their weights are equal"
        );
        assert_eq!(
            combine(&[(W_TITLE, 10), (2, 2)]),
            10,
            "synonyms add nothing"
        );
        assert_eq!(combine(&[(14, 14), (10, 10)]), 14, "an abbreviation is 14");
        assert_eq!(
            combine(&[(10, 12), (8, 10)]),
            13,
            "anything else at most 13"
        );
        assert!(by_length(W_TITLE, 1) > by_length(W_TITLE, 9));
        assert_eq!(by_length(W_BODY, 1), W_BODY);
    }

    #[test]
    fn teams_stay_in_their_agency_s_batch_and_batches_have_a_size_limit() {
        let rec = |kind: u8| records::Record::new(kind, "t".into(), "u".into(), "s".into());
        // An agency, two teams, then needs: the teams are not counted.
        let mut recs = vec![rec(0), rec(records::TEAM), rec(records::TEAM)];
        recs.extend((0..300).map(|_| rec(1)));
        let items = record_items(&recs);
        assert_eq!(batch_starts(&recs, &items), vec![0, BATCH + 2]);
        assert_eq!(batch_of(&[0, BATCH + 2], BATCH + 1), 0);
        assert_eq!(batch_of(&[0, BATCH + 2], BATCH + 2), 1);
        // Big records: a batch is cut before it passes BATCH_BYTES, but
        // never between an agency and its teams.
        let big = "x".repeat(BATCH_BYTES / 2 - 100);
        let mut recs = vec![
            rec(0),
            rec(records::TEAM),
            rec(records::TEAM),
            rec(0),
            rec(1),
        ];
        let items = vec![big.clone(); 5];
        // A small index: batches of up to twice BATCH_BYTES.
        assert_eq!(batch_starts(&recs, &items), vec![0, 4]);
        recs.extend((0..SMALL_INDEX_BATCHES * 2).map(|_| rec(1)));
        let items = vec![big; recs.len()];
        assert_eq!(batch_starts(&recs, &items)[..3], [0, 3, 5]);
    }

    #[test]
    fn a_small_index_has_shards_of_twice_the_size() {
        let keys = |n: usize| -> BTreeMap<String, Entry> {
            (0..n)
                .map(|i| (format!("k{i:03}"), Entry::Form("x".repeat(10_000))))
                .collect()
        };
        // Three keys to a shard of 32 KB: 5 keys are 2 shards, merged.
        let (starts, shards, most) = shards_of(&keys(5));
        assert_eq!(
            (starts, shards.len(), most),
            (vec!["k000".to_owned()], 1, 2 * SHARD_BYTES)
        );
        assert!(shards[0].len() > SHARD_BYTES && shards[0].len() < 2 * SHARD_BYTES);
        // 19 keys are 7 shards: not merged.
        let (starts, shards, most) = shards_of(&keys(3 * SMALL_INDEX_SHARDS + 1));
        assert_eq!((starts.len(), shards.len(), most), (7, 7, SHARD_BYTES));
        assert!(shards.iter().all(|s| s.len() <= SHARD_BYTES));
    }

    #[test]
    fn json_strings_cannot_close_a_script() {
        assert_eq!(json_str("</script>"), "\"\\u003c/script>\"");
    }
}
