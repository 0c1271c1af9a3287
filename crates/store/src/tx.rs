//! A write transaction: records are compared with what is stored, written
//! in batches, and committed all at once with a new data version.

use crate::bulk;
use crate::connect::Backend;
use crate::error::StoreError;
use crate::table::{Stored, TableSpec, Value};
use crate::versions::Changes;
use domain::OrganisationCode;
use rustc_hash::{FxHashMap, FxHashSet};
use sqlx::{Any, AnyPool, Row, Transaction};
use std::collections::HashMap;

/// What saving a record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It was not stored before.
    Inserted,
    /// It was stored with other values.
    Updated,
    /// It was stored with the same values.
    Unchanged,
}

/// Parameters per statement, below SQLite's limit of 32766.
pub(crate) const MAX_PARAMETERS: usize = 30_000;

/// Rows written or looked up per statement, as one JSON parameter.
const ROWS_PER_STATEMENT: usize = 10_000;

/// Stored rows read per statement: what the database and the program hold
/// of a table's text at once when every row of an organisation is read
/// (a re-import, a computation). Each statement skips the rows read
/// before along the key's index.
pub const ROWS_PER_READ: usize = 50_000;

/// Up to this many inserted rows of one kind in one save are written to the
/// audit log one by one; more (a bulk import) as one line with the count.
/// Every updated row is written with its changes.
const AUDIT_EACH_INSERT_UP_TO: usize = 1000;

fn shown(v: &Value) -> String {
    match v {
        Value::Text(Some(t)) => t.clone(),
        Value::Int(Some(n)) => n.to_string(),
        Value::Text(None) | Value::Int(None) => "∅".to_string(),
    }
}

fn key_of(spec: &TableSpec, row: &[Value]) -> String {
    row[..spec.key]
        .iter()
        .map(shown)
        .collect::<Vec<_>>()
        .join("/")
}

/// An audit line for a changed row: its key, then each changed column as
/// before → after.
fn changes(spec: &TableSpec, before: &[Value], after: &[Value]) -> String {
    let changed: Vec<String> = spec
        .columns
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(_, (b, a))| b != a)
        .map(|((name, _), (b, a))| format!("{name}: {} → {}", shown(b), shown(a)))
        .collect();
    format!(
        "{} {}: {}",
        spec.name,
        key_of(spec, after),
        changed.join("; ")
    )
}

/// An audit line for an added row: its key and values.
fn added(spec: &TableSpec, row: &[Value]) -> String {
    let values: Vec<String> = spec.columns[spec.key..]
        .iter()
        .zip(&row[spec.key..])
        .filter(|(_, v)| !matches!(v, Value::Text(None) | Value::Int(None)))
        .map(|((name, _), v)| format!("{name}={}", shown(v)))
        .collect();
    format!(
        "{} {} added: {}",
        spec.name,
        key_of(spec, row),
        values.join(", ")
    )
}

/// An open write transaction. Dropped without [`Tx::commit`], it rolls
/// back: nothing of it is stored.
pub struct Tx {
    pub(crate) tx: Transaction<'static, Any>,
    backend: Backend,
    /// What this transaction wrote, for the data versions it moves.
    pub(crate) changes: Changes,
    /// Inserted rows are audited as one count per save, however few.
    bulk: bool,
    /// What this transaction knows of the stored keys of each table and
    /// organisation it saved to.
    written: HashMap<&'static str, HashMap<String, Written>>,
}

/// What a transaction knows of a table's stored keys of one organisation.
enum Written {
    /// The organisation had rows in the table when the transaction first
    /// saved to it: every key is looked up.
    Unknown,
    /// It had none: the only stored keys are those this transaction wrote,
    /// whose hashes are here. A key whose hash is not here is not stored,
    /// so a first import saves without looking anything up; a key whose
    /// hash is here is looked up. A hash is kept in 32 bits (about 6 bytes
    /// a key with the set's room): a hash two keys share costs one lookup.
    Only(FxHashSet<u32>),
}

