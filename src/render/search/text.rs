//! The words of the search index: HTML to text, snippets, the tokenizer (the
//! client splits queries the same way), English stop words, stemming and the
//! glossary's synonyms.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rust_stemmers::{Algorithm, Stemmer};

use super::super::directory::Directory;

/// Words too common to search for: articles, pronouns, question words and
/// contractions ("how do I refer", "can't pay the rent"), and what people add
/// when they describe a problem in their own words ("dad keeps forgetting
/// things", "who do I ring", "loads of pills"), which says nothing about which
/// service answers. The client reads this list from the manifest, so index and
/// queries drop the same words.
pub const STOP: &[&str] = &[
    "a", "about", "am", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can",
    "can't", "cannot", "could", "couldn't", "did", "didn't", "do", "does", "doesn't", "don't",
    "for", "from", "get", "got", "had", "has", "have", "haven't", "he", "her", "him", "his", "how",
    "i", "i'd", "i'm", "i've", "if", "in", "into", "is", "isn't", "it", "it's", "its", "just",
    "me", "my", "of", "on", "or", "our", "she", "should", "so", "than", "that", "the", "their",
    "them", "then", "there", "these", "they", "they're", "this", "those", "to", "too", "us", "was",
    "wasn't", "we", "we're", "were", "what", "what's", "when", "where", "which", "who", "why",
    "will", "with", "won't", "would", "you", "you're", "your", "not", "all", "also", "each", "may",
    "more", "most", "other", "some", "such", "own", "same", "both", "see", "very", "only", "via",
    "etc", "e", "g", "eg", "ie", "after", "again", "few", "further", "here", "many", "much", "no",
    "nor", "once", "over", "taken", "took", "until", "while", "being", "having", "doing", "really",
    "keep", "keeps", "kept", "getting", "gets", "thing", "things", "anymore", "someone",
    "somebody", "anyone", "anybody", "anything", "always", "still", "lot", "lots", "bit", "loads",
    "ring", "call", "phone", "speak", "going", "goes", "come", "comes", "came", "coming", "say",
    "says", "said", "tell", "told", "think", "know", "want", "wants", "wanted", "please", "time",
    "like", "ever", "every", "next", "even", "since", "ago", "yet", "he's", "she's", "they've",
    "we've", "you've", "there's", "that's", "who's", "aren't", "hasn't", "hadn't", "wouldn't",
    "weren't", "i'll", "you'll", "myself", "himself", "herself", "yourself", "itself", "rather",
    "instead", "might", "whether", "stuff", "another",
];

/// Endings the stemmer removes: a query word that is a stem in the index and
/// one of these is that stem ("referrals" → "referr"). Any other word is
/// listed in the index with its stem (the client reads this list from the
/// manifest).
pub const ENDINGS: &[&str] = &[
    "s", "es", "e", "ed", "d", "ing", "ings", "ly", "y", "ies", "ied", "er", "ers", "or", "ors",
    "al", "als", "ally", "ion", "ions", "ation", "ations", "ance", "ances", "ence", "ences",
    "ancy", "ency", "ement", "ements", "ment", "ments", "ness", "ful", "ic", "ical", "able",
    "ible", "ant", "ants", "ent", "ents", "ism", "ate", "ated", "ates", "ating", "ity", "ities",
    "ous", "ive", "ives", "ise", "ised", "ises", "ising", "ize", "ized", "izes", "izing",
];

/// Whether the client finds `word` from `stem` by itself: the stem begins the
/// word and the rest is one of [`ENDINGS`].
pub fn found_from_stem(word: &str, stem: &str) -> bool {
    word == stem
        || word
            .strip_prefix(stem)
            .is_some_and(|rest| ENDING_SET.contains(rest))
}

/// [`STOP`] and [`ENDINGS`] as sets: every word of every record is looked up
/// (a scan of the lists was 7% of a build's instructions).
static STOP_SET: LazyLock<foldhash::HashSet<&str>> =
    LazyLock::new(|| STOP.iter().copied().collect());
static ENDING_SET: LazyLock<foldhash::HashSet<&str>> =
    LazyLock::new(|| ENDINGS.iter().copied().collect());

