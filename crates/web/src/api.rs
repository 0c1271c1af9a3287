//! The JSON API under `/api/v1`: what the pages show, for programs — the
//! organisations, themes and DIN, the figures (the `compute` JSON of
//! PRODUCT.md §4, suppressed for a municipality viewer), factsheets and
//! context statistics. Machine clients send `Authorization: Bearer <token>`
//! (a token an administrator made for a user); a signed-in browser may
//! read it too. The same guard as the pages decides who may read what; a
//! theme, year or organisation that does not exist or is not the caller's
//! answers 404 with a JSON body. The OpenAPI document is generated from
//! this module by utoipa and served at `/api/v1/openapi.json`.

use crate::access::{audience, Access};
use crate::error::PageError;
use crate::figures::Scope;
use crate::page_names;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use domain::Coded;
use interchange::FileKind;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

/// The OpenAPI document of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "impactmonitor API",
        description = "The figures, factsheets, DIN and context statistics of an impact monitor, \
                       as the web pages show them: suppressed for a municipality viewer.",
        license(name = "EUPL-1.2")
    ),
    paths(organisations, themes, din, figures, factsheet, monitor, dashboard, area, surveys, context),
    components(schemas(ApiError, OrganisationOut, ThemeOut, FiguresOut)),
    modifiers(&BearerToken),
    security(("token" = [])),
    tags((name = "impactmonitor", description = "Read the monitor"))
)]
pub struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A token an administrator made for a user: `impactmonitor user token create`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// An error: a code for programs and a sentence for people.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiError {
    /// `not_found`, `unauthorized`, `forbidden`, `bad_request`,
    /// `too_many_requests` or `internal`.
    pub error: String,
    /// What went wrong, in English.
    pub message: String,
    /// For an internal error: the id under which it is logged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// An organisation the caller may read.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationOut {
    /// Its code, used in every other address.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The municipalities (CBS codes) it works for.
    pub municipalities: Vec<String>,
    /// Whether the caller sees its figures suppressed.
    pub suppressed: bool,
}

/// A theme of the monitor in a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThemeOut {
    /// Its code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// The year.
    pub year: i32,
    /// The ZRM domains it covers.
    pub zrm_domains: Vec<String>,
    /// The societal task it serves, when given.
    pub societal_task: Option<String>,
}

/// The figures of a selection, as `impactmonitor compute --format json`
/// prints them; for a municipality viewer with small counts suppressed
/// (`"suppressed": "primary"` or `"secondary"` on a figure with a hidden
/// count, which is left out).
#[derive(Debug, Serialize, ToSchema)]
pub struct FiguresOut {
    /// The organisation.
    pub organisation: String,
    /// The year.
    pub year: i32,
    /// Always `running`: registrations running in the year.
    pub period: String,
    /// The theme, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// The area, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// The data version the figures were computed from.
    pub data_version: String,
    /// Whether small counts are suppressed for the caller.
    pub suppressed: bool,
    /// The figures, sorted by indicator and keys (docs/figures.md).
    #[schema(value_type = Vec<Object>)]
    pub figures: Value,
}

/// The selection of `figures`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FiguresQuery {
    /// The year, e.g. 2022.
    #[param(example = 2022)]
    pub year: i32,
    /// A theme of that year (its code): the theme's domains and services.
    #[param(example = "kwetsbare_inwoners")]
    pub theme: Option<String>,
    /// An area of the organisation: registrations in that area.
    pub area: Option<String>,
}

/// The year of `context`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct YearQuery {
    /// The year, e.g. 2022.
    #[param(example = 2022)]
    pub year: i32,
}

/// The language of `factsheet`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// `nl` (default) or `en`: the language of the texts.
    pub lang: Option<String>,
}

/// `GET /api/v1/organisations`: the organisations the caller may read.
#[utoipa::path(
    get,
    path = "/api/v1/organisations",
    tag = "impactmonitor",
    responses(
        (status = 200, description = "The organisations the caller may read", body = Vec<OrganisationOut>),
        (status = 401, description = "No valid token or session", body = ApiError)
    )
)]
pub async fn organisations(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    let account = access.account.as_ref().ok_or(PageError::SignIn)?;
    let all = app
        .cache
        .organisations(&app.store, access.versions.shared)
        .await?;
    let mut readable = Vec::new();
    for o in all.iter() {
        let Some(seen) = audience(account, o, app.settings.threshold) else {
            continue;
        };
        // A municipality viewer sees an organisation once a page of it is
        // published.
        let published = app
            .cache
            .published(&app.store, &o.code, access.versions.of(&o.code))
            .await?;
        if !seen.suppresses() || !published.is_empty() {
            readable.push((o, seen));
        }
    }
    let out: Vec<OrganisationOut> = readable
        .into_iter()
        .map(|(o, seen)| OrganisationOut {
            code: o.code.as_str().to_string(),
            name: o.name.clone(),
            municipalities: o
                .municipalities
                .iter()
                .map(|m| m.as_str().to_string())
                .collect(),
            suppressed: seen.suppresses(),
        })
        .collect();
    Ok(Json(out).into_response())
}

