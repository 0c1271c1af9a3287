//! The annual monitor (DOMAIN.md §5) and the multi-year dashboard of
//! societal tasks: research accountability, the organisation's way of
//! working, a management summary, the factsheets of the year, and every
//! theme over every year. The registrations per theme are the same
//! suppressed numbers the factsheets publish.

use crate::ledger::{CellKey, Counts, Reader, Scope};
use crate::model::{
    Audience, Bar, Block, Cell, Chart, How, Item, Publication, Row, Section, Table, Text,
};
use crate::reach::Reach;
use crate::suppression::{Entry, Mark};
use crate::tables::threshold;
use domain::{Coded, Narrative, NarrativeSection, Organisation, ReferenceItem, Survey, Theme};
use indicators::Figure;
use std::collections::BTreeSet;

/// A theme in its year with the figures of its selection.
#[derive(Debug, Clone, Copy)]
pub struct ThemeFigures<'a> {
    /// The theme.
    pub theme: &'a Theme,
    /// The figures of the theme's selection in its year.
    pub figures: &'a [Figure],
}

impl ThemeFigures<'_> {
    fn reach(&self, domains: &[ReferenceItem], data_version: i64) -> Reach<'_> {
        Reach {
            figures: self.figures,
            domains: self
                .theme
                .zrm_domains
                .iter()
                .map(|d| {
                    let name = domains
                        .iter()
                        .find(|i| i.code == d.as_str())
                        .map_or_else(|| d.as_str().to_string(), |i| i.name.clone());
                    (d.as_str().to_string(), name)
                })
                .collect(),
            how: How {
                indicator: "reach",
                selection: Text::Filled(
                    "selection.theme_year",
                    vec![
                        ("theme", self.theme.name.clone()),
                        ("year", self.theme.year.to_string()),
                    ],
                ),
                n: None,
                data_version,
            },
            year: self.theme.year,
            scope: match self.theme.societal_task {
                Some(_) => Scope::Theme(self.theme.code.as_str().to_string()),
                None => Scope::Organisation,
            },
        }
    }

    fn collective_participants(&self) -> Option<u64> {
        self.figures
            .iter()
            .find(|f| {
                f.indicator == "collective" && f.key("theme") == Some(self.theme.code.as_str())
            })
            .and_then(|f| f.value)
            .map(|v| v as u64)
    }
}

/// Everything the annual monitor of one year is made of.
#[derive(Debug, Clone)]
pub struct MonitorInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The names of its municipalities.
    pub municipalities: &'a [String],
    /// The year.
    pub year: i32,
    /// The themes of the year with their figures.
    pub themes: Vec<ThemeFigures<'a>>,
    /// The surveys of the organisation.
    pub surveys: &'a [Survey],
    /// The figures of the whole year (no theme), for the surveys and sources.
    pub figures: &'a [Figure],
    /// The researchers' texts.
    pub narratives: &'a [Narrative],
    /// The ZRM domains with their names.
    pub domains: &'a [ReferenceItem],
    /// The themes (codes) whose factsheet the monitor links to: for a
    /// municipality viewer, the published ones.
    pub linked: Vec<String>,
    /// The address of the factsheets: a theme's page is
    /// `<factsheets>/<theme>/<year>`.
    pub factsheets: String,
    /// The address of the dashboard.
    pub dashboard_href: String,
    /// The address of the year's survey results.
    pub surveys_href: String,
    /// The data version.
    pub data_version: i64,
}

/// The annual monitor.
pub fn monitor(input: &MonitorInput, reader: Reader) -> Publication {
    let audience = Audience::of(reader);
    let mut counts = Counts::new(reader);
    let sections = vec![
        accountability(input, &mut counts),
        way_of_working(input),
        summary(input, &mut counts),
        Section {
            id: "factsheets".into(),
            heading: Text::Key("monitor.factsheets"),
            blocks: vec![Block::Links(
                input
                    .themes
                    .iter()
                    .filter(|t| input.linked.iter().any(|c| c == t.theme.code.as_str()))
                    .map(|t| {
                        (
                            Text::Plain(t.theme.name.clone()),
                            format!(
                                "{}/{}/{}",
                                input.factsheets,
                                t.theme.code.as_str(),
                                input.year
                            ),
                        )
                    })
                    .collect(),
            )],
        },
        Section {
            id: "dashboard".into(),
            heading: Text::Key("monitor.dashboard"),
            blocks: vec![
                Block::Text(Text::Key("monitor.dashboard_intro")),
                Block::Links(vec![(
                    Text::Key("monitor.dashboard_link"),
                    input.dashboard_href.clone(),
                )]),
            ],
        },
    ];
    Publication {
        title: Text::Filled("monitor.title", vec![("year", input.year.to_string())]),
        facts: crate::model::facts(
            &input.organisation.name,
            Some(input.municipalities),
            Some(input.year),
        ),
        sections,
        audience,
        data_version: input.data_version,
        ledger: counts.ledger,
    }
}

