//! Decimal numbers kept exactly as published: "4.4" stays 4.4 with one
//! decimal, so a comparison can respect the decimals a source publishes.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A decimal number in canonical text form (`-12.50` → `-12.50`, `4,4` →
/// `4.4`): digits with an optional sign and a `.` before the decimals.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Decimal(String);

impl Decimal {
    /// Parses a number with `.` or `,` as the decimal separator.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim().replace(',', ".");
        if s.is_empty() {
            return Err(Problem::Missing);
        }
        let body = s.strip_prefix('-').unwrap_or(&s);
        let mut parts = body.split('.');
        let whole = parts.next().unwrap_or("");
        let frac = parts.next();
        let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        let ok = parts.next().is_none() && all_digits(whole) && frac.is_none_or(all_digits);
        if !ok || body.len() > 30 {
            return Err(Problem::NotANumber);
        }
        Ok(Self(s))
    }
    /// A decimal from a whole number.
    pub fn from_int(n: i64) -> Self {
        Self(n.to_string())
    }
    /// The value as a float, for computation.
    pub fn value(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
    /// The number of decimals written.
    pub fn decimals(&self) -> usize {
        self.0.split_once('.').map_or(0, |(_, f)| f.len())
    }
    /// Whether the number is below zero.
    pub fn is_negative(&self) -> bool {
        self.value() < 0.0
    }
    /// The canonical text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_decimals_and_accepts_a_comma() {
        let d = Decimal::parse("4,40").unwrap();
        assert_eq!(d.as_str(), "4.40");
        assert_eq!(d.decimals(), 2);
        assert_eq!(Decimal::parse("-3").unwrap().value(), -3.0);
        for bad in ["", "4.4.4", "1e5", "abc", ".5", "5."] {
            assert!(Decimal::parse(bad).is_err(), "{bad}");
        }
    }
}
