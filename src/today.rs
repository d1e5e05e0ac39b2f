//! "Today" for a run: `--today YYYY-MM-DD`, else `SOURCE_DATE_EPOCH`, else the
//! system clock (local date). Pinning it makes builds reproducible.

use crate::model::Date;

/// Decides today's date. `flag` is the `--today` value, `epoch` the value of
/// `SOURCE_DATE_EPOCH`, if set.
pub fn resolve(flag: Option<&str>, epoch: Option<&str>) -> Result<Date, String> {
    if let Some(flag) = flag {
        return Date::parse(flag.trim()).map_err(|why| format!("--today: {why}"));
    }
    if let Some(epoch) = epoch.map(str::trim).filter(|e| !e.is_empty()) {
        let secs: i64 = epoch.parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH is `{epoch}`, which is not a whole number of seconds since 1970-01-01")
        })?;
        return Date::from_unix_seconds(secs)
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"));
    }
    Ok(Date(chrono::Local::now().date_naive()))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn flag_wins_over_epoch() {
        assert_eq!(
            resolve(Some("2026-01-02"), Some("0")).unwrap().to_string(),
            "2026-01-02"
        );
    }

    #[test]
    fn epoch_is_used_without_flag() {
        assert_eq!(
            resolve(None, Some("86400")).unwrap().to_string(),
            "1970-01-02"
        );
    }

    #[test]
    fn bad_values_are_explained() {
        assert!(
            resolve(Some("02/01/2026"), None)
                .unwrap_err()
                .contains("--today")
        );
        assert!(
            resolve(None, Some("yesterday"))
                .unwrap_err()
                .contains("SOURCE_DATE_EPOCH")
        );
    }
}
