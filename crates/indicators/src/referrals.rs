//! Referral figures (DOMAIN.md §4.6): who refers clients to the
//! organisation, to whom it refers them, and how often to the second line.

use crate::figure::Figure;
use crate::selection::Case;
use domain::{Id, OrganisationCode, Partner, PartnerLine};
use std::collections::{BTreeMap, HashMap};

/// The key of registrations without a referral source.
pub const UNKNOWN_SOURCE: &str = "onbekend";

/// Counts per partner, in total and per main domain, as figures with keys
/// `partner`, and `domain`, `partner`.
#[derive(Default)]
struct PartnerCounts<'a> {
    total: BTreeMap<&'a str, u64>,
    by_domain: BTreeMap<(&'a str, &'a str), u64>,
}

impl<'a> PartnerCounts<'a> {
    fn add(&mut self, domain: &'a str, partner: &'a str) {
        *self.total.entry(partner).or_default() += 1;
        *self.by_domain.entry((domain, partner)).or_default() += 1;
    }

    fn figures(self, indicator: &'static str) -> Vec<Figure> {
        let by_domain = self.by_domain.into_iter().map(|((d, p), n)| {
            let keys = vec![("domain", d.to_string()), ("partner", p.to_string())];
            Figure::count(indicator, keys, n)
        });
        let total = self
            .total
            .into_iter()
            .map(|(p, n)| Figure::count(indicator, vec![("partner", p.to_string())], n));
        total.chain(by_domain).collect()
    }
}

/// Referrals in (`referrals_in`): per source partner (key `partner`, its
/// id), the registrations in the selection it referred; registrations
/// without a source under `onbekend`. The same per main domain (keys
/// `domain`, `partner`), so a factsheet can say who refers for its domains.
pub fn referrals_in(cases: &[Case]) -> Vec<Figure> {
    let mut counts = PartnerCounts::default();
    for case in cases {
        let r = case.registration;
        let source = r.referred_by.as_ref().map_or(UNKNOWN_SOURCE, Id::as_str);
        counts.add(r.main_domain.as_str(), source);
    }
    counts.figures("referrals_in")
}

/// Referrals out (`referrals_out`): per destination partner (key
/// `partner`), the registrations in the selection referred to it; a
/// registration with two destinations counts for each (a destination named
/// twice on one registration counts once). The same per main domain (keys
/// `domain`, `partner`).
pub fn referrals_out(cases: &[Case]) -> Vec<Figure> {
    let mut counts = PartnerCounts::default();
    for case in cases {
        let r = case.registration;
        let mut destinations: Vec<&str> = r.referred_to.iter().map(Id::as_str).collect();
        destinations.sort_unstable();
        destinations.dedup();
        for d in destinations {
            counts.add(r.main_domain.as_str(), d);
        }
    }
    counts.figures("referrals_out")
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
