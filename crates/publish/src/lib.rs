//! Publishing figures to people outside the organisation (DOMAIN.md §6):
//! everything a municipality viewer or the public can reach passes
//! through here. Suppression lives in one place: [`suppression`].

pub mod suppression;

pub use suppression::{suppress, CountTable, Entry, SuppressedTable, Threshold};
