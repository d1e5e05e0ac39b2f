//! Agreements, meetings and pathways in the built site: their pages, the
//! lists on agency and need pages, the flowchart's geometry as written into
//! the page, the JSON export, and a public build that names nothing internal.

use crate::common;

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

/// A box of the flowchart as written in the page: x, y, width, height.
fn boxes(svg: &str) -> Vec<(f64, f64, f64, f64)> {
    let re = regex::Regex::new(
        r#"<rect class="step-box[^"]*" x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)""#,
    )
    .expect("regex");
    re.captures_iter(svg)
        .map(|c| {
            let n = |i: usize| c[i].parse::<f64>().expect("number");
            (n(1), n(2), n(3), n(4))
        })
        .collect()
}

#[test]
fn every_pathway_page_has_numbered_steps_and_a_flowchart_with_no_overlaps() {
    let (_tmp, out) = built_example(&[]);
    let index = read(&out, "pathways/index.html");
    for id in [
        "child-protection-enquiry",
        "hospital-discharge",
        "homelessness-duty-to-refer",
        "escalation-professional-disagreements",
    ] {
        assert!(index.contains(&format!("pathways/{id}/index.html")), "{id}");
        let page = read(&out, &format!("pathways/{id}/index.html"));
        let steps = page.matches("class=\"step\"").count();
        assert!(steps >= 5, "{id}: {steps} steps");
        // The steps come first; the chart after them, as an image with words.
        let first_step = page.find("class=\"step\"").expect("step");
        let svg_at = page.find("<svg").expect("svg");
        assert!(first_step < svg_at, "{id}: steps before the flowchart");
        assert!(
            page.contains(r#"<svg role="img" aria-labelledby="flowchart-title flowchart-desc""#)
        );
        assert!(
            page.contains("<desc id=\"flowchart-desc\">Flowchart of the"),
            "{id}"
        );
        let svg_end = page[svg_at..].find("</svg>").expect("svg end") + svg_at;
        assert!(
            !page[svg_at..svg_end].contains("<script"),
            "{id}: no script in the chart"
        );
        let b = boxes(&page);
        assert_eq!(b.len(), steps, "{id}: one box per step");
        for (i, p) in b.iter().enumerate() {
            for q in &b[i + 1..] {
                let apart =
                    p.0 + p.2 <= q.0 || q.0 + q.2 <= p.0 || p.1 + p.3 <= q.1 || q.1 + q.3 <= p.1;
                assert!(apart, "{id}: boxes {p:?} and {q:?} overlap");
            }
        }
    }
    // Branches with their conditions, timescales and a route card.
    let page = read(&out, "pathways/child-protection-enquiry/index.html");
    assert!(page.contains("There is reasonable cause to suspect"));
    assert!(
        page.contains(
            "go to <a href=\"#step-strategy-discussion\">step 3, Strategy discussion</a>"
        )
    );
    assert!(page.contains("1 working day"));
    assert!(
        page.contains("tel:01632960300") || page.contains("tel:+441632960300"),
        "the police desk's card"
    );
}

#[test]
fn agreement_and_meeting_pages_say_who_what_and_how() {
    let (_tmp, out) = built_example(&[]);
    let index = read(&out, "agreements/index.html");
    let isa = index
        .find("Information-sharing agreements")
        .expect("kind heading");
    let protocols = index.find("Protocols").expect("protocols");
    assert!(isa < protocols, "kinds in the spec's order");
    assert!(index.contains("Who has an agreement with whom"));
    let page = read(&out, "agreements/northshire-safeguarding-isa/index.html");
    for words in [
        "Lawful basis",
        "Article 6(1)(e)",
        "What may be shared",
        "chronologies",
        "By secure email",
        "Read the agreement",
        "agencies/northshire-police/index.html",
    ] {
        assert!(page.contains(words), "agreement page lacks {words}");
    }
    let marac = read(&out, "meetings/marac/index.html");
    for words in [
        "How to refer a case",
        "Which cases come here",
        "DASH",
        "Every two weeks",
        "Public Protection Unit",
    ] {
        assert!(marac.contains(words), "MARAC page lacks {words}");
    }
    // The referral route's card comes before the rest.
    assert!(marac.find("How to refer a case") < marac.find("Which cases come here"));
}

#[test]
fn agency_and_need_pages_list_what_concerns_them() {
    let (_tmp, out) = built_example(&[]);
    let police = read(&out, "agencies/northshire-police/index.html");
    let together = &police[police.find("id=\"working-together\"").expect("section")..];
    assert!(
        together.contains("Meetings and panels we chair"),
        "the police chair MARAC"
    );
    assert!(together.contains("meetings/marac/index.html"));
    assert!(together.contains("agreements/northshire-safeguarding-isa/index.html"));
    let probation = read(&out, "agencies/northshire-probation/index.html");
    assert!(probation.contains("meetings/mappa/index.html"));
    let child = read(&out, "topics/child-safeguarding/index.html");
    // Linked from the top, listed straight after the routes.
    let at = |needle: &str| child.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let jump = at("href=\"#working-together\"");
    let routes = at("id=\"routes-heading\"");
    let pathways = at("pathways/child-protection-enquiry/index.html");
    let who = at("id=\"who-heading\"");
    assert!(
        jump < routes && routes < pathways && pathways < who,
        "the need page links its pathways near the top"
    );
    // The escalation policy is for safeguarding, the broader need.
    assert!(child.contains("pathways/escalation-professional-disagreements/index.html"));
    assert!(child.contains("meetings/channel-panel/index.html"));
    let da = read(&out, "topics/domestic-abuse/index.html");
    assert!(
        da.contains("meetings/marac/index.html")
            && da.contains("agreements/domestic-abuse-marac-isa/index.html")
    );
}

#[test]
fn the_json_export_holds_the_three_kinds() {
    let (_tmp, out) = built_example(&[]);
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/directory.json")).expect("json");
    assert_eq!(json["agreements"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["meetings"].as_array().map(Vec::len), Some(4));
    let pathways = json["pathways"].as_array().expect("pathways");
    assert_eq!(pathways.len(), 4);
    let cp = pathways
        .iter()
        .find(|p| p["id"] == "child-protection-enquiry")
        .expect("cp");
    let decision = &cp["steps"][1];
    assert_eq!(decision["who"], "northshire-county-council/mash");
    assert_eq!(decision["next"][0]["step"], "strategy-discussion");
    assert!(decision["next"][0]["when"].as_str().is_some());
    // A step with no `next` leads to the following one.
    assert_eq!(cp["steps"][0]["next"][0]["step"], "mash-decision");
    assert_eq!(cp["steps"][0]["anyone"], true);
}

const KINDS_AGREEMENTS: &str = "\
- id: open-agreement
  title: Open agreement
  kind: protocol
  parties: [open-council, hidden-agency, open-council/secret-team]
  topics: [housing]
  purpose: A public agreement with an internal party.
  review: {owner: Comms, last_reviewed: 2026-06-01}
- id: secret-agreement
  title: INTERNAL-MARKER-AGREEMENT
  kind: protocol
  parties: [open-council, hidden-agency]
  purpose: INTERNAL-MARKER-PURPOSE
  review: {owner: Comms, last_reviewed: 2026-06-01}
  visibility: internal
";

const KINDS_MEETINGS: &str = "\
- id: open-panel
  name: Open panel
  purpose: A public panel chaired by an internal agency.
  chair: hidden-agency
  members: [open-council/public-team, open-council/secret-team]
  topics: [housing]
  refer: open-council/secret-line
  review: {owner: Comms, last_reviewed: 2026-06-01}
- id: secret-panel
  name: INTERNAL-MARKER-PANEL
  purpose: Internal.
  chair: open-council
  review: {owner: Comms, last_reviewed: 2026-06-01}
  visibility: internal
";

const KINDS_PATHWAY: &str = "\
id: open-pathway
title: Open pathway
topics: [housing]
summary: A public pathway with internal steps.
steps:
  - id: start
    title: Start
    who: anyone
    do: Begin.
    contact: open-council/secret-line
  - id: hidden
    title: The hidden agency acts
    who: hidden-agency
    do: Acts.
  - id: team
    title: The secret team acts
    who: open-council/secret-team
    do: Acts.
    next: []
review: {owner: Comms, last_reviewed: 2026-06-01}
";

#[test]
fn a_public_build_names_no_internal_agreement_meeting_pathway_or_party() {
    let site = Site::fixture("internal");
    site.write("agreements/a.yaml", KINDS_AGREEMENTS);
    site.write("meetings/m.yaml", KINDS_MEETINGS);
    site.write("pathways/open-pathway.yaml", KINDS_PATHWAY);
    site.write(
        "pathways/secret-pathway.yaml",
        &KINDS_PATHWAY
            .replace("id: open-pathway", "id: secret-pathway")
            .replace("title: Open pathway", "title: INTERNAL-MARKER-PATHWAY")
            .replace("review:", "visibility: internal\nreview:"),
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("pub");
    build_ok(
        site.path(),
        &out,
        &["--public", "--base-url", "https://example.org/dir/"],
    );
    for (rel, bytes) in files(&out) {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for marker in [
            "internal-marker",
            "960999",
            "secret-agreement",
            "secret-panel",
            "secret-pathway",
            "secret-team",
            "secret-line",
            "hidden-agency",
        ] {
            assert!(!text.contains(marker), "{rel} contains `{marker}`");
        }
    }
    // The public records are there, and say that a part is in the internal directory.
    let agreement = read(&out, "agreements/open-agreement/index.html");
    assert!(agreement.contains("agencies/open-council/index.html"));
    assert!(
        agreement.contains("2 services listed in the internal directory"),
        "{agreement}"
    );
    let panel = read(&out, "meetings/open-panel/index.html");
    assert!(panel.contains("a service listed in the internal directory"));
    assert!(panel.contains("Contact: a route listed in the internal directory"));
    let pathway = read(&out, "pathways/open-pathway/index.html");
    assert!(pathway.contains("a route listed in the internal directory"));
    assert_eq!(
        pathway
            .matches("a service listed in the internal directory")
            .count(),
        2,
        "two hidden steps' who"
    );
    // The ordinary build has it all.
    let full = tmp.path().join("full");
    assert_eq!(build(site.path(), &full, &[]).status.code(), Some(0));
    assert!(
        full.join("agreements/secret-agreement/index.html")
            .is_file()
    );
    assert!(full.join("pathways/secret-pathway/index.html").is_file());
    assert!(read(&full, "meetings/open-panel/index.html").contains("INTERNAL-MARKER-AGENCY"));
}

#[test]
fn a_content_folder_without_the_new_kinds_builds_their_empty_pages() {
    let site = Site::minimal();
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    for rel in [
        "agreements/index.html",
        "meetings/index.html",
        "pathways/index.html",
    ] {
        assert!(read(&out, rel).contains("listed yet"), "{rel}");
    }
}

#[test]
fn script_in_every_field_of_the_new_kinds_comes_out_inert() {
    let evil = [
        "<script>alert('xss')</script>",
        "<img src=x onerror=alert('xss')>",
        "[click](javascript:alert('xss'))",
        "\"><svg onload=alert('xss')>",
    ]
    .join(" ");
    let q = serde_json::to_string(&evil).expect("json");
    let site = Site::minimal();
    let agreements = include_str!("../fixtures/kinds/agreements.yaml")
        .replace(
            "title: Safeguarding information-sharing agreement",
            &format!("title: {q}"),
        )
        .replace(
            "purpose: Lets the council",
            &format!("purpose: {q}\n  x_purpose: Lets the council"),
        )
        .replace("[referral details, chronologies]", &format!("[{q}]"))
        .replace(
            "lawful_basis: UK GDPR Article 6(1)(e) and Article 9(2)(g)",
            &format!("lawful_basis: {q}"),
        )
        .replace(
            "document: https://intranet.example.org/isa.pdf",
            "document: \"javascript:alert('xss')\"",
        );
    // `x_purpose` is not a key: drop the original purpose's line instead.
    let agreements: String = agreements
        .lines()
        .filter(|l| !l.contains("x_purpose"))
        .map(|l| format!("{l}\n"))
        .collect();
    let meetings = include_str!("../fixtures/kinds/meetings.yaml")
        .replace(
            "name: Strategy meeting",
            &format!("name: {q}\n  abbreviation: {q}"),
        )
        .replace("frequency: As needed", &format!("frequency: {q}"))
        .replace(
            "threshold: A child may be at risk of significant harm.",
            &format!("threshold: {q}"),
        );
    let pathway = include_str!("../fixtures/kinds/child-protection.yaml")
        .replace("title: When a child may be at risk", &format!("title: {q}"))
        .replace(
            "summary: From a worry to a decision.",
            &format!("summary: {q}"),
        )
        .replace("    title: Strategy discussion", &format!("    title: {q}"))
        .replace("    within: 1 working day", &format!("    within: {q}"))
        .replace("        when: It is not", &format!("        when: {q}"))
        .replace(
            "    do: Decides what happens next.",
            &format!("    do: {q}"),
        );
    site.write("agreements/a.yaml", &agreements);
    site.write("meetings/m.yaml", &meetings);
    site.write("pathways/child-protection.yaml", &pathway);
    let r = site.check_json();
    // The javascript: document is refused.
    assert!(
        r.with_code("invalid-value")
            .iter()
            .any(|f| f["file"] == "agreements/a.yaml"),
        "{:#}",
        r.json
    );
    site.write(
        "agreements/a.yaml",
        &agreements.replace("  document: \"javascript:alert('xss')\"\n", ""),
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);
    let tag = regex::Regex::new(r"<[a-z][^<>]*>").expect("regex");
    let handler = regex::Regex::new(r"\son[a-z]+\s*=").expect("regex");
    let attr = regex::Regex::new(r#"\s([a-z-]+)="([^"]*)""#).expect("regex");
    let mut pages = 0;
    for (rel, bytes) in files(&out) {
        let kind = ["agreements/", "meetings/", "pathways/"]
            .iter()
            .any(|k| rel.starts_with(k));
        if !kind || !rel.ends_with(".html") {
            continue;
        }
        pages += 1;
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert_eq!(
            text.matches("<script").count(),
            text.matches("<script src=").count(),
            "{rel} has a script tag from the content"
        );
        for t in tag.find_iter(&text) {
            let t = t.as_str();
            // Escaped text inside an attribute's value is not a tag or a handler.
            let outside = attr.replace_all(t, " $1");
            assert!(!handler.is_match(&outside), "{rel}: {t}");
            for c in attr.captures_iter(t) {
                assert!(
                    !(matches!(&c[1], "href" | "src")
                        && c[2].trim_start().starts_with("javascript:")),
                    "{rel}: {t}"
                );
            }
            assert!(
                !t.starts_with("<img") && !t.starts_with("<svg onload"),
                "{rel}: {t}"
            );
        }
    }
    assert!(pages >= 6, "{pages} pages");
    // The words are there, as text.
    let page = read(&out, "pathways/child-protection/index.html");
    assert!(page.contains("&lt;script&gt;"), "the payload shows as text");
}
