//! How a source writes its dates, and turning them into the interchange
//! form `YYYY-MM-DD`.

use domain::{Date, Problem};
use serde::{Deserialize, Serialize};

/// The way a source writes dates. Every way also takes `YYYY-MM-DD`
/// (a workbook's date cells are read in that form) and a time after the
/// date (`03-02-2022 10:15`), which is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DateFormat {
    /// Day first: `03-02-2022`, `3-2-2022`, `03/02/2022`, `03.02.2022`.
    #[default]
    #[serde(rename = "dd-mm-jjjj")]
    DayFirst,
    /// Month first, as American software writes: `02/03/2022`.
    #[serde(rename = "mm-dd-jjjj")]
    MonthFirst,
    /// `2022-02-03` only.
    #[serde(rename = "jjjj-mm-dd")]
    Iso,
    /// Excel's day numbers (44595 for 3 February 2022), as a spreadsheet
    /// saved as CSV writes a date cell without its format.
    #[serde(rename = "excel")]
    ExcelSerial,
}

impl DateFormat {
    /// Every format, in the order a page offers them.
    pub const ALL: &'static [Self] = &[
        Self::DayFirst,
        Self::MonthFirst,
        Self::Iso,
        Self::ExcelSerial,
    ];

    /// The code written in a mapping file.
    pub fn code(self) -> &'static str {
        match self {
            Self::DayFirst => "dd-mm-jjjj",
            Self::MonthFirst => "mm-dd-jjjj",
            Self::Iso => "jjjj-mm-dd",
            Self::ExcelSerial => "excel",
        }
    }

    /// The format by its code.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.code() == code)
    }

    /// The date a value gives, or why it gives none.
    pub fn read(self, raw: &str) -> Result<Date, Problem> {
        let value = raw.trim();
        let value = value.split([' ', 'T']).next().unwrap_or(value);
        if let Some(date) = iso(value)? {
            return Ok(date);
        }
        match self {
            Self::Iso => Err(Problem::NotADate),
            Self::DayFirst => parts(value).map(|[d, m, y]| ymd(y, m, d))?,
            Self::MonthFirst => parts(value).map(|[m, d, y]| ymd(y, m, d))?,
            Self::ExcelSerial => excel(value),
        }
    }

    /// The formats every one of `values` is read by (an empty list when
    /// none reads them all).
    pub fn reading(values: &[&str]) -> Vec<Self> {
        Self::ALL
            .iter()
            .copied()
            .filter(|f| {
                values
                    .iter()
                    .all(|v| v.trim().is_empty() || f.read(v).is_ok())
            })
            .collect()
    }
}

/// `YYYY-MM-DD`: `None` when the value has another shape.
fn iso(value: &str) -> Result<Option<Date>, Problem> {
    let p: Vec<&str> = value.split('-').collect();
    match p.as_slice() {
        [y, m, d]
            if y.len() == 4
                && digits(y)
                && digits(m)
                && digits(d)
                && m.len() <= 2
                && d.len() <= 2 =>
        {
            ymd(y, m, d).map(Some)
        }
        _ => Ok(None),
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Three parts separated by `-`, `/` or `.`, the last a four-digit year.
fn parts(value: &str) -> Result<[&str; 3], Problem> {
    let p: Vec<&str> = value.split(['-', '/', '.']).collect();
    match p.as_slice() {
        [a, b, y]
            if digits(a)
                && digits(b)
                && a.len() <= 2
                && b.len() <= 2
                && y.len() == 4
                && digits(y) =>
        {
            Ok([*a, *b, *y])
        }
        _ => Err(Problem::NotADate),
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Result<Date, Problem> {
    let n = |s: &str| s.parse::<u32>().unwrap_or(0);
    Date::from_ymd_opt(n(y) as i32, n(m), n(d)).ok_or(Problem::NoSuchDate)
}

/// Excel's serial day: days since 30 December 1899 (Excel counts a 29
/// February 1900 that never was, so the day numbers after it line up
/// with this start).
fn excel(value: &str) -> Result<Date, Problem> {
    let whole = value.split([',', '.']).next().unwrap_or(value);
    if !digits(whole) || whole.len() > 6 {
        return Err(Problem::NotADate);
    }
    let days: i64 = whole.parse().map_err(|_| Problem::NotADate)?;
    let start = Date::from_ymd_opt(1899, 12, 30).ok_or(Problem::NotADate)?;
    start
        .checked_add_signed(chrono::Duration::days(days))
        .ok_or(Problem::NoSuchDate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_format_reads_its_own_dates_and_iso() {
        let feb3 = day(2022, 2, 3);
        assert_eq!(DateFormat::DayFirst.read("03-02-2022"), Ok(feb3));
        assert_eq!(DateFormat::DayFirst.read("3/2/2022 10:15"), Ok(feb3));
        assert_eq!(DateFormat::DayFirst.read("2022-02-03"), Ok(feb3));
        assert_eq!(DateFormat::MonthFirst.read("02/03/2022"), Ok(feb3));
        assert_eq!(DateFormat::ExcelSerial.read("44595"), Ok(feb3));
        assert_eq!(DateFormat::Iso.read("03-02-2022"), Err(Problem::NotADate));
        assert_eq!(
            DateFormat::DayFirst.read("31-02-2022"),
            Err(Problem::NoSuchDate)
        );
        assert_eq!(
            DateFormat::DayFirst.read("gisteren"),
            Err(Problem::NotADate)
        );
    }

    #[test]
    fn tells_which_formats_read_a_column() {
        assert_eq!(
            DateFormat::reading(&["13-02-2022", "2022-03-01", ""]),
            vec![DateFormat::DayFirst]
        );
        assert_eq!(
            DateFormat::reading(&["44595"]),
            vec![DateFormat::ExcelSerial]
        );
    }
}
