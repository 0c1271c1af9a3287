//! Reading a file's bytes into tables of text cells: CSV (`,` or `;`,
//! optional BOM, quoted fields) or XLSX (one table per sheet).
//!
//! Each CSV row keeps its original bytes so that rejected rows can be
//! written out byte for byte.

use crate::limits::{within, Limit, Limits, OverLimit};
use crate::report::{FileProblem, OtherFormat};
use calamine::{Data, Reader, Xlsx, XlsxError};
use std::borrow::Cow;
use std::io::{Cursor, Read};
use std::ops::Range;
use std::sync::Arc;

/// One data row: its line number and its cells.
#[derive(Debug, Clone)]
pub struct SourceRow {
    /// Line number in the file (header = 1); for XLSX the sheet row number.
    pub line: usize,
    /// The cells, as text.
    pub cells: Vec<String>,
}

/// Where a CSV data row is in the file's text: 12 bytes a row (a CSV
/// text is read up to 4 GiB).
#[derive(Debug, Clone, Copy)]
struct Span {
    line: u32,
    begin: u32,
    end: u32,
}

impl Span {
    fn line(&self) -> usize {
        self.line as usize
    }

    fn bytes(&self) -> Range<usize> {
        self.begin as usize..self.end as usize
    }
}

/// The largest CSV text a table keeps places in.
const MAX_CSV_BYTES: u64 = u32::MAX as u64;

/// The data rows of a table. A CSV file's rows are kept as places in its
/// text and read again when parsed (a row costs 12 bytes until then, not
/// its cells); a sheet's rows are kept as read.
#[derive(Debug, Clone)]
enum Rows<'a> {
    Text {
        text: Text<'a>,
        /// Where the text starts in the file (after a BOM): the rows'
        /// places count from here.
        start: usize,
        separator: u8,
        spans: Vec<Span>,
    },
    Cells(Vec<SourceRow>),
}

/// Where a CSV table's file is: its bytes in memory, or the file itself,
/// read again a part at a time.
#[derive(Debug, Clone)]
enum Text<'a> {
    Memory(&'a [u8]),
    /// The file, and its size and time of change when it was read.
    Disk(Arc<std::fs::File>, Stamp),
}

/// A file's size and time of its last change.
type Stamp = Option<(u64, std::time::SystemTime)>;

fn stamp(file: &std::fs::File) -> Stamp {
    let metadata = file.metadata().ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

impl Text<'_> {
    /// The bytes `range` of the text that starts at `start` in the file.
    /// A file that can no longer be read gives no bytes: its rows come
    /// back without values.
    fn bytes(&self, start: usize, range: Range<usize>) -> Cow<'_, [u8]> {
        let range = start + range.start..start + range.end;
        match self {
            Text::Memory(bytes) => Cow::Borrowed(&bytes[range]),
            Text::Disk(file, _) => {
                use std::os::unix::fs::FileExt;
                let mut bytes = vec![0; range.len()];
                match file.read_exact_at(&mut bytes, range.start as u64) {
                    Ok(()) => Cow::Owned(bytes),
                    Err(_) => Cow::Owned(Vec::new()),
                }
            }
        }
    }
}

/// A table of text cells with its header, borrowing the file's bytes.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    /// The sheet name, for XLSX.
    pub sheet: Option<String>,
    /// The header cells as written.
    pub header: Vec<String>,
    /// The bytes before the first data row (BOM and header line) as in the
    /// file; for XLSX the header written as CSV.
    pub raw_header: Vec<u8>,
    /// The data rows; rows without any value are left out.
    rows: Rows<'a>,
}

