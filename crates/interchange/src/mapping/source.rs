//! Finding the table in a source's file as its system exports it: the
//! sheet of a workbook, the header below title rows (or no header at all),
//! text in Windows-1252 instead of UTF-8.

use crate::limits::Limits;
use crate::report::FileProblem;
use crate::table::{read_tables, SourceRow, Table};
use domain::fold::fold;

/// How a source's text was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (or a workbook).
    Utf8,
    /// Windows-1252, as older Windows software writes: read as such.
    Windows1252,
}

/// A source's table, found in its file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The header: the source's column names, or `kolom 1`, `kolom 2`, …
    /// when it has none. Names are unique (a second "Naam" is "Naam (kolom
    /// 5)").
    pub table: Table<'static>,
    /// The sheets of a workbook (empty for CSV).
    pub sheets: Vec<String>,
    /// How the text was written.
    pub encoding: Encoding,
    /// The line of the header row; `None` when the table has none.
    pub header_line: Option<usize>,
}

/// Which row is the header.
#[derive(Debug, Clone, Copy)]
pub enum HeaderRule<'a> {
    /// Find it: the first row as wide as the table that does not look like
    /// data; none when the first wide row is data.
    Find,
    /// The row that holds most of these names (a saved mapping's columns).
    Named(&'a [String]),
    /// The table has no header row.
    None,
}

/// The rows looked at for the header.
const HEADER_SEARCH: usize = 20;

/// The name of the column at `index` in a table without header.
pub fn unnamed(index: usize) -> String {
    format!("kolom {}", index + 1)
}

/// Reads a source's file: decodes its text, takes the sheet `sheet` (the
/// first when `None`) and finds its header by `rule`.
pub fn read_source(
    bytes: &[u8],
    sheet: Option<&str>,
    rule: HeaderRule,
    limits: &Limits,
) -> Result<Source, FileProblem> {
    let (text, encoding) = decode(bytes);
    let tables = read_tables(&text, limits)?;
    let sheets: Vec<String> = tables.iter().filter_map(|t| t.sheet.clone()).collect();
    let table = match sheet {
        None => tables.into_iter().next(),
        Some(name) => tables
            .into_iter()
            .find(|t| t.sheet.as_deref().is_some_and(|s| fold(s) == fold(name))),
    }
    .ok_or_else(|| FileProblem::Other {
        detail: format!(
            "the workbook has no sheet {}; its sheets: {}",
            sheet.unwrap_or_default(),
            sheets.join(", ")
        ),
    })?;
    let sheet = table.sheet.clone();
    let grid = table.into_grid();
    let header_at = find_header(&grid, rule)?;
    let width = grid
        .iter()
        .map(|r| filled_width(&r.cells))
        .max()
        .unwrap_or(0);
    let (header, header_line, rows) = match header_at {
        Some(at) => {
            let mut rows = grid;
            let header_row = rows.remove(at);
            let rest = rows.split_off(at);
            (header_row.cells, Some(header_row.line), rest)
        }
        None => (Vec::new(), None, grid),
    };
    let header = names(header, width);
    Ok(Source {
        table: Table::from_rows(sheet, header, rows),
        sheets,
        encoding,
        header_line,
    })
}

/// The text of the file: as it is when UTF-8 (or a workbook), else read
/// as Windows-1252.
fn decode(bytes: &[u8]) -> (std::borrow::Cow<'_, [u8]>, Encoding) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let binary = bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || body.contains(&0);
    if binary || std::str::from_utf8(body).is_ok() {
        return (bytes.into(), Encoding::Utf8);
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    (text.into_owned().into_bytes().into(), Encoding::Windows1252)
}

/// How many cells of a row hold something, up to the last one that does.
fn filled_width(cells: &[String]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.trim().is_empty())
        .map_or(0, |i| i + 1)
}

fn filled(cells: &[String]) -> usize {
    cells.iter().filter(|c| !c.trim().is_empty()).count()
}

/// Whether a cell reads as data rather than a column name: a number or a
/// date.
fn data_like(cell: &str) -> bool {
    let c = cell.trim();
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || matches!(ch, '-' | '/' | '.' | ',' | ':' | ' '))
}

/// The index of the header row in the grid (`None`: no header).
fn find_header(grid: &[SourceRow], rule: HeaderRule) -> Result<Option<usize>, FileProblem> {
    let search = &grid[..grid.len().min(HEADER_SEARCH)];
    match rule {
        HeaderRule::None => Ok(None),
        HeaderRule::Named(names) => {
            let wanted: Vec<String> = names.iter().map(|n| fold(n)).collect();
            let hits = |row: &SourceRow| {
                let cells: Vec<String> = row.cells.iter().map(|c| fold(c)).collect();
                wanted.iter().filter(|w| cells.contains(w)).count()
            };
            let best = search
                .iter()
                .enumerate()
                .max_by_key(|(i, row)| (hits(row), std::cmp::Reverse(*i)));
            match best {
                Some((at, row)) if hits(row) > 0 => Ok(Some(at)),
                _ => Err(FileProblem::MappedColumnsMissing {
                    columns: names.to_vec(),
                }),
            }
        }
        HeaderRule::Find => {
            let widest = search.iter().map(|r| filled(&r.cells)).max().unwrap_or(0);
            let needed = (widest * 3).div_ceil(5).max(2).min(widest);
            let Some(at) = search.iter().position(|r| filled(&r.cells) >= needed) else {
                return Err(FileProblem::Empty);
            };
            let cells = &search[at].cells;
            let data = cells.iter().filter(|c| data_like(c)).count();
            match data * 2 >= filled(cells) {
                true => Ok(None),
                false => Ok(Some(at)),
            }
        }
    }
}

