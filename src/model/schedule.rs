//! When a contact route is open, on any date: its weekly hours, changed by the
//! bank holidays of its nation and the site's `closures` (for routes with
//! `bank_holidays: closed`) and by its own dated `exceptions`. The one place
//! that decides "open now": the build asks [`RouteHours::is_open`], and the
//! page script (`themes/default/static/site.js`, `joinedupOpenAt`) evaluates
//! the data this module writes ([`Calendar::data`], [`RouteHours::exceptions_data`])
//! by the same rules.
//!
//! The rules, for a date D and a minute of it:
//! - a day with no dated rule keeps its weekly openings, and an opening that
//!   started the day before and runs past midnight carries on into D;
//! - a bank holiday, for a route with `bank_holidays: open`: its Sunday
//!   openings ("Sunday and bank holidays, 10am to 4pm"), or its usual ones for
//!   the day if it does not open on Sundays;
//! - `closed` (a bank holiday for a route with `bank_holidays: closed`, a
//!   closure without `from`, an exception with `hours: closed`): shut all
//!   day, the night before's opening included;
//! - closed from a time (a closure with `from`): as usual until then, shut after;
//! - an exception with hours: open exactly those ranges that day (a range may run
//!   past midnight into the next day), instead of the usual ones and the night
//!   before's.
//!
//! A route's own exception wins over a bank holiday or closure on the same day.
//! Closures apply only to routes with `bank_holidays: closed`.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::holidays::{Nation, bank_holidays};
use super::{Agency, ContactRoute, Date, Hours, Loc, Site, Spanned, Text};

const DAY: u32 = 24 * 60;

/// How many days after `--today` the pages' data covers (and one day before,
/// for a night that runs into the first day).
pub const WINDOW_DAYS: i64 = 400;

/// A route's hours on one dated day, instead of its weekly ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayRule {
    /// A bank holiday (in a nation's calendar only; each route reads it).
    BankHoliday,
    Closed,
    /// Closed from this minute of the day (open as usual before it).
    ClosedFrom(u16),
    /// Open only these ranges (minutes; an end at or before the start runs
    /// past midnight).
    Open(Vec<(u16, u16)>),
}

/// `closures:` in `site.yaml`: a day (or from a time of it) when routes that
/// close on bank holidays are closed too.
#[derive(Debug, Clone)]
pub struct Closure {
    pub date: Spanned<Date>,
    pub from: Option<Spanned<u16>>,
    pub note: Option<Text>,
    pub loc: Loc,
}

/// The hours an exception sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExceptionHours {
    Closed,
    Open(Vec<(u16, u16)>),
}

/// `exceptions:` on a contact route: dated changes to its usual hours.
#[derive(Debug, Clone)]
pub struct Exception {
    pub from: Spanned<Date>,
    /// Inclusive; the same as `from` when not written.
    pub to: Spanned<Date>,
    pub hours: Spanned<ExceptionHours>,
    pub note: Option<Text>,
    pub loc: Loc,
}

/// The days each nation's routes that close on bank holidays are closed, in
/// the window the pages' data covers.
#[derive(Debug, Clone)]
pub struct Calendar {
    pub today: NaiveDate,
    pub first: NaiveDate,
    pub last: NaiveDate,
    days: BTreeMap<Nation, BTreeMap<NaiveDate, DayRule>>,
}

impl Calendar {
    /// The calendar of a site's bank holidays and closures, around `today`.
    pub fn new(site: Option<&Site>, today: Date) -> Calendar {
        match site {
            Some(s) => Calendar::build(today, &s.extra_bank_holidays, &s.closures),
            None => Calendar::build(today, &[], &[]),
        }
    }

