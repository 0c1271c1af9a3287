//! The publication pages: the factsheet of a theme and year, the annual
//! monitor, the multi-year dashboard and the area profile. Each is a
//! publication of `publish`, suppressed for the user's audience, inside
//! the layout; the figures come from the cache.

use crate::access::{Access, Need};
use crate::clock::{local_time, person};
use crate::error::PageError;
use crate::page_names;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::publications::Missing;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use std::collections::HashMap;
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
    /// What the last publishing action did, in words.
    notice: Option<String>,
    /// For staff: every version, newest first, in words, with the address
    /// that reads it.
    history: Vec<(String, String)>,
    /// For a municipality viewer: which version they read, in words.
    reading: Option<String>,
    /// Whether staff see the preview of publishing: the page as the
    /// municipality will see it, with the confirmation.
    preview: bool,
    /// The page's address, for the links to its preview and back.
    path: String,
    /// In the preview: the data-quality check of the page's year, with
    /// the page compared as it would be published.
    groups: Vec<crate::pages::check::Group>,
    /// In the preview: the year's findings that do not concern the page.
    others: Vec<crate::pages::check::Group>,
    /// In the preview: whether the check blocks publishing.
    blocks: bool,
    /// The check's lines carry a caveat checkbox (the preview's form).
    choose_caveats: bool,
    /// The year the page is about, for the link to its check.
    year: Option<i32>,
    /// When the figures of the page's years were kept before their
    /// registrations were purged, in words.
    kept: Option<String>,
}

impl PublicationPage<'_> {
    /// A stored UTC time (`2026-12-02T04:15:27Z`) as people read it.
    fn when(&self, at: &str) -> String {
        local_time(at, self.chrome.m)
    }

    /// Who did it, by their user name.
    fn who(&self, actor: &str) -> String {
        person(actor, self.chrome.m)
    }
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
        crate::publications::factsheet(&access.context_for(&app, &query), theme, year),
    )
    .await
}

/// The page of a publication inside the layout. Its title and body are
/// kept per address, audience and language while the data version holds,
/// so a page is built once per change of the data.
async fn cached(
    app: &AppState,
    access: &Access,
    query: &HashMap<String, String>,
    build: impl std::future::Future<Output = Result<publish::Publication, Missing>>,
) -> Result<Response, PageError> {
    let audience = match access.audience {
        publish::Audience::Staff => "staff".to_string(),
        publish::Audience::Public(k) => format!("public-{}", k.get()),
    };
    let preview = crate::access::is_preview(query) && !access.audience.suppresses();
    let comparison = crate::access::is_comparison(query) && preview;
    // Links to write a text only for those who may write them.
    let writer = access
        .account
        .as_ref()
        .is_some_and(|a| Need::Interpret.allows(a.role));
    let build = async move {
        build.await.map(|p| match writer {
            true => p,
            false => p.without_links_to("/texts/"),
        })
    };
    let key = format!(
        "{}|{audience}|{}|{}|{preview}|{comparison}|{writer}",
        access.chrome.path,
        access.chrome.lang_code(),
        query.get("versie").map_or("", String::as_str)
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
        let publication = build.await.map_err(PageError::from)?;
        if kind == "pdf" {
            return pdf(app, access, &page, publication).await;
        }
        return download(access.chrome.m, &page, &publication, kind, query);
    }
    let body = match app.cache.page(&key, access.data_version) {
        Some(body) => body,
        None if comparison => {
            let now = build.await.map_err(PageError::from)?;
            let m = access.chrome.m;
            let changes = match app.store.current_version(&organisation.code, &page).await? {
                Some(v) => {
                    let was = publish::frozen::thaw(&v.publication)
                        .map_err(|e| PageError::internal("frozen", e))?;
                    publish::changes::changes(&was, &now, m)
                }
                None => Vec::new(),
            };
            let title = format!("{} · {}", m.text(&now.title), m.get("changes.title"));
            let body = publish::changes::html(&changes, m);
            app.cache
                .keep_page(&organisation.code, key, access.data_version, (title, body))
        }
        None => {
            let publication = build.await.map_err(PageError::from)?;
            let title = access.chrome.m.text(&publication.title);
            let body = publish::html::publication_with_downloads(&publication, access.chrome.m);
            app.cache
                .keep_page(&organisation.code, key, access.data_version, (title, body))
        }
    };
    let staff = !access.audience.suppresses();
    let may_publish = access
        .account
        .as_ref()
        .is_some_and(|a| Need::Interpret.allows(a.role));
    let m = access.chrome.m;
    // The versions without their contents: staff see them all; a viewer
    // reads which one the page is (the one asked for, else the latest).
    let versions = app.store.version_history(&organisation.code, &page).await?;
    let (history, reading) = match staff {
        true => (history(&versions, &access.chrome.path, m), None),
        false => {
            let asked = query.get("versie").and_then(|v| v.parse::<i64>().ok());
            let read = versions
                .iter()
                .find(|v| asked.is_none_or(|n| v.version == n))
                .filter(|v| v.withdrawn.is_none());
            let reading = read.map(|v| {
                m.fill(
                    "publication.reading",
                    &[
                        ("version", v.version.to_string()),
                        ("at", local_time(&v.published_at, m)),
                    ],
                )
            });
            (Vec::new(), reading)
        }
    };
    let notice = query.get("publication").and_then(|code| notice(code, m));
    let year = page_names::year(&page);
    let preview = preview && !comparison;
    let mut shown = crate::pages::check::Shown {
        blocks: false,
        groups: Vec::new(),
        others: Vec::new(),
    };
    if preview && may_publish {
        for y in crate::pages::check::years_shown(app, access, &page).await? {
            let found = crate::pages::check::findings(app, access, y, Some(&page)).await?;
            shown.blocks |= found.blocks;
            shown.groups.extend(found.groups);
            shown.others.extend(found.others);
        }
    }
    // Only the years kept as aggregates: a viewer's page reads no records.
    let kept_years = app.store.kept_years(&organisation.code).await?;
    let kept = kept_line(&kept_years, year, m);
    render(&PublicationPage {
        chrome: &access.chrome,
        title: &body.0,
        organisation: organisation.code.as_str(),
        organisation_name: &organisation.name,
        body: &body.1,
        page,
        status: staff.then_some(this),
        may_publish: staff && may_publish,
        notice,
        history,
        reading,
        preview,
        path: access.chrome.path.clone(),
        groups: shown.groups,
        others: shown.others,
        blocks: shown.blocks,
        choose_caveats: true,
        year,
        kept,
    })
}

