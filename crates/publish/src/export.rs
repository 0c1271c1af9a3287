//! The tables of a publication as files: CSV per table (UTF-8 with a byte
//! order mark and `;` for Dutch Excel, or plain `,`), and one XLSX
//! workbook with a sheet per table and a sheet of definitions. Every cell
//! is what the page shows: the same publication, the same suppression.

use crate::html::cell_text;
use crate::messages::Messages;
use crate::model::{Block, Cell, Table};
use crate::protected::Publication;
use crate::suppression::{Entry, Share, Threshold};
use domain::formula::guard;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// How a CSV file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStyle {
    /// For Dutch Excel: a byte order mark, `;` between fields, decimal
    /// commas (as the Dutch page writes numbers).
    Dutch,
    /// Plain: no byte order mark, `,` between fields, decimal points.
    Plain,
}

/// Every table of a publication, in reading order (a chart's table too).
pub fn tables(p: &Publication) -> Vec<&Table> {
    p.sections
        .iter()
        .flat_map(|s| &s.blocks)
        .flat_map(|b| match b {
            Block::Table(t) | Block::Chart(_, t) => vec![t],
            Block::Trends(trends) => trends.iter().map(|t| &t.table).collect(),
            _ => vec![],
        })
        .collect()
}

fn threshold(p: &Publication) -> Threshold {
    p.threshold()
}

/// One table as CSV: a header of the column headings, then each row with
/// its label and its cells as the page shows them ("< 5" when suppressed).
/// `m` says the words; the style decides separators and decimals.
pub fn csv(
    table: &Table,
    p: &Publication,
    m: &Messages,
    style: CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    let numbers = match style {
        CsvStyle::Dutch => m,
        CsvStyle::Plain => crate::Lang::En.messages(),
    };
    let k = threshold(p);
    let start = match style {
        CsvStyle::Dutch => "\u{feff}".as_bytes().to_vec(),
        CsvStyle::Plain => Vec::new(),
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(if style == CsvStyle::Dutch { b';' } else { b',' })
        .flexible(true)
        .from_writer(start);
    let text = |s: String| guard(&s).into_owned();
    if table.unpublishable() {
        out.write_record([text(m.text(&table.caption))])?;
        out.write_record([text(m.get("suppression.unprotectable").to_string())])?;
        return out
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()));
    }
    out.write_record(table.columns.iter().map(|c| text(m.text(c))))?;
    for row in &table.rows {
        let cells = row.cells.iter().map(|c| match c {
            Cell::Text(t) => text(m.text(t)),
            other => guarded_value(cell_text(other, numbers, k)),
        });
        out.write_record(std::iter::once(text(m.text(&row.label))).chain(cells))?;
    }
    for note in table.mark_notes() {
        out.write_record([text(m.get(note).to_string())])?;
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// A figure's cell as written to a CSV file: a number as it is (also with
/// a decimal comma, "-0,21"), anything else that starts with a formula
/// sign (an interval "-0,21 – 0,60") guarded as a text is.
fn guarded_value(cell: String) -> String {
    match cell.replace(',', ".").parse::<f64>() {
        Ok(_) => cell,
        Err(_) => guard(&cell).into_owned(),
    }
}

/// A sheet name a reader recognises: the table's short name in the
/// reader's language (`sheet.<id>`; for a numbered table such as a context
/// chart's, its caption up to the first colon), with a part's number in
/// front in a combined publication ("2 Doelrealisatie").
fn sheet_title(table: &Table, m: &Messages) -> String {
    let (part, base) = split_part(&table.id);
    let key = format!("sheet.{base}");
    let name = match m.has(&key) {
        true => m.get(&key).to_string(),
        false => {
            let caption = m.text(&table.caption);
            caption
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        }
    };
    match part {
        Some(n) => format!("{n} {name}"),
        None => name,
    }
}

/// A combined publication's table id `p2-goal-realisation` as part `2`
/// and id `goal-realisation`.
fn split_part(id: &str) -> (Option<&str>, &str) {
    if let Some(rest) = id.strip_prefix('p') {
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && rest[digits..].starts_with('-') {
            return (Some(&rest[..digits]), &rest[digits + 1..]);
        }
    }
    (None, id)
}

/// The longest sheet name before a number that makes it unique (Excel
/// allows 31 characters; " 999" takes four).
const SHEET_STEM: usize = 27;

/// A sheet name Excel accepts, made from a title: without `[]:*?/\\` and
/// control characters, cut at a word to at most [`SHEET_STEM`] characters
/// (room for a number that makes it unique), not beginning or ending with
/// an apostrophe, not empty, not Excel's reserved "History", and unique
/// in the workbook without regard to case. Every sheet of every workbook
/// the program writes is named through it.
pub fn sheet_name(title: &str, taken: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| match "[]:*?/\\".contains(c) || c.is_control() {
            true => ' ',
            false => c,
        })
        .collect();
    let mut short = String::new();
    for word in clean.split_whitespace() {
        let next = match short.is_empty() {
            true => word.to_string(),
            false => format!("{short} {word}"),
        };
        if next.chars().count() > SHEET_STEM {
            break;
        }
        short = next;
    }
    if short.is_empty() {
        short = clean.trim().chars().take(SHEET_STEM).collect();
    }
    let trimmed = short.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    let short = match trimmed.is_empty() {
        true => "Tabel".to_string(),
        false => trimmed.to_string(),
    };
    let is_taken = |name: &str, taken: &[String]| {
        let lower = name.to_lowercase();
        lower == "history" || taken.iter().any(|t| t.to_lowercase() == lower)
    };
    let mut unique = short.clone();
    let mut n = 2;
    while is_taken(&unique, taken) {
        unique = format!("{short} {n}");
        n += 1;
    }
    taken.push(unique.clone());
    unique
}

