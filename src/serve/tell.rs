//! How a rebuild went: said on the terminal, and its findings as the open
//! pages' overlay shows them.

use std::time::Duration;

use super::overlay;
use super::reload::{Problem, Status};
use crate::findings::{Findings, Severity};
use crate::model::Content;

/// Says on the terminal how a rebuild went: its time, or its errors.
pub(super) fn say_how_it_went(status: &Status, took: Duration) {
    if status.ok {
        let w = status.warnings_total;
        println!(
            "rebuilt in {} ms{}",
            took.as_millis(),
            if w > 0 {
                format!("; {w} warning{}", if w == 1 { "" } else { "s" })
            } else {
                String::new()
            }
        );
    } else {
        let n = status.errors.len();
        eprintln!(
            "the rebuild stopped: {}; {}",
            status.message.clone().unwrap_or_else(|| format!(
                "{n} error{} (shown on every open page)",
                if n == 1 { "" } else { "s" }
            )),
            if status.site {
                "still serving the last good site"
            } else {
                "there is no site yet: fix them and save, and it appears"
            }
        );
        for p in status.errors.iter().take(20) {
            let place = p
                .file
                .as_ref()
                .map(|f| format!("{f}:{}:{}: ", p.line.unwrap_or(0), p.column.unwrap_or(0)))
                .unwrap_or_default();
            eprintln!("  {place}error[{}]: {}", p.code, p.message);
        }
    }
}

/// The findings of `severity`, as the overlay shows them.
pub(super) fn problems(content: &Content, found: &Findings, severity: Severity) -> Vec<Problem> {
    found
        .items
        .iter()
        .filter(|f| f.severity() == severity)
        .map(|f| Problem {
            code: f.code.word(),
            name: overlay::plain_name(f.code.word()),
            source: f
                .file
                .zip(f.pos)
                .and_then(|(id, pos)| overlay::source_line(content, id, pos.line)),
            file: f.file.map(|id| content.path(id).to_owned()),
            line: f.pos.map(|p| p.line),
            column: f.pos.map(|p| p.column),
            message: f.message.clone(),
            hint: f.hint.clone(),
        })
        .collect()
}
