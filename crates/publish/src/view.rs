//! A publication as JSON in one language: every text as the reader reads
//! it, every cell with its text as the page writes it ("< 5" where
//! suppressed) and its value (`null` where suppressed or not a number).
//! The JSON API serves it; the PDF layout reads it.

use crate::chart::svg;
use crate::html::{bar_labels, bar_texts, cell_text, how_texts, Figures};
use crate::markdown;
use crate::messages::Messages;
use crate::model::{is_part_section, Audience, Block, Card, Cell, How, Table, Text, Trend};
use crate::protected::Publication;
use crate::suppression::{Entry, Mark, Share, Threshold};
use serde_json::{json, Value};

/// The publication as JSON; with `drawings`, each chart carries its SVG.
pub fn publication(p: &Publication, m: &Messages, drawings: bool) -> Value {
    let k = p.threshold();
    let figures = std::cell::RefCell::new(Figures::of(p));
    let combined = p.sections.iter().any(|s| s.id.ends_with("-title"));
    json!({
        "title": m.text(&p.title),
        "facts": p.facts.iter().map(|(l, v)| json!([m.text(l), m.text(v)])).collect::<Vec<_>>(),
        "suppressed": p.audience.suppresses(),
        "notice": (p.audience == Audience::Staff).then(|| m.get("publication.not_publishable")),
        "data_version": p.data_version.to_string(),
        "sections": p.sections.iter().map(|s| json!({
            "id": s.id,
            "level": if is_part_section(&s.id) { 2 } else { 1 },
            "part": combined && s.id.ends_with("-title"),
            "heading": m.text(&s.heading),
            "blocks": s.blocks.iter().map(|b| block(b, m, k, drawings, &mut figures.borrow_mut())).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

/// A text; a researcher's Markdown as paragraphs of styled runs.
fn text(t: &Text, m: &Messages) -> Value {
    match t {
        Text::Markdown(md) => json!({ "markdown": markdown::to_paragraphs(md) }),
        other => Value::String(m.text(other)),
    }
}

fn block(b: &Block, m: &Messages, k: Threshold, drawings: bool, figures: &mut Figures) -> Value {
    match b {
        Block::Text(t) => json!({ "kind": "text", "text": text(t, m) }),
        Block::Heading(t) => json!({ "kind": "heading", "text": m.text(t) }),
        Block::List(items) => json!({
            "kind": "list",
            "items": items.iter().map(|i| json!({
                "label": i.label.as_ref().map(|l| m.text(l)),
                "text": m.text(&i.text),
            })).collect::<Vec<_>>(),
        }),
        Block::Table(t) => json!({ "kind": "table", "table": table(t, m, k) }),
        Block::Chart(chart, t) => {
            let (number_title, source) = match chart.is_drawn(t) {
                true => {
                    let (title, source) = figures.next(chart, m);
                    (Some(title), Some(source))
                }
                false => (None, None),
            };
            let title = m.text(&chart.title);
            let texts = bar_texts(chart, m, k);
            let labels = bar_labels(chart, m);
            let bars: Vec<Value> = chart
                .bars
                .iter()
                .zip(&texts)
                .zip(&labels)
                .map(|((b, shown), label)| json!({ "label": label, "value": b.value, "text": shown, "series": b.series }))
                .collect();
            let drawn = drawings && !chart.is_empty() && !t.unpublishable();
            json!({
                "kind": "chart",
                "title": title,
                "figure": number_title,
                "source": source,
                "bars": bars,
                "svg": drawn.then(|| svg(chart, &title, &t.id, &labels, &texts, m)),
                "no_data": (chart.is_empty() && !t.unpublishable()).then(|| m.get(chart.empty_note())),
                "table": table(t, m, k),
            })
        }
        Block::Trends(trends) => json!({
            "kind": "trends",
            "trends": trends.iter().map(|t| trend(t, m, k, drawings, figures)).collect::<Vec<_>>(),
        }),
        // Laid out, not protected: the protection resolves these before
        // any renderer reads the publication.
        Block::Resting(..) | Block::SecondaryNote(_) | Block::Introduced(..) => Value::Null,
        Block::Cards(cards) => json!({
            "kind": "cards",
            "cards": cards.iter().map(|c| card(c, m)).collect::<Vec<_>>(),
        }),
        Block::Links(links) => json!({
            "kind": "links",
            "links": links.iter().map(|(label, href)| json!({
                "text": m.text(label),
                "target": href.strip_prefix('#'),
                "url": (href.starts_with("http://") || href.starts_with("https://")).then_some(href),
                "href": href,
            })).collect::<Vec<_>>(),
        }),
    }
}

/// One of the small multiples: the indicator, what changed, a point per
/// year (its value and interval, `null` where there is none or it is
/// hidden) and the table; with `drawings`, the SVG.
fn trend(t: &Trend, m: &Messages, k: Threshold, drawings: bool, figures: &mut Figures) -> Value {
    let (number_title, source) = match t.is_drawn() {
        true => {
            let (title, source) = figures.next(&t.chart, m);
            (Some(title), Some(source))
        }
        false => (None, None),
    };
    let texts = bar_texts(&t.chart, m, k);
    let points: Vec<Value> = t
        .chart
        .bars
        .iter()
        .zip(&texts)
        .map(|(b, shown)| {
            json!({
                "year": m.text(&b.label),
                "value": b.value,
                "text": shown,
                "interval": b.band.filter(|_| b.value.is_some()).map(|(l, h)| [l, h]),
                "planned": b.marker,
            })
        })
        .collect();
    json!({
        "heading": m.text(&t.heading),
        "reading": (!t.reading.is_empty()).then(|| {
            t.reading.iter().map(|r| m.text(r)).collect::<Vec<_>>().join(" ")
        }),
        "title": m.text(&t.chart.title),
        "figure": number_title,
        "source": source,
        "norm": t.norm,
        "shares": t.chart.shares,
        "points": points,
        "svg": (drawings && t.is_drawn()).then(|| {
            crate::html::trend_drawing(t, number_title.as_deref().unwrap_or_default(), m, k)
        }),
        "no_data": (!t.is_drawn() && !t.table.unpublishable()).then(|| m.get(t.chart.empty_note())),
        "table": table(&t.table, m, k),
    })
}

fn card(c: &Card, m: &Messages) -> Value {
    json!({
        "title": c.title,
        "facts": c.facts.iter().map(|(l, v)| json!([m.text(l), m.text(v)])).collect::<Vec<_>>(),
    })
}

/// A cell's value for a program: the count, share or number; `null` when
/// suppressed, empty or a text.
fn value(c: &Cell) -> Value {
    match c {
        Cell::Count(Entry::Count(n)) => json!(n),
        Cell::Share(Share::Shown(s)) | Cell::Number(s, _) => json!(s),
        Cell::Interval { low, high, .. } => json!([low, high]),
        Cell::Difference { value, .. } => json!(value),
        _ => Value::Null,
    }
}

fn table(t: &Table, m: &Messages, k: Threshold) -> Value {
    json!({
        "id": t.id,
        "caption": m.text(&t.caption),
        "columns": t.columns.iter().map(|c| m.text(c)).collect::<Vec<_>>(),
        "rows": t.rows.iter().map(|r| json!({
            "label": m.text(&r.label),
            "total": r.total,
            "cells": r.cells.iter().map(|c| json!({
                "text": cell_text(c, m, k),
                "value": value(c),
                "suppressed": c.mark().map(Mark::code),
                "kind": c.kind(),
                "number": c.is_numeric(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "note": notes(t, m),
        "unpublishable": t.unpublishable().then(|| m.get("suppression.unprotectable")),
        "how": t.how.as_ref().map(|h| how(h, m, k)),
    })
}

/// A table's footnotes as one line; `null` without any.
fn notes(t: &Table, m: &Messages) -> Option<String> {
    let notes: Vec<&str> = t.mark_notes().into_iter().map(|key| m.get(key)).collect();
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn how(h: &How, m: &Messages, k: Threshold) -> Value {
    json!(how_texts(h, m, k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use crate::model::{Audience, Cell, Layout, Row, Section, Table};
    use crate::suppression::{Entry, Mark, Share, Threshold};

    fn table(cells: Vec<Cell>) -> Table {
        Table {
            id: "t".into(),
            caption: Text::Plain("Registraties".into()),
            columns: vec![Text::Plain("Domein".into()), Text::Plain("Aantal".into())],
            rows: cells
                .into_iter()
                .map(|c| Row {
                    label: Text::Plain("d".into()),
                    cells: vec![c],
                    total: false,
                })
                .collect(),
            how: None,
        }
    }

    /// A publication of one table for the public (k = 5).
    fn published(table: Table) -> Layout {
        Layout {
            title: Text::Plain("x".into()),
            facts: vec![],
            sections: vec![Section {
                id: "s".into(),
                heading: Text::Plain("s".into()),
                // A list beside the table: the section is not all figures,
                // so the table speaks for itself.
                blocks: vec![
                    Block::List(vec![crate::model::Item::plain(Text::Plain("i".into()))]),
                    Block::Table(table),
                ],
            }],
            audience: Audience::Public(Threshold::default()),
            data_version: 1,
            ledger: Ledger::default(),
        }
    }

    #[test]
    fn a_table_with_every_count_hidden_is_said_to_be_unpublishable() {
        let hidden = table(vec![
            Cell::Count(Entry::Hidden(Mark::Primary)),
            Cell::Count(Entry::Hidden(Mark::Secondary)),
        ]);
        assert!(hidden.unpublishable());
        assert!(hidden.has_secondary());
        let html = crate::html::publication(
            &crate::protected::as_they_are(published(hidden)),
            crate::Lang::Nl.messages(),
        );
        assert!(
            html.contains("niet te publiceren: te weinig registraties"),
            "{html}"
        );
        assert!(!html.contains("< 5"), "no grid of marks: {html}");
        let shown = table(vec![
            Cell::Count(Entry::Hidden(Mark::Primary)),
            Cell::Count(Entry::Count(40)),
        ]);
        assert!(!shown.unpublishable());
        assert!(!table(vec![Cell::Text(Text::Plain("a".into()))]).unpublishable());
    }

    #[test]
    fn a_share_of_a_hidden_count_is_a_dash_with_its_note_never_a_mark() {
        let t = table(vec![
            Cell::Share(Share::Hidden(Mark::Primary)),
            Cell::Count(Entry::Count(40)),
        ]);
        assert_eq!(t.mark_notes(), vec!["suppression.derived_note"]);
        let m = crate::Lang::Nl.messages();
        let k = Threshold::default();
        assert_eq!(crate::html::cell_text(&t.rows[0].cells[0], m, k), "–");
        let json = publication(&crate::protected::as_they_are(published(t)), m, false);
        let table = &json["sections"][0]["blocks"][1]["table"];
        assert_eq!(table["rows"][0]["cells"][0]["text"], "–");
        assert_eq!(table["rows"][0]["cells"][0]["suppressed"], "primary");
        assert!(table["note"]
            .as_str()
            .unwrap()
            .starts_with("– bij een percentage"));
    }
}
