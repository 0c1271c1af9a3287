//! Errors of the store.

/// Something went wrong talking to the database, or stored data does not
/// read back as a valid record.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or refused a statement.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A stored value is not a valid value of its kind.
    #[error("stored data in {table} is invalid: {detail}")]
    Corrupt {
        /// The table read.
        table: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// A backup could not be written or read back.
    #[error("backup: {0}")]
    Backup(String),
    /// The database URL is not one the store can open.
    #[error("cannot open database {url}: {detail}")]
    BadUrl {
        /// The URL as given, password redacted.
        url: String,
        /// Why.
        detail: String,
    },
}
