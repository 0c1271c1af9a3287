//! The whole installation as rows, for a backup that moves between
//! backends: every table of [`BACKED_UP`] written as JSON lines in one read
//! transaction, each table a part with its columns, row count and SHA-256;
//! and read back into a database in one write transaction. The file around
//! it (header, compression, checksums checked before anything is written)
//! is `importer::backup`'s.
//!
//! Body format: per table a line `{"table":"NAME"}`, then one JSON array
//! per row, its values in the part's column order (`null`, an integer or a
//! string). The SHA-256 of a part is over its row lines, each with its
//! `\n`.

use crate::connect::{Backend, Store};
use crate::error::StoreError;
use crate::table::Value;
use crate::tx::{bind, placeholders};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::io::{BufRead, Write};

/// The tables a backup holds, in the order they are restored (a table
/// after those it refers to). Left out: sessions, failed sign-ins and
/// uploads waiting for confirmation (transient), and the migration
/// bookkeeping (the header gives the schema version).
pub const BACKED_UP: &[&str] = &[
    "installation",
    "zrm_domains",
    "pg_dimensions",
    "organisations",
    "organisation_versions",
    "partners",
    "themes",
    "goals",
    "efforts",
    "din_versions",
    "registrations",
    "zrm_scores",
    "collective_periods",
    "reach_plans",
    "surveys",
    "survey_answers",
    "context_values",
    "narratives",
    "area_profiles",
    "narratives_history",
    "area_profiles_history",
    "audit_log",
    "regions",
    "indicator_definitions",
    "accounts",
    "published_pages",
    "api_tokens",
    "logos",
    "published_versions",
    "stored_figures",
    "erased_clients",
    "registration_authors",
    "import_mappings",
    "public_context_values",
    "public_indicator_definitions",
    "public_regions",
    "import_history",
];

/// The tables that are not backed up, on purpose (see [`BACKED_UP`]).
pub const LEFT_OUT: &[&str] = &[
    "sessions",
    "sign_in_throttle",
    "uploads",
    "_sqlx_migrations",
];

/// A column of a backed-up table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Whether it holds integers (else text).
    pub integer: bool,
}

/// One table of a backup: its columns, how many rows, and the SHA-256 of
/// its row lines (hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// The table.
    pub table: String,
    /// Its columns, in the order of the row arrays.
    pub columns: Vec<Column>,
    /// How many rows.
    pub rows: u64,
    /// SHA-256 of the row lines, hex.
    pub sha256: String,
}

/// The SHA-256 of row lines, fed line by line.
#[derive(Default)]
pub struct PartDigest(Sha256);

impl PartDigest {
    /// Adds a row line (without its `\n`).
    pub fn line(&mut self, line: &str) {
        self.0.update(line.as_bytes());
        self.0.update(b"\n");
    }

