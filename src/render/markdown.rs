//! Markdown to safe HTML, once per field.
//!
//! - CommonMark with tables and strikethrough, through `pulldown-cmark`.
//! - Link and image addresses are kept only when safe (`https:`, `http:`,
//!   `mailto:`, `tel:`, relative paths and `#anchors`): a `javascript:` link
//!   becomes plain text. An address starting with `/` is site-relative and is
//!   made relative to each page when the page is written; one ending in `/`
//!   gets `index.html`, so links work from disk too.
//! - Raw HTML written by an editor goes through `ammonia`, which keeps a small
//!   set of harmless tags and drops scripts, event handlers and styles. Its
//!   time grows with the square of the nesting depth (of the whole field,
//!   Markdown's own elements included), so a field with raw HTML may hold at
//!   most [`MAX_RAW_HTML_BYTES`] of it and nest [`MAX_RAW_HTML_DEPTH`] deep:
//!   loading reports more as an error ([`raw_html_problem`]), and rendering
//!   shows such HTML as text rather than sanitise it.
//! - Headings are shifted so that the field's top level fits where it is shown.
//! - The result is a [`Markup`]: the HTML, with the places of its glossary
//!   terms and abbreviations in running text (never in links, code, headings
//!   or image text) and of its site-relative addresses, found in one pass over
//!   the finished HTML (`markup.rs`). A page links the first use of each term
//!   (`glossary_links.rs`); exports and the search index read the HTML alone.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::glossary_links::Terms;
use super::markup::{self, Markup};

/// The most raw HTML one Markdown field may hold, in bytes.
pub(crate) const MAX_RAW_HTML_BYTES: usize = 100_000;
/// How deep elements may nest in one Markdown field that holds raw HTML
/// (Markdown's own, like lists and quotes, and the HTML's together).
pub(crate) const MAX_RAW_HTML_DEPTH: usize = 32;

/// Elements that have no end tag, or whose end tag may be left out and which
/// the HTML parser closes by itself: they add no depth.
const NO_DEPTH: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rp", "rt", "optgroup",
];

/// Measures the raw HTML of one field as it goes by: its size, and how deep
/// the field's elements nest (Markdown's, and the HTML's counting start tags
/// against end tags).
#[derive(Default)]
struct RawHtml {
    bytes: usize,
    depth: usize,
    deepest: usize,
}

impl RawHtml {
    /// Counts a Markdown event's element.
    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(_) => {
                self.depth += 1;
                self.deepest = self.deepest.max(self.depth);
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => self.feed(html),
            _ => {}
        }
    }

    fn feed(&mut self, html: &str) {
        self.bytes += html.len();
        let mut rest = html;
        while let Some(i) = rest.find('<') {
            rest = &rest[i + 1..];
            if let Some(after) = rest.strip_prefix('/') {
                if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    let name = tag_name(after);
                    if !NO_DEPTH.contains(&name.as_str()) {
                        self.depth = self.depth.saturating_sub(1);
                    }
                }
            } else if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
                let name = tag_name(rest);
                let end = rest.find('>').unwrap_or(rest.len());
                let self_closing = rest[..end].ends_with('/');
                if !self_closing && !NO_DEPTH.contains(&name.as_str()) {
                    self.depth += 1;
                    self.deepest = self.deepest.max(self.depth);
                }
            }
        }
    }

    /// What is wrong, as a message and a hint, if over either limit.
    /// Without raw HTML there is nothing to sanitise, and no limit.
    fn problem(&self) -> Option<(String, String)> {
        if self.bytes == 0 {
            None
        } else if self.deepest > MAX_RAW_HTML_DEPTH {
            Some((
                format!(
                    "this text holds HTML, and its elements (with Markdown's lists and quotes) nest {} deep; joinedup allows {MAX_RAW_HTML_DEPTH}",
                    self.deepest
                ),
                "write it in Markdown alone, or close each HTML element (`<div>` … `</div>`) before opening the next".to_owned(),
            ))
        } else if self.bytes > MAX_RAW_HTML_BYTES {
            Some((
                format!(
                    "this text holds {} KB of HTML; joinedup allows {} KB in one field",
                    self.bytes / 1000,
                    MAX_RAW_HTML_BYTES / 1000
                ),
                "write it in Markdown instead, or split it across several fields or pages"
                    .to_owned(),
            ))
        } else {
            None
        }
    }
}

