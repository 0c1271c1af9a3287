//! Every route of the application, each with what it needs. The router is
//! built from this list only, and each route goes through the guard, so a
//! route cannot be added without saying who may use it (the authorization
//! test walks this list).

use crate::access::{guard, Need};
use crate::api;
use crate::pages::{
    assets, audit, check, comparison, context, din, din_network, erase, home, import, logo,
    mappings, publication, records, registration, registration_list, sign_in, tokens,
};
use crate::sessions::DbSessions;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_sessions::cookie::time::Duration;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// A route: method, path (with `{org}` for the tenant), what it needs, and
/// its handler.
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path pattern, e.g. `/organisations/{org}/factsheets/{theme}/{year}`.
    pub path: &'static str,
    /// What the user needs.
    pub need: Need,
    /// The handler.
    pub handler: fn() -> MethodRouter<AppState>,
}

/// Every route.
pub const ROUTES: &[Route] = &[
    Route {
        method: "GET",
        path: "/assets/style.css",
        need: Need::Anyone,
        handler: || get(assets::style),
    },
    Route {
        method: "GET",
        path: "/sign-in",
        need: Need::Anyone,
        handler: || get(sign_in::form),
    },
    Route {
        method: "POST",
        path: "/sign-in",
        need: Need::Anyone,
        handler: || post(sign_in::submit),
    },
    Route {
        method: "GET",
        path: "/language/{code}",
        need: Need::Anyone,
        handler: || get(sign_in::language),
    },
    Route {
        method: "POST",
        path: "/sign-out",
        need: Need::SignedIn,
        handler: || post(sign_in::sign_out),
    },
    Route {
        method: "GET",
        path: "/",
        need: Need::SignedIn,
        handler: || get(home::home),
    },
    Route {
        method: "GET",
        path: "/comparison",
        need: Need::SignedIn,
        handler: || get(comparison::page),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/factsheets/{theme}/{year}",
        need: Need::Read,
        handler: || get(publication::factsheet),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/context/{indicator}",
        need: Need::Read,
        handler: || get(context::page),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/monitor/{year}",
        need: Need::Read,
        handler: || get(publication::monitor),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/dashboard",
        need: Need::Read,
        handler: || get(publication::dashboard),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/areas/{area}/{year}",
        need: Need::Read,
        handler: || get(publication::area),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/surveys/{year}",
        need: Need::Read,
        handler: || get(publication::surveys),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/check",
        need: Need::Interpret,
        handler: || get(check::check),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/publications",
        need: Need::Interpret,
        handler: || post(publication::set_published),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/registrations/new",
        need: Need::Register,
        handler: || get(registration::new),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/registrations",
        need: Need::Register,
        handler: || post(registration::create),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/registrations",
        need: Need::Register,
        handler: || get(registration_list::list),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/registrations/client",
        need: Need::Register,
        handler: || post(registration_list::of_client),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/registrations/{id}/edit",
        need: Need::Register,
        handler: || get(registration::edit),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/registrations/{id}/edit",
        need: Need::Register,
        handler: || post(registration::update),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/din",
        need: Need::Coordinate,
        handler: || get(records::din_overview),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/din/{kind}",
        need: Need::Coordinate,
        handler: || get(records::din_form),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/din/{kind}",
        need: Need::Coordinate,
        handler: || post(records::din_save),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/din-versions",
        need: Need::Coordinate,
        handler: || post(din::publish_version),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/din-network",
        need: Need::Interpret,
        handler: || get(din_network::network_page),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/din-compare",
        need: Need::Coordinate,
        handler: || get(din::compare_versions),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/plan",
        need: Need::Coordinate,
        handler: || get(records::plan_overview),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/plan/{kind}",
        need: Need::Coordinate,
        handler: || get(records::plan_form),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/plan/{kind}",
        need: Need::Coordinate,
        handler: || post(records::plan_save),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/collective",
        need: Need::Register,
        handler: || get(records::collective_overview),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/collective/{kind}",
        need: Need::Register,
        handler: || get(records::collective_form),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/collective/{kind}",
        need: Need::Register,
        handler: || post(records::collective_save),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/texts",
        need: Need::Interpret,
        handler: || get(records::texts_overview),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/texts/{kind}",
        need: Need::Interpret,
        handler: || get(records::texts_form),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/texts/{kind}",
        need: Need::Interpret,
        handler: || post(records::texts_save),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/import",
        need: Need::Coordinate,
        handler: || get(import::form),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/import",
        need: Need::Coordinate,
        // The page counts the upload against the installation's limit
        // itself, to say which limit it is.
        handler: || post(import::check).layer(DefaultBodyLimit::disable()),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/import/jobs/{job}",
        need: Need::Coordinate,
        handler: || get(import::job),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/import/confirm",
        need: Need::Coordinate,
        handler: || post(import::confirm),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/import/templates/{file}",
        need: Need::Coordinate,
        handler: || get(import::template),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/import/history/{file}",
        need: Need::Coordinate,
        handler: || get(import::report),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/mappings",
        need: Need::Coordinate,
        handler: || get(mappings::list),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/mappings/new",
        need: Need::Coordinate,
        // The page counts the sample against the installation's upload
        // limit itself.
        handler: || post(mappings::new).layer(DefaultBodyLimit::disable()),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/mappings/edit",
        need: Need::Coordinate,
        handler: || post(mappings::edit),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/mappings/upload",
        need: Need::Coordinate,
        handler: || post(mappings::upload).layer(DefaultBodyLimit::disable()),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/mappings/{name}/edit",
        need: Need::Coordinate,
        handler: || get(mappings::edit_saved),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/mappings/{file}",
        need: Need::Coordinate,
        handler: || get(mappings::download),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/mappings/{name}/delete",
        need: Need::Coordinate,
        handler: || post(mappings::delete),
    },
    Route {
        method: "GET",
        path: "/organisations/{org}/logo",
        need: Need::Coordinate,
        handler: || get(logo::form),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/logo",
        need: Need::Coordinate,
        handler: || post(logo::upload),
    },
    Route {
        method: "POST",
        path: "/organisations/{org}/logo/remove",
        need: Need::Coordinate,
        handler: || post(logo::remove),
    },
    Route {
        method: "GET",
        path: "/admin/erase",
        need: Need::Administer,
        handler: || get(erase::form),
    },
    Route {
        method: "POST",
        path: "/admin/erase",
        need: Need::Administer,
        handler: || post(erase::submit),
    },
    Route {
        method: "GET",
        path: "/admin/audit",
        need: Need::Administer,
        handler: || get(audit::audit),
    },
    Route {
        method: "GET",
        path: "/admin/tokens",
        need: Need::Administer,
        handler: || get(tokens::list),
    },
    Route {
        method: "POST",
        path: "/admin/tokens",
        need: Need::Administer,
        handler: || post(tokens::create),
    },
    Route {
        method: "POST",
        path: "/admin/tokens/revoke",
        need: Need::Administer,
        handler: || post(tokens::revoke),
    },
    Route {
        method: "GET",
        path: "/api/v1/openapi.json",
        need: Need::Anyone,
        handler: || get(api::openapi),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations",
        need: Need::SignedIn,
        handler: || get(api::organisations),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/themes",
        need: Need::Read,
        handler: || get(api::themes),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/din",
        need: Need::Read,
        handler: || get(api::din),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/figures",
        need: Need::Read,
        handler: || get(api::figures),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/context",
        need: Need::Read,
        handler: || get(api::context),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/factsheets/{theme}/{year}",
        need: Need::Read,
        handler: || get(api::factsheet),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/monitor/{year}",
        need: Need::Read,
        handler: || get(api::monitor),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/dashboard",
        need: Need::Read,
        handler: || get(api::dashboard),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/areas/{area}/{year}",
        need: Need::Read,
        handler: || get(api::area),
    },
    Route {
        method: "GET",
        path: "/api/v1/organisations/{org}/surveys/{year}",
        need: Need::Read,
        handler: || get(api::surveys),
    },
];

