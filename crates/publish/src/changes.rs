//! What changed between a published version of a page and the page as it
//! would be published now: every cell whose text moved (a figure, or a
//! mark that appeared or went), every table row that came or went, and
//! every section whose texts changed. Staff read it before publishing
//! again.

use crate::chart::escape;
use crate::html::cell_text;
use crate::messages::Messages;
use crate::model::{Block, Text};
use crate::protected::Publication;
use std::collections::BTreeMap;

/// One change: where, what the published version says and what the page
/// says now ("–" where one has nothing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The table, row and column, or the section, in words.
    pub place: String,
    /// What the published version says.
    pub was: String,
    /// What the page says now.
    pub now: String,
}

/// Every cell of a publication under its place: table caption, row label
/// and column heading.
fn cells(p: &Publication, m: &Messages) -> BTreeMap<String, String> {
    let k = p.threshold();
    let mut out = BTreeMap::new();
    for t in crate::export::tables(p) {
        let caption = m.text(&t.caption);
        for row in &t.rows {
            let label = m.text(&row.label);
            for (i, cell) in row.cells.iter().enumerate() {
                let column = t.columns.get(i + 1).map(|c| m.text(c)).unwrap_or_default();
                let place = format!("{caption} · {label} · {column}");
                out.insert(place, cell_text(cell, m, k));
            }
        }
    }
    out
}

/// Every section's texts, joined, under the section's heading.
fn texts(p: &Publication, m: &Messages) -> BTreeMap<String, String> {
    p.sections
        .iter()
        .map(|s| {
            let words: Vec<String> = s
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Text(t @ (Text::Markdown(_) | Text::Plain(_))) => Some(m.text(t)),
                    _ => None,
                })
                .collect();
            (m.text(&s.heading), words.join(" "))
        })
        .filter(|(_, words)| !words.is_empty())
        .collect()
}

/// The changes from `published` to `now`, cells first, then texts.
pub fn changes(published: &Publication, now: &Publication, m: &Messages) -> Vec<Change> {
    let mut out = differences(&cells(published, m), &cells(now, m));
    out.extend(differences(&texts(published, m), &texts(now, m)));
    out
}

fn differences(was: &BTreeMap<String, String>, now: &BTreeMap<String, String>) -> Vec<Change> {
    let places: std::collections::BTreeSet<&String> = was.keys().chain(now.keys()).collect();
    places
        .into_iter()
        .filter_map(|place| {
            let (a, b) = (was.get(place), now.get(place));
            (a != b).then(|| Change {
                place: place.clone(),
                was: a.cloned().unwrap_or_else(|| "–".into()),
                now: b.cloned().unwrap_or_else(|| "–".into()),
            })
        })
        .collect()
}

/// The changes as an HTML table (or a sentence when there are none).
pub fn html(changes: &[Change], m: &Messages) -> String {
    if changes.is_empty() {
        return format!("<p>{}</p>", escape(m.get("changes.none")));
    }
    let mut out = format!(
        "<div class=\"table-wrap\"><table id=\"changes\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(m.get("changes.caption")),
        escape(m.get("changes.place")),
        escape(m.get("changes.was")),
        escape(m.get("changes.now")),
    );
    for c in changes {
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td></tr>",
            escape(&c.place),
            escape(&c.was),
            escape(&c.now)
        ));
    }
    out.push_str("</tbody></table></div>");
    out
}
