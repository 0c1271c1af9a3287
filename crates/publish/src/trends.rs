//! What changed over the years (DOMAIN.md §5, the dashboard): the
//! organisation's key indicators, each as a small chart over every year
//! it has with a sentence generated from the figures — registrations,
//! reach against plan, goal realisation per domain with its interval,
//! escalation against its norm, response within two working days, the
//! waiting list at the year's end and residents' satisfaction. Every count
//! is written to the ledger under the key of the whole year's
//! registrations and tied to its parts per main domain, as the factsheets
//! tie theirs, so the dashboard and the factsheets are protected as one.

use crate::ledger::{per_main, CellKey, Counted, Counts};
use crate::model::{Bar, Cell, Chart, Row, Source, Table, Text, Trend, Value};
use crate::reach::Reach;
use crate::support::ESCALATION_TARGET;
use crate::surveys::question_key;
use domain::ReferenceItem;
use indicators::stats::{wilson, Z95};
use indicators::Figure;

/// One year of the dashboard: its figures and its main domains.
#[derive(Debug, Clone)]
pub(crate) struct Year<'a> {
    /// The year.
    pub year: i32,
    /// The figures of every registration of the year.
    pub figures: &'a [Figure],
    /// The main domains with registrations, in code order.
    pub mains: Vec<String>,
    /// The data version.
    pub data_version: i64,
}

impl<'a> Year<'a> {
    /// A year of figures.
    pub(crate) fn new(year: i32, figures: &'a [Figure], data_version: i64) -> Self {
        let mut mains: Vec<String> = figures
            .iter()
            .filter(|f| f.indicator == "reach" && f.n > 0)
            .filter_map(|f| f.key("domain").map(str::to_string))
            .collect();
        mains.sort();
        mains.dedup();
        Self {
            year,
            figures,
            mains,
            data_version,
        }
    }

