//! The search index: built here, read by a small plain-JavaScript client
//! (`themes/default/static/search.js`), loaded through classic `<script>` tags so
//! that it works offline and from `file://`.
//!
//! Every agency, need, contact route, glossary term, shadowing offer and page is
//! a record. Words are lowercased and stemmed (Snowball English); each stem keeps
//! the records it appears in with a weight for where it appears (abbreviation,
//! title, synonym, body). Glossary abbreviations and their expansions are
//! synonyms both ways, and a need's `aka` words are part of it.
//!
//! The index is written as:
//! - `search/index/manifest.js`: shard boundaries, record kinds and facet names;
//! - `search/index/shard-N.js`: a range of words (stems, and the words as written
//!   that stem to them), each shard at most [`SHARD_BYTES`];
//! - `search/index/records-N.js`: result metadata in batches of [`BATCH`].
//!
//! A query loads the manifest, the shards of its words and the batches of its
//! first results. The build measures these sizes and warns when a budget breaks.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::Serialize;

use super::directory::{AgencyView, ContactView, Directory};
use super::glossary_links::strip_markers;

/// Largest shard file, in bytes.
pub const SHARD_BYTES: usize = 64 * 1024;
/// Records per metadata batch.
pub const BATCH: usize = 256;

/// How many words of body text a field contributes to the index.
const BODY_WORDS: usize = 200;

/// Where in a record a word was found: the weight it gives.
const W_ABBR: u8 = 12;
const W_TITLE: u8 = 8;
const W_AKA: u8 = 6;
const W_NAME: u8 = 3;
const W_SYNONYM: u8 = 2;
const W_BODY: u8 = 1;

const STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "we", "were",
    "will", "with", "you", "your", "our", "not", "can", "who", "what", "when",
];

/// Record kinds, in the order of their ids.
pub const KINDS: &[(&str, &str)] = &[
    ("agency", "Agency"),
    ("topic", "Need"),
    ("route", "Contact route"),
    ("term", "Glossary"),
    ("offer", "Shadowing"),
    ("page", "Page"),
];

/// One searchable record.
struct Record {
    kind: u8,
    title: String,
    url: String,
    snippet: String,
    /// For routes: "number · hours"; for agencies: the type.
    extra: String,
    agency_type: Option<u8>,
    areas: Vec<u16>,
    topics: Vec<u16>,
    /// (text, weight) to index.
    fields: Vec<(String, u8)>,
}

/// What the build measured of the index.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub records: usize,
    pub shards: usize,
    pub largest_shard: usize,
    pub total_gzip: usize,
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

