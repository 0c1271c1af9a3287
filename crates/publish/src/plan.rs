//! Reach against plan (DOMAIN.md §4.9), as the seeds headline it ("17.456
//! inwoners bereikt … ruim hoger (3101) dan het geplande bereik"): per
//! societal task and in total the planned and achieved reach with the
//! absolute and relative difference, and per service where the plan has
//! services. The dashboard shows every year, the monitor its year, a
//! task's factsheet its own task. Achieved reach is a count of people,
//! suppressed like every count; a difference rests on it and is hidden
//! with it.

use crate::ledger::{CellKey, Counted, Counts};
use crate::model::{Bar, Block, Cell, Chart, Row, Source, Table, Text, Value};
use indicators::Figure;

/// The reach-against-plan figures of one year.
#[derive(Debug, Clone)]
pub(crate) struct Plan<'a> {
    year: i32,
    figures: Vec<&'a Figure>,
}

impl<'a> Plan<'a> {
    /// The year's plan figures among `figures`; `None` without a plan.
    pub(crate) fn of(year: i32, figures: &'a [Figure]) -> Option<Self> {
        let figures: Vec<&Figure> = figures
            .iter()
            .filter(|f| f.indicator == "reach_vs_plan")
            .collect();
        (!figures.is_empty()).then_some(Self { year, figures })
    }

