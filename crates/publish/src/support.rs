//! The factsheet's figures of individual support beyond reach (DOMAIN.md
//! §4.1–4.7): distinct clients, domain shares, goal realisation with its
//! interval and coverage, the Positive Health dimension residents chose,
//! the paired ZRM change, multi-problem situations,
//! referred on and escalation, response time and the waiting list. Every
//! count is written to the publication's ledger under the theme's key; a
//! count over a theme of main domains is tied to its parts per main domain,
//! so that two themes sharing domains cannot be subtracted to reveal a
//! small count. A mean or interval rests on its `n` and is hidden with it.

use crate::ledger::{per_main, CellKey, Counted, Counts, Scope};
use crate::model::{Bar, Block, Cell, Chart, Item, Row, Source, Table, Text, Value};
use crate::reach::Reach;
use crate::theme::FactsheetInput;
use domain::Target;
use indicators::individual::{NO_DIMENSION, SEVERAL_DIMENSIONS};
use indicators::Figure;

/// Below this coverage the page warns that goal realisation speaks for
/// only part of the trajectories (issue 15: "say, 70 %").
pub const COVERAGE_WARNING: f64 = 0.7;

/// The escalation target of the seeds: at most 5 % of the registrations
/// referred on to second-line care (DOMAIN.md §4.6).
pub const ESCALATION_TARGET: f64 = 0.05;

/// The individual-support blocks after reach, in reading order.
pub(crate) fn blocks(input: &FactsheetInput, reach: &Reach, counts: &mut Counts) -> Vec<Block> {
    let support = Support { input, reach };
    let mut blocks = Vec::new();
    blocks.extend(support.clients(counts));
    blocks.extend(support.domain_shares(counts));
    blocks.extend(support.pg_choice(counts));
    let scored =
        ["goal_realisation", "zrm_change", "zrm_change_unpaired"].map(|i| support.scored(i));
    match scored {
        [true, _, _] => blocks.extend(support.goal_realisation(counts)),
        [false, true, _] => blocks.push(support.not_registered([
            "factsheet.no_zrm_goals_task",
            "factsheet.no_zrm_goals_theme",
        ])),
        [false, false, true] => blocks.push(support.not_registered([
            "factsheet.no_zrm_pairs_task",
            "factsheet.no_zrm_pairs_theme",
        ])),
        [false, false, false] => {
            blocks.push(support.not_registered(["factsheet.no_zrm_task", "factsheet.no_zrm_theme"]))
        }
    }
    blocks.extend(support.zrm_change(counts));
    blocks.extend(support.referred_on(counts));
    let domains = support.domains();
    blocks.extend(referrals(input, reach, &domains, counts));
    blocks.extend(support.response_time(counts));
    blocks
}

struct Support<'a, 'b> {
    input: &'a FactsheetInput<'b>,
    reach: &'a Reach<'a>,
}

/// A row of the coverage table: trajectories, those with a goal and an
/// end score, and their share.
fn coverage_row(label: Text, all: Counted, scored: Counted, total: bool) -> Row {
    Row {
        label,
        cells: vec![
            Cell::counted(&all),
            Cell::counted(&scored),
            Cell::ratio(&scored, &all),
        ],
        total,
    }
}

/// A number that rests on a count: shown with it, hidden with its mark.
fn resting(n: &Counted, value: Option<f64>, cell: impl Fn(f64) -> Cell) -> Cell {
    Cell::resting([n], value.map_or(Cell::Empty, cell))
}

impl Support<'_, '_> {
    fn year(&self) -> i32 {
        self.input.theme.year
    }

    /// Whether any registration of the selection has the scores an
    /// indicator rests on (`goal_realisation`: a goal and an end score;
    /// `zrm_change`: a start and an end score; `zrm_change_unpaired`:
    /// either).
    fn scored(&self, indicator: &str) -> bool {
        self.input
            .figures
            .iter()
            .any(|f| f.n > 0 && f.indicator == indicator)
    }

