//! Signing in and out, and the language switch. Sign-in is limited by the
//! [`crate::throttle`] (counted in the database, so every server process
//! applies the same limit) and checks a bounded number of passwords at
//! once ([`crate::state::Passwords`]).

use crate::access::{keys, token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use crate::PeerAddress;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
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

/// How long a sign-in waits for its turn to have its password checked
/// before it is answered "busy".
const TURN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The source address of a request: the last address of the proxy's
/// header when the installation names one, else the connection's peer.
fn source(headers: &HeaderMap, peer: Option<&PeerAddress>, header: Option<&str>) -> String {
    let forwarded = header
        .and_then(|name| headers.get(name))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|a| !a.is_empty());
    match (forwarded, peer) {
        (Some(address), _) => address.to_string(),
        (None, Some(peer)) => peer.0.ip().to_string(),
        (None, None) => "unknown".to_string(),
    }
}

/// A wait in words: "40 seconden", "3 minuten".
fn wait_in_words(chrome: &Chrome, seconds: i64) -> String {
    let (key, n) = match seconds {
        s if s <= 1 => ("sign_in.wait_one_second", 1),
        s if s < 60 => ("sign_in.wait_seconds", s),
        s => ("sign_in.wait_minutes", (s + 59) / 60),
    };
    chrome.t(key).replace("{n}", &n.to_string())
}

/// The sign-in page again with a message and a status, and when given
/// the seconds to wait before trying again (`Retry-After`).
fn refused(
    chrome: &Chrome,
    name: String,
    status: StatusCode,
    error: String,
    retry_after: Option<i64>,
) -> Result<Response, PageError> {
    let page = SignInPage {
        chrome,
        username: name,
        error: Some(error),
        signed_out: false,
    };
    let mut response = (status, render(&page)?).into_response();
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    }
    Ok(response)
}

/// `POST /sign-in`: the attempt is counted by the throttle first, then its
/// password is checked in one of a bounded number of turns.
pub async fn submit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    peer: Option<Extension<PeerAddress>>,
    headers: HeaderMap,
    session: Session,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let name = form.get("username").to_lowercase();
    let chrome = &access.chrome;
    let header = app.settings.client_address_header.as_deref();
    let source = source(&headers, peer.as_deref(), header);
    if let Err(wait) = app
        .throttle
        .count(&app.store, &name, &source, now())
        .await?
    {
        let text = chrome
            .t("sign_in.locked")
            .replace("{wait}", &wait_in_words(chrome, wait));
        return refused(
            chrome,
            name,
            StatusCode::TOO_MANY_REQUESTS,
            text,
            Some(wait),
        );
    }
    let account = match Username::parse(&name) {
        Ok(u) => app.store.account(&u).await?,
        Err(_) => None,
    };
    let Ok(Ok(turn)) = tokio::time::timeout(TURN_WAIT, app.passwords.turns.acquire()).await else {
        let busy = chrome.t("sign_in.busy");
        return refused(chrome, name, StatusCode::SERVICE_UNAVAILABLE, busy, Some(5));
    };
    // argon2 takes tens of milliseconds: off the threads that serve pages.
    let password = form.raw("password").to_string();
    let hash = account.as_ref().map(|a| a.password_hash.clone());
    let passwords = app.passwords.clone();
    let good = tokio::task::spawn_blocking(move || {
        passwords
            .checker
            .sign_in_matches(&password, hash.as_deref())
    })
    .await
    .map_err(|e| PageError::internal("sign-in", e))?;
    drop(turn);
    if !good {
        let wrong = chrome.t("sign_in.wrong");
        return refused(chrome, name, StatusCode::UNAUTHORIZED, wrong, None);
    }
    app.throttle.passed(&app.store, &name, &source).await?;
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

/// A path on this site to return to (never another site): one `/`
/// followed by anything but a second `/` or `\\`, in visible ASCII only (a
/// browser drops tabs and line breaks from an address, so `/\t/host`
/// would be `//host`, another site). Anything else returns to the start.
fn local(back: Option<&String>) -> String {
    match back {
        Some(b)
            if b.starts_with('/')
                && !b[1..].starts_with(['/', '\\'])
                && !b.contains('\\')
                && b.chars().all(|c| c.is_ascii_graphic()) =>
        {
            b.clone()
        }
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

#[cfg(test)]
mod tests {
    use super::local;

    #[test]
    fn only_a_local_path_is_returned_to() {
        for good in ["/", "/organisations/deschans/dashboard?year=2022"] {
            assert_eq!(local(Some(&good.to_string())), good);
        }
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/\r\nSet-Cookie: x=1",
            "https://evil.example",
            "/ /evil.example",
            "/é",
            "",
        ] {
            assert_eq!(local(Some(&bad.to_string())), "/", "{bad:?}");
        }
        assert_eq!(local(None), "/");
    }
}
