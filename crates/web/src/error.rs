//! How errors become responses: one place. A page that does not exist, or
//! belongs to a tenant the user may not see, is "not found" (never
//! "forbidden", which would tell it exists); an internal error is logged
//! with an id and shown as a short message with that id, never a trace.

use crate::pages::layout::{message_page, Chrome};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// Why a request did not get its page.
#[derive(Debug, Clone)]
pub enum PageError {
    /// No such page, or not for this user.
    NotFound,
    /// The page needs a signed-in user.
    SignIn,
    /// Signed in, but the role may not do this (on routes that name no
    /// tenant, so saying so reveals nothing).
    Forbidden,
    /// A value sent that no form of ours sends (the forms check their
    /// fields themselves and show the messages next to them).
    BadInput,
    /// The form's CSRF token was missing or wrong.
    BadToken,
    /// Too many failed sign-ins.
    TooManyAttempts,
    /// Something failed inside; logged with its id.
    Internal(String),
}

impl PageError {
    /// An internal error: logs it with a fresh id and keeps the id for the
    /// page.
    pub fn internal(context: &str, error: impl std::fmt::Display) -> Self {
        let id = crate::access::token(6);
        tracing::error!(error_id = %id, "{context}: {error}");
        Self::Internal(id)
    }
}

impl From<store::StoreError> for PageError {
    fn from(e: store::StoreError) -> Self {
        Self::internal("store", e)
    }
}

impl From<crate::publications::Missing> for PageError {
    fn from(e: crate::publications::Missing) -> Self {
        match e {
            crate::publications::Missing::NotFound => Self::NotFound,
            crate::publications::Missing::Store(e) => e.into(),
            crate::publications::Missing::Unreadable(e) => Self::internal("frozen", e),
        }
    }
}

impl From<askama::Error> for PageError {
    fn from(e: askama::Error) -> Self {
        Self::internal("template", e)
    }
}

impl PageError {
    /// The response of the JSON API: the status and an [`crate::api::ApiError`]
    /// body (English, for programs).
    pub fn respond_json(self) -> Response {
        let (status, error, message) = match &self {
            Self::NotFound => (
                StatusCode::NOT_FOUND,
                "not_found",
                "no such resource, or not yours",
            ),
            Self::SignIn => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "send a valid token: Authorization: Bearer <token>",
            ),
            Self::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "your role may not do this",
            ),
            Self::BadToken | Self::BadInput => (
                StatusCode::BAD_REQUEST,
                "bad_request",
                "a parameter is missing or not valid",
            ),
            Self::TooManyAttempts => (
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "too many attempts",
            ),
            Self::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "something went wrong inside; the id is in the log",
            ),
        };
        let body = crate::api::ApiError {
            error: error.to_string(),
            message: message.to_string(),
            id: match self {
                Self::Internal(id) => Some(id),
                _ => None,
            },
        };
        let mut response = (status, axum::Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }

    /// The response in the user's language.
    pub fn respond(self, chrome: &Chrome) -> Response {
        let (status, key) = match &self {
            Self::NotFound => (StatusCode::NOT_FOUND, "error.not_found"),
            Self::SignIn => return Redirect::to("/sign-in").into_response(),
            Self::Forbidden => (StatusCode::FORBIDDEN, "error.forbidden"),
            Self::BadToken => (StatusCode::BAD_REQUEST, "error.bad_token"),
            Self::BadInput => (StatusCode::BAD_REQUEST, "error.bad_input"),
            Self::TooManyAttempts => (StatusCode::TOO_MANY_REQUESTS, "error.too_many"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error.internal"),
        };
        let id = match &self {
            Self::Internal(id) => Some(id.clone()),
            _ => None,
        };
        (status, message_page(chrome, key, id)).into_response()
    }
}
