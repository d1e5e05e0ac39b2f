//! Reads HSDS 3.0 and Open Referral UK JSON, tolerantly: one file or a folder of
//! them (an export, or pages saved from an API), records alone, in lists, in
//! pages (`contents`), or nested (a service's organisation and attributes, an
//! organisation's services). Records are merged by id, so a list item and the
//! full record of the same service become one. Ids may be any string or number.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use serde_json::{Map, Value};

/// Records by id, in the order they were first found.
#[derive(Debug, Default)]
pub(super) struct Records {
    order: Vec<String>,
    by_id: HashMap<String, Map<String, Value>>,
}

impl Records {
    pub(super) fn get(&self, id: &str) -> Option<&Map<String, Value>> {
        self.by_id.get(id)
    }

    pub(super) fn contains_key(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = &String> {
        self.order.iter()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (&String, &Map<String, Value>)> {
        self.order
            .iter()
            .filter_map(|k| Some((k, self.by_id.get(k)?)))
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &Map<String, Value>> {
        self.iter().map(|(_, v)| v)
    }

    fn entry(&mut self, id: String) -> &mut Map<String, Value> {
        if !self.by_id.contains_key(&id) {
            self.order.push(id.clone());
        }
        self.by_id.entry(id).or_default()
    }
}

/// Everything found in a source, by id.
#[derive(Debug, Default)]
pub(super) struct Feed {
    pub organizations: Records,
    pub services: Records,
    pub terms: Records,
    pub taxonomies: Records,
    /// joinedup's own `joinedup.json`, when the source is a joinedup export.
    pub extensions: Option<Value>,
    /// Files that could not be read, with why.
    pub skipped: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Service,
    Organization,
    Term,
    Taxonomy,
    /// A service at a location: only its nested service is read.
    ServiceAtLocation,
    /// Locations and other records joinedup has no place for.
    Skip,
    Unknown,
}

/// An id as text: strings trimmed, numbers written out; empty ids are none.
pub(super) fn id_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A text field, trimmed; empty strings and non-strings are none.
pub(super) fn text(m: &Map<String, Value>, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads every JSON file at `source` (a file, or a folder searched throughout).
pub(super) fn read(source: &Path) -> Result<Feed, String> {
    let mut feed = Feed::default();
    let meta =
        fs::metadata(source).map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        collect(source, &mut paths);
        // Lists before the records they list, so that records keep the lists' order.
        paths.sort_by_key(|p| {
            let rel = p
                .strip_prefix(source)
                .unwrap_or(p)
                .to_string_lossy()
                .into_owned();
            let rank = match kind_from_path(&rel) {
                Kind::Taxonomy => 0,
                Kind::Term => 1,
                Kind::Organization => 2,
                Kind::Service => 3,
                _ => 4,
            };
            (rank, rel)
        });
        if paths.is_empty() {
            return Err(format!("{} has no .json files", source.display()));
        }
    } else {
        paths.push(source.to_path_buf());
    }
    for path in paths {
        let rel = path
            .strip_prefix(source)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = match fs::read(&path) {
            Ok(b) => String::from_utf8_lossy(&b)
                .trim_start_matches('\u{feff}')
                .to_owned(),
            Err(e) => {
                feed.skipped.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(v) => {
                let hint = kind_from_path(&rel);
                feed.take(v, hint);
            }
            Err(e) => feed.skipped.push(format!(
                "{}:{}:{}: not JSON: {e}",
                path.display(),
                e.line(),
                e.column()
            )),
        }
    }
    Ok(feed)
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            collect(&e.path(), out);
        } else if t.is_file() && name.to_ascii_lowercase().ends_with(".json") {
            out.push(e.path());
        }
    }
}

fn kind_from_path(rel: &str) -> Kind {
    let lower = rel.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or("");
    let folder = lower.rsplit('/').nth(1).unwrap_or("");
    let stem = |s: &str| name.starts_with(s) || folder.starts_with(s);
    if stem("taxonomy_term") || stem("taxonomy-term") {
        Kind::Term
    } else if stem("taxonom") {
        Kind::Taxonomy
    } else if stem("organi") {
        Kind::Organization
    } else if stem("service_at") {
        Kind::ServiceAtLocation
    } else if stem("location") {
        Kind::Skip
    } else if stem("service") {
        Kind::Service
    } else {
        Kind::Unknown
    }
}

/// What a record looks like, when its file does not say.
fn guess(m: &Map<String, Value>) -> Kind {
    let has = |k: &str| m.contains_key(k);
    if has("service") && (has("location") || has("location_id")) {
        Kind::ServiceAtLocation
    } else if has("latitude") || has("location_type") {
        Kind::Skip
    } else if has("status")
        || has("organization_id")
        || has("schedules")
        || has("service_areas")
        || has("service_at_locations")
    {
        Kind::Service
    } else if has("taxonomy_id") || has("term_uri") || has("code") || has("parent_id") {
        Kind::Term
    } else if has("taxonomy_terms") || has("version") {
        Kind::Taxonomy
    } else if has("parent_organization_id")
        || has("website")
        || has("services")
        || has("organization_identifiers")
        || has("legal_status")
    {
        Kind::Organization
    } else {
        Kind::Unknown
    }
}

impl Feed {
    fn take(&mut self, v: Value, hint: Kind) {
        match v {
            Value::Array(items) => items.into_iter().for_each(|x| self.take(x, hint)),
            Value::Object(m) => {
                if m.contains_key("joinedup_extensions") {
                    self.extensions = Some(Value::Object(m));
                    return;
                }
                // A page: `contents` (HSDS 3.0), `content` (ORUK v1).
                let page: Vec<Value> = ["contents", "content"]
                    .iter()
                    .filter_map(|k| match m.get(*k) {
                        Some(Value::Array(items)) => Some(items.clone()),
                        _ => None,
                    })
                    .flatten()
                    .collect();
                if m.contains_key("contents") || m.contains_key("content") && !m.contains_key("id")
                {
                    page.into_iter().for_each(|x| self.take(x, hint));
                    return;
                }
                if m.contains_key("openapi_url") {
                    return;
                }
                let kind = match hint {
                    Kind::Unknown => guess(&m),
                    k => k,
                };
                self.record(m, kind);
            }
            _ => {}
        }
    }

    fn record(&mut self, mut m: Map<String, Value>, kind: Kind) {
        let Some(id) = id_of(m.get("id")) else {
            return;
        };
        match kind {
            Kind::Service => {
                if let Some(Value::Object(org)) = m.get("organization").cloned() {
                    if !m.contains_key("organization_id")
                        && let Some(oid) = id_of(org.get("id"))
                    {
                        m.insert("organization_id".into(), Value::String(oid));
                    }
                    self.record(org, Kind::Organization);
                }
                if let Some(Value::Array(attrs)) = m.get("attributes").cloned() {
                    for a in attrs {
                        if let Some(Value::Object(t)) = a.get("taxonomy_term").cloned() {
                            self.record(t, Kind::Term);
                        }
                    }
                }
                // ORUK v1: `service_taxonomys[].taxonomy`, with its `vocabulary`.
                if let Some(Value::Array(links)) = m.get("service_taxonomys").cloned() {
                    for l in links {
                        if let Some(Value::Object(mut t)) = l.get("taxonomy").cloned() {
                            if let Some(v) = t.get("vocabulary").cloned() {
                                t.entry("taxonomy").or_insert(v);
                            }
                            self.record(t, Kind::Term);
                        }
                    }
                }
                merge(self.services.entry(id), m);
            }
            Kind::Organization => {
                if let Some(Value::Array(services)) = m.remove("services") {
                    for s in services {
                        if let Value::Object(mut s) = s {
                            if !s.contains_key("organization_id") {
                                s.insert("organization_id".into(), Value::String(id.clone()));
                            }
                            self.record(s, Kind::Service);
                        }
                    }
                }
                merge(self.organizations.entry(id), m);
            }
            Kind::Term => {
                if let Some(Value::Object(t)) = m.get("taxonomy_detail").cloned() {
                    self.record(t, Kind::Taxonomy);
                }
                merge(self.terms.entry(id), m);
            }
            Kind::Taxonomy => {
                if let Some(Value::Array(terms)) = m.remove("taxonomy_terms") {
                    for t in terms {
                        if let Value::Object(t) = t {
                            self.record(t, Kind::Term);
                        }
                    }
                }
                merge(self.taxonomies.entry(id), m);
            }
            Kind::ServiceAtLocation => {
                if let Some(Value::Object(svc)) = m.remove("service") {
                    self.record(svc, Kind::Service);
                }
            }
            Kind::Skip | Kind::Unknown => {}
        }
    }
}

/// Fills what `into` lacks (or has empty: an empty string, null or an empty
/// list) from `from`: the first record read of an id keeps its values.
fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    };
    for (k, v) in from {
        if into.get(&k).is_none_or(empty) {
            into.insert(k, v);
        }
    }
}
