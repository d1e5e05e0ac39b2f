//! Opening hours and dates in plain English, as GOV.UK writes them: "Monday to
//! Thursday, 8:45am to 5pm", "24 hours a day, 7 days a week", "midday",
//! "14 January 2027", and a route's coming closures and changed hours
//! ("Closed 24 to 26 December 2026: …").

use chrono::{Datelike, NaiveDate};

use crate::model::hours::{DAYS, Opening};
use crate::model::schedule::{Closure, ExceptionHours, RouteHours};
use crate::model::{Exception, Hours};

const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A route's weekly hours, one sentence part per set of days that share times;
/// a route open on bank holidays keeps its Sunday hours on them, and says so
/// ("Saturday, Sunday and bank holidays, 10am to 2pm").
pub(crate) fn weekly(hours: &Hours, bank_holidays_open: bool) -> Vec<String> {
    let openings = match hours {
        Hours::Weekly { openings, .. } if !hours.covers_whole_week() => openings,
        _ => return vec!["24 hours a day, 7 days a week".to_owned()],
    };
    let mut groups: Vec<((u16, u16), Vec<u8>)> = Vec::new();
    for o in openings {
        let Opening { day, start, end } = *o;
        match groups.iter_mut().find(|(t, _)| *t == (start, end)) {
            Some((_, days)) if !days.contains(&day) => days.push(day),
            Some(_) => {}
            None => groups.push(((start, end), vec![day])),
        }
    }
    for (_, days) in &mut groups {
        days.sort_unstable();
    }
    groups.sort_by_key(|((start, _), days)| (days.first().copied(), *start));
    groups
        .iter()
        .map(|((start, end), days)| {
            let holidays = bank_holidays_open && days.contains(&6);
            format!("{}, {}", day_list(days, holidays), time_range(*start, *end))
        })
        .collect()
}

/// Days of the week: "Monday to Friday", "Saturday and Sunday", "Friday to
/// Monday", "Monday, Wednesday and Friday", "Every day"; with `and bank
/// holidays` at the end when `holidays`.
fn day_list(days: &[u8], holidays: bool) -> String {
    if days.len() == 7 {
        return if holidays {
            "Every day, including bank holidays".to_owned()
        } else {
            "Every day".to_owned()
        };
    }
    // Runs of following days; one that ends on Sunday joins one from Monday.
    let mut runs: Vec<(u8, u8)> = Vec::new();
    for &d in days {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == d => *last = d,
            _ => runs.push((d, d)),
        }
    }
    if runs.len() > 1 && runs[0].0 == 0 && runs[runs.len() - 1].1 == 6 {
        let first = runs.remove(0);
        if let Some(last) = runs.last_mut() {
            last.1 = first.1;
        }
        runs.rotate_right(1);
    }
    let mut parts: Vec<String> = Vec::new();
    for (a, b) in runs {
        let length = (b + 7 - a) % 7 + 1;
        let (a, b) = (DAY_NAMES[a as usize], DAY_NAMES[b as usize]);
        match length {
            1 => parts.push(a.to_owned()),
            2 => {
                parts.push(a.to_owned());
                parts.push(b.to_owned());
            }
            _ => parts.push(format!("{a} to {b}")),
        }
    }
    if holidays {
        parts.push("bank holidays".to_owned());
    }
    join_and(&parts)
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "8:45am to 5pm"; a whole day (00:00-24:00) is "24 hours".
pub(crate) fn time_range(start: u16, end: u16) -> String {
    if start == 0 && end == 0 {
        return "24 hours".to_owned();
    }
    format!("{} to {}", clock(start), clock(end))
}

/// A time of day: "8:45am", "5pm", "midday", "midnight".
pub(crate) fn clock(minute: u16) -> String {
    let (h, m) = (minute / 60 % 24, minute % 60);
    match (h, m) {
        (0, 0) => "midnight".to_owned(),
        (12, 0) => "midday".to_owned(),
        _ => {
            let suffix = if h < 12 { "am" } else { "pm" };
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            if m == 0 {
                format!("{h12}{suffix}")
            } else {
                format!("{h12}:{m:02}{suffix}")
            }
        }
    }
}

/// "14 January 2027".
pub(crate) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "24 to 26 December 2026", "30 November to 2 December 2026",
/// "30 December 2026 to 2 January 2027", or one date.
pub(crate) fn date_range(from: NaiveDate, to: NaiveDate) -> String {
    if from >= to {
        long_date(from)
    } else if from.year() != to.year() {
        format!("{} to {}", long_date(from), long_date(to))
    } else if from.month() != to.month() {
        format!("{} to {}", from.format("%-d %B"), long_date(to))
    } else {
        format!("{} to {}", from.day(), long_date(to))
    }
}

/// What the bank holidays do to a route: a sentence, or nothing for a route
/// open around the clock on them too or whose Sunday hours say it.
pub(crate) fn bank_holidays(hours: &Hours, open: bool) -> Option<&'static str> {
    let sundays = match hours {
        Hours::Always => true,
        Hours::Weekly { openings, .. } => openings.iter().any(|o| o.day == 6),
    };
    match (open, hours.covers_whole_week() || sundays) {
        (false, _) => Some("Closed on bank holidays."),
        (true, false) => Some("Open on bank holidays."),
        (true, true) => None,
    }
}

