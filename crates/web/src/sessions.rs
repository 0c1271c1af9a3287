//! Sessions in the database (tower-sessions over our [`Store`]), so that
//! several `serve` processes share them. The table holds the SHA-256 of
//! each session id, never the id a browser presents.

use async_trait::async_trait;
use store::{Store, StoredSession};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Error, Result, SessionStore};

/// The session store of the application.
#[derive(Debug, Clone)]
pub struct DbSessions {
    store: Store,
}

impl DbSessions {
    /// Sessions kept in this store.
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

fn hashed(id: &Id) -> String {
    crate::access::digest(&id.to_string())
}

fn stored(record: &Record) -> Result<StoredSession> {
    Ok(StoredSession {
        data: serde_json::to_string(&record.data).map_err(|e| Error::Encode(e.to_string()))?,
        expires_at: record.expiry_date.unix_timestamp(),
    })
}

fn backend(e: store::StoreError) -> Error {
    Error::Backend(e.to_string())
}

fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

#[async_trait]
impl SessionStore for DbSessions {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let session = stored(record)?;
        while !self
            .store
            .create_session(&hashed(&record.id), &session)
            .await
            .map_err(backend)?
        {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.store
            .save_session(&hashed(&record.id), &stored(record)?)
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let Some(found) = self
            .store
            .session(&hashed(id), now())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *id,
            data: serde_json::from_str(&found.data).map_err(|e| Error::Decode(e.to_string()))?,
            expiry_date: OffsetDateTime::from_unix_timestamp(found.expires_at)
                .map_err(|e| Error::Decode(e.to_string()))?,
        }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.store
            .delete_session(&hashed(id))
            .await
            .map_err(backend)
    }
}

/// Removes expired sessions, old failed sign-ins and uploads never
/// confirmed, once an hour.
pub fn spawn_cleanup(store: Store) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            let now = now();
            if let Err(e) = store.delete_expired_sessions(now, now - 24 * 3600).await {
                tracing::warn!("removing expired sessions failed: {e}");
            }
            if let Err(e) = store.delete_old_uploads(now - 24 * 3600).await {
                tracing::warn!("removing unconfirmed uploads failed: {e}");
            }
        }
    });
}
