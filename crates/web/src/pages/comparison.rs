//! The organisations compared (`GET /comparison`): the same key figures of
//! every organisation the user may read, side by side per year
//! ([`publish::comparison`]). A researcher granted several organisations
//! reads their dashboards as they are; a municipality viewer the published
//! dashboards of the organisations working for their municipality, as
//! they were published. As PDF, Excel and per table as CSV too.

use crate::access::{audience, Access, Need};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::publications::{self, Context, Missing};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use domain::{Account, Classification, Organisation, Role};
use publish::{Audience, Compared, Publication};
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "comparison.html")]
struct ComparisonPage<'a> {
    chrome: &'a Chrome,
    title: &'a str,
    body: &'a str,
}

/// `GET /comparison`: the page, or with `download=pdf|xlsx|csv` (and
/// `table=ID` for a CSV) the file.
pub async fn page(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let account = access.account.as_ref().ok_or(PageError::SignIn)?;
    let publication = comparison(&app, &access, account).await?;
    let m = access.chrome.m;
    match query.get("download").map(String::as_str) {
        Some("pdf") => return pdf(publication, m).await,
        Some(kind) => {
            return super::publication::download(access.chrome.m, PAGE, &publication, kind, &query)
        }
        None => {}
    }
    let title = m.text(&publication.title);
    let body = publish::html::publication_with_downloads(&publication, m);
    render(&ComparisonPage {
        chrome: &access.chrome,
        title: &title,
        body: &body,
    })
}

/// The page's name in the files it downloads as.
const PAGE: &str = "vergelijking";

/// Whether an account may have organisations to compare: every role that
/// reads pages.
pub fn may_compare(account: &Account) -> bool {
    Need::Read.allows(account.role)
}

/// The dashboards this account may read, each as they read it: the
/// staff's as the data are now, a municipality viewer's as published (an
/// organisation without a published dashboard is left out).
async fn dashboards(
    app: &AppState,
    access: &Access,
    account: &Account,
) -> Result<Vec<(Organisation, Publication)>, PageError> {
    let mut out = Vec::new();
    if !may_compare(account) {
        return Ok(out);
    }
    let organisations = app
        .cache
        .organisations(&app.store, access.versions.shared)
        .await?;
    for organisation in organisations.iter() {
        let Some(seen) = audience(account, organisation, app.settings.threshold) else {
            continue;
        };
        let ctx = Context {
            store: &app.store,
            cache: &app.cache,
            organisation: &organisation.code,
            audience: seen,
            data_version: access.versions.of(&organisation.code),
            shared_version: access.versions.shared,
            frozen: seen.suppresses(),
            version: None,
        };
        match publications::dashboard(&ctx).await {
            Ok(dashboard) => out.push((organisation.clone(), dashboard)),
            Err(Missing::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

/// The comparison of the organisations this account may read.
async fn comparison(
    app: &AppState,
    access: &Access,
    account: &Account,
) -> Result<Publication, PageError> {
    let dashboards = dashboards(app, access, account).await?;
    let classification = Classification::builtin();
    let compared: Vec<Compared> = dashboards
        .iter()
        .map(|(organisation, dashboard)| {
            let municipalities: Vec<&str> = organisation
                .municipalities
                .iter()
                .map(|m| m.as_str())
                .collect();
            Compared {
                name: &organisation.name,
                dashboard_href: format!("/organisations/{}/dashboard", organisation.code.as_str()),
                dashboard,
                inhabitants: classification.inhabitants(&municipalities),
            }
        })
        .collect();
    let reader = match account.role {
        Role::MunicipalityViewer => Audience::Public(app.settings.threshold),
        _ => Audience::Staff,
    };
    Ok(publish::protected::composed(publish::comparison(
        &compared, reader,
    )))
}

/// The comparison as a PDF, typeset away from the request threads.
async fn pdf(
    publication: Publication,
    m: &'static publish::Messages,
) -> Result<Response, PageError> {
    let bytes = tokio::task::spawn_blocking(move || {
        let organisations = publication.organisation();
        let options = publish::pdf::PdfOptions {
            organisation: &organisations,
            logo: None,
            made_on: chrono::Local::now().date_naive(),
            contents: false,
        };
        publish::pdf::pdf(&publication, m, &options)
    })
    .await
    .map_err(|e| PageError::internal("pdf", e))?
    .map_err(|e| PageError::internal("pdf", e))?;
    super::publication::attachment(bytes, "application/pdf", &format!("{PAGE}.pdf"))
}
