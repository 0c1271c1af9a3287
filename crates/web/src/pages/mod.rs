//! The pages, one module each.

pub mod assets;
pub mod audit;
pub mod home;
pub mod layout;
pub mod publication;
pub mod registration;
pub mod sign_in;

use crate::error::PageError;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// A rendered template as an HTML response.
pub fn render(template: &impl Template) -> Result<Response, PageError> {
    Ok(Html(template.render()?).into_response())
}