/// "De cijfers van 2019 en 2020 zijn vastgelegd op …" for the years among
/// `year` (all, for the dashboard) whose figures are stored aggregates
/// (`kept`: each year with when it was kept).
fn kept_line(kept: &[(i32, String)], year: Option<i32>, m: &publish::Messages) -> Option<String> {
    let shown: Vec<&(i32, String)> = kept
        .iter()
        .filter(|(y, _)| year.is_none_or(|wanted| *y == wanted))
        .collect();
    let first = shown.iter().map(|(_, at)| at.as_str()).min()?;
    let years: Vec<String> = shown.iter().map(|(y, _)| y.to_string()).collect();
    Some(m.fill(
        "publication.kept",
        &[("years", years.join(", ")), ("at", local_time(first, m))],
    ))
}

/// Every version of a page in words, newest first: when and by whom it was
/// published, when a newer one replaced it, and when, by whom and why it
/// was withdrawn.
fn history(
    versions: &[store::PublishedVersion],
    path: &str,
    m: &publish::Messages,
) -> Vec<(String, String)> {
    versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut line = m.fill(
                "publication.version",
                &[
                    ("version", v.version.to_string()),
                    ("at", local_time(&v.published_at, m)),
                    ("by", person(&v.published_by, m)),
                    ("data_version", v.data_version.to_string()),
                ],
            );
            if let Some(newer) = i.checked_sub(1).map(|j| &versions[j]) {
                line.push_str(&m.fill(
                    "publication.replaced",
                    &[("at", local_time(&newer.published_at, m))],
                ));
            }
            if let Some(w) = &v.withdrawn {
                line.push_str(&m.fill(
                    "publication.withdrawn",
                    &[
                        ("at", local_time(&w.at, m)),
                        ("by", person(&w.by, m)),
                        ("reason", w.reason.clone()),
                    ],
                ));
            }
            (line, format!("{path}?versie={}", v.version))
        })
        .collect()
}

/// What a publishing action did, from the code it left in the address.
fn notice(code: &str, m: &publish::Messages) -> Option<String> {
    let numbered = |prefix: &str| code.strip_prefix(prefix)?.parse::<i64>().ok();
    if let Some(n) = numbered("published-") {
        return Some(m.fill("publication.done", &[("version", n.to_string())]));
    }
    if let Some(n) = numbered("unchanged-") {
        return Some(m.fill("publication.unchanged", &[("version", n.to_string())]));
    }
    let key = match code {
        "no-data" => "publication.no_data",
        "reason-missing" => "publication.reason_missing",
        "withdrawn" => "publication.withdrawn_now",
        "withdrawn-also" => "publication.withdrawn_also",
        "blocked" => "publication.blocked",
        _ => return None,
    };
    Some(m.get(key).to_string())
}

