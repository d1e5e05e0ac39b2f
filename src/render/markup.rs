//! Text joinedup has rendered to HTML, as structure: the HTML itself and the
//! places a page must finish when it shows it.
//!
//! A [`Markup`] is made once per field (by `markdown.rs`, or from a route's
//! card in `pages/`) and read by every output:
//!
//! - exports, the search index and meta descriptions read [`Markup::html`]:
//!   clean HTML whose site-relative addresses are relative to the site's root
//!   (`agencies/x/index.html`);
//! - a page writes it through [`Markup::write_page`] (the theme's formatter
//!   does this for `{{ x }}` and `{{ x | safe }}`): each site-relative address
//!   gets the page's way to the root (`../../`) in front, and the first use on
//!   the page of each glossary term becomes a link (see `glossary_links.rs`).
//!
//! The places are kept beside the HTML as positions ([`Span`]), never as
//! characters inside it, so nothing an editor writes can be taken for one.

use std::fmt;
use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Object, ObjectRepr};
use serde::Serialize;

use super::glossary_links::{self, Link, Terms};

/// HTML made by joinedup, with the places a page finishes.
#[derive(Clone)]
pub(crate) struct Markup(Arc<Inner>);

/// No HTML: one value for every empty field of the build (most routes and
/// entries have no `eligibility`, many no `detail`), not one each.
static EMPTY: std::sync::LazyLock<Markup> =
    std::sync::LazyLock::new(|| Markup(Arc::new(Inner::default())));

impl Default for Markup {
    fn default() -> Markup {
        EMPTY.clone()
    }
}

/// What a [`Markup`] holds (shared: a field shown on many pages is one value).
#[derive(Debug, Default)]
pub(crate) struct Inner {
    html: String,
    spans: Vec<Span>,
}

/// A place in the HTML, by byte offset, in order and never overlapping.
#[derive(Clone, Debug)]
pub(crate) enum Span {
    /// A glossary term's text, `html[start..end]`, and what it links to.
    Term {
        start: usize,
        end: usize,
        link: Arc<Link>,
    },
    /// Where the page's way to the site's root goes (a site-relative address).
    Root(usize),
}

impl Span {
    fn start(&self) -> usize {
        match self {
            Span::Term { start, .. } => *start,
            Span::Root(at) => *at,
        }
    }
}

impl Markup {
    /// HTML with its places.
    pub(crate) fn new(mut html: String, mut spans: Vec<Span>) -> Markup {
        if html.is_empty() && spans.is_empty() {
            return Markup::default();
        }
        // Kept for the whole build: no room for more (the places were
        // pushed one by one, four at least).
        html.shrink_to_fit();
        spans.shrink_to_fit();
        Markup(Arc::new(Inner { html, spans }))
    }

    /// HTML in which every `mark` is where a page's way to the root goes (a
    /// route's card rendered once with `root` set to `mark`). The mark must be
    /// something the HTML cannot otherwise hold: HTML escaping leaves no `<`
    /// in text, so a mark starting with `<` is safe.
    pub(crate) fn with_root_marks(html: &str, mark: &str) -> Markup {
        let mut clean = String::with_capacity(html.len());
        let mut spans = Vec::new();
        for (i, part) in html.split(mark).enumerate() {
            if i > 0 {
                spans.push(Span::Root(clean.len()));
            }
            clean.push_str(part);
        }
        Markup::new(clean, spans)
    }

    /// The HTML for output that is not a page: site-relative addresses are
    /// relative to the site's root, glossary terms are plain text.
    pub(crate) fn html(&self) -> &str {
        &self.0.html
    }

    /// The places, in order.
    #[cfg(test)]
    pub(crate) fn spans(&self) -> &[Span] {
        &self.0.spans
    }

    /// Writes the HTML as the page being rendered shows it (see
    /// [`glossary_links::on_page`]); outside a page, as [`Markup::html`].
    /// (Templates reach the same through the theme's formatter.)
    #[cfg(test)]
    pub(crate) fn write_page<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        self.0.write_page(out)
    }
}

impl Inner {
    /// See [`Markup::write_page`].
    pub(crate) fn write_page<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        if self.spans.is_empty() {
            return out.write_str(&self.html);
        }
        glossary_links::with_page(|mut page| {
            let mut at = 0;
            for span in &self.spans {
                out.write_str(&self.html[at..span.start()])?;
                match span {
                    Span::Root(i) => {
                        if let Some(page) = &page {
                            out.write_str(page.root())?;
                        }
                        at = *i;
                    }
                    Span::Term { start, end, link } => {
                        let text = &self.html[*start..*end];
                        match page.as_deref_mut() {
                            Some(page) => page.write_term(out, link, text)?,
                            None => out.write_str(text)?,
                        }
                        at = *end;
                    }
                }
            }
            out.write_str(&self.html[at..])
        })
    }
}

impl std::ops::Deref for Markup {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0.html
    }
}

