//! Glossary terms in the prose: the first use of each glossary term or
//! abbreviation on a page becomes a link to its glossary entry, with an
//! `<abbr>` giving the expansion.
//!
//! This happens in two steps so that Markdown is rendered once per field but
//! linked once per page. [`Terms::mark`] wraps every match in running text in
//! private-use markers (`\u{E000}key\u{E001}text\u{E002}`); when a page has been
//! rendered, [`Linker::finish`] walks it once, turns the first use of each
//! entry into a link and the rest back into text, and makes site-relative
//! addresses relative to the page. Matches inside links, headings, code and
//! tag attributes stay plain text.
//!
//! Abbreviations match case-sensitively (`PA`, not `pa`), full terms without
//! regard to case, both only as whole words. Where an abbreviation has several
//! meanings, the page's own agency's meaning wins; otherwise the link goes to
//! the clash, where every meaning is shown side by side.

use std::collections::{BTreeMap, HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::markdown::{ROOT_MARK, escape};
use crate::model::{GlossaryEntry, ids};

/// Every private-use character joinedup uses as a mark inside its strings
/// (these three and [`ROOT_MARK`]); editors' text may not hold them.
pub(crate) const RESERVED: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E003}';
/// The same characters as an address percent-encodes them, without the last
/// hex digit (`%EE%80%80` to `%EE%80%83`), in lower case.
pub(crate) const RESERVED_ENCODED_PREFIX: &str = "%ee%80%8";

const OPEN: char = '\u{E000}';
const MID: char = '\u{E001}';
const CLOSE: char = '\u{E002}';
/// [`ROOT_MARK`] as it appears in a link address written by pulldown-cmark.
const ROOT_MARK_ENCODED: &str = "%EE%80%83";

/// Removes glossary markers (keeping their text) and site-relative marks,
/// for output that is not a page: JSON, CSV, the calendar. A site-relative
/// address becomes relative to the site's root.
pub(crate) fn strip_markers(s: &str) -> String {
    if !s.contains([OPEN, CLOSE, ROOT_MARK]) && !s.contains(ROOT_MARK_ENCODED) {
        return s.to_owned();
    }
    let unmarked;
    let s = if s.contains(ROOT_MARK_ENCODED) {
        unmarked = s.replace(ROOT_MARK_ENCODED, "");
        unmarked.as_str()
    } else {
        s
    };
    let mut out = String::with_capacity(s.len());
    let mut in_key = false;
    for c in s.chars() {
        match c {
            OPEN => in_key = true,
            MID => in_key = false,
            CLOSE | ROOT_MARK => {}
            c if !in_key => out.push(c),
            _ => {}
        }
    }
    out
}

/// Builds a marker around `text` for `key`.
pub(crate) fn marker(key: &str, text: &str) -> String {
    format!("{OPEN}{key}{MID}{text}{CLOSE}")
}

/// One meaning of a glossary word, as linking needs it.
#[derive(Debug, Clone)]
struct Meaning {
    id: String,
    term: String,
    used_by: Vec<String>,
}

/// The glossary words to look for, and what they mean.
#[derive(Default)]
pub(crate) struct Terms {
    /// Abbreviations, case-sensitive.
    abbreviations: Option<AhoCorasick>,
    abbreviation_keys: Vec<String>,
    /// Full terms, any case.
    terms: Option<AhoCorasick>,
    term_ids: Vec<String>,
    /// Abbreviation → its meanings.
    meanings: HashMap<String, Vec<Meaning>>,
    /// Glossary id → its term (for full-term links).
    by_id: HashMap<String, String>,
}

