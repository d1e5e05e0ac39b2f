//! Drops the indentation that keeps templates readable from the pages they
//! make: the spaces, tabs and blank lines around each line break, except inside
//! `<pre>`, `<textarea>`, `<script>` and `<style>`, where they are content. A
//! line break itself is kept, so words on either side stay apart.

/// Elements whose text keeps its whitespace.
const KEEP: [&str; 4] = ["pre", "textarea", "script", "style"];

/// The page without indentation or blank lines.
pub(super) fn strip_indentation(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((start, end)) = next_kept(rest) {
        strip_into(&mut out, &rest[..start]);
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
    }
    strip_into(&mut out, rest);
    out
}

/// Spaces and tabs (and a carriage return) that only lay out the template.
fn is_layout(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// Copies `text` to `out`, leaving out whitespace before and after each line
/// break and the lines left empty. (Bytes, found with `memchr`: every page
/// passes through here, a few percent of a build's time.)
fn strip_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut first = true;
    let mut pending_break = false;
    loop {
        let line_break = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let (mut from, mut to) = (start, line_break.unwrap_or(bytes.len()));
        if !first {
            while from < to && is_layout(bytes[from]) {
                from += 1;
            }
        }
        if line_break.is_some() {
            while to > from && is_layout(bytes[to - 1]) {
                to -= 1;
            }
        }
        // Only ASCII bytes were passed over: both ends are character boundaries.
        let line = &text[from..to];
        if first {
            out.push_str(line);
            first = false;
        } else if line.is_empty() {
            pending_break = true;
        } else {
            out.push('\n');
            out.push_str(line);
            pending_break = false;
        }
        match line_break {
            Some(at) => start = at + 1,
            None => break,
        }
    }
    if pending_break {
        out.push('\n');
    }
}

/// The byte range of the next element (opening tag to closing tag) whose
/// whitespace is kept, if any.
fn next_kept(html: &str) -> Option<(usize, usize)> {
    let bytes = html.as_bytes();
    let lower_starts = |s: &[u8], name: &str| {
        s.len() > name.len()
            && s[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(s[name.len()], b'>' | b' ' | b'\t' | b'\n' | b'/')
    };
    for at in memchr::memchr_iter(b'<', bytes) {
        let tag = &bytes[at + 1..];
        // Most tags begin with none of the kept names' first letters.
        if !matches!(
            tag.first().map(u8::to_ascii_lowercase),
            Some(b'p' | b't' | b's')
        ) {
            continue;
        }
        if let Some(name) = KEEP.iter().find(|n| lower_starts(tag, n)) {
            let close = format!("</{name}");
            let end = find_ignore_case(&html[at..], &close)
                .map(|j| at + j)
                .and_then(|j| html[j..].find('>').map(|k| j + k + 1))
                .unwrap_or(html.len());
            return Some((at, end));
        }
    }
    None
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    haystack
        .as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::strip_indentation;

    #[test]
    fn indentation_and_blank_lines_go_but_line_breaks_stay() {
        let html = "<ul>\n  <li>a</li>  \n\n    <li>b \t\n\t c</li>\n</ul>\n";
        assert_eq!(
            strip_indentation(html),
            "<ul>\n<li>a</li>\n<li>b\nc</li>\n</ul>\n"
        );
    }

    #[test]
    fn preformatted_text_scripts_and_text_areas_keep_their_spaces() {
        let html = "<div>\n  <PRE class=\"x\">  one\n    two\n</PRE>\n  <textarea>\n  t</textarea>\n  <script>\n  if (a) {\n    b();\n  }\n</script>\n  <p>x</p>";
        assert_eq!(
            strip_indentation(html),
            "<div>\n<PRE class=\"x\">  one\n    two\n</PRE>\n<textarea>\n  t</textarea>\n<script>\n  if (a) {\n    b();\n  }\n</script>\n<p>x</p>"
        );
    }

    #[test]
    fn an_unclosed_preformatted_block_keeps_the_rest_as_it_is() {
        let html = "<p>a</p>\n  <pre>\n  x\n  y";
        assert_eq!(strip_indentation(html), "<p>a</p>\n<pre>\n  x\n  y");
    }

    #[test]
    fn text_beside_the_layout_may_be_any_character() {
        let html = "<p>\r\n  \u{e9}t\u{e9} \u{2014} \r\n\t\u{1f3e0}\u{a0}\n  </p>";
        assert_eq!(
            strip_indentation(html),
            "<p>\n\u{e9}t\u{e9} \u{2014}\n\u{1f3e0}\u{a0}\n</p>"
        );
    }

    #[test]
    fn names_that_only_start_like_kept_elements_are_stripped() {
        let html = "<preview>\n  a</preview>\n  <p>b</p>";
        assert_eq!(strip_indentation(html), "<preview>\na</preview>\n<p>b</p>");
    }
}
