//! A publication as JSON in one language: every text as the reader reads
//! it, every cell with its text as the page writes it ("< 5" where
//! suppressed) and its value (`null` where suppressed or not a number).
//! The JSON API serves it; the PDF layout reads it.

use crate::chart::svg;
use crate::html::{bar_labels, bar_texts, cell_text, how_texts, Figures};
use crate::markdown;
use crate::messages::Messages;
use crate::model::{
    is_part_section, Audience, Block, Card, Cell, How, Publication, Table, Text, Trend,
};
use crate::suppression::{Entry, Mark, Share, Threshold};
use serde_json::{json, Value};

/// The publication as JSON; with `drawings`, each chart carries its SVG.
pub fn publication(p: &Publication, m: &Messages, drawings: bool) -> Value {
    let k = crate::tables::threshold(p.audience);
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
                "svg": drawn.then(|| svg(chart, &title, &t.id, &labels, &texts)),
                "no_data": (chart.is_empty() && !t.unpublishable()).then(|| m.get(chart.empty_note())),
                "table": table(t, m, k),
            })
        }
        Block::Trends(trends) => json!({
            "kind": "trends",
            "trends": trends.iter().map(|t| trend(t, m, k, drawings, figures)).collect::<Vec<_>>(),
        }),
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
