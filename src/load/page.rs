//! Reads `pages/<id>.md`: Markdown with YAML front matter between `---` lines.

use super::declare;
use super::fields::Reader;
use super::yaml;
use crate::findings::Code;
use crate::model::{FileId, Page, Pos, Spanned, ids};

/// Folders the site itself uses; a page may not take one of these names.
pub const RESERVED: &[&str] = &[
    "agencies",
    "topics",
    "who-does-what",
    "contacts",
    "glossary",
    "shadowing",
    "induction",
    "search",
    "report",
    "data",
    "assets",
    "pages",
    "agreements",
    "meetings",
    "pathways",
];

/// Splits `---\nfront matter\n---\nbody`. Returns the front matter (prefixed with
/// one newline so that its line numbers match the file's), the body and the
/// body's first line; `None` when the file does not start with `---`.
pub fn split_front_matter(text: &str) -> Option<(String, &str, u32)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut offset = 0;
    for (line_no, line) in (2u32..).zip(rest.split_inclusive('\n')) {
        let trimmed = line.trim_end_matches(['\r', '\n']);
        if trimmed == "---" || trimmed == "..." {
            let front = format!("\n{}", &rest[..offset]);
            let body = &rest[offset + line.len()..];
            return Some((front, body, line_no + 1));
        }
        offset += line.len();
    }
    None
}

pub fn read(file: FileId, text: &str, stem: &str) -> (Option<Page>, Vec<crate::findings::Finding>) {
    let start = Pos { line: 1, column: 1 };
    let Some((front, body, body_line)) = split_front_matter(text) else {
        let mut r = Reader::new(file);
        r.report(
            Code::MissingField,
            start,
            "this page has no front matter, so it has no `title`",
            Some("start the file with `---`, a line `title: …`, and another `---`".into()),
        );
        return (None, r.findings);
    };
    let mut r = Reader::new(file);
    let root = match yaml::parse(&front) {
        Ok(root) => root,
        Err(e) => {
            let hint = e.hint();
            r.report(Code::YamlSyntax, e.pos.unwrap_or(start), e.message, hint);
            return (None, r.findings);
        }
    };
    if let Some((message, hint)) = crate::render::markdown::raw_html_problem(body) {
        let pos = Pos::new(u64::from(body_line), 1);
        r.report(Code::InvalidValue, pos, message, Some(hint));
    }
    let page = root.as_ref().and_then(|root| {
        let map = r.record(root, &declare::PAGE)?;
        let title = r.req_text(
            &map,
            "title",
            "this page",
            "add `title:` to the front matter",
        );
        let order = r.opt_int(&map, "order", i64::from(i32::MIN), i64::from(i32::MAX));
        let induction = r.opt_int(&map, "induction", i64::from(i32::MIN), i64::from(i32::MAX));
        let visibility = r.visibility(&map);
        let aka = r.text_list(&map, "aka");
        Some(Page {
            file,
            id: Spanned::new(stem.to_owned(), r.loc(start)),
            title: title?,
            order,
            induction,
            visibility,
            aka,
            body: body.to_owned(),
            body_line,
        })
    });
    if root.is_none() {
        r.report(
            Code::MissingField,
            start,
            "this page's front matter is empty, so it has no `title`",
            Some("add `title: …` between the `---` lines".into()),
        );
    }
    if !ids::is_valid_id(stem) {
        r.report(
            Code::InvalidId,
            start,
            format!(
                "the file name `{stem}` is not a valid page id: {}",
                ids::explain_invalid_id(stem)
            ),
            Some(format!("rename the file to `{}.md`", ids::slug(stem))),
        );
        return (None, r.findings);
    }
    if RESERVED.contains(&stem) {
        r.report(
            Code::InvalidId,
            start,
            format!("a page cannot be called `{stem}`: the site uses `{stem}/` for its own pages"),
            Some(format!("rename the file, for example to `about-{stem}.md`")),
        );
        return (None, r.findings);
    }
    (page, r.findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_line_numbers() {
        let (front, body, line) =
            split_front_matter("---\ntitle: A\norder: 1\n---\nHello\n").unwrap();
        assert_eq!(front, "\ntitle: A\norder: 1\n");
        assert_eq!(body, "Hello\n");
        assert_eq!(line, 5);
        let node = yaml::parse(&front).unwrap().unwrap();
        assert_eq!(node.pos.line, 2);
    }

    #[test]
    fn handles_crlf_and_missing_front_matter() {
        let (front, body, _) = split_front_matter("---\r\ntitle: A\r\n---\r\nBody").unwrap();
        assert_eq!(front, "\ntitle: A\r\n");
        assert_eq!(body, "Body");
        assert!(split_front_matter("# Just Markdown").is_none());
        assert!(split_front_matter("---\ntitle: never closed\n").is_none());
    }
}