fn accountability(input: &MonitorInput, counts: &mut Counts) -> Section {
    let mut blocks = vec![
        Block::Heading(Text::Key("monitor.questions")),
        Block::Text(Text::Key("monitor.questions_text")),
        Block::Heading(Text::Key("monitor.sources")),
        Block::List(vec![
            Item {
                label: None,
                text: Text::Filled(
                    "sources.registrations",
                    vec![("organisation", input.organisation.name.clone())],
                ),
            },
            Item {
                label: None,
                text: Text::Key("monitor.source_din"),
            },
            Item {
                label: None,
                text: Text::Key("monitor.source_cbs"),
            },
        ]),
    ];
    let surveys: Vec<Row> = input
        .surveys
        .iter()
        .filter(|s| s.year == input.year)
        .filter_map(|s| {
            let f = input.figures.iter().find(|f| {
                f.indicator == "survey_response" && f.key("survey") == Some(s.id.as_str())
            })?;
            let (asked, responded, share) = crate::surveys::response(f, input.year, counts);
            Some(Row {
                label: Text::Label("survey", s.kind.code().to_string()),
                cells: vec![
                    Cell::Count(asked),
                    Cell::Count(responded),
                    Cell::Share(share),
                ],
                total: false,
            })
        })
        .collect();
    if !surveys.is_empty() {
        blocks.push(Block::Table(Table {
            id: "surveys".into(),
            caption: Text::Key("monitor.surveys_table"),
            columns: vec![
                Text::Key("column.survey"),
                Text::Key("column.asked"),
                Text::Key("column.responded"),
                Text::Key("column.response"),
            ],
            rows: surveys,
            how: None,
        }));
        blocks.push(Block::Links(vec![(
            Text::Key("monitor.surveys_link"),
            input.surveys_href.clone(),
        )]));
    }
    blocks.extend([
        Block::Heading(Text::Key("monitor.methods")),
        Block::Text(Text::Key("monitor.methods_text")),
        Block::Heading(Text::Key("monitor.limitations")),
        Block::Text(Text::Key("monitor.limitations_text")),
    ]);
    Section {
        id: "accountability".into(),
        heading: Text::Key("monitor.accountability"),
        blocks,
    }
}

fn narratives_of<'a>(
    input: &'a MonitorInput,
    theme: &Theme,
    section: NarrativeSection,
) -> impl Iterator<Item = &'a Narrative> + 'a {
    let code = theme.code.clone();
    let year = input.year;
    input.narratives.iter().filter(move |n| {
        n.theme == code && n.year == year && n.section == section && n.goal.is_none()
    })
}

fn way_of_working(input: &MonitorInput) -> Section {
    let mut blocks = Vec::new();
    for t in &input.themes {
        let texts: Vec<Block> = narratives_of(input, t.theme, NarrativeSection::Method)
            .map(|n| Block::Text(Text::Markdown(n.text.clone())))
            .collect();
        if !texts.is_empty() {
            blocks.push(Block::Heading(Text::Plain(t.theme.name.clone())));
            blocks.extend(texts);
        }
    }
    if blocks.is_empty() {
        blocks.push(Block::Text(Text::Key("monitor.no_method")));
    }
    Section {
        id: "way-of-working".into(),
        heading: Text::Key("monitor.way_of_working"),
        blocks,
    }
}

