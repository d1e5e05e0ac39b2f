//! Many random mutations of valid files never make `check` panic: every mutant
//! is loaded and analysed, and a sample is checked through the binary too, whose
//! exit code must be 0 or 1 (101 would be a panic).

use crate::common;

use std::panic;

use common::Site;
use joinedup::model::Date;

const FILES: &[&str] = &[
    "site.yaml",
    "topics.yaml",
    "agencies/alpha-council.yaml",
    "agencies/beta-police.yaml",
    "glossary/terms.yaml",
    "shadowing/offers.yaml",
    "pages/welcome.md",
];

const SNIPPETS: &[&str] = &[
    ":",
    "- ",
    " ",
    "\n",
    "\r\n",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "'",
    "\"",
    "\t",
    "#",
    "é",
    "---\n",
    "!!binary ",
    "? ",
    "|\n",
    ">-\n",
    "~",
    "null",
    "24/7",
    "mon-fri 25:00-99:99",
    "<<: *a\n",
    "2026-02-30",
    "-1",
    "99999999999999999999999",
    "/",
    "../",
    "\u{feff}",
    "\u{202e}",
    "x: [&a y, *a]\n",
];

fn mutate(rng: &mut fastrand::Rng, text: &str) -> Vec<u8> {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.usize(1..=3) {
        let len = bytes.len().max(1);
        match rng.u8(0..7) {
            0 => {
                let at = rng.usize(0..len);
                let n = rng.usize(0..=8).min(bytes.len().saturating_sub(at));
                bytes.drain(at..at + n);
            }
            1 => {
                let at = rng.usize(0..=bytes.len());
                let s = SNIPPETS[rng.usize(0..SNIPPETS.len())];
                bytes.splice(at..at, s.bytes());
            }
            2 => {
                let at = rng.usize(0..=bytes.len());
                bytes.insert(at, rng.u8(..));
            }
            3 => bytes.truncate(rng.usize(0..=bytes.len())),
            _ => {
                // Line-level: duplicate, swap or re-indent a line.
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
                if lines.is_empty() {
                    continue;
                }
                let i = rng.usize(0..lines.len());
                let j = rng.usize(0..lines.len());
                match rng.u8(0..3) {
                    0 => {
                        let l = lines[i].clone();
                        lines.insert(j, l);
                    }
                    1 => lines.swap(i, j),
                    _ => {
                        lines[i] =
                            format!("{}{}", " ".repeat(rng.usize(0..6)), lines[i].trim_start())
                    }
                }
                bytes = (lines.join("\n") + "\n").into_bytes();
            }
        }
    }
    bytes
}

#[test]
fn random_mutations_never_panic() {
    mutate_files(Site::minimal(), FILES, 600);
}

/// The same for agreements, meetings and pathways (`tests/fixtures/kinds/`).
#[test]
fn random_mutations_of_agreements_meetings_and_pathways_never_panic() {
    let site = Site::minimal();
    let files = [
        ("agreements/a.yaml", "agreements.yaml"),
        ("meetings/m.yaml", "meetings.yaml"),
        ("pathways/child-protection.yaml", "child-protection.yaml"),
    ];
    for (to, from) in files {
        let text =
            std::fs::read_to_string(format!("tests/fixtures/kinds/{from}")).expect("fixture");
        site.write(to, &text);
    }
    mutate_files(site, &files.map(|(to, _)| to), 300);
}

fn mutate_files(site: Site, files: &[&str], rounds: usize) {
    let originals: Vec<(&str, String)> = files.iter().map(|f| (*f, site.read(f))).collect();
    let today = Date::parse(common::TODAY).expect("date");
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    for round in 0..rounds {
        let (file, original) = &originals[rng.usize(0..originals.len())];
        let mutant = mutate(&mut rng, original);
        site.write_bytes(file, &mutant);
        let result = panic::catch_unwind(|| {
            let loaded = joinedup::load::load(site.path()).expect("the folder exists");
            joinedup::analyse::analyse(&loaded, today)
        });
        if result.is_err() {
            panic!(
                "round {round}: check panicked on this {file}:\n{}",
                String::from_utf8_lossy(&mutant)
            );
        }
        if round % 60 == 0 {
            let out = common::joinedup(
                &[
                    "check",
                    "--format",
                    "json",
                    "--today",
                    common::TODAY,
                    "--content",
                ],
                site.path(),
            );
            assert!(
                matches!(out.status.code(), Some(0) | Some(1)),
                "round {round}: exit {:?} on {file}",
                out.status.code()
            );
            let json: serde_json::Value =
                serde_json::from_slice(&out.stdout).expect("valid JSON even for broken content");
            assert!(json["findings"].is_array());
        }
        site.write(file, original);
    }
}
