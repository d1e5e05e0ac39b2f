//! The records an import writes, as ordered YAML fields, each value able to
//! carry the `# imported-default` marker; writing them as YAML, and reading an
//! agency already in the content folder back into the same shape (keeping which
//! of its values still carry the marker), so that a re-import can merge field
//! by field.

use serde_json::{Value as Json, json};

use crate::load::declare::{CONTACT, Record};
use crate::model::ages::Ages;
use crate::model::schedule::ExceptionHours;
use crate::model::{
    Agency, ContactRoute, Detail, DetailValue, Hours, Loc, SourceFile, Spanned, Text,
};

/// The comment that marks a value the import had to guess.
pub const MARK: &str = "# imported-default";

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A string, written quoted.
    Str(String),
    /// Written as is (dates, numbers, words like `24/7` are quoted anyway).
    Plain(String),
    /// A list, written one item a line.
    List(Vec<Val>),
    /// A mapping, written indented.
    Map(Fields),
}

/// One `key: value`, maybe marked as a guess.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key.
    pub key: String,
    /// The value.
    pub val: Val,
    /// Whether the import guessed it (written with the `# imported-default` marker).
    pub guessed: bool,
}

/// Fields in the order they are written.
pub type Fields = Vec<Field>;

/// A field taken from the source.
pub fn field(key: &str, val: Val) -> Field {
    Field {
        key: key.to_owned(),
        val,
        guessed: false,
    }
}

/// A field the import had to guess.
pub fn guessed(key: &str, val: Val) -> Field {
    Field {
        key: key.to_owned(),
        val,
        guessed: true,
    }
}

/// A quoted string value.
pub fn s(text: &str) -> Val {
    Val::Str(text.to_owned())
}

/// A list of quoted strings.
pub fn strs<'a>(items: impl IntoIterator<Item = &'a str>) -> Val {
    Val::List(items.into_iter().map(s).collect())
}

/// The field with `key`, if any.
pub fn get<'f>(fields: &'f Fields, key: &str) -> Option<&'f Field> {
    fields.iter().find(|f| f.key == key)
}

/// Sets a field, replacing one of the same key in place or adding it at the end.
pub fn set(fields: &mut Fields, f: Field) {
    match fields.iter_mut().find(|x| x.key == f.key) {
        Some(x) => *x = f,
        None => fields.push(f),
    }
}

impl Val {
    /// The value as JSON, for comparing with what an import wrote before.
    pub fn to_json(&self) -> Json {
        match self {
            Val::Str(t) | Val::Plain(t) => json!(t),
            Val::List(items) => Json::Array(items.iter().map(Val::to_json).collect()),
            Val::Map(fields) => Json::Object(
                fields
                    .iter()
                    .map(|f| (f.key.clone(), f.val.to_json()))
                    .collect(),
            ),
        }
    }
}

fn quote(t: &str) -> String {
    serde_json::to_string(t).unwrap_or_else(|_| "\"\"".into())
}

/// Writes fields as a YAML mapping at `indent` spaces.
pub fn write(fields: &Fields, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for f in fields {
        let mark = if f.guessed {
            format!("  {MARK}")
        } else {
            String::new()
        };
        match &f.val {
            Val::Str(t) if t.contains('\n') && block_safe(t) => {
                out.push_str(&format!("{pad}{}: |{mark}\n", f.key));
                for line in t.trim_end().lines() {
                    if line.is_empty() {
                        out.push('\n');
                    } else {
                        out.push_str(&format!("{pad}  {line}\n"));
                    }
                }
            }
            Val::Str(t) => out.push_str(&format!("{pad}{}: {}{mark}\n", f.key, quote(t))),
            Val::Plain(t) => out.push_str(&format!("{pad}{}: {t}{mark}\n", f.key)),
            Val::List(items)
                if items
                    .iter()
                    .all(|i| matches!(i, Val::Str(_) | Val::Plain(_))) =>
            {
                let inner: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Val::Str(t) => quote(t),
                        Val::Plain(t) => t.clone(),
                        _ => String::new(),
                    })
                    .collect();
                out.push_str(&format!("{pad}{}: [{}]{mark}\n", f.key, inner.join(", ")));
            }
            Val::List(items) => {
                out.push_str(&format!("{pad}{}:{mark}\n", f.key));
                for item in items {
                    if let Val::Map(m) = item {
                        let mut inner = String::new();
                        write(m, indent + 4, &mut inner);
                        let start = indent + 4;
                        out.push_str(&format!("{pad}  - {}", &inner[start.min(inner.len())..]));
                    }
                }
            }
            Val::Map(m) => {
                out.push_str(&format!("{pad}{}:{mark}\n", f.key));
                write(m, indent + 2, out);
            }
        }
    }
}