impl Table<'_> {
    /// How many data rows the table has.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Text { spans, .. } => spans.len(),
            Rows::Cells(rows) => rows.len(),
        }
    }

    /// Whether the table has no data rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The line (CSV) or sheet row (XLSX) of the data row `index`.
    pub fn line(&self, index: usize) -> usize {
        match &self.rows {
            Rows::Text { spans, .. } => spans[index].line(),
            Rows::Cells(rows) => rows[index].line,
        }
    }

    /// The data row `index` as in the file: its bytes with the line ending
    /// (CSV), or its cells written as CSV (XLSX).
    pub fn raw(&self, index: usize) -> Cow<'_, [u8]> {
        match &self.rows {
            Rows::Text {
                text, start, spans, ..
            } => text.bytes(*start, spans[index].bytes()),
            Rows::Cells(rows) => Cow::Owned(csv_line(&rows[index].cells)),
        }
    }

    /// The data rows `range`, read (a CSV range with one reader, in order).
    pub fn rows(&self, range: Range<usize>) -> Box<dyn Iterator<Item = SourceRow> + '_> {
        match &self.rows {
            Rows::Text {
                text,
                start,
                separator,
                spans,
            } if !range.is_empty() => {
                let spans = &spans[range];
                let rows = spans[0].bytes().start..spans[spans.len() - 1].bytes().end;
                let slice = text.bytes(*start, rows);
                Box::new(TextRows {
                    reader: csv_reader(Cursor::new(slice), *separator),
                    record: csv::ByteRecord::new(),
                    spans: spans.iter(),
                })
            }
            Rows::Text { .. } => Box::new(std::iter::empty()),
            Rows::Cells(rows) => Box::new(rows[range].iter().cloned()),
        }
    }

    /// The table as rows of cells: the header as the first row (line 1
    /// for CSV; for XLSX the row before the first data row), then every
    /// data row with its line. A source whose real header is not its first
    /// row (title rows above it) is read again from here.
    pub fn into_grid(self) -> Vec<SourceRow> {
        let line = match &self.rows {
            Rows::Text { .. } => 1,
            Rows::Cells(rows) => rows.first().map_or(1, |r| r.line.saturating_sub(1).max(1)),
        };
        let mut grid = vec![SourceRow {
            line,
            cells: self.header.clone(),
        }];
        grid.extend(self.rows(0..self.len()));
        grid
    }

    /// A table of rows already read, with `header` as its header.
    pub fn from_rows(
        sheet: Option<String>,
        header: Vec<String>,
        rows: Vec<SourceRow>,
    ) -> Table<'static> {
        Table {
            sheet,
            raw_header: csv_line(&header),
            header,
            rows: Rows::Cells(rows),
        }
    }

    /// The table reading its rows again from `file` when they are asked
    /// for, not from the text in memory: `file` holds the bytes the table
    /// was read from. An import of a large file lets go of its bytes so.
    pub fn reading_from(self, file: Arc<std::fs::File>) -> Table<'static> {
        let rows = match self.rows {
            Rows::Text {
                start,
                separator,
                spans,
                ..
            } => Rows::Text {
                text: Text::Disk(file.clone(), stamp(&file)),
                start,
                separator,
                spans,
            },
            Rows::Cells(rows) => Rows::Cells(rows),
        };
        Table {
            sheet: self.sheet,
            header: self.header,
            raw_header: self.raw_header,
            rows,
        }
    }

    /// Whether the file a table reads its rows from is as it was when the
    /// table was read: same size, same time of change (a table in memory
    /// is).
    pub fn unchanged(&self) -> bool {
        match &self.rows {
            Rows::Text {
                text: Text::Disk(file, seen),
                ..
            } => stamp(file) == *seen,
            _ => true,
        }
    }

    /// The data row `index`, read.
    pub fn row(&self, index: usize) -> SourceRow {
        self.rows(index..index + 1).next().unwrap_or(SourceRow {
            line: self.line(index),
            cells: Vec::new(),
        })
    }
}

/// A reader of CSV text as the first reading read it.
fn csv_reader<R: Read>(text: R, separator: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text)
}

/// Whether a record holds nothing but white space (such rows are left out).
fn blank(record: &csv::ByteRecord) -> bool {
    record
        .iter()
        .all(|c| String::from_utf8_lossy(c).trim().is_empty())
}

/// CSV data rows read again in order: the records of the text that are not
/// blank are the rows of the spans, one for one.
struct TextRows<'t> {
    reader: csv::Reader<Cursor<Cow<'t, [u8]>>>,
    record: csv::ByteRecord,
    spans: std::slice::Iter<'t, Span>,
}

impl Iterator for TextRows<'_> {
    type Item = SourceRow;

    fn next(&mut self) -> Option<SourceRow> {
        let span = self.spans.next()?;
        // The text was read once already: it reads the same again.
        while self
            .reader
            .read_byte_record(&mut self.record)
            .unwrap_or(false)
        {
            if !blank(&self.record) {
                return Some(SourceRow {
                    line: span.line(),
                    cells: cells_of(&self.record),
                });
            }
        }
        Some(SourceRow {
            line: span.line(),
            cells: Vec::new(),
        })
    }
}