    /// The sentence that stands instead of empty ZRM tables ("Voor deze
    /// opgave worden geen ZRM-scores geregistreerd"): the first of `keys`
    /// for a societal task (an "opgave"), the second for a theme.
    fn not_registered(&self, [task, theme]: [&'static str; 2]) -> Block {
        Block::Text(Text::Key(match self.input.theme.societal_task {
            Some(_) => task,
            None => theme,
        }))
    }

    /// The theme's domains as codes.
    fn domains(&self) -> Vec<&str> {
        self.reach.domains.iter().map(|(d, _)| d.as_str()).collect()
    }

    /// Writes a count over the theme's selection. Over a theme of main domains the count is the sum of the
    /// same count per main domain (parts no page shows), which ties it to
    /// every other theme with those domains.
    fn count(
        &self,
        counts: &mut Counts,
        indicator: &'static str,
        keys: &[(&'static str, &str)],
        field: &'static str,
        value: u64,
    ) -> Counted {
        let key = self.input.key(indicator, keys, field);
        if self.input.scope() != Scope::Organisation {
            return counts.shown(key, value);
        }
        let parts = per_main(self.year(), &self.domains(), indicator, keys, field);
        counts.shown_as_sum(key, parts, value)
    }

    /// Ties `total` to `parts` (they add up to it exactly).
    fn sum(&self, counts: &mut Counts, total: CellKey, parts: Vec<CellKey>) {
        counts.ledger.sum(total, parts);
    }

    fn figure(&self, indicator: &str, keys: &[(&str, &str)]) -> Option<&Figure> {
        self.input.find(indicator, keys)
    }

    /// The registrations in all, as the reach tables show them.
    fn registrations(&self, counts: &mut Counts) -> Counted {
        self.reach.total(counts)
    }

    fn clients(&self, counts: &mut Counts) -> Vec<Block> {
        let value = |label: &str| {
            self.figure("reach_clients", &[("clients", label)])
                .and_then(|f| f.value)
                .map(|v| v as u64)
        };
        let (Some(distinct), Some(without)) = (value("distinct"), value("without_code")) else {
            return vec![];
        };
        let registrations = self.registrations(counts);
        let distinct = self.count(
            counts,
            "reach_clients",
            &[("clients", "distinct")],
            "n",
            distinct,
        );
        let without = self.count(
            counts,
            "reach_clients",
            &[("clients", "without_code")],
            "n",
            without,
        );
        let row = |label: &'static str, e: &Counted| Row {
            label: Text::Key(label),
            cells: vec![Cell::counted(e)],
            total: false,
        };
        vec![Block::Table(Table {
            id: "clients".into(),
            caption: Text::Key("factsheet.clients_table"),
            columns: vec![Text::Key("column.measure"), Text::Key("column.count")],
            rows: vec![
                row("clients.registrations", &registrations),
                row("clients.distinct", &distinct),
                row("clients.without_code", &without),
            ],
            how: Some(self.input.how("reach_clients", Some(&registrations))),
        })]
    }

    fn domain_shares(&self, counts: &mut Counts) -> Vec<Block> {
        let mut figures: Vec<&Figure> = self
            .input
            .figures
            .iter()
            .filter(|f| f.indicator == "domain_share" && f.numerator.is_some_and(|n| n > 0))
            .collect();
        if figures.is_empty() {
            return vec![];
        }
        figures.sort_by(|a, b| b.numerator.cmp(&a.numerator).then(a.keys.cmp(&b.keys)));
        let total = self.registrations(counts);
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        for f in figures {
            let domain = f.key("domain").unwrap_or_default();
            let n = self.count(
                counts,
                "domain_share",
                &[("domain", domain)],
                "numerator",
                f.numerator.unwrap_or(0),
            );
            let name = self.input.domain_name(domain);
            bars.push(Bar::ratio(name.clone(), &n, &total));
            rows.push(Row {
                label: Text::Plain(name),
                cells: vec![Cell::counted(&n), Cell::ratio(&n, &total)],
                total: false,
            });
        }
        let table = Table {
            id: "domain-shares".into(),
            caption: Text::Key("factsheet.domain_share_table"),
            columns: vec![
                Text::Key("column.domain"),
                Text::Key("column.registrations"),
                Text::Key("column.share"),
            ],
            rows,
            how: Some(self.input.how("domain_share", Some(&total))),
        };
        let chart = Chart {
            outlines: Vec::new(),
            title: Text::Key("factsheet.domain_share_chart"),
            bars,
            shares: true,
            source: Source::Registrations,
        };
        vec![
            Block::Chart(chart, table),
            Block::Text(Text::Key("factsheet.domain_share_note")),
        ]
    }

    /// What residents want to work on: the registrations per Positive
    /// Health dimension chosen at the start (one dimension, several, none
    /// registered), adding up to the registrations, with a sentence on the
    /// share that has one; one sentence when none is registered.
    fn pg_choice(&self, counts: &mut Counts) -> Vec<Block> {
        let n_of = |d: &str| {
            self.figure("pg_choice", &[("dimension", d)])
                .map_or(0, |f| f.n)
        };
        let (none, all) = (n_of(NO_DIMENSION), self.reach.total_value());
        if all == 0 {
            return vec![];
        }
        if none == all {
            return vec![self.not_registered(["factsheet.no_pg_task", "factsheet.no_pg_theme"])];
        }
        let total = self.registrations(counts);
        let mut codes: Vec<(&str, Text)> = self
            .input
            .pg_dimensions
            .iter()
            .map(|d| (d.code.as_str(), Text::Plain(d.name.clone())))
            .collect();
        codes.push((SEVERAL_DIMENSIONS, Text::Key("measure.pg_several")));
        codes.push((NO_DIMENSION, Text::Key("measure.pg_none")));
        let mut parts = Vec::new();
        let mut rows = Vec::new();
        let mut without = None;
        for (code, label) in codes {
            let keys = [("dimension", code)];
            parts.push(self.input.key("pg_choice", &keys, "n"));
            let n = self.count(counts, "pg_choice", &keys, "n", n_of(code));
            if code == NO_DIMENSION {
                without = Some(n.clone());
            }
            rows.push(Row {
                label,
                cells: vec![Cell::counted(&n), Cell::ratio(&n, &total)],
                total: false,
            });
        }
        self.sum(counts, self.reach.total_key(), parts);
        rows.push(Row {
            label: Text::Key("column.total"),
            cells: vec![Cell::counted(&total), Cell::ratio(&total, &total)],
            total: true,
        });
        let mut blocks = Vec::new();
        if let Some(without) = without {
            let chosen = total.value - without.value;
            let all = total.value;
            let sentence = Block::Text(Text::Worded(
                "factsheet.pg_sentence",
                vec![
                    ("chosen", Value::Count(chosen)),
                    ("all", Value::Count(all)),
                    ("share", Value::Percent(chosen as f64 / all as f64, 0)),
                ],
            ));
            blocks.push(Block::Resting(
                vec![without, total.clone()],
                Box::new(sentence),
            ));
        }
        blocks.push(Block::Table(Table {
            id: "pg-choice".into(),
            caption: Text::Key("factsheet.pg_table"),
            columns: vec![
                Text::Key("column.pg_dimension"),
                Text::Key("column.registrations"),
                Text::Key("column.share"),
            ],
            rows,
            how: Some(self.input.how("pg_choice", Some(&total))),
        }));
        blocks
    }

    /// Goal realisation per domain with its interval, and the coverage of
    /// the goal registration, each domain with a sentence in words. The
    /// adults' trajectories have one main domain each, so the coverage's
    /// counts add up over the domains to its totals row.
    fn goal_realisation(&self, counts: &mut Counts) -> Vec<Block> {
        let (table, realised) = goal_realisation(self.input, &self.domains(), counts);
        let mut blocks = vec![table];
        let mut rows = Vec::new();
        let mut sentences = Vec::new();
        let fields = ["denominator", "numerator", "missing"];
        let mut parts: [Vec<CellKey>; 3] = Default::default();
        let mut totals = [0u64; 3];
        for ((d, name), realised) in self.reach.domains.iter().zip(realised) {
            let Some(f) = self.figure("goal_coverage", &[("domain", d)]) else {
                continue;
            };
            let key = CellKey::of(
                self.year(),
                "goal_coverage",
                &[("domain", d)],
                "denominator",
            )
            .within(self.input.scope());
            let (numerator, denominator) = (f.numerator.unwrap_or(0), f.denominator.unwrap_or(0));
            let values = [
                denominator,
                numerator,
                denominator.saturating_sub(numerator),
            ];
            for (i, field) in fields.iter().enumerate() {
                parts[i].push(key.clone().field(field));
                totals[i] += values[i];
            }
            counts
                .ledger
                .link(key.clone().field("missing"), Some(values[2]));
            self.sum(
                counts,
                key.clone(),
                vec![key.clone().field("numerator"), key.clone().field("missing")],
            );
            let all = counts.shown(key.clone(), denominator);
            let scored = counts.shown(key.field("numerator"), numerator);
            sentences.extend(self.goal_sentences(name, realised, (&scored, &all)));
            rows.push(coverage_row(Text::Plain(name.clone()), all, scored, false));
        }
        if rows.is_empty() {
            return blocks;
        }
        let total_key = |field| self.input.key("goal_coverage", &[], field);
        for (i, field) in fields.iter().enumerate() {
            counts.ledger.link(total_key(field), Some(totals[i]));
            self.sum(counts, total_key(field), std::mem::take(&mut parts[i]));
        }
        self.sum(
            counts,
            total_key("denominator"),
            vec![total_key("numerator"), total_key("missing")],
        );
        let all = counts.shown(total_key("denominator"), totals[0]);
        let scored = counts.shown(total_key("numerator"), totals[1]);
        rows.push(coverage_row(
            Text::Key("column.total"),
            all.clone(),
            scored,
            true,
        ));
        blocks.push(Block::Table(Table {
            id: "goal-coverage".into(),
            caption: Text::Key("factsheet.coverage_table"),
            columns: vec![
                Text::Key("column.domain"),
                Text::Key("column.adult_trajectories"),
                Text::Key("column.complete"),
                Text::Key("column.coverage"),
            ],
            rows,
            how: Some(self.input.how("goal_coverage", Some(&all))),
        }));
        blocks.extend(sentences);
        blocks
    }

    /// "Bij 174 van de 274 trajecten (64%) …; met 95% zekerheid tussen 58%
    /// en 69%", and a warning when the coverage is low; each shown only
    /// with the counts it names.
    fn goal_sentences(
        &self,
        name: &str,
        (achieved, complete, interval): Realised,
        (scored, all): (&Counted, &Counted),
    ) -> Vec<Block> {
        let mut blocks = Vec::new();
        if let (1.., Some(i)) = (complete.value, interval) {
            let (a, n) = (achieved.value, complete.value);
            let sentence = Block::Text(Text::Worded(
                "factsheet.goal_sentence",
                vec![
                    ("domain", Value::Text(name.to_string())),
                    ("achieved", Value::Count(a)),
                    ("complete", Value::Count(n)),
                    ("share", Value::Percent(a as f64 / n as f64, 0)),
                    ("low", Value::Percent(i.low, 0)),
                    ("high", Value::Percent(i.high, 0)),
                ],
            ));
            blocks.push(Block::Resting(vec![achieved, complete], Box::new(sentence)));
        }
        let coverage = (all.value > 0).then(|| scored.value as f64 / all.value as f64);
        if let Some(c) = coverage.filter(|c| *c < COVERAGE_WARNING) {
            let warning = Block::Text(Text::Worded(
                "factsheet.coverage_warning",
                vec![
                    ("domain", Value::Text(name.to_string())),
                    ("share", Value::Percent(c, 0)),
                ],
            ));
            blocks.push(Block::Resting(
                vec![scored.clone(), all.clone()],
                Box::new(warning),
            ));
        }
        blocks
    }

    /// The paired ZRM change per domain with a pair, the theme's domains
    /// first: the means with the change's interval, then the shares that
    /// improved, stayed the same and declined; the unpaired means after
    /// them, labelled as such.
    fn zrm_change(&self, counts: &mut Counts) -> Vec<Block> {
        let domains = self.change_domains();
        let mut means = Vec::new();
        let mut directions = Vec::new();
        for d in &domains {
            let Some(f) = self.figure("zrm_change", &[("domain", d)]) else {
                continue;
            };
            let label = Text::Plain(self.input.domain_name(d));
            let n = self.count(counts, "zrm_change", &[("domain", d)], "n", f.n);
            let mean = |v: Option<f64>| resting(&n, v, |v| Cell::Number(v, 2));
            let interval = match f.ci95 {
                Some(i) => resting(&n, Some(0.0), |_| Cell::Interval {
                    low: i.low,
                    high: i.high,
                    percent: false,
                }),
                None => Cell::Empty,
            };
            means.push(Row {
                label: label.clone(),
                cells: vec![
                    Cell::counted(&n),
                    mean(f.mean_start),
                    mean(f.mean_end),
                    mean(f.mean_change),
                    interval,
                ],
                total: false,
            });
            let mut cells = vec![Cell::counted(&n)];
            cells.extend(self.directions(counts, d, f, &n));
            directions.push(Row {
                label,
                cells,
                total: false,
            });
        }
        if means.is_empty() {
            return vec![];
        }
        let table = |id: &str, caption, columns: &[&'static str], rows, how| {
            Block::Table(Table {
                id: id.into(),
                caption: Text::Key(caption),
                columns: columns.iter().map(|c| Text::Key(c)).collect(),
                rows,
                how: Some(self.input.how(how, None)),
            })
        };
        let mut blocks = vec![
            table(
                "zrm-change",
                "factsheet.zrm_change_table",
                &[
                    "column.domain",
                    "column.pairs",
                    "column.mean_start",
                    "column.mean_end",
                    "column.mean_change",
                    "column.interval",
                ],
                means,
                "zrm_change",
            ),
            table(
                "zrm-direction",
                "factsheet.zrm_direction_table",
                &[
                    "column.domain",
                    "column.pairs",
                    "column.improved",
                    "column.same",
                    "column.declined",
                ],
                directions,
                "zrm_change",
            ),
        ];
        blocks.extend(self.zrm_unpaired(counts, &domains));
        blocks
    }

    /// The shares of a domain's pairs that improved, stayed the same and
    /// declined; their counts (which the shares and the pairs give away)
    /// add up to the pairs.
    fn directions(&self, counts: &mut Counts, d: &str, f: &Figure, n: &Counted) -> Vec<Cell> {
        let n_key = self.input.key("zrm_change", &[("domain", d)], "n");
        let mut parts = Vec::new();
        let mut cells = Vec::new();
        for (field, share) in ["improved", "same", "declined"]
            .into_iter()
            .zip(f.shares.unwrap_or_default())
        {
            let value = (share * f.n as f64).round() as u64;
            let part = self.count(counts, "zrm_change", &[("domain", d)], field, value);
            parts.push(n_key.clone().field(field));
            cells.push(Cell::ratio(&part, n));
        }
        self.sum(counts, n_key, parts);
        cells
    }

    /// The domains with a paired or unpaired score: the theme's own first,
    /// then the others in code order.
    fn change_domains(&self) -> Vec<String> {
        let mut own: Vec<String> = self.domains().iter().map(|d| d.to_string()).collect();
        let mut others: Vec<String> = self
            .input
            .figures
            .iter()
            .filter(|f| f.indicator == "zrm_change" && f.n > 0)
            .filter_map(|f| f.key("domain").map(str::to_string))
            .filter(|d| !own.contains(d))
            .collect();
        others.sort();
        own.retain(|d| {
            self.figure("zrm_change", &[("domain", d)])
                .is_some_and(|f| f.n > 0)
        });
        own.extend(others);
        own
    }

    fn zrm_unpaired(&self, counts: &mut Counts, domains: &[String]) -> Vec<Block> {
        let mut rows = Vec::new();
        for d in domains {
            let mut cells = Vec::new();
            for score in ["start", "end"] {
                let Some(f) =
                    self.figure("zrm_change_unpaired", &[("domain", d), ("score", score)])
                else {
                    continue;
                };
                let n = self.count(
                    counts,
                    "zrm_change_unpaired",
                    &[("domain", d), ("score", score)],
                    "n",
                    f.n,
                );
                cells.push(Cell::counted(&n));
                cells.push(resting(&n, f.value, |v| Cell::Number(v, 2)));
            }
            if cells.len() == 4 {
                rows.push(Row {
                    label: Text::Plain(self.input.domain_name(d)),
                    cells,
                    total: false,
                });
            }
        }
        if rows.is_empty() {
            return vec![];
        }
        let columns = [
            "column.domain",
            "column.start_scores",
            "column.mean_start",
            "column.end_scores",
            "column.mean_end",
        ];
        vec![Block::Table(Table {
            id: "zrm-unpaired".into(),
            caption: Text::Key("factsheet.zrm_unpaired_table"),
            columns: columns.into_iter().map(Text::Key).collect(),
            rows,
            how: Some(self.input.how("zrm_change_unpaired", None)),
        })]
    }

    /// Multi-problem situations, referred on and escalation in one table,
    /// with escalation held against its target in words.
    fn referred_on(&self, counts: &mut Counts) -> Vec<Block> {
        let registrations = self.registrations(counts);
        let mut rows = Vec::new();
        let mut blocks = Vec::new();
        if let Some(f) = self
            .input
            .figures
            .iter()
            .find(|f| f.indicator == "multi_problem")
        {
            let threshold = f.key("threshold").unwrap_or("3").to_string();
            let keys = [("threshold", threshold.as_str())];
            let a = self.count(
                counts,
                "multi_problem",
                &keys,
                "numerator",
                f.numerator.unwrap_or(0),
            );
            let n = self.count(
                counts,
                "multi_problem",
                &keys,
                "denominator",
                f.denominator.unwrap_or(0),
            );
            rows.push(Row {
                label: Text::Filled(
                    "measure.multi_problem",
                    vec![("threshold", threshold.clone())],
                ),
                cells: vec![Cell::counted(&a), Cell::counted(&n), Cell::ratio(&a, &n)],
                total: false,
            });
        }
        for (indicator, label) in [
            ("referred_on", "measure.referred_on"),
            ("escalation_rate", "measure.escalation"),
        ] {
            let Some(f) = self.figure(indicator, &[]) else {
                continue;
            };
            let a = self.count(
                counts,
                indicator,
                &[],
                "numerator",
                f.numerator.unwrap_or(0),
            );
            rows.push(Row {
                label: Text::Key(label),
                cells: vec![
                    Cell::counted(&a),
                    Cell::counted(&registrations),
                    Cell::ratio(&a, &registrations),
                ],
                total: false,
            });
            let share =
                (registrations.value > 0).then(|| a.value as f64 / registrations.value as f64);
            if let (true, Some(s)) = (indicator == "escalation_rate", share) {
                let key = match s <= ESCALATION_TARGET {
                    true => "factsheet.escalation_within",
                    false => "factsheet.escalation_above",
                };
                let sentence = Block::Text(Text::Worded(
                    key,
                    vec![
                        ("share", Value::Percent(s, 1)),
                        ("target", Value::Percent(ESCALATION_TARGET, 0)),
                    ],
                ));
                blocks.push(Block::Resting(
                    vec![a, registrations.clone()],
                    Box::new(sentence),
                ));
            }
        }
        if rows.is_empty() {
            return vec![];
        }
        let mut out = vec![Block::Table(Table {
            id: "referred-on".into(),
            caption: Text::Key("factsheet.referred_on_table"),
            columns: vec![
                Text::Key("column.measure"),
                Text::Key("column.count"),
                Text::Key("column.of"),
                Text::Key("column.share"),
            ],
            rows,
            how: Some(self.input.how("referred_on", Some(&registrations))),
        })];
        out.extend(blocks);
        out
    }

    /// Response time (median, p90, within two working days) and the
    /// waiting list per month; nothing when no first contact is registered.
    fn response_time(&self, counts: &mut Counts) -> Vec<Block> {
        let statistic = |s: &str| self.figure("response_time", &[("statistic", s)]);
        let (Some(median), Some(p90), Some(within)) = (
            statistic("median"),
            statistic("p90"),
            statistic("within_2_working_days"),
        ) else {
            return vec![];
        };
        if median.n == 0 {
            return vec![];
        }
        let keys = [("statistic", "within_2_working_days")];
        let n = self.count(counts, "response_time", &keys, "denominator", within.n);
        let in_time = self.count(
            counts,
            "response_time",
            &keys,
            "numerator",
            within.numerator.unwrap_or(0),
        );
        let days = |f: &Figure| {
            resting(&n, f.value, |v| {
                Cell::Number(v, if v.fract() == 0.0 { 0 } else { 1 })
            })
        };
        let rows = vec![
            Row {
                label: Text::Key("measure.median_days"),
                cells: vec![days(median), Cell::counted(&n)],
                total: false,
            },
            Row {
                label: Text::Key("measure.p90_days"),
                cells: vec![days(p90), Cell::counted(&n)],
                total: false,
            },
            Row {
                label: Text::Key("measure.within_2_working_days"),
                cells: vec![Cell::ratio(&in_time, &n), Cell::counted(&n)],
                total: false,
            },
        ];
        let mut blocks = vec![Block::Table(Table {
            id: "response-time".into(),
            caption: Text::Key("factsheet.response_table"),
            columns: vec![
                Text::Key("column.measure"),
                Text::Key("column.value"),
                Text::Key("column.with_first_contact"),
            ],
            rows,
            how: Some(self.input.how("response_time", Some(&n))),
        })];
        blocks.extend(self.waiting_list(counts));
        blocks
    }

    fn waiting_list(&self, counts: &mut Counts) -> Vec<Block> {
        let months: Vec<&Figure> = self
            .input
            .figures
            .iter()
            .filter(|f| f.indicator == "waiting_list")
            .collect();
        if months.is_empty() {
            return vec![];
        }
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        for f in months {
            let month = f.key("month").unwrap_or_default();
            let e = self.count(counts, "waiting_list", &[("month", month)], "n", f.n);
            let label = Text::Worded("month.of_year", vec![("month", Value::Month(month.into()))]);
            bars.push(Bar::count(label.clone(), &e));
            rows.push(Row {
                label,
                cells: vec![Cell::counted(&e)],
                total: false,
            });
        }
        let table = Table {
            id: "waiting-list".into(),
            caption: Text::Key("factsheet.waiting_table"),
            columns: vec![Text::Key("column.month"), Text::Key("column.waiting")],
            rows,
            how: Some(self.input.how("waiting_list", None)),
        };
        let chart = Chart {
            outlines: Vec::new(),
            title: Text::Key("factsheet.waiting_chart"),
            bars,
            shares: false,
            source: Source::Registrations,
        };
        vec![Block::Chart(chart, table)]
    }
}

/// A goal's target as the summary lists it: the value to reach (with its
/// date and baseline) and, when the target names a figure the product
/// computes for the theme (`escalation_rate`, `referred_on`,
/// `multi_problem`, `goal_realisation:<domain>`, `goal_coverage:<domain>`)
/// or a context indicator of the municipality, where it stands in the
/// year, as the reader may see it. A target in words stays as written.
pub(crate) fn target(input: &FactsheetInput, target: &Target, counts: &mut Counts) -> Vec<Item> {
    if target.is_empty() {
        return vec![];
    }
    let indicator = target.indicator.clone().unwrap_or_default();
    let item = |label, text| Item::labelled(Text::Key(label), text);
    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "–".into());
    let mut items = Vec::new();
    if !indicator.is_empty() {
        items.push(item(
            "summary.target_indicator",
            target_name(input, &indicator),
        ));
    }
    items.push(item(
        "summary.target",
        Text::Filled(
            "summary.target_text",
            vec![
                ("value", or_dash(&target.value)),
                (
                    "date",
                    target
                        .date
                        .map_or_else(|| "–".into(), |d| d.format("%d-%m-%Y").to_string()),
                ),
                ("baseline", or_dash(&target.baseline)),
            ],
        ),
    ));
    if let Some((now, rests_on)) = progress(input, &indicator, counts) {
        items.push(Item {
            rests_on,
            ..item(
                "summary.progress",
                Text::Worded(
                    "summary.progress_text",
                    vec![
                        ("value", now),
                        ("year", Value::Text(input.theme.year.to_string())),
                    ],
                ),
            )
        });
    }
    items
}

/// A goal's key figures as the summary lists them: each figure's name and
/// where it stands in the year, as the reader may see it (a hidden or
/// unknown figure is left out).
pub(crate) fn key_figures(
    input: &FactsheetInput,
    ids: &[String],
    counts: &mut Counts,
) -> Vec<Item> {
    ids.iter()
        .filter_map(|id| {
            let (value, rests_on) = progress(input, id, counts)?;
            Some(Item {
                label: Some(target_name(input, id)),
                text: Text::Worded(
                    "summary.progress_text",
                    vec![
                        ("value", value),
                        ("year", Value::Text(input.theme.year.to_string())),
                    ],
                ),
                rests_on,
            })
        })
        .collect()
}

/// A computed figure a target may name: its id as the ledger knows it.
fn computed_target(id: &str) -> Option<&'static str> {
    [
        "escalation_rate",
        "referred_on",
        "goal_realisation",
        "goal_coverage",
    ]
    .into_iter()
    .find(|known| *known == id)
}

