//! Builds of directories too big for one page: the route finder sends people
//! need by need, and the who-does-what matrix becomes a summary of needs against
//! types of agency with a full table per type, in parts when a type is big.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{Site, build_ok};

/// 450 synthetic agencies (`joinedup synth`), built once for this file's tests.
fn big_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("scale-450");
        let _ = fs::remove_dir_all(&dir);
        let content = dir.join("content");
        let made = std::process::Command::new(env!("CARGO_BIN_EXE_joinedup"))
            .args(["synth", "--agencies", "450", "--output"])
            .arg(&content)
            .output()
            .expect("synth");
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let out = dir.join("site");
        build_ok(&content, &out, &[]);
        out
    })
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The directory export of a built site.
fn directory(out: &Path) -> serde_json::Value {
    serde_json::from_str(&read(out, "data/directory.json")).expect("json")
}

/// Each agency's strongest role in each need it names: (agency, topic) → role.
fn roles(json: &serde_json::Value) -> BTreeMap<(String, String), String> {
    const ORDER: [&str; 4] = ["lead", "joint", "support", "signpost"];
    let rank = |r: &str| ORDER.iter().position(|o| *o == r).unwrap_or(ORDER.len());
    let mut out: BTreeMap<(String, String), String> = BTreeMap::new();
    for a in json["agencies"].as_array().expect("agencies") {
        let id = a["id"].as_str().expect("id").to_owned();
        for d in a["does"].as_array().expect("does") {
            let topic = d["topic"].as_str().expect("topic").to_owned();
            let role = d["role"].as_str().expect("role").to_owned();
            let slot = out
                .entry((id.clone(), topic))
                .or_insert_with(|| role.clone());
            if rank(&role) < rank(slot) {
                *slot = role;
            }
        }
    }
    out
}

/// A matrix page's table: the agencies of its columns (by id, from their links)
/// and each need's row (by topic id) as one cell text per column.
struct Table {
    agencies: Vec<String>,
    rows: BTreeMap<String, Vec<String>>,
}

