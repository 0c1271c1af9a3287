//! The import page: a coordinator uploads CSV or XLSX files (or CBS
//! files), sees the report the command line gives — what would be added,
//! changed and refused, line by line — and confirms. The check runs the
//! whole import and rolls it back; the confirmation imports the same
//! files, kept in the database in between. A refused upload stores
//! nothing.

use crate::access::{digest, token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::imports::{self, Owner, Purpose, Spooled, Stage};
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use base64::Engine;
use domain::Coded;
use importer::{FileReport, ImportOptions, InputFile};
use interchange::FileKind;
use serde::{Deserialize, Serialize};

/// The errors of a file shown at most; the rest are counted.
const ERRORS_SHOWN: usize = 200;

/// A running or waiting job as the page says it.
struct Running {
    /// Checking or importing.
    heading: String,
    /// What the job is doing, in words.
    text: String,
    /// Rows read, and rows in all, for the progress bar.
    done: u64,
    rows: u64,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    kinds: Vec<(String, String)>,
    /// The report of the check or of the import.
    files: Vec<FileReport>,
    /// The kept upload to confirm, when the check passed.
    confirm: Option<String>,
    /// Whether the files were stored.
    stored: bool,
    /// Whether a report is shown.
    reported: bool,
    problem: Option<String>,
    /// The job, while it waits or runs.
    running: Option<Running>,
}

impl ImportPage<'_> {
    fn shown_errors<'b>(&self, file: &'b FileReport) -> &'b [interchange::RowError] {
        &file.errors[..file.errors.len().min(ERRORS_SHOWN)]
    }

    fn reason(&self, e: &interchange::RowError) -> String {
        crate::pages::records::reason(e, self.chrome.m)
    }

    fn problem(&self, file: &FileReport) -> String {
        crate::pages::records::file_problem(file, self.chrome.m).unwrap_or_default()
    }

    fn more_errors(&self, file: &FileReport) -> usize {
        file.errors.len().saturating_sub(ERRORS_SHOWN) + file.errors_not_listed
    }
}

/// An uploaded file as kept between check and confirmation.
#[derive(Debug, Serialize, Deserialize)]
struct Kept {
    name: String,
    bytes: String,
    kind: Option<String>,
}

fn page<'a>(
    access: &'a Access,
    files: Vec<FileReport>,
    confirm: Option<String>,
    stored: bool,
    reported: bool,
    problem: Option<String>,
) -> ImportPage<'a> {
    let organisation = access.organisation();
    let m = access.chrome.m;
    let mut kinds: Vec<(String, String)> =
        vec![(String::new(), m.get("import.detect").to_string())];
    kinds.extend(
        FileKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), m.label("kind", k.code()))),
    );
    kinds.push(("cbs".into(), m.get("import.cbs").to_string()));
    ImportPage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        kinds,
        files,
        confirm,
        stored,
        reported,
        problem,
        running: None,
    }
}

/// `GET /organisations/{org}/import`.
pub async fn form(Extension(access): Extension<Access>) -> Result<Response, PageError> {
    render(&page(&access, vec![], None, false, false, None))
}

fn options(
    app: &AppState,
    access: &Access,
    kind: Option<&str>,
    check_only: bool,
) -> Result<ImportOptions, PageError> {
    let (kind, cbs) = match kind {
        None | Some("") => (None, false),
        Some("cbs") => (None, true),
        Some(code) => (
            Some(FileKind::parse(code).map_err(|_| PageError::BadInput)?),
            false,
        ),
    };
    Ok(ImportOptions {
        kind,
        organisation: Some(access.organisation().code.clone()),
        partial: false,
        as_of: chrono::Local::now().date_naive(),
        actor: format!("web:{}", access.actor()),
        cbs,
        table: None,
        check_only,
        tenant: Some(access.organisation().code.clone()),
        limits: app.settings.limits.clone(),
        mapping: None,
    })
}

/// What an upload was: the files (on disk) and the kind chosen, or why it
/// was refused.
enum Upload {
    Files(Spooled, Option<String>),
    TooLarge,
}

