//! The who-does-what matrix when a directory is too big for one table. Up to
//! [`MATRIX_AGENCY_LIMIT`] agencies the matrix is one table of needs against
//! agencies. Above it, the matrix's page shows needs against types of agency
//! (how many of each type lead, share, support or signpost), and each type has
//! its own page with the full table for its agencies, in parts of at most the
//! limit. This module decides which agencies each page holds and counts the
//! summary; the templates lay them out.

use std::sync::Arc;

use minijinja::Value;
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde};
use serde::Serialize;

use super::directory::Directory;
use super::views::TopicView;

/// The most agencies (columns) one matrix table holds. At 2,000 agencies the
/// single table had 160,000 cells (2.4 MB) and took Chromium 2.5 s to lay out on
/// a desktop; a phone is slower still.
pub(crate) const MATRIX_AGENCY_LIMIT: usize = 150;

/// One page of the matrix: some agencies of one type.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Part {
    pub type_id: &'static str,
    pub type_label: &'static str,
    /// How many agencies of the type there are, in all its parts.
    pub type_count: usize,
    /// 1-based; `of` parts in all for this type.
    pub number: usize,
    pub of: usize,
    /// The page's path from the site's root.
    pub path: String,
    /// The same from the matrix's own folder (`who-does-what/`).
    pub href: String,
    /// Positions in `Directory::agencies`, in its order.
    #[serde(skip)]
    pub agencies: Vec<usize>,
    /// How many agencies the part holds.
    pub size: usize,
    /// The first and last agency's names, to tell parts apart.
    pub first: String,
    pub last: String,
}

/// A summary cell: how many agencies of one type play each part in one need,
/// and the page that shows them, from the matrix's folder (none when no agency
/// of the type does).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Count {
    pub lead: usize,
    pub joint: usize,
    pub support: usize,
    pub signpost: usize,
    /// The counts as the table shows them: `L2 S5` (two lead, five support).
    pub text: String,
    pub href: Option<String>,
}

/// One need's row of a part's table: the need, and one role word per agency of
/// the part ("" for none).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub name: &'a str,
    pub gap: bool,
    pub overlap: bool,
    pub cells: Vec<&'static str>,
}

/// The matrix's pages when the directory has more agencies than one table
/// holds; `None` when one table holds them all.
pub(crate) fn split(dir: &Directory) -> Option<Vec<Part>> {
    if dir.agencies.len() <= MATRIX_AGENCY_LIMIT {
        return None;
    }
    let types: Vec<&'static str> = dir.agencies.iter().map(|a| a.type_id).collect();
    let mut parts = Vec::new();
    for t in &dir.agency_types {
        for (number, chunk, of) in chunks(&types, t.id, MATRIX_AGENCY_LIMIT) {
            let name = |i: Option<&usize>| {
                i.and_then(|&i| dir.agencies.get(i))
                    .map_or_else(String::new, |a| a.name.clone())
            };
            parts.push(Part {
                type_id: t.id,
                type_label: t.label,
                type_count: t.count,
                number,
                of,
                path: part_path(t.id, number),
                href: part_href(t.id, number),
                first: name(chunk.first()),
                last: name(chunk.last()),
                size: chunk.len(),
                agencies: chunk,
            });
        }
    }
    Some(parts)
}

/// The agencies of type `type_id`, by position, in as few runs of at most
/// `limit` as will do, of even sizes: `(part number, positions, how many parts)`.
fn chunks(types: &[&str], type_id: &str, limit: usize) -> Vec<(usize, Vec<usize>, usize)> {
    let of_type: Vec<usize> = types
        .iter()
        .enumerate()
        .filter(|(_, t)| **t == type_id)
        .map(|(i, _)| i)
        .collect();
    // As few parts as the limit allows, of even sizes (77 and 77, not 150 and 4).
    let parts = of_type.len().div_ceil(limit.max(1));
    let size = of_type.len().div_ceil(parts.max(1)).max(1);
    let runs: Vec<Vec<usize>> = of_type.chunks(size).map(<[_]>::to_vec).collect();
    let of = runs.len();
    runs.into_iter()
        .enumerate()
        .map(|(n, run)| (n + 1, run, of))
        .collect()
}

/// `who-does-what/<type>/index.html`, and `who-does-what/<type>/<n>/index.html`
/// for the second part on.
fn part_path(type_id: &str, number: usize) -> String {
    format!("who-does-what/{}", part_href(type_id, number))
}

