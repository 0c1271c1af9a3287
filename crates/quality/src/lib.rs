//! The data-quality check an organisation runs before it publishes a
//! year: what would make a figure the municipality reads untrustworthy or
//! incomplete. Pure functions over the records ([`records::check`]), the
//! texts and choices a publication needs ([`publication::check`]) and the
//! figures of the pages the municipality reads ([`contradictions::check`]);
//! each finding says how serious it is, what it is about and how many
//! registrations or items it concerns. The thresholds are configuration
//! ([`Thresholds`]).

pub mod contradictions;
pub mod finding;
pub mod publication;
pub mod records;
pub mod thresholds;

pub use finding::{About, Finding, Kind, Severity};
pub use thresholds::Thresholds;

use domain::{
    CollectivePeriod, Date, DomainScores, Effort, Goal, Narrative, Organisation, Registration,
    Survey, Theme,
};

/// What the check reads of one organisation.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The organisation, with its areas.
    pub organisation: &'a Organisation,
    /// The monitor year checked.
    pub year: i32,
    /// Today: a date after it lies in the future.
    pub today: Date,
    /// Its registrations (every year).
    pub registrations: &'a [Registration],
    /// Their ZRM scores.
    pub scores: &'a [DomainScores],
    /// Its themes (every year).
    pub themes: &'a [Theme],
    /// The DIN's goals.
    pub goals: &'a [Goal],
    /// The DIN's efforts (the collective activities' names).
    pub efforts: &'a [Effort],
    /// The researchers' texts.
    pub narratives: &'a [Narrative],
    /// Its surveys.
    pub surveys: &'a [Survey],
    /// Its collective activity periods.
    pub collective: &'a [CollectivePeriod],
}

/// Every finding of the records and the publication's texts and choices,
/// blocking ones first, then by kind and what they are about.
pub fn check(input: &Input, thresholds: &Thresholds) -> Vec<Finding> {
    let mut findings = records::check(input, thresholds);
    findings.extend(publication::check(input, thresholds));
    finding::sort(&mut findings);
    findings
}

/// Whether any finding blocks publishing.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Blocks)
}