/// `GET /organisations/{org}/monitor/{year}`.
pub async fn monitor(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((org, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let ctx = access.context_for(&app, &query);
    if matches!(
        query.get("download").map(String::as_str),
        Some("pdf" | "xlsx")
    ) {
        // The printed monitor and its workbook hold its factsheets, as
        // `publish --monitor`.
        let year: i32 = year.parse().map_err(|_| PageError::NotFound)?;
        let whole = crate::publications::monitor_with_factsheets(
            &ctx,
            year,
            crate::publications::Parts::Published,
            &super::Silent,
        );
        return cached(&app, &access, &query, whole).await;
    }
    cached(
        &app,
        &access,
        &query,
        crate::publications::monitor(&ctx, org, year),
    )
    .await
}

/// `GET /organisations/{org}/dashboard`.
pub async fn dashboard(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    cached(
        &app,
        &access,
        &query,
        crate::publications::dashboard(&access.context_for(&app, &query)),
    )
    .await
}

/// `GET /organisations/{org}/areas/{area}/{year}`.
pub async fn area(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((_, area, year)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    cached(
        &app,
        &access,
        &query,
        crate::publications::area(&access.context_for(&app, &query), area, year),
    )
    .await
}

/// `GET /organisations/{org}/surveys/{year}`.
pub async fn surveys(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((_, year)): Path<(String, String)>,
) -> Result<Response, PageError> {
    cached(
        &app,
        &access,
        &query,
        crate::publications::surveys(&access.context_for(&app, &query), year),
    )
    .await
}

/// `POST /organisations/{org}/publications`: publishes a page for the
/// municipality as a new frozen version (`action=publish`) or withdraws it
/// with a reason (`action=withdraw`, `reason`), and returns to it saying
/// what happened.
pub async fn set_published(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: axum::body::Bytes,
) -> Result<Response, PageError> {
    use axum::response::IntoResponse;
    let form = crate::form::FormData::parse(&body);
    let page = form.get("page");
    if !page_names::is_publishable(page) {
        return Err(PageError::BadInput);
    }
    let organisation = &access.organisation().code;
    let actor = format!("web:{}", access.actor());
    let notice = match form.get("action") {
        "publish" => {
            let chosen = form.all("caveat");
            let (mut blocked, mut caveats) = (false, Vec::new());
            for year in crate::pages::check::years_shown(&app, &access, page).await? {
                let (blocks, found) =
                    crate::pages::check::before_publishing(&app, &access, year, page, &chosen)
                        .await?;
                blocked |= blocks;
                for caveat in found {
                    if !caveats.contains(&caveat) {
                        caveats.push(caveat);
                    }
                }
            }
            if blocked {
                "blocked".to_string()
            } else {
                let ctx = crate::publications::Context {
                    audience: publish::Audience::Public(app.settings.threshold),
                    frozen: false,
                    ..access.context(&app)
                };
                let pages = [page.to_string()];
                let outcome = crate::publishing::publish(&ctx, &pages, &caveats, &actor).await?;
                match outcome.first() {
                    Some(crate::publishing::Outcome::Published(n)) => format!("published-{n}"),
                    Some(crate::publishing::Outcome::Unchanged(n)) => format!("unchanged-{n}"),
                    _ => "no-data".to_string(),
                }
            }
        }
        "withdraw" => {
            let reason = form.get("reason").trim();
            if reason.is_empty() {
                "reason-missing".to_string()
            } else {
                let also =
                    crate::publishing::withdraw(&app.store, organisation, page, reason, &actor)
                        .await?;
                match also.is_empty() {
                    true => "withdrawn".to_string(),
                    false => "withdrawn-also".to_string(),
                }
            }
        }
        _ => return Err(PageError::BadInput),
    };
    let back = crate::pages::address(page);
    Ok(axum::response::Redirect::to(&format!(
        "/organisations/{}/{back}?publication={notice}",
        organisation.as_str()
    ))
    .into_response())
}

/// The publication as a PDF, typeset away from the request threads; a
/// failure is logged with an id and nothing is sent but the error page.
pub(crate) async fn pdf(
    app: &AppState,
    access: &Access,
    page: &str,
    publication: publish::Publication,
) -> Result<Response, PageError> {
    let organisation = access.organisation();
    let logo = app.store.logo(&organisation.code).await?;
    let name = organisation.name.clone();
    let m = access.chrome.m;
    let contents = page.starts_with(&page_names::monitor(""));
    let bytes = tokio::task::spawn_blocking(move || {
        let options = publish::pdf::PdfOptions {
            organisation: &name,
            logo: logo.as_deref(),
            made_on: chrono::Local::now().date_naive(),
            contents,
        };
        publish::pdf::pdf(&publication, m, &options)
    })
    .await
    .map_err(|e| PageError::internal("pdf", e))?
    .map_err(|e| PageError::internal("pdf", e))?;
    attachment(
        bytes,
        "application/pdf",
        &format!("{}.pdf", page.replace('/', "-")),
    )
}

/// A file to download, its name kept to safe characters.
pub(crate) fn attachment(
    bytes: Vec<u8>,
    content_type: &str,
    file: &str,
) -> Result<Response, PageError> {
    use axum::http::header;
    use axum::response::IntoResponse;
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

/// A publication as a file: one table as CSV (`download=csv&table=ID`, with
/// `style=plain` for `,` and decimal points) or the whole as an Excel
/// workbook (`download=xlsx`).
pub(crate) fn download(
    m: &publish::Messages,
    page: &str,
    publication: &publish::Publication,
    kind: &str,
    query: &HashMap<String, String>,
) -> Result<Response, PageError> {
    use publish::export::{self, CsvStyle};
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
    attachment(bytes, content_type, &file)
}
