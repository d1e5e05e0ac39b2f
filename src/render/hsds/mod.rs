//! The Open Referral export: the directory as HSDS 3.0 JSON (`data/hsds/` in a
//! build with `hsds:` in site.yaml or `--hsds`, and `joinedup export hsds`).
//!
//! Agencies are organisations and teams their child organisations; each contact
//! route is a service; topics, audiences, urgencies and roles are taxonomy terms
//! that services and organisations link to through attributes. Ids are UUIDv5
//! (see [`ids`]), so they stay the same from build to build. Optional fields are
//! left out, never written null or "". What HSDS has no place for (a route's
//! channel and exact hours, bank holidays, exceptions, out-of-hours route,
//! response time; an agency's remit) goes into `joinedup.json`, keyed by the
//! same UUIDs, so that the HSDS files stay valid under strict schemas.
//!
//! Two flavours: [`Flavour::Hsds`] is strict HSDS 3.0; [`Flavour::Oruk`] is
//! strict Open Referral UK 3.0, which has no service phones, no `wait_time`,
//! no term `code` and no `alternate_name`, and adds `service_area` to areas.

mod extensions;
pub mod ids;
pub mod schedule;
mod services;
mod source;

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::load::agency::is_web_url;
use crate::model::{Agency, Audience, ContactRoute, Content, Date, Role, Urgency};
use crate::resolve::{Resolved, Scope};
use ids::Ids;
pub use source::Source;

/// Which standard the export is strictly valid against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// HSDS 3.0.
    Hsds,
    /// The Open Referral UK profile (ORUK 3.0).
    Oruk,
}

impl Flavour {
    /// The words `--hsds` and `site.yaml`'s `hsds:` accept.
    pub const WORDS: &'static [&'static str] = &["hsds", "oruk"];

    /// The flavour a word names.
    pub fn from_word(w: &str) -> Option<Flavour> {
        match w {
            "hsds" => Some(Flavour::Hsds),
            "oruk" => Some(Flavour::Oruk),
            _ => None,
        }
    }

    /// The flavour's word.
    pub fn word(self) -> &'static str {
        match self {
            Flavour::Hsds => "hsds",
            Flavour::Oruk => "oruk",
        }
    }
}

/// What an export is asked for.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Strict HSDS 3.0 or the UK profile.
    pub flavour: Flavour,
    /// Only what resolves to public.
    pub public: bool,
    /// `--base-url`, else `site.yaml`'s; names the ids' namespace.
    pub base_url: Option<String>,
}

/// The files a build adds under `data/hsds/`: none unless `flavour` (from
/// `--hsds`) or `site.yaml`'s `hsds:` asks for them.
pub(crate) fn site_files(
    r: &Resolved,
    flavour: Option<&str>,
    base_url: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let site_word = r.content.site.as_ref().and_then(|s| s.hsds);
    let Some(word) = flavour.or(site_word) else {
        return Ok(Vec::new());
    };
    let flavour = Flavour::from_word(word)
        .ok_or_else(|| format!("--hsds must be `hsds` or `oruk`, not `{word}`"))?;
    let settings = Settings {
        flavour,
        public: r.scope.public,
        base_url: base_url.map(str::to_owned),
    };
    Ok(resolved_files(r, &settings)
        .into_iter()
        .map(|(p, b)| (format!("data/hsds/{p}"), b))
        .collect())
}

/// Every file of the export of `content` (`joinedup export hsds`), resolved
/// as a build on `today` resolves it.
pub fn files(content: &Content, settings: &Settings, today: Date) -> Vec<(String, Vec<u8>)> {
    let scope = Scope {
        public: settings.public,
        today,
    };
    resolved_files(&Resolved::new(content, scope), settings)
}

