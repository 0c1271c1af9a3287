//! The factsheet of one theme and year (DOMAIN.md §5), in the seeds'
//! order: goals, the situation in the municipality, the way of working,
//! the activities in four categories, partners, individual support,
//! collective activities, summary and interpretation per goal, sources.
//! Every number comes from the `indicators` figures handed in; every count
//! is written to the publication's ledger under what it counts and shown
//! as the reader may see it ([`crate::ledger`]).

use crate::ledger::{per_main, CellKey, Counts, Reader, Scope};
use crate::model::Value;
use crate::model::{
    Audience, Bar, Block, Card, Cell, Chart, How, Item, Publication, Row, Section, Source, Table,
    Text,
};
use crate::reach::Reach;
use crate::suppression::{self, Entry, Mark, Threshold};
use crate::tables::threshold;
use chrono::Datelike;
use domain::{
    Coded, Date, Effort, EffortCategory, Goal, IndicatorDefinition, Narrative, NarrativeSection,
    Organisation, Partner, ReferenceItem, Survey, Theme,
};
use indicators::Figure;
use std::collections::BTreeMap;

/// Everything a factsheet is made of: the organisation's DIN and texts for
/// the theme, and the figures computed for the theme and year.
#[derive(Debug, Clone, Copy)]
pub struct FactsheetInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The theme in its year.
    pub theme: &'a Theme,
    /// The names of the municipalities the organisation works for.
    pub municipalities: &'a [String],
    /// The organisation's goals (all themes; the theme's are picked).
    pub goals: &'a [Goal],
    /// The organisation's efforts.
    pub efforts: &'a [Effort],
    /// The organisation's partners.
    pub partners: &'a [Partner],
    /// The researchers' texts.
    pub narratives: &'a [Narrative],
    /// The names of context indicators.
    pub definitions: &'a [IndicatorDefinition],
    /// The ZRM domains with their names.
    pub domains: &'a [ReferenceItem],
    /// The Positive Health dimensions with their names.
    pub pg_dimensions: &'a [ReferenceItem],
    /// The organisation's surveys: an impact measurement that asked about
    /// one of the theme's activities is shown with it.
    pub surveys: &'a [Survey],
    /// The figures of the theme and year (`indicators::compute` with the
    /// theme's selection).
    pub figures: &'a [Figure],
    /// The data version the figures were computed from.
    pub data_version: i64,
}

impl<'a> FactsheetInput<'a> {
    pub(crate) fn year(&self) -> i32 {
        self.theme.year
    }

