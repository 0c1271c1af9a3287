//! Reference data seeded by a migration: the ZRM domains and the Positive
//! Health dimensions. They are data (a versioned list in the store), not
//! Rust enums; a [`Vocabulary`] is the list a value is checked against.

use crate::fold::fold;
use crate::problem::Problem;
use serde::{Deserialize, Serialize};

/// One entry of a reference list: its code, its Dutch display name and other
/// accepted spellings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceItem {
    /// The code written in files, e.g. `werk_opleiding`.
    pub code: String,
    /// The Dutch name shown to users, e.g. "Werk & opleiding".
    pub name: String,
    /// Further accepted names, e.g. "Ouderschap".
    pub aliases: Vec<String>,
}

impl ReferenceItem {
    fn matches(&self, folded: &str) -> bool {
        fold(&self.code) == folded
            || fold(&self.name) == folded
            || self.aliases.iter().any(|a| fold(a) == folded)
    }
}

/// A ZRM domain code known to the vocabulary, e.g. `geestelijke_gezondheid`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ZrmDomain(String);

impl ZrmDomain {
    /// A code the store vouches for: it was checked against the vocabulary
    /// when it was stored, and the store's reference table keeps it there.
    pub fn known(code: &str) -> Self {
        Self(code.to_string())
    }
    /// The canonical code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Positive Health dimension code known to the vocabulary, e.g. `meedoen`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PgDimension(String);

impl PgDimension {
    /// A code the store vouches for (see [`ZrmDomain::known`]).
    pub fn known(code: &str) -> Self {
        Self(code.to_string())
    }
    /// The canonical code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The reference lists in force: which ZRM domains and PG dimensions exist.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vocabulary {
    /// The ZRM domains, in display order.
    pub zrm_domains: Vec<ReferenceItem>,
    /// The Positive Health dimensions, in display order.
    pub pg_dimensions: Vec<ReferenceItem>,
}

fn lookup<'a>(items: &'a [ReferenceItem], raw: &str) -> Result<&'a ReferenceItem, Problem> {
    if let Some(item) = items.iter().find(|i| i.code == raw) {
        return Ok(item); // the canonical code, as exports write it
    }
    let folded = fold(raw);
    if folded.is_empty() {
        return Err(Problem::Missing);
    }
    items
        .iter()
        .find(|i| i.matches(&folded))
        .ok_or_else(|| Problem::UnknownCode {
            allowed: items
                .iter()
                .map(|i| i.code.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

impl Vocabulary {
    /// Finds a ZRM domain by code or Dutch name, in any spelling.
    pub fn zrm_domain(&self, raw: &str) -> Result<ZrmDomain, Problem> {
        lookup(&self.zrm_domains, raw).map(|i| ZrmDomain(i.code.clone()))
    }
    /// Finds a PG dimension by code or Dutch name, in any spelling.
    pub fn pg_dimension(&self, raw: &str) -> Result<PgDimension, Problem> {
        lookup(&self.pg_dimensions, raw).map(|i| PgDimension(i.code.clone()))
    }
    /// The display position of a ZRM domain (for ordering output).
    pub fn zrm_position(&self, domain: &ZrmDomain) -> usize {
        self.zrm_domains
            .iter()
            .position(|i| i.code == domain.0)
            .unwrap_or(usize::MAX)
    }
}

impl AsRef<str> for PgDimension {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let item = |code: &str, name: &str, aliases: &[&str]| ReferenceItem {
            code: code.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        };
        Vocabulary {
            zrm_domains: vec![
                item("werk_opleiding", "Werk & opleiding", &[]),
                item("financien", "Financiën", &[]),
                item(
                    "ouderschap",
                    "Sociaal-emotionele ondersteuning (ouderschap)",
                    &["Ouderschap"],
                ),
            ],
            pg_dimensions: vec![item("meedoen", "Meedoen", &[])],
        }
    }

    #[test]
    fn finds_domains_in_any_spelling() {
        let v = vocabulary();
        for raw in [
            "werk_opleiding",
            "Werk & Opleiding",
            "werk-en-opleiding",
            "WERK OPLEIDING",
        ] {
            assert_eq!(
                v.zrm_domain(raw).unwrap().as_str(),
                "werk_opleiding",
                "{raw}"
            );
        }
        assert_eq!(v.zrm_domain("FINANCIËN").unwrap().as_str(), "financien");
        assert_eq!(v.zrm_domain("ouderschap").unwrap().as_str(), "ouderschap");
        assert_eq!(
            v.zrm_domain("Sociaal emotionele ondersteuning (ouderschap)")
                .unwrap()
                .as_str(),
            "ouderschap"
        );
        assert!(matches!(
            v.zrm_domain("wonen"),
            Err(Problem::UnknownCode { .. })
        ));
        assert_eq!(v.pg_dimension(""), Err(Problem::Missing));
    }
}