/// Every file of the export, as (path inside the export folder, bytes), in a
/// fixed order: what `r` includes (its scope says whether only public).
fn resolved_files(r: &Resolved, settings: &Settings) -> Vec<(String, Vec<u8>)> {
    let src = Source::of(r);
    let base = settings
        .base_url
        .clone()
        .or_else(|| {
            src.site
                .and_then(|s| s.base_url.as_ref())
                .map(|u| u.value.trim().to_owned())
        })
        .map(|u| if u.ends_with('/') { u } else { format!("{u}/") });
    let title = src.site.map_or("", |s| s.title.value.as_str());
    let ids = Ids::new(base.as_deref(), title);
    let x = Export {
        src: &src,
        ids: &ids,
        flavour: settings.flavour,
        base: base.as_deref(),
    };
    let mut out = Vec::new();
    let mut put = |path: String, value: &Value| {
        let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
        bytes.push(b'\n');
        out.push((path, bytes));
    };
    put("index.json".into(), &x.index());
    let orgs = x.organizations();
    let org_lists: HashMap<String, Value> = orgs
        .iter()
        .map(|o| (o["id"].as_str().unwrap_or("").to_owned(), list_form(o)))
        .collect();
    let services: Vec<Value> = src
        .routes
        .iter()
        .map(|(a, c)| x.service(a, c, &org_lists))
        .collect();
    let list: Vec<Value> = services.iter().map(list_form).collect();
    put("services.json".into(), &page(list));
    for s in &services {
        put(
            format!("services/{}.json", s["id"].as_str().unwrap_or("")),
            s,
        );
    }
    put(
        "organizations.json".into(),
        &page(orgs.iter().map(list_form).collect()),
    );
    for o in &orgs {
        put(
            format!("organizations/{}.json", o["id"].as_str().unwrap_or("")),
            o,
        );
    }
    let (taxonomies, terms) = x.taxonomies();
    put("taxonomies.json".into(), &page(taxonomies));
    put("taxonomy_terms.json".into(), &page(terms));
    put("joinedup.json".into(), &x.extensions());
    out
}