    /// The theme's reach in its year, as every table of the theme counts it.
    pub(crate) fn reach(&self) -> Reach<'a> {
        Reach::of_theme(self.theme, self.figures, self.domains, self.data_version)
    }

    pub(crate) fn goals(&self) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(|g| g.theme == self.theme.code)
    }

    /// The theme's efforts running in the year.
    pub(crate) fn efforts(&self) -> Vec<&Effort> {
        let goal_ids: Vec<_> = self.goals().map(|g| &g.id).collect();
        let (first, last) = year_bounds(self.year());
        self.efforts
            .iter()
            .filter(|e| {
                e.themes.contains(&self.theme.code) || e.goals.iter().any(|g| goal_ids.contains(&g))
            })
            .filter(|e| e.started.is_none_or(|d| d <= last) && e.stopped.is_none_or(|d| d >= first))
            .collect()
    }

    pub(crate) fn domain_name(&self, code: &str) -> String {
        self.domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    }

    /// A Positive Health dimension's name.
    fn pg_name(&self, code: &str) -> String {
        self.pg_dimensions
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.replace('_', " "), |d| d.name.clone())
    }

    /// The theme's collective activities of the year, and those planned to
    /// start after it (listed as planned, not dropped).
    fn collective_efforts(&self) -> Vec<&Effort> {
        let goal_ids: Vec<_> = self.goals().map(|g| &g.id).collect();
        let (_, last) = year_bounds(self.year());
        let running = self.efforts();
        let planned = self.efforts.iter().filter(|e| {
            e.category == EffortCategory::CollectiveActivity
                && (e.themes.contains(&self.theme.code)
                    || e.goals.iter().any(|g| goal_ids.contains(&g)))
                && e.started.is_some_and(|d| d > last)
                && e.stopped.is_none()
        });
        running
            .into_iter()
            .filter(|e| e.category == EffortCategory::CollectiveActivity)
            .chain(planned)
            .collect()
    }

    pub(crate) fn partner_name(&self, id: &str) -> Text {
        match self.partners.iter().find(|p| p.id.as_str() == id) {
            Some(p) => Text::Plain(p.name.clone()),
            None => Text::Label("partner", id.to_string()),
        }
    }

    pub(crate) fn narratives(&self, section: NarrativeSection, goal: Option<&str>) -> Vec<Block> {
        self.narratives
            .iter()
            .filter(|n| {
                n.theme.as_ref() == Some(&self.theme.code)
                    && n.year == self.year()
                    && n.section == section
            })
            .filter(|n| n.goal.as_ref().map(|g| g.as_str()) == goal)
            .map(|n| Block::Text(Text::Markdown(n.text.clone())))
            .collect()
    }

    pub(crate) fn find(&self, indicator: &str, keys: &[(&str, &str)]) -> Option<&Figure> {
        self.figures.iter().find(|f| {
            f.indicator == indicator
                && f.keys.len() == keys.len()
                && keys.iter().all(|(k, v)| f.key(k) == Some(v))
        })
    }

    pub(crate) fn count(&self, indicator: &str, keys: &[(&str, &str)]) -> u64 {
        self.find(indicator, keys).map_or(0, |f| f.n)
    }

    /// Whose registrations the theme's counts are: the organisation's for
    /// a theme of main domains (the same cells as every other theme with
    /// that domain), the theme's own for a societal task's services.
    pub(crate) fn scope(&self) -> Scope {
        crate::reach::theme_scope(self.theme)
    }

    /// The theme's domains as one key: `a+b+c`.
    pub(crate) fn domain_set(&self) -> String {
        let mut codes: Vec<&str> = self.theme.zrm_domains.iter().map(|d| d.as_str()).collect();
        codes.sort_unstable();
        codes.join("+")
    }

    /// A key of the theme's registrations: of its domains, or of the
    /// theme's own selection.
    pub(crate) fn key(
        &self,
        indicator: &'static str,
        keys: &[(&'static str, &str)],
        field: &'static str,
    ) -> CellKey {
        let set = self.domain_set();
        let mut all: Vec<(&'static str, &str)> = match self.scope() {
            Scope::Organisation => vec![("domains", set.as_str())],
            _ => vec![],
        };
        all.extend_from_slice(keys);
        CellKey::of(self.year(), indicator, &all, field).within(self.scope())
    }

    pub(crate) fn how(&self, indicator: &'static str, n: Option<Entry>) -> How {
        How {
            indicator,
            selection: crate::reach::theme_selection(self.theme),
            n,
            data_version: self.data_version,
        }
    }
}

fn year_bounds(year: i32) -> (Date, Date) {
    let day = |m, d| Date::from_ymd_opt(year, m, d).expect("a valid day of the year");
    (day(1, 1), day(12, 31))
}

/// Builds the factsheet for a reader.
pub fn factsheet(input: &FactsheetInput, reader: Reader) -> Publication {
    let audience = Audience::of(reader);
    let mut counts = Counts::new(reader);
    let (individual, registrations) = individual(input, &mut counts);
    let sections = vec![
        goals(input, audience, &mut counts),
        situation(input),
        Section::new("method", Text::Key("factsheet.method"), method(input)),
        activities(input),
        partners(input),
        individual,
        collective(input, &mut counts),
        summary(input, audience, registrations),
        sources(input),
    ];
    Publication {
        title: Text::Plain(input.theme.name.clone()),
        facts: crate::model::facts(
            &input.organisation.name,
            Some(input.municipalities),
            Some(input.year()),
        ),
        sections: crate::model::readable(sections),
        audience,
        data_version: input.data_version,
        ledger: counts.ledger,
    }
}

impl Section {
    fn new(id: &str, heading: Text, blocks: Vec<Block>) -> Self {
        Self {
            id: id.to_string(),
            heading,
            blocks,
        }
    }
}

/// The goals, first: per goal its wording (the researchers' and the
/// municipality's), type, target with the progress against it, its key
/// figures and the researchers' interpretation beside them. Only staff
/// read that a goal has no interpretation yet, with a link to write it.
fn goals(input: &FactsheetInput, audience: Audience, counts: &mut Counts) -> Section {
    let mut blocks = Vec::new();
    for goal in input.goals() {
        blocks.extend(goal_blocks(input, goal, audience, counts));
    }
    if blocks.is_empty() {
        blocks.push(Block::Text(Text::Key("factsheet.no_goals")));
    }
    Section::new("goals", Text::Key("factsheet.goals"), blocks)
}

/// One goal with its figures and interpretation, under its own heading.
fn goal_blocks(
    input: &FactsheetInput,
    goal: &Goal,
    audience: Audience,
    counts: &mut Counts,
) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(Text::Plain(goal.text_operational.clone()))];
    let mut facts = vec![Item {
        label: Some(Text::Key("summary.goal_type")),
        text: Text::Label("goal_type", goal.goal_type.code().to_string()),
    }];
    if let Some(original) = &goal.text_original {
        facts.push(Item {
            label: Some(Text::Key("summary.original")),
            text: Text::Plain(original.clone()),
        });
    }
    facts.extend(crate::support::target(input, &goal.target, counts));
    blocks.push(Block::List(facts));
    let figures = crate::support::key_figures(input, &goal.key_figures, counts);
    if !figures.is_empty() {
        blocks.push(Block::Text(Text::Key("summary.key_figures")));
        blocks.push(Block::List(figures));
    }
    let texts = input.narratives(NarrativeSection::Interpretation, Some(goal.id.as_str()));
    if texts.is_empty() && audience == Audience::Staff {
        let href = format!(
            "/organisations/{}/texts/narrative?theme={}&year={}&section=duiding&goal={}",
            input.organisation.code.as_str(),
            input.theme.code.as_str(),
            input.year(),
            goal.id.as_str()
        );
        blocks.push(Block::Text(Text::Key("summary.no_interpretation")));
        blocks.push(Block::Links(vec![(
            Text::Key("summary.write_interpretation"),
            href,
        )]));
    }
    blocks.extend(texts);
    blocks
}

