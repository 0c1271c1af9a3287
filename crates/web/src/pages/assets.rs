//! The style sheet: one file, served from the binary.

use axum::http::header;
use axum::response::IntoResponse;

/// The style sheet (also inlined in the HTML files `publish` writes).
pub const STYLE: &str = include_str!("../../assets/style.css");

/// `GET /assets/style.css`.
pub async fn style() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
}