/// A record's cells as text. A cell the product's own export guarded
/// against spreadsheet formulas comes back as it was.
fn cells_of(record: &csv::ByteRecord) -> Vec<String> {
    record
        .iter()
        .map(|c| domain::formula::unguard(&String::from_utf8_lossy(c)).to_string())
        .collect()
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0";
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a file's bytes into one table (CSV) or one per sheet (XLSX),
/// within `limits`.
pub fn read_tables<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Vec<Table<'a>>, FileProblem> {
    within(
        Limit::FileBytes,
        bytes.len() as u64,
        limits.file_bytes,
        None,
    )?;
    if bytes.starts_with(ZIP_MAGIC) {
        return read_xlsx(bytes, limits);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(FileProblem::NotCsvOrXlsx {
            found: OtherFormat::Xls,
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(FileProblem::NotCsvOrXlsx {
            found: OtherFormat::Pdf,
        });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(FileProblem::NotUtf8 {
            line: 1,
            byte: None,
        });
    }
    read_csv(bytes, limits).map(|t| vec![t])
}

impl From<OverLimit> for FileProblem {
    fn from(over: OverLimit) -> Self {
        FileProblem::OverLimit(over)
    }
}

/// Whether a byte can occur in text: printable, a line break or a tab.
fn is_text_byte(b: u8) -> bool {
    b >= 0x20 && b != 0x7F || matches!(b, b'\t' | b'\n' | b'\r' | b'\x0C')
}

fn check_text(text: &[u8]) -> Result<(), FileProblem> {
    if !text.iter().all(|b| is_text_byte(*b)) {
        return Err(FileProblem::NotTextOrXlsx);
    }
    if let Err(e) = std::str::from_utf8(text) {
        let at = e.valid_up_to();
        let line = 1 + text[..at].iter().filter(|b| **b == b'\n').count();
        let byte = text[at];
        return Err(FileProblem::NotUtf8 {
            line,
            byte: Some(byte),
        });
    }
    Ok(())
}

/// The header line's counts of each candidate separator outside quotes.
/// Title lines above the header, as spreadsheet exports write them (a line
/// without any separator among the first ten), are passed over.
fn header_separators(text: &[u8]) -> [(u8, usize); 4] {
    let lines = text.split(|b| *b == b'\n').take(10);
    let mut start = 0;
    for line in lines {
        if line.iter().any(|b| matches!(b, b',' | b';' | b'\t' | b'|')) {
            return line_separators(&text[start..]);
        }
        start += line.len() + 1;
    }
    line_separators(text)
}

/// The counts of each candidate separator outside quotes in the first line
/// of `text`.
fn line_separators(text: &[u8]) -> [(u8, usize); 4] {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0), (b'|', 0)];
    let mut quoted = false;
    for &b in text {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(c) = counts.iter_mut().find(|(s, _)| *s == b) {
                    c.1 += 1;
                }
            }
            _ => {}
        }
    }
    counts
}

