//! Who may do what, decided in one place. Every route names what it needs
//! ([`Need`]); [`guard`] runs before every handler: it finds the signed-in
//! account, checks the role, checks the tenant named in the URL (an
//! organisation the user may not see answers "not found"), checks the CSRF
//! token of every form sent, and hands the handler an [`Access`].

use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{RawPathParams, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use domain::{Account, Organisation, Role, Username};
use publish::{Audience, Lang};
use std::sync::Arc;
use store::DataVersions;
use tower_sessions::Session;

/// What a route needs of the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Nothing: the sign-in page, the style sheet, the language switch.
    Anyone,
    /// A signed-in user of any role.
    SignedIn,
    /// Reading the organisation `{org}`'s pages: its staff and researchers
    /// unsuppressed, a viewer of a municipality it works for suppressed.
    Read,
    /// Registering support for `{org}`: its registrants and coordinator.
    Register,
    /// Keeping `{org}`'s DIN, plan and imports: its coordinator.
    Coordinate,
    /// Writing `{org}`'s interpretation and area profiles: its researchers
    /// and coordinator.
    Interpret,
    /// Administering the installation (users, audit log): admins.
    Administer,
}

impl Need {
    /// Whether the route names an organisation (`{org}`) it is about.
    pub fn has_tenant(self) -> bool {
        matches!(
            self,
            Self::Read | Self::Register | Self::Coordinate | Self::Interpret
        )
    }

    /// Whether a role may do this (for an organisation it can see).
    pub fn allows(self, role: Role) -> bool {
        match self {
            Self::Anyone | Self::SignedIn => true,
            Self::Read => role != Role::Admin,
            Self::Register => matches!(role, Role::Registrant | Role::Coordinator),
            Self::Coordinate => role == Role::Coordinator,
            Self::Interpret => matches!(role, Role::Researcher | Role::Coordinator),
            Self::Administer => role == Role::Admin,
        }
    }
}

/// How an account sees an organisation: staff and granted researchers see
/// everything unsuppressed; a municipality viewer sees what is published
/// of organisations working for their municipality; anyone else nothing.
pub fn audience(
    account: &Account,
    organisation: &Organisation,
    k: publish::Threshold,
) -> Option<Audience> {
    match account.role {
        Role::MunicipalityViewer => account
            .municipality
            .as_ref()
            .filter(|m| organisation.works_for(m))
            .map(|_| Audience::Public(k)),
        _ => account
            .organisations
            .contains(&organisation.code)
            .then_some(Audience::Staff),
    }
}

/// What the guard found out, for the handler.
#[derive(Debug, Clone)]
pub struct Access {
    /// The signed-in account.
    pub account: Option<Account>,
    /// The organisation the URL names, when the route has one.
    pub organisation: Option<Organisation>,
    /// How this user sees that organisation's figures.
    pub audience: Audience,
    /// Language, user and CSRF token for the page around the content.
    pub chrome: Chrome,
    /// The data version of the route's organisation when the request came
    /// in (the shared one on a route without an organisation): every
    /// cached value of that organisation the page uses is of this version.
    pub data_version: i64,
    /// Every data version when the request came in: a page about several
    /// organisations reads each at its own ([`DataVersions::of`]), and
    /// what the installation shares at `versions.shared`.
    pub versions: Arc<DataVersions>,
}

impl Access {
    /// The organisation of a tenant route (the guard found it).
    pub fn organisation(&self) -> &Organisation {
        self.organisation
            .as_ref()
            .expect("the guard sets the organisation of a tenant route")
    }

    /// What a publication of this request is built from and for.
    pub fn context<'a>(&'a self, app: &'a AppState) -> crate::publications::Context<'a> {
        crate::publications::Context {
            store: &app.store,
            cache: &app.cache,
            organisation: &self.organisation().code,
            audience: self.audience,
            data_version: self.data_version,
            shared_version: self.versions.shared,
            frozen: self.audience.suppresses(),
            version: None,
        }
    }

