//! The import page: a coordinator uploads CSV or XLSX files (or CBS
//! files), sees the report the command line gives — what would be added,
//! changed and refused, line by line — and confirms. The check runs the
//! whole import and rolls it back; the confirmation imports the same
//! files, kept in the database in between. A refused upload stores
//! nothing.

use crate::access::{digest, token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::{render, Silent};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use base64::Engine;
use domain::Coded;
use importer::{FileReport, ImportOptions, ImportReport, InputFile};
use interchange::FileKind;
use serde::{Deserialize, Serialize};

/// The largest upload the page takes, in bytes.
pub const UPLOAD_LIMIT: usize = 64 * 1024 * 1024;

/// The errors of a file shown at most; the rest are counted.
const ERRORS_SHOWN: usize = 200;

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
        file.errors.len().saturating_sub(ERRORS_SHOWN)
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
    }
}

/// `GET /organisations/{org}/import`.
pub async fn form(Extension(access): Extension<Access>) -> Result<Response, PageError> {
    render(&page(&access, vec![], None, false, false, None))
}

fn options(
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
    })
}

async fn run(
    app: &AppState,
    files: &[InputFile],
    options: &ImportOptions,
) -> Result<ImportReport, PageError> {
    Ok(importer::import(
        &app.store,
        app.pseudonymiser.clone(),
        files,
        options,
        &Silent,
    )
    .await?)
}

/// `POST /organisations/{org}/import?csrf=…` (multipart): checks the files.
pub async fn check(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let mut multipart = multipart.map_err(|_| PageError::BadInput)?;
    let mut files = Vec::new();
    let mut kind = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| PageError::BadInput)?
    {
        match field.name() {
            Some("kind") => kind = Some(field.text().await.map_err(|_| PageError::BadInput)?),
            Some("files") => {
                let name = field.file_name().unwrap_or("upload").to_string();
                let bytes = field
                    .bytes()
                    .await
                    .map_err(|_| PageError::BadInput)?
                    .to_vec();
                if !bytes.is_empty() {
                    files.push(InputFile { name, bytes });
                }
            }
            _ => {}
        }
    }
    if files.is_empty() {
        let page = page(
            &access,
            vec![],
            None,
            false,
            false,
            Some(access.chrome.t("import.no_files")),
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let report = run(&app, &files, &options(&access, kind.as_deref(), true)?).await?;
    if report.refused() {
        let page = page(&access, report.files, None, false, true, None);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let kept: Vec<Kept> = files
        .iter()
        .map(|f| Kept {
            name: f.name.clone(),
            bytes: base64::engine::general_purpose::STANDARD.encode(&f.bytes),
            kind: kind.clone(),
        })
        .collect();
    let json = serde_json::to_string(&kept).map_err(|e| PageError::internal("upload", e))?;
    let id = token(24);
    let org = access.organisation().code.as_str();
    app.store
        .keep_upload(
            &digest(&id),
            org,
            &access.actor(),
            &json,
            chrono::Utc::now().timestamp(),
        )
        .await?;
    render(&page(&access, report.files, Some(id), false, true, None))
}

/// `POST /organisations/{org}/import/confirm`: imports the checked files.
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
    let report = run(&app, &files, &options(&access, kind.as_deref(), false)?).await?;
    let stored = report.stored;
    let status = if stored {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        render(&page(&access, report.files, None, stored, true, None))?,
    )
        .into_response())
}
