//! Reading typed values out of a [`Node`] tree while collecting every problem.
//!
//! A [`Reader`] belongs to one file. Its methods return `None` (or an empty list)
//! when a value is missing or wrong, after recording a finding at the value's place,
//! so that a loader reads on and reports everything that is wrong with a file in
//! one run.

use super::yaml::{Node, Value};
use crate::findings::{Code, Finding};
use crate::model::ages::{Ages, OLDEST};
use crate::model::{Date, FileId, Loc, Pos, Spanned, Text, Visibility, ids};
use crate::suggest;

/// Whether a value is a placeholder that `joinedup new` writes, like
/// `<the agency's full name>`, left unfilled.
pub fn is_placeholder(s: &str) -> bool {
    let s = s.trim();
    s.len() > 2 && s.starts_with('<') && s.ends_with('>') && !s[1..s.len() - 1].contains(['<', '>'])
}

/// Reads values from one file and keeps its findings.
pub struct Reader {
    pub file: FileId,
    pub findings: Vec<Finding>,
    /// Ids of records that were named but dropped for errors (`agency`,
    /// `agency/member`, `topic:id`): references to them are not reported again.
    pub dropped: Vec<String>,
}

/// The entries of a YAML mapping whose keys have been checked.
pub struct Map<'n> {
    entries: &'n [(Node, Node)],
    pub pos: Pos,
}

impl<'n> Map<'n> {
    /// The value of `key`, unless absent or empty (`key:` with nothing after it).
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
            .map(|(_, v)| v)
            .filter(|v| !matches!(v.value, Value::Null))
    }
}

impl Reader {
    pub fn new(file: FileId) -> Self {
        Reader {
            file,
            findings: Vec::new(),
            dropped: Vec::new(),
        }
    }

    pub fn loc(&self, pos: Pos) -> Loc {
        Loc {
            file: self.file,
            pos,
        }
    }

    /// Records a finding at a position in this file.
    pub fn report(
        &mut self,
        code: Code,
        pos: Pos,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let finding = Finding::at(code, self.loc(pos), message).maybe_hint(hint);
        self.findings.push(finding);
    }

