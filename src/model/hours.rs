//! Opening hours: `24/7`, or lines like `mon-fri 08:45-17:00`, `sat,sun 10:00-14:00`,
//! `fri 17:00-08:00` (past midnight: runs into the next day), and several times
//! on the same days, `mon 09:00-12:00, 13:00-17:00`.
//!
//! What editors type is read kindly: [`normalise`] turns en and em dashes (and
//! the other dashes Word makes) into `-` and drops the spaces around them, so
//! `mon – fri 09:00 – 17:00` is `mon-fri 09:00-17:00`.

use std::fmt;

/// Minutes in a day and in a week.
const DAY: u32 = 24 * 60;
const WEEK: u32 = 7 * DAY;

/// Day names as editors write them, Monday first.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// One opening: a day of the week (0 = Monday) and a time range in minutes from
/// midnight. `end <= start` means the opening runs past midnight into the next day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Opening {
    pub day: u8,
    pub start: u16,
    pub end: u16,
}

/// When a contact route is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hours {
    /// `24/7`.
    Always,
    /// Openings in the week, with the lines they were written as.
    Weekly {
        lines: Vec<String>,
        openings: Vec<Opening>,
    },
}

/// Whether `c` is a dash people type for "to": hyphen, the Unicode hyphens and
/// dashes (en, em, figure dash), the minus sign and their small and wide forms.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}'
    )
}

/// A line of hours as it is stored and shown: dashes as `-`, no spaces around
/// `-` or `,` in the days, none inside a time range, and several time ranges
/// separated by `, ` (`mon – fri 09:00 - 12:00,13:00-17:00` is
/// `mon-fri 09:00-12:00, 13:00-17:00`). Anything else is left as written, for
/// [`Hours::parse_line`] to explain.
pub fn normalise(line: &str) -> String {
    if is_normal(line) {
        line.to_owned()
    } else {
        normalise_written(line)
    }
}

/// White space as `str::trim` and `char::is_whitespace` see it, in ASCII.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Whether [`normalise`] would leave `line` as it is, checked without
/// copying it (most lines are written that way, and every route's hours
/// pass here more than once): ASCII; days (if any) without white space,
/// then one space; times without white space but one space after each comma.
fn is_normal(line: &str) -> bool {
    let b = line.as_bytes();
    if !line.is_ascii() || b.first().is_some_and(|&c| is_space(c)) {
        return false;
    }
    let at = b.iter().position(u8::is_ascii_digit).unwrap_or(b.len());
    let (days, times) = b.split_at(at);
    let days_ok = match days {
        [] => true,
        [d @ .., b' '] if at < b.len() => !d.is_empty() && !d.iter().any(|&c| is_space(c)),
        d => at == b.len() && !d.iter().any(|&c| is_space(c)),
    };
    days_ok
        && times.last().is_none_or(|&c| !is_space(c))
        && times.split(|&c| c == b',').enumerate().all(|(i, t)| {
            let t = if i == 0 {
                t
            } else {
                t.strip_prefix(b" ").unwrap_or(b"\t")
            };
            !t.iter().any(|&c| is_space(c))
        })
}

/// [`normalise`] for a line written otherwise.
fn normalise_written(line: &str) -> String {
    let line: String = line
        .trim()
        .chars()
        .map(|c| if is_dash(c) { '-' } else { c })
        .collect();
    let squeeze = |part: &str, sep: char| -> String {
        part.split(sep)
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(&sep.to_string())
    };
    let days_only = |days: &str| -> String {
        squeeze(days, ',')
            .split(',')
            .map(|d| squeeze(d, '-'))
            .collect::<Vec<_>>()
            .join(",")
    };
    match line.find(|c: char| c.is_ascii_digit()) {
        None => days_only(&line),
        Some(at) => {
            let (days, times) = line.split_at(at);
            let times: Vec<String> = times
                .split(',')
                .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
                .collect();
            let days = days_only(days.trim());
            if days.is_empty() {
                times.join(", ")
            } else {
                format!("{days} {}", times.join(", "))
            }
        }
    }
}

/// Whether a (normalised) line is only times, with no days (`13:00-17:00`).
pub fn is_times_only(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_digit())
        && line.split(',').all(|t| parse_time_range(t.trim()).is_ok())
}

