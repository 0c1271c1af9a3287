//! Organisations (tenants), the municipalities they work for, and their
//! areas.

use crate::codes::{MunicipalityCode, OrganisationCode};
use crate::fold::fold;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};

/// The name of an area (gebied, kern, wijk), e.g. "Leek", as the
/// organisation spells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AreaName(String);

impl AreaName {
    /// Parses a name; surrounding spaces are dropped.
    pub fn parse(raw: &str) -> Result<Self, Problem> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(Problem::Missing);
        }
        if s.contains('|') || s.chars().any(char::is_control) || s.len() > 200 {
            return Err(Problem::BadForm {
                expected: "an area name without | or line breaks",
            });
        }
        Ok(Self(s.to_string()))
    }
    /// The name as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether `raw` names this area (any case, accents or hyphens).
    pub fn is_named(&self, raw: &str) -> bool {
        fold(&self.0) == fold(raw)
    }
}

/// A social-work organisation: one tenant of the installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// Its short code, e.g. `deschans`.
    pub code: OrganisationCode,
    /// Its name, e.g. "Sociaal Werk De Schans".
    pub name: String,
    /// The municipalities it works for (at least one).
    pub municipalities: Vec<MunicipalityCode>,
    /// Its areas, e.g. Leek, Marum, Grootegast, Zuidhorn.
    pub areas: Vec<AreaName>,
}

impl Organisation {
    /// The organisation's area named `raw` in any spelling.
    pub fn area(&self, raw: &str) -> Result<AreaName, Problem> {
        if let Some(exact) = self.areas.iter().find(|a| a.as_str() == raw) {
            return Ok(exact.clone());
        }
        self.areas
            .iter()
            .find(|a| a.is_named(raw))
            .cloned()
            .ok_or(Problem::Unknown {
                what: "area of this organisation",
            })
    }
    /// Whether it works for the municipality.
    pub fn works_for(&self, municipality: &MunicipalityCode) -> bool {
        self.municipalities.contains(municipality)
    }
}