    /// The societal tasks, in the order of the plan.
    fn tasks(&self) -> Vec<&'a Figure> {
        self.figures
            .iter()
            .copied()
            .filter(|f| f.keys.len() == 1 && f.key("societal_task").is_some())
            .collect()
    }

    /// The services of a task.
    fn services(&self, task: &str) -> Vec<&'a Figure> {
        self.figures
            .iter()
            .copied()
            .filter(|f| f.key("societal_task") == Some(task) && f.key("service").is_some())
            .collect()
    }

    /// The plan's total over every task.
    fn total(&self) -> Option<&'a Figure> {
        self.figures.iter().copied().find(|f| f.keys.is_empty())
    }

    /// The ledger key of a figure's achieved reach.
    fn key(&self, f: &Figure) -> CellKey {
        let keys: Vec<(&'static str, &str)> = ["societal_task", "service"]
            .into_iter()
            .filter_map(|k| f.key(k).map(|v| (k, v)))
            .collect();
        CellKey::of(self.year, "reach_vs_plan", &keys, "achieved")
    }

    /// A figure's achieved reach, written to `counts`.
    fn achieved(&self, counts: &mut Counts, f: &Figure) -> Counted {
        counts.shown(self.key(f), f.number("achieved").unwrap_or(0.0) as u64)
    }

    /// Says that `whole`'s achieved reach is the sum of `parts`' when it is.
    fn tie(&self, counts: &mut Counts, whole: &Figure, parts: &[&Figure]) {
        let sum: f64 = parts.iter().filter_map(|f| f.number("achieved")).sum();
        if !parts.is_empty() && Some(sum) == whole.number("achieved") {
            let parts = parts.iter().map(|f| self.key(f)).collect();
            counts.ledger.sum(self.key(whole), parts);
        }
    }

    /// A row: planned, achieved, the difference and the relative
    /// difference.
    fn row(label: Text, f: &Figure, achieved: Counted, total: bool) -> Row {
        Row {
            label,
            cells: vec![
                Cell::Number(planned(f), 0),
                Cell::counted(&achieved),
                difference(f, &achieved, false),
                difference(f, &achieved, true),
            ],
            total,
        }
    }

    /// A figure's row with its achieved reach written to `counts`.
    fn counted_row(&self, counts: &mut Counts, label: Text, f: &Figure, total: bool) -> Row {
        let achieved = self.achieved(counts, f);
        Self::row(label, f, achieved, total)
    }

    fn table(&self, id: String, caption: Text, first: &'static str, rows: Vec<Row>) -> Table {
        Table {
            id,
            caption,
            columns: vec![
                Text::Key(first),
                Text::Key("column.planned"),
                Text::Key("column.achieved_reach"),
                Text::Key("column.difference"),
                Text::Key("column.relative_difference"),
            ],
            rows,
            how: None,
        }
    }

    /// Every task as a bar with its plan marked, and the table of the tasks
    /// with their total; then each task's services.
    pub(crate) fn blocks(&self, counts: &mut Counts) -> Vec<Block> {
        let tasks = self.tasks();
        let mut rows = Vec::new();
        let mut bars = Vec::new();
        for task in &tasks {
            let name = task.key("societal_task").unwrap_or_default();
            let achieved = self.achieved(counts, task);
            bars.push(plan_bar(name, task, &achieved));
            rows.push(Self::row(
                Text::Plain(name.to_string()),
                task,
                achieved,
                false,
            ));
        }
        if let Some(total) = self.total() {
            self.tie(counts, total, &tasks);
            rows.push(self.counted_row(counts, Text::Key("column.total"), total, true));
        }
        let title = Text::Filled("plan.chart", vec![("year", self.year.to_string())]);
        let chart = Chart {
            outlines: Vec::new(),
            title: title.clone(),
            bars,
            shares: false,
            source: Source::Plan,
        };
        let mut blocks = self.sentence(counts).into_iter().collect::<Vec<_>>();
        blocks.push(Block::Chart(
            chart,
            self.table(
                format!("plan-{}", self.year),
                title,
                "column.societal_task",
                rows,
            ),
        ));
        for task in tasks {
            blocks.extend(self.services_block(counts, task));
        }
        blocks
    }

    /// One task as its factsheet shows it: the task's row, then its
    /// services. Nothing when the plan has no such task.
    pub(crate) fn task_blocks(&self, counts: &mut Counts, task: &str) -> Vec<Block> {
        let Some(f) = self
            .tasks()
            .into_iter()
            .find(|f| f.key("societal_task") == Some(task))
        else {
            return vec![];
        };
        let row = self.counted_row(counts, Text::Plain(task.to_string()), f, true);
        let caption = Text::Filled(
            "plan.task_table",
            vec![("task", task.to_string()), ("year", self.year.to_string())],
        );
        let mut blocks = vec![Block::Table(self.table(
            "plan".into(),
            caption,
            "column.societal_task",
            vec![row],
        ))];
        blocks.extend(self.services_block(counts, f));
        blocks
    }

    /// A task's services with the task's own row as their total, tied to it
    /// when their reach adds up to it.
    fn services_block(&self, counts: &mut Counts, task: &Figure) -> Option<Block> {
        let name = task.key("societal_task").unwrap_or_default();
        let services = self.services(name);
        if services.is_empty() {
            return None;
        }
        let mut rows: Vec<Row> = services
            .iter()
            .map(|f| {
                let label = Text::Plain(f.key("service").unwrap_or_default().to_string());
                self.counted_row(counts, label, f, false)
            })
            .collect();
        self.tie(counts, task, &services);
        rows.push(self.counted_row(counts, Text::Key("column.total"), task, true));
        Some(Block::Table(self.table(
            format!("plan-{}-{}", self.year, crate::tables::slug(name)),
            Text::Filled(
                "plan.services_table",
                vec![("task", name.to_string()), ("year", self.year.to_string())],
            ),
            "column.service",
            rows,
        )))
    }

    /// The total over the tasks for a trend: planned, achieved, and the
    /// difference as its cell; `None` without a total.
    pub(crate) fn total_row(&self, counts: &mut Counts) -> Option<(f64, Counted, Cell)> {
        let total = self.total()?;
        self.tie(counts, total, &self.tasks());
        let achieved = self.achieved(counts, total);
        let difference = difference(total, &achieved, false);
        Some((planned(total), achieved, difference))
    }

    /// The headline: "In 2021 zijn 17456 inwoners bereikt, 3101 meer dan
    /// de 14355 van het plan (+22%)"; none when the total is hidden.
    fn sentence(&self, counts: &mut Counts) -> Option<Block> {
        let total = self.total()?;
        let achieved = self.achieved(counts, total);
        let planned = total.number("planned")?;
        let difference = total.number("difference")?;
        let key = match difference >= 0.0 {
            true => "plan.sentence_above",
            false => "plan.sentence_below",
        };
        let sentence = Block::Text(Text::Worded(
            key,
            vec![
                ("year", Value::Text(self.year.to_string())),
                ("achieved", Value::Count(achieved.value)),
                ("planned", Value::Count(planned as u64)),
                ("difference", Value::Count(difference.abs() as u64)),
                (
                    "relative",
                    Value::Percent(total.number("relative_difference")?.abs(), 0),
                ),
            ],
        ));
        Some(Block::Resting(vec![achieved], Box::new(sentence)))
    }
}

/// A figure's planned reach.
fn planned(f: &Figure) -> f64 {
    f.number("planned").unwrap_or(0.0)
}

/// The difference with the plan (relative when `percent`), hidden with
/// the achieved reach it rests on.
fn difference(f: &Figure, achieved: &Counted, percent: bool) -> Cell {
    let field = match percent {
        true => "relative_difference",
        false => "difference",
    };
    match f.number(field) {
        Some(value) => Cell::resting([achieved], Cell::Difference { value, percent }),
        None => Cell::resting([achieved], Cell::Empty),
    }
}

/// A task's bar: its achieved reach with the plan marked, "1099 / 1360".
fn plan_bar(name: &str, f: &Figure, achieved: &Counted) -> Bar {
    let planned = planned(f);
    let mut bar = Bar::count(name.to_string(), achieved);
    bar.marker = Some(planned);
    bar.unit = format!(" / {planned}");
    bar
}
