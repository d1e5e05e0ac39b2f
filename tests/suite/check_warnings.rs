//! Every warning code of the spec: the build goes on (exit 0), and the finding
//! names the file and line where the editor can act.

use crate::common;

use common::Site;

const ALPHA: &str = "agencies/alpha-council.yaml";
const BETA: &str = "agencies/beta-police.yaml";

#[test]
fn gap_when_nobody_leads_in_an_area() {
    let site = Site::minimal();
    // Housing is led only in the north now.
    site.edit(
        ALPHA,
        "      team: housing-options\n      detail",
        "      team: housing-options\n      areas: [north]\n      detail",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(0), "{:#}", r.json);
    let f = r.at(
        "gap",
        "topics.yaml",
        site.line_of("topics.yaml", "- id: housing"),
    );
    assert_eq!(f["severity"], "warning");
    let m = f["message"].as_str().unwrap_or("");
    assert!(m.contains("South") && !m.contains("North"), "{m}");
}

#[test]
fn a_parent_topic_is_covered_by_its_children_and_covers_them() {
    let site = Site::minimal();
    // Without the police's joint role, safeguarding is still covered through its
    // only child (child-safeguarding, led by the council).
    site.edit(
        BETA,
        "    - topic: safeguarding\n      role: joint",
        "    - topic: safeguarding\n      role: support",
    );
    assert!(site.check_json().with_code("gap").is_empty());
    // A lead on the parent covers the child.
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "    - topic: child-safeguarding\n      role: lead",
        "    - topic: child-safeguarding\n      role: support",
    );
    site.edit(
        BETA,
        "    - topic: child-safeguarding\n      role: joint",
        "    - topic: child-safeguarding\n      role: support",
    );
    assert!(site.check_json().with_code("gap").is_empty());
    // A lead on a child alone does not cover a parent that has another, unled child.
    let site = Site::minimal();
    site.edit(
        BETA,
        "    - topic: safeguarding\n      role: joint",
        "    - topic: safeguarding\n      role: support",
    );
    site.write("topics.yaml", &(site.read("topics.yaml") + "- id: adult-safeguarding\n  name: An adult may be at risk\n  parent: safeguarding\n"));
    let r = site.check_json();
    let gaps: Vec<String> = r
        .with_code("gap")
        .iter()
        .map(|f| f["message"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(gaps.len(), 2, "{gaps:?}");
    assert!(
        gaps.iter().any(|m| m.contains("`safeguarding`")),
        "{gaps:?}"
    );
    assert!(
        gaps.iter().any(|m| m.contains("`adult-safeguarding`")),
        "{gaps:?}"
    );
}

#[test]
fn overlap_when_two_agencies_lead() {
    let site = Site::minimal();
    site.edit(
        BETA,
        "    - topic: child-safeguarding\n      role: joint",
        "    - topic: child-safeguarding\n      role: lead",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(0));
    let f = r.at(
        "overlap",
        BETA,
        site.line_of(BETA, "- topic: child-safeguarding"),
    );
    let m = f["message"].as_str().unwrap_or("");
    assert!(
        m.contains("alpha-council") && m.contains("beta-police") && m.contains("North and South"),
        "{m}"
    );
}

#[test]
fn referral_loop_of_three() {
    let site = Site::minimal();
    site.write(
        "agencies/gamma-charity.yaml",
        "name: Gamma Charity\ntype: voluntary\nsummary: Helps.\nareas: [north]\nremit:\n  does:\n    - topic: housing\n      role: support\n  does_not:\n    - topic: housing\n      refer_to: beta-police\nreview:\n  owner: Trustees\n  last_reviewed: 2026-01-01\n",
    );
    // alpha → gamma, gamma → beta, beta → alpha (already in the fixture).
    site.edit(ALPHA, "    - topic: safeguarding\n      detail: We do not investigate crimes.\n      refer_to: beta-police", "    - topic: housing\n      refer_to: gamma-charity");
    site.edit(BETA, "    - topic: child-safeguarding\n      role: joint", "    - topic: child-safeguarding\n      role: joint\n    - topic: housing\n      role: signpost");
    let r = site.check_json();
    let f = r.only("referral-loop");
    assert_eq!(f["file"], ALPHA);
    assert_eq!(f["line"], site.line_of(ALPHA, "refer_to: gamma-charity"));
    assert_eq!(
        f["message"],
        "referral loop for `housing`: alpha-council → gamma-charity → beta-police → alpha-council"
    );
}

#[test]
fn referral_dead_end() {
    let site = Site::minimal();
    site.edit(ALPHA, "    - topic: safeguarding\n      detail: We do not investigate crimes.\n      refer_to: beta-police", "    - topic: housing\n      refer_to: beta-police/public-protection-unit");
    let r = site.check_json();
    let f = r.at(
        "referral-dead-end",
        ALPHA,
        site.line_of(ALPHA, "refer_to: beta-police/public-protection-unit"),
    );
    assert_eq!(f["column"], 17);
}

#[test]
fn no_out_of_hours() {
    let site = Site::minimal();
    site.edit(ALPHA, "    out_of_hours: emergency-duty-team\n", "");
    let r = site.check_json();
    let f = r.at(
        "no-out-of-hours",
        ALPHA,
        site.line_of(ALPHA, "- id: mash-consultation"),
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("mon-thu 08:45-17:00"),
        "{f:#}"
    );
    // Hours that add up to the whole week need no out-of-hours route.
    site.edit(ALPHA, "      - fri 08:45-16:30", "      - fri 08:45-16:30\n      - mon-thu 17:00-08:45\n      - fri 16:30-08:45\n      - sat,sun 08:45-08:45");
    let r = site.check_json();
    assert!(
        r.with_code("invalid-value")
            .iter()
            .any(|f| f["message"].as_str().unwrap_or("").contains("same time"))
    );
    site.edit(
        ALPHA,
        "      - sat,sun 08:45-08:45",
        "      - sat,sun 00:00-24:00",
    );
    let r = site.check_json();
    // Monday 00:00 to 08:45 is still uncovered.
    assert_eq!(r.with_code("no-out-of-hours").len(), 1, "{:#}", r.json);
    site.edit(
        ALPHA,
        "      - sat,sun 00:00-24:00",
        "      - sat,sun 00:00-24:00\n      - mon 00:00-08:45",
    );
    // The whole week, but closed on bank holidays (the default unless `24/7`).
    let r = site.check_json();
    let f = r.only("no-out-of-hours");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("closed on bank holidays"),
        "{f:#}"
    );
    assert!(
        f["hint"]
            .as_str()
            .unwrap_or("")
            .contains("`bank_holidays: open`"),
        "{f:#}"
    );
    site.edit(
        ALPHA,
        "      - mon 00:00-08:45\n",
        "      - mon 00:00-08:45\n    bank_holidays: open\n",
    );
    let r = site.check_json();
    assert!(r.with_code("no-out-of-hours").is_empty(), "{:#}", r.json);
    // An exception that closes it leaves people nowhere to go on those days.
    site.edit(
        ALPHA,
        "    bank_holidays: open\n",
        "    bank_holidays: open\n    exceptions:\n      - from: 2027-01-04\n        hours: closed\n",
    );
    let r = site.check_json();
    let f = r.only("no-out-of-hours");
    assert!(
        f["message"].as_str().unwrap_or("").contains("2027-01-04"),
        "{f:#}"
    );
}

