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
use crate::pages::publication::attachment;
use crate::pages::render;
use crate::samples::Sample;
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::fold::fold;
use domain::Coded;
use importer::Known;
use interchange::mapping::source::HeaderRule;
use interchange::mapping::{
    profile, read_source, suggest, Coding, DateFormat, MappingProblem, Private, Profile,
    SourceColumn,
};
use interchange::{FileKind, FileProblem, Mapping};
use publish::messages::Messages;
use std::collections::BTreeMap;

/// The rows of a sample the preview shows.
const PREVIEW_ROWS: usize = 5;

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

/// A source column in the editor.
struct EditorColumn {
    source: String,
    private: String,
    /// The personal data it holds, in words (empty: none).
    private_label: String,
    /// How many rows have a value, and a few of them.
    seen: String,
    /// The interchange column chosen ("" = left out).
    to: String,
    options: Vec<(String, String)>,
}

/// A fixed value for every row.
struct FixedField {
    column: String,
    label: String,
    value: String,
    /// The codes to choose from, when the column takes codes.
    options: Vec<(String, String)>,
}

/// A source value and the code it stands for.
struct ValueRow {
    column: String,
    value: String,
    label: String,
    code: String,
    options: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "mapping.html")]
struct EditorPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    name: String,
    original: String,
    kind: String,
    kind_label: String,
    sheet: String,
    header: bool,
    dates: String,
    date_options: Vec<(String, String)>,
    sample: String,
    sample_name: String,
    /// What the sample is: rows, encoding, sheets, header line.
    sample_facts: Vec<String>,
    columns: Vec<EditorColumn>,
    fixed: Vec<FixedField>,
    values: Vec<ValueRow>,
    preview_header: Vec<String>,
    preview: Vec<Vec<String>>,
    /// Why the preview cannot be shown.
    preview_problem: Option<String>,
    /// What stops saving.
    problems: Vec<String>,
    /// Whether a save was tried and refused.
    refused: bool,
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

