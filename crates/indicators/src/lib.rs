//! The figures of DOMAIN.md §4 as pure functions over domain records: no
//! database, no I/O. This first part holds the statistics the figures use.

pub mod stats;
