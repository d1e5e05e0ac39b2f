//! Synthetic content for benchmarks and scale tests: any number of valid agencies
//! following the content model, with topics, glossary, shadowing offers and pages.
//! The same count always gives the same files.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use crate::model::{AgencyType, Role};

const AREAS: &[(&str, &str)] = &[
    ("north", "North"),
    ("south", "South"),
    ("east", "East"),
    ("west", "West"),
    ("central", "Central"),
    ("coast", "Coast"),
];
const TOPIC_WORDS: &[&str] = &[
    "safeguarding",
    "housing",
    "mental-health",
    "substance-use",
    "domestic-abuse",
    "carers",
    "hospital-discharge",
    "food-poverty",
    "debt",
    "school-attendance",
    "youth-justice",
    "learning-disability",
    "dementia",
    "falls",
    "fire-safety",
    "missing-children",
    "exploitation",
    "hate-crime",
    "homelessness",
    "benefits",
    "employment",
    "loneliness",
    "end-of-life",
    "maternity",
    "immunisation",
    "sexual-health",
    "asylum",
    "modern-slavery",
    "prison-release",
    "anti-social-behaviour",
    "hoarding",
    "self-neglect",
    "autism",
    "adhd",
    "speech-therapy",
    "wheelchairs",
    "equipment",
    "adaptations",
    "respite",
    "bereavement",
];
const DAYS: &[&str] = &[
    "mon-fri 09:00-17:00",
    "mon-thu 08:45-17:00",
    "sat,sun 10:00-14:00",
    "fri 17:00-08:00",
];

/// Writes `agencies` synthetic agencies and their shared files into `dir`, which
/// must not exist yet or be empty.
pub fn write(dir: &Path, agencies: usize) -> Result<(), String> {
    if dir.exists()
        && fs::read_dir(dir)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!("{} is not empty; give a new folder", dir.display()));
    }
    for sub in ["agencies", "glossary", "shadowing", "pages"] {
        fs::create_dir_all(dir.join(sub))
            .map_err(|e| format!("{}: {e}", dir.join(sub).display()))?;
    }
    let put =
        |rel: &str, text: &str| fs::write(dir.join(rel), text).map_err(|e| format!("{rel}: {e}"));
    put("site.yaml", &site())?;
    let with_parents = topic_ids();
    put("topics.yaml", &topics_yaml(&with_parents))?;
    let topics: Vec<String> = with_parents.into_iter().map(|(t, _)| t).collect();
    let mut rng = fastrand::Rng::with_seed(2026);
    for i in 0..agencies {
        put(
            &format!("agencies/{}.yaml", agency_id(i)),
            &agency(i, agencies, &topics, &mut rng),
        )?;
    }
    for (name, text) in split("glossary/terms", &glossary(agencies), MAX_FILE_BYTES) {
        put(&name, &text)?;
    }
    for (name, text) in split("shadowing/offers", &shadowing(agencies), MAX_FILE_BYTES) {
        put(&name, &text)?;
    }
    for p in 0..10 {
        put(
            &format!("pages/guide-{p}.md"),
            &format!(
                "---\ntitle: Guide {p}\norder: {p}\ninduction: {}\n---\n# Working together, part {p}\n\nRead this with your manager. Ask the **MASH** when unsure.\n",
                p + 1
            ),
        )?;
    }
    Ok(())
}

/// The most the generator writes into one file: well under the 4 MB that
/// joinedup reads, so that no count of agencies makes a file it refuses.
const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Splits a list's items (each a complete YAML list item) into files of at
/// most `max` bytes: `STEM.yaml` when they fit in one, else `STEM-001.yaml`,
/// `STEM-002.yaml`, … (an item bigger than `max` gets a file of its own).
fn split(stem: &str, items: &[String], max: usize) -> Vec<(String, String)> {
    let mut texts: Vec<String> = Vec::new();
    let mut current = String::new();
    for item in items {
        if !current.is_empty() && current.len() + item.len() > max {
            texts.push(std::mem::take(&mut current));
        }
        current.push_str(item);
    }
    if !current.is_empty() || texts.is_empty() {
        texts.push(current);
    }
    if texts.len() == 1 {
        return texts
            .into_iter()
            .map(|t| (format!("{stem}.yaml"), t))
            .collect();
    }
    texts
        .into_iter()
        .enumerate()
        .map(|(i, t)| (format!("{stem}-{:03}.yaml", i + 1), t))
        .collect()
}

