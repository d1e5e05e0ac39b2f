//! The theme's JavaScript as it is served: without its comments and
//! indentation, so that the search page's scripts cost fewer bytes on a first
//! search (the source files in `themes/*/static/` stay readable).
//!
//! The `minifier` crate (the one rustdoc uses) cuts the text into tokens; the
//! tokens are written back here, not by the crate's own writer, which drops
//! every line break (code that leaves out semicolons relies on them) and joins
//! `a - -b` into `a--b`. Between two tokens that the source separated, this
//! writes a line break where the source had one (a line comment counts), a
//! space where joining them would make another token, and else nothing; text
//! inside strings, template strings and regular expressions is kept as it is.
//!
//! A script the tokenizer may misread is served as it is written: one that is
//! not UTF-8, that the tokenizer refuses (or panics on), or where a `/` follows
//! a keyword or a `}` (a regular expression there is read as a division) or a
//! regular expression's `[` is not closed (a `/` inside `[...]` ends it early).
//! Nor is one whose tokens do not add up to the file (less whitespace and
//! comments): the tokenizer drops the rest of a file after a string or a
//! comment left open. The result depends only on the file's bytes, so builds
//! stay reproducible.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use minifier::js::{Operation, ReservedChar, Token};

/// `source` minified, or `None` when it is to be served as it is (see the
/// module's notes) or minifying would not make it smaller.
pub(crate) fn js(source: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(source).ok()?;
    // A last line comment ends at a line break (without one the tokenizer
    // would leave it out, and the check below would refuse the file).
    let text = if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    };
    let out = std::panic::catch_unwind(|| write_tokens(&text)).ok()??;
    (out.len() < source.len()).then(|| out.into_bytes())
}

/// Scripts minified before in this process, by their source: every build
/// loads the theme, and under `serve` every save does, where minifying the
/// default theme's scripts again took 10 to 60 ms before the first page.
/// Emptied when it holds [`REMEMBERED`] scripts (a theme's script edited
/// again and again under `serve`).
static MINIFIED: LazyLock<Mutex<HashMap<Vec<u8>, Vec<u8>>>> = LazyLock::new(Mutex::default);
const REMEMBERED: usize = 32;

/// `source` as served: minified where it can be, else as it is.
pub(crate) fn js_or_same(source: Vec<u8>) -> Vec<u8> {
    let lock = || MINIFIED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(done) = lock().get(&source) {
        return done.clone();
    }
    let out = js(&source).unwrap_or_else(|| source.clone());
    let mut memo = lock();
    if memo.len() >= REMEMBERED {
        memo.clear();
    }
    memo.insert(source, out.clone());
    out
}

/// The tokens of `text` written back without comments and with the least
/// whitespace that keeps their meaning; `None` if they do not account for
/// every character of `text` but whitespace and comments (the tokenizer
/// leaves out the rest of a file after a string or comment that is not
/// closed).
fn write_tokens(text: &str) -> Option<String> {
    let tokens = minifier::js::simple_minify(text).ok()?;
    let mut out = String::with_capacity(text.len() / 2);
    let mut prev: Option<&Token> = None;
    // Whether the source has whitespace or a comment since the last token
    // written, and whether that includes a line break.
    let (mut gap, mut line) = (false, false);
    // Characters left out with the comments, their `//` or `/*` `*/` too.
    let mut commented = 0;
    for token in tokens.iter() {
        if let Token::Comment(body) = token {
            let line_comment = is_line_comment(text, body)?;
            commented += visible(body) + if line_comment { 2 } else { 4 };
            gap = true;
            line |= line_comment || body.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
            continue;
        }
        if token.is_white_character() {
            gap = true;
            line |= token.get_char() == Some(ReservedChar::Backline);
            continue;
        }
        let piece = token.to_string();
        if let Token::Regex { regex, .. } = token
            && !classes_closed(regex)
        {
            return None;
        }
        if let Some(prev) = prev {
            if is_slash(token)
                && matches!(
                    prev,
                    Token::Keyword(_) | Token::Char(ReservedChar::CloseCurlyBrace)
                )
            {
                return None;
            }
            if gap {
                let (a, b) = (out.chars().next_back(), piece.chars().next());
                if line {
                    out.push('\n');
                } else if is_slash(prev)
                    || is_slash(token)
                    || a.zip(b).is_some_and(|(a, b)| would_join(a, b))
                {
                    out.push(' ');
                }
            }
        }
        out.push_str(&piece);
        prev = Some(token);
        (gap, line) = (false, false);
    }
    (visible(&out) + commented == visible(text)).then_some(out)
}

