//! Every error code of the spec, found by running `joinedup check` on a fixture
//! with one thing broken, at the right file and line, with a useful message.

use crate::common;

use common::Site;

const ALPHA: &str = "agencies/alpha-council.yaml";
const BETA: &str = "agencies/beta-police.yaml";

#[test]
fn the_minimal_fixture_is_clean() {
    let r = Site::minimal().check_json();
    assert_eq!(r.code, Some(0));
    assert_eq!(r.json["errors"], 0, "{:#}", r.json);
    assert_eq!(r.json["warnings"], 0, "{:#}", r.json);
}

#[test]
fn yaml_syntax() {
    let site = Site::minimal();
    site.edit(
        BETA,
        "summary: Keeps people safe and investigates crime.",
        "summary: [unclosed",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.only("yaml-syntax");
    assert_eq!(f["file"], BETA);
    assert_eq!(f["severity"], "error");
    assert!(f["line"].as_u64().is_some_and(|l| l >= 3), "{f:#}");
}

#[test]
fn unknown_key_suggests_the_closest() {
    let site = Site::minimal();
    site.edit(ALPHA, "remit:", "remmit:");
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.at("unknown-key", ALPHA, site.line_of(ALPHA, "remmit:"));
    assert_eq!(f["column"], 1);
    assert_eq!(f["message"], "unknown key `remmit`; did you mean `remit`?");
}

#[test]
fn unknown_keys_in_one_file_are_all_reported() {
    let site = Site::minimal();
    site.edit(ALPHA, "remit:", "remmit:");
    site.edit(
        ALPHA,
        "    purpose: Duty to refer",
        "    purpse: Duty to refer",
    );
    site.edit(
        BETA,
        "  owner: Corporate Communications",
        "  ownr: Corporate Communications",
    );
    let r = site.check_json();
    r.at("unknown-key", ALPHA, site.line_of(ALPHA, "remmit:"));
    let f = r.at("unknown-key", ALPHA, site.line_of(ALPHA, "purpse:"));
    assert_eq!(f["column"], 5);
    r.at("unknown-key", BETA, site.line_of(BETA, "ownr:"));
    // purpose is then missing too: that is reported, and nothing stops early.
    assert!(r.json["errors"].as_u64().unwrap_or(0) >= 4, "{:#}", r.json);
}

#[test]
fn missing_field() {
    let site = Site::minimal();
    site.edit(
        BETA,
        "summary: Keeps people safe and investigates crime.\n",
        "",
    );
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.at("missing-field", BETA, 1);
    assert!(
        f["message"].as_str().unwrap_or("").contains("`summary`"),
        "{f:#}"
    );
}

#[test]
fn missing_site_yaml() {
    let site = Site::minimal();
    std::fs::remove_file(site.path().join("site.yaml")).expect("remove");
    let r = site.check_json();
    assert_eq!(r.code, Some(1));
    let f = r.only("missing-field");
    assert_eq!(f["file"], "site.yaml");
}

#[test]
fn invalid_value_suggests_a_word() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "      role: lead\n      team: mash",
        "      role: leed\n      team: mash",
    );
    let r = site.check_json();
    let f = r.at("invalid-value", ALPHA, site.line_of(ALPHA, "role: leed"));
    assert_eq!(f["column"], 13);
    assert!(
        f["message"]
            .as_str()
            .unwrap_or("")
            .contains("did you mean `lead`?"),
        "{f:#}"
    );
}

#[test]
fn invalid_hours_and_dates() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "      - fri 08:45-16:30",
        "      - friday 08:45-16:30",
    );
    site.edit(
        BETA,
        "last_reviewed: 2026-09-14",
        "last_reviewed: 14/09/2026",
    );
    let r = site.check_json();
    let f = r.at("invalid-value", ALPHA, site.line_of(ALPHA, "friday"));
    assert!(
        f["message"].as_str().unwrap_or("").contains("not a day"),
        "{f:#}"
    );
    let f = r.at("invalid-value", BETA, site.line_of(BETA, "14/09/2026"));
    assert!(
        f["message"].as_str().unwrap_or("").contains("YYYY-MM-DD"),
        "{f:#}"
    );
}

#[test]
fn contact_values_must_fit_the_channel() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "value: housing.options@alpha.example.org",
        "value: javascript:alert(1)",
    );
    let r = site.check_json();
    r.at("invalid-value", ALPHA, site.line_of(ALPHA, "javascript:"));
}

#[test]
fn invalid_id() {
    let site = Site::minimal();
    site.edit(ALPHA, "  - id: housing-options", "  - id: Housing_Options");
    let r = site.check_json();
    let f = r.at("invalid-id", ALPHA, site.line_of(ALPHA, "Housing_Options"));
    assert!(
        f["message"].as_str().unwrap_or("").contains("lowercase"),
        "{f:#}"
    );
}

#[test]
fn agency_id_must_match_its_file_name() {
    let site = Site::minimal();
    site.edit(
        BETA,
        "name: Beta Police\n",
        "id: beta-constabulary\nname: Beta Police\n",
    );
    let r = site.check_json();
    r.at("invalid-id", BETA, 1);
}

#[test]
fn a_page_may_not_take_a_site_folder_name() {
    let site = Site::minimal();
    site.write(
        "pages/glossary.md",
        "---\ntitle: Our glossary\n---\nHello\n",
    );
    let r = site.check_json();
    r.at("invalid-id", "pages/glossary.md", 1);
}

