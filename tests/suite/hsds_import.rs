//! `joinedup import hsds`: the specification's examples and a UK-shaped feed
//! import into content that checks with 0 errors; export → import → export
//! gives the same records field by field; a second import of changed data
//! updates the records it made, keeps editors' edits, and duplicates nothing.

use crate::common;
use crate::hsds_schemas;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Site, TODAY, files, joinedup};
use serde_json::Value;

fn import(source: &Path, out: &Path, extra: &[&str]) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["import", "hsds"])
        .arg(source)
        .arg("--output")
        .arg(out)
        .args(["--today", TODAY])
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run joinedup import");
    assert!(
        run.status.success(),
        "import failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8_lossy(&run.stdout).into_owned()
}

fn export(content: &Path, out: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["export", "hsds", "--today", TODAY, "--content"])
        .arg(content)
        .arg("--output")
        .arg(out)
        .output()
        .expect("run joinedup export");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// `check --format json` on a folder: asserts 0 errors and returns the report.
fn checks_clean(dir: &Path) -> Value {
    let run = joinedup(
        &["check", "--format", "json", "--today", TODAY, "--content"],
        dir,
    );
    let report: Value = serde_json::from_slice(&run.stdout).expect("check json");
    assert_eq!(
        report["errors"], 0,
        "the imported content has errors:\n{report:#}"
    );
    assert_eq!(run.status.code(), Some(0));
    report
}

fn feed() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-uk-feed")
}

#[test]
fn the_specification_examples_import_and_check_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("c");
    import(&hsds_schemas::shared().join("hsds-3.0/examples"), &out, &[]);
    let report = checks_clean(&out);
    let agency =
        fs::read_to_string(out.join("agencies/example-organization-inc.yaml")).expect("agency");
    assert!(agency.contains("\"Community Counselling\""), "{agency}");
    assert!(
        agency.contains("value: \"+44 1234 234567\""),
        "quotes around the number are dropped: {agency}"
    );
    assert!(agency.contains("thu-fri 10:00-18:00"), "{agency}");
    // The guesses are marked and reported where they are.
    let line = agency
        .lines()
        .position(|l| l.contains("urgency: routine  # imported-default"))
        .expect("a marked urgency") as u64
        + 1;
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "imported-default"
                && f["file"] == "agencies/example-organization-inc.yaml"
                && f["line"] == line),
        "no imported-default warning at line {line}: {report:#}"
    );
}

#[test]
fn a_uk_feed_with_html_empty_strings_and_odd_ids_imports_and_checks_clean() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("c");
    let said = import(&feed(), &out, &[]);
    checks_clean(&out);
    let council =
        fs::read_to_string(out.join("agencies/kingsmouth-city-council.yaml")).expect("council");
    // HTML became Markdown; a web address got its scheme; ids are kept as external ids.
    assert!(council.contains("Help for **families**"), "{council}");
    assert!(
        !council.contains("<p>") && !council.contains("<strong>"),
        "{council}"
    );
    assert!(
        council.contains("\"https://www.kingsmouth.example.org/family-hub\""),
        "{council}"
    );
    assert!(council.contains("external_id: \"12345\""), "{council}");
    // A child organisation is a team, and its service a route of the team.
    assert!(council.contains("- id: \"early-help-team\""), "{council}");
    assert!(council.contains("team: \"early-help-team\""), "{council}");
    // Two weekly schedules become two lines; the monthly one is not weekly hours.
    assert!(
        council.contains("hours: [\"mon-thu 09:00-17:00\", \"fri 09:00-16:30\"]"),
        "{council}"
    );
    // No schedules: a stated default, marked.
    assert!(
        council.contains("hours: [\"mon-fri 09:00-17:00\"]  # imported-default"),
        "{council}"
    );
    // Never a person's address as the review owner.
    for (rel, bytes) in files(&out.join("agencies")) {
        let text = String::from_utf8(bytes).unwrap();
        let owner = text
            .lines()
            .find(|l| l.trim_start().starts_with("owner:"))
            .expect("owner");
        assert!(!owner.contains('@'), "{rel}: {owner}");
    }
    assert!(
        said.contains("Baby Bank"),
        "a service with no way to reach it is reported: {said}"
    );
    let site = fs::read_to_string(out.join("site.yaml")).unwrap();
    assert!(site.contains("name: \"South Vale\""), "{site}");
}

