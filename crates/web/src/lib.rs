//! The impactmonitor web application (PRODUCT.md §5): sign-in with roles
//! and tenants, the registration form, the factsheet pages and the audit
//! log, server-rendered and working without JavaScript.
//!
//! Every route is listed once in [`routes::ROUTES`] with what it needs
//! ([`access::Need`]); [`access::guard`] enforces that for every request,
//! so access is decided in one place.

pub mod access;
pub mod api;
pub mod check;
pub mod clock;
pub mod error;
pub mod figures;
pub mod form;
pub mod imports;
pub mod page_names;
pub mod pages;
pub mod publications;
pub mod publishing;
pub mod retention;
pub mod routes;
pub mod samples;
pub mod sessions;
pub mod state;
pub mod template;
pub mod throttle;

pub use routes::{app, Route, ROUTES};
pub use state::{AppState, Settings};

use hyper_util::rt::{TokioIo, TokioTimer};
use std::net::SocketAddr;
use std::time::Duration;

/// The address of the other end of a request's connection, as
/// [`serve_on`] accepted it (a reverse proxy's, when there is one: see
/// [`Settings::client_address_header`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeerAddress(pub SocketAddr);

/// Serves the application on `listen` until the process is stopped. A
/// client that does not send a request's header within
/// [`Settings::header_timeout`] is disconnected; a request that takes
/// longer than [`Settings::request_timeout`] is answered 408.
pub async fn serve(state: AppState, listen: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    serve_on(listener, state).await
}

/// [`serve`] on a listener already bound (a test's port 0, say).
pub async fn serve_on(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    sessions::spawn_cleanup(state.store.clone());
    let header_timeout = state.settings.header_timeout;
    let app = app(state);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors, say: wait instead of spinning.
                tracing::warn!("cannot accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<_>| {
            request.extensions_mut().insert(PeerAddress(peer));
            tower::Service::call(&mut app.clone(), request)
        });
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let connection = http.serve_connection(TokioIo::new(stream), service);
            if let Err(e) = connection.await {
                tracing::debug!("connection closed: {e}");
            }
        });
    }
}
