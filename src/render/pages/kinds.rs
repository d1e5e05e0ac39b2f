//! One function per kind of page: each lists its pages (usually one) with
//! what its template is given besides what every page gets.

use minijinja::{Value, context};

use super::{
    MATRIX_DESCRIPTION, Page, Record, Shared, base_path, finder_by_need, open_to_choices,
    page_description, page_value, v,
};
use crate::findings::Severity;
use crate::render::directory::{ContactView, Directory, first_sentence};
use crate::render::lazy::Lazy;
use crate::render::matrix::{self, Part};
use crate::render::search::plain_text;

pub(super) fn home(s: &Shared) -> Vec<Page> {
    let dir = s.dir;
    let open_offers: Vec<Value> = (dir.offers.iter().filter(|o| !o.closed).take(6))
        .map(v)
        .collect();
    vec![Page::new(
        "index.html",
        "index.html",
        "home",
        &dir.site.title,
        context! { topics => s.all_topics.clone(), agency_types => s.agency_types.clone(), offers => open_offers, induction => s.induction_value.clone(), agency_count => dir.agencies.len() },
    )]
}

pub(super) fn agencies(s: &Shared) -> Vec<Page> {
    vec![Page::new(
        "agencies/index.html",
        "agencies.html",
        "agencies",
        "Agencies A to Z",
        context! { agencies => s.all_agencies.clone(), agency_types => s.agency_types.clone(), description => "Every agency in the partnership, A to Z, with what it does, filterable by type and area." },
    )]
}

/// An agency's page; its value is made when the page is rendered.
pub(super) fn agency(s: &Shared) -> Vec<Page> {
    (0..s.dir.agencies.len())
        .filter_map(|i| page_of_agency(s.dir, i, Value::UNDEFINED))
        .collect()
}

/// The page of the agency at `i` in the directory.
pub(super) fn agency_page(dir: &Directory, i: usize) -> Option<Page> {
    let a = dir.agencies.get(i)?;
    let extra = crate::render::kinds::pages::agency_values(&dir.kinds, &a.id);
    page_of_agency(dir, i, extra)
}

/// The page of the agency at `i`, with `extra` as its own values.
fn page_of_agency(dir: &Directory, i: usize, extra: Value) -> Option<Page> {
    let a = dir.agencies.get(i)?;
    Some(Page {
        record: Some(Record::Agency(i)),
        agency: Some(a.id.clone()),
        ..Page::new(
            format!("agencies/{}/index.html", a.id),
            "agency.html",
            "agencies",
            &a.name,
            extra,
        )
    })
}

pub(super) fn topics(s: &Shared) -> Vec<Page> {
    vec![Page::new(
        "topics/index.html",
        "topics.html",
        "topics",
        "Needs and topics",
        context! { topics => s.all_topics.clone(), description => "The needs people bring, and who leads on each." },
    )]
}

pub(super) fn topic(s: &Shared) -> Vec<Page> {
    let related = crate::render::kinds::related_topics(s.dir);
    (s.dir.topics.iter().zip(&s.topics))
        .map(|(t, value)| {
            let description = if t.summary.is_empty() {
                format!("Who to contact about: {}.", t.name)
            } else {
                t.summary.clone()
            };
            Page::new(
                format!("topics/{}/index.html", t.id),
                "topic.html",
                "topics",
                &t.name,
                context! { topic => value.clone(), route_html => s.route_html.clone(), kinds => crate::render::kinds::pages::topic_value(&s.dir.kinds, &related, &t.id), description => description },
            )
        })
        .collect()
}