/// Whether a multi-line text reads back the same from a `|` block.
fn block_safe(t: &str) -> bool {
    let first = t.lines().next().unwrap_or("");
    !first.starts_with(' ')
        && !t.contains('\t')
        && !t.contains('\r')
        && t.lines().all(|l| l == l.trim_end())
}

/// Every key [`from_agency`] reads and writes, besides a route's details (see
/// [`known_key`]); a file with any other key is not rewritten (its value would
/// be lost).
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "name",
    "abbreviation",
    "type",
    "summary",
    "description",
    "areas",
    "website",
    "visibility",
    "aka",
    "external_id",
    "teams",
    "remit",
    "does",
    "does_not",
    "topic",
    "role",
    "team",
    "detail",
    "refer_to",
    "contacts",
    "purpose",
    "audience",
    "urgency",
    "channel",
    "value",
    "hours",
    "bank_holidays",
    "topics",
    "out_of_hours",
    "exceptions",
    "from",
    "to",
    "note",
    "eligibility",
    "ages",
    "review",
    "owner",
    "last_reviewed",
    "next_review",
];

/// Whether [`from_agency`] reads and writes `key`: one of [`KNOWN_KEYS`], or a
/// route's detail.
pub fn known_key(key: &str) -> bool {
    KNOWN_KEYS.contains(&key) || CONTACT.details().any(|(f, _)| f.key == key)
}

/// The first key in a YAML file's text that [`known_key`] says no to (outside block text).
pub fn unknown_key(text: &str) -> Option<String> {
    let mut block: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(b) = block {
            if line.trim().is_empty() || indent > b {
                continue;
            }
            block = None;
        }
        if t.starts_with('#') || t.is_empty() {
            continue;
        }
        let Some((key, rest)) = t.split_once(':') else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']);
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
        {
            continue;
        }
        if !known_key(key) {
            return Some(key.to_owned());
        }
        let rest = rest.split(" #").next().unwrap_or("").trim();
        if rest.starts_with('|') || rest.starts_with('>') {
            block = Some(indent);
        }
    }
    None
}

/// Whether the line of `loc` in its file carries the marker.
fn marked(files: &[SourceFile], loc: Loc) -> bool {
    files
        .get(loc.file.0 as usize)
        .and_then(|f| {
            f.text
                .lines()
                .nth((loc.pos.line as usize).saturating_sub(1))
        })
        .is_some_and(|l| l.contains(MARK))
}

fn text_field<T: AsRef<str>>(files: &[SourceFile], key: &str, v: &Spanned<T>) -> Field {
    Field {
        key: key.to_owned(),
        val: s(v.value.as_ref()),
        guessed: marked(files, v.loc),
    }
}

fn opt(out: &mut Fields, files: &[SourceFile], key: &str, v: Option<&Spanned<String>>) {
    if let Some(v) = v {
        out.push(text_field(files, key, v));
    }
}

fn list(out: &mut Fields, files: &[SourceFile], key: &str, items: &[Spanned<String>]) {
    if let Some(first) = items.first() {
        out.push(Field {
            key: key.to_owned(),
            val: strs(items.iter().map(|x| x.value.as_str())),
            guessed: marked(files, first.loc),
        });
    }
}