/// The mapping the editor's form describes.
fn mapping_of(form: &FormData) -> Mapping {
    let mut columns = Vec::new();
    for i in 0.. {
        let key = |part: &str| format!("c{i}.{part}");
        if !form.sent(&key("source")) {
            break;
        }
        let private = Private::ALL
            .iter()
            .copied()
            .find(|p| p.code() == form.get(&key("private")));
        columns.push(SourceColumn {
            source: form.raw(&key("source")).to_string(),
            to: Some(form.get(&key("to")).to_string()).filter(|t| !t.is_empty()),
            private,
        });
    }
    let mut values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for j in 0.. {
        let key = |part: &str| format!("v{j}.{part}");
        if !form.sent(&key("value")) {
            break;
        }
        let code = form.get(&key("code"));
        if !code.is_empty() {
            values
                .entry(form.get(&key("column")).to_string())
                .or_default()
                .insert(form.raw(&key("value")).to_string(), code.to_string());
        }
    }
    let fixed = form
        .all("fixed")
        .into_iter()
        .filter_map(|column| {
            let value = form.get(&format!("f.{column}"));
            (!value.is_empty()).then(|| (column.to_string(), value.to_string()))
        })
        .collect();
    Mapping {
        name: form.get("name").to_string(),
        kind: form.get("kind").to_string(),
        sheet: Some(form.get("sheet").to_string()).filter(|s| !s.is_empty()),
        header: form.get("header") != "0",
        dates: DateFormat::parse(form.get("dates")).unwrap_or_default(),
        columns,
        fixed,
        values,
    }
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
        "save" if mapping.check().is_empty() => {
            let json =
                serde_json::to_string(&mapping).map_err(|e| PageError::internal("mapping", e))?;
            let actor = format!("web:{}", access.actor());
            let mut tx = app.store.begin().await?;
            if !original.is_empty() && original != mapping.name {
                tx.delete_mapping(&org, &original, &actor).await?;
            }
            tx.save_mapping(&org, &mapping.name, &mapping.kind, &json, &actor)
                .await?;
            tx.commit().await?;
            let to = format!(
                "/organisations/{}/mappings?saved={}",
                org.as_str(),
                path_part(&mapping.name)
            );
            Ok(Redirect::to(&to).into_response())
        }
        "check" if mapping.check().is_empty() => {
            let sample = sample.ok_or(PageError::BadInput)?;
            let files = Spooled::of(vec![importer::InputFile {
                name: sample.name,
                bytes: sample.bytes,
            }])
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

/// The editor of `mapping`, over its sample when there is one.
fn editor<'a>(
    app: &AppState,
    access: &'a Access,
    known: &Known,
    mapping: Mapping,
    original: String,
    sample: Option<(String, Sample)>,
    new: &[(String, String)],
) -> Result<EditorPage<'a>, PageError> {
    let m = access.chrome.m;
    let org = access.organisation();
    let kind = mapping.file_kind().map_err(|_| PageError::BadInput)?;
    let rule = match mapping.header {
        true => HeaderRule::Find,
        false => HeaderRule::None,
    };
    let read = sample.as_ref().map(|(_, s)| {
        read_source(
            &s.bytes,
            mapping.sheet.as_deref(),
            rule,
            &app.settings.limits,
        )
        .map(|source| {
            let seen = profile(kind, &source);
            (source, seen)
        })
    });
    let mut page = EditorPage {
        chrome: &access.chrome,
        organisation: org.code.as_str().to_string(),
        organisation_name: org.name.clone(),
        name: mapping.name.clone(),
        original,
        kind: mapping.kind.clone(),
        kind_label: m.label("kind", &mapping.kind),
        sheet: mapping.sheet.clone().unwrap_or_default(),
        header: mapping.header,
        dates: mapping.dates.code().to_string(),
        date_options: DateFormat::ALL
            .iter()
            .map(|f| (f.code().to_string(), m.label("dates", f.code())))
            .collect(),
        sample: sample.as_ref().map(|(t, _)| t.clone()).unwrap_or_default(),
        sample_name: sample
            .as_ref()
            .map(|(_, s)| s.name.clone())
            .unwrap_or_default(),
        sample_facts: Vec::new(),
        columns: Vec::new(),
        fixed: Vec::new(),
        values: Vec::new(),
        preview_header: Vec::new(),
        preview: Vec::new(),
        preview_problem: None,
        problems: mapping.check().iter().map(|p| said_problem(p, m)).collect(),
        refused: false,
    };
    let mut unknown: Vec<(String, String, usize)> =
        new.iter().map(|(c, v)| (c.clone(), v.clone(), 0)).collect();
    match read {
        Some(Ok((source, seen))) => {
            page.sample_facts = facts(&seen, m);
            page.columns = seen
                .columns
                .iter()
                .map(|c| {
                    let chosen = mapping
                        .columns
                        .iter()
                        .find(|s| fold(&s.source) == fold(&c.source));
                    let private = chosen.and_then(|s| s.private).or(c.private);
                    let to = chosen.and_then(|s| s.to.clone()).unwrap_or_default();
                    editor_column(kind, &c.source, private, seen_text(c, m), to, m)
                })
                .collect();
            match mapping.translate(&source.table, org, known) {
                Ok(translated) => {
                    page.preview_header = translated
                        .table
                        .header
                        .iter()
                        .map(|h| m.label("field", h))
                        .collect();
                    let header = &translated.table.header;
                    page.preview = translated
                        .table
                        .rows(0..translated.table.len().min(PREVIEW_ROWS))
                        .map(|r| shown_cells(kind, header, r.cells, org, known, m))
                        .collect();
                }
                Err(FileProblem::UnknownValues { values, .. }) => {
                    page.preview_problem = Some(m.get("mapping.preview_unknown").to_string());
                    unknown.extend(values.into_iter().map(|v| (v.column, v.value, v.count)));
                }
                Err(problem) => {
                    page.preview_problem =
                        Some(crate::pages::records::said_file_problem(&problem, m))
                }
            }
        }
        Some(Err(problem)) => {
            page.preview_problem = Some(crate::pages::records::said_file_problem(&problem, m));
            page.columns = saved_columns(kind, &mapping, m);
        }
        None => page.columns = saved_columns(kind, &mapping, m),
    }
    page.fixed = fixed_fields(kind, &mapping, org, known, m);
    page.values = value_rows(kind, &mapping, &unknown, org, known, m);
    Ok(page)
}

