//! Which sense of an abbreviation that means more than one thing (a clash:
//! "CIN") comes first in the search index: the one the directory's names and
//! purposes use most, so that where both match a query as well, the
//! partnership's everyday sense is first ("cin meaning": a child in need,
//! which routes' purposes name, not cervical intraepithelial neoplasia, which
//! only the glossary does).

use std::collections::BTreeMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use rayon::prelude::*;

use super::records::{Record, W_PURPOSE};

/// Puts the glossary's records (`out[at..]`, one per entry of `glossary`, in
/// its order: each entry's term and the abbreviation of the clash it is in)
/// of each clash in order of use, most used first; ties and every other
/// entry keep their place.
pub fn most_used_first(out: &mut Vec<Record>, at: usize, glossary: &[(&str, Option<&str>)]) {
    let end = at + glossary.len();
    if end > out.len() {
        return;
    }
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, (_, clash)) in glossary.iter().enumerate() {
        if let Some(abbr) = clash {
            groups.entry(abbr).or_default().push(i);
        }
    }
    groups.retain(|_, members| members.len() > 1);
    if groups.is_empty() {
        return;
    }
    let members: Vec<usize> = groups.values().flatten().copied().collect();
    let terms: Vec<String> = (members.iter())
        .map(|&i| glossary[i].0.to_lowercase())
        .collect();
    let shortest = terms.iter().map(String::len).min().unwrap_or(0);
    let Ok(finder) = AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&terms)
    else {
        return;
    };
    // Uses in every record but the glossary's own, in names and purposes
    // (16 ms for the other generator's 2,000 agencies, whose glossary has
    // 1,000 entries in clashes).
    let count = |mut n: Vec<usize>, r: &Record| {
        let named = (r.fields.iter()).filter(|(t, w)| *w >= W_PURPOSE && t.len() >= shortest);
        for (text, _) in named {
            for m in finder.find_iter(text.as_str()) {
                n[m.pattern().as_usize()] += 1;
            }
        }
        n
    };
    let add = |mut a: Vec<usize>, b: Vec<usize>| {
        a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
        a
    };
    let zero = || vec![0usize; terms.len()];
    let outside = (out[..at].par_iter().chain(out[end..].par_iter()))
        .fold(zero, count)
        .reduce(zero, add);
    let uses: BTreeMap<usize, usize> = members.iter().copied().zip(outside).collect();
    let mut order: Vec<usize> = (0..glossary.len()).collect();
    for places in groups.values() {
        let mut by_use = places.clone();
        by_use.sort_by_key(|i| std::cmp::Reverse(uses.get(i).copied().unwrap_or(0)));
        for (place, entry) in places.iter().zip(by_use) {
            order[*place] = entry;
        }
    }
    let mut old: Vec<Option<Record>> = out.splice(at..end, []).map(Some).collect();
    let sorted: Vec<Record> = order.iter().filter_map(|&i| old[i].take()).collect();
    out.splice(at..at, sorted);
}

#[cfg(test)]
mod tests {
    use super::super::records::W_TITLE;
    use super::*;

    fn record(title: &str) -> Record {
        let mut r = Record::new(0, title.to_owned(), String::new(), String::new());
        r.fields = vec![(title.to_owned(), W_TITLE)];
        r
    }

    #[test]
    fn the_sense_the_directory_names_most_comes_first() {
        let mut out = vec![
            record("Child in need assessments"),
            record("Children in Need team"),
            record("Cervical intraepithelial neoplasia"),
            record("Child in need"),
            record("Early help"),
        ];
        let glossary = [
            ("Cervical intraepithelial neoplasia", Some("CIN")),
            ("Child in need", Some("CIN")),
            ("Early help", None),
        ];
        most_used_first(&mut out, 2, &glossary);
        let titles: Vec<&str> = out.iter().map(|r| r.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Child in need assessments",
                "Children in Need team",
                "Child in need",
                "Cervical intraepithelial neoplasia",
                "Early help"
            ]
        );
    }

    #[test]
    fn a_tie_keeps_the_glossarys_order() {
        let mut out = vec![
            record("Penalty charge notice"),
            record("Primary care network"),
        ];
        let glossary = [
            ("Penalty charge notice", Some("PCN")),
            ("Primary care network", Some("PCN")),
        ];
        most_used_first(&mut out, 0, &glossary);
        assert_eq!(out[0].title, "Penalty charge notice");
    }
}