/// A route's closures and changed hours from `today` to `last`, by date:
/// its own exceptions and, when it closes on bank holidays, the site's closures.
pub(crate) fn coming_changes(
    route: &RouteHours,
    closures: &[Closure],
    today: NaiveDate,
    last: NaiveDate,
) -> Vec<String> {
    let mut notices: Vec<(NaiveDate, String)> = Vec::new();
    for e in route.exceptions {
        let (from, to) = (e.from.value.0, e.to.value.0);
        if to < today || from > last {
            continue;
        }
        notices.push((from, exception_text(e)));
    }
    if route.closes_on().is_some() {
        for c in closures {
            let d = c.date.value.0;
            if d < today || d > last {
                continue;
            }
            // A route's own exception that day says what happens instead.
            if route
                .exceptions
                .iter()
                .any(|e| (e.from.value.0..=e.to.value.0).contains(&d))
            {
                continue;
            }
            let what = match &c.from {
                Some(f) => format!("Closes at {} on {}", clock(f.value), long_date(d)),
                None => format!("Closed {}", long_date(d)),
            };
            notices.push((
                d,
                with_note(what, c.note.as_ref().map(|n| n.value.as_str())),
            ));
        }
    }
    notices.sort();
    notices.into_iter().map(|(_, text)| text).collect()
}

fn exception_text(e: &Exception) -> String {
    let days = date_range(e.from.value.0, e.to.value.0);
    let what = match &e.hours.value {
        ExceptionHours::Closed => format!("Closed {days}"),
        ExceptionHours::Open(ranges) => {
            let times: Vec<String> = ranges.iter().map(|(s, t)| time_range(*s, *t)).collect();
            let on = if e.to.value > e.from.value { "" } else { "on " };
            format!("Open {} only, {on}{days}", join_and(&times))
        }
    };
    with_note(what, e.note.as_ref().map(|n| n.value.as_str()))
}

fn with_note(what: String, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{what}: {n}"),
        None => format!("{what}."),
    }
}

// Keeps the day names in step with the words editors write.
const _: () = assert!(DAYS.len() == DAY_NAMES.len());

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(lines: &[&str]) -> Hours {
        Hours::from_lines(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn times_as_gov_uk_writes_them() {
        assert_eq!(clock(525), "8:45am");
        assert_eq!(clock(1020), "5pm");
        assert_eq!(clock(720), "midday");
        assert_eq!(clock(0), "midnight");
        assert_eq!(clock(750), "12:30pm");
        assert_eq!(clock(15), "12:15am");
        assert_eq!(time_range(0, 0), "24 hours");
    }

    #[test]
    fn weekly_hours_in_words() {
        assert_eq!(
            weekly(&hours(&["mon-thu 08:45-17:00", "fri 08:45-16:30"]), false),
            [
                "Monday to Thursday, 8:45am to 5pm",
                "Friday, 8:45am to 4:30pm"
            ]
        );
        assert_eq!(
            weekly(
                &hours(&["sat,sun 10:00-14:00", "mon-wed,fri 09:00-12:00"]),
                false
            ),
            [
                "Monday to Wednesday and Friday, 9am to midday",
                "Saturday and Sunday, 10am to 2pm"
            ]
        );
        assert_eq!(
            weekly(&hours(&["fri-mon 18:00-23:00"]), false),
            ["Friday to Monday, 6pm to 11pm"]
        );
        assert_eq!(
            weekly(&hours(&["mon,wed,fri 17:00-24:00"]), false),
            ["Monday, Wednesday and Friday, 5pm to midnight"]
        );
        assert_eq!(
            weekly(&hours(&["mon-sun 18:00-23:00"]), false),
            ["Every day, 6pm to 11pm"]
        );
        assert_eq!(
            weekly(&Hours::Always, true),
            ["24 hours a day, 7 days a week"]
        );
        assert_eq!(
            weekly(
                &hours(&["mon-fri 08:30-17:00", "sat,sun 09:00-13:00"]),
                true
            ),
            [
                "Monday to Friday, 8:30am to 5pm",
                "Saturday, Sunday and bank holidays, 9am to 1pm"
            ]
        );
        assert_eq!(
            weekly(&hours(&["mon-sun 18:00-23:00"]), true),
            ["Every day, including bank holidays, 6pm to 11pm"]
        );
        assert_eq!(
            weekly(&hours(&["mon-sun 00:00-24:00"]), false),
            ["24 hours a day, 7 days a week"]
        );
    }

    #[test]
    fn dates_and_ranges() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(long_date(d("2027-01-14")), "14 January 2027");
        assert_eq!(
            date_range(d("2026-12-24"), d("2026-12-26")),
            "24 to 26 December 2026"
        );
        assert_eq!(
            date_range(d("2026-11-30"), d("2026-12-02")),
            "30 November to 2 December 2026"
        );
        assert_eq!(
            date_range(d("2026-12-30"), d("2027-01-02")),
            "30 December 2026 to 2 January 2027"
        );
        assert_eq!(
            date_range(d("2026-12-24"), d("2026-12-24")),
            "24 December 2026"
        );
    }
}