/// The columns of a mapping shown without a sample.
fn saved_columns(kind: FileKind, mapping: &Mapping, m: &Messages) -> Vec<EditorColumn> {
    mapping
        .columns
        .iter()
        .map(|c| {
            editor_column(
                kind,
                &c.source,
                c.private,
                String::new(),
                c.to.clone().unwrap_or_default(),
                m,
            )
        })
        .collect()
}

fn editor_column(
    kind: FileKind,
    source: &str,
    private: Option<Private>,
    seen: String,
    to: String,
    m: &Messages,
) -> EditorColumn {
    let mut options = vec![(String::new(), m.get("mapping.left_out").to_string())];
    match private {
        Some(p) => options.extend(
            p.fills()
                .iter()
                .map(|f| (f.to_string(), m.label("mapping.derived", f))),
        ),
        None => options.extend(
            kind.columns()
                .iter()
                .map(|c| (c.name.to_string(), m.label("field", c.name))),
        ),
    }
    if !to.is_empty() && !options.iter().any(|(v, _)| *v == to) {
        options.push((to.clone(), to.clone()));
    }
    EditorColumn {
        source: source.to_string(),
        private: private.map(|p| p.code().to_string()).unwrap_or_default(),
        private_label: private
            .map(|p| m.fill("mapping.private", &[("what", m.label("private", p.code()))]))
            .unwrap_or_default(),
        seen,
        to,
        options,
    }
}

/// How full a column is and a few of its values, in words.
fn seen_text(c: &interchange::mapping::ColumnProfile, m: &Messages) -> String {
    let examples: Vec<String> = c
        .values
        .iter()
        .take(3)
        .map(|(v, n)| format!("{v} ({n}×)"))
        .collect();
    let one = if c.filled == 1 { "_one" } else { "" };
    let values = [
        ("filled", c.filled.to_string()),
        ("examples", examples.join(", ")),
    ];
    match examples.is_empty() {
        true => m.fill(&format!("mapping.filled{one}"), &values),
        false => m.fill(&format!("mapping.filled{one}_with"), &values),
    }
}

/// What the sample is, in short lines.
fn facts(seen: &Profile, m: &Messages) -> Vec<String> {
    let mut facts = vec![m.fill("mapping.rows", &[("rows", seen.rows.to_string())])];
    match seen.header_line {
        Some(1) => {}
        Some(line) => facts.push(m.fill("mapping.header_at", &[("line", line.to_string())])),
        None => facts.push(m.get("mapping.no_header").to_string()),
    }
    if seen.encoding == interchange::mapping::Encoding::Windows1252 {
        facts.push(m.get("mapping.windows_1252").to_string());
    }
    if seen.sheets.len() > 1 {
        let sheet = seen.sheet.clone().unwrap_or_default();
        facts.push(m.fill(
            "mapping.sheets",
            &[("sheet", sheet), ("sheets", seen.sheets.join(", "))],
        ));
    }
    facts
}

