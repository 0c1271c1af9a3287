//! The checks of the registrations of one year: scores missing where a
//! figure needs them, areas and months with too few registrations, dates
//! that cannot be right, and one client registered twice at once.

use crate::finding::{About, Finding, Kind};
use crate::{Input, Thresholds};
use chrono::{Datelike, Months};
use domain::{Date, DomainScores, Id, Registration, SupportForm};
use indicators::{Period, PeriodRule};
use std::collections::{BTreeMap, HashMap};

/// Every finding of the year's registrations.
pub fn check(input: &Input, thresholds: &Thresholds) -> Vec<Finding> {
    let Some(period) = Period::year(input.year, PeriodRule::Running) else {
        return Vec::new();
    };
    let year: Vec<&Registration> = input
        .registrations
        .iter()
        .filter(|r| r.organisation == input.organisation.code && period.includes(r))
        .collect();
    let scores = scores_by_registration(input.scores);
    let mut findings = Vec::new();
    findings.extend(future_dates(&year, input.today));
    findings.extend(missing_scores(&year, &scores, &period, thresholds));
    findings.extend(closed_without_end_score(&year, &scores, &period));
    findings.extend(areas_without_registrations(input, &year));
    findings.extend(quiet_months(&year, input, thresholds));
    findings.extend(long_open(&year, &period, thresholds));
    findings.extend(late_first_contact(&year, thresholds));
    findings.extend(duplicate_clients(&year));
    findings
}

fn scores_by_registration(scores: &[DomainScores]) -> HashMap<&str, Vec<&DomainScores>> {
    let mut by: HashMap<&str, Vec<&DomainScores>> = HashMap::new();
    for s in scores {
        by.entry(s.registration.as_str()).or_default().push(s);
    }
    by
}

fn ids(registrations: &[&Registration]) -> Vec<Id> {
    registrations.iter().map(|r| r.id.clone()).collect()
}

/// A finding of `kind` about these registrations of the year, when there
/// are any: their count and ids.
fn about(kind: Kind, found: &[&Registration]) -> Option<Finding> {
    (!found.is_empty()).then(|| {
        Finding::new(kind, About::Registrations, found.len() as u64).concerning(ids(found))
    })
}

/// Registrations with a start, end, first contact or waiting-list date
/// after today: a typing error, or a registration made ahead of time.
fn future_dates(year: &[&Registration], today: Date) -> Option<Finding> {
    let future: Vec<&Registration> = year
        .iter()
        .copied()
        .filter(|r| {
            [
                Some(r.start_date),
                r.end_date,
                r.first_contact_date,
                r.waiting_since,
            ]
            .into_iter()
            .flatten()
            .any(|d| d > today)
        })
        .collect();
    about(Kind::FutureDate, &future)
}

/// Whether an adult trajectory misses a score goal realisation needs on
/// its main domain: the goal score, or, when it closed within the
/// period, the end score.
fn misses_scores(
    r: &Registration,
    scores: &HashMap<&str, Vec<&DomainScores>>,
    period: &Period,
) -> bool {
    let on_main = scores
        .get(r.id.as_str())
        .and_then(|s| s.iter().find(|s| s.domain == r.main_domain));
    let closed = r.end_date.is_some_and(|end| end <= period.last);
    match on_main {
        None => true,
        Some(s) => s.goal.is_none() || (closed && s.end.is_none()),
    }
}

/// Per main domain and per area: the share of adult trajectories missing
/// a goal or end score (see [`misses_scores`]), where it is above the
/// threshold.
fn missing_scores(
    year: &[&Registration],
    scores: &HashMap<&str, Vec<&DomainScores>>,
    period: &Period,
    thresholds: &Thresholds,
) -> Vec<Finding> {
    let adults: Vec<&Registration> = year
        .iter()
        .copied()
        .filter(|r| r.form == SupportForm::Trajectory && r.is_adult())
        .collect();
    let mut by_domain: BTreeMap<_, Vec<&Registration>> = BTreeMap::new();
    let mut by_area: BTreeMap<_, Vec<&Registration>> = BTreeMap::new();
    for r in &adults {
        by_domain.entry(r.main_domain.clone()).or_default().push(r);
        if let Some(area) = &r.area {
            by_area.entry(area.clone()).or_default().push(r);
        }
    }
    let finding = |about: About, group: &[&Registration]| {
        let missing: Vec<&Registration> = group
            .iter()
            .copied()
            .filter(|r| misses_scores(r, scores, period))
            .collect();
        let above = missing.len() as u64 * 100
            > u64::from(thresholds.missing_scores_percent) * group.len() as u64;
        (above && !missing.is_empty()).then(|| {
            Finding::new(Kind::MissingScores, about, missing.len() as u64)
                .of(group.len() as u64)
                .concerning(ids(&missing))
        })
    };
    let domains = by_domain
        .iter()
        .filter_map(|(d, group)| finding(About::domain(d), group));
    let areas = by_area
        .iter()
        .filter_map(|(a, group)| finding(About::area(a), group));
    domains.chain(areas).collect()
}