/// The blocks of one goal in a factsheet (its heading, figures and
/// interpretation), found by the goal's operational wording: what the
/// researcher sees beside the interpretation she writes.
pub fn blocks_of_goal(p: &Publication, wording: &str) -> Vec<Block> {
    let Some(goals) = p.sections.iter().find(|s| s.id == "goals") else {
        return vec![];
    };
    let is_heading = |b: &Block| matches!(b, Block::Heading(_));
    let start = goals
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading(Text::Plain(t)) if t == wording));
    let Some(start) = start else { return vec![] };
    goals.blocks[start + 1..]
        .iter()
        .take_while(|b| !is_heading(b))
        .cloned()
        .collect()
}

/// The context figure of an indicator for a region level at a period.
struct ContextRow<'a> {
    indicator: &'a str,
    period: &'a str,
    municipality: &'a Figure,
    province: Option<&'a Figure>,
    nation: Option<&'a Figure>,
}

impl ContextRow<'_> {
    /// Where its values come from: each source with its table id.
    fn sources(&self) -> Vec<String> {
        crate::model::context_sources([Some(self.municipality), self.province, self.nation])
    }
}

fn context_rows<'a>(figures: &'a [Figure]) -> Vec<ContextRow<'a>> {
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
fn published(f: Option<&Figure>) -> Cell {
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

/// The situation in the municipality: the theme's chosen context
/// indicators (every one stored when it chose none), each as a chart over
/// the years available with the municipality, province and nation side by
/// side, its comparison in words and its table; the researcher's
/// reading of them (`situatie`); then all of them in one
/// table at their latest year, with the trend.
fn situation(input: &FactsheetInput) -> Section {
    let rows = chosen(input, context_rows(input.figures));
    let name = |indicator: &str| crate::model::indicator_name(input.definitions, indicator);
    let mut blocks = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let series = context_series(input.figures, row.indicator);
        if series.len() < 2 && row.province.is_none() && row.nation.is_none() {
            continue;
        }
        blocks.extend(context_chart(i, &name(row.indicator), row, &series));
    }
    blocks.extend(input.narratives(NarrativeSection::Situation, None));
    if !rows.is_empty() {
        blocks.push(Block::Table(Table {
            id: "context".into(),
            caption: Text::Key("factsheet.context_table"),
            columns: vec![
                Text::Key("column.indicator"),
                Text::Key("column.period"),
                Text::Key("column.municipality"),
                Text::Key("column.province"),
                Text::Key("column.nation"),
                Text::Key("column.trend"),
            ],
            rows: rows
                .iter()
                .map(|r| Row {
                    label: Text::Plain(format!(
                        "{}{}",
                        name(r.indicator),
                        unit_note(r.municipality)
                    )),
                    cells: vec![
                        Cell::Text(Text::Plain(r.period.to_string())),
                        published(Some(r.municipality)),
                        published(r.province),
                        published(r.nation),
                        r.municipality
                            .text("trend")
                            .map(str::to_string)
                            .map_or(Cell::Empty, |t| Cell::Text(Text::Plain(t))),
                    ],
                    total: false,
                })
                .collect(),
            how: None,
        }));
    }
    Section::new("situation", Text::Key("factsheet.situation"), blocks)
}

