//! API tokens for admins: a token is made for a user (it reads the JSON API
//! with that user's role and organisations), shown once, and can be
//! revoked. The list never shows a token, only its id.

use crate::access::{api_token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::Username;
use store::ApiToken;

#[derive(Template)]
#[template(path = "tokens.html")]
struct TokensPage<'a> {
    chrome: &'a Chrome,
    tokens: Vec<ApiToken>,
    users: Vec<String>,
    /// The token just made: its id and the token itself (shown once).
    made: Option<(String, String)>,
    /// The form as sent, and the message of each refused field.
    user: String,
    label: String,
    errors: Vec<(&'static str, String)>,
}

impl TokensPage<'_> {
    fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn page(app: &AppState, access: &Access, form: Form) -> Result<Response, PageError> {
    let tokens = app.store.api_tokens().await?;
    let users = app
        .store
        .accounts()
        .await?
        .into_iter()
        .map(|a| a.username.as_str().to_string())
        .collect();
    render(&TokensPage {
        chrome: &access.chrome,
        tokens,
        users,
        made: form.made,
        user: form.user,
        label: form.label,
        errors: form.errors,
    })
}

#[derive(Default)]
struct Form {
    made: Option<(String, String)>,
    user: String,
    label: String,
    errors: Vec<(&'static str, String)>,
}

/// `GET /admin/tokens`.
pub async fn list(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    page(&app, &access, Form::default()).await
}

/// `POST /admin/tokens`: makes a token for the user chosen.
pub async fn create(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let data = FormData::parse(&body);
    let m = access.chrome.m;
    let mut form = Form {
        user: data.get("user").trim().to_string(),
        label: data.get("label").trim().to_string(),
        ..Form::default()
    };
    let user = match Username::parse(&form.user) {
        Ok(u) if app.store.account(&u).await?.is_some() => Some(u),
        _ => {
            form.errors
                .push(("user", m.get("tokens.no_user").to_string()));
            None
        }
    };
    if form.label.is_empty() || form.label.chars().count() > 100 {
        form.errors
            .push(("label", m.get("tokens.bad_label").to_string()));
    }
    if let (Some(user), true) = (user, form.errors.is_empty()) {
        let (id, token, hash) = api_token();
        let mut tx = app.store.begin().await?;
        let actor = format!("web:{}", access.actor());
        tx.create_api_token(&id, &hash, &user, &form.label, &actor)
            .await?;
        tx.commit().await?;
        form = Form {
            made: Some((id, token)),
            ..Form::default()
        };
    }
    page(&app, &access, form).await
}

/// `POST /admin/tokens/revoke`: revokes the token `id` (an id that is
/// not an active token is a bad request).
pub async fn revoke(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let data = FormData::parse(&body);
    let mut tx = app.store.begin().await?;
    let done = tx
        .revoke_api_token(data.get("id"), &format!("web:{}", access.actor()))
        .await?;
    tx.commit().await?;
    if !done {
        return Err(PageError::BadInput);
    }
    Ok(Redirect::to("/admin/tokens").into_response())
}
