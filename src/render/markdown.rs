//! Markdown to safe HTML, once per field.
//!
//! - CommonMark with tables and strikethrough, through `pulldown-cmark`.
//! - Link and image addresses are kept only when safe (`https:`, `http:`,
//!   `mailto:`, `tel:`, relative paths and `#anchors`): a `javascript:` link
//!   becomes plain text. An address starting with `/` is site-relative and is
//!   made relative to each page when the page is written; one ending in `/`
//!   gets `index.html`, so links work from disk too.
//! - Raw HTML written by an editor goes through `ammonia`, which keeps a small
//!   set of harmless tags and drops scripts, event handlers and styles.
//! - Headings are shifted so that the field's top level fits where it is shown.
//! - Glossary terms and abbreviations in running text (never in links, code,
//!   headings or image text) are wrapped in markers; `glossary_links.rs` turns
//!   the first use of each on a page into an `<abbr>` linked to the glossary,
//!   once the page's agency is known.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::glossary_links::Terms;

/// Marks a site-relative address: replaced by the page's path to the root.
pub const ROOT_MARK: char = '\u{E003}';

/// Renders Markdown. `top` is the level the field's highest heading becomes
/// (2 in a page body, 3 inside a section), whether the editor wrote `#` or `##`.
pub fn render(source: &str, top: u8, terms: &Terms) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut has_raw_html = false;
    // Depth inside constructs where glossary markers must not go.
    let mut no_terms = 0usize;
    // Links whose address was refused: their end tag is dropped too.
    let mut refused_links = 0usize;
    let mut events: Vec<Event> = Vec::new();
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                no_terms += 1;
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                no_terms = no_terms.saturating_sub(1);
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match safe_url(&dest_url) {
                Some(url) => {
                    no_terms += 1;
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: url,
                        title,
                        id,
                    }));
                }
                None => refused_links += 1,
            },
            Event::End(TagEnd::Link) => {
                if refused_links > 0 {
                    refused_links -= 1;
                } else {
                    no_terms = no_terms.saturating_sub(1);
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                no_terms += 1;
                let url = safe_url(&dest_url).unwrap_or(CowStr::Borrowed(""));
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                no_terms = no_terms.saturating_sub(1);
                events.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                no_terms += 1;
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                no_terms = no_terms.saturating_sub(1);
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                has_raw_html = true;
                events.push(Event::Html(html));
            }
            Event::Text(text) if no_terms == 0 && !terms.is_empty() => {
                events.push(Event::Text(CowStr::from(terms.mark(&text))));
            }
            other => events.push(other),
        }
    }
    // The field's highest heading becomes `top`; the others keep their steps.
    let highest = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min();
    if let Some(highest) = highest {
        for e in &mut events {
            match e {
                Event::Start(Tag::Heading { level, .. }) | Event::End(TagEnd::Heading(level)) => {
                    *level = shift(*level, highest, top)
                }
                _ => {}
            }
        }
    }
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if has_raw_html { sanitise(&html) } else { html }
}

/// Plain text to HTML-safe text with glossary markers (for one-line fields).
pub fn text(source: &str, terms: &Terms) -> String {
    let escaped = escape(source);
    if terms.is_empty() {
        escaped
    } else {
        terms.mark(&escaped)
    }
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    // Writing into a String cannot fail.
    let _ = escape_into(&mut out, s);
    out
}

/// Writes text escaped for HTML (`& < > " '`), copying runs that need nothing.
pub fn escape_into<W: std::fmt::Write>(out: &mut W, s: &str) -> std::fmt::Result {
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
        let mut out = format!("{ROOT_MARK}{path}");
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
        render(s, 2, &Terms::default())
    }

    #[test]
    fn renders_commonmark_with_shifted_headings() {
        let html = md("# Title\n\nSome **bold** text.\n\n- a\n- b\n");
        assert!(html.contains("<h2>Title</h2>"), "{html}");
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains("<li>a</li>"));
        assert!(
            render("## Sub\n\n### Subsub", 3, &Terms::default())
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
        let html = md("[Police](/agencies/northshire-police/)");
        let terms = Terms::default();
        let linked =
            super::super::glossary_links::Linker { terms: &terms }.finish(&html, None, "../../");
        assert!(
            linked.contains("href=\"../../agencies/northshire-police/index.html\""),
            "{html} gave {linked}"
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
