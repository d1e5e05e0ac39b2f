//! Agreements in the site: each one resolved for its page, the agreements
//! page (by kind) and "who has an agreement with whom", need by need.

use crate::render::markup::Markup;
use std::collections::BTreeMap;

use serde::Serialize;

use super::Resolver;
use crate::model::Visibility;
use crate::model::kinds::AgreementKind;
use crate::render::directory::{LinkView, ReviewView, sort_key};

#[derive(Debug, Clone, Serialize)]
pub struct AgreementView {
    pub id: String,
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    /// What one of its kind is called.
    pub kind_name: &'static str,
    /// The parties in this build.
    pub parties: Vec<LinkView>,
    /// How many parties this build leaves out (internal, in a public build).
    pub parties_hidden: usize,
    pub topics: Vec<LinkView>,
    pub purpose_html: Markup,
    pub shares: Vec<String>,
    pub lawful_basis: Option<String>,
    /// The channel word, and how it reads.
    pub how: Option<&'static str>,
    pub how_words: Option<&'static str>,
    pub document: Option<String>,
    pub signed: Option<String>,
    pub review: ReviewView,
    pub visibility: Visibility,
    /// The agencies of the parties in this build (for agency pages).
    #[serde(skip)]
    pub agency_ids: Vec<String>,
    #[serde(skip)]
    pub topic_ids: Vec<String>,
}

pub fn resolve(r: &Resolver) -> Vec<AgreementView> {
    let mut out: Vec<AgreementView> = r
        .content
        .agreements
        .iter()
        .filter(|a| r.concerns(a.parties.iter().map(|p| p.value.as_str())))
        .filter_map(|a| {
            let visibility = r.shown(a.visibility.as_ref())?;
            let parties: Vec<LinkView> =
                a.parties.iter().filter_map(|p| r.party(&p.value)).collect();
            let mut agency_ids: Vec<String> = a
                .parties
                .iter()
                .filter_map(|p| r.agency_of(&p.value))
                .collect();
            agency_ids.dedup();
            let topics = r.topic_links(&a.topics);
            Some(AgreementView {
                id: a.id.value.clone(),
                url: format!("agreements/{}/index.html", a.id.value),
                title: a.title.value.clone(),
                kind: a.kind.value.word(),
                kind_label: a.kind.value.label(),
                kind_name: a.kind.value.name(),
                parties_hidden: a.parties.len() - parties.len(),
                parties,
                topic_ids: topics.iter().map(|t| t.id.clone()).collect(),
                topics,
                purpose_html: r.md(&a.purpose, 2),
                shares: a.shares.iter().map(|s| s.value.clone()).collect(),
                lawful_basis: a.lawful_basis.as_ref().map(|t| t.value.clone()),
                how: a.how.as_ref().map(|h| h.value.word()),
                how_words: a.how.as_ref().map(|h| super::channel_words(h.value)),
                document: a.document.as_ref().map(|d| d.value.trim().to_owned()),
                signed: a.signed.as_ref().map(|d| d.value.to_string()),
                review: r.review(&a.review),
                visibility,
                agency_ids,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        sort_key(&a.title)
            .cmp(&sort_key(&b.title))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// The agreements of one kind, for the agreements page.
#[derive(Debug, Clone, Serialize)]
pub struct KindGroup<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub agreements: Vec<&'a AgreementView>,
}

/// The agreements by kind, in the spec's order of kinds.
pub fn by_kind(list: &[AgreementView]) -> Vec<KindGroup<'_>> {
    AgreementKind::WORDS
        .iter()
        .filter_map(|w| AgreementKind::from_word(w))
        .map(|k| KindGroup {
            kind: k.word(),
            label: k.label(),
            agreements: list.iter().filter(|a| a.kind == k.word()).collect(),
        })
        .filter(|g| !g.agreements.is_empty())
        .collect()
}

/// For one need: each party, with the agreements it has under that need.
#[derive(Debug, Clone, Serialize)]
pub struct WithWhom {
    pub topic: LinkView,
    pub parties: Vec<PartyRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartyRow {
    pub party: LinkView,
    pub agreements: Vec<LinkView>,
}

/// Who has an agreement with whom, need by need (needs in the order of the
/// agreements' first mention, parties A to Z).
pub fn with_whom(list: &[AgreementView]) -> Vec<WithWhom> {
    let mut topics: Vec<LinkView> = Vec::new();
    for a in list {
        for t in &a.topics {
            if !topics.iter().any(|x| x.id == t.id) {
                topics.push(t.clone());
            }
        }
    }
    topics
        .into_iter()
        .map(|topic| {
            let mut rows: BTreeMap<(String, String), PartyRow> = BTreeMap::new();
            for a in list
                .iter()
                .filter(|a| a.topics.iter().any(|t| t.id == topic.id))
            {
                for p in &a.parties {
                    let row = rows
                        .entry((sort_key(&p.name), p.id.clone()))
                        .or_insert_with(|| PartyRow {
                            party: p.clone(),
                            agreements: Vec::new(),
                        });
                    row.agreements.push(LinkView {
                        id: a.id.clone(),
                        name: a.title.clone(),
                        url: Some(a.url.clone()),
                    });
                }
            }
            WithWhom {
                topic,
                parties: rows.into_values().collect(),
            }
        })
        .collect()
}