/// Per row, whether it is written: the last row of each key, when any row
/// of that key changed what is stored (one statement may not write a key
/// twice, and a key given twice is stored with its last values).
fn rows_to_write(spec: &TableSpec, rows: &[Vec<Value>], outcomes: &[Outcome]) -> Vec<bool> {
    let mut changed: FxHashMap<&[Value], bool> = FxHashMap::default();
    for (row, outcome) in rows.iter().zip(outcomes) {
        *changed.entry(&row[..spec.key]).or_default() |= *outcome != Outcome::Unchanged;
    }
    let mut seen = FxHashSet::default();
    let mut write: Vec<bool> = rows
        .iter()
        .rev()
        .map(|r| seen.insert(&r[..spec.key]) && changed[&r[..spec.key]])
        .collect();
    write.reverse();
    write
}

/// A row's key as a hash, for [`Written::Only`].
fn key_hash(spec: &TableSpec, row: &[Value]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(&row[..spec.key])
}

pub(crate) fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Binds a value, moving it into the statement.
fn bind_owned<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    value: Value,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    match value {
        Value::Text(v) => query.bind(v),
        Value::Int(v) => query.bind(v),
    }
}

pub(crate) fn bind<'q>(
    query: sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>>,
    value: &Value,
) -> sqlx::query::Query<'q, Any, sqlx::any::AnyArguments<'q>> {
    match value {
        Value::Text(v) => query.bind(v.clone()),
        Value::Int(v) => query.bind(*v),
    }
}

