//! Context statistics: public figures for a region and period.

use crate::codes::{Id, OrganisationCode, RegionCode};
use crate::date::{format_date, parse_date, Date};
use crate::number::Decimal;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The period a statistic is about: a year, or a reference date (e.g. the
/// population on 1 January).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A reference date.
    Date(Date),
}

impl Period {
    /// Parses `2021` or a date.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(Problem::Missing);
        }
        if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Year(s.parse().unwrap_or_default()));
        }
        parse_date(s).map(Self::Date)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y}"),
            Self::Date(d) => f.write_str(&format_date(*d)),
        }
    }
}

/// One value of a context indicator for a region and period. A value the
/// source marks missing or secret stays missing, never 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextValue {
    /// The organisation whose monitor uses it.
    pub organisation: OrganisationCode,
    /// The indicator, e.g. `huishoudens_laag_inkomen`.
    pub indicator: Id,
    /// The region: CBS code or area.
    pub region: RegionCode,
    /// The region's name as the source gives it.
    pub region_name: Option<String>,
    /// The period.
    pub period: Period,
    /// The value, with the decimals the source publishes; `None` when missing.
    pub value: Option<Decimal>,
    /// The unit: `%`, `per 1000`, `aantal`, …
    pub unit: Option<String>,
    /// The source, e.g. "CBS".
    pub source: Option<String>,
    /// The source's table id, e.g. `85984NED`.
    pub table_id: Option<String>,
}
