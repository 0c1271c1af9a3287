//! The DIN as a network (issue 23): per Positive Health dimension, the
//! municipality's goals of a year per theme, each with the organisation's
//! efforts that serve it (category, nature, partners), the efforts that
//! serve the dimension without a goal of their own, and stopped efforts
//! greyed with their date and reason. Nested lists, so that it reads
//! without colour, on a phone and to a screen reader; the coordinator
//! edits a goal or effort from here.

use crate::access::{Access, Need};
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use chrono::Datelike;
use domain::{Coded, Effort, Goal, OrganisationCode, PgDimension, Theme};
use publish::Messages;
use std::collections::HashMap;
use store::OrganisationRecords;

/// An effort as the network shows it.
pub struct EffortNode {
    name: String,
    /// Category, nature and partners in words.
    facts: String,
    /// "gestopt op 1 maart 2022: …" for a stopped effort.
    stopped: Option<String>,
    edit: Option<String>,
}

/// A goal with the efforts that serve it.
pub struct GoalNode {
    kind: String,
    text: String,
    original: Option<String>,
    target: Option<String>,
    efforts: Vec<EffortNode>,
    edit: Option<String>,
}

/// A theme's goals in one dimension.
pub struct ThemeNode {
    name: String,
    goals: Vec<GoalNode>,
}

/// One Positive Health dimension (or none) with its themes and the
/// efforts that serve it without a goal of their own.
pub struct DimensionNode {
    id: String,
    name: String,
    themes: Vec<ThemeNode>,
    loose: Vec<EffortNode>,
}

#[derive(Template)]
#[template(path = "din_network.html")]
struct NetworkPage<'a> {
    chrome: &'a Chrome,
    organisation: String,
    organisation_name: String,
    year: i32,
    years: Vec<i32>,
    dimensions: Vec<DimensionNode>,
    may_edit: bool,
}

/// What the builder needs besides the records: the words, the names of
/// the dimensions, and where edits go (none for a reader who may not edit).
struct Reading<'a> {
    m: &'a Messages,
    records: &'a OrganisationRecords,
    dimensions: &'a [domain::ReferenceItem],
    domains: &'a [domain::ReferenceItem],
    edit_base: Option<String>,
}

impl Reading<'_> {
    fn partner(&self, id: &str) -> String {
        self.records
            .partners
            .iter()
            .find(|p| p.id.as_str() == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }

    fn effort(&self, effort: &Effort) -> EffortNode {
        let m = self.m;
        let mut facts = vec![m.label("category", effort.category.code())];
        if let Some(nature) = effort.nature {
            facts.push(m.label("nature", nature.code()));
        }
        if !effort.partners.is_empty() {
            let partners: Vec<String> = effort
                .partners
                .iter()
                .map(|p| self.partner(p.as_str()))
                .collect();
            facts.push(m.fill("din_network.partners", &[("partners", partners.join(", "))]));
        }
        let stopped = effort.stopped.map(|day| {
            m.fill(
                "din_network.stopped",
                &[
                    ("date", m.date(day)),
                    ("reason", effort.stop_reason.clone().unwrap_or_default()),
                ],
            )
        });
        EffortNode {
            name: effort.name.clone(),
            facts: facts.join(" · "),
            stopped,
            edit: self
                .edit_base
                .as_ref()
                .map(|base| format!("{base}/efforts?effort_id={}", effort.id.as_str())),
        }
    }

    fn goal(&self, goal: &Goal, efforts: &[&Effort]) -> GoalNode {
        let target = &goal.target;
        let target = (!target.is_empty()).then(|| {
            let mut parts = Vec::new();
            if let Some(indicator) = &target.indicator {
                let named = publish::support::target_indicator(
                    indicator,
                    &self.records.definitions,
                    self.domains,
                );
                parts.push(self.m.text(&named));
            }
            match (&target.baseline, &target.value) {
                (Some(from), Some(to)) => parts.push(format!("{from} → {to}")),
                (None, Some(to)) => parts.push(to.clone()),
                (Some(from), None) => parts.push(from.clone()),
                (None, None) => {}
            }
            if let Some(day) = target.date {
                parts.push(self.m.fill("din_network.by", &[("date", self.m.date(day))]));
            }
            parts.join(" ")
        });
        GoalNode {
            kind: self.m.label("goal_type", goal.goal_type.code()),
            text: goal.text_operational.clone(),
            original: goal.text_original.clone(),
            target,
            efforts: efforts
                .iter()
                .filter(|e| e.goals.iter().any(|g| g == &goal.id))
                .map(|e| self.effort(e))
                .collect(),
            edit: self
                .edit_base
                .as_ref()
                .map(|base| format!("{base}/goals?goal_id={}", goal.id.as_str())),
        }
    }
}

