//! A publication as its audience reads it: the second of the three passes
//! (lay out → protect → render). A builder lays a page out with its counts
//! as they are; [`protect`](crate::protection::protect) decides over the
//! ledgers of everything one audience can see which counts to hide; here
//! that decision is applied to one laid-out page, cell by cell, and every
//! figure, sentence and bar that rests on a count follows its count. The
//! renderers read only a [`Publication`], which holds no count the
//! audience may not see.

use crate::ledger::{CellKey, Counted};
use crate::model::{
    self, Bar, Block, Cell, Chart, How, Layout, Row, Section, Table, Text, Trend, Value,
};
use crate::protection::Protection;
use crate::suppression::{share, Entry, Mark, Share, Threshold};
use std::collections::BTreeMap;
use std::ops::Deref;

/// A publication as its audience may read it: every count the published
/// entry (the count or its mark), every share, sentence and bar resting
/// on counts as those entries allow. Only the protection makes one (or a
/// stored version, which was protected when it was published).
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    layout: Layout,
    entries: BTreeMap<CellKey, Entry>,
}

impl Deref for Publication {
    type Target = Layout;

    fn deref(&self) -> &Layout {
        &self.layout
    }
}

impl Publication {
    /// A publication read back from the store: it was protected when it
    /// was published, and its stored form holds nothing laid out.
    pub(crate) fn stored(layout: Layout) -> Self {
        Self {
            layout,
            entries: BTreeMap::new(),
        }
    }

    /// Every count the publication shows as its reader sees it, by key:
    /// the counts of the JSON API.
    pub fn entries(&self) -> &BTreeMap<CellKey, Entry> {
        &self.entries
    }

    /// The main publication followed by its parts (the annual monitor with
    /// its factsheets), see [`model::combined`].
    pub fn combined(main: Publication, parts: Vec<Publication>) -> Publication {
        let mut entries = main.entries;
        let mut layouts = Vec::with_capacity(parts.len());
        for part in parts {
            entries.extend(part.entries);
            layouts.push(part.layout);
        }
        Publication {
            layout: model::combined(main.layout, layouts),
            entries,
        }
    }

    /// The publication without its links to addresses that contain
    /// `part` (see [`model::without_links_to`]).
    pub fn without_links_to(self, part: &str) -> Publication {
        Publication {
            layout: model::without_links_to(self.layout, part),
            ..self
        }
    }

    /// The publication with a section of texts in front (the caveats a
    /// researcher chose). The section rests on no count; a count laid
    /// out in it would come out hidden.
    pub fn with_section_first(self, section: Section) -> Publication {
        let mut layout = self.layout;
        let blocks = blocks(section.blocks, Decision::Hidden);
        layout.sections.insert(0, Section { blocks, ..section });
        Publication { layout, ..self }
    }

    /// The publication with some of its sections or links left out:
    /// `edit` may take away, and what it leaves was protected.
    pub fn without(self, edit: impl FnOnce(&mut Vec<Section>)) -> Publication {
        let mut layout = self.layout;
        edit(&mut layout.sections);
        Publication { layout, ..self }
    }
}

/// How the counts of a page come out.
#[derive(Debug, Clone, Copy)]
enum Decision<'a> {
    /// Every count as it is (the organisation's own staff).
    AsTheyAre,
    /// As the protection of everything the audience can see decided.
    By(&'a Protection),
    /// Every count hidden: what is added to a page after its protection.
    Hidden,
}

impl Decision<'_> {
    fn entry(self, count: &Counted) -> Entry {
        match self {
            Self::AsTheyAre => Entry::Count(count.value),
            Self::By(protection) => protection.entry(&count.key, count.value),
            Self::Hidden => Entry::Hidden(Mark::Secondary),
        }
    }

    fn threshold(self) -> Threshold {
        match self {
            Self::AsTheyAre | Self::Hidden => Threshold::default(),
            Self::By(protection) => protection.threshold(),
        }
    }

    /// The strongest mark of the counts, `None` when every one is shown.
    fn mark(self, counts: &[Counted]) -> Option<Mark> {
        counts.iter().filter_map(|c| self.entry(c).mark()).max()
    }
}

/// A page for the organisation's own staff: every count as it is.
pub fn as_they_are(layout: Layout) -> Publication {
    decided(layout, Decision::AsTheyAre)
}