    /// The calendar of the regular bank holidays, `extra` ones and `closures`.
    pub fn build(today: Date, extra: &[Spanned<Date>], closures: &[Closure]) -> Calendar {
        let today = today.0;
        let first = today - Duration::days(1);
        let last = today + Duration::days(WINDOW_DAYS);
        let mut days = BTreeMap::new();
        for nation in Nation::ALL {
            let mut rules = BTreeMap::new();
            for c in closures {
                let rule = c
                    .from
                    .as_ref()
                    .map_or(DayRule::Closed, |f| DayRule::ClosedFrom(f.value));
                let kept = rules.entry(c.date.value.0).or_insert(rule.clone());
                *kept = stricter(kept, &rule);
            }
            // A bank holiday closes routes that close on them all day anyway,
            // and routes open on them ignore closures.
            for year in first.year()..=last.year() {
                for h in bank_holidays(nation, year) {
                    rules.insert(h.date, DayRule::BankHoliday);
                }
            }
            for d in extra {
                rules.insert(d.value.0, DayRule::BankHoliday);
            }
            rules.retain(|d, _| (first..=last).contains(d));
            days.insert(nation, rules);
        }
        Calendar {
            today,
            first,
            last,
            days,
        }
    }

    /// The rule for a nation's routes that close on bank holidays, on a date.
    pub fn rule(&self, nation: Nation, date: NaiveDate) -> Option<&DayRule> {
        self.days.get(&nation).and_then(|d| d.get(&date))
    }

