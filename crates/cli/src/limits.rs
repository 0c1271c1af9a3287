//! The limits of what an import reads (docs/cli.md lists them): options of
//! `import` and `serve`, each with an environment variable so that an
//! installation sets them once.

use domain::date::DateBounds;
use interchange::limits::MIB;
use interchange::Limits;

/// How large an input may be, and the dates it may give.
#[derive(Debug, Clone, clap::Args)]
pub struct LimitArgs {
    /// The largest file read, in MB.
    #[arg(long, env = "IMPACTMONITOR_MAX_FILE_MB", default_value_t = Limits::default().file_bytes / MIB)]
    pub max_file_mb: u64,
    /// The most an XLSX workbook may unpack to, in MB.
    #[arg(long, env = "IMPACTMONITOR_MAX_UNPACKED_MB", default_value_t = Limits::default().unpacked_bytes / MIB)]
    pub max_unpacked_mb: u64,
    /// The most an XLSX workbook may unpack to, as a multiple of its own size.
    #[arg(long, env = "IMPACTMONITOR_MAX_UNPACK_RATIO", default_value_t = Limits::default().unpack_ratio)]
    pub max_unpack_ratio: u64,
    /// The most data rows of one file or sheet.
    #[arg(long, env = "IMPACTMONITOR_MAX_ROWS", default_value_t = Limits::default().rows)]
    pub max_rows: u64,
    /// The most columns of one file or sheet.
    #[arg(long, env = "IMPACTMONITOR_MAX_COLUMNS", default_value_t = Limits::default().columns)]
    pub max_columns: u64,
    /// The longest value of one cell, in characters.
    #[arg(long, env = "IMPACTMONITOR_MAX_FIELD_CHARS", default_value_t = Limits::default().field_chars)]
    pub max_field_chars: u64,
    /// The longest line of a CSV file, in KB.
    #[arg(long, env = "IMPACTMONITOR_MAX_LINE_KB", default_value_t = Limits::default().line_bytes / 1024)]
    pub max_line_kb: u64,
    /// The row errors listed per file; the rest are counted.
    #[arg(long, env = "IMPACTMONITOR_MAX_ERRORS", default_value_t = Limits::default().errors_listed)]
    pub max_errors: usize,
    /// The first date a file or form may give.
    #[arg(long, env = "IMPACTMONITOR_EARLIEST_DATE", default_value_t = DateBounds::default().earliest, value_parser = earliest)]
    pub earliest_date: domain::Date,
    /// How many years after today a date may lie.
    #[arg(long, env = "IMPACTMONITOR_YEARS_AHEAD", default_value_t = 1)]
    pub years_ahead: u32,
}

fn earliest(raw: &str) -> Result<domain::Date, String> {
    domain::parse_date(raw).map_err(|e| format!("{raw:?}: {e}"))
}

impl LimitArgs {
    /// The limits these options set.
    pub fn limits(&self) -> Limits {
        let today = chrono::Local::now().date_naive();
        Limits {
            file_bytes: self.max_file_mb.saturating_mul(MIB),
            unpacked_bytes: self.max_unpacked_mb.saturating_mul(MIB),
            unpack_ratio: self.max_unpack_ratio,
            rows: self.max_rows,
            columns: self.max_columns,
            field_chars: self.max_field_chars,
            line_bytes: self.max_line_kb.saturating_mul(1024),
            errors_listed: self.max_errors,
            dates: DateBounds::new(self.earliest_date, today, self.years_ahead),
        }
    }
}
