//! The page of one context indicator
//! (`GET /organisations/{org}/context/{indicator}`): the municipality over
//! the years against its province and the nation, then beside the
//! municipalities the reader compares it with — of the same CBS size
//! class (the default), of its province, or chosen by name — with its
//! rank, the group's mean, lowest and highest value, and every member in a
//! chart and a table ([`publish::context::indicator_page`]). Public
//! statistics: a municipality viewer reads it once anything of the
//! organisation is published. As PDF, Excel and CSV per table too.

use crate::access::Access;
use crate::error::PageError;
use crate::figures::Scope;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::publications::municipality_names;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Extension;
use domain::{Classification, ContextValue, Period};
use indicators::group::{members, urbanity, Group};
use publish::context::{IndicatorPageInput, Member, Peers};
use publish::model::{Text, Value};
use std::collections::{BTreeMap, HashMap};

#[derive(Template)]
#[template(path = "context.html")]
struct ContextPage<'a> {
    chrome: &'a Chrome,
    title: &'a str,
    organisation_name: &'a str,
    body: &'a str,
    /// The group chosen: `grootte`, `stedelijkheid`, `provincie` or
    /// `eigen`.
    group: &'a str,
    /// Whether the municipality's urbanity is known, so that it can be
    /// compared with municipalities of its size and urbanity.
    urbanity: bool,
    /// The municipalities typed, as typed.
    names: &'a str,
    /// What was typed and is no municipality.
    unknown: Option<String>,
}

/// The group the reader chose in the address (`groep`, and `gemeenten`
/// for their own choice): the group, and what was typed that is no
/// municipality. Size and urbanity can be chosen where the urbanity of
/// municipalities is known.
fn chosen_group(
    query: &HashMap<String, String>,
    c: &Classification,
    urbanity: BTreeMap<String, u8>,
) -> (Group, Vec<String>) {
    match query.get("groep").map(String::as_str) {
        Some("provincie") => (Group::Province, vec![]),
        Some("stedelijkheid") if !urbanity.is_empty() => (Group::SizeAndUrbanity(urbanity), vec![]),
        Some("eigen") => {
            let typed = query.get("gemeenten").map_or("", String::as_str);
            let mut codes = Vec::new();
            let mut unknown = Vec::new();
            for name in typed.split([',', ';', '\n']).map(str::trim) {
                if name.is_empty() {
                    continue;
                }
                let found = c
                    .resolve(name)
                    .or_else(|| c.region(name))
                    .filter(|r| r.is_municipality());
                match found {
                    Some(r) => codes.push(r.code.as_str().to_string()),
                    None => unknown.push(name.to_string()),
                }
            }
            (Group::Chosen(codes), unknown)
        }
        _ => (Group::SizeClass, vec![]),
    }
}

/// The group in a sentence, for `municipality` in `year`.
fn described(group: &Group, municipality: &str, year: i32, c: &Classification) -> Text {
    let year_value = ("year", Value::Text(year.to_string()));
    match group {
        Group::SizeClass => match c.size_class(municipality, year).map(|s| s.bounds()) {
            Some((from, Some(below))) => Text::Worded(
                "context_page.size_class",
                vec![
                    year_value,
                    ("from", Value::Whole(from)),
                    ("below", Value::Whole(below)),
                ],
            ),
            Some((from, None)) => Text::Worded(
                "context_page.size_class_from",
                vec![year_value, ("from", Value::Whole(from))],
            ),
            None => Text::Filled(
                "context_page.no_size_class",
                vec![("year", year.to_string())],
            ),
        },
        Group::SizeAndUrbanity(urbanity) => {
            let class = urbanity.get(municipality).copied().unwrap_or_default();
            Text::Worded(
                "context_page.size_and_urbanity",
                vec![
                    ("urbanity", Value::Key(format!("urbanity.{class}"))),
                    year_value,
                ],
            )
        }
        Group::Province => {
            let province = c
                .region(municipality)
                .and_then(|r| r.province.as_ref())
                .and_then(|p| c.region(p.as_str()))
                .map_or_else(String::new, |p| p.name.clone());
            Text::Filled(
                "context_page.province",
                vec![("province", province), ("year", year.to_string())],
            )
        }
        Group::Chosen(codes) => {
            let names: Vec<String> = codes.iter().map(|code| name_of(code, c)).collect();
            Text::Filled(
                "context_page.chosen",
                vec![("names", names.join(", ")), ("year", year.to_string())],
            )
        }
    }
}