    /// A nation's dated days for the page script: `YYYYMMDDb` (a bank
    /// holiday), `YYYYMMDDx` (closed all day) or `YYYYMMDD@MIN` (closed from a
    /// minute), space-separated, by date.
    pub fn data(&self, nation: Nation) -> String {
        self.days
            .get(&nation)
            .into_iter()
            .flatten()
            .map(|(d, rule)| format!("{}{}", compact_date(*d), rule_data(rule)))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The stricter of two closures of one day: all day, else the earlier time.
fn stricter(a: &DayRule, b: &DayRule) -> DayRule {
    match (a, b) {
        (DayRule::ClosedFrom(x), DayRule::ClosedFrom(y)) => DayRule::ClosedFrom(*x.min(y)),
        _ => DayRule::Closed,
    }
}

fn compact_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

fn rule_data(rule: &DayRule) -> String {
    match rule {
        DayRule::BankHoliday => "b".to_owned(),
        DayRule::Closed => "x".to_owned(),
        DayRule::ClosedFrom(m) => format!("@{m}"),
        DayRule::Open(ranges) => format!(
            "={}",
            ranges
                .iter()
                .map(|(s, e)| format!("{s}-{e}"))
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// Whose bank holidays a route keeps: its team's areas (else its agency's),
/// when all of them keep the same nation's; otherwise the site's.
pub fn route_nation(site: Option<&Site>, agency: &Agency, route: &ContactRoute) -> Nation {
    let Some(site) = site else {
        return Nation::EnglandAndWales;
    };
    let team_areas = route
        .team
        .as_ref()
        .and_then(|t| agency.teams.iter().find(|x| x.id.value == t.value))
        .map(|t| &t.areas)
        .filter(|a| !a.is_empty());
    let areas = team_areas.unwrap_or(&agency.areas);
    let mut nations = areas.iter().filter_map(|id| {
        site.areas.iter().find(|a| a.id.value == id.value).map(|a| {
            a.bank_holidays
                .as_ref()
                .map_or(site.bank_holidays, |n| n.value)
        })
    });
    match nations.next() {
        Some(first) if nations.all(|n| n == first) => first,
        _ => site.bank_holidays,
    }
}

/// What decides a route's hours on any date.
#[derive(Debug, Clone, Copy)]
pub struct RouteHours<'a> {
    pub weekly: &'a Hours,
    /// Whose bank holidays the route keeps.
    pub nation: Nation,
    /// `bank_holidays: open`: open on them (and the site's closures do not
    /// apply); else closed on them and on the closures.
    pub bank_holidays_open: bool,
    pub exceptions: &'a [Exception],
}

impl<'a> RouteHours<'a> {
    pub fn new(site: Option<&Site>, agency: &'a Agency, route: &'a ContactRoute) -> Self {
        RouteHours {
            weekly: &route.hours.value,
            nation: route_nation(site, agency, route),
            bank_holidays_open: route.bank_holidays_open,
            exceptions: &route.exceptions,
        }
    }

    /// The nation whose bank holidays and the site's closures close the
    /// route, if they do.
    pub fn closes_on(&self) -> Option<Nation> {
        (!self.bank_holidays_open).then_some(self.nation)
    }

    /// The dated rule for a day, if any: the route's first exception that
    /// covers it, else its nation's bank holiday or a closure (`BankHoliday`
    /// only for a route open on them).
    pub fn rule_on(&self, calendar: &'a Calendar, date: NaiveDate) -> Option<DayRule> {
        if let Some(e) = self
            .exceptions
            .iter()
            .find(|e| (e.from.value.0..=e.to.value.0).contains(&date))
        {
            return Some(match &e.hours.value {
                ExceptionHours::Closed => DayRule::Closed,
                ExceptionHours::Open(r) => DayRule::Open(r.clone()),
            });
        }
        match (calendar.rule(self.nation, date)?, self.bank_holidays_open) {
            (DayRule::BankHoliday, true) => Some(DayRule::BankHoliday),
            (DayRule::BankHoliday, false) => Some(DayRule::Closed),
            (_, true) => None,
            (rule, false) => Some(rule.clone()),
        }
    }

    /// The day's openings as minutes from its midnight (an end past 1440 runs
    /// into the next day), and until which minute the night before's opening
    /// may carry on into it.
    fn plan(&self, calendar: &'a Calendar, date: NaiveDate) -> (Vec<(u32, u32)>, u32) {
        let of_day = |day: u8| -> Vec<(u32, u32)> {
            match self.weekly {
                Hours::Always => vec![(0, DAY)],
                Hours::Weekly { openings, .. } => openings
                    .iter()
                    .filter(|o| o.day == day)
                    .map(|o| span(o.start, o.end))
                    .collect(),
            }
        };
        let weekly = || of_day(date.weekday().num_days_from_monday() as u8);
        match self.rule_on(calendar, date) {
            None => (weekly(), DAY),
            Some(DayRule::BankHoliday) => {
                let sunday = of_day(6);
                (if sunday.is_empty() { weekly() } else { sunday }, DAY)
            }
            Some(DayRule::Closed) => (Vec::new(), 0),
            Some(DayRule::ClosedFrom(from)) => {
                let from = u32::from(from);
                let ranges = weekly()
                    .into_iter()
                    .filter(|(s, _)| *s < from)
                    .map(|(s, e)| (s, e.min(from)))
                    .collect();
                (ranges, from)
            }
            Some(DayRule::Open(ranges)) => (ranges.iter().map(|(s, e)| span(*s, *e)).collect(), 0),
        }
    }

    /// Whether the route is open at a minute (0–1439) of a date, local time.
    pub fn is_open(&self, calendar: &'a Calendar, date: NaiveDate, minute: u16) -> bool {
        let m = u32::from(minute);
        let (today, carry_until) = self.plan(calendar, date);
        if today.iter().any(|(s, e)| (*s..*e).contains(&m)) {
            return true;
        }
        if m >= carry_until {
            return false;
        }
        let Some(before) = date.pred_opt() else {
            return false;
        };
        let (yesterday, _) = self.plan(calendar, before);
        yesterday.iter().any(|(s, e)| (*s..*e).contains(&(m + DAY)))
    }

    /// The route's exceptions in the calendar's window for the page script:
    /// `YYYYMMDD[-YYYYMMDD]` then `x` (closed) or `=S-E[,S-E]` (open only
    /// then), space-separated, in the order written.
    pub fn exceptions_data(&self, calendar: &Calendar) -> String {
        self.exceptions
            .iter()
            .filter(|e| e.to.value.0 >= calendar.first && e.from.value.0 <= calendar.last)
            .map(|e| {
                let from = e.from.value.0.max(calendar.first);
                let to = e.to.value.0.min(calendar.last);
                let rule = match &e.hours.value {
                    ExceptionHours::Closed => DayRule::Closed,
                    ExceptionHours::Open(r) => DayRule::Open(r.clone()),
                };
                let days = if to > from {
                    format!("{}-{}", compact_date(from), compact_date(to))
                } else {
                    compact_date(from)
                };
                format!("{days}{}", rule_data(&rule))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// An opening as minutes from its day's midnight, the end past 1440 when it
/// runs into the next day.
fn span(start: u16, end: u16) -> (u32, u32) {
    let (s, e) = (u32::from(start), u32::from(end));
    (s, if e > s { e } else { e + DAY })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FileId, Pos};

    fn loc() -> Loc {
        Loc {
            file: FileId(0),
            pos: Pos::default(),
        }
    }

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn hours(lines: &[&str]) -> Hours {
        Hours::from_lines(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    fn calendar(closures: Vec<Closure>) -> Calendar {
        Calendar::build(date("2026-11-21"), &[], &closures)
    }

    fn at(route: &RouteHours, cal: &Calendar, day: &str, hh: u16, mm: u16) -> bool {
        route.is_open(cal, date(day).0, hh * 60 + mm)
    }

    #[test]
    fn bank_holidays_close_a_route_all_day_including_the_night_before() {
        let weekly = hours(&["mon-fri 09:00-17:00", "thu 20:00-02:00"]);
        let cal = calendar(Vec::new());
        let route = RouteHours {
            weekly: &weekly,
            nation: Nation::EnglandAndWales,
            bank_holidays_open: false,
            exceptions: &[],
        };
        // Christmas Day 2026 is a Friday; Boxing Day's substitute Monday 28th.
        assert!(!at(&route, &cal, "2026-12-25", 10, 0));
        assert!(!at(&route, &cal, "2026-12-25", 1, 0));
        assert!(at(&route, &cal, "2026-12-24", 10, 0));
        assert!(!at(&route, &cal, "2026-12-28", 10, 0));
        assert!(at(&route, &cal, "2026-12-29", 10, 0));
        // Easter Monday 2027 in England, not in Scotland.
        assert!(!at(&route, &cal, "2027-03-29", 10, 0));
        let scottish = RouteHours {
            nation: Nation::Scotland,
            ..route
        };
        assert!(at(&scottish, &cal, "2027-03-29", 10, 0));
        assert!(!at(&scottish, &cal, "2026-11-30", 10, 0));
        assert!(at(&route, &cal, "2026-11-30", 10, 0));
        let ni = RouteHours {
            nation: Nation::NorthernIreland,
            ..route
        };
        assert!(!at(&ni, &cal, "2027-07-12", 10, 0));
        assert!(at(&route, &cal, "2027-07-12", 10, 0));
        // A route open on bank holidays keeps its hours.
        let open = RouteHours {
            bank_holidays_open: true,
            ..route
        };
        assert!(at(&open, &cal, "2026-12-25", 10, 0));
        assert!(at(&open, &cal, "2026-12-25", 1, 0));
        // A route open on Sundays keeps its Sunday hours: an out-of-hours
        // service open all weekend is open all day on a weekday bank holiday.
        let nights = hours(&[
            "mon-fri 17:00-08:45",
            "sat,sun 08:45-17:00",
            "sat,sun 17:00-08:45",
        ]);
        let duty = RouteHours {
            weekly: &nights,
            ..open
        };
        assert!(!at(&duty, &cal, "2026-12-24", 10, 0));
        assert!(at(&duty, &cal, "2026-12-25", 10, 0));
        assert!(at(&duty, &cal, "2026-12-28", 10, 0));
        assert!(at(&duty, &cal, "2026-12-29", 3, 0));
        assert!(!at(&duty, &cal, "2026-12-29", 10, 0));
        let sundays = hours(&["mon-fri 09:00-17:00", "sun 10:00-14:00"]);
        let shop = RouteHours {
            weekly: &sundays,
            ..open
        };
        assert!(!at(&shop, &cal, "2026-12-25", 9, 30));
        assert!(at(&shop, &cal, "2026-12-25", 10, 30));
        assert!(!at(&shop, &cal, "2026-12-25", 15, 0));
    }

    #[test]
    fn a_closure_from_a_time_keeps_the_morning() {
        let weekly = hours(&["mon-fri 09:00-17:00"]);
        let cal = calendar(vec![Closure {
            date: Spanned::new(date("2026-12-24"), loc()),
            from: Some(Spanned::new(12 * 60, loc())),
            note: None,
            loc: loc(),
        }]);
        let route = RouteHours {
            weekly: &weekly,
            nation: Nation::EnglandAndWales,
            bank_holidays_open: false,
            exceptions: &[],
        };
        assert!(at(&route, &cal, "2026-12-24", 11, 59));
        assert!(!at(&route, &cal, "2026-12-24", 12, 0));
        assert!(!at(&route, &cal, "2026-12-24", 15, 0));
    }

    #[test]
    fn exceptions_replace_the_day_and_win_over_holidays() {
        let weekly = hours(&["mon-sun 17:00-09:00"]);
        let cal = calendar(Vec::new());
        let exceptions = [
            Exception {
                from: Spanned::new(date("2027-01-04"), loc()),
                to: Spanned::new(date("2027-01-06"), loc()),
                hours: Spanned::new(ExceptionHours::Closed, loc()),
                note: None,
                loc: loc(),
            },
            Exception {
                from: Spanned::new(date("2026-12-25"), loc()),
                to: Spanned::new(date("2026-12-25"), loc()),
                hours: Spanned::new(ExceptionHours::Open(vec![(600, 720)]), loc()),
                note: None,
                loc: loc(),
            },
        ];
        let route = RouteHours {
            weekly: &weekly,
            nation: Nation::EnglandAndWales,
            bank_holidays_open: false,
            exceptions: &exceptions,
        };
        // The night of 3 January runs into the 4th only until midnight.
        assert!(at(&route, &cal, "2027-01-03", 23, 0));
        assert!(!at(&route, &cal, "2027-01-04", 1, 0));
        assert!(!at(&route, &cal, "2027-01-06", 20, 0));
        // The 6th is closed, so no night starts then to run into the 7th.
        assert!(!at(&route, &cal, "2027-01-07", 1, 0));
        assert!(at(&route, &cal, "2027-01-07", 20, 0));
        // Christmas Day: open 10:00-12:00 only, not the night before's tail.
        assert!(at(&route, &cal, "2026-12-25", 10, 0));
        assert!(!at(&route, &cal, "2026-12-25", 8, 0));
        assert!(!at(&route, &cal, "2026-12-25", 20, 0));
        assert_eq!(
            route.exceptions_data(&cal),
            "20270104-20270106x 20261225=600-720"
        );
    }

    #[test]
    fn the_calendar_data_lists_closed_days_in_the_window() {
        let cal = calendar(vec![Closure {
            date: Spanned::new(date("2026-12-24"), loc()),
            from: Some(Spanned::new(720, loc())),
            note: None,
            loc: loc(),
        }]);
        let data = cal.data(Nation::EnglandAndWales);
        assert!(
            data.starts_with("20261224@720 20261225b 20261228b 20270101b 20270326b"),
            "{data}"
        );
        // 400 days from 21 November 2026 is 26 December 2027.
        assert!(data.ends_with("20270531b 20270830b"), "{data}");
        assert!(cal.data(Nation::Scotland).contains("20261130b"));
    }
}
