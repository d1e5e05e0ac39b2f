//! The pages of the site (the spec's table) and what each template is given.
//!
//! Every page gets `site`, `root` (the relative path to the site's root, like
//! `../../`), `path` (its own path) and `section` (for the menu), plus its own
//! data. Big shared values (the agency list, the topics) are converted to
//! template values once and shared by every page that shows them.

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::Serde;
use rayon::prelude::*;

mod kinds;

use super::directory::{Directory, PageView};
use super::lazy::Lazy;
use super::report::ReportGroup;

/// One page to render.
pub(crate) struct Job {
    pub path: String,
    pub template: &'static str,
    context: Context,
    /// The agency whose meanings win in glossary clashes on this page.
    pub agency: Option<String>,
    pub in_sitemap: bool,
}

/// What a page's template is given, or how to make it when the page is
/// rendered.
enum Context {
    Made(Value),
    /// The page of the agency at this position in `Directory::agencies`:
    /// its whole value is made when the page is rendered, so that thousands
    /// of agency pages' values never sit in memory at once (at 100,000
    /// agencies they held about 430 MiB while the site was written).
    Agency(Arc<Frame>, usize),
}

/// A record that one page shows, by its position in the directory.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Record {
    /// `agency`, from `Directory::agencies`.
    Agency(usize),
}

impl Job {
    /// `../` once per folder between the page and the site's root.
    pub(crate) fn root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
    }

    /// The paths of the pages the sitemap lists, in the pages' order.
    pub(crate) fn sitemap(jobs: &[Job]) -> Vec<String> {
        (jobs.iter())
            .filter(|j| j.in_sitemap)
            .map(|j| j.path.clone())
            .collect()
    }

    /// Whether this is an agency's page (which shows no route cards).
    pub(crate) fn of_agency(&self) -> bool {
        matches!(self.context, Context::Agency(..))
    }

    /// The template's whole context.
    pub(crate) fn full_context(&self, dir: &Directory) -> Value {
        match &self.context {
            Context::Made(context) => context.clone(),
            Context::Agency(frame, i) => {
                let agency = dir.agencies.get(*i).map(v);
                let context = (kinds::agency_page(dir, *i))
                    .map(|page| frame.context(&page))
                    .unwrap_or_default();
                minijinja::context! { agency => agency, ..context }
            }
        }
    }
}

fn v<T: serde::Serialize>(x: &T) -> Value {
    Value::from(Serde(x))
}

