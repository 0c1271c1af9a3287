//! The factsheet page of a theme and year: the publication model of
//! `publish`, suppressed for the user's audience, inside the layout.

use crate::access::Access;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Extension;
use publish::FactsheetInput;
use store::OrganisationRecords;

#[derive(Template)]
#[template(path = "factsheet.html")]
struct FactsheetPage<'a> {
    chrome: &'a Chrome,
    title: String,
    organisation: String,
    organisation_name: String,
    body: String,
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
    Path((_, theme, year)): Path<(String, String, String)>,
) -> Result<Response, PageError> {
    let year: i32 = year.parse().map_err(|_| PageError::NotFound)?;
    let organisation = access.organisation();
    let found = app
        .cache
        .theme(&app.store, &organisation.code, &theme, year)
        .await?
        .ok_or(PageError::NotFound)?;
    let records = &found.records;
    let theme = records
        .themes
        .iter()
        .find(|t| t.code.as_str() == theme && t.year == year)
        .ok_or(PageError::NotFound)?;
    let vocabulary = app.store.vocabulary().await?;
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
    let publication = publish::factsheet(&input, access.audience);
    render(&FactsheetPage {
        chrome: &access.chrome,
        title: theme.name.clone(),
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        body: publish::html::publication(&publication, access.chrome.m),
    })
}