/// The who-does-what matrix: one table, or for a big directory a summary by
/// type of agency and a table per type (in parts).
pub(super) fn matrix(s: &Shared) -> Vec<Page> {
    let dir = s.dir;
    let Some(parts) = matrix::split(dir) else {
        return vec![Page::new(
            "who-does-what/index.html",
            "who-does-what.html",
            "who-does-what",
            "Who does what",
            context! { topics => s.all_topics.clone(), agencies => s.all_agencies.clone(), description => MATRIX_DESCRIPTION },
        )];
    };
    let summary = matrix::summary(dir, &parts);
    let firsts: Vec<&Part> = parts.iter().filter(|p| p.number == 1).collect();
    let mut pages = vec![Page::new(
        "who-does-what/index.html",
        "who-does-what.html",
        "who-does-what",
        "Who does what",
        context! {
            topics => s.all_topics.clone(),
            summary => v(&summary),
            types => v(&firsts),
            parts => v(&parts),
            agency_count => dir.agencies.len(),
            description => MATRIX_DESCRIPTION,
        },
    )];
    pages.extend(parts.iter().map(|part| matrix_part(s, part, &parts)));
    pages
}

/// One type's part of a big directory's matrix.
fn matrix_part(s: &Shared, part: &Part, parts: &[Part]) -> Page {
    let siblings: Vec<&Part> = parts.iter().filter(|q| q.type_id == part.type_id).collect();
    let agencies: Vec<Value> = (part.agencies.iter())
        .filter_map(|&i| s.agencies.get(i).cloned())
        .collect();
    let title = if part.of > 1 {
        format!(
            "Who does what: {} ({} of {})",
            part.type_label, part.number, part.of
        )
    } else {
        format!("Who does what: {}", part.type_label)
    };
    Page::new(
        part.path.clone(),
        "who-does-what-type.html",
        "who-does-what",
        title,
        context! {
            part => v(part),
            siblings => v(&siblings),
            rows => matrix::Rows::value(s.shared_dir, part),
            agencies => agencies,
            description => format!("The part each agency of type {} plays in each need.", part.type_label),
        },
    )
}

/// The route finder. A big directory's finder sends people to each need's
/// routes rather than making every visitor load them all; it still lists
/// routes with no need.
pub(super) fn contacts(s: &Shared) -> Vec<Page> {
    let dir = s.dir;
    let mut routes: Vec<&ContactView> = (dir.agencies.iter())
        .flat_map(|a| a.contacts.iter())
        .collect();
    routes.sort_by(|a, b| a.order().cmp(&b.order()));
    let total = routes.len();
    let by_need = finder_by_need(dir);
    let route_keys: Vec<String> = (routes.iter())
        .filter(|c| !by_need || c.topics.is_empty())
        .map(|c| c.key.clone())
        .collect();
    vec![Page::new(
        "contacts/index.html",
        "contacts.html",
        "contacts",
        "Find a contact route",
        context! {
            description => "Every contact route by need and urgency, with hours, whether each is open now, and where to go when it is closed.",
            routes => route_keys,
            total => total,
            by_need => by_need,
            topics => s.all_topics.clone(),
            route_html => s.route_html.clone(),
        },
    )]
}

pub(super) fn glossary(s: &Shared) -> Vec<Page> {
    let dir = s.dir;
    let mut letters: Vec<String> = dir.glossary.iter().map(|t| t.letter.clone()).collect();
    letters.dedup();
    vec![Page::new(
        "glossary/index.html",
        "glossary.html",
        "glossary",
        "Glossary",
        context! { terms => v(&dir.glossary), clashes => v(&dir.clashes), letters => letters, description => "The words and abbreviations partner agencies use, A to Z, with every meaning of an abbreviation side by side." },
    )]
}

pub(super) fn shadowing(s: &Shared) -> Vec<Page> {
    vec![Page::new(
        "shadowing/index.html",
        "shadowing.html",
        "shadowing",
        "Shadowing offers",
        context! { offers => Value::from(s.offers.clone()), open_to => v(&open_to_choices(s.dir)), description => "Offers to spend time with a partner agency's team, open offers first." },
    )]
}

pub(super) fn offer(s: &Shared) -> Vec<Page> {
    (s.dir.offers.iter().zip(&s.offers))
        .map(|(o, value)| {
            let description = format!(
                "{}: {}",
                o.agency.name,
                first_sentence(&plain_text(&o.description_html))
            );
            Page {
                agency: Some(o.agency.id.clone()),
                ..Page::new(
                    format!("shadowing/{}/index.html", o.id),
                    "offer.html",
                    "shadowing",
                    &o.title,
                    context! { offer => value.clone(), description => description },
                )
            }
        })
        .collect()
}

