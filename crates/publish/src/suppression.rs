//! Small-cell suppression (DOMAIN.md §6): counts from 1 to k − 1 are not
//! published ("< 5"), and further cells are hidden so that no suppressed
//! cell can be worked out from the published totals of its row or column
//! (secondary suppression). Zero is published: it is no person.

use std::fmt;

/// The threshold k: counts from 1 to k − 1 are suppressed. Default 5;
/// configurable per installation, at least 2 (k = 1 would suppress
/// nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(u64);

impl Threshold {
    /// A threshold of at least 2; `None` below.
    pub fn new(k: u64) -> Option<Self> {
        (k >= 2).then_some(Self(k))
    }

    /// k.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Whether a count must be suppressed on its own: 1 ≤ count < k.
    pub fn is_small(self, count: u64) -> bool {
        (1..self.0).contains(&count)
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self(5)
    }
}

/// A published entry of a table: the count, or suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// Shown as it is.
    Count(u64),
    /// Hidden; shown as "< k" ([`SuppressedTable::text`]).
    Suppressed,
}

impl Entry {
    /// The count, when shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Self::Count(n) => Some(n),
            Self::Suppressed => None,
        }
    }
}

/// A table of counts with named rows and columns (e.g. main domain × form);
/// its row, column and grand totals are the sums of its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<u64>>,
}

/// A table as it may be published: cells and totals, some suppressed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressedTable {
    /// Row labels.
    pub rows: Vec<String>,
    /// Column labels.
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<Entry>>,
    /// The total of each row.
    pub row_totals: Vec<Entry>,
    /// The total of each column.
    pub column_totals: Vec<Entry>,
    /// The grand total.
    pub total: Entry,
    /// The threshold applied.
    pub threshold: Threshold,
}

impl SuppressedTable {
    /// An entry as text: the count, or "< k".
    pub fn text(&self, entry: Entry) -> String {
        match entry {
            Entry::Count(n) => n.to_string(),
            Entry::Suppressed => format!("< {}", self.threshold.get()),
        }
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Count(n) => write!(f, "{n}"),
            Self::Suppressed => f.write_str("suppressed"),
        }
    }
}

/// The table with its margins as one grid: `R + 1` rows and `C + 1`
/// columns, the last row and column the totals. Every grid row and every
/// grid column is one sum (its cells add up to its last entry): a "line".
struct Grid {
    values: Vec<Vec<u64>>,
    hidden: Vec<Vec<bool>>,
}

impl Grid {
    fn new(table: &CountTable) -> Self {
        let columns = table.columns.len();
        let mut values: Vec<Vec<u64>> = table
            .cells
            .iter()
            .map(|row| {
                let mut row = row.clone();
                row.resize(columns, 0);
                let total = row.iter().sum();
                row.push(total);
                row
            })
            .collect();
        let totals: Vec<u64> = (0..=columns)
            .map(|j| values.iter().map(|row| row[j]).sum())
            .collect();
        values.push(totals);
        let hidden = values.iter().map(|r| vec![false; r.len()]).collect();
        Self { values, hidden }
    }

    /// The positions of every line: each grid row, then each grid column.
    fn lines(&self) -> Vec<Vec<(usize, usize)>> {
        let (height, width) = (self.values.len(), self.values[0].len());
        let rows = (0..height).map(|i| (0..width).map(|j| (i, j)).collect());
        let columns = (0..width).map(|j| (0..height).map(|i| (i, j)).collect());
        rows.chain(columns).collect()
    }

    /// In a line with exactly one hidden entry, hides one more: the smallest
    /// shown non-zero entry (a cell before a total, then the first). The
    /// one hidden entry would otherwise be its line's sum minus the rest.
    fn hide_a_partner(&mut self, line: &[(usize, usize)]) -> bool {
        let hidden = line.iter().filter(|(i, j)| self.hidden[*i][*j]).count();
        if hidden != 1 {
            return false;
        }
        let last = (self.values.len() - 1, self.values[0].len() - 1);
        let is_total = |(i, j): (usize, usize)| i == last.0 || j == last.1;
        let partner = line
            .iter()
            .copied()
            .filter(|(i, j)| !self.hidden[*i][*j] && self.values[*i][*j] > 0)
            .min_by_key(|p| (self.values[p.0][p.1], is_total(*p), *p));
        match partner {
            Some((i, j)) => {
                self.hidden[i][j] = true;
                true
            }
            None => false,
        }
    }
}

/// Suppresses a table for publication.
///
/// Primary: every entry (cell or total) from 1 to k − 1 is hidden.
/// Secondary: as long as a row or column (its cells with its total) has
/// exactly one hidden entry — which would be its total minus the shown
/// cells — the smallest shown non-zero entry of that line is hidden too.
/// At the end every row and every column has no hidden entry or at least
/// two, so no hidden entry follows from the published entries of its row
/// or its column. Zeros stay published.
pub fn suppress(table: &CountTable, threshold: Threshold) -> SuppressedTable {
    suppress_with(table, threshold, &[])
}

