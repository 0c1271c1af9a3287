//! How a record kind is laid out in a table, and the values that travel
//! between records and rows.

/// The type of a column: text or a 64-bit integer. Dates, decimals and lists
/// are stored as text in their canonical form, so they read back exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// TEXT
    Text,
    /// BIGINT / INTEGER
    Int,
}

/// One value of a row; `None` is SQL NULL (typed, as PostgreSQL wants it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A text value.
    Text(Option<String>),
    /// An integer value.
    Int(Option<i64>),
}

impl Value {
    /// A text value.
    pub fn text(s: impl Into<String>) -> Self {
        Self::Text(Some(s.into()))
    }
    /// An optional text value.
    pub fn opt_text(s: Option<impl Into<String>>) -> Self {
        Self::Text(s.map(Into::into))
    }
    /// An integer value.
    pub fn int(n: impl Into<i64>) -> Self {
        Self::Int(Some(n.into()))
    }
    /// An optional integer value.
    pub fn opt_int(n: Option<impl Into<i64>>) -> Self {
        Self::Int(n.map(Into::into))
    }
}

/// A table that holds one record kind. The first column is the
/// organisation (the tenant); the first `key` columns identify a row.
#[derive(Debug)]
pub struct TableSpec {
    /// The table's name.
    pub name: &'static str,
    /// Its columns in order, with their types.
    pub columns: &'static [(&'static str, Ty)],
    /// How many leading columns form the key.
    pub key: usize,
    /// Whether every change is also kept in `<name>_history`, with who
    /// and when (versioned texts).
    pub history: bool,
}

/// A record kind the store can hold.
pub trait Stored: Sized {
    /// Its table.
    const TABLE: &'static TableSpec;
    /// The record as a row, in the table's column order.
    fn to_row(&self) -> Vec<Value>;
    /// The record from a row; an error says what is invalid.
    fn from_row(row: Vec<Value>) -> Result<Self, String>;
}
