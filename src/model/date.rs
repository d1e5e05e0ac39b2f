//! Calendar dates written `YYYY-MM-DD`.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    /// Reads exactly `YYYY-MM-DD`, with a message that says what is wrong.
    pub fn parse(s: &str) -> Result<Date, String> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(format!(
                "`{s}` is not a date; write dates as YYYY-MM-DD, like 2026-09-14"
            ));
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| format!("`{s}` is not a real date (check the month and the day)"))
    }

    /// The date a number of months later (the 31st becomes the month's last day).
    pub fn add_months(self, months: u32) -> Date {
        Date(
            self.0
                .checked_add_months(Months::new(months))
                .unwrap_or(NaiveDate::MAX),
        )
    }

    /// The UTC calendar date of a Unix timestamp (for `SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(secs: i64) -> Option<Date> {
        chrono::DateTime::from_timestamp(secs, 0).map(|dt| Date(dt.date_naive()))
    }

    /// The year, for display.
    pub fn year(self) -> i32 {
        self.0.year()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_dates() {
        assert_eq!(Date::parse("2026-09-14").unwrap().to_string(), "2026-09-14");
        assert_eq!(Date::parse("2024-02-29").unwrap().to_string(), "2024-02-29");
    }

    #[test]
    fn refuses_other_shapes_and_impossible_dates() {
        for bad in [
            "2026-9-14",
            "14/09/2026",
            "2026-09-14T00:00",
            "",
            "2026-13-01",
            "2025-02-29",
            "２０２６-09-14",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(
            Date::parse("2026-02-30")
                .unwrap_err()
                .contains("not a real date")
        );
        assert!(
            Date::parse("14/09/2026")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
    }

    #[test]
    fn adds_months_clamping_to_month_end() {
        let d = Date::parse("2026-08-31").unwrap();
        assert_eq!(d.add_months(6).to_string(), "2027-02-28");
        assert_eq!(d.add_months(12).to_string(), "2027-08-31");
    }

    #[test]
    fn from_epoch() {
        assert_eq!(
            Date::from_unix_seconds(0).unwrap().to_string(),
            "1970-01-01"
        );
        assert_eq!(
            Date::from_unix_seconds(1_790_000_000).unwrap().to_string(),
            "2026-09-21"
        );
    }
}
