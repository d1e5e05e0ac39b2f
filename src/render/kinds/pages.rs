//! The pages of agreements, meetings and pathways, pushed onto the site's
//! page list by `render::pages::list`, and what agency and need pages are
//! given to list them.

use minijinja::Value;
use minijinja::value::Serde;

use super::{KindsView, Related};
use crate::render::directory::{Directory, first_sentence};
use crate::render::pages::Record;
use crate::render::search::plain_text;

fn v<T: serde::Serialize>(x: &T) -> Value {
    Value::from(Serde(x))
}

/// The signature of `render::pages::list`'s `push`: path, template, section,
/// title, the page's own values, record, agency, whether in the sitemap.
pub trait Push:
    FnMut(String, &'static str, &'static str, &str, Value, Option<Record>, Option<String>, bool)
{
}
impl<
    F: FnMut(String, &'static str, &'static str, &str, Value, Option<Record>, Option<String>, bool),
> Push for F
{
}

/// Adds the index and record pages of the three kinds.
pub fn push_pages(dir: &Directory, route_html: &Value, push: &mut impl Push) {
    let k = &dir.kinds;
    let counts = minijinja::context! {
        agreements => k.agreements.len(),
        meetings => k.meetings.len(),
        pathways => k.pathways.len(),
    };
    push(
        "agreements/index.html".into(),
        "agreements.html",
        "agreements",
        "Agreements between agencies",
        minijinja::context! {
            groups => v(&super::agreements::by_kind(&k.agreements)),
            with_whom => v(&super::agreements::with_whom(&k.agreements)),
            counts => counts.clone(),
            description => "Information-sharing agreements, protocols and other written agreements between partner agencies, by kind, and who has one with whom.",
        },
        None,
        None,
        true,
    );
    for a in &k.agreements {
        push(
            format!("agreements/{}/index.html", a.id),
            "agreement.html",
            "agreements",
            &a.title,
            minijinja::context! {
                agreement => v(a),
                description => described(&a.purpose_html, &a.title),
            },
            None,
            None,
            true,
        );
    }
    push(
        "meetings/index.html".into(),
        "meetings.html",
        "meetings",
        "Multi-agency meetings and panels",
        minijinja::context! {
            meetings => v(&k.meetings),
            counts => counts.clone(),
            description => "The partnership's multi-agency meetings and panels: who chairs them, which cases come there and how to refer one.",
        },
        None,
        None,
        true,
    );
    for m in &k.meetings {
        push(
            format!("meetings/{}/index.html", m.id),
            "meeting.html",
            "meetings",
            &m.name,
            minijinja::context! {
                meeting => v(m),
                route_html => route_html.clone(),
                description => described(&m.purpose_html, &m.name),
            },
            None,
            None,
            true,
        );
    }
    push(
        "pathways/index.html".into(),
        "pathways.html",
        "pathways",
        "Pathways: what happens, step by step",
        minijinja::context! {
            pathways => v(&k.pathways),
            counts => counts,
            description => "What happens, step by step, across agencies: who does each step, how fast, and how to escalate a disagreement.",
        },
        None,
        None,
        true,
    );
    for p in &k.pathways {
        push(
            format!("pathways/{}/index.html", p.id),
            "pathway.html",
            "pathways",
            &p.title,
            minijinja::context! {
                pathway => v(p),
                route_html => route_html.clone(),
                description => p.summary.clone(),
            },
            None,
            None,
            true,
        );
    }
}

/// A page's meta description: the first sentence of its Markdown, else its name.
fn described(html: &str, name: &str) -> String {
    let first = first_sentence(&plain_text(html));
    if first.is_empty() {
        name.to_owned()
    } else {
        first
    }
}

/// What an agency's page is given: `kinds`, the agreements it is party to,
/// the meetings it chairs and attends and its pathways.
pub fn agency_values(kinds: &KindsView, agency: &str) -> Value {
    let related = super::for_agency(kinds, agency);
    minijinja::context! { kinds => related_value(&related) }
}

/// What a need's page is given: `kinds`, the agreements, panels and pathways for it.
pub fn topic_value(
    kinds: &KindsView,
    related: &std::collections::HashMap<String, std::collections::HashSet<String>>,
    topic: &str,
) -> Value {
    match related.get(topic) {
        Some(set) => related_value(&super::for_topic(kinds, set)),
        None => Value::from(()),
    }
}

fn related_value(r: &Related) -> Value {
    if r.is_empty() { Value::from(()) } else { v(r) }
}
