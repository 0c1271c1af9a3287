//! The publication pages: the factsheet of a theme and year, the annual
//! monitor, the multi-year dashboard and the area profile. Each is a
//! publication of `publish`, suppressed for the user's audience, inside
//! the layout; the figures come from the cache.

use crate::access::{Access, Need};
use crate::error::PageError;
use crate::figures::{Scope, ScopedFigures};
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use publish::FactsheetInput;
use std::collections::HashMap;
use store::OrganisationRecords;
use store::PublishedPage;

#[derive(Template)]
#[template(path = "publication.html")]
struct PublicationPage<'a> {
    chrome: &'a Chrome,
    title: &'a str,
    organisation: &'a str,
    organisation_name: &'a str,
    body: &'a str,
    /// The page as the publication list names it (`factsheets/x/2022`).
    page: String,
    /// For staff: whether, when and by whom it was published.
    status: Option<Option<PublishedPage>>,
    /// Whether the user may publish or withdraw it.
    may_publish: bool,
}

/// The page a publication address names, as the publication list keeps it:
/// the address after `/organisations/{org}/`.
pub fn page_of(path: &str, organisation: &str) -> String {
    let rest = path
        .strip_prefix(&format!("/organisations/{organisation}/"))
        .unwrap_or(path);
    form_urlencoded::parse(format!("p={rest}").as_bytes())
        .next()
        .map_or_else(|| rest.to_string(), |(_, v)| v.into_owned())
}

/// The names of the organisation's municipalities: from the region
/// reference data, else as its context statistics name them, else the code.
pub fn municipality_names(records: &OrganisationRecords) -> Vec<String> {
    records
        .organisation
        .municipalities
        .iter()
        .map(|m| {
            let code = m.as_str();
            records
                .regions
                .iter()
                .find(|r| r.code.as_str() == code)
                .and_then(|r| r.name.clone())
                .or_else(|| {
                    records
                        .context
                        .iter()
                        .find(|c| c.region.as_str() == code)
                        .and_then(|c| c.region_name.clone())
                })
                .unwrap_or_else(|| code.to_string())
        })
        .collect()
}

/// `GET /organisations/{org}/factsheets/{theme}/{year}`.
pub async fn factsheet(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((_, theme, year)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    cached(
        &app,
        &access,
        &query,
        build_factsheet(&app, &access, theme, year),
    )
    .await
}

async fn build_factsheet(
    app: &AppState,
    access: &Access,
    theme: String,
    year: String,
) -> Result<Built, PageError> {
    let year: i32 = year.parse().map_err(|_| PageError::NotFound)?;
    let organisation = access.organisation();
    let found = app
        .cache
        .figures(
            &app.store,
            &organisation.code,
            Scope::Theme(theme.clone(), year),
            access.data_version,
        )
        .await?
        .ok_or(PageError::NotFound)?;
    let records = &found.records;
    let theme = records
        .themes
        .iter()
        .find(|t| t.code.as_str() == theme && t.year == year)
        .ok_or(PageError::NotFound)?;
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.data_version)
        .await?;
    let municipalities = municipality_names(records);
    let input = FactsheetInput {
        organisation: &records.organisation,
        theme,
        municipalities: &municipalities,
        goals: &records.goals,
        efforts: &records.efforts,
        partners: &records.partners,
        narratives: &records.narratives,
        definitions: &records.definitions,
        domains: &vocabulary.zrm_domains,
        figures: &found.figures,
        data_version: records.data_version,
    };
    Ok((
        theme.name.clone(),
        publish::factsheet(&input, access.audience),
    ))
}

/// A page's title and its publication.
type Built = (String, publish::Publication);

/// The page of a publication inside the layout. Its title and body are
/// kept per address, audience and language while the data version holds,
/// so a page is built once per change of the data.
async fn cached(
    app: &AppState,
    access: &Access,
    query: &HashMap<String, String>,
    build: impl std::future::Future<Output = Result<Built, PageError>>,
) -> Result<Response, PageError> {
    let audience = match access.audience {
        publish::Audience::Staff => "staff".to_string(),
        publish::Audience::Public(k) => format!("public-{}", k.get()),
    };
    let key = format!(
        "{}|{audience}|{}",
        access.chrome.path,
        access.chrome.lang_code()
    );
    let organisation = access.organisation();
    let page = page_of(&access.chrome.path, organisation.code.as_str());
    let published = app
        .cache
        .published(&app.store, &organisation.code, access.data_version)
        .await?;
    let this = published.iter().find(|p| p.page == page).cloned();
    if access.audience.suppresses() && this.is_none() {
        return Err(PageError::NotFound);
    }
    if let Some(kind) = query.get("download") {
        let (_, publication) = build.await?;
        return download(access, &page, &publication, kind, query);
    }
    let body = match app.cache.page(&key, access.data_version) {
        Some(body) => body,
        None => {
            let (title, publication) = build.await?;
            let body = publish::html::publication_with_downloads(&publication, access.chrome.m);
            app.cache.keep_page(key, access.data_version, (title, body))
        }
    };
    let staff = !access.audience.suppresses();
    let may_publish = access
        .account
        .as_ref()
        .is_some_and(|a| Need::Interpret.allows(a.role));
    render(&PublicationPage {
        chrome: &access.chrome,
        title: &body.0,
        organisation: organisation.code.as_str(),
        organisation_name: &organisation.name,
        body: &body.1,
        page,
        status: staff.then_some(this),
        may_publish: staff && may_publish,
    })
}