/// [`suppress`], with the row totals marked `true` in `hidden_row_totals`
/// hidden from the start (because another table publishing the same totals
/// hides them).
fn suppress_with(
    table: &CountTable,
    threshold: Threshold,
    hidden_row_totals: &[bool],
) -> SuppressedTable {
    let mut grid = Grid::new(table);
    let width = table.columns.len();
    for (i, row) in grid.values.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            let preset = j == width && hidden_row_totals.get(i).copied().unwrap_or(false);
            grid.hidden[i][j] = preset || threshold.is_small(*v);
        }
    }
    let lines = grid.lines();
    loop {
        let mut changed = false;
        for line in &lines {
            changed |= grid.hide_a_partner(line);
        }
        if !changed {
            break;
        }
    }
    let entry = |i: usize, j: usize| {
        if grid.hidden[i][j] {
            Entry::Suppressed
        } else {
            Entry::Count(grid.values[i][j])
        }
    };
    let (height, width) = (grid.values.len() - 1, grid.values[0].len() - 1);
    SuppressedTable {
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        cells: (0..height)
            .map(|i| (0..width).map(|j| entry(i, j)).collect())
            .collect(),
        row_totals: (0..height).map(|i| entry(i, width)).collect(),
        column_totals: (0..width).map(|j| entry(height, j)).collect(),
        total: entry(height, width),
        threshold,
    }
}

/// Suppresses tables that share their rows and row totals (main domain ×
/// form and main domain × age group: both have each domain's registrations
/// as row total). A row total hidden in one is hidden in all, so that no
/// table's published total gives away a cell another table hides; each
/// table on its own keeps the guarantee of [`suppress`].
pub fn suppress_linked(tables: &[CountTable], threshold: Threshold) -> Vec<SuppressedTable> {
    let rows = tables.first().map_or(0, |t| t.rows.len());
    let mut hidden = vec![false; rows];
    loop {
        let done: Vec<SuppressedTable> = tables
            .iter()
            .map(|t| suppress_with(t, threshold, &hidden))
            .collect();
        let union: Vec<bool> = (0..rows)
            .map(|i| done.iter().any(|t| t.row_totals[i] == Entry::Suppressed))
            .collect();
        if union == hidden {
            return done;
        }
        hidden = union;
    }
}

/// The table as the organisation's own staff see it: nothing hidden.
pub fn unsuppressed(table: &CountTable, threshold: Threshold) -> SuppressedTable {
    let row_totals: Vec<u64> = table.cells.iter().map(|r| r.iter().sum()).collect();
    let column_totals: Vec<u64> = (0..table.columns.len())
        .map(|j| table.cells.iter().map(|r| r[j]).sum())
        .collect();
    SuppressedTable {
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        cells: table
            .cells
            .iter()
            .map(|r| r.iter().map(|n| Entry::Count(*n)).collect())
            .collect(),
        total: Entry::Count(row_totals.iter().sum()),
        row_totals: row_totals.into_iter().map(Entry::Count).collect(),
        column_totals: column_totals.into_iter().map(Entry::Count).collect(),
        threshold,
    }
}

/// A share `numerator / denominator` as it may be published: none when
/// either count is suppressed (it would reveal it) or the denominator is 0.
pub fn share(numerator: Entry, denominator: Entry) -> Option<f64> {
    match (numerator, denominator) {
        (Entry::Count(a), Entry::Count(b)) if b > 0 => Some(a as f64 / b as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(cells: Vec<Vec<u64>>) -> CountTable {
        CountTable {
            rows: (0..cells.len()).map(|i| format!("r{i}")).collect(),
            columns: (0..cells[0].len()).map(|j| format!("c{j}")).collect(),
            cells,
        }
    }

    fn shown(t: &SuppressedTable) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = t
            .cells
            .iter()
            .zip(&t.row_totals)
            .map(|(row, total)| row.iter().chain([total]).map(|e| t.text(*e)).collect())
            .collect();
        out.push(
            t.column_totals
                .iter()
                .chain([&t.total])
                .map(|e| t.text(*e))
                .collect(),
        );
        out
    }

    #[test]
    fn a_small_cell_gets_a_partner_in_its_row_and_column() {
        // | 3  10 | 13 |      | <5  <5 | 13 |
        // | 20 30 | 50 |  →   | <5  <5 | 50 |
        // | 23 40 | 63 |      | 23  40 | 63 |
        // 3 is small; its row partner is 10, its column partner 20; 10's
        // column then has 10 and needs 30.
        let t = suppress(
            &table(vec![vec![3, 10], vec![20, 30]]),
            Threshold::default(),
        );
        assert_eq!(
            shown(&t),
            [
                ["< 5", "< 5", "13"],
                ["< 5", "< 5", "50"],
                ["23", "40", "63"]
            ]
        );
    }

    #[test]
    fn nothing_small_nothing_hidden_and_zero_is_shown() {
        let t = suppress(&table(vec![vec![0, 10], vec![7, 30]]), Threshold::default());
        assert_eq!(
            shown(&t),
            [["0", "10", "10"], ["7", "30", "37"], ["7", "40", "47"]]
        );
    }

    #[test]
    fn a_small_total_is_hidden_with_its_cells() {
        // Row 0 totals 4: hidden, and its cells 1 and 3 too; column totals
        // 1 + 20 = 21 and 3 + 20 = 23 each have two hidden above them.
        let t = suppress(&table(vec![vec![1, 3], vec![20, 20]]), Threshold::default());
        assert_eq!(t.row_totals[0], Entry::Suppressed);
        assert_eq!(t.cells[0], [Entry::Suppressed, Entry::Suppressed]);
    }

    #[test]
    fn shares_of_suppressed_counts_are_not_published() {
        assert_eq!(
            share(Entry::Count(174), Entry::Count(274)),
            Some(174.0 / 274.0)
        );
        assert_eq!(share(Entry::Suppressed, Entry::Count(274)), None);
        assert_eq!(share(Entry::Count(0), Entry::Count(0)), None);
        assert_eq!(Threshold::new(1), None);
        assert!(Threshold::new(10).unwrap().is_small(9));
    }
}