fn summary(input: &MonitorInput, counts: &mut Counts) -> Section {
    // Participants of different themes may be the same people: no total is
    // published; each theme's is the sum of its activities' (tied on the
    // factsheets).
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    for t in &input.themes {
        let registrations = t.reach(input.domains, input.data_version).total(counts);
        let participants = match t.collective_participants() {
            None | Some(0) => Cell::Empty,
            Some(n) => {
                let key = CellKey::of(
                    input.year,
                    "collective",
                    &[("theme", t.theme.code.as_str())],
                    "participants",
                );
                Cell::Count(counts.shown(key, n))
            }
        };
        rows.push(Row {
            label: Text::Plain(t.theme.name.clone()),
            cells: vec![Cell::Count(registrations), participants],
            total: false,
        });
        bars.push(Bar::count(t.theme.name.clone(), registrations));
    }
    let chart = Chart {
        title: Text::Key("monitor.summary_chart"),
        bars,
        shares: false,
    };
    let mut blocks = vec![Block::Chart(
        chart,
        Table {
            id: "summary".into(),
            caption: Text::Key("monitor.summary_table"),
            columns: vec![
                Text::Key("column.theme"),
                Text::Key("column.registrations"),
                Text::Key("column.participants"),
            ],
            rows,
            how: None,
        },
    )];
    for t in &input.themes {
        for n in narratives_of(input, t.theme, NarrativeSection::Impact) {
            blocks.push(Block::Heading(Text::Plain(t.theme.name.clone())));
            blocks.push(Block::Text(Text::Markdown(n.text.clone())));
        }
    }
    Section {
        id: "summary".into(),
        heading: Text::Key("monitor.summary"),
        blocks,
    }
}

/// Everything the multi-year dashboard is made of: every theme of every
/// year with its figures, and the figures of every year (reach against
/// plan of the societal tasks).
#[derive(Debug, Clone)]
pub struct DashboardInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// Every theme in every year, with its figures.
    pub themes: Vec<ThemeFigures<'a>>,
    /// Per year, the figures of the whole year.
    pub years: Vec<(i32, &'a [Figure])>,
    /// The ZRM domains with their names.
    pub domains: &'a [ReferenceItem],
    /// The data version.
    pub data_version: i64,
}

/// The multi-year dashboard of societal tasks.
pub fn dashboard(input: &DashboardInput, reader: Reader) -> Publication {
    let audience = Audience::of(reader);
    let mut counts = Counts::new(reader);
    let years: BTreeSet<i32> = input
        .themes
        .iter()
        .map(|t| t.theme.year)
        .chain(input.years.iter().map(|(y, _)| *y))
        .collect();
    let years: Vec<i32> = years.into_iter().collect();
    let mut codes: Vec<&str> = Vec::new();
    for t in &input.themes {
        if !codes.contains(&t.theme.code.as_str()) {
            codes.push(t.theme.code.as_str());
        }
    }
    let of = |code: &str, year: i32| {
        input
            .themes
            .iter()
            .find(|t| t.theme.code.as_str() == code && t.theme.year == year)
    };
    let name = |code: &str| {
        input
            .themes
            .iter()
            .rev()
            .find(|t| t.theme.code.as_str() == code)
            .map_or_else(String::new, |t| t.theme.name.clone())
    };
    let mut total_of = |t: &ThemeFigures| {
        t.reach(input.domains, input.data_version)
            .total(&mut counts)
    };
    let totals: Vec<Vec<Option<Entry>>> = codes
        .iter()
        .map(|code| {
            years
                .iter()
                .map(|y| of(code, *y).map(&mut total_of))
                .collect()
        })
        .collect();
    let rows: Vec<Row> = codes
        .iter()
        .zip(&totals)
        .map(|(code, per_year)| Row {
            label: Text::Plain(name(code)),
            cells: per_year
                .iter()
                .map(|e| e.map_or(Cell::Empty, Cell::Count))
                .collect(),
            total: false,
        })
        .collect();
    let year_columns = || years.iter().map(|y| Text::Plain(y.to_string()));
    let mut blocks = vec![Block::Table(Table {
        id: "themes-years".into(),
        caption: Text::Key("dashboard.themes_table"),
        columns: std::iter::once(Text::Key("column.theme"))
            .chain(year_columns())
            .collect(),
        rows,
        how: None,
    })];
    for (code, per_year) in codes.iter().zip(&totals) {
        let over_years: Vec<(i32, Entry)> = years
            .iter()
            .zip(per_year)
            .filter_map(|(y, e)| e.map(|e| (*y, e)))
            .collect();
        if over_years.len() < 2 {
            continue;
        }
        let chart = Chart {
            title: Text::Filled("dashboard.theme_chart", vec![("theme", name(code))]),
            bars: over_years
                .iter()
                .map(|(y, e)| Bar::count(y.to_string(), *e))
                .collect(),
            shares: false,
        };
        let table = Table {
            id: format!("theme-{code}"),
            caption: Text::Filled("dashboard.theme_chart", vec![("theme", name(code))]),
            columns: vec![Text::Key("column.year"), Text::Key("column.registrations")],
            rows: over_years
                .iter()
                .map(|(y, e)| Row {
                    label: Text::Plain(y.to_string()),
                    cells: vec![Cell::Count(*e)],
                    total: false,
                })
                .collect(),
            how: None,
        };
        blocks.push(Block::Chart(chart, table));
    }
    let mut sections = vec![Section {
        id: "themes".into(),
        heading: Text::Key("dashboard.themes"),
        blocks,
    }];
    if let Some(plan) = plan_section(input, &years, &mut counts) {
        sections.push(plan);
    }
    Publication {
        title: Text::Key("dashboard.title"),
        facts: vec![
            (
                Text::Key("factsheet.organisation"),
                Text::Plain(input.organisation.name.clone()),
            ),
            (
                Text::Key("dashboard.years"),
                Text::Plain(match (years.first(), years.last()) {
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => String::new(),
                }),
            ),
        ],
        sections,
        audience,
        data_version: input.data_version,
        ledger: counts.ledger,
    }
}