/// A target's indicator in words: a computed figure's name, a context
/// indicator's name, or the text as written.
fn target_name(input: &FactsheetInput, indicator: &str) -> Text {
    target_indicator(indicator, input.definitions, input.domains)
}

/// A goal target's indicator in words (`escalation_rate`, a computed
/// figure with its ZRM domain `goal_realisation:financien`, a context
/// indicator by its definition's name, or the text as written): wherever
/// a target is shown, the DIN's pages as the factsheet.
pub fn target_indicator(
    indicator: &str,
    definitions: &[domain::IndicatorDefinition],
    domains: &[domain::ReferenceItem],
) -> Text {
    let domain_name = |code: &str| {
        domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    };
    let (id, domain) = indicator.split_once(':').unwrap_or((indicator, ""));
    match (computed_target(id), domain) {
        (Some("escalation_rate"), "") => Text::Key("target.escalation_rate"),
        (Some("referred_on"), "") => Text::Key("target.referred_on"),
        (Some("goal_realisation"), d) if !d.is_empty() => {
            Text::Filled("target.goal_realisation", vec![("domain", domain_name(d))])
        }
        (Some("goal_coverage"), d) if !d.is_empty() => {
            Text::Filled("target.goal_coverage", vec![("domain", domain_name(d))])
        }
        _ => Text::Plain(crate::model::indicator_name(definitions, indicator)),
    }
}

