//! Opening a store from a URL: `sqlite://path` (or a plain path) or
//! `postgres://…`.

use crate::error::StoreError;
use crate::migrate::migrator;
use crate::tx::Tx;
use domain::{ReferenceItem, Vocabulary};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyConnection, AnyPool, Connection, Executor, Row};

/// Which database is behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (WAL).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// The store: a pool of connections to one database, migrated to the
/// current schema.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    /// Where sessions and failed sign-ins are kept: on SQLite a file of
    /// their own, on PostgreSQL the same database.
    sessions: AnyPool,
    backend: Backend,
}

/// The tables of the SQLite sessions file (the same as in the main
/// database's migrations 0004 and 0011, where they are no longer used on SQLite).
const SQLITE_SESSIONS: &[&str] = &[
    "CREATE TABLE IF NOT EXISTS sessions (id_hash TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at)",
    "DROP TABLE IF EXISTS sign_in_failures",
    "CREATE TABLE IF NOT EXISTS sign_in_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, blocked_until INTEGER NOT NULL, last_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sign_in_throttle_last ON sign_in_throttle (last_at)",
];

/// The URL of the sessions file beside a SQLite database: `FILE-sessions`.
fn sessions_url(url: &str) -> String {
    match url.split_once('?') {
        Some((path, options)) => format!("{path}-sessions?{options}"),
        None => format!("{url}-sessions"),
    }
}

/// The URL with any password replaced by `***`, for messages and logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{}:***{}", &url[..scheme + 3], user, &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

pub(crate) fn normalise(url: &str) -> Result<(Backend, String), StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.is_empty() || path.contains("://") {
        return Err(StoreError::BadUrl {
            url: redact(url),
            detail: "use sqlite://FILE or postgres://USER@HOST/DATABASE".into(),
        });
    }
    let separator = if path.contains('?') { '&' } else { '?' };
    let options = if path.contains("mode=") {
        String::new()
    } else {
        format!("{separator}mode=rwc")
    };
    Ok((Backend::Sqlite, format!("sqlite://{path}{options}")))
}

/// A pool of connections to `url`, SQLite ones in WAL mode with deleted
/// content overwritten.
pub(crate) async fn pool(backend: Backend, url: &str) -> Result<AnyPool, StoreError> {
    AnyPoolOptions::new()
        .max_connections(4)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    conn.execute("PRAGMA busy_timeout = 30000").await?;
                    // Deleted content is overwritten with zeros, so that
                    // an erased client cannot be read from the file.
                    conn.execute("PRAGMA secure_delete = ON").await?;
                }
                Ok(())
            })
        })
        .connect(url)
        .await
        .map_err(|e| StoreError::BadUrl {
            url: redact(url),
            detail: e.to_string(),
        })
}

impl Store {
    /// Opens (and for SQLite creates) the database and applies pending
    /// migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = normalise(url)?;
        // One plain connection first: it fails at once with the real cause
        // (refused, unknown host, bad password), where the pool would retry
        // until its timeout and report only that.
        let probe = AnyConnection::connect(&url)
            .await
            .map_err(|e| StoreError::BadUrl {
                url: redact(&url),
                detail: e.to_string(),
            })?;
        let _ = probe.close().await;
        let pool = pool(backend, &url).await?;
        migrator(backend).await?.run(&pool).await?;
        let sessions = match backend {
            Backend::Postgres => pool.clone(),
            Backend::Sqlite => {
                let sessions = self::pool(backend, &sessions_url(&url)).await?;
                for statement in SQLITE_SESSIONS {
                    sessions.execute(*statement).await?;
                }
                sessions
            }
        };
        Ok(Self {
            pool,
            sessions,
            backend,
        })
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying pool, for tests and maintenance.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The pool of sessions and failed sign-ins. On SQLite their own file
    /// beside the database: a page's session write then never waits for
    /// an import that holds the database's one write lock for its rows.
    pub fn sessions_pool(&self) -> &AnyPool {
        &self.sessions
    }

    /// Starts a write transaction: all of it is committed, or none.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Tx::begin(&self.pool, self.backend).await
    }

    /// The data version: a number that changes with every committed write.
    pub async fn data_version(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT data_version FROM installation WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// The fingerprint of the installation secret this database was
    /// initialised with, if any.
    pub async fn secret_fingerprint(&self) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("SELECT secret_fingerprint FROM installation WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get::<Option<String>, _>(0)?)
    }

    /// Records the fingerprint of the installation secret.
    pub async fn set_secret_fingerprint(&self, fingerprint: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE installation SET secret_fingerprint = $1 WHERE id = 1")
            .bind(fingerprint.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The reference lists in force (ZRM domains, PG dimensions).
    pub async fn vocabulary(&self) -> Result<Vocabulary, StoreError> {
        let read = |rows: Vec<AnyRow>| -> Result<Vec<ReferenceItem>, StoreError> {
            rows.iter()
                .map(|r| {
                    let aliases: String = r.try_get(2)?;
                    Ok(ReferenceItem {
                        code: r.try_get(0)?,
                        name: r.try_get(1)?,
                        aliases: aliases
                            .split('|')
                            .filter(|a| !a.is_empty())
                            .map(String::from)
                            .collect(),
                    })
                })
                .collect()
        };
        let zrm = sqlx::query("SELECT code, name, aliases FROM zrm_domains ORDER BY position")
            .fetch_all(&self.pool)
            .await?;
        let pg = sqlx::query("SELECT code, name, aliases FROM pg_dimensions ORDER BY position")
            .fetch_all(&self.pool)
            .await?;
        Ok(Vocabulary {
            zrm_domains: read(zrm)?,
            pg_dimensions: read(pg)?,
        })
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
        self.sessions.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_normalised_and_passwords_redacted() {
        assert_eq!(
            normalise("impactmonitor.db").unwrap().1,
            "sqlite://impactmonitor.db?mode=rwc"
        );
        assert_eq!(
            normalise("sqlite://x.db").unwrap().1,
            "sqlite://x.db?mode=rwc"
        );
        assert_eq!(normalise("postgres://u@h/d").unwrap().0, Backend::Postgres);
        assert!(normalise("mysql://h/d").is_err());
        assert_eq!(redact("postgres://u:secret@h/d"), "postgres://u:***@h/d");
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
    }
}