/// Walks two JSON values and returns the first path where they differ.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (va, vb) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(va, vb, &format!("{at}/{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} != {b}")),
    }
}

#[test]
fn export_import_export_round_trips_field_by_field() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (first, content, second) = (
        tmp.path().join("1"),
        tmp.path().join("c"),
        tmp.path().join("2"),
    );
    export(&common::example(), &first);
    import(&first, &content, &[]);
    checks_clean(&content);
    export(&content, &second);
    let (a, b) = (files(&first), files(&second));
    assert_eq!(
        a.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        b.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        "the two exports have different records"
    );
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        if !path.ends_with(".json") {
            continue;
        }
        let (x, y): (Value, Value) = (
            serde_json::from_slice(x).unwrap(),
            serde_json::from_slice(y).unwrap(),
        );
        if let Some(d) = first_difference(&x, &y, path) {
            panic!("the round trip changed {d}");
        }
    }
}

#[test]
fn plain_hsds_without_joinedup_extensions_round_trips_the_fields_hsds_holds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (first, content, second) = (
        tmp.path().join("1"),
        tmp.path().join("c"),
        tmp.path().join("2"),
    );
    export(&common::example(), &first);
    fs::remove_file(first.join("joinedup.json")).unwrap();
    import(&first, &content, &[]);
    checks_clean(&content);
    export(&content, &second);
    // Ids are made anew (no joinedup keys), so compare records by what they hold.
    let services = |dir: &Path| -> Vec<String> {
        let mut out: Vec<String> = fs::read_dir(dir.join("services"))
            .unwrap()
            .map(|e| {
                let s: Value =
                    serde_json::from_slice(&fs::read(e.unwrap().path()).unwrap()).unwrap();
                let schedules: Vec<String> = s["schedules"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| format!("{} {}-{}", x["byday"], x["opens_at"], x["closes_at"]))
                    .collect();
                let areas: Vec<&str> = s["service_areas"]
                    .as_array()
                    .map(|a| a.iter().filter_map(|x| x["name"].as_str()).collect())
                    .unwrap_or_default();
                let terms: Vec<&str> = s["attributes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|x| x["taxonomy_term"]["name"].as_str())
                    .collect();
                format!(
                    "{} | {} | {} | {} | {} | {} | {:?} | {:?} | {:?} | {}",
                    s["organization"]["name"],
                    s["name"],
                    s["description"],
                    s["email"],
                    s["url"],
                    s["phones"][0]["number"],
                    schedules,
                    areas,
                    terms,
                    s["wait_time"],
                )
            })
            .collect();
        out.sort();
        out
    };
    let (a, b) = (services(&first), services(&second));
    assert_eq!(a.len(), b.len(), "services were lost or added");
    // A route reached in person or by post has no phone, e-mail or web address
    // in HSDS; the import gives it the organisation's website (documented).
    let reachable: Vec<&String> = a
        .iter()
        .filter(|s| !s.contains("| null | null | null |"))
        .collect();
    assert!(reachable.len() > 100, "{}", reachable.len());
    for s in reachable {
        assert!(b.contains(s), "not the same after the round trip:\n{s}");
    }
}

