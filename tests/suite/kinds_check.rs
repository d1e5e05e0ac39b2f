//! Agreements, meetings and pathways (content model version 2): every error
//! and warning code they can give, found by `joinedup check` at the right
//! file and line, on the minimal fixture with one valid file of each kind
//! added (`tests/fixtures/kinds/`) and then one thing broken.

use crate::common;

use common::Site;

const AGREEMENTS: &str = "agreements/agreements.yaml";
const MEETINGS: &str = "meetings/panels.yaml";
const PATHWAY: &str = "pathways/child-protection.yaml";

const AGREEMENT_YAML: &str = include_str!("../fixtures/kinds/agreements.yaml");

const MEETING_YAML: &str = include_str!("../fixtures/kinds/meetings.yaml");

const PATHWAY_YAML: &str = include_str!("../fixtures/kinds/child-protection.yaml");

/// The minimal fixture with one agreement, one meeting and one pathway.
fn site() -> Site {
    let site = Site::minimal();
    site.write(AGREEMENTS, AGREEMENT_YAML);
    site.write(MEETINGS, MEETING_YAML);
    site.write(PATHWAY, PATHWAY_YAML);
    site
}

#[test]
fn valid_agreements_meetings_and_pathways_are_clean() {
    let r = site().check_json();
    assert_eq!(r.code, Some(0), "{:#}", r.json);
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    assert_eq!(r.json["warnings"], 0, "{:#}", r.json);
}

#[test]
fn unknown_keys_are_named_with_the_closest_key() {
    for (file, from, to, mean) in [
        (
            AGREEMENTS,
            "  lawful_basis:",
            "  lawfull_basis:",
            "lawful_basis",
        ),
        (MEETINGS, "  threshold:", "  treshold:", "threshold"),
        (
            PATHWAY,
            "    within: 1 working day",
            "    withn: 1 working day",
            "within",
        ),
        (
            PATHWAY,
            "        when: It is not",
            "        wen: It is not",
            "when",
        ),
    ] {
        let site = site();
        site.edit(file, from, to);
        let r = site.check_json();
        assert_eq!(r.code, Some(1), "{:#}", r.json);
        let f = r.at("unknown-key", file, site.line_of(file, to.trim()));
        let m = f["message"].as_str().unwrap_or("");
        assert!(m.contains(&format!("did you mean `{mean}`")), "{m}");
        assert!(f["column"].as_u64().is_some(), "{f:#}");
    }
}

#[test]
fn missing_fields_are_named() {
    for (file, from, to, key, at) in [
        (
            AGREEMENTS,
            "  kind: information-sharing\n",
            "",
            "kind",
            "- id: safeguarding-isa",
        ),
        (
            MEETINGS,
            "  chair: alpha-council/mash\n",
            "",
            "chair",
            "- id: strategy-meeting",
        ),
        (
            PATHWAY,
            "    do: Police and council decide together.\n",
            "",
            "do",
            "  - id: strategy",
        ),
        (
            PATHWAY,
            "summary: From a worry to a decision.\n",
            "",
            "summary",
            "id: child-protection",
        ),
    ] {
        let site = site();
        site.edit(file, from, to);
        let r = site.check_json();
        assert_eq!(r.code, Some(1), "{key}: {:#}", r.json);
        let f = r.at("missing-field", file, site.line_of(file, at));
        let m = f["message"].as_str().unwrap_or("");
        assert!(m.contains(&format!("`{key}`")), "{m}");
        assert!(f["hint"].as_str().is_some_and(|h| h.contains(key)), "{f:#}");
    }
}

#[test]
fn invalid_values_say_what_is_allowed() {
    let site = site();
    site.edit(
        AGREEMENTS,
        "kind: information-sharing",
        "kind: information-shareing",
    );
    site.edit(
        AGREEMENTS,
        "parties: [alpha-council, beta-police/public-protection-unit]",
        "parties: [alpha-council]",
    );
    let r = site.check_json();
    let kind = r.at(
        "invalid-value",
        AGREEMENTS,
        site.line_of(AGREEMENTS, "kind:"),
    );
    assert!(
        kind["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `information-sharing`")),
        "{kind:#}"
    );
    let parties = r.at(
        "invalid-value",
        AGREEMENTS,
        site.line_of(AGREEMENTS, "parties:"),
    );
    assert!(
        parties["message"]
            .as_str()
            .is_some_and(|m| m.contains("two or more")),
        "{parties:#}"
    );
}

#[test]
fn invalid_ids_and_a_pathway_named_unlike_its_file() {
    let site = site();
    site.edit(MEETINGS, "- id: strategy-meeting", "- id: Strategy Meeting");
    site.edit(
        PATHWAY,
        "id: child-protection",
        "id: child-protection-enquiry",
    );
    site.edit(PATHWAY, "  - id: worry", "  - id: the_worry");
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.at(
        "invalid-id",
        MEETINGS,
        site.line_of(MEETINGS, "- id: Strategy"),
    );
    assert_eq!(f["hint"], "try `strategy-meeting`");
    let f = r.at(
        "invalid-id",
        PATHWAY,
        site.line_of(PATHWAY, "id: child-protection-enquiry"),
    );
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("file name")),
        "{f:#}"
    );
    r.at("invalid-id", PATHWAY, site.line_of(PATHWAY, "the_worry"));
}

#[test]
fn duplicate_ids_of_agreements_meetings_and_steps() {
    let site = site();
    site.write("agreements/more.yaml", AGREEMENT_YAML);
    site.write("meetings/zz-more.yaml", MEETING_YAML);
    site.edit(PATHWAY, "  - id: no-further-action", "  - id: strategy");
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    r.at("duplicate-id", "agreements/more.yaml", 1);
    r.at("duplicate-id", "meetings/zz-more.yaml", 1);
    let lines: Vec<u64> = r
        .with_code("duplicate-id")
        .iter()
        .filter(|f| f["file"] == PATHWAY)
        .filter_map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(lines.len(), 1, "{:#}", r.json);
}

