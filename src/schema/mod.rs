//! JSON Schemas for every kind of content file, made from the loader's own
//! field declarations (`crate::load::declare`), so that what an editor's tool
//! checks as you type and what `check` says cannot drift apart.
//!
//! `joinedup schema --output DIR` and `joinedup init` write them as
//! `<kind>.schema.json` (draft-07, which the YAML language server in VS Code
//! reads), and [`vscode_settings`] maps them to the content files.

use std::fs;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::load::declare::{FILES, Field, FileKind, Layout, Record, Shape};

/// The id rule, as a regular expression.
const ID: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// A reference: `agency`, `agency/team` or `agency/route`, or `anyone`.
const REFERENCE: &str = "^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$";

/// The file name of a kind's schema.
pub fn file_name(kind: &FileKind) -> String {
    format!("{}.schema.json", kind.name)
}

/// The schema of one kind of file.
pub fn schema(kind: &FileKind) -> Value {
    let mut root = match kind.layout {
        Layout::One(record) | Layout::FrontMatter(record) => record_schema(record),
        Layout::List(record) => json!({
            "type": "array",
            "description": format!("a list: each item is {}", record.what),
            "items": record_schema(record),
        }),
    };
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        map.insert("title".into(), json!(kind.title));
    }
    root
}

fn record_schema(record: &Record) -> Value {
    let mut properties = Map::new();
    for field in record.fields {
        properties.insert(field.key.to_owned(), field_schema(field));
    }
    let required: Vec<&str> = record
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut map = Map::new();
    map.insert("type".into(), json!("object"));
    map.insert("description".into(), json!(record.what));
    map.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        map.insert("required".into(), json!(required));
    }
    map.insert("additionalProperties".into(), json!(false));
    Value::Object(map)
}

fn field_schema(field: &Field) -> Value {
    let mut s = shape_schema(&field.shape);
    let about = if field.required {
        format!("Required. {}", field.about)
    } else {
        field.about.to_owned()
    };
    if let Value::Object(map) = &mut s {
        map.insert("description".into(), json!(about));
    }
    if field.required {
        return s;
    }
    // `key:` with nothing after it is read as not written.
    json!({"description": about, "anyOf": [s, {"type": "null"}]})
}

/// A scalar as the reader takes it: text, or a bare number or `true` read as text.
fn text() -> Value {
    json!({"type": ["string", "number", "boolean"]})
}

fn shape_schema(shape: &Shape) -> Value {
    match shape {
        Shape::Text | Shape::Markdown => text(),
        Shape::Id => json!({"type": ["string", "integer"], "pattern": ID}),
        Shape::Reference => json!({"type": "string", "pattern": REFERENCE}),
        Shape::Url => json!({"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s<>\"]+$"}),
        Shape::Date => json!({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
        Shape::Time => json!({"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"}),
        Shape::Int { min, max } => json!({"type": "integer", "minimum": min, "maximum": max}),
        // `-25` is a number to YAML.
        Shape::Ages => json!({"anyOf": [
            {"type": "string", "pattern": "^\\s*([0-9]{1,3}\\s*-\\s*[0-9]{1,3}|[0-9]{1,3}\\+|-[0-9]{1,3})\\s*$"},
            {"type": "integer", "minimum": -120, "maximum": 0},
        ]}),
        Shape::Word(words) => json!({"enum": words}),
        Shape::Switch(words) => json!({"anyOf": [{"type": "boolean"}, {"enum": words}]}),
        Shape::Hours => json!({
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            ],
        }),
        Shape::ExceptionHours => json!({
            "anyOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
            ],
        }),
        Shape::Many(item) => {
            let one = shape_schema(item);
            json!({"anyOf": [one.clone(), {"type": "array", "items": one}]})
        }
        Shape::One(record) => record_schema(record),
        Shape::ManyOf(record) => json!({"type": "array", "items": record_schema(record)}),
        Shape::Either(a, b) => json!({"anyOf": [shape_schema(a), shape_schema(b)]}),
    }
}

/// `.vscode/settings.json` for a content folder whose schemas are in `schemas/`:
/// the YAML language server checks each file against its kind's schema.
pub fn vscode_settings(schemas: &str) -> String {
    let mut map = Map::new();
    for kind in FILES {
        if matches!(kind.layout, Layout::FrontMatter(_)) {
            continue;
        }
        map.insert(
            format!("./{schemas}/{}", file_name(kind)),
            json!([kind.glob]),
        );
    }
    let settings = json!({ "yaml.schemas": map });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every kind's schema into `dir` (made if missing); returns the files' names.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<String>> {
    fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for kind in FILES {
        let name = file_name(kind);
        let mut text =
            serde_json::to_string_pretty(&schema(kind)).map_err(std::io::Error::other)?;
        text.push('\n');
        fs::write(dir.join(&name), text)?;
        written.push(name);
    }
    Ok(written)
}
