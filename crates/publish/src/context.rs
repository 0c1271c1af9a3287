//! The context statistics of a municipality (DOMAIN.md §4, indicator 11)
//! as publications show them: an indicator over the years with the
//! municipality, its province and the nation side by side, in a chart, in
//! words and as a table. The factsheet's situation section lays them out
//! for the theme's indicators; the page of one indicator adds the
//! municipalities it is compared with.

use crate::model::{Bar, Block, Cell, Chart, Layout, Row, Section, Source, Table, Text, Value};
use indicators::group;
use indicators::Figure;
use std::collections::BTreeMap;

/// The context figure of an indicator for a region level at a period.
pub(crate) struct ContextRow<'a> {
    pub(crate) indicator: &'a str,
    pub(crate) period: &'a str,
    pub(crate) municipality: &'a Figure,
    pub(crate) province: Option<&'a Figure>,
    pub(crate) nation: Option<&'a Figure>,
}

impl ContextRow<'_> {
    /// The row's label: the indicator's name with its unit.
    pub(crate) fn label(&self, definitions: &[domain::IndicatorDefinition]) -> Text {
        Text::Plain(format!(
            "{}{}",
            crate::model::indicator_name(definitions, self.indicator),
            unit_note(self.municipality)
        ))
    }

    /// Where its values come from: each source with its table id.
    pub(crate) fn sources(&self) -> Vec<String> {
        crate::model::context_sources([Some(self.municipality), self.province, self.nation])
    }
}

pub(crate) fn context_rows<'a>(figures: &'a [Figure]) -> Vec<ContextRow<'a>> {
    let context: Vec<&Figure> = figures
        .iter()
        .filter(|f| f.indicator == "context")
        .collect();
    let at = |indicator: &str, period: &str, prefix: &str| {
        context.iter().copied().find(|f| {
            f.key("indicator") == Some(indicator)
                && f.key("period") == Some(period)
                && f.key("region").is_some_and(|r| r.starts_with(prefix))
                && f.value.is_some()
        })
    };
    let mut latest: BTreeMap<&str, &Figure> = BTreeMap::new();
    for f in context
        .iter()
        .filter(|f| f.key("region").is_some_and(|r| r.starts_with("GM")) && f.value.is_some())
    {
        let indicator = f.key("indicator").unwrap_or_default();
        if latest
            .get(indicator)
            .is_none_or(|l| l.key("period") < f.key("period"))
        {
            latest.insert(indicator, f);
        }
    }
    latest
        .into_iter()
        .map(|(indicator, f)| {
            let period = f.key("period").unwrap_or_default();
            ContextRow {
                indicator,
                period,
                municipality: f,
                province: at(indicator, period, "PV"),
                nation: at(indicator, period, "NL"),
            }
        })
        .collect()
}

/// A context value with the decimals CBS published it with.
pub(crate) fn published(f: Option<&Figure>) -> Cell {
    match (
        f.and_then(|f| f.value),
        f.and_then(|f| f.text("as_published").map(str::to_string)),
    ) {
        (Some(v), Some(text)) => {
            let decimals = text.split_once(['.', ',']).map_or(0, |(_, d)| d.len());
            Cell::Number(v, decimals)
        }
        _ => Cell::Empty,
    }
}

/// An indicator's values per period: municipality, province, nation.
pub(crate) type Period<'a> = (
    &'a str,
    Option<&'a Figure>,
    Option<&'a Figure>,
    Option<&'a Figure>,
);

pub(crate) fn context_series<'a>(figures: &'a [Figure], indicator: &str) -> Vec<Period<'a>> {
    let of = |period: &str, prefix: &str| {
        figures.iter().find(|f| {
            f.indicator == "context"
                && f.key("indicator") == Some(indicator)
                && f.key("period") == Some(period)
                && f.key("region").is_some_and(|r| r.starts_with(prefix))
                && f.value.is_some()
        })
    };
    let mut periods: Vec<&str> = figures
        .iter()
        .filter(|f| f.indicator == "context" && f.key("indicator") == Some(indicator))
        .filter(|f| f.key("region").is_some_and(|r| r.starts_with("GM")) && f.value.is_some())
        .filter_map(|f| f.key("period"))
        .collect();
    periods.sort_unstable();
    periods.dedup();
    periods
        .into_iter()
        .map(|p| (p, of(p, "GM"), of(p, "PV"), of(p, "NL")))
        .collect()
}

