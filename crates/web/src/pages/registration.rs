//! The individual support registration form. It has no rules of its own:
//! what was typed becomes one row of a `registrations` file (with the wide
//! ZRM columns) and goes through the importer, so the form, CSV and XLSX
//! share one validation. A refused form is shown again with what was typed
//! and each message next to its field.

use crate::access::{token, Access};
use crate::error::PageError;
use crate::form::FormData;
use crate::pages::layout::Chrome;
use crate::pages::records::{import_row, one_row, refusal_of, row_of};
use crate::pages::{render, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::{AgeGroup, Coded, SupportForm};
use interchange::FileKind;
use std::collections::HashMap;

/// The parts of a ZRM score, as the wide columns name them.
const SCORE_PARTS: [&str; 3] = ["start", "doel", "eind"];

/// A choice in a list: code and label.
type Choice = (String, String);

#[derive(Template)]
#[template(path = "registration.html")]
struct RegistrationPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    form: FormData,
    refusal: Refusal,
    saved: Option<String>,
    areas: Vec<String>,
    forms: Vec<Choice>,
    ages: Vec<Choice>,
    domains: Vec<Choice>,
    dimensions: Vec<Choice>,
    partners: Vec<Choice>,
}

impl RegistrationPage<'_> {
    fn score_field(&self, domain: &str, part: &str) -> String {
        format!("zrm_{domain}_{part}")
    }

    fn score_label(&self, part: &str) -> String {
        self.chrome.t(&format!("registration.score_{part}"))
    }

    fn score_parts(&self) -> [&'static str; 3] {
        SCORE_PARTS
    }

    /// The scores of the matrix, 1 to 5, each with its meaning ("2 –
    /// niet zelfredzaam").
    fn scores(&self) -> Vec<(String, String)> {
        (1..=5)
            .map(|n: u8| {
                let meaning = self.chrome.tk("zrm_score", &n.to_string());
                (n.to_string(), format!("{n} – {meaning}"))
            })
            .collect()
    }

    /// Whether a domain's scores are shown open: the main domain, and a
    /// domain with a score given or refused; the others open on demand.
    fn domain_open(&self, domain: &str) -> bool {
        self.form.get("main_domain") == domain
            || SCORE_PARTS.iter().any(|part| {
                let name = self.score_field(domain, part);
                !self.form.get(&name).is_empty() || self.refusal.has_error(&name)
            })
    }

    /// The label of a field for the list of errors: a form field's label,
    /// or for a ZRM score its domain and part.
    fn field_label(&self, name: &str) -> String {
        let score = name.strip_prefix("zrm_").and_then(|rest| {
            let (domain, part) = rest.rsplit_once('_')?;
            let label = self.domains.iter().find(|(code, _)| code == domain)?;
            Some(format!("{}: {}", label.1, self.score_label(part)))
        });
        score.unwrap_or_else(|| self.chrome.tk("field", name))
    }
}

async fn page<'a>(
    app: &AppState,
    access: &'a Access,
    form: FormData,
    refusal: Refusal,
    saved: Option<String>,
) -> Result<RegistrationPage<'a>, PageError> {
    let organisation = access.organisation();
    let m = access.chrome.m;
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.data_version)
        .await?;
    let records = app
        .cache
        .records(&app.store, &organisation.code, access.data_version)
        .await?
        .ok_or(PageError::NotFound)?;
    let choices = |items: &[domain::ReferenceItem]| {
        items
            .iter()
            .map(|i| (i.code.clone(), i.name.clone()))
            .collect()
    };
    let mut partners: Vec<Choice> = records
        .partners
        .iter()
        .map(|p| (p.id.as_str().to_string(), p.name.clone()))
        .collect();
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(RegistrationPage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        form,
        refusal,
        saved,
        areas: organisation
            .areas
            .iter()
            .map(|a| a.as_str().to_string())
            .collect(),
        forms: SupportForm::ALL
            .iter()
            .map(|f| (f.code().to_string(), m.label("form", f.code())))
            .collect(),
        ages: AgeGroup::ALL
            .iter()
            .map(|a| (a.code().to_string(), m.label("age", a.code())))
            .collect(),
        domains: choices(&vocabulary.zrm_domains),
        dimensions: choices(&vocabulary.pg_dimensions),
        partners,
    })
}

/// `GET /organisations/{org}/registrations/new`.
pub async fn new(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let saved = query.get("saved").cloned();
    render(
        &page(
            &app,
            &access,
            FormData::default(),
            Refusal::default(),
            saved,
        )
        .await?,
    )
}

/// The form as one row of a registrations file: the fields typed, lists
/// joined with `|`, and the ZRM scores as wide columns.
fn as_csv(
    form: &FormData,
    organisation: &str,
    id: &str,
    domains: &[String],
) -> Result<Vec<u8>, csv::Error> {
    let (mut header, mut row) = row_of(FileKind::Registrations, form, organisation);
    if let Some(at) = header.iter().position(|h| h == "registration_id") {
        row[at] = id.to_string();
    }
    for domain in domains {
        for part in SCORE_PARTS {
            let name = format!("zrm_{domain}_{part}");
            if !form.get(&name).is_empty() {
                row.push(form.get(&name).to_string());
                header.push(name);
            }
        }
    }
    one_row(&header, &row)
}

/// `POST /organisations/{org}/registrations`.
pub async fn create(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    body: Bytes,
) -> Result<Response, PageError> {
    let form = FormData::parse(&body);
    let organisation = access.organisation().code.clone();
    let typed = form.get("registration_id");
    let id = if typed.is_empty() {
        format!("web-{}", token(6))
    } else {
        typed.to_string()
    };
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.data_version)
        .await?;
    let domains: Vec<String> = vocabulary
        .zrm_domains
        .iter()
        .map(|d| d.code.clone())
        .collect();
    let bytes = as_csv(&form, organisation.as_str(), &id, &domains)
        .map_err(|e| PageError::internal("form as csv", e))?;
    let Some(report) = import_row(&app, &access, FileKind::Registrations, bytes).await? else {
        let to = format!(
            "/organisations/{}/registrations/new?saved={}",
            organisation.as_str(),
            form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        );
        return Ok(Redirect::to(&to).into_response());
    };
    let refusal = refusal_of(&report, access.chrome.m);
    let page = page(&app, &access, form, refusal, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
