//! The interchange v1 files (INTERCHANGE.md): bytes in, domain records and
//! a report out; records in, bytes out. No database: what a file refers to
//! (organisations, partners, registrations, …) is looked up through
//! [`Lookup`], which the importer implements over the store.

pub mod cbs;
pub mod kind;
pub mod limits;
pub mod lookup;
pub mod mapping;
pub mod parse;
pub mod pseudonym;
pub mod record;
pub mod report;
pub mod row;
pub mod table;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod write;

pub use kind::{Column, FileKind};
pub use limits::{Limit, Limits, OverLimit};
pub use lookup::Lookup;
pub use mapping::Mapping;
pub use parse::{parse_table, ParsedFile, Parser};
pub use pseudonym::Pseudonymiser;
pub use record::Record;
pub use report::{FileProblem, OtherFormat, RowError};
pub use table::{read_tables, SourceRow, Table};
pub use write::write_csv;
