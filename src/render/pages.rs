//! The pages of the site (the spec's table) and what each template is given.
//!
//! Every page gets `site`, `root` (the relative path to the site's root, like
//! `../../`), `path` (its own path) and `section` (for the menu), plus its own
//! data. Big shared values (the agency list, the topics) are converted to
//! template values once and shared by every page that shows them.

use minijinja::Value;
use minijinja::value::Serde;
use rayon::prelude::*;

use super::directory::{ContactView, Directory};
use super::report::ReportGroup;

/// One page to render.
pub struct Job {
    pub path: String,
    pub template: &'static str,
    /// What the template is given, except a record converted when the page is
    /// rendered (so thousands of agency values never sit in memory at once).
    pub context: Value,
    pub record: Option<Record>,
    /// The agency whose meanings win in glossary clashes on this page.
    pub agency: Option<String>,
    pub in_sitemap: bool,
}

/// A record that one page shows, by its position in the directory.
#[derive(Debug, Clone, Copy)]
pub enum Record {
    /// `agency`, from `Directory::agencies`.
    Agency(usize),
}

impl Job {
    /// `../` once per folder between the page and the site's root.
    pub fn root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
    }

    /// The template's whole context.
    pub fn full_context(&self, dir: &Directory) -> Value {
        match self.record {
            None => self.context.clone(),
            Some(Record::Agency(i)) => {
                let agency = dir.agencies.get(i).map(v);
                minijinja::context! { agency => agency, ..self.context.clone() }
            }
        }
    }
}

fn v<T: serde::Serialize>(x: &T) -> Value {
    Value::from(Serde(x))
}

/// The most free pages the footer of every page links to; `pages/index.html`
/// lists them all.
pub const FOOTER_PAGES: usize = 8;

const MATRIX_DESCRIPTION: &str =
    "The part each agency plays in each need: who leads, shares the lead, supports and signposts.";

/// The path of the site's address (`/partners/` for
/// `https://example.org/partners/`), ending in `/`.
fn base_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("/");
    if path.ends_with('/') {
        path.to_owned()
    } else {
        format!("{path}/")
    }
}

/// A free page's meta description: its body's first sentence, else its title.
fn page_description(p: &super::directory::PageView) -> String {
    let first = super::directory::first_sentence(&super::search::plain_text(&p.html));
    if first.is_empty() {
        p.title.clone()
    } else {
        first
    }
}

/// The choices of the shadowing offers' "open to" filter: (id, words), A to Z.
fn open_to_choices(dir: &Directory) -> Vec<(String, String)> {
    let mut choices: Vec<(String, String)> = dir
        .offers
        .iter()
        .flat_map(|o| o.open_to.iter().zip(&o.open_to_ids))
        .filter(|(w, _)| !w.trim().to_lowercase().starts_with("anyone"))
        .map(|(w, id)| (id.clone(), w.trim().to_owned()))
        .collect();
    choices.sort();
    choices.dedup_by(|a, b| a.0 == b.0);
    choices
}

/// The most routes the route finder lists on its own page; above this it lists
/// the needs, each of whose pages lists its routes with the same filters (at
/// 2,000 agencies the single page was 7.7 MB, too much for a phone).
pub const FINDER_ROUTE_LIMIT: usize = 2_000;

/// Whether the route finder lists needs rather than every route.
fn finder_by_need(dir: &Directory) -> bool {
    dir.agencies.iter().map(|a| a.contacts.len()).sum::<usize>() > FINDER_ROUTE_LIMIT
}

/// Renders every route's short card once (`route-line.html`), with the
/// site-root mark for links, keyed by the route's reference (`agency/route`).
pub fn route_lines(
    dir: &Directory,
    env: &minijinja::Environment<'static>,
) -> Result<Value, String> {
    let template = env
        .get_template("route-line.html")
        .map_err(|e| super::theme::describe(&e))?;
    let root = super::markdown::ROOT_MARK.to_string();
    // Only the finder filters by need; it lists tagged routes only when it lists all.
    let with_topics = !finder_by_need(dir);
    let rendered: Result<Vec<(String, Value)>, String> = dir
        .agencies
        .par_iter()
        .flat_map(|a| a.contacts.par_iter())
        .map(|c| {
            let html = template
                .render(minijinja::context! { c => v(c), root => root.clone(), with_topics })
                .map_err(|e| {
                    format!(
                        "cannot render route {} with route-line.html: {}",
                        c.key,
                        super::theme::describe(&e)
                    )
                })?;
            Ok((c.key.clone(), Value::from_safe_string(html)))
        })
        .collect();
    let map: std::collections::BTreeMap<String, Value> = rendered?.into_iter().collect();
    Ok(Value::from(map))
}

