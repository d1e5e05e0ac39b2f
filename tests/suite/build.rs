//! `joinedup build` as people meet it: the example site's pages say what they
//! must, every link resolves, public builds leak nothing, builds are
//! reproducible, and the output folder is handled safely.

use crate::common;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::{Site, build, build_ok, example, files};

fn built_example(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(&example(), &out, extra);
    (tmp, out)
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Collapses tags and white space, so that assertions read like the page.
fn text_of(html: &str) -> String {
    let tags = regex::Regex::new(r"<[^>]*>").expect("regex");
    let spaces = regex::Regex::new(r"\s+").expect("regex");
    spaces
        .replace_all(&tags.replace_all(html, " "), " ")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[test]
fn the_build_reports_its_search_budgets() {
    let tmp = tempfile::tempdir().expect("tmp");
    let run = build(&example(), &tmp.path().join("site"), &[]);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("search index: ") && stdout.contains("bytes per record"),
        "{stdout}"
    );
    assert!(
        !String::from_utf8_lossy(&run.stderr).contains("search-budget"),
        "the example keeps within the search budgets"
    );
    for f in [
        "search/index/manifest.js",
        "search/index/shard-0.js",
        "search/index/records-0.js",
        "assets/search.js",
        "assets/search-words.js",
    ] {
        assert!(tmp.path().join("site").join(f).is_file(), "{f}");
    }
}

#[test]
fn an_agency_page_says_its_other_names() {
    // `aka:` (contract, additions version 2) is accepted, and the page says it once.
    let (_tmp, out) = built_example(&[]);
    let page = text_of(&read(&out, "agencies/kingsmouth-hospitals/index.html"));
    assert_eq!(
        page.matches("Also known as Kingsmouth General Hospital, KGH")
            .count(),
        1,
        "{page}"
    );
    assert!(!read(&out, "agencies/northshire-police/index.html").contains("Also known as"));
}

#[test]
fn every_page_of_the_spec_is_written() {
    let (_tmp, out) = built_example(&[]);
    for rel in [
        "index.html",
        "agencies/index.html",
        "agencies/northshire-police/index.html",
        "topics/index.html",
        "topics/child-safeguarding/index.html",
        "who-does-what/index.html",
        "contacts/index.html",
        "glossary/index.html",
        "shadowing/index.html",
        "shadowing/ppu-observation-day/index.html",
        "shadowing/calendar.ics",
        "induction/index.html",
        "welcome/index.html",
        "accessibility/index.html",
        "pages/index.html",
        "search/index.html",
        "report/index.html",
        "data/directory.json",
        "data/agencies.csv",
        "data/contacts.csv",
        "data/glossary.csv",
        "404.html",
        "sitemap.xml",
        "assets/style.css",
        "assets/site.js",
    ] {
        assert!(out.join(rel).is_file(), "{rel} is missing");
    }
}

#[test]
fn every_page_has_a_meta_description() {
    let (_tmp, out) = built_example(&[]);
    let meta = regex::Regex::new(r#"<meta name="description" content="([^"]*)">"#).expect("regex");
    let mut pages = 0;
    for (rel, bytes) in files(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(&bytes);
        let found: Vec<_> = meta.captures_iter(&html).collect();
        assert_eq!(found.len(), 1, "{rel}: one meta description");
        assert!(found[0][1].trim().len() > 10, "{rel}: {:?}", &found[0][1]);
    }
    assert!(pages > 50, "{pages} pages");
    // A need's is its description's first sentence; an agency's its summary.
    let need = read(&out, "topics/child-safeguarding/index.html");
    assert!(
        need.contains(r#"<meta name="description" content="Concerns that a child is suffering, or is likely to suffer, significant harm: physical, emotional or sexual abuse, or neglect.">"#),
        "{need}"
    );
    assert!(
        read(&out, "agencies/northshire-police/index.html")
            .contains(r#"<meta name="description" content="Keeps people safe"#)
    );
}

#[test]
fn need_pages_lead_with_routes_by_urgency_then_the_leads() {
    let (_tmp, out) = built_example(&[]);
    let page = read(&out, "topics/domestic-abuse/index.html");
    let routes = page.find("id=\"need-routes\"").expect("routes");
    let who = page.find("id=\"who-heading\"").expect("who does what");
    assert!(routes < who, "the routes come before who does what");
    let order: Vec<&str> = page
        .split("<a class=\"purpose\" href=\"../../agencies/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(order[0], "northshire-police/index.html#route-emergency");
    // The lead charity's 24-hour helpline before a school's line.
    assert_eq!(
        order[1],
        "safe-harbour-northshire/index.html#route-helpline"
    );
    let school = order
        .iter()
        .position(|r| r.starts_with("kingsmouth-academy/"));
    assert!(school.is_some_and(|i| i > 3), "{order:?}");
    // A parent need gathers its narrower needs' routes and roles.
    let parent = read(&out, "topics/safeguarding/index.html");
    assert!(parent.matches("<li class=\"route").count() >= 20);
    assert!(!parent.contains("No contact routes"));
    assert!(text_of(&parent).contains("(for: Domestic abuse"));
}

#[test]
fn the_matrix_heads_no_two_columns_alike_and_lists_need_by_need_naming_agencies_once() {
    let (_tmp, out) = built_example(&[]);
    let matrix = read(&out, "who-does-what/index.html");
    let th = regex::Regex::new(r#"<th scope="col">(.*?)</th>"#).expect("regex");
    let heads: Vec<String> = th
        .captures_iter(&matrix)
        .map(|c| text_of(&c[1]).trim().to_owned())
        .collect();
    assert!(heads.len() > 20, "{heads:?}");
    let unique: BTreeSet<&String> = heads.iter().collect();
    assert_eq!(
        unique.len(),
        heads.len(),
        "two columns headed alike: {heads:?}"
    );
    assert!(!heads.contains(&"PCN".to_owned()), "{heads:?}");
    // Every abbreviation in the table is in the legend, readable on a phone.
    assert!(text_of(&matrix).contains("Abbreviations in the table"));
    // Need by need, each agency once in each list.
    let list = matrix
        .split("class=\"per-topic\"")
        .nth(1)
        .expect("need by need");
    let dd = regex::Regex::new(r"<dd>(.*?)</dd>").expect("regex");
    for c in dd.captures_iter(list) {
        for part in text_of(&c[1]).split(". ") {
            let names: Vec<&str> = part
                .split_once(": ")
                .map_or("", |(_, n)| n)
                .trim_end_matches('.')
                .split(", ")
                .collect();
            let once: BTreeSet<&&str> = names.iter().collect();
            assert_eq!(once.len(), names.len(), "{part}");
        }
    }
}

#[test]
fn shadowing_offers_say_who_they_are_open_to_and_filter_by_it() {
    let (_tmp, out) = built_example(&[]);
    let page = read(&out, "shadowing/index.html");
    assert!(page.contains("id=\"filter-open-to\""), "an open-to filter");
    assert!(page.contains("<option value=\"health-visitors\">health visitors</option>"));
    let items = page.matches("<li class=\"open\" data-open-to=\"").count()
        + page.matches("<li class=\"closed\" data-open-to=\"").count();
    assert!(items >= 10, "{items} offers with open-to ids");
    assert!(text_of(&page).contains("Open to: social workers, health visitors"));
}

#[test]
fn pages_say_what_people_need() {
    let (_tmp, out) = built_example(&[]);
    // The topic page names its lead, in the leads section and in the by-area table.
    let topic = text_of(&read(&out, "topics/child-safeguarding/index.html"));
    let leads = topic
        .split("Who leads")
        .nth(1)
        .expect("a Who leads section");
    assert!(leads.contains("Northshire County Council"), "{topic}");
    assert!(
        topic.contains("Kingsmouth Leads Northshire County Council"),
        "the by-area list names the lead: {topic}"
    );
    // The stale notice shows on the stale agency only.
    assert!(
        read(&out, "agencies/kingsmouth-foodbank/index.html")
            .contains("This entry may be out of date")
    );
    assert!(
        !read(&out, "agencies/northshire-police/index.html")
            .contains("This entry may be out of date")
    );
    // A clash shows every meaning side by side, with who uses each.
    let glossary = read(&out, "glossary/index.html");
    let clash = glossary
        .split("id=\"clash-pcn\"")
        .nth(1)
        .expect("a PCN clash")
        .split("class=\"clash\"")
        .next()
        .unwrap_or("");
    let clash = text_of(clash);
    assert!(
        clash.contains("Primary Care Network") && clash.contains("Penalty Charge Notice"),
        "{clash}"
    );
    assert!(clash.contains("Kingsmouth City Council"), "{clash}");
    // The gap is marked on its topic page and in the matrix.
    assert!(read(&out, "topics/self-neglect/index.html").contains("no agency leads on this"));
    assert!(read(&out, "who-does-what/index.html").contains("<table"));
    // Contact routes have real links and their out-of-hours route.
    let police = read(&out, "agencies/northshire-police/index.html");
    assert!(
        police.contains("href=\"tel:999\""),
        "phone numbers are tel: links"
    );
    let council = read(&out, "agencies/northshire-county-council/index.html");
    assert!(
        text_of(&council).contains("When closed"),
        "out-of-hours routes are shown"
    );
    // The council's own out-of-hours team is a link within its page.
    assert!(
        council.contains(
            "<dt>When closed</dt><dd class=\"ooh-to\"><a href=\"#route-emergency-duty-team\">"
        ),
        "an agency's own alternative links within the page"
    );
    assert!(council.contains("id=\"route-emergency-duty-team\""));
    // Need pages and the route finder list their routes.
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/directory.json")).expect("json");
    let routes: usize = json["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .map(|a| a["contacts"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        read(&out, "contacts/index.html")
            .matches("<li class=\"route")
            .count(),
        routes
    );
    let homeless = read(&out, "topics/homelessness/index.html");
    assert!(
        homeless.matches("<li class=\"route").count() >= 3,
        "the need page lists its routes"
    );
    assert!(
        homeless.contains("href=\"../../agencies/"),
        "route links are relative to the page"
    );
    // The report lists every finding with its file and line.
    let report = text_of(&read(&out, "report/index.html"));
    assert!(
        report.contains("agencies/moorland-housing.yaml:90:17"),
        "{report}"
    );
    assert!(report.contains("0 errors and 13 warnings"), "{report}");
}

#[test]
fn glossary_terms_are_linked_once_per_page_never_in_headings_or_links() {
    let (_tmp, out) = built_example(&[]);
    let heading = regex::Regex::new(r"(?s)<h[1-6][^>]*>(.*?)</h[1-6]>").expect("regex");
    for (rel, bytes) in files(&out).iter().filter(|(r, _)| r.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            !html.contains('\u{E000}') && !html.contains('\u{E002}') && !html.contains('\u{E003}'),
            "{rel} has a leftover marker"
        );
        let targets: Vec<&str> = html
            .match_indices("class=\"term\" href=\"")
            .map(|(i, _)| {
                let rest = &html[i + 19..];
                &rest[..rest.find('"').unwrap_or(0)]
            })
            .collect();
        let unique: BTreeSet<&&str> = targets.iter().collect();
        assert_eq!(
            unique.len(),
            targets.len(),
            "{rel} links a glossary entry twice"
        );
        for h in heading.captures_iter(&html) {
            assert!(
                !h[1].contains("class=\"term\""),
                "{rel}: glossary link in a heading: {}",
                &h[1]
            );
        }
    }
    // The police page prefers nothing special; the council's PCN meaning wins on its page.
    let city = read(&out, "agencies/kingsmouth-city-council/index.html");
    if city.contains(">PCN</abbr>") {
        assert!(
            city.contains("#pcn-penalty-charge-notice"),
            "the council's own meaning of PCN wins"
        );
    }
}

#[test]
fn every_local_link_and_anchor_resolves() {
    let (_tmp, out) = built_example(&[]);
    let checked = common::assert_links_resolve(&out);
    assert!(checked > 1000, "only {checked} links checked");
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, out_a) = built_example(&[]);
    let (_b, out_b) = built_example(&[]);
    let a = files(&out_a);
    let b = files(&out_b);
    assert_eq!(a.len(), b.len());
    for ((pa, ba), (pb, bb)) in a.iter().zip(&b) {
        assert_eq!(pa, pb);
        assert!(ba == bb, "{pa} differs between two builds");
    }
}

#[test]
fn a_public_build_holds_nothing_internal_anywhere() {
    let site = Site::fixture("internal");
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("pub");
    build_ok(
        site.path(),
        &out,
        &["--public", "--base-url", "https://example.org/dir/"],
    );
    let all = files(&out);
    assert!(all.iter().any(|(p, _)| p == "sitemap.xml"));
    assert!(
        !all.iter().any(|(p, _)| p.starts_with("report/")),
        "no report in a public build"
    );
    for (rel, bytes) in &all {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        for marker in [
            "internal-marker",
            "960999",
            "secret-page",
            "secret-offer",
            "hidden-agency/",
            "agencies/hidden-agency",
        ] {
            assert!(!text.contains(marker), "{rel} contains `{marker}`");
        }
    }
    // Not even the id of an internal agency that a public one refers people to.
    for data in [
        "data/directory.json",
        "data/agencies.csv",
        "data/contacts.csv",
    ] {
        let text = fs::read_to_string(out.join(data)).expect("data");
        assert!(
            !text.contains("hidden-agency"),
            "{data} names hidden-agency"
        );
    }
    // The public route that points at an internal one says so without details.
    let page = fs::read_to_string(out.join("agencies/open-council/index.html")).expect("page");
    assert!(
        page.contains("a route listed in the internal directory"),
        "{page}"
    );
    assert!(
        page.contains("a service listed in the internal directory"),
        "{page}"
    );
    // The ordinary build has it all.
    let full = tmp.path().join("full");
    assert_eq!(build(site.path(), &full, &[]).status.code(), Some(0));
    assert!(
        fs::read_to_string(full.join("agencies/open-council/index.html"))
            .expect("page")
            .contains("INTERNAL-MARKER-ROUTE")
    );
    assert!(full.join("secret-page/index.html").is_file());
}

const PAYLOADS: &[&str] = &[
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert('xss')>",
    "[click](javascript:alert('xss'))",
    "<a href=\"javascript:alert('xss')\">x</a>",
    "\"><svg onload=alert('xss')>",
    "</script><script>alert('xss')</script>",
];

#[test]
fn script_injection_in_every_field_comes_out_inert() {
    let site = Site::minimal();
    let evil = PAYLOADS.join(" ");
    let quoted = serde_json::to_string(&evil).expect("json");
    // Every free-text field of every kind of record.
    let a = "agencies/alpha-council.yaml";
    site.edit(a, "name: Alpha Council", &format!("name: {quoted}"));
    site.edit(
        a,
        "summary: Runs social care and housing across the area.",
        &format!("summary: {quoted}\ndescription: {quoted}"),
    );
    site.edit(
        a,
        "    name: Multi-Agency Safeguarding Hub",
        &format!("    name: {quoted}\n    description: {quoted}"),
    );
    site.edit(
        a,
        "    summary: The front door for concerns about children.",
        &format!("    summary: {quoted}"),
    );
    site.edit(
        a,
        "      detail: Leads section 47 enquiries.",
        &format!("      detail: {quoted}"),
    );
    site.edit(
        a,
        "      detail: We do not investigate crimes.",
        &format!("      detail: {quoted}"),
    );
    site.edit(
        a,
        "    purpose: Talk through a concern about a child",
        &format!("    purpose: {quoted}\n    notes: {quoted}\n    response: {quoted}"),
    );
    site.edit(
        a,
        "  owner: Communications Team",
        &format!("  owner: {quoted}"),
    );
    site.edit(
        "topics.yaml",
        "  description: Someone may be at risk.",
        &format!("  description: {quoted}\n  aka: [{quoted}]"),
    );
    site.edit(
        "topics.yaml",
        "  name: Someone may lose their home",
        &format!("  name: {quoted}"),
    );
    site.edit(
        "glossary/terms.yaml",
        "  definition: Police detectives who investigate abuse.",
        &format!("  definition: {quoted}\n  aka: [{quoted}]"),
    );
    site.edit(
        "glossary/terms.yaml",
        "- term: Public Protection Unit",
        &format!("- term: {quoted}\n  id: ppu"),
    );
    site.edit(
        "shadowing/offers.yaml",
        "  title: A day with the Public Protection Unit",
        &format!("  title: {quoted}\n  location: {quoted}"),
    );
    site.edit(
        "shadowing/offers.yaml",
        "  duration: 1 day",
        &format!("  duration: {quoted}"),
    );
    site.edit(
        "shadowing/offers.yaml",
        "  description: See how abuse is investigated.",
        &format!("  description: {quoted}"),
    );
    site.edit(
        "shadowing/offers.yaml",
        "  open_to: [social workers, teachers]",
        &format!("  open_to: [{quoted}]"),
    );
    site.edit(
        "site.yaml",
        "title: Test Partnership",
        &format!("title: {quoted}"),
    );
    site.edit(
        "site.yaml",
        "    name: North",
        &format!("    name: {quoted}"),
    );
    site.write(
        "pages/welcome.md",
        &format!("---\ntitle: {quoted}\ninduction: 1\n---\n{evil}\n\n# {evil}\n"),
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    let mut seen_payload_text = false;
    let tag = regex::Regex::new(r"<[a-z][^<>]*>").expect("regex");
    let attr = regex::Regex::new(r#"\s([a-z-]+)="([^"]*)""#).expect("regex");
    let handler = regex::Regex::new(r"\son[a-z]+").expect("regex");
    for (rel, bytes) in files(&out) {
        if rel.starts_with("assets/") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        if rel.ends_with(".html") {
            // Our own script tags only: the theme's site.js and the search data block.
            let scripts = text.matches("<script").count();
            // (and the 404 page's script that finds the site's root)
            let ours = text.matches("<script src=").count()
                + text
                    .matches("<script>\n(function () {\n  var base = ")
                    .count()
                + text
                    .matches("<script id=\"search-data\" type=\"application/json\">")
                    .count();
            assert_eq!(scripts, ours, "{rel} has a script tag from the content");
            // Inside real tags (escaped text has no `<`): no handlers, no script URLs.
            for t in tag.find_iter(&text) {
                let t = t.as_str();
                let names_only = attr.replace_all(t, " $1");
                assert!(
                    !handler.is_match(&names_only),
                    "{rel} has an event handler: {t}"
                );
                for a in attr.captures_iter(t) {
                    if matches!(&a[1], "href" | "src" | "action") {
                        assert!(
                            !a[2].trim_start().starts_with("javascript:"),
                            "{rel} has a script URL: {t}"
                        );
                    }
                }
                assert!(
                    !t.starts_with("<svg")
                        && !t.starts_with("<img src=x")
                        && !t.starts_with("<iframe"),
                    "{rel} has a live tag: {t}"
                );
            }
            seen_payload_text |=
                text.contains("alert(&#39;xss&#39;)") || text.contains("alert('xss')");
        }
    }
    assert!(
        seen_payload_text,
        "the payload should appear as harmless text somewhere"
    );
}

#[test]
fn the_output_folder_is_handled_safely() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    // A folder with someone's files is refused and left as it was.
    let theirs = tmp.path().join("theirs");
    fs::create_dir_all(&theirs).expect("mkdir");
    fs::write(theirs.join("notes.txt"), "mine").expect("write");
    let run = build(site.path(), &theirs, &[]);
    assert_eq!(run.status.code(), Some(2), "a usage error");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("was not made by joinedup"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        fs::read_to_string(theirs.join("notes.txt")).expect("kept"),
        "mine"
    );
    assert_eq!(fs::read_dir(&theirs).expect("dir").count(), 1);
    // The content folder itself, or a folder around it, is refused.
    for bad in [site.path().to_path_buf(), site.path().join("agencies")] {
        let run = build(site.path(), &bad, &[]);
        assert_eq!(run.status.code(), Some(2), "{}", bad.display());
        assert!(String::from_utf8_lossy(&run.stderr).contains("content folder"));
    }
    assert!(site.path().join("agencies/alpha-council.yaml").is_file());
    // A site joinedup made is replaced; stray files from the old build go.
    let out = tmp.path().join("out");
    assert_eq!(build(site.path(), &out, &[]).status.code(), Some(0));
    assert!(out.join(".joinedup-site").is_file());
    fs::write(out.join("stale.html"), "old").expect("write");
    assert_eq!(build(site.path(), &out, &[]).status.code(), Some(0));
    assert!(!out.join("stale.html").exists());
    // A build with errors leaves the last good site in place, untouched.
    let before = files(&out);
    site.edit("agencies/alpha-council.yaml", "remit:", "remmit:");
    let run = build(site.path(), &out, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("unknown key `remmit`"));
    assert_eq!(files(&out), before);
    // No staging folders are left behind.
    let leftovers: Vec<String> = fs::read_dir(tmp.path())
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("joinedup"))
        .collect();
    // Only the output's lock file (empty, kept so that builds take turns) stays.
    assert_eq!(leftovers, [".out.joinedup-lock"], "{leftovers:?}");
}

#[test]
fn a_site_theme_overrides_one_template_and_falls_back_for_the_rest() {
    let site = Site::minimal();
    let theme = site.path().parent().expect("parent").join("themes/plain");
    fs::create_dir_all(theme.join("templates")).expect("mkdir");
    fs::create_dir_all(theme.join("static")).expect("mkdir");
    fs::write(
        theme.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>Lost? OVERRIDDEN</h1>{% endblock %}",
    )
    .expect("write");
    fs::write(theme.join("static/extra.css"), "body{}").expect("write");
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    let run = build(
        site.path(),
        &out,
        &["--theme", theme.to_str().expect("utf-8")],
    );
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        fs::read_to_string(out.join("404.html"))
            .expect("404")
            .contains("OVERRIDDEN")
    );
    assert!(
        fs::read_to_string(out.join("index.html"))
            .expect("home")
            .contains("skip-link")
    );
    assert!(out.join("assets/extra.css").is_file() && out.join("assets/style.css").is_file());
    let _ = fs::remove_dir_all(site.path().parent().expect("parent").join("themes"));
    // A broken template is reported with its name and line.
    let theme2 = tmp.path().join("broken");
    fs::create_dir_all(theme2.join("templates")).expect("mkdir");
    fs::write(
        theme2.join("templates/page.html"),
        "{% extends \"base.html\" %}\n{% block main %}{{ oops( }}{% endblock %}",
    )
    .expect("write");
    let run = build(
        site.path(),
        &tmp.path().join("site2"),
        &["--theme", theme2.to_str().expect("utf-8")],
    );
    assert_eq!(
        run.status.code(),
        Some(2),
        "a theme that cannot be used: usage"
    );
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("page.html") && err.contains("line 2"), "{err}");
    // An unknown theme name says where it looked.
    let run = build(
        site.path(),
        &tmp.path().join("site3"),
        &["--theme", "nosuch"],
    );
    assert_eq!(run.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&run.stderr).contains("no theme `nosuch`"));
}

#[test]
fn the_calendar_is_valid_icalendar() {
    let (_tmp, out) = built_example(&[]);
    let ics = read(&out, "shadowing/calendar.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
        assert!(!line.contains('\n'));
    }
    assert_eq!(
        ics.matches("BEGIN:VEVENT").count(),
        ics.matches("END:VEVENT").count()
    );
    // One event per dated offer date.
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/directory.json")).expect("json");
    let dates: usize = json["offers"]
        .as_array()
        .expect("offers")
        .iter()
        .map(|o| o["dates"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), dates);
    for key in [
        "VERSION:2.0",
        "PRODID:",
        "DTSTAMP:20261121T000000Z",
        "DTSTART;VALUE=DATE:",
        "UID:",
    ] {
        assert!(ics.contains(key), "{key}");
    }
}

#[test]
fn csv_exports_are_rfc4180_with_headers() {
    let (_tmp, out) = built_example(&[]);
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/directory.json")).expect("json");
    let agencies = json["agencies"].as_array().expect("agencies");
    let routes: usize = agencies
        .iter()
        .map(|a| a["contacts"].as_array().map_or(0, Vec::len))
        .sum();
    for (file, header, rows) in [
        ("data/agencies.csv", "id", agencies.len()),
        ("data/contacts.csv", "agency_id", routes),
        (
            "data/glossary.csv",
            "id",
            json["glossary"].as_array().map_or(0, Vec::len),
        ),
    ] {
        let text = read(&out, file);
        assert!(text.contains("\r\n"), "{file}: CRLF line ends");
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or_else(|| panic!("{file}: no UTF-8 byte-order mark for Excel"));
        let mut r = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        assert_eq!(&r.headers().expect("header")[0], header);
        let records: Vec<csv::StringRecord> =
            r.records().map(|x| x.expect("valid CSV record")).collect();
        let n = records.len();
        assert_eq!(n, rows, "{file}");
    }
    assert_eq!(json["schema_version"], 3);
}

#[test]
fn base_url_is_used_only_for_the_sitemap() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("a");
    assert_eq!(build(site.path(), &out, &[]).status.code(), Some(0));
    assert!(
        !out.join("sitemap.xml").exists(),
        "no sitemap without a base URL"
    );
    assert_eq!(
        build(
            site.path(),
            &out,
            &["--base-url", "https://intranet.example.org/dir"]
        )
        .status
        .code(),
        Some(0)
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(
        sitemap.contains("<loc>https://intranet.example.org/dir/agencies/alpha-council/</loc>"),
        "{sitemap}"
    );
    let home = fs::read_to_string(out.join("index.html")).expect("home");
    assert!(
        !home.contains("intranet.example.org"),
        "pages link relatively"
    );
    let run = build(site.path(), &out, &["--base-url", "intranet.example.org"]);
    assert_eq!(run.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&run.stderr).contains("--base-url"));
}

