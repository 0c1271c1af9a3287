//! Reading a file's bytes into tables of text cells: CSV (`,` or `;`,
//! optional BOM, quoted fields) or XLSX (one table per sheet).
//!
//! Each CSV row keeps its original bytes so that rejected rows can be
//! written out byte for byte.

use crate::report::FileProblem;
use calamine::{Data, Reader};
use std::io::Cursor;

/// One data row: its line number, its cells, and its bytes as in the file.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Line number in the file (header = 1); for XLSX the sheet row number.
    pub line: usize,
    /// The cells, as text.
    pub cells: Vec<String>,
    /// The row's original bytes, line ending included (CSV), or the row
    /// written as CSV (XLSX).
    pub raw: Vec<u8>,
}

/// A table of text cells with its header.
#[derive(Debug, Clone)]
pub struct Table {
    /// The sheet name, for XLSX.
    pub sheet: Option<String>,
    /// The header cells as written.
    pub header: Vec<String>,
    /// The bytes before the first data row (BOM and header line) as in the
    /// file; for XLSX the header written as CSV.
    pub raw_header: Vec<u8>,
    /// The data rows; rows without any value are left out.
    pub rows: Vec<SourceRow>,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a file's bytes into one table (CSV) or one per sheet (XLSX).
pub fn read_tables(bytes: &[u8]) -> Result<Vec<Table>, FileProblem> {
    if bytes.starts_with(ZIP_MAGIC) {
        return read_xlsx(bytes);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(FileProblem::NotCsvOrXlsx {
            detail: "an old Excel .xls workbook; save it as .xlsx or CSV UTF-8".into(),
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(FileProblem::NotCsvOrXlsx {
            detail: "a PDF document".into(),
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(FileProblem::NotUtf8 {
            line: 1,
            detail: "the file is UTF-16".into(),
        });
    }
    read_csv(bytes).map(|t| vec![t])
}

fn check_text(text: &[u8]) -> Result<(), FileProblem> {
    if let Err(e) = std::str::from_utf8(text) {
        let at = e.valid_up_to();
        let line = 1 + text[..at].iter().filter(|b| **b == b'\n').count();
        let byte = text[at];
        return Err(FileProblem::NotUtf8 {
            line,
            detail: format!("byte 0x{byte:02X} is not UTF-8 (Windows-1252 or Latin-1?)"),
        });
    }
    if text.contains(&0) {
        return Err(FileProblem::NotCsvOrXlsx {
            detail: "it contains binary data".into(),
        });
    }
    Ok(())
}

/// The separator of a CSV text: `;` when the header line holds more `;`
/// than `,` outside quotes, else `,`.
pub fn detect_separator(text: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table, FileProblem> {
    let bom_len = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let text = &bytes[bom_len..];
    check_text(text)?;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileProblem::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(detect_separator(text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut records = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let start = reader.position().clone();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let mut begin = record.position().map_or(start.byte(), |p| p.byte()) as usize;
                // The reader may place a record after CRLF at its `\n`.
                while matches!(text.get(begin), Some(b'\r' | b'\n')) {
                    begin += 1;
                }
                // A cell the product's own export guarded against
                // spreadsheet formulas comes back as it was.
                let cells: Vec<String> = record
                    .iter()
                    .map(|c| domain::formula::unguard(&String::from_utf8_lossy(c)).to_string())
                    .collect();
                records.push((begin, cells));
            }
            Ok(false) => break,
            Err(e) => {
                return Err(FileProblem::NotCsvOrXlsx {
                    detail: format!("unreadable CSV: {e}"),
                })
            }
        }
    }
    // Line numbers from the record starts: quoted fields may span lines.
    let (mut line, mut counted) = (1, 0);
    let records = records.into_iter().map(|(begin, cells)| {
        line += text[counted..begin].iter().filter(|b| **b == b'\n').count();
        counted = begin;
        (line, begin, cells)
    });
    let mut iter = records.peekable();
    let (_, header_start, header) = iter.next().ok_or(FileProblem::Empty)?;
    let first_row_start = iter.peek().map_or(text.len(), |r| r.1);
    let raw_header = [&bytes[..bom_len], &text[header_start..first_row_start]].concat();
    let mut rows = Vec::new();
    while let Some((line, begin, cells)) = iter.next() {
        let end = iter.peek().map_or(text.len(), |r| r.1);
        if is_blank(&cells) {
            continue;
        }
        rows.push(SourceRow {
            line,
            cells,
            raw: text[begin..end].to_vec(),
        });
    }
    Ok(Table {
        sheet: None,
        header: header.iter().map(|h| h.trim().to_string()).collect(),
        raw_header,
        rows,
    })
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => {
                t.date().format("%Y-%m-%d").to_string()
            }
            Some(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
            None => dt.to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(cells);
    writer.into_inner().unwrap_or_default()
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Table>, FileProblem> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        FileProblem::NotCsvOrXlsx {
            detail: format!("unreadable workbook: {e}"),
        }
    })?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| FileProblem::NotCsvOrXlsx {
                detail: format!("sheet {name}: {e}"),
            })?;
        let Some((first_row, first_col)) = range.start() else {
            continue;
        };
        let pad = first_col as usize;
        let mut lines = range.rows().enumerate().map(|(i, cells)| {
            let mut text = vec![String::new(); pad];
            text.extend(cells.iter().map(cell_text));
            (first_row as usize + i + 1, text)
        });
        let Some((_, header)) = lines.next() else {
            continue;
        };
        let rows = lines
            .filter(|(_, cells)| !is_blank(cells))
            .map(|(line, cells)| SourceRow {
                line,
                raw: csv_line(&cells),
                cells,
            })
            .collect();
        let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        tables.push(Table {
            sheet: Some(name),
            raw_header: csv_line(&header),
            header,
            rows,
        });
    }
    if tables.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_rows_bytes_and_skips_blank_rows() {
        let bytes = b"\xEF\xBB\xBFa;b\r\n1;\"x;y\"\r\n;\r\n2;z";
        let table = &read_tables(bytes).unwrap()[0];
        assert_eq!(table.header, vec!["a", "b"]);
        assert_eq!(table.raw_header, b"\xEF\xBB\xBFa;b\r\n");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[0].cells, vec!["1", "x;y"]);
        assert_eq!(table.rows[0].raw, b"1;\"x;y\"\r\n");
        assert_eq!(table.rows[1].line, 4);
        assert_eq!(table.rows[1].raw, b"2;z");
    }

    #[test]
    fn refuses_other_encodings_and_formats() {
        assert_eq!(read_tables(b"").unwrap_err(), FileProblem::Empty);
        assert!(matches!(
            read_tables(b"a,b\nd\xE9f,1\n"),
            Err(FileProblem::NotUtf8 { line: 2, .. })
        ));
        assert!(matches!(
            read_tables(b"\xFF\xFEa\x00"),
            Err(FileProblem::NotUtf8 { .. })
        ));
        assert!(matches!(
            read_tables(b"%PDF-1.4"),
            Err(FileProblem::NotCsvOrXlsx { .. })
        ));
    }
}