/// The rows the theme chose, in its order; all of them when it chose none.
fn chosen<'a>(input: &FactsheetInput, rows: Vec<ContextRow<'a>>) -> Vec<ContextRow<'a>> {
    let wanted = &input.theme.context_indicators;
    if wanted.is_empty() {
        return rows;
    }
    let mut rows: Vec<ContextRow> = rows
        .into_iter()
        .filter(|r| wanted.iter().any(|w| w.as_str() == r.indicator))
        .collect();
    rows.sort_by_key(|r| wanted.iter().position(|w| w.as_str() == r.indicator));
    rows
}

/// An indicator's values per period: municipality, province, nation.
type Period<'a> = (
    &'a str,
    Option<&'a Figure>,
    Option<&'a Figure>,
    Option<&'a Figure>,
);

fn context_series<'a>(figures: &'a [Figure], indicator: &str) -> Vec<Period<'a>> {
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
fn context_chart(i: usize, name: &str, row: &ContextRow, series: &[Period]) -> Vec<Block> {
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

fn method(input: &FactsheetInput) -> Vec<Block> {
    let mut blocks = input.narratives(NarrativeSection::Method, None);
    blocks.extend(input.narratives(NarrativeSection::Quote, None));
    blocks
}

fn activities(input: &FactsheetInput) -> Section {
    let efforts = input.efforts();
    let mut blocks = Vec::new();
    for category in EffortCategory::ALL {
        let items: Vec<Item> = efforts
            .iter()
            .filter(|e| e.category == *category)
            .map(|e| Item {
                label: None,
                text: Text::Plain(match &e.description {
                    Some(d) => format!("{}: {d}", e.name),
                    None => e.name.clone(),
                }),
            })
            .collect();
        if !items.is_empty() {
            blocks.push(Block::Heading(Text::Label(
                "category",
                category.code().to_string(),
            )));
            blocks.push(Block::List(items));
        }
    }
    Section::new("activities", Text::Key("factsheet.activities"), blocks)
}

fn partners(input: &FactsheetInput) -> Section {
    let mut by_sector: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for effort in input.efforts() {
        for id in &effort.partners {
            if let Some(p) = input.partners.iter().find(|p| &p.id == id) {
                let names = by_sector.entry(p.sector.code()).or_default();
                if !names.contains(&p.name) {
                    names.push(p.name.clone());
                }
            }
        }
    }
    let rows: Vec<Row> = by_sector
        .into_iter()
        .map(|(sector, mut names)| {
            names.sort();
            Row {
                label: Text::Label("sector", sector.to_string()),
                cells: vec![Cell::Text(Text::Plain(names.join(", ")))],
                total: false,
            }
        })
        .collect();
    let blocks = if rows.is_empty() {
        vec![]
    } else {
        vec![Block::Table(Table {
            id: "partners".into(),
            caption: Text::Key("factsheet.partners_table"),
            columns: vec![Text::Key("column.sector"), Text::Key("column.partners")],
            rows,
            how: None,
        })]
    };
    Section::new("partners", Text::Key("factsheet.partners"), blocks)
}

/// The individual support section, and the theme's registrations in all
/// (the tables' grand total, which it is).
fn individual(input: &FactsheetInput, counts: &mut Counts) -> (Section, Entry) {
    let reach = input.reach();
    let (mut blocks, total) = reach.blocks(counts);
    let empty = reach
        .figures
        .iter()
        .all(|f| f.indicator != "reach" || f.n == 0)
        || total == Entry::Count(0);
    if empty {
        // Nothing registered on the theme's domains in the year: said in
        // words, not shown as empty charts and tables of zeros.
        blocks = vec![Block::Text(Text::Key("factsheet.no_registrations"))];
    } else {
        blocks.extend(crate::support::blocks(input, &reach, counts));
    }
    let plan = task_plan(input, counts);
    if !plan.is_empty() {
        blocks.splice(0..0, plan);
    }
    let section = Section::new("individual", Text::Key("factsheet.individual"), blocks);
    (section, total)
}

/// A societal task's reach against its plan, and its services', under
/// their heading; nothing for a theme without a task in the year's plan.
fn task_plan(input: &FactsheetInput, counts: &mut Counts) -> Vec<Block> {
    let (Some(task), Some(plan)) = (
        input.theme.societal_task.as_deref(),
        crate::plan::Plan::of(input.year(), input.figures),
    ) else {
        return vec![];
    };
    let blocks = plan.task_blocks(counts, task);
    match blocks.is_empty() {
        true => blocks,
        false => std::iter::once(Block::Heading(Text::Key("dashboard.plan")))
            .chain(blocks)
            .collect(),
    }
}

/// Goal realisation per domain: complete (the denominator) and achieved
/// (the numerator) are counts of adult trajectories. Each is the sum, over
/// the theme's main domains, of the trajectories of that main domain: the
/// tie between two themes that share a domain. Gives, per domain, the
/// achieved and complete trajectories as the reader sees them, with the
/// interval (for the sentences under the table).
pub(crate) fn goal_realisation(
    input: &FactsheetInput,
    domains: &[&str],
    counts: &mut Counts,
) -> (Block, Vec<Realised>) {
    let figure = |d: &str| input.find("goal_realisation", &[("domain", d)]);
    let achieved = |d: &str| figure(d).and_then(|f| f.numerator).unwrap_or(0);
    let complete = |d: &str| figure(d).and_then(|f| f.denominator).unwrap_or(0);
    let total_key = input.key("goal_realisation", &[], "denominator");
    let mut total_parts = Vec::new();
    let mut rows = Vec::new();
    let mut bars = Vec::new();
    let mut realised = Vec::new();
    for d in domains {
        let complete_key = input.key("goal_realisation", &[("domain", d)], "denominator");
        let achieved_key = complete_key.clone().field("numerator");
        let not_key = complete_key.clone().field("not_achieved");
        let ledger = &mut counts.ledger;
        ledger.link(
            not_key.clone(),
            Some(complete(d).saturating_sub(achieved(d))),
        );
        ledger.sum(complete_key.clone(), vec![achieved_key.clone(), not_key]);
        if input.scope() == Scope::Organisation {
            for field in ["denominator", "numerator"] {
                let keys = [("domain", *d)];
                let parts = per_main(input.year(), domains, "goal_realisation", &keys, field);
                for part in &parts {
                    ledger.link(part.clone(), None);
                }
                ledger.sum(complete_key.clone().field(field), parts);
            }
            for m in domains {
                let of_main = |field| {
                    CellKey::of(
                        input.year(),
                        "goal_realisation",
                        &[("main", m), ("domain", d)],
                        field,
                    )
                };
                ledger.link(of_main("not_achieved"), None);
                ledger.sum(
                    of_main("denominator"),
                    vec![of_main("numerator"), of_main("not_achieved")],
                );
            }
        }
        total_parts.push(complete_key.clone());
        let n = counts.shown(complete_key, complete(d));
        let a = counts.shown(achieved_key, achieved(d));
        let share = suppression::share(a, n);
        let interval = figure(d).and_then(|f| f.ci95);
        let range = Cell::share_interval(share, interval);
        rows.push(Row {
            label: Text::Plain(input.domain_name(d)),
            cells: vec![Cell::Count(n), Cell::Count(a), Cell::Share(share), range],
            total: false,
        });
        bars.push(Bar::share(input.domain_name(d), share));
        realised.push((a, n, interval));
    }
    let total_value = domains.iter().map(|d| complete(d)).sum();
    counts.ledger.sum(total_key.clone(), total_parts);
    let total = counts.shown(total_key, total_value);
    let chart = Chart {
        title: Text::Key("factsheet.goal_chart"),
        bars,
        shares: true,
        source: Source::Registrations,
    };
    let block = Block::Chart(
        chart,
        Table {
            id: "goal-realisation".into(),
            caption: Text::Key("factsheet.goal_table"),
            columns: vec![
                Text::Key("column.domain"),
                Text::Key("column.complete"),
                Text::Key("column.achieved"),
                Text::Key("column.share_achieved"),
                Text::Key("column.interval"),
            ],
            rows,
            how: Some(input.how("goal_realisation", Some(total))),
        },
    );
    (block, realised)
}

/// A domain's goal realisation as the reader sees it: achieved, complete,
/// and the 95 % interval of the share.
pub(crate) type Realised = (Entry, Entry, Option<indicators::stats::Interval>);

/// Referrals in and out per partner, summed over the theme's domains. Every
/// registration has one source (`onbekend` when none), so the sources add
/// up to the theme's registrations; per main domain they add up to that
/// domain's registrations.
pub(crate) fn referrals(
    input: &FactsheetInput,
    reach: &Reach,
    domains: &[&str],
    counts: &mut Counts,
) -> Vec<Block> {
    let mut partners: Vec<String> = input
        .figures
        .iter()
        .filter(|f| matches!(f.indicator, "referrals_in" | "referrals_out"))
        .filter(|f| f.key("domain").is_some_and(|d| domains.contains(&d)))
        .filter_map(|f| f.key("partner").map(str::to_string))
        .collect();
    partners.sort();
    partners.dedup();
    if partners.is_empty() {
        return vec![];
    }
    let count = |indicator: &str, domain: &str, partner: &str| {
        input.count(indicator, &[("domain", domain), ("partner", partner)])
    };
    let sum = |indicator: &str, partner: &str| -> u64 {
        domains.iter().map(|d| count(indicator, d, partner)).sum()
    };
    let mut columns = Vec::new();
    for indicator in ["referrals_in", "referrals_out"] {
        let cells: Vec<(CellKey, u64)> = partners
            .iter()
            .map(|p| {
                (
                    input.key(indicator, &[("partner", p)], "n"),
                    sum(indicator, p),
                )
            })
            .collect();
        let value: u64 = cells.iter().map(|(_, n)| n).sum();
        let every_source = indicator == "referrals_in" && value == reach.total_value();
        let total_key = match every_source {
            true => reach.total_key(),
            false => input.key(indicator, &[], "n"),
        };
        let ledger = &mut counts.ledger;
        ledger.sum(
            total_key.clone(),
            cells.iter().map(|(k, _)| k.clone()).collect(),
        );
        if input.scope() == Scope::Organisation {
            let of_main = |m: &str, p: &str| {
                CellKey::of(input.year(), indicator, &[("main", m), ("partner", p)], "n")
            };
            for ((key, _), p) in cells.iter().zip(&partners) {
                let parts: Vec<CellKey> = domains.iter().map(|m| of_main(m, p)).collect();
                for (part, m) in parts.iter().zip(domains) {
                    ledger.link(part.clone(), Some(count(indicator, m, p)));
                }
                ledger.sum(key.clone(), parts);
            }
            if every_source {
                for m in domains {
                    let all_partners = partners.iter().map(|p| of_main(m, p)).collect();
                    ledger.sum(reach.domain_key(m), all_partners);
                }
            }
        }
        let entries: Vec<Entry> = cells
            .into_iter()
            .map(|(key, value)| counts.shown(key, value))
            .collect();
        let total = counts.shown(total_key, value);
        columns.push((entries, total));
    }
    let rows = partners
        .iter()
        .enumerate()
        .map(|(i, p)| Row {
            label: input.partner_name(p),
            cells: columns.iter().map(|(c, _)| Cell::Count(c[i])).collect(),
            total: false,
        })
        .chain([Row {
            label: Text::Key("column.total"),
            cells: columns.iter().map(|(_, t)| Cell::Count(*t)).collect(),
            total: true,
        }])
        .collect();
    vec![Block::Table(Table {
        id: "referrals".into(),
        caption: Text::Key("factsheet.referrals_table"),
        columns: vec![
            Text::Key("column.partner"),
            Text::Key("column.referred_in"),
            Text::Key("column.referred_out"),
        ],
        rows,
        how: Some(input.how("referrals_in", Some(columns[0].1))),
    })]
}

/// The collective activities of the theme, a card each. An activity's
/// participants in total are one count wherever it is shown (the card
/// writes them as the average per meeting); the theme's collective reach
/// (on the annual monitor) is their sum over the activities serving it.
fn collective(input: &FactsheetInput, counts: &mut Counts) -> Section {
    let k = threshold(Audience::of(counts.reader()));
    let year = input.year();
    let participants = |f: &Figure| f.number("participants_total").map(|t| t.round() as u64);
    let activity_key =
        |id: &str| CellKey::of(year, "collective", &[("activity", id)], "participants");
    let serving: Vec<CellKey> = input
        .figures
        .iter()
        .filter(|f| f.indicator == "collective")
        .filter_map(|f| {
            let id = f.key("activity")?;
            let key = activity_key(id);
            counts.ledger.link(key.clone(), participants(f));
            participants(f).map(|_| key)
        })
        .collect();
    if let Some(reach) = input.find("collective", &[("theme", input.theme.code.as_str())]) {
        let key = CellKey::of(
            year,
            "collective",
            &[("theme", input.theme.code.as_str())],
            "participants",
        );
        counts
            .ledger
            .link(key.clone(), reach.value.map(|v| v as u64));
        counts.ledger.sum(key, serving);
    }
    let mut secondary = false;
    let mut cards = Vec::new();
    let mut rows = Vec::new();
    for e in input.collective_efforts() {
        let figure = input.find("collective", &[("activity", e.id.as_str())]);
        let shown = figure
            .and_then(participants)
            .map(|n| counts.shown(activity_key(e.id.as_str()), n));
        secondary |= shown.and_then(Entry::mark) == Some(Mark::Secondary);
        let card = Card {
            title: e.name.clone(),
            facts: collective_facts(input, e, figure, shown, k),
        };
        if let Some(f) = figure.filter(|f| f.state.is_none()) {
            rows.push(collective_row(e, f, shown));
        }
        cards.push(card);
    }
    let mut blocks = if cards.is_empty() {
        vec![]
    } else {
        vec![Block::Cards(cards)]
    };
    if secondary {
        blocks.push(Block::Text(Text::Key("suppression.secondary_note")));
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(Table {
            id: "collective".into(),
            caption: Text::Key("factsheet.collective_table"),
            columns: vec![
                Text::Key("column.activity"),
                Text::Key("card.meetings"),
                Text::Key("column.participants_total"),
                Text::Key("card.strength_start"),
                Text::Key("card.strength_end"),
                Text::Key("column.groups_scored"),
            ],
            rows,
            how: Some(input.how("collective", None)),
        }));
    }
    blocks.extend(statements(input, counts));
    Section::new("collective", Text::Key("factsheet.collective"), blocks)
}