/// A single page of a paged list, as the HSDS API answers `GET /services`.
fn page(contents: Vec<Value>) -> Value {
    json!({
        "total_items": contents.len(),
        "total_pages": 1,
        "page_number": 1,
        "size": contents.len(),
        "first_page": true,
        "last_page": true,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

/// A record as it appears in a list: its own fields, without nested records.
fn list_form(full: &Value) -> Value {
    match full {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_array() && !v.is_object())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Sets `key` only when the text has something in it.
fn put_text(m: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
        m.insert(key.to_owned(), Value::String(v.to_owned()));
    }
}

/// A plausible e-mail address: one `@`, something either side, a dot after it.
pub fn looks_like_email(v: &str) -> bool {
    let v = v.trim();
    match v.split_once('@') {
        Some((user, host)) => {
            !user.is_empty()
                && host.contains('.')
                && !host.contains('@')
                && !host.starts_with('.')
                && !host.ends_with('.')
                && !v
                    .chars()
                    .any(|c| c.is_whitespace() || "<>\"(),;:[]".contains(c))
        }
        None => false,
    }
}

/// The taxonomies joinedup publishes: (key, name, description).
pub const TAXONOMIES: &[(&str, &str, &str)] = &[
    (
        "topic",
        "Needs",
        "The needs people bring to the partnership, as this directory names them.",
    ),
    (
        "audience",
        "Audience",
        "Who a service's contact route is for: the public or professionals.",
    ),
    (
        "urgency",
        "Urgency",
        "How quickly a contact route answers: emergency, urgent or routine.",
    ),
    (
        "role",
        "Role in a need",
        "How far an organisation takes responsibility for a need: lead, joint, support or signpost.",
    ),
];

struct Export<'a, 'c> {
    src: &'a Source<'c>,
    ids: &'a Ids,
    flavour: Flavour,
    base: Option<&'a str>,
}

impl Export<'_, '_> {
    fn hsds(&self) -> bool {
        self.flavour == Flavour::Hsds
    }

    fn index(&self) -> Value {
        match self.flavour {
            Flavour::Hsds => json!({
                "version": "HSDS 3.0",
                "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
                "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
            }),
            Flavour::Oruk => json!({
                "version": "3.0-UK",
                "profile": "https://openreferraluk.org/",
                "openapi_url": "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/openapi.json",
            }),
        }
    }

    /// The organisation a route's service belongs to: its team's, else its agency's.
    fn org_key(&self, a: &Agency, c: &ContactRoute) -> String {
        match &c.team {
            Some(t) if self.src.has_org(&format!("{}/{}", a.id.value, t.value)) => {
                format!("{}/{}", a.id.value, t.value)
            }
            _ => a.id.value.clone(),
        }
    }

    fn term(&self, taxonomy: &str, code: &str, name: &str, description: &str) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.ids.term(taxonomy, code)));
        m.insert("name".into(), json!(name));
        m.insert(
            "description".into(),
            json!(if description.trim().is_empty() {
                name
            } else {
                description.trim()
            }),
        );
        m.insert("taxonomy_id".into(), json!(self.ids.taxonomy(taxonomy)));
        if self.hsds() {
            m.insert("code".into(), json!(code));
        }
        Value::Object(m)
    }

    fn topic_term(&self, id: &str) -> Option<Value> {
        let t = self.src.topics.iter().find(|t| t.id.value == id)?;
        let mut term = self.term(
            "topic",
            id,
            &t.name.value,
            t.description.as_ref().map_or("", |d| d.value.as_str()),
        );
        if let Value::Object(m) = &mut term {
            if let Some(p) = &t.parent {
                m.insert("parent_id".into(), json!(self.ids.term("topic", &p.value)));
            }
            put_text(m, "term_uri", t.maps_to.as_ref().map(|u| u.value.as_str()));
        }
        Some(term)
    }

    fn word_term(&self, taxonomy: &str, word: &str) -> Value {
        let (name, description) = match (taxonomy, word) {
            ("audience", "public") => ("Public", "Anyone may use this route."),
            ("audience", _) => (
                "Professionals",
                "For professionals: not a number to give to the public.",
            ),
            ("urgency", "emergency") => ("Emergency", "Someone is in immediate danger."),
            ("urgency", "urgent") => ("Urgent", "Needs an answer today."),
            ("urgency", _) => ("Routine", "Can wait for the usual response time."),
            ("role", "lead") => ("Lead", "Leads on this need."),
            ("role", "joint") => ("Joint", "Shares the lead on this need."),
            ("role", "support") => ("Support", "Supports the lead agency."),
            (_, _) => ("Signpost", "Tells people where to go."),
        };
        self.term(taxonomy, word, name, description)
    }

    fn attribute(&self, link_key: &str, link_id: &str, entity: &str, term: Value) -> Value {
        let term_id = term["id"].as_str().unwrap_or("").to_owned();
        let mut m = Map::new();
        m.insert(
            "id".into(),
            json!(
                self.ids
                    .record("attribute", &format!("{link_key}|{term_id}"))
            ),
        );
        m.insert("link_id".into(), json!(link_id));
        m.insert("taxonomy_term_id".into(), json!(term_id));
        if self.hsds() {
            m.insert("link_entity".into(), json!(entity));
        }
        m.insert("taxonomy_term".into(), term);
        Value::Object(m)
    }

    fn organizations(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for a in &self.src.agencies {
            let id = self.ids.record("organization", &a.id.value);
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            m.insert("name".into(), json!(a.name.value.trim()));
            m.insert("description".into(), json!(a.summary.value.trim()));
            if let Some(w) = a.website.as_ref().filter(|w| is_web_url(w.value.trim())) {
                m.insert("website".into(), json!(w.value.trim()));
            }
            if let Some(base) = self.base {
                m.insert(
                    "uri".into(),
                    json!(format!("{base}agencies/{}/", a.id.value)),
                );
            }
            if self.hsds() {
                put_text(
                    &mut m,
                    "alternate_name",
                    a.abbreviation.as_ref().map(|x| x.value.as_str()),
                );
            }
            let attributes: Vec<Value> = a
                .does
                .iter()
                .filter(|d| d.team.is_none())
                .filter_map(|d| {
                    self.topic_term(&d.topic.value)?;
                    let mut attr = self.attribute(
                        &format!("{}|{}", a.id.value, d.topic.value),
                        &id,
                        "organization",
                        self.word_term("role", d.role.value.word()),
                    );
                    if self.hsds()
                        && let Value::Object(am) = &mut attr
                    {
                        am.insert("value".into(), json!(d.topic.value));
                    }
                    Some(attr)
                })
                .collect();
            if !attributes.is_empty() {
                m.insert("attributes".into(), Value::Array(attributes));
            }
            out.push(Value::Object(m));
            for (ta, t) in self
                .src
                .teams
                .iter()
                .filter(|(ta, _)| ta.id.value == a.id.value)
            {
                let key = format!("{}/{}", ta.id.value, t.id.value);
                let mut tm = Map::new();
                tm.insert("id".into(), json!(self.ids.record("organization", &key)));
                tm.insert("name".into(), json!(t.name.value.trim()));
                let summary = t.summary.as_ref().map(|s| s.value.trim().to_owned());
                tm.insert(
                    "description".into(),
                    json!(
                        summary
                            .filter(|s| !s.is_empty())
                            .unwrap_or_else(|| format!("A team of {}.", a.name.value.trim()))
                    ),
                );
                tm.insert("parent_organization_id".into(), json!(id));
                out.push(Value::Object(tm));
            }
        }
        out
    }

    fn taxonomies(&self) -> (Vec<Value>, Vec<Value>) {
        let taxonomies = TAXONOMIES
            .iter()
            .map(|(key, name, description)| {
                json!({"id": self.ids.taxonomy(key), "name": name, "description": description})
            })
            .collect();
        let mut terms: Vec<Value> = self
            .src
            .topics
            .iter()
            .filter_map(|t| self.topic_term(&t.id.value))
            .collect();
        terms.extend(
            Audience::WORDS
                .iter()
                .map(|w| self.word_term("audience", w)),
        );
        terms.extend(Urgency::WORDS.iter().map(|w| self.word_term("urgency", w)));
        terms.extend(Role::WORDS.iter().map(|w| self.word_term("role", w)));
        (taxonomies, terms)
    }
}