/// Trajectories closed within the period with no end score on any
/// domain: their change cannot be measured at all.
fn closed_without_end_score(
    year: &[&Registration],
    scores: &HashMap<&str, Vec<&DomainScores>>,
    period: &Period,
) -> Option<Finding> {
    let closed: Vec<&Registration> = year
        .iter()
        .copied()
        .filter(|r| r.form == SupportForm::Trajectory)
        .filter(|r| r.end_date.is_some_and(|end| end <= period.last))
        .filter(|r| {
            scores
                .get(r.id.as_str())
                .is_none_or(|s| s.iter().all(|s| s.end.is_none()))
        })
        .collect();
    about(Kind::ClosedWithoutEndScore, &closed)
}

/// The organisation's areas in which nothing was registered in the year
/// (when anything was registered at all).
fn areas_without_registrations(input: &Input, year: &[&Registration]) -> Vec<Finding> {
    if year.is_empty() {
        return Vec::new();
    }
    input
        .organisation
        .areas
        .iter()
        .filter(|a| !year.iter().any(|r| r.area.as_ref() == Some(a)))
        .map(|a| Finding::new(Kind::AreaWithoutRegistrations, About::area(a), 0))
        .collect()
}

/// Months of the year (up to today's, in the current year) in which far
/// fewer registrations started than in the median month.
fn quiet_months(year: &[&Registration], input: &Input, thresholds: &Thresholds) -> Vec<Finding> {
    let last_month = match input.today.year().cmp(&input.year) {
        std::cmp::Ordering::Less => return Vec::new(),
        // The month under way is not complete.
        std::cmp::Ordering::Equal => input.today.month() - 1,
        std::cmp::Ordering::Greater => 12,
    };
    let mut started = vec![0u64; last_month as usize];
    for r in year.iter().filter(|r| r.start_date.year() == input.year) {
        if let Some(n) = started.get_mut(r.start_date.month0() as usize) {
            *n += 1;
        }
    }
    let median = median(&started);
    if median < u64::from(thresholds.quiet_month_minimum) {
        return Vec::new();
    }
    started
        .iter()
        .enumerate()
        .filter(|(_, n)| **n * 100 < u64::from(thresholds.quiet_month_percent) * median)
        .map(|(m, n)| {
            Finding::new(
                Kind::QuietMonth,
                About::Month {
                    month: m as u32 + 1,
                },
                *n,
            )
            .of(median)
        })
        .collect()
}

/// The median of counts, the lower of the middle two when their number is
/// even; 0 for none.
fn median(counts: &[u64]) -> u64 {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => 0,
        n => sorted[(n - 1) / 2],
    }
}

/// Support still open at the end of the period that started more than the
/// threshold's years before it.
fn long_open(year: &[&Registration], period: &Period, thresholds: &Thresholds) -> Option<Finding> {
    let since = period
        .last
        .checked_sub_months(Months::new(12 * thresholds.open_years))?;
    let open: Vec<&Registration> = year
        .iter()
        .copied()
        .filter(|r| r.end_date.is_none_or(|end| end > period.last) && r.start_date < since)
        .collect();
    about(Kind::LongOpen, &open)
}

/// Registrations whose first contact came more than the threshold's days
/// after the start.
fn late_first_contact(year: &[&Registration], thresholds: &Thresholds) -> Option<Finding> {
    let late: Vec<&Registration> = year
        .iter()
        .copied()
        .filter(|r| {
            r.first_contact_date.is_some_and(|first| {
                (first - r.start_date).num_days() > i64::from(thresholds.first_contact_days)
            })
        })
        .collect();
    about(Kind::LateFirstContact, &late)
}

