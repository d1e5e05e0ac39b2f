//! The content report page: every finding, grouped by kind, each naming the
//! file and line to fix and linking to the page it concerns.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::findings::{Code, Findings, Severity};
use crate::model::Content;

/// The findings for the report page, grouped by code, each with the page it concerns.
#[derive(Debug, Clone, Serialize)]
pub struct ReportGroup {
    pub code: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    pub items: Vec<ReportItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportItem {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
    pub url: Option<String>,
}

/// Groups findings by code, in the spec's order, linking each to its page.
pub fn report(content: &Content, findings: &Findings) -> Vec<ReportGroup> {
    let mut groups: BTreeMap<Code, Vec<ReportItem>> = BTreeMap::new();
    for f in &findings.items {
        let file = f.file.map(|id| content.path(id).to_owned());
        let url = file
            .as_deref()
            .and_then(|path| page_of(content, path, f.pos.map(|p| p.line)));
        groups.entry(f.code).or_default().push(ReportItem {
            file,
            line: f.pos.map(|p| p.line),
            column: f.pos.map(|p| p.column),
            message: f.message.clone(),
            hint: f.hint.clone(),
            url,
        });
    }
    groups
        .into_iter()
        .map(|(code, items)| ReportGroup {
            code: code.word(),
            title: code.title(),
            severity: code.severity(),
            items,
        })
        .collect()
}

/// The site page that shows what a file (and line) holds.
fn page_of(content: &Content, path: &str, line: Option<u32>) -> Option<String> {
    if let Some(name) = path.strip_prefix("agencies/") {
        let id = name.rsplit_once('.').map_or(name, |(s, _)| s);
        return content
            .agencies
            .iter()
            .any(|a| a.id.value == id)
            .then(|| format!("agencies/{id}/index.html"));
    }
    if let Some(name) = path.strip_prefix("pages/") {
        let id = name.rsplit_once('.').map_or(name, |(s, _)| s);
        return content
            .pages
            .iter()
            .any(|p| p.id.value == id)
            .then(|| format!("{id}/index.html"));
    }
    if path.starts_with("glossary/") {
        return Some("glossary/index.html".to_owned());
    }
    if path.starts_with("shadowing/") {
        return Some("shadowing/index.html".to_owned());
    }
    if path.starts_with("topics.") {
        let line = line?;
        let topic = content
            .topics
            .iter()
            .filter(|t| t.id.loc.pos.line <= line)
            .max_by_key(|t| t.id.loc.pos.line)?;
        return Some(format!("topics/{}/index.html", topic.id.value));
    }
    None
}