/// The file that marks a folder as an export joinedup wrote (and may replace).
pub const MARKER: &str = ".joinedup-hsds";

/// Writes an export into `dir`: a new or empty folder, or an earlier export
/// (one holding [`MARKER`]), whose files are replaced. Anything else is refused,
/// so that no one's folder is overwritten.
pub fn write_folder(dir: &std::path::Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    use std::fs;
    let shown = dir.display();
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() || !m.is_dir() => {
            return Err(format!(
                "{shown} is not a folder: give --output a new or empty folder"
            ));
        }
        Ok(_) => {
            let entries: Vec<_> = fs::read_dir(dir)
                .map_err(|e| format!("cannot read {shown}: {e}"))?
                .filter_map(Result::ok)
                .collect();
            let ours = dir.join(MARKER).is_file();
            if !entries.is_empty() && !ours {
                return Err(format!(
                    "{shown} is not empty and was not made by `joinedup export hsds`; give --output a new or empty folder"
                ));
            }
            for e in entries {
                let path = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                let owned = matches!(name.as_str(), "services" | "organizations") && is_dir
                    || name.ends_with(".json") && !is_dir;
                if owned {
                    let r = if is_dir {
                        fs::remove_dir_all(&path)
                    } else {
                        fs::remove_file(&path)
                    };
                    r.map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
                }
            }
        }
        Err(_) => {}
    }
    for (rel, bytes) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot make {}: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    fs::write(
        dir.join(MARKER),
        "Made by `joinedup export hsds`; the next export replaces this folder's files.\n",
    )
    .map_err(|e| format!("cannot write {shown}/{MARKER}: {e}"))
}