/// The separator of a CSV text: `;` when the header line holds more `;`
/// than `,` outside quotes, else `,`.
pub fn detect_separator(text: &[u8]) -> u8 {
    let [(_, commas), (_, semicolons), ..] = header_separators(text);
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// Refuses a header separated by tabs or `|` instead of `,` or `;`.
fn check_separator(text: &[u8]) -> Result<(), FileProblem> {
    let [(_, commas), (_, semicolons), (_, tabs), (_, bars)] = header_separators(text);
    if commas + semicolons > 0 {
        return Ok(());
    }
    let found = match (tabs, bars) {
        (0, 0) => return Ok(()),
        (t, b) if t >= b => "tabs",
        _ => "\"|\"",
    };
    Err(FileProblem::Separator {
        found: found.to_string(),
    })
}

fn line_at(text: &[u8], offset: usize) -> usize {
    1 + text[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
}

/// A record's checks against the limits and for an unclosed quote.
struct RecordCheck<'a> {
    text: &'a [u8],
    limits: &'a Limits,
    separator: u8,
    columns: usize,
}

impl RecordCheck<'_> {
    fn check(&self, record: &csv::ByteRecord, begin: usize, end: usize) -> Result<(), FileProblem> {
        let line = || Some(line_at(self.text, begin));
        within(
            Limit::LineBytes,
            (end - begin) as u64,
            self.limits.line_bytes,
            None,
        )
        .map_err(|o| OverLimit { line: line(), ..o })?;
        within(
            Limit::Columns,
            record.len() as u64,
            self.limits.columns,
            None,
        )
        .map_err(|o| OverLimit { line: line(), ..o })?;
        for (index, field) in record.iter().enumerate() {
            if field.len() as u64 > self.limits.field_chars {
                let chars = String::from_utf8_lossy(field).chars().count() as u64;
                within(Limit::FieldChars, chars, self.limits.field_chars, line())?;
            }
            if self.swallows_lines(field) {
                return Err(self.unclosed(begin, index));
            }
        }
        let raw = &self.text[begin..end];
        if end == self.text.len() && raw.iter().filter(|b| **b == b'"').count() % 2 == 1 {
            let index = record.iter().position(|f| f.contains(&b'\n')).unwrap_or(0);
            return Err(self.unclosed(begin, index));
        }
        Ok(())
    }

    /// Whether a value spanning lines holds lines that look like rows of
    /// the file (as many separators as the header): the sign of a quote
    /// that was opened and not closed. A line of text with more commas (a
    /// literature reference: "Flinterman, F., Lauriks, S., …") is text.
    fn swallows_lines(&self, field: &[u8]) -> bool {
        self.columns > 2
            && field.contains(&b'\n')
            && field
                .split(|b| *b == b'\n')
                .skip(1)
                .any(|l| l.iter().filter(|b| **b == self.separator).count() == self.columns - 1)
    }

    fn unclosed(&self, begin: usize, index: usize) -> FileProblem {
        FileProblem::UnclosedQuote {
            line: line_at(self.text, begin),
            column: index + 1,
        }
    }
}

/// Refuses a line longer than a record may be, before the CSV reader
/// holds any record whole: a record is at least as long as each line it
/// spans, and a line of separators alone would make the reader keep a
/// place for each of its millions of empty values.
fn check_lines(text: &[u8], limits: &Limits) -> Result<(), FileProblem> {
    for (index, line) in text.split(|b| *b == b'\n').enumerate() {
        within(
            Limit::LineBytes,
            line.len() as u64,
            limits.line_bytes,
            Some(index + 1),
        )?;
    }
    Ok(())
}

