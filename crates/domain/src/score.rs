//! Scores on 1–5 scales: the self-sufficiency matrix and group strength.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

fn one_to_five(raw: &str) -> Result<u8, Problem> {
    let n: i64 = raw.trim().parse().map_err(|_| Problem::NotAWholeNumber)?;
    if (1..=5).contains(&n) {
        Ok(n as u8)
    } else {
        Err(Problem::ScoreOutOfRange)
    }
}

/// A ZRM score: 1 acute problematiek, 2 niet zelfredzaam, 3 beperkt
/// zelfredzaam, 4 voldoende zelfredzaam, 5 volledig zelfredzaam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ZrmScore(u8);

impl ZrmScore {
    /// Parses a whole number 1–5.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        one_to_five(raw).map(Self)
    }
    /// A score from a stored number.
    pub fn new(n: i64) -> Result<Self, Problem> {
        one_to_five(&n.to_string()).map(Self)
    }
    /// The score as a number.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// Group strength (kracht van de groep): 1 de groep kan het niet zelf …
/// 5 volledig zelfstandig.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GroupStrength(u8);

impl GroupStrength {
    /// Parses a whole number 1–5.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        one_to_five(raw).map(Self)
    }
    /// The strength as a number.
    pub fn get(self) -> u8 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_one_to_five() {
        assert_eq!(ZrmScore::parse("3").unwrap().get(), 3);
        assert_eq!(ZrmScore::parse("0"), Err(Problem::ScoreOutOfRange));
        assert_eq!(ZrmScore::parse("6"), Err(Problem::ScoreOutOfRange));
        assert_eq!(ZrmScore::parse("3.5"), Err(Problem::NotAWholeNumber));
        assert_eq!(GroupStrength::parse("5").unwrap().get(), 5);
    }
}