/// An HTML tag's name, lowercased, from just after `<` or `</`.
fn tag_name(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Whether a Markdown field's raw HTML is too big or too deep to render; the
/// message and a hint if so.
pub(crate) fn raw_html_problem(source: &str) -> Option<(String, String)> {
    if !source.contains('<') {
        return None;
    }
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut raw = RawHtml::default();
    for event in Parser::new_ext(source, options) {
        raw.event(&event);
    }
    raw.problem()
}

/// Renders Markdown. `top` is the level the field's highest heading becomes
/// (2 in a page body, 3 inside a section), whether the editor wrote `#` or `##`.
pub(crate) fn render(source: &str, top: u8, terms: &Terms) -> Markup {
    let mut raw = RawHtml::default();
    let mut events = safe_events(source, &mut raw);
    shift_headings(&mut events, top);
    // Loading refuses HTML over the limits; should any reach here, it is shown
    // as text rather than given to the sanitiser.
    let too_much = raw.problem().is_some();
    if too_much {
        for e in &mut events {
            if let Event::Html(html) = e {
                *e = Event::Text(std::mem::replace(html, CowStr::Borrowed("")));
            }
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = if raw.bytes > 0 && !too_much {
        sanitise(&html)
    } else {
        html
    };
    markup::from_html(&html, terms)
}

/// The Markdown's events with unsafe link and image addresses refused (a
/// refused link keeps its text), and raw HTML measured into `raw`.
fn safe_events<'a>(source: &'a str, raw: &mut RawHtml) -> Vec<Event<'a>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // Links whose address was refused: their end tag is dropped too.
    let mut refused_links = 0usize;
    let mut events: Vec<Event> = Vec::new();
    for event in Parser::new_ext(source, options) {
        raw.event(&event);
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match safe_url(&dest_url) {
                Some(url) => {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url,
                        title,
                        id,
                    }));
                }
                None => refused_links += 1,
            },
            Event::End(TagEnd::Link) if refused_links > 0 => refused_links -= 1,
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let url = safe_url(&dest_url).unwrap_or(CowStr::Borrowed(""));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }));
            }
            Event::Html(html) | Event::InlineHtml(html) => events.push(Event::Html(html)),
            other => events.push(other),
        }
    }
    events
}

/// The field's highest heading becomes `top`; the others keep their steps.
fn shift_headings(events: &mut [Event], top: u8) {
    let highest = (events.iter())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min();
    let Some(highest) = highest else {
        return;
    };
    for e in events {
        if let Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) = e {
            *level = shift(*level, highest, top);
        }
    }
}

/// Plain text to HTML-safe text with its glossary terms (for one-line fields).
pub(crate) fn text(source: &str, terms: &Terms) -> Markup {
    markup::from_escaped_text(escape(source), terms)
}

/// Escapes text for HTML.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing into a String cannot fail.
    let _ = escape_into(&mut out, s);
    out
}

/// Writes text escaped for HTML (`& < > " '`), copying runs that need nothing.
pub(crate) fn escape_into<W: std::fmt::Write>(out: &mut W, s: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&s[start..])
}

fn shift(level: HeadingLevel, highest: u8, top: u8) -> HeadingLevel {
    let n = (level as u8 + top).saturating_sub(highest).clamp(1, 6);
    HeadingLevel::try_from(n as usize).unwrap_or(HeadingLevel::H6)
}

/// The address if it is safe to link to, rewritten for site-relative use.
fn safe_url<'a>(url: &CowStr<'a>) -> Option<CowStr<'a>> {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    // Control characters and white space inside a scheme are tricks to hide one.
    let compact: String = lower
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    if let Some(colon) = compact.find(':') {
        let before_path = compact
            .find(['/', '?', '#'])
            .is_none_or(|slash| colon < slash);
        if before_path {
            let scheme = &compact[..colon];
            return ["https", "http", "mailto", "tel"]
                .contains(&scheme)
                .then(|| url.clone());
        }
    }
    if let Some(path) = trimmed.strip_prefix('/') {
        if trimmed.starts_with("//") {
            return None;
        }
        // The `/` stays: `markup.rs` takes it off and marks the place.
        let mut out = format!("/{path}");
        if out.ends_with('/') {
            out.push_str("index.html");
        }
        return Some(CowStr::from(out));
    }
    if trimmed.ends_with('/') {
        return Some(CowStr::from(format!("{trimmed}index.html")));
    }
    Some(url.clone())
}

