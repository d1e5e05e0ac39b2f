//! A YAML document as a tree of positioned nodes.
//!
//! The text is parsed by `granit-parser` (the fuzzed, panic-free parser behind
//! `serde-saphyr`), and its events are built here into an untyped [`Node`] tree in
//! which every value keeps its line and column. The typed reader (`fields.rs`)
//! then reports *all* the problems in a file at once, each at its own place.
//!
//! Scalars are kept as the text written: `value: 0800 111` and `value: 999` are
//! both text, and a reader that wants a number parses it. While building, the
//! tree refuses what no content file needs and an attacker could abuse: alias
//! expansions past a budget (alias bombs), nesting past a depth, duplicate keys,
//! and more than one document in a file.

use std::borrow::Cow;
use std::collections::HashMap;

use granit_parser::{Event, Parser, ScalarStyle, Span};

use crate::model::Pos;

/// Deepest nesting of lists and mappings accepted (real files use under ten).
pub const MAX_DEPTH: usize = 64;

/// Most values a file may hold once aliases are expanded.
pub const MAX_NODES: usize = 250_000;

/// One YAML value with where it stands in its file.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

/// The untyped YAML value.
#[derive(Debug, Clone)]
pub enum Value {
    /// Nothing: an empty value, `~` or `null`.
    Null,
    /// A scalar, as written (without quotes).
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// A short name of the value's kind, as an editor would say it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a set of `key: value` lines",
        }
    }
}

/// Why a YAML document could not be read.
#[derive(Debug)]
pub struct SyntaxError {
    pub pos: Option<Pos>,
    pub message: String,
}

impl SyntaxError {
    /// What an editor can try, in words that do not assume they know YAML.
    pub fn hint(&self) -> Option<String> {
        let m = self.message.to_lowercase();
        let hint = if m.contains("tab") {
            "YAML indents with spaces, never tabs: replace the tab on this line or the next with spaces"
        } else if m.contains("duplicate key") {
            "remove one of the two, or merge what they say"
        } else if m.contains("alias") || m.contains("document") || m.contains("nested") {
            return None;
        } else if m.contains("quoted") || m.contains("quote") {
            "a quote opened here is not closed: add the closing \" or ', or remove the opening one"
        } else {
            "check the indentation and punctuation on this line and the line before: items of one list line up, \
             a key is followed by `: `, and text containing `: ` or ` #` must be put in quotes"
        };
        Some(hint.to_owned())
    }
}

fn pos_of(span: &Span) -> Pos {
    Pos::new(span.start.line() as u64, span.start.col() as u64 + 1)
}

/// A container being built: its place, its anchor id (0 for none) and how many
/// nodes it holds so far (itself included).
struct Open {
    pos: Pos,
    anchor: usize,
    size: usize,
    kind: OpenKind,
}

enum OpenKind {
    Seq(Vec<Node>),
    /// Entries, and a key waiting for its value.
    Map(Vec<(Node, Node)>, Option<Node>),
}

/// Builds nodes from parser events.
struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    root: Option<Node>,
    documents: usize,
}

impl Builder {
    /// Adds a finished node to the container being built (or makes it the root).
    /// `anchor` is the node's anchor id (0 for none), `size` its node count.
    fn push(&mut self, node: Node, anchor: usize, size: usize) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        pos: Some(node.pos),
                        message: "this file holds more than one YAML document (a second `---` line); keep one document per file".to_owned(),
                    });
                }
                self.root = Some(node);
            }
            Some(Open {
                size: total,
                kind: OpenKind::Seq(items),
                ..
            }) => {
                *total += size;
                items.push(node);
            }
            Some(Open {
                size: total,
                kind: OpenKind::Map(entries, pending),
                ..
            }) => {
                *total += size;
                match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => {
                        no_earlier_key(entries, &key)?;
                        entries.push((key, node));
                    }
                }
            }
        }
        Ok(())
    }

    /// Starts a list or mapping.
    fn open(&mut self, pos: Pos, anchor: usize, kind: OpenKind) -> Result<(), SyntaxError> {
        self.count(1, pos)?;
        if self.stack.len() >= MAX_DEPTH {
            return Err(too_deep(pos));
        }
        self.stack.push(Open {
            pos,
            anchor,
            size: 1,
            kind,
        });
        Ok(())
    }

    fn count(&mut self, more: usize, pos: Pos) -> Result<(), SyntaxError> {
        self.nodes = self.nodes.saturating_add(more);
        if self.nodes > MAX_NODES {
            return Err(SyntaxError {
                pos: Some(pos),
                message: format!(
                    "this file holds more than {MAX_NODES} values once its `*alias` references are expanded; it looks like an alias bomb, or several files' worth of content in one"
                ),
            });
        }
        Ok(())
    }
}

