//! Reads `site.yaml`: the site's title, areas and settings.

use super::declare;
use super::fields::{Map, Reader};
use super::yaml::Node;
use crate::findings::Code;
use crate::model::{Area, Closure, FileId, Nation, Pos, Site, Spanned, Text, Visibility, hours};

/// Reads `site.yaml`; `None` if it is empty or not a mapping.
pub fn read(r: &mut Reader, root: Option<&Node>, file: FileId) -> Option<Site> {
    let Some(root) = root else {
        r.report(
            Code::MissingField,
            Pos { line: 1, column: 1 },
            "site.yaml is empty",
            Some(
                "site.yaml needs at least `title:` and `areas:` (a list of `id` and `name`)".into(),
            ),
        );
        return None;
    };
    let map = r.record(root, &declare::SITE)?;
    let title = r.req_text(
        &map,
        "title",
        "site.yaml",
        "add `title:` with the directory's name",
    );
    let areas = read_areas(r, &map);
    let base_url = read_base_url(r, &map);
    let default_visibility = r
        .opt_word(
            &map,
            "default_visibility",
            &["public", "internal"],
            |w| match w {
                "public" => Some(Visibility::Public),
                "internal" => Some(Visibility::Internal),
                _ => None,
            },
        )
        .map_or(Visibility::Internal, |v| v.value);
    let review_period_months = r
        .opt_int(&map, "review_period_months", 1, 120)
        .map_or(12, |n| n.value as u32);
    let language = r
        .opt_text(&map, "language")
        .map_or_else(|| "en-GB".to_owned(), |l| l.value.trim().to_owned());
    let theme = r.opt_text(&map, "theme");
    let bank_holidays = r
        .opt_word(&map, "bank_holidays", Nation::WORDS, Nation::from_word)
        .map_or(Nation::EnglandAndWales, |n| n.value);
    let extra_bank_holidays = r
        .list(&map, "extra_bank_holidays")
        .into_iter()
        .filter_map(|n| r.date(n, "extra_bank_holidays"))
        .collect();
    let closures = r
        .list(&map, "closures")
        .into_iter()
        .filter_map(|n| read_closure(r, n))
        .collect();
    Some(Site {
        file,
        title: title?,
        description: r.opt_text(&map, "description"),
        language,
        base_url,
        default_visibility,
        review_period_months,
        areas,
        theme,
        bank_holidays,
        extra_bank_holidays,
        closures,
        feedback: r.opt_reference(&map, "feedback"),
        hsds: r
            .opt_word(
                &map,
                "hsds",
                &["true", "false", "hsds", "oruk"],
                |w| match w {
                    "true" | "hsds" => Some(Some("hsds")),
                    "oruk" => Some(Some("oruk")),
                    "false" => Some(None),
                    _ => None,
                },
            )
            .and_then(|w| w.value),
    })
}

/// `areas:`, each with an id, a name and its nation's bank holidays.
fn read_areas(r: &mut Reader, map: &Map) -> Vec<Area> {
    let mut areas = Vec::new();
    for node in r.list(map, "areas") {
        let Some(m) = r.record(node, &declare::AREA) else {
            continue;
        };
        let id = r.id(&m, "id", "this area", "add `id:`, like `northshire`");
        let name = r.req_text(&m, "name", "this area", "add `name:`, like `Northshire`");
        let bank_holidays = r.opt_word(&m, "bank_holidays", Nation::WORDS, Nation::from_word);
        if let (Some(id), Some(name)) = (id, name) {
            areas.push(Area {
                id,
                name,
                bank_holidays,
            });
        }
    }
    if map.get("areas").is_none() {
        r.missing(
            map,
            "areas",
            "site.yaml",
            "add `areas:` with at least one `- id: … name: …`",
        );
    }
    areas
}

/// `base_url:`, if it is a web address.
fn read_base_url(r: &mut Reader, map: &Map) -> Option<Text> {
    r.opt_text(map, "base_url").filter(|u| {
        let ok = super::agency::is_web_url(u.value.trim());
        if !ok {
            r.report(
                Code::InvalidValue,
                u.loc.pos,
                format!("`base_url` should start with https://, found `{}`", u.value),
                None,
            );
        }
        ok
    })
}

/// One of `closures:`: a `date`, an optional `from` time and a `note`.
fn read_closure(r: &mut Reader, node: &Node) -> Option<Closure> {
    let map = r.record(node, &declare::CLOSURE)?;
    let date = match map.get("date") {
        Some(d) => r.date(d, "date"),
        None => {
            r.missing(
                &map,
                "date",
                "this closure",
                "add `date:` with the day offices are closed, like `2026-12-24`",
            );
            None
        }
    };
    let from = r.opt_text(&map, "from").and_then(|t| {
        match hours::parse_clock(t.value.trim(), false) {
            Ok(m) => Some(Spanned::new(m, t.loc)),
            Err(why) => {
                r.report(
                    Code::InvalidValue,
                    t.loc.pos,
                    format!("bad `from`: {why}"),
                    Some(
                        "write the time offices close, like `from: \"12:00\"`, or leave `from` out for the whole day"
                            .into(),
                    ),
                );
                None
            }
        }
    });
    Some(Closure {
        date: date?,
        from,
        note: r.opt_text(&map, "note"),
        loc: r.loc(node.pos),
    })
}