/// Where a computed target figure stands in the theme's year, with the
/// counts it rests on (none for a context value); `None` when there is no
/// such figure.
fn progress(
    input: &FactsheetInput,
    indicator: &str,
    counts: &mut Counts,
) -> Option<(Value, Vec<Counted>)> {
    let reach = input.reach();
    let support = Support {
        input,
        reach: &reach,
    };
    let (id, domain) = indicator.split_once(':').unwrap_or((indicator, ""));
    let Some(id) = computed_target(id) else {
        return context_now(input, indicator).map(|v| (v, vec![]));
    };
    let (a, n) = match (id, domain) {
        ("escalation_rate" | "referred_on", "") => {
            let f = support.figure(id, &[])?;
            let a = support.count(counts, id, &[], "numerator", f.numerator?);
            (a, support.registrations(counts))
        }
        ("goal_realisation" | "goal_coverage", d) if !d.is_empty() => {
            let f = support.figure(id, &[("domain", d)])?;
            let key = match id {
                "goal_coverage" => {
                    CellKey::of(input.theme.year, id, &[("domain", d)], "denominator")
                        .within(input.scope())
                }
                _ => input.key(id, &[("domain", d)], "denominator"),
            };
            let n = counts.shown(key.clone(), f.denominator?);
            let a = counts.shown(key.field("numerator"), f.numerator?);
            (a, n)
        }
        _ => return None,
    };
    (n.value > 0).then(|| (Value::Ratio(a.clone(), n.clone(), 1), vec![a, n]))
}

