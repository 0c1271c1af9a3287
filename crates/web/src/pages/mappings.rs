//! The mappings page: a coordinator keeps how her organisation's own
//! exports are read. A mapping is made from a sample: the product reads
//! it (title rows, encoding, sheet), suggests which column is which and
//! which value is which code, marks the columns that identify a person as
//! never stored, and shows the first rows as they will be stored; the
//! coordinator maps each unknown value once and saves. Saved mappings are
//! chosen at import, shared as TOML files, extended when a later export
//! brings a new value.

use crate::access::{token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::imports::Spooled;
use crate::pages::import::check_with;
use crate::pages::layout::Chrome;
use crate::pages::mapping_editor::{editor, mapping_of, said_problem};
use crate::pages::publication::attachment;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::Coded;
use importer::Known;
use interchange::mapping::source::HeaderRule;
use interchange::mapping::{profile, read_source, suggest};
use interchange::{FileKind, Mapping};
use std::collections::BTreeMap;

/// A mapping name as part of an address (`Regicare export` →
/// `Regicare%20export`).
pub fn path_part(name: &str) -> String {
    form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// The organisation's saved mapping `name`, read.
pub async fn saved(
    app: &AppState,
    access: &Access,
    name: &str,
) -> Result<Option<Mapping>, PageError> {
    let org = &access.organisation().code;
    match app.store.mapping(org, name).await? {
        None => Ok(None),
        Some(stored) => serde_json::from_str(&stored.json)
            .map(Some)
            .map_err(|e| PageError::internal("mapping", e)),
    }
}

/// A saved mapping in the list.
struct Listed {
    name: String,
    address: String,
    kind: String,
    changed: String,
}

#[derive(Template)]
#[template(path = "mappings.html")]
struct ListPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    mappings: Vec<Listed>,
    kinds: Vec<(String, String)>,
    notice: Option<String>,
    problem: Option<String>,
}

/// `GET /organisations/{org}/mappings`.
pub async fn list(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let saved = query.as_deref().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "saved")
            .map(|(_, v)| v.into_owned())
    });
    let m = access.chrome.m;
    let notice = saved.map(|name| m.fill("mapping.saved", &[("name", name)]));
    render(&list_page(&app, &access, notice, None).await?)
}

async fn list_page<'a>(
    app: &AppState,
    access: &'a Access,
    notice: Option<String>,
    problem: Option<String>,
) -> Result<ListPage<'a>, PageError> {
    let m = access.chrome.m;
    let organisation = access.organisation();
    let mappings = app
        .store
        .mappings(&organisation.code)
        .await?
        .into_iter()
        .map(|s| Listed {
            address: path_part(&s.name),
            kind: m.label("kind", &s.kind),
            changed: m.fill(
                "mapping.changed",
                &[
                    ("at", crate::clock::local_time(&s.changed_at, m)),
                    ("by", crate::clock::person(&s.changed_by, m)),
                ],
            ),
            name: s.name,
        })
        .collect();
    Ok(ListPage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        mappings,
        kinds: FileKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), m.label("kind", k.code())))
            .collect(),
        notice,
        problem,
    })
}

/// A multipart form's parts by name: the file name (if any) and the bytes.
type Parts = BTreeMap<String, (String, Vec<u8>)>;

/// The parts of a multipart form, files as bytes, within `limit` bytes.
async fn parts(mut multipart: Multipart, limit: usize) -> Result<Option<Parts>, PageError> {
    let mut parts = BTreeMap::new();
    let mut total = 0usize;
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|_| PageError::BadInput)?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file = field.file_name().unwrap_or_default().to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|_| PageError::BadInput)? {
            total += chunk.len();
            if total > limit {
                return Ok(None);
            }
            bytes.extend_from_slice(&chunk);
        }
        parts.insert(name, (file, bytes));
    }
    Ok(Some(parts))
}