/// "Figuur 3. Huishoudens met een laag inkomen, 2016–2021": the bars of
/// each year (municipality, province, nation), the comparison in words,
/// and the chart as a table, a row per year.
pub(crate) fn context_chart(
    i: usize,
    name: &str,
    row: &ContextRow,
    series: &[Period],
) -> Vec<Block> {
    let first = series.first().map_or(row.period, |p| p.0);
    let last = series.last().map_or(row.period, |p| p.0);
    let span = match first == last {
        true => first.to_string(),
        false => format!("{first}–{last}"),
    };
    let title = Text::Filled(
        "factsheet.context_chart",
        vec![("indicator", name.to_string()), ("period", span)],
    );
    let region = |f: &Figure| {
        f.text("region_name")
            .map(str::to_string)
            .unwrap_or_else(|| f.key("region").unwrap_or_default().to_string())
    };
    let mut bars = Vec::new();
    for (period, levels) in series.iter().map(|(p, m, pv, nl)| (p, [m, pv, nl])) {
        for (series, f) in levels.iter().enumerate() {
            if let Some(f) = f {
                bars.push(Bar {
                    label: Text::Plain(format!("{period} · {}", region(f))),
                    value: f.value,
                    shown: published(Some(f)),
                    unit: unit_suffix(f),
                    series,
                    marker: None,
                    band: None,
                });
            }
        }
    }
    let table = Table {
        id: format!("context-{i}"),
        caption: title.clone(),
        columns: vec![
            Text::Key("column.period"),
            Text::Plain(region(row.municipality)),
            row.province
                .map_or(Text::Key("column.province"), |f| Text::Plain(region(f))),
            row.nation
                .map_or(Text::Key("column.nation"), |f| Text::Plain(region(f))),
        ],
        rows: series
            .iter()
            .map(|(p, m, pv, nl)| Row {
                label: Text::Plain(p.to_string()),
                cells: vec![published(*m), published(*pv), published(*nl)],
                total: false,
            })
            .collect(),
        how: None,
    };
    let mut blocks = vec![Block::Chart(
        Chart {
            outlines: Vec::new(),
            title,
            bars,
            shares: false,
            source: Source::Context(row.sources()),
        },
        table,
    )];
    if let Some(phrase) = row.municipality.text("comparison") {
        blocks.push(Block::Text(Text::Filled(
            "factsheet.context_comparison",
            vec![
                ("region", region(row.municipality)),
                ("period", row.period.to_string()),
                ("comparison", phrase.to_string()),
            ],
        )));
    }
    blocks
}

fn unit_suffix(f: &Figure) -> String {
    match f.text("unit").map(str::to_string).as_deref() {
        Some("%") => "%".into(),
        _ => String::new(),
    }
}

fn unit_note(f: &Figure) -> String {
    f.text("unit")
        .map(str::to_string)
        .map_or_else(String::new, |u| format!(" ({u})"))
}

/// A municipality an indicator's page compares with.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// Its name.
    pub name: String,
    /// Its value.
    pub value: f64,
    /// Whether it is the organisation's own municipality.
    pub own: bool,
}

/// The municipalities an indicator's page compares with, in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Peers {
    /// What the group is, in a sentence ("Vergeleken met de gemeenten van
    /// 50.000 tot 100.000 inwoners …, in 2024.").
    pub described: Text,
    /// The year of the values.
    pub year: i32,
    /// The members with a value, the highest first, the municipality among
    /// them.
    pub members: Vec<Member>,
}

/// Everything the page of one context indicator is made of.
#[derive(Debug, Clone)]
pub struct IndicatorPageInput<'a> {
    /// The organisation whose municipality it is about.
    pub organisation: &'a domain::Organisation,
    /// The names of its municipalities.
    pub municipalities: &'a [String],
    /// The indicator's code.
    pub indicator: &'a str,
    /// The names of the indicators.
    pub definitions: &'a [domain::IndicatorDefinition],
    /// The organisation's `context` figures over every year.
    pub figures: &'a [Figure],
    /// The municipalities it is compared with.
    pub peers: Peers,
    /// The data version.
    pub data_version: i64,
}

