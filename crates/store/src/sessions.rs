//! Web sessions and failed sign-ins, kept in the database so that several
//! `serve` processes behind one load balancer share them (on SQLite in a
//! file of their own beside the database: see [`Store::sessions_pool`]). A session is
//! found by the SHA-256 of its id (the web crate hashes), so that a copy of
//! the database does not hand out live sessions.

use crate::error::StoreError;
use crate::Store;
use sqlx::Row;

/// A stored session: its data (JSON) and when it expires (Unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    /// The session's data as JSON text.
    pub data: String,
    /// When it expires, in seconds since 1970.
    pub expires_at: i64,
}

impl Store {
    /// The session with this id hash, unless it expired before `now`.
    pub async fn session(
        &self,
        id_hash: &str,
        now: i64,
    ) -> Result<Option<StoredSession>, StoreError> {
        let row = sqlx::query(
            "SELECT data, expires_at FROM sessions WHERE id_hash = $1 AND expires_at > $2",
        )
        .bind(id_hash.to_string())
        .bind(now)
        .fetch_optional(self.sessions_pool())
        .await?;
        row.map(|r| {
            Ok(StoredSession {
                data: r.try_get(0)?,
                expires_at: r.try_get(1)?,
            })
        })
        .transpose()
    }

    /// Stores a new session; `false` when the id hash is taken already.
    pub async fn create_session(
        &self,
        id_hash: &str,
        session: &StoredSession,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id_hash) DO NOTHING",
        )
        .bind(id_hash.to_string())
        .bind(session.data.clone())
        .bind(session.expires_at)
        .execute(self.sessions_pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores a session, replacing the one with the same id hash.
    pub async fn save_session(
        &self,
        id_hash: &str,
        session: &StoredSession,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, data, expires_at) VALUES ($1, $2, $3) \
             ON CONFLICT (id_hash) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
        )
        .bind(id_hash.to_string())
        .bind(session.data.clone())
        .bind(session.expires_at)
        .execute(self.sessions_pool())
        .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash.to_string())
            .execute(self.sessions_pool())
            .await?;
        Ok(())
    }

    /// Removes the sessions that expired before `now`, and what the
    /// sign-in throttle knows of keys not tried since `forget_before`.
    pub async fn delete_expired_sessions(
        &self,
        now: i64,
        forget_before: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.sessions_pool())
            .await?;
        sqlx::query("DELETE FROM sign_in_throttle WHERE last_at < $1")
            .bind(forget_before)
            .execute(self.sessions_pool())
            .await?;
        Ok(())
    }
}

/// What the sign-in throttle knows of one key (a source address, a user
/// name, or both): the attempts that count against it, until when the
/// next must wait, and when the last came (Unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Attempts {
    /// Attempts counted (a good password takes its own back).
    pub failures: i64,
    /// No attempt is checked before this moment.
    pub blocked_until: i64,
    /// When the last attempt came.
    pub last_at: i64,
}

impl Store {
    /// What the throttle knows of `key`; `None` when nothing.
    pub async fn attempts(&self, key: &str) -> Result<Option<Attempts>, StoreError> {
        let row = sqlx::query(
            "SELECT failures, blocked_until, last_at FROM sign_in_throttle WHERE key = $1",
        )
        .bind(key.to_string())
        .fetch_optional(self.sessions_pool())
        .await?;
        row.map(|r| {
            Ok(Attempts {
                failures: r.try_get(0)?,
                blocked_until: r.try_get(1)?,
                last_at: r.try_get(2)?,
            })
        })
        .transpose()
    }

    /// Writes `next` for `key` if what is stored is still `seen` (`None`:
    /// nothing stored): one statement, so that of attempts arriving
    /// together exactly one moves the count from what they all read.
    /// Whether this one did.
    pub async fn replace_attempts(
        &self,
        key: &str,
        seen: Option<&Attempts>,
        next: &Attempts,
    ) -> Result<bool, StoreError> {
        let done =
            match seen {
                None => {
                    sqlx::query(
                        "INSERT INTO sign_in_throttle (key, failures, blocked_until, last_at) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING",
                    )
                    .bind(key.to_string())
                    .bind(next.failures)
                    .bind(next.blocked_until)
                    .bind(next.last_at)
                    .execute(self.sessions_pool())
                    .await?
                }
                Some(seen) => sqlx::query(
                    "UPDATE sign_in_throttle SET failures = $2, blocked_until = $3, last_at = $4 \
                     WHERE key = $1 AND failures = $5 AND blocked_until = $6 AND last_at = $7",
                )
                .bind(key.to_string())
                .bind(next.failures)
                .bind(next.blocked_until)
                .bind(next.last_at)
                .bind(seen.failures)
                .bind(seen.blocked_until)
                .bind(seen.last_at)
                .execute(self.sessions_pool())
                .await?,
            };
        Ok(done.rows_affected() == 1)
    }

    /// Takes one counted attempt of `key` back (a good password).
    pub async fn take_back_attempt(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sign_in_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END \
             WHERE key = $1",
        )
        .bind(key.to_string())
        .execute(self.sessions_pool())
        .await?;
        Ok(())
    }

    /// Forgets the keys `key` and those beginning with `key:` (a user
    /// name's own key and its pairs with source addresses); how many.
    pub async fn forget_attempts(&self, key: &str) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sign_in_throttle WHERE key = $1 OR key LIKE $2")
            .bind(key.to_string())
            .bind(format!("{key}:%"))
            .execute(self.sessions_pool())
            .await?;
        Ok(done.rows_affected())
    }
}

impl Store {
    /// Keeps uploaded files (as the web page encoded them) until confirmed.
    pub async fn keep_upload(
        &self,
        id_hash: &str,
        organisation: &str,
        username: &str,
        files: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO uploads (id_hash, organisation, username, files, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id_hash.to_string())
        .bind(organisation.to_string())
        .bind(username.to_string())
        .bind(files.to_string())
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes a kept upload of this user and tenant (it is removed).
    pub async fn take_upload(
        &self,
        id_hash: &str,
        organisation: &str,
        username: &str,
    ) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT files FROM uploads WHERE id_hash = $1 AND organisation = $2 AND username = $3",
        )
        .bind(id_hash.to_string())
        .bind(organisation.to_string())
        .bind(username.to_string())
        .fetch_optional(self.pool())
        .await?;
        sqlx::query("DELETE FROM uploads WHERE id_hash = $1")
            .bind(id_hash.to_string())
            .execute(self.pool())
            .await?;
        row.map(|r| r.try_get(0)).transpose().map_err(Into::into)
    }

    /// Removes uploads kept since before `before` (never confirmed).
    pub async fn delete_old_uploads(&self, before: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM uploads WHERE created_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