/// `GET /api/v1/organisations/{org}/themes`: the themes of every year.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/themes",
    tag = "impactmonitor",
    params(("org" = String, Path, description = "The organisation's code", example = "deschans")),
    responses(
        (status = 200, description = "The themes, by year and code", body = Vec<ThemeOut>),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation, or not the caller's", body = ApiError)
    )
)]
pub async fn themes(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    check_published(&app, &access, None).await?;
    let records = records(&app, &access).await?;
    let mut out: Vec<ThemeOut> = records
        .themes
        .iter()
        .map(|t| ThemeOut {
            code: t.code.as_str().to_string(),
            name: t.name.clone(),
            year: t.year,
            zrm_domains: t
                .zrm_domains
                .iter()
                .map(|d| d.as_str().to_string())
                .collect(),
            societal_task: t.societal_task.clone(),
        })
        .collect();
    out.sort_by(|a, b| (a.year, &a.code).cmp(&(b.year, &b.code)));
    Ok(Json(out).into_response())
}

async fn records(
    app: &AppState,
    access: &Access,
) -> Result<std::sync::Arc<store::OrganisationRecords>, PageError> {
    app.cache
        .records(&app.store, &access.organisation().code, access.data_version)
        .await?
        .ok_or(PageError::NotFound)
}

/// The DIN's file kinds, in the order of the network.
const DIN_KINDS: [FileKind; 4] = [
    FileKind::Themes,
    FileKind::Goals,
    FileKind::Efforts,
    FileKind::Partners,
];

/// `GET /api/v1/organisations/{org}/din`: the goals–efforts network as
/// it stands, with the columns of the interchange files (INTERCHANGE.md).
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/din",
    tag = "impactmonitor",
    params(("org" = String, Path, description = "The organisation's code", example = "deschans")),
    responses(
        (status = 200, description = "`themes`, `goals`, `efforts` and `partners`, each a list of rows with the interchange file's columns", body = Object),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation, or not the caller's", body = ApiError)
    )
)]
pub async fn din(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    check_published(&app, &access, None).await?;
    let mut out = Map::new();
    for kind in DIN_KINDS {
        let (header, rows) = crate::pages::records::stored(&app, &access, kind).await?;
        let rows: Vec<Value> = rows
            .iter()
            .map(|row| {
                let fields = header.iter().zip(row).map(|(h, v)| {
                    let value = if v.is_empty() { Value::Null } else { json!(v) };
                    (h.clone(), value)
                });
                Value::Object(fields.collect())
            })
            .collect();
        out.insert(kind.code().to_string(), Value::Array(rows));
    }
    Ok(Json(Value::Object(out)).into_response())
}

/// The page whose counts the figures of a selection are for a
/// municipality viewer: the factsheet of the theme, the area profile or
/// the annual monitor.
fn published_for(query: &FiguresQuery) -> Vec<String> {
    let year = query.year;
    match (&query.theme, &query.area) {
        (Some(theme), _) => vec![page_names::factsheet(theme, year)],
        (None, Some(area)) => vec![page_names::area(area, year)],
        (None, None) => vec![page_names::monitor(year)],
    }
}

/// A municipality viewer reads only what a researcher published: one of
/// `pages`, or with `None` anything of the organisation (before a page of
/// it is published the viewer sees nothing of it: not its themes, DIN or
/// context either).
async fn check_published(
    app: &AppState,
    access: &Access,
    pages: Option<&[String]>,
) -> Result<(), PageError> {
    if !access.audience.suppresses() {
        return Ok(());
    }
    let published = app
        .cache
        .published(&app.store, &access.organisation().code, access.data_version)
        .await?;
    match published
        .iter()
        .any(|p| pages.is_none_or(|pages| pages.contains(&p.page)))
    {
        true => Ok(()),
        false => Err(PageError::NotFound),
    }
}