/// The figures of a scope, or "not found".
async fn scoped(
    app: &AppState,
    access: &Access,
    scope: Scope,
) -> Result<std::sync::Arc<ScopedFigures>, PageError> {
    app.cache
        .figures(
            &app.store,
            &access.organisation().code,
            scope,
            access.data_version,
        )
        .await?
        .ok_or(PageError::NotFound)
}

fn year_of(raw: &str) -> Result<i32, PageError> {
    raw.parse().map_err(|_| PageError::NotFound)
}

/// `GET /organisations/{org}/monitor/{year}`.
pub async fn monitor(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((org, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    cached(
        &app,
        &access,
        &query,
        build_monitor(&app, &access, org, year),
    )
    .await
}

async fn build_monitor(
    app: &AppState,
    access: &Access,
    org: String,
    year: String,
) -> Result<Built, PageError> {
    let year = year_of(&year)?;
    let whole = scoped(app, access, Scope::Year(year)).await?;
    let records = &whole.records;
    let codes: Vec<String> = records
        .themes
        .iter()
        .filter(|t| t.year == year)
        .map(|t| t.code.as_str().to_string())
        .collect();
    if codes.is_empty() {
        return Err(PageError::NotFound);
    }
    let mut per_theme = Vec::new();
    for code in &codes {
        per_theme.push(scoped(app, access, Scope::Theme(code.clone(), year)).await?);
    }
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.data_version)
        .await?;
    let municipalities = municipality_names(records);
    let input = publish::MonitorInput {
        organisation: &records.organisation,
        municipalities: &municipalities,
        year,
        themes: codes
            .iter()
            .zip(&per_theme)
            .filter_map(|(code, f)| {
                let theme = records
                    .themes
                    .iter()
                    .find(|t| t.code.as_str() == code && t.year == year)?;
                Some(publish::ThemeFigures {
                    theme,
                    figures: &f.figures,
                })
            })
            .collect(),
        surveys: &records.surveys,
        figures: &whole.figures,
        narratives: &records.narratives,
        domains: &vocabulary.zrm_domains,
        factsheets: format!("/organisations/{org}/factsheets"),
        dashboard_href: format!("/organisations/{org}/dashboard"),
        surveys_href: format!("/organisations/{org}/surveys/{year}"),
        data_version: records.data_version,
    };
    let publication = publish::monitor(&input, access.audience);
    Ok((access.chrome.m.text(&publication.title), publication))
}

/// `GET /organisations/{org}/dashboard`.
pub async fn dashboard(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    cached(&app, &access, &query, build_dashboard(&app, &access)).await
}

async fn build_dashboard(app: &AppState, access: &Access) -> Result<Built, PageError> {
    let records = app
        .cache
        .records(&app.store, &access.organisation().code, access.data_version)
        .await?
        .ok_or(PageError::NotFound)?;
    let mut years: Vec<i32> = records.themes.iter().map(|t| t.year).collect();
    years.extend(records.reach_plans.iter().map(|p| p.year));
    years.sort_unstable();
    years.dedup();
    let mut per_theme = Vec::new();
    for t in &records.themes {
        per_theme.push(
            scoped(
                app,
                access,
                Scope::Theme(t.code.as_str().to_string(), t.year),
            )
            .await?,
        );
    }
    let mut per_year = Vec::new();
    for y in &years {
        per_year.push(scoped(app, access, Scope::Year(*y)).await?);
    }
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.data_version)
        .await?;
    let input = publish::DashboardInput {
        organisation: &records.organisation,
        themes: records
            .themes
            .iter()
            .zip(&per_theme)
            .map(|(theme, f)| publish::ThemeFigures {
                theme,
                figures: &f.figures,
            })
            .collect(),
        years: years
            .iter()
            .copied()
            .zip(per_year.iter().map(|f| f.figures.as_slice()))
            .collect(),
        domains: &vocabulary.zrm_domains,
        data_version: records.data_version,
    };
    let publication = publish::dashboard(&input, access.audience);
    Ok((access.chrome.m.text(&publication.title), publication))
}