fn clock(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// An agency as read from the content folder, in the import's shape.
pub fn from_agency(a: &Agency, files: &[SourceFile]) -> Fields {
    let mut out = Fields::new();
    out.push(text_field(files, "name", &a.name));
    opt(&mut out, files, "abbreviation", a.abbreviation.as_ref());
    out.push(Field {
        key: "type".into(),
        val: Val::Plain(a.agency_type.value.word().into()),
        guessed: marked(files, a.agency_type.loc),
    });
    out.push(text_field(files, "summary", &a.summary));
    opt(&mut out, files, "description", a.description.as_ref());
    if a.areas.is_empty() {
        out.push(field("areas", Val::List(Vec::new())));
    }
    list(&mut out, files, "areas", &a.areas);
    opt(&mut out, files, "website", a.website.as_ref());
    if let Some(v) = &a.visibility {
        out.push(field("visibility", Val::Plain(word(v.value).into())));
    }
    list(&mut out, files, "aka", &a.aka);
    opt(&mut out, files, "external_id", a.external_id.as_ref());
    let teams: Vec<Val> = a
        .teams
        .iter()
        .map(|t| {
            let mut m = vec![
                text_field(files, "id", &t.id),
                text_field(files, "name", &t.name),
            ];
            opt(&mut m, files, "summary", t.summary.as_ref());
            opt(&mut m, files, "description", t.description.as_ref());
            list(&mut m, files, "areas", &t.areas);
            if let Some(v) = &t.visibility {
                m.push(field("visibility", Val::Plain(word(v.value).into())));
            }
            opt(&mut m, files, "external_id", t.external_id.as_ref());
            Val::Map(m)
        })
        .collect();
    if !teams.is_empty() {
        out.push(field("teams", Val::List(teams)));
    }
    let mut remit = Fields::new();
    let does: Vec<Val> = a
        .does
        .iter()
        .map(|d| {
            let mut m = vec![text_field(files, "topic", &d.topic)];
            m.push(Field {
                key: "role".into(),
                val: Val::Plain(d.role.value.word().into()),
                guessed: marked(files, d.role.loc),
            });
            opt(&mut m, files, "team", d.team.as_ref());
            list(&mut m, files, "areas", &d.areas);
            opt(&mut m, files, "detail", d.detail.as_ref());
            who_for(&mut m, files, d.eligibility.as_ref(), d.ages.as_ref());
            Val::Map(m)
        })
        .collect();
    if !does.is_empty() {
        remit.push(field("does", Val::List(does)));
    }
    let does_not: Vec<Val> = a
        .does_not
        .iter()
        .map(|d| {
            let mut m = vec![text_field(files, "topic", &d.topic)];
            opt(&mut m, files, "detail", d.detail.as_ref());
            opt(&mut m, files, "refer_to", d.refer_to.as_ref());
            Val::Map(m)
        })
        .collect();
    if !does_not.is_empty() {
        remit.push(field("does_not", Val::List(does_not)));
    }
    if !remit.is_empty() {
        out.push(field("remit", Val::Map(remit)));
    }
    let contacts: Vec<Val> = a
        .contacts
        .iter()
        .map(|c| Val::Map(from_route(c, files)))
        .collect();
    if !contacts.is_empty() {
        out.push(field("contacts", Val::List(contacts)));
    }
    let r = &a.review;
    let mut review = vec![text_field(files, "owner", &r.owner)];
    review.push(Field {
        key: "last_reviewed".into(),
        val: Val::Plain(r.last_reviewed.value.to_string()),
        guessed: marked(files, r.last_reviewed.loc),
    });
    if let Some(n) = &r.next_review {
        review.push(field("next_review", Val::Plain(n.value.to_string())));
    }
    out.push(field("review", Val::Map(review)));
    out
}

fn word(v: crate::model::Visibility) -> &'static str {
    match v {
        crate::model::Visibility::Public => "public",
        crate::model::Visibility::Internal => "internal",
    }
}