impl Terms {
    /// Indexes the glossary entries that a build includes.
    pub(crate) fn new<'a>(
        entries: impl IntoIterator<Item = &'a GlossaryEntry>,
        used_by: impl Fn(&GlossaryEntry) -> Vec<String>,
    ) -> Terms {
        let mut meanings: BTreeMap<String, Vec<Meaning>> = BTreeMap::new();
        let mut terms: BTreeMap<String, String> = BTreeMap::new();
        let mut by_id = HashMap::new();
        for g in entries {
            let meaning = Meaning {
                id: g.id.value.clone(),
                term: g.term.value.trim().to_owned(),
                used_by: used_by(g),
            };
            by_id.insert(g.id.value.clone(), meaning.term.clone());
            if let Some(a) = &g.abbreviation {
                let a = a.value.trim();
                if a.chars().count() >= 2 && a.chars().any(char::is_alphanumeric) {
                    meanings
                        .entry(a.to_owned())
                        .or_default()
                        .push(meaning.clone());
                }
            }
            let term = g.term.value.trim();
            if term.chars().count() >= 4 {
                terms
                    .entry(term.to_lowercase())
                    .or_insert_with(|| g.id.value.clone());
            }
        }
        let abbreviation_keys: Vec<String> = meanings.keys().cloned().collect();
        let term_keys: Vec<String> = terms.keys().cloned().collect();
        let build = |patterns: &[String], any_case: bool| {
            (!patterns.is_empty())
                .then(|| {
                    AhoCorasickBuilder::new()
                        .match_kind(MatchKind::LeftmostLongest)
                        .ascii_case_insensitive(any_case)
                        .build(patterns)
                        .ok()
                })
                .flatten()
        };
        Terms {
            abbreviations: build(&abbreviation_keys, false),
            terms: build(&term_keys, true),
            term_ids: term_keys.iter().map(|k| terms[k].clone()).collect(),
            abbreviation_keys,
            meanings: meanings.into_iter().collect(),
            by_id,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.abbreviations.is_none() && self.terms.is_none()
    }

    /// Wraps each whole-word glossary match in `text` in a marker.
    pub(crate) fn mark(&self, text: &str) -> String {
        // (start, end, key), from both automatons, leftmost-longest, no overlaps.
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        if let Some(ac) = &self.abbreviations {
            for m in ac.find_iter(text) {
                found.push((
                    m.start(),
                    m.end(),
                    format!("a:{}", self.abbreviation_keys[m.pattern().as_usize()]),
                ));
            }
        }
        if let Some(ac) = &self.terms {
            for m in ac.find_iter(text) {
                found.push((
                    m.start(),
                    m.end(),
                    format!("t:{}", self.term_ids[m.pattern().as_usize()]),
                ));
            }
        }
        if found.is_empty() {
            return text.to_owned();
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = String::with_capacity(text.len() + 32);
        let mut at = 0;
        for (start, end, key) in found {
            if start < at || !is_word_boundary(text, start, end) {
                continue;
            }
            out.push_str(&text[at..start]);
            out.push_str(&marker(&key, &text[start..end]));
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !after.is_some_and(|c| {
            c.is_alphanumeric()
                || c == '_'
                || (c == '-'
                    && text[end..]
                        .chars()
                        .nth(1)
                        .is_some_and(char::is_alphanumeric))
        })
}

/// Finishes one page: links the first use of each glossary entry, unwraps the
/// rest, and resolves site-relative addresses against `root` (`../../`).
pub(crate) struct Linker<'t> {
    pub terms: &'t Terms,
}

impl Linker<'_> {
    /// `agency` is the page's own agency, whose meanings win in clashes.
    pub(crate) fn finish(&self, html: &str, agency: Option<&str>, root: &str) -> String {
        if !html.contains(OPEN) {
            // No glossary words on this page: only site-relative addresses to fix.
            if !html.contains(ROOT_MARK) && !html.contains(ROOT_MARK_ENCODED) {
                return html.to_owned();
            }
            return html
                .replace(ROOT_MARK, root)
                .replace(ROOT_MARK_ENCODED, root);
        }
        let mut out = String::with_capacity(html.len() + 1024);
        let mut used: HashSet<String> = HashSet::new();
        // Where links are not allowed: inside these elements, or inside a tag.
        let mut blocked = 0usize;
        let mut rest = html;
        while let Some(i) = rest.find(['<', OPEN, ROOT_MARK]) {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            if rest.starts_with('<') {
                let end = rest.find('>').map_or(rest.len(), |e| e + 1);
                let tag = &rest[..end];
                adjust_blocked(tag, &mut blocked);
                // Site-relative addresses inside the tag's attributes (pulldown-cmark
                // percent-encodes the mark in links), and no glossary markers there.
                if tag.contains([ROOT_MARK, OPEN]) || tag.contains(ROOT_MARK_ENCODED) {
                    let tag = tag
                        .replace(ROOT_MARK, root)
                        .replace(ROOT_MARK_ENCODED, root);
                    out.push_str(&strip_markers(&tag));
                } else {
                    out.push_str(tag);
                }
                rest = &rest[end..];
            } else if rest.starts_with(ROOT_MARK) {
                out.push_str(root);
                rest = &rest[ROOT_MARK.len_utf8()..];
            } else {
                let body = &rest[OPEN.len_utf8()..];
                let (Some(mid), Some(close)) = (body.find(MID), body.find(CLOSE)) else {
                    rest = body;
                    continue;
                };
                if mid > close {
                    rest = body;
                    continue;
                }
                let key = &body[..mid];
                let text = &body[mid + MID.len_utf8()..close];
                rest = &body[close + CLOSE.len_utf8()..];
                match (blocked, self.link(key, agency)) {
                    (0, Some((target, title))) if used.insert(target.clone()) => {
                        out.push_str(&format!(
                            "<a class=\"term\" href=\"{root}glossary/index.html#{target}\"><abbr title=\"{}\">{text}</abbr></a>",
                            escape(&title)
                        ));
                    }
                    _ => out.push_str(text),
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The anchor and expansion for a marker key on a page of `agency`.
    fn link(&self, key: &str, agency: Option<&str>) -> Option<(String, String)> {
        if let Some(id) = key.strip_prefix("t:") {
            let term = self.terms.by_id.get(id)?;
            return Some((id.to_owned(), format!("Glossary: {term}")));
        }
        let abbr = key.strip_prefix("a:")?;
        let meanings = self.terms.meanings.get(abbr)?;
        if let [only] = meanings.as_slice() {
            return Some((only.id.clone(), only.term.clone()));
        }
        let own: Vec<&Meaning> = agency
            .map(|a| {
                meanings
                    .iter()
                    .filter(|m| m.used_by.iter().any(|u| u == a))
                    .collect()
            })
            .unwrap_or_default();
        if let [one] = own.as_slice() {
            return Some((one.id.clone(), one.term.clone()));
        }
        let all: Vec<&str> = meanings.iter().map(|m| m.term.as_str()).collect();
        Some((
            clash_anchor(abbr),
            format!("{abbr} has several meanings: {}", all.join("; ")),
        ))
    }
}

/// The anchor of an abbreviation's clash on the glossary page.
pub(crate) fn clash_anchor(abbreviation: &str) -> String {
    format!("clash-{}", ids::slug(abbreviation))
}

/// Elements inside which a glossary link would be wrong.
const BLOCKING: &[&str] = &[
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "button", "label", "summary", "title",
    "option", "textarea", "script", "style", "abbr", "dfn",
];

fn adjust_blocked(tag: &str, blocked: &mut usize) {
    let inner = tag.trim_start_matches('<');
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, inner),
    };
    let len = inner.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &inner[..len];
    if !BLOCKING.iter().any(|b| b.eq_ignore_ascii_case(name)) || tag.ends_with("/>") {
        return;
    }
    if closing {
        *blocked = blocked.saturating_sub(1);
    } else {
        *blocked += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileId, Loc, Pos, Spanned};

    fn entry(id: &str, term: &str, abbr: Option<&str>, used_by: &[&str]) -> GlossaryEntry {
        let loc = Loc {
            file: FileId(0),
            pos: Pos::default(),
        };
        let t = |s: &str| Spanned::new(s.to_owned(), loc);
        GlossaryEntry {
            id: t(id),
            id_written: true,
            term: t(term),
            abbreviation: abbr.map(t),
            definition: t("d"),
            aka: vec![],
            used_by: used_by.iter().map(|u| t(u)).collect(),
            see_also: vec![],
            loc,
        }
    }

    fn terms() -> Terms {
        let entries = vec![
            entry(
                "mash",
                "Multi-Agency Safeguarding Hub",
                Some("MASH"),
                &["council"],
            ),
            entry(
                "pcn-primary-care-network",
                "Primary Care Network",
                Some("PCN"),
                &["icb"],
            ),
            entry(
                "pcn-penalty-charge-notice",
                "Penalty Charge Notice",
                Some("PCN"),
                &["council"],
            ),
            entry("a-e", "Accident and Emergency", Some("A&E"), &[]),
        ];
        Terms::new(&entries, |g| {
            g.used_by.iter().map(|u| u.value.clone()).collect()
        })
    }

    fn page(text: &str, agency: Option<&str>) -> String {
        let t = terms();
        Linker { terms: &t }.finish(&format!("<p>{}</p>", t.mark(text)), agency, "../")
    }

    #[test]
    fn first_use_is_linked_and_later_uses_are_plain() {
        let html = page("Call the MASH. The MASH will answer.", None);
        assert_eq!(html.matches("<abbr").count(), 1, "{html}");
        assert!(html.contains("<a class=\"term\" href=\"../glossary/index.html#mash\"><abbr title=\"Multi-Agency Safeguarding Hub\">MASH</abbr></a>"), "{html}");
        assert!(html.ends_with("The MASH will answer.</p>"));
    }

    #[test]
    fn abbreviations_are_case_sensitive_and_whole_words() {
        let html = page("the mash, MASHED, SMASH and MASH-like; A&E", None);
        assert_eq!(html.matches("<abbr").count(), 1, "{html}");
        assert!(html.contains("#a-e"));
    }

    #[test]
    fn full_terms_match_any_case() {
        let html = page("ask the multi-agency safeguarding hub", None);
        assert!(
            html.contains("href=\"../glossary/index.html#mash\""),
            "{html}"
        );
    }

    #[test]
    fn clashes_prefer_the_page_agency_else_link_to_the_clash() {
        assert!(page("a PCN", Some("council")).contains("#pcn-penalty-charge-notice"));
        assert!(page("a PCN", Some("icb")).contains("#pcn-primary-care-network"));
        let html = page("a PCN", None);
        assert!(
            html.contains("#clash-pcn") && html.contains("several meanings"),
            "{html}"
        );
    }

    #[test]
    fn never_inside_links_headings_or_attributes() {
        let t = terms();
        let marked = t.mark("MASH");
        let html = format!(
            "<h2>{marked}</h2><a href=\"x\">{marked}</a><img alt=\"{marked}\"><p>{marked}</p>"
        );
        let out = Linker { terms: &t }.finish(&html, None, "");
        assert_eq!(out.matches("<abbr").count(), 1, "{out}");
        assert!(
            out.starts_with("<h2>MASH</h2><a href=\"x\">MASH</a>"),
            "{out}"
        );
        assert!(!out.contains(OPEN) && !out.contains(CLOSE));
    }

    #[test]
    fn site_relative_addresses_follow_the_page() {
        let t = Terms::default();
        let html = format!("<a href=\"{ROOT_MARK}agencies/x/index.html\">x</a>");
        assert_eq!(
            Linker { terms: &t }.finish(&html, None, "../../"),
            "<a href=\"../../agencies/x/index.html\">x</a>"
        );
    }
}
