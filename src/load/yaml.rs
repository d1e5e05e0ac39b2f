//! A YAML document as a tree of positioned nodes.
//!
//! Parsing is done by `serde-saphyr`, which refuses alias bombs, over-deep nesting
//! and duplicate keys and reports every syntax error with its line and column. We
//! read each document into an untyped [`Node`] tree in which every value keeps its
//! position, so that the typed reader (`fields.rs`) can report *all* the problems in
//! a file at once, each at its own place, instead of stopping at the first.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::model::Pos;

/// One YAML value with where it stands in its file.
#[derive(Debug, Clone)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// Byte range of the value in the source, where the parser knows it.
    pub bytes: Option<(usize, usize)>,
}

/// The untyped YAML value.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// A short name of the value's kind, as an editor would say it.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a set of `key: value` lines",
        }
    }
}

/// The inner value, deserialised from whatever the YAML holds.
struct RawValue(Value);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).map(RawValue)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Ok(i128::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        RawValue::deserialize(d).map(|v| v.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Node>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<RawValue>::deserialize(d)?;
        let loc = spanned.referenced;
        let span = loc.span();
        let bytes = match (span.byte_offset(), span.byte_len()) {
            (Some(start), Some(len)) => {
                let start = usize::try_from(start).ok();
                let len = usize::try_from(len).ok();
                start.zip(len).map(|(s, l)| (s, s + l))
            }
            _ => None,
        };
        Ok(Node {
            value: spanned.value.0,
            pos: Pos::new(loc.line(), loc.column()),
            bytes,
        })
    }
}

/// Why a YAML document could not be read.
#[derive(Debug)]
pub struct SyntaxError {
    pub pos: Option<Pos>,
    pub message: String,
}

/// Parses one YAML document into a [`Node`] tree.
///
/// An empty document (or one holding only comments) gives `Ok(None)`.
pub fn parse(source: &str) -> Result<Option<Node>, SyntaxError> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        strict_booleans: true,
    };
    let docs: Vec<Node> = match serde_saphyr::from_multiple_with_options(source, options) {
        Ok(docs) => docs,
        Err(err) => {
            let pos = err
                .location()
                .filter(|l| l.line() > 0)
                .map(|l| Pos::new(l.line(), l.column()));
            return Err(SyntaxError {
                pos,
                message: describe_error(&err),
            });
        }
    };
    let mut docs = docs.into_iter();
    let first = docs.next();
    if let Some(second) = docs.next() {
        return Err(SyntaxError {
            pos: Some(second.pos),
            message: "this file holds more than one YAML document (a second `---` line); \
                      keep one document per file"
                .to_owned(),
        });
    }
    Ok(first.filter(|n| !matches!(n.value, Value::Null)))
}

/// The parser's message, first line only, without its own location suffix.
fn describe_error(err: &serde_saphyr::Error) -> String {
    let text = err.to_string();
    let first = text
        .lines()
        .next()
        .unwrap_or("the YAML could not be read")
        .trim();
    // serde-saphyr appends " at line X, column Y"; we print the position ourselves.
    let cut = first.find(" at line ").map_or(first, |i| &first[..i]);
    let cut = cut.trim_end_matches(':').trim();
    if cut.is_empty() {
        "the YAML could not be read".to_owned()
    } else {
        cut.to_owned()
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

    #[test]
    fn keeps_positions_of_keys_and_values() {
        let node = parse("name: A\nteams:\n  - id: x\n    name: Y\n")
            .unwrap()
            .unwrap();
        assert_eq!(
            map_keys(&node),
            vec![("name".into(), 1, 1), ("teams".into(), 2, 1)]
        );
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(
            map_keys(&items[0]),
            vec![("id".into(), 3, 5), ("name".into(), 4, 5)]
        );
    }

    #[test]
    fn plain_numbers_keep_their_source_bytes() {
        let src = "value: 999\n";
        let node = parse(src).unwrap().unwrap();
        let Value::Map(entries) = &node.value else {
            panic!("not a map")
        };
        let (s, e) = entries[0].1.bytes.unwrap();
        assert_eq!(&src[s..e], "999");
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
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let mut prev = 'a';
        for name in 'b'..='k' {
            src.push_str(&format!(
                "{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
            prev = name;
        }
        assert!(parse(&src).is_err());
    }

    #[test]
    fn two_documents_are_refused() {
        let err = parse("a: 1\n---\nb: 2\n").unwrap_err();
        assert!(err.message.contains("more than one YAML document"));
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let src = "[".repeat(10_000);
        assert!(parse(&src).is_err());
    }
}