/// `GET /api/v1/organisations/{org}/figures?year=Y[&theme=T|&area=A]`.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/figures",
    tag = "impactmonitor",
    params(("org" = String, Path, description = "The organisation's code", example = "deschans"), FiguresQuery),
    responses(
        (status = 200, description = "Staff: every figure of the selection (docs/figures.md). A municipality viewer: the counts of the published page of the selection (factsheet, area page or annual monitor), each hidden count marked `suppressed`: `primary` or `secondary`", body = FiguresOut),
        (status = 400, description = "A parameter that is not a number", body = ApiError),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation, year, theme or area, not the caller's, or not published for a municipality viewer", body = ApiError)
    )
)]
pub async fn figures(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    query: Result<Query<FiguresQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Query(query) = query.map_err(|_| PageError::BadInput)?;
    check_published(&app, &access, Some(&published_for(&query))).await?;
    if access.audience.suppresses() {
        // A municipality viewer: the counts of the published version of
        // the selection's page, hidden where the page hides them.
        let page = published_for(&query).remove(0);
        let version = app
            .store
            .current_version(&access.organisation().code, &page)
            .await?
            .ok_or(PageError::NotFound)?;
        let figures: Value = match version.figures.as_deref() {
            Some(json) => {
                serde_json::from_str(json).map_err(|e| PageError::internal("frozen", e))?
            }
            None => return Err(PageError::NotFound),
        };
        return Ok(answer(&access, query, figures, Some(version.data_version)));
    }
    let scope = match (&query.theme, &query.area) {
        (Some(theme), _) => Scope::Theme(theme.clone(), query.year),
        (None, Some(area)) => Scope::Area(area.clone(), query.year),
        (None, None) => Scope::Year(query.year),
    };
    let scoped = scoped(&app, &access, scope).await?;
    let figures = publish::figures::staff_figures(&scoped.figures);
    Ok(answer(&access, query, figures, None))
}

/// The figures of a selection as the API answers them: staff's at the
/// data version read, a viewer's (`published`) at the data version of the
/// published version they come from.
fn answer(
    access: &Access,
    query: FiguresQuery,
    figures: Value,
    published: Option<i64>,
) -> Response {
    let out = FiguresOut {
        organisation: access.organisation().code.as_str().to_string(),
        year: query.year,
        period: "running".to_string(),
        theme: query.theme,
        area: query.area,
        data_version: published.unwrap_or(access.data_version).to_string(),
        suppressed: published.is_some(),
        figures,
    };
    Json(out).into_response()
}

async fn scoped(
    app: &AppState,
    access: &Access,
    scope: Scope,
) -> Result<std::sync::Arc<crate::figures::ScopedFigures>, PageError> {
    let scoped = app
        .cache
        .figures(
            &app.store,
            &access.organisation().code,
            scope,
            access.data_version,
        )
        .await?
        .ok_or(PageError::NotFound)?;
    if scoped
        .figures
        .iter()
        .all(|f| f.n == 0 && f.indicator != "context")
    {
        return Err(PageError::NotFound);
    }
    Ok(scoped)
}

/// `GET /api/v1/organisations/{org}/context?year=Y`: the CBS context
/// statistics of the organisation's municipalities, with province and
/// nation (public statistics, never suppressed).
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/context",
    tag = "impactmonitor",
    params(("org" = String, Path, description = "The organisation's code", example = "deschans"), YearQuery),
    responses(
        (status = 200, description = "The context figures (indicator `context`)", body = FiguresOut),
        (status = 400, description = "A year that is not a number", body = ApiError),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation or year, or not the caller's", body = ApiError)
    )
)]
pub async fn context(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    query: Result<Query<YearQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, PageError> {
    let Query(query) = query.map_err(|_| PageError::BadInput)?;
    check_published(&app, &access, None).await?;
    let scoped = scoped(&app, &access, Scope::Year(query.year)).await?;
    let figures: Vec<indicators::Figure> = scoped
        .figures
        .iter()
        .filter(|f| f.indicator == "context")
        .cloned()
        .collect();
    let selection = FiguresQuery {
        year: query.year,
        theme: None,
        area: None,
    };
    // CBS's published statistics: the same for everyone, never suppressed.
    let figures = publish::figures::staff_figures(&figures);
    Ok(answer(&access, selection, figures, None))
}

/// `GET /api/v1/organisations/{org}/factsheets/{theme}/{year}`: the
/// factsheet as the page shows it, as a tree of sections, tables and texts.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/factsheets/{theme}/{year}",
    tag = "impactmonitor",
    params(
        ("org" = String, Path, description = "The organisation's code", example = "deschans"),
        ("theme" = String, Path, description = "The theme's code", example = "kwetsbare_inwoners"),
        ("year" = i32, Path, description = "The year", example = 2022),
        LangQuery
    ),
    responses(
        (status = 200, description = "The factsheet: title, facts and sections of blocks (text, list, table, chart with its table, cards, links); table cells with their text and value, `null` where suppressed", body = Object),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation, theme or year, not the caller's, or not published for a municipality viewer", body = ApiError)
    )
)]
pub async fn factsheet(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, theme, year)): Path<(String, String, String)>,
    Query(query): Query<LangQuery>,
) -> Result<Response, PageError> {
    let page = page_names::factsheet(&theme, &year);
    let ctx = access.context(&app);
    let publication = crate::publications::factsheet(&ctx, theme, year);
    publication_json(&app, &access, page, query, publication).await
}

