//! Test databases: a fresh one per test on every backend under test —
//! SQLite always, PostgreSQL when `IMPACTMONITOR_TEST_DATABASE_URL` names a
//! server (each test gets its own schema, dropped when the test ends).

use std::sync::atomic::{AtomicUsize, Ordering};

/// The environment variable naming the PostgreSQL server of the tests.
pub const TEST_DATABASE_ENV: &str = "IMPACTMONITOR_TEST_DATABASE_URL";

/// One database for one test, removed when dropped.
pub struct TestDatabase {
    /// "sqlite" or "postgres", for messages.
    pub label: &'static str,
    /// The URL to open it with.
    pub url: String,
    /// A working folder of the test (the SQLite file lives here).
    pub dir: tempfile::TempDir,
    schema: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn postgres_statement(base: &str, sql: &str) {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let mut conn = sqlx::AnyConnection::connect(base)
            .await
            .unwrap_or_else(|e| panic!("{TEST_DATABASE_ENV} does not answer: {e}"));
        conn.execute(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        let _ = conn.close().await;
    });
}

impl TestDatabase {
    /// A fresh SQLite file in a temporary folder.
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("test.db").display());
        Self {
            label: "sqlite",
            url,
            dir,
            schema: None,
        }
    }

    /// A fresh schema on the PostgreSQL server at `base`.
    pub fn postgres(base: &str) -> Self {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let schema = format!("t_{}_{}_{}", std::process::id(), n, nanos);
        postgres_statement(base, &format!("CREATE SCHEMA {schema}"));
        let separator = if base.contains('?') { '&' } else { '?' };
        let url = format!("{base}{separator}options=-c%20search_path%3D{schema}");
        Self {
            label: "postgres",
            url,
            dir: tempfile::tempdir().expect("a temporary folder"),
            schema: Some((base.to_string(), schema)),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.schema {
            postgres_statement(base, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// A fresh database on every backend under test.
pub fn databases() -> Vec<TestDatabase> {
    let mut all = vec![TestDatabase::sqlite()];
    match std::env::var(TEST_DATABASE_ENV) {
        Ok(base) if !base.is_empty() => all.push(TestDatabase::postgres(&base)),
        _ => {}
    }
    all
}

/// The database at `url` as an earlier release left it: the migrations up
/// to and including `version` applied, no later one. Opening it with
/// [`crate::Store::open`] then runs the rest, as an upgrade does.
pub async fn at_schema_version(url: &str, version: i64) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let (backend, url) = crate::connect::normalise(url).expect("a database address");
    let pool = crate::connect::pool(backend, &url).await.expect("a pool");
    crate::migrate::migrator_until(backend, version)
        .await
        .expect("the migrations")
        .run(&pool)
        .await
        .expect("the earlier schema");
    pool
}