    /// The registrations of the year, as the monitor's sources table and
    /// the factsheets' sums give them.
    pub(crate) fn reach(&self) -> Reach<'a> {
        Reach {
            figures: self.figures,
            domains: self.mains.iter().map(|d| (d.clone(), d.clone())).collect(),
            how: crate::model::How::new("reach", Text::Plain(String::new()), self.data_version),
            year: self.year,
            scope: crate::ledger::Scope::Organisation,
        }
    }

    fn find(&self, indicator: &str, keys: &[(&str, &str)]) -> Option<&'a Figure> {
        self.figures.iter().find(|f| {
            f.indicator == indicator
                && f.keys.len() == keys.len()
                && keys.iter().all(|(k, v)| f.key(k) == Some(*v))
        })
    }

    /// Writes a count over the year's registrations, tied to the same
    /// count per main domain (parts no page shows).
    fn count(
        &self,
        counts: &mut Counts,
        indicator: &'static str,
        keys: &[(&'static str, &str)],
        field: &'static str,
        value: u64,
    ) -> Counted {
        let set = self.mains.join("+");
        let mut all = vec![("domains", set.as_str())];
        all.extend_from_slice(keys);
        let key = CellKey::of(self.year, indicator, &all, field);
        let mains: Vec<&str> = self.mains.iter().map(String::as_str).collect();
        let parts = per_main(self.year, &mains, indicator, keys, field);
        counts.shown_as_sum(key, parts, value)
    }
}

/// A point of a trend: the year's cells in the table and its point.
struct Point {
    year: i32,
    cells: Vec<Cell>,
    bar: Bar,
}

impl Point {
    fn missing(year: i32, width: usize) -> Self {
        Self {
            year,
            cells: vec![Cell::Empty; width],
            bar: Bar {
                label: Text::Plain(year.to_string()),
                value: None,
                shown: Cell::Empty,
                unit: String::new(),
                series: 0,
                marker: None,
                band: None,
            },
        }
    }
}

/// What an indicator is called: its heading, and the subject of the
/// sentences that read it ("Escalatie naar de tweede lijn daalde …").
#[derive(Clone)]
struct Name {
    heading: Text,
    subject: Value,
}

impl Name {
    /// A name from message keys: `trend.<id>` and `trend.<id>_subject`.
    fn of(heading: &'static str, subject: &'static str) -> Self {
        Self {
            heading: Text::Key(heading),
            subject: Value::Key(subject.to_string()),
        }
    }

    /// A name with a text filled in (a domain, a question).
    fn filled(
        heading: &'static str,
        subject: &'static str,
        name: &'static str,
        value: &str,
    ) -> Self {
        Self {
            heading: Text::Filled(heading, vec![(name, value.to_string())]),
            subject: Value::Filled(
                subject.to_string(),
                vec![(name.to_string(), value.to_string())],
            ),
        }
    }

    fn text(&self) -> Text {
        self.heading.clone()
    }

    fn value(&self) -> Value {
        self.subject.clone()
    }
}

/// Every trend of the dashboard over `years`, in reading order.
pub(crate) fn trends(years: &[Year], domains: &[ReferenceItem], counts: &mut Counts) -> Vec<Trend> {
    let mut out = vec![registrations(years, counts)];
    out.extend(plan(years, counts));
    for domain in goal_domains(years) {
        let name = domains
            .iter()
            .find(|d| d.code == domain)
            .map_or_else(|| domain.clone(), |d| d.name.clone());
        out.extend(goal_realisation(years, &domain, name, counts));
    }
    out.extend(share_trend(
        years,
        counts,
        ("escalation_rate", &[]),
        Name::of("trend.escalation", "trend.escalation_subject"),
        Some(ESCALATION_TARGET),
        "escalation",
    ));
    out.extend(share_trend(
        years,
        counts,
        ("response_time", &[("statistic", "within_2_working_days")]),
        Name::of("trend.response", "trend.response_subject"),
        None,
        "response",
    ));
    out.extend(waiting_list(years, counts));
    out.extend(satisfaction(years, counts));
    out.retain(|t| t.chart.bars.iter().any(|b| b.shown != Cell::Empty));
    out
}

/// The registrations running in each year.
fn registrations(years: &[Year], counts: &mut Counts) -> Trend {
    let points = years
        .iter()
        .map(|y| {
            let reach = y.reach();
            let entry = reach.total(counts);
            match reach.total_value() {
                0 => Point::missing(y.year, 1),
                _ => Point {
                    year: y.year,
                    cells: vec![Cell::counted(&entry)],
                    bar: Bar::count(y.year.to_string(), &entry),
                },
            }
        })
        .collect();
    trend(
        Name::of("trend.registrations", "trend.registrations_subject"),
        "registrations",
        points,
        (false, None),
        &["column.registrations"],
        Source::Registrations,
    )
}

/// The reach against plan in total, with the plan as a tick, in the
/// years with a plan; none without any.
fn plan(years: &[Year], counts: &mut Counts) -> Option<Trend> {
    let plans: Vec<Option<crate::plan::Plan>> = years
        .iter()
        .map(|y| crate::plan::Plan::of(y.year, y.figures))
        .collect();
    if plans.iter().all(Option::is_none) {
        return None;
    }
    let points = years
        .iter()
        .zip(&plans)
        .map(
            |(y, plan)| match plan.as_ref().and_then(|p| p.total_row(counts)) {
                None => Point::missing(y.year, 3),
                Some((planned, entry, difference)) => {
                    let mut bar = Bar::count(y.year.to_string(), &entry);
                    bar.marker = Some(planned);
                    Point {
                        year: y.year,
                        cells: vec![Cell::Number(planned, 0), Cell::counted(&entry), difference],
                        bar,
                    }
                }
            },
        )
        .collect();
    let mut plan = trend(
        Name::of("trend.plan", "trend.plan_subject"),
        "plan",
        points,
        (false, None),
        &[
            "column.planned",
            "column.achieved_reach",
            "column.difference",
        ],
        Source::Plan,
    );
    plan.chart.title = Text::Key("trend.plan_chart");
    Some(plan)
}

/// The domains with goal realisation in some year, the most measured
/// first (in the last year that has them).
fn goal_domains(years: &[Year]) -> Vec<String> {
    let mut domains: Vec<(String, u64)> = Vec::new();
    for y in years.iter().rev() {
        for f in y
            .figures
            .iter()
            .filter(|f| f.indicator == "goal_realisation" && f.keys.len() == 1 && f.n > 0)
        {
            let d = f.key("domain").unwrap_or_default();
            if !domains.iter().any(|(known, _)| known == d) {
                domains.push((d.to_string(), f.n));
            }
        }
    }
    domains.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    domains.into_iter().map(|(d, _)| d).collect()
}

/// Goal realisation on one domain: the share with its Wilson interval,
/// and its coverage (of the adults' trajectories with that main domain,
/// the share with a goal and an end score), without which the share says
/// little: organisations compared on it are compared on their coverage too.
fn goal_realisation(
    years: &[Year],
    domain: &str,
    name: String,
    counts: &mut Counts,
) -> Option<Trend> {
    let mut trend = share_trend(
        years,
        counts,
        ("goal_realisation", &[("domain", domain)]),
        Name::filled(
            "trend.goal_realisation",
            "trend.goal_realisation_subject",
            "domain",
            &name,
        ),
        None,
        &format!("goal-{domain}"),
    )?;
    trend.table.columns.push(Text::Key("column.coverage"));
    for (row, y) in trend.table.rows.iter_mut().zip(years) {
        row.cells.push(coverage(y, domain, counts));
    }
    Some(trend)
}

/// The coverage of goal realisation on a domain in a year, as a share of
/// two counts; empty without trajectories with that main domain.
fn coverage(y: &Year, domain: &str, counts: &mut Counts) -> Cell {
    let keys = [("domain", domain)];
    let Some(f) = y
        .find("goal_coverage", &keys)
        .filter(|f| f.denominator.unwrap_or(0) > 0)
    else {
        return Cell::Empty;
    };
    let (a, n) = (f.numerator.unwrap_or(0), f.denominator.unwrap_or(0));
    let numerator = y.count(counts, "goal_coverage", &keys, "numerator", a);
    let denominator = y.count(counts, "goal_coverage", &keys, "denominator", n);
    Cell::ratio(&numerator, &denominator)
}

/// A share over the years (numerator of denominator) with its Wilson
/// interval; `None` when no year has the figure.
fn share_trend(
    years: &[Year],
    counts: &mut Counts,
    (indicator, keys): (&'static str, &[(&'static str, &str)]),
    name: Name,
    norm: Option<f64>,
    id: &str,
) -> Option<Trend> {
    let mut any = false;
    let points = years
        .iter()
        .map(|y| {
            let Some(f) = y
                .find(indicator, keys)
                .filter(|f| f.denominator.unwrap_or(0) > 0)
            else {
                return Point::missing(y.year, 4);
            };
            any = true;
            let (a, n) = (f.numerator.unwrap_or(0), f.denominator.unwrap_or(0));
            let numerator = y.count(counts, indicator, keys, "numerator", a);
            let denominator = y.count(counts, indicator, keys, "denominator", n);
            share_point(y.year, (numerator, denominator))
        })
        .collect();
    any.then(|| {
        trend(
            name,
            id,
            points,
            (true, norm),
            &SHARE_COLUMNS,
            Source::Registrations,
        )
    })
}

