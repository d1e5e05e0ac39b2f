//! A route's hours in the words people search with ("night", "weekend",
//! "out of hours"), from the openings the pages' script reads.

/// Words for when a route answers, from its openings (`always`, or
/// `DAYS:START-END` entries in minutes, 0 = Monday; see
/// `directory::opening_data`): "night" when it is open late or past midnight,
/// "evening" after six, "weekend" on Saturday or Sunday, and "out of hours" for
/// any of them. Entries it does not read add nothing.
pub(super) fn hours_words(spec: &str) -> String {
    if spec.trim() == "always" {
        return "24 hours day and night evening weekend out of hours".to_owned();
    }
    let (mut night, mut evening, mut weekend) = (false, false, false);
    for (days, start, end) in openings(spec) {
        let past_midnight = end <= start;
        night |= past_midnight || start < 6 * 60 || end > 22 * 60;
        evening |= past_midnight || end > 18 * 60;
        weekend |= days.contains(['5', '6']);
    }
    let mut words: Vec<&str> = Vec::new();
    if night {
        words.push("night");
    }
    if evening {
        words.push("evening");
    }
    if weekend {
        words.push("weekend");
    }
    if !words.is_empty() {
        words.push("out of hours");
    }
    words.join(" ")
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
