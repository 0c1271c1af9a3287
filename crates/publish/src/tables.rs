//! Count tables as a publication lays them out: every cell and margin
//! written to the publication's [`Counts`] under its key, with the sums
//! that tie them.

use crate::ledger::{CellKey, Counted, Counts};
use crate::model::{Cell, How, Row, Table, Text};
use crate::suppression::Threshold;

/// A count with the key of what it counts.
pub(crate) type Keyed = (CellKey, u64);

/// A table of counts with its margins, each with its key: rows × columns,
/// each row's total, each column's total and the grand total.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub(crate) cells: Vec<Vec<Keyed>>,
    pub(crate) row_totals: Vec<Keyed>,
    pub(crate) column_totals: Vec<Keyed>,
    pub(crate) total: Keyed,
}

impl Grid {
    /// Every count of the grid, margins included.
    fn values(&self) -> impl Iterator<Item = u64> + '_ {
        let cells = self.cells.iter().flatten();
        let margins = self.row_totals.iter().chain(&self.column_totals);
        cells.chain(margins).chain([&self.total]).map(|(_, n)| *n)
    }

    /// Whether protecting the grid for threshold `k` would hide much of
    /// it, so that a coarser table says more: every count from 1 to k − 1
    /// is hidden, and with it at least one other count in its row and one
    /// in its column (a single hidden cell of a line is its total minus
    /// the rest), so small counts in more than a quarter of the cells
    /// leave more than half of them hidden. Staff (`None`) see every
    /// table as fine as it is.
    pub(crate) fn too_fine(&self, k: Option<Threshold>) -> bool {
        let Some(k) = k else { return false };
        let (small, all) = self.values().fold((0, 0), |(small, all), n| {
            (small + usize::from(k.is_small(n)), all + 1)
        });
        4 * small > all
    }
}

/// A [`Grid`] as laid out, each count written to the ledger.
#[derive(Debug, Clone)]
pub(crate) struct Entries {
    pub(crate) cells: Vec<Vec<Counted>>,
    pub(crate) row_totals: Vec<Counted>,
    pub(crate) column_totals: Vec<Counted>,
    pub(crate) total: Counted,
}

impl Grid {
    /// Writes every count and the sums of every row, every column and the
    /// grand total (over the rows and over the columns) to `counts`.
    pub(crate) fn publish(&self, counts: &mut Counts) -> Entries {
        let ledger = &mut counts.ledger;
        for (row, total) in self.cells.iter().zip(&self.row_totals) {
            ledger.sum(total.0.clone(), row.iter().map(|c| c.0.clone()).collect());
        }
        for (j, total) in self.column_totals.iter().enumerate() {
            let column = self.cells.iter().map(|r| r[j].0.clone()).collect();
            ledger.sum(total.0.clone(), column);
        }
        ledger.sum(
            self.total.0.clone(),
            self.row_totals.iter().map(|c| c.0.clone()).collect(),
        );
        ledger.sum(
            self.total.0.clone(),
            self.column_totals.iter().map(|c| c.0.clone()).collect(),
        );
        let mut shown = |(key, value): &Keyed| counts.shown(key.clone(), *value);
        Entries {
            cells: self
                .cells
                .iter()
                .map(|r| r.iter().map(&mut shown).collect())
                .collect(),
            row_totals: self.row_totals.iter().map(&mut shown).collect(),
            column_totals: self.column_totals.iter().map(&mut shown).collect(),
            total: shown(&self.total),
        }
    }
}

/// A count table as a publication table: its rows with their totals, and a
/// totals row.
pub(crate) fn count_table(
    id: &str,
    caption: Text,
    row_labels: Vec<Text>,
    columns: Vec<Text>,
    t: &Entries,
    how: How,
) -> Table {
    let mut rows: Vec<Row> = t
        .cells
        .iter()
        .zip(&t.row_totals)
        .zip(row_labels)
        .map(|((cells, total), label)| Row {
            label,
            cells: cells.iter().chain([total]).map(Cell::counted).collect(),
            total: false,
        })
        .collect();
    rows.push(Row {
        label: Text::Key("column.total"),
        cells: t
            .column_totals
            .iter()
            .chain([&t.total])
            .map(Cell::counted)
            .collect(),
        total: true,
    });
    Table {
        id: id.to_string(),
        caption,
        columns,
        rows,
        how: Some(how),
    }
}

/// A name as part of an id: lower case letters and digits, `-` between.
pub(crate) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}