const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn header_layer(
    name: header::HeaderName,
    value: &'static str,
) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// The application: every route behind the guard, sessions in the
/// database, and the security headers on every response.
pub fn app(state: AppState) -> Router {
    let mut router: Router<AppState> = Router::new();
    let mut paths: Vec<&str> = ROUTES.iter().map(|r| r.path).collect();
    paths.sort_unstable();
    paths.dedup();
    for path in paths {
        let mut methods: MethodRouter<AppState> = MethodRouter::new();
        for route in ROUTES.iter().filter(|r| r.path == path) {
            let layer = from_fn_with_state((state.clone(), route.need), guard);
            methods = methods.merge((route.handler)().route_layer(layer));
        }
        router = router.route(path, methods);
    }
    let sessions = SessionManagerLayer::new(DbSessions::new(state.store.clone()))
        .with_name("impactmonitor")
        .with_secure(state.settings.secure_cookies)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_expiry(Expiry::OnInactivity(Duration::minutes(
            state.settings.session_minutes,
        )));
    let secure = state.settings.secure_cookies;
    let timeout = state.settings.request_timeout;
    let router = router
        .fallback(not_found)
        .with_state(state)
        .layer(sessions)
        .layer(header_layer(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_layer(header::REFERRER_POLICY, "same-origin"))
        .layer(header_layer(header::CACHE_CONTROL, "no-store"))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ));
    // Served behind HTTPS (secure cookies): browsers are told to keep to it.
    match secure {
        true => router.layer(header_layer(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000",
        )),
        false => router,
    }
}

/// Any other path: "not found", in Dutch (no session is read for it).
async fn not_found() -> axum::response::Response {
    use axum::response::IntoResponse;
    let chrome = crate::pages::layout::Chrome::new(publish::Lang::Nl, None, String::new(), "/");
    (
        axum::http::StatusCode::NOT_FOUND,
        crate::pages::layout::message_page(&chrome, "error.not_found", None),
    )
        .into_response()
}