/// The cells of a preview row as they will be stored, named: a code by
/// its name ("Informatie en advies"), a pseudonym shortened (the whole is
/// of no use to read).
fn shown_cells(
    kind: FileKind,
    header: &[String],
    cells: Vec<String>,
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<String> {
    header
        .iter()
        .zip(cells)
        .map(|(h, c)| match Coding::of(kind, h) {
            _ if h == "client_pseudonym" && c.len() > 10 => format!("{}…", &c[..8]),
            Some(coding) => interchange::mapping::translate::elements(h, &c)
                .into_iter()
                .map(|element| {
                    let code = coding.code_of(element, org, known);
                    let name = code.as_deref().and_then(|code| {
                        let choices = coding.choices(org, known);
                        let named = choices.into_iter().find(|(c, _)| c == code)?.1;
                        Some(named.unwrap_or_else(|| {
                            coding.list().map_or(code.to_string(), |l| m.label(l, code))
                        }))
                    });
                    name.unwrap_or_else(|| element.to_string())
                })
                .collect::<Vec<_>>()
                .join(", "),
            None => c,
        })
        .collect()
}

/// The codes of a coded column as a select offers them: code and name.
fn code_options(
    coding: Coding,
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<(String, String)> {
    let mut options = vec![(String::new(), m.get("mapping.choose").to_string())];
    options.extend(coding.choices(org, known).into_iter().map(|(code, name)| {
        let name =
            name.unwrap_or_else(|| coding.list().map_or(code.clone(), |l| m.label(l, &code)));
        (code, name)
    }));
    options
}

/// The required columns no source column fills, and those with a fixed
/// value: each with its value.
fn fixed_fields(
    kind: FileKind,
    mapping: &Mapping,
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<FixedField> {
    kind.columns()
        .iter()
        .filter(|c| c.name != "organisation")
        .filter(|c| {
            let unfilled = mapping.source_of(c.name).is_none();
            let one_of = interchange::mapping::one_of(kind)
                .iter()
                .find(|g| g.first() == Some(&c.name));
            let none_of = one_of.is_some_and(|g| g.iter().all(|o| mapping.source_of(o).is_none()));
            (c.required && unfilled) || none_of || mapping.fixed.contains_key(c.name)
        })
        .map(|c| FixedField {
            column: c.name.to_string(),
            label: m.label("field", c.name),
            value: mapping.fixed.get(c.name).cloned().unwrap_or_default(),
            options: Coding::of(kind, c.name)
                .map(|coding| code_options(coding, org, known, m))
                .unwrap_or_default(),
        })
        .collect()
}

/// The values to map: those the mapping maps, and those it does not know
/// (from the sample, or a later export), each with the codes of its
/// column.
fn value_rows(
    kind: FileKind,
    mapping: &Mapping,
    unknown: &[(String, String, usize)],
    org: &domain::Organisation,
    known: &Known,
    m: &Messages,
) -> Vec<ValueRow> {
    let mut rows: Vec<(String, String, Option<usize>)> = Vec::new();
    for (column, value, count) in unknown {
        if !rows.iter().any(|(c, v, _)| c == column && v == value) {
            rows.push((
                column.clone(),
                value.clone(),
                Some(*count).filter(|n| *n > 0),
            ));
        }
    }
    for (column, map) in &mapping.values {
        for value in map.keys() {
            if !rows.iter().any(|(c, v, _)| c == column && v == value) {
                rows.push((column.clone(), value.clone(), None));
            }
        }
    }
    rows.into_iter()
        .filter_map(|(column, value, count)| {
            let coding = Coding::of(kind, &column)?;
            let source = mapping
                .source_of(&column)
                .map(|s| s.source.clone())
                .unwrap_or_default();
            let label = match count {
                Some(n) => m.fill(
                    "mapping.value_seen",
                    &[
                        ("value", value.clone()),
                        ("source", source),
                        ("count", n.to_string()),
                    ],
                ),
                None => m.fill(
                    "mapping.value_in",
                    &[("value", value.clone()), ("source", source)],
                ),
            };
            Some(ValueRow {
                code: mapping
                    .values
                    .get(&column)
                    .and_then(|v| v.get(&value))
                    .cloned()
                    .unwrap_or_default(),
                options: code_options(coding, org, known, m),
                column,
                value,
                label,
            })
        })
        .collect()
}

/// A problem of a mapping in the page's language.
fn said_problem(problem: &MappingProblem, m: &Messages) -> String {
    let mut values = problem.values();
    for (name, value) in values.iter_mut() {
        if matches!(*name, "column" | "other") {
            *value = m.label("field", value);
        }
        if *name == "private" {
            *value = m.label("private", value);
        }
    }
    m.fill(&format!("mapping_problem.{}", problem.code()), &values)
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
    let json = serde_json::to_string(&mapping).map_err(|e| PageError::internal("mapping", e))?;
    let org = &access.organisation().code;
    let mut tx = app.store.begin().await?;
    tx.save_mapping(
        org,
        &mapping.name,
        &mapping.kind,
        &json,
        &format!("web:{}", access.actor()),
    )
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

impl EditorPage<'_> {
    /// Whether a code list option is the chosen one.
    fn chosen(&self, value: &str, chosen: &str) -> bool {
        value == chosen
    }
}
