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
    put("glossary/terms.yaml", &glossary(agencies))?;
    put("shadowing/offers.yaml", &shadowing(agencies))?;
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

fn glossary(agencies: usize) -> String {
    let mut s = String::new();
    let n = 300.min(agencies.max(1) * 3);
    for g in 0..n {
        let _ = writeln!(
            s,
            "- term: Synthetic term number {g}\n  abbreviation: ST{g}\n  definition: A made-up term used to test the glossary at scale.\n  used_by: [{}]",
            agency_id(g % agencies.max(1))
        );
    }
    s
}

fn shadowing(agencies: usize) -> String {
    let mut s = String::new();
    for o in 0..(agencies / 10).max(1).min(agencies) {
        let agency = agency_id(o * 10 % agencies.max(1));
        let _ = writeln!(
            s,
            "- id: offer-{o}\n  agency: {agency}\n  team: team-0\n  title: A day with team 0\n  description: Spend a day seeing how referrals are handled.\n  open_to: [social workers, nurses]\n  format: in-person\n  duration: 1 day\n  dates: [2026-12-03, 2027-01-14]\n  places: 2\n  apply: {agency}/route-1\n  closes: 2027-01-01"
        );
    }
    s
}
