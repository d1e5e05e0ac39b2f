//! The directory's views: what a build includes (read from the one
//! [`Resolved`] model, so visibility, references and inherited values are
//! decided once) in the shapes of `views.rs`, with names, addresses and
//! Markdown rendered once, for the templates, `data/directory.json`, the CSV
//! files, the calendar and the search index.
//!
//! - `agency.rs`: an agency and its routes; `topics.rs`: needs, and what a
//!   broader need gathers; `glossary.rs`, `offers.rs`; `text.rs`: small helpers.

mod agency;
mod glossary;
mod offers;
mod reuse;
pub(crate) mod text;
mod topics;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

pub(crate) use super::views::*;
pub(crate) use reuse::Kept;
pub(crate) use text::{contact_href, first_sentence, sort_key};
pub(crate) use topics::kept::Made;

use super::glossary_links::Terms;
use super::markdown;
use crate::model::{AgencyType, Content, Nation, Text};
pub(crate) use crate::resolve::Scope;
use crate::resolve::{Resolved, Target};

/// Builds the directory's views from the resolved content.
pub(crate) struct Builder<'c> {
    /// The content as this build includes it.
    pub(crate) r: Resolved<'c>,
    /// The glossary terms the linker looks for, from entries in this build.
    pub(crate) terms: Arc<Terms>,
    /// Each need's link, made once and shared by every agency and route that
    /// names the need.
    topic_links: HashMap<&'c str, Shared<LinkView>>,
    /// Set when the build is to stop (a newer change came in, under
    /// `serve`): the needs' views are then left unmade, and the directory
    /// [`Builder::build_rest`] gives is not to be used ([`Builder::stopped`]).
    pub(crate) stop: Option<Arc<AtomicBool>>,
}