/// The page of one context indicator: the municipality over the years
/// against its province and the nation, then beside the municipalities of
/// its group (its rank, the group's mean, lowest and highest value, and
/// every member in a chart and a table). `None` when the municipality has
/// no value of the indicator.
pub fn indicator_page(
    input: &IndicatorPageInput,
    audience: crate::model::Audience,
) -> Option<Layout> {
    let row = context_rows(input.figures)
        .into_iter()
        .find(|r| r.indicator == input.indicator)?;
    let name = crate::model::indicator_name(input.definitions, input.indicator);
    let series = context_series(input.figures, input.indicator);
    let mut years = context_chart(0, &name, &row, &series);
    if let Some(trend) = row.municipality.text("trend") {
        years.push(Block::Text(Text::Filled(
            "context_page.trend",
            vec![("trend", trend.to_string())],
        )));
    }
    let sections = vec![
        section("years", Text::Key("context_page.years"), years),
        section("group", Text::Key("context_page.peers"), peers(input, &row)),
    ];
    Some(Layout {
        title: Text::Plain(name),
        facts: crate::model::facts(&input.organisation.name, Some(input.municipalities), None),
        sections,
        audience,
        data_version: input.data_version,
        ledger: Default::default(),
    })
}

fn section(id: &str, heading: Text, blocks: Vec<Block>) -> Section {
    Section {
        id: id.to_string(),
        heading,
        blocks,
    }
}

/// The municipality beside its group: what the group is, the rank and the
/// group's mean, lowest and highest value in a sentence, every member as
/// a bar (the municipality in its own colour) and the table.
fn peers(input: &IndicatorPageInput, row: &ContextRow) -> Vec<Block> {
    let peers = &input.peers;
    let mut blocks = vec![Block::Text(peers.described.clone())];
    let own = peers.members.iter().position(|m| m.own);
    let (Some(own), true) = (own, peers.members.len() > 1) else {
        blocks.push(Block::Text(Text::Key("context_page.no_peers")));
        return blocks;
    };
    let decimals = match published(Some(row.municipality)) {
        Cell::Number(_, d) => d,
        _ => 0,
    };
    let values: Vec<f64> = peers.members.iter().map(|m| m.value).collect();
    let mean = group::mean(&values);
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let rank = group::rank(values[own], &values);
    blocks.push(Block::Text(Text::Worded(
        "context_page.summary",
        vec![
            ("name", Value::Text(peers.members[own].name.clone())),
            ("rank", Value::Count(rank as u64)),
            ("of", Value::Count(values.len() as u64)),
            ("mean", Value::Number(mean, decimals + 1)),
            ("low", Value::Number(low, decimals)),
            ("high", Value::Number(high, decimals)),
        ],
    )));
    let label = |m: &Member| match m.own {
        true => Text::Filled("context_page.own", vec![("name", m.name.clone())]),
        false => Text::Plain(m.name.clone()),
    };
    let title = Text::Filled(
        "context_page.peers_chart",
        vec![
            (
                "indicator",
                crate::model::indicator_name(input.definitions, input.indicator),
            ),
            ("year", peers.year.to_string()),
        ],
    );
    let chart = Chart {
        outlines: Vec::new(),
        title: title.clone(),
        bars: peers
            .members
            .iter()
            .map(|m| Bar {
                label: label(m),
                value: Some(m.value),
                shown: Cell::Number(m.value, decimals),
                unit: unit_suffix(row.municipality),
                series: if m.own { 0 } else { 2 },
                marker: None,
                band: None,
            })
            .collect(),
        shares: false,
        source: Source::Context(row.sources()),
    };
    let table = Table {
        id: "peers".into(),
        caption: title,
        columns: vec![
            Text::Key("column.municipality"),
            Text::Key("column.group_rank"),
            Text::Key("column.value"),
        ],
        rows: peers
            .members
            .iter()
            .map(|m| Row {
                label: label(m),
                cells: vec![
                    Cell::Number(group::rank(m.value, &values) as f64, 0),
                    Cell::Number(m.value, decimals),
                ],
                total: false,
            })
            .collect(),
        how: None,
    };
    blocks.push(Block::Chart(chart, table));
    blocks
}