/// The parts of an upload to the mappings page, or the page that refuses
/// it for being larger than the installation's upload limit.
async fn uploaded(
    app: &AppState,
    access: &Access,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Result<Parts, Response>, PageError> {
    let multipart = multipart.map_err(|_| PageError::BadInput)?;
    match parts(multipart, app.settings.upload_bytes).await? {
        Some(parts) => Ok(Ok(parts)),
        None => {
            let allowed = (app.settings.upload_bytes as u64 / interchange::limits::MIB).to_string();
            let text = access
                .chrome
                .m
                .fill("import.upload_too_large", &[("allowed", allowed)]);
            refused_list(app, access, text).await.map(Err)
        }
    }
}

fn text_of(parts: &Parts, name: &str) -> String {
    parts
        .get(name)
        .map(|(_, b)| String::from_utf8_lossy(b).trim().to_string())
        .unwrap_or_default()
}

/// `POST /organisations/{org}/mappings/new?csrf=…` (multipart: name, kind,
/// sample): reads the sample, keeps it in memory and shows the suggested
/// mapping.
pub async fn new(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let parts = match uploaded(&app, &access, multipart).await? {
        Ok(parts) => parts,
        Err(refused) => return Ok(refused),
    };
    let m = access.chrome.m;
    let name = text_of(&parts, "name");
    let Ok(kind) = FileKind::parse(&text_of(&parts, "kind")) else {
        return Err(PageError::BadInput);
    };
    let (file, bytes) = parts.get("sample").cloned().unwrap_or_default();
    if name.is_empty() || bytes.is_empty() {
        return refused_list(&app, &access, m.get("mapping.new_needs").to_string()).await;
    }
    let source = match read_source(&bytes, None, HeaderRule::Find, &app.settings.limits) {
        Ok(source) => source,
        Err(problem) => {
            let said = crate::pages::records::said_file_problem(&problem, m);
            return refused_list(&app, &access, said).await;
        }
    };
    let known = references(&app, &access).await?;
    let sample = profile(kind, &source);
    let mapping = suggest(&name, kind, &sample, access.organisation(), &known);
    let token = token(24);
    let org = access.organisation().code.as_str();
    app.samples
        .keep(token.clone(), org, &access.actor(), file, bytes);
    let sample = app.samples.get(&token, org, &access.actor());
    let page = editor(
        &app,
        &access,
        &known,
        mapping,
        String::new(),
        sample.map(|s| (token, s)),
        &[],
    )?;
    render(&page)
}

async fn refused_list(
    app: &AppState,
    access: &Access,
    problem: String,
) -> Result<Response, PageError> {
    let page = list_page(app, access, None, Some(problem)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// What the organisation's values are checked against.
async fn references(app: &AppState, access: &Access) -> Result<Known, PageError> {
    Ok(Known::of_organisation(
        &app.store,
        app.pseudonymiser.clone(),
        app.settings.limits.clone(),
        &access.organisation().code,
    )
    .await?)
}

/// `GET /organisations/{org}/mappings/{name}/edit[?new=column␟value…]`:
/// a saved mapping in the editor, with the values a later export brought
/// that it does not know yet.
pub async fn edit_saved(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, name)): Path<(String, String)>,
    RawQuery(query): RawQuery,
) -> Result<Response, PageError> {
    let mapping = saved(&app, &access, &name)
        .await?
        .ok_or(PageError::NotFound)?;
    let new: Vec<(String, String)> = query
        .as_deref()
        .map(|q| {
            form_urlencoded::parse(q.as_bytes())
                .filter(|(k, _)| k == "new")
                .filter_map(|(_, v)| {
                    v.split_once('\u{1f}')
                        .map(|(c, v)| (c.to_string(), v.to_string()))
                })
                .collect()
        })
        .unwrap_or_default();
    let known = references(&app, &access).await?;
    render(&editor(&app, &access, &known, mapping, name, None, &new)?)
}

/// `POST /organisations/{org}/mappings/edit`: the editor's form, sent to
/// see the choices applied (`action=update`), to save the mapping
/// (`action=save`), or to check the whole sample with it (`action=check`).
pub async fn edit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let mapping = mapping_of(&form);
    mapping.file_kind().map_err(|_| PageError::BadInput)?;
    let org = access.organisation().code.clone();
    let token = form.get("sample").to_string();
    let sample = app.samples.get(&token, org.as_str(), &access.actor());
    let original = form.get("original").to_string();
    let known = references(&app, &access).await?;
    match form.get("action") {
        "save" if mapping.check().is_empty() => save(&app, &access, &mapping, &original).await,
        "check" if mapping.check().is_empty() => {
            let sample = sample.ok_or(PageError::BadInput)?;
            let files = Spooled::of(vec![importer::InputFile::new(sample.name, sample.bytes)])
                .map_err(|e| PageError::internal("sample", e))?;
            check_with(&app, &access, files, None, Some(mapping))
        }
        action => {
            // A save or check refused shows what is still to do; an update
            // shows the choices applied.
            let refused = matches!(action, "save" | "check");
            let sample = sample.map(|s| (token, s));
            let mut page = editor(&app, &access, &known, mapping, original, sample, &[])?;
            page.refused = refused;
            let status = match action {
                "save" => StatusCode::UNPROCESSABLE_ENTITY,
                _ => StatusCode::OK,
            };
            Ok((status, render(&page)?).into_response())
        }
    }
}