/// The statements of every impact measurement of the year that asked about
/// one of the theme's activities, a table per survey.
fn statements(input: &FactsheetInput, counts: &mut Counts) -> Vec<Block> {
    let mut blocks = Vec::new();
    for e in input.collective_efforts() {
        for s in input
            .surveys
            .iter()
            .filter(|s| s.year == input.year() && s.activity.as_ref() == Some(&e.id))
        {
            blocks.extend(crate::surveys::statements(
                input.figures,
                s,
                &e.name,
                input.year(),
                counts,
            ));
        }
    }
    blocks
}

/// An activity's row of the collective table: meetings, participants in
/// total (as the reader may see them), group strength and groups scored.
fn collective_row(e: &Effort, f: &Figure, participants: Option<Entry>) -> Row {
    let number = |v: Option<f64>, d| v.map_or(Cell::Empty, |v| Cell::Number(v, d));
    Row {
        label: Text::Plain(e.name.clone()),
        cells: vec![
            number(f.value, 0),
            participants.map_or(Cell::Empty, Cell::Count),
            number(f.mean_start, 1),
            number(f.mean_end, 1),
            number(f.number("groups_scored"), 0),
        ],
        total: false,
    }
}

/// A card's facts, in the seeds' order: what the activity is, the Positive
/// Health dimensions it serves, its state explained (not available,
/// planned with its start), meetings, participants (when the total is
/// hidden, the average says the mark), group strength at start and end
/// with its words and how many groups were scored, and its nature.
fn collective_facts(
    input: &FactsheetInput,
    e: &Effort,
    f: Option<&Figure>,
    participants: Option<Entry>,
    k: Threshold,
) -> Vec<(Text, Text)> {
    let mut facts = Vec::new();
    if let Some(d) = &e.description {
        facts.push((Text::Key("card.description"), Text::Plain(d.clone())));
    }
    let dimensions: Vec<String> = match f.and_then(|f| f.text("pg_dimensions")) {
        Some(codes) => codes.split('|').map(|c| input.pg_name(c)).collect(),
        None => e
            .pg_dimensions
            .iter()
            .map(|d| input.pg_name(d.as_str()))
            .collect(),
    };
    if !dimensions.is_empty() {
        facts.push((Text::Key("card.pg"), Text::Plain(dimensions.join(", "))));
    }
    let planned_after = e.started.filter(|d| d.year() > input.year());
    match (f.and_then(|f| f.state), planned_after) {
        (_, Some(start)) => facts.push((
            Text::Key("card.state"),
            Text::Filled(
                "card.planned_from",
                vec![("year", start.year().to_string())],
            ),
        )),
        (Some(state), None) => facts.push((
            Text::Key("card.state"),
            Text::Label("state_explained", state.code().to_string()),
        )),
        (None, None) => {}
    }
    let Some(f) = f else {
        facts.extend(nature(e, None));
        return facts;
    };
    if let Some(meetings) = f.value {
        facts.push((
            Text::Key("card.meetings"),
            Text::Plain(format!("{meetings}")),
        ));
    }
    if let Some(hidden @ Entry::Hidden(_)) = participants {
        facts.push((
            Text::Key("card.participants_avg"),
            Text::Plain(hidden.text(k)),
        ));
    } else if let Some(written) = f.text("participants_avg_as_written").map(str::to_string) {
        facts.push((Text::Key("card.participants_avg"), Text::Plain(written)));
    } else if let Some(avg) = f.number("participants_avg") {
        facts.push((
            Text::Key("card.participants_avg"),
            Text::Plain(format!("{}", avg.round())),
        ));
    }
    facts.extend(strength(f));
    facts.extend(nature(e, Some(f)));
    facts
}