/// How many characters of `text` are not whitespace.
fn visible(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Whether the comment `body` (a slice of `text`) began with `//`: the
/// tokenizer keeps what follows the two characters, for both kinds.
fn is_line_comment(text: &str, body: &str) -> Option<bool> {
    let at = (body.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let before = text.as_bytes().get(at.checked_sub(1)?)?;
    Some(*before == b'/')
}

/// A division, or a regular expression: the tokenizer tells them apart by
/// what comes before, so the whitespace around them is kept.
fn is_slash(token: &Token) -> bool {
    matches!(
        token,
        Token::Operation(Operation::Divide | Operation::DivideEqual) | Token::Regex { .. }
    )
}

/// Whether a text ending in `a` and one beginning with `b`, written together,
/// would read as other tokens: two words, `+ +`, `- -`, `/ /` (a comment),
/// `< !` and `- >` (old HTML comments), `1 .x`.
fn would_join(a: char, b: char) -> bool {
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '$' | '\\') || !c.is_ascii();
    (word(a) && word(b))
        || (a == b && matches!(a, '+' | '-' | '/' | '.'))
        || matches!((a, b), ('/', '*') | ('<', '!') | ('-', '>'))
        || (a.is_ascii_digit() && b == '.')
        || (a == '.' && b.is_ascii_digit())
}

/// Whether every `[` of a regular expression's body is closed (an
/// unescaped `/` inside `[...]` would have ended the expression early).
fn classes_closed(regex: &str) -> bool {
    let (mut open, mut escaped) = (false, false);
    for c in regex.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => open = true,
            ']' => open = false,
            _ => {}
        }
    }
    !open && !escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn min(source: &str) -> Option<String> {
        js(source.as_bytes()).map(|b| String::from_utf8(b).unwrap_or_default())
    }

    #[test]
    fn comments_and_indentation_go_and_line_breaks_stay() {
        let source = "// Adds.\nfunction add(a, b) {\n    /* the sum */\n    return a + b;\n}\nconst x = add(1, 2)\nlet y = x\n";
        assert_eq!(
            min(source).as_deref(),
            Some("function add(a,b){\nreturn a+b;\n}\nconst x=add(1,2)\nlet y=x")
        );
    }

    #[test]
    fn tokens_that_would_join_keep_a_space() {
        let source =
            "var c = a - -b + +d + ++e;    x = 1 .toString() ;  y = a / b / c;   z = typeof  q;";
        assert_eq!(
            min(source).as_deref(),
            Some("var c=a- -b+ +d+ ++e;x=1 .toString();y=a / b / c;z=typeof q;")
        );
    }

    #[test]
    fn a_block_comment_over_lines_is_a_line_break_and_on_one_line_is_not() {
        let source = "function f() {\n  return /* a\n  b */ 1;\n}\nlet g = [1, /* two */ 2];\n";
        assert_eq!(
            min(source).as_deref(),
            Some("function f(){\nreturn\n1;\n}\nlet g=[1,2];")
        );
    }

    #[test]
    fn text_in_strings_templates_and_expressions_is_kept() {
        let source = "s.replace(/ +/g,  \" a  b \")  + `x  ${ \"}\" }  y`  + 'it''s'  // end\n";
        assert_eq!(
            min(source).as_deref(),
            Some("s.replace(/ +/g,\" a  b \")+`x  ${ \"}\" }  y`+'it''s'")
        );
        // A last line comment without a line break after it.
        assert_eq!(min("let  a = 1 // one").as_deref(), Some("let a=1"));
    }

    #[test]
    fn what_the_tokenizer_may_misread_is_left_as_it_is() {
        // A regular expression after a keyword, or after `}`.
        assert_eq!(min("function f(s) {\n  return / +/.test(s);\n}\n"), None);
        assert_eq!(min("if (a) {\n  b();\n}\n/ +/.test(s);\n"), None);
        // A `/` inside a character class.
        assert_eq!(min("var r  =  /[/] +/;\nvar s  =  1;\n"), None);
        // Not UTF-8, and an unclosed comment ending in a character of two bytes.
        assert_eq!(js(b"var a  =  \xff;\n"), None);
        assert_eq!(min("var a  =  1; /* \u{e9}"), None);
        // A string, a template string or a comment left open.
        assert_eq!(min("var a  =  \"open;\nfunction f() {  }\n"), None);
        assert_eq!(min("var a  =  `open;\nfunction f() {  }\n"), None);
        assert_eq!(min("var a  =  1;\n/* open\nfunction f() {  }\n"), None);
        // Nothing to take away.
        assert_eq!(min("a=1"), None);
    }

    #[test]
    fn the_default_theme_scripts_are_minified_the_same_each_time() {
        for name in ["search.js", "search-words.js", "site.js"] {
            let path = format!(
                "{}/themes/default/static/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            let Ok(source) = std::fs::read(&path) else {
                panic!("cannot read {path}");
            };
            let once = js(&source);
            assert!(
                once.as_ref()
                    .is_some_and(|m| m.len() < source.len() * 9 / 10),
                "{name} not minified"
            );
            assert_eq!(once, js(&source), "{name}");
        }
    }
}