/// Reach against plan per societal task and year: achieved (a count of
/// people, suppressed on its own), planned and the share.
fn plan_section(input: &DashboardInput, years: &[i32], counts: &mut Counts) -> Option<Section> {
    let k = threshold(Audience::of(counts.reader()));
    let mut tasks: Vec<String> = input
        .years
        .iter()
        .flat_map(|(_, figures)| figures.iter())
        .filter(|f| f.indicator == "reach_vs_plan" && f.keys.len() == 1)
        .filter_map(|f| f.key("societal_task").map(str::to_string))
        .collect();
    tasks.sort();
    tasks.dedup();
    if tasks.is_empty() {
        return None;
    }
    let find = |task: &str, year: i32| {
        input
            .years
            .iter()
            .find(|(y, _)| *y == year)
            .and_then(|(_, figures)| {
                figures.iter().find(|f| {
                    f.indicator == "reach_vs_plan"
                        && f.keys.len() == 1
                        && f.key("societal_task") == Some(task)
                })
            })
    };
    let mut secondary = false;
    let rows: Vec<Row> = tasks
        .iter()
        .map(|task| Row {
            label: Text::Plain(task.clone()),
            cells: years
                .iter()
                .map(|y| match find(task, *y) {
                    Some(f) => {
                        let achieved = f.number("achieved").unwrap_or(0.0) as u64;
                        let planned = f.number("planned").unwrap_or(0.0);
                        let key = CellKey::of(
                            *y,
                            "reach_vs_plan",
                            &[("societal_task", task)],
                            "achieved",
                        );
                        let entry = counts.shown(key, achieved);
                        secondary |= entry.mark() == Some(Mark::Secondary);
                        let shown = entry.text(k);
                        let share = match entry {
                            Entry::Hidden(_) => String::new(),
                            Entry::Count(_) => f.value.map_or_else(String::new, |v| {
                                format!(" ({}%)", (v * 100.0).round())
                            }),
                        };
                        Cell::Text(Text::Plain(format!("{shown} / {planned}{share}")))
                    }
                    None => Cell::Empty,
                })
                .collect(),
            total: false,
        })
        .collect();
    Some(Section {
        id: "plan".into(),
        heading: Text::Key("dashboard.plan"),
        blocks: vec![
            Block::Text(Text::Key("dashboard.plan_intro")),
            Block::Table(Table {
                id: "plan".into(),
                caption: Text::Key("dashboard.plan_table"),
                columns: std::iter::once(Text::Key("column.societal_task"))
                    .chain(years.iter().map(|y| Text::Plain(y.to_string())))
                    .collect(),
                rows,
                how: None,
            }),
        ]
        .into_iter()
        .chain(secondary.then_some(Block::Text(Text::Key("suppression.secondary_note"))))
        .collect(),
    })
}
