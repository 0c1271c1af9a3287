//! Reach against plan (DOMAIN.md §4.9): achieved against planned reach per
//! societal task and service, and in total.

use crate::figure::Figure;
use crate::selection::{Case, Selection};
use domain::ReachPlan;
use std::collections::{BTreeMap, BTreeSet};

/// Planned and achieved reach of one row of the figure, and whether the
/// achieved reach was reported (in reach_plan.csv) or computed.
#[derive(Debug, Clone, Copy, Default)]
struct Reach {
    planned: u64,
    achieved: u64,
    reported: bool,
    computed: bool,
}

impl Reach {
    fn add(&mut self, other: Reach) {
        self.planned += other.planned;
        self.achieved += other.achieved;
        self.reported |= other.reported;
        self.computed |= other.computed;
    }

    fn basis(&self) -> &'static str {
        match (self.reported, self.computed) {
            (true, true) => "mixed",
            (true, false) => "reported",
            _ => "computed",
        }
    }

    fn figure(&self, keys: Vec<(&'static str, String)>) -> Figure {
        let mut figure = Figure::share("reach_vs_plan", keys, self.achieved, self.planned)
            .with_number("planned", self.planned as f64)
            .with_number("achieved", self.achieved as f64)
            .with_number("difference", self.achieved as f64 - self.planned as f64);
        if self.planned > 0 {
            let relative = (self.achieved as f64 - self.planned as f64) / self.planned as f64;
            figure = figure.with_number("relative_difference", relative);
        }
        figure.n = self.achieved;
        figure.with_text("achieved_basis", self.basis())
    }
}

/// Reach against plan (`reach_vs_plan`, §4.9). The plan rows are the
/// organisation's rows of the years within the selection's period (rows of
/// several years are added up); `cases` are the registrations of the
/// selection.
///
/// Achieved reach of a row is the reported `achieved` when the row gives
/// one (`achieved_basis` `reported`), else computed: the registrations of
/// the selection whose service is the row's service, or, for a row of a
/// whole task (no service), whose service is one of the task's services in
/// the plan (`computed`). Figures:
/// - keys `societal_task`, `service`: one per service row;
/// - key `societal_task`: per task, its own row when the plan has one,
///   else the sum of its service rows;
/// - no keys: the total over the tasks.
///
/// A computed reach is counted once over the whole period, also when the
/// plan has a row for each of several years.
///
/// Each has `numerator` achieved, `denominator` planned, `value` achieved ÷
/// planned (no data when nothing was planned), `n` the achieved reach, and
/// `planned`, `achieved`, `difference` (achieved − planned) and
/// `relative_difference` (difference ÷ planned).
pub fn reach_vs_plan(plans: &[ReachPlan], cases: &[Case], selection: &Selection) -> Vec<Figure> {
    let mut by_service: BTreeMap<&str, u64> = BTreeMap::new();
    for case in cases {
        if let Some(service) = &case.registration.service {
            *by_service.entry(service.as_str()).or_default() += 1;
        }
    }
    reach_vs_plan_of(plans, &by_service, selection)
}

/// Reach against plan as [`reach_vs_plan`], given the registrations of
/// the selection per service.
pub fn reach_vs_plan_of(
    plans: &[ReachPlan],
    by_service: &BTreeMap<&str, u64>,
    selection: &Selection,
) -> Vec<Figure> {
    let rows: Vec<&ReachPlan> = plans
        .iter()
        .filter(|p| p.organisation == selection.organisation)
        .filter(|p| selection.period.covers_year(p.year))
        .collect();
    let mut services: BTreeMap<(&str, &str), Reach> = BTreeMap::new();
    let mut tasks: BTreeMap<&str, (Option<Reach>, Reach)> = BTreeMap::new();
    // Rows of several years share one computed reach: count it once.
    let mut counted: BTreeSet<(&str, Option<&str>)> = BTreeSet::new();
    for row in &rows {
        let first = counted.insert((row.societal_task.as_str(), row.service.as_deref()));
        let task = row.societal_task.as_str();
        let reach = |computed: u64| Reach {
            planned: u64::from(row.planned),
            achieved: row.achieved.map_or(computed, u64::from),
            reported: row.achieved.is_some(),
            computed: row.achieved.is_none(),
        };
        match &row.service {
            Some(service) => {
                let computed =
                    by_service.get(service.as_str()).copied().unwrap_or(0) * u64::from(first);
                let r = reach(computed);
                services.entry((task, service.as_str())).or_default().add(r);
                tasks.entry(task).or_default().1.add(r);
            }
            None => {
                let computed = rows
                    .iter()
                    .filter(|s| s.societal_task == row.societal_task)
                    .filter_map(|s| s.service.as_deref())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .map(|s| by_service.get(s).copied().unwrap_or(0))
                    .sum::<u64>()
                    * u64::from(first);
                let own = &mut tasks.entry(task).or_default().0;
                own.get_or_insert_with(Reach::default).add(reach(computed));
            }
        }
    }
    let mut figures: Vec<Figure> = services
        .iter()
        .map(|((task, service), r)| {
            r.figure(vec![
                ("societal_task", task.to_string()),
                ("service", service.to_string()),
            ])
        })
        .collect();
    let mut total = Reach::default();
    for (task, (own, of_services)) in &tasks {
        let r = own.unwrap_or(*of_services);
        total.add(r);
        figures.push(r.figure(vec![("societal_task", task.to_string())]));
    }
    if !tasks.is_empty() {
        figures.push(total.figure(vec![]));
    }
    figures
}
