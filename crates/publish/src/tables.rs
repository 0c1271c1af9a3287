//! Count tables as a publication shows them: suppressed for the audience
//! (or not, for staff), with their totals row and column.

use crate::model::{Audience, Cell, How, Row, Table, Text};
use crate::suppression::{self, CountTable, Entry, SuppressedTable, Threshold};

/// The threshold of an audience (staff: the default, only for "< k" texts
/// that never occur unsuppressed).
pub(crate) fn threshold(audience: Audience) -> Threshold {
    match audience {
        Audience::Public(k) => k,
        Audience::Staff => Threshold::default(),
    }
}

/// A survey's response as an audience may see it: asked, responded and
/// the share. Both counts are people, suppressed from 1 to k − 1 for a
/// public audience; the share only where both are shown.
pub(crate) fn response(f: &indicators::Figure, audience: Audience) -> (Entry, Entry, Option<f64>) {
    let k = threshold(audience);
    let entry = |n: Option<u64>| match n {
        Some(n) if audience.suppresses() && k.is_small(n) => Entry::Suppressed,
        Some(n) => Entry::Count(n),
        None => Entry::Count(0),
    };
    let (asked, responded) = (entry(f.denominator), entry(f.numerator));
    let share = crate::suppression::share(responded, asked).and(f.value);
    (asked, responded, share)
}

pub(crate) fn suppressed(tables: &[CountTable], audience: Audience) -> Vec<SuppressedTable> {
    match audience {
        Audience::Public(k) => suppression::suppress_linked(tables, k),
        Audience::Staff => tables
            .iter()
            .map(|t| suppression::unsuppressed(t, threshold(audience)))
            .collect(),
    }
}

/// A count table as a publication table: its rows with their totals, and a
/// totals row.
pub(crate) fn count_table(
    id: &str,
    caption: Text,
    row_labels: Vec<Text>,
    columns: Vec<Text>,
    t: &SuppressedTable,
    how: How,
) -> Table {
    let mut rows: Vec<Row> = t
        .cells
        .iter()
        .zip(&t.row_totals)
        .zip(row_labels)
        .map(|((cells, total), label)| Row {
            label,
            cells: cells
                .iter()
                .chain([total])
                .map(|e| Cell::Count(*e))
                .collect(),
            total: false,
        })
        .collect();
    rows.push(Row {
        label: Text::Key("column.total"),
        cells: t
            .column_totals
            .iter()
            .chain([&t.total])
            .map(|e| Cell::Count(*e))
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

pub(crate) fn entry_text(e: Entry, k: Threshold) -> String {
    match e {
        Entry::Count(n) => n.to_string(),
        Entry::Suppressed => format!("< {}", k.get()),
    }
}
