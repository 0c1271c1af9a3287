//! The factsheet of one theme and year (DOMAIN.md §5), in the seeds'
//! order: goals, the situation in the municipality, the way of working,
//! the activities in four categories, partners, individual support,
//! collective activities, summary and interpretation per goal, sources.
//! Every number comes from the `indicators` figures handed in; every count
//! is written to the publication's ledger under what it counts and shown
//! as the reader may see it ([`crate::ledger`]).

use crate::ledger::{CellKey, Counts, Reader, Scope};
use crate::model::{
    Audience, Bar, Block, Card, Cell, Chart, How, Item, Publication, Row, Section, Table, Text,
};
use crate::reach::Reach;
use crate::suppression::{self, Entry, Mark, Threshold};
use crate::tables::threshold;
use domain::{
    Coded, Date, Effort, EffortCategory, Goal, IndicatorDefinition, Narrative, NarrativeSection,
    Organisation, Partner, ReferenceItem, Theme,
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
    /// The figures of the theme and year (`indicators::compute` with the
    /// theme's selection).
    pub figures: &'a [Figure],
    /// The data version the figures were computed from.
    pub data_version: i64,
}

impl FactsheetInput<'_> {
    fn year(&self) -> i32 {
        self.theme.year
    }

    fn goals(&self) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(|g| g.theme == self.theme.code)
    }

    /// The theme's efforts running in the year.
    fn efforts(&self) -> Vec<&Effort> {
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

    fn domain_name(&self, code: &str) -> String {
        self.domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    }

    fn partner_name(&self, id: &str) -> Text {
        match self.partners.iter().find(|p| p.id.as_str() == id) {
            Some(p) => Text::Plain(p.name.clone()),
            None => Text::Label("partner", id.to_string()),
        }
    }

    fn narratives(&self, section: NarrativeSection, goal: Option<&str>) -> Vec<Block> {
        self.narratives
            .iter()
            .filter(|n| n.theme == self.theme.code && n.year == self.year() && n.section == section)
            .filter(|n| n.goal.as_ref().map(|g| g.as_str()) == goal)
            .map(|n| Block::Text(Text::Markdown(n.text.clone())))
            .collect()
    }

    fn find(&self, indicator: &str, keys: &[(&str, &str)]) -> Option<&Figure> {
        self.figures.iter().find(|f| {
            f.indicator == indicator
                && f.keys.len() == keys.len()
                && keys.iter().all(|(k, v)| f.key(k) == Some(v))
        })
    }

    fn count(&self, indicator: &str, keys: &[(&str, &str)]) -> u64 {
        self.find(indicator, keys).map_or(0, |f| f.n)
    }

    /// Whose registrations the theme's counts are: the organisation's for
    /// a theme of main domains (the same cells as every other theme with
    /// that domain), the theme's own for a societal task's services.
    fn scope(&self) -> Scope {
        match self.theme.societal_task {
            Some(_) => Scope::Theme(self.theme.code.as_str().to_string()),
            None => Scope::Organisation,
        }
    }

    /// The theme's domains as one key: `a+b+c`.
    fn domain_set(&self) -> String {
        let mut codes: Vec<&str> = self.theme.zrm_domains.iter().map(|d| d.as_str()).collect();
        codes.sort_unstable();
        codes.join("+")
    }

    /// A key of the theme's registrations: of its domains, or of the
    /// theme's own selection.
    fn key(
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

    fn how(&self, indicator: &'static str, n: Option<Entry>) -> How {
        How {
            indicator,
            selection: Text::Filled(
                "selection.theme_year",
                vec![
                    ("theme", self.theme.name.clone()),
                    ("year", self.year().to_string()),
                ],
            ),
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
        goals(input),
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
        sections: sections
            .into_iter()
            .filter(|s| !s.blocks.is_empty())
            .collect(),
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

fn goals(input: &FactsheetInput) -> Section {
    let items: Vec<Item> = input
        .goals()
        .map(|g| Item {
            label: Some(Text::Label("goal_type", g.goal_type.code().to_string())),
            text: Text::Plain(g.text_operational.clone()),
        })
        .collect();
    let blocks = if items.is_empty() {
        vec![Block::Text(Text::Key("factsheet.no_goals"))]
    } else {
        vec![Block::List(items)]
    };
    Section::new("goals", Text::Key("factsheet.goals"), blocks)
}

/// The context figure of an indicator for a region level at a period.
struct ContextRow<'a> {
    indicator: &'a str,
    period: &'a str,
    municipality: &'a Figure,
    province: Option<&'a Figure>,
    nation: Option<&'a Figure>,
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

fn situation(input: &FactsheetInput) -> Section {
    let rows = context_rows(input.figures);
    let name = |indicator: &str| crate::model::indicator_name(input.definitions, indicator);
    let mut blocks = Vec::new();
    for (i, row) in rows
        .iter()
        .filter(|r| r.province.is_some() || r.nation.is_some())
        .enumerate()
    {
        let bars = [
            (row.municipality, 0),
            (row.province.unwrap_or(row.municipality), 1),
            (row.nation.unwrap_or(row.municipality), 2),
        ]
        .into_iter()
        .filter(|(f, s)| *s == 0 || !std::ptr::eq(*f, row.municipality))
        .map(|(f, series)| Bar {
            label: f
                .text("region_name")
                .map(str::to_string)
                .unwrap_or_else(|| f.key("region").unwrap_or_default().to_string()),
            value: f.value,
            shown: published(Some(f)),
            unit: unit_suffix(f),
            series,
        })
        .collect();
        let title = Text::Filled(
            "factsheet.context_chart",
            vec![
                ("indicator", name(row.indicator)),
                ("period", row.period.to_string()),
            ],
        );
        let table = Table {
            id: format!("context-{i}"),
            caption: title.clone(),
            columns: vec![Text::Key("column.region"), Text::Key("column.value")],
            rows: [Some(row.municipality), row.province, row.nation]
                .into_iter()
                .flatten()
                .map(|f| Row {
                    label: Text::Plain(
                        f.text("region_name")
                            .map(str::to_string)
                            .unwrap_or_default(),
                    ),
                    cells: vec![published(Some(f))],
                    total: false,
                })
                .collect(),
            how: None,
        };
        blocks.push(Block::Chart(
            Chart {
                title,
                bars,
                shares: false,
            },
            table,
        ));
    }
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
    let domains: Vec<&str> = input.theme.zrm_domains.iter().map(|d| d.as_str()).collect();
    let reach = Reach {
        figures: input.figures,
        domains: domains
            .iter()
            .map(|d| (d.to_string(), input.domain_name(d)))
            .collect(),
        how: input.how("reach", None),
        year: input.year(),
        scope: input.scope(),
    };
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
        blocks.push(goal_realisation(input, &domains, counts));
        blocks.extend(referrals(input, &reach, &domains, counts));
    }
    let section = Section::new("individual", Text::Key("factsheet.individual"), blocks);
    (section, total)
}

/// Goal realisation per domain: complete (the denominator) and achieved
/// (the numerator) are counts of adult trajectories. Each is the sum, over
/// the theme's main domains, of the trajectories of that main domain: the
/// tie between two themes that share a domain.
fn goal_realisation(input: &FactsheetInput, domains: &[&str], counts: &mut Counts) -> Block {
    let figure = |d: &str| input.find("goal_realisation", &[("domain", d)]);
    let achieved = |d: &str| figure(d).and_then(|f| f.numerator).unwrap_or(0);
    let complete = |d: &str| figure(d).and_then(|f| f.denominator).unwrap_or(0);
    let total_key = input.key("goal_realisation", &[], "denominator");
    let mut total_parts = Vec::new();
    let mut rows = Vec::new();
    let mut bars = Vec::new();
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
                let parts: Vec<CellKey> = domains
                    .iter()
                    .map(|m| {
                        CellKey::of(
                            input.year(),
                            "goal_realisation",
                            &[("main", m), ("domain", d)],
                            field,
                        )
                    })
                    .collect();
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
        rows.push(Row {
            label: Text::Plain(input.domain_name(d)),
            cells: vec![Cell::Count(n), Cell::Count(a), Cell::Share(share)],
            total: false,
        });
        bars.push(Bar::share(input.domain_name(d), share));
    }
    let total_value = domains.iter().map(|d| complete(d)).sum();
    counts.ledger.sum(total_key.clone(), total_parts);
    let total = counts.shown(total_key, total_value);
    let chart = Chart {
        title: Text::Key("factsheet.goal_chart"),
        bars,
        shares: true,
    };
    Block::Chart(
        chart,
        Table {
            id: "goal-realisation".into(),
            caption: Text::Key("factsheet.goal_table"),
            columns: vec![
                Text::Key("column.domain"),
                Text::Key("column.complete"),
                Text::Key("column.achieved"),
                Text::Key("column.share_achieved"),
            ],
            rows,
            how: Some(input.how("goal_realisation", Some(total))),
        },
    )
}

/// Referrals in and out per partner, summed over the theme's domains. Every
/// registration has one source (`onbekend` when none), so the sources add
/// up to the theme's registrations; per main domain they add up to that
/// domain's registrations.
fn referrals(
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
    let cards: Vec<Card> = input
        .efforts()
        .iter()
        .filter(|e| e.category == EffortCategory::CollectiveActivity)
        .filter_map(|e| {
            input
                .find("collective", &[("activity", e.id.as_str())])
                .map(|f| (e, f))
        })
        .map(|(e, f)| {
            let shown = participants(f).map(|n| counts.shown(activity_key(e.id.as_str()), n));
            secondary |= shown.and_then(Entry::mark) == Some(Mark::Secondary);
            Card {
                title: e.name.clone(),
                facts: collective_facts(f, shown, k),
            }
        })
        .collect();
    let mut blocks = if cards.is_empty() {
        vec![]
    } else {
        vec![Block::Cards(cards)]
    };
    if secondary {
        blocks.push(Block::Text(Text::Key("suppression.secondary_note")));
    }
    Section::new("collective", Text::Key("factsheet.collective"), blocks)
}

/// A card's facts; `participants` is the activity's participants in total
/// as the reader may see them: when hidden, the average says the mark.
fn collective_facts(f: &Figure, participants: Option<Entry>, k: Threshold) -> Vec<(Text, Text)> {
    let mut facts = Vec::new();
    if let Some(state) = f.state {
        facts.push((
            Text::Key("card.state"),
            Text::Label("state", state.code().to_string()),
        ));
    }
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
    if let (Some(start), Some(end)) = (f.mean_start, f.mean_end) {
        facts.push((
            Text::Key("card.strength"),
            Text::Plain(format!("{} → {}", trimmed(start), trimmed(end))),
        ));
    }
    if let Some(nature) = f.text("nature").map(str::to_string) {
        facts.push((Text::Key("card.nature"), Text::Label("nature", nature)));
    }
    facts
}

fn trimmed(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

fn summary(input: &FactsheetInput, audience: Audience, registrations: Entry) -> Section {
    let mut blocks = vec![Block::List(vec![Item {
        label: Some(Text::Key("summary.registrations")),
        text: Text::Plain(registrations.text(threshold(audience))),
    }])];
    for goal in input.goals() {
        blocks.push(Block::Heading(Text::Plain(goal.text_operational.clone())));
        let texts = input.narratives(NarrativeSection::Interpretation, Some(goal.id.as_str()));
        if texts.is_empty() {
            blocks.push(Block::Text(Text::Key("summary.no_interpretation")));
        }
        blocks.extend(texts);
    }
    blocks.extend(input.narratives(NarrativeSection::Impact, None));
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