fn agency_id(i: usize) -> String {
    format!("agency-{i:05}")
}

fn site() -> String {
    let mut s = String::from(
        "title: Synthetic Partnership\ndescription: Generated content for benchmarks.\ndefault_visibility: public\nreview_period_months: 12\nareas:\n",
    );
    for (id, name) in AREAS {
        let _ = writeln!(s, "  - id: {id}\n    name: {name}");
    }
    s
}

/// Topic ids with their parents: every word, and a children's and an adults'
/// variant of the first twenty.
fn topic_ids() -> Vec<(String, Option<&'static str>)> {
    let mut ids: Vec<(String, Option<&'static str>)> = TOPIC_WORDS
        .iter()
        .map(|w| ((*w).to_owned(), None))
        .collect();
    for w in TOPIC_WORDS.iter().take(20) {
        ids.push((format!("{w}-for-children"), Some(*w)));
        ids.push((format!("{w}-for-adults"), Some(*w)));
    }
    ids
}

fn topics_yaml(topics: &[(String, Option<&str>)]) -> String {
    let mut s = String::new();
    for (t, parent) in topics {
        let name = t.replace('-', " ");
        let _ = writeln!(
            s,
            "- id: {t}\n  name: {}\n  description: People who need help with {name}.\n  aka: [{name} help]",
            capitalise(&name)
        );
        if let Some(parent) = parent {
            let _ = writeln!(s, "  parent: {parent}");
        }
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn agency(i: usize, total: usize, topics: &[String], rng: &mut fastrand::Rng) -> String {
    let types = AgencyType::WORDS;
    let kind = types[i % types.len()];
    let areas: Vec<&str> = (0..2).map(|k| AREAS[(i + k * 3) % AREAS.len()].0).collect();
    let mut s = format!(
        "name: Agency {i} {kind}\nabbreviation: AG{i}\ntype: {kind}\nsummary: Agency {i} helps people across {} and {}.\ndescription: |\n  Agency {i} works with partners on **{}** and more.\n\n  It has three teams and five contact routes.\nareas: [{}]\nwebsite: https://agency-{i}.example.org\nvisibility: {}\n",
        areas[0],
        areas[1],
        topics[i % topics.len()],
        areas.join(", "),
        if i.is_multiple_of(10) {
            "internal"
        } else {
            "public"
        }
    );
    s.push_str("teams:\n");
    for t in 0..3 {
        let _ = writeln!(
            s,
            "  - id: team-{t}\n    name: Team {t} of agency {i}\n    summary: Works on referrals and assessments.\n    areas: [{}]",
            areas[t % 2]
        );
    }
    s.push_str("remit:\n  does:\n");
    let roles = Role::WORDS;
    for d in 0..6 {
        let topic = &topics[rng.usize(..topics.len())];
        let _ = writeln!(
            s,
            "    - topic: {topic}\n      role: {}\n      team: team-{}\n      detail: Assesses and supports people with {topic}.",
            roles[(i + d) % roles.len()],
            d % 3
        );
    }
    s.push_str("  does_not:\n");
    for _ in 0..2 {
        let topic = &topics[rng.usize(..topics.len())];
        let other = agency_id(rng.usize(..total));
        let _ = writeln!(
            s,
            "    - topic: {topic}\n      detail: We cannot help with this.\n      refer_to: {other}"
        );
    }
    s.push_str("contacts:\n");
    let urgencies = ["emergency", "urgent", "routine", "routine", "routine"];
    for c in 0..5 {
        let hours = if c == 0 {
            "24/7".to_owned()
        } else {
            format!("[{}, {}]", DAYS[c % DAYS.len()], DAYS[(c + 1) % DAYS.len()])
        };
        let (channel, value) = match c % 3 {
            0 => ("phone", format!("01632 96{:04}", (i * 5 + c) % 10_000)),
            1 => ("email", format!("team{c}@agency-{i}.example.org")),
            _ => (
                "web-form",
                format!("https://agency-{i}.example.org/refer/{c}"),
            ),
        };
        let _ = writeln!(
            s,
            "  - id: route-{c}\n    purpose: Referrals of type {c}\n    audience: [professionals]\n    urgency: {}\n    channel: {channel}\n    value: \"{value}\"\n    hours: {hours}\n    topics: [{}]\n    team: team-{}\n    response: Within {} working days\n    out_of_hours: route-0",
            urgencies[c],
            topics[(i + c) % topics.len()],
            c % 3,
            c + 1
        );
    }
    let _ = writeln!(
        s,
        "review:\n  owner: Communications Team\n  last_reviewed: 2026-{:02}-{:02}",
        1 + i % 12,
        1 + i % 28
    );
    s
}

/// The glossary's entries, each a complete list item.
fn glossary(agencies: usize) -> Vec<String> {
    let mut items = Vec::new();
    let n = 300.min(agencies.max(1) * 3);
    for g in 0..n {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "- term: Synthetic term number {g}\n  abbreviation: ST{g}\n  definition: A made-up term used to test the glossary at scale.\n  used_by: [{}]",
            agency_id(g % agencies.max(1))
        );
        items.push(s);
    }
    items
}

/// The shadowing offers, each a complete list item.
fn shadowing(agencies: usize) -> Vec<String> {
    let mut items = Vec::new();
    for o in 0..(agencies / 10).max(1).min(agencies) {
        let agency = agency_id(o * 10 % agencies.max(1));
        let mut s = String::new();
        let _ = writeln!(
            s,
            "- id: offer-{o}\n  agency: {agency}\n  team: team-0\n  title: A day with team 0\n  description: Spend a day seeing how referrals are handled.\n  open_to: [social workers, nurses]\n  format: in-person\n  duration: 1 day\n  dates: [2026-12-03, 2027-01-14]\n  places: 2\n  apply: {agency}/route-1\n  closes: 2027-01-01"
        );
        items.push(s);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_split_into_files_under_the_limit() {
        let items: Vec<String> = (0..10).map(|i| format!("- id: item-{i:03}\n")).collect();
        let one = split("x/list", &items, 1000);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "x/list.yaml");
        let many = split("x/list", &items, 40);
        assert_eq!(many.len(), 5, "{many:?}");
        assert_eq!(many[0].0, "x/list-001.yaml");
        assert_eq!(many[4].0, "x/list-005.yaml");
        assert!(many.iter().all(|(_, t)| t.len() <= 40));
        let joined: String = many.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(joined, items.concat());
        assert_eq!(
            split("x/list", &[], 40),
            vec![("x/list.yaml".to_owned(), String::new())]
        );
    }

    #[test]
    fn no_file_exceeds_the_limit_at_100_000_agencies_or_more() {
        // At 200,000 agencies the offers alone are more than the 4 MB joinedup reads.
        for agencies in [100_000, 200_000] {
            let offers = shadowing(agencies);
            let total = offers.concat().len();
            let files = split("shadowing/offers", &offers, MAX_FILE_BYTES);
            assert!(files.len() >= total / MAX_FILE_BYTES, "{total} bytes");
            assert!(files.iter().all(|(_, t)| t.len() <= MAX_FILE_BYTES));
            let glossary = split("glossary/terms", &glossary(agencies), MAX_FILE_BYTES);
            assert!(glossary.iter().all(|(_, t)| t.len() <= MAX_FILE_BYTES));
        }
        assert!(shadowing(200_000).concat().len() > 4 * 1024 * 1024);
        let mut rng = fastrand::Rng::with_seed(2026);
        let topics: Vec<String> = topic_ids().into_iter().map(|(t, _)| t).collect();
        assert!(agency(99_999, 100_000, &topics, &mut rng).len() < MAX_FILE_BYTES);
        assert!(topics_yaml(&topic_ids()).len() < MAX_FILE_BYTES);
    }
}
