//! What the overlay in `serve` says about each finding besides its message: a
//! name for its code in plain words, and the line of the file it is about (the
//! page's script draws the caret under the column).

use crate::model::Content;

/// A finding's code in plain words, for editors who do not know the codes.
pub(crate) fn plain_name(code: &str) -> &'static str {
    match code {
        "yaml-syntax" => "The file cannot be read",
        "unknown-key" => "A key joinedup does not know",
        "missing-field" => "Something required is missing",
        "invalid-value" => "A value that is not allowed here",
        "invalid-id" => "An id that breaks the id rule",
        "duplicate-id" => "Two records with the same id",
        "dangling-reference" => "A reference to something that does not exist",
        "topic-cycle" => "Topics that are their own parent",
        "gap" => "Nobody leads on this need here",
        "overlap" => "More than one agency leads on this need here",
        "referral-loop" => "A referral loop",
        "referral-dead-end" => "A referral to an agency that does not take the need",
        "no-out-of-hours" => "Nowhere to go when this route is closed",
        "stale" => "Not reviewed in time",
        "glossary-clash" => "One abbreviation, several meanings",
        "personal-contact" => "A named person's contact details",
        "spreadsheet-formula" => "Text a spreadsheet would run as a formula",
        "skipped-file" => "A file that was not read",
        _ => "A problem in the content",
    }
}

/// The text of line `line` (1-based) of a file, if there is one.
pub(crate) fn source_line(
    content: &Content,
    file: crate::model::FileId,
    line: u32,
) -> Option<String> {
    let text = &content.files.get(file.0 as usize)?.text;
    let shown = text.lines().nth((line as usize).checked_sub(1)?)?;
    // A pasted megabyte on one line is cut, not sent to every page.
    Some(shown.chars().take(300).collect())
}
