//! Opening hours as Open Referral schedules: RRULE-shaped weekly slots
//! (`freq: WEEKLY`, `byday`, `opens_at`, `closes_at`), and back.
//!
//! A range past midnight (`fri 17:00-08:00`) is split into the evening
//! (`FR 17:00-23:59`) and the next morning (`SA 00:00-08:00`). HSDS has no way to
//! say "until midnight", so the end of a day is written `23:59` and read back as
//! `24:00`.

use crate::model::Hours;
use crate::model::hours::DAYS;

/// Minutes in a day: a slot closing at this minute closes at midnight.
pub const MIDNIGHT: u16 = 24 * 60;

/// RRULE day codes, Monday first.
pub const RRULE_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// Days of the week that open and close at the same times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// 0 = Monday.
    pub days: Vec<u8>,
    /// Minutes from midnight.
    pub opens: u16,
    /// Minutes from midnight; [`MIDNIGHT`] for the end of the day.
    pub closes: u16,
}

impl Slot {
    /// `MO,TU,WE`.
    pub fn byday(&self) -> String {
        self.days
            .iter()
            .map(|&d| RRULE_DAYS[usize::from(d % 7)])
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// `HH:MM`; midnight at the end of a day is `23:59`.
pub fn clock(minutes: u16) -> String {
    if minutes >= MIDNIGHT {
        "23:59".to_owned()
    } else {
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// The weekly slots of a route's hours, each range within one day.
pub fn slots(hours: &Hours) -> Vec<Slot> {
    let mut pieces: Vec<(u8, u16, u16)> = Vec::new();
    match hours {
        Hours::Always => pieces.extend((0..7).map(|d| (d, 0, MIDNIGHT))),
        Hours::Weekly { openings, .. } => {
            for o in openings {
                if o.end > o.start {
                    pieces.push((o.day, o.start, o.end));
                } else {
                    pieces.push((o.day, o.start, MIDNIGHT));
                    if o.end > 0 {
                        pieces.push(((o.day + 1) % 7, 0, o.end));
                    }
                }
            }
        }
    }
    let mut times: Vec<(u16, u16)> = pieces.iter().map(|&(_, a, b)| (a, b)).collect();
    times.sort_unstable();
    times.dedup();
    times
        .into_iter()
        .map(|(opens, closes)| {
            let mut days: Vec<u8> = pieces
                .iter()
                .filter(|&&(_, a, b)| (a, b) == (opens, closes))
                .map(|&(d, _, _)| d)
                .collect();
            days.sort_unstable();
            days.dedup();
            Slot {
                days,
                opens,
                closes,
            }
        })
        .collect()
}

/// Reads an RRULE day list (`MO,TU`, `mo, tu`, `Monday`); unknown words are skipped.
pub fn read_byday(byday: &str) -> Vec<u8> {
    let mut days: Vec<u8> = byday
        .split([',', ' ', ';'])
        .filter_map(|w| {
            let w = w
                .trim()
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
            let two: String = w.chars().take(2).collect::<String>().to_ascii_uppercase();
            RRULE_DAYS.iter().position(|d| *d == two).map(|p| p as u8)
        })
        .collect();
    days.sort_unstable();
    days.dedup();
    days
}

/// Reads a clock time (`09:00`, `9:00`, `09:00:00`, `09:00:00Z`); `23:59` and
/// `24:00` are the end of the day.
pub fn read_clock(s: &str) -> Option<u16> {
    let s = s.trim();
    let mut parts = s.split(':');
    let h: u16 = parts.next()?.trim().parse().ok()?;
    let m: u16 = parts
        .next()
        .map(|m| m.chars().take(2).collect::<String>())
        .unwrap_or_else(|| "0".into())
        .parse()
        .ok()?;
    if h > 24 || m > 59 || (h == 24 && m > 0) {
        return None;
    }
    let t = h * 60 + m;
    Some(if t >= MIDNIGHT - 1 { MIDNIGHT } else { t })
}

/// One line of joinedup hours for a slot: `mon-fri 09:00-17:00`.
pub fn hours_line(days: &[u8], opens: u16, closes: u16) -> String {
    let mut groups: Vec<(u8, u8)> = Vec::new();
    for &d in days {
        match groups.last_mut() {
            Some((_, end)) if *end + 1 == d => *end = d,
            _ => groups.push((d, d)),
        }
    }
    let days = groups
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (DAYS[usize::from(a % 7)], DAYS[usize::from(b % 7)]);
            if a == b {
                a.to_owned()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(",");
    let end = if closes >= MIDNIGHT {
        "24:00".to_owned()
    } else {
        clock(closes)
    };
    format!("{days} {}-{end}", clock(opens))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(lines: &[&str]) -> Hours {
        Hours::from_lines(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn an_overnight_range_is_split_at_midnight() {
        let s = slots(&hours(&["fri 17:00-08:00"]));
        assert_eq!(
            s,
            vec![
                Slot {
                    days: vec![5],
                    opens: 0,
                    closes: 480
                },
                Slot {
                    days: vec![4],
                    opens: 1020,
                    closes: MIDNIGHT
                },
            ]
        );
        assert_eq!(clock(s[1].closes), "23:59");
        assert_eq!(s[0].byday(), "SA");
    }

    #[test]
    fn sunday_night_runs_into_monday() {
        let s = slots(&hours(&["sun 20:00-02:00"]));
        assert_eq!(s[0].days, vec![0]);
        assert_eq!(s[1].days, vec![6]);
    }

    #[test]
    fn lines_read_back() {
        assert_eq!(
            hours_line(&[0, 1, 2, 3, 4], 540, 1020),
            "mon-fri 09:00-17:00"
        );
        assert_eq!(
            hours_line(&[0, 2, 6], 0, MIDNIGHT),
            "mon,wed,sun 00:00-24:00"
        );
        assert_eq!(read_clock("23:59"), Some(MIDNIGHT));
        assert_eq!(read_clock("9:30:00Z"), Some(570));
        assert_eq!(read_byday("MO, tu,FR"), vec![0, 1, 4]);
    }
}
