//! Small-cell suppression (DOMAIN.md §6), its words: the audience, the
//! threshold k, a published entry (a count, or hidden with its mark) and a
//! share of two entries. Which cells are hidden is decided for everything
//! an audience can see at once, by the protection.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Who a publication is for, which decides suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Audience {
    /// The organisation's own staff: every count as it is, and the page is
    /// marked as not publishable.
    Staff,
    /// A municipality viewer or the public: counts from 1 to k − 1 are
    /// suppressed, with secondary suppression.
    Public(Threshold),
}

impl Audience {
    /// Whether counts are suppressed for this audience.
    pub fn suppresses(self) -> bool {
        matches!(self, Self::Public(_))
    }

    /// The threshold the audience's tables are laid out for: `None` for
    /// the staff, who see every table as fine as it is.
    pub fn threshold(self) -> Option<Threshold> {
        match self {
            Self::Staff => None,
            Self::Public(k) => Some(k),
        }
    }
}

/// The threshold k: counts from 1 to k − 1 are suppressed. Default 5;
/// configurable per installation, from 2 (k = 1 would suppress nothing) to
/// 100 (above it a social-work organisation's tables would be all marks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Threshold(u64);

/// The lowest threshold an installation may set.
pub const MIN_THRESHOLD: u64 = 2;
/// The highest threshold an installation may set.
pub const MAX_THRESHOLD: u64 = 100;

impl Threshold {
    /// A threshold from 2 to 100; `None` outside.
    pub fn new(k: u64) -> Option<Self> {
        (MIN_THRESHOLD..=MAX_THRESHOLD)
            .contains(&k)
            .then_some(Self(k))
    }

    /// k.
    pub fn get(self) -> u64 {
        self.0
    }

    /// Whether a count must be suppressed on its own: 1 ≤ count < k.
    pub fn is_small(self, count: u64) -> bool {
        (1..self.0).contains(&count)
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Self(5)
    }
}

/// Why a cell is hidden, which decides its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Mark {
    /// Hidden to protect another small count (shown "×", with a footnote
    /// under the table). It says nothing about its own size.
    Secondary,
    /// The count itself is from 1 to k − 1 (shown "< k").
    Primary,
}

impl Mark {
    /// The mark as a program reads it: `primary` or `secondary`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::Secondary => "secondary",
        }
    }
}

/// The sign of a cell hidden only to protect another one (as CBS marks it).
pub const SECONDARY_SIGN: &str = "×";

/// A published entry of a table: the count, or hidden with its mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    /// Shown as it is.
    Count(u64),
    /// Not shown: "< k" when primary, "×" when secondary.
    Hidden(Mark),
}

impl Entry {
    /// The count, when shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Self::Count(n) => Some(n),
            Self::Hidden(_) => None,
        }
    }

    /// The mark, when hidden.
    pub fn mark(self) -> Option<Mark> {
        match self {
            Self::Count(_) => None,
            Self::Hidden(m) => Some(m),
        }
    }

    /// The entry as every renderer writes it: the count, "< k" or "×".
    pub fn text(self, k: Threshold) -> String {
        match self {
            Self::Count(n) => n.to_string(),
            Self::Hidden(Mark::Primary) => format!("< {}", k.get()),
            Self::Hidden(Mark::Secondary) => SECONDARY_SIGN.to_string(),
        }
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Count(n) => write!(f, "{n}"),
            Self::Hidden(m) => write!(f, "suppressed ({})", m.code()),
        }
    }
}

/// A share `numerator / denominator` as it may be published.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Share {
    /// The share, from 0 to 1.
    Shown(f64),
    /// Hidden because its numerator or denominator is; the stronger mark
    /// of the two (a primary count makes it "< k").
    Hidden(Mark),
    /// No denominator (0): nothing to show ("–").
    None,
}

impl Share {
    /// The share when shown.
    pub fn value(self) -> Option<f64> {
        match self {
            Self::Shown(v) => Some(v),
            _ => None,
        }
    }
}

/// A share of two published entries: hidden when either is (it would
/// reveal it), with the stronger mark; none when the denominator is 0.
pub fn share(numerator: Entry, denominator: Entry) -> Share {
    match (numerator, denominator) {
        (Entry::Count(a), Entry::Count(b)) if b > 0 => Share::Shown(a as f64 / b as f64),
        (Entry::Count(_), Entry::Count(_)) => Share::None,
        (a, b) => Share::Hidden(a.mark().max(b.mark()).unwrap_or(Mark::Secondary)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_hidden_counts_carry_the_stronger_mark() {
        assert_eq!(
            share(Entry::Count(174), Entry::Count(274)),
            Share::Shown(174.0 / 274.0)
        );
        assert_eq!(
            share(Entry::Hidden(Mark::Secondary), Entry::Count(274)),
            Share::Hidden(Mark::Secondary)
        );
        assert_eq!(
            share(Entry::Hidden(Mark::Secondary), Entry::Hidden(Mark::Primary)),
            Share::Hidden(Mark::Primary)
        );
        assert_eq!(share(Entry::Count(0), Entry::Count(0)), Share::None);
    }

    #[test]
    fn a_threshold_is_from_2_to_100() {
        assert_eq!(Threshold::new(1), None);
        assert_eq!(Threshold::new(101), None);
        assert!(Threshold::new(10).unwrap().is_small(9));
        assert!(!Threshold::new(10).unwrap().is_small(0));
        assert_eq!(
            Entry::Hidden(Mark::Primary).text(Threshold::default()),
            "< 5"
        );
        assert_eq!(
            Entry::Hidden(Mark::Secondary).text(Threshold::default()),
            "×"
        );
    }
}
