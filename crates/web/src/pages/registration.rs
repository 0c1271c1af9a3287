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
use crate::pages::{records_of, render, Refusal};
use crate::state::AppState;
use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use domain::{AgeGroup, Coded, DomainScores, Registration, Role, SupportForm};
use interchange::FileKind;
use std::collections::HashMap;

/// The parts of a ZRM score, as the wide columns name them.
const SCORE_PARTS: [&str; 3] = ["start", "doel", "eind"];

/// The fields of the form from top to bottom (the ZRM scores follow).
const FIELD_ORDER: [&str; 13] = [
    "registration_id",
    "area",
    "form",
    "start_date",
    "end_date",
    "first_contact_date",
    "waiting_since",
    "client_code",
    "age_group",
    "main_domain",
    "pg_dimensions",
    "referred_by",
    "referred_to",
];

/// A choice in a list: code and label.
type Choice = (String, String);

/// A stored registration being corrected or closed: its id, and whether
/// a client is known (its number is never shown; left empty it stays).
struct Editing {
    id: String,
    has_client: bool,
}

#[derive(Template)]
#[template(path = "registration.html")]
struct RegistrationPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    /// The page's title: registering, or correcting a stored one.
    title: String,
    /// Where the form is sent.
    action: String,
    editing: Option<Editing>,
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

    /// The refused fields in the order the form shows them, so that the
    /// summary reads top to bottom like the form.
    fn errors_in_order(&self) -> Vec<(&String, &Vec<String>)> {
        let place = |name: &str| {
            let field = FIELD_ORDER.iter().position(|f| *f == name);
            let score = name.strip_prefix("zrm_").and_then(|rest| {
                let (domain, part) = rest.rsplit_once('_')?;
                let d = self.domains.iter().position(|(code, _)| code == domain)?;
                let p = SCORE_PARTS.iter().position(|p| *p == part)?;
                Some(FIELD_ORDER.len() + d * SCORE_PARTS.len() + p)
            });
            field.or(score).unwrap_or(usize::MAX)
        };
        let mut errors: Vec<_> = self.refusal.errors.iter().collect();
        errors.sort_by_key(|(name, _)| place(name));
        errors
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
    editing: Option<Editing>,
) -> Result<RegistrationPage<'a>, PageError> {
    let organisation = access.organisation();
    let m = access.chrome.m;
    let org = organisation.code.as_str();
    let (title, action) = match &editing {
        Some(e) => (
            m.fill("registration.edit_title", &[("id", e.id.clone())]),
            edit_address(org, &e.id),
        ),
        None => (
            m.get("registration.title").to_string(),
            format!("/organisations/{org}/registrations"),
        ),
    };
    let (records, vocabulary) = records_of(app, access).await?;
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
        organisation: org.to_string(),
        organisation_name: organisation.name.clone(),
        title,
        action,
        editing,
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
            None,
        )
        .await?,
    )
}

/// The form as one row of a registrations file: the fields typed, lists
/// joined with `|`, and the ZRM scores as wide columns. A stored
/// registration sends every domain's columns, so that a score taken away
/// is taken away in the store too.
fn as_csv(
    form: &FormData,
    organisation: &str,
    id: &str,
    domains: &[String],
    stored: bool,
) -> Result<Vec<u8>, csv::Error> {
    let (mut header, mut row) = row_of(FileKind::Registrations, form, organisation);
    if let Some(at) = header.iter().position(|h| h == "registration_id") {
        row[at] = id.to_string();
    }
    for domain in domains {
        for part in SCORE_PARTS {
            let name = format!("zrm_{domain}_{part}");
            if stored || !form.get(&name).is_empty() {
                row.push(form.get(&name).to_string());
                header.push(name);
            }
        }
    }
    one_row(&header, &row)
}

/// The address of a stored registration's form.
pub fn edit_address(organisation: &str, id: &str) -> String {
    format!(
        "/organisations/{organisation}/registrations/{}/edit",
        crate::pages::address(id)
    )
}

