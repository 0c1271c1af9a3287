//! The audit log for admins: who changed what and when, with before and
//! after, filtered by user, action, period and text.

use crate::access::Access;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use std::collections::HashMap;
use store::{AuditEntry, AuditFilter};

/// The newest entries shown at most.
const SHOWN: usize = 500;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    chrome: &'a Chrome,
    query: HashMap<String, String>,
    entries: Vec<AuditEntry>,
    total: usize,
}

impl AuditPage<'_> {
    fn value(&self, name: &str) -> String {
        self.query.get(name).cloned().unwrap_or_default()
    }
}

fn given(query: &HashMap<String, String>, name: &str) -> Option<String> {
    query
        .get(name)
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `GET /admin/audit?actor=&action=&since=&until=&text=`.
pub async fn audit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let filter = AuditFilter {
        actor: given(&query, "actor"),
        action: given(&query, "action"),
        since: given(&query, "since"),
        until: given(&query, "until"),
        contains: given(&query, "text"),
    };
    let mut entries = app.store.audit_log(&filter).await?;
    let total = entries.len();
    entries.reverse();
    entries.truncate(SHOWN);
    render(&AuditPage {
        chrome: &access.chrome,
        query,
        entries,
        total,
    })
}
