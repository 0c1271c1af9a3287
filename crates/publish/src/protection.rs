//! Which cells of everything one audience can see are hidden (DOMAIN.md
//! §6): linked cell suppression over the merged [`Ledger`] of every
//! publication of an organisation.
//!
//! Primary: every shown count from 1 to k − 1. Secondary: chosen with the
//! linear-programming method for cell suppression of Fischetti and
//! Salazar-González ("Models and algorithms for optimizing cell suppression
//! in tabular data with linear constraints", JASA 95, 2000), as τ-ARGUS's
//! "optimal" method uses it, in its one-step heuristic form: find one other
//! table, consistent with every count that stays shown and every tie
//! between the counts (totals, areas within the organisation, the same cell
//! on several pages), in which every primary cell is at least k − 2 above
//! its true value; every shown cell that table has to change is hidden.
//! That other table is a witness that an attacker who solves the published
//! counts as equations cannot narrow a primary cell below the k − 1 values
//! from its true value up, and hiding more cells only widens what the
//! attacker cannot rule out. Among such tables the one with the least
//! change weighted by the cells' sizes is taken, so small cells are hidden
//! before large totals. Cells that no tie connects to a primary cell are
//! never touched. Every step runs in the keys' order: the same counts give
//! the same hidden cells.

use crate::ledger::{CellKey, Ledger};
use crate::suppression::{Entry, Mark, Threshold};
use microlp::{ComparisonOp, OptimizationDirection, Problem};
use std::collections::{BTreeMap, BTreeSet};

/// The decision for everything one audience of one organisation can see:
/// which cells are hidden, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Protection {
    threshold: Threshold,
    hidden: BTreeMap<CellKey, Mark>,
    known: BTreeSet<CellKey>,
}

impl Protection {
    /// The threshold applied.
    pub fn threshold(&self) -> Threshold {
        self.threshold
    }

    /// A count as the audience sees it. A cell outside the protected set
    /// (no page published it when the decision was made) is hidden: what
    /// was not protected is not shown.
    pub fn entry(&self, key: &CellKey, value: u64) -> Entry {
        match self.hidden.get(key) {
            Some(mark) => Entry::Hidden(*mark),
            None if self.known.contains(key) => Entry::Count(value),
            None if self.threshold.is_small(value) => Entry::Hidden(Mark::Primary),
            None => Entry::Hidden(Mark::Secondary),
        }
    }

    /// The hidden cells with their marks, in key order.
    pub fn hidden(&self) -> &BTreeMap<CellKey, Mark> {
        &self.hidden
    }
}

/// Suppresses the shown counts of a ledger for threshold k (see the
/// module comment).
pub fn protect(ledger: &Ledger, k: Threshold) -> Protection {
    let system = System::of(ledger);
    let mut hidden: BTreeMap<CellKey, Mark> = BTreeMap::new();
    for (i, cell) in system.cells.iter().enumerate() {
        if cell.shown && k.is_small(cell.value.unwrap_or(0)) {
            hidden.insert(system.keys[i].clone(), Mark::Primary);
        }
    }
    for component in system.components() {
        let primary: Vec<usize> = component
            .iter()
            .copied()
            .filter(|&i| hidden.contains_key(&system.keys[i]))
            .collect();
        if primary.is_empty() {
            continue;
        }
        let changed = system
            .witness(&component, &primary, k)
            .unwrap_or_else(|| component.clone());
        for i in changed {
            if system.cells[i].shown {
                hidden
                    .entry(system.keys[i].clone())
                    .or_insert(Mark::Secondary);
            }
        }
    }
    Protection {
        threshold: k,
        hidden,
        known: ledger
            .counts
            .iter()
            .filter(|(_, t)| t.shown)
            .map(|(key, _)| key.clone())
            .collect(),
    }
}

/// One unknown of the attacker's system: a count of the ledger, or the
/// registrations of a whole that belong to none of its parts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unknown {
    pub(crate) value: Option<u64>,
    pub(crate) shown: bool,
}

/// The ledger as a linear system: every count a non-negative unknown,
/// every tie an equation `total = Σ parts`.
#[derive(Debug)]
pub(crate) struct System {
    pub(crate) keys: Vec<CellKey>,
    pub(crate) cells: Vec<Unknown>,
    /// `(total, parts)` by index.
    pub(crate) equations: Vec<(usize, Vec<usize>)>,
}