fn strip_html(html: &str) -> String {
    let html = strip_markers(html);
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn snippet(text: &str) -> String {
    let clean: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.chars().count() <= 120 {
        return clean;
    }
    let cut: String = clean.chars().take(117).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .to_owned();
    format!("{cut}…")
}

/// Lowercase words of a text (letters and digits).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn records(dir: &Directory) -> Vec<Record> {
    // Filters refer to types, areas and topics by their position in these lists.
    let types: HashMap<&str, u8> = (dir.agency_types.iter())
        .enumerate()
        .map(|(i, t)| (t.id, i as u8))
        .collect();
    let areas: HashMap<&str, u16> = (dir.site.areas.iter())
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i as u16))
        .collect();
    let topics: HashMap<&str, u16> = (dir.topics.iter())
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i as u16))
        .collect();
    let area_ix = |id: &str| areas.get(id).copied();
    let topic_ix = |id: &str| topics.get(id).copied();
    let type_ix = |id: &str| types.get(id).copied();
    let agency_type: HashMap<&str, &str> = dir
        .agencies
        .iter()
        .map(|a| (a.id.as_str(), a.type_id))
        .collect();
    let mut out = Vec::new();
    for a in &dir.agencies {
        let mut fields = vec![
            (a.name.clone(), W_TITLE),
            (a.summary.clone(), W_NAME),
            (strip_html(&a.description_html), W_BODY),
        ];
        if let Some(ab) = &a.abbreviation {
            fields.push((ab.clone(), W_ABBR));
        }
        fields.extend(
            a.teams
                .iter()
                .map(|t| (format!("{} {}", t.name, t.summary), W_NAME)),
        );
        fields.extend(a.does.iter().map(|d| (d.topic.name.clone(), W_SYNONYM)));
        out.push(Record {
            kind: 0,
            title: a.name.clone(),
            url: a.url.clone(),
            snippet: snippet(&a.summary),
            extra: a.type_label.to_owned(),
            agency_type: type_ix(a.type_id),
            areas: a.areas.iter().filter_map(|x| area_ix(&x.id)).collect(),
            topics: a.topic_ids.iter().filter_map(|t| topic_ix(t)).collect(),
            fields,
        });
    }
    for t in &dir.topics {
        let mut fields = vec![
            (t.name.clone(), W_TITLE),
            (strip_html(&t.description_html), W_BODY),
        ];
        fields.extend(t.aka.iter().map(|k| (k.clone(), W_AKA)));
        out.push(Record {
            kind: 1,
            title: t.name.clone(),
            url: t.url.clone(),
            snippet: snippet(&strip_html(&t.description_html)),
            extra: String::new(),
            agency_type: None,
            areas: Vec::new(),
            topics: topic_ix(&t.id).into_iter().collect(),
            fields,
        });
    }
    let mut routes: Vec<(&AgencyView, &ContactView)> = dir
        .agencies
        .iter()
        .flat_map(|a| a.contacts.iter().map(move |c| (a, c)))
        .collect();
    routes.sort_by(|a, b| a.1.order().cmp(&b.1.order()));
    for (agency, c) in routes {
        let mut fields = vec![
            (c.purpose.clone(), W_TITLE),
            (c.agency.name.clone(), W_NAME),
            (strip_html(&c.notes_html), W_BODY),
        ];
        if let Some(team) = &c.team {
            fields.push((team.clone(), W_NAME));
        }
        fields.extend(c.topics.iter().map(|t| (t.name.clone(), W_SYNONYM)));
        let area_list: Vec<u16> = agency.areas.iter().filter_map(|x| area_ix(&x.id)).collect();
        out.push(Record {
            kind: 2,
            title: c.purpose.clone(),
            url: format!("{}#{}", c.agency.url.clone().unwrap_or_default(), c.anchor),
            snippet: format!(
                "{}{}",
                c.agency.name,
                c.team
                    .as_ref()
                    .map(|t| format!(" · {t}"))
                    .unwrap_or_default()
            ),
            extra: format!("{} · {}", c.value, c.hours.join("; ")),
            agency_type: type_ix(agency.type_id),
            areas: area_list,
            topics: c.topics.iter().filter_map(|t| topic_ix(&t.id)).collect(),
            fields,
        });
    }
    for g in &dir.glossary {
        let mut fields = vec![
            (g.term.clone(), W_TITLE),
            (strip_html(&g.definition_html), W_BODY),
        ];
        if let Some(ab) = &g.abbreviation {
            fields.push((ab.clone(), W_ABBR));
        }
        fields.extend(g.aka.iter().map(|k| (k.clone(), W_AKA)));
        out.push(Record {
            kind: 3,
            title: match &g.abbreviation {
                Some(ab) => format!("{ab}: {}", g.term),
                None => g.term.clone(),
            },
            url: format!("glossary/index.html#{}", g.id),
            snippet: snippet(&strip_html(&g.definition_html)),
            extra: String::new(),
            agency_type: None,
            areas: Vec::new(),
            topics: Vec::new(),
            fields,
        });
    }
    for o in &dir.offers {
        out.push(Record {
            kind: 4,
            title: o.title.clone(),
            url: o.url.clone(),
            snippet: snippet(&format!(
                "{}. {}",
                o.agency.name,
                strip_html(&o.description_html)
            )),
            extra: if o.closed {
                "Closed".to_owned()
            } else {
                String::new()
            },
            agency_type: agency_type
                .get(o.agency.id.as_str())
                .and_then(|t| type_ix(t)),
            areas: Vec::new(),
            topics: Vec::new(),
            fields: vec![
                (o.title.clone(), W_TITLE),
                (o.agency.name.clone(), W_NAME),
                (strip_html(&o.description_html), W_BODY),
            ],
        });
    }
    for p in &dir.pages {
        out.push(Record {
            kind: 5,
            title: p.title.clone(),
            url: p.url.clone(),
            snippet: snippet(&strip_html(&p.html)),
            extra: String::new(),
            agency_type: None,
            areas: Vec::new(),
            topics: Vec::new(),
            fields: vec![(p.title.clone(), W_TITLE), (strip_html(&p.html), W_BODY)],
        });
    }
    out
}

