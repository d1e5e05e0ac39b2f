//! Printing findings: like a compiler for people (`path:line:column: error[code]:
//! message`, the source line with a caret, the hint), or as the spec's JSON object.

use std::borrow::Cow;
use std::io::{self, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::{Finding, Findings, Severity};
use crate::model::Content;

/// Prints findings for people. `color` adds ANSI colours (only on a terminal).
pub fn text(
    out: &mut dyn Write,
    content: &Content,
    findings: &Findings,
    color: bool,
) -> io::Result<()> {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    for f in &findings.items {
        write_header(out, content, f, color)?;
        if let Some(snippet) = source_snippet(content, f, &renderer) {
            writeln!(out, "{snippet}")?;
        } else if let Some(hint) = &f.hint {
            writeln!(out, "  = hint: {}", visible(hint))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// The one-line summary that ends a `check`.
pub fn summary(findings: &Findings, files: usize) -> String {
    let note = if findings.errors() > 0 {
        "note: gaps, overlaps and referral loops are judged once the errors are fixed\n"
    } else {
        ""
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let held = match findings.held_back {
        0 => String::new(),
        n => format!("\n{}", held_back_line(n)),
    };
    format!(
        "{note}{}, {} in {}{held}",
        plural(findings.errors(), "error"),
        plural(findings.warnings(), "warning"),
        plural(files, "file"),
    )
}

/// What is said of references held back because they point into files that
/// could not be read.
pub fn held_back_line(n: usize) -> String {
    let (refs, are) = if n == 1 {
        ("reference", "is")
    } else {
        ("references", "are")
    };
    format!(
        "and {n} {refs} to records in files that could not be read {are} held back until those files are fixed"
    )
}

fn write_header(
    out: &mut dyn Write,
    content: &Content,
    f: &Finding,
    color: bool,
) -> io::Result<()> {
    let place = match (f.file, f.pos) {
        (Some(file), Some(pos)) => format!("{}:{}:{}: ", content.path(file), pos.line, pos.column),
        (Some(file), None) => format!("{}: ", content.path(file)),
        _ => String::new(),
    };
    let severity = f.severity();
    let (bold, tone) = if color {
        let tone = match severity {
            Severity::Error => Style::new()
                .fg_color(Some(AnsiColor::BrightRed.into()))
                .bold(),
            Severity::Warning => Style::new()
                .fg_color(Some(AnsiColor::BrightYellow.into()))
                .bold(),
        };
        (Style::new().bold(), tone)
    } else {
        (Style::new(), Style::new())
    };
    writeln!(
        out,
        "{bold}{place}{bold:#}{tone}{severity}[{code}]{tone:#}{bold}: {message}{bold:#}",
        place = visible(&place),
        code = f.code,
        message = visible(&f.message),
    )
}

/// Text from content files made safe for a terminal or a CI log: control
/// characters (which could move the cursor, recolour or clear the screen, or
/// hide text) and bidirectional overrides are shown as visible symbols, one
/// character for one, so that columns still line up (ESC shows as `␛`).
pub fn visible(text: &str) -> Cow<'_, str> {
    let shown = |c: char| match c {
        '\t' => None,
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{061c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    };
    if !text.chars().any(|c| shown(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| shown(c).unwrap_or(c)).collect())
}

/// The offending line with a caret under the place, and the hint beneath.
fn source_snippet(content: &Content, f: &Finding, renderer: &Renderer) -> Option<String> {
    let (file, pos) = (f.file?, f.pos?);
    let text = &content.files.get(file.0 as usize)?.text;
    // A parser may point just past the last line (an unclosed quote or bracket):
    // show the last line then, with the caret at its end.
    let index = pos.line.checked_sub(1)? as usize;
    let (line_no, line, column) = match text.lines().nth(index) {
        Some(line) => (pos.line, line, pos.column),
        None => {
            let (i, last) = text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .last()?;
            (i as u32 + 1, last, last.chars().count() as u32 + 1)
        }
    };
    let line = visible(line.strip_suffix('\r').unwrap_or(line));
    let line = line.as_ref();
    // Columns count characters; the snippet wants a byte range.
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i);
    let word_end = line[start..]
        .find(|c: char| c == ':' || c == ',' || c == ']' || c == '#' || c.is_whitespace())
        .map_or(line.len(), |n| start + n);
    // At least one whole character (which may take several bytes).
    let end = if word_end > start {
        word_end
    } else {
        line[start..]
            .chars()
            .next()
            .map_or(line.len(), |c| start + c.len_utf8())
    };
    let level = match f.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_level(level.clone()).element(
        Snippet::source(line)
            .line_start(line_no as usize)
            .annotation(AnnotationKind::Primary.span(start..end)),
    );
    if let Some(hint) = &f.hint {
        group = group.element(Level::HELP.message(visible(hint)));
    }
    Some(renderer.render(&[group]).to_string())
}

#[derive(Serialize)]
struct JsonReport<'a> {
    errors: usize,
    warnings: usize,
    /// References held back (into files that could not be read); absent when none.
    #[serde(skip_serializing_if = "is_zero")]
    held_back: usize,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    severity: Severity,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The findings as the spec's JSON object.
pub fn json(content: &Content, findings: &Findings) -> serde_json::Result<String> {
    let report = JsonReport {
        errors: findings.errors(),
        warnings: findings.warnings(),
        held_back: findings.held_back,
        findings: findings
            .items
            .iter()
            .map(|f| JsonFinding {
                severity: f.severity(),
                code: f.code.word(),
                file: f.file.map(|id| content.path(id)),
                line: f.pos.map(|p| p.line),
                column: f.pos.map(|p| p.column),
                message: &f.message,
                hint: f.hint.as_deref(),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report)
}