/// Cleans editor-written HTML: keeps formatting, lists, tables and links; drops
/// everything that could run code or load from elsewhere.
fn sanitise(html: &str) -> String {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "dl",
        "dt",
        "em",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "s",
        "small",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["https", "http", "mailto", "tel"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .url_schemes(schemes)
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        render(s, 2, &Terms::default()).html().to_owned()
    }

    #[test]
    fn renders_commonmark_with_shifted_headings() {
        let html = md("# Title\n\nSome **bold** text.\n\n- a\n- b\n");
        assert!(html.contains("<h2>Title</h2>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<li>a</li>"));
        assert!(
            render("## Sub\n\n### Subsub", 3, &Terms::default())
                .html()
                .contains("<h3>Sub</h3>\n<h4>Subsub</h4>")
        );
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        for bad in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</div>",
            "<svg onload=alert(1)>",
        ] {
            let html = md(bad);
            let lower = html.to_lowercase();
            for banned in [
                "<script",
                "onerror",
                "onclick",
                "onload",
                "javascript:",
                "<iframe",
                "<svg",
            ] {
                assert!(!lower.contains(banned), "{bad} gave {html}");
            }
        }
    }

    #[test]
    fn unsafe_markdown_links_become_text() {
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](data:text/html,hi)",
            "[x](vbscript:x)",
            "![i](javascript:alert(1))",
            "[x](//evil.example/a)",
            "[x](\u{1}javascript:alert(1))",
        ] {
            let html = md(bad).to_lowercase();
            let bad_src =
                html.contains("src=\"j") || html.contains("src=\"d") || html.contains("src=\"v");
            assert!(!html.contains("href=") && !bad_src, "{bad} gave {html}");
        }
        assert!(md("[x](https://a.example/b)").contains("href=\"https://a.example/b\""));
        assert!(md("[x](mailto:mash@a.example)").contains("href=\"mailto:mash@a.example\""));
        assert!(md("[x](../about/index.html)").contains("href=\"../about/index.html\""));
    }

    #[test]
    fn site_relative_links_follow_the_page() {
        let markup = render(
            "[Police](/agencies/northshire-police/)",
            2,
            &Terms::default(),
        );
        let mut linked = String::new();
        super::super::glossary_links::on_page(None, "../../", || markup.write_page(&mut linked))
            .ok();
        assert!(
            linked.contains("href=\"../../agencies/northshire-police/index.html\""),
            "{linked}"
        );
        assert!(
            markup
                .html()
                .contains("href=\"agencies/northshire-police/index.html\""),
            "{}",
            markup.html()
        );
    }

    #[test]
    fn raw_html_is_measured_by_depth_and_size() {
        assert!(raw_html_problem("plain *text* only").is_none());
        assert!(raw_html_problem("<div><p>a<p>b<br><img src=x></div>").is_none());
        assert!(raw_html_problem(&"<div>".repeat(33)).is_some());
        assert!(raw_html_problem(&"<div></div>".repeat(1000)).is_none());
        assert!(raw_html_problem(&"<li>".repeat(10_000)).is_none());
        // HTML in code is text, not HTML.
        assert!(raw_html_problem(&format!("`{}`", "<div>".repeat(100))).is_none());
        assert!(raw_html_problem(&"<b>x</b>".repeat(20_000)).is_some());
        // Markdown's nesting counts once there is HTML to sanitise.
        assert!(raw_html_problem(&format!("{} deep", ">".repeat(40))).is_none());
        assert!(raw_html_problem(&format!("{} deep <b>x</b>", ">".repeat(40))).is_some());
        assert!(raw_html_problem(&format!("{} deep <b>x</b>", ">".repeat(5))).is_none());
        // Over the limit, rendering shows the HTML as text.
        let html = md(&format!("{}x", "<div>".repeat(40)));
        assert!(
            html.contains("&lt;div&gt;") && !html.contains("<div>"),
            "{html}"
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            escape("<b a=\"x\">&'"),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(md("a < b & c").contains("a &lt; b &amp; c"));
    }
}