#[test]
fn directory_json_refers_by_id_and_every_reference_resolves() {
    let (_tmp, out) = built_example(&[]);
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/directory.json")).expect("json");
    let ids = |list: &str| -> std::collections::BTreeSet<String> {
        json[list]
            .as_array()
            .expect(list)
            .iter()
            .filter_map(|x| x["id"].as_str().map(str::to_owned))
            .collect()
    };
    let (agencies, topics, terms, areas) = (
        ids("agencies"),
        ids("topics"),
        ids("glossary"),
        json["site"]["areas"]
            .as_array()
            .expect("areas")
            .iter()
            .filter_map(|a| a["id"].as_str().map(str::to_owned))
            .collect::<std::collections::BTreeSet<String>>(),
    );
    // A route's key is its agency's id, a slash and its own id.
    let routes: std::collections::BTreeSet<String> = json["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .flat_map(|a| {
            let agency = a["id"].as_str().unwrap_or_default().to_owned();
            let contacts = a["contacts"].as_array().cloned().unwrap_or_default();
            contacts
                .into_iter()
                .filter_map(move |c| c["id"].as_str().map(|id| format!("{agency}/{id}")))
        })
        .collect();
    let strs = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut checked = 0;
    for a in json["agencies"].as_array().expect("agencies") {
        assert!(strs(&a["areas"]).iter().all(|x| areas.contains(x)));
        // Teams are named by id, one of the agency's own.
        let teams: Vec<&serde_json::Value> = a["teams"]
            .as_array()
            .expect("teams")
            .iter()
            .map(|t| &t["id"])
            .collect();
        let entries = a["does"].as_array().expect("does").iter();
        for team in entries
            .chain(a["contacts"].as_array().expect("contacts"))
            .map(|x| &x["team"])
            .filter(|t| !t.is_null())
        {
            assert!(teams.contains(&team), "{team} in {}", a["id"]);
            checked += 1;
        }
        assert!(strs(&a["terms"]).iter().all(|x| terms.contains(x)));
        for d in a["does"].as_array().expect("does") {
            assert!(
                topics.contains(d["topic"].as_str().expect("topic id")),
                "{d}"
            );
            checked += 1;
        }
        for d in a["does_not"].as_array().expect("does_not") {
            if let Some(to) = d["refer_to"].as_str() {
                let agency = to.split('/').next().unwrap_or(to);
                assert!(agencies.contains(agency), "{to}");
                checked += 1;
            }
        }
        for c in a["contacts"].as_array().expect("contacts") {
            assert!(strs(&c["topics"]).iter().all(|x| topics.contains(x)), "{c}");
            if let Some(key) = c["out_of_hours"].as_str() {
                assert!(routes.contains(key), "{key}");
                checked += 1;
            }
        }
    }
    for t in json["glossary"].as_array().expect("glossary") {
        assert!(
            strs(&t["used_by"]).iter().all(|x| agencies.contains(x)),
            "{t}"
        );
    }
    assert!(checked > 100, "{checked} references checked");
}
