//! Dated versions of the DIN: a coordinator publishes the network as it is
//! on a day, and compares two versions side by side.

use crate::access::Access;
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::DinSnapshot;
use publish::din::{compare, Change, DinChange};
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
    changes: Vec<DinChange>,
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
    let changes = compare(&snapshot(&versions, &from)?, &snapshot(&versions, &to)?);
    render(&ComparePage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        from,
        to,
        changes,
    })
}
