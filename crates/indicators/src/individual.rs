//! Figures of individual support (DOMAIN.md §4.1–4.5) over the cases of a
//! selection.

use crate::figure::{Figure, State};
use crate::selection::Case;
use crate::stats::{mean, t_interval95, wilson, Z95};
use domain::{Coded, ZrmDomain};
use std::collections::{BTreeMap, BTreeSet, HashSet};

fn domain_key(d: &ZrmDomain) -> (&'static str, String) {
    ("domain", d.as_str().to_string())
}

/// The domains a selection touches: main domains and scored domains, by code.
fn domains<'a>(cases: &[Case<'a>]) -> BTreeSet<&'a ZrmDomain> {
    let mut domains = BTreeSet::new();
    for case in cases {
        domains.insert(&case.registration.main_domain);
        for score in &case.scores {
            domains.insert(&score.domain);
        }
    }
    domains
}

/// One accumulator per domain the selection touches, filled in one pass.
fn per_domain<'a, A: Default>(cases: &[Case<'a>]) -> BTreeMap<&'a ZrmDomain, A> {
    domains(cases)
        .into_iter()
        .map(|d| (d, A::default()))
        .collect()
}

/// Reach (`reach`, §4.1): the number of registrations in the selection per
/// main domain × form (keys `domain`, `form`), per main domain × age group
/// (keys `domain`, `age_group`; the age group as given or derived from the
/// birth year at the start year), and in total (no keys; `state: no_data`
/// when the selection is empty).
pub fn reach(cases: &[Case]) -> Vec<Figure> {
    let mut by_form: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut by_age: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for case in cases {
        let r = case.registration;
        *by_form
            .entry((r.main_domain.as_str(), r.form.code()))
            .or_default() += 1;
        *by_age
            .entry((r.main_domain.as_str(), r.age_group().code()))
            .or_default() += 1;
    }
    let by_form = by_form.into_iter().map(|((d, f), n)| {
        Figure::count("reach", vec![("domain", d.into()), ("form", f.into())], n)
    });
    let by_age = by_age.into_iter().map(|((d, a), n)| {
        Figure::count(
            "reach",
            vec![("domain", d.into()), ("age_group", a.into())],
            n,
        )
    });
    let mut total = Figure::count("reach", vec![], cases.len() as u64);
    if cases.is_empty() {
        total.value = None;
        total.state = Some(State::NoData);
    }
    by_form
        .chain(by_age)
        .chain(std::iter::once(total))
        .collect()
}

/// Distinct clients (`reach_clients`, §4.1): key `clients` = `distinct`,
/// the number of distinct client pseudonyms among the registrations of the
/// selection; `clients` = `without_code`, the registrations without a
/// client code (each may be another client; never counted as one). `n` is
/// the number of registrations; both have `state: no_data` when it is 0.
pub fn reach_clients(cases: &[Case]) -> Vec<Figure> {
    let pseudonyms: HashSet<&str> = cases
        .iter()
        .filter_map(|c| c.registration.client.as_ref().map(|p| p.as_str()))
        .collect();
    let without = cases
        .iter()
        .filter(|c| c.registration.client.is_none())
        .count() as u64;
    let n = cases.len() as u64;
    let figure = |label: &str, value: usize| Figure {
        value: (n > 0).then_some(value as f64),
        state: (n == 0).then_some(State::NoData),
        ..Figure::count("reach_clients", vec![("clients", label.into())], n)
    };
    vec![
        figure("distinct", pseudonyms.len()),
        figure("without_code", without as usize),
    ]
}