/// A part's page from the matrix's own folder.
fn part_href(type_id: &str, number: usize) -> String {
    if number == 1 {
        format!("{type_id}/index.html")
    } else {
        format!("{type_id}/{number}/index.html")
    }
}

/// One need's row of a part's table: one cell per agency of the part.
pub(crate) fn row<'a>(t: &'a TopicView, agencies: &[usize]) -> Row<'a> {
    Row {
        id: &t.id,
        url: &t.url,
        name: &t.name,
        gap: t.gap,
        overlap: t.overlap,
        cells: (agencies.iter())
            .map(|&i| t.cells.get(i).unwrap_or(""))
            .collect(),
    }
}

/// A part's rows ([`row`] for each need, in order), each converted to a
/// template value when the template reads it: the whole matrix's cells as
/// values (needs times agencies) held about 200 MiB at 100,000 agencies
/// while the pages were written.
pub(crate) struct Rows {
    dir: Arc<Directory>,
    agencies: Vec<usize>,
}

impl Rows {
    pub(crate) fn value(dir: &Arc<Directory>, part: &Part) -> Value {
        Value::from_object(Rows {
            dir: Arc::clone(dir),
            agencies: part.agencies.clone(),
        })
    }
}

impl std::fmt::Debug for Rows {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("agencies", &self.agencies)
            .finish()
    }
}

impl Object for Rows {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.dir.topics.len())
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let t = self.dir.topics.get(key.as_usize()?)?;
        Some(Value::from(Serde(&row(t, &self.agencies))))
    }
}

/// The summary: for each need (in `topics` order), one count per type of agency
/// (in `Directory::agency_types` order), linking to the first part of that type
/// that shows one of them, at the need's row.
pub(crate) fn summary(dir: &Directory, parts: &[Part]) -> Vec<Vec<Count>> {
    (dir.topics.iter())
        .map(|t| {
            (dir.agency_types.iter())
                .map(|ty| count(t, parts.iter().filter(|p| p.type_id == ty.id)))
                .collect()
        })
        .collect()
}

/// One need's roles among one type's agencies (in that type's `parts`).
fn count<'p>(t: &TopicView, parts: impl Iterator<Item = &'p Part>) -> Count {
    let mut count = Count::default();
    for part in parts {
        let mut any = false;
        for &i in &part.agencies {
            let slot = match t.cells.get(i).unwrap_or("") {
                "lead" => &mut count.lead,
                "joint" => &mut count.joint,
                "support" => &mut count.support,
                "signpost" => &mut count.signpost,
                _ => continue,
            };
            *slot += 1;
            any = true;
        }
        if any && count.href.is_none() {
            count.href = Some(format!("{}#need-{}", part.href, t.id));
        }
    }
    count.text = [
        ('L', count.lead),
        ('J', count.joint),
        ('S', count.support),
        ('P', count.signpost),
    ]
    .iter()
    .filter(|(_, n)| *n > 0)
    .map(|(l, n)| format!("{l}{n}"))
    .collect::<Vec<_>>()
    .join(" ");
    count
}

#[cfg(test)]
mod tests {
    use super::{chunks, part_path};

    #[test]
    fn a_type_s_agencies_are_split_in_order_into_even_runs_within_the_limit() {
        let types = [
            "police", "fire", "police", "police", "fire", "police", "police",
        ];
        assert_eq!(
            chunks(&types, "police", 2),
            vec![(1, vec![0, 2], 3), (2, vec![3, 5], 3), (3, vec![6], 3)]
        );
        assert_eq!(chunks(&types, "fire", 2), vec![(1, vec![1, 4], 1)]);
        assert_eq!(chunks(&types, "housing", 2), vec![]);
        // Five in parts of at most four: three and two, not four and one.
        assert_eq!(
            chunks(&types, "police", 4),
            vec![(1, vec![0, 2, 3], 2), (2, vec![5, 6], 2)]
        );
        assert_eq!(
            chunks(&types, "police", 5),
            vec![(1, vec![0, 2, 3, 5, 6], 1)]
        );
    }

    #[test]
    fn the_first_part_is_the_type_s_own_page() {
        assert_eq!(part_path("police", 1), "who-does-what/police/index.html");
        assert_eq!(part_path("police", 3), "who-does-what/police/3/index.html");
    }
}