pub(super) fn induction(s: &Shared) -> Vec<Page> {
    vec![Page::new(
        "induction/index.html",
        "induction.html",
        "induction",
        "Induction",
        context! { pages => s.induction_value.clone(), description => "The induction path for new starters, in order, printable in one go." },
    )]
}

/// A free page; one on the induction path links the steps before and after.
pub(super) fn free_page(s: &Shared) -> Vec<Page> {
    let induction = &s.induction;
    (s.dir.pages.iter().enumerate())
        .map(|(i, p)| {
            let position = induction.iter().position(|x| x.id == p.id);
            let prev = (position.and_then(|i| i.checked_sub(1)))
                .and_then(|i| induction.get(i))
                .map(|x| page_value(s.shared_dir, x));
            let next = (position.and_then(|i| induction.get(i + 1)))
                .map(|x| page_value(s.shared_dir, x));
            let section = if position.is_some() {
                "induction"
            } else {
                "pages"
            };
            Page::new(
                format!("{}/index.html", p.id),
                "page.html",
                section,
                &p.title,
                context! { page => Lazy::value(s.shared_dir, |d, i| d.pages.get(i), i), prev => prev, next => next, step => position.map(|i| i + 1), steps => induction.len(), description => page_description(p) },
            )
        })
        .collect()
}

pub(super) fn all_pages(s: &Shared) -> Vec<Page> {
    let all_pages: Vec<Value> = (s.dir.pages.iter())
        .map(|p| context! { url => p.url.clone(), title => p.title.clone(), induction => p.induction })
        .collect();
    vec![Page::new(
        "pages/index.html",
        "pages.html",
        "pages",
        "All pages",
        context! { pages => Value::from(all_pages), description => "Every page of guidance in the directory, A to Z." },
    )]
}

pub(super) fn search(_: &Shared) -> Vec<Page> {
    vec![Page {
        in_sitemap: false,
        ..Page::new(
            "search/index.html",
            "search.html",
            "search",
            "Search",
            context! { description => "Search the directory for a service, a need or an abbreviation." },
        )
    }]
}

/// The content report, in internal builds only.
pub(super) fn report(s: &Shared) -> Vec<Page> {
    let Some(groups) = s.report else {
        return Vec::new();
    };
    let count = |severity: Severity| -> usize {
        (groups.iter())
            .filter(|g| g.severity == severity)
            .map(|g| g.items.len())
            .sum()
    };
    vec![Page {
        in_sitemap: false,
        ..Page::new(
            "report/index.html",
            "report.html",
            "report",
            "Content report",
            context! { groups => v(&groups), errors => count(Severity::Error), warnings => count(Severity::Warning), description => "What the content says about itself: gaps, overlaps, referral loops, routes with no out-of-hours cover and entries due for review." },
        )
    }]
}

/// The 404 page finds the site's root from where it is served: the first of
/// the site's own folders in its address follows the root.
pub(super) fn not_found(s: &Shared) -> Vec<Page> {
    let dir = s.dir;
    let mut top: Vec<String> = (crate::load::page::RESERVED.iter())
        .map(|s| (*s).to_owned())
        .chain(dir.pages.iter().map(|p| p.id.clone()))
        .collect();
    top.sort();
    top.dedup();
    vec![Page {
        in_sitemap: false,
        ..Page::new(
            "404.html",
            "404.html",
            "none",
            "Page not found",
            context! {
                description => "This page is not in the directory.",
                base_path => dir.site.base_url.as_deref().map(base_path),
                top_folders => top,
            },
        )
    }]
}

/// Agreements, meetings and pathways: their lists and a page for each
/// (`render::kinds::pages`).
pub(super) fn agreements_meetings_pathways(s: &Shared) -> Vec<Page> {
    let mut out = Vec::new();
    crate::render::kinds::pages::push_pages(
        s.dir,
        &s.route_html,
        &mut |path, template, section, title: &str, extra, record, agency, in_sitemap| {
            out.push(Page {
                path,
                template,
                section,
                title: title.to_owned(),
                extra,
                record,
                agency,
                in_sitemap,
            })
        },
    );
    out
}
