//! The Open Referral export (`export hsds`, `build --hsds`): valid against the
//! HSDS 3.0 and UK profile schemas, permissive and strict, for the example and
//! for 2,000 generated agencies; stable ids; nothing internal in a public export.

use crate::common;
use crate::hsds_schemas;

use std::fs;
use std::path::{Path, PathBuf};

use common::{Site, TODAY, build_ok, files, joinedup};
use hsds_schemas::{Flavour, empties};
use serde_json::Value;

fn export(content: &Path, out: &Path, extra: &[&str]) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["export", "hsds", "--today", TODAY, "--content"])
        .arg(content)
        .arg("--output")
        .arg(out)
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run joinedup export");
    assert!(
        run.status.success(),
        "export failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("read")).expect("json")
}

fn assert_no_empties(dir: &Path) {
    for (rel, bytes) in files(dir) {
        if !rel.ends_with(".json") {
            continue;
        }
        let v: Value = serde_json::from_slice(&bytes).expect("json");
        let mut found = Vec::new();
        empties(&v, "", &mut found);
        assert!(
            found.is_empty(),
            "{rel} has null or empty values at {found:?}"
        );
    }
}

#[test]
fn the_example_exports_valid_hsds_and_oruk() {
    let tmp = tempfile::tempdir().expect("tmp");
    let hsds = tmp.path().join("hsds");
    export(
        &common::example(),
        &hsds,
        &["--base-url", "https://example.org/partners/"],
    );
    let checked = Flavour::hsds().assert_export_valid(&hsds);
    assert!(checked > 200, "only {checked} records checked");
    assert_no_empties(&hsds);

    let oruk = tmp.path().join("oruk");
    export(&common::example(), &oruk, &["--flavour", "oruk"]);
    Flavour::oruk().assert_export_valid(&oruk);
    assert_no_empties(&oruk);

    // The UK profile has no phones; HSDS keeps them.
    let services = fs::read_to_string(hsds.join("services.json")).expect("services");
    assert!(
        !services.contains("\"phones\""),
        "list items carry no nested records"
    );
    let any_phone = fs::read_dir(hsds.join("services"))
        .expect("dir")
        .any(|e| json(&e.expect("e").path())["phones"][0]["number"].is_string());
    assert!(
        any_phone,
        "no service carries a phone number in the hsds flavour"
    );
    for e in fs::read_dir(oruk.join("services")).expect("dir") {
        assert!(json(&e.expect("e").path()).get("phones").is_none());
    }
}

#[test]
fn an_overnight_route_is_split_at_midnight_and_extensions_keep_what_hsds_cannot() {
    let site = Site::example();
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("x");
    export(site.path(), &out, &[]);
    let ext = json(&out.join("joinedup.json"));
    // The emergency duty team's evenings run past midnight.
    let (id, route) = ext["services"]
        .as_object()
        .expect("services")
        .iter()
        .find(|(_, s)| {
            s["hours"].as_array().is_some_and(|h| {
                h.iter().any(|l| {
                    l.as_str().is_some_and(|l| {
                        let t: Vec<&str> = l.rsplit(' ').next().unwrap_or("").split('-').collect();
                        t.len() == 2 && t[1] < t[0] && t[1] != "24:00"
                    })
                })
            })
        })
        .expect("a route open past midnight in the example");
    let service = json(&out.join(format!("services/{id}.json")));
    let schedules = service["schedules"].as_array().expect("schedules");
    for s in schedules {
        let (o, c) = (
            s["opens_at"].as_str().unwrap(),
            s["closes_at"].as_str().unwrap(),
        );
        assert!(o < c, "{o}-{c} does not lie within one day in {service:#}");
    }
    assert!(
        schedules.iter().any(|s| s["closes_at"] == "23:59")
            && schedules.iter().any(|s| s["opens_at"] == "00:00"),
        "the overnight range was not split at midnight: {schedules:#?} (hours {})",
        route["hours"]
    );
    assert!(route["bank_holidays"].is_string());
    // A remit's does_not with refer_to goes into the extensions.
    let refers = ext["organizations"]
        .as_object()
        .expect("orgs")
        .values()
        .flat_map(|o| o["does_not"].as_array().cloned().unwrap_or_default())
        .filter(|d| d["refer_to"].is_string())
        .count();
    assert!(refers > 0, "no does_not refer_to in the extensions");
}

