//! The data-quality check page of an organisation's year, for its
//! coordinator and researchers, and the same list beside the publish
//! preview ([`findings`]).

use crate::access::Access;
use crate::error::PageError;
use crate::pages::layout::Chrome;
use crate::pages::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::Extension;
use std::collections::HashMap;

/// How many registration ids a finding lists on the page; the rest are
/// counted (the CLI's JSON gives them all).
const IDS_SHOWN: usize = 50;

/// A finding as the page shows it.
pub struct Line {
    /// Whether it blocks publishing.
    pub blocks: bool,
    /// "Houdt publiceren tegen" or "Waarschuwing".
    pub severity: String,
    /// The finding in words.
    pub text: String,
    /// Where to mend it, and what to do there.
    pub fix: (String, String),
    /// The registrations concerned (ids), as far as listed.
    pub ids: Vec<String>,
    /// How many more registrations it concerns than listed.
    pub more: usize,
    /// Its caveat for the "over deze cijfers" box: id and text.
    pub caveat: Option<(String, String)>,
    /// Its place in the list (for the caveat checkbox's element id).
    pub number: usize,
}

/// The check of `year` with the names its findings are read in.
struct Checked {
    report: crate::check::Report,
    vocabulary: std::sync::Arc<domain::Vocabulary>,
}

impl Checked {
    fn names(&self) -> crate::check::Names<'_> {
        crate::check::Names {
            records: &self.report.records,
            vocabulary: &self.vocabulary,
            year: self.report.year,
        }
    }
}

async fn checked(
    app: &AppState,
    access: &Access,
    year: i32,
    candidate: Option<&str>,
) -> Result<Checked, PageError> {
    let ctx = crate::publications::Context {
        audience: publish::Audience::Public(app.settings.threshold),
        frozen: false,
        version: None,
        ..access.context(app)
    };
    let report = crate::check::run(&ctx, year, &app.settings.quality, candidate).await?;
    let vocabulary = app
        .cache
        .vocabulary(&app.store, access.versions.shared)
        .await?;
    Ok(Checked { report, vocabulary })
}

/// Where a finding is mended, as the page offers it: a link where the
/// reader may go, else the words with who does it ("door de coördinator")
/// and no link (an empty address).
fn fix_for(
    access: &Access,
    finding: &quality::Finding,
    organisation: &str,
    year: i32,
) -> (String, String) {
    let m = access.chrome.m;
    let (href, text, need) = crate::check::fix(finding, organisation, year, m);
    let may = access.account.as_ref().is_some_and(|a| need.allows(a.role));
    match may {
        true => (href, text),
        false => (
            String::new(),
            m.fill("check.fix.by_coordinator", &[("fix", text)]),
        ),
    }
}

/// Findings of one kind under their heading.
pub struct Group {
    /// The kind's heading, e.g. "Ontbrekende scores".
    pub heading: String,
    /// Its findings.
    pub lines: Vec<Line>,
}