/// Goal realisation (`goal_realisation`, §4.2), per ZRM domain d: the
/// population is the adult individual trajectories (form `traject`, not
/// `0-17`, or with only a birth year an age ≥ 18 in the start year) in the
/// selection with both a goal and an end score on d; `n` is their number,
/// the numerator those with end score ≥ goal score, the value their share,
/// with the 95 % Wilson score interval (z = 1.959964). A domain the
/// selection touches without such trajectories has `state: no_data`.
pub fn goal_realisation(cases: &[Case]) -> Vec<Figure> {
    let mut counts: BTreeMap<&ZrmDomain, (u64, u64)> = per_domain(cases);
    for case in cases.iter().filter(|c| c.is_adult_trajectory()) {
        for s in &case.scores {
            if let (Some(goal), Some(end), Some(c)) = (s.goal, s.end, counts.get_mut(&s.domain)) {
                c.0 += 1;
                c.1 += u64::from(end >= goal);
            }
        }
    }
    counts
        .into_iter()
        .map(|(d, (n, achieved))| {
            let mut figure = Figure::share("goal_realisation", vec![domain_key(d)], achieved, n);
            figure.ci95 = wilson(achieved, n, Z95);
            figure
        })
        .collect()
}

/// Goal coverage (`goal_coverage`, §4.2), per ZRM domain d: the denominator
/// is the adult individual trajectories in the selection whose main domain
/// is d; the numerator those of them with both a goal and an end score on
/// d. Minors never count.
pub fn goal_coverage(cases: &[Case]) -> Vec<Figure> {
    let mut counts: BTreeMap<&ZrmDomain, (u64, u64)> = per_domain(cases);
    for case in cases.iter().filter(|c| c.is_adult_trajectory()) {
        let d = &case.registration.main_domain;
        let complete = case
            .on(d)
            .is_some_and(|s| s.goal.is_some() && s.end.is_some());
        if let Some(c) = counts.get_mut(d) {
            c.0 += u64::from(complete);
            c.1 += 1;
        }
    }
    counts
        .into_iter()
        .map(|(d, (numerator, denominator))| {
            Figure::share("goal_coverage", vec![domain_key(d)], numerator, denominator)
        })
        .collect()
}

/// Paired ZRM change (`zrm_change`, §4.3), per ZRM domain d: over the
/// registrations in the selection (any form) with both a start and an end
/// score on d: `n`, mean start, mean end, mean change (end − start; also
/// the value) with its 95 % t-interval (n − 1 degrees of freedom; none when
/// n < 2), and the shares improved (end > start), same and declined, in
/// that order.
pub fn zrm_change(cases: &[Case]) -> Vec<Figure> {
    let mut pairs_of: BTreeMap<&ZrmDomain, Vec<(f64, f64)>> = per_domain(cases);
    for s in cases.iter().flat_map(|c| &c.scores) {
        if let (Some(start), Some(end), Some(p)) = (s.start, s.end, pairs_of.get_mut(&s.domain)) {
            p.push((f64::from(start.get()), f64::from(end.get())));
        }
    }
    pairs_of
        .into_iter()
        .map(|(d, pairs)| {
            let mut figure = Figure {
                n: pairs.len() as u64,
                ..Figure::new("zrm_change", vec![domain_key(d)])
            };
            if pairs.is_empty() {
                figure.state = Some(State::NoData);
                return figure;
            }
            let starts: Vec<f64> = pairs.iter().map(|p| p.0).collect();
            let ends: Vec<f64> = pairs.iter().map(|p| p.1).collect();
            let changes: Vec<f64> = pairs.iter().map(|(s, e)| e - s).collect();
            let share = |keep: fn(f64) -> bool| {
                changes.iter().filter(|c| keep(**c)).count() as f64 / changes.len() as f64
            };
            figure.mean_start = mean(&starts);
            figure.mean_end = mean(&ends);
            figure.mean_change = mean(&changes);
            figure.value = figure.mean_change;
            figure.ci95 = t_interval95(&changes);
            figure.shares = Some([share(|c| c > 0.0), share(|c| c == 0.0), share(|c| c < 0.0)]);
            figure
        })
        .collect()
}

