//! Reading the cells of one row by column name, collecting every problem.

use crate::report::RowError;
use crate::table::SourceRow;
use domain::{Field, Problem};
use std::collections::HashMap;

/// Where each canonical column is in a file, and how the file names it.
#[derive(Debug, Clone, Default)]
pub struct ColumnMap {
    /// Canonical name → (cell index, header as written).
    pub columns: HashMap<&'static str, (usize, String)>,
}

impl ColumnMap {
    /// The header name the file uses for a canonical column (or the
    /// canonical name when the file has no such column).
    pub fn header_name(&self, name: &str) -> String {
        self.columns
            .get(name)
            .map_or_else(|| name.to_string(), |(_, h)| h.clone())
    }
    /// Whether the file has the column.
    pub fn has(&self, name: &str) -> bool {
        self.columns.contains_key(name)
    }
}

/// One row being read: typed values out, problems collected as report lines.
pub struct RowReader<'a> {
    row: &'a SourceRow,
    map: &'a ColumnMap,
    /// The problems found so far.
    pub errors: Vec<RowError>,
}

impl<'a> RowReader<'a> {
    /// Starts reading a row.
    pub fn new(row: &'a SourceRow, map: &'a ColumnMap) -> Self {
        Self {
            row,
            map,
            errors: Vec::new(),
        }
    }

    /// The row's line number.
    pub fn line(&self) -> usize {
        self.row.line
    }

    /// The trimmed text of a column; `None` when absent or empty.
    pub fn text(&self, name: &str) -> Option<&'a str> {
        let (index, _) = self.map.columns.get(name)?;
        let value = self.row.cells.get(*index)?.trim();
        (!value.is_empty()).then_some(value)
    }

    /// Records a problem with a field (or the row, for [`Field::Record`]).
    pub fn fail(&mut self, field: Field, problem: Problem) {
        let (column, value) = match field {
            Field::Named(name) => (
                self.map.header_name(name),
                self.text(name).unwrap_or("").to_string(),
            ),
            Field::Record => (String::new(), String::new()),
        };
        self.errors.push(RowError {
            line: self.row.line,
            column,
            value,
            reason: problem.to_string(),
            problem: Some(problem),
        });
    }

    /// Records every problem of a record's rules.
    pub fn fail_all(&mut self, problems: Vec<(Field, Problem)>) {
        for (field, problem) in problems {
            self.fail(field, problem);
        }
    }

    /// A required value, parsed; `None` (with a problem recorded) when empty
    /// or invalid.
    pub fn required<T>(
        &mut self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        match self.text(name) {
            None => {
                self.fail(Field::Named(name), Problem::Missing);
                None
            }
            Some(raw) => self.parsed(name, raw, parse),
        }
    }

    /// An optional value, parsed; `None` when empty (or invalid, with a
    /// problem recorded).
    pub fn optional<T>(
        &mut self,
        name: &'static str,
        parse: impl FnOnce(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        let raw = self.text(name)?;
        self.parsed(name, raw, parse)
    }

    /// A `|`-separated list; empty when the cell is.
    pub fn list<T>(
        &mut self,
        name: &'static str,
        mut parse: impl FnMut(&str) -> Result<T, Problem>,
    ) -> Vec<T> {
        let Some(raw) = self.text(name) else {
            return Vec::new();
        };
        let mut items = Vec::new();
        for part in raw.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            match parse(part) {
                Ok(item) => items.push(item),
                Err(problem) => self.fail_value(name, part, problem),
            }
        }
        items
    }

    /// The trimmed text of the cell at `index`; `None` when absent or empty.
    pub fn text_at(&self, index: usize) -> Option<&'a str> {
        let value = self.row.cells.get(index)?.trim();
        (!value.is_empty()).then_some(value)
    }

    /// Whether a problem was already recorded for a column.
    pub fn column_failed(&self, name: &str) -> bool {
        let header = self.map.header_name(name);
        self.errors.iter().any(|e| e.column == header)
    }

    /// Records a problem with a column that is not one of the kind's named
    /// columns (a wide ZRM column), by its header.
    pub fn fail_value_header(&mut self, header: &str, value: &str, problem: Problem) {
        self.errors.push(RowError {
            line: self.row.line,
            column: header.to_string(),
            value: value.to_string(),
            reason: problem.to_string(),
            problem: Some(problem),
        });
    }

    /// Records a problem with one value of a column (e.g. one list item).
    pub fn fail_value(&mut self, name: &str, value: &str, problem: Problem) {
        self.errors.push(RowError {
            line: self.row.line,
            column: self.map.header_name(name),
            value: value.to_string(),
            reason: problem.to_string(),
            problem: Some(problem),
        });
    }

    fn parsed<T>(
        &mut self,
        name: &'static str,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, Problem>,
    ) -> Option<T> {
        match parse(raw) {
            Ok(v) => Some(v),
            Err(problem) => {
                self.fail(Field::Named(name), problem);
                None
            }
        }
    }
}

/// Parses a monitor year: four digits, 1900–2199.
pub fn parse_year(raw: &str) -> Result<i32, Problem> {
    match raw.trim().parse::<i32>() {
        Ok(y) if (1900..2200).contains(&y) => Ok(y),
        _ => Err(Problem::BadForm {
            expected: "a year of four digits",
        }),
    }
}

/// Parses a count: a whole number ≥ 0.
pub fn parse_count(raw: &str) -> Result<u32, Problem> {
    let s = raw.trim();
    if s.starts_with('-') && s[1..].bytes().all(|b| b.is_ascii_digit()) && s.len() > 1 {
        return Err(Problem::Negative);
    }
    s.parse::<u32>().map_err(|_| Problem::NotAWholeNumber)
}

/// Parses free text: kept as written, surrounding spaces dropped.
pub fn parse_text(raw: &str) -> Result<String, Problem> {
    Ok(raw.trim().to_string())
}

/// Parses a target quantity: a number, optionally followed by `%`
/// ("90 %" → `90%`).
pub fn parse_quantity(raw: &str) -> Result<String, Problem> {
    let s = raw.trim();
    let (number, percent) = match s.strip_suffix('%') {
        Some(n) => (n.trim(), true),
        None => (s, false),
    };
    let d = domain::Decimal::parse(number)?;
    Ok(if percent {
        format!("{d}%")
    } else {
        d.to_string()
    })
}