#[test]
fn duplicate_id() {
    let site = Site::minimal();
    site.edit(ALPHA, "  - id: housing-email", "  - id: mash-consultation");
    let r = site.check_json();
    let second = site
        .read(ALPHA)
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("- id: mash-consultation"))
        .map(|(i, _)| i as u64 + 1)
        .nth(1)
        .expect("second");
    let f = r.at("duplicate-id", ALPHA, second);
    assert!(
        f["message"].as_str().unwrap_or("").contains("already used"),
        "{f:#}"
    );
}

#[test]
fn colliding_glossary_ids_must_be_set() {
    let site = Site::minimal();
    site.write(
        "glossary/uncommon.yaml",
        "- term: Penalty Charge Notice\n  abbreviation: MASH\n  definition: Not really.\n",
    );
    let r = site.check_json();
    let f = r.at("duplicate-id", "glossary/uncommon.yaml", 2);
    assert!(f["hint"].as_str().unwrap_or("").contains("`id:`"), "{f:#}");
}

#[test]
fn dangling_reference_suggests_the_closest_id() {
    let site = Site::minimal();
    site.edit(ALPHA, "refer_to: beta-police", "refer_to: beta-polce");
    let r = site.check_json();
    let f = r.at(
        "dangling-reference",
        ALPHA,
        site.line_of(ALPHA, "beta-polce"),
    );
    assert_eq!(
        f["message"],
        "no agency `beta-polce`; did you mean `beta-police`?"
    );
}

#[test]
fn dangling_references_of_every_kind() {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "      team: mash\n      detail",
        "      team: mashh\n      detail",
    );
    site.edit(
        ALPHA,
        "out_of_hours: emergency-duty-team",
        "out_of_hours: emergency-duty",
    );
    site.edit(
        BETA,
        "refer_to: alpha-council/housing-options",
        "refer_to: alpha-council/housing",
    );
    site.edit(BETA, "areas: [north, south]", "areas: [north, sotuh]");
    site.edit(
        "shadowing/offers.yaml",
        "apply: beta-police/ppu-admin",
        "apply: beta-police/ppu",
    );
    site.edit(
        "topics.yaml",
        "  parent: safeguarding",
        "  parent: safeguardin",
    );
    site.edit("glossary/terms.yaml", "see_also: [ppu]", "see_also: [ppuu]");
    let r = site.check_json();
    for (file, needle) in [
        (ALPHA, "team: mashh"),
        (ALPHA, "out_of_hours: emergency-duty"),
        (BETA, "alpha-council/housing"),
        (BETA, "sotuh"),
        ("shadowing/offers.yaml", "beta-police/ppu"),
        ("topics.yaml", "parent: safeguardin"),
        ("glossary/terms.yaml", "ppuu"),
    ] {
        let f = r.at("dangling-reference", file, site.line_of(file, needle));
        assert!(
            f["message"].as_str().unwrap_or("").contains("did you mean"),
            "{f:#}"
        );
    }
}

#[test]
fn topic_cycle() {
    let site = Site::minimal();
    site.edit(
        "topics.yaml",
        "  description: Someone may be at risk.",
        "  description: Someone may be at risk.\n  parent: child-safeguarding",
    );
    let r = site.check_json();
    let f = r.only("topic-cycle");
    assert_eq!(f["file"], "topics.yaml");
    assert!(f["message"].as_str().unwrap_or("").contains("→"), "{f:#}");
}

#[test]
fn errors_in_many_files_are_reported_together() {
    let site = Site::minimal();
    site.edit(ALPHA, "remit:", "remmit:");
    site.edit("topics.yaml", "- id: housing", "- id: Housing");
    site.edit(
        "shadowing/offers.yaml",
        "format: in-person",
        "format: inperson",
    );
    site.write_bytes("glossary/broken.yaml", b"- term: [\n");
    let r = site.check_json();
    let files: std::collections::BTreeSet<&str> = r
        .findings()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    for f in [
        ALPHA,
        "topics.yaml",
        "shadowing/offers.yaml",
        "glossary/broken.yaml",
    ] {
        assert!(files.contains(f), "no finding in {f}: {:#}", r.json);
    }
}

/// One slip in one file gives one error, not an echo in every file that names
/// what the file holds: references into it are held back and counted.
#[test]
fn one_mistake_gives_one_error_and_a_held_back_count() {
    let cases: [(&str, &str, &str, &str); 3] = [
        (
            "agencies/northshire-county-council.yaml",
            "summary: Runs children's",
            "summary: Note: Runs children's",
            "yaml-syntax",
        ),
        (
            "agencies/northshire-county-council.yaml",
            "\nteams:\n",
            "\nteems:\n",
            "unknown-key",
        ),
        (
            "topics.yaml",
            "\n- id: child-safeguarding\n",
            "\n  id: child-safeguarding\n",
            "yaml-syntax",
        ),
    ];
    for (file, from, to, code) in cases {
        let site = Site::example();
        site.edit(file, from, to);
        let report = site.check_json();
        let errors: Vec<&serde_json::Value> = report
            .findings()
            .iter()
            .filter(|f| f["severity"] == "error")
            .collect();
        assert_eq!(errors.len(), 1, "{file} {to}: {errors:#?}");
        assert_eq!(errors[0]["code"], code);
        assert_eq!(errors[0]["file"], file);
        assert!(
            report.json["held_back"].as_u64().is_some_and(|n| n > 0),
            "{}",
            report.json
        );
    }
}
