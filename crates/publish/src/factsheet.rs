//! The factsheet of one theme and year (DOMAIN.md §5), in the seeds'
//! order: goals, the situation in the municipality, the way of working,
//! the activities in four categories, partners, individual support,
//! collective activities, summary and interpretation per goal, sources.
//! Every number comes from the `indicators` figures handed in; every count
//! is written to the publication's ledger under what it counts
//! ([`crate::ledger`]) and laid out as it is; the protection decides what
//! the reader sees.

use crate::context::{context_chart, context_rows, context_series, published, ContextRow};
use crate::ledger::{CellKey, Counted, Counts};
use crate::model::Value;
use crate::model::{Audience, Block, Card, Cell, Item, Layout, Row, Section, Table, Text};
use crate::theme::FactsheetInput;
use chrono::Datelike;
use domain::{Coded, Effort, EffortCategory, Goal, NarrativeSection};
use indicators::Figure;
use std::collections::BTreeMap;

/// Lays out the factsheet for an audience.
pub fn factsheet(input: &FactsheetInput, audience: Audience) -> Layout {
    let mut counts = Counts::new(audience);
    let (individual, registrations) = individual(input, &mut counts);
    let sections = vec![
        goals(input, audience, &mut counts),
        situation(input),
        Section::new("method", Text::Key("factsheet.method"), method(input)),
        activities(input),
        partners(input),
        individual,
        collective(input, &mut counts),
        summary(input, registrations),
        sources(input),
    ];
    Layout {
        title: Text::Plain(input.theme.name.clone()),
        facts: crate::model::facts(
            &input.organisation.name,
            Some(input.municipalities),
            Some(input.year()),
        ),
        sections,
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
    let mut facts = vec![Item::labelled(
        Text::Key("summary.goal_type"),
        Text::Label("goal_type", goal.goal_type.code().to_string()),
    )];
    if let Some(original) = &goal.text_original {
        facts.push(Item::labelled(
            Text::Key("summary.original"),
            Text::Plain(original.clone()),
        ));
    }
    facts.extend(crate::support::target(input, &goal.target, counts));
    blocks.push(Block::List(facts));
    let figures = crate::support::key_figures(input, &goal.key_figures, counts);
    if !figures.is_empty() {
        blocks.push(Block::Introduced(Text::Key("summary.key_figures"), figures));
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
pub fn blocks_of_goal(p: &Layout, wording: &str) -> Vec<Block> {
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
                    label: r.label(input.definitions),
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
    blocks.extend(group_table(input, &rows));
    if !rows.is_empty() {
        let code = input.organisation.code.as_str();
        blocks.push(Block::Text(Text::Key("factsheet.context_pages")));
        blocks.push(Block::Links(
            rows.iter()
                .map(|r| {
                    let href = format!("/organisations/{code}/context/{}", r.indicator);
                    (Text::Plain(name(r.indicator)), href)
                })
                .collect(),
        ));
    }
    Section::new("situation", Text::Key("factsheet.situation"), blocks)
}

/// The municipality beside the municipalities of its CBS size class
/// (`context_group`): per indicator of the context table with a group at
/// its latest year, the municipality's value, the group's mean, lowest
/// and highest value and the municipality's rank, under a caption that
/// names the group; nothing without groups.
fn group_table(input: &FactsheetInput, rows: &[ContextRow]) -> Vec<Block> {
    let group_of = |r: &ContextRow| {
        input.figures.iter().find(|f| {
            f.indicator == "context_group"
                && f.key("indicator") == Some(r.indicator)
                && f.key("region") == r.municipality.key("region")
                && f.key("period") == Some(r.period)
        })
    };
    let found: Vec<(&ContextRow, &Figure)> = rows
        .iter()
        .filter_map(|r| Some((r, group_of(r)?)))
        .collect();
    let Some((_, first)) = found.first() else {
        return vec![];
    };
    let class = first.number("size_class").unwrap_or(0.0) as u8;
    let region = first
        .key("region")
        .and_then(|code| domain::Classification::builtin().region(code))
        .map_or_else(String::new, |r| r.name.clone());
    let decimals = |r: &ContextRow| match published(Some(r.municipality)) {
        Cell::Number(_, d) => d,
        _ => 0,
    };
    let table_rows = found
        .iter()
        .map(|(r, g)| {
            let d = decimals(r);
            Row {
                label: r.label(input.definitions),
                cells: vec![
                    Cell::Text(Text::Plain(r.period.to_string())),
                    published(Some(r.municipality)),
                    // A mean with one decimal more than the values.
                    g.value.map_or(Cell::Empty, |v| Cell::Number(v, d + 1)),
                    Cell::Text(Text::Worded(
                        "factsheet.group_range",
                        vec![
                            ("low", Value::Number(g.number("low").unwrap_or(0.0), d)),
                            ("high", Value::Number(g.number("high").unwrap_or(0.0), d)),
                        ],
                    )),
                    Cell::Text(Text::Worded(
                        "factsheet.group_rank",
                        vec![
                            ("rank", Value::Count(g.number("rank").unwrap_or(0.0) as u64)),
                            (
                                "of",
                                Value::Count(g.number("members").unwrap_or(0.0) as u64),
                            ),
                        ],
                    )),
                ],
                total: false,
            }
        })
        .collect();
    let Some((from, below)) = domain::SizeClass::from_code(class).map(|c| c.bounds()) else {
        return vec![];
    };
    let caption = match below {
        Some(below) => Text::Worded(
            "factsheet.group_between",
            vec![
                ("region", Value::Text(region.clone())),
                ("from", Value::Whole(from)),
                ("below", Value::Whole(below)),
            ],
        ),
        None => Text::Worded(
            "factsheet.group_from",
            vec![
                ("region", Value::Text(region.clone())),
                ("from", Value::Whole(from)),
            ],
        ),
    };
    vec![
        Block::Heading(Text::Filled(
            "factsheet.group_heading",
            vec![("region", region.clone())],
        )),
        Block::Text(Text::Worded(
            "factsheet.group_intro",
            vec![
                ("region", Value::Text(region)),
                ("class", Value::Count(u64::from(class))),
            ],
        )),
        Block::Table(Table {
            id: "context-group".into(),
            caption,
            columns: vec![
                Text::Key("column.indicator"),
                Text::Key("column.period"),
                Text::Key("column.municipality"),
                Text::Key("column.group_mean"),
                Text::Key("column.group_range"),
                Text::Key("column.group_rank"),
            ],
            rows: table_rows,
            how: None,
        }),
    ]
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
            .map(|e| {
                Item::plain(Text::Plain(match &e.description {
                    Some(d) => format!("{}: {d}", e.name),
                    None => e.name.clone(),
                }))
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
fn individual(input: &FactsheetInput, counts: &mut Counts) -> (Section, Counted) {
    let reach = input.reach();
    let (mut blocks, total) = reach.blocks(counts);
    let empty = reach
        .figures
        .iter()
        .all(|f| f.indicator != "reach" || f.n == 0)
        || total.value == 0;
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

/// The collective activities of the theme, a card each. An activity's
/// participants in total are one count wherever it is shown (the card
/// writes them as the average per meeting); the theme's collective reach
/// (on the annual monitor) is their sum over the activities serving it.
fn collective(input: &FactsheetInput, counts: &mut Counts) -> Section {
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
    let mut participating = Vec::new();
    let mut cards = Vec::new();
    let mut rows = Vec::new();
    for e in input.collective_efforts() {
        let figure = input.find("collective", &[("activity", e.id.as_str())]);
        let shown = figure
            .and_then(participants)
            .map(|n| counts.shown(activity_key(e.id.as_str()), n));
        participating.extend(shown.clone());
        let card = Card {
            title: e.name.clone(),
            facts: collective_facts(input, e, figure, shown.as_ref()),
        };
        if let Some(f) = figure.filter(|f| f.state.is_none()) {
            rows.push(collective_row(e, f, shown.as_ref()));
        }
        cards.push(card);
    }
    let mut blocks = if cards.is_empty() {
        vec![]
    } else {
        vec![Block::Cards(cards)]
    };
    blocks.push(Block::SecondaryNote(participating));
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
fn collective_row(e: &Effort, f: &Figure, participants: Option<&Counted>) -> Row {
    let number = |v: Option<f64>, d| v.map_or(Cell::Empty, |v| Cell::Number(v, d));
    Row {
        label: Text::Plain(e.name.clone()),
        cells: vec![
            number(f.value, 0),
            participants.map_or(Cell::Empty, Cell::counted),
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
    participants: Option<&Counted>,
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
    let average = f
        .text("participants_avg_as_written")
        .map(str::to_string)
        .or_else(|| {
            f.number("participants_avg")
                .map(|a| format!("{}", a.round()))
        });
    if let Some(average) = average {
        // The average gives the total away: it says the total's mark when
        // the total is hidden.
        let text = Text::Plain(average);
        let text = match participants {
            Some(total) => Text::Resting(vec![total.clone()], Box::new(text)),
            None => text,
        };
        facts.push((Text::Key("card.participants_avg"), text));
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
fn summary(input: &FactsheetInput, registrations: Counted) -> Section {
    let count = Text::Plain(registrations.value.to_string());
    let mut blocks = vec![Block::List(vec![Item::labelled(
        Text::Key("summary.registrations"),
        Text::Resting(vec![registrations.clone()], Box::new(count)),
    )])];
    let goals: Vec<Item> = input
        .goals()
        .map(|g| {
            Item::labelled(
                Text::Label("goal_type", g.goal_type.code().to_string()),
                Text::Plain(g.text_operational.clone()),
            )
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
    blocks.push(Block::SecondaryNote(vec![registrations]));
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
    let mut items = vec![Item::plain(Text::Filled(
        "sources.registrations",
        vec![("organisation", input.organisation.name.clone())],
    ))];
    if !tables.is_empty() {
        items.push(Item::plain(Text::Filled(
            "sources.cbs",
            vec![("tables", tables.join(", "))],
        )));
    }
    items.push(Item::plain(Text::Filled(
        "sources.data_version",
        vec![("version", input.data_version.to_string())],
    )));
    Section::new(
        "sources",
        Text::Key("factsheet.sources"),
        vec![Block::List(items)],
    )
}