fn read_csv<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Table<'a>, FileProblem> {
    let largest = limits.file_bytes.min(MAX_CSV_BYTES);
    within(Limit::FileBytes, bytes.len() as u64, largest, None)?;
    let bom_len = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let text = &bytes[bom_len..];
    check_text(text)?;
    check_lines(text, limits)?;
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileProblem::Empty);
    }
    check_separator(text)?;
    let separator = detect_separator(text);
    let mut reader = csv_reader(text, separator);
    let mut check = RecordCheck {
        text,
        limits,
        separator,
        columns: 0,
    };
    // Every record is read and checked once here; only where each data
    // row is, is kept.
    let mut header: Option<(Vec<String>, usize)> = None;
    let mut header_end = None;
    let mut spans: Vec<Span> = Vec::new();
    let (mut line, mut counted, mut previous) = (1, 0, None::<(usize, bool)>);
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
                let end = (reader.position().byte() as usize).clamp(begin, text.len());
                if header.is_none() {
                    check.columns = record.len();
                }
                check.check(&record, begin, end)?;
                // Line numbers from the record starts: quoted fields may
                // span lines.
                line += text[counted..begin].iter().filter(|b| **b == b'\n').count();
                counted = begin;
                // A row's bytes run to the next record's start.
                if let Some((index, true)) = previous {
                    spans[index].end = begin as u32;
                }
                if header.is_some() && header_end.is_none() {
                    header_end = Some(begin);
                }
                match header {
                    None => {
                        header = Some((cells_of(&record), begin));
                        previous = None;
                    }
                    Some(_) if blank(&record) => {
                        previous = previous.map(|(index, _)| (index, false));
                    }
                    Some(_) => {
                        within(Limit::Rows, spans.len() as u64 + 1, limits.rows, None)?;
                        // The text is at most MAX_CSV_BYTES: every place fits.
                        spans.push(Span {
                            line: line as u32,
                            begin: begin as u32,
                            end: text.len() as u32,
                        });
                        previous = Some((spans.len() - 1, true));
                    }
                }
            }
            Ok(false) => break,
            Err(e) => {
                return Err(FileProblem::NotCsvOrXlsx {
                    found: OtherFormat::UnreadableCsv(e.to_string()),
                })
            }
        }
    }
    let (header, header_start) = header.ok_or(FileProblem::Empty)?;
    let first_row_start = header_end.unwrap_or(text.len());
    let raw_header = [&bytes[..bom_len], &text[header_start..first_row_start]].concat();
    Ok(Table {
        sheet: None,
        header: header.iter().map(|h| h.trim().to_string()).collect(),
        raw_header,
        rows: Rows::Text {
            text: Text::Memory(bytes),
            start: bom_len,
            separator,
            spans,
        },
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

fn damaged(e: impl std::fmt::Display) -> FileProblem {
    FileProblem::DamagedXlsx {
        detail: e.to_string(),
    }
}

/// Unpacks every part of the workbook once, counting, before anything is
/// kept: a workbook that unpacks past the limits (a "zip bomb") is refused
/// having used no more memory than a read buffer. The sizes the archive
/// declares are not trusted; the bytes are counted.
fn check_unpacked(bytes: &[u8], limits: &Limits) -> Result<(), FileProblem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(damaged)?;
    if zip.index_for_name("xl/workbook.xml").is_none() {
        return Err(FileProblem::NotCsvOrXlsx {
            found: OtherFormat::Zip,
        });
    }
    let packed = bytes.len() as u64;
    let by_ratio = packed
        .saturating_mul(limits.unpack_ratio)
        .max(Limits::RATIO_FROM_BYTES);
    let cap = limits.unpacked_bytes.min(by_ratio);
    let mut total = 0u64;
    for index in 0..zip.len() {
        let mut part = zip.by_index(index).map_err(damaged)?;
        let mut limited = (&mut part).take(cap - total + 1);
        total += std::io::copy(&mut limited, &mut std::io::sink()).map_err(damaged)?;
        if total > limits.unpacked_bytes {
            within(Limit::UnpackedBytes, total, limits.unpacked_bytes, None)?;
        }
        if total > cap {
            let times = total.div_ceil(packed.max(1));
            within(
                Limit::UnpackRatio,
                times.max(limits.unpack_ratio + 1),
                limits.unpack_ratio,
                None,
            )?;
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Vec<Table<'static>>, FileProblem> {
    check_unpacked(bytes, limits)?;
    // calamine 0.31 panics on some malformed workbooks (a shared-string
    // index past the shared strings, found by fuzzing): such a workbook is
    // damaged, and says so, instead of taking the importer down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_sheets(bytes, limits)))
        .unwrap_or_else(|_| Err(damaged("the workbook's parts contradict each other")))
}

fn read_sheets(bytes: &[u8], limits: &Limits) -> Result<Vec<Table<'static>>, FileProblem> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(damaged)?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let mut cells = match book.worksheet_cells_reader(&name) {
            Ok(cells) => cells,
            Err(XlsxError::NotAWorksheet(_)) => continue,
            Err(e) => return Err(damaged(format!("sheet {name}: {e}"))),
        };
        let declared = cells.dimensions();
        let next = || {
            let cell = cells.next_cell()?;
            Ok(cell.map(|c| (c.get_position(), Data::from(c.get_value().clone()))))
        };
        if let Some(table) = read_sheet(declared, next, &name, limits)? {
            tables.push(table);
        }
    }
    if tables.is_empty() {
        return Err(FileProblem::Empty);
    }
    Ok(tables)
}