impl System {
    /// The system of a ledger. A family of parts adds up to its whole
    /// exactly when their counts do; otherwise a remainder (registrations
    /// in none of the parts, never shown) joins the equation. A tie whose
    /// whole has no known value is left out: it says nothing.
    pub(crate) fn of(ledger: &Ledger) -> Self {
        let mut keys: Vec<CellKey> = ledger.counts.keys().cloned().collect();
        let mut cells: Vec<Unknown> = ledger
            .counts
            .values()
            .map(|t| Unknown {
                value: t.value,
                shown: t.shown,
            })
            .collect();
        let index: BTreeMap<&CellKey, usize> = ledger
            .counts
            .keys()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        let at = |k: &CellKey| index.get(k).copied();
        let mut equations: Vec<(usize, Vec<usize>)> = ledger
            .sums
            .iter()
            .filter_map(|s| {
                let parts: Option<Vec<usize>> = s.parts.iter().map(at).collect();
                Some((at(&s.total)?, parts?))
            })
            .collect();
        let mut families: BTreeMap<(usize, &str), Vec<usize>> = BTreeMap::new();
        for p in &ledger.parts {
            if let (Some(whole), Some(part)) = (at(&p.whole), at(&p.part)) {
                families
                    .entry((whole, p.family.as_str()))
                    .or_default()
                    .push(part);
            }
        }
        let mut remainders = Vec::new();
        for ((whole, family), mut parts) in families {
            let Some(total) = cells[whole].value else {
                continue;
            };
            let counted: u64 = parts.iter().filter_map(|&p| cells[p].value).sum();
            if counted != total {
                remainders.push((whole, family, total.saturating_sub(counted)));
                parts.push(cells.len() + remainders.len() - 1);
            }
            equations.push((whole, parts));
        }
        for (whole, family, rest) in remainders {
            let mut key = keys[whole].clone();
            key.keys.push(("outside", family.to_string()));
            keys.push(key);
            cells.push(Unknown {
                value: Some(rest),
                shown: false,
            });
        }
        Self {
            keys,
            cells,
            equations,
        }
    }

    /// The groups of cells tied together by equations, each in index order.
    pub(crate) fn components(&self) -> Vec<Vec<usize>> {
        groups(self, &|_| true)
    }

    /// The equations among the cells of a component.
    fn equations_of<'a>(
        &'a self,
        component: &'a BTreeSet<usize>,
    ) -> impl Iterator<Item = &'a (usize, Vec<usize>)> + 'a {
        self.equations.iter().filter(|(t, _)| component.contains(t))
    }

    /// The shown cells of a component another table must change so that
    /// every primary cell is at least k − 2 above its value; `None` when
    /// the solver finds no such table (then the caller hides the whole
    /// component).
    fn witness(&self, component: &[usize], primary: &[usize], k: Threshold) -> Option<Vec<usize>> {
        let members: BTreeSet<usize> = component.iter().copied().collect();
        let mut problem = Problem::new(OptimizationDirection::Minimize);
        let mut vars = BTreeMap::new();
        let mut deviations = Vec::new();
        for &i in component {
            let cell = self.cells[i];
            let y = problem.add_var(0.0, (0.0, f64::INFINITY));
            vars.insert(i, y);
            let fixed = cell.shown && !primary.contains(&i);
            if let (true, Some(x)) = (fixed, cell.value) {
                // y − x = up − down, each change weighted by the cell's size.
                let weight = 1.0 + x as f64;
                let up = problem.add_var(weight, (0.0, f64::INFINITY));
                let down = problem.add_var(weight, (0.0, f64::INFINITY));
                problem.add_constraint(
                    [(y, 1.0), (up, -1.0), (down, 1.0)],
                    ComparisonOp::Eq,
                    x as f64,
                );
                deviations.push((i, up, down));
            }
        }
        for (total, parts) in self.equations_of(&members) {
            let row: Vec<(microlp::Variable, f64)> = terms(*total, parts)
                .into_iter()
                .map(|(i, c)| (vars[&i], c))
                .collect();
            if !row.is_empty() {
                problem.add_constraint(row.as_slice(), ComparisonOp::Eq, 0.0);
            }
        }
        let lift = k.get().saturating_sub(2) as f64;
        for &p in primary {
            let value = self.cells[p].value.unwrap_or(0) as f64;
            problem.add_constraint([(vars[&p], 1.0)], ComparisonOp::Ge, value + lift);
        }
        // A solver that fails, or panics on a degenerate problem, leaves the
        // caller to hide the whole component: never a page without
        // protection.
        let solved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| problem.solve()));
        let solution = solved.ok()?.ok()?.into_solution().ok()?;
        Some(
            deviations
                .into_iter()
                .filter(|(_, up, down)| solution.var_value(*up) + solution.var_value(*down) > 1e-6)
                .map(|(i, _, _)| i)
                .collect(),
        )
    }
}

