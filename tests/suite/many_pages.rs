//! A site with thousands of free pages: every page's footer used to link every
//! free page, so the output grew with the square of their number (2,000 pages
//! made 216 MB). The footer links a few, and `pages/index.html` lists them all.

use crate::common;

use std::fs;

use common::{Site, assert_links_resolve, build_ok, files};

/// The most free pages a footer links to.
const FOOTER_PAGES: usize = 8;

/// The links to free pages (`<root>page-N/index.html`) in a page's footer.
fn footer_page_links(html: &str) -> usize {
    let footer = html
        .split("<footer")
        .nth(1)
        .and_then(|f| f.split("</footer>").next())
        .unwrap_or_else(|| panic!("no footer in {html}"));
    footer.matches("page-").count()
}

#[test]
fn thousands_of_free_pages_grow_the_output_linearly() {
    let site = Site::minimal();
    let count = 2_000;
    for i in 0..count {
        site.write(
            &format!("pages/page-{i:04}.md"),
            &format!("---\ntitle: Free page {i:04}\norder: {i}\n---\nText of page {i}.\n"),
        );
    }
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("site");
    build_ok(site.path(), &dir, &[]);

    let all = files(&dir);
    let html_bytes: usize = all
        .iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(_, b)| b.len())
        .sum();
    // About 6 KB a page; quadratic growth made it 100 KB a page.
    assert!(
        html_bytes < count * 15_000,
        "{count} free pages made {html_bytes} bytes of pages"
    );
    for rel in [
        "page-0000/index.html",
        "page-1999/index.html",
        "agencies/alpha-council/index.html",
        "index.html",
    ] {
        let html = fs::read_to_string(dir.join(rel)).expect("read page");
        let links = footer_page_links(&html);
        assert!(
            links <= FOOTER_PAGES,
            "{rel}: the footer links {links} pages"
        );
        assert!(links > 0, "{rel}: the footer links no free page");
        assert!(
            html.contains("pages/index.html\">All pages"),
            "{rel}: no link to all pages"
        );
    }
    // The first pages by `order` are the ones in the footer.
    let home = fs::read_to_string(dir.join("index.html")).expect("home");
    assert!(home.contains(">Free page 0000<"));
    assert!(!home.contains(">Free page 1999<"));

    let index = fs::read_to_string(dir.join("pages/index.html")).expect("pages index");
    for i in [0, 1, 999, 1999] {
        assert!(
            index.contains(&format!(
                "href=\"../page-{i:04}/index.html\">Free page {i:04}<"
            )),
            "page {i} missing from pages/index.html"
        );
    }
    // Welcome is an induction page; the index lists it too.
    assert!(index.contains("href=\"../welcome/index.html\""));
    assert!(assert_links_resolve(&dir) > count);
}

#[test]
fn a_few_free_pages_are_all_in_the_footer_and_in_the_index() {
    let site = Site::minimal();
    for i in 0..3 {
        site.write(
            &format!("pages/page-{i}.md"),
            &format!("---\ntitle: Free page {i}\n---\nText.\n"),
        );
    }
    let out = tempfile::tempdir().expect("tmp");
    let dir = out.path().join("site");
    build_ok(site.path(), &dir, &[]);
    let html = fs::read_to_string(dir.join("agencies/index.html")).expect("read");
    assert_eq!(footer_page_links(&html), 3);
    let index = fs::read_to_string(dir.join("pages/index.html")).expect("pages index");
    assert!(index.contains("Free page 2"));
    let sitemap_less = !dir.join("sitemap.xml").exists();
    assert!(sitemap_less, "no base_url, no sitemap");
}

#[test]
fn a_page_cannot_take_the_name_of_the_pages_index() {
    let site = Site::minimal();
    site.write("pages/pages.md", "---\ntitle: Pages\n---\nText.\n");
    let report = site.check_json();
    assert_eq!(report.code, Some(1));
    report.at("invalid-id", "pages/pages.md", 1);
}