/// Reads one sheet cell by cell: its declared size is checked first, and
/// every cell's place as it comes, so that no grid larger than the limits
/// is ever made (calamine's own range would allocate the whole rectangle
/// up to the farthest cell).
fn read_sheet(
    declared: calamine::Dimensions,
    mut next: impl FnMut() -> Result<Option<((u32, u32), Data)>, XlsxError>,
    name: &str,
    limits: &Limits,
) -> Result<Option<Table<'static>>, FileProblem> {
    within(Limit::SheetRows, declared.end.0 as u64, limits.rows, None)?;
    within(
        Limit::SheetColumns,
        declared.end.1 as u64 + 1,
        limits.columns,
        None,
    )?;
    // Rows as they come (a sheet lists them in order; one out of order is
    // put in its place), each cell put at its column.
    let mut rows: Vec<SourceRow> = Vec::new();
    let mut width = 0;
    while let Some(((row, column), value)) =
        next().map_err(|e| damaged(format!("sheet {name}: {e}")))?
    {
        if value == Data::Empty {
            continue;
        }
        within(Limit::SheetRows, row as u64, limits.rows, None)?;
        within(Limit::SheetColumns, column as u64 + 1, limits.columns, None)?;
        let text = cell_text(&value);
        let line = row as usize + 1;
        if text.len() as u64 > limits.field_chars {
            let chars = text.chars().count() as u64;
            within(Limit::FieldChars, chars, limits.field_chars, Some(line))?;
        }
        width = width.max(column as usize + 1);
        let at = match rows.last() {
            Some(last) if last.line == line => rows.len() - 1,
            Some(last) if last.line > line => match rows.binary_search_by_key(&line, |r| r.line) {
                Ok(at) => at,
                Err(at) => {
                    rows.insert(
                        at,
                        SourceRow {
                            line,
                            cells: Vec::new(),
                        },
                    );
                    at
                }
            },
            _ => {
                rows.push(SourceRow {
                    line,
                    cells: Vec::new(),
                });
                rows.len() - 1
            }
        };
        let cells = &mut rows[at].cells;
        if cells.len() <= column as usize {
            cells.resize(column as usize + 1, String::new());
        }
        cells[column as usize] = text;
    }
    for row in &mut rows {
        row.cells.resize(width, String::new());
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let header = rows.remove(0).cells;
    rows.retain(|row| !is_blank(&row.cells));
    let header: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    Ok(Some(Table {
        sheet: Some(name.to_string()),
        raw_header: csv_line(&header),
        header,
        rows: Rows::Cells(rows),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_tables_default(bytes: &[u8]) -> Result<Vec<Table<'_>>, FileProblem> {
        read_tables(bytes, &Limits::default())
    }

    #[test]
    fn keeps_each_rows_bytes_and_skips_blank_rows() {
        let bytes = b"\xEF\xBB\xBFa;b\r\n1;\"x;y\"\r\n;\r\n2;z";
        let table = &read_tables_default(bytes).unwrap()[0];
        assert_eq!(table.header, vec!["a", "b"]);
        assert_eq!(table.raw_header, b"\xEF\xBB\xBFa;b\r\n");
        assert_eq!(table.len(), 2);
        assert_eq!(table.row(0).cells, vec!["1", "x;y"]);
        assert_eq!(&*table.raw(0), b"1;\"x;y\"\r\n");
        assert_eq!(table.line(1), 4);
        assert_eq!(&*table.raw(1), b"2;z");
    }

    #[test]
    fn refuses_other_encodings_and_formats() {
        assert_eq!(read_tables_default(b"").unwrap_err(), FileProblem::Empty);
        assert!(matches!(
            read_tables_default(b"a,b\nd\xE9f,1\n"),
            Err(FileProblem::NotUtf8 { line: 2, .. })
        ));
        assert!(matches!(
            read_tables_default(b"\xFF\xFEa\x00"),
            Err(FileProblem::NotUtf8 { .. })
        ));
        assert!(matches!(
            read_tables_default(b"%PDF-1.4"),
            Err(FileProblem::NotCsvOrXlsx { .. })
        ));
    }
}

#[cfg(test)]
mod from_disk {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_table_reading_its_file_again_gives_the_rows_lines_and_bytes_it_gave_from_memory() {
        let text = "\u{feff}id,note\r\n1,\"een\r\ntwee\"\r\n\r\n ,  \r\n2,drie\r\n3,\"vier, vijf\"\r\n4,zes";
        let mut file = tempfile::tempfile().expect("a file");
        file.write_all(text.as_bytes()).expect("written");
        let memory = read_tables(text.as_bytes(), &Limits::default())
            .expect("a table")
            .remove(0);
        let file = Arc::new(file);
        let disk = memory.clone().reading_from(file.clone());
        let rows = |t: &Table| -> Vec<(usize, Vec<String>, Vec<u8>)> {
            t.rows(0..t.len())
                .enumerate()
                .map(|(i, r)| (r.line, r.cells, t.raw(i).into_owned()))
                .collect()
        };
        assert_eq!(memory.len(), 4);
        assert_eq!(rows(&disk), rows(&memory));
        assert_eq!(disk.row(2).cells, ["3", "vier, vijf"]);
        assert_eq!(disk.raw(1).as_ref(), b"2,drie\r\n");
        assert_eq!(disk.line(3), 8);
        assert!(disk.unchanged() && memory.unchanged());
        (&*file).write_all(b"\r\n5,zeven").expect("written");
        assert!(!disk.unchanged(), "a file grown since it was read");
    }
}
