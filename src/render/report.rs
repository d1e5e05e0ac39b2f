//! The content report page: every finding, grouped by kind, each naming the
//! file and line to fix and linking to the page it concerns.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::findings::{Code, Findings, Severity};
use crate::model::Content;

/// The findings for the report page, grouped by code, each with the page it concerns.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportGroup {
    pub code: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// The hint, when every finding of the group has the same one (said once).
    pub hint: Option<String>,
    pub items: Vec<ReportItem>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReportItem {
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
    pub hint: Option<String>,
    pub url: Option<String>,
}

/// Groups findings by code, in the spec's order, linking each to its page.
pub(crate) fn report(content: &Content, findings: &Findings) -> Vec<ReportGroup> {
    let pages = PageFinder::new(content);
    let mut groups: BTreeMap<Code, Vec<ReportItem>> = BTreeMap::new();
    for f in &findings.items {
        let file = f.file.map(|id| content.path(id).to_owned());
        let url = file
            .as_deref()
            .and_then(|path| pages.page_of(path, f.pos.map(|p| p.line)));
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
        .map(|(code, mut items)| {
            let hint = shared_hint(&items);
            if hint.is_some() {
                items.iter_mut().for_each(|i| i.hint = None);
            }
            ReportGroup {
                code: code.word(),
                title: code.title(),
                severity: code.severity(),
                hint,
                items,
            }
        })
        .collect()
}

/// The hint every item has, if they all have the same one and there are several.
fn shared_hint(items: &[ReportItem]) -> Option<String> {
    let first = items.first()?.hint.as_ref()?;
    (items.len() > 1 && items.iter().all(|i| i.hint.as_ref() == Some(first))).then(|| first.clone())
}

/// Finds the site page that shows what a file (and line) holds.
struct PageFinder<'c> {
    agencies: HashSet<&'c str>,
    pages: HashSet<&'c str>,
    /// (line, topic id) in `topics.yaml`, by line.
    topics: Vec<(u32, &'c str)>,
}

impl<'c> PageFinder<'c> {
    fn new(content: &'c Content) -> Self {
        let mut topics: Vec<(u32, &str)> = (content.topics.iter())
            .map(|t| (t.id.loc.pos.line, t.id.value.as_str()))
            .collect();
        topics.sort_unstable();
        PageFinder {
            agencies: content
                .agencies
                .iter()
                .map(|a| a.id.value.as_str())
                .collect(),
            pages: content.pages.iter().map(|p| p.id.value.as_str()).collect(),
            topics,
        }
    }

    fn page_of(&self, path: &str, line: Option<u32>) -> Option<String> {
        let stem =
            |name: &'_ str| -> String { name.rsplit_once('.').map_or(name, |(s, _)| s).to_owned() };
        if let Some(name) = path.strip_prefix("agencies/") {
            let id = stem(name);
            return self
                .agencies
                .contains(id.as_str())
                .then(|| format!("agencies/{id}/index.html"));
        }
        if let Some(name) = path.strip_prefix("pages/") {
            let id = stem(name);
            return self
                .pages
                .contains(id.as_str())
                .then(|| format!("{id}/index.html"));
        }
        if path.starts_with("glossary/") {
            return Some("glossary/index.html".to_owned());
        }
        if path.starts_with("shadowing/") {
            return Some("shadowing/index.html".to_owned());
        }
        if let Some(url) = super::kinds::report_page(path) {
            return Some(url);
        }
        if path.starts_with("topics.") {
            let line = line?;
            // The topic whose id is on the finding's line or the nearest above it.
            let after = self.topics.partition_point(|(l, _)| *l <= line);
            let (_, id) = self.topics.get(after.checked_sub(1)?)?;
            return Some(format!("topics/{id}/index.html"));
        }
        None
    }
}
