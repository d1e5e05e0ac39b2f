//! A route's hours in the words people search with ("night", "weekend",
//! "out of hours"), from the openings the pages' script reads; and what it
//! covers out of hours for other routes.

use std::collections::HashMap;

use super::super::directory::{AgencyView, ContactView};

/// When a route answers, from its openings (`always`, or `DAYS:START-END`
/// entries in minutes, 0 = Monday; see `directory::opening_data`): at night
/// (open late or past midnight), in the evening (after six), on Saturday, on
/// Sunday. Entries it does not read add nothing.
#[derive(Default)]
struct Answers {
    always: bool,
    night: bool,
    evening: bool,
    saturday: bool,
    sunday: bool,
}

impl Answers {
    fn of(spec: &str) -> Answers {
        if spec.trim() == "always" {
            return Answers {
                always: true,
                night: true,
                evening: true,
                saturday: true,
                sunday: true,
            };
        }
        let mut a = Answers::default();
        for (days, start, end) in openings(spec) {
            let past_midnight = end <= start;
            a.night |= past_midnight || start < 6 * 60 || end > 22 * 60;
            a.evening |= past_midnight || end > 18 * 60;
            a.saturday |= days.contains('5');
            a.sunday |= days.contains('6');
        }
        a
    }
}

/// Words for when a route answers (see [`Answers`]): "night", "evening",
/// "weekend" on Saturday or Sunday, and "out of hours" for any of them.
pub(super) fn hours_words(spec: &str) -> String {
    let a = Answers::of(spec);
    if a.always {
        return "24 hours day and night evening weekend out of hours".to_owned();
    }
    let mut words: Vec<&str> = Vec::new();
    if a.night {
        words.push("night");
    }
    if a.evening {
        words.push("evening");
    }
    if a.saturday || a.sunday {
        words.push("weekend");
    }
    if !words.is_empty() {
        words.push("out of hours");
    }
    words.join(" ")
}

/// The same as people say it in a query ("crisis team tonight", "urgent
/// camhs saturday"): "tonight" and "overnight" for the night, and the days
/// of the weekend by name. A field of its own, so that the words of
/// [`hours_words`] weigh as they did.
pub(super) fn spoken_words(spec: &str) -> String {
    let a = Answers::of(spec);
    let mut words: Vec<&str> = Vec::new();
    if a.night {
        words.push("tonight overnight");
    }
    if a.saturday {
        words.push("saturday");
    }
    if a.sunday {
        words.push("sunday");
    }
    words.join(" ")
}

/// What each route answers for out of hours, by its reference
/// (`agency/route`): the teams (else the ids) of the routes that name it as
/// their `out_of_hours`, so that a query for a service at a time it is
/// closed finds the line that covers it then ("urgent camhs saturday": the
/// crisis line).
pub(super) fn covers<'a>(
    routes: &[(&AgencyView, &'a ContactView)],
) -> HashMap<String, Vec<&'a str>> {
    let mut out: HashMap<String, Vec<&str>> = HashMap::new();
    for (_, c) in routes.iter().filter(|(_, c)| c.shows_out_of_hours) {
        let Some(key) = c.out_of_hours.as_ref().and_then(|o| o.key.clone()) else {
            continue;
        };
        // A team named with its abbreviation by that alone: its other words
        // ("Children and Young People's Mental Health Service") would make
        // the line an answer for any child.
        let name = c.team.as_deref().unwrap_or(&c.id);
        let name =
            (name.strip_suffix(')').and_then(|n| n.rsplit_once(" ("))).map_or(name, |(_, ab)| ab);
        let names = out.entry(key).or_default();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    out
}

/// Whether a route's openings (as [`hours_words`] reads them) leave out
/// office hours: closed at midday on every weekday.
pub(super) fn out_of_hours_only(spec: &str) -> bool {
    const MIDDAY: u16 = 12 * 60;
    if spec.trim() == "always" {
        return false;
    }
    let mut any = false;
    for (days, start, end) in openings(spec) {
        any = true;
        let at_midday = if end <= start {
            MIDDAY >= start || MIDDAY < end
        } else {
            (start..end).contains(&MIDDAY)
        };
        if at_midday && days.contains(['0', '1', '2', '3', '4']) {
            return false;
        }
    }
    any
}

/// The `DAYS:START-END` entries of a route's openings that read as such
/// (days, and the start and end in minutes); others, such as `bank:closed`,
/// are left out.
fn openings(spec: &str) -> impl Iterator<Item = (&str, u16, u16)> {
    spec.split_whitespace().filter_map(|part| {
        let (days, times) = part.split_once(':')?;
        let (start, end) = times.split_once('-')?;
        Some((days, start.parse().ok()?, end.parse().ok()?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_open_late_is_found_by_night_and_weekend() {
        assert_eq!(hours_words("0123:525-1020"), "");
        assert_eq!(
            hours_words("0123:1020-525 4:990-525 56:0-1440"),
            "night evening weekend out of hours"
        );
        assert_eq!(
            hours_words("0123456:1080-1380"),
            "night evening weekend out of hours"
        );
        assert!(hours_words("always").contains("night"));
        assert_eq!(spoken_words("always"), "tonight overnight saturday sunday");
        assert_eq!(spoken_words("5:540-780"), "saturday");
        assert_eq!(
            spoken_words("0123456:1080-1380"),
            "tonight overnight saturday sunday"
        );
        assert_eq!(spoken_words("01234:525-1020"), "");
        assert_eq!(hours_words("bank:closed 0:9-x"), "");
    }

    #[test]
    fn a_route_closed_in_office_hours_is_out_of_hours_only() {
        assert!(out_of_hours_only("0123:1020-525 4:990-525 56:0-1440"));
        assert!(!out_of_hours_only("01234:525-1020"));
        assert!(!out_of_hours_only("0123456:0-1440"));
        assert!(!out_of_hours_only("always"));
        assert!(!out_of_hours_only(""));
    }
}
