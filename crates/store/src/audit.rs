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
    /// Only this actor (a user name finds `web:` and `cli:` too).
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
    /// The kinds of action the audit log holds, in order.
    pub async fn audit_actions(&self) -> Result<Vec<String>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// The audit log's entries that pass the filter, oldest first. The
    /// actor is a user name: its work in the web (`web:NAME`) and on the
    /// command line (`cli:NAME`) is found too.
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let mut conditions = Vec::new();
        let mut values: Vec<String> = Vec::new();
        // Each `?` of a condition takes the next value.
        let mut condition = |sql: &str, given: Vec<String>| {
            let mut sql = sql.to_string();
            for value in given {
                values.push(value);
                sql = sql.replacen('?', &format!("${}", values.len()), 1);
            }
            conditions.push(sql);
        };
        if let Some(a) = &filter.actor {
            // A user name finds its work in the web and on the command line.
            let names = vec![a.clone(), format!("web:{a}"), format!("cli:{a}")];
            condition("actor IN (?, ?, ?)", names);
        }
        if let Some(a) = &filter.action {
            condition("action = ?", vec![a.clone()]);
        }
        if let Some(d) = &filter.since {
            condition("at >= ?", vec![d.clone()]);
        }
        if let Some(d) = &filter.until {
            // The whole day: every time stamp of it sorts before the next character.
            condition("at < ?", vec![format!("{d}~")]);
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
