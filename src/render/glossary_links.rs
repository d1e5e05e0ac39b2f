//! Glossary terms in the prose: the first use of each glossary term or
//! abbreviation on a page becomes a link to its glossary entry, with an
//! `<abbr>` giving the expansion.
//!
//! This happens in two steps so that Markdown is rendered once per field but
//! linked once per page. [`Terms::find`] finds every match when a field is
//! rendered, and the field keeps them as places beside its HTML (a
//! `markup::Span`, with the [`Link`] each stands for). While a page is
//! rendered ([`on_page`]), writing a field links the first use on the page of
//! each entry and leaves the rest as text.
//!
//! Abbreviations match case-sensitively (`PA`, not `pa`), full terms without
//! regard to case, both only as whole words. Where an abbreviation has several
//! meanings, the page's own agency's meaning wins; otherwise the link goes to
//! the clash, where every meaning is shown side by side.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::markdown::escape;
use crate::model::{GlossaryEntry, ids};

/// One meaning of a glossary word, as linking needs it.
#[derive(Debug, Clone)]
pub(crate) struct Meaning {
    id: String,
    term: String,
    used_by: Vec<String>,
}

/// What one match links to.
#[derive(Debug)]
pub(crate) enum Link {
    /// A full term: its entry's id and term.
    Term { id: String, term: String },
    /// An abbreviation and every meaning it has in this build.
    Abbreviation {
        abbreviation: String,
        meanings: Vec<Meaning>,
    },
}

impl Link {
    /// The anchor and expansion on a page of `agency`.
    fn target(&self, agency: Option<&str>) -> (String, String) {
        let (abbr, meanings) = match self {
            Link::Term { id, term } => return (id.clone(), format!("Glossary: {term}")),
            Link::Abbreviation {
                abbreviation,
                meanings,
            } => (abbreviation, meanings),
        };
        if let [only] = meanings.as_slice() {
            return (only.id.clone(), only.term.clone());
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
            return (one.id.clone(), one.term.clone());
        }
        let all: Vec<&str> = meanings.iter().map(|m| m.term.as_str()).collect();
        (
            clash_anchor(abbr),
            format!("{abbr} has several meanings: {}", all.join("; ")),
        )
    }
}

/// The glossary words to look for, and what they mean.
#[derive(Default)]
pub(crate) struct Terms {
    /// Abbreviations, case-sensitive.
    abbreviations: Option<AhoCorasick>,
    abbreviation_links: Vec<Arc<Link>>,
    /// Full terms, any case.
    terms: Option<AhoCorasick>,
    term_links: Vec<Arc<Link>>,
}