fn table(html: &str) -> Table {
    let head = regex::Regex::new(r#"<th scope="col"><a href="[./]*agencies/([^/"]+)/index\.html""#)
        .expect("regex");
    let row = regex::Regex::new(r#"(?s)<tr id="need-([^"]+)"[^>]*>(.*?)</tr>"#).expect("regex");
    let cell = regex::Regex::new(r"(?s)<td[^>]*>(.*?)</td>").expect("regex");
    let tags = regex::Regex::new(r"<[^>]*>").expect("regex");
    Table {
        agencies: head.captures_iter(html).map(|c| c[1].to_owned()).collect(),
        rows: row
            .captures_iter(html)
            .map(|r| {
                let cells = cell
                    .captures_iter(&r[2])
                    .map(|c| tags.replace_all(&c[1], "").trim().to_owned())
                    .collect();
                (r[1].to_owned(), cells)
            })
            .collect(),
    }
}

/// The letter a role shows as in the matrix.
fn letter(role: &str) -> &'static str {
    match role {
        "lead" => "L",
        "joint" => "J",
        "support" => "S",
        _ => "P",
    }
}

#[test]
fn a_big_directory_s_route_finder_sends_people_need_by_need() {
    // 450 synthetic agencies have 2,250 routes, more than the finder lists itself.
    let out = big_site();
    let json: serde_json::Value =
        serde_json::from_str(&read(out, "data/directory.json")).expect("json");
    let mut untagged = 0;
    let mut by_topic: BTreeMap<String, usize> = BTreeMap::new();
    for a in json["agencies"].as_array().expect("agencies") {
        for c in a["contacts"].as_array().expect("contacts") {
            let topics = c["topics"].as_array().expect("topics");
            untagged += usize::from(topics.is_empty());
            for t in topics {
                *by_topic
                    .entry(t.as_str().expect("id").to_owned())
                    .or_default() += 1;
            }
        }
    }
    assert!(by_topic.values().sum::<usize>() > 2_000);

    // A need's page lists its routes and its narrower needs'.
    let topics: BTreeMap<&str, &serde_json::Value> = json["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|t| (t["id"].as_str().expect("id"), t))
        .collect();
    let listed = |topic: &str| -> usize {
        let mut keys = BTreeSet::new();
        let mut stack = vec![topic];
        while let Some(t) = stack.pop() {
            let Some(v) = topics.get(t) else { continue };
            keys.extend(
                v["routes"]
                    .as_array()
                    .expect("routes")
                    .iter()
                    .filter_map(|r| r.as_str()),
            );
            stack.extend(
                v["children"]
                    .as_array()
                    .expect("children")
                    .iter()
                    .filter_map(|c| c.as_str()),
            );
        }
        keys.len()
    };

    let finder = read(out, "contacts/index.html");
    assert_eq!(
        finder.matches("<li class=\"route").count(),
        untagged,
        "the finder lists only the routes with no need"
    );
    for (topic, routes) in &by_topic {
        let link = format!("href=\"../topics/{topic}/index.html#routes\"");
        assert!(
            finder.contains(&link),
            "the finder links to {topic}'s routes"
        );
        // Each need's page lists its routes, with the urgency and open-now filters.
        let page = read(out, &format!("topics/{topic}/index.html"));
        assert!(page.matches("<li class=\"route").count() >= *routes);
        assert_eq!(
            page.matches("<li class=\"route").count(),
            listed(topic),
            "{topic}"
        );
        assert!(page.contains("id=\"routes\""));
        if *routes > 1 {
            assert!(page.contains("data-filter-list=\"need-routes\""), "{topic}");
            assert!(page.contains("id=\"filter-urgency\""), "{topic}");
        }
    }
    assert!(
        finder.len() < 100_000,
        "the finder stays small: {} bytes",
        finder.len()
    );
}

#[test]
fn a_big_directory_s_matrix_is_a_table_per_type_holding_every_agency_s_role_once() {
    let out = big_site();
    let json = directory(out);
    let roles = roles(&json);
    let type_of: BTreeMap<String, String> = json["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id").to_owned(),
                a["type"].as_str().expect("type").to_owned(),
            )
        })
        .collect();
    let topics: BTreeSet<String> = json["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|t| t["id"].as_str().expect("id").to_owned())
        .collect();

    // The matrix's own page has no column per agency: 450 would not fit.
    let index = read(out, "who-does-what/index.html");
    assert!(table(&index).agencies.is_empty());
    assert!(index.contains("class=\"matrix matrix-summary\""));

    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let types: BTreeSet<&String> = type_of.values().collect();
    for ty in &types {
        let rel = format!("who-does-what/{ty}/index.html");
        assert!(
            index.contains(&format!("href=\"{ty}/index.html\"")),
            "{rel} is linked"
        );
        let page = table(&read(out, &rel));
        assert!(
            !out.join(format!("who-does-what/{ty}/2/index.html"))
                .exists()
        );
        assert!(!page.agencies.is_empty(), "{rel}");
        assert_eq!(
            page.rows.keys().cloned().collect::<BTreeSet<_>>(),
            topics,
            "{rel}"
        );
        for (column, agency) in page.agencies.iter().enumerate() {
            assert_eq!(
                type_of.get(agency),
                Some(*ty),
                "{rel}: {agency} is another type"
            );
            assert!(
                seen.insert(agency.clone(), rel.clone()).is_none(),
                "{agency} twice"
            );
            for (topic, cells) in &page.rows {
                let want = roles
                    .get(&(agency.clone(), topic.clone()))
                    .map_or("", |r| letter(r));
                assert_eq!(cells[column], want, "{rel}: {agency} in {topic}");
            }
        }
    }
    assert_eq!(seen.len(), type_of.len(), "every agency has a column");
}

