//! What a sample of a source holds, column by column: how full, which
//! values how often, whether they are dates and in which form, and whether
//! the column identifies a person (then none of its values is kept).

use super::dates::DateFormat;
use super::privacy::{self, Private};
use super::source::{Encoding, Source};
use crate::kind::FileKind;
use std::collections::HashMap;

/// The distinct values a profile keeps of a column, most frequent first.
pub const VALUES_KEPT: usize = 200;

/// One column of a sample.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnProfile {
    /// The source's name for it.
    pub source: String,
    /// Personal data the column holds: then `values` is empty.
    pub private: Option<Private>,
    /// Rows with a value.
    pub filled: usize,
    /// Distinct values with their counts, most frequent first (at most
    /// [`VALUES_KEPT`]); none for a private column.
    pub values: Vec<(String, usize)>,
    /// How many distinct values the column has.
    pub distinct: usize,
    /// The date formats that read every value, when the values look like
    /// dates.
    pub dates: Vec<DateFormat>,
}

/// A sample of a source, described.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The columns in the source's order.
    pub columns: Vec<ColumnProfile>,
    /// Data rows in the sample.
    pub rows: usize,
    /// The header row's line; `None` when the source has no header.
    pub header_line: Option<usize>,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// Every sheet of a workbook.
    pub sheets: Vec<String>,
    /// How the text was written.
    pub encoding: Encoding,
}

/// Whether most values have the shape of a date (digits with `-`, `/` or
/// `.` between, or an Excel day number).
fn date_shaped(values: &[&str]) -> bool {
    let shaped = values
        .iter()
        .filter(|v| {
            let v = v.trim();
            let separated = v.chars().filter(|c| matches!(c, '-' | '/' | '.')).count() == 2;
            let digits = v
                .split([' ', 'T'])
                .next()
                .unwrap_or("")
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.'));
            separated && digits
        })
        .count();
    !values.is_empty() && shaped * 5 >= values.len() * 4
}

/// Describes every column of a source read as a file of `kind`.
pub fn profile(kind: FileKind, source: &Source) -> Profile {
    let table = &source.table;
    let width = table.header.len();
    let mut counts: Vec<HashMap<String, usize>> = vec![HashMap::new(); width];
    for row in table.rows(0..table.len()) {
        for (index, cell) in row.cells.iter().enumerate().take(width) {
            let value = cell.trim();
            if !value.is_empty() {
                *counts[index].entry(value.to_string()).or_default() += 1;
            }
        }
    }
    let columns = table
        .header
        .iter()
        .zip(counts)
        .map(|(name, counts)| column(kind, name, counts))
        .collect();
    Profile {
        columns,
        rows: table.len(),
        header_line: source.header_line,
        sheet: table.sheet.clone(),
        sheets: source.sheets.clone(),
        encoding: source.encoding,
    }
}

fn column(kind: FileKind, name: &str, counts: HashMap<String, usize>) -> ColumnProfile {
    let mut values: Vec<(String, usize)> = counts.into_iter().collect();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let texts: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
    let private = privacy::detect(kind, name, &texts);
    let dates = match date_shaped(&texts) || looks_like_day_numbers(&texts) {
        true => DateFormat::reading(&texts),
        false => Vec::new(),
    };
    let filled = values.iter().map(|(_, n)| n).sum();
    let distinct = values.len();
    if private.is_some() {
        values.clear();
    }
    values.truncate(VALUES_KEPT);
    ColumnProfile {
        source: name.to_string(),
        private,
        filled,
        values,
        distinct,
        dates,
    }
}

/// Whether every value is a whole number in the range of Excel's day
/// numbers for 1990–2060.
fn looks_like_day_numbers(values: &[&str]) -> bool {
    !values.is_empty()
        && values.iter().all(|v| {
            v.trim()
                .parse::<u32>()
                .is_ok_and(|n| (32_874..=58_441).contains(&n))
        })
}