impl Terms {
    /// Indexes the glossary entries that a build includes.
    pub(crate) fn new<'a>(
        entries: impl IntoIterator<Item = &'a GlossaryEntry>,
        used_by: impl Fn(&GlossaryEntry) -> Vec<String>,
    ) -> Terms {
        let mut meanings: BTreeMap<String, Vec<Meaning>> = BTreeMap::new();
        let mut terms: BTreeMap<String, (String, String)> = BTreeMap::new();
        for g in entries {
            let meaning = Meaning {
                id: g.id.value.clone(),
                term: g.term.value.trim().to_owned(),
                used_by: used_by(g),
            };
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
                    .or_insert_with(|| (g.id.value.clone(), meaning.term.clone()));
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
            abbreviation_links: (meanings.into_iter())
                .map(|(abbreviation, meanings)| {
                    Arc::new(Link::Abbreviation {
                        abbreviation,
                        meanings,
                    })
                })
                .collect(),
            term_links: (terms.into_values())
                .map(|(id, term)| Arc::new(Link::Term { id, term }))
                .collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.abbreviations.is_none() && self.terms.is_none()
    }

    /// Every whole-word glossary match in `text`: (start, end, link), in
    /// order, leftmost-longest, never overlapping.
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, usize, Arc<Link>)> {
        let mut found: Vec<(usize, usize, &Arc<Link>)> = Vec::new();
        if let Some(ac) = &self.abbreviations {
            for m in ac.find_iter(text) {
                found.push((
                    m.start(),
                    m.end(),
                    &self.abbreviation_links[m.pattern().as_usize()],
                ));
            }
        }
        if let Some(ac) = &self.terms {
            for m in ac.find_iter(text) {
                found.push((m.start(), m.end(), &self.term_links[m.pattern().as_usize()]));
            }
        }
        if found.is_empty() {
            return Vec::new();
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut at = 0;
        for (start, end, link) in found {
            if start < at || !is_word_boundary(text, start, end) {
                continue;
            }
            out.push((start, end, Arc::clone(link)));
            at = end;
        }
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

/// The page being rendered on this thread: its way to the site's root, its
/// agency (whose meanings win in clashes) and the entries already linked.
pub(crate) struct Page {
    root: String,
    agency: Option<String>,
    used: HashSet<String>,
}

thread_local! {
    static PAGE: RefCell<Option<Page>> = const { RefCell::new(None) };
}

/// Runs `render` as the rendering of one page: fields written meanwhile (see
/// `markup::Markup::write_page`) get `root` (`../../`) in front of their
/// site-relative addresses and link each glossary entry on its first use.
pub(crate) fn on_page<R>(agency: Option<&str>, root: &str, render: impl FnOnce() -> R) -> R {
    let page = Page {
        root: root.to_owned(),
        agency: agency.map(str::to_owned),
        used: HashSet::new(),
    };
    let outer = PAGE.with(|p| p.replace(Some(page)));
    let result = render();
    PAGE.with(|p| p.replace(outer));
    result
}

/// Runs `f` with the page being rendered on this thread, if there is one.
pub(crate) fn with_page<R>(f: impl FnOnce(Option<&mut Page>) -> R) -> R {
    PAGE.with(|p| match p.try_borrow_mut() {
        Ok(mut page) => f(page.as_mut()),
        // Only a field written while another is being written (never).
        Err(_) => f(None),
    })
}

impl Page {
    /// `../` once per folder between the page and the site's root.
    pub(crate) fn root(&self) -> &str {
        &self.root
    }

    /// Writes a glossary match: a link on the entry's first use on the page,
    /// else its text.
    pub(crate) fn write_term<W: fmt::Write>(
        &mut self,
        out: &mut W,
        link: &Link,
        text: &str,
    ) -> fmt::Result {
        let (target, title) = link.target(self.agency.as_deref());
        if !self.used.insert(target.clone()) {
            return out.write_str(text);
        }
        write!(
            out,
            "<a class=\"term\" href=\"{}glossary/index.html#{target}\"><abbr title=\"{}\">{text}</abbr></a>",
            self.root,
            escape(&title)
        )
    }
}

/// The anchor of an abbreviation's clash on the glossary page.
pub(crate) fn clash_anchor(abbreviation: &str) -> String {
    format!("clash-{}", ids::slug(abbreviation))
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

    /// Renders `html` as a page of `agency` at one folder deep.
    fn render(html: &str, agency: Option<&str>) -> String {
        let markup = crate::render::markup::from_html(html, &terms());
        let mut out = String::new();
        on_page(agency, "../", || markup.write_page(&mut out)).ok();
        out
    }

    fn page(text: &str, agency: Option<&str>) -> String {
        render(&format!("<p>{text}</p>"), agency)
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
        let html = "<h2>MASH</h2><a href=\"x\">MASH</a><img alt=\"MASH\"><p>MASH</p>";
        let out = render(html, None);
        assert_eq!(out.matches("<abbr").count(), 1, "{out}");
        assert!(
            out.starts_with("<h2>MASH</h2><a href=\"x\">MASH</a><img alt=\"MASH\"><p><a"),
            "{out}"
        );
    }

    #[test]
    fn first_use_counts_across_fields_on_one_page() {
        let t = terms();
        let a = crate::render::markup::from_html("<p>MASH</p>", &t);
        let b = crate::render::markup::from_html("<p>the MASH</p>", &t);
        let mut out = String::new();
        on_page(None, "", || {
            a.write_page(&mut out)?;
            b.write_page(&mut out)
        })
        .ok();
        assert_eq!(out.matches("<abbr").count(), 1, "{out}");
        assert!(out.ends_with("<p>the MASH</p>"), "{out}");
    }

    #[test]
    fn editors_private_use_characters_are_only_text() {
        let html = "<p>\u{E000}t:x\u{E001}y\u{E002} \u{E003} MASH</p>";
        let out = render(html, None);
        assert!(
            out.starts_with("<p>\u{E000}t:x\u{E001}y\u{E002} \u{E003} <a class=\"term\""),
            "{out}"
        );
    }
}
