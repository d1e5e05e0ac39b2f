//! The regular bank holidays of each UK nation, computed for any year: fixed
//! days, Easter (from the `computus` crate) and Mondays in May and August, with
//! substitute days for those that fall at a weekend.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::word_enum;
use std::fmt;

word_enum!(
    /// Whose bank holidays a site, an area or a route keeps.
    Nation {
        EnglandAndWales = "england-and-wales",
        Scotland = "scotland",
        NorthernIreland = "northern-ireland",
    }
);

impl Nation {
    pub const ALL: [Nation; 3] = [
        Nation::EnglandAndWales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    /// One letter naming the nation in the pages' data for the script.
    pub fn letter(self) -> char {
        match self {
            Nation::EnglandAndWales => 'e',
            Nation::Scotland => 's',
            Nation::NorthernIreland => 'n',
        }
    }
}

/// One bank holiday: the day it is kept and its name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct BankHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// The regular bank holidays of `nation` in `year`, by date; substitute days
/// are named "… (substitute day)".
pub fn bank_holidays(nation: Nation, year: i32) -> Vec<BankHoliday> {
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<(Option<NaiveDate>, &str)> = vec![(day(1, 1), "New Year’s Day")];
    if nation == Nation::Scotland {
        days.push((day(1, 2), "2 January"));
    }
    if nation == Nation::NorthernIreland {
        days.push((day(3, 17), "St Patrick’s Day"));
    }
    let easter = computus::gregorian_naive(year).ok();
    days.push((easter.map(|e| e - Duration::days(2)), "Good Friday"));
    if nation != Nation::Scotland {
        days.push((easter.map(|e| e + Duration::days(1)), "Easter Monday"));
    }
    days.push((first_monday(year, 5), "Early May bank holiday"));
    days.push((last_monday(year, 5), "Spring bank holiday"));
    if nation == Nation::NorthernIreland {
        days.push((day(7, 12), "Battle of the Boyne (Orangemen’s Day)"));
    }
    let summer = if nation == Nation::Scotland {
        first_monday(year, 8)
    } else {
        last_monday(year, 8)
    };
    days.push((summer, "Summer bank holiday"));
    if nation == Nation::Scotland {
        days.push((day(11, 30), "St Andrew’s Day"));
    }
    days.push((day(12, 25), "Christmas Day"));
    days.push((day(12, 26), "Boxing Day"));

    let mut days: Vec<(NaiveDate, &str)> = days
        .into_iter()
        .filter_map(|(d, name)| d.map(|d| (d, name)))
        .collect();
    days.sort();
    // A holiday at a weekend is kept on the next weekday that is not already a
    // holiday (Christmas on a Saturday: Monday 27th; Boxing Day: Tuesday 28th).
    let mut kept: Vec<BankHoliday> = Vec::new();
    for &(date, name) in &days {
        if !is_weekend(date) {
            kept.push(BankHoliday {
                date,
                name: name.to_owned(),
            });
            continue;
        }
        let mut sub = date + Duration::days(1);
        while is_weekend(sub)
            || days.iter().any(|(d, _)| *d == sub)
            || kept.iter().any(|h| h.date == sub)
        {
            sub += Duration::days(1);
        }
        kept.push(BankHoliday {
            date: sub,
            name: format!("{name} (substitute day)"),
        });
    }
    kept.sort();
    kept
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn first_monday(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1)
}

fn last_monday(year: i32, month: u32) -> Option<NaiveDate> {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = next.pred_opt()?;
    let back = last.weekday().num_days_from_monday();
    Some(last - Duration::days(i64::from(back)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(nation: Nation, year: i32) -> Vec<String> {
        bank_holidays(nation, year)
            .iter()
            .map(|h| h.date.format("%Y-%m-%d").to_string())
            .collect()
    }

    #[test]
    fn easter_from_the_crate_on_known_dates() {
        for (year, m, d) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2028, 4, 16),
            (2038, 4, 25),
        ] {
            assert_eq!(
                computus::gregorian_naive(year).ok(),
                NaiveDate::from_ymd_opt(year, m, d)
            );
        }
    }

    // The dates GOV.UK publishes for 2026 and 2027.
    #[test]
    fn england_and_wales_2026_and_2027() {
        assert_eq!(
            dates(Nation::EnglandAndWales, 2026),
            [
                "2026-01-01",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28"
            ]
        );
        assert_eq!(
            dates(Nation::EnglandAndWales, 2027),
            [
                "2027-01-01",
                "2027-03-26",
                "2027-03-29",
                "2027-05-03",
                "2027-05-31",
                "2027-08-30",
                "2027-12-27",
                "2027-12-28"
            ]
        );
        let boxing = bank_holidays(Nation::EnglandAndWales, 2026);
        assert_eq!(
            boxing.last().map(|h| h.name.as_str()),
            Some("Boxing Day (substitute day)")
        );
    }

    #[test]
    fn scotland_2026_and_2027() {
        assert_eq!(
            dates(Nation::Scotland, 2026),
            [
                "2026-01-01",
                "2026-01-02",
                "2026-04-03",
                "2026-05-04",
                "2026-05-25",
                "2026-08-03",
                "2026-11-30",
                "2026-12-25",
                "2026-12-28"
            ]
        );
        // 2 January 2027 is a Saturday; St Andrew's Day 2025 was a Sunday.
        assert_eq!(
            dates(Nation::Scotland, 2027),
            [
                "2027-01-01",
                "2027-01-04",
                "2027-03-26",
                "2027-05-03",
                "2027-05-31",
                "2027-08-02",
                "2027-11-30",
                "2027-12-27",
                "2027-12-28"
            ]
        );
        assert!(dates(Nation::Scotland, 2025).contains(&"2025-12-01".to_owned()));
    }

    #[test]
    fn northern_ireland_2026() {
        assert_eq!(
            dates(Nation::NorthernIreland, 2026),
            [
                "2026-01-01",
                "2026-03-17",
                "2026-04-03",
                "2026-04-06",
                "2026-05-04",
                "2026-05-25",
                "2026-07-13",
                "2026-08-31",
                "2026-12-25",
                "2026-12-28"
            ]
        );
    }

    #[test]
    fn christmas_on_a_sunday_and_new_year_at_the_weekend() {
        // 2022: Christmas Sunday → Boxing Day Monday 26th, Christmas Tuesday 27th.
        let d = dates(Nation::EnglandAndWales, 2022);
        assert!(d.contains(&"2022-12-26".to_owned()) && d.contains(&"2022-12-27".to_owned()));
        // 2022: 1 January a Saturday, 2 January a Sunday (Scotland: 3rd and 4th).
        let d = dates(Nation::Scotland, 2022);
        assert_eq!(&d[..2], ["2022-01-03", "2022-01-04"]);
        // 2023: 1 January a Sunday, 2 January a Monday (Scotland: 2nd and 3rd).
        let d = dates(Nation::Scotland, 2023);
        assert_eq!(&d[..2], ["2023-01-02", "2023-01-03"]);
    }
}
