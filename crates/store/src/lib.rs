//! The one storage interface of impactmonitor: an embedded SQLite file or a
//! PostgreSQL server behind the same [`Store`], each with its own
//! migrations. Every committed write moves the [`Store::data_version`] and
//! the version of the organisation it wrote to ([`DataVersions`]), on which
//! later pages cache.
//!
//! Records are stored through [`Stored`]: each record kind says which table
//! and columns hold it, and the store compares incoming records with stored
//! ones so that an import can tell inserted, updated and unchanged rows apart.

mod accounts;
mod audit;
mod authors;
pub mod backup;
mod bulk;
mod connect;
pub use connect::redact;
mod erasure;
mod error;
mod history;
mod imports;
mod logos;
mod migrate;
mod public;
mod published;
mod records;
mod retention;
mod sessions;
mod snapshot;
mod stored;
mod table;
#[cfg(feature = "testing")]
pub mod testing;
mod tokens;
mod tx;
mod versions;

pub use accounts::described;
pub use audit::{AuditEntry, AuditFilter};
pub use connect::{Backend, Store};
pub use erasure::{Erased, Erasure, Unmatched, ERASED};
pub use error::StoreError;
pub use history::{TextKind, TextVersion};
pub use imports::{ImportEntry, StoredMapping};
pub use public::{Public, Shared};
pub use published::{NewVersion, PublishedPage, PublishedVersion, Withdrawal};
pub use retention::{Purgeable, StoredFigures};
pub use sessions::{Attempts, StoredSession};
pub use snapshot::{OrganisationRecords, Registrations};
pub use table::{Stored, TableSpec, Ty, Value};
pub use tokens::ApiToken;
pub use tx::{Outcome, Tx, ROWS_PER_READ};
pub use versions::DataVersions;
