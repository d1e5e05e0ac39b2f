//! `spreadsheet-formula`: a name, title or route purpose that starts with `=`,
//! which Excel and other spreadsheets would run as a formula when a comms team
//! opens the CSV exports. The exports neutralise such cells (a leading `'`), so
//! the spreadsheet shows them changed; the editor is told to reword them.

use crate::findings::{Code, Finding};
use crate::model::{Content, Text};

/// Warns about every name, title and purpose that starts with `=`.
pub(crate) fn check(content: &Content, out: &mut Vec<Finding>) {
    let mut texts: Vec<(&str, &Text)> = Vec::new();
    for a in &content.agencies {
        texts.push(("agency name", &a.name));
        texts.extend(a.teams.iter().map(|t| ("team name", &t.name)));
        texts.extend(a.contacts.iter().map(|c| ("route purpose", &c.purpose)));
    }
    texts.extend(content.glossary.iter().map(|g| ("glossary term", &g.term)));
    texts.extend(content.shadowing.iter().map(|o| ("offer title", &o.title)));
    for (what, text) in texts {
        if text.value.trim_start().starts_with('=') {
            out.push(
                Finding::at(
                    Code::SpreadsheetFormula,
                    text.loc,
                    format!(
                        "this {what} starts with `=`, so a spreadsheet would take it for a formula: `{}`",
                        text.value.trim()
                    ),
                )
                .hint(
                    "reword it so that it starts with a letter or a number; the CSV exports show it with a leading ' so that no spreadsheet runs it",
                ),
            );
        }
    }
}
