//! What a publication publishes, count by count, and how its counts are
//! tied together: the attacker's view of it. Every count a publication
//! shows is written here under a key that says which registrations it
//! counts, so the same count on two pages is one cell; every total is a
//! sum of its parts; a count of a part of the registrations (an area) is
//! tied to the count of the whole. The protection decides from the
//! ledgers of everything an audience can see which cells to hide.
//!
//! A page's builder writes its counts here through [`Counts`] and lays
//! out each as a [`Counted`]: what it counts and its true value. Whether
//! the reader sees the value is decided later, for every page at once.

use crate::suppression::Audience;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Which registrations a count is about, besides its breakdown: the whole
/// organisation, an area, or a theme whose selection is not a set of main
/// domains (a societal task's services).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The organisation's registrations (of the year).
    Organisation,
    /// The registrations in one area.
    Area(String),
    /// The registrations of one theme's own selection (its services).
    Theme(String),
}

/// What a published count counts: year, scope, indicator, breakdown and
/// field (`n`, `numerator`, `denominator`, `participants`, …). Two cells
/// with the same key are the same number, wherever they are shown.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    /// The year the registrations belong to.
    pub year: i32,
    /// The registrations it is about.
    pub scope: Scope,
    /// The indicator id (docs/figures.md), e.g. `reach`.
    pub indicator: &'static str,
    /// The breakdown, e.g. `domain` = `financien`; a set of domains is
    /// written joined by `+`.
    pub keys: Vec<(&'static str, String)>,
    /// Which number of the figure: `n`, `numerator`, `denominator`, …
    pub field: &'static str,
}

impl CellKey {
    /// A key of the organisation's registrations.
    pub fn of(
        year: i32,
        indicator: &'static str,
        keys: &[(&'static str, &str)],
        field: &'static str,
    ) -> Self {
        Self {
            year,
            scope: Scope::Organisation,
            indicator,
            keys: keys.iter().map(|(k, v)| (*k, v.to_string())).collect(),
            field,
        }
    }

    /// The same key in another scope.
    pub fn within(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// The same key with another field.
    pub fn field(mut self, field: &'static str) -> Self {
        self.field = field;
        self
    }
}

impl fmt::Display for CellKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.year)?;
        match &self.scope {
            Scope::Organisation => {}
            Scope::Area(a) => write!(f, "/area={a}")?,
            Scope::Theme(t) => write!(f, "/theme={t}")?,
        }
        write!(f, "/{}", self.indicator)?;
        for (k, v) in &self.keys {
            write!(f, "/{k}={v}")?;
        }
        write!(f, ":{}", self.field)
    }
}

/// The same count per main domain, for each of `mains`: `keys` with
/// `main` = the domain in front. A count over registrations of several
/// main domains is the sum of these (parts no page shows), which ties it
/// to every other count over some of those domains.
pub fn per_main(
    year: i32,
    mains: &[&str],
    indicator: &'static str,
    keys: &[(&'static str, &str)],
    field: &'static str,
) -> Vec<CellKey> {
    mains
        .iter()
        .map(|m| {
            let mut of_main = vec![("main", *m)];
            of_main.extend_from_slice(keys);
            CellKey::of(year, indicator, &of_main, field)
        })
        .collect()
}

/// A count in the ledger: its value, and whether any page shows it (a
/// cell that is only tied to others, such as the registrations of one
/// main domain within a theme's goal table, is not shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// The count; `None` when it is only a link and its value is not known
    /// here.
    pub value: Option<u64>,
    /// Whether a page shows it.
    pub shown: bool,
}

/// A total and the cells that add up to it, exactly.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Sum {
    /// The total.
    pub total: CellKey,
    /// Its parts.
    pub parts: Vec<CellKey>,
}

/// A count of a part of the registrations of another count, in a family
/// of disjoint parts (the areas of the organisation): the parts of one
/// family add up to the whole, or to less when some registrations belong
/// to none of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PartOf {
    /// The count of all registrations.
    pub whole: CellKey,
    /// The family of disjoint parts, e.g. `area`.
    pub family: String,
    /// The count of the part.
    pub part: CellKey,
}

/// The counts of one or more publications and how they are tied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Every count, by key.
    pub counts: BTreeMap<CellKey, Tally>,
    /// Totals with their parts.
    pub sums: BTreeSet<Sum>,
    /// Parts of wholes.
    pub parts: BTreeSet<PartOf>,
}

impl Ledger {
    /// Writes a count a page shows.
    pub fn shown(&mut self, key: CellKey, value: u64) {
        let tally = self.counts.entry(key).or_insert(Tally {
            value: Some(value),
            shown: true,
        });
        tally.shown = true;
        tally.value = Some(value);
    }

    /// Writes a count no page shows itself but that ties others; its value
    /// when known.
    pub fn link(&mut self, key: CellKey, value: Option<u64>) {
        let tally = self.counts.entry(key).or_insert(Tally {
            value,
            shown: false,
        });
        tally.value = tally.value.or(value);
    }

    /// Says that `total` is the sum of `parts`.
    pub fn sum(&mut self, total: CellKey, parts: Vec<CellKey>) {
        if !parts.is_empty() {
            self.sums.insert(Sum { total, parts });
        }
    }

    /// Says that `part` counts a part of the registrations `whole` counts,
    /// disjoint from the other parts of `family`.
    pub fn part_of(&mut self, whole: CellKey, family: String, part: CellKey) {
        self.parts.insert(PartOf {
            whole,
            family,
            part,
        });
    }

    /// Adds another ledger's counts and ties.
    pub fn merge(&mut self, other: &Ledger) {
        for (key, tally) in &other.counts {
            match tally.shown {
                true => self.shown(key.clone(), tally.value.unwrap_or(0)),
                false => self.link(key.clone(), tally.value),
            }
        }
        self.sums.extend(other.sums.iter().cloned());
        self.parts.extend(other.parts.iter().cloned());
    }
}

/// A count as a page's builder lays it out: what it counts (its key in the
/// ledger) and its true value. The reader never sees it as such: the
/// protection turns it into the published entry, the count or its mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// What it counts.
    pub key: CellKey,
    /// The true count.
    pub value: u64,
}

/// A publication's counts as it is laid out for an audience: each count
/// a page shows is written to the ledger and comes back as a [`Counted`].
#[derive(Debug)]
pub struct Counts {
    audience: Audience,
    /// What was written so far.
    pub ledger: Ledger,
}

impl Counts {
    /// Counts for an audience, with an empty ledger.
    pub fn new(audience: Audience) -> Self {
        Self {
            audience,
            ledger: Ledger::default(),
        }
    }

    /// Who the publication is laid out for: a public audience's tables
    /// are laid out coarser where protecting them would hide much.
    pub fn audience(&self) -> Audience {
        self.audience
    }

    /// Writes a count a page shows as the sum of `parts` no page shows
    /// (see [`per_main`]).
    pub fn shown_as_sum(&mut self, key: CellKey, parts: Vec<CellKey>, value: u64) -> Counted {
        for part in &parts {
            self.ledger.link(part.clone(), None);
        }
        self.ledger.sum(key.clone(), parts);
        self.shown(key, value)
    }

    /// Writes a count a page shows.
    pub fn shown(&mut self, key: CellKey, value: u64) -> Counted {
        self.ledger.shown(key.clone(), value);
        Counted { key, value }
    }
}