impl Hours {
    /// Reads one line of hours (not `24/7`); returns its openings.
    pub fn parse_line(line: &str) -> Result<Vec<Opening>, String> {
        let line = if is_normal(line) {
            std::borrow::Cow::Borrowed(line)
        } else {
            std::borrow::Cow::Owned(normalise_written(line))
        };
        let needs = || format!("`{line}` needs days and a time, like `mon-fri 09:00-17:00`");
        let Some(at) = line.find(|c: char| c.is_ascii_digit()) else {
            return Err(needs());
        };
        let (days, times) = line.split_at(at);
        if days.trim().is_empty() {
            return Err(needs());
        }
        let days = parse_days(days.trim())?;
        let mut openings = Vec::new();
        for range in times.split(',') {
            let (start, end) = parse_time_range(range.trim())?;
            openings.extend(days.iter().map(|&day| Opening { day, start, end }));
        }
        Ok(openings)
    }

    /// Whether `s` is only a list of days (`sat`, `mon-fri,sun`), with no time.
    pub fn is_day_list(s: &str) -> bool {
        parse_days(s).is_ok()
    }

    /// Builds hours from lines as written (after `24/7` was handled).
    pub fn from_lines(lines: &[String]) -> Result<Hours, String> {
        let mut openings = Vec::new();
        for line in lines {
            openings.extend(Hours::parse_line(line)?);
        }
        Ok(Hours::Weekly {
            lines: lines.to_vec(),
            openings,
        })
    }

    /// Whether the openings cover every minute of the week.
    pub fn covers_whole_week(&self) -> bool {
        match self {
            Hours::Always => true,
            Hours::Weekly { openings, .. } => {
                let mut spans: Vec<(u32, u32)> = Vec::new();
                for o in openings {
                    let start = u32::from(o.day) * DAY + u32::from(o.start);
                    let length = if o.end > o.start {
                        u32::from(o.end - o.start)
                    } else {
                        DAY - u32::from(o.start) + u32::from(o.end)
                    };
                    let end = start + length;
                    if end > WEEK {
                        spans.push((start, WEEK));
                        spans.push((0, end - WEEK));
                    } else {
                        spans.push((start, end));
                    }
                }
                spans.sort_unstable();
                let mut reached = 0;
                for (s, e) in spans {
                    if s > reached {
                        return false;
                    }
                    reached = reached.max(e);
                }
                reached >= WEEK
            }
        }
    }
}

impl fmt::Display for Hours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Hours::Always => f.write_str("24/7"),
            Hours::Weekly { lines, .. } => f.write_str(&lines.join("; ")),
        }
    }
}

fn day_index(word: &str) -> Result<u8, String> {
    let lower = word.trim().to_ascii_lowercase();
    DAYS.iter()
        .position(|d| *d == lower)
        .map(|i| i as u8)
        .ok_or_else(|| format!("`{word}` is not a day; use mon, tue, wed, thu, fri, sat or sun"))
}