/// The municipality's latest value of a context indicator.
fn context_now(input: &FactsheetInput, indicator: &str) -> Option<Value> {
    input
        .figures
        .iter()
        .filter(|f| f.indicator == "context" && f.key("indicator") == Some(indicator))
        .filter(|f| f.key("region").is_some_and(|r| r.starts_with("GM")))
        .max_by(|a, b| a.key("period").cmp(&b.key("period")))
        .and_then(|f| f.value)
        .map(|v| Value::Number(v, 1))
}

/// The theme's key figures as the annual monitor's management summary
/// lists them, each value beside the number it rests on: registrations,
/// distinct clients, goal realisation and the paired ZRM change per
/// domain, and escalation. Every count is the factsheet's own cell, tied as
/// there, so the summary shows nothing the factsheets do not.
pub(crate) fn key_figure_table(input: &FactsheetInput, counts: &mut Counts) -> Table {
    let reach = input.reach();
    let support = Support {
        input,
        reach: &reach,
    };
    let row = |label: Text, value: Cell, n: Cell| Row {
        label,
        cells: vec![value, n],
        total: false,
    };
    let registrations = support.registrations(counts);
    let mut rows = vec![row(
        Text::Key("clients.registrations"),
        Cell::counted(&registrations),
        Cell::Empty,
    )];
    if let Some(distinct) = support
        .figure("reach_clients", &[("clients", "distinct")])
        .and_then(|f| f.value)
    {
        let keys = [("clients", "distinct")];
        let e = support.count(counts, "reach_clients", &keys, "n", distinct as u64);
        rows.push(row(
            Text::Key("clients.distinct"),
            Cell::counted(&e),
            Cell::Empty,
        ));
    }
    let domains = support.domains();
    let (_, realised) = goal_realisation(input, &domains, counts);
    for ((d, name), (achieved, n, _)) in reach.domains.iter().zip(realised) {
        if support
            .figure("goal_realisation", &[("domain", d)])
            .is_none()
        {
            continue;
        }
        rows.push(row(
            Text::Filled("summary.goal_realisation", vec![("domain", name.clone())]),
            Cell::ratio(&achieved, &n),
            Cell::counted(&n),
        ));
    }
    let own = support.change_domains();
    for d in own.iter().filter(|d| domains.contains(&d.as_str())) {
        let Some(f) = support.figure("zrm_change", &[("domain", d)]) else {
            continue;
        };
        let n = support.count(counts, "zrm_change", &[("domain", d)], "n", f.n);
        let from_to = |start: f64| {
            Cell::Text(Text::Worded(
                "summary.from_to",
                vec![
                    ("start", Value::Number(start, 2)),
                    ("end", Value::Number(f.mean_end.unwrap_or(start), 2)),
                ],
            ))
        };
        rows.push(row(
            Text::Filled("summary.zrm_change", vec![("domain", input.domain_name(d))]),
            resting(&n, f.mean_start, from_to),
            Cell::counted(&n),
        ));
    }
    if let Some(f) = support.figure("escalation_rate", &[]) {
        let a = support.count(
            counts,
            "escalation_rate",
            &[],
            "numerator",
            f.numerator.unwrap_or(0),
        );
        rows.push(row(
            Text::Key("measure.escalation"),
            Cell::ratio(&a, &registrations),
            Cell::counted(&registrations),
        ));
    }
    Table {
        id: format!("key-figures-{}", input.theme.code.as_str()),
        caption: Text::Filled(
            "monitor.key_figures_table",
            vec![
                ("theme", input.theme.name.clone()),
                ("year", input.year().to_string()),
            ],
        ),
        columns: vec![
            Text::Key("column.measure"),
            Text::Key("column.value"),
            Text::Key("column.resting_on"),
        ],
        rows,
        how: None,
    }
}