/// A page for a public audience, as `protection` (of everything that
/// audience can see) decided.
pub fn by(layout: Layout, protection: &Protection) -> Publication {
    decided(layout, Decision::By(protection))
}

/// A page protected on its own, as if it were all its audience can see
/// (the command line's files of one page); the staff's page as it is.
pub fn alone(layout: Layout) -> Publication {
    match layout.audience.threshold() {
        None => as_they_are(layout),
        Some(k) => {
            let protection = crate::protection::protect(&layout.ledger, k);
            by(layout, &protection)
        }
    }
}

/// A page put together from publications already protected (the
/// comparison of organisations): its cells are theirs as their readers
/// see them; a count laid out in it would come out hidden.
pub fn composed(layout: Layout) -> Publication {
    decided(layout, Decision::Hidden)
}

fn decided(layout: Layout, decision: Decision) -> Publication {
    let entries = layout
        .ledger
        .counts
        .iter()
        .filter(|(_, tally)| tally.shown)
        .map(|(key, tally)| {
            let count = Counted {
                key: key.clone(),
                value: tally.value.unwrap_or(0),
            };
            (key.clone(), decision.entry(&count))
        })
        .collect();
    let sections = layout
        .sections
        .into_iter()
        .map(|s| Section {
            blocks: blocks(s.blocks, decision),
            ..s
        })
        .collect();
    Publication {
        layout: Layout {
            title: text(layout.title, decision),
            facts: pairs(layout.facts, decision),
            sections: model::readable(sections),
            ledger: Default::default(),
            ..layout
        },
        entries,
    }
}

fn pairs(pairs: Vec<(Text, Text)>, decision: Decision) -> Vec<(Text, Text)> {
    pairs
        .into_iter()
        .map(|(a, b)| (text(a, decision), text(b, decision)))
        .collect()
}

fn blocks(blocks: Vec<Block>, decision: Decision) -> Vec<Block> {
    blocks
        .into_iter()
        .flat_map(|b| block(b, decision))
        .collect()
}

/// A laid-out block as the reader gets it: itself, nothing (a sentence
/// whose counts are hidden) or two (a list with its introduction).
fn block(laid: Block, decision: Decision) -> Vec<Block> {
    vec![match laid {
        Block::Text(t) => Block::Text(text(t, decision)),
        Block::Heading(t) => Block::Heading(text(t, decision)),
        Block::List(list) => Block::List(items(list, decision)),
        Block::Table(t) => Block::Table(table(t, decision)),
        Block::Chart(c, t) => Block::Chart(chart(c, decision), table(t, decision)),
        Block::Cards(cards) => Block::Cards(
            cards
                .into_iter()
                .map(|c| model::Card {
                    facts: pairs(c.facts, decision),
                    ..c
                })
                .collect(),
        ),
        Block::Links(links) => Block::Links(
            links
                .into_iter()
                .map(|(t, href)| (text(t, decision), href))
                .collect(),
        ),
        Block::Trends(trends) => {
            Block::Trends(trends.into_iter().map(|t| trend(t, decision)).collect())
        }
        Block::Resting(on, inner) => match decision.mark(&on) {
            Some(_) => return vec![],
            None => return block(*inner, decision),
        },
        Block::SecondaryNote(on) => {
            let secondary = on
                .iter()
                .any(|c| decision.entry(c).mark() == Some(Mark::Secondary));
            match secondary {
                true => Block::Text(Text::Key("suppression.secondary_note")),
                false => return vec![],
            }
        }
        Block::Introduced(intro, list) => {
            let list = items(list, decision);
            return match list.is_empty() {
                true => vec![],
                false => vec![Block::Text(text(intro, decision)), Block::List(list)],
            };
        }
    }]
}

/// The items of a list the reader sees: those whose counts are shown.
fn items(items: Vec<model::Item>, decision: Decision) -> Vec<model::Item> {
    items
        .into_iter()
        .filter(|i| decision.mark(&i.rests_on).is_none())
        .map(|i| model::Item {
            label: i.label.map(|l| text(l, decision)),
            text: text(i.text, decision),
            rests_on: vec![],
        })
        .collect()
}