/// The header's names: trimmed, an empty one (a merged cell, a column
/// without name) called by its place, a repeated one told apart by its
/// place.
fn names(header: Vec<String>, width: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(width.max(header.len()));
    for index in 0..width.max(header.len()) {
        let name = header
            .get(index)
            .map(|h| h.trim().to_string())
            .unwrap_or_default();
        let name = match name.is_empty() {
            true => unnamed(index),
            false => name,
        };
        let taken = names.iter().any(|n| fold(n) == fold(&name));
        names.push(match taken {
            true => format!("{name} ({})", unnamed(index)),
            false => name,
        });
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], rule: HeaderRule) -> Source {
        read_source(bytes, None, rule, &Limits::default()).unwrap()
    }

    #[test]
    fn passes_over_title_rows_to_the_header() {
        let file = "Export Regicare\nPeriode: 2022\n\nDossier;Datum aanmelding;Hulpvraag\nR1;03-02-2022;Geldzaken\n";
        let source = read(file.as_bytes(), HeaderRule::Find);
        assert_eq!(
            source.table.header,
            vec!["Dossier", "Datum aanmelding", "Hulpvraag"]
        );
        assert_eq!(source.header_line, Some(4));
        assert_eq!(source.table.len(), 1);
        assert_eq!(source.table.row(0).cells[2], "Geldzaken");
        assert_eq!(source.table.line(0), 5);
    }

    #[test]
    fn a_table_without_header_gets_its_columns_named_by_place() {
        let source = read(b"R1,03-02-2022,12\nR2,04-02-2022,13\n", HeaderRule::Find);
        assert_eq!(source.header_line, None);
        assert_eq!(source.table.header, vec!["kolom 1", "kolom 2", "kolom 3"]);
        assert_eq!(source.table.len(), 2);
    }

    #[test]
    fn reads_windows_1252_text() {
        let source = read(b"Cli\xEBnt;Hulpvraag\nC1;Financi\xEBn\n", HeaderRule::Find);
        assert_eq!(source.encoding, Encoding::Windows1252);
        assert_eq!(source.table.header[0], "Cliënt");
        assert_eq!(source.table.row(0).cells[1], "Financiën");
    }

    #[test]
    fn finds_a_saved_mappings_header_by_its_names() {
        let names = vec!["Dossier".to_string(), "Hulpvraag".to_string()];
        let source = read(
            b"Titel;;\nDossier;Datum;Hulpvraag\nR1;1-2-2022;x\n",
            HeaderRule::Named(&names),
        );
        assert_eq!(source.header_line, Some(2));
        let missing = read_source(
            b"a;b\n1;2\n",
            None,
            HeaderRule::Named(&names),
            &Limits::default(),
        );
        assert!(matches!(
            missing,
            Err(FileProblem::MappedColumnsMissing { .. })
        ));
    }
}

#[cfg(test)]
mod workbooks {
    use super::*;
    use rust_xlsxwriter::Workbook;

    /// A workbook with a sheet of notes first and the export second; the
    /// export's header has a merged (empty) cell.
    fn two_sheets() -> Vec<u8> {
        let mut book = Workbook::new();
        let notes = book.add_worksheet();
        notes.set_name("Toelichting").unwrap();
        notes.write(0, 0, "Export van januari").unwrap();
        let data = book.add_worksheet();
        data.set_name("Registraties").unwrap();
        for (j, name) in ["Dossier", "", "Hulpvraag"].iter().enumerate() {
            data.write(0, j as u16, *name).unwrap();
        }
        for (j, value) in ["R1", "x", "Geldzaken"].iter().enumerate() {
            data.write(1, j as u16, *value).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_the_sheet_asked_for_and_names_a_column_without_name_by_its_place() {
        let bytes = two_sheets();
        let source = read_source(
            &bytes,
            Some("registraties"),
            HeaderRule::Find,
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(source.sheets, vec!["Toelichting", "Registraties"]);
        assert_eq!(source.table.header, vec!["Dossier", "kolom 2", "Hulpvraag"]);
        assert_eq!(source.table.row(0).cells, vec!["R1", "x", "Geldzaken"]);
        let missing = read_source(
            &bytes,
            Some("Clienten"),
            HeaderRule::Find,
            &Limits::default(),
        );
        assert!(
            matches!(&missing, Err(FileProblem::Other { detail }) if detail.contains("Toelichting, Registraties")),
            "{missing:?}"
        );
    }
}
