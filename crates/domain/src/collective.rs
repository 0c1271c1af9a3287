//! Collective activities, registered per activity, group and period.

use crate::coded::Coded;
use crate::codes::{Id, OrganisationCode};
use crate::date::Date;
use crate::din::Nature;
use crate::number::Decimal;
use crate::organisation::AreaName;
use crate::problem::{Field, Problem};
use crate::score::GroupStrength;
use crate::vocabulary::PgDimension;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Deref;

/// Whether an activity ran, has no data, or is still planned. "Not
/// available" and "planned" are states, never zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CollectiveStatus {
    /// Actief: ran, figures given.
    Active,
    /// Niet beschikbaar: ran, but no data.
    NotAvailable,
    /// Gepland: starts later.
    Planned,
}

impl Coded for CollectiveStatus {
    const ALL: &'static [Self] = &[Self::Active, Self::NotAvailable, Self::Planned];
    fn code(self) -> &'static str {
        match self {
            Self::Active => "actief",
            Self::NotAvailable => "niet_beschikbaar",
            Self::Planned => "gepland",
        }
    }
}

/// Average participants per meeting: a number, or a range such as `4-5`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Participants {
    /// One average, e.g. 27.
    Average(Decimal),
    /// A range, e.g. 4–5.
    Range(Decimal, Decimal),
}

impl Participants {
    /// Parses `27`, `4,5` or `4-5`; never negative, a range low to high.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim();
        let value = match s.split_once('-') {
            Some((lo, hi)) if !lo.trim().is_empty() => {
                let (lo, hi) = (Decimal::parse(lo)?, Decimal::parse(hi)?);
                if hi.value() < lo.value() {
                    return Err(Problem::BadForm {
                        expected: "a range from low to high, e.g. 4-5",
                    });
                }
                Self::Range(lo, hi)
            }
            _ => Self::Average(Decimal::parse(s)?),
        };
        let low = match &value {
            Self::Average(d) | Self::Range(d, _) => d,
        };
        if low.is_negative() {
            return Err(Problem::Negative);
        }
        Ok(value)
    }
}

impl fmt::Display for Participants {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Average(d) => write!(f, "{d}"),
            Self::Range(lo, hi) => write!(f, "{lo}-{hi}"),
        }
    }
}

/// The fields of a collective activity period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectiveFields {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The effort id of the activity in the DIN.
    pub activity: Id,
    /// The area where it ran.
    pub area: Option<AreaName>,
    /// The group, when the activity runs several.
    pub group: Option<String>,
    /// First day of the period.
    pub period_start: Date,
    /// Last day of the period.
    pub period_end: Date,
    /// Bijeenkomsten held.
    pub meetings: Option<u32>,
    /// Participants in total.
    pub participants_total: Option<u32>,
    /// Participants per meeting.
    pub participants_avg: Option<Participants>,
    /// Preventive, curative or both.
    pub nature: Option<Nature>,
    /// PG dimensions it serves.
    pub pg_dimensions: Vec<PgDimension>,
    /// Kracht van de groep at the start.
    pub strength_start: Option<GroupStrength>,
    /// Kracht van de groep at the end.
    pub strength_end: Option<GroupStrength>,
    /// Active, not available or planned.
    pub status: CollectiveStatus,
}

/// A collective activity period whose period ends on or after its start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectivePeriod(CollectiveFields);

impl CollectivePeriod {
    /// Checks that the period does not end before it starts.
    pub fn new(f: CollectiveFields) -> Result<Self, Vec<(Field, Problem)>> {
        if f.period_end < f.period_start {
            return Err(vec![(
                Field::Named("period_end"),
                Problem::BeforeStart {
                    start: "period_start",
                },
            )]);
        }
        Ok(Self(f))
    }
}

impl Deref for CollectivePeriod {
    type Target = CollectiveFields;
    fn deref(&self) -> &CollectiveFields {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_as_number_or_range() {
        assert_eq!(Participants::parse("4-5").unwrap().to_string(), "4-5");
        assert_eq!(Participants::parse("13,5").unwrap().to_string(), "13.5");
        assert!(Participants::parse("5-4").is_err());
        assert_eq!(Participants::parse("-3"), Err(Problem::Negative));
    }
}
