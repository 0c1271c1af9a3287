//! CBS StatLine data as CBS publishes it, read without editing the file:
//! the StatLine web "CSV export" (labels, `;`, decimal comma, BOM),
//! OData v3 `TypedDataSet` feeds (padded codes, `2021JJ00` periods) and
//! OData v4 `Observations` with their code lists (unpadded codes,
//! `ValueAttribute`). See `tests/fixtures/cbs/README.md` for the quirks of
//! each format. Bytes in, values out: which value becomes which indicator
//! for which region is the importer's business.

pub mod boundaries;
pub mod odata;
pub mod statline;

use domain::{Decimal, Period};
use std::fmt;

/// A number as CBS publishes it, or the reason it is not there. A missing
/// value stays missing, never 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    /// A value, with the decimals CBS published; `provisional` when marked
    /// `*` (voorlopig).
    Value {
        /// The number as published.
        value: Decimal,
        /// Marked provisional.
        provisional: bool,
    },
    /// Not there, and why.
    Missing(Missing),
}

/// Why CBS gives no number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// `.`: unknown, not reliable enough, or secret.
    Secret,
    /// Blank: cannot occur, or not published (yet).
    Blank,
    /// OData's `ValueAttribute` `Impossible`: cannot occur.
    Impossible,
}

impl Published {
    /// The value, when there is one.
    pub fn value(&self) -> Option<&Decimal> {
        match self {
            Self::Value { value, .. } => Some(value),
            Self::Missing(_) => None,
        }
    }
}

/// A CBS file that cannot be read as the format it claims, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {reason}")]
pub struct CbsError {
    /// Where: `line 14`, `value 3`, or `file`.
    pub place: String,
    /// What is wrong.
    pub reason: String,
}

impl CbsError {
    pub(crate) fn file(reason: impl Into<String>) -> Self {
        Self {
            place: "file".into(),
            reason: reason.into(),
        }
    }
}

/// The CBS formats this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CbsFormat {
    /// The StatLine web "CSV export".
    StatlineCsv,
    /// An OData v3 `TypedDataSet` (JSON with `odata.metadata`).
    TypedDataSet,
    /// OData v4 `Observations` (JSON with `@odata.context …#Observations`).
    Observations,
    /// An OData v4 code list (`…#RegioSCodes`, `…#MeasureCodes`, …).
    Codes,
    /// An OData v3 `DataProperties` list (the topics of a table, as
    /// Python's `cbsodata` saves it).
    DataProperties,
    /// An OData v3 `TableInfos` list (the table's id and title).
    TableInfos,
    /// OData v4 `Properties` of a table (its id, title, licence).
    Properties,
    /// OData v4 `Dimensions` of a table.
    Dimensions,
    /// A file beside the tables of a download folder that holds none (a
    /// manifest, metadata this version does not use): read, stores nothing.
    Beside,
    /// The Wijk- en buurtkaart as GeoJSON: the outlines of regions.
    Boundaries,
}

impl fmt::Display for CbsFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::StatlineCsv => "StatLine CSV export",
            Self::TypedDataSet => "OData v3 TypedDataSet",
            Self::Observations => "OData v4 Observations",
            Self::Codes => "OData v4 code list",
            Self::DataProperties => "OData v3 DataProperties",
            Self::TableInfos => "OData v3 TableInfos",
            Self::Properties => "OData v4 Properties",
            Self::Dimensions => "OData v4 Dimensions",
            Self::Beside => "a file beside the tables",
            Self::Boundaries => "Wijk- en buurtkaart (GeoJSON)",
        })
    }
}

/// What an OData v4 document is, from its `@odata.context`
/// (`…/$metadata#Observations` → `Observations`).
fn v4_context(head: &str) -> Option<&str> {
    let at = head.find("\"@odata.context\"")?;
    let rest = &head[at..];
    let hash = rest.find("$metadata#")? + "$metadata#".len();
    let end = rest[hash..].find('"')?;
    Some(&rest[hash..hash + end])
}

