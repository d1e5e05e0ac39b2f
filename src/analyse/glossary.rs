//! `glossary-clash`: one abbreviation with several meanings (PCN: a Primary Care
//! Network to the NHS, a Penalty Charge Notice to the council).

use std::collections::BTreeMap;

use crate::findings::{Code, Finding};
use crate::model::{Content, GlossaryEntry};

/// Glossary entries grouped by abbreviation (as written, case kept), for every
/// abbreviation with more than one distinct meaning.
pub(crate) fn clashes(content: &Content) -> BTreeMap<&str, Vec<&GlossaryEntry>> {
    let mut by_abbr: BTreeMap<&str, Vec<&GlossaryEntry>> = BTreeMap::new();
    for g in &content.glossary {
        if let Some(abbr) = &g.abbreviation {
            by_abbr.entry(abbr.value.trim()).or_default().push(g);
        }
    }
    by_abbr.retain(|_, entries| {
        let mut terms: Vec<String> = entries
            .iter()
            .map(|g| g.term.value.trim().to_lowercase())
            .collect();
        terms.sort();
        terms.dedup();
        terms.len() > 1
    });
    by_abbr
}

pub(crate) fn check(content: &Content, out: &mut Vec<Finding>) {
    for (abbr, entries) in clashes(content) {
        let meanings: Vec<String> = entries
            .iter()
            .map(|g| {
                let users: Vec<&str> = g.used_by.iter().map(|u| u.value.as_str()).collect();
                if users.is_empty() {
                    format!(
                        "{} ({}:{})",
                        g.term.value,
                        content.path(g.loc.file),
                        g.loc.pos.line
                    )
                } else {
                    format!("{} (used by {})", g.term.value, users.join(", "))
                }
            })
            .collect();
        let at = entries[0]
            .abbreviation
            .as_ref()
            .map_or(entries[0].loc, |a| a.loc);
        let message = format!(
            "glossary clash: `{abbr}` means {} things: {}",
            entries.len(),
            meanings.join("; ")
        );
        let hint = "the site shows every meaning side by side; make sure each entry lists the agencies that use it in `used_by`";
        out.push(Finding::at(Code::GlossaryClash, at, message).hint(hint));
    }
}
