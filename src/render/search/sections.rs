//! Long free pages as search records: the page itself, and one record per
//! `h2` section of a long page, linking to its heading with a text fragment;
//! and the agreements', meetings' and pathways' records, as pages.

use super::super::directory::Directory;
use super::records::{Record, SECTION_PAGE_WORDS, W_ABBR, W_BODY, W_HEADING, W_TEAM, W_TITLE};
use super::text::{snippet, strip_html};

/// An agreement's, meeting's or pathway's purpose (see `kinds::SearchText`):
/// below a route's purpose, so that a word of its title said again there does
/// not add to the title's weight (an agreement named after a meeting is not
/// the meeting), above what it answers besides.
const W_KIND_PURPOSE: u8 = 4;
/// What an agreement, meeting or pathway answers besides its purpose.
const W_ANSWERS: u8 = 3;

/// The agreements', meetings' and pathways' records (`render/kinds/`), by
/// their fields, each with its kind as its group.
pub(super) fn kind_records(dir: &Directory) -> Vec<Record> {
    let mut out = Vec::new();
    for k in crate::render::kinds::search_texts(dir) {
        let mut r = Record::new(5, k.title.clone(), k.url, snippet(&k.summary));
        r.fields = vec![
            (k.title, W_TITLE),
            (k.purpose, W_KIND_PURPOSE),
            (k.body, W_BODY),
        ];
        r.fields
            .extend(k.answers.into_iter().map(|a| (a, W_ANSWERS)));
        r.fields
            .extend(k.abbreviations.into_iter().map(|a| (a, W_ABBR)));
        // Who takes part is named, not what the record is about: a team's
        // own name should find its agency before an agreement it signed.
        r.fields.extend(k.names.into_iter().map(|n| (n, W_BODY)));
        r.group = Some(k.kind);
        out.push(r);
    }
    out
}

/// A page's record, and one per `h2` section when the page is long: the page
/// itself keeps its title and opening; a section links to its
/// heading with a text fragment (`#:~:text=`), which browsers scroll to.
pub(super) fn page_records(title: &str, url: &str, html: &str) -> Vec<Record> {
    let text = strip_html(html);
    let mut page = Record::new(5, title.to_owned(), url.to_owned(), snippet(&text));
    let sections = sections(html);
    if sections.is_empty() || text.split_whitespace().count() <= SECTION_PAGE_WORDS {
        page.fields = vec![(title.to_owned(), W_TITLE), (text, W_BODY)];
        return vec![page];
    }
    let intro = html.find("<h2").map_or(html, |i| &html[..i]);
    page.fields = vec![(title.to_owned(), W_TITLE), (strip_html(intro), W_BODY)];
    let mut out = vec![page];
    for (heading, body) in sections {
        let body_text = strip_html(&body);
        let mut r = Record::new(
            5,
            format!("{title} › {heading}"),
            format!("{url}#:~:text={}", fragment(&heading)),
            snippet(&body_text),
        );
        // The page's title says what the section is about ("What to include"
        // in "Making a good referral"), nearly as much as its heading.
        r.fields = vec![
            (heading, W_HEADING),
            (title.to_owned(), W_TEAM),
            (body_text, W_BODY),
        ];
        out.push(r);
    }
    out
}

/// The `h2` sections of a page's HTML: (heading text, HTML up to the next `h2`).
fn sections(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<h2") {
        let after = &rest[start..];
        let Some(close) = after.find("</h2>") else {
            break;
        };
        let heading = strip_html(&after[..close]);
        let heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
        let body_from = &after[close + 5..];
        let end = body_from.find("<h2").unwrap_or(body_from.len());
        if !heading.is_empty() {
            out.push((heading, body_from[..end].to_owned()));
        }
        rest = &body_from[end..];
    }
    out
}

/// Text for a `#:~:text=` fragment: everything but letters and digits
/// percent-encoded (`-`, `,` and `&` have meanings there).
fn fragment(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_pages_are_searchable_by_section() {
        let filler = "word ".repeat(300);
        let html = format!(
            "<p>Intro.</p><h2>First, part</h2><p>{filler}</p><h2>Second &amp; last</h2><p>Night shift.</p>"
        );
        let recs = page_records("Guide", "guide/index.html", &html);
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1].title, "Guide › First, part");
        assert_eq!(recs[1].url, "guide/index.html#:~:text=First%2C%20part");
        assert_eq!(recs[2].title, "Guide › Second & last");
        assert!(
            recs[2]
                .fields
                .iter()
                .any(|(t, _)| t.contains("Night shift"))
        );
        // A short page stays one record.
        assert_eq!(
            page_records("Short", "s/index.html", "<h2>A</h2><p>b</p>").len(),
            1
        );
    }
}
