//! Closed lists of codes fixed by the interchange format (support form, goal
//! type, sector, …): parsed by code or Dutch name through [`fold`].

use crate::fold::fold;
use crate::problem::Problem;

/// A value from a closed list with one canonical code each.
pub trait Coded: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The canonical code written in files.
    fn code(self) -> &'static str;
    /// Other spellings accepted on import (already folded).
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
    /// Parses a code or alias in any case, with or without accents,
    /// hyphens or `&`.
    fn parse(raw: &str) -> Result<Self, Problem> {
        if let Some(exact) = Self::ALL.iter().copied().find(|v| v.code() == raw) {
            return Ok(exact); // the canonical code, as exports write it
        }
        let wanted = fold(raw);
        if wanted.is_empty() {
            return Err(Problem::Missing);
        }
        Self::ALL
            .iter()
            .copied()
            .find(|v| fold(v.code()) == wanted || v.aliases().contains(&wanted.as_str()))
            .ok_or_else(|| Problem::UnknownCode {
                allowed: Self::allowed(),
            })
    }
    /// The list of codes, for messages.
    fn allowed() -> String {
        Self::ALL
            .iter()
            .map(|v| v.code())
            .collect::<Vec<_>>()
            .join(", ")
    }
}