fn trend(t: Trend, decision: Decision) -> Trend {
    let mut t = Trend {
        heading: text(t.heading, decision),
        chart: chart(t.chart, decision),
        table: table(t.table, decision),
        reading: t.reading.into_iter().map(|r| text(r, decision)).collect(),
        ..t
    };
    if let Some(subject) = t.subject.take() {
        t.reading = t.read(&value(subject, decision));
    }
    t
}

fn chart(c: Chart, decision: Decision) -> Chart {
    Chart {
        title: text(c.title, decision),
        bars: c.bars.into_iter().map(|b| bar(b, decision)).collect(),
        ..c
    }
}

/// A bar follows its cell: no bar, band or marker is drawn for a value
/// the reader does not see.
fn bar(b: Bar, decision: Decision) -> Bar {
    let shown = cell(b.shown, decision);
    let hidden = shown.mark().is_some() || matches!(shown, Cell::Share(Share::None));
    Bar {
        label: text(b.label, decision),
        value: b.value.filter(|_| !hidden),
        band: b.band.filter(|_| !hidden),
        shown,
        ..b
    }
}

fn table(t: Table, decision: Decision) -> Table {
    Table {
        caption: text(t.caption, decision),
        columns: t.columns.into_iter().map(|c| text(c, decision)).collect(),
        rows: t
            .rows
            .into_iter()
            .map(|r| Row {
                label: text(r.label, decision),
                cells: r.cells.into_iter().map(|c| cell(c, decision)).collect(),
                total: r.total,
            })
            .collect(),
        how: t.how.map(|h| how(h, decision)),
        ..t
    }
}

fn how(h: How, decision: Decision) -> How {
    How {
        selection: text(h.selection, decision),
        n: match &h.counted {
            Some(count) => Some(decision.entry(count)),
            None => h.n,
        },
        counted: None,
        ..h
    }
}

fn cell(c: Cell, decision: Decision) -> Cell {
    match c {
        Cell::Counted(count) => Cell::Count(decision.entry(&count)),
        Cell::Ratio(a, n) => Cell::Share(share(decision.entry(&a), decision.entry(&n))),
        Cell::Resting(on, inner) => match decision.mark(&on) {
            Some(mark) => Cell::Share(Share::Hidden(mark)),
            None => cell(*inner, decision),
        },
        Cell::Text(t) => Cell::Text(text(t, decision)),
        other => other,
    }
}

fn text(t: Text, decision: Decision) -> Text {
    match t {
        Text::Worded(key, values) => Text::Worded(
            key,
            values
                .into_iter()
                .map(|(name, v)| (name, value(v, decision)))
                .collect(),
        ),
        Text::Resting(on, inner) => match decision.mark(&on) {
            Some(mark) => Text::Plain(Entry::Hidden(mark).text(decision.threshold())),
            None => text(*inner, decision),
        },
        other => other,
    }
}