impl<'c> Builder<'c> {
    /// Resolves `content` for `scope`, and gathers the glossary's terms:
    /// those `kept` from the last build when made from the same entries.
    pub(crate) fn new(content: &'c Content, scope: Scope, kept: Option<&mut Kept>) -> Builder<'c> {
        let r = Resolved::new(content, scope);
        let shown = |g: &crate::model::GlossaryEntry| -> Vec<String> {
            (g.used_by.iter())
                .filter(|u| r.agency_shown(&u.value))
                .map(|u| u.value.clone())
                .collect()
        };
        let terms = match kept {
            Some(kept) => kept.terms(&content.glossary, shown),
            None => Arc::new(Terms::new(&content.glossary, shown)),
        };
        let mut b = Builder {
            r,
            terms,
            topic_links: HashMap::new(),
            stop: None,
        };
        b.topic_links = (b.r.ix.topics.keys())
            .map(|&id| (id, Shared::new(b.topic_link(id))))
            .collect();
        b
    }

    /// The link of the need `id`, shared (see [`Builder::topic_link`]).
    fn shared_topic_link(&self, id: &str) -> Shared<LinkView> {
        (self.topic_links.get(id).cloned()).unwrap_or_else(|| Shared::new(self.topic_link(id)))
    }

    fn md(&self, t: Option<&Text>, top: u8) -> Markup {
        t.map_or_else(Markup::default, |t| {
            markdown::render(&t.value, top, &self.terms)
        })
    }

    fn area_views(&self, ids: &[&str]) -> Vec<AreaView> {
        let mut v: Vec<AreaView> = ids
            .iter()
            .map(|id| AreaView {
                id: (*id).to_owned(),
                name: self.r.area_name(id).to_owned(),
            })
            .collect();
        v.sort_by_key(|a| self.r.area_order(&a.id));
        v.dedup();
        v
    }

    fn agency_link(&self, id: &str) -> LinkView {
        let name = (self.r.ix.agency(self.r.content, id))
            .map_or_else(|| id.to_owned(), |a| a.name.value.clone());
        LinkView {
            id: id.to_owned(),
            name,
            url: Some(format!("agencies/{id}/index.html")),
        }
    }

    fn topic_link(&self, id: &str) -> LinkView {
        let name = self.r.ix.topics.get(id).map_or_else(
            || id.to_owned(),
            |&i| self.r.content.topics[i].name.value.clone(),
        );
        LinkView {
            id: id.to_owned(),
            name,
            url: Some(format!("topics/{id}/index.html")),
        }
    }

    /// Where a `refer_to` points, or a placeholder when the target is not in this build.
    fn target_link(&self, reference: &str) -> LinkView {
        match self.r.target(reference) {
            Some(Target::Agency(a)) => self.agency_link(&a.id.value),
            Some(Target::Team(a, t)) => LinkView {
                id: reference.to_owned(),
                name: format!("{} — {}", a.name.value, t.name.value),
                url: Some(format!(
                    "agencies/{}/index.html#team-{}",
                    a.id.value, t.id.value
                )),
            },
            None => text::hidden_link(reference),
        }
    }

    /// A contact route reference as a link with its value, or a placeholder.
    fn route_link(&self, reference: &str, home: &str) -> OutOfHoursView {
        match self.r.route(reference, home) {
            Some((a, c)) => OutOfHoursView {
                key: Some(format!("{}/{}", a.id.value, c.id.value)),
                same_agency: a.id.value == home,
                anchor: Some(format!("route-{}", c.id.value)),
                purpose: Some(c.purpose.value.clone()),
                name: format!("{}: {}", a.name.value, c.purpose.value),
                url: Some(format!(
                    "agencies/{}/index.html#route-{}",
                    a.id.value, c.id.value
                )),
                value: Some(c.value.value.clone()),
                href: contact_href(c.channel.value, &c.value.value),
            },
            None => OutOfHoursView {
                key: None,
                same_agency: false,
                anchor: None,
                purpose: None,
                name: "a route listed in the internal directory".to_owned(),
                url: None,
                value: None,
                href: None,
            },
        }
    }

    /// The agencies' views in the directory's order (by name), and what they
    /// were made from when `kept` (under `serve`: reusing the views made
    /// from the same inputs as last time).
    pub(crate) fn sorted_agency_views(
        &self,
        kept: Option<&mut Kept>,
    ) -> (Vec<Shared<AgencyView>>, Option<Made<'c>>) {
        let (mut agencies, made) = crate::timing::phase("agency views", || self.agency_views(kept));
        agencies.sort_by(|a, b| {
            sort_key(&a.name)
                .cmp(&sort_key(&b.name))
                .then(a.id.cmp(&b.id))
        });
        (agencies, made)
    }

    /// The directory whose agencies' views are `agencies` (from
    /// [`Builder::sorted_agency_views`], with the same `kept`).
    pub(crate) fn build_rest(
        &self,
        agencies: Vec<Shared<AgencyView>>,
        made: Option<Made<'c>>,
        kept: Option<&mut Kept>,
    ) -> Directory {
        let kept_topics = made.as_ref().zip(kept.map(|k| &mut k.topics));
        let topics = crate::timing::phase("needs", || self.topics(&agencies, kept_topics));
        let calendar = self.calendar_views(&agencies);
        let (glossary, clashes) = crate::timing::phase("glossary", || self.glossary());
        Directory {
            site: self.site_view(),
            agency_types: self.agency_types(),
            agencies,
            topics,
            glossary,
            clashes,
            offers: self.offers(),
            pages: self.pages(true),
            calendar,
            kinds: Default::default(),
        }
    }

    /// Whether the build is to stop (see [`Builder::stop`]).
    pub(crate) fn stopped(&self) -> bool {
        self.stop
            .as_ref()
            .is_some_and(|s| s.load(Ordering::Relaxed))
    }

    /// What an agency's page reads of the directory, and nothing else: its
    /// needs, glossary and offers are left empty (the agreements, meetings
    /// and pathways too: an agency's page shows them with their needs, so
    /// with any in the content the caller must not use this).
    pub(crate) fn agency_pages_directory(&self, agencies: Vec<Shared<AgencyView>>) -> Directory {
        Directory {
            site: self.site_view(),
            agency_types: self.agency_types(),
            calendar: self.calendar_views(&agencies),
            agencies,
            topics: Vec::new(),
            glossary: Vec::new(),
            clashes: Vec::new(),
            offers: Vec::new(),
            // An agency's page links the free pages, never shows their text.
            pages: self.pages(false),
            kinds: Default::default(),
        }
    }

    /// The free pages in this build, by `order` then title; their text
    /// (Markdown) rendered if `with_text`.
    fn pages(&self, with_text: bool) -> Vec<PageView> {
        let md = |body: &str, top: u8| {
            if with_text {
                markdown::render(body, top, &self.terms)
            } else {
                Markup::default()
            }
        };
        let mut pages: Vec<PageView> = (self.r.content.pages.par_iter())
            .filter_map(|p| {
                // Stopped part-way for a newer save (the build stops too).
                if with_text && self.stopped() {
                    return None;
                }
                let v = self.r.page_visibility(p);
                self.r.shown(v).then(|| PageView {
                    id: p.id.value.clone(),
                    url: format!("{}/index.html", p.id.value),
                    title: p.title.value.clone(),
                    html: md(&p.body, 2),
                    html_in_path: if p.induction.is_some() {
                        md(&p.body, 3)
                    } else {
                        Markup::default()
                    },
                    order: p.order.as_ref().map(|o| o.value),
                    induction: p.induction.as_ref().map(|o| o.value),
                    visibility: v,
                    aka: p.aka.iter().map(|k| k.value.clone()).collect(),
                })
            })
            .collect();
        pages.sort_by(|a, b| {
            (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title))
        });
        pages
    }