#[test]
fn a_big_directory_s_matrix_page_counts_each_type_s_roles_per_need() {
    let out = big_site();
    let json = directory(out);
    let roles = roles(&json);
    let type_of: BTreeMap<&str, &str> = json["agencies"]
        .as_array()
        .expect("agencies")
        .iter()
        .map(|a| {
            (
                a["id"].as_str().expect("id"),
                a["type"].as_str().expect("type"),
            )
        })
        .collect();
    let index = read(out, "who-does-what/index.html");
    let head =
        regex::Regex::new(r#"<th scope="col"><a href="([a-z-]+)/index\.html">"#).expect("regex");
    let columns: Vec<String> = head
        .captures_iter(&index)
        .map(|c| c[1].to_owned())
        .collect();
    assert_eq!(columns.len(), 13, "every type of agency has a column");
    let row = regex::Regex::new(
        r#"(?s)<tr[^>]*>\s*<th scope="row"><a href="\.\./topics/([^/]+)/index\.html">.*?</th>(.*?)</tr>"#,
    )
    .expect("regex");
    let cell = regex::Regex::new(r#"<td>(?:<a href="([^"]+)">([^<]*)</a>)?</td>"#).expect("regex");
    let mut rows = 0;
    for r in row.captures_iter(&index) {
        let topic = &r[1];
        let cells: Vec<(Option<String>, String)> = cell
            .captures_iter(&r[2])
            .map(|c| {
                (
                    c.get(1).map(|m| m.as_str().to_owned()),
                    c.get(2).map_or(String::new(), |m| m.as_str().to_owned()),
                )
            })
            .collect();
        assert_eq!(cells.len(), columns.len(), "{topic}");
        for (ty, (href, text)) in columns.iter().zip(&cells) {
            let mut counts = [0; 4];
            for ((agency, t), role) in &roles {
                if t == topic && type_of.get(agency.as_str()) == Some(&ty.as_str()) {
                    counts[["lead", "joint", "support", "signpost"]
                        .iter()
                        .position(|x| x == role)
                        .expect("role")] += 1;
                }
            }
            let want: Vec<String> = ["L", "J", "S", "P"]
                .iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .map(|(l, n)| format!("{l}{n}"))
                .collect();
            assert_eq!(*text, want.join(" "), "{topic}, {ty}");
            // A count leads to the type's table, at the need's row.
            let expected = (!want.is_empty()).then(|| format!("{ty}/index.html#need-{topic}"));
            assert_eq!(*href, expected, "{topic}, {ty}");
        }
        rows += 1;
    }
    assert_eq!(rows, json["topics"].as_array().expect("topics").len());
}

#[test]
fn a_big_directory_s_links_and_anchors_all_resolve() {
    let checked = common::assert_links_resolve(big_site());
    assert!(checked > 20_000, "only {checked} links checked");
}

#[test]
fn a_type_with_more_agencies_than_one_table_holds_is_split_into_even_parts() {
    let site = Site::minimal();
    // With the fixture's Beta Police, 171 police forces and one council.
    for i in 0..170 {
        site.write(
            &format!("agencies/force-{i:03}.yaml"),
            &format!(
                "name: Force {i:03}\ntype: police\nsummary: Polices part of the area.\nareas: [north]\n\
                 remit:\n  does:\n    - topic: safeguarding\n      role: support\n\
                 review:\n  owner: Comms\n  last_reviewed: 2026-09-14\n  next_review: 2027-03-14\n"
            ),
        );
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("site");
    build_ok(site.path(), &out, &[]);

    let first = read(&out, "who-does-what/police/index.html");
    let second = read(&out, "who-does-what/police/2/index.html");
    assert!(!out.join("who-does-what/police/3/index.html").exists());
    let (a, b) = (table(&first), table(&second));
    assert_eq!((a.agencies.len(), b.agencies.len()), (86, 85), "even parts");
    // A to Z: Beta Police, Force 000 … Force 084 | Force 085 … Force 169.
    assert_eq!(a.agencies.first().map(String::as_str), Some("beta-police"));
    assert_eq!(a.agencies.last().map(String::as_str), Some("force-084"));
    assert_eq!(b.agencies.first().map(String::as_str), Some("force-085"));
    assert_eq!(b.agencies.last().map(String::as_str), Some("force-169"));
    assert_eq!(
        a.rows["safeguarding"][0], "J",
        "Beta Police shares the lead"
    );
    assert!(a.rows["safeguarding"][1..].iter().all(|c| c == "S"));
    assert!(b.rows["housing"].iter().all(String::is_empty));

    // Each part names itself and links to the other; the matrix's page lists both.
    assert!(first.contains("<h1>Who does what: Police <span class=\"abbr\">(1 of 2)</span></h1>"));
    assert!(first.contains(
        "href=\"../../who-does-what/police/2/index.html\">2: Force 085 to Force 169</a>"
    ));
    assert!(second.contains(
        "href=\"../../../who-does-what/police/index.html\">1: Beta Police to Force 084</a>"
    ));
    assert!(second.contains("<span aria-current=\"page\">2: Force 085 to Force 169</span>"));
    let index = read(&out, "who-does-what/index.html");
    assert!(index.contains("<a href=\"police/index.html\">Police</a>: 171 agencies, in 2 parts"));
    assert!(index.contains("<a href=\"police/2/index.html\">Force 085 to Force 169</a>"));
    assert!(index.contains("<a href=\"police/index.html#need-safeguarding\">J1 S170</a>"));
    assert!(index.contains("<a href=\"local-authority/index.html#need-housing\">L1</a>"));
    assert_eq!(
        table(&read(&out, "who-does-what/local-authority/index.html")).agencies,
        ["alpha-council"]
    );
    common::assert_links_resolve(&out);
}