    /// The context of a publication page: a `versie=N` in its address
    /// reads that published version (for staff too); `voorbeeld` shows
    /// staff the page as the municipality would see it if it were
    /// published now (suppressed, from the data as they are).
    pub fn context_for<'a>(
        &'a self,
        app: &'a AppState,
        query: &std::collections::HashMap<String, String>,
    ) -> crate::publications::Context<'a> {
        let version = query.get("versie").and_then(|v| v.parse().ok());
        let preview = is_preview(query) && !self.audience.suppresses();
        crate::publications::Context {
            frozen: version.is_some() || self.audience.suppresses(),
            version,
            audience: match preview {
                true => Audience::Public(app.settings.threshold),
                false => self.audience,
            },
            ..self.context(app)
        }
    }

    /// The signed-in user's name, for the audit log.
    pub fn actor(&self) -> String {
        self.account.as_ref().map_or_else(
            || "anonymous".to_string(),
            |a| a.username.as_str().to_string(),
        )
    }
}

/// Whether a publication page's address asks for the preview of
/// publishing (`?voorbeeld`).
pub fn is_preview(query: &std::collections::HashMap<String, String>) -> bool {
    query.contains_key("voorbeeld") || is_comparison(query)
}

/// Whether a publication page's address asks what changed since its
/// published version (`?verschil`): the page as it would be published now
/// against that version.
pub fn is_comparison(query: &std::collections::HashMap<String, String>) -> bool {
    query.contains_key("verschil")
}

