//! The annual monitor (DOMAIN.md §5) and the multi-year dashboard of
//! societal tasks: research accountability, the organisation's way of
//! working, a management summary, the factsheets of the year, and every
//! theme over every year. The registrations per theme are the same
//! suppressed numbers the factsheets publish.

use crate::ledger::{CellKey, Counted, Counts, Scope};
use crate::model::{
    Audience, Bar, Block, Cell, Chart, Item, Layout, Row, Section, Source, Table, Text,
};
use crate::plan::Plan;
use crate::reach::Reach;
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
        Reach::of_theme(self.theme, self.figures, domains, data_version)
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
    /// The organisation's areas with an outline and their figures, for
    /// the maps (none: no maps).
    pub areas: &'a [crate::area::MapArea<'a>],
    /// The pages of the areas the monitor links to (for a municipality
    /// viewer, the published ones): name and address.
    pub area_pages: Vec<(String, String)>,
    /// The names of context indicators.
    pub definitions: &'a [domain::IndicatorDefinition],
    /// The data version.
    pub data_version: i64,
}

/// Where the organisation works: the pages of its areas and the maps of
/// them all (`area::maps`), none outlined above the others; none without
/// areas.
fn areas(input: &MonitorInput, counts: &mut Counts) -> Option<Section> {
    if input.areas.is_empty() && input.area_pages.is_empty() {
        return None;
    }
    let mut blocks = vec![Block::Text(Text::Key("monitor.areas_intro"))];
    if !input.area_pages.is_empty() {
        blocks.push(Block::Links(
            input
                .area_pages
                .iter()
                .map(|(name, href)| (Text::Plain(name.clone()), href.clone()))
                .collect(),
        ));
    }
    let maps = crate::area::AreaMaps {
        organisation: input.organisation,
        year: input.year,
        areas: input.areas,
        whole: input.figures,
        domains: input.domains,
        definitions: input.definitions,
        subject: None,
    };
    blocks.extend(crate::area::maps(&maps, counts));
    Some(Section {
        id: "areas".into(),
        heading: Text::Key("monitor.areas"),
        blocks,
    })
}