/// The whole publication as an XLSX workbook: a sheet per table (headings
/// in bold, counts as numbers, shares as percentages, suppressed counts as
/// the text "< k"), and a last sheet with the title, the facts, each
/// table's definition, selection and n, and the data version.
pub fn xlsx(p: &Publication, m: &Messages) -> Result<Vec<u8>, XlsxError> {
    let k = threshold(p);
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0%");
    let mut book = Workbook::new();
    let mut taken = Vec::new();
    for table in tables(p) {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&sheet_title(table, m), &mut taken))?;
        sheet.write_with_format(0, 0, m.text(&table.caption), &bold)?;
        if table.unpublishable() {
            sheet.write(2, 0, m.get("suppression.unprotectable"))?;
            continue;
        }
        for (j, c) in table.columns.iter().enumerate() {
            sheet.write_with_format(2, j as u16, m.text(c), &bold)?;
        }
        for (i, row) in table.rows.iter().enumerate() {
            let r = 3 + i as u32;
            if row.total {
                sheet.write_with_format(r, 0, m.text(&row.label), &bold)?;
            } else {
                sheet.write(r, 0, m.text(&row.label))?;
            }
            for (j, cell) in row.cells.iter().enumerate() {
                let c = 1 + j as u16;
                match cell {
                    Cell::Count(Entry::Count(n)) => {
                        sheet.write(r, c, *n as f64)?;
                    }
                    Cell::Share(Share::Shown(v)) => {
                        sheet.write_with_format(r, c, *v, &percent)?;
                    }
                    Cell::Number(v, decimals) => {
                        let format = Format::new().set_num_format(match decimals {
                            0 => "0".to_string(),
                            d => format!("0.{}", "0".repeat(*d)),
                        });
                        sheet.write_with_format(r, c, *v, &format)?;
                    }
                    Cell::Difference { value, percent } => {
                        let format = Format::new().set_num_format(match percent {
                            true => "+0%;-0%;0%",
                            false => "+0;-0;0",
                        });
                        sheet.write_with_format(r, c, *value, &format)?;
                    }
                    Cell::Text(t) => {
                        sheet.write(r, c, m.text(t))?;
                    }
                    other => {
                        sheet.write(r, c, cell_text(other, m, k))?;
                    }
                }
            }
        }
        for (i, note) in table.mark_notes().into_iter().enumerate() {
            sheet.write(3 + table.rows.len() as u32 + 1 + i as u32, 0, m.get(note))?;
        }
        sheet.set_column_width(0, 40)?;
    }
    let about = book.add_worksheet();
    about.set_name(sheet_name(m.get("export.about_sheet"), &mut taken))?;
    about.write_with_format(0, 0, m.text(&p.title), &bold)?;
    let mut r = 1;
    for (label, value) in &p.facts {
        about.write(r, 0, m.text(label))?;
        about.write(r, 1, m.text(value))?;
        r += 1;
    }
    about.write(r, 0, m.get("export.data_version"))?;
    about.write(r, 1, p.data_version as f64)?;
    r += 2;
    for table in tables(p) {
        let Some(how) = &table.how else { continue };
        about.write_with_format(r, 0, m.text(&table.caption), &bold)?;
        let [definition, selection, counted] = crate::html::how_texts(how, m, k);
        about.write(r + 1, 0, definition)?;
        about.write(r + 2, 0, selection)?;
        about.write(r + 3, 0, counted)?;
        r += 5;
    }
    about.set_column_width(0, 60)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod sheet_name_tests {
    use super::sheet_name;

    #[test]
    fn every_name_is_one_excel_accepts_and_unique() {
        let titles = [
            "Kerncijfers Buurt 'Samen' voor jong en oud",
            "'Samen'",
            "Buurt 'Samen'",
            "[]:*?/\\",
            "History",
            "Ééntje",
            "ééntje",
            "Een heel lange titel die nergens een spatie heeft: abcdefghijklmnopqrstuvwxyz",
            "Kerncijfers Buurt 'Samen' voor jong en oud",
        ];
        let mut taken = Vec::new();
        let mut book = rust_xlsxwriter::Workbook::new();
        for title in titles {
            let name = sheet_name(title, &mut taken);
            assert!(name.chars().count() <= 31, "{name}");
            assert!(!name.starts_with('\'') && !name.ends_with('\''), "{name}");
            book.add_worksheet()
                .set_name(&name)
                .unwrap_or_else(|e| panic!("{title:?} → {name:?}: {e}"));
        }
        let lower: std::collections::BTreeSet<String> =
            taken.iter().map(|t| t.to_lowercase()).collect();
        assert_eq!(lower.len(), titles.len(), "{taken:?}");
        book.save_to_buffer().expect("Excel accepts the workbook");
    }
}

#[cfg(test)]
mod value_tests {
    use super::guarded_value;

    #[test]
    fn an_interval_is_guarded_and_a_number_is_not() {
        assert_eq!(guarded_value("-0,21 – 0,60".into()), "'-0,21 – 0,60");
        assert_eq!(guarded_value("-0,21".into()), "-0,21");
        assert_eq!(guarded_value("-0.21".into()), "-0.21");
        assert_eq!(guarded_value("63,5%".into()), "63,5%");
        assert_eq!(guarded_value("< 5".into()), "< 5");
    }
}