    /// The digest as hex.
    pub fn hex(self) -> String {
        self.0
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Backup(e.to_string())
}

/// Rows per INSERT when restoring, below SQLite's parameter limit.
const PARAMETERS: usize = 30_000;

impl Store {
    /// The schema version: the newest migration applied.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// The tables of the database (the user's, any backend), sorted.
    pub async fn tables(&self) -> Result<Vec<String>, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
            }
        };
        let rows = sqlx::query(sql).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| Ok(r.try_get::<String, _>(0)?))
            .collect()
    }

    /// The columns of a table as this database declares them.
    async fn columns(&self, table: &str) -> Result<Vec<Column>, StoreError> {
        let sql = match self.backend() {
            Backend::Sqlite => format!("SELECT name, type FROM pragma_table_info('{table}')"),
            Backend::Postgres => format!(
                "SELECT column_name::text, data_type::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = '{table}' ORDER BY ordinal_position"
            ),
        };
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter()
            .map(|r| {
                let name: String = r.try_get(0)?;
                let ty: String = r.try_get::<String, _>(1)?.to_lowercase();
                let integer = ty.contains("int");
                if !integer && ty != "text" {
                    return Err(StoreError::Backup(format!(
                        "{table}.{name} has type {ty}, which a backup cannot hold"
                    )));
                }
                Ok(Column { name, integer })
            })
            .collect()
    }

    /// Writes every table of [`BACKED_UP`] to `body`, all read in one
    /// transaction (a consistent whole while the server runs); gives the
    /// parts with their row counts and checksums.
    pub async fn write_tables(&self, body: &mut dyn Write) -> Result<Vec<Part>, StoreError> {
        let mut columns = Vec::new();
        for table in BACKED_UP {
            columns.push(self.columns(table).await?);
        }
        let mut tx = self.pool().begin().await?;
        if self.backend() == Backend::Postgres {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(&mut *tx)
                .await?;
        }
        let mut parts = Vec::new();
        for (table, columns) in BACKED_UP.iter().zip(columns) {
            writeln!(body, "{}", serde_json::json!({ "table": table })).map_err(io)?;
            let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
            let sql = format!("SELECT {} FROM {table}", names.join(", "));
            let mut rows = sqlx::query(&sql).fetch(&mut *tx);
            let mut digest = PartDigest::default();
            let mut count = 0;
            while let Some(row) = rows.try_next().await? {
                let values: Vec<serde_json::Value> = columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| match c.integer {
                        true => row
                            .try_get::<Option<i64>, _>(i)
                            .map(|v| serde_json::json!(v)),
                        false => row
                            .try_get::<Option<String>, _>(i)
                            .map(|v| serde_json::json!(v)),
                    })
                    .collect::<Result<_, _>>()?;
                let line = serde_json::Value::Array(values).to_string();
                digest.line(&line);
                writeln!(body, "{line}").map_err(io)?;
                count += 1;
            }
            parts.push(Part {
                table: table.to_string(),
                columns,
                rows: count,
                sha256: digest.hex(),
            });
        }
        tx.commit().await?;
        Ok(parts)
    }

    /// Whether the database holds nothing of an installation yet: no
    /// organisation, account or audit entry.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        for table in ["organisations", "accounts", "audit_log"] {
            let row = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(self.pool())
                .await?;
            if row.try_get::<i64, _>(0)? > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Replaces every table of [`BACKED_UP`] with the rows of a backup's
    /// body (checked beforehand), in one transaction: a failure or a kill
    /// leaves the database as it was. Gives how many rows were written.
    pub async fn read_tables(
        &self,
        parts: &[Part],
        body: &mut dyn BufRead,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        for table in BACKED_UP.iter().rev() {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx.tx)
                .await?;
        }
        let mut written = 0;
        let mut part: Option<&Part> = None;
        let mut batch: Vec<Vec<Value>> = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            let read = body.read_line(&mut line).map_err(io)?;
            let text = line.trim_end_matches('\n');
            if read == 0 || text.starts_with('{') {
                if let Some(p) = part {
                    written += self.insert(&mut tx, p, &batch).await?;
                    batch.clear();
                }
                if read == 0 {
                    break;
                }
                let name: serde_json::Value =
                    serde_json::from_str(text).map_err(|e| StoreError::Backup(e.to_string()))?;
                part = parts.iter().find(|p| name["table"] == p.table.as_str());
                continue;
            }
            let Some(p) = part else {
                continue;
            };
            batch.push(row_of(p, text)?);
            if batch.len() * p.columns.len() >= PARAMETERS {
                written += self.insert(&mut tx, p, &batch).await?;
                batch.clear();
            }
        }
        if self.backend() == Backend::Postgres {
            self.restart_identities(&mut tx).await?;
        }
        // The restored installation keeps its data version.
        tx.commit().await?;
        Ok(written)
    }

    async fn insert(
        &self,
        tx: &mut crate::tx::Tx,
        part: &Part,
        rows: &[Vec<Value>],
    ) -> Result<u64, StoreError> {
        if rows.is_empty() || !BACKED_UP.contains(&part.table.as_str()) {
            return Ok(0);
        }
        let names: Vec<&str> = part.columns.iter().map(|c| c.name.as_str()).collect();
        let overriding = match self.backend() {
            Backend::Postgres => " OVERRIDING SYSTEM VALUE",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "INSERT INTO {} ({}){overriding} VALUES {}",
            part.table,
            names.join(", "),
            placeholders(self.backend(), rows.len(), names.len())
        );
        let mut query = sqlx::query(&sql);
        for value in rows.iter().flatten() {
            query = bind(query, value);
        }
        query.execute(&mut *tx.tx).await?;
        Ok(rows.len() as u64)
    }

    /// PostgreSQL: every identity column continues after the highest value
    /// restored.
    async fn restart_identities(&self, tx: &mut crate::tx::Tx) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND is_identity = 'YES'",
        )
        .fetch_all(&mut *tx.tx)
        .await?;
        for row in rows {
            let table: String = row.try_get(0)?;
            let column: String = row.try_get(1)?;
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
                 COALESCE(MAX({column}), 0) + 1, false) FROM {table}"
            );
            sqlx::query(&sql).execute(&mut *tx.tx).await?;
        }
        Ok(())
    }
}

/// A row line of a part as values in its column order.
fn row_of(part: &Part, line: &str) -> Result<Vec<Value>, StoreError> {
    let bad = |what: &str| StoreError::Backup(format!("{}: {what}", part.table));
    let values: Vec<serde_json::Value> =
        serde_json::from_str(line).map_err(|e| bad(&e.to_string()))?;
    if values.len() != part.columns.len() {
        return Err(bad("a row with another number of values than columns"));
    }
    values
        .into_iter()
        .zip(&part.columns)
        .map(|(v, c)| match (c.integer, v) {
            (true, serde_json::Value::Null) => Ok(Value::Int(None)),
            (false, serde_json::Value::Null) => Ok(Value::Text(None)),
            (true, serde_json::Value::Number(n)) => n
                .as_i64()
                .map(|n| Value::Int(Some(n)))
                .ok_or_else(|| bad("an integer out of range")),
            (false, serde_json::Value::String(s)) => Ok(Value::Text(Some(s))),
            _ => Err(bad("a value of another type than its column")),
        })
        .collect()
}