/// A municipality's name, else its code.
fn name_of(code: &str, c: &Classification) -> String {
    c.region(code)
        .map_or_else(|| code.to_string(), |r| r.name.clone())
}

/// `GET /organisations/{org}/context/{indicator}`: the page, or with
/// `download=pdf|xlsx|csv` (and `table=ID` for a CSV) the file.
pub async fn page(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
    Path((_, indicator)): Path<(String, String)>,
) -> Result<Response, PageError> {
    let organisation = access.organisation();
    let code = &organisation.code;
    // A viewer reads an organisation once anything of it is published.
    if access.audience.suppresses()
        && app
            .cache
            .published(&app.store, code, access.data_version)
            .await?
            .is_empty()
    {
        return Err(PageError::NotFound);
    }
    let records = app
        .cache
        .records(&app.store, code, access.data_version)
        .await?
        .ok_or(PageError::NotFound)?;
    let values: Vec<&ContextValue> = records.context.iter().chain(&records.compared).collect();
    // The municipality of the organisation with a value, at its latest year.
    let (municipality, year) = organisation
        .municipalities
        .iter()
        .filter_map(|m| {
            let latest = records
                .context
                .iter()
                .filter(|v| v.indicator.as_str() == indicator && v.value.is_some())
                .filter(|v| v.region.as_str().eq_ignore_ascii_case(m.as_str()))
                .filter_map(|v| match v.period {
                    Period::Year(y) => Some(y),
                    _ => None,
                })
                .max()?;
            Some((m.as_str().to_string(), latest))
        })
        .next()
        .ok_or(PageError::NotFound)?;
    let scoped = app
        .cache
        .figures(&app.store, code, Scope::Year(year), access.data_version)
        .await?
        .ok_or(PageError::NotFound)?;
    let c = Classification::builtin();
    let urbanity = urbanity(&values, &records.definitions, year);
    let urban = urbanity.contains_key(&municipality);
    let (group, unknown) = chosen_group(&query, c, urbanity);
    let peers = Peers {
        described: described(&group, &municipality, year, c),
        year,
        members: members(&municipality, (&indicator, year), &values, &group, c)
            .into_iter()
            .map(|(member, value)| Member {
                name: name_of(&member, c),
                value,
                own: member.eq_ignore_ascii_case(&municipality),
            })
            .collect(),
    };
    let municipalities = municipality_names(&records);
    let input = IndicatorPageInput {
        organisation,
        municipalities: &municipalities,
        indicator: &indicator,
        definitions: &records.definitions,
        figures: &scoped.figures,
        peers,
        data_version: access.data_version,
    };
    // Public statistics, the same for every reader: no count to hide, and
    // no "not publishable" banner for staff.
    let everyone = publish::Audience::Public(app.settings.threshold);
    let layout = publish::context::indicator_page(&input, everyone).ok_or(PageError::NotFound)?;
    let publication = publish::protected::alone(layout);
    let m = access.chrome.m;
    let page = format!("context/{indicator}");
    match query.get("download").map(String::as_str) {
        Some("pdf") => return super::publication::pdf(&app, &access, &page, publication).await,
        Some(kind) => return super::publication::download(m, &page, &publication, kind, &query),
        None => {}
    }
    let title = m.text(&publication.title);
    let body = publish::html::publication_with_downloads(&publication, m);
    let chosen = match group {
        Group::SizeClass => "grootte",
        Group::SizeAndUrbanity(_) => "stedelijkheid",
        Group::Province => "provincie",
        Group::Chosen(_) => "eigen",
    };
    render(&ContextPage {
        chrome: &access.chrome,
        title: &title,
        organisation_name: &organisation.name,
        body: &body,
        group: chosen,
        urbanity: urban,
        names: query.get("gemeenten").map_or("", String::as_str),
        unknown: (!unknown.is_empty())
            .then(|| m.fill("context_page.unknown", &[("names", unknown.join(", "))])),
    })
}