impl fmt::Debug for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Markup").field(&self.0.html).finish()
    }
}

impl fmt::Display for Markup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.html)
    }
}

/// To a template, a `Markup` is an object the theme's formatter writes for
/// the page; to anything else (JSON), its HTML.
impl Serialize for Markup {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if minijinja::value::serializing_for_value() {
            Value::from_dyn_object(self.0.clone()).serialize(s)
        } else {
            s.serialize_str(&self.0.html)
        }
    }
}

impl Object for Inner {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn is_true(self: &Arc<Self>) -> bool {
        !self.html.is_empty()
    }

    fn render(self: &Arc<Self>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_page(f)
    }
}

/// The markup a template value holds, if it is one.
pub(crate) fn of_value(value: &Value) -> Option<&Inner> {
    value.downcast_object_ref::<Inner>()
}

/// Elements inside which a glossary link would be wrong.
const BLOCKING: &[&str] = &[
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "button", "label", "summary", "title",
    "option", "textarea", "script", "style", "abbr", "dfn",
];

/// Finds the places in sanitised HTML: glossary terms in text outside
/// [`BLOCKING`] elements, and addresses starting with a single `/` in `href`
/// and `src` (site-relative; the `/` is dropped and a [`Span::Root`] put there).
pub(crate) fn from_html(html: &str, terms: &Terms) -> Markup {
    let mut clean = String::with_capacity(html.len());
    let mut spans = Vec::new();
    let mut blocked = 0usize;
    let mut rest = html;
    while !rest.is_empty() {
        let next = rest.find('<').unwrap_or(rest.len());
        let (text, after) = rest.split_at(next);
        if blocked == 0 && !terms.is_empty() {
            let base = clean.len();
            for (start, end, link) in terms.find(text) {
                spans.push(Span::Term {
                    start: base + start,
                    end: base + end,
                    link,
                });
            }
        }
        clean.push_str(text);
        if after.is_empty() {
            break;
        }
        let end = tag_end(after);
        let tag = &after[..end];
        adjust_blocked(tag, &mut blocked);
        push_tag(tag, &mut clean, &mut spans);
        rest = &after[end..];
    }
    Markup::new(clean, spans)
}

/// Text escaped for HTML with its glossary terms (a one-line field).
pub(crate) fn from_escaped_text(escaped: String, terms: &Terms) -> Markup {
    let spans = (terms.find(&escaped).into_iter())
        .map(|(start, end, link)| Span::Term { start, end, link })
        .collect();
    Markup::new(escaped, spans)
}

/// The length of the tag at the start of `s` (which starts with `<`), up to
/// and including its `>`, skipping quoted attribute values.
fn tag_end(s: &str) -> usize {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Copies a tag, taking the `/` off each site-relative `href` or `src` and
/// marking the place.
fn push_tag(tag: &str, clean: &mut String, spans: &mut Vec<Span>) {
    let mut rest = tag;
    while let Some(i) = next_address(rest) {
        clean.push_str(&rest[..i]);
        spans.push(Span::Root(clean.len()));
        rest = &rest[i + 1..];
    }
    clean.push_str(rest);
}

/// Where the `/` of the next site-relative address in a tag is.
fn next_address(tag: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = tag[from..].find("=\"/") {
        let at = from + i;
        let name_ok = [" href", " src"]
            .iter()
            .any(|n| tag[..at].to_ascii_lowercase().ends_with(n));
        if name_ok && !tag[at + 3..].starts_with('/') {
            return Some(at + 2);
        }
        from = at + 3;
    }
    None
}

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

    #[test]
    fn site_relative_addresses_are_places_not_characters() {
        let m = from_html(
            "<p><a href=\"/agencies/x/index.html\">x</a> <a href=\"//e.example\">e</a> <a href=\"y/\">y</a> /not-in-a-tag</p>",
            &Terms::default(),
        );
        assert_eq!(
            m.html(),
            "<p><a href=\"agencies/x/index.html\">x</a> <a href=\"//e.example\">e</a> <a href=\"y/\">y</a> /not-in-a-tag</p>"
        );
        assert_eq!(m.spans().len(), 1);
        let mut out = String::new();
        glossary_links::on_page(None, "../../", || m.write_page(&mut out)).ok();
        assert!(
            out.contains("href=\"../../agencies/x/index.html\""),
            "{out}"
        );
    }

    #[test]
    fn root_marks_become_places() {
        let m = Markup::with_root_marks("<a href=\"<R>a/\">\u{E003}<R></a>", "<R>");
        assert_eq!(m.html(), "<a href=\"a/\">\u{E003}</a>");
        let mut out = String::new();
        glossary_links::on_page(None, "../", || m.write_page(&mut out)).ok();
        assert_eq!(out, "<a href=\"../a/\">\u{E003}../</a>");
    }

    #[test]
    fn tags_are_read_to_their_real_end() {
        assert_eq!(tag_end("<a title=\"a>b\" href=\"/x\">y"), 25);
    }
}