/// `GET /organisations/{org}/areas/{area}/{year}`.
pub async fn area(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((_, area, year)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    cached(&app, &access, &query, build_area(&app, &access, area, year)).await
}

async fn build_area(
    app: &AppState,
    access: &Access,
    area: String,
    year: String,
) -> Result<Built, PageError> {
    let year = year_of(&year)?;
    let found = scoped(app, access, Scope::Area(area.clone(), year)).await?;
    let records = &found.records;
    let name = records
        .organisation
        .area(&area)
        .map_err(|_| PageError::NotFound)?;
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.data_version)
        .await?;
    let input = publish::AreaInput {
        organisation: &records.organisation,
        area: &name,
        year,
        profiles: &records.area_profiles,
        figures: &found.figures,
        definitions: &records.definitions,
        domains: &vocabulary.zrm_domains,
        data_version: records.data_version,
    };
    Ok((
        name.as_str().to_string(),
        publish::area(&input, access.audience),
    ))
}

/// `GET /organisations/{org}/surveys/{year}`.
pub async fn surveys(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((_, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    cached(&app, &access, &query, build_surveys(&app, &access, year)).await
}

async fn build_surveys(app: &AppState, access: &Access, year: String) -> Result<Built, PageError> {
    let year = year_of(&year)?;
    let whole = scoped(app, access, Scope::Year(year)).await?;
    let records = &whole.records;
    if !records.surveys.iter().any(|s| s.year == year) {
        return Err(PageError::NotFound);
    }
    let input = publish::SurveysInput {
        organisation: &records.organisation,
        year,
        surveys: &records.surveys,
        figures: &whole.figures,
        data_version: records.data_version,
    };
    let publication = publish::surveys(&input, access.audience);
    Ok((access.chrome.m.text(&publication.title), publication))
}

/// `POST /organisations/{org}/publications`: publishes a page for the
/// municipality (`action=publish`) or withdraws it (`action=withdraw`),
/// and returns to it.
pub async fn set_published(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let form = crate::form::FormData::parse(&body);
    let page = form.get("page");
    let publishable = ["factsheets/", "monitor/", "dashboard", "areas/", "surveys/"];
    if page.is_empty() || page.contains("..") || !publishable.iter().any(|p| page.starts_with(p)) {
        return Err(PageError::BadInput);
    }
    let publish = match form.get("action") {
        "publish" => true,
        "withdraw" => false,
        _ => return Err(PageError::BadInput),
    };
    let organisation = &access.organisation().code;
    let mut tx = app.store.begin().await?;
    tx.set_published(
        organisation,
        page,
        publish,
        &format!("web:{}", access.actor()),
    )
    .await?;
    tx.commit().await?;
    let back: String = page
        .split('/')
        .map(|part| {
            form_urlencoded::byte_serialize(part.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        })
        .collect::<Vec<_>>()
        .join("/");
    Ok(
        axum::response::Redirect::to(&format!("/organisations/{}/{back}", organisation.as_str()))
            .into_response(),
    )
}

/// A publication as a file: one table as CSV (`download=csv&table=ID`, with
/// `style=plain` for `,` and decimal points) or the whole as an Excel
/// workbook (`download=xlsx`).
fn download(
    access: &Access,
    page: &str,
    publication: &publish::Publication,
    kind: &str,
    query: &HashMap<String, String>,
) -> Result<Response, PageError> {
    use axum::http::header;
    use axum::response::IntoResponse;
    use publish::export::{self, CsvStyle};
    let m = access.chrome.m;
    let base = page.replace('/', "-");
    let (bytes, content_type, file) = match kind {
        "csv" => {
            let id = query.get("table").ok_or(PageError::BadInput)?;
            let table = export::tables(publication)
                .into_iter()
                .find(|t| &t.id == id)
                .ok_or(PageError::NotFound)?;
            let style = match query.get("style").map(String::as_str) {
                Some("plain") => CsvStyle::Plain,
                _ => CsvStyle::Dutch,
            };
            let bytes = export::csv(table, publication, m, style)
                .map_err(|e| PageError::internal("csv", e))?;
            (bytes, "text/csv; charset=utf-8", format!("{base}-{id}.csv"))
        }
        "xlsx" => {
            let bytes = export::xlsx(publication, m).map_err(|e| PageError::internal("xlsx", e))?;
            (
                bytes,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format!("{base}.xlsx"),
            )
        }
        _ => return Err(PageError::BadInput),
    };
    let file: String = file
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c))
        .collect();
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
