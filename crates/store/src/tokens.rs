//! Tokens for machine clients of the JSON API. An administrator creates one
//! for a user; it acts with that user's role and organisations, and only
//! its SHA-256 is kept (the web crate hashes), so a copy of the database
//! hands out no working token. Creating and revoking are in the audit log.

use crate::error::StoreError;
use crate::tx::Tx;
use crate::Store;
use domain::Username;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A token as an administrator sees it: never the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its public id, e.g. `3f9a1c2e` (the start of the token).
    pub id: String,
    /// Whose role and organisations it acts with.
    pub username: String,
    /// What it is for, in the administrator's words.
    pub label: String,
    /// When it was made (UTC).
    pub created_at: String,
    /// By whom.
    pub created_by: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

const COLUMNS: &str = "id, username, label, created_at, created_by, revoked_at";

fn token(row: &AnyRow) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.try_get(0)?,
        username: row.try_get(1)?,
        label: row.try_get(2)?,
        created_at: row.try_get(3)?,
        created_by: row.try_get(4)?,
        revoked_at: row.try_get(5)?,
    })
}

impl Store {
    /// Every token, newest first.
    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_tokens ORDER BY created_at DESC, id"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(token).collect()
    }

    /// The user of a token that is not revoked, found by the token's hash.
    pub async fn api_token_user(&self, token_hash: &str) -> Result<Option<String>, StoreError> {
        let row = sqlx::query(
            "SELECT username FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash.to_string())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }
}

impl Tx {
    /// Stores a new token for a user: its public id, the hash of the whole
    /// token and what it is for.
    pub async fn create_api_token(
        &mut self,
        id: &str,
        token_hash: &str,
        user: &Username,
        label: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens (id, token_hash, username, label, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id.to_string())
        .bind(token_hash.to_string())
        .bind(user.as_str().to_string())
        .bind(label.to_string())
        .bind(crate::tx::now())
        .bind(actor.to_string())
        .execute(&mut *self.tx)
        .await?;
        let detail = format!("{id} for {} ({label})", user.as_str());
        self.audit(actor, "api token created", &detail).await
    }

    /// Revokes a token; `false` when there is no such token not yet revoked.
    pub async fn revoke_api_token(&mut self, id: &str, actor: &str) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
        )
        .bind(crate::tx::now())
        .bind(id.to_string())
        .execute(&mut *self.tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        self.audit(actor, "api token revoked", id).await?;
        Ok(true)
    }
}