/// The columns of a share's table after the year.
const SHARE_COLUMNS: [&str; 4] = [
    "column.share",
    "column.interval",
    "column.count",
    "column.of",
];

/// A trend of its points: the reading from them, the chart and the table
/// (the year, then `columns`).
fn trend(
    name: Name,
    id: &str,
    points: Vec<Point>,
    (shares, norm): (bool, Option<f64>),
    columns: &[&'static str],
    source: Source,
) -> Trend {
    let (bars, rows) = split(points);
    Trend {
        heading: name.text(),
        reading: vec![],
        subject: Some(name.value()),
        chart: Chart {
            outlines: Vec::new(),
            title: name.text(),
            bars,
            shares,
            source,
        },
        norm,
        table: Table {
            id: format!("trend-{id}"),
            caption: Text::Worded("trend.table", vec![("name", name.value())]),
            columns: std::iter::once(Text::Key("column.year"))
                .chain(columns.iter().map(|c| Text::Key(c)))
                .collect(),
            rows,
            how: None,
        },
    }
}

/// A share's point: the share of the two counts, its Wilson interval
/// (of the true counts, shown only with the share), and both counts.
fn share_point(year: i32, (numerator, denominator): (Counted, Counted)) -> Point {
    let interval = wilson(numerator.value, denominator.value, Z95);
    let mut bar = Bar::ratio(year.to_string(), &numerator, &denominator);
    bar.band = interval
        .filter(|_| denominator.value > 0)
        .map(|i| (i.low, i.high));
    let interval_cell = Cell::share_interval((&numerator, &denominator), interval);
    Point {
        year,
        cells: vec![
            Cell::ratio(&numerator, &denominator),
            interval_cell,
            Cell::counted(&numerator),
            Cell::counted(&denominator),
        ],
        bar,
    }
}

/// The bars of the points and the rows of the table.
fn split(points: Vec<Point>) -> (Vec<Bar>, Vec<Row>) {
    points
        .into_iter()
        .map(|p| {
            (
                p.bar,
                Row {
                    label: Text::Plain(p.year.to_string()),
                    cells: p.cells,
                    total: false,
                },
            )
        })
        .unzip()
}

/// The waiting list on the last day of each year.
fn waiting_list(years: &[Year], counts: &mut Counts) -> Option<Trend> {
    let mut any = false;
    let points = years
        .iter()
        .map(|y| {
            let month = format!("{}-12", y.year);
            let Some(f) = y.find("waiting_list", &[("month", &month)]) else {
                return Point::missing(y.year, 1);
            };
            any = true;
            let entry = y.count(counts, "waiting_list", &[("month", &month)], "n", f.n);
            Point {
                year: y.year,
                cells: vec![Cell::counted(&entry)],
                bar: Bar::count(y.year.to_string(), &entry),
            }
        })
        .collect();
    any.then(|| {
        trend(
            Name::of("trend.waiting_list", "trend.waiting_list_subject"),
            "waiting-list",
            points,
            (false, None),
            &["column.waiting"],
            Source::Registrations,
        )
    })
}

/// Residents' satisfaction: per question of the residents' surveys, the
/// share (very) satisfied among the applicable answers, with the counts
/// the survey page shows.
fn satisfaction(years: &[Year], counts: &mut Counts) -> Vec<Trend> {
    let mut questions: Vec<String> = Vec::new();
    for y in years {
        for f in residents(y) {
            let q = f.key("question").unwrap_or_default().to_string();
            if !questions.contains(&q) {
                questions.push(q);
            }
        }
    }
    questions
        .iter()
        .map(|q| {
            let points = years
                .iter()
                .map(|y| {
                    let Some(f) = residents(y).find(|f| f.key("question") == Some(q)) else {
                        return Point::missing(y.year, 4);
                    };
                    let survey = f.key("survey").unwrap_or_default();
                    let key = |stat, field| {
                        question_key(y.year, (survey, q), Some(("statistic", stat)), field)
                    };
                    let shown = (
                        counts.shown(key("positive", "numerator"), f.numerator.unwrap_or(0)),
                        counts.shown(key("applicable", "n"), f.n),
                    );
                    share_point(y.year, shown)
                })
                .collect();
            trend(
                Name::filled(
                    "trend.satisfaction",
                    "trend.satisfaction_subject",
                    "question",
                    q,
                ),
                &format!("survey-{}", crate::tables::slug(q)),
                points,
                (true, None),
                &SHARE_COLUMNS,
                Source::Surveys,
            )
        })
        .collect()
}

/// The positive-answer figures of the year's residents' surveys.
fn residents<'a>(y: &'a Year) -> impl Iterator<Item = &'a Figure> + 'a {
    let surveys: Vec<&str> = y
        .figures
        .iter()
        .filter(|f| {
            f.indicator == "survey_response"
                && matches!(f.extra("kind"), Some(indicators::Extra::Text(k)) if k == "inwoners")
        })
        .filter_map(|f| f.key("survey"))
        .collect();
    y.figures.iter().filter(move |f| {
        f.indicator == "survey_answer"
            && f.key("statistic") == Some("positive")
            && f.n > 0
            && f.key("survey").is_some_and(|s| surveys.contains(&s))
    })
}
