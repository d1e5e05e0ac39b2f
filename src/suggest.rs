//! "Did you mean …?": the closest known word to a misspelt one.

/// The candidate closest to `word`, if any is close enough to be a likely typo.
///
/// Closeness is the Damerau-Levenshtein distance (a swap of two letters counts
/// once); a candidate qualifies when it is at most a third of the longer word's
/// length away (at least one edit), or when one word contains the other.
pub(crate) fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let cand_lower = candidate.to_lowercase();
        let distance = strsim::damerau_levenshtein(&lower, &cand_lower);
        let longest = lower.chars().count().max(cand_lower.chars().count());
        let allowed = (longest / 3).max(1);
        let contains = lower.len() >= 3
            && cand_lower.len() >= 3
            && (cand_lower.contains(&lower) || lower.contains(&cand_lower));
        if distance <= allowed || contains {
            let score = if distance <= allowed {
                distance
            } else {
                allowed + 1
            };
            if best.is_none_or(|(d, c)| score < d || (score == d && candidate < c)) {
                best = Some((score, candidate));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// `"; did you mean `x`?"`, or nothing.
pub(crate) fn did_you_mean<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    closest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        assert_eq!(
            closest("remmit", ["name", "remit", "review"]),
            Some("remit")
        );
        assert_eq!(
            closest(
                "northshire-polce",
                ["northshire-police", "northshire-council"]
            ),
            Some("northshire-police")
        );
        assert_eq!(closest("laed", ["lead", "joint"]), Some("lead"));
        assert_eq!(closest("Lead", ["lead", "joint"]), Some("lead"));
    }

    #[test]
    fn says_nothing_when_nothing_is_close() {
        assert_eq!(closest("zzzzzz", ["name", "remit"]), None);
        assert_eq!(did_you_mean("qqq", ["abc"]), "");
    }

    #[test]
    fn prefers_the_nearest_then_the_first_alphabetically() {
        assert_eq!(closest("team", ["teams", "tea"]), Some("tea"));
    }
}