/// A mapping's key may appear once: an error naming the line of the first.
fn no_earlier_key(entries: &[(Node, Node)], key: &Node) -> Result<(), SyntaxError> {
    let Value::Str(k) = &key.value else {
        return Ok(());
    };
    let earlier = entries
        .iter()
        .find(|(e, _)| matches!(&e.value, Value::Str(s) if s == k));
    match earlier {
        Some((first, _)) => Err(SyntaxError {
            pos: Some(key.pos),
            message: format!(
                "duplicate key `{k}` (first written on line {}); each key may appear once",
                first.pos.line
            ),
        }),
        None => Ok(()),
    }
}

fn is_null(text: &str, style: ScalarStyle) -> bool {
    style == ScalarStyle::Plain && matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// Word's curly quotes around a whole value (`title: “Help: a guide”`, `- ‘Mon’`)
/// are not quotes to YAML, so a `: ` inside breaks the file and the quotes
/// become part of the text. Such a value is read as if it were in straight
/// double quotes. Each quote is one character, so lines and columns stay true.
/// A value holding `"` or `\` is left alone (straight quotes would change it).
fn straighten_quotes(source: &str) -> Cow<'_, str> {
    if !source.contains(['\u{201c}', '\u{2018}']) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    for line in source.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        out.push_str(&straighten_line(body).unwrap_or_else(|| body.to_owned()));
        out.push_str(ending);
    }
    Cow::Owned(out)
}

/// One line with its curly-quoted value in straight quotes, if it has one.
fn straighten_line(line: &str) -> Option<String> {
    let trimmed = line.trim_end();
    // The value starts after a list item's `- ` or after `key: `.
    let t = trimmed.trim_start();
    let item = t.starts_with("- ").then(|| trimmed.len() - t.len() + 2);
    let key = trimmed.find(": ").map(|i| i + 2);
    [item, key]
        .into_iter()
        .flatten()
        .find_map(|start| straighten_from(line, trimmed, start))
}

/// The line with the value that starts at byte `start` in straight quotes, if
/// it is wholly in curly quotes.
fn straighten_from(line: &str, trimmed: &str, start: usize) -> Option<String> {
    let value = trimmed.get(start..)?;
    let lead = value.len() - value.trim_start().len();
    let value = value.trim_start();
    let open = value.chars().next()?;
    let closers: &[char] = match open {
        '\u{201c}' => &['\u{201d}', '\u{201c}'],
        '\u{2018}' => &['\u{2019}', '\u{2018}'],
        _ => return None,
    };
    let close = value.chars().last()?;
    if value.chars().count() < 2 || !closers.contains(&close) {
        return None;
    }
    let inner = value.get(open.len_utf8()..value.len() - close.len_utf8())?;
    if inner.contains(['"', '\\']) {
        return None;
    }
    Some(format!(
        "{}{}\"{inner}\"{}",
        &line[..start],
        &trimmed[start..start + lead],
        &line[trimmed.len()..]
    ))
}

/// Parses one YAML document into a [`Node`] tree.
///
/// An empty document (or one holding only comments) gives `Ok(None)`.
pub fn parse(source: &str) -> Result<Option<Node>, SyntaxError> {
    let source = straighten_quotes(source);
    let source = source.as_ref();
    let mut options = granit_parser::Options::default();
    options.block_nesting_limit = MAX_DEPTH;
    options.flow_nesting_limit = MAX_DEPTH;
    let mut parser = Parser::new_from_str_with_options(source, options);
    let mut b = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        nodes: 0,
        root: None,
        documents: 0,
    };
    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| {
            let m = e.marker();
            SyntaxError {
                pos: Some(Pos::new(m.line() as u64, m.col() as u64 + 1)),
                message: e.info().to_owned(),
            }
        })?;
        let pos = pos_of(&span);
        match event {
            Event::Scalar(text, style, anchor, _tag) => {
                b.count(1, pos)?;
                let value = if is_null(&text, style) {
                    Value::Null
                } else {
                    Value::Str(Cow::into_owned(text))
                };
                b.push(Node { value, pos }, anchor, 1)?;
            }
            Event::SequenceStart(_, anchor, _) => b.open(pos, anchor, OpenKind::Seq(Vec::new()))?,
            Event::MappingStart(_, anchor, _) => {
                b.open(pos, anchor, OpenKind::Map(Vec::new(), None))?
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = b.stack.pop() else { continue };
                let value = match open.kind {
                    OpenKind::Seq(items) => Value::Seq(items),
                    OpenKind::Map(entries, _) => Value::Map(entries),
                };
                b.push(
                    Node {
                        value,
                        pos: open.pos,
                    },
                    open.anchor,
                    open.size,
                )?;
            }
            Event::Alias(id) => {
                let Some((node, size)) = b.anchors.get(&id).cloned() else {
                    return Err(SyntaxError {
                        pos: Some(pos),
                        message: "this `*alias` names no `&anchor` written before it".to_owned(),
                    });
                };
                b.count(size, pos)?;
                let node = Node {
                    value: node.value,
                    pos,
                };
                b.push(node, 0, size)?;
            }
            _ => {}
        }
    }
    Ok(b.root.filter(|n| !matches!(n.value, Value::Null)))
}