/// A contact route as read from the content folder.
pub fn from_route(c: &ContactRoute, files: &[SourceFile]) -> Fields {
    let mut m = vec![
        text_field(files, "id", &c.id),
        text_field(files, "purpose", &c.purpose),
    ];
    if let Some(first) = c.audience.first() {
        m.push(Field {
            key: "audience".into(),
            val: Val::List(
                c.audience
                    .iter()
                    .map(|a| Val::Plain(a.value.word().into()))
                    .collect(),
            ),
            guessed: marked(files, first.loc),
        });
    }
    m.push(Field {
        key: "urgency".into(),
        val: Val::Plain(c.urgency.value.word().into()),
        guessed: marked(files, c.urgency.loc),
    });
    m.push(Field {
        key: "channel".into(),
        val: Val::Plain(c.channel.value.word().into()),
        guessed: marked(files, c.channel.loc),
    });
    m.push(text_field(files, "value", &c.value));
    m.push(Field {
        key: "hours".into(),
        val: match &c.hours.value {
            Hours::Always => s("24/7"),
            Hours::Weekly { lines, .. } => strs(lines.iter().map(String::as_str)),
        },
        guessed: marked(files, c.hours.loc),
    });
    let always = matches!(c.hours.value, Hours::Always);
    if c.bank_holidays_open != always {
        m.push(field(
            "bank_holidays",
            Val::Plain(
                if c.bank_holidays_open {
                    "open"
                } else {
                    "closed"
                }
                .into(),
            ),
        ));
    }
    list(&mut m, files, "topics", &c.topics);
    opt(&mut m, files, "team", c.team.as_ref());
    opt(&mut m, files, "out_of_hours", c.out_of_hours.as_ref());
    if let Some(v) = &c.visibility {
        m.push(field("visibility", Val::Plain(word(v.value).into())));
    }
    let exceptions: Vec<Val> = c
        .exceptions
        .iter()
        .map(|e| {
            let mut x = vec![
                field("from", Val::Plain(e.from.value.to_string())),
                field("to", Val::Plain(e.to.value.to_string())),
            ];
            x.push(field(
                "hours",
                match &e.hours.value {
                    ExceptionHours::Closed => Val::Plain("closed".into()),
                    ExceptionHours::Open(ranges) => strs_owned(
                        ranges
                            .iter()
                            .map(|&(a, b)| {
                                let end = if b == 0 { "24:00".into() } else { clock(b) };
                                format!("{}-{end}", clock(a))
                            })
                            .collect(),
                    ),
                },
            ));
            opt(&mut x, files, "note", e.note.as_ref());
            Val::Map(x)
        })
        .collect();
    if !exceptions.is_empty() {
        m.push(field("exceptions", Val::List(exceptions)));
    }
    opt(&mut m, files, "external_id", c.external_id.as_ref());
    who_for(&mut m, files, c.eligibility.as_ref(), c.ages.as_ref());
    for d in &c.details {
        insert_declared(&mut m, &CONTACT, detail_field(files, d));
    }
    m
}

/// Who a route or remit entry is for: `eligibility` and `ages` (which a
/// re-import kept out of the file before).
fn who_for(
    m: &mut Fields,
    files: &[SourceFile],
    eligibility: Option<&Text>,
    ages: Option<&Spanned<Ages>>,
) {
    opt(m, files, "eligibility", eligibility);
    if let Some(a) = ages {
        m.push(Field {
            key: "ages".into(),
            val: s(&a.value.to_string()),
            guessed: marked(files, a.loc),
        });
    }
}

/// A route's detail as a field: text quoted, a list one item a line.
fn detail_field(files: &[SourceFile], d: &Detail) -> Field {
    match &d.value {
        DetailValue::Text(t) | DetailValue::Markdown(t) => text_field(files, d.field.key, t),
        DetailValue::List(items) => Field {
            key: d.field.key.to_owned(),
            val: strs(items.iter().map(|x| x.value.as_str())),
            guessed: items.first().is_some_and(|x| marked(files, x.loc)),
        },
    }
}

/// Puts `f` where `record` declares it: before the first field declared after it
/// (at the end when there is none, or `record` does not declare it).
pub fn insert_declared(fields: &mut Fields, record: &Record, f: Field) {
    let rank = |key: &str| record.fields.iter().position(|x| x.key == key);
    let at = rank(&f.key)
        .and_then(|mine| (fields.iter()).position(|x| rank(&x.key).is_some_and(|r| r > mine)))
        .unwrap_or(fields.len());
    fields.insert(at, f);
}

/// A list of quoted strings, from owned text.
pub fn strs_owned(items: Vec<String>) -> Val {
    Val::List(items.into_iter().map(Val::Str).collect())
}

#[cfg(test)]
mod tests {
    use super::known_key;
    use crate::load::declare::{AGENCY, Record, Shape};

    fn keys(record: &Record, out: &mut Vec<&'static str>) {
        for field in record.fields {
            out.push(field.key);
            shape_keys(&field.shape, out);
        }
    }

    fn shape_keys(shape: &Shape, out: &mut Vec<&'static str>) {
        match shape {
            Shape::One(r) | Shape::ManyOf(r) => keys(r, out),
            Shape::Many(s) => shape_keys(s, out),
            Shape::Either(a, b) => {
                shape_keys(a, out);
                shape_keys(b, out);
            }
            _ => {}
        }
    }

    /// The import rewrites agency files from the model: a key the loader
    /// reads but the import does not know would make a re-import leave every
    /// file using it alone. Add the key to `KNOWN_KEYS` and to `from_agency`.
    #[test]
    fn the_import_knows_every_key_of_an_agency_file() {
        let mut declared = Vec::new();
        keys(&AGENCY, &mut declared);
        for key in declared {
            assert!(
                known_key(key),
                "`{key}` of an agency file is not in import::tree::KNOWN_KEYS"
            );
        }
    }
}