/// `mon-fri`, `sat,sun`, `mon-wed,fri`, `fri-mon` (wrapping).
fn parse_days(spec: &str) -> Result<Vec<u8>, String> {
    let mut days = Vec::new();
    for part in spec.split(',') {
        let part = part.trim();
        if let Some((a, b)) = part.split_once('-') {
            let (a, b) = (day_index(a)?, day_index(b)?);
            let mut d = a;
            loop {
                days.push(d);
                if d == b {
                    break;
                }
                d = (d + 1) % 7;
            }
        } else {
            days.push(day_index(part)?);
        }
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// `HH:MM` in 24-hour time, as minutes from midnight; `24:00` only if `allow_24`.
pub fn parse_clock(s: &str, allow_24: bool) -> Result<u16, String> {
    let bad = || format!("`{s}` is not a time; use 24-hour HH:MM, like 08:45 or 17:00");
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.len() != 2 || m.len() != 2 {
        return Err(bad());
    }
    let h: u16 = h.parse().map_err(|_| bad())?;
    let m: u16 = m.parse().map_err(|_| bad())?;
    if m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// `08:45-17:00`; `24:00` may end a range; `17:00-08:00` runs past midnight.
pub fn parse_time_range(s: &str) -> Result<(u16, u16), String> {
    let (a, b) = s
        .split_once('-')
        .ok_or_else(|| format!("`{s}` is not a time range; write it like 08:45-17:00"))?;
    let start = parse_clock(a.trim(), false)?;
    let end = parse_clock(b.trim(), true)?;
    if start == end {
        return Err(format!(
            "`{s}` opens and closes at the same time; for a whole day write 00:00-24:00"
        ));
    }
    // 24:00 is the end of the day; store it as midnight of the next day.
    Ok((start, if end == 24 * 60 { 0 } else { end }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(lines: &[&str]) -> Hours {
        Hours::from_lines(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn reads_dashes_spaces_and_several_times_on_a_day() {
        assert_eq!(
            normalise("Mon – Fri 09:00 — 12:00 ,13:00 - 17:00"),
            "Mon-Fri 09:00-12:00, 13:00-17:00"
        );
        assert_eq!(
            normalise("sat , sun 10:00\u{2212}14:00"),
            "sat,sun 10:00-14:00"
        );
        assert_eq!(normalise("24/7"), "24/7");
        let o = Hours::parse_line("mon – tue 09:00 – 12:00, 13:00–17:00").unwrap();
        assert_eq!(o.len(), 4);
        assert!(o.contains(&Opening {
            day: 1,
            start: 13 * 60,
            end: 17 * 60
        }));
        assert!(is_times_only("13:00-17:00"));
        assert!(!is_times_only("mon 13:00-17:00"));
        assert!(Hours::parse_line("09:00-17:00").is_err());
    }

    #[test]
    fn a_line_seen_as_normal_is_one_normalise_leaves() {
        let lines = [
            "mon-fri 09:00-17:00",
            "mon-fri 09:00-12:00, 13:00-17:00",
            "sat,sun 10:00-14:00",
            "13:00-17:00",
            "24/7",
            "closed",
            "mon",
            "mon 09:00-12:00,13:00-17:00",
            "mon  09:00-17:00",
            "mon-fri 09:00-17:00 ",
            " mon 09:00-17:00",
            "mon - fri 09:00-17:00",
            "mon 09:00 - 17:00",
            "mon 09:00-12:00,  13:00-17:00",
            "mon 09:00-12:00, ",
            "mon 09:00-12:00,\t13:00",
            "mon\x0b09:00-17:00",
            "sat , sun 10:00",
            "Mon – Fri 09:00-17:00",
            "mon ",
            " ",
            "",
        ];
        let mut normal = 0;
        for line in lines {
            let written = normalise_written(line);
            if is_normal(line) {
                normal += 1;
                assert_eq!(written, line, "{line:?}");
            }
            assert_eq!(normalise(line), written, "{line:?}");
        }
        assert_eq!(normal, 8);
    }

    #[test]
    fn parses_ranges_and_lists_of_days() {
        let o = Hours::parse_line("mon-fri 08:45-17:00").unwrap();
        assert_eq!(o.len(), 5);
        assert_eq!(
            o[0],
            Opening {
                day: 0,
                start: 525,
                end: 1020
            }
        );
        let o = Hours::parse_line("sat,sun 10:00-14:00").unwrap();
        assert_eq!(o.iter().map(|o| o.day).collect::<Vec<_>>(), vec![5, 6]);
        let o = Hours::parse_line("fri-mon 10:00-14:00").unwrap();
        assert_eq!(
            o.iter().map(|o| o.day).collect::<Vec<_>>(),
            vec![0, 4, 5, 6]
        );
        let o = Hours::parse_line("Mon-Wed,Fri 09:00-12:00").unwrap();
        assert_eq!(
            o.iter().map(|o| o.day).collect::<Vec<_>>(),
            vec![0, 1, 2, 4]
        );
    }

    #[test]
    fn refuses_bad_hours_with_reasons() {
        assert!(
            Hours::parse_line("monday 09:00-17:00")
                .unwrap_err()
                .contains("not a day")
        );
        assert!(
            Hours::parse_line("mon-fri 9:00-17:00")
                .unwrap_err()
                .contains("HH:MM")
        );
        assert!(Hours::parse_line("mon-fri 09:00-25:00").is_err());
        assert!(Hours::parse_line("mon-fri 09:60-17:00").is_err());
        assert!(
            Hours::parse_line("mon-fri")
                .unwrap_err()
                .contains("needs days and a time")
        );
        assert!(
            Hours::parse_line("mon 09:00")
                .unwrap_err()
                .contains("time range")
        );
        assert!(
            Hours::parse_line("mon 09:00-09:00")
                .unwrap_err()
                .contains("same time")
        );
        assert!(Hours::parse_line("mon 24:00-09:00").is_err());
    }

    #[test]
    fn office_hours_do_not_cover_the_week() {
        assert!(!hours(&["mon-fri 09:00-17:00"]).covers_whole_week());
        assert!(Hours::Always.covers_whole_week());
    }

    #[test]
    fn overnight_and_day_ranges_together_cover_the_week() {
        let h = hours(&[
            "mon-fri 08:45-17:00",
            "mon-thu 17:00-08:45",
            "fri 17:00-08:45",
            "sat,sun 08:45-17:00",
            "sat,sun 17:00-08:45",
        ]);
        assert!(h.covers_whole_week());
        let h = hours(&["mon-sun 00:00-24:00"]);
        assert!(h.covers_whole_week());
        // A gap of one night (Sunday into Monday) is not the whole week.
        let h = hours(&[
            "mon-fri 08:45-17:00",
            "mon-sat 17:00-08:45",
            "sat,sun 08:45-17:00",
        ]);
        assert!(!h.covers_whole_week());
    }
}