/// Unpaired ZRM scores (`zrm_change_unpaired`, §4.3), labelled as such: per
/// ZRM domain d, key `score` = `start`: the mean of all start scores on d
/// in the selection, `n` their number; `score` = `end`: the mean of all end
/// scores on d. The two means may come from different clients; the headline
/// is the paired [`zrm_change`].
pub fn zrm_change_unpaired(cases: &[Case]) -> Vec<Figure> {
    let mut scores_of: BTreeMap<&ZrmDomain, (Vec<f64>, Vec<f64>)> = per_domain(cases);
    for s in cases.iter().flat_map(|c| &c.scores) {
        if let Some((starts, ends)) = scores_of.get_mut(&s.domain) {
            starts.extend(s.start.map(|v| f64::from(v.get())));
            ends.extend(s.end.map(|v| f64::from(v.get())));
        }
    }
    let mut figures = Vec::new();
    for (d, (starts, ends)) in scores_of {
        for (label, values) in [("start", starts), ("end", ends)] {
            let mut figure = Figure {
                n: values.len() as u64,
                ..Figure::new(
                    "zrm_change_unpaired",
                    vec![domain_key(d), ("score", label.into())],
                )
            };
            figure.value = mean(&values);
            if values.is_empty() {
                figure.state = Some(State::NoData);
            }
            figures.push(figure);
        }
    }
    figures
}

/// Domain shares (`domain_share`, §4.4), per ZRM domain d: the
/// registrations in the selection whose main domain is d or that have a
/// score on d, divided by the registrations in the selection. A
/// registration counts once per domain, so the shares may add up to more
/// than 1.
pub fn domain_share(cases: &[Case]) -> Vec<Figure> {
    let total = cases.len() as u64;
    let mut touching: BTreeMap<&ZrmDomain, u64> = per_domain(cases);
    for case in cases {
        let main = &case.registration.main_domain;
        let scored = case
            .scores
            .iter()
            .filter(|s| !s.is_empty() && &s.domain != main)
            .map(|s| &s.domain);
        let mut seen: Vec<&ZrmDomain> = std::iter::once(main).chain(scored).collect();
        seen.sort_unstable();
        seen.dedup();
        for d in seen {
            *touching.entry(d).or_default() += 1;
        }
    }
    touching
        .into_iter()
        .map(|(d, n)| Figure::share("domain_share", vec![domain_key(d)], n, total))
        .collect()
}

/// The key of registrations whose resident chose more than one Positive
/// Health dimension.
pub const SEVERAL_DIMENSIONS: &str = "meerdere";

/// The key of registrations without a chosen Positive Health dimension.
pub const NO_DIMENSION: &str = "geen";

/// What residents want to work on (`pg_choice`, DOMAIN.md §2 Positieve
/// Gezondheid: "the system records which dimension(s) a client wants to
/// work on"): per Positive Health dimension (key `dimension`, its code)
/// the registrations in the selection whose resident chose that one
/// dimension at the start; [`SEVERAL_DIMENSIONS`] when they chose more
/// than one, [`NO_DIMENSION`] when none is registered. Every registration
/// counts once, so the figures add up to the registrations in the
/// selection (a table an attacker cannot read more from than its sum).
pub fn pg_choice(cases: &[Case]) -> Vec<Figure> {
    let mut per: BTreeMap<&str, u64> = BTreeMap::new();
    for case in cases {
        let chosen = &case.registration.pg_dimensions;
        let mut codes: Vec<&str> = chosen.iter().map(|d| d.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let key = match codes.as_slice() {
            [] => NO_DIMENSION,
            [one] => one,
            _ => SEVERAL_DIMENSIONS,
        };
        *per.entry(key).or_default() += 1;
    }
    per.into_iter()
        .map(|(d, n)| Figure::count("pg_choice", vec![("dimension", d.to_string())], n))
        .collect()
}

/// Multi-problem situations (`multi_problem`, §4.5): the registrations in
/// the selection with at least `threshold` domains whose start score is
/// ≤ 2 (the numerator), as a share of the registrations in the selection
/// that have at least one start score (the denominator). Key `threshold`.
pub fn multi_problem(cases: &[Case], threshold: usize) -> Figure {
    let mut numerator = 0;
    let mut denominator = 0;
    for case in cases {
        let starts: Vec<u8> = case
            .scores
            .iter()
            .filter_map(|s| s.start)
            .map(|s| s.get())
            .collect();
        if starts.is_empty() {
            continue;
        }
        denominator += 1;
        numerator += u64::from(starts.iter().filter(|s| **s <= 2).count() >= threshold);
    }
    Figure::share(
        "multi_problem",
        vec![("threshold", threshold.to_string())],
        numerator,
        denominator,
    )
}
