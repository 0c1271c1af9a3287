//! The audit log for admins: who changed what and when, with before and
//! after, filtered by user, kind of action, period and text, newest
//! first, a page at a time, in the page's language.

use crate::access::Access;
use crate::clock::{local_time, person};
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

/// Entries on one page of the log.
const PER_PAGE: usize = 50;

/// An entry as the page shows it: when in the Netherlands' time, who by
/// user name, what kind in words, and the line as the log wrote it.
struct Shown {
    at: String,
    actor: String,
    action: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage<'a> {
    chrome: &'a Chrome,
    query: HashMap<String, String>,
    entries: Vec<Shown>,
    /// The kinds of action to filter by: code and words.
    actions: Vec<(String, String)>,
    /// Addresses of the newer and the older page, when there are.
    newer: Option<String>,
    older: Option<String>,
    /// "Regels 51–100 van 1.021".
    range: String,
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

/// A kind of action in words: `audit.kind.<action>`, a change of a table
/// as "Gewijzigd: registraties"; else the action as the log wrote it.
fn kind(action: &str, m: &publish::Messages) -> String {
    let key = format!("audit.kind.{}", action.replace(' ', "_"));
    if m.has(&key) {
        return m.get(&key).to_string();
    }
    match action.strip_prefix("change ") {
        Some(table) => {
            let words = format!("audit.table.{table}");
            let what = match m.has(&words) {
                true => m.get(&words).to_string(),
                false => table.to_string(),
            };
            m.fill("audit.change", &[("what", what)])
        }
        None => action.to_string(),
    }
}

/// The address of page `n` of the log with the same filters.
fn page_address(query: &HashMap<String, String>, n: usize) -> String {
    let mut address = form_urlencoded::Serializer::new(String::new());
    for (name, value) in query.iter().filter(|(k, _)| k.as_str() != "page") {
        address.append_pair(name, value);
    }
    address.append_pair("page", &n.to_string());
    format!("/admin/audit?{}", address.finish())
}

/// `GET /admin/audit?actor=&action=&since=&until=&text=&page=`: the log,
/// newest first, 50 entries a page.
pub async fn audit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let m = access.chrome.m;
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
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = query
        .get("page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, pages);
    let first = (page - 1) * PER_PAGE;
    let shown: Vec<Shown> = entries
        .into_iter()
        .skip(first)
        .take(PER_PAGE)
        .map(|e: AuditEntry| Shown {
            at: local_time(&e.at, m),
            actor: person(&e.actor, m),
            action: kind(&e.action, m),
            detail: e.detail,
        })
        .collect();
    let range = m.fill(
        "audit.range",
        &[
            ("from", m.whole((first + shown.len().min(1)) as u64)),
            ("to", m.whole((first + shown.len()) as u64)),
            ("total", m.whole(total as u64)),
        ],
    );
    let actions = app
        .store
        .audit_actions()
        .await?
        .into_iter()
        .map(|a| {
            let words = kind(&a, m);
            (a, words)
        })
        .collect();
    render(&AuditPage {
        chrome: &access.chrome,
        newer: (page > 1).then(|| page_address(&query, page - 1)),
        older: (page < pages).then(|| page_address(&query, page + 1)),
        query,
        entries: shown,
        actions,
        range,
    })
}
