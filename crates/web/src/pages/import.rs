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
    /// The saved mappings to read a source's export with.
    mappings: Vec<Offered>,
    /// The file kinds with a template: code and name.
    templates: Vec<(String, String)>,
    /// The latest imports.
    history: Vec<HistoryLine>,
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

    /// The sentence over the values a mapping does not know.
    fn stopped(&self, mapping: &str) -> String {
        self.chrome
            .m
            .fill("mapping.stopped", &[("mapping", mapping.to_string())])
    }

    /// A notice of the importer in the page's language, where it has one.
    fn notice(&self, notice: &str) -> String {
        match notice {
            importer::WINDOWS_1252 => self.chrome.t("mapping.windows_1252"),
            other => other.to_string(),
        }
    }

    /// The values a mapping does not know, when that stopped the file:
    /// the mapping's name, the link that extends it, and each value.
    fn unknown_values(&self, file: &FileReport) -> Option<(String, String, Vec<String>)> {
        let Some(interchange::FileProblem::UnknownValues { mapping, values }) = &file.file_problem
        else {
            return None;
        };
        let m = self.chrome.m;
        let mut link = format!(
            "/organisations/{}/mappings/{}/edit?",
            self.organisation,
            crate::pages::mappings::path_part(mapping)
        );
        let query: Vec<String> = values
            .iter()
            .map(|v| {
                let pair = format!("{}\u{1f}{}", v.column, v.value);
                format!(
                    "new={}",
                    form_urlencoded::byte_serialize(pair.as_bytes()).collect::<String>()
                )
            })
            .collect();
        link.push_str(&query.join("&"));
        let said = values
            .iter()
            .map(|v| {
                let count = v.count.to_string();
                m.fill(
                    "mapping.unknown_value",
                    &[
                        ("value", v.value.clone()),
                        ("source", v.source.clone()),
                        ("count", count),
                    ],
                )
            })
            .collect();
        Some((mapping.clone(), link, said))
    }
}

/// An uploaded file as kept between check and confirmation: a source's
/// file read through a mapping is kept as the interchange file it
/// translates to (pseudonyms, no personal columns).
#[derive(Debug, Serialize, Deserialize)]
struct Kept {
    name: String,
    bytes: String,
    kind: Option<String>,
    /// The mapping it was translated with.
    #[serde(default)]
    mapping: Option<String>,
}

/// A saved mapping as the upload form offers it.
pub(crate) struct Offered {
    /// Its name.
    pub name: String,
    /// The kind it reads, in words.
    pub kind: String,
}

/// A line of the import history as the page shows it.
pub(crate) struct HistoryLine {
    id: String,
    at: String,
    actor: String,
    files: String,
    mapping: String,
    stored: bool,
    inserted: i64,
    updated: i64,
    unchanged: i64,
    rejected: i64,
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
    kinds.push((PUBLIC.into(), m.get("import.public").to_string()));
    let templates = FileKind::ALL
        .iter()
        .map(|k| (k.code().to_string(), m.label("kind", k.code())))
        .collect();
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
        mappings: Vec::new(),
        templates,
        history: Vec::new(),
    }
}

/// The page with the organisation's saved mappings and latest imports.
async fn page_with_lists<'a>(
    app: &AppState,
    mut page: ImportPage<'a>,
    access: &Access,
) -> Result<ImportPage<'a>, PageError> {
    let org = &access.organisation().code;
    let m = access.chrome.m;
    page.mappings = app
        .store
        .mappings(org)
        .await?
        .into_iter()
        .map(|s| Offered {
            kind: m.label("kind", &s.kind),
            name: s.name,
        })
        .collect();
    page.history = app
        .store
        .imports(org, HISTORY_SHOWN)
        .await?
        .into_iter()
        .map(|e| HistoryLine {
            at: crate::clock::local_time(&e.at, m),
            actor: crate::clock::person(&e.actor, m),
            mapping: e.mapping.unwrap_or_default(),
            id: e.id,
            files: e.files,
            stored: e.stored,
            inserted: e.inserted,
            updated: e.updated,
            unchanged: e.unchanged,
            rejected: e.rejected,
        })
        .collect();
    Ok(page)
}

/// The imports the history on the page lists.
const HISTORY_SHOWN: i64 = 20;

/// `GET /organisations/{org}/import`.
pub async fn form(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    render(
        &page_with_lists(
            &app,
            page(&access, vec![], None, false, false, None),
            &access,
        )
        .await?,
    )
}

/// The kind chosen for public statistics other than CBS's (a GGD
/// Gezondheidsmonitor or Leefbarometer table as `context.csv`, with its
/// `indicators.csv`): files without an organisation column become the
/// installation's, which every organisation working for the region reads.
const PUBLIC: &str = "openbaar";