/// The groups of the cells kept by `keep`, two cells in one group when an
/// equation holds both (union–find), each group in index order.
pub(crate) fn groups(system: &System, keep: &dyn Fn(usize) -> bool) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..system.cells.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (total, parts) in &system.equations {
        let members: Vec<usize> = std::iter::once(*total)
            .chain(parts.iter().copied())
            .filter(|&i| keep(i))
            .collect();
        for pair in members.windows(2) {
            let (a, b) = (root(&mut parent, pair[0]), root(&mut parent, pair[1]));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        }
    }
    let mut found: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in (0..system.cells.len()).filter(|&i| keep(i)) {
        let r = root(&mut parent, i);
        found.entry(r).or_default().push(i);
    }
    found.into_values().collect()
}

/// The equation `total = Σ parts` as `total − Σ parts = 0`: each cell
/// once with its coefficient, cells that cancel left out.
pub(crate) fn terms(total: usize, parts: &[usize]) -> Vec<(usize, f64)> {
    let mut coefficients: BTreeMap<usize, f64> = BTreeMap::new();
    *coefficients.entry(total).or_default() += 1.0;
    for p in parts {
        *coefficients.entry(*p).or_default() -= 1.0;
    }
    coefficients
        .into_iter()
        .filter(|(_, c)| *c != 0.0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{CellKey, Scope};

    fn key(row: &str, column: &str) -> CellKey {
        CellKey::of(2022, "reach", &[("domain", row), ("form", column)], "n")
    }

    /// A table with its margins in a ledger: rows r0.., columns c0..; the
    /// row total is column "", the column total row "", the grand total
    /// both.
    pub(crate) fn table(ledger: &mut Ledger, scope: Scope, cells: &[&[u64]]) {
        let k = |r: String, c: String| key(&r, &c).within(scope.clone());
        let rows = cells.len();
        let columns = cells[0].len();
        for (i, row) in cells.iter().enumerate() {
            for (j, v) in row.iter().enumerate() {
                ledger.shown(k(format!("r{i}"), format!("c{j}")), *v);
            }
            ledger.shown(k(format!("r{i}"), String::new()), row.iter().sum());
            ledger.sum(
                k(format!("r{i}"), String::new()),
                (0..columns)
                    .map(|j| k(format!("r{i}"), format!("c{j}")))
                    .collect(),
            );
        }
        for j in 0..columns {
            ledger.shown(
                k(String::new(), format!("c{j}")),
                cells.iter().map(|r| r[j]).sum(),
            );
            ledger.sum(
                k(String::new(), format!("c{j}")),
                (0..rows)
                    .map(|i| k(format!("r{i}"), format!("c{j}")))
                    .collect(),
            );
        }
        let all: u64 = cells.iter().flat_map(|r| r.iter()).sum();
        ledger.shown(k(String::new(), String::new()), all);
        ledger.sum(
            k(String::new(), String::new()),
            (0..rows)
                .map(|i| k(format!("r{i}"), String::new()))
                .collect(),
        );
    }

    #[test]
    fn a_small_cell_is_hidden_with_partners_and_nothing_else_small_shows() {
        let mut ledger = Ledger::default();
        table(
            &mut ledger,
            Scope::Organisation,
            &[&[3, 10, 20], &[20, 30, 40], &[15, 25, 35]],
        );
        let p = protect(&ledger, Threshold::default());
        assert_eq!(p.hidden()[&key("r0", "c0")], Mark::Primary);
        let secondary = p
            .hidden()
            .values()
            .filter(|m| **m == Mark::Secondary)
            .count();
        assert!(secondary >= 3, "{:?}", p.hidden());
        assert_eq!(p.entry(&key("", ""), 198), Entry::Count(198));
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let mut ledger = Ledger::default();
        table(&mut ledger, Scope::Organisation, &[&[0, 10], &[7, 30]]);
        let p = protect(&ledger, Threshold::default());
        assert!(p.hidden().is_empty());
        assert_eq!(p.entry(&key("r0", "c0"), 0), Entry::Count(0));
    }

    #[test]
    fn a_cell_no_page_showed_is_not_shown() {
        let p = protect(&Ledger::default(), Threshold::default());
        assert_eq!(
            p.entry(&key("r0", "c0"), 40),
            Entry::Hidden(Mark::Secondary)
        );
        assert_eq!(p.entry(&key("r0", "c0"), 3), Entry::Hidden(Mark::Primary));
    }
}