    /// Reads a mapping declared in [`super::declare`], reporting keys it does
    /// not declare (with the closest declared key).
    pub fn record<'n>(
        &mut self,
        node: &'n Node,
        record: &super::declare::Record,
    ) -> Option<Map<'n>> {
        self.map(node, record.what, &record.keys())
    }

    /// Reads a mapping, reporting keys not in `known` (with the closest known key).
    /// `what` names the thing for messages: "an agency", "a team".
    pub fn map<'n>(&mut self, node: &'n Node, what: &str, known: &[&str]) -> Option<Map<'n>> {
        let Value::Map(entries) = &node.value else {
            self.report(
                Code::InvalidValue,
                node.pos,
                format!(
                    "expected {what} written as `key: value` lines, found {}",
                    node.value.kind()
                ),
                None,
            );
            return None;
        };
        for (key, _) in entries {
            match &key.value {
                Value::Str(k) if known.contains(&k.as_str()) => {}
                Value::Str(k) => {
                    let mean = suggest::closest(k, known.iter().copied());
                    let message = match mean {
                        Some(m) => format!("unknown key `{k}`; did you mean `{m}`?"),
                        None => format!("unknown key `{k}` in {what}"),
                    };
                    let hint = Some(format!(
                        "the keys {what} may have are: {}",
                        known.join(", ")
                    ));
                    self.report(Code::UnknownKey, key.pos, message, hint);
                }
                _ => self.report(
                    Code::UnknownKey,
                    key.pos,
                    format!("a key must be a word, found {}", key.value.kind()),
                    Some(format!(
                        "the keys {what} may have are: {}",
                        known.join(", ")
                    )),
                ),
            }
        }
        Some(Map {
            entries,
            pos: node.pos,
        })
    }

    /// The items of a file that is a list (topics, glossary, shadowing). `what`
    /// names the file and its items, `first_key` the key each item starts with.
    pub fn root_list<'n>(
        &mut self,
        root: Option<&'n Node>,
        what: &str,
        first_key: &str,
    ) -> &'n [Node] {
        match root {
            None => &[],
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items,
            Some(node) => {
                // An agency's file put in the wrong folder: say where it goes.
                let agency = Map {
                    entries: match &node.value {
                        Value::Map(entries) => entries,
                        _ => &[],
                    },
                    pos: node.pos,
                };
                let hint =
                    (agency.get("type").is_some() && agency.get("summary").is_some()).then(|| {
                        "this looks like an agency's file: move it into the `agencies/` folder"
                            .to_owned()
                    });
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!(
                        "{what} (each starting with `- {first_key}:`), found {}",
                        node.value.kind()
                    ),
                    hint,
                );
                &[]
            }
        }
    }

    /// Records that a required key is missing from a mapping.
    pub fn missing(&mut self, map: &Map, key: &str, what: &str, hint: &str) {
        let hint = (!hint.is_empty()).then(|| hint.to_owned());
        self.report(
            Code::MissingField,
            map.pos,
            format!("{what} has no `{key}`"),
            hint,
        );
    }

    /// The text of a scalar, as written (`value: 999` is the text "999").
    /// Lists and mappings are refused.
    pub fn text(&mut self, node: &Node, key: &str) -> Option<Text> {
        let value = match &node.value {
            Value::Str(s) if is_placeholder(s) => {
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!("`{key}` is still the placeholder `{}`", s.trim()),
                    Some(format!(
                        "replace `{}` with the real value (the comments above it say what goes there)",
                        s.trim()
                    )),
                );
                return None;
            }
            Value::Str(s) => s.clone(),
            Value::Null => return None,
            other => {
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!("`{key}` should be text, found {}", other.kind()),
                    None,
                );
                return None;
            }
        };
        Some(Spanned::new(value, self.loc(node.pos)))
    }

    /// An optional text field.
    pub fn opt_text(&mut self, map: &Map, key: &str) -> Option<Text> {
        let node = map.get(key)?;
        self.text(node, key).filter(|t| !t.value.trim().is_empty())
    }

    /// Reports a Markdown field whose raw HTML is too big or nests too deep to
    /// render (see `render::markdown`); passes the field on.
    pub fn markdown(&mut self, text: Option<Text>) -> Option<Text> {
        if let Some(t) = &text
            && let Some((message, hint)) = crate::render::markdown::raw_html_problem(&t.value)
        {
            self.report(Code::InvalidValue, t.loc.pos, message, Some(hint));
        }
        text
    }

    /// An optional Markdown field.
    pub fn opt_markdown(&mut self, map: &Map, key: &str) -> Option<Text> {
        let text = self.opt_text(map, key);
        self.markdown(text)
    }

    /// A required text field; `what` and `hint` explain it when missing.
    pub fn req_text(&mut self, map: &Map, key: &str, what: &str, hint: &str) -> Option<Text> {
        match self.opt_text(map, key) {
            Some(t) => Some(t),
            None => {
                if map
                    .get(key)
                    .is_none_or(|n| matches!(&n.value, Value::Str(s) if !is_placeholder(s)))
                {
                    self.missing(map, key, what, hint);
                }
                None
            }
        }
    }

    /// The items of a list field; a single value counts as a list of one.
    pub fn list<'n>(&mut self, map: &Map<'n>, key: &str) -> Vec<&'n Node> {
        match map.get(key) {
            None => Vec::new(),
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items.iter().collect(),
            Some(
                node @ Node {
                    value: Value::Map(_),
                    ..
                },
            ) => {
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!(
                        "`{key}` should be a list (lines starting with `- `), found {}",
                        node.value.kind()
                    ),
                    None,
                );
                Vec::new()
            }
            Some(node) => vec![node],
        }
    }

    /// A list of texts.
    pub fn text_list(&mut self, map: &Map, key: &str) -> Vec<Text> {
        let list = (self.list(map, key).into_iter())
            .filter_map(|n| self.text(n, key))
            .collect();
        exact(list)
    }

    /// A list of ids (each checked against the id rule).
    pub fn id_list(&mut self, map: &Map, key: &str) -> Vec<Text> {
        self.text_list(map, key)
            .into_iter()
            .filter(|t| self.check_id(t))
            .collect()
    }

    /// A list of references (`agency` or `agency/member`).
    pub fn reference_list(&mut self, map: &Map, key: &str) -> Vec<Text> {
        self.text_list(map, key)
            .into_iter()
            .filter(|t| self.check_reference_shape(t, key))
            .collect()
    }

    /// An id field, checked against the id rule.
    pub fn id(&mut self, map: &Map, key: &str, what: &str, hint: &str) -> Option<Text> {
        let id = self.req_text(map, key, what, hint)?;
        self.check_id(&id).then_some(id)
    }

    /// Reports an id that breaks the id rule; returns whether it is valid.
    pub fn check_id(&mut self, id: &Text) -> bool {
        if ids::is_valid_id(&id.value) {
            return true;
        }
        let message = format!(
            "`{}` is not a valid id: {}",
            id.value,
            ids::explain_invalid_id(&id.value)
        );
        let hint = Some(format!("try `{}`", ids::slug(&id.value))).filter(|h| h != "try ``");
        self.report(Code::InvalidId, id.loc.pos, message, hint);
        false
    }

    /// A reference (`agency`, `agency/member`) must be made of valid ids.
    pub fn check_reference_shape(&mut self, r: &Text, key: &str) -> bool {
        let ok = r.value.split('/').count() <= 2 && r.value.split('/').all(ids::is_valid_id);
        if !ok {
            let slugged: Vec<String> = r.value.split('/').map(ids::slug).collect();
            self.report(
                Code::InvalidValue,
                r.loc.pos,
                format!("`{}` in `{key}` is not a reference: references are ids like `northshire-police` or `northshire-police/mash`", r.value),
                Some(format!("try `{}`", slugged.join("/"))),
            );
        }
        ok
    }

    /// An optional reference field.
    pub fn opt_reference(&mut self, map: &Map, key: &str) -> Option<Text> {
        let r = self.opt_text(map, key)?;
        self.check_reference_shape(&r, key).then_some(r)
    }

    /// A required reference field.
    pub fn req_reference(&mut self, map: &Map, key: &str, what: &str, hint: &str) -> Option<Text> {
        let r = self.req_text(map, key, what, hint)?;
        self.check_reference_shape(&r, key).then_some(r)
    }

    /// One word from a closed list (`role: lead`), with a suggestion when misspelt.
    pub fn word<T>(
        &mut self,
        node: &Node,
        key: &str,
        words: &[&str],
        read: fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let text = self.text(node, key)?;
        match read(text.value.trim()) {
            Some(v) => Some(Spanned::new(v, text.loc)),
            None => {
                let lower = text.value.trim().to_lowercase();
                let message = format!(
                    "`{}` is not a valid `{key}`{}",
                    text.value,
                    if read(&lower).is_some() {
                        format!("; did you mean `{lower}`?")
                    } else {
                        suggest::did_you_mean(&text.value, words.iter().copied())
                    }
                );
                self.report(
                    Code::InvalidValue,
                    text.loc.pos,
                    message,
                    Some(format!("`{key}` is one of: {}", words.join(", "))),
                );
                None
            }
        }
    }

    /// An optional word field.
    pub fn opt_word<T>(
        &mut self,
        map: &Map,
        key: &str,
        words: &[&str],
        read: fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let node = map.get(key)?;
        self.word(node, key, words, read)
    }

    /// A required word field.
    pub fn req_word<T>(
        &mut self,
        map: &Map,
        key: &str,
        words: &[&str],
        read: fn(&str) -> Option<T>,
        what: &str,
    ) -> Option<Spanned<T>> {
        match map.get(key) {
            Some(node) => self.word(node, key, words, read),
            None => {
                self.missing(
                    map,
                    key,
                    what,
                    &format!("`{key}` is one of: {}", words.join(", ")),
                );
                None
            }
        }
    }

    /// `visibility: public | internal`.
    pub fn visibility(&mut self, map: &Map) -> Option<Spanned<Visibility>> {
        self.opt_word(map, "visibility", &["public", "internal"], |w| match w {
            "public" => Some(Visibility::Public),
            "internal" => Some(Visibility::Internal),
            _ => None,
        })
    }

    /// A date written `YYYY-MM-DD`.
    pub fn date(&mut self, node: &Node, key: &str) -> Option<Spanned<Date>> {
        let text = self.text(node, key)?;
        match Date::parse(text.value.trim()) {
            Ok(d) => Some(Spanned::new(d, text.loc)),
            Err(why) => {
                self.report(
                    Code::InvalidValue,
                    text.loc.pos,
                    format!("`{key}`: {why}"),
                    None,
                );
                None
            }
        }
    }

    pub fn opt_date(&mut self, map: &Map, key: &str) -> Option<Spanned<Date>> {
        let node = map.get(key)?;
        self.date(node, key)
    }

    /// An age range, `ages:` (`0-17`, `65+` or `-25`).
    pub fn opt_ages(&mut self, map: &Map, key: &str) -> Option<Spanned<Ages>> {
        let text = self.opt_text(map, key)?;
        match Ages::parse(&text.value) {
            Ok(a) => Some(Spanned::new(a, text.loc)),
            Err(why) => {
                self.report(
                    Code::InvalidValue,
                    text.loc.pos,
                    format!("`{key}: {}` is not an age range: {why}", text.value.trim()),
                    Some(format!(
                        "write the ages it is for, from 0 to {OLDEST}: `0-17` (0 to 17), `65+` (65 and over) or `-25` (25 and under)"
                    )),
                );
                None
            }
        }
    }

    /// A whole number within a range.
    pub fn opt_int(&mut self, map: &Map, key: &str, min: i64, max: i64) -> Option<Spanned<i64>> {
        let node = map.get(key)?;
        let n = match &node.value {
            Value::Str(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match n {
            Some(n) if (min..=max).contains(&n) => Some(Spanned::new(n, self.loc(node.pos))),
            _ => {
                let shown = match &node.value {
                    Value::Str(s) => s.clone(),
                    other => other.kind().to_owned(),
                };
                self.report(
                    Code::InvalidValue,
                    node.pos,
                    format!(
                        "`{key}` should be a whole number from {min} to {max}, found `{shown}`"
                    ),
                    None,
                );
                None
            }
        }
    }
}

/// `v` holding no room for more: the model is kept for the whole run, and a
/// list collected from a filter grows by doubling (one area in room for four).
pub(crate) fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}