/// The most free pages the footer of every page links to; `pages/index.html`
/// lists them all.
pub(crate) const FOOTER_PAGES: usize = 8;

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
fn page_description(p: &PageView) -> String {
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
pub(crate) const FINDER_ROUTE_LIMIT: usize = 2_000;

/// Whether the route finder lists needs rather than every route.
fn finder_by_need(dir: &Directory) -> bool {
    dir.agencies.iter().map(|a| a.contacts.len()).sum::<usize>() > FINDER_ROUTE_LIMIT
}

/// Where a route's card, rendered once, has the page's way to the root: a
/// `<` never comes out of escaped text, so nothing an editor wrote is one.
const ROOT_MARK: &str = "<joinedup-root>";

/// Routes' cards rendered by an earlier build, by a digest of what each was
/// rendered from (the route's value, the theme's templates and whether it
/// lists topics), so `serve` renders again only the cards that changed.
#[derive(Default)]
pub(crate) struct RouteCards(std::collections::HashMap<u128, Value>);

/// Renders every route's short card once (`route-line.html`), keyed by the
/// route's reference (`agency/route`), as markup whose links each page makes
/// relative to itself. With `cards`, reuses the cards whose inputs are the
/// same as last time and keeps this build's for the next.
pub(crate) fn route_lines(
    dir: &Directory,
    env: &minijinja::Environment<'static>,
    cards: Option<&mut RouteCards>,
) -> Result<Value, String> {
    let template = env
        .get_template("route-line.html")
        .map_err(|e| super::theme::describe(&e))?;
    let root = Value::from_safe_string(ROOT_MARK.to_owned());
    // Only the finder filters by need; it lists tagged routes only when it lists all.
    let with_topics = !finder_by_need(dir);
    let before = cards.as_deref().map(|c| &c.0);
    // Every template, not only route-line.html: it imports the macros, and a
    // theme's edit to them must show on the next rebuild.
    let theme = before.map_or(0, |_| templates_digest(env));
    let routes: Vec<((u128, usize), &super::views::ContactView)> = (dir.agencies.iter())
        .flat_map(|a| (a.contacts.iter().enumerate()).map(move |(i, c)| ((a.made_from, i), c)))
        .collect();
    let rendered: Result<Vec<(String, u128, Value)>, String> = routes
        .par_iter()
        // `route-line.html` is evaluated (its macros imported) once for each
        // thread's share of the routes, and its `line` macro called per route.
        .map_init(
            || template.render_captured(minijinja::context! {}),
            |state, &(made_from, c)| {
                let digest = before.map_or(0, |_| card_digest(made_from, c, theme, with_topics));
                if let Some(card) = before.and_then(|b| b.get(&digest)) {
                    return Ok((c.key.clone(), digest, card.clone()));
                }
                let fail = |e: &minijinja::Error| {
                    format!(
                        "cannot render route {} with route-line.html: {}",
                        c.key,
                        super::theme::describe(e)
                    )
                };
                // A theme's own route-line.html from before it was a macro
                // renders a route at its top level: say what it needs now.
                let hint = |e: String| format!("{e} ({LINE_MACRO})");
                let captured = state.as_mut().map_err(|e| hint(fail(e)))?;
                let args = [v(c), root.clone(), Value::from(with_topics)];
                let html = (captured.with_state_mut(|s| s.call_macro("line", &args))).map_err(
                    |e| match e.kind() {
                        minijinja::ErrorKind::UnknownFunction => hint(fail(&e)),
                        _ => fail(&e),
                    },
                )?;
                let markup = super::markup::Markup::with_root_marks(&html, ROOT_MARK);
                Ok((c.key.clone(), digest, v(&markup)))
            },
        )
        .collect();
    let rendered = rendered?;
    if let Some(cards) = cards {
        cards.0 = (rendered.iter())
            .map(|(_, digest, card)| (*digest, card.clone()))
            .collect();
    }
    let map: std::collections::BTreeMap<String, Value> = (rendered.into_iter())
        .map(|(key, _, card)| (key, card))
        .collect();
    Ok(Value::from(map))
}

/// What a theme's `route-line.html` has to define, for an error that
/// finds it missing.
const LINE_MACRO: &str = "route-line.html defines the macro that renders one route's line, \
     `{% macro line(c, root, with_topics) %}…{% endmacro %}`, and renders nothing itself: \
     see themes/default/templates/route-line.html";

/// Routes' cards (`route_html` in templates: a card by its route's key)
/// filled once rendered ([`route_lines`]). A plain build lists the pages
/// before the cards are made, and makes them only once the agencies' pages
/// and the exports are written and the loaded content freed: at 100,000
/// agencies the cards hold about half a GiB.
#[derive(Debug, Default)]
pub(crate) struct Cards(std::sync::OnceLock<Value>);

impl minijinja::value::Object for Cards {
    fn repr(self: &Arc<Self>) -> minijinja::value::ObjectRepr {
        minijinja::value::ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let card = self.0.get()?.get_item(key).ok()?;
        (!card.is_undefined()).then_some(card)
    }
}

impl Cards {
    /// Cards to be filled, and the value pages are given for them.
    pub(crate) fn later() -> (Arc<Cards>, Value) {
        let cards = Arc::new(Cards::default());
        let value = Value::from_dyn_object(minijinja::value::DynObject::new(cards.clone()));
        (cards, value)
    }

    /// Fills the cards with [`route_lines`]'s (once: later fills are ignored).
    pub(crate) fn fill(&self, cards: Value) {
        let _ = self.0.set(cards);
    }
}

/// A digest of every template's name and source, in name order.
fn templates_digest(env: &minijinja::Environment<'static>) -> u128 {
    let mut all: Vec<(&str, u128)> = (env.templates())
        .map(|(name, t)| (name, super::digest::of(t.source().as_bytes())))
        .collect();
    all.sort_unstable();
    let mut d = super::digest::Digest::new();
    for (name, source) in all {
        d.add(name.as_bytes());
        d.add(&[0]);
        d.add(&source.to_le_bytes());
    }
    d.finish()
}

/// A digest of what a route's card is rendered from (`theme`: the
/// templates' digest). A route of an agency view whose inputs are known
/// (`made_from`, not 0) is the same route when they are: its digest is of
/// them and the route's place in the view, not of every field.
fn card_digest(
    (made_from, i): (u128, usize),
    c: &super::views::ContactView,
    theme: u128,
    with_topics: bool,
) -> u128 {
    let mut d = super::digest::Digest::new();
    d.add(&theme.to_le_bytes());
    d.add(&[u8::from(with_topics)]);
    if made_from != 0 {
        d.add(&made_from.to_le_bytes());
        d.add(&i.to_le_bytes());
        d.add(c.key.as_bytes());
        return d.finish();
    }
    // A value that cannot be written out is never reused: its digest is its own.
    if serde_json::to_writer(&mut d, c).is_err() {
        d.add(c.key.as_bytes());
        d.add(&fastrand::u64(..).to_le_bytes());
    }
    d.finish()
}

/// One page kind: a name (for reading the list) and what lists its pages.
type Kind = (&'static str, fn(&Shared) -> Vec<Page>);

/// Every kind of page, in the order the site lists them (and the sitemap).
const KINDS: &[Kind] = &[
    ("home", kinds::home),
    ("agencies A to Z", kinds::agencies),
    ("agency", kinds::agency),
    ("needs", kinds::topics),
    ("need", kinds::topic),
    ("who does what", kinds::matrix),
    ("route finder", kinds::contacts),
    ("glossary", kinds::glossary),
    ("shadowing offers", kinds::shadowing),
    ("shadowing offer", kinds::offer),
    ("induction path", kinds::induction),
    ("free page", kinds::free_page),
    ("all pages", kinds::all_pages),
    ("search", kinds::search),
    ("content report", kinds::report),
    (
        "agreements, meetings and pathways",
        kinds::agreements_meetings_pathways,
    ),
    ("not found", kinds::not_found),
];

/// What one page kind says about one of its pages; `Shared::job` adds what
/// every page gets.
struct Page {
    path: String,
    template: &'static str,
    section: &'static str,
    title: String,
    extra: Value,
    record: Option<Record>,
    agency: Option<String>,
    in_sitemap: bool,
}

impl Page {
    /// A page in the sitemap, with no record and no agency.
    fn new(
        path: impl Into<String>,
        template: &'static str,
        section: &'static str,
        title: impl Into<String>,
        extra: Value,
    ) -> Page {
        Page {
            path: path.into(),
            template,
            section,
            title: title.into(),
            extra,
            record: None,
            agency: None,
            in_sitemap: true,
        }
    }
}

/// What many pages show, converted to template values once (the needs,
/// offers and free pages as [`Lazy`] views, converted field by field as
/// templates read them).
struct Shared<'d> {
    dir: &'d Directory,
    shared_dir: &'d Arc<Directory>,
    report: Option<&'d [ReportGroup]>,
    route_html: Value,
    frame: Arc<Frame>,
    /// Each agency's card, with its matrix heading.
    agencies: Vec<Value>,
    all_agencies: Value,
    topics: Vec<Value>,
    all_topics: Value,
    offers: Vec<Value>,
    agency_types: Value,
    /// The induction path's pages, in order.
    induction: Vec<&'d PageView>,
    induction_value: Value,
}

impl<'d> Shared<'d> {
    fn new(
        shared_dir: &'d Arc<Directory>,
        report: Option<&'d [ReportGroup]>,
        route_html: Value,
    ) -> Self {
        let dir: &Directory = shared_dir;
        let agencies = agency_cards(dir);
        let topics: Vec<Value> = (0..dir.topics.len())
            .map(|i| Lazy::value(shared_dir, |d, i| d.topics.get(i), i))
            .collect();
        let mut induction: Vec<&PageView> =
            dir.pages.iter().filter(|p| p.induction.is_some()).collect();
        induction.sort_by_key(|p| (p.induction, p.title.clone()));
        Shared {
            dir,
            shared_dir,
            report,
            route_html,
            frame: Arc::new(Frame::new(dir)),
            all_agencies: Value::from(agencies.clone()),
            agencies,
            all_topics: Value::from(topics.clone()),
            topics,
            offers: (0..dir.offers.len())
                .map(|i| Lazy::value(shared_dir, |d, i| d.offers.get(i), i))
                .collect(),
            agency_types: v(&dir.agency_types),
            induction_value: Value::from(
                (induction.iter())
                    .map(|p| page_value(shared_dir, p))
                    .collect::<Vec<_>>(),
            ),
            induction,
        }
    }
}

/// What every page gets of the directory, converted to template values once.
struct Frame {
    site: Value,
    calendar: Value,
    menu_pages: Value,
    more_pages: bool,
}

impl Frame {
    fn new(dir: &Directory) -> Frame {
        // The footer links the first few pages (by `order`, then title) and the
        // index of all of them: linking every page from every page made the
        // output grow with the square of their number.
        let footer_pages: Vec<&PageView> =
            dir.pages.iter().filter(|p| p.induction.is_none()).collect();
        let menu_pages = (footer_pages.iter().take(FOOTER_PAGES))
            .map(|p| minijinja::context! { url => p.url.clone(), title => p.title.clone() })
            .collect::<Vec<_>>();
        Frame {
            site: v(&dir.site),
            calendar: v(&dir.calendar),
            menu_pages: Value::from(menu_pages),
            more_pages: footer_pages.len() > FOOTER_PAGES,
        }
    }

    /// The page's job: its own values and what every page gets (an
    /// agency's page: made when it is rendered).
    fn job(self: &Arc<Self>, page: Page) -> Job {
        let context = match page.record {
            Some(Record::Agency(i)) => Context::Agency(Arc::clone(self), i),
            None => Context::Made(self.context(&page)),
        };
        Job {
            path: page.path,
            template: page.template,
            context,
            agency: page.agency,
            in_sitemap: page.in_sitemap,
        }
    }

    /// The page's own values and what every page gets.
    fn context(&self, page: &Page) -> Value {
        let depth = page.path.matches('/').count();
        minijinja::context! {
            site => self.site.clone(),
            calendar => self.calendar.clone(),
            root => "../".repeat(depth),
            path => page.path.clone(),
            section => page.section,
            title => page.title.clone(),
            menu_pages => self.menu_pages.clone(),
            more_pages => self.more_pages,
            ..page.extra.clone()
        }
    }
}

/// A free page's value (`p` is one of `dir.pages`), read field by field.
fn page_value(dir: &Arc<Directory>, p: &PageView) -> Value {
    let i = dir
        .pages
        .iter()
        .position(|q| q.id == p.id)
        .unwrap_or(usize::MAX);
    Lazy::value(dir, |d, i| d.pages.get(i), i)
}

/// Each agency's card for lists and the matrix. A column of the matrix is
/// headed by the agency's abbreviation only when no other agency has the
/// same one (two "PCN"s are headed by name).
fn agency_cards(dir: &Directory) -> Vec<Value> {
    let mut abbreviations: std::collections::HashMap<&str, usize> = Default::default();
    for a in &dir.agencies {
        if let Some(ab) = a.abbreviation.as_deref() {
            *abbreviations.entry(ab.trim()).or_default() += 1;
        }
    }
    (dir.agencies.par_iter())
        .map(|a| {
            let short =
                (a.abbreviation.as_deref()).filter(|ab| abbreviations.get(ab.trim()) == Some(&1));
            minijinja::context! { short => short, ..v(&a.card()) }
        })
        .collect()
}

/// Lists every page of the site, kind by kind (`KINDS`).
pub(crate) fn list(
    dir: &Arc<Directory>,
    report: Option<&[ReportGroup]>,
    route_html: Value,
    stopped: &dyn Fn() -> bool,
) -> Vec<Job> {
    let shared = Shared::new(dir, report, route_html);
    let mut jobs = Vec::new();
    for (_, kind) in KINDS {
        // Stopped part-way for a newer save: the build stops too.
        if stopped() {
            break;
        }
        jobs.extend(kind(&shared).into_iter().map(|page| shared.frame.job(page)));
    }
    jobs
}

/// The jobs of the agencies' pages at `paths` (like `agencies/x/index.html`),
/// the same as [`list`] makes them; none when one of `paths` is not the page
/// of an agency in `dir`.
pub(crate) fn agency_jobs(dir: &Directory, paths: &[String]) -> Option<Vec<Job>> {
    let frame = Arc::new(Frame::new(dir));
    (paths.iter())
        .map(|path| {
            let id = path
                .strip_prefix("agencies/")?
                .strip_suffix("/index.html")?;
            let i = dir.agencies.iter().position(|a| a.id == id)?;
            Some(frame.job(kinds::agency_page(dir, i)?))
        })
        .collect()
}
