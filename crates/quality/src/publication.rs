//! What the year's publications still lack: the researchers'
//! interpretation of a goal, a theme's context indicators, a survey with
//! enough responses, the group strength of a collective activity.

use crate::finding::{About, Finding, Kind};
use crate::{Input, Thresholds};
use chrono::Datelike;
use domain::{CollectiveStatus, NarrativeSection};

/// Every finding of the year's publications.
pub fn check(input: &Input, thresholds: &Thresholds) -> Vec<Finding> {
    let mut findings = goals_without_interpretation(input);
    findings.extend(themes_without_context(input));
    findings.extend(small_surveys(input, thresholds));
    findings.extend(collective_without_strength(input));
    findings
}

/// Goals of the year's themes for which no interpretation is written.
fn goals_without_interpretation(input: &Input) -> Vec<Finding> {
    let themes = input
        .themes
        .iter()
        .filter(|t| t.organisation == input.organisation.code && t.year == input.year);
    themes
        .flat_map(|theme| {
            input
                .goals
                .iter()
                .filter(move |g| g.organisation == theme.organisation && g.theme == theme.code)
                .filter(|g| {
                    !input.narratives.iter().any(|n| {
                        n.organisation == g.organisation
                            && n.year == input.year
                            && n.section == NarrativeSection::Interpretation
                            && n.theme.as_ref() == Some(&g.theme)
                            && n.goal.as_ref() == Some(&g.id)
                            && !n.text.trim().is_empty()
                    })
                })
                .map(|g| {
                    let about = About::Goal {
                        theme: g.theme.as_str().to_string(),
                        goal: g.id.as_str().to_string(),
                        text: g.text_operational.clone(),
                    };
                    Finding::new(Kind::GoalWithoutInterpretation, about, 1)
                })
        })
        .collect()
}

/// Themes of the year that show no context indicator.
fn themes_without_context(input: &Input) -> Vec<Finding> {
    input
        .themes
        .iter()
        .filter(|t| t.organisation == input.organisation.code && t.year == input.year)
        .filter(|t| t.context_indicators.is_empty())
        .map(|t| {
            let about = About::Theme {
                theme: t.code.as_str().to_string(),
                name: t.name.clone(),
            };
            Finding::new(Kind::ThemeWithoutContext, about, 0)
        })
        .collect()
}

/// Surveys of the year with fewer responses than the threshold (or none
/// given).
fn small_surveys(input: &Input, thresholds: &Thresholds) -> Vec<Finding> {
    input
        .surveys
        .iter()
        .filter(|s| s.organisation == input.organisation.code && s.year == input.year)
        .filter(|s| s.responses.unwrap_or(0) < thresholds.survey_responses)
        .map(|s| {
            let about = About::Survey {
                survey: s.id.as_str().to_string(),
            };
            let finding = Finding::new(
                Kind::SmallSurvey,
                about,
                u64::from(s.responses.unwrap_or(0)),
            );
            finding.of(u64::from(thresholds.survey_responses))
        })
        .collect()
}

/// Collective activities that ran in the year without a group strength at
/// the start or the end.
fn collective_without_strength(input: &Input) -> Vec<Finding> {
    input
        .collective
        .iter()
        .filter(|p| p.organisation == input.organisation.code)
        .filter(|p| p.status == CollectiveStatus::Active)
        .filter(|p| p.period_start.year() <= input.year && input.year <= p.period_end.year())
        .filter(|p| p.strength_start.is_none() || p.strength_end.is_none())
        .map(|p| {
            let name = input
                .efforts
                .iter()
                .find(|e| e.organisation == p.organisation && e.id == p.activity)
                .map_or_else(|| p.activity.as_str().to_string(), |e| e.name.clone());
            let about = About::Activity {
                activity: p.activity.as_str().to_string(),
                name,
                group: p.group.clone(),
            };
            Finding::new(Kind::CollectiveWithoutStrength, about, 1)
        })
        .collect()
}