/// A publication as JSON in the asked language, for a municipality viewer
/// only once `page` is published.
async fn publication_json(
    app: &AppState,
    access: &Access,
    page: String,
    query: LangQuery,
    publication: impl std::future::Future<
        Output = Result<publish::Publication, crate::publications::Missing>,
    >,
) -> Result<Response, PageError> {
    check_published(app, access, Some(&[page])).await?;
    let lang = query
        .lang
        .as_deref()
        .and_then(publish::Lang::parse)
        .unwrap_or(publish::Lang::Nl);
    Ok(Json(publish::view::publication(
        &publication.await?,
        lang.messages(),
        false,
    ))
    .into_response())
}

/// `GET /api/v1/organisations/{org}/monitor/{year}`: the annual monitor as
/// its page shows it, in the factsheet's shape.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/monitor/{year}",
    tag = "impactmonitor",
    params(
        ("org" = String, Path, description = "The organisation's code", example = "deschans"),
        ("year" = i32, Path, description = "The year", example = 2022),
        LangQuery
    ),
    responses(
        (status = 200, description = "The annual monitor: title, facts and sections of blocks, as the factsheet", body = Object),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation or year, not the caller's, or not published for a municipality viewer", body = ApiError)
    )
)]
pub async fn monitor(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((org, year)): Path<(String, String)>,
    Query(query): Query<LangQuery>,
) -> Result<Response, PageError> {
    let page = page_names::monitor(&year);
    let ctx = access.context(&app);
    let publication = crate::publications::monitor(&ctx, org, year);
    publication_json(&app, &access, page, query, publication).await
}

/// `GET /api/v1/organisations/{org}/dashboard`: the multi-year dashboard
/// as its page shows it.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/dashboard",
    tag = "impactmonitor",
    params(
        ("org" = String, Path, description = "The organisation's code", example = "deschans"),
        LangQuery
    ),
    responses(
        (status = 200, description = "The dashboard: title, facts and sections of blocks, as the factsheet", body = Object),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation, not the caller's, or not published for a municipality viewer", body = ApiError)
    )
)]
pub async fn dashboard(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<LangQuery>,
) -> Result<Response, PageError> {
    let ctx = access.context(&app);
    let publication = crate::publications::dashboard(&ctx);
    publication_json(
        &app,
        &access,
        page_names::DASHBOARD.into(),
        query,
        publication,
    )
    .await
}

/// `GET /api/v1/organisations/{org}/areas/{area}/{year}`: an area's page.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/areas/{area}/{year}",
    tag = "impactmonitor",
    params(
        ("org" = String, Path, description = "The organisation's code", example = "deschans"),
        ("area" = String, Path, description = "The area's name", example = "Leek"),
        ("year" = i32, Path, description = "The year", example = 2022),
        LangQuery
    ),
    responses(
        (status = 200, description = "The area page: profile, context and reach, as the factsheet", body = Object),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation, area or year, not the caller's, or not published for a municipality viewer", body = ApiError)
    )
)]
pub async fn area(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, area, year)): Path<(String, String, String)>,
    Query(query): Query<LangQuery>,
) -> Result<Response, PageError> {
    let page = page_names::area(&area, &year);
    let ctx = access.context(&app);
    let publication = crate::publications::area(&ctx, area, year);
    publication_json(&app, &access, page, query, publication).await
}

/// `GET /api/v1/organisations/{org}/surveys/{year}`: the survey results of
/// a year.
#[utoipa::path(
    get,
    path = "/api/v1/organisations/{org}/surveys/{year}",
    tag = "impactmonitor",
    params(
        ("org" = String, Path, description = "The organisation's code", example = "deschans"),
        ("year" = i32, Path, description = "The year", example = 2020),
        LangQuery
    ),
    responses(
        (status = 200, description = "The survey results: title, facts and sections of blocks, as the factsheet", body = Object),
        (status = 401, description = "No valid token or session", body = ApiError),
        (status = 404, description = "No such organisation or year, not the caller's, or not published for a municipality viewer", body = ApiError)
    )
)]
pub async fn surveys(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, year)): Path<(String, String)>,
    Query(query): Query<LangQuery>,
) -> Result<Response, PageError> {
    let page = page_names::surveys(&year);
    let ctx = access.context(&app);
    let publication = crate::publications::surveys(&ctx, year);
    publication_json(&app, &access, page, query, publication).await
}
