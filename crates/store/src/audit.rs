//! Reading the audit log: who changed what, when, filtered for an admin.

use crate::error::StoreError;
use crate::Store;
use sqlx::Row;

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its number, in the order written.
    pub seq: i64,
    /// When (UTC, `YYYY-MM-DDTHH:MM:SSZ`).
    pub at: String,
    /// Who (`cli:jan`, later a user name).
    pub actor: String,
    /// What kind of change: `import`, `user`, …
    pub action: String,
    /// What changed, with before and after where it applies.
    pub detail: String,
}

/// Which entries to read; every part is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only this action.
    pub action: Option<String>,
    /// From this day on (`YYYY-MM-DD`, included).
    pub since: Option<String>,
    /// Up to this day (`YYYY-MM-DD`, included).
    pub until: Option<String>,
    /// Only entries whose detail contains this text (any case).
    pub contains: Option<String>,
}

impl Store {
    /// The audit log's entries that pass the filter, oldest first.
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conditions = Vec::new();
        let mut values: Vec<String> = Vec::new();
        let mut condition = |sql: &str, value: String| {
            values.push(value);
            conditions.push(sql.replace('?', &format!("${}", values.len())));
        };
        if let Some(a) = &filter.actor {
            condition("actor = ?", a.clone());
        }
        if let Some(a) = &filter.action {
            condition("action = ?", a.clone());
        }
        if let Some(d) = &filter.since {
            condition("at >= ?", d.clone());
        }
        if let Some(d) = &filter.until {
            // The whole day: every time stamp of it sorts before the next character.
            condition("at < ?", format!("{d}~"));
        }
        let filter_sql = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT seq, at, actor, action, detail FROM audit_log{filter_sql} ORDER BY seq"
        );
        let mut query = sqlx::query(&sql);
        for v in values {
            query = query.bind(v);
        }
        let rows = query.fetch_all(self.pool()).await?;
        // Text is matched here, not with LIKE: it must not depend on the
        // backend (SQLite's LIKE ignores case, PostgreSQL's does not).
        let wanted = filter.contains.as_deref().map(str::to_lowercase);
        let mut entries = Vec::new();
        for r in &rows {
            let entry = AuditEntry {
                seq: r.try_get(0)?,
                at: r.try_get(1)?,
                actor: r.try_get(2)?,
                action: r.try_get(3)?,
                detail: r.try_get(4)?,
            };
            if wanted
                .as_ref()
                .is_none_or(|w| entry.detail.to_lowercase().contains(w))
            {
                entries.push(entry);
            }
        }
        Ok(entries)
    }
}
