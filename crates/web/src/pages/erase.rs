//! Erasing clients on request, for admins: the organisation and the
//! client codes are typed, the page shows what would go (nothing is
//! erased yet), and a second confirmation erases it in one transaction
//! ([`store::Store::erase_clients`]).

use crate::access::Access;
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use domain::{ClientPseudonym, OrganisationCode};
use store::{Erasure, Unmatched};

#[derive(Template)]
#[template(path = "erase.html")]
struct ErasePage<'a> {
    chrome: &'a Chrome,
    /// Every organisation: code and name.
    organisations: Vec<(String, String)>,
    /// The organisation chosen.
    organisation: String,
    /// The codes as typed, one per line.
    codes: String,
    /// What would be erased (the confirmation step), or was.
    counted: Option<Erasure>,
    /// Whether the erasure was done.
    done: bool,
    /// Why the form was refused.
    error: Option<String>,
}

/// `GET /admin/erase`.
pub async fn form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    page(
        &app,
        &access,
        String::new(),
        String::new(),
        None,
        false,
        None,
    )
    .await
}

/// `POST /admin/erase`: `action=count` shows what would go;
/// `action=erase` (the confirmation) erases it.
pub async fn submit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    let data = FormData::parse(&body);
    let m = access.chrome.m;
    let organisation = data.get("organisation").trim().to_string();
    let codes = data.get("codes").to_string();
    let typed: Vec<&str> = codes
        .lines()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let erase = match data.get("action") {
        "count" => false,
        "erase" => true,
        _ => return Err(PageError::BadInput),
    };
    let known = app.store.organisation_codes().await?;
    let code = OrganisationCode::parse(&organisation)
        .ok()
        .filter(|c| known.contains(c));
    let refused = |key: &str| Some(m.get(key).to_string());
    let (counted, error) = match (code, typed.is_empty()) {
        (None, _) => (None, refused("erase.no_organisation")),
        (_, true) => (None, refused("erase.no_codes")),
        (Some(code), false) => {
            let clients: Vec<ClientPseudonym> = typed
                .iter()
                .map(|c| app.pseudonymiser.pseudonym(c))
                .collect();
            let actor = format!("web:{}", access.actor());
            let done = app
                .store
                .erase_clients(&code, &clients, &actor, !erase, &|_| {})
                .await?;
            match done {
                Ok(erasure) => (Some(erasure), None),
                Err(Unmatched(places)) => {
                    let which: Vec<String> = places.iter().map(|i| (i + 1).to_string()).collect();
                    let message = m.fill("erase.unmatched", &[("lines", which.join(", "))]);
                    (None, Some(message))
                }
            }
        }
    };
    let done = erase && counted.is_some();
    let codes = if done { String::new() } else { codes };
    page(&app, &access, organisation, codes, counted, done, error).await
}

async fn page(
    app: &AppState,
    access: &Access,
    organisation: String,
    codes: String,
    counted: Option<Erasure>,
    done: bool,
    error: Option<String>,
) -> Result<Response, PageError> {
    let organisations = app
        .store
        .organisations()
        .await?
        .into_iter()
        .map(|o| (o.code.as_str().to_string(), o.name))
        .collect();
    render(&ErasePage {
        chrome: &access.chrome,
        organisations,
        organisation,
        codes,
        counted,
        done,
        error,
    })
}
