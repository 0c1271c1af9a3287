//! The start page: the organisations this user may see, their factsheets
//! by year, and what the user may do for them.

use crate::access::{audience, Access, Need};
use crate::error::PageError;
use crate::page_names;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use axum::Extension;
use std::collections::BTreeMap;

/// A monitor year on the start page: the year, whether its monitor is
/// shown, and its themes whose factsheet is (code and name).
type Year = (i32, bool, Vec<(String, String)>);

/// One organisation on the start page.
struct Tenant {
    code: String,
    name: String,
    /// Whether the dashboard is shown.
    dashboard: bool,
    /// Per year (newest first): whether the monitor is shown, and the
    /// themes whose factsheet is (code and name).
    years: Vec<Year>,
    /// The years with surveys.
    survey_years: Vec<i32>,
    /// Areas with the year of their page (their profile's, else the
    /// latest monitor year).
    /// Name, name encoded for the address, year.
    areas: Vec<(String, String, i32)>,
    may_register: bool,
    /// The list of registrations this user works with ("Mijn
    /// registraties", or the team's for the coordinator): message key.
    registrations: &'static str,
    /// The work pages the user may open: address and message key.
    work: Vec<(String, &'static str)>,
}

/// The work pages of an organisation with what they need.
const WORK: &[(&str, Need, &str)] = &[
    ("check", Need::Interpret, "home.check"),
    ("collective", Need::Register, "home.collective"),
    ("din", Need::Coordinate, "home.din"),
    ("din-network", Need::Interpret, "home.din_network"),
    ("import", Need::Coordinate, "home.import"),
    ("logo", Need::Coordinate, "home.logo"),
    ("plan", Need::Coordinate, "home.plan"),
    ("texts", Need::Interpret, "home.texts"),
];

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    chrome: &'a Chrome,
    tenants: Vec<Tenant>,
    /// Whether the comparison is linked: the user sees the dashboards of
    /// two organisations, or one over two years or more.
    comparison: bool,
}

/// `GET /`.
pub async fn home(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
) -> Result<Response, PageError> {
    let account = access.account.as_ref().ok_or(PageError::SignIn)?;
    let mut tenants = Vec::new();
    for organisation in app
        .cache
        .organisations(&app.store, access.versions.shared)
        .await?
        .iter()
    {
        let Some(seen) = audience(account, organisation, app.settings.threshold) else {
            continue;
        };
        let version = access.versions.of(&organisation.code);
        if !Need::Read.allows(account.role) {
            continue;
        }
        let published = app
            .cache
            .published(&app.store, &organisation.code, version)
            .await?;
        // Staff see every page; a municipality viewer the published ones,
        // and nothing of an organisation before one is published.
        if seen.suppresses() && published.is_empty() {
            continue;
        }
        let shown = |page: &str| !seen.suppresses() || published.iter().any(|p| p.page == page);
        let Some(records) = app
            .cache
            .records(&app.store, &organisation.code, version)
            .await?
        else {
            continue;
        };
        let mut years: BTreeMap<i32, Vec<(String, String)>> = BTreeMap::new();
        for t in &records.themes {
            let themes = years.entry(t.year).or_default();
            if shown(&page_names::factsheet(t.code.as_str(), t.year)) {
                themes.push((t.code.as_str().to_string(), t.name.clone()));
            }
        }
        let latest = years.keys().next_back().copied();
        let areas = organisation
            .areas
            .iter()
            .filter_map(|a| {
                let profiled = records
                    .area_profiles
                    .iter()
                    .filter(|p| &p.area == a)
                    .map(|p| p.year)
                    .max();
                profiled
                    .or(latest)
                    .filter(|y| shown(&page_names::area(a.as_str(), y)))
                    .map(|y| (a.as_str().to_string(), crate::pages::address(a.as_str()), y))
            })
            .collect();
        tenants.push(Tenant {
            code: organisation.code.as_str().to_string(),
            name: organisation.name.clone(),
            dashboard: !years.is_empty() && shown(page_names::DASHBOARD),
            years: years
                .into_iter()
                .rev()
                .map(|(year, themes)| (year, shown(&page_names::monitor(year)), themes))
                .filter(|(_, monitor, themes)| *monitor || !themes.is_empty())
                .collect(),
            survey_years: {
                let mut y: Vec<i32> = records.surveys.iter().map(|s| s.year).collect();
                y.sort_unstable();
                y.dedup();
                y.retain(|year| shown(&page_names::surveys(year)));
                y.into_iter().rev().collect()
            },
            areas,
            may_register: Need::Register.allows(account.role),
            registrations: match account.role {
                domain::Role::Coordinator => "registrations.team_title",
                _ => "registrations.title",
            },
            work: WORK
                .iter()
                .filter(|(_, need, _)| need.allows(account.role))
                .map(|(path, _, key)| {
                    (
                        format!("/organisations/{}/{path}", organisation.code.as_str()),
                        *key,
                    )
                })
                .collect(),
        });
    }
    let compared: Vec<&Tenant> = tenants.iter().filter(|t| t.dashboard).collect();
    let comparison = compared.len() > 1 || compared.iter().any(|t| t.years.len() > 1);
    render(&HomePage {
        chrome: &access.chrome,
        tenants,
        comparison,
    })
}
