//! The impactmonitor web application (PRODUCT.md §5): sign-in with roles
//! and tenants, the registration form, the factsheet pages and the audit
//! log, server-rendered and working without JavaScript.
//!
//! Every route is listed once in [`routes::ROUTES`] with what it needs
//! ([`access::Need`]); [`access::guard`] enforces that for every request,
//! so access is decided in one place.

pub mod access;
pub mod api;
pub mod error;
pub mod figures;
pub mod form;
pub mod page_names;
pub mod pages;
pub mod publications;
pub mod routes;
pub mod sessions;
pub mod state;

pub use routes::{app, Route, ROUTES};
pub use state::{AppState, Settings};

use std::net::SocketAddr;

/// Serves the application on `listen` until the process is stopped.
pub async fn serve(state: AppState, listen: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    sessions::spawn_cleanup(state.store.clone());
    axum::serve(listener, app(state)).await
}
