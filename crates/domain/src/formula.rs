//! A CSV cell that a spreadsheet would run as a formula (OWASP "CSV
//! injection"): a text starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return. Every CSV the product writes guards such a cell with a
//! single quote in front; the importer takes the quote off again, so an
//! export read back and exported once more gives the same bytes. Numbers
//! (`-3.5`, `+5`) stay numbers.

use std::borrow::Cow;

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell gets a quote in front: it starts with a formula sign and
/// is not a number, or it is a quote in front of such a cell (so that a
/// text that really starts with a quote survives the round trip).
fn needs_guard(cell: &str) -> bool {
    match cell.chars().next() {
        Some(c) if TRIGGERS.contains(&c) => cell.parse::<f64>().is_err(),
        Some('\'') => needs_guard(&cell[1..]),
        _ => false,
    }
}

/// The cell as written to a CSV file: with a single quote in front when a
/// spreadsheet would otherwise read it as a formula.
pub fn guard(cell: &str) -> Cow<'_, str> {
    match needs_guard(cell) {
        true => Cow::Owned(format!("'{cell}")),
        false => Cow::Borrowed(cell),
    }
}

/// The cell as read from a CSV file the product wrote: [`guard`]'s quote
/// taken off; any other cell unchanged.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_is_quoted_and_a_number_is_not() {
        assert_eq!(guard("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guard("-2+3"), "'-2+3");
        assert_eq!(guard("\tx"), "'\tx");
        assert_eq!(guard("-3.5"), "-3.5");
        assert_eq!(guard("+5"), "+5");
        assert_eq!(guard("Leek"), "Leek");
        assert_eq!(guard("'quoted"), "'quoted");
    }

    #[test]
    fn reading_back_gives_the_cell_as_it_was() {
        for cell in [
            "=1+1", "'=1+1", "''=1+1", "-3.5", "'", "'x", "", "@a", "-", "x",
        ] {
            assert_eq!(unguard(&guard(cell)), cell, "{cell:?}");
        }
    }
}