/// Which CBS format the bytes are, judged by their first kilobyte; `None`
/// when they are none of them.
pub fn detect(bytes: &[u8]) -> Option<CbsFormat> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with('{') {
        if head.contains("\"odata.metadata\"") && head.contains("TypedDataSet") {
            return Some(CbsFormat::TypedDataSet);
        }
        if head.contains("\"FeatureCollection\"") && head.contains("\"statcode\"") {
            return Some(CbsFormat::Boundaries);
        }
        return v4_context(head).and_then(|fragment| match fragment {
            "Observations" => Some(CbsFormat::Observations),
            "Properties" => Some(CbsFormat::Properties),
            "Dimensions" => Some(CbsFormat::Dimensions),
            f if f.ends_with("Codes") => Some(CbsFormat::Codes),
            _ => None,
        });
    }
    if head.starts_with('[') {
        if head.contains("\"Type\"") && head.contains("\"Key\"") {
            return Some(CbsFormat::DataProperties);
        }
        if head.contains("\"Identifier\"") && head.contains("\"ShortTitle\"") {
            return Some(CbsFormat::TableInfos);
        }
        return None;
    }
    let first_line = head.lines().next().unwrap_or("");
    let statline = first_line.contains(';')
        && first_line.starts_with('"')
        && statline::is_statline_header(first_line);
    statline.then_some(CbsFormat::StatlineCsv)
}

/// A CBS period: `2021JJ00` (OData, a year), or `2021` / `2021*` (StatLine
/// labels); `None` for months, quarters and other periods.
pub fn period(code: &str) -> Option<Period> {
    let code = code.trim().trim_end_matches('*').trim();
    let year = match code.len() {
        4 => code,
        8 if &code[4..] == "JJ00" => &code[..4],
        _ => return None,
    };
    year.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| Period::Year(year.parse().unwrap_or_default()))
}

/// The table id in an OData address: `…/OData/84489NED/$metadata#…` or
/// `…/CBS/03759ned/$metadata#…` → `84489NED`, `03759ned`.
pub fn table_id(address: &str) -> Option<String> {
    let before = address.split("/$metadata").next()?;
    let id = before.rsplit('/').next()?;
    (!id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| id.to_string())
}

/// Parses a published cell: a number with `,` or `.` as the decimal
/// separator, optionally marked `*` (provisional); `.` (secret or unknown);
/// blank. Anything else is an error.
pub fn published(raw: &str) -> Result<Published, String> {
    let text = raw.trim();
    match text {
        "" => return Ok(Published::Missing(Missing::Blank)),
        "." => return Ok(Published::Missing(Missing::Secret)),
        _ => {}
    }
    let provisional = text.ends_with('*') || text.starts_with('*');
    let number = text.trim_matches('*').trim();
    Decimal::parse(number)
        .map(|value| Published::Value { value, provisional })
        .map_err(|_| format!("{raw:?} is not a number, `.` or blank"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_and_table_ids() {
        assert_eq!(period("2021JJ00"), Some(Period::Year(2021)));
        assert_eq!(period("2025"), Some(Period::Year(2025)));
        assert_eq!(period("2024*"), Some(Period::Year(2024)));
        assert_eq!(period("2021KW01"), None);
        assert_eq!(period("2021MM03"), None);
        assert_eq!(
            table_id("https://opendata.cbs.nl/ODataApi/OData/84489NED/$metadata#Cbs.OData.WebAPI.TypedDataSet").as_deref(),
            Some("84489NED")
        );
        assert_eq!(
            table_id("https://datasets.cbs.nl/odata/v1/CBS/03759ned/$metadata#Observations")
                .as_deref(),
            Some("03759ned")
        );
    }

    #[test]
    fn cells_as_published() {
        let value = |s: &str| {
            published(s)
                .unwrap()
                .value()
                .map(|d| d.as_str().to_string())
        };
        assert_eq!(value("4,4").as_deref(), Some("4.4"));
        assert_eq!(value("64896").as_deref(), Some("64896"));
        assert_eq!(published(".").unwrap(), Published::Missing(Missing::Secret));
        assert_eq!(published("  ").unwrap(), Published::Missing(Missing::Blank));
        assert!(matches!(
            published("12,5*").unwrap(),
            Published::Value {
                provisional: true,
                ..
            }
        ));
        assert!(published("x").is_err());
    }
}
