//! The pages, one module each.

pub mod assets;
pub mod audit;
pub mod din;
pub mod home;
pub mod import;
pub mod layout;
pub mod publication;
pub mod records;
pub mod registration;
pub mod sign_in;

use crate::error::PageError;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// A rendered template as an HTML response.
pub fn render(template: &impl Template) -> Result<Response, PageError> {
    Ok(Html(template.render()?).into_response())
}

/// Progress of an import run from a page: nothing to show.
pub struct Silent;

impl importer::Progress for Silent {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn storing(&self) {}
    fn finish(&self) {}
}