#[test]
fn ids_are_the_same_in_two_builds_and_build_writes_data_hsds() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build_ok(&common::example(), &a, &["--hsds"]);
    build_ok(&common::example(), &b, &["--hsds"]);
    let fa = files(&a.join("data/hsds"));
    assert!(fa.len() > 100, "data/hsds has {} files", fa.len());
    assert_eq!(fa, files(&b.join("data/hsds")), "two builds differ");
    // An id depends on the record, not on the order of the files.
    let site = Site::example();
    site.write(
        "agencies/aaa-first.yaml",
        &site
            .read("agencies/kingsmouth-foodbank.yaml")
            .replace("name: Kingsmouth Foodbank", "name: Another Foodbank"),
    );
    let c = tmp.path().join("c");
    build_ok(site.path(), &c, &["--hsds"]);
    let ids = |dir: &Path| -> Vec<String> {
        json(&dir.join("data/hsds/services.json"))["contents"]
            .as_array()
            .expect("contents")
            .iter()
            .map(|s| s["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let (before, after) = (ids(&a), ids(&c));
    assert!(
        before.iter().all(|id| after.contains(id)),
        "an id changed when an agency was added"
    );
    // Without hsds the build writes none.
    let d = tmp.path().join("d");
    build_ok(&common::example(), &d, &[]);
    assert!(!d.join("data/hsds").exists());
    // site.yaml's `hsds: oruk` asks for it.
    let e = tmp.path().join("e");
    site.edit(
        "site.yaml",
        "default_visibility: public",
        "default_visibility: public\nhsds: oruk",
    );
    build_ok(site.path(), &e, &[]);
    Flavour::oruk().assert_export_valid(&e.join("data/hsds"));
}

#[test]
fn a_public_export_has_no_internal_record() {
    let site = Site::example();
    site.write(
        "agencies/secret-team-agency.yaml",
        "name: Hidden Partnership Unit\ntype: other\nsummary: Internal only.\nareas: [kingsmouth]\nvisibility: internal\ncontacts:\n  - id: line\n    purpose: Hidden consultation line\n    audience: [professionals]\n    urgency: routine\n    channel: phone\n    value: 01234 999111\n    hours: mon-fri 09:00-17:00\nreview:\n  owner: Directory team\n  last_reviewed: 2026-10-01\n",
    );
    let tmp = tempfile::tempdir().expect("tmp");
    let (all, public) = (tmp.path().join("all"), tmp.path().join("public"));
    export(site.path(), &all, &[]);
    export(site.path(), &public, &["--public"]);
    let ext_all = json(&all.join("joinedup.json"));
    let ext_public = json(&public.join("joinedup.json"));
    let keys = |v: &Value, k: &str| -> Vec<String> {
        v[k].as_object().expect(k).keys().cloned().collect()
    };
    let hidden: Vec<String> = keys(&ext_all, "services")
        .into_iter()
        .filter(|id| !keys(&ext_public, "services").contains(id))
        .chain(
            keys(&ext_all, "organizations")
                .into_iter()
                .filter(|id| !keys(&ext_public, "organizations").contains(id)),
        )
        .collect();
    assert!(
        hidden.len() > 5,
        "the example should have internal records: {hidden:?}"
    );
    let everything: String = files(&public)
        .into_iter()
        .map(|(_, b)| String::from_utf8(b).expect("utf8"))
        .collect();
    for id in &hidden {
        assert!(
            !everything.contains(id.as_str()),
            "internal record {id} in the public export"
        );
    }
    for text in [
        "Hidden Partnership Unit",
        "01234 999111",
        "Hidden consultation line",
    ] {
        assert!(!everything.contains(text), "`{text}` in the public export");
    }
    // Every internal route of the example is left out, by its joinedup key.
    for (id, s) in ext_all["services"].as_object().expect("services") {
        let key = s["joinedup_id"].as_str().expect("key");
        if key.starts_with("secret-team-agency/") {
            assert!(!ext_public["services"].as_object().unwrap().contains_key(id));
        }
    }
    Flavour::hsds().assert_export_valid(&public);
}

#[test]
fn an_export_never_overwrites_a_folder_it_did_not_make() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("mine");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("notes.txt"), "keep me").expect("write");
    let run = joinedup(&["export", "hsds", "--today", TODAY, "--output"], &dir);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("not empty"));
    assert_eq!(
        fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "keep me"
    );
    // An earlier export is replaced.
    let out = tmp.path().join("out");
    export(&common::example(), &out, &[]);
    fs::write(out.join("services/stale.json"), "{}").expect("write");
    export(&common::example(), &out, &[]);
    assert!(!out.join("services/stale.json").exists());
}

