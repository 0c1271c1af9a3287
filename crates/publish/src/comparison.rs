//! Organisations compared on the same definitions (DOMAIN.md §4, the
//! comparison page): the key figures of each organisation's dashboard as
//! its reader sees it — the registrations with the reach per 1,000
//! inhabitants, goal realisation with its interval and coverage,
//! escalation, contact within two working days — side by side per
//! organisation and year, each with a chart and its table, and a note
//! wherever what is compared differs (years, coverage, a missing figure).
//!
//! The page is laid out from publications already protected (a
//! municipality viewer's are the published versions): every cell is a
//! cell one of their dashboards shows, and the reach per 1,000 inhabitants
//! rests on its count, so the page shows nothing those pages do not.

use crate::model::{
    Audience, Bar, Block, Cell, Chart, Item, Layout, Row, Section, Table, Text, Trend, Value,
};
use crate::protected::Publication;
use crate::suppression::{Entry, Share};
use std::collections::{BTreeMap, BTreeSet};

/// An organisation as the comparison reads it.
#[derive(Debug, Clone)]
pub struct Compared<'a> {
    /// Its name.
    pub name: &'a str,
    /// The address of its dashboard, linked from the page.
    pub dashboard_href: String,
    /// Its dashboard as the reader may see it (protected, or the published
    /// version).
    pub dashboard: &'a Publication,
    /// The inhabitants on 1 January of the municipalities it works for,
    /// added up, per year (CBS).
    pub inhabitants: BTreeMap<i32, u64>,
}

/// What of a dashboard is compared: its trends of these kinds, in this
/// order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Registrations,
    Goal,
    Escalation,
    Response,
}

impl Kind {
    /// The kind of a dashboard trend by its table's id; `None` for what is
    /// not compared (the plan, the waiting list and the surveys, which
    /// differ per organisation).
    fn of(table_id: &str) -> Option<Self> {
        match table_id {
            "trend-registrations" => Some(Self::Registrations),
            "trend-escalation" => Some(Self::Escalation),
            "trend-response" => Some(Self::Response),
            id if id.starts_with("trend-goal-") => Some(Self::Goal),
            _ => None,
        }
    }
}

/// One indicator as the organisations have it: each organisation's trend.
struct Indicator<'a> {
    kind: Kind,
    id: &'a str,
    trends: Vec<(&'a Compared<'a>, &'a Trend)>,
}

/// The comparison page of `organisations` for `audience`.
pub fn comparison(organisations: &[Compared], audience: Audience) -> Layout {
    // An organisation that registers nothing yet (a team in the making)
    // has nothing to compare; the page names it.
    let (compared, without): (Vec<&Compared>, Vec<&Compared>) =
        organisations.iter().partition(|o| !years_of(o).is_empty());
    let indicators = indicators(&compared);
    let mut sections = vec![about(&compared, &without, audience)];
    sections.extend(indicators.iter().map(|i| section(i, &compared)));
    let names: Vec<&str> = compared.iter().map(|o| o.name).collect();
    let years: BTreeSet<i32> = compared.iter().flat_map(|o| years_of(o)).collect();
    Layout {
        title: Text::Key("comparison.title"),
        facts: vec![
            (
                Text::Key("comparison.organisations"),
                Text::Plain(names.join("; ")),
            ),
            (Text::Key("dashboard.years"), Text::Plain(span(&years))),
        ],
        sections,
        audience,
        // Each organisation has its own; the page is as new as the newest.
        data_version: compared
            .iter()
            .map(|o| o.dashboard.data_version)
            .max()
            .unwrap_or(0),
        ledger: Default::default(),
    }
}

/// "2020–2022", "2021", or nothing.
fn span(years: &BTreeSet<i32>) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}

/// Every trend of the dashboards that is compared, grouped by indicator,
/// in the order of [`Kind`] and, within a kind, of first appearance.
fn indicators<'a>(organisations: &[&'a Compared<'a>]) -> Vec<Indicator<'a>> {
    let mut out: Vec<Indicator> = Vec::new();
    for &o in organisations {
        for trend in trends_of(o.dashboard) {
            let Some(kind) = Kind::of(&trend.table.id) else {
                continue;
            };
            let id = trend.table.id.as_str();
            match out.iter_mut().find(|i| i.id == id) {
                Some(i) => i.trends.push((o, trend)),
                None => out.push(Indicator {
                    kind,
                    id,
                    trends: vec![(o, trend)],
                }),
            }
        }
    }
    out.sort_by_key(|i| i.kind);
    out
}

/// The trends of a dashboard.
fn trends_of(dashboard: &Publication) -> impl Iterator<Item = &Trend> {
    dashboard
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .flat_map(|b| match b {
            Block::Trends(trends) => trends.as_slice(),
            _ => &[],
        })
}

