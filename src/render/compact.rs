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
const LAYOUT: [char; 3] = [' ', '\t', '\r'];

/// Copies `text` to `out`, leaving out whitespace before and after each line
/// break and the lines left empty.
fn strip_into(out: &mut String, text: &str) {
    let mut lines = text.split('\n').peekable();
    let mut first = true;
    let mut pending_break = false;
    while let Some(line) = lines.next() {
        let mut line = if first {
            line
        } else {
            line.trim_start_matches(LAYOUT)
        };
        if lines.peek().is_some() {
            line = line.trim_end_matches(LAYOUT);
        }
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
    }
    if pending_break {
        out.push('\n');
    }
}

/// The byte range of the next element (opening tag to closing tag) whose
/// whitespace is kept, if any.
fn next_kept(html: &str) -> Option<(usize, usize)> {
    let lower_starts = |s: &str, name: &str| {
        s.len() > name.len()
            && s.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && matches!(s.as_bytes()[name.len()], b'>' | b' ' | b'\t' | b'\n' | b'/')
    };
    let mut from = 0;
    while let Some(i) = html[from..].find('<') {
        let at = from + i;
        let tag = &html[at + 1..];
        if let Some(name) = KEEP.iter().find(|n| lower_starts(tag, n)) {
            let close = format!("</{name}");
            let end = find_ignore_case(&html[at..], &close)
                .map(|j| at + j)
                .and_then(|j| html[j..].find('>').map(|k| j + k + 1))
                .unwrap_or(html.len());
            return Some((at, end));
        }
        from = at + 1;
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
    fn names_that_only_start_like_kept_elements_are_stripped() {
        let html = "<preview>\n  a</preview>\n  <p>b</p>";
        assert_eq!(strip_indentation(html), "<preview>\na</preview>\n<p>b</p>");
    }
}
