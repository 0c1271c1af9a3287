//! Dated versions of the DIN: a coordinator publishes the network as it is
//! on a day, and compares two versions side by side.

use crate::access::Access;
use crate::clock::{local_time, person};
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::records::{widget, Widget};
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::{Coded, DinSnapshot, EffortCategory, GoalType, Nature, PartnerLine, PartnerSector};
use interchange::FileKind;
use publish::din::{compare, Change, DinChange};
use publish::Messages;
use std::collections::HashMap;

/// `POST /organisations/{org}/din-versions`: publishes the DIN as of a day.
pub async fn publish_version(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let day = domain::parse_date(form.get("as_of")).map_err(|_| PageError::BadInput)?;
    let organisation = &access.organisation().code;
    importer::publish_din_version(
        &app.store,
        organisation,
        day,
        chrono::Local::now().date_naive(),
        &format!("web:{}", access.actor()),
    )
    .await?;
    Ok(Redirect::to(&format!(
        "/organisations/{}/din?published={day}",
        organisation.as_str()
    ))
    .into_response())
}

#[derive(Template)]
#[template(path = "din_compare.html")]
struct ComparePage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    from: String,
    to: String,
    /// Each change with who last changed the item and when, up to the
    /// later version's day ("coordinator, 3 maart 2023 14:05").
    changes: Vec<(DinChange, String)>,
}

impl ComparePage<'_> {
    fn what(&self, change: &Change) -> String {
        let key = match change {
            Change::Added => "din.added",
            Change::Removed => "din.removed",
            Change::Changed(_) => "din.changed",
            Change::Stopped { .. } => "din.stopped",
        };
        self.chrome.t(key)
    }
}

/// The file kind of a compared part of the DIN.
fn file_kind(kind: &str) -> FileKind {
    match kind {
        "themes" => FileKind::Themes,
        "goals" => FileKind::Goals,
        "efforts" => FileKind::Efforts,
        _ => FileKind::Partners,
    }
}

/// A value of one of the DIN's kinds of choice (stored as the Rust name of
/// its variant) by its label, e.g. `Performance` as "Prestatiedoel".
fn chosen<T: Coded + serde::de::DeserializeOwned>(value: &str, m: &Messages, list: &str) -> String {
    serde_json::from_value::<T>(serde_json::Value::String(value.to_string()))
        .map_or_else(|_| value.to_string(), |t| m.label(list, t.code()))
}

/// A compared value as a person reads it: choices by their label, codes of
/// themes, goals, partners, domains and dimensions by name, a target's
/// parts by their Dutch (or English) names.
fn readable_value(
    kind: FileKind,
    field: &str,
    value: &str,
    records: &store::OrganisationRecords,
    vocabulary: &domain::Vocabulary,
    m: &Messages,
) -> String {
    match field {
        "goal_type" => chosen::<GoalType>(value, m, "goal_type"),
        "category" => chosen::<EffortCategory>(value, m, "category"),
        "nature" => chosen::<Nature>(value, m, "nature"),
        "sector" => chosen::<PartnerSector>(value, m, "sector"),
        "line" => chosen::<PartnerLine>(value, m, "line"),
        "target" => value
            .split("; ")
            .filter_map(|part| part.split_once(": "))
            .map(|(name, v)| format!("{}: {v}", m.label("field", &format!("target_{name}"))))
            .collect::<Vec<_>>()
            .join("; "),
        _ => match widget(kind, field, records, vocabulary, m) {
            Widget::One(list) | Widget::Any(list) => value
                .split(", ")
                .map(|code| {
                    list.iter()
                        .find(|(c, _)| c == code)
                        .map_or_else(|| code.to_string(), |(_, name)| name.clone())
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => value.to_string(),
        },
    }
}

/// Who last changed the item of a change, and when, up to the end of
/// `until` (the later version's day), from the audit log; empty when the
/// log holds nothing of it (a version made from files without a user).
async fn last_change(
    app: &AppState,
    organisation: &domain::OrganisationCode,
    change: &DinChange,
    until: &str,
    m: &Messages,
) -> Result<String, PageError> {
    // The audit log names a row by its key: a theme by code and year.
    let key = change.id.replace(' ', "/");
    let filter = store::AuditFilter {
        action: Some(format!("change {}", change.kind)),
        contains: Some(format!("{} {}/{key}", change.kind, organisation.as_str())),
        until: Some(until.to_string()),
        ..Default::default()
    };
    let entries = app.store.audit_log(&filter).await?;
    Ok(entries.last().map_or_else(String::new, |e| {
        format!("{}, {}", person(&e.actor, m), local_time(&e.at, m))
    }))
}

/// A change with its values by name.
fn readable(
    mut change: DinChange,
    records: &store::OrganisationRecords,
    vocabulary: &domain::Vocabulary,
    m: &Messages,
) -> DinChange {
    let kind = file_kind(change.kind);
    if let Change::Changed(fields) = &mut change.change {
        for (name, before, after) in fields.iter_mut() {
            *before = readable_value(kind, name, before, records, vocabulary, m);
            *after = readable_value(kind, name, after, records, vocabulary, m);
        }
    }
    change
}

fn snapshot(versions: &[(String, String)], day: &str) -> Result<DinSnapshot, PageError> {
    let (_, json) = versions
        .iter()
        .find(|(d, _)| d == day)
        .ok_or(PageError::NotFound)?;
    serde_json::from_str(json).map_err(|e| PageError::internal("din version", e))
}

/// `GET /organisations/{org}/din-compare?from=DAY&to=DAY`.
pub async fn compare_versions(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let organisation = access.organisation();
    let versions = app.store.din_versions(&organisation.code).await?;
    let from = query.get("from").cloned().unwrap_or_default();
    let to = query.get("to").cloned().unwrap_or_default();
    let (records, vocabulary) = crate::pages::records_of(&app, &access).await?;
    let m = access.chrome.m;
    let mut changes = Vec::new();
    for change in compare(&snapshot(&versions, &from)?, &snapshot(&versions, &to)?) {
        let who = last_change(&app, &organisation.code, &change, &to, m).await?;
        changes.push((readable(change, &records, &vocabulary, m), who));
    }
    render(&ComparePage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        from,
        to,
        changes,
    })
}