/// Reads the multipart upload piece by piece into files on disk, refusing
/// it as soon as it passes the installation's upload limit.
async fn read_upload(mut multipart: Multipart, limit: usize) -> Result<Upload, PageError> {
    use std::io::Write;
    let (mut files, mut kind, mut total) = (Spooled::default(), None, 0usize);
    let spool = |e: std::io::Error| PageError::internal("upload", e);
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| PageError::BadInput)?
    {
        match field.name() {
            Some("kind") => kind = Some(field.text().await.map_err(|_| PageError::BadInput)?),
            Some("files") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let file = files.add(name).map_err(spool)?;
                while let Some(chunk) = field.chunk().await.map_err(|_| PageError::BadInput)? {
                    total += chunk.len();
                    if total > limit {
                        return Ok(Upload::TooLarge);
                    }
                    file.write_all(&chunk).map_err(spool)?;
                }
            }
            _ => {}
        }
    }
    Ok(Upload::Files(files, kind))
}

/// The answer when as many imports wait as may: try again later.
fn busy(access: &Access) -> Result<Response, PageError> {
    let page = page(
        access,
        vec![],
        None,
        false,
        false,
        Some(access.chrome.t("import.too_many_waiting")),
    );
    let mut response = (StatusCode::SERVICE_UNAVAILABLE, render(&page)?).into_response();
    response.headers_mut().insert(
        axum::http::header::RETRY_AFTER,
        axum::http::HeaderValue::from(60),
    );
    Ok(response)
}

