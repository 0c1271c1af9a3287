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

    /// Removes the sessions that expired before `now`, and failed sign-ins
    /// older than `forget_before`.
    pub async fn delete_expired_sessions(
        &self,
        now: i64,
        forget_before: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.sessions_pool())
            .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE failed_at < $1")
            .bind(forget_before)
            .execute(self.sessions_pool())
            .await?;
        Ok(())
    }

    /// How often sign-in failed for this user name since `since`.
    pub async fn sign_in_failures(&self, username: &str, since: i64) -> Result<i64, StoreError> {
        let row = sqlx::query(
            "SELECT COUNT(*) FROM sign_in_failures WHERE username = $1 AND failed_at >= $2",
        )
        .bind(username.to_string())
        .bind(since)
        .fetch_one(self.sessions_pool())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Records a failed sign-in for this user name (known or not).
    pub async fn record_sign_in_failure(&self, username: &str, at: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sign_in_failures (username, failed_at) VALUES ($1, $2)")
            .bind(username.to_string())
            .bind(at)
            .execute(self.sessions_pool())
            .await?;
        Ok(())
    }

    /// Forgets the failed sign-ins of a user name after a good one.
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sign_in_failures WHERE username = $1")
            .bind(username.to_string())
            .execute(self.sessions_pool())
            .await?;
        Ok(())
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
