//! The attacker's view, as a check of a [`crate::Protection`]: every hidden cell
//! and every count no page shows is an unknown non-negative integer, every
//! shown count a constant, every total and every tie between tables an
//! equation. For each primary cell the smallest and largest value the
//! system allows are found by integer linear programming; a primary cell
//! whose range holds fewer than k − 1 values is narrower than "< k" itself
//! and so disclosed.

use crate::ledger::{CellKey, Ledger};
use crate::protection::{groups, terms, System};
use crate::suppression::Mark;
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeMap, BTreeSet};

/// What an attacker can tell of one primary cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// The cell.
    pub key: CellKey,
    /// Its true value.
    pub value: u64,
    /// The smallest value the published counts allow.
    pub min: u64,
    /// The largest; `None` when there is no upper bound.
    pub max: Option<u64>,
}

impl Range {
    /// How many values the attacker cannot rule out (`None`: unbounded).
    pub fn width(&self) -> Option<u64> {
        self.max.map(|max| max - self.min + 1)
    }

    /// Whether the range holds at least k − 1 values.
    pub fn holds(&self, k: u64) -> bool {
        self.width().is_none_or(|w| w + 1 >= k)
    }
}

/// The range of every primary cell of a suppression pattern (the hidden
/// cells with their marks, e.g. [`Protection::hidden`]) over the counts of
/// `ledger`, in key order.
pub fn audit(ledger: &Ledger, hidden: &BTreeMap<CellKey, Mark>) -> Vec<Range> {
    let system = System::of(ledger);
    let unknown = |i: usize| !system.cells[i].shown || hidden.contains_key(&system.keys[i]);
    let mut ranges = Vec::new();
    // Shown counts are constants and tie nothing.
    for component in groups(&system, &unknown) {
        for &p in &component {
            if hidden.get(&system.keys[p]) != Some(&Mark::Primary) {
                continue;
            }
            let bound = |direction| extreme(&system, &component, &unknown, p, direction);
            let value = system.cells[p].value.unwrap_or(0);
            ranges.push(Range {
                key: system.keys[p].clone(),
                value,
                min: bound(OptimizationDirection::Minimize).unwrap_or(0),
                max: bound(OptimizationDirection::Maximize),
            });
        }
    }
    ranges.sort_by(|a, b| a.key.cmp(&b.key));
    ranges
}

/// The smallest or largest integer value of unknown `target` given the
/// shown counts; `None` when unbounded (or, for the minimum, when the
/// solver fails: then 0, the weakest claim, is taken).
fn extreme(
    system: &System,
    component: &[usize],
    unknown: &dyn Fn(usize) -> bool,
    target: usize,
    direction: OptimizationDirection,
) -> Option<u64> {
    let members: BTreeSet<usize> = component.iter().copied().collect();
    let mut problem = Problem::new(direction);
    let vars: BTreeMap<usize, microlp::Variable> = component
        .iter()
        .map(|&i| {
            let objective = if i == target { 1.0 } else { 0.0 };
            (i, problem.add_integer_var(objective, (0, i32::MAX)))
        })
        .collect();
    for (total, parts) in &system.equations {
        let cells = terms(*total, parts);
        if !cells.iter().any(|(i, _)| members.contains(i)) {
            continue;
        }
        let mut row = Vec::new();
        let mut constant = 0.0;
        for (i, sign) in cells {
            if unknown(i) {
                row.push((vars[&i], sign));
            } else {
                constant += sign * system.cells[i].value.unwrap_or(0) as f64;
            }
        }
        if !row.is_empty() {
            problem.add_constraint(row.as_slice(), ComparisonOp::Eq, -constant);
        }
    }
    let solution = problem.solve().ok()?.into_solution().ok()?;
    Some(solution.var_value(vars[&target]).round().max(0.0) as u64)
}