pub(crate) fn options(
    app: &AppState,
    access: &Access,
    kind: Option<&str>,
    check_only: bool,
) -> Result<ImportOptions, PageError> {
    let (kind, cbs, public) = match kind {
        None | Some("") => (None, false, false),
        Some("cbs") => (None, true, false),
        Some(PUBLIC) => (None, false, true),
        Some(code) => (
            Some(FileKind::parse(code).map_err(|_| PageError::BadInput)?),
            false,
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
        mapped_with: None,
        public,
    })
}

/// What an upload was: the files (on disk), the kind and the mapping
/// chosen, or why it was refused.
enum Upload {
    Files(Spooled, Option<String>, Option<String>),
    TooLarge,
}

/// Reads the multipart upload piece by piece into files on disk, refusing
/// it as soon as it passes the installation's upload limit.
async fn read_upload(mut multipart: Multipart, limit: usize) -> Result<Upload, PageError> {
    use std::io::Write;
    let (mut files, mut kind, mut mapping, mut total) = (Spooled::default(), None, None, 0usize);
    let spool = |e: std::io::Error| PageError::internal("upload", e);
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| PageError::BadInput)?
    {
        match field.name() {
            Some("kind") => kind = Some(field.text().await.map_err(|_| PageError::BadInput)?),
            Some("mapping") => {
                let name = field.text().await.map_err(|_| PageError::BadInput)?;
                mapping = Some(name).filter(|n| !n.trim().is_empty());
            }
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
    Ok(Upload::Files(files, kind, mapping))
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
    let (files, kind, mapping) = match read_upload(multipart, limit).await? {
        Upload::TooLarge => {
            let allowed = (limit as u64 / interchange::limits::MIB).to_string();
            let text = access
                .chrome
                .m
                .fill("import.upload_too_large", &[("allowed", allowed)]);
            return refused_upload(&access, text);
        }
        Upload::Files(files, _, _) if files.is_empty() => {
            return refused_upload(&access, access.chrome.t("import.no_files"))
        }
        Upload::Files(files, kind, mapping) => (files, kind, mapping),
    };
    let mapping = match mapping {
        Some(name) => Some(
            crate::pages::mappings::saved(&app, &access, &name)
                .await?
                .ok_or(PageError::NotFound)?,
        ),
        None => None,
    };
    check_with(&app, &access, files, kind, mapping)
}

/// Starts checking uploaded files, read through `mapping` when one is
/// given, and sends the browser to the job's page.
pub(crate) fn check_with(
    app: &AppState,
    access: &Access,
    files: Spooled,
    kind: Option<String>,
    mapping: Option<interchange::Mapping>,
) -> Result<Response, PageError> {
    let mut options = options(
        app,
        access,
        kind.as_deref().filter(|_| mapping.is_none()),
        true,
    )?;
    options.mapping = mapping.clone();
    let keeper = Keeper {
        app: app.clone(),
        organisation: access.organisation().code.clone(),
        actor: access.actor(),
        kind: mapping.as_ref().map(|m| m.kind.clone()).or(kind),
        mapping,
    };
    Ok(start(
        app,
        access,
        Purpose::Check,
        files,
        options,
        Some(keeper),
    ))
}

/// What a passed check keeps for its confirmation.
struct Keeper {
    app: AppState,
    organisation: domain::OrganisationCode,
    actor: String,
    kind: Option<String>,
    mapping: Option<interchange::Mapping>,
}

impl Keeper {
    /// Keeps the checked files in the database (a source's files as the
    /// interchange files they translate to); the id to confirm them.
    async fn keep(&self, files: &[InputFile]) -> Result<String, String> {
        let translated;
        let files = match &self.mapping {
            Some(mapping) => {
                let app = &self.app;
                let limits = &app.settings.limits;
                translated = importer::translated_files(
                    &app.store,
                    app.pseudonymiser.clone(),
                    limits,
                    &self.organisation,
                    mapping,
                    files,
                )
                .await?;
                &translated[..]
            }
            None => files,
        };
        let kept = files
            .iter()
            .map(|f| {
                Ok(Kept {
                    name: f.name.clone(),
                    bytes: base64::engine::general_purpose::STANDARD.encode(f.read()?),
                    kind: self.kind.clone(),
                    mapping: self.mapping.as_ref().map(|m| m.name.clone()),
                })
            })
            .collect::<std::io::Result<Vec<Kept>>>()
            .map_err(|e| e.to_string())?;
        let json = serde_json::to_string(&kept).map_err(|e| e.to_string())?;
        let id = token(24);
        self.app
            .store
            .keep_upload(
                &digest(&id),
                self.organisation.as_str(),
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
            let page = page_with_lists(&app, page, &access).await?;
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
    let mapped_with = kept.first().and_then(|k| k.mapping.clone());
    let files = kept
        .into_iter()
        .map(|k| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(k.bytes)
                .map_err(|e| PageError::internal("upload", e))?;
            Ok(InputFile::new(k.name, bytes))
        })
        .collect::<Result<Vec<_>, PageError>>()?;
    let mut options = options(&app, &access, kind.as_deref(), false)?;
    options.mapped_with = mapped_with;
    if !app.jobs.has_room() {
        return busy(&access);
    }
    let files = Spooled::of(files).map_err(|e| PageError::internal("upload", e))?;
    Ok(start(&app, &access, Purpose::Import, files, options, None))
}

/// `GET /organisations/{org}/import/templates/{file}` (`registrations.csv`,
/// `registrations.xlsx`): an empty file of a kind to fill in; the XLSX
/// explains every column, with the organisation's own areas, partners and
/// activities.
pub async fn template(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (code, extension) = file.rsplit_once('.').ok_or(PageError::NotFound)?;
    let kind = FileKind::parse(code).map_err(|_| PageError::NotFound)?;
    let name = crate::template::file_name(kind, extension);
    match extension {
        "csv" => crate::pages::publication::attachment(
            crate::template::csv(kind),
            "text/csv; charset=utf-8",
            &name,
        ),
        "xlsx" => {
            let known = importer::Known::of_organisation(
                &app.store,
                app.pseudonymiser.clone(),
                app.settings.limits.clone(),
                &access.organisation().code,
            )
            .await?;
            let org = &access.organisation().code;
            let own = crate::template::OwnLists {
                areas: access
                    .organisation()
                    .areas
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect(),
                partners: interchange::Lookup::partners(&known, org)
                    .into_iter()
                    .map(|(id, name)| (id.as_str().to_string(), name))
                    .collect(),
                activities: interchange::Lookup::collective_activities(&known, org)
                    .into_iter()
                    .map(|(id, name)| (id.as_str().to_string(), name))
                    .collect(),
            };
            let vocabulary = interchange::Lookup::vocabulary(&known);
            let bytes = crate::template::xlsx(kind, access.chrome.m, vocabulary, &own)
                .map_err(|e| PageError::internal("template", e))?;
            let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            crate::pages::publication::attachment(bytes, xlsx, &name)
        }
        _ => Err(PageError::NotFound),
    }
}

/// `GET /organisations/{org}/import/history/{id}.csv`: a past import's
/// report as CSV — per file its counts, per refused row its line, column,
/// value and reason.
pub async fn report(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let id = file.strip_suffix(".csv").ok_or(PageError::NotFound)?;
    let org = &access.organisation().code;
    let entry = app
        .store
        .import_entry(org, id)
        .await?
        .ok_or(PageError::NotFound)?;
    let files: Vec<serde_json::Value> =
        serde_json::from_str(&entry.report).map_err(|e| PageError::internal("report", e))?;
    let bytes =
        report_csv(&files, access.chrome.m).map_err(|e| PageError::internal("report", e))?;
    let name = format!("import-{}.csv", entry.at.replace([':', 'T', 'Z'], ""));
    crate::pages::publication::attachment(bytes, "text/csv; charset=utf-8", &name)
}

/// A stored report as CSV, `;`-separated with the page's words as header.
fn report_csv(files: &[serde_json::Value], m: &publish::Messages) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![0xEF, 0xBB, 0xBF]);
    let keys = [
        "import.report_file",
        "import.kind",
        "import.inserted",
        "import.updated",
        "import.unchanged",
        "import.rejected",
        "import.report_problem",
        "import.line",
        "import.column",
        "import.value",
        "import.reason",
    ];
    writer.write_record(keys.iter().map(|k| m.get(k)))?;
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => domain::formula::guard(s).into_owned(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    for file in files {
        let mut head: Vec<String> = [
            "file",
            "kind",
            "inserted",
            "updated",
            "unchanged",
            "rejected",
            "problem",
        ]
        .iter()
        .map(|k| text(&file[*k]))
        .collect();
        head[1] = m.label("kind", &head[1]);
        if let Some((code, values)) = kept_problem(&file["file_problem"]) {
            if let Some(said) = crate::pages::records::file_problem_said(&code, &values, m) {
                head[6] = said;
            }
        }
        let errors = file["errors"].as_array().cloned().unwrap_or_default();
        if errors.is_empty() {
            let empty = vec![String::new(); 4];
            writer.write_record(head.iter().chain(empty.iter()))?;
        }
        for error in errors {
            let mut tail: Vec<String> = ["line", "column", "value", "reason"]
                .iter()
                .map(|k| text(&error[*k]))
                .collect();
            if let Some((code, values)) = kept_problem(&error["problem"]) {
                if let Some(said) = crate::pages::records::problem_said(&code, &values, m) {
                    tail[3] = said;
                }
            }
            writer.write_record(head.iter().chain(tail.iter()))?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// A problem as the history keeps it: its code and values.
fn kept_problem(kept: &serde_json::Value) -> Option<(String, Vec<(String, String)>)> {
    let code = kept["code"].as_str()?.to_string();
    let values = kept["values"]
        .as_object()
        .map(|values| {
            values
                .iter()
                .map(|(name, value)| (name.clone(), value.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    Some((code, values))
}