#[test]
fn dangling_references_suggest_the_closest_id() {
    let site = site();
    site.edit(
        AGREEMENTS,
        "parties: [alpha-council, beta-police/public-protection-unit]",
        "parties: [alpha-councl, beta-police/public-protection]",
    );
    site.edit(
        MEETINGS,
        "  topics: [child-safeguarding]",
        "  topics: [child-safeguardin]",
    );
    site.edit(
        MEETINGS,
        "refer: alpha-council/mash-consultation",
        "refer: alpha-council/mash-consult",
    );
    site.edit(MEETINGS, "areas: [north]", "areas: [nort]");
    site.edit(PATHWAY, "    who: beta-police\n", "    who: beta-polise\n");
    site.edit(
        PATHWAY,
        "    contact: alpha-council/mash-consultation",
        "    contact: alpha-council/mash-consultaton",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let expect = [
        (AGREEMENTS, "parties:", "alpha-council"),
        (MEETINGS, "topics: [child", "child-safeguarding"),
        (MEETINGS, "refer:", "mash-consultation"),
        (MEETINGS, "areas: [nort]", "north"),
        (PATHWAY, "who: beta-polise", "beta-police"),
        (PATHWAY, "contact: alpha", "mash-consultation"),
    ];
    for (file, line, mean) in expect {
        let hits: Vec<&serde_json::Value> = r
            .with_code("dangling-reference")
            .into_iter()
            .filter(|f| f["file"] == file && f["line"] == site.line_of(file, line))
            .collect();
        assert!(
            hits.iter().any(|f| f["message"]
                .as_str()
                .is_some_and(|m| m.contains(&format!("did you mean `{mean}`")))),
            "{file}:{line}: {:#}",
            r.json
        );
    }
    // The team of a party: `public-protection` for `public-protection-unit`.
    assert!(
        r.with_code("dangling-reference")
            .iter()
            .any(|f| f["message"]
                .as_str()
                .is_some_and(|m| m.contains("no team `public-protection` in `beta-police`"))),
        "{:#}",
        r.json
    );
}

#[test]
fn a_next_naming_no_step_is_a_dangling_reference() {
    let site = site();
    site.edit(
        PATHWAY,
        "      - step: strategy\n",
        "      - step: strategy-discusion\n",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.at(
        "dangling-reference",
        PATHWAY,
        site.line_of(PATHWAY, "step: strategy-discusion"),
    );
    let m = f["message"].as_str().unwrap_or("");
    assert!(
        m.contains("no step `strategy-discusion`") && m.contains("did you mean `strategy`"),
        "{m}"
    );
}

#[test]
fn a_step_no_path_reaches_is_pathway_unreachable() {
    let site = site();
    // The decision now leads only to the strategy discussion, which ends the pathway.
    site.edit(
        PATHWAY,
        "      - step: no-further-action\n        when: It is not\n",
        "",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(0), "{:#}", r.json);
    let f = r.at(
        "pathway-unreachable",
        PATHWAY,
        site.line_of(PATHWAY, "- id: no-further-action"),
    );
    assert_eq!(f["severity"], "warning");
    assert_eq!(r.with_code("pathway-unreachable").len(), 1, "{:#}", r.json);
}

#[test]
fn a_step_outside_its_agencys_remit_is_pathway_not_in_remit() {
    let site = site();
    // The police claim safeguarding (the parent) and child safeguarding; the
    // council claims housing and child safeguarding. A housing pathway step
    // given to the police is outside their remit; the council's is not.
    site.edit(PATHWAY, "topics: [child-safeguarding]", "topics: [housing]");
    let r = site.check_json();
    assert_eq!(r.code, Some(0), "{:#}", r.json);
    let f = r.only("pathway-not-in-remit");
    assert_eq!(f["file"], PATHWAY);
    assert_eq!(f["line"], site.line_of(PATHWAY, "who: beta-police"));
    assert!(
        f["message"]
            .as_str()
            .is_some_and(|m| m.contains("`beta-police`")),
        "{f:#}"
    );
}

#[test]
fn a_need_claimed_through_its_parent_is_in_remit() {
    let site = site();
    // The police claim only `safeguarding`, the parent of the pathway's need.
    site.edit(
        "agencies/beta-police.yaml",
        "    - topic: child-safeguarding\n      role: joint\n",
        "",
    );
    let r = site.check_json();
    assert!(
        r.with_code("pathway-not-in-remit").is_empty(),
        "{:#}",
        r.json
    );
}

#[test]
fn agreements_meetings_and_pathways_past_their_review_are_stale() {
    let site = site();
    for file in [AGREEMENTS, MEETINGS, PATHWAY] {
        let text = site
            .read(file)
            .replace("last_reviewed: 2026-06-01", "last_reviewed: 2025-06-01");
        site.write(file, &text);
    }
    let r = site.check_json();
    assert_eq!(r.code, Some(0), "{:#}", r.json);
    for file in [AGREEMENTS, MEETINGS, PATHWAY] {
        let f = r.at("stale", file, site.line_of(file, "last_reviewed:"));
        assert!(
            f["message"]
                .as_str()
                .is_some_and(|m| m.contains("2026-06-01")),
            "{f:#}"
        );
    }
}

#[test]
fn a_syntax_error_in_a_pathway_names_its_line() {
    let site = site();
    site.edit(
        PATHWAY,
        "summary: From a worry to a decision.",
        "summary: [From a worry",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.only("yaml-syntax");
    assert_eq!(f["file"], PATHWAY);
}