/// Row placeholders for a multi-row statement. PostgreSQL numbers them
/// (`$1`); SQLite gets anonymous `?`, because it looks each numbered name up
/// in a list, which makes binding a large batch quadratic.
pub(crate) fn placeholders(backend: Backend, rows: usize, columns: usize) -> String {
    use std::fmt::Write;
    let mut sql = String::with_capacity(rows * columns * 4);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 1..=columns {
            if c > 1 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Postgres => write!(sql, "${}", r * columns + c).expect("into memory"),
                Backend::Sqlite => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

impl Tx {
    pub(crate) async fn begin(pool: &AnyPool, backend: Backend) -> Result<Self, StoreError> {
        // SQLite: take the write lock at once. A deferred transaction that
        // read first fails when another connection wrote meanwhile
        // (SQLITE_BUSY_SNAPSHOT), which a long import beside the pages
        // would do; an immediate one waits its turn instead.
        let tx = match backend {
            Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => pool.begin().await?,
        };
        Ok(Self {
            tx,
            backend,
            changes: Changes::default(),
            bulk: false,
            written: HashMap::new(),
        })
    }

    /// Audits the inserted rows of the next saves as a count each, also
    /// when a save inserts few: a large file is saved part by part, and
    /// its last part is as much a bulk import as the others.
    pub fn audit_inserts_as_counts(&mut self, bulk: bool) {
        self.bulk = bulk;
    }

    /// Whether anything was written in this transaction.
    pub fn changed(&self) -> bool {
        self.changes.any()
    }

    /// The database this transaction writes to.
    pub(crate) fn backend(&self) -> Backend {
        self.backend
    }

    /// Notes that records of an organisation changed: its data version
    /// moves at the commit.
    pub(crate) fn touch(&mut self, organisation: &str) {
        self.changes.organisation(organisation);
    }

    /// Notes that rows of `spec` changed: the version of the organisation
    /// of each row moves, or the shared one for a table the whole
    /// installation shares (the organisations themselves).
    fn touch_rows<'r>(&mut self, spec: &TableSpec, rows: impl IntoIterator<Item = &'r Vec<Value>>) {
        for row in rows {
            match (spec.columns[0].0, &row[0]) {
                ("organisation", Value::Text(Some(code))) => self.changes.organisation(code),
                _ => self.changes.shared(),
            }
        }
    }

    /// Per row of `rows`, whether its key may be stored and must be looked
    /// up; the keys of all are noted as written. A table of an
    /// organisation that held none of its rows when this transaction first
    /// saved to it holds only what the transaction wrote: a first import
    /// looks up nothing. Rows that repeat a key among themselves are all
    /// looked up, so that the later one is compared with the earlier.
    async fn maybe_stored(
        &mut self,
        spec: &'static TableSpec,
        rows: &[Vec<Value>],
    ) -> Result<Vec<bool>, StoreError> {
        let mut maybe = vec![true; rows.len()];
        if spec.columns[0].0 != "organisation" {
            return Ok(maybe);
        }
        let (mut here, mut repeated) = (FxHashSet::default(), false);
        for (row, maybe) in rows.iter().zip(&mut maybe) {
            let Value::Text(Some(organisation)) = &row[0] else {
                continue;
            };
            let organisation = organisation.as_str();
            if !self
                .written
                .get(spec.name)
                .is_some_and(|t| t.contains_key(organisation))
            {
                let known = match self.holds_rows_of(spec, organisation).await? {
                    true => Written::Unknown,
                    false => Written::Only(FxHashSet::default()),
                };
                let of_table = self.written.entry(spec.name).or_default();
                of_table.insert(organisation.to_string(), known);
            }
            let of_table = self.written.get_mut(spec.name);
            if let Some(Written::Only(keys)) = of_table.and_then(|t| t.get_mut(organisation)) {
                let key = key_hash(spec, row);
                *maybe = !keys.insert((key ^ (key >> 32)) as u32);
                repeated |= !here.insert(key);
            }
        }
        if repeated {
            maybe.fill(true);
        }
        Ok(maybe)
    }

    /// Whether the table holds any row of the organisation.
    async fn holds_rows_of(
        &mut self,
        spec: &TableSpec,
        organisation: &str,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "SELECT 1 FROM {} WHERE organisation = $1 LIMIT 1",
            spec.name
        );
        let row = sqlx::query(&sql)
            .bind(organisation.to_string())
            .fetch_optional(&mut *self.tx)
            .await?;
        Ok(row.is_some())
    }

    /// The stored rows with the keys of `rows`, by key: read by their keys,
    /// so that saving a part of a large file reads that part's rows only.
    async fn stored_with_keys_of(
        &mut self,
        spec: &'static TableSpec,
        rows: &[&Vec<Value>],
    ) -> Result<HashMap<Vec<Value>, Vec<Value>>, StoreError> {
        let mut stored = HashMap::new();
        let sql = bulk::select_json_of_keys(self.backend, spec);
        for batch in rows.chunks(ROWS_PER_STATEMENT) {
            let keys = bulk::json_rows(batch.iter().map(|r| &r[..spec.key]));
            let query = sqlx::query(&sql).bind(keys);
            let json: String = query.fetch_one(&mut *self.tx).await?.try_get(0)?;
            bulk::each_row(spec, &json, &mut |row| {
                stored.insert(row[..spec.key].to_vec(), row);
                Ok(())
            })?;
        }
        Ok(stored)
    }

    /// Hands the stored rows of a table (of one organisation, or all) to
    /// `each`, one at a time, read [`ROWS_PER_READ`] a statement (see
    /// `bulk`).
    async fn each_row(
        &mut self,
        spec: &'static TableSpec,
        organisation: Option<&OrganisationCode>,
        mut each: impl FnMut(Vec<Value>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.each_page(spec, organisation, |json| {
            let mut rows = 0;
            bulk::each_row(spec, json, &mut |row| {
                rows += 1;
                each(row)
            })?;
            Ok(rows)
        })
        .await
    }

    /// Hands the stored rows of a table of one organisation to `each` as
    /// the cells the database gives, read [`ROWS_PER_READ`] a statement
    /// (see `bulk`).
    pub(crate) async fn each_cells(
        &mut self,
        spec: &'static TableSpec,
        organisation: &OrganisationCode,
        each: &mut (dyn FnMut(&[bulk::Cell<'_>]) -> Result<(), StoreError> + Send),
    ) -> Result<(), StoreError> {
        self.each_page(spec, Some(organisation), |json| {
            let mut rows = 0;
            bulk::each_cells(spec, json, &mut |cells| {
                rows += 1;
                each(cells)
            })?;
            Ok(rows)
        })
        .await
    }

    /// Reads the stored rows a page at a time: `page` takes each page's
    /// JSON text and says how many rows it held; a page of fewer rows than
    /// asked is the last.
    async fn each_page(
        &mut self,
        spec: &'static TableSpec,
        organisation: Option<&OrganisationCode>,
        mut page: impl FnMut(&str) -> Result<usize, StoreError>,
    ) -> Result<(), StoreError> {
        for start in (0..).step_by(ROWS_PER_READ) {
            let rows = start..start + ROWS_PER_READ;
            let sql = bulk::select_json(self.backend, spec, organisation.is_some(), rows);
            let mut query = sqlx::query(&sql);
            if let Some(org) = organisation {
                query = query.bind(org.as_str().to_string());
            }
            let json: String = query.fetch_one(&mut *self.tx).await?.try_get(0)?;
            if page(&json)? < ROWS_PER_READ {
                break;
            }
        }
        Ok(())
    }

    /// Every stored record of a kind, of one organisation or of all.
    pub async fn load<R: Stored>(
        &mut self,
        organisation: Option<&OrganisationCode>,
    ) -> Result<Vec<R>, StoreError> {
        let mut records = Vec::new();
        self.each(organisation, |record| records.push(record))
            .await?;
        Ok(records)
    }

    /// Hands every stored record of a kind (of one organisation, or of
    /// all) to `each`, one at a time: what [`load`](Self::load) gives,
    /// without holding every record at once.
    pub async fn each<R: Stored>(
        &mut self,
        organisation: Option<&OrganisationCode>,
        mut each: impl FnMut(R),
    ) -> Result<(), StoreError> {
        self.each_row(R::TABLE, organisation, |row| {
            let record = R::from_row(row).map_err(|detail| StoreError::Corrupt {
                table: R::TABLE.name,
                detail,
            })?;
            each(record);
            Ok(())
        })
        .await
    }

    /// Saves records: each is inserted, updated (same key, other values) or
    /// left unchanged; the outcomes come back in order. `actor` is recorded
    /// with every change of a versioned text.
    pub async fn save<'r, R: Stored + 'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r R>,
        actor: &str,
    ) -> Result<Vec<Outcome>, StoreError> {
        let spec = R::TABLE;
        let rows: Vec<Vec<Value>> = records.into_iter().map(Stored::to_row).collect();
        let maybe_stored = self.maybe_stored(spec, &rows).await?;
        let looked_up: Vec<&Vec<Value>> = rows
            .iter()
            .zip(&maybe_stored)
            .filter_map(|(row, maybe)| maybe.then_some(row))
            .collect();
        let mut stored = self.stored_with_keys_of(spec, &looked_up).await?;
        let mut outcomes = Vec::with_capacity(rows.len());
        let mut audit: Vec<String> = Vec::new();
        for (row, maybe) in rows.iter().zip(maybe_stored) {
            let before = match maybe {
                true => stored.insert(row[..spec.key].to_vec(), row.clone()),
                false => None,
            };
            outcomes.push(match before {
                None => Outcome::Inserted,
                Some(old) if old == *row => Outcome::Unchanged,
                Some(old) => {
                    audit.push(changes(spec, &old, row));
                    Outcome::Updated
                }
            });
        }
        let inserted = outcomes.iter().filter(|o| **o == Outcome::Inserted).count();
        if inserted <= AUDIT_EACH_INSERT_UP_TO && !self.bulk {
            let rows = rows.iter().zip(&outcomes);
            audit.extend(
                rows.filter(|(_, o)| **o == Outcome::Inserted)
                    .map(|(row, _)| added(spec, row)),
            );
        } else {
            audit.push(format!("{}: {inserted} rows added", spec.name));
        }
        self.audit_lines(actor, &format!("change {}", spec.name), &audit)
            .await?;
        let write = rows_to_write(spec, &rows, &outcomes);
        let changed: Vec<Vec<Value>> = rows
            .into_iter()
            .zip(write)
            .filter_map(|(row, write)| write.then_some(row))
            .collect();
        if spec.history && !changed.is_empty() {
            self.write_history(spec, &changed, actor).await?;
        }
        self.write_rows(spec, changed).await?;
        Ok(outcomes)
    }

    /// Writes rows (moving their values into the statements).
    async fn write_rows(
        &mut self,
        spec: &'static TableSpec,
        rows: Vec<Vec<Value>>,
    ) -> Result<(), StoreError> {
        let per_statement = match self.backend {
            Backend::Sqlite => (MAX_PARAMETERS / spec.columns.len()).max(1),
            Backend::Postgres => ROWS_PER_STATEMENT,
        };
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let batch: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
            self.touch_rows(spec, &batch);
            let sql = bulk::upsert(self.backend, spec, batch.len());
            let mut query = sqlx::query(&sql);
            match self.backend {
                Backend::Sqlite => {
                    for value in batch.into_iter().flatten() {
                        query = bind_owned(query, value);
                    }
                }
                Backend::Postgres => {
                    query = query.bind(bulk::json_rows(batch.iter().map(|r| r.as_slice())));
                }
            }
            query.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    async fn write_history(
        &mut self,
        spec: &'static TableSpec,
        rows: &[Vec<Value>],
        actor: &str,
    ) -> Result<(), StoreError> {
        let names: Vec<&str> = spec.columns.iter().map(|(n, _)| *n).collect();
        let sql = format!(
            "INSERT INTO {}_history ({}, changed_at, changed_by) VALUES {}",
            spec.name,
            names.join(", "),
            placeholders(self.backend, 1, names.len() + 2)
        );
        let at = now();
        for row in rows {
            let mut query = sqlx::query(&sql);
            for value in row.iter() {
                query = bind(query, value);
            }
            query = query.bind(at.clone()).bind(actor.to_string());
            query.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Deletes records by their key; tells per record whether it was stored.
    pub async fn delete<R: Stored>(&mut self, records: &[R]) -> Result<Vec<bool>, StoreError> {
        let spec = R::TABLE;
        let names: Vec<String> = spec.columns[..spec.key]
            .iter()
            .enumerate()
            .map(|(i, (n, _))| format!("{n} = ${}", i + 1))
            .collect();
        let sql = format!("DELETE FROM {} WHERE {}", spec.name, names.join(" AND "));
        let mut deleted = Vec::with_capacity(records.len());
        for record in records {
            let row = record.to_row();
            let mut query = sqlx::query(&sql);
            for value in &row[..spec.key] {
                query = bind(query, value);
            }
            let gone = query.execute(&mut *self.tx).await?.rows_affected() > 0;
            if gone {
                self.touch_rows(spec, [&row]);
            }
            deleted.push(gone);
        }
        Ok(deleted)
    }

    /// Records a dated version of an organisation's DIN (as JSON), unless it
    /// equals the latest version. Returns whether a version was written.
    pub async fn save_din_version(
        &mut self,
        organisation: &OrganisationCode,
        as_of: domain::Date,
        snapshot: &str,
    ) -> Result<bool, StoreError> {
        let latest = sqlx::query(
            "SELECT snapshot FROM din_versions WHERE organisation = $1 ORDER BY as_of DESC LIMIT 1",
        )
        .bind(organisation.as_str().to_string())
        .fetch_optional(&mut *self.tx)
        .await?;
        if let Some(row) = latest {
            if row.try_get::<String, _>(0)? == snapshot {
                return Ok(false);
            }
        }
        self.put_din_version(organisation, as_of, snapshot).await?;
        Ok(true)
    }

    /// Records the DIN as of a day whether or not it changed (a coordinator
    /// publishes a dated version); replaces a version of the same day.
    pub async fn put_din_version(
        &mut self,
        organisation: &OrganisationCode,
        as_of: domain::Date,
        snapshot: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO din_versions (organisation, as_of, snapshot, recorded_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (organisation, as_of) DO UPDATE SET snapshot = excluded.snapshot, recorded_at = excluded.recorded_at",
        )
        .bind(organisation.as_str().to_string())
        .bind(as_of.format("%Y-%m-%d").to_string())
        .bind(snapshot.to_string())
        .bind(now())
        .execute(&mut *self.tx)
        .await?;
        self.touch(organisation.as_str());
        Ok(())
    }

    /// The dated DIN versions of an organisation: (as-of date, JSON), oldest first.
    pub async fn din_versions(
        &mut self,
        organisation: &OrganisationCode,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query(
            "SELECT as_of, snapshot FROM din_versions WHERE organisation = $1 ORDER BY as_of",
        )
        .bind(organisation.as_str().to_string())
        .fetch_all(&mut *self.tx)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// Writes audit-log entries of one actor and action, many per statement.
    pub async fn audit_lines(
        &mut self,
        actor: &str,
        action: &str,
        details: &[String],
    ) -> Result<(), StoreError> {
        let at = now();
        for batch in details.chunks(MAX_PARAMETERS / 4) {
            let sql = format!(
                "INSERT INTO audit_log (at, actor, action, detail) VALUES {}",
                placeholders(self.backend, batch.len(), 4)
            );
            let mut query = sqlx::query(&sql);
            for detail in batch {
                query = query
                    .bind(at.clone())
                    .bind(actor.to_string())
                    .bind(action.to_string())
                    .bind(detail.clone());
            }
            query.execute(&mut *self.tx).await?;
        }
        Ok(())
    }

    /// Writes an audit-log entry: who did what.
    pub async fn audit(
        &mut self,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at, actor, action, detail) VALUES ($1, $2, $3, $4)")
            .bind(now())
            .bind(actor.to_string())
            .bind(action.to_string())
            .bind(detail.to_string())
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    /// Commits. When anything was written the data version moves on, and
    /// with it the version of each organisation written to (see
    /// `versions`); the installation's data version after the commit is
    /// returned.
    pub async fn commit(mut self) -> Result<i64, StoreError> {
        let version = match self.changes.any() {
            true => self.move_versions().await?,
            false => self.data_version().await?,
        };
        self.tx.commit().await?;
        Ok(version)
    }

    /// The data version as this transaction sees it.
    pub async fn data_version(&mut self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT data_version FROM installation WHERE id = 1")
            .fetch_one(&mut *self.tx)
            .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// Rolls back: nothing of the transaction is stored.
    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Ty;

    #[test]
    fn upsert_statement_names_key_and_values() {
        static SPEC: TableSpec = TableSpec {
            name: "t",
            columns: &[("organisation", Ty::Text), ("id", Ty::Text), ("v", Ty::Int)],
            key: 2,
            history: false,
        };
        assert_eq!(
            bulk::upsert(Backend::Postgres, &SPEC, 2),
            "INSERT INTO t (organisation, id, v) SELECT k.value->>0, k.value->>1, (k.value->>2)::bigint \
             FROM json_array_elements($1::json) AS k(value) WHERE true \
             ON CONFLICT (organisation, id) DO UPDATE SET v = excluded.v"
        );
        assert!(bulk::upsert(Backend::Sqlite, &SPEC, 2)
            .contains("VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT (organisation, id) DO UPDATE"));
    }

    #[test]
    fn rows_become_one_json_array() {
        let rows = [
            vec![Value::text("a\"b\\c\n"), Value::Int(None), Value::int(-3)],
            vec![Value::Text(None), Value::text("é"), Value::int(7)],
        ];
        let json = bulk::json_rows(rows.iter().map(|r| r.as_slice()));
        assert_eq!(json, r#"[["a\"b\\c\n",null,-3],[null,"é",7]]"#);
    }
}