/// The codes of the ZRM domains, in the vocabulary's order.
async fn domain_codes(app: &AppState, access: &Access) -> Result<Vec<String>, PageError> {
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.versions.shared)
        .await?;
    Ok(vocabulary
        .zrm_domains
        .iter()
        .map(|d| d.code.clone())
        .collect())
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
    // A new registration never overwrites a stored one: that is what
    // opening it from the list is for.
    let (records, _) = records_of(&app, &access).await?;
    if records.registrations.iter().any(|r| r.id.as_str() == id) {
        let mut refusal = Refusal::default();
        let taken = access.chrome.t("registration.id_taken");
        refusal.errors.insert("registration_id".into(), vec![taken]);
        let page = page(&app, &access, form, refusal, None, None).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response());
    }
    let domains = domain_codes(&app, &access).await?;
    let bytes = as_csv(&form, organisation.as_str(), &id, &domains, false)
        .map_err(|e| PageError::internal("form as csv", e))?;
    let Some(report) = import_row(&app, &access, FileKind::Registrations, bytes).await? else {
        app.store
            .note_author(&organisation, &id, &access.actor())
            .await?;
        let to = format!(
            "/organisations/{}/registrations/new?saved={}",
            organisation.as_str(),
            form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        );
        return Ok(Redirect::to(&to).into_response());
    };
    let refusal = refusal_of(&report, access.chrome.m);
    let page = page(&app, &access, form, refusal, None, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

/// The stored registration an address names, with its scores, when this
/// user may open it: the coordinator any of the organisation's, a
/// registrant the ones she registered.
async fn stored(
    app: &AppState,
    access: &Access,
    id: &str,
) -> Result<(Registration, Vec<DomainScores>), PageError> {
    let organisation = &access.organisation().code;
    let (records, _) = records_of(app, access).await?;
    let registration = records
        .registrations
        .iter()
        .find(|r| r.id.as_str() == id)
        .ok_or(PageError::NotFound)?;
    let role = access.account.as_ref().map(|a| a.role);
    if role != Some(Role::Coordinator) {
        let author = app.store.author_of(organisation, id).await?;
        if author.as_deref() != Some(access.actor().as_str()) {
            return Err(PageError::NotFound);
        }
    }
    let scores = records
        .scores
        .iter()
        .filter(|s| s.registration.as_str() == id)
        .cloned()
        .collect();
    Ok((registration.clone(), scores))
}

/// A stored registration as its form shows it: every field as the form
/// names it, the client's number left empty (it is not kept).
fn as_form(r: &Registration, scores: &[DomainScores]) -> FormData {
    let mut form = FormData::default();
    let day = |d: Option<domain::Date>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let one = |v: Option<String>| v.into_iter().collect::<Vec<_>>();
    form.set("registration_id", vec![r.id.as_str().to_string()]);
    form.set("area", one(r.area.as_ref().map(|a| a.as_str().to_string())));
    form.set("form", vec![r.form.code().to_string()]);
    form.set("start_date", one(day(Some(r.start_date))));
    form.set("end_date", one(day(r.end_date)));
    form.set("first_contact_date", one(day(r.first_contact_date)));
    form.set("waiting_since", one(day(r.waiting_since)));
    form.set("age_group", one(r.age_group.map(|a| a.code().to_string())));
    form.set("main_domain", vec![r.main_domain.as_str().to_string()]);
    form.set(
        "pg_dimensions",
        r.pg_dimensions
            .iter()
            .map(|d| d.as_str().to_string())
            .collect(),
    );
    form.set(
        "referred_by",
        one(r.referred_by.as_ref().map(|p| p.as_str().to_string())),
    );
    form.set(
        "referred_to",
        r.referred_to
            .iter()
            .map(|p| p.as_str().to_string())
            .collect(),
    );
    for s in scores {
        let domain = s.domain.as_str();
        for (part, score) in SCORE_PARTS.iter().zip([s.start, s.goal, s.end]) {
            form.set(
                &format!("zrm_{domain}_{part}"),
                one(score.map(|n| n.get().to_string())),
            );
        }
    }
    form
}

/// What the form does not show of a stored registration, kept as it is:
/// its service and birth year, and its client when no new number is typed.
fn keep_unshown(form: &mut FormData, r: &Registration) {
    form.set("service", r.service.clone().into_iter().collect());
    form.set(
        "birth_year",
        r.birth_year
            .map(|b| b.get().to_string())
            .into_iter()
            .collect(),
    );
    let pseudonym = match form.get("client_code").is_empty() {
        true => r.client.as_ref().map(|c| c.as_str().to_string()),
        false => None,
    };
    form.set("client_pseudonym", pseudonym.into_iter().collect());
}

/// `GET /organisations/{org}/registrations/{id}/edit`: a stored
/// registration to correct or close.
pub async fn edit(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let (registration, scores) = stored(&app, &access, &id).await?;
    let editing = Editing {
        id: id.clone(),
        has_client: registration.client.is_some(),
    };
    let form = as_form(&registration, &scores);
    render(&page(&app, &access, form, Refusal::default(), None, Some(editing)).await?)
}

/// `POST /organisations/{org}/registrations/{id}/edit`: the corrected or
/// closed registration, through the importer like a new one; back to the
/// list when it is stored.
pub async fn update(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Path((_, id)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, PageError> {
    let (registration, _) = stored(&app, &access, &id).await?;
    let mut form = FormData::parse(&body);
    form.set("registration_id", vec![id.clone()]);
    keep_unshown(&mut form, &registration);
    let organisation = access.organisation().code.clone();
    let domains = domain_codes(&app, &access).await?;
    let bytes = as_csv(&form, organisation.as_str(), &id, &domains, true)
        .map_err(|e| PageError::internal("form as csv", e))?;
    let Some(report) = import_row(&app, &access, FileKind::Registrations, bytes).await? else {
        let to = format!(
            "/organisations/{}/registrations?opgeslagen={}",
            organisation.as_str(),
            form_urlencoded::byte_serialize(id.as_bytes()).collect::<String>()
        );
        return Ok(Redirect::to(&to).into_response());
    };
    let refusal = refusal_of(&report, access.chrome.m);
    let editing = Editing {
        id,
        has_client: registration.client.is_some(),
    };
    let page = page(&app, &access, form, refusal, None, Some(editing)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