/// Group strength at start and end with its words ("2 (groep kan veel
/// zelf)"), and how many groups were scored.
fn strength(f: &Figure) -> Vec<(Text, Text)> {
    let (Some(start), Some(end)) = (f.mean_start, f.mean_end) else {
        return vec![];
    };
    let worded = |v: f64| {
        Text::Worded(
            "card.strength_value",
            vec![
                (
                    "value",
                    Value::Number(v, if v.fract() == 0.0 { 0 } else { 1 }),
                ),
                (
                    "words",
                    Value::Key(format!("strength.{}", v.round() as i64)),
                ),
            ],
        )
    };
    let groups = f.number("groups_scored").unwrap_or(0.0) as u64;
    vec![
        (Text::Key("card.strength_start"), worded(start)),
        (Text::Key("card.strength_end"), worded(end)),
        (
            Text::Key("card.groups_scored"),
            Text::Worded(
                "card.groups_scored_value",
                vec![("n", Value::Count(groups))],
            ),
        ),
    ]
}

/// The activity's nature: from its groups, else from the DIN.
fn nature(e: &Effort, f: Option<&Figure>) -> Vec<(Text, Text)> {
    let code = f
        .and_then(|f| f.text("nature").map(str::to_string))
        .or_else(|| e.nature.map(|n| n.code().to_string()));
    code.map(|n| (Text::Key("card.nature"), Text::Label("nature", n)))
        .into_iter()
        .collect()
}

