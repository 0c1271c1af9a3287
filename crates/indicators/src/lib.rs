//! The figures of DOMAIN.md §4 as pure functions over domain records: no
//! database, no I/O. A [`Selection`] picks the registrations; [`cases`]
//! joins them with their scores once; each indicator function turns the
//! cases into [`Figure`]s. [`monitor::compute`] makes every figure of a
//! selection at once, the registrations' in one pass over their
//! [`Columns`]; [`monitor::compute_from_records`] is the reference it is
//! held to.

pub mod collective;
pub mod columns;
pub mod comparison;
pub mod context;
pub mod figure;
pub mod fused;
pub mod group;
pub mod holidays;
pub mod individual;
pub mod json;
pub mod monitor;
pub mod plan;
pub mod referrals;
pub mod response;
pub mod selection;
pub mod stats;
pub mod survey;

pub use columns::Columns;
pub use figure::{Extra, Figure, State};
pub use monitor::{compute, compute_from_records, working_day_calendar, Options, Records};
pub use selection::{cases, Case, Period, PeriodRule, Selection, ThemeFilter};