/// Lines grouped by kind (consecutive lines of one kind, as the check
/// sorts them), each group under the kind's heading.
fn grouped(lines: Vec<(quality::Kind, Line)>, m: &publish::Messages) -> Vec<Group> {
    let mut groups: Vec<(quality::Kind, Group)> = Vec::new();
    for (kind, line) in lines {
        match groups.last_mut() {
            Some((k, group)) if *k == kind => group.lines.push(line),
            _ => groups.push((
                kind,
                Group {
                    heading: m.get(&format!("check.heading.{}", kind.code())).to_string(),
                    lines: vec![line],
                },
            )),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The check of a year as a page shows it: whether anything blocks, the
/// findings in groups, and (in the preview) the year's other findings.
pub struct Shown {
    /// Whether a finding blocks publishing.
    pub blocks: bool,
    /// The findings (in the preview: those that concern the page).
    pub groups: Vec<Group>,
    /// In the preview: the year's findings that do not concern the page.
    pub others: Vec<Group>,
}

/// The check of `year` in groups of lines to show, with whether anything
/// blocks; with `candidate`, the page about to be published is compared
/// with the pages published of its year, and the findings that concern it
/// come apart from the others.
pub async fn findings(
    app: &AppState,
    access: &Access,
    year: i32,
    candidate: Option<&str>,
) -> Result<Shown, PageError> {
    let checked = checked(app, access, year, candidate).await?;
    let names = checked.names();
    let m = access.chrome.m;
    let organisation = access.organisation().code.as_str();
    let lines: Vec<(bool, (quality::Kind, Line))> = checked
        .report
        .findings
        .iter()
        .enumerate()
        .map(|(number, f)| {
            let line = Line {
                number,
                blocks: f.severity == quality::Severity::Blocks,
                severity: crate::check::severity(f, m),
                text: crate::check::describe(f, &names, m, &app.settings.quality),
                fix: fix_for(access, f, organisation, year),
                ids: f
                    .registrations
                    .iter()
                    .take(IDS_SHOWN)
                    .map(|id| id.as_str().to_string())
                    .collect(),
                more: f.registrations.len().saturating_sub(IDS_SHOWN),
                caveat: crate::check::caveat(f, &names, m).map(|(id, text)| (id, m.text(&text))),
            };
            let concerns = candidate
                .is_none_or(|page| crate::check::concerns(f, page, &checked.report.records));
            (concerns, (f.kind, line))
        })
        .collect();
    let (these, others): (Vec<_>, Vec<_>) = lines.into_iter().partition(|(c, _)| *c);
    let strip = |v: Vec<(bool, (quality::Kind, Line))>| v.into_iter().map(|(_, l)| l).collect();
    Ok(Shown {
        blocks: checked.report.blocks(),
        groups: grouped(strip(these), m),
        others: grouped(strip(others), m),
    })
}

/// The years whose data a page shows, each of which the check must pass
/// before it is published: a page's own year; for the dashboard every
/// year whose monitor is published (the years it shows).
pub async fn years_shown(
    app: &AppState,
    access: &Access,
    page: &str,
) -> Result<Vec<i32>, PageError> {
    if let Some(year) = crate::page_names::year(page) {
        return Ok(vec![year]);
    }
    let organisation = &access.organisation().code;
    let published = app
        .cache
        .published(&app.store, organisation, access.data_version)
        .await?;
    let mut years: Vec<i32> = published
        .iter()
        .filter_map(|p| match crate::page_names::parse(&p.page) {
            Some(crate::page_names::Page::Monitor(y)) => y.parse().ok(),
            _ => None,
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    Ok(years)
}

/// Whether publishing `page` (of `year`) is blocked now, and the caveats
/// among `chosen` (their ids) that the check still finds, as texts for
/// the page's "over deze cijfers" box.
pub async fn before_publishing(
    app: &AppState,
    access: &Access,
    year: i32,
    page: &str,
    chosen: &[&str],
) -> Result<(bool, Vec<publish::model::Text>), PageError> {
    let checked = checked(app, access, year, Some(page)).await?;
    let names = checked.names();
    let m = access.chrome.m;
    let mut caveats: Vec<(String, publish::model::Text)> = checked
        .report
        .findings
        .iter()
        .filter_map(|f| crate::check::caveat(f, &names, m))
        .filter(|(id, _)| chosen.contains(&id.as_str()))
        .collect();
    caveats.dedup_by(|a, b| a.0 == b.0);
    Ok((
        checked.report.blocks(),
        caveats.into_iter().map(|(_, text)| text).collect(),
    ))
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage<'a> {
    chrome: &'a Chrome,
    organisation: &'a str,
    organisation_name: &'a str,
    year: i32,
    years: Vec<i32>,
    blocks: bool,
    groups: Vec<Group>,
    /// Whether the lines carry a caveat checkbox (only in the preview).
    choose_caveats: bool,
}

impl CheckPage<'_> {
    fn count(&self, blocking: bool) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.lines)
            .filter(|l| l.blocks == blocking)
            .count()
    }
}

/// `GET /organisations/{org}/check?year=Y`: the check of a year (by
/// default the latest with themes).
pub async fn check(
    State(app): State<AppState>,
    Extension(access): Extension<Access>,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let organisation = access.organisation();
    let (records, _) = crate::pages::records_of(&app, &access).await?;
    let years: Vec<i32> = crate::publications::years(&records).into_iter().collect();
    let year = match query.get("year") {
        Some(y) => y.parse().map_err(|_| PageError::BadInput)?,
        None => *years.last().ok_or(PageError::NotFound)?,
    };
    let Shown { blocks, groups, .. } = findings(&app, &access, year, None).await?;
    render(&CheckPage {
        chrome: &access.chrome,
        organisation: organisation.code.as_str(),
        organisation_name: &organisation.name,
        year,
        years,
        blocks,
        groups,
        choose_caveats: false,
    })
}