/// Goal realisation per domain: complete (the denominator) and achieved
/// (the numerator) are counts of adult trajectories. Each is the sum, over
/// the theme's main domains, of the trajectories of that main domain: the
/// tie between two themes that share a domain. Gives, per domain, the
/// achieved and complete trajectories, with the interval (for the
/// sentences under the table).
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
        let interval = figure(d).and_then(|f| f.ci95);
        let range = Cell::share_interval((&a, &n), interval);
        rows.push(Row {
            label: Text::Plain(input.domain_name(d)),
            cells: vec![
                Cell::counted(&n),
                Cell::counted(&a),
                Cell::ratio(&a, &n),
                range,
            ],
            total: false,
        });
        bars.push(Bar::ratio(input.domain_name(d), &a, &n));
        realised.push((a, n, interval));
    }
    let total_value = domains.iter().map(|d| complete(d)).sum();
    counts.ledger.sum(total_key.clone(), total_parts);
    let total = counts.shown(total_key, total_value);
    let chart = Chart {
        outlines: Vec::new(),
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
            how: Some(input.how("goal_realisation", Some(&total))),
        },
    );
    (block, realised)
}

/// A domain's goal realisation: achieved, complete, and the 95 % interval
/// of the share.
pub(crate) type Realised = (Counted, Counted, Option<indicators::stats::Interval>);

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
        let entries: Vec<Counted> = cells
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
            cells: columns.iter().map(|(c, _)| Cell::counted(&c[i])).collect(),
            total: false,
        })
        .chain([Row {
            label: Text::Key("column.total"),
            cells: columns.iter().map(|(_, t)| Cell::counted(t)).collect(),
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
        how: Some(input.how("referrals_in", Some(&columns[0].1))),
    })]
}