/// Registrations of one client (pseudonym) and one form whose periods
/// overlap: the client is probably registered twice, and counted twice in
/// the reach.
fn duplicate_clients(year: &[&Registration]) -> Option<Finding> {
    let mut by_client: BTreeMap<_, Vec<&Registration>> = BTreeMap::new();
    for r in year {
        if let Some(client) = &r.client {
            by_client.entry((client, r.form)).or_default().push(r);
        }
    }
    let mut twice: Vec<&Registration> = Vec::new();
    for group in by_client.values_mut().filter(|g| g.len() > 1) {
        group.sort_by_key(|r| r.start_date);
        // Clusters of registrations whose periods overlap in a chain; the
        // cluster's last day is `None` while one of them is open.
        let mut cluster: Vec<&Registration> = Vec::new();
        let mut last_day: Option<Date> = None;
        for r in group.iter().copied() {
            let overlaps = !cluster.is_empty() && last_day.is_none_or(|end| r.start_date <= end);
            if !overlaps {
                flush(&mut cluster, &mut twice);
                last_day = r.end_date;
            } else {
                last_day = last_day.zip(r.end_date).map(|(a, b)| a.max(b));
            }
            cluster.push(r);
        }
        flush(&mut cluster, &mut twice);
    }
    about(Kind::DuplicateClient, &twice)
}

/// Moves a cluster of overlapping registrations to `twice` when it holds
/// more than one.
fn flush<'a>(cluster: &mut Vec<&'a Registration>, twice: &mut Vec<&'a Registration>) {
    if cluster.len() > 1 {
        twice.append(cluster);
    }
    cluster.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{
        AgeGroup, ClientPseudonym, OrganisationCode, RegistrationFields, SupportForm, ZrmDomain,
    };

    fn day(s: &str) -> Date {
        domain::parse_date(s).expect("a date")
    }

    fn registration(id: &str, client: char, start: &str, end: Option<&str>) -> Registration {
        Registration::new(RegistrationFields {
            organisation: OrganisationCode::parse("proef").expect("a code"),
            id: Id::parse(id).expect("an id"),
            area: None,
            form: SupportForm::Trajectory,
            start_date: day(start),
            end_date: end.map(day),
            first_contact_date: None,
            waiting_since: None,
            client: Some(ClientPseudonym::parse(&client.to_string().repeat(64)).expect("hex")),
            age_group: Some(AgeGroup::From27To55),
            birth_year: None,
            main_domain: ZrmDomain::known("financien"),
            service: None,
            pg_dimensions: Vec::new(),
            referred_by: None,
            referred_to: Vec::new(),
        })
        .expect("a valid registration")
    }

    fn duplicates(registrations: &[Registration]) -> Vec<String> {
        let year: Vec<&Registration> = registrations.iter().collect();
        duplicate_clients(&year)
            .map(|f| {
                f.registrations
                    .iter()
                    .map(|id| id.as_str().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn overlapping_registrations_of_one_client_chain_and_a_later_one_stands_apart() {
        let found = duplicates(&[
            registration("a", 'a', "2022-01-01", Some("2022-03-01")),
            registration("b", 'a', "2022-02-01", Some("2022-05-01")),
            registration("c", 'a', "2022-04-01", Some("2022-04-15")),
            registration("d", 'a', "2022-06-01", Some("2022-07-01")),
            registration("e", 'b', "2022-02-01", Some("2022-05-01")),
        ]);
        assert_eq!(found, ["a", "b", "c"]);
    }

    #[test]
    fn an_open_registration_overlaps_every_later_one_of_its_client() {
        let found = duplicates(&[
            registration("open", 'a', "2021-01-01", None),
            registration("later", 'a', "2022-09-01", Some("2022-10-01")),
        ]);
        assert_eq!(found, ["later", "open"]);
        let apart = duplicates(&[
            registration("x", 'a', "2022-01-01", Some("2022-01-31")),
            registration("y", 'a', "2022-02-01", Some("2022-02-28")),
        ]);
        assert!(apart.is_empty());
    }

    #[test]
    fn the_median_of_an_even_number_of_months_is_the_lower_middle_one() {
        assert_eq!(median(&[4, 1, 3, 2]), 2);
        assert_eq!(median(&[5, 1, 3]), 3);
        assert_eq!(median(&[]), 0);
    }
}