/// The year of a trend's row (its label).
fn year_of(row: &Row) -> Option<i32> {
    match &row.label {
        Text::Plain(year) => year.parse().ok(),
        _ => None,
    }
}

/// The years an organisation has registrations in, on its dashboard.
fn years_of(o: &Compared) -> BTreeSet<i32> {
    trends_of(o.dashboard)
        .filter(|t| Kind::of(&t.table.id) == Some(Kind::Registrations))
        .flat_map(|t| &t.table.rows)
        .filter(|r| r.cells.iter().any(|c| *c != Cell::Empty))
        .filter_map(year_of)
        .collect()
}

/// The opening section: what is compared and how, whose figures the
/// reader sees, where the years differ, and each organisation's dashboard.
fn about(organisations: &[&Compared], without: &[&Compared], audience: Audience) -> Section {
    let mut blocks = vec![Block::Text(Text::Key("comparison.intro"))];
    if organisations.is_empty() {
        blocks.push(Block::Text(Text::Key("comparison.nothing")));
    }
    if !without.is_empty() {
        let names: Vec<&str> = without.iter().map(|o| o.name).collect();
        blocks.push(Block::Text(Text::Filled(
            "comparison.without_figures",
            vec![("organisations", names.join("; "))],
        )));
    }
    if audience.suppresses() {
        blocks.push(Block::Text(Text::Key("comparison.published_only")));
    }
    let years: Vec<(&str, BTreeSet<i32>)> = organisations
        .iter()
        .map(|o| (o.name, years_of(o)))
        .collect();
    if years.windows(2).any(|w| w[0].1 != w[1].1) {
        let listed: Vec<String> = years
            .iter()
            .map(|(name, ys)| {
                let ys: Vec<String> = ys.iter().map(i32::to_string).collect();
                format!("{name}: {}", ys.join(", "))
            })
            .collect();
        blocks.push(Block::Text(Text::Filled(
            "comparison.years_differ",
            vec![("years", listed.join("; "))],
        )));
    }
    blocks.push(Block::Text(Text::Key("comparison.inhabitants_source")));
    if !organisations.is_empty() {
        blocks.push(Block::Links(
            organisations
                .iter()
                .map(|o| {
                    let link = Text::Filled(
                        "comparison.dashboard_link",
                        vec![("organisation", o.name.to_string())],
                    );
                    (link, o.dashboard_href.clone())
                })
                .collect(),
        ));
    }
    Section {
        id: "about".into(),
        heading: Text::Key("comparison.about"),
        blocks,
    }
}

/// One indicator: a chart of every organisation's years, its table, and
/// the notes on what differs.
fn section(indicator: &Indicator, organisations: &[&Compared]) -> Section {
    let heading = indicator
        .trends
        .first()
        .map_or(Text::Plain(String::new()), |(_, t)| t.heading.clone());
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut notes = Vec::new();
    for (o, trend) in &indicator.trends {
        if trend.table.unpublishable() {
            notes.push(filled("comparison.unpublishable", o.name));
            continue;
        }
        for (row, bar) in trend.table.rows.iter().zip(&trend.chart.bars) {
            let Some(year) = year_of(row).filter(|_| row.cells.iter().any(|c| *c != Cell::Empty))
            else {
                continue;
            };
            let label = Text::Filled(
                "comparison.row",
                vec![
                    ("organisation", o.name.to_string()),
                    ("year", year.to_string()),
                ],
            );
            let (cells, bar) = match indicator.kind {
                Kind::Registrations => {
                    let inhabitants = o.inhabitants.get(&year).copied();
                    if inhabitants.is_none() {
                        notes.push(Text::Filled(
                            "comparison.no_inhabitants",
                            vec![
                                ("organisation", o.name.to_string()),
                                ("year", year.to_string()),
                            ],
                        ));
                    }
                    per_thousand(row, inhabitants, label.clone())
                }
                _ => (
                    row.cells.clone(),
                    Bar {
                        label: label.clone(),
                        ..bar.clone()
                    },
                ),
            };
            rows.push(Row {
                label,
                cells,
                total: false,
            });
            bars.push(bar);
        }
    }
    for o in organisations {
        if !indicator.trends.iter().any(|(t, _)| t.name == o.name) {
            notes.push(filled("comparison.no_figure", o.name));
        }
    }
    if indicator.kind == Kind::Goal {
        notes.extend(coverage_note(&rows));
    }
    // The columns of the dashboard with the most (a version published
    // before a column was added has fewer).
    let first = indicator
        .trends
        .iter()
        .map(|(_, t)| *t)
        .max_by_key(|t| t.table.columns.len());
    let mut blocks = vec![Block::Chart(
        chart(indicator.kind, heading.clone(), first, bars),
        table(indicator, first, heading.clone(), rows),
    )];
    if let Some(norm) = first.and_then(|t| t.norm) {
        blocks.push(Block::Text(Text::Worded(
            "comparison.norm",
            vec![("norm", Value::Percent(norm, 0))],
        )));
    }
    if !notes.is_empty() {
        blocks.push(Block::List(notes.into_iter().map(Item::plain).collect()));
    }
    Section {
        // The table has the indicator's id; the section another.
        id: format!("about-{}", indicator.id.trim_start_matches("trend-")),
        heading,
        blocks,
    }
}