/// Lists every page of the site.
pub fn list(dir: &Directory, report: Option<&[ReportGroup]>, route_html: Value) -> Vec<Job> {
    let site = v(&dir.site);
    let calendar = v(&dir.calendar);
    // A column of the matrix is headed by the agency's abbreviation only when
    // no other agency has the same one (two "PCN"s are headed by name).
    let mut abbreviations: std::collections::HashMap<&str, usize> = Default::default();
    for a in &dir.agencies {
        if let Some(ab) = a.abbreviation.as_deref() {
            *abbreviations.entry(ab.trim()).or_default() += 1;
        }
    }
    let agencies: Vec<Value> = dir
        .agencies
        .par_iter()
        .map(|a| {
            let short = a
                .abbreviation
                .as_deref()
                .filter(|ab| abbreviations.get(ab.trim()) == Some(&1));
            minijinja::context! { short => short, ..v(&a.card()) }
        })
        .collect();
    let topics: Vec<Value> = dir.topics.par_iter().map(v).collect();
    let offers: Vec<Value> = dir.offers.par_iter().map(v).collect();
    let all_agencies = Value::from(agencies.clone());
    let all_topics = Value::from(topics.clone());
    let all_offers = Value::from(offers.clone());
    let agency_types = v(&dir.agency_types);
    let mut induction: Vec<&super::directory::PageView> =
        dir.pages.iter().filter(|p| p.induction.is_some()).collect();
    induction.sort_by_key(|p| (p.induction, p.title.clone()));
    let induction_value = Value::from(induction.iter().map(|p| v(*p)).collect::<Vec<_>>());
    // The footer links the first few pages (by `order`, then title) and the
    // index of all of them: linking every page from every page made the
    // output grow with the square of their number.
    let footer_pages: Vec<&super::directory::PageView> =
        dir.pages.iter().filter(|p| p.induction.is_none()).collect();
    let menu_pages = Value::from(
        footer_pages
            .iter()
            .take(FOOTER_PAGES)
            .map(|p| minijinja::context! { url => p.url.clone(), title => p.title.clone() })
            .collect::<Vec<_>>(),
    );
    let more_pages = footer_pages.len() > FOOTER_PAGES;
    let all_pages = Value::from(
        dir.pages
            .iter()
            .map(|p| minijinja::context! { url => p.url.clone(), title => p.title.clone(), induction => p.induction })
            .collect::<Vec<_>>(),
    );

    // The 404 page finds the site's root from where it is served: the first
    // of these folders in its address follows the root.
    let mut top: Vec<String> = crate::load::page::RESERVED
        .iter()
        .map(|s| (*s).to_owned())
        .chain(dir.pages.iter().map(|p| p.id.clone()))
        .collect();
    top.sort();
    top.dedup();

    let mut jobs = Vec::new();
    let mut push = |path: String,
                    template: &'static str,
                    section: &str,
                    title: &str,
                    extra: Value,
                    record: Option<Record>,
                    agency: Option<String>,
                    in_sitemap: bool| {
        let depth = path.matches('/').count();
        let context = minijinja::context! {
            site => site.clone(),
            calendar => calendar.clone(),
            root => "../".repeat(depth),
            path => path.clone(),
            section => section,
            title => title,
            menu_pages => menu_pages.clone(),
            more_pages => more_pages,
            ..extra
        };
        jobs.push(Job {
            path,
            template,
            context,
            record,
            agency,
            in_sitemap,
        });
    };

    let open_offers: Vec<Value> = dir
        .offers
        .iter()
        .filter(|o| !o.closed)
        .take(6)
        .map(v)
        .collect();
    push(
        "index.html".into(),
        "index.html",
        "home",
        &dir.site.title,
        minijinja::context! { topics => all_topics.clone(), agency_types => agency_types.clone(), offers => open_offers, induction => induction_value.clone(), agency_count => dir.agencies.len() },
        None,
        None,
        true,
    );
    push(
        "agencies/index.html".into(),
        "agencies.html",
        "agencies",
        "Agencies A to Z",
        minijinja::context! { agencies => all_agencies.clone(), agency_types => agency_types.clone(), description => "Every agency in the partnership, A to Z, with what it does, filterable by type and area." },
        None,
        None,
        true,
    );
    for (i, a) in dir.agencies.iter().enumerate() {
        push(
            format!("agencies/{}/index.html", a.id),
            "agency.html",
            "agencies",
            &a.name,
            super::kinds::pages::agency_values(&dir.kinds, &a.id),
            Some(Record::Agency(i)),
            Some(a.id.clone()),
            true,
        );
    }
    push(
        "topics/index.html".into(),
        "topics.html",
        "topics",
        "Needs and topics",
        minijinja::context! { topics => all_topics.clone(), description => "The needs people bring, and who leads on each." },
        None,
        None,
        true,
    );
    let related = super::kinds::related_topics(dir);
    for (t, value) in dir.topics.iter().zip(&topics) {
        push(
            format!("topics/{}/index.html", t.id),
            "topic.html",
            "topics",
            &t.name,
            minijinja::context! { topic => value.clone(), route_html => route_html.clone(), kinds => super::kinds::pages::topic_value(&dir.kinds, &related, &t.id), description => if t.summary.is_empty() { format!("Who to contact about: {}.", t.name) } else { t.summary.clone() } },
            None,
            None,
            true,
        );
    }
    match super::matrix::split(dir) {
        None => push(
            "who-does-what/index.html".into(),
            "who-does-what.html",
            "who-does-what",
            "Who does what",
            minijinja::context! { topics => all_topics.clone(), agencies => all_agencies.clone(), description => MATRIX_DESCRIPTION },
            None,
            None,
            true,
        ),
        Some(parts) => {
            let summary = super::matrix::summary(dir, &parts);
            let firsts: Vec<&super::matrix::Part> =
                parts.iter().filter(|p| p.number == 1).collect();
            push(
                "who-does-what/index.html".into(),
                "who-does-what.html",
                "who-does-what",
                "Who does what",
                minijinja::context! {
                    topics => all_topics.clone(),
                    summary => v(&summary),
                    types => v(&firsts),
                    parts => v(&parts),
                    agency_count => dir.agencies.len(),
                    description => MATRIX_DESCRIPTION,
                },
                None,
                None,
                true,
            );
            let siblings = |p: &super::matrix::Part| {
                v(&parts
                    .iter()
                    .filter(|q| q.type_id == p.type_id)
                    .collect::<Vec<_>>())
            };
            for part in &parts {
                let agencies: Vec<Value> = part
                    .agencies
                    .iter()
                    .filter_map(|&i| agencies.get(i).cloned())
                    .collect();
                let title = if part.of > 1 {
                    format!(
                        "Who does what: {} ({} of {})",
                        part.type_label, part.number, part.of
                    )
                } else {
                    format!("Who does what: {}", part.type_label)
                };
                push(
                    part.path.clone(),
                    "who-does-what-type.html",
                    "who-does-what",
                    &title,
                    minijinja::context! {
                        part => v(part),
                        siblings => siblings(part),
                        rows => v(&super::matrix::rows(&dir.topics, part)),
                        agencies => agencies,
                        description => format!("The part each agency of type {} plays in each need.", part.type_label),
                    },
                    None,
                    None,
                    true,
                );
            }
        }
    }
    let mut routes: Vec<&ContactView> = dir
        .agencies
        .iter()
        .flat_map(|a| a.contacts.iter())
        .collect();
    routes.sort_by(|a, b| a.order().cmp(&b.order()));
    // A big directory's finder sends people to each need's routes rather than
    // making every visitor load them all; it still lists routes with no need.
    let total = routes.len();
    let by_need = finder_by_need(dir);
    let route_keys: Vec<String> = routes
        .iter()
        .filter(|c| !by_need || c.topics.is_empty())
        .map(|c| c.key.clone())
        .collect();
    push(
        "contacts/index.html".into(),
        "contacts.html",
        "contacts",
        "Find a contact route",
        minijinja::context! {
            description => "Every contact route by need and urgency, with hours, whether each is open now, and where to go when it is closed.",
            routes => route_keys,
            total => total,
            by_need => by_need,
            topics => all_topics.clone(),
            route_html => route_html.clone(),
        },
        None,
        None,
        true,
    );
    let letters: Vec<String> = {
        let mut l: Vec<String> = dir.glossary.iter().map(|t| t.letter.clone()).collect();
        l.dedup();
        l
    };
    push(
        "glossary/index.html".into(),
        "glossary.html",
        "glossary",
        "Glossary",
        minijinja::context! { terms => v(&dir.glossary), clashes => v(&dir.clashes), letters => letters, description => "The words and abbreviations partner agencies use, A to Z, with every meaning of an abbreviation side by side." },
        None,
        None,
        true,
    );
    push(
        "shadowing/index.html".into(),
        "shadowing.html",
        "shadowing",
        "Shadowing offers",
        minijinja::context! { offers => all_offers.clone(), open_to => v(&open_to_choices(dir)), description => "Offers to spend time with a partner agency's team, open offers first." },
        None,
        None,
        true,
    );
    for (o, value) in dir.offers.iter().zip(&offers) {
        push(
            format!("shadowing/{}/index.html", o.id),
            "offer.html",
            "shadowing",
            &o.title,
            minijinja::context! { offer => value.clone(), description => format!("{}: {}", o.agency.name, super::directory::first_sentence(&super::search::plain_text(&o.description_html))) },
            None,
            Some(o.agency.id.clone()),
            true,
        );
    }
    push(
        "induction/index.html".into(),
        "induction.html",
        "induction",
        "Induction",
        minijinja::context! { pages => induction_value.clone(), description => "The induction path for new starters, in order, printable in one go." },
        None,
        None,
        true,
    );
    for p in &dir.pages {
        let position = induction.iter().position(|x| x.id == p.id);
        let prev = position
            .and_then(|i| i.checked_sub(1))
            .and_then(|i| induction.get(i))
            .map(|x| v(*x));
        let next = position.and_then(|i| induction.get(i + 1)).map(|x| v(*x));
        let section = if position.is_some() {
            "induction"
        } else {
            "pages"
        };
        push(
            format!("{}/index.html", p.id),
            "page.html",
            section,
            &p.title,
            minijinja::context! { page => v(p), prev => prev, next => next, step => position.map(|i| i + 1), steps => induction.len(), description => page_description(p) },
            None,
            None,
            true,
        );
    }
    push(
        "pages/index.html".into(),
        "pages.html",
        "pages",
        "All pages",
        minijinja::context! { pages => all_pages, description => "Every page of guidance in the directory, A to Z." },
        None,
        None,
        true,
    );
    push(
        "search/index.html".into(),
        "search.html",
        "search",
        "Search",
        minijinja::context! { description => "Search the directory for a service, a need or an abbreviation." },
        None,
        None,
        false,
    );
    if let Some(groups) = report {
        let errors: usize = groups
            .iter()
            .filter(|g| g.severity == crate::findings::Severity::Error)
            .map(|g| g.items.len())
            .sum();
        let warnings: usize = groups
            .iter()
            .filter(|g| g.severity == crate::findings::Severity::Warning)
            .map(|g| g.items.len())
            .sum();
        push(
            "report/index.html".into(),
            "report.html",
            "report",
            "Content report",
            minijinja::context! { groups => v(&groups), errors => errors, warnings => warnings, description => "What the content says about itself: gaps, overlaps, referral loops, routes with no out-of-hours cover and entries due for review." },
            None,
            None,
            false,
        );
    }
    super::kinds::pages::push_pages(dir, &route_html, &mut push);
    push(
        "404.html".into(),
        "404.html",
        "none",
        "Page not found",
        minijinja::context! {
            description => "This page is not in the directory.",
            base_path => dir.site.base_url.as_deref().map(base_path),
            top_folders => top,
        },
        None,
        None,
        false,
    );
    jobs
}
