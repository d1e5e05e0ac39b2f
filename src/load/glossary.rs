//! Reads `glossary/*.yaml`: lists of terms, abbreviations and their meanings.

use super::declare;
use super::fields::Reader;
use super::yaml::Node;
use crate::findings::Code;
use crate::model::{GlossaryEntry, Spanned, ids};

pub fn read(r: &mut Reader, root: Option<&Node>) -> Vec<GlossaryEntry> {
    let items = r.root_list(root, "a glossary file should be a list of entries", "term");
    items.iter().filter_map(|n| read_entry(r, n)).collect()
}

fn read_entry(r: &mut Reader, node: &Node) -> Option<GlossaryEntry> {
    let map = r.record(node, &declare::GLOSSARY_ENTRY)?;
    let what = "this glossary entry";
    let term = r.req_text(&map, "term", what, "add `term:` with the words in full");
    let abbreviation = r.opt_text(&map, "abbreviation");
    let definition = r.req_text(
        &map,
        "definition",
        what,
        "add `definition:` saying what it means, in plain words",
    );
    let definition = r.markdown(definition);
    let written_id = r.opt_text(&map, "id");
    let id = match &written_id {
        Some(id) => r.check_id(id).then(|| id.clone()),
        None => {
            let source = abbreviation.as_ref().or(term.as_ref())?;
            let slug = ids::slug(&source.value);
            if slug.is_empty() {
                r.report(
                    Code::InvalidId,
                    source.loc.pos,
                    format!("cannot make an id from `{}`", source.value),
                    Some("add `id:` with lowercase letters, digits and hyphens".into()),
                );
                None
            } else {
                Some(Spanned::new(slug, source.loc))
            }
        }
    };
    let (id, term, definition) = (id?, term, definition);
    let (Some(term), Some(definition)) = (term, definition) else {
        r.dropped.push(format!("glossary:{}", id.value));
        return None;
    };
    Some(GlossaryEntry {
        id,
        id_written: written_id.is_some(),
        term,
        abbreviation,
        definition,
        aka: r.text_list(&map, "aka"),
        used_by: r.reference_list(&map, "used_by"),
        see_also: r.id_list(&map, "see_also"),
        loc: r.loc(node.pos),
    })
}