/// `GET /organisations/{org}/mappings/{file}` with `file` = `NAME.toml`:
/// the mapping as the TOML file that shares it.
pub async fn download(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, file)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let name = file.strip_suffix(".toml").ok_or(PageError::NotFound)?;
    let mapping = saved(&app, &access, name)
        .await?
        .ok_or(PageError::NotFound)?;
    attachment(
        mapping.to_toml().into_bytes(),
        "application/toml; charset=utf-8",
        &format!("{}.toml", name.replace(' ', "-")),
    )
}

/// `POST /organisations/{org}/mappings/upload?csrf=…` (multipart: file): a
/// shared mapping file, checked and saved.
pub async fn upload(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let parts = match uploaded(&app, &access, multipart).await? {
        Ok(parts) => parts,
        Err(refused) => return Ok(refused),
    };
    let m = access.chrome.m;
    let text = text_of(&parts, "file");
    let mapping = match Mapping::from_file(&text) {
        Ok(mapping) => mapping,
        Err(_) => {
            return refused_list(&app, &access, m.get("mapping.file_unreadable").to_string()).await
        }
    };
    let problems = mapping.check();
    if !problems.is_empty() {
        let said: Vec<String> = problems.iter().map(|p| said_problem(p, m)).collect();
        return refused_list(&app, &access, said.join(" ")).await;
    }
    save(&app, &access, &mapping, "").await
}

/// Saves a checked mapping for the organisation (in place of `replacing`
/// when it was renamed) and sends the browser to the list that says so.
async fn save(
    app: &AppState,
    access: &Access,
    mapping: &Mapping,
    replacing: &str,
) -> Result<Response, PageError> {
    let json = serde_json::to_string(mapping).map_err(|e| PageError::internal("mapping", e))?;
    let org = &access.organisation().code;
    let actor = format!("web:{}", access.actor());
    let mut tx = app.store.begin().await?;
    if !replacing.is_empty() && replacing != mapping.name {
        tx.delete_mapping(org, replacing, &actor).await?;
    }
    tx.save_mapping(org, &mapping.name, &mapping.kind, &json, &actor)
        .await?;
    tx.commit().await?;
    let to = format!(
        "/organisations/{}/mappings?saved={}",
        org.as_str(),
        path_part(&mapping.name)
    );
    Ok(Redirect::to(&to).into_response())
}

/// `POST /organisations/{org}/mappings/{name}/delete`.
pub async fn delete(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, name)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let org = &access.organisation().code;
    let mut tx = app.store.begin().await?;
    let deleted = tx
        .delete_mapping(org, &name, &format!("web:{}", access.actor()))
        .await?;
    tx.commit().await?;
    if !deleted {
        return Err(PageError::NotFound);
    }
    Ok(Redirect::to(&format!("/organisations/{}/mappings", org.as_str())).into_response())
}
