//! How large an input may be. Every limit is checked before memory grows
//! with the input, so that no file — however it was made — can take the
//! server down; an input over a limit is refused with a message naming it
//! (docs/cli.md lists them with their options).

use domain::date::DateBounds;

/// One MiB, the unit the byte limits are set in.
pub const MIB: u64 = 1024 * 1024;

/// The limits of an installation. The defaults fit a social-work
/// organisation's data many times over: a year of registrations is a few
/// thousand rows and a few megabytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// The largest file read, in bytes.
    pub file_bytes: u64,
    /// The most an XLSX workbook may unpack to, all its parts together,
    /// in bytes.
    pub unpacked_bytes: u64,
    /// The most a workbook may unpack to as a multiple of its own size.
    pub unpack_ratio: u64,
    /// The most data rows of one file or sheet.
    pub rows: u64,
    /// The most columns of one file or sheet (header and rows).
    pub columns: u64,
    /// The longest value of one cell, in characters.
    pub field_chars: u64,
    /// The longest line of a CSV file (a record, quoted line breaks
    /// included), in bytes.
    pub line_bytes: u64,
    /// The row errors listed per file; the rest are counted.
    pub errors_listed: usize,
    /// The dates a file or form may give.
    pub dates: DateBounds,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            file_bytes: 512 * MIB,
            unpacked_bytes: 128 * MIB,
            unpack_ratio: 100,
            rows: 5_000_000,
            columns: 500,
            field_chars: 65_536,
            line_bytes: MIB,
            errors_listed: 1_000,
            dates: DateBounds::default(),
        }
    }
}

impl Limits {
    /// The ratio check applies from this unpacked size on: small workbooks
    /// (a few kilobytes of styles and one sheet) may unpack to many times
    /// their size without harm.
    pub const RATIO_FROM_BYTES: u64 = 8 * MIB;
}

/// Which limit an input went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::file_bytes`].
    FileBytes,
    /// [`Limits::unpacked_bytes`].
    UnpackedBytes,
    /// [`Limits::unpack_ratio`].
    UnpackRatio,
    /// [`Limits::rows`], counted in the file.
    Rows,
    /// [`Limits::rows`], as the sheet declares its size.
    SheetRows,
    /// [`Limits::columns`], counted in a line of the file.
    Columns,
    /// [`Limits::columns`], as the sheet declares its size.
    SheetColumns,
    /// [`Limits::field_chars`].
    FieldChars,
    /// [`Limits::line_bytes`].
    LineBytes,
}

impl Limit {
    /// The code of the limit in messages (`file_problem.limit_<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Self::FileBytes => "limit_file_bytes",
            Self::UnpackedBytes => "limit_unpacked_bytes",
            Self::UnpackRatio => "limit_unpack_ratio",
            Self::Rows => "limit_rows",
            Self::SheetRows => "limit_sheet_rows",
            Self::Columns => "limit_columns",
            Self::SheetColumns => "limit_sheet_columns",
            Self::FieldChars => "limit_field_chars",
            Self::LineBytes => "limit_line_bytes",
        }
    }

    /// The option of `impactmonitor` that sets it.
    pub fn option(self) -> &'static str {
        match self {
            Self::FileBytes => "--max-file-mb",
            Self::UnpackedBytes => "--max-unpacked-mb",
            Self::UnpackRatio => "--max-unpack-ratio",
            Self::Rows | Self::SheetRows => "--max-rows",
            Self::Columns | Self::SheetColumns => "--max-columns",
            Self::FieldChars => "--max-field-chars",
            Self::LineBytes => "--max-line-kb",
        }
    }

    /// Whether the limit is set in bytes (its numbers are said in MB).
    pub fn in_megabytes(self) -> bool {
        matches!(self, Self::FileBytes | Self::UnpackedBytes)
    }
}

/// An input over a limit: which, what was found (at least), what is allowed,
/// and the line where it was found, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverLimit {
    /// The limit.
    pub limit: Limit,
    /// What the input has (for counted limits: the first count over it).
    pub found: u64,
    /// What the limit allows.
    pub allowed: u64,
    /// The line (CSV) or row (XLSX) where it was found.
    pub line: Option<usize>,
}

impl OverLimit {
    /// The numbers as a message says them: megabytes (rounded up) for the
    /// byte limits, counts otherwise.
    pub fn said(&self) -> (u64, u64) {
        match self.limit.in_megabytes() {
            true => (self.found.div_ceil(MIB), self.allowed / MIB),
            false => (self.found, self.allowed),
        }
    }
}

/// Checks a count against a limit.
pub fn within(
    limit: Limit,
    found: u64,
    allowed: u64,
    line: Option<usize>,
) -> Result<(), OverLimit> {
    match found > allowed {
        true => Err(OverLimit {
            limit,
            found,
            allowed,
            line,
        }),
        false => Ok(()),
    }
}