    /// How many agencies of each type are in this build.
    fn agency_types(&self) -> Vec<TypeView> {
        let mut type_counts: BTreeMap<AgencyType, usize> = BTreeMap::new();
        for a in self.r.agencies() {
            *type_counts.entry(a.agency_type.value).or_default() += 1;
        }
        (type_counts.into_iter())
            .map(|(t, count)| TypeView {
                id: t.word(),
                label: t.label(),
                count,
            })
            .collect()
    }

    fn site_view(&self) -> SiteView {
        let site = self.r.content.site.as_ref();
        let base_url = site.and_then(|s| s.base_url.as_ref()).map(|u| {
            let u = u.value.trim();
            if u.ends_with('/') {
                u.to_owned()
            } else {
                format!("{u}/")
            }
        });
        SiteView {
            title: site.map_or_else(String::new, |s| s.title.value.clone()),
            description: (site.and_then(|s| s.description.as_ref()))
                .map_or_else(String::new, |d| d.value.clone()),
            language: site.map_or_else(|| "en-GB".to_owned(), |s| s.language.clone()),
            base_url,
            areas: site.map_or_else(Vec::new, |s| {
                (s.areas.iter())
                    .map(|a| AreaView {
                        id: a.id.value.clone(),
                        name: a.name.value.clone(),
                    })
                    .collect()
            }),
            public: self.r.scope.public,
            today: self.r.scope.today.to_string(),
            feedback: (site.and_then(|s| s.feedback.as_ref()))
                .and_then(|f| self.r.route(&f.value, ""))
                .map(|(a, c)| format!("agencies/{}/index.html#route-{}", a.id.value, c.id.value)),
        }
    }

    /// The dated days of each nation whose bank holidays a route in this
    /// build keeps, for the "open now" script.
    fn calendar_views(&self, agencies: &[Shared<AgencyView>]) -> Vec<CalendarView> {
        let mut letters: Vec<&str> = agencies
            .iter()
            .flat_map(|a| {
                a.contacts
                    .iter()
                    .filter_map(|c| c.hours_bank.as_deref().or(c.hours_bank_open.as_deref()))
            })
            .collect();
        letters.sort_unstable();
        letters.dedup();
        Nation::ALL
            .into_iter()
            .filter(|n| letters.contains(&n.letter().to_string().as_str()))
            .map(|n| CalendarView {
                nation: n.letter().to_string(),
                days: self.r.calendar.data(n),
            })
            .collect()
    }
}
