//! Identifiers: organisation codes, CBS region codes, the organisation's own
//! ids, and client pseudonyms.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

fn clean(raw: &str) -> Result<&str, Problem> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(Problem::Missing);
    }
    Ok(s)
}

/// The short code of an organisation (tenant), e.g. `deschans`: lower-case
/// letters, digits, `_` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct OrganisationCode(String);

impl OrganisationCode {
    /// Parses a code in any case; it is kept in lower case.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = clean(raw)?.to_lowercase();
        let ok = s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            return Err(Problem::BadForm {
                expected: "a short code of letters, digits, _ or -",
            });
        }
        Ok(Self(s))
    }
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owner the installation's public statistics (a CBS table, a GGD
    /// or Leefbarometer file) hold while they are read and stored: no
    /// organisation's, never stored and never shown; every organisation
    /// working for a region reads them as its own.
    pub fn installation() -> Self {
        Self("installation".into())
    }
}

impl fmt::Display for OrganisationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A CBS municipality code, `GM` and four digits (Westerkwartier: `GM1969`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MunicipalityCode(String);

impl MunicipalityCode {
    /// Parses `GM1969` in any case.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = clean(raw)?.to_uppercase();
        if s.len() == 6 && s.starts_with("GM") && s[2..].bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(s))
        } else {
            Err(Problem::BadForm {
                expected: "GM and four digits, e.g. GM1969",
            })
        }
    }
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A region that context statistics are about: a CBS code (`NL01`, `PV20`,
/// `GM1969`, `WK196900`, `BU19690000`) or one of the organisation's areas by
/// name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a CBS region code in any case; `None` when the value is not of
    /// a CBS form (it may then name an area).
    pub fn parse_cbs(raw: &str) -> Option<Self> {
        let s = raw.trim().to_uppercase();
        let digits = |n: usize| s.len() == 2 + n && s[2..].bytes().all(|b| b.is_ascii_digit());
        let ok = match s.get(..2) {
            Some("NL") | Some("PV") | Some("LD") => digits(2),
            Some("GM") => digits(4),
            Some("WK") => digits(6),
            Some("BU") => digits(8),
            _ => false,
        };
        ok.then_some(Self(s))
    }
    /// A region that is an area of the organisation, by its name.
    pub fn area(name: &crate::AreaName) -> Self {
        Self(name.as_str().to_string())
    }
    /// The code as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An id the organisation gives its own records (registration, goal,
/// effort, partner, theme, survey, …): any text without line breaks or `|`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Id(String);

impl Id {
    /// Parses an id; surrounding spaces are dropped.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = clean(raw)?;
        if s.len() > 200 || s.contains('|') || s.chars().any(char::is_control) {
            return Err(Problem::BadForm {
                expected: "an id without | or line breaks, at most 200 characters",
            });
        }
        Ok(Self(s.to_string()))
    }
    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The pseudonym of a client: the keyed hash (HMAC-SHA256, 64 hex digits)
/// of the client code the registration system gave. The code itself is never
/// stored; the same code always gives the same pseudonym in one installation,
/// so distinct clients can be counted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ClientPseudonym(String);

impl ClientPseudonym {
    /// Accepts 64 hexadecimal digits (as an export writes them).
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = clean(raw)?.to_lowercase();
        if s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(Self(s))
        } else {
            Err(Problem::BadForm {
                expected: "a pseudonym of 64 hexadecimal digits",
            })
        }
    }
    /// The pseudonym as 64 lower-case hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn municipality_code_has_its_form() {
        assert_eq!(
            MunicipalityCode::parse("gm1969").unwrap().as_str(),
            "GM1969"
        );
        assert!(MunicipalityCode::parse("1969").is_err());
        assert!(MunicipalityCode::parse("GM19690").is_err());
    }

    #[test]
    fn region_codes_of_every_level() {
        for ok in ["NL01", "PV20", "GM0114", "WK196900", "BU19690000"] {
            assert!(RegionCode::parse_cbs(ok).is_some(), "{ok}");
        }
        for bad in ["Leek", "PV2", "GM114", ""] {
            assert!(RegionCode::parse_cbs(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn ids_refuse_list_separators() {
        assert!(Id::parse("r|1").is_err());
        assert_eq!(Id::parse(" r1 ").unwrap().as_str(), "r1");
        assert_eq!(Id::parse(""), Err(Problem::Missing));
    }
}
