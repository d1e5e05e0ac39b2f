//! Reads `site.yaml`: the site's title, areas and settings.

use super::fields::Reader;
use super::yaml::Node;
use crate::findings::Code;
use crate::model::{Area, FileId, Pos, Site, Visibility};

const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "language",
    "base_url",
    "default_visibility",
    "review_period_months",
    "areas",
    "theme",
];
const AREA_KEYS: &[&str] = &["id", "name"];

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
    let map = r.map(root, "site.yaml", SITE_KEYS)?;
    let title = r.req_text(
        &map,
        "title",
        "site.yaml",
        "add `title:` with the directory's name",
    );
    let mut areas = Vec::new();
    for node in r.list(&map, "areas") {
        let Some(m) = r.map(node, "an area", AREA_KEYS) else {
            continue;
        };
        let id = r.id(&m, "id", "this area", "add `id:`, like `northshire`");
        let name = r.req_text(&m, "name", "this area", "add `name:`, like `Northshire`");
        if let (Some(id), Some(name)) = (id, name) {
            areas.push(Area { id, name });
        }
    }
    if map.get("areas").is_none() {
        r.missing(
            &map,
            "areas",
            "site.yaml",
            "add `areas:` with at least one `- id: … name: …`",
        );
    }
    let base_url = r.opt_text(&map, "base_url").filter(|u| {
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
    });
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
    })
}
