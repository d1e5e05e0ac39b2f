//! The initials people shorten a service's name to, when the directory
//! never writes them: "SPA" for a single point of access, "UCR" for an urgent
//! community response, "IDT" for an integrated discharge team. Taken from
//! names of three words or more (teams, routes' ids, phrases in bold).

use super::text::strip_html;

/// Words left out of a name's initials ("single point of access" is "SPA").
const LITTLE: [&str; 10] = [
    "of", "and", "the", "for", "to", "in", "on", "a", "an", "with",
];

/// The most words a name may have for its initials to be indexed: longer
/// phrases in bold are sentences, not names.
const MOST_WORDS: usize = 5;

/// A name's initials, lowercase, when it has three to [`MOST_WORDS`] words
/// besides little ones; words with a digit are left out ("2-hour urgent
/// community response" is "UCR"), words joined by a hyphen count apart
/// ("Multi-Agency Safeguarding Hub" is "MASH"), and what is in brackets
/// ("Integrated Discharge Team (IDT)" is "IDT").
pub fn initialism(name: &str) -> Option<String> {
    let bare = name.split('(').next().unwrap_or(name);
    let initials: Vec<char> = bare
        .split_whitespace()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .flat_map(|w| w.split(['-', '/']))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty() && !LITTLE.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().next())
        .collect();
    let fits = (3..=MOST_WORDS).contains(&initials.len());
    (fits && initials.iter().all(|c| c.is_alphabetic()))
        .then(|| initials.iter().flat_map(|c| c.to_lowercase()).collect())
}

/// The initials of the names a text puts in bold (`<strong>`), space-separated.
pub fn bold_initialisms(html: &str) -> String {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<strong>") {
        let after = &rest[start + "<strong>".len()..];
        let Some(end) = after.find("</strong>") else {
            break;
        };
        out.extend(initialism(&strip_html(&after[..end])));
        rest = &after[end..];
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_three_words_or_more_give_their_initials() {
        assert_eq!(initialism("single point of access").as_deref(), Some("spa"));
        assert_eq!(
            initialism("Integrated Discharge Team").as_deref(),
            Some("idt")
        );
        assert_eq!(
            initialism("2-hour urgent community response").as_deref(),
            Some("ucr")
        );
        assert_eq!(
            initialism("Multi-Agency Safeguarding Hub").as_deref(),
            Some("mash")
        );
        assert_eq!(
            initialism("Integrated Discharge Team (IDT)").as_deref(),
            Some("idt")
        );
        assert_eq!(initialism("Health Visiting"), None);
        assert_eq!(initialism("one two three four five six"), None);
    }

    #[test]
    fn phrases_in_bold_give_theirs() {
        let html = "<p>Most come through the <strong>single point of access</strong>; \
                    the <strong>2-hour urgent community response</strong> and \
                    <strong>falls</strong>.</p>";
        assert_eq!(bold_initialisms(html), "spa ucr");
        assert_eq!(bold_initialisms("<strong>open ended"), "");
    }
}