/// The summary: the theme's registrations, the goals in short (each is
/// set out with its figures and interpretation under "Doelen"), and the
/// impact conclusion under its own heading.
fn summary(input: &FactsheetInput, audience: Audience, registrations: Entry) -> Section {
    let mut blocks = vec![Block::List(vec![Item {
        label: Some(Text::Key("summary.registrations")),
        text: Text::Plain(registrations.text(threshold(audience))),
    }])];
    let goals: Vec<Item> = input
        .goals()
        .map(|g| Item {
            label: Some(Text::Label("goal_type", g.goal_type.code().to_string())),
            text: Text::Plain(g.text_operational.clone()),
        })
        .collect();
    if !goals.is_empty() {
        blocks.push(Block::Heading(Text::Key("summary.goals_in_short")));
        blocks.push(Block::List(goals));
    }
    let impact = input.narratives(NarrativeSection::Impact, None);
    if !impact.is_empty() {
        blocks.push(Block::Heading(Text::Key("summary.impact")));
        blocks.extend(impact);
    }
    if registrations.mark() == Some(Mark::Secondary) {
        blocks.push(Block::Text(Text::Key("suppression.secondary_note")));
    }
    Section::new("summary", Text::Key("factsheet.summary"), blocks)
}

fn sources(input: &FactsheetInput) -> Section {
    let mut tables: Vec<String> = input
        .figures
        .iter()
        .filter(|f| f.indicator == "context")
        .filter_map(|f| f.text("table_id").map(str::to_string))
        .collect();
    tables.sort();
    tables.dedup();
    let mut items = vec![Item {
        label: None,
        text: Text::Filled(
            "sources.registrations",
            vec![("organisation", input.organisation.name.clone())],
        ),
    }];
    if !tables.is_empty() {
        items.push(Item {
            label: None,
            text: Text::Filled("sources.cbs", vec![("tables", tables.join(", "))]),
        });
    }
    items.push(Item {
        label: None,
        text: Text::Filled(
            "sources.data_version",
            vec![("version", input.data_version.to_string())],
        ),
    });
    Section::new(
        "sources",
        Text::Key("factsheet.sources"),
        vec![Block::List(items)],
    )
}
