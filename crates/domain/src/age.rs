//! Age without a date of birth: an age group or a birth year.

use crate::coded::Coded;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};

/// The age groups of the monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AgeGroup {
    /// 0–17: a minor.
    Under18,
    /// 18–26.
    From18To26,
    /// 27–55.
    From27To55,
    /// 56–66.
    From56To66,
    /// 67 and older.
    From67,
}

impl Coded for AgeGroup {
    const ALL: &'static [Self] = &[
        Self::Under18,
        Self::From18To26,
        Self::From27To55,
        Self::From56To66,
        Self::From67,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Under18 => "0-17",
            Self::From18To26 => "18-26",
            Self::From27To55 => "27-55",
            Self::From56To66 => "56-66",
            Self::From67 => "67+",
        }
    }
    fn parse(raw: &str) -> Result<Self, Problem> {
        let wanted: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        let wanted = wanted.replace(['–', '—'], "-");
        if wanted.is_empty() {
            return Err(Problem::Missing);
        }
        Self::ALL
            .iter()
            .copied()
            .find(|g| g.code() == wanted)
            .ok_or_else(|| Problem::UnknownCode {
                allowed: Self::allowed(),
            })
    }
}

impl AgeGroup {
    /// The group an age in whole years falls in.
    pub fn of_age(age: i32) -> Self {
        match age {
            i32::MIN..=17 => Self::Under18,
            18..=26 => Self::From18To26,
            27..=55 => Self::From27To55,
            56..=66 => Self::From56To66,
            _ => Self::From67,
        }
    }
    /// Whether the group is of adults (not `0-17`).
    pub fn is_adult(self) -> bool {
        self != Self::Under18
    }
}

/// A birth year, four digits, not after `this_year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BirthYear(i32);

impl BirthYear {
    /// Parses four digits between 1880 and 2199.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(Problem::Missing);
        }
        match s.parse::<i32>() {
            Ok(y) if s.len() == 4 && (1880..2200).contains(&y) => Ok(Self(y)),
            _ => Err(Problem::BadBirthYear),
        }
    }
    /// The year.
    pub fn get(self) -> i32 {
        self.0
    }
    /// The age in the year of `year` as the monitor counts it: that year
    /// minus the birth year (DOMAIN.md §4, "Adult").
    pub fn age_in(self, year: i32) -> i32 {
        year - self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_groups_by_code_and_age() {
        assert_eq!(AgeGroup::parse("67+"), Ok(AgeGroup::From67));
        assert_eq!(AgeGroup::parse(" 0 - 17"), Ok(AgeGroup::Under18));
        assert!(AgeGroup::parse("18-25").is_err());
        assert_eq!(AgeGroup::of_age(17), AgeGroup::Under18);
        assert_eq!(AgeGroup::of_age(18), AgeGroup::From18To26);
        assert_eq!(AgeGroup::of_age(67), AgeGroup::From67);
    }

    #[test]
    fn birth_year_is_four_digits() {
        assert_eq!(BirthYear::parse("1980").unwrap().age_in(2022), 42);
        assert_eq!(
            BirthYear::parse("80"),
            Err(BirthYear::parse("x").unwrap_err())
        );
    }
}