/// Plurals the stemmer leaves apart from their singular.
const IRREGULAR: &[(&str, &str)] = &[
    ("children", "child"),
    ("women", "woman"),
    ("men", "man"),
    ("people", "person"),
];

/// A stop word, or a number of one or two digits (times, list numbers).
pub fn is_stop(word: &str) -> bool {
    STOP_SET.contains(word) || (word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()))
}

/// Text from sanitised HTML: tags dropped, the entities the sanitiser writes
/// turned back into characters.
pub fn strip_html(html: &str) -> String {
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
    // `&amp;` last, so that a written `&amp;lt;` stays `&lt;`.
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

pub fn snippet(text: &str) -> String {
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

/// Lowercase words of a text: letters and digits, with an apostrophe inside a
/// word kept ("can't" stays one word) and a possessive dropped ("children's" →
/// "children", "carers'" → "carers"); a short name with an ampersand ("A&E",
/// "B&B") one word, any other ampersand a space.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '&'))
        .flat_map(|w| {
            let whole = ampersand_word(w);
            let parts = (!whole).then(|| w.split('&'));
            std::iter::once(w)
                .filter(move |_| whole)
                .chain(parts.into_iter().flatten())
        })
        .filter_map(|w| {
            // Most words have no curly apostrophe: no copy for them.
            let w = if w.contains('’') {
                Cow::Owned(w.replace('’', "'"))
            } else {
                Cow::Borrowed(w)
            };
            let w = w.trim_matches('\'');
            let w = w.strip_suffix("'s").unwrap_or(w);
            (!w.is_empty()).then(|| w.to_lowercase())
        })
}

/// "A&E", "B&B": one to three letters either side of one ampersand.
fn ampersand_word(w: &str) -> bool {
    let short = |side: &str| (1..=3).contains(&side.len()) && side.chars().all(char::is_alphabetic);
    w.split_once('&').is_some_and(|(a, b)| short(a) && short(b))
}

/// A stemmer that also brings together what Snowball leaves apart: irregular
/// plurals, and a final `e` it keeps on some words only ("disagree" →
/// "disagre", "disagreements" → "disagr").
pub struct Stems {
    stemmer: Stemmer,
    cache: foldhash::HashMap<String, String>,
}

impl Stems {
    pub fn new() -> Stems {
        Stems {
            stemmer: Stemmer::create(Algorithm::English),
            cache: foldhash::HashMap::default(),
        }
    }

    pub fn stem(&mut self, word: &str) -> String {
        self.stem_ref(word).to_owned()
    }

    /// The stem, borrowed from the cache (no copy for a word seen before).
    pub fn stem_ref(&mut self, word: &str) -> &str {
        if !self.cache.contains_key(word) {
            let stem = self.make(word);
            self.cache.insert(word.to_owned(), stem);
        }
        self.cache.get(word).map_or("", String::as_str)
    }

    fn make(&self, word: &str) -> String {
        let base = IRREGULAR
            .iter()
            .find(|(plural, _)| *plural == word)
            .map_or(word, |(_, one)| *one);
        // Digits and addresses are kept as they are.
        if base.chars().any(|c| !c.is_alphabetic()) {
            base.to_owned()
        } else {
            let mut s = self.stemmer.stem(base).into_owned();
            if s.len() >= 5 && s.ends_with('e') {
                s.pop();
            }
            // A doubled final consonant Snowball keeps before some endings
            // only: "referral" → "referr", "refer" and "referring" → "refer".
            if s.len() >= 5 && doubled(&s) {
                s.pop();
            }
            s
        }
    }
}

/// Whether a stem ends in a doubled consonant that English does not keep
/// doubled at the end of a word (it does "ll", "ss", "ff" and "zz": "fall",
/// "access", "staff").
fn doubled(stem: &str) -> bool {
    let b = stem.as_bytes();
    match b {
        [.., x, y] => x == y && !b"aeiouylsfz".contains(x),
        _ => false,
    }
}

/// Another name that is an abbreviation: one word of capitals, digits and
/// ampersands ("A&E", "CMHT", "S47"), with at least one capital.
fn is_abbreviation(name: &str) -> bool {
    let name = name.trim();
    (2..=8).contains(&name.len())
        && name.chars().any(|c| c.is_ascii_uppercase())
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '&')
}

