//! Identifiers and references: `northshire-police`, `northshire-police/mash`,
//! or a bare `mash` inside its own agency.

/// Whether `s` is a valid id: lowercase ASCII letters and digits in groups joined by
/// single hyphens (`^[a-z0-9]+(-[a-z0-9]+)*$`).
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Why an id is not valid, in words an editor can act on.
pub fn explain_invalid_id(s: &str) -> String {
    if s.is_empty() {
        "an id cannot be empty".to_owned()
    } else if s.bytes().any(|b| b.is_ascii_uppercase()) {
        "ids use lowercase letters only".to_owned()
    } else if s.contains(' ') || s.contains('_') {
        "ids use hyphens between words, not spaces or underscores".to_owned()
    } else if s.starts_with('-') || s.ends_with('-') || s.contains("--") {
        "ids cannot start or end with a hyphen or have two hyphens in a row".to_owned()
    } else {
        "ids use only the letters a-z, the digits 0-9 and single hyphens".to_owned()
    }
}

/// Turns free text into an id: `Multi-Agency Safeguarding Hub` → `multi-agency-safeguarding-hub`,
/// `Section 47 (s47)` → `section-47-s47`. Non-ASCII letters are dropped.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Children's" → "childrens"
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// A reference to something inside an agency (a team or a contact route).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef<'a> {
    pub agency: &'a str,
    pub member: &'a str,
}

/// Splits `agency/member`; a bare `member` belongs to `home` (the referring agency).
/// Returns `None` when the reference has more than one `/` or an empty part.
pub fn split_member_ref<'a>(reference: &'a str, home: &'a str) -> Option<MemberRef<'a>> {
    match reference.split_once('/') {
        None if !reference.is_empty() => Some(MemberRef {
            agency: home,
            member: reference,
        }),
        Some((agency, member))
            if !agency.is_empty() && !member.is_empty() && !member.contains('/') =>
        {
            Some(MemberRef { agency, member })
        }
        _ => None,
    }
}

/// A reference to an agency or to one of its teams (`refer_to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyOrTeam<'a> {
    Agency(&'a str),
    Team(&'a str, &'a str),
}

/// Reads `agency` or `agency/team`.
pub fn split_agency_or_team(reference: &str) -> Option<AgencyOrTeam<'_>> {
    match reference.split_once('/') {
        None if !reference.is_empty() => Some(AgencyOrTeam::Agency(reference)),
        Some((a, t)) if !a.is_empty() && !t.is_empty() && !t.contains('/') => {
            Some(AgencyOrTeam::Team(a, t))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        for id in ["a", "mash", "northshire-police", "a1-b2-c3", "0800"] {
            assert!(is_valid_id(id), "{id} should be valid");
        }
    }

    #[test]
    fn invalid_ids() {
        for id in [
            "", "-a", "a-", "a--b", "A", "North", "a_b", "a b", "café", "a/b", "a.b",
        ] {
            assert!(!is_valid_id(id), "{id} should be invalid");
        }
    }

    #[test]
    fn explanations_name_the_problem() {
        assert!(explain_invalid_id("Mash").contains("lowercase"));
        assert!(explain_invalid_id("mash_hub").contains("hyphens"));
        assert!(explain_invalid_id("mash--hub").contains("two hyphens"));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Multi-Agency Safeguarding Hub"),
            "multi-agency-safeguarding-hub"
        );
        assert_eq!(slug("MASH"), "mash");
        assert_eq!(slug("Children's Social Care"), "childrens-social-care");
        assert_eq!(slug("  Section 47 (s47) "), "section-47-s47");
        assert_eq!(slug("A&E"), "a-e");
        assert!(is_valid_id(&slug("Über -- weird __ text!")));
    }

    #[test]
    fn member_references() {
        assert_eq!(
            split_member_ref("northshire-police/mash", "x"),
            Some(MemberRef {
                agency: "northshire-police",
                member: "mash"
            })
        );
        assert_eq!(
            split_member_ref("mash", "home"),
            Some(MemberRef {
                agency: "home",
                member: "mash"
            })
        );
        assert_eq!(split_member_ref("a/b/c", "x"), None);
        assert_eq!(split_member_ref("/b", "x"), None);
        assert_eq!(split_member_ref("a/", "x"), None);
        assert_eq!(split_member_ref("", "x"), None);
    }

    #[test]
    fn agency_or_team_references() {
        assert_eq!(split_agency_or_team("np"), Some(AgencyOrTeam::Agency("np")));
        assert_eq!(
            split_agency_or_team("np/ppu"),
            Some(AgencyOrTeam::Team("np", "ppu"))
        );
        assert_eq!(split_agency_or_team("np/ppu/x"), None);
        assert_eq!(split_agency_or_team(""), None);
    }
}
