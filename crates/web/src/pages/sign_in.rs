//! Signing in and out, and the language switch. Sign-in is limited: after
//! a number of failed attempts for one user name within a window, further
//! attempts are refused until the window has passed (counted in the
//! database, so every server process applies the same limit).

use crate::access::{keys, token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::Username;
use publish::Lang;
use std::collections::HashMap;
use tower_sessions::Session;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage<'a> {
    chrome: &'a Chrome,
    username: String,
    error: Option<String>,
    signed_out: bool,
}

/// `GET /sign-in` (`?signed-out` after signing out).
pub async fn form(
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    render(&SignInPage {
        chrome: &access.chrome,
        username: String::new(),
        error: None,
        signed_out: query.contains_key("signed-out"),
    })
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// `POST /sign-in`.
pub async fn submit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    session: Session,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let name = form.get("username").to_lowercase();
    let settings = &app.settings;
    let since = now() - settings.sign_in_window_seconds;
    if app.store.sign_in_failures(&name, since).await? >= settings.sign_in_attempts {
        let page = SignInPage {
            chrome: &access.chrome,
            username: name,
            error: Some(access.chrome.t("sign_in.locked")),
            signed_out: false,
        };
        return Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response());
    }
    let account = match Username::parse(&name) {
        Ok(u) => app.store.account(&u).await?,
        Err(_) => None,
    };
    // argon2 takes tens of milliseconds: off the threads that serve pages.
    let password = form.get("password").to_string();
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let good = tokio::task::spawn_blocking(move || {
        domain::account::sign_in_matches(&password, hash.as_deref())
    })
    .await
    .map_err(|e| PageError::internal("sign-in", e))?;
    if !good {
        app.store.record_sign_in_failure(&name, now()).await?;
        let page = SignInPage {
            chrome: &access.chrome,
            username: name,
            error: Some(access.chrome.t("sign_in.wrong")),
            signed_out: false,
        };
        return Ok((StatusCode::UNAUTHORIZED, render(&page)?).into_response());
    }
    app.store.clear_sign_in_failures(&name).await?;
    let fail = |e| PageError::internal("session", e);
    session.cycle_id().await.map_err(fail)?;
    session.insert(keys::USER, &name).await.map_err(fail)?;
    session.insert(keys::CSRF, token(32)).await.map_err(fail)?;
    Ok(Redirect::to("/").into_response())
}

/// `POST /sign-out`.
pub async fn sign_out(session: Session) -> Result<Response, PageError> {
    session
        .flush()
        .await
        .map_err(|e| PageError::internal("session", e))?;
    Ok(Redirect::to("/sign-in?signed-out").into_response())
}

/// A path on this site to return to (never another site).
fn local(back: Option<&String>) -> String {
    match back {
        Some(b) if b.starts_with('/') && !b.starts_with("//") && !b.contains('\\') => b.clone(),
        _ => "/".to_string(),
    }
}

/// `GET /language/{code}?back=PATH`: switches the language and returns.
pub async fn language(
    session: Session,
    Path(code): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let lang = Lang::parse(&code).ok_or(PageError::NotFound)?;
    session
        .insert(keys::LANG, lang.code())
        .await
        .map_err(|e| PageError::internal("session", e))?;
    Ok(Redirect::to(&local(query.get("back"))).into_response())
}
