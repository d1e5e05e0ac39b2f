//! The contract's `eligibility` and `ages` on contact routes and `remit.does`
//! entries: read without errors in each form, shown on the site and in the
//! exports, and a bad age range refused with a message that says how to fix it.

use crate::common;
use crate::hsds_schemas;

use std::fs;

use common::{Site, build_ok, files};
use hsds_schemas::Flavour;
use serde_json::Value;

const ALPHA: &str = "agencies/alpha-council.yaml";

/// The minimal fixture with `ages` set on the MASH route (to `route_ages`) and
/// on the child-safeguarding `does` entry (to `does_ages`), both with eligibility.
fn site_with(route_ages: &str, does_ages: &str) -> Site {
    let site = Site::minimal();
    site.edit(
        ALPHA,
        "    out_of_hours: emergency-duty-team\n",
        &format!(
            "    out_of_hours: emergency-duty-team\n    eligibility: Families who live in the *Alpha* area of Quuxholm.\n    ages: {route_ages}\n"
        ),
    );
    site.edit(
        ALPHA,
        "      detail: Leads section 47 enquiries.\n",
        &format!(
            "      detail: Leads section 47 enquiries.\n      eligibility: Children at risk of significant harm.\n      ages: {does_ages}\n"
        ),
    );
    site
}

fn all_text(dir: &std::path::Path, ext: &str) -> String {
    files(dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(ext))
        .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn each_form_of_ages_checks_clean_and_is_written_plainly() {
    for (ages, plain) in [
        ("0-17", "Under 18"),
        ("65+", "65 and over"),
        ("-25", "Under 26"),
        ("16-25", "Ages 16 to 25"),
    ] {
        let site = site_with(ages, ages);
        let r = site.check_json();
        assert_eq!(r.json["errors"], 0, "ages: {ages}\n{:#}", r.json);
        assert_eq!(r.code, Some(0), "ages: {ages}");
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("site");
        build_ok(site.path(), &out, &[]);
        let agency =
            fs::read_to_string(out.join("agencies/alpha-council/index.html")).expect("agency page");
        assert!(agency.contains("Who it is for"), "ages: {ages}");
        assert!(
            agency.contains("Families who live in the <em>Alpha</em> area of Quuxholm."),
            "route eligibility is Markdown on the agency page"
        );
        assert!(
            agency.contains("Children at risk of significant harm."),
            "the remit entry's eligibility is on the agency page"
        );
        assert_eq!(
            agency.matches(plain).count(),
            2,
            "`{plain}` on the route card and the remit entry, for ages: {ages}"
        );
        let html = all_text(&out, ".html");
        assert!(
            html.matches("Children at risk of significant harm.")
                .count()
                >= 2,
            "the remit entry's eligibility is on the need's page too"
        );
    }
}

#[test]
fn exports_and_search_carry_eligibility_and_ages() {
    let site = site_with("0-17", "65+");
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &["--hsds"]);
    let dir: Value = serde_json::from_str(
        &fs::read_to_string(out.join("data/directory.json")).expect("directory.json"),
    )
    .expect("json");
    let text = dir.to_string();
    assert!(
        text.contains(r#""eligibility":"Families who live in the *Alpha* area of Quuxholm.""#),
        "{text}"
    );
    assert!(text.contains(r#""ages":"0-17""#), "{text}");
    let csv = fs::read_to_string(out.join("data/contacts.csv")).expect("contacts.csv");
    let header = csv.lines().next().expect("header");
    assert!(
        header.contains("eligibility") && header.contains("ages"),
        "{header}"
    );
    assert!(
        csv.contains("Families who live in the *Alpha* area of Quuxholm."),
        "{csv}"
    );
    // The route's search record holds its eligibility's words.
    let search = all_text(&out.join("search"), ".js").to_lowercase();
    assert!(search.contains("\"quuxholm\""), "search records");
    // HSDS: eligibility_description, minimum_age, maximum_age on the service.
    let hsds = out.join("data/hsds");
    Flavour::hsds().assert_export_valid(&hsds);
    let services = all_text(&hsds.join("services"), ".json");
    assert!(services.contains(r#""minimum_age": 0,"#), "{services}");
    assert!(services.contains(r#""maximum_age": 17,"#), "{services}");
    assert!(
        services.contains("Families who live in the *Alpha* area of Quuxholm."),
        "{services}"
    );
    // The UK profile has ages but no eligibility_description: joinedup.json keeps it.
    let site_yaml = site.read("site.yaml");
    site.write("site.yaml", &format!("{site_yaml}hsds: oruk\n"));
    let oruk_out = tmp.path().join("oruk");
    build_ok(site.path(), &oruk_out, &[]);
    let oruk = oruk_out.join("data/hsds");
    Flavour::oruk().assert_export_valid(&oruk);
    let services = all_text(&oruk.join("services"), ".json");
    assert!(services.contains(r#""maximum_age": 17,"#), "{services}");
    assert!(!services.contains("eligibility_description"), "{services}");
    let ext = fs::read_to_string(oruk.join("joinedup.json")).expect("joinedup.json");
    assert!(
        ext.contains("Families who live in the *Alpha* area of Quuxholm."),
        "{ext}"
    );
}

#[test]
fn a_bad_age_range_is_an_error_at_the_value_with_the_fix() {
    for bad in ["17-5", "abc", "5-", "200+", "0-200"] {
        let site = site_with(bad, "0-17");
        let r = site.check_json();
        assert_eq!(r.code, Some(1), "ages: {bad}");
        let line = site.line_of(ALPHA, &format!("ages: {bad}"));
        let f = r.at("invalid-value", ALPHA, line);
        assert_eq!(f["column"], 11, "at the value: {f:#}");
        let msg = f["message"].as_str().unwrap_or("");
        assert!(msg.contains("`ages: ") && msg.contains(bad), "{f:#}");
        let hint = f["hint"].as_str().unwrap_or("");
        assert!(
            hint.contains("0-17") && hint.contains("65+") && hint.contains("-25"),
            "the hint shows the three forms: {f:#}"
        );
        // And on a remit entry too.
        let site = site_with("0-17", bad);
        let r = site.check_json();
        let line = site.line_of(ALPHA, &format!("ages: {bad}"));
        let f = r.at("invalid-value", ALPHA, line);
        assert_eq!(f["column"], 13, "at the value: {f:#}");
    }
}