fn refused_upload(access: &Access, problem: String) -> Result<Response, PageError> {
    let page = page(access, vec![], None, false, false, Some(problem));
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// `POST /organisations/{org}/import?csrf=…` (multipart): starts checking
/// the files and sends the browser to the job's page.
pub async fn check(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let multipart = multipart.map_err(|_| PageError::BadInput)?;
    if !app.jobs.has_room() {
        return busy(&access);
    }
    let limit = app.settings.upload_bytes;
    let (files, kind) = match read_upload(multipart, limit).await? {
        Upload::TooLarge => {
            let allowed = (limit as u64 / interchange::limits::MIB).to_string();
            let text = access
                .chrome
                .m
                .fill("import.upload_too_large", &[("allowed", allowed)]);
            return refused_upload(&access, text);
        }
        Upload::Files(files, _) if files.is_empty() => {
            return refused_upload(&access, access.chrome.t("import.no_files"))
        }
        Upload::Files(files, kind) => (files, kind),
    };
    let options = options(&app, &access, kind.as_deref(), true)?;
    let keeper = Keeper {
        app: app.clone(),
        organisation: access.organisation().code.as_str().to_string(),
        actor: access.actor(),
        kind,
    };
    Ok(start(
        &app,
        &access,
        Purpose::Check,
        files,
        options,
        Some(keeper),
    ))
}

/// What a passed check keeps for its confirmation.
struct Keeper {
    app: AppState,
    organisation: String,
    actor: String,
    kind: Option<String>,
}

impl Keeper {
    /// Keeps the checked files in the database; the id to confirm them.
    async fn keep(&self, files: &[InputFile]) -> Result<String, String> {
        let kept: Vec<Kept> = files
            .iter()
            .map(|f| Kept {
                name: f.name.clone(),
                bytes: base64::engine::general_purpose::STANDARD.encode(&f.bytes),
                kind: self.kind.clone(),
            })
            .collect();
        let json = serde_json::to_string(&kept).map_err(|e| e.to_string())?;
        let id = token(24);
        self.app
            .store
            .keep_upload(
                &digest(&id),
                &self.organisation,
                &self.actor,
                &json,
                chrono::Utc::now().timestamp(),
            )
            .await
            .map_err(|e| e.to_string())?;
        Ok(id)
    }
}

/// Starts an import job and answers with a redirect to its page; its
/// files stay on disk while it waits for its turn.
fn start(
    app: &AppState,
    access: &Access,
    purpose: Purpose,
    files: Spooled,
    options: ImportOptions,
    keeper: Option<Keeper>,
) -> Response {
    let id = token(16);
    let owner = Owner {
        organisation: access.organisation().code.as_str().to_string(),
        actor: access.actor(),
        purpose,
    };
    let store = app.store.clone();
    let pseudonymiser = app.pseudonymiser.clone();
    app.jobs
        .start(id.clone(), owner, move |counter| async move {
            let files = match files.read() {
                Ok(files) => files,
                Err(e) => return Stage::Failed(format!("the uploaded files: {e}")),
            };
            let report =
                match importer::import(&store, pseudonymiser, &files, &options, counter.as_ref())
                    .await
                {
                    Ok(report) => report,
                    Err(e) => return Stage::Failed(e.to_string()),
                };
            let confirm = match keeper {
                Some(keeper) if !report.refused() => match keeper.keep(&files).await {
                    Ok(id) => Some(id),
                    Err(e) => return Stage::Failed(e),
                },
                _ => None,
            };
            Stage::Done { report, confirm }
        });
    let org = access.organisation().code.as_str();
    Redirect::to(&format!("/organisations/{org}/import/jobs/{id}")).into_response()
}

/// `GET /organisations/{org}/import/jobs/{job}`: the job's progress while
/// it waits or runs (the page refreshes itself), its report when done.
pub async fn job(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let org = access.organisation().code.as_str();
    let Some(job) = app.jobs.get(&id, org, &access.actor()) else {
        // Forgotten after an hour or a restart, or never this user's.
        let page = page(
            &access,
            vec![],
            None,
            false,
            false,
            Some(access.chrome.t("import.job_gone")),
        );
        return Ok((StatusCode::GONE, render(&page)?).into_response());
    };
    let m = access.chrome.m;
    let running = |text: String, shown: &imports::Shown| {
        let mut page = page(&access, vec![], None, false, false, None);
        let heading = match job.owner.purpose {
            Purpose::Check => access.chrome.t("import.checking"),
            Purpose::Import => access.chrome.t("import.importing"),
        };
        page.running = Some(Running {
            heading,
            text,
            done: shown.done,
            rows: shown.rows,
        });
        Ok((StatusCode::ACCEPTED, render(&page)?).into_response())
    };
    let shown = job.shown();
    match job.stage() {
        Stage::Waiting => {
            let busy = app.jobs.busy().saturating_sub(1).to_string();
            running(m.fill("import.waiting", &[("running", busy)]), &shown)
        }
        Stage::Running if shown.storing => running(
            m.fill("import.storing", &[("label", shown.label.clone())]),
            &shown,
        ),
        Stage::Running => {
            let values = [
                ("label", shown.label.clone()),
                ("done", shown.done.to_string()),
                ("rows", shown.rows.to_string()),
            ];
            running(m.fill("import.running", &values), &shown)
        }
        Stage::Failed(e) => Err(PageError::internal("import", e)),
        Stage::Done { report, confirm } => {
            let stored = report.stored;
            let status = match report.refused() {
                true => StatusCode::UNPROCESSABLE_ENTITY,
                false => StatusCode::OK,
            };
            let page = page(&access, report.files, confirm, stored, true, None);
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// `POST /organisations/{org}/import/confirm`: imports the checked files
/// as a job and sends the browser to its page.
pub async fn confirm(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let org = access.organisation().code.as_str();
    let json = app
        .store
        .take_upload(&digest(form.get("upload")), org, &access.actor())
        .await?
        .ok_or(PageError::BadInput)?;
    let kept: Vec<Kept> =
        serde_json::from_str(&json).map_err(|e| PageError::internal("upload", e))?;
    let kind = kept.first().and_then(|k| k.kind.clone());
    let files = kept
        .into_iter()
        .map(|k| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(k.bytes)
                .map_err(|e| PageError::internal("upload", e))?;
            Ok(InputFile {
                name: k.name,
                bytes,
            })
        })
        .collect::<Result<Vec<_>, PageError>>()?;
    let options = options(&app, &access, kind.as_deref(), false)?;
    if !app.jobs.has_room() {
        return busy(&access);
    }
    let files = Spooled::of(files).map_err(|e| PageError::internal("upload", e))?;
    Ok(start(&app, &access, Purpose::Import, files, options, None))
}
