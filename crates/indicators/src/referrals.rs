//! Referral figures (DOMAIN.md §4.6): who refers clients to the
//! organisation, to whom it refers them, and how often to the second line.

use crate::figure::Figure;
use crate::selection::Case;
use domain::{Id, OrganisationCode, Partner, PartnerLine};
use std::collections::{BTreeMap, HashMap};

/// The key of registrations without a referral source.
pub const UNKNOWN_SOURCE: &str = "onbekend";

fn partner_key(id: &str) -> Vec<(&'static str, String)> {
    vec![("partner", id.to_string())]
}

/// Referrals in (`referrals_in`): per source partner (key `partner`, its
/// id), the registrations in the selection it referred; registrations
/// without a source under `onbekend`.
pub fn referrals_in(cases: &[Case]) -> Vec<Figure> {
    let mut by_source: BTreeMap<&str, u64> = BTreeMap::new();
    for case in cases {
        let source = case
            .registration
            .referred_by
            .as_ref()
            .map_or(UNKNOWN_SOURCE, Id::as_str);
        *by_source.entry(source).or_default() += 1;
    }
    by_source
        .into_iter()
        .map(|(p, n)| Figure::count("referrals_in", partner_key(p), n))
        .collect()
}

/// Referrals out (`referrals_out`): per destination partner (key
/// `partner`), the registrations in the selection referred to it; a
/// registration with two destinations counts for each (a destination named
/// twice on one registration counts once).
pub fn referrals_out(cases: &[Case]) -> Vec<Figure> {
    let mut by_destination: BTreeMap<&str, u64> = BTreeMap::new();
    for case in cases {
        let mut destinations: Vec<&str> = case
            .registration
            .referred_to
            .iter()
            .map(Id::as_str)
            .collect();
        destinations.sort_unstable();
        destinations.dedup();
        for d in destinations {
            *by_destination.entry(d).or_default() += 1;
        }
    }
    by_destination
        .into_iter()
        .map(|(p, n)| Figure::count("referrals_out", partner_key(p), n))
        .collect()
}

/// Referred on (`referred_on`): the registrations with at least one
/// destination, divided by the registrations in the selection.
pub fn referred_on(cases: &[Case]) -> Figure {
    let referred = cases
        .iter()
        .filter(|c| !c.registration.referred_to.is_empty())
        .count() as u64;
    Figure::share("referred_on", vec![], referred, cases.len() as u64)
}

/// Escalation rate (`escalation_rate`): the registrations with at least
/// one destination whose partner line is `geindiceerd` (second line:
/// indicated or specialist care), divided by the registrations in the
/// selection. `partners` are the organisation's partners from the DIN; a
/// destination not among them (the importer does not let one through)
/// does not count as second line.
pub fn escalation_rate(cases: &[Case], partners: &[Partner]) -> Figure {
    let line: HashMap<(&OrganisationCode, &Id), PartnerLine> = partners
        .iter()
        .map(|p| ((&p.organisation, &p.id), p.line))
        .collect();
    let escalated = cases
        .iter()
        .filter(|c| {
            let r = c.registration;
            r.referred_to
                .iter()
                .any(|d| line.get(&(&r.organisation, d)) == Some(&PartnerLine::SecondLine))
        })
        .count() as u64;
    Figure::share("escalation_rate", vec![], escalated, cases.len() as u64)
}
