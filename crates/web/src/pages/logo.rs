//! The organisation's logo on the title page of its PDFs, for its
//! coordinator: upload a PNG, JPEG or SVG file of at most 1 MB, or remove
//! it. A change is in the audit log.

use crate::access::Access;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;

#[derive(Template)]
#[template(path = "logo.html")]
struct LogoPage<'a> {
    chrome: &'a Chrome,
    organisation: &'a str,
    /// The size of the logo now set, in kB.
    current: Option<usize>,
    /// What was done, or why not.
    done: Option<String>,
    error: Option<String>,
}

async fn page(
    app: &AppState,
    access: &Access,
    done: Option<&str>,
    error: Option<&str>,
) -> Result<Response, PageError> {
    let organisation = &access.organisation().code;
    let current = app
        .store
        .logo(organisation)
        .await?
        .map(|b| b.len().div_ceil(1024));
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    let body = render(&LogoPage {
        chrome: &access.chrome,
        organisation: organisation.as_str(),
        current,
        done: done.map(|k| access.chrome.t(k)),
        error: error.map(|k| access.chrome.t(k)),
    })?;
    Ok((status, body).into_response())
}

/// `GET /organisations/{org}/logo`.
pub async fn form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    page(&app, &access, None, None).await
}

/// `POST /organisations/{org}/logo?csrf=…` (multipart): sets the logo.
pub async fn upload(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut multipart = multipart.map_err(|_| PageError::BadInput)?;
    let mut image = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| PageError::BadInput)?
    {
        if field.name() == Some("logo") {
            image = field
                .bytes()
                .await
                .map_err(|_| PageError::BadInput)?
                .to_vec();
        }
    }
    let problem = if image.is_empty() {
        Some("logo.none")
    } else if image.len() > publish::pdf::LOGO_LIMIT {
        Some("logo.too_large")
    } else if !publish::pdf::is_logo(&image) {
        Some("logo.not_an_image")
    } else {
        None
    };
    if problem.is_some() {
        return page(&app, &access, None, problem).await;
    }
    save(&app, &access, Some(&image)).await?;
    page(&app, &access, Some("logo.saved"), None).await
}

/// `POST /organisations/{org}/logo/remove`: removes the logo.
pub async fn remove(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    save(&app, &access, None).await?;
    page(&app, &access, Some("logo.removed"), None).await
}

async fn save(app: &AppState, access: &Access, image: Option<&[u8]>) -> Result<(), PageError> {
    let mut tx = app.store.begin().await?;
    let actor = format!("web:{}", access.actor());
    tx.set_logo(&access.organisation().code, image, &actor)
        .await?;
    tx.commit().await?;
    Ok(())
}