/// A message with the organisation's name filled in.
fn filled(key: &'static str, organisation: &str) -> Text {
    Text::Filled(key, vec![("organisation", organisation.to_string())])
}

/// A registrations row with the inhabitants and the registrations per
/// 1,000 of them, and its bar (per 1,000). The rate follows its count:
/// "–" where the count is hidden, nothing without inhabitants.
fn per_thousand(row: &Row, inhabitants: Option<u64>, label: Text) -> (Vec<Cell>, Bar) {
    let count = row.cells.first().cloned().unwrap_or(Cell::Empty);
    let rate = match (&count, inhabitants) {
        (Cell::Count(Entry::Count(n)), Some(people)) if people > 0 => {
            Cell::Number(*n as f64 * 1000.0 / people as f64, 1)
        }
        (Cell::Count(Entry::Hidden(mark)), _) => Cell::Share(Share::Hidden(*mark)),
        _ => Cell::Empty,
    };
    let value = match rate {
        Cell::Number(v, _) => Some(v),
        _ => None,
    };
    let bar = Bar {
        label,
        value,
        shown: rate.clone(),
        unit: String::new(),
        series: 0,
        marker: None,
        band: None,
    };
    let people = inhabitants.map_or(Cell::Empty, |p| Cell::Number(p as f64, 0));
    (vec![count, people, rate], bar)
}

/// The note that coverage differs by ten points or more between the rows
/// (the last cell of a goal realisation row): the shares then stand on
/// different parts of the trajectories.
fn coverage_note(rows: &[Row]) -> Option<Text> {
    let shown: Vec<f64> = rows
        .iter()
        .filter_map(|r| match r.cells.last() {
            Some(Cell::Share(Share::Shown(v))) => Some(*v),
            _ => None,
        })
        .collect();
    let low = shown.iter().copied().reduce(f64::min)?;
    let high = shown.iter().copied().reduce(f64::max)?;
    (high - low >= 0.10).then(|| {
        Text::Worded(
            "comparison.coverage_differs",
            vec![
                ("low", Value::Percent(low, 0)),
                ("high", Value::Percent(high, 0)),
            ],
        )
    })
}

/// The chart of an indicator: the registrations per 1,000 inhabitants,
/// else the shares as the dashboards draw them (with their intervals).
fn chart(kind: Kind, heading: Text, first: Option<&Trend>, bars: Vec<Bar>) -> Chart {
    let source = first.map_or(crate::model::Source::Registrations, |t| {
        t.chart.source.clone()
    });
    Chart {
        outlines: Vec::new(),
        title: match kind {
            Kind::Registrations => Text::Key("comparison.per_thousand_chart"),
            _ => heading,
        },
        bars,
        shares: kind != Kind::Registrations,
        source,
    }
}

/// The table of an indicator: a row per organisation and year, the
/// dashboard's columns after it (for the registrations, the inhabitants
/// and the rate too).
fn table(indicator: &Indicator, first: Option<&Trend>, heading: Text, rows: Vec<Row>) -> Table {
    let mut columns = vec![Text::Key("comparison.column")];
    columns.extend(
        first
            .iter()
            .flat_map(|t| t.table.columns.iter().skip(1))
            .cloned(),
    );
    if indicator.kind == Kind::Registrations {
        columns.push(Text::Key("column.inhabitants"));
        columns.push(Text::Key("column.per_thousand"));
    }
    // A dashboard published before a column was added has fewer cells.
    let rows = rows
        .into_iter()
        .map(|mut r| {
            r.cells.resize(columns.len() - 1, Cell::Empty);
            r
        })
        .collect();
    Table {
        id: indicator.id.trim_start_matches("trend-").to_string(),
        caption: Text::Worded("comparison.table", vec![("name", as_value(&heading))]),
        columns,
        rows,
        how: None,
    }
}

/// A heading as a value of a sentence.
fn as_value(text: &Text) -> Value {
    match text {
        Text::Key(key) => Value::Key(key.to_string()),
        Text::Filled(key, values) => Value::Filled(
            key.to_string(),
            values
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        ),
        other => Value::Text(match other {
            Text::Plain(s) => s.clone(),
            _ => String::new(),
        }),
    }
}
