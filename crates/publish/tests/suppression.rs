//! The property the web issue asks of suppression: for random registrations
//! and any k, no published count lies in 1..k−1, and no suppressed cell can
//! be derived from the published entries of its row or of its column.

use proptest::prelude::*;
use publish::{suppress, CountTable, Entry, SuppressedTable, Threshold};

const DOMAINS: usize = 4;
const FORMS: usize = 3;

/// Registrations counted by main domain × form, as the reach table is.
fn reach_table(registrations: &[(usize, usize)]) -> CountTable {
    let mut cells = vec![vec![0u64; FORMS]; DOMAINS];
    for (domain, form) in registrations {
        cells[*domain][*form] += 1;
    }
    CountTable {
        rows: (0..DOMAINS).map(|d| format!("domain {d}")).collect(),
        columns: (0..FORMS).map(|f| format!("form {f}")).collect(),
        cells,
    }
}

/// The table's lines: each row with its total, each column with its
/// total, the row totals with the grand total.
fn lines(t: &SuppressedTable) -> Vec<Vec<Entry>> {
    let mut lines: Vec<Vec<Entry>> = t
        .cells
        .iter()
        .zip(&t.row_totals)
        .map(|(row, total)| row.iter().copied().chain([*total]).collect())
        .collect();
    for j in 0..t.columns.len() {
        lines.push(
            t.cells
                .iter()
                .map(|row| row[j])
                .chain([t.column_totals[j]])
                .collect(),
        );
    }
    lines.push(t.row_totals.iter().copied().chain([t.total]).collect());
    lines.push(t.column_totals.iter().copied().chain([t.total]).collect());
    lines
}

proptest! {
    #[test]
    fn nothing_small_is_published_and_nothing_hidden_can_be_derived(
        registrations in proptest::collection::vec((0..DOMAINS, 0..FORMS), 0..120),
        k in 2u64..12,
    ) {
        let threshold = Threshold::new(k).unwrap();
        let published = suppress(&reach_table(&registrations), threshold);
        for line in lines(&published) {
            for entry in &line {
                if let Entry::Count(n) = entry {
                    prop_assert!(!(1..k).contains(n), "{n} published with k = {k}");
                }
            }
            // A hidden entry follows from its line only when it is the one
            // hidden entry there (the total minus the rest, or the sum).
            let hidden = line.iter().filter(|e| **e == Entry::Suppressed).count();
            prop_assert!(hidden != 1, "a line with one hidden entry: {line:?}");
        }
        // Shown totals are the sums of shown cells wherever nothing is hidden.
        for (row, total) in published.cells.iter().zip(&published.row_totals) {
            if let (Some(sum), Entry::Count(t)) = (row.iter().map(|e| e.count()).sum::<Option<u64>>(), total) {
                prop_assert_eq!(sum, *t);
            }
        }
    }
}