fn too_deep(pos: Pos) -> SyntaxError {
    SyntaxError {
        pos: Some(pos),
        message: format!(
            "lists and mappings are nested more than {MAX_DEPTH} deep here; content files never need this"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_keys(node: &Node) -> Vec<(String, u32, u32)> {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, _)| match &k.value {
                    Value::Str(s) => (s.clone(), k.pos.line, k.pos.column),
                    other => (format!("{other:?}"), k.pos.line, k.pos.column),
                })
                .collect(),
            _ => vec![],
        }
    }

    fn entries(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(e) => e,
            _ => panic!("not a map: {node:?}"),
        }
    }

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse("name: A\nteams:\n  - id: x\n    name: Y\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            map_keys(&node),
            vec![("name".into(), 1, 1), ("teams".into(), 2, 1)]
        );
        let e = entries(&node);
        assert_eq!(e[0].1.pos, Pos { line: 1, column: 7 });
        let Value::Seq(items) = &e[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(
            map_keys(&items[0]),
            vec![("id".into(), 3, 5), ("name".into(), 4, 5)]
        );
    }

    #[test]
    fn curly_quotes_around_a_value_are_quotes() {
        let node = parse("a: “Help: a guide”\nb:\n  - ‘Children’s services’\nc: “say \"hi\"”\n")
            .unwrap()
            .unwrap();
        let e = entries(&node);
        let text = |n: &Node| match &n.value {
            Value::Str(s) => s.clone(),
            other => panic!("not text: {other:?}"),
        };
        assert_eq!(text(&e[0].1), "Help: a guide");
        assert_eq!(e[0].1.pos, Pos { line: 1, column: 4 });
        let Value::Seq(items) = &e[1].1.value else {
            panic!("a list")
        };
        assert_eq!(text(&items[0]), "Children’s services");
        assert_eq!(text(&e[2].1), "“say \"hi\"”");
    }

    #[test]
    fn scalars_are_text_as_written() {
        let node = parse("a: 999\nb: 0800 111\nc: '007'\nd: true\ne: 1.50\nf: ~\ng:\nh: 'null'\n")
            .unwrap()
            .unwrap();
        let values: Vec<String> = entries(&node)
            .iter()
            .map(|(_, v)| match &v.value {
                Value::Str(s) => s.clone(),
                Value::Null => "<null>".into(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            values,
            [
                "999", "0800 111", "007", "true", "1.50", "<null>", "<null>", "null"
            ]
        );
    }

    #[test]
    fn empty_and_comment_only_documents_are_none() {
        assert!(parse("").unwrap().is_none());
        assert!(parse("# nothing here\n").unwrap().is_none());
    }

    #[test]
    fn duplicate_keys_are_refused_with_a_position() {
        let err = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err.pos.map(|p| p.line), Some(3));
        assert!(err.message.contains("first written on line 1"));
    }

    #[test]
    fn aliases_expand_within_budget() {
        let node = parse("x: &h [mon-fri 09:00-17:00]\ny: *h\n")
            .unwrap()
            .unwrap();
        let e = entries(&node);
        assert!(matches!(&e[1].1.value, Value::Seq(items) if items.len() == 1));
        assert_eq!(e[1].1.pos.line, 2);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            src.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let err = parse(&src).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
    }

    #[test]
    fn two_documents_are_refused() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one YAML document"));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        assert!(parse(&"[".repeat(10_000)).is_err());
        assert!(parse(&format!("{}x{}", "[".repeat(100), "]".repeat(100))).is_err());
        let mut block = String::new();
        for i in 0..200 {
            block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        assert!(parse(&block).is_err());
    }

    #[test]
    fn syntax_errors_have_positions() {
        let err = parse("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(err.pos.is_some());
        assert!(!err.message.is_empty());
    }
}
