//! What an import says about a file: problems with the file as a whole, and
//! one line per invalid row.

use crate::limits::OverLimit;
use serde::Serialize;
use std::fmt;

/// One invalid value in one row: line number, column (as the file names
/// it), the value, and the reason in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The line in the file (the header is line 1); for XLSX the row number.
    pub line: usize,
    /// The column as the file's header names it; empty for the row as a whole.
    pub column: String,
    /// The value found.
    pub value: String,
    /// Why it was refused.
    pub reason: String,
    /// The problem, when the reason is one (a page says it in its
    /// language from `problem.<code>`).
    #[serde(skip)]
    pub problem: Option<domain::Problem>,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.column.is_empty() {
            write!(f, "line {}: {}", self.line, self.reason)
        } else {
            write!(
                f,
                "line {}, column {}, value \"{}\": {}",
                self.line, self.column, self.value, self.reason
            )
        }
    }
}

/// A problem with a file as a whole: nothing of it can be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// The file has no bytes, or only a byte-order mark and blank lines.
    Empty,
    /// The file is neither CSV text nor an XLSX workbook, but something
    /// else that can be named.
    NotCsvOrXlsx { found: OtherFormat },
    /// The text is not UTF-8: at `line` the byte `byte` is none of
    /// UTF-8's (Windows-1252 or Latin-1 text, say); `byte: None` when the
    /// whole file is UTF-16.
    NotUtf8 { line: usize, byte: Option<u8> },
    /// Neither UTF-8 text nor an XLSX workbook (binary data, a file of
    /// another kind renamed).
    NotTextOrXlsx,
    /// A ZIP that calamine cannot read as a workbook: damaged or cut off.
    DamagedXlsx { detail: String },
    /// A quoted value that is not closed: it would swallow the lines after
    /// it. `line` is where the quoted value starts.
    UnclosedQuote { line: usize, column: usize },
    /// The header is separated by another character than `,` or `;`.
    Separator { found: String },
    /// Over one of the installation's limits.
    OverLimit(OverLimit),
    /// The first row names no known column.
    NoHeader,
    /// Required columns are missing.
    MissingColumns { kind: String, columns: Vec<String> },
    /// Two columns mean the same field.
    DuplicateColumn { column: String },
    /// The kind of file cannot be told from its name or header.
    UnknownKind,
    /// A wide ZRM column names no ZRM domain.
    UnknownZrmColumn { column: String },
    /// Columns a saved mapping names are not in the file (another export,
    /// or the source renamed them).
    MappedColumnsMissing { columns: Vec<String> },
    /// Values the mapping `mapping` does not know and that are no code of
    /// their column: the mapping is extended before the file imports.
    UnknownValues {
        mapping: String,
        values: Vec<crate::mapping::UnknownValue>,
    },
    /// A column the mapping would store holds personal data (`private` is
    /// its kind's code): nothing of the file is read.
    PrivateColumn { column: String, private: String },
    /// Anything else about the file as a whole.
    Other { detail: String },
}

/// What a file that is neither CSV nor XLSX was found to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OtherFormat {
    /// An old Excel workbook (.xls).
    Xls,
    /// A PDF document.
    Pdf,
    /// A ZIP archive that is not an Excel workbook.
    Zip,
    /// Text the CSV reader cannot read (its own words).
    UnreadableCsv(String),
}

impl OtherFormat {
    /// A short code, for the message files.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Xls => "xls",
            Self::Pdf => "pdf",
            Self::Zip => "zip",
            Self::UnreadableCsv(_) => "unreadable_csv",
        }
    }
}

