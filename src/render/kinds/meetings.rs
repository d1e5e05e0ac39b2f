//! Meetings and panels in the site: each one resolved for its page.

use crate::render::markup::Markup;
use serde::Serialize;

use super::Resolver;
use crate::model::Visibility;
use crate::render::directory::{AreaView, LinkView, ReviewView, sort_key};

#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    pub id: String,
    pub url: String,
    pub name: String,
    pub abbreviation: Option<String>,
    pub purpose_html: Markup,
    /// The chair, or the words for one this build leaves out.
    pub chair: LinkView,
    /// The members in this build.
    pub members: Vec<LinkView>,
    /// How many members this build leaves out.
    pub members_hidden: usize,
    pub topics: Vec<LinkView>,
    /// Empty: every area.
    pub areas: Vec<AreaView>,
    pub frequency: Option<String>,
    pub threshold_html: Markup,
    /// How to bring a case: the route's key, when it is in this build.
    pub refer: Option<String>,
    /// `refer` names a route this build leaves out.
    pub refer_hidden: bool,
    pub review: ReviewView,
    pub visibility: Visibility,
    #[serde(skip)]
    pub chair_agency: Option<String>,
    #[serde(skip)]
    pub member_agencies: Vec<String>,
    #[serde(skip)]
    pub topic_ids: Vec<String>,
}

pub fn resolve(r: &Resolver) -> Vec<MeetingView> {
    let areas: Vec<AreaView> = r
        .content
        .site
        .iter()
        .flat_map(|s| s.areas.iter())
        .map(|a| AreaView {
            id: a.id.value.clone(),
            name: a.name.value.clone(),
        })
        .collect();
    let mut out: Vec<MeetingView> = r
        .content
        .meetings
        .iter()
        .filter(|m| {
            let named = std::iter::once(&m.chair).chain(&m.members);
            r.concerns(named.map(|p| p.value.as_str()))
        })
        .filter_map(|m| {
            let visibility = r.shown(m.visibility.as_ref())?;
            let members: Vec<LinkView> =
                m.members.iter().filter_map(|p| r.party(&p.value)).collect();
            let topics = r.topic_links(&m.topics);
            let home = m.chair.value.split('/').next().unwrap_or_default();
            let refer = m.refer.as_ref().and_then(|x| r.route(&x.value, home));
            Some(MeetingView {
                id: m.id.value.clone(),
                url: format!("meetings/{}/index.html", m.id.value),
                name: m.name.value.clone(),
                abbreviation: m.abbreviation.as_ref().map(|a| a.value.clone()),
                purpose_html: r.md(&m.purpose, 2),
                chair: r.party_or_hidden(&m.chair.value),
                chair_agency: r.agency_of(&m.chair.value),
                members_hidden: m.members.len() - members.len(),
                member_agencies: m
                    .members
                    .iter()
                    .filter_map(|p| r.agency_of(&p.value))
                    .collect(),
                members,
                topic_ids: topics.iter().map(|t| t.id.clone()).collect(),
                topics,
                areas: areas
                    .iter()
                    .filter(|a| m.areas.iter().any(|x| x.value == a.id))
                    .cloned()
                    .collect(),
                frequency: m.frequency.as_ref().map(|f| f.value.clone()),
                threshold_html: m
                    .threshold
                    .as_ref()
                    .map_or_else(Markup::default, |t| r.md(t, 3)),
                refer_hidden: m.refer.is_some() && refer.is_none(),
                refer,
                review: r.review(&m.review),
                visibility,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        sort_key(&a.name)
            .cmp(&sort_key(&b.name))
            .then(a.id.cmp(&b.id))
    });
    out
}