/// Glossary abbreviations and expansions, as synonyms both ways.
pub struct Synonyms {
    /// abbreviation (lowercase word) → expansion words.
    expand: foldhash::HashMap<String, Vec<String>>,
    /// " expansion words " patterns → abbreviations.
    phrases: Option<AhoCorasick>,
    phrase_abbr: Vec<Vec<String>>,
}

impl Synonyms {
    pub fn new(dir: &Directory) -> Synonyms {
        let mut expand: foldhash::HashMap<String, Vec<String>> = foldhash::HashMap::default();
        let mut pairs: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for g in &dir.glossary {
            // Its abbreviation, and its other names written as one ("A&E" is
            // another name of the Emergency Department), each of one word.
            let abbreviations = (g.abbreviation.iter())
                .chain(g.aka.iter().filter(|a| is_abbreviation(a)))
                .filter_map(|ab| match words(ab).collect::<Vec<_>>().as_slice() {
                    [one] => Some(one.clone()),
                    _ => None,
                });
            let term_words: Vec<String> = words(&g.term).filter(|w| !is_stop(w)).collect();
            if term_words.len() < 2 {
                continue;
            }
            let phrase = format!(" {} ", words(&g.term).collect::<Vec<_>>().join(" "));
            for ab in abbreviations {
                expand
                    .entry(ab.clone())
                    .or_default()
                    .extend(term_words.iter().cloned());
                pairs.entry(phrase.clone()).or_default().push(ab);
            }
        }
        // An abbreviation many terms share (hundreds of "PCN"s in a big
        // region) would otherwise bring each word once per term to every
        // record that uses it: the field's words count once each anyway.
        for list in expand.values_mut() {
            list.sort_unstable();
            list.dedup();
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
    pub fn of(&self, text_words: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for w in text_words {
            if let Some(e) = self.expand.get(w) {
                out.extend(e.iter().cloned());
            }
        }
        if let Some(ac) = &self.phrases {
            let joined = format!(" {} ", text_words.join(" "));
            for m in ac.find_overlapping_iter(&joined) {
                out.extend(self.phrase_abbr[m.pattern().as_usize()].iter().cloned());
            }
        }
        // Each word once: a field's words count once each.
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A phone number as one string of digits ("0808 157 0200" → "08081570200";
/// "+44 808…" → "0808…"), or None when the value is not one.
pub fn phone_digits(value: &str) -> Option<String> {
    if !value
        .chars()
        .all(|c| c.is_ascii_digit() || " +()-.".contains(c))
    {
        return None;
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.strip_prefix("44") {
        Some(rest) if value.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    };
    (digits.len() >= 3).then_some(digits)
}

/// The keys a phone number is found by: its digits whole, and, when it is
/// written with its dialling code apart, the number after the code ("01632
/// 960190" → "960190", "0808 157 0200" → "1570200"), which is how people
/// write down and type a local number. Empty when the value is not a number.
pub fn phone_keys(value: &str) -> Vec<String> {
    let Some(whole) = phone_digits(value) else {
        return Vec::new();
    };
    let mut groups = value
        .split([' ', '(', ')', '-', '.'])
        .filter(|g| !g.is_empty());
    // "+44 1632 960190": the country code, then the dialling code.
    if value.trim_start().starts_with('+') {
        groups.next();
    }
    let code = groups.next().unwrap_or_default();
    let local: String = groups
        .flat_map(str::chars)
        .filter(char::is_ascii_digit)
        .collect();
    let mut keys = vec![whole];
    if code.len() >= 3 && local.len() >= 6 && !keys.contains(&local) {
        keys.push(local);
    }
    keys
}

/// An e-mail address, lowercase, or None.
pub fn email(value: &str) -> Option<String> {
    let v = value.trim().trim_start_matches("mailto:");
    let (local, domain) = v.split_once('@')?;
    (!local.is_empty() && domain.contains('.') && !v.contains(char::is_whitespace))
        .then(|| v.to_lowercase())
}

/// A route's link as the client rebuilds it from the route's value: `t`
/// (`tel:` and its digits), `s` (`sms:`), `m` (`mailto:`), `w` (the value
/// itself), else the link in full; empty for none.
pub(super) fn short_href(href: Option<&str>, value: &str) -> String {
    let Some(href) = href else {
        return String::new();
    };
    let v = value.trim();
    let digits: String = v
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if href == format!("tel:{digits}") {
        "t".into()
    } else if href == format!("sms:{digits}") {
        "s".into()
    } else if href == format!("mailto:{v}") {
        "m".into()
    } else if href == v {
        "w".into()
    } else {
        href.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_alphanumeric() {
        let w: Vec<String> = words("Children's Social-Care (CSC) 24/7").collect();
        assert_eq!(w, ["children", "social", "care", "csc", "24", "7"]);
    }

    #[test]
    fn a_short_name_with_an_ampersand_is_one_word() {
        let w: Vec<String> = words("Go to A&E, or a B&B; Health & Care, R&D&X").collect();
        assert_eq!(
            w,
            [
                "go", "to", "a&e", "or", "a", "b&b", "health", "care", "r", "d", "x"
            ]
        );
    }

    #[test]
    fn contractions_stay_whole_and_are_stop_words() {
        let w: Vec<String> = words("Can't pay the rent; carers’ break").collect();
        assert_eq!(w, ["can't", "pay", "the", "rent", "carers", "break"]);
        assert!(is_stop("can't") && is_stop("how") && is_stop("i") && is_stop("my"));
        // "taken an overdose", "adult being abused", "drinking too much".
        assert!(is_stop("taken") && is_stop("being") && is_stop("much") && is_stop("over"));
        assert!(is_stop("09") && !is_stop("111") && !is_stop("s17"));
        // What people add when they describe a problem: "dad keeps forgetting
        // things", "who do I ring", "loads of pills"; not what names a need.
        for w in [
            "keeps", "things", "really", "ring", "loads", "someone", "time", "rather", "instead",
        ] {
            assert!(is_stop(w), "{w}");
        }
        for w in [
            "gone", "missing", "help", "now", "tonight", "home", "talking",
        ] {
            assert!(!is_stop(w), "{w}");
        }
    }

    #[test]
    fn inflections_share_a_stem() {
        let mut s = Stems::new();
        assert_eq!(s.stem("disagree"), s.stem("disagreements"));
        assert_eq!(s.stem("children"), s.stem("child"));
        assert_eq!(s.stem("referrals"), s.stem("referral"));
        assert_eq!(s.stem("referral"), s.stem("refer"));
        assert_eq!(s.stem("staff"), "staff");
        assert_eq!(s.stem("falls"), "fall");
        assert_eq!(s.stem("08081570200"), "08081570200");
        assert_eq!(s.stem("care"), "care");
        assert!(found_from_stem("assessments", &s.stem("assessments")));
        assert!(!found_from_stem("children", &s.stem("children")));
        assert!(!found_from_stem("passport", "pass"));
    }

    #[test]
    fn contact_values() {
        assert_eq!(
            phone_digits("0808 157 0200").as_deref(),
            Some("08081570200")
        );
        assert_eq!(
            phone_digits("+44 1632 960190").as_deref(),
            Some("01632960190")
        );
        assert_eq!(phone_digits("999").as_deref(), Some("999"));
        assert_eq!(phone_digits("Safe Haven, 9 Quay Street"), None);
    }

    #[test]
    fn a_phone_number_is_found_whole_and_by_its_local_number() {
        assert_eq!(phone_keys("01632 960190"), ["01632960190", "960190"]);
        assert_eq!(phone_keys("0808 157 0200"), ["08081570200", "1570200"]);
        assert_eq!(phone_keys("+44 1632 960190"), ["01632960190", "960190"]);
        assert_eq!(phone_keys("(01632) 960-190"), ["01632960190", "960190"]);
        // Written in one piece, or too short to have a code: the whole only.
        assert_eq!(phone_keys("01632960190"), ["01632960190"]);
        assert_eq!(phone_keys("999"), ["999"]);
        assert_eq!(phone_keys("116 123"), ["116123"]);
        assert!(phone_keys("Safe Haven, 9 Quay Street").is_empty());
        assert_eq!(
            email("IDVA.Referrals@safe-harbour.example.org").as_deref(),
            Some("idva.referrals@safe-harbour.example.org")
        );
        assert_eq!(email("https://example.org/a@b"), None);
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
}
