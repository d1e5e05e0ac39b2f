//! `imported-default`: a value that `joinedup import hsds` had to guess (the
//! source had nothing for it), marked `# imported-default` in the file until an
//! editor confirms it by removing the marker.

use crate::findings::{Code, Finding};
use crate::import::MARK;
use crate::model::{Content, FileId, Loc, Pos};

/// Warns at every line that still carries the marker.
pub(crate) fn check(content: &Content, out: &mut Vec<Finding>) {
    for (i, file) in content.files.iter().enumerate() {
        if !file.text.contains(MARK) {
            continue;
        }
        for (n, line) in file.text.lines().enumerate() {
            let Some(at) = line.find(MARK) else { continue };
            // Only a comment: the marker after a space, or starting the line.
            if at > 0 && !line[..at].ends_with(' ') {
                continue;
            }
            let value = line[..at].trim();
            let value = value.trim_start_matches("- ");
            if value.is_empty() {
                continue;
            }
            let column = line.len() - line.trim_start().len() + 1;
            let loc = Loc {
                file: FileId(i as u32),
                pos: Pos::new(n as u64 + 1, column as u64),
            };
            out.push(
                Finding::at(
                    Code::ImportedDefault,
                    loc,
                    format!("`{value}` was not in the imported data: the import filled it in"),
                )
                .hint(format!(
                    "check it, correct it if it is wrong, then remove `{MARK}` from the line"
                )),
            );
        }
    }
}