/// Whether an effort ran in the year: started before its end and not
/// stopped before its start.
fn ran_in(effort: &Effort, year: i32) -> bool {
    let started = effort.started.is_none_or(|d| d.year() <= year);
    let stopped = effort.stopped.is_none_or(|d| d.year() >= year);
    started && stopped
}

/// The network of a year: a node per dimension that has goals or
/// efforts, in the vocabulary's order, and one for goals without a
/// dimension.
fn network(reading: &Reading<'_>, year: i32) -> Vec<DimensionNode> {
    let records = reading.records;
    let themes: Vec<&Theme> = records.themes.iter().filter(|t| t.year == year).collect();
    let goals: Vec<&Goal> = records
        .goals
        .iter()
        .filter(|g| themes.iter().any(|t| t.code == g.theme))
        .collect();
    let efforts: Vec<&Effort> = records.efforts.iter().filter(|e| ran_in(e, year)).collect();
    let mut slots: Vec<(String, String)> = reading
        .dimensions
        .iter()
        .map(|d| (d.code.clone(), d.name.clone()))
        .collect();
    slots.push((
        String::new(),
        reading.m.get("din_network.no_dimension").to_string(),
    ));
    let in_slot = |dims: &[PgDimension], code: &str| match code {
        "" => dims.is_empty(),
        code => dims.iter().any(|d| d.as_str() == code),
    };
    slots
        .into_iter()
        .map(|(code, name)| {
            let themes = themes
                .iter()
                .map(|theme| ThemeNode {
                    name: theme.name.clone(),
                    goals: goals
                        .iter()
                        .filter(|g| g.theme == theme.code && in_slot(&g.pg_dimensions, &code))
                        .map(|g| reading.goal(g, &efforts))
                        .collect(),
                })
                .filter(|t| !t.goals.is_empty())
                .collect();
            let loose = efforts
                .iter()
                .filter(|e| e.goals.is_empty() && !code.is_empty())
                .filter(|e| in_slot(&e.pg_dimensions, &code))
                .map(|e| reading.effort(e))
                .collect();
            DimensionNode {
                id: match code.as_str() {
                    "" => "zonder-dimensie".to_string(),
                    code => code.replace('_', "-"),
                },
                name,
                themes,
                loose,
            }
        })
        .filter(|d| !d.themes.is_empty() || !d.loose.is_empty())
        .collect()
}

/// `GET /organisations/{org}/din-network?year=Y`: the DIN of a year as a
/// network (by default the latest year with themes).
pub async fn network_page(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let organisation = access.organisation();
    let (records, vocabulary) = crate::pages::records_of(&app, &access).await?;
    let mut years: Vec<i32> = records.themes.iter().map(|t| t.year).collect();
    years.sort_unstable();
    years.dedup();
    let year = match query.get("year") {
        Some(y) => y.parse().map_err(|_| PageError::NotFound)?,
        None => years
            .last()
            .copied()
            .unwrap_or_else(|| chrono::Utc::now().year()),
    };
    let may_edit = access
        .account
        .as_ref()
        .is_some_and(|a| Need::Coordinate.allows(a.role));
    let reading = Reading {
        m: access.chrome.m,
        records: &records,
        dimensions: &vocabulary.pg_dimensions,
        domains: &vocabulary.zrm_domains,
        edit_base: may_edit.then(|| edit_base(&organisation.code)),
    };
    render(&NetworkPage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str().to_string(),
        organisation_name: organisation.name.clone(),
        dimensions: network(&reading, year),
        year,
        years,
        may_edit,
    })
}

fn edit_base(organisation: &OrganisationCode) -> String {
    format!("/organisations/{}/din", organisation.as_str())
}
