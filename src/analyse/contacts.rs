//! Contact routes: `no-out-of-hours` (an urgent or emergency route that is closed
//! part of the week, on bank holidays or by an exception, and names no
//! `out_of_hours` route) and `personal-contact` (an
//! e-mail address that looks like a named person's rather than a team's).

use crate::findings::{Code, Finding};
use crate::model::schedule::ExceptionHours;
use crate::model::{Agency, Channel, ContactRoute, Content, Urgency};

/// Words that mark a shared, team address: `duty.team@`, `adult.safeguarding@`.
const TEAM_WORDS: &[&str] = &[
    "access",
    "admin",
    "admissions",
    "adult",
    "adults",
    "advice",
    "appointments",
    "ask",
    "assessment",
    "bookings",
    "business",
    "camhs",
    "care",
    "carers",
    "central",
    "centre",
    "child",
    "children",
    "clinic",
    "community",
    "complaints",
    "contact",
    "contacts",
    "council",
    "crisis",
    "desk",
    "discharge",
    "district",
    "domestic",
    "door",
    "duty",
    "early",
    "edt",
    "education",
    "emergency",
    "enquiries",
    "enquiry",
    "families",
    "family",
    "first",
    "front",
    "general",
    "gp",
    "group",
    "health",
    "help",
    "helpdesk",
    "helpline",
    "homeless",
    "homelessness",
    "hospital",
    "hours",
    "hub",
    "info",
    "information",
    "intake",
    "liaison",
    "mailbox",
    "marac",
    "mash",
    "mappa",
    "mental",
    "midwifery",
    "nhs",
    "no-reply",
    "noreply",
    "nurse",
    "nurses",
    "nursing",
    "office",
    "ooh",
    "options",
    "out",
    "panel",
    "partnership",
    "partnerships",
    "patient",
    "pcn",
    "police",
    "practice",
    "probation",
    "protection",
    "queries",
    "reception",
    "referral",
    "referrals",
    "safeguarding",
    "school",
    "service",
    "services",
    "social",
    "support",
    "surgery",
    "switchboard",
    "team",
    "teams",
    "therapy",
    "training",
    "triage",
    "unit",
    "volunteers",
    "ward",
    "welfare",
    "wellbeing",
    "youth",
];

pub(crate) fn check(content: &Content, out: &mut Vec<Finding>) {
    for a in &content.agencies {
        for c in &a.contacts {
            let urgent = matches!(c.urgency.value, Urgency::Urgent | Urgency::Emergency);
            if urgent
                && c.out_of_hours.is_none()
                && let Some((message, hint)) = closes(a, c)
            {
                out.push(Finding::at(Code::NoOutOfHours, c.loc, message).hint(hint));
            }
            let value = c.value.value.trim();
            let emailish = matches!(c.channel.value, Channel::Email | Channel::SecureEmail)
                || value.contains('@');
            if emailish && looks_personal(value) {
                let message = format!(
                    "`{value}` looks like a named person's address; a route should outlast any one member of staff"
                );
                let hint = "use a team mailbox (like `duty.team@…` or `mash@…`), and the person's role in `notes:` if it helps";
                out.push(Finding::at(Code::PersonalContact, c.value.loc, message).hint(hint));
            }
        }
    }
}

/// Common UK given names (see the file for the rule).
const GIVEN_NAMES: &str = include_str!("given-names.txt");

fn is_given_name(word: &str) -> bool {
    GIVEN_NAMES
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .any(|n| n == word)
}

/// Whether an e-mail address's local part reads like a person's name:
/// `jane.smith@`, `j.smith@`, `jane_smith2@` — a given name or an initial, then
/// more name parts — but not `mash@`, `duty.team@` or `workforce.development@`.
pub(crate) fn looks_personal(address: &str) -> bool {
    let address = address.strip_prefix("mailto:").unwrap_or(address);
    let Some((local, _)) = address.split_once('@') else {
        return false;
    };
    let parts: Vec<String> = local
        .split(['.', '_', '-'])
        .map(|p| {
            p.trim_end_matches(|c: char| c.is_ascii_digit())
                .to_ascii_lowercase()
        })
        .collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return false;
    }
    if parts.iter().any(|p| TEAM_WORDS.contains(&p.as_str())) {
        return false;
    }
    let first = parts[0].as_str();
    let surname_like = parts.last().is_some_and(|p| p.len() >= 2);
    surname_like && (first.len() == 1 || is_given_name(first))
}

/// Why an urgent route without `out_of_hours` leaves people with nowhere to
/// go: closed part of the week, on bank holidays, or by one of its exceptions.
fn closes(a: &Agency, c: &ContactRoute) -> Option<(String, &'static str)> {
    let route = format!("`{}/{}` is {}", a.id.value, c.id.value, c.urgency.value);
    let hint = "add `out_of_hours:` with the route to use when this one is closed, like `northshire-council/emergency-duty-team`";
    if !c.hours.value.covers_whole_week() {
        return Some((
            format!(
                "no out-of-hours cover: {route} but open only {}, and names no `out_of_hours` route",
                c.hours.value
            ),
            hint,
        ));
    }
    if !c.bank_holidays_open {
        return Some((
            format!(
                "no out-of-hours cover: {route} and open all week but closed on bank holidays (`bank_holidays: closed`, the default unless `hours: 24/7`), and names no `out_of_hours` route"
            ),
            "add `out_of_hours:` with the route to use on bank holidays, or `bank_holidays: open` if it stays open",
        ));
    }
    let closed = c
        .exceptions
        .iter()
        .find(|e| e.hours.value != ExceptionHours::Open(vec![(0, 0)]))?;
    let days = if closed.to.value > closed.from.value {
        format!("from {} to {}", closed.from.value, closed.to.value)
    } else {
        format!("on {}", closed.from.value)
    };
    Some((
        format!(
            "no out-of-hours cover: {route} but an exception changes its hours {days}, and it names no `out_of_hours` route"
        ),
        hint,
    ))
}

#[cfg(test)]
mod tests {
    use super::looks_personal;

    #[test]
    fn names_are_personal() {
        for a in [
            "jane.smith@example.org",
            "j.smith@example.org",
            "jane_smith2@nhs.example",
            "mary-ann.jones@x.org",
            "mailto:sam.o.neill@x.org",
        ] {
            assert!(looks_personal(a), "{a}");
        }
    }

    #[test]
    fn team_mailboxes_are_not() {
        for a in [
            "mash@example.org",
            "duty.team@example.org",
            "adult.safeguarding@x.org",
            "info@x.org",
            "edt-ooh@x.org",
            "referrals.northshire@x.org",
            "not-an-address",
        ] {
            assert!(!looks_personal(a), "{a}");
        }
    }
}