/// Glossary abbreviations and expansions, as synonyms both ways.
struct Synonyms {
    /// abbreviation (lowercase word) → expansion words.
    expand: HashMap<String, Vec<String>>,
    /// " expansion words " patterns → abbreviation.
    phrases: Option<AhoCorasick>,
    phrase_abbr: Vec<String>,
}

impl Synonyms {
    fn new(dir: &Directory) -> Synonyms {
        let mut expand: HashMap<String, Vec<String>> = HashMap::new();
        let mut pairs: BTreeMap<String, String> = BTreeMap::new();
        for g in &dir.glossary {
            let Some(ab) = &g.abbreviation else { continue };
            let ab_words: Vec<String> = words(ab).collect();
            let [ab_word] = ab_words.as_slice() else {
                continue;
            };
            let term_words: Vec<String> = words(&g.term)
                .filter(|w| !STOP.contains(&w.as_str()))
                .collect();
            if term_words.len() < 2 {
                continue;
            }
            expand
                .entry(ab_word.clone())
                .or_default()
                .extend(term_words);
            let phrase = format!(" {} ", words(&g.term).collect::<Vec<_>>().join(" "));
            pairs.insert(phrase, ab_word.clone());
        }
        let patterns: Vec<&String> = pairs.keys().collect();
        Synonyms {
            expand,
            phrases: (!patterns.is_empty())
                .then(|| AhoCorasick::new(&patterns).ok())
                .flatten(),
            phrase_abbr: pairs.values().cloned().collect(),
        }
    }

    /// The synonym words a text adds.
    fn of(&self, text_words: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for w in text_words {
            if let Some(e) = self.expand.get(w) {
                out.extend(e.iter().cloned());
            }
        }
        if let Some(ac) = &self.phrases {
            let joined = format!(" {} ", text_words.join(" "));
            for m in ac.find_overlapping_iter(&joined) {
                out.push(self.phrase_abbr[m.pattern().as_usize()].clone());
            }
        }
        out
    }
}

