//! The code stays small enough to read: over every `.rs` file in `src/`,
//!
//! - no file has more than 600 lines (`wc -l`: every line, comments and tests
//!   included);
//! - no function has more than 100 lines of code: the lines from its `fn`
//!   line to its closing brace that hold more than white space and comments;
//! - nothing nests more than 6 deep inside a function: the depth of `{`
//!   within its body, the body's own brace being 0 (blocks, match arms,
//!   closures and struct literals all count, as they all indent).
//!
//! The count is a simple one, honest about what it sees: braces are counted
//! outside comments, strings (raw ones too) and character literals; a `fn`
//! is a line whose code starts with `fn`, `pub fn`, `pub(crate) fn`, `const
//! fn` and the like.
//!
//! Functions already over the limit when the rule came in are listed in
//! [`EXCEPTIONS`] with their length then, as a ratchet: the test fails when
//! one grows, and when one is back within the limit (take it off the list).

use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 100;
const MAX_NESTING: usize = 6;

/// (file, function, lines of code): over the function limit when the rule
/// came in; each may shrink, none may grow.
const EXCEPTIONS: &[(&str, &str, usize)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each line's code with comments, strings and character literals blanked
/// out (their braces do not count).
fn code_lines(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let mut block_comments = 0usize;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if block_comments > 0 {
            if c == '*' && next == Some('/') {
                block_comments -= 1;
                i += 2;
            } else if c == '/' && next == Some('*') {
                block_comments += 1;
                i += 2;
            } else {
                out.push(if c == '\n' { '\n' } else { ' ' });
                i += 1;
            }
            continue;
        }
        match c {
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if next == Some('*') => {
                block_comments += 1;
                i += 2;
            }
            'r' if matches!(next, Some('"' | '#'))
                && !chars[..i]
                    .last()
                    .is_some_and(|p| p.is_alphanumeric() || *p == '_') =>
            {
                // A raw string: r"…", r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while chars.get(j) == Some(&'#') {
                    hashes += 1;
                    j += 1;
                }
                if chars.get(j) != Some(&'"') {
                    out.push(c);
                    i += 1;
                    continue;
                }
                j += 1;
                while j < chars.len() {
                    if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                        j += 1 + hashes;
                        break;
                    }
                    if chars[j] == '\n' {
                        out.push('\n');
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j;
            }
            '"' => {
                let mut j = i + 1;
                while j < chars.len() && chars[j] != '"' {
                    if chars[j] == '\\' {
                        j += 1;
                    }
                    if chars.get(j) == Some(&'\n') {
                        out.push('\n');
                    }
                    j += 1;
                }
                out.push_str("\"\"");
                i = j + 1;
            }
            '\'' => {
                // A character literal ('x', '\n', '\u{1F600}'), or a lifetime.
                let close = if next == Some('\\') {
                    (i + 2..chars.len().min(i + 12)).find(|&j| chars[j] == '\'')
                } else {
                    (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
                };
                match close {
                    Some(j) => {
                        out.push_str("' '");
                        i = j + 1;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.lines().map(str::to_owned).collect()
}

/// The function a line starts, if it does.
fn fn_name(code: &str) -> Option<String> {
    let mut words = code.split_whitespace().peekable();
    while let Some(w) = words.peek() {
        let qualifier = *w == "pub"
            || w.starts_with("pub(")
            || ["const", "async", "unsafe", "extern", "default", "\"\""].contains(w);
        if !qualifier {
            break;
        }
        words.next();
    }
    if words.next()? != "fn" {
        return None;
    }
    let name = words.next()?;
    let end = name.find(['(', '<']).unwrap_or(name.len());
    Some(name[..end].to_owned())
}

/// A function's name, first line (1-based), length in lines, and deepest nesting.
struct Function {
    name: String,
    line: usize,
    lines: usize,
    nesting: usize,
}

/// Every function with a body in a file's code lines.
fn functions(lines: &[String]) -> Vec<Function> {
    let mut out = Vec::new();
    // (name, first line, depth outside it, deepest seen) for functions open now.
    let mut open: Vec<(String, usize, usize, usize)> = Vec::new();
    // A `fn` line seen whose body has not opened yet.
    let mut pending: Option<(String, usize)> = None;
    let mut depth = 0usize;
    for (n, code) in lines.iter().enumerate() {
        if let Some(name) = fn_name(code) {
            pending = Some((name, n));
        }
        for c in code.chars() {
            match c {
                '{' => {
                    if let Some((name, first)) = pending.take() {
                        open.push((name, first, depth, 0));
                    } else if let Some(f) = open.last_mut() {
                        f.3 = f.3.max(depth - f.2);
                    }
                    depth += 1;
                }
                '}' => {
                    depth = depth.saturating_sub(1);
                    if open.last().is_some_and(|f| f.2 == depth)
                        && let Some((name, first, _, nesting)) = open.pop()
                    {
                        let lines = (lines[first..=n].iter())
                            .filter(|l| !l.trim().is_empty())
                            .count();
                        out.push(Function {
                            name,
                            line: first + 1,
                            lines,
                            nesting,
                        });
                    }
                }
                // A declaration without a body (in a trait).
                ';' if pending.is_some() && open.last().is_none_or(|f| depth > f.2) => {
                    pending = None;
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn files_functions_and_nesting_stay_small() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    assert!(files.len() > 50, "src/ read: {} files", files.len());
    let mut problems = Vec::new();
    let mut excepted = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .expect("inside the crate")
            .to_string_lossy()
            .replace('\\', "/");
        let source = fs::read_to_string(path).expect("read a source file");
        let total = source.lines().count();
        if total > MAX_FILE_LINES {
            problems.push(format!(
                "{rel}: {total} lines (at most {MAX_FILE_LINES}): split it by concern"
            ));
        }
        for f in functions(&code_lines(&source)) {
            let ceiling = (EXCEPTIONS.iter())
                .find(|(file, name, _)| *file == rel && *name == f.name)
                .map(|e| e.2);
            if f.lines > MAX_FN_LINES {
                if let Some(ceiling) = ceiling {
                    excepted.push((rel.clone(), f.name.clone()));
                    if f.lines > ceiling {
                        problems.push(format!(
                            "{rel}:{}: fn {} has grown to {} lines (it had {ceiling}, and the limit is {MAX_FN_LINES})",
                            f.line, f.name, f.lines
                        ));
                    }
                } else {
                    problems.push(format!(
                        "{rel}:{}: fn {} has {} lines (at most {MAX_FN_LINES})",
                        f.line, f.name, f.lines
                    ));
                }
            }
            if f.nesting > MAX_NESTING {
                problems.push(format!(
                    "{rel}:{}: fn {} nests {} deep (at most {MAX_NESTING})",
                    f.line, f.name, f.nesting
                ));
            }
        }
    }
    for (file, name, _) in EXCEPTIONS {
        if !excepted.iter().any(|(f, n)| f == file && n == name) {
            problems.push(format!(
                "{file}: fn {name} is within the limits now: take it off EXCEPTIONS"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_counter_sees_what_it_should() {
    let source = r##"
/// A doc comment with { a brace.
pub(crate) fn outer(x: u8) -> u8 {
    let s = "a { string";
    let r = r#"raw { "quoted" "#;
    let c = '{';
    // a comment {
    /* a block { comment */
    if x > 0 {
        match x {
            1 => {
                0
            }
            _ => x,
        }
    } else {
        1
    }
}

trait T {
    fn declared(&self);
    fn provided(&self) -> &'static str {
        "}"
    }
}
"##;
    let found = functions(&code_lines(source));
    let names: Vec<(&str, usize, usize)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.lines, f.nesting))
        .collect();
    // Two of outer's 17 lines are comments.
    assert_eq!(names, vec![("outer", 15, 3), ("provided", 3, 0)]);
}
