//! The StatLine web "CSV export": `;`-separated, UTF-8 with a BOM, CRLF,
//! labels instead of codes (`Westerkwartier`, `Wijk 01 Centrum`, `2025`),
//! right-padded names, topic headers that hold the topic path and the unit
//! (`Bevolking/Aantal inwoners (aantal)`), a decimal comma, and the symbol
//! legend (`.` secret or unknown, blank, `*` provisional).

use super::{published, CbsError, Missing, Published};

/// A topic column: its header, the path of topic groups, the title and
/// the unit, e.g. `["Bevolking"]`, `Aantal inwoners`, `aantal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    /// The header as written.
    pub header: String,
    /// The topic groups above the topic.
    pub path: Vec<String>,
    /// The topic's title.
    pub title: String,
    /// The unit in brackets at the end of the header (`aantal`, `%`, …).
    pub unit: Option<String>,
}

/// A data row: its labels (trimmed) and a published cell per topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatlineRow {
    /// The line in the file (the header is line 1).
    pub line: usize,
    /// One label per label column, without padding.
    pub labels: Vec<String>,
    /// One cell per topic.
    pub cells: Vec<Published>,
}

impl StatlineRow {
    /// Whether every cell is blank, as for a dissolved municipality.
    pub fn is_empty(&self) -> bool {
        self.cells
            .iter()
            .all(|c| *c == Published::Missing(Missing::Blank))
    }
}

/// A StatLine CSV export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatlineTable {
    /// The label columns (`Perioden`, `Regio's`, `Wijken en buurten`, …).
    pub label_columns: Vec<String>,
    /// The topic columns, after the label columns.
    pub topics: Vec<Topic>,
    /// The data rows.
    pub rows: Vec<StatlineRow>,
}

impl StatlineTable {
    /// The index of the label column with this header.
    pub fn label_index(&self, header: &str) -> Option<usize> {
        self.label_columns.iter().position(|h| h == header)
    }
}

/// Splits `Groep/Sub/Titel (eenheid)` into path, title and unit.
fn topic(header: &str) -> (Vec<String>, String, Option<String>) {
    let header = header.trim();
    let (body, unit) = match header.strip_suffix(')').and_then(|h| h.rsplit_once('(')) {
        Some((body, unit)) => (body.trim_end(), Some(unit.trim().to_string())),
        None => (header, None),
    };
    let mut parts: Vec<String> = body.split('/').map(|p| p.trim().to_string()).collect();
    let title = parts.pop().unwrap_or_default();
    (parts, title, unit)
}

/// Whether a header names a label (a text column) rather than a topic: it
/// has no unit, or the unit `naam` or `code`.
fn is_label(header: &str) -> bool {
    matches!(
        topic(header).2.as_deref(),
        None | Some("naam") | Some("code")
    )
}

/// Whether a first line looks like a StatLine export header: quoted,
/// `;`-separated, with at least one topic that has a unit.
pub fn is_statline_header(line: &str) -> bool {
    line.split(';')
        .map(|f| f.trim().trim_matches('"'))
        .any(|f| !is_label(f))
}

/// The line (from 1) of the record that starts at byte `at`; a record the
/// reader reports at the `\n` of the previous line's CRLF starts on the
/// next line.
fn line_at(bytes: &[u8], at: usize) -> usize {
    let at = at.min(bytes.len());
    let before = bytes[..at].iter().filter(|b| **b == b'\n').count();
    let on_newline = bytes.get(at) == Some(&b'\n');
    1 + before + usize::from(on_newline)
}

/// Reads a StatLine CSV export.
pub fn read(bytes: &[u8]) -> Result<StatlineTable, CbsError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(bytes);
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(CbsError::file(format!("the header cannot be read: {e}"))),
        None => return Err(CbsError::file("the file is empty")),
    };
    let labels = header.iter().take_while(|h| is_label(h)).count();
    if labels == header.len() {
        return Err(CbsError::file(
            "no topic column with a unit, such as \"Bevolking/Aantal inwoners (aantal)\"",
        ));
    }
    let label_columns: Vec<String> = header
        .iter()
        .take(labels)
        .map(|h| h.trim().to_string())
        .collect();
    let topics: Vec<Topic> = header
        .iter()
        .skip(labels)
        .map(|h| {
            let (path, title, unit) = topic(h);
            Topic {
                header: h.to_string(),
                path,
                title,
                unit,
            }
        })
        .collect();
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| CbsError {
            place: e
                .position()
                .map_or("file".into(), |p| format!("line {}", p.line())),
            reason: e.to_string(),
        })?;
        let line = record
            .position()
            .map_or(0, |p| line_at(bytes, p.byte() as usize));
        if record.len() != header.len() {
            return Err(CbsError {
                place: format!("line {line}"),
                reason: format!(
                    "{} fields where the header has {}",
                    record.len(),
                    header.len()
                ),
            });
        }
        let labels_of_row = record
            .iter()
            .take(labels)
            .map(|l| l.trim().to_string())
            .collect();
        let cells = record
            .iter()
            .skip(labels)
            .zip(&topics)
            .map(|(cell, topic)| {
                published(cell).map_err(|reason| CbsError {
                    place: format!("line {line}, column {:?}", topic.header),
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(StatlineRow {
            line,
            labels: labels_of_row,
            cells,
        });
    }
    Ok(StatlineTable {
        label_columns,
        topics,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_headers_hold_path_title_and_unit() {
        let (path, title, unit) = topic(
            "Bevolking/Bevolking naar herkomst/Herkomstland/Europa (exclusief Nederland)  (aantal)",
        );
        assert_eq!(
            path,
            ["Bevolking", "Bevolking naar herkomst", "Herkomstland"]
        );
        assert_eq!(title, "Europa (exclusief Nederland)");
        assert_eq!(unit.as_deref(), Some("aantal"));
        assert!(is_label("Regio's") && is_label("Regioaanduiding/Gemeentenaam (naam)"));
        assert!(!is_label("Bevolking/Aantal inwoners (aantal)"));
    }

    #[test]
    fn rows_with_symbols_and_a_wrong_cell() {
        let csv = "\u{feff}\"Perioden\";\"Regio's\";\"A/B (%)\";\"A/C (aantal)\"\r\n\"2021\";\"Emmen   \";4,4;.\r\n\"2021\";\"Weg\";;\r\n";
        let t = read(csv.as_bytes()).unwrap();
        assert_eq!(t.label_columns, ["Perioden", "Regio's"]);
        assert_eq!(t.rows[0].labels, ["2021", "Emmen"]);
        assert_eq!(t.rows[0].cells[0].value().unwrap().as_str(), "4.4");
        assert_eq!(t.rows[0].cells[1], Published::Missing(Missing::Secret));
        assert!(t.rows[1].is_empty() && t.rows[1].line == 3);
        let bad = "\"Perioden\";\"A (%)\"\n\"2021\";\"veel\"\n";
        let e = read(bad.as_bytes()).unwrap_err();
        assert_eq!(e.place, "line 2, column \"A (%)\"");
    }
}
