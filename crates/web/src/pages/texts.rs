//! Texts beside their figures: the interpretations listed per theme and
//! goal with where each stands (written, missing, changed since the
//! factsheet was published), and on the page where one is written, the
//! goal with its figures as the factsheet shows them, last year's text
//! and a preview of the Markdown.

use crate::access::Access;
use crate::error::PageError;
use crate::form::FormData;
use crate::page_names;
use crate::publications;
use crate::state::AppState;
use domain::{Coded, Goal, NarrativeSection};
use store::OrganisationRecords;

/// Where a goal's interpretation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextState {
    /// No interpretation is written for the goal.
    Missing,
    /// Written, and as the published factsheet shows it (or the
    /// factsheet is not published).
    Written,
    /// Not as the published factsheet shows it: the municipality reads
    /// the earlier text, or none, until the factsheet is published again.
    ChangedSincePublished,
}

impl TextState {
    /// Its class on the page.
    pub fn css(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Written => "written",
            Self::ChangedSincePublished => "changed",
        }
    }

    /// Its message key.
    pub fn key(self) -> &'static str {
        match self {
            Self::Missing => "texts.missing",
            Self::Written => "texts.written",
            Self::ChangedSincePublished => "texts.changed",
        }
    }
}

/// A goal on the texts page: its wording, type, where its interpretation
/// stands and the address where it is written.
pub struct GoalText {
    /// The goal's operational wording.
    pub wording: String,
    /// Its type in words.
    pub goal_type: String,
    /// Where its interpretation stands.
    pub state: TextState,
    /// The page where it is written.
    pub href: String,
}

/// A theme of a year with its goals.
pub struct ThemeTexts {
    /// "Kwetsbare inwoners 2022".
    pub heading: String,
    /// Its goals.
    pub goals: Vec<GoalText>,
}

/// The address where a goal's interpretation is written.
fn write_address(organisation: &str, goal: &Goal, year: i32) -> String {
    format!(
        "/organisations/{organisation}/texts/narrative?theme={}&year={year}&section=duiding&goal={}",
        goal.theme.as_str(),
        goal.id.as_str()
    )
}

/// A text as it stands in a publication's JSON (quoted, escaped).
fn as_json(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// Every theme's goals with where their interpretations stand, the newest
/// year first.
pub async fn interpretations(
    app: &AppState,
    access: &Access,
    records: &OrganisationRecords,
) -> Result<Vec<ThemeTexts>, PageError> {
    let organisation = &access.organisation().code;
    let m = access.chrome.m;
    let mut themes: Vec<&domain::Theme> = records.themes.iter().collect();
    themes.sort_by(|a, b| b.year.cmp(&a.year).then(a.name.cmp(&b.name)));
    let mut listed = Vec::new();
    for theme in themes {
        let page = page_names::factsheet(theme.code.as_str(), theme.year);
        // The factsheet as the municipality reads it: its texts are in it
        // as written then.
        let published = app
            .store
            .current_version(organisation, &page)
            .await?
            .map(|v| v.publication);
        let goals: Vec<GoalText> = records
            .goals
            .iter()
            .filter(|g| g.theme == theme.code)
            .map(|goal| {
                let written = records.narratives.iter().find(|n| {
                    n.section == NarrativeSection::Interpretation
                        && n.year == theme.year
                        && n.goal.as_ref() == Some(&goal.id)
                        && n.theme.as_ref() == Some(&theme.code)
                });
                let state = match (written, &published) {
                    (None, _) => TextState::Missing,
                    (Some(n), Some(json)) if !json.contains(&as_json(&n.text)) => {
                        TextState::ChangedSincePublished
                    }
                    _ => TextState::Written,
                };
                GoalText {
                    wording: goal.text_operational.clone(),
                    goal_type: m.label("goal_type", goal.goal_type.code()),
                    state,
                    href: write_address(organisation.as_str(), goal, theme.year),
                }
            })
            .collect();
        if !goals.is_empty() {
            listed.push(ThemeTexts {
                heading: format!("{} {}", theme.name, theme.year),
                goals,
            });
        }
    }
    Ok(listed)
}

/// What stands beside the form of a goal's interpretation: the goal, its
/// figures as the factsheet shows them (HTML), last year's text of the
/// same goal (HTML) and the preview of what is typed (HTML).
pub struct Beside {
    /// The goal's operational wording.
    pub wording: String,
    /// Its figures and the target's progress, as on the factsheet.
    pub figures: String,
    /// The interpretation of the goal a year earlier, when there is one.
    pub last_year: Option<String>,
    /// The text typed, rendered, when a preview was asked for.
    pub preview: Option<String>,
}

/// What stands beside the form, when it is the interpretation of a goal.
pub async fn beside(
    app: &AppState,
    access: &Access,
    records: &OrganisationRecords,
    form: &FormData,
    preview: bool,
) -> Result<Option<Beside>, PageError> {
    if form.get("section") != NarrativeSection::Interpretation.code() {
        return Ok(None);
    }
    let Ok(year) = form.get("year").parse::<i32>() else {
        return Ok(None);
    };
    let theme = form.get("theme");
    let Some(goal) = records
        .goals
        .iter()
        .find(|g| g.id.as_str() == form.get("goal") && g.theme.as_str() == theme)
    else {
        return Ok(None);
    };
    let ctx = access.context(app);
    let factsheet = publications::factsheet(&ctx, theme.to_string(), year.to_string())
        .await
        .map_err(PageError::from)?;
    // The figures only: the interpretation itself is in the form, and so
    // is the way to write it.
    let blocks: Vec<publish::model::Block> =
        publish::blocks_of_goal(&factsheet, &goal.text_operational)
            .into_iter()
            .filter(|b| {
                !matches!(
                    b,
                    publish::model::Block::Text(publish::model::Text::Markdown(_))
                        | publish::model::Block::Links(_)
                        | publish::model::Block::Text(publish::model::Text::Key(
                            "summary.no_interpretation"
                        ))
                )
            })
            .collect();
    let figures = publish::html::blocks(&factsheet, &blocks, access.chrome.m);
    let last_year = records
        .narratives
        .iter()
        .find(|n| {
            n.section == NarrativeSection::Interpretation
                && n.year == year - 1
                && n.goal.as_ref() == Some(&goal.id)
        })
        .map(|n| publish::markdown::to_html(&n.text));
    Ok(Some(Beside {
        wording: goal.text_operational.clone(),
        figures,
        last_year,
        preview: preview.then(|| publish::markdown::to_html(form.get("text"))),
    }))
}
