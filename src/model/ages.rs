//! An age range (`ages:` on a contact route or a `remit.does` entry):
//! `MIN-MAX`, `MIN+` or `-MAX`, read, written back as written, and said in
//! plain words ("Under 18", "65 and over", "Ages 16 to 25").

use std::fmt;

/// The oldest age a range may name.
pub const OLDEST: u8 = 120;

/// Who a service is for by age, both ends inclusive; `None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ages {
    pub min: Option<u8>,
    pub max: Option<u8>,
}

impl Ages {
    /// Reads `0-17`, `65+` or `-25`; the error says what is wrong.
    pub fn parse(s: &str) -> Result<Ages, String> {
        let s = s.trim();
        let age = |part: &str| -> Result<u8, String> {
            match part.trim().parse::<u16>() {
                Ok(n) if n <= u16::from(OLDEST) => Ok(n as u8),
                Ok(n) => Err(format!("{n} is older than {OLDEST}")),
                Err(_) => Err(format!("`{}` is not a whole number of years", part.trim())),
            }
        };
        let ages = if let Some(min) = s.strip_suffix('+') {
            Ages {
                min: Some(age(min)?),
                max: None,
            }
        } else if let Some(max) = s.strip_prefix('-') {
            Ages {
                min: None,
                max: Some(age(max)?),
            }
        } else if let Some((min, max)) = s.split_once('-') {
            if max.trim().is_empty() {
                return Err("the range has no upper age".into());
            }
            Ages {
                min: Some(age(min)?),
                max: Some(age(max)?),
            }
        } else {
            return Err("it is not a range".into());
        };
        match (ages.min, ages.max) {
            (Some(lo), Some(hi)) if lo > hi => {
                Err(format!("the lower age {lo} is above the upper age {hi}"))
            }
            _ => Ok(ages),
        }
    }

    /// The range in plain words: "Under 18" (`0-17`, `-17`), "65 and over",
    /// "Ages 16 to 25", "Age 16".
    pub fn words(&self) -> String {
        match (self.min.filter(|&m| m > 0), self.max) {
            (None, None) => "All ages".into(),
            (None, Some(hi)) => format!("Under {}", u16::from(hi) + 1),
            (Some(lo), None) => format!("{lo} and over"),
            (Some(lo), Some(hi)) if lo == hi => format!("Age {lo}"),
            (Some(lo), Some(hi)) => format!("Ages {lo} to {hi}"),
        }
    }
}

/// The range as the content format writes it: `0-17`, `65+`, `-25`.
impl fmt::Display for Ages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(lo), Some(hi)) => write!(f, "{lo}-{hi}"),
            (Some(lo), None) => write!(f, "{lo}+"),
            (None, Some(hi)) => write!(f, "-{hi}"),
            (None, None) => f.write_str("0+"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_reads_and_writes_back() {
        for (s, words) in [
            ("0-17", "Under 18"),
            ("65+", "65 and over"),
            ("-25", "Under 26"),
            ("16-25", "Ages 16 to 25"),
            ("18-18", "Age 18"),
        ] {
            let a = Ages::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(a.to_string(), s);
            assert_eq!(a.words(), words);
        }
    }

    #[test]
    fn bad_ranges_say_why() {
        for s in ["17-5", "abc", "5-", "200+", "0-200", "", "+", "-", "1.5-3"] {
            assert!(Ages::parse(s).is_err(), "{s}");
        }
    }
}
