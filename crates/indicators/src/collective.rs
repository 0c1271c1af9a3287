//! Collective activities (DOMAIN.md §4.8): one card per activity, and the
//! reach of collective activities summed per theme.

use crate::figure::{Extra, Figure, State};
use crate::selection::Selection;
use crate::stats::mean;
use domain::{Coded, CollectivePeriod, CollectiveStatus, Effort, Participants};
use std::collections::{BTreeMap, BTreeSet};

/// The collective periods of the selection: the organisation's, in the
/// period under its rule (a group period from `period_start` to
/// `period_end`), in the area when one is asked, and of an activity that
/// serves the theme when one is asked. Age groups do not apply.
pub fn selected<'a>(
    periods: &'a [CollectivePeriod],
    efforts: &[Effort],
    selection: &Selection,
) -> Vec<&'a CollectivePeriod> {
    periods
        .iter()
        .filter(|p| p.organisation == selection.organisation)
        .filter(|p| {
            selection
                .period
                .includes_span(p.period_start, Some(p.period_end))
        })
        .filter(|p| {
            selection
                .area
                .as_ref()
                .is_none_or(|a| p.area.as_ref() == Some(a))
        })
        .filter(|p| {
            selection.theme.as_ref().is_none_or(|t| {
                efforts
                    .iter()
                    .any(|e| e.organisation == p.organisation && e.id == p.activity && t.serves(e))
            })
        })
        .collect()
}

fn number(p: &Participants) -> f64 {
    match p {
        Participants::Average(d) => d.value(),
        Participants::Range(lo, hi) => (lo.value() + hi.value()) / 2.0,
    }
}

/// A group period's participants in total: as registered, or else
/// meetings × average (a range by its middle), rounded to a whole number.
fn participants_total(p: &CollectivePeriod) -> Option<f64> {
    match (p.participants_total, p.meetings, &p.participants_avg) {
        (Some(total), _, _) => Some(f64::from(total)),
        (None, Some(meetings), Some(avg)) => Some((f64::from(meetings) * number(avg)).round()),
        _ => None,
    }
}

/// A group period's average participants per meeting: as registered (a
/// range by its middle), or else total ÷ meetings.
fn participants_avg(p: &CollectivePeriod) -> Option<f64> {
    match (&p.participants_avg, p.participants_total, p.meetings) {
        (Some(avg), _, _) => Some(number(avg)),
        (None, Some(total), Some(m)) if m > 0 => Some(f64::from(total) / f64::from(m)),
        _ => None,
    }
}

/// The activity's average participants per meeting over its groups: the
/// mean of the groups' averages weighted by their meetings (unweighted when
/// a group's meetings are missing).
fn weighted_avg(groups: &[&CollectivePeriod]) -> Option<f64> {
    let averages: Vec<(f64, Option<u32>)> = groups
        .iter()
        .filter_map(|p| Some((participants_avg(p)?, p.meetings)))
        .collect();
    let all_weighted = averages.iter().all(|(_, m)| m.is_some_and(|m| m > 0));
    if all_weighted && !averages.is_empty() {
        let weight: f64 = averages
            .iter()
            .map(|(_, m)| f64::from(m.unwrap_or(0)))
            .sum();
        let sum: f64 = averages
            .iter()
            .map(|(a, m)| a * f64::from(m.unwrap_or(0)))
            .sum();
        return Some(sum / weight);
    }
    mean(&averages.iter().map(|(a, _)| *a).collect::<Vec<_>>())
}

/// Distinct values, sorted, joined with `|`.
fn joined(values: impl Iterator<Item = String>) -> String {
    values
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join("|")
}

