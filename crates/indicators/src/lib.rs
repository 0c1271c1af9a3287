//! The figures of DOMAIN.md §4 as pure functions over domain records: no
//! database, no I/O. A [`Selection`] picks the registrations; [`cases`]
//! joins them with their scores once; each indicator function turns the
//! cases into [`Figure`]s.

pub mod figure;
pub mod individual;
pub mod referrals;
pub mod response;
pub mod selection;
pub mod stats;

pub use figure::{Figure, State};
pub use selection::{cases, Case, Period, PeriodRule, Selection, ThemeFilter};