impl FileProblem {
    /// A short code of the kind of problem, for the message files
    /// (`file_problem.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::NotCsvOrXlsx { found } => match found {
                OtherFormat::Xls => "not_csv_or_xlsx_xls",
                OtherFormat::Pdf => "not_csv_or_xlsx_pdf",
                OtherFormat::Zip => "not_csv_or_xlsx_zip",
                OtherFormat::UnreadableCsv(_) => "not_csv_or_xlsx_unreadable",
            },
            Self::NotUtf8 { byte: None, .. } => "utf16",
            Self::NotUtf8 { .. } => "not_utf8",
            Self::NotTextOrXlsx => "not_text_or_xlsx",
            Self::DamagedXlsx { .. } => "damaged_xlsx",
            Self::UnclosedQuote { .. } => "unclosed_quote",
            Self::Separator { .. } => "separator",
            Self::OverLimit(over) => over.limit.code(),
            Self::NoHeader => "no_header",
            Self::MissingColumns { .. } => "missing_columns",
            Self::DuplicateColumn { .. } => "duplicate_column",
            Self::UnknownKind => "unknown_kind",
            Self::UnknownZrmColumn { .. } => "unknown_zrm_column",
            Self::MappedColumnsMissing { .. } => "mapped_columns_missing",
            Self::UnknownValues { .. } => "unknown_values",
            Self::PrivateColumn { .. } => "private_column",
            Self::Other { .. } => "other",
        }
    }

    /// The values a message of the problem names, by placeholder.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::NotCsvOrXlsx {
                found: OtherFormat::UnreadableCsv(detail),
            }
            | Self::DamagedXlsx { detail }
            | Self::Other { detail } => {
                vec![("detail", detail.clone())]
            }
            Self::NotCsvOrXlsx { .. } => vec![],
            Self::UnclosedQuote { line, column } => {
                vec![("line", line.to_string()), ("column", column.to_string())]
            }
            Self::Separator { found } => vec![("found", found.clone())],
            Self::OverLimit(over) => {
                let (found, allowed) = over.said();
                vec![
                    ("found", found.to_string()),
                    ("allowed", allowed.to_string()),
                    ("line", over.line.unwrap_or(0).to_string()),
                    ("option", over.limit.option().to_string()),
                ]
            }
            Self::NotUtf8 { line, byte } => vec![
                ("line", line.to_string()),
                (
                    "byte",
                    byte.map(|b| format!("0x{b:02X}")).unwrap_or_default(),
                ),
            ],
            Self::MissingColumns { kind, columns } => {
                vec![("kind", kind.clone()), ("columns", columns.join(", "))]
            }
            Self::DuplicateColumn { column } | Self::UnknownZrmColumn { column } => {
                vec![("column", column.clone())]
            }
            Self::MappedColumnsMissing { columns } => vec![("columns", columns.join(", "))],
            Self::PrivateColumn { column, private } => {
                vec![("column", column.clone()), ("private", private.clone())]
            }
            Self::UnknownValues { mapping, values } => vec![
                ("mapping", mapping.clone()),
                ("values", unknown_values(values)),
            ],
            Self::Empty | Self::NoHeader | Self::UnknownKind | Self::NotTextOrXlsx => vec![],
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the file is empty"),
            Self::NotCsvOrXlsx { found } => {
                let what = match found {
                    OtherFormat::Xls => "an old Excel .xls workbook; save it as .xlsx or CSV UTF-8",
                    OtherFormat::Pdf => "a PDF document",
                    OtherFormat::Zip => "a ZIP archive that is not an Excel workbook (.xlsx)",
                    OtherFormat::UnreadableCsv(e) => return write!(f, "not a CSV or XLSX file (unreadable CSV: {e})"),
                };
                write!(f, "not a CSV or XLSX file ({what})")
            }
            Self::NotUtf8 { line, byte: None } => write!(
                f,
                "not UTF-8 text (line {line}): the file is UTF-16; save it as \"CSV UTF-8\""
            ),
            Self::NotUtf8 { line, byte: Some(byte) } => write!(
                f,
                "not UTF-8 text (line {line}): byte 0x{byte:02X} is not UTF-8 (Windows-1252 or Latin-1?); save it as \"CSV UTF-8\""
            ),
            Self::NotTextOrXlsx => write!(
                f,
                "neither UTF-8 text nor an XLSX workbook; save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)"
            ),
            Self::DamagedXlsx { detail } => {
                write!(f, "the XLSX workbook is damaged and cannot be read ({detail})")
            }
            Self::UnclosedQuote { line, column } => write!(
                f,
                "line {line}, column {column}: a quote (\") opens a value that is not closed; \
                 the lines after it would become part of that value"
            ),
            Self::Separator { found } => write!(
                f,
                "the columns are separated by {found}; use a comma or a semicolon (save as \"CSV UTF-8\")"
            ),
            Self::OverLimit(over) => over_limit(f, over),
            Self::NoHeader => write!(f, "no header: the first row names no known column"),
            Self::MissingColumns { kind, columns } => {
                write!(f, "missing required column(s) for {kind}: {}", columns.join(", "))
            }
            Self::DuplicateColumn { column } => write!(f, "column {column} occurs twice"),
            Self::UnknownKind => write!(
                f,
                "cannot tell which kind of file this is from its name or header; name it with --kind"
            ),
            Self::UnknownZrmColumn { column } => write!(f, "column {column} names no ZRM domain"),
            Self::MappedColumnsMissing { columns } => write!(
                f,
                "the file lacks the column(s) the mapping reads: {}",
                columns.join(", ")
            ),
            Self::UnknownValues { mapping, values } => write!(
                f,
                "the mapping {mapping} does not know these values; extend it, then import again: {}",
                unknown_values(values)
            ),
            Self::PrivateColumn { column, private } => write!(
                f,
                "column {column} holds personal data ({private}) and is never stored; \
                 leave it out of the mapping, or map it onto what makes it safe"
            ),
            Self::Other { detail } => f.write_str(detail),
        }
    }
}

/// Unknown values as a message lists them: `"Info" (Soort contact, 3 rows)`.
fn unknown_values(values: &[crate::mapping::UnknownValue]) -> String {
    values
        .iter()
        .map(|v| format!("\"{}\" ({}, {}×)", v.value, v.source, v.count))
        .collect::<Vec<_>>()
        .join(", ")
}

fn over_limit(f: &mut fmt::Formatter<'_>, over: &OverLimit) -> fmt::Result {
    use crate::limits::Limit;
    let (found, allowed) = over.said();
    let line = over.line.unwrap_or(0);
    match over.limit {
        Limit::FileBytes => write!(f, "the file is {found} MB; the limit is {allowed} MB"),
        Limit::UnpackedBytes => write!(
            f,
            "the workbook unpacks to more than {allowed} MB, the limit"
        ),
        Limit::UnpackRatio => write!(
            f,
            "the workbook unpacks to more than {allowed} times its own size, the limit"
        ),
        Limit::Rows => write!(
            f,
            "the file has more than {allowed} rows; the limit is {allowed}"
        ),
        Limit::SheetRows => write!(f, "the sheet declares {found} rows; the limit is {allowed}"),
        Limit::Columns => write!(f, "line {line} has {found} columns; the limit is {allowed}"),
        Limit::SheetColumns => {
            write!(
                f,
                "the sheet declares {found} columns; the limit is {allowed}"
            )
        }
        Limit::FieldChars => write!(
            f,
            "line {line}: a value of {found} characters; the limit is {allowed}"
        ),
        Limit::LineBytes => write!(
            f,
            "line {line} is {found} bytes long; the limit is {allowed}"
        ),
    }?;
    write!(f, " ({})", over.limit.option())
}