/// 2,000 synthetic agencies, exported in both flavours and validated record by record.
#[test]
fn two_thousand_generated_agencies_export_valid_hsds_and_oruk() {
    let dir: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hsds-2000");
    let _ = fs::remove_dir_all(&dir);
    let content = dir.join("content");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_joinedup"))
        .args(["synth", "--agencies", "2000", "--output"])
        .arg(&content)
        .output()
        .expect("synth");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    for (flavour, schemas) in [("hsds", Flavour::hsds()), ("oruk", Flavour::oruk())] {
        let out = dir.join(flavour);
        export(&content, &out, &["--flavour", flavour]);
        let checked = schemas.assert_export_valid(&out);
        assert!(
            checked > 10_000,
            "{flavour}: only {checked} records checked"
        );
    }
    let _ = fs::remove_dir_all(&dir);
}

/// The check of a whole export can fail: one record with a property the
/// schemas do not have, among many valid ones, fails it.
#[test]
fn an_export_with_one_bad_record_is_not_valid() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("x");
    export(&common::example(), &out, &[]);
    let schemas = Flavour::hsds();
    assert!(schemas.assert_export_valid(&out) > 200);
    let last = fs::read_dir(out.join("organizations"))
        .expect("dir")
        .map(|e| e.expect("e").path())
        .max()
        .expect("an organization");
    let mut record = json(&last);
    record["x_unknown"] = Value::from("not in HSDS");
    fs::write(&last, record.to_string()).expect("write");
    let failed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        schemas.assert_export_valid(&out)
    }));
    let message = failed
        .err()
        .and_then(|e| e.downcast::<String>().ok())
        .expect("the bad record failed the check");
    assert!(
        message.contains(&last.display().to_string()) && message.contains("strict"),
        "{message}"
    );
}

/// The checks above can fail: the strict schemas refuse an extra property, the
/// format checks a malformed id, and the UK profile a phone.
#[test]
fn the_schemas_refuse_what_the_flavours_do_not_allow() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("x");
    export(&common::example(), &out, &[]);
    let entry = fs::read_dir(out.join("services"))
        .expect("dir")
        .map(|e| e.expect("e").path())
        .find(|p| json(p)["phones"].is_array())
        .expect("a service with a phone");
    let service = json(&entry);
    let (hsds, oruk) = (Flavour::hsds(), Flavour::oruk());
    assert!(hsds.service.strictly_valid(&service));
    let mut extra = service.clone();
    extra["x_bank_holidays"] = Value::from("closed");
    assert!(hsds.service.loose.is_valid(&extra) && !hsds.service.strictly_valid(&extra));
    let mut bad_id = service.clone();
    bad_id["id"] = Value::from("agency-1/route");
    assert!(
        !hsds.service.loose.is_valid(&bad_id),
        "format checks are off"
    );
    assert!(
        !oruk.service.strictly_valid(&service),
        "the UK profile took a phone"
    );
}