#[test]
fn a_second_import_updates_keeps_editors_edits_and_duplicates_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = tmp.path().join("feed");
    let site = Site::fixture("hsds-uk-feed");
    let out = tmp.path().join("c");
    import(site.path(), &out, &[]);
    let council = "agencies/kingsmouth-city-council.yaml";
    let before = files(&out.join("agencies")).len();
    // An editor confirms one guess (removes the marker), corrects another, and
    // edits a field the source will not change.
    let path = out.join(council);
    let text = fs::read_to_string(&path).unwrap();
    let text = text
        .replacen("urgency: routine  # imported-default", "urgency: urgent", 1)
        .replacen(
            "audience: [public]  # imported-default",
            "audience: [public]",
            1,
        )
        .replace(
            "purpose: \"Early Help Advice Line\"",
            "purpose: \"Early help: advice for professionals\"\n    eligibility: \"Practitioners in Kingsmouth.\"\n    ages: \"0-17\"",
        );
    fs::write(&path, &text).unwrap();
    checks_clean(&out);
    // The source changes one service's description and adds a service.
    for (rel, bytes) in files(site.path()) {
        let dest = src.join(&rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::write(dest, bytes).unwrap();
    }
    let list = src.join("services.json");
    let changed = fs::read_to_string(&list)
        .unwrap()
        .replace("Help for <strong>families</strong>", "Help for <strong>parents and carers</strong>")
        .replace(
            "\"contents\": [",
            "\"contents\": [{\"id\": \"svc-new\", \"organization_id\": \"org-kcc\", \"name\": \"Holiday activities\", \"status\": \"active\", \"url\": \"https://www.kingsmouth.example.org/haf\"},",
        );
    fs::write(&list, changed).unwrap();
    let said = import(&src, &out, &[]);
    checks_clean(&out);
    assert_eq!(
        files(&out.join("agencies")).len(),
        before,
        "the second import made new agency files: {said}"
    );
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after.matches("external_id: \"svc-family-hub\"").count(),
        1,
        "{after}"
    );
    assert!(
        after.contains("Help for **parents and carers**"),
        "the source's change was not taken:\n{after}"
    );
    assert!(!after.contains("Help for **families**"), "{after}");
    assert!(
        after.contains("purpose: \"Early help: advice for professionals\""),
        "an editor's edit was overwritten:\n{after}"
    );
    assert!(
        after.contains("    eligibility: \"Practitioners in Kingsmouth.\"\n    ages: \"0-17\"\n"),
        "an editor's eligibility and ages were lost:\n{after}"
    );
    assert!(
        after.contains("urgency: urgent\n"),
        "an editor's correction was overwritten:\n{after}"
    );
    assert!(
        after.contains("    audience: [public]\n"),
        "a confirmed value was marked again:\n{after}"
    );
    assert!(
        after.contains("\"Holiday activities\""),
        "the new service was not added:\n{after}"
    );
    assert_eq!(after.matches("purpose:").count(), 3, "{after}");
    // The file as it was is kept.
    let kept = fs::read_to_string(out.join(".joinedup-import/previous").join(council)).unwrap();
    assert_eq!(kept, text);
}

#[test]
fn an_import_refuses_a_folder_that_is_not_content() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("mine");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["import", "hsds"])
        .arg(feed())
        .arg("--output")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("has no site.yaml"));
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn a_map_file_sends_terms_to_the_contents_own_topics() {
    let site = Site::example();
    let tmp = tempfile::tempdir().expect("tmp");
    let map = tmp.path().join("map.yaml");
    fs::write(
        &map,
        "# term: topic\n\"Parenting support\": early-help\nterm-early-help: early-help\n",
    )
    .unwrap();
    // Adding to the example partnership: its areas and topics are used.
    import(&feed(), site.path(), &["--map", map.to_str().unwrap()]);
    checks_clean(site.path());
    let council = site.read("agencies/kingsmouth-city-council-2.yaml");
    assert!(council.contains("topics: [\"early-help\"]"), "{council}");
    assert!(!site.read("topics.yaml").contains("parenting-support"));
}

#[test]
fn an_oruk_version_1_feed_imports_with_its_weekday_schedules_and_taxonomies() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("c");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds-oruk-v1");
    import(&src, &out, &[]);
    checks_clean(&out);
    let agency =
        fs::read_to_string(out.join("agencies/northshire-childrens-centres.yaml")).expect("agency");
    assert!(
        agency.contains("hours: [\"mon,wed 09:30-11:30\"]"),
        "{agency}"
    );
    assert!(agency.contains("value: \"01234 567890\""), "{agency}");
    assert!(
        agency.contains("topics: [\"play-and-leisure\"]"),
        "{agency}"
    );
    assert!(
        agency.contains("website: \"https://www.example.org\""),
        "{agency}"
    );
}