/// The annual monitor.
pub fn monitor(input: &MonitorInput, audience: Audience) -> Layout {
    let mut counts = Counts::new(audience);
    let mut sections = vec![
        accountability(input, audience, &mut counts),
        way_of_working(input, audience),
        summary(input, &mut counts),
    ];
    if let Some(plan) = Plan::of(input.year, input.figures) {
        sections.push(Section {
            id: "plan".into(),
            heading: Text::Key("dashboard.plan"),
            blocks: plan.blocks(&mut counts),
        });
    }
    sections.extend(areas(input, &mut counts));
    sections.extend([
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
    ]);
    Layout {
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

/// The research accountability: questions, data sources with their size
/// and response, methods and limitations. Each text is the organisation's
/// own for the year where a researcher wrote one, else the default text.
fn accountability(input: &MonitorInput, audience: Audience, counts: &mut Counts) -> Section {
    let mut blocks = vec![Block::Heading(Text::Key("monitor.questions"))];
    blocks.extend(chapter_text(
        input,
        audience,
        NarrativeSection::Questions,
        Some("monitor.questions_text"),
    ));
    blocks.push(Block::Heading(Text::Key("monitor.sources")));
    blocks.extend(chapter_text(
        input,
        audience,
        NarrativeSection::Sources,
        None,
    ));
    blocks.push(Block::List(source_list(input)));
    blocks.push(Block::Table(sources_table(input, counts)));
    if input.surveys.iter().any(|s| s.year == input.year) {
        blocks.push(Block::Links(vec![(
            Text::Key("monitor.surveys_link"),
            input.surveys_href.clone(),
        )]));
    }
    blocks.push(Block::Heading(Text::Key("monitor.methods")));
    blocks.extend(chapter_text(
        input,
        audience,
        NarrativeSection::ResearchMethods,
        Some("monitor.methods_text"),
    ));
    blocks.push(Block::Heading(Text::Key("monitor.limitations")));
    blocks.extend(chapter_text(
        input,
        audience,
        NarrativeSection::Limitations,
        Some("monitor.limitations_text"),
    ));
    Section {
        id: "accountability".into(),
        heading: Text::Key("monitor.accountability"),
        blocks,
    }
}

/// The monitor's own texts of a section for the year (without a theme).
fn own_texts(input: &MonitorInput, section: NarrativeSection) -> Vec<Block> {
    input
        .narratives
        .iter()
        .filter(|n| n.theme.is_none() && n.year == input.year && n.section == section)
        .map(|n| Block::Text(Text::Markdown(n.text.clone())))
        .collect()
}

/// A chapter's text: the organisation's own for the year, else the
/// default; staff are told that the default stands and given a link to
/// the form that writes the organisation's own.
fn chapter_text(
    input: &MonitorInput,
    audience: Audience,
    section: NarrativeSection,
    default: Option<&'static str>,
) -> Vec<Block> {
    let own = own_texts(input, section);
    if !own.is_empty() {
        return own;
    }
    let mut blocks: Vec<Block> = default
        .map(Text::Key)
        .map(Block::Text)
        .into_iter()
        .collect();
    if audience == Audience::Staff {
        let href = format!(
            "/organisations/{}/texts/narrative?year={}&section={}",
            input.organisation.code.as_str(),
            input.year,
            section.code()
        );
        blocks.push(Block::Text(Text::Key(match default {
            Some(_) => "monitor.default_text",
            None => "monitor.no_text",
        })));
        blocks.push(Block::Links(vec![(Text::Key("monitor.write_text"), href)]));
    }
    blocks
}

/// The sources by name: the registrations, the DIN, and every context
/// table a theme's figures come from.
fn source_list(input: &MonitorInput) -> Vec<Item> {
    let item = Item::plain;
    let mut items = vec![
        item(Text::Filled(
            "sources.registrations",
            vec![("organisation", input.organisation.name.clone())],
        )),
        item(Text::Key("monitor.source_din")),
    ];
    let tables: BTreeSet<String> = input
        .themes
        .iter()
        .flat_map(|t| t.figures.iter())
        .filter(|f| f.indicator == "context")
        .filter_map(|f| f.text("table_id").map(str::to_string))
        .collect();
    items.push(item(match tables.is_empty() {
        true => Text::Key("monitor.source_cbs"),
        false => Text::Filled(
            "monitor.source_cbs_tables",
            vec![("tables", tables.into_iter().collect::<Vec<_>>().join(", "))],
        ),
    }));
    items
}

/// How much each source holds for the year: the registrations running in
/// it, the adults' trajectories with a goal and an end score among all of
/// them (the coverage on which goal realisation rests), and each survey's
/// response. The counts are the factsheets' cells and their sums.
fn sources_table(input: &MonitorInput, counts: &mut Counts) -> Table {
    let mut rows = Vec::new();
    let (registrations, trajectories) = whole_year(input, counts);
    rows.push(Row {
        label: Text::Filled(
            "monitor.source_registrations",
            vec![("year", input.year.to_string())],
        ),
        cells: vec![Cell::counted(&registrations), Cell::Empty, Cell::Empty],
        total: false,
    });
    if let Some((scored, all)) = trajectories {
        rows.push(Row {
            label: Text::Key("monitor.source_trajectories"),
            cells: vec![
                Cell::counted(&scored),
                Cell::counted(&all),
                Cell::ratio(&scored, &all),
            ],
            total: false,
        });
    }
    for s in input.surveys.iter().filter(|s| s.year == input.year) {
        let Some(f) = input
            .figures
            .iter()
            .find(|f| f.indicator == "survey_response" && f.key("survey") == Some(s.id.as_str()))
        else {
            continue;
        };
        let response = crate::surveys::response(f, input.year, counts);
        let share = crate::surveys::response_share(&response);
        let (asked, responded, _) = response;
        rows.push(Row {
            label: Text::Label("survey", s.kind.code().to_string()),
            cells: vec![Cell::counted(&responded), Cell::counted(&asked), share],
            total: false,
        });
    }
    Table {
        id: "sources".into(),
        caption: Text::Key("monitor.sources_table"),
        columns: vec![
            Text::Key("column.source"),
            Text::Key("column.count"),
            Text::Key("column.of"),
            Text::Key("column.share"),
        ],
        rows,
        how: None,
    }
}

/// The year's registrations of the whole organisation (the sum of every
/// main domain's, the cells of the factsheets) and, when goals are scored,
/// the adults' trajectories with both scores among all of them (the sums
/// of the factsheets' coverage per main domain).
fn whole_year(input: &MonitorInput, counts: &mut Counts) -> (Counted, Option<(Counted, Counted)>) {
    let year = crate::trends::Year::new(input.year, input.figures, input.data_version);
    let domains = &year.mains;
    let registrations = year.reach().total(counts);
    let coverage: Vec<(&String, u64, u64)> = domains
        .iter()
        .filter_map(|d| {
            let f = input.figures.iter().find(|f| {
                f.indicator == "goal_coverage" && f.keys.len() == 1 && f.key("domain") == Some(d)
            })?;
            Some((d, f.numerator.unwrap_or(0), f.denominator.unwrap_or(0)))
        })
        .collect();
    if coverage.iter().all(|(_, _, all)| *all == 0) {
        return (registrations, None);
    }
    let set = domains.join("+");
    let mut totals = Vec::new();
    for (field, value) in [
        ("denominator", coverage.iter().map(|c| c.2).sum::<u64>()),
        ("numerator", coverage.iter().map(|c| c.1).sum()),
    ] {
        let part = |d: &str| {
            CellKey::of(input.year, "goal_coverage", &[("domain", d)], field)
                .within(Scope::Organisation)
        };
        let total = CellKey::of(input.year, "goal_coverage", &[("domains", &set)], field)
            .within(Scope::Organisation);
        for (d, numerator, denominator) in &coverage {
            let v = match field {
                "numerator" => *numerator,
                _ => *denominator,
            };
            counts.ledger.link(part(d), Some(v));
        }
        counts
            .ledger
            .sum(total.clone(), coverage.iter().map(|c| part(c.0)).collect());
        totals.push(counts.shown(total, value));
    }
    let numerator = totals.pop().expect("the numerator");
    let denominator = totals.pop().expect("the denominator");
    (registrations, Some((numerator, denominator)))
}

/// The chapter on the organisation's way of working: the organisation's
/// own text for the year; without one, the themes' texts under their
/// names.
fn way_of_working(input: &MonitorInput, audience: Audience) -> Section {
    let mut blocks = own_texts(input, NarrativeSection::Method);
    if blocks.is_empty() {
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
        blocks.extend(
            chapter_text(input, audience, NarrativeSection::Method, None)
                .into_iter()
                .filter(|b| !matches!(b, Block::Text(Text::Key("monitor.no_text")))),
        );
    }
    Section {
        id: "way-of-working".into(),
        heading: Text::Key("monitor.way_of_working"),
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
        n.theme.as_ref() == Some(&code)
            && n.year == year
            && n.section == section
            && n.goal.is_none()
    })
}

/// The management summary: the organisation's conclusion for the year,
/// the registrations per theme as a chart, and per theme its key figures
/// with the numbers they rest on, and the theme's impact conclusion.
fn summary(input: &MonitorInput, counts: &mut Counts) -> Section {
    let mut blocks = own_texts(input, NarrativeSection::Impact);
    blocks.push(themes_chart(input, counts));
    blocks.push(Block::Text(Text::Key("monitor.key_figures_note")));
    for t in &input.themes {
        blocks.push(Block::Heading(Text::Plain(t.theme.name.clone())));
        let factsheet = crate::theme::FactsheetInput {
            organisation: input.organisation,
            theme: t.theme,
            municipalities: input.municipalities,
            goals: &[],
            efforts: &[],
            partners: &[],
            narratives: input.narratives,
            definitions: &[],
            domains: input.domains,
            pg_dimensions: &[],
            surveys: &[],
            figures: t.figures,
            data_version: input.data_version,
        };
        blocks.push(Block::Table(crate::support::key_figure_table(
            &factsheet, counts,
        )));
        for n in narratives_of(input, t.theme, NarrativeSection::Impact) {
            blocks.push(Block::Text(Text::Markdown(n.text.clone())));
        }
    }
    Section {
        id: "summary".into(),
        heading: Text::Key("monitor.summary"),
        blocks,
    }
}

/// The registrations and collective participants per theme, as a chart
/// with its table. Participants of different themes may be the same
/// people: no total is published; each theme's is the sum of its
/// activities' (tied on the factsheets).
fn themes_chart(input: &MonitorInput, counts: &mut Counts) -> Block {
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
                Cell::counted(&counts.shown(key, n))
            }
        };
        rows.push(Row {
            label: Text::Plain(t.theme.name.clone()),
            cells: vec![Cell::counted(&registrations), participants],
            total: false,
        });
        bars.push(Bar::count(t.theme.name.clone(), &registrations));
    }
    let chart = Chart {
        outlines: Vec::new(),
        title: Text::Key("monitor.summary_chart"),
        bars,
        shares: false,
        source: Source::Registrations,
    };
    Block::Chart(
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
    )
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