/// The card of one activity.
fn card(activity: &str, groups: &[&CollectivePeriod], effort: Option<&Effort>) -> Figure {
    let keys = vec![("activity", activity.to_string())];
    let active: Vec<&CollectivePeriod> = groups
        .iter()
        .copied()
        .filter(|p| p.status == CollectiveStatus::Active)
        .collect();
    let mut figure = Figure::new("collective", keys);
    if let Some(e) = effort {
        figure = figure.with_text("name", e.name.clone());
    }
    let natures = joined(
        groups
            .iter()
            .filter_map(|p| p.nature)
            .map(|n| n.code().to_string()),
    );
    let natures = match (natures.is_empty(), effort.and_then(|e| e.nature)) {
        (true, Some(n)) => n.code().to_string(),
        _ => natures,
    };
    if !natures.is_empty() {
        figure = figure.with_text("nature", natures);
    }
    let as_text = |d: &domain::PgDimension| d.as_str().to_string();
    let mut dimensions = joined(
        groups
            .iter()
            .flat_map(|p| p.pg_dimensions.iter().map(as_text)),
    );
    if dimensions.is_empty() {
        dimensions = joined(
            effort
                .iter()
                .flat_map(|e| e.pg_dimensions.iter().map(as_text)),
        );
    }
    if !dimensions.is_empty() {
        figure = figure.with_text("pg_dimensions", dimensions);
    }
    if active.is_empty() {
        let planned = groups.iter().all(|p| p.status == CollectiveStatus::Planned);
        figure.state = Some(if planned {
            State::Planned
        } else {
            State::NotAvailable
        });
        return figure;
    }
    figure.n = active.len() as u64;
    let meetings: Vec<u32> = active.iter().filter_map(|p| p.meetings).collect();
    if meetings.is_empty() {
        figure.state = Some(State::NoData);
    } else {
        figure.value = Some(f64::from(meetings.iter().sum::<u32>()));
    }
    let totals: Vec<f64> = active
        .iter()
        .filter_map(|p| participants_total(p))
        .collect();
    if !totals.is_empty() {
        figure = figure.with_number("participants_total", totals.iter().sum());
    }
    if let Some(avg) = weighted_avg(&active) {
        figure = figure.with_number("participants_avg", avg);
    }
    let written = joined(
        active
            .iter()
            .filter_map(|p| p.participants_avg.as_ref())
            .map(|p| p.to_string()),
    );
    if !written.is_empty() {
        figure = figure.with_text("participants_avg_as_written", written);
    }
    let scored: Vec<(f64, f64)> = active
        .iter()
        .filter_map(|p| {
            Some((
                f64::from(p.strength_start?.get()),
                f64::from(p.strength_end?.get()),
            ))
        })
        .collect();
    figure = figure.with_number("groups_scored", scored.len() as f64);
    if !scored.is_empty() {
        let starts: Vec<f64> = scored.iter().map(|s| s.0).collect();
        let ends: Vec<f64> = scored.iter().map(|s| s.1).collect();
        figure.mean_start = mean(&starts);
        figure.mean_end = mean(&ends);
        figure.mean_change =
            Some(figure.mean_end.unwrap_or(0.0) - figure.mean_start.unwrap_or(0.0));
    }
    figure
}

/// Collective activities (`collective`, §4.8), over the selected group
/// periods (see [`selected`]).
///
/// One figure per activity (key `activity`, the effort id): `value` the
/// meetings held, summed over its active groups; `n` the active groups;
/// `participants_total` summed (a group without a registered total counts
/// meetings × average, rounded); `participants_avg` the groups' averages
/// weighted by their meetings (a range such as `4-5` by its middle, and
/// `participants_avg_as_written` keeps it as written); group strength as
/// `mean_start` → `mean_end` (and `mean_change`) over the groups scored at
/// both start and end, `groups_scored` their number; `name`, `nature` and
/// `pg_dimensions` from the groups or, when they give none, the DIN's
/// effort. An activity whose groups are all `niet_beschikbaar` or
/// `gepland` has `state` `not_available` or `planned` and no numbers:
/// these are states, never zeros.
///
/// One figure per theme (key `theme`): `value` the participants in total
/// of the activities whose effort serves the theme, the collective reach.
pub fn collective(periods: &[&CollectivePeriod], efforts: &[Effort]) -> Vec<Figure> {
    let mut by_activity: BTreeMap<&str, Vec<&CollectivePeriod>> = BTreeMap::new();
    for p in periods {
        by_activity.entry(p.activity.as_str()).or_default().push(p);
    }
    let effort_of = |id: &str, groups: &[&CollectivePeriod]| {
        efforts
            .iter()
            .find(|e| e.id.as_str() == id && e.organisation == groups[0].organisation)
    };
    let mut figures = Vec::new();
    let mut by_theme: BTreeMap<&str, (f64, u64)> = BTreeMap::new();
    for (activity, groups) in &by_activity {
        let effort = effort_of(activity, groups);
        let figure = card(activity, groups, effort);
        if let (Some(Extra::Number(total)), Some(e)) = (figure.extra("participants_total"), effort)
        {
            for theme in &e.themes {
                let entry = by_theme.entry(theme.as_str()).or_default();
                entry.0 += total;
                entry.1 += figure.n;
            }
        }
        figures.push(figure);
    }
    figures.extend(by_theme.into_iter().map(|(theme, (reach, groups))| Figure {
        n: groups,
        value: Some(reach),
        ..Figure::new("collective", vec![("theme", theme.to_string())])
    }));
    figures
}