/// Builds the index for a directory. `gzip_level` 6 is what web servers use.
pub fn build(dir: &Directory) -> SearchIndex {
    let recs = records(dir);
    let synonyms = Synonyms::new(dir);
    // Each record's words, stemmed in parallel: (stem, weight) and (word, stem) forms.
    type Words = (Vec<(String, u8)>, Vec<(String, String)>);
    let per_record: Vec<Words> = recs
        .par_iter()
        .map_init(
            || (Stemmer::create(Algorithm::English), HashMap::new()),
            |(stemmer, cache): &mut (Stemmer, HashMap<String, String>), r| {
                let mut stems: Vec<(String, u8)> = Vec::new();
                let mut forms: Vec<(String, String)> = Vec::new();
                let mut add = |word: &str, weight: u8| {
                    if STOP.contains(&word) || word.len() > 40 {
                        return;
                    }
                    // Words repeat across records: each thread stems a word once.
                    let stem = match cache.get(word) {
                        Some(stem) => stem.clone(),
                        None => {
                            let stem = stemmer.stem(word).into_owned();
                            cache.insert(word.to_owned(), stem.clone());
                            stem
                        }
                    };
                    // The client finds a stem that begins the word by itself ("referrals"
                    // → "referr"); only words whose stem differs from their start are listed.
                    if !word.starts_with(stem.as_str()) {
                        forms.push((word.to_owned(), stem.clone()));
                    }
                    stems.push((stem, weight));
                };
                let mut all_words = Vec::new();
                for (text, weight) in &r.fields {
                    // Long prose is indexed by its opening, where what it is about is said.
                    let limit = if *weight == W_BODY {
                        BODY_WORDS
                    } else {
                        usize::MAX
                    };
                    let ws: Vec<String> = words(text).take(limit).collect();
                    for w in &ws {
                        add(w, *weight);
                    }
                    all_words.extend(ws);
                }
                for w in synonyms.of(&all_words) {
                    add(&w, W_SYNONYM);
                }
                (stems, forms)
            },
        )
        .collect();
    // stem → record → weight; surface word → stem.
    // Records are taken in order, so each list of (record, weight) stays sorted.
    let mut postings: HashMap<String, Vec<(u32, u8)>> = HashMap::new();
    let mut forms: BTreeMap<String, String> = BTreeMap::new();
    for (id, (stems, record_forms)) in per_record.into_iter().enumerate() {
        let id = id as u32;
        for (stem, weight) in stems {
            let list = postings.entry(stem).or_default();
            match list.last_mut() {
                Some((last, w)) if *last == id => *w = (*w).max(weight),
                _ => list.push((id, weight)),
            }
        }
        for (word, stem) in record_forms {
            forms.entry(word).or_insert(stem);
        }
    }
    // Every key the client may look up, sorted: stems (with postings) and forms.
    let mut keys: BTreeMap<String, Entry> = BTreeMap::new();
    for (stem, docs) in postings {
        keys.insert(stem, Entry::Postings(best_postings(docs)));
    }
    for (form, stem) in forms {
        keys.entry(form).or_insert(Entry::Form(stem));
    }
    let mut files = Vec::new();
    let mut shard_starts: Vec<String> = Vec::new();
    let mut shards: Vec<String> = Vec::new();
    let mut body = String::new();
    for (key, entry) in &keys {
        let mut item = String::new();
        let _ = write!(item, "{}:", json_str(key));
        match entry {
            Entry::Form(stem) => {
                let _ = write!(item, "{}", json_str(stem));
            }
            Entry::Postings(docs) => {
                item.push('[');
                let mut prev = 0u32;
                for (i, (doc, w)) in docs.iter().enumerate() {
                    if i > 0 {
                        item.push(',');
                    }
                    let _ = write!(
                        item,
                        "{}",
                        (u64::from(doc - prev) << 4) | u64::from((*w).min(15))
                    );
                    prev = *doc;
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
    for (i, s) in shards.iter().enumerate() {
        let text = format!("JoinedupSearch.shard({i},{{{s}}});\n");
        files.push((format!("search/index/shard-{i}.js"), text.into_bytes()));
    }
    for (b, chunk) in recs.chunks(BATCH).enumerate() {
        let mut text = format!("JoinedupSearch.records({b},[");
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            let _ = write!(
                text,
                "[{},{},{},{},{},{},{},{}]",
                r.kind,
                json_str(&r.title),
                json_str(&r.url),
                json_str(&r.snippet),
                json_str(&r.extra),
                r.agency_type.map_or(-1, i32::from),
                json_list(&r.areas),
                json_list(&r.topics),
            );
        }
        text.push_str("]);\n");
        files.push((format!("search/index/records-{b}.js"), text.into_bytes()));
    }
    // What each file weighs gzipped, as a web server would send it.
    let gzipped: Vec<usize> = files.par_iter().map(|(_, t)| gzip_len(t)).collect();
    let shard_sizes: Vec<(usize, usize)> = (files.iter().zip(&gzipped))
        .take(shards.len())
        .map(|((_, t), gz)| (t.len(), *gz))
        .collect();
    let batch_sizes: Vec<usize> = gzipped[shards.len()..].to_vec();
    let mut kind_starts = vec![0usize; KINDS.len()];
    for (k, start) in kind_starts.iter_mut().enumerate() {
        *start = recs
            .iter()
            .position(|r| usize::from(r.kind) >= k)
            .unwrap_or(recs.len());
    }
    let manifest = serde_json::json!({
        "version": 1,
        "records": recs.len(),
        "kind_starts": kind_starts,
        "batch": BATCH,
        "shards": shard_starts,
        "kinds": KINDS.iter().map(|(id, label)| serde_json::json!([id, label])).collect::<Vec<_>>(),
        "types": dir.agency_types.iter().map(|t| serde_json::json!([t.id, t.label])).collect::<Vec<_>>(),
        "areas": dir.site.areas.iter().map(|a| serde_json::json!([a.id, a.name])).collect::<Vec<_>>(),
        "topics": dir.topics.iter().map(|t| serde_json::json!([t.id, t.name])).collect::<Vec<_>>(),
    });
    let manifest_text = format!("JoinedupSearch.manifest({manifest});\n");
    let manifest_gz = gzip_len(manifest_text.as_bytes());
    files.push((
        "search/index/manifest.js".to_owned(),
        manifest_text.into_bytes(),
    ));
    let total_gzip: usize = manifest_gz
        + shard_sizes.iter().map(|s| s.1).sum::<usize>()
        + batch_sizes.iter().sum::<usize>();
    let stats = measure(
        &recs,
        &keys,
        &shard_starts,
        &shard_sizes,
        &batch_sizes,
        manifest_gz,
        total_gzip,
    );
    SearchIndex { files, stats }
}

/// Most records one word may point to: a word in nearly every record ranks
/// nothing, and its full list would outgrow a shard. The best-weighted are kept.
const MAX_POSTINGS: usize = 4000;

/// Keeps a word's best-weighted records (earliest first among equals), in record order.
fn best_postings(mut docs: Vec<(u32, u8)>) -> Vec<(u32, u8)> {
    if docs.len() <= MAX_POSTINGS {
        return docs;
    }
    docs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    docs.truncate(MAX_POSTINGS);
    docs.sort_unstable();
    docs
}

enum Entry {
    /// (record, weight), by record.
    Postings(Vec<(u32, u8)>),
    Form(String),
}

/// Which shard holds `key`.
fn shard_of(starts: &[String], key: &str) -> usize {
    starts
        .partition_point(|s| s.as_str() <= key)
        .saturating_sub(1)
}

/// Measures the budgets on sample one-word queries: the title words of records
/// spread over the index, as people type them.
fn measure(
    recs: &[Record],
    keys: &BTreeMap<String, Entry>,
    starts: &[String],
    shard_sizes: &[(usize, usize)],
    batch_sizes: &[usize],
    manifest_gz: usize,
    total_gzip: usize,
) -> Stats {
    // The engine is a theme asset; count it as the budget's fixed part.
    const ENGINE_GZIP: usize = 6 * 1024;
    let stemmer = Stemmer::create(Algorithm::English);
    let mut worst = (0usize, 0usize, String::new());
    let step = (recs.len() / 25).max(1);
    for r in recs.iter().step_by(step) {
        let Some(word) = words(&r.title).find(|w| !STOP.contains(&w.as_str())) else {
            continue;
        };
        let stem = stemmer.stem(&word).into_owned();
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
        let bytes = ENGINE_GZIP
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
    if per_record > 150.0 {
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

fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    let _ = enc.write_all(bytes);
    enc.finish().map_or(bytes.len(), |v| v.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_alphanumeric() {
        let w: Vec<String> = words("Children's Social-Care (CSC) 24/7").collect();
        assert_eq!(w, ["children", "s", "social", "care", "csc", "24", "7"]);
    }

    #[test]
    fn html_is_stripped_for_indexing() {
        assert_eq!(
            strip_html("<p>A &amp; <b>B</b></p>")
                .split_whitespace()
                .collect::<Vec<_>>(),
            ["A", "&", "B"]
        );
    }

    #[test]
    fn shard_lookup() {
        let starts = vec!["a".to_owned(), "m".to_owned(), "t".to_owned()];
        assert_eq!(shard_of(&starts, "apple"), 0);
        assert_eq!(shard_of(&starts, "mash"), 1);
        assert_eq!(shard_of(&starts, "zebra"), 2);
        assert_eq!(shard_of(&starts, "0800"), 0);
    }

    #[test]
    fn a_word_in_most_records_keeps_its_best_matches() {
        let docs: Vec<(u32, u8)> = (0..10_000u32)
            .map(|i| (i, if i % 1000 == 7 { W_TITLE } else { W_BODY }))
            .collect();
        let kept = best_postings(docs);
        assert_eq!(kept.len(), MAX_POSTINGS);
        assert!(
            (0..10).all(|k| kept.contains(&(k * 1000 + 7, W_TITLE))),
            "title matches are kept"
        );
        assert!(kept.is_sorted(), "in record order");
        let small: Vec<(u32, u8)> = vec![(1, 1), (2, 8)];
        assert_eq!(best_postings(small.clone()), small);
    }

    #[test]
    fn json_strings_cannot_close_a_script() {
        assert_eq!(json_str("</script>"), "\"\\u003c/script>\"");
    }
}