/// The multi-year dashboard of societal tasks: per year with data, the
/// registrations of every theme as a chart (small multiples, one per
/// year); each theme that returns over the years as its own chart; all of
/// it in one table of the years with data; then reach against plan per
/// societal task as bars with the plan marked, and per service.
pub fn dashboard(input: &DashboardInput, audience: Audience) -> Layout {
    let mut counts = Counts::new(audience);
    let mut totals: Vec<(&ThemeFigures, Counted, u64)> = Vec::new();
    for t in &input.themes {
        let reach = t.reach(input.domains, input.data_version);
        let entry = reach.total(&mut counts);
        totals.push((t, entry, reach.total_value()));
    }
    let plan_years: BTreeSet<i32> = input
        .years
        .iter()
        .filter(|(_, figures)| figures.iter().any(|f| f.indicator == "reach_vs_plan"))
        .map(|(y, _)| *y)
        .collect();
    let years: Vec<i32> = totals
        .iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(t, _, _)| t.theme.year)
        .chain(plan_years.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut blocks = Vec::new();
    for year in &years {
        let of_year: Vec<&(&ThemeFigures, Counted, u64)> = totals
            .iter()
            .filter(|(t, _, _)| t.theme.year == *year)
            .collect();
        if of_year.iter().all(|(_, _, n)| *n == 0) {
            continue;
        }
        blocks.push(year_chart(*year, &of_year));
    }
    blocks.extend(themes_over_years(&totals, &years));
    let trend_years: Vec<crate::trends::Year> = input
        .years
        .iter()
        .map(|(y, figures)| crate::trends::Year::new(*y, figures, input.data_version))
        .collect();
    let trends = crate::trends::trends(&trend_years, input.domains, &mut counts);
    let mut sections = Vec::new();
    if !trends.is_empty() {
        sections.push(Section {
            id: "changes".into(),
            heading: Text::Key("dashboard.changes"),
            blocks: vec![
                Block::Text(Text::Key("dashboard.changes_intro")),
                Block::Trends(trends),
            ],
        });
    }
    sections.push(Section {
        id: "themes".into(),
        heading: Text::Key("dashboard.themes"),
        blocks,
    });
    if let Some(plan) = plan_section(input, &plan_years, &mut counts) {
        sections.push(plan);
    }
    Layout {
        title: Text::Key("dashboard.title"),
        facts: vec![
            (
                Text::Key("factsheet.organisation"),
                Text::Plain(input.organisation.name.clone()),
            ),
            (
                Text::Key("dashboard.years"),
                Text::Plain(match (years.first(), years.last()) {
                    (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
                    (Some(a), _) => a.to_string(),
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

/// The registrations of each theme of a year, as a chart with its table.
fn year_chart(year: i32, themes: &[&(&ThemeFigures, Counted, u64)]) -> Block {
    let title = Text::Filled("dashboard.year_chart", vec![("year", year.to_string())]);
    let chart = Chart {
        outlines: Vec::new(),
        title: title.clone(),
        bars: themes
            .iter()
            .map(|(t, e, _)| Bar::count(t.theme.name.clone(), e))
            .collect(),
        shares: false,
        source: Source::Registrations,
    };
    let table = Table {
        id: format!("year-{year}"),
        caption: title,
        columns: vec![Text::Key("column.theme"), Text::Key("column.registrations")],
        rows: themes
            .iter()
            .map(|(t, e, _)| Row {
                label: Text::Plain(t.theme.name.clone()),
                cells: vec![Cell::counted(e)],
                total: false,
            })
            .collect(),
        how: None,
    };
    Block::Chart(chart, table)
}

/// The first theme of the line a theme belongs to over the years: itself,
/// or — following what each continues (the DIN's `continues`; without it,
/// the same code or the same societal task in the latest earlier year) —
/// the earliest theme it carries on.
fn line_of<'a>(
    totals: &[(&'a ThemeFigures, Counted, u64)],
    theme: &'a domain::Theme,
) -> &'a domain::Theme {
    let before = |t: &domain::Theme| -> Option<&'a domain::Theme> {
        let continues = |o: &domain::Theme| match &t.continues {
            Some(code) => &o.code == code,
            None => {
                o.code == t.code
                    || (o.societal_task.is_some() && o.societal_task == t.societal_task)
            }
        };
        totals
            .iter()
            .map(|(o, _, _)| o.theme)
            .filter(|o| o.year < t.year && continues(o))
            .max_by_key(|o| o.year)
    };
    let mut current = theme;
    while let Some(earlier) = before(current) {
        current = earlier;
    }
    current
}

/// Each line of themes found in two or more years (one theme, or a theme
/// and what continues it) as a chart over them, and every line in one
/// table of the years with data.
fn themes_over_years(totals: &[(&ThemeFigures, Counted, u64)], years: &[i32]) -> Vec<Block> {
    // Each theme's line, followed once.
    let line_of_theme: Vec<&str> = totals
        .iter()
        .map(|(t, _, _)| line_of(totals, t.theme).code.as_str())
        .collect();
    let mut lines: Vec<&str> = Vec::new();
    for line in &line_of_theme {
        if !lines.contains(line) {
            lines.push(line);
        }
    }
    let of = |line: &str, year: i32| {
        totals
            .iter()
            .zip(&line_of_theme)
            .find(|((t, _, _), l)| t.theme.year == year && **l == line)
            .map(|(theme, _)| theme)
    };
    let name = |line: &str| {
        let mut names: Vec<&str> = Vec::new();
        for y in years {
            if let Some((t, _, _)) = of(line, *y) {
                if names.last() != Some(&t.theme.name.as_str()) {
                    names.push(&t.theme.name);
                }
            }
        }
        names.join(" → ")
    };
    let mut blocks = Vec::new();
    for line in &lines {
        let over_years: Vec<(i32, &str, &Counted)> = years
            .iter()
            .filter_map(|y| of(line, *y).map(|(t, e, _)| (*y, t.theme.name.as_str(), e)))
            .collect();
        if over_years.len() < 2 {
            continue;
        }
        let renamed = over_years.iter().any(|(_, n, _)| *n != over_years[0].1);
        let label = |y: i32, n: &str| match renamed {
            true => format!("{y} · {n}"),
            false => y.to_string(),
        };
        let title = Text::Filled("dashboard.theme_chart", vec![("theme", name(line))]);
        let chart = Chart {
            outlines: Vec::new(),
            title: title.clone(),
            bars: over_years
                .iter()
                .map(|(y, n, e)| Bar::count(label(*y, n), e))
                .collect(),
            shares: false,
            source: Source::Registrations,
        };
        let table = Table {
            id: format!("theme-{line}"),
            caption: title,
            columns: vec![Text::Key("column.year"), Text::Key("column.registrations")],
            rows: over_years
                .iter()
                .map(|(y, n, e)| Row {
                    label: Text::Plain(label(*y, n)),
                    cells: vec![Cell::counted(e)],
                    total: false,
                })
                .collect(),
            how: None,
        };
        blocks.push(Block::Chart(chart, table));
    }
    if years.len() < 2 {
        // One year: its chart's table says it all.
        return blocks;
    }
    let rows: Vec<Row> = lines
        .iter()
        .map(|line| Row {
            label: Text::Plain(name(line)),
            cells: years
                .iter()
                .map(|y| of(line, *y).map_or(Cell::Empty, |(_, e, _)| Cell::counted(e)))
                .collect(),
            total: false,
        })
        .collect();
    blocks.push(Block::Table(Table {
        id: "themes-years".into(),
        caption: Text::Key("dashboard.themes_table"),
        columns: std::iter::once(Text::Key("column.theme"))
            .chain(years.iter().map(|y| Text::Plain(y.to_string())))
            .collect(),
        rows,
        how: None,
    }));
    blocks
}

/// Reach against plan per societal task, a year at a time
/// ([`crate::plan`]).
fn plan_section(
    input: &DashboardInput,
    years: &BTreeSet<i32>,
    counts: &mut Counts,
) -> Option<Section> {
    let mut blocks = vec![Block::Text(Text::Key("dashboard.plan_intro"))];
    for year in years {
        let Some((_, figures)) = input.years.iter().find(|(y, _)| y == year) else {
            continue;
        };
        if let Some(plan) = Plan::of(*year, figures) {
            blocks.extend(plan.blocks(counts));
        }
    }
    (blocks.len() > 1).then(|| Section {
        id: "plan".into(),
        heading: Text::Key("dashboard.plan"),
        blocks,
    })
}