fn value(v: Value, decision: Decision) -> Value {
    match v {
        Value::Counted(count) => match decision.entry(&count) {
            Entry::Count(n) => Value::Count(n),
            hidden => Value::Text(hidden.text(decision.threshold())),
        },
        Value::Ratio(a, n, decimals) => match share(decision.entry(&a), decision.entry(&n)) {
            Share::Shown(v) => Value::Percent(v, decimals),
            Share::Hidden(_) | Share::None => Value::Text("–".to_string()),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Counts;
    use crate::model::Audience;

    /// A page of one table (a domain's 3 and 40 registrations and their
    /// total), the share of the small one, a figure resting on it, a
    /// sentence naming it and a bar of it, laid out for `audience`.
    fn page(audience: Audience) -> Layout {
        let mut counts = Counts::new(audience);
        let key = |d: &str| CellKey::of(2022, "reach", &[("domain", d)], "n");
        let small = counts.shown(key("a"), 3);
        let large = counts.shown(key("b"), 40);
        let others = [counts.shown(key("c"), 50), counts.shown(key("d"), 60)];
        let total = counts.shown(CellKey::of(2022, "reach", &[], "n"), 153);
        let parts = [&small, &large, &others[0], &others[1]];
        let keys = parts.iter().map(|c| c.key.clone()).collect();
        counts.ledger.sum(total.key.clone(), keys);
        let row = |label: &str, cells| Row {
            label: Text::Plain(label.into()),
            cells,
            total: false,
        };
        let table = Table {
            id: "t".into(),
            caption: Text::Plain("t".into()),
            columns: vec![],
            rows: vec![
                row(
                    "a",
                    vec![
                        Cell::counted(&small),
                        Cell::ratio(&small, &total),
                        Cell::resting([&small], Cell::Number(1.5, 1)),
                    ],
                ),
                row(
                    "b",
                    vec![Cell::counted(&large), Cell::ratio(&large, &total)],
                ),
                row("c", vec![Cell::counted(&others[0]), Cell::Empty]),
                row("d", vec![Cell::counted(&others[1]), Cell::Empty]),
                row("all", vec![Cell::counted(&total), Cell::Empty]),
            ],
            how: Some(How::new("reach", Text::Plain("s".into()), 1).counting(&total)),
        };
        let sentence = Block::Text(Text::Worded(
            "x",
            vec![("n", Value::Counted(small.clone()))],
        ));
        let chart = Chart {
            outlines: Vec::new(),
            title: Text::Plain("c".into()),
            bars: vec![
                Bar::count("a".to_string(), &small),
                Bar::count("b".to_string(), &large),
            ],
            shares: false,
            source: model::Source::Registrations,
        };
        Layout {
            title: Text::Plain("page".into()),
            facts: vec![],
            sections: vec![Section {
                id: "s".into(),
                heading: Text::Plain("s".into()),
                blocks: vec![
                    Block::Chart(chart, table),
                    Block::Resting(vec![small.clone()], Box::new(sentence.clone())),
                    Block::SecondaryNote(vec![small, large.clone(), total]),
                    sentence,
                ],
            }],
            audience,
            data_version: 1,
            ledger: counts.ledger,
        }
    }

    fn cells(p: &Publication) -> Vec<Vec<Cell>> {
        match &p.sections[0].blocks[0] {
            Block::Chart(_, t) => t.rows.iter().map(|r| r.cells.clone()).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_staff_read_every_count_and_every_sentence() {
        let p = as_they_are(page(Audience::Staff));
        let rows = cells(&p);
        assert_eq!(rows[0][0], Cell::Count(Entry::Count(3)));
        assert_eq!(rows[0][1], Cell::Share(Share::Shown(3.0 / 153.0)));
        assert_eq!(rows[0][2], Cell::Number(1.5, 1));
        let blocks = &p.sections[0].blocks;
        assert_eq!(blocks.len(), 3, "the resting sentence, no note: {blocks:?}");
        assert_eq!(
            blocks[2],
            Block::Text(Text::Worded("x", vec![("n", Value::Count(3))]))
        );
        assert_eq!(p.entries().len(), 5);
    }

    #[test]
    fn what_rests_on_a_hidden_count_follows_it() {
        let p = alone(page(Audience::Public(Threshold::default())));
        let rows = cells(&p);
        assert_eq!(rows[0][0], Cell::Count(Entry::Hidden(Mark::Primary)));
        assert_eq!(rows[0][1], Cell::Share(Share::Hidden(Mark::Primary)));
        assert_eq!(rows[0][2], Cell::Share(Share::Hidden(Mark::Primary)));
        // The total minus the others would give the small one away: one
        // more count is hidden, the smallest that protects it.
        assert_eq!(rows[1][0].mark(), Some(Mark::Secondary));
        let Block::Chart(chart, table) = &p.sections[0].blocks[0] else {
            panic!("a chart");
        };
        assert_eq!(chart.bars[0].value, None, "no bar for a hidden count");
        assert!(table.how.as_ref().is_some_and(|h| h.counted.is_none()));
        let blocks = &p.sections[0].blocks;
        assert_eq!(
            blocks[1],
            Block::Text(Text::Key("suppression.secondary_note")),
            "the resting sentence goes, the note on × comes"
        );
        assert_eq!(
            blocks[2],
            Block::Text(Text::Worded("x", vec![("n", Value::Text("< 5".into()))]))
        );
        assert!(p.ledger.counts.is_empty(), "no true count stays");
        assert_eq!(p.entries()[&rows_key("a")], Entry::Hidden(Mark::Primary));
    }

    fn rows_key(d: &str) -> CellKey {
        CellKey::of(2022, "reach", &[("domain", d)], "n")
    }
}