/// A random token of `bytes` bytes, as hexadecimal.
pub fn token(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    getrandom::getrandom(&mut raw).expect("the operating system's random source works");
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a secret (a session id, an upload id) as hexadecimal:
/// what the database keeps instead of the secret itself.
pub fn digest(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new token for the JSON API: its public id (random, apart from the
/// token: listing the ids gives away nothing of a token), the token itself
/// (shown once, to hand to the machine client) and the hash the database
/// keeps.
pub fn api_token() -> (String, String, String) {
    let secret = token(24);
    let id = token(4);
    let full = format!("imt_{secret}");
    let hash = digest(&full);
    (id, full, hash)
}

/// Session keys.
pub mod keys {
    /// The signed-in user name.
    pub const USER: &str = "user";
    /// The CSRF token of the session.
    pub const CSRF: &str = "csrf";
    /// The chosen language.
    pub const LANG: &str = "lang";
}

/// A failed request, carried out of the handler so that the guard renders
/// it in the user's language.
#[derive(Debug, Clone)]
pub struct Failed(pub std::sync::Arc<PageError>);

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        response
            .extensions_mut()
            .insert(Failed(std::sync::Arc::new(self)));
        response
    }
}

/// The error a handler answered with, taken out of its response.
fn failure_of(response: &mut Response) -> Option<PageError> {
    let Failed(error) = response.extensions_mut().remove::<Failed>()?;
    Some(std::sync::Arc::try_unwrap(error).unwrap_or_else(|e| (*e).clone()))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

const FORM_LIMIT: usize = 2 * 1024 * 1024;

/// Checks the CSRF token of a form sent: in the body of an ordinary form,
/// in the query string (`?csrf=`) of a file upload. Gives the request back
/// whole.
async fn check_token(request: Request, expected: &str) -> Result<Request, PageError> {
    if request.method() == Method::GET || request.method() == Method::HEAD {
        return Ok(request);
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let in_query = |query: Option<&str>| {
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .any(|(k, v)| k == "csrf" && same(&v, expected))
    };
    if content_type.starts_with("multipart/form-data") {
        return if in_query(request.uri().query()) {
            Ok(request)
        } else {
            Err(PageError::BadToken)
        };
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, FORM_LIMIT)
        .await
        .map_err(|_| PageError::BadToken)?;
    if !in_query(Some(std::str::from_utf8(&bytes).unwrap_or_default())) {
        return Err(PageError::BadToken);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

async fn signed_in(state: &AppState, session: &Session) -> Result<Option<Account>, PageError> {
    let Ok(Some(name)) = session.get::<String>(keys::USER).await else {
        return Ok(None);
    };
    let Ok(username) = Username::parse(&name) else {
        return Ok(None);
    };
    Ok(state.store.account(&username).await?)
}

/// The cookie that carries the CSRF token of a visitor not signed in (the
/// sign-in form's), so that reading a page stores no session.
pub const CSRF_COOKIE: &str = "impactmonitor-form";

/// The CSRF token in the request's [`CSRF_COOKIE`], if any.
fn cookie_token(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == CSRF_COOKIE && value.len() == 64)
        .map(|(_, value)| value.to_string())
}

/// The page's chrome, and a CSRF token to set as [`CSRF_COOKIE`] when a
/// visitor not signed in has none yet. A signed-in user's token is in the
/// session; a visitor's is in a cookie of its own, so that no session is
/// stored until something needs one (signing in, choosing a language).
async fn chrome_of(
    session: &Session,
    account: Option<&Account>,
    headers: &axum::http::HeaderMap,
    path: &str,
) -> Result<(Chrome, Option<String>), PageError> {
    let (csrf, new_cookie) = match session.get::<String>(keys::CSRF).await {
        Ok(Some(t)) => (t, None),
        _ if account.is_some() => {
            let t = token(32);
            session
                .insert(keys::CSRF, &t)
                .await
                .map_err(|e| PageError::internal("session", e))?;
            (t, None)
        }
        _ => match cookie_token(headers) {
            Some(t) => (t, None),
            None => {
                let t = token(32);
                (t.clone(), Some(t))
            }
        },
    };
    let lang = match session.get::<String>(keys::LANG).await {
        Ok(Some(code)) => Lang::parse(&code).unwrap_or(Lang::Nl),
        _ => Lang::Nl,
    };
    Ok((Chrome::new(lang, account, csrf, path), new_cookie))
}

/// Sets the visitor's new CSRF cookie on a response.
fn with_cookie(mut response: Response, token: Option<String>, secure: bool) -> Response {
    if let Some(token) = token {
        let secure = if secure { "; Secure" } else { "" };
        let cookie = format!("{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict{secure}");
        if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The data version a request reads its organisation at: the
/// organisation's own, or the shared one on a route without one.
fn version_of(organisation: Option<&Organisation>, versions: &DataVersions) -> i64 {
    organisation.map_or(versions.shared, |o| versions.of(&o.code))
}

/// Decides whether the user may have the route, and which organisation and
/// audience the handler serves.
async fn decide(
    state: &AppState,
    need: Need,
    account: Option<&Account>,
    params: &RawPathParams,
    shared_version: i64,
) -> Result<(Option<Organisation>, Audience), PageError> {
    let staff = Audience::Staff;
    if need == Need::Anyone {
        return Ok((None, staff));
    }
    let account = account.ok_or(PageError::SignIn)?;
    if !need.has_tenant() {
        return if need.allows(account.role) {
            Ok((None, staff))
        } else {
            Err(PageError::Forbidden)
        };
    }
    let code = params
        .iter()
        .find(|(k, _)| *k == "org")
        .map(|(_, v)| v)
        .ok_or(PageError::NotFound)?;
    let organisation = state
        .cache
        .organisations(&state.store, shared_version)
        .await?
        .iter()
        .find(|o| o.code.as_str() == code)
        .cloned()
        .ok_or(PageError::NotFound)?;
    let audience =
        audience(account, &organisation, state.settings.threshold).ok_or(PageError::NotFound)?;
    if !need.allows(account.role) {
        return Err(PageError::NotFound);
    }
    Ok((Some(organisation), audience))
}

/// Whether a path is of the JSON API (its errors are JSON, its callers
/// may send a token).
pub fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

/// The caller of the JSON API: the user of the bearer token sent, or else
/// the signed-in user of the session. A token that is unknown, revoked or
/// of a removed account is refused.
async fn api_account(
    state: &AppState,
    session: &Session,
    authorization: Option<String>,
) -> Result<Option<Account>, PageError> {
    let Some(value) = authorization else {
        return signed_in(state, session).await;
    };
    // The scheme's name is case-insensitive (RFC 9110, section 11.1).
    let token = value
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|t| !t.is_empty())
        .ok_or(PageError::SignIn)?;
    let user = state
        .store
        .api_token_user(&digest(token))
        .await?
        .ok_or(PageError::SignIn)?;
    let username = Username::parse(&user).map_err(|_| PageError::SignIn)?;
    match state.store.account(&username).await? {
        Some(account) => Ok(Some(account)),
        None => Err(PageError::SignIn),
    }
}

/// The gate of the JSON API: the same decision as for the pages, with the
/// caller found by token or session, and errors as JSON. It serves only
/// reading (GET), so it needs no CSRF token.
async fn api_guard(
    state: AppState,
    need: Need,
    session: Session,
    params: RawPathParams,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or_default().to_string());
    let account = match api_account(&state, &session, authorization).await {
        Ok(a) => a,
        Err(e) => return e.respond_json(),
    };
    let versions = match state.cache.versions(&state.store).await {
        Ok(v) => v,
        Err(e) => return PageError::from(e).respond_json(),
    };
    let (organisation, audience) =
        match decide(&state, need, account.as_ref(), &params, versions.shared).await {
            Ok(found) => found,
            Err(e) => return e.respond_json(),
        };
    let chrome = Chrome::new(Lang::Nl, account.as_ref(), String::new(), &path);
    request.extensions_mut().insert(Access {
        account,
        data_version: version_of(organisation.as_ref(), &versions),
        organisation,
        audience,
        chrome,
        versions,
    });
    let mut response = next.run(request).await;
    match failure_of(&mut response) {
        Some(error) => error.respond_json(),
        None => response,
    }
}

/// The one gate every route goes through (see the module comment).
pub async fn guard(
    State((state, need)): State<(AppState, Need)>,
    session: Session,
    params: RawPathParams,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    if is_api(&path) {
        return api_guard(state, need, session, params, request, next).await;
    }
    let account = match signed_in(&state, &session).await {
        Ok(a) => a,
        Err(e) => return e.respond(&Chrome::new(Lang::Nl, None, String::new(), &path)),
    };
    let (chrome, cookie) =
        match chrome_of(&session, account.as_ref(), request.headers(), &path).await {
            Ok(found) => found,
            Err(e) => return e.respond(&Chrome::new(Lang::Nl, None, String::new(), &path)),
        };
    let secure = state.settings.secure_cookies;
    let response = guarded(state, need, params, request, next, account, chrome).await;
    with_cookie(response, cookie, secure)
}

/// The rest of [`guard`], once the user and the page's chrome are known.
async fn guarded(
    state: AppState,
    need: Need,
    params: RawPathParams,
    request: Request,
    next: Next,
    account: Option<Account>,
    chrome: Chrome,
) -> Response {
    let request = match check_token(request, &chrome.csrf).await {
        Ok(r) => r,
        Err(e) => return e.respond(&chrome),
    };
    let versions = match need {
        Need::Anyone => Arc::default(),
        _ => match state.cache.versions(&state.store).await {
            Ok(v) => v,
            Err(e) => return PageError::from(e).respond(&chrome),
        },
    };
    let (organisation, audience) =
        match decide(&state, need, account.as_ref(), &params, versions.shared).await {
            Ok(found) => found,
            Err(e) => return e.respond(&chrome),
        };
    let mut request = request;
    request.extensions_mut().insert(Access {
        account,
        data_version: version_of(organisation.as_ref(), &versions),
        organisation,
        audience,
        chrome: chrome.clone(),
        versions,
    });
    let mut response = next.run(request).await;
    match failure_of(&mut response) {
        Some(error) => error.respond(&chrome),
        None => response,
    }
}