#[test]
fn stale_by_next_review_or_by_period() {
    let site = Site::minimal();
    let r = site.check_json_on("2027-06-02");
    // Beta's next_review (2027-03-14) and alpha's last_reviewed + 12 months (2027-06-01).
    r.at("stale", BETA, site.line_of(BETA, "next_review"));
    r.at("stale", ALPHA, site.line_of(ALPHA, "last_reviewed"));
    let r = site.check_json_on("2027-06-01");
    assert_eq!(r.with_code("stale").len(), 1, "{:#}", r.json);
}

#[test]
fn glossary_clash() {
    let site = Site::minimal();
    site.write(
        "glossary/council.yaml",
        "- term: Penalty Charge Notice\n  abbreviation: PCN\n  id: pcn-penalty\n  definition: A parking fine.\n  used_by: [alpha-council]\n- term: Primary Care Network\n  abbreviation: PCN\n  id: pcn-primary-care\n  definition: GP practices working together.\n",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(0));
    let f = r.at("glossary-clash", "glossary/council.yaml", 2);
    let m = f["message"].as_str().unwrap_or("");
    assert!(
        m.contains("Penalty Charge Notice") && m.contains("Primary Care Network"),
        "{m}"
    );
}

#[test]
fn personal_contact() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "value: housing.options@alpha.example.org",
        "value: jane.smith@alpha.example.org",
    );
    let r = site.check_json();
    r.at("personal-contact", ALPHA, site.line_of(ALPHA, "jane.smith"));
}

#[test]
fn warnings_do_not_fail_check() {
    let site = Site::minimal();
    let (code, _) = site.check_text();
    assert_eq!(code, Some(0));
    let r = site.check_json_on("2030-01-01");
    assert_eq!(r.code, Some(0));
    assert!(r.json["warnings"].as_u64().unwrap_or(0) >= 2);
}