#[test]
fn the_imported_default_warning_goes_when_an_editor_removes_the_marker() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("c");
    import(&feed(), &out, &[]);
    let count = |dir: &Path| -> usize {
        checks_clean(dir)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "imported-default")
            .count()
    };
    let before = count(&out);
    assert!(before > 5, "{before}");
    let path = out.join("agencies/kingsmouth-city-council.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen(
            "type: other  # imported-default",
            "type: local-authority",
            1,
        ),
    )
    .unwrap();
    assert_eq!(count(&out), before - 1);
}

#[test]
fn a_reimport_leaves_a_file_with_errors_alone_and_says_so() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("c");
    import(&feed(), &out, &[]);
    let path = out.join("agencies/kingsmouth-city-council.yaml");
    let broken = fs::read_to_string(&path)
        .unwrap()
        .replacen("summary:", "sumary:", 1);
    fs::write(&path, &broken).unwrap();
    let said = import(&feed(), &out, &[]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        broken,
        "a file with errors was rewritten"
    );
    assert!(
        said.contains("agencies/kingsmouth-city-council.yaml has errors"),
        "{said}"
    );
    assert_eq!(files(&out.join("agencies")).len(), 2, "{said}");
}

#[test]
fn terms_that_are_each_others_parents_make_no_topic_cycle() {
    let tmp = tempfile::tempdir().expect("tmp");
    let src = tmp.path().join("feed.json");
    fs::write(
        &src,
        r#"[{"id": "s1", "name": "Advice", "status": "active", "email": "advice@example.org",
             "organization": {"id": "o1", "name": "Advice Centre", "description": "Advice."},
             "attributes": [
               {"id": "a1", "taxonomy_term": {"id": "t1", "name": "Money", "description": "", "parent_id": "t2"}},
               {"id": "a2", "taxonomy_term": {"id": "t2", "name": "Debt", "description": "", "parent_id": "t1"}}
             ]}]"#,
    )
    .unwrap();
    let out = tmp.path().join("c");
    import(&src, &out, &[]);
    checks_clean(&out);
}

/// The Open Referral UK validator's mock feeds (`OpenReferralApi/Mocks` in
/// tpximpact/OpenReferralApi, the project `../shared/open-referral/oruk-3.0`
/// comes from): every service list, service, organisation and
/// service-at-location file imports into content that checks with 0 errors and
/// holds contact routes (an organisation list holds none). They are not in `../shared/`, so this runs when
/// `ORUK_MOCKS` names that folder; without it the test says so and checks nothing.
#[test]
fn the_uk_validators_mock_feeds_import_and_check_clean() {
    let Some(mocks) = std::env::var_os("ORUK_MOCKS") else {
        eprintln!("ORUK_MOCKS is not set: the UK validator's mock feeds were not tried");
        return;
    };
    let mut tried = 0;
    for profile in fs::read_dir(&mocks).expect("ORUK_MOCKS is a folder") {
        let profile = profile.expect("entry").path();
        let Ok(entries) = fs::read_dir(&profile) else {
            continue;
        };
        for file in entries {
            let file = file.expect("entry").path();
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            let feed = [
                "service_list",
                "service_full",
                "organization_",
                "service_at_location",
            ]
            .iter()
            .any(|p| name.starts_with(p));
            if !feed || !name.ends_with(".json") {
                continue;
            }
            let tmp = tempfile::tempdir().expect("tmp");
            let out = tmp.path().join("c");
            import(&file, &out, &[]);
            checks_clean(&out);
            let routes: usize = files(&out.join("agencies"))
                .iter()
                .map(|(_, yaml)| String::from_utf8_lossy(yaml).matches("channel: ").count())
                .sum();
            // An organisation list carries no services; every other file does.
            assert!(
                routes > 0 || name.starts_with("organization_list"),
                "{}: no contact route imported",
                file.display()
            );
            tried += 1;
        }
    }
    assert!(
        tried > 0,
        "no mock feed under {}",
        Path::new(&mocks).display()
    );
    eprintln!("{tried} mock feeds imported and checked clean");
}
