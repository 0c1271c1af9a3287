//! Retention (DOMAIN.md §6): registrations that ended before a day are
//! removed, after the figures of every year they counted in — the year,
//! each theme of it and each area, as the pages compute them — are kept as
//! stored aggregates, which the pages, downloads and API then read for
//! those years. One transaction; refused when the data change between
//! computing the figures and removing the registrations.

use crate::figures::{FigureCache, Scope};
use crate::publications::Missing;
use domain::{Date, OrganisationCode};
use std::collections::{BTreeMap, BTreeSet};
use store::{Purgeable, Store};

/// What a purge removes (or, in a dry run, would remove).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purge {
    /// Per organisation and year: the registrations that ran in that year
    /// among those removed.
    pub per_year: BTreeMap<(String, i32), u64>,
    /// Registrations removed.
    pub registrations: u64,
    /// ZRM score rows removed.
    pub scores: u64,
    /// Whether it was a dry run (nothing changed).
    pub dry_run: bool,
}

/// Why a purge did not happen.
#[derive(Debug)]
pub enum PurgeError {
    /// The store failed, or an organisation is not known.
    Missing(Missing),
    /// Registrations were imported or changed while the figures were kept.
    Changed,
}

impl From<Missing> for PurgeError {
    fn from(m: Missing) -> Self {
        Self::Missing(m)
    }
}

impl From<store::StoreError> for PurgeError {
    fn from(e: store::StoreError) -> Self {
        Self::Missing(Missing::Store(e))
    }
}

/// Purges the registrations that ended before `before`, of `organisation`
/// or of every organisation, keeping the figures of the years they ran in
/// first; with `dry_run` only counts.
pub async fn purge(
    store: &Store,
    before: Date,
    organisation: Option<&OrganisationCode>,
    dry_run: bool,
    actor: &str,
) -> Result<Purge, PurgeError> {
    let version = store.data_version().await?;
    let found = store.purgeable(before, organisation).await?;
    let mut report = Purge {
        dry_run,
        ..Purge::default()
    };
    for r in &found {
        for year in r.first_year..=r.last_year {
            *report
                .per_year
                .entry((r.organisation.as_str().to_string(), year))
                .or_default() += 1;
        }
    }
    if dry_run || found.is_empty() {
        report.registrations = found.len() as u64;
        return Ok(report);
    }
    let kept = figures_to_keep(store, &found).await?;
    let mut tx = store.begin().await?;
    if tx.data_version().await? != version {
        tx.rollback().await?;
        return Err(PurgeError::Changed);
    }
    for (organisation, scope, year, figures) in &kept {
        tx.keep_figures(organisation, scope, *year, version, figures)
            .await?;
    }
    let (registrations, scores) = tx.purge(&found).await?;
    report.registrations = registrations;
    report.scores = scores;
    let years: BTreeSet<i32> = report.per_year.keys().map(|(_, y)| *y).collect();
    let years: Vec<String> = years.iter().map(i32::to_string).collect();
    let detail = format!(
        "{registrations} registrations ended before {before}, {scores} ZRM score rows; the figures of {} kept",
        years.join(", ")
    );
    tx.audit(actor, "purge", &detail).await?;
    tx.commit().await?;
    Ok(report)
}

/// The figures of every year the purged registrations ran in, per
/// organisation and scope, as JSON, computed at each organisation's data
/// version as it is now.
async fn figures_to_keep(
    store: &Store,
    found: &[Purgeable],
) -> Result<Vec<(OrganisationCode, String, i32, String)>, PurgeError> {
    let mut years: BTreeMap<&OrganisationCode, BTreeSet<i32>> = BTreeMap::new();
    for r in found {
        years
            .entry(&r.organisation)
            .or_default()
            .extend(r.first_year..=r.last_year);
    }
    let cache = FigureCache::default();
    let mut kept = Vec::new();
    for (organisation, years) in years {
        // The cache keeps an organisation's records at its own version.
        let version = store.data_version_of(organisation).await?;
        let records = cache
            .records(store, organisation, version)
            .await?
            .ok_or(Missing::NotFound)?;
        for year in years {
            let mut scopes = vec![Scope::Year(year)];
            scopes.extend(
                records
                    .themes
                    .iter()
                    .filter(|t| t.year == year)
                    .map(|t| Scope::Theme(t.code.as_str().to_string(), year)),
            );
            scopes.extend(
                records
                    .organisation
                    .areas
                    .iter()
                    .map(|a| Scope::Area(a.as_str().to_string(), year)),
            );
            for scope in scopes {
                let Some(scoped) = cache
                    .figures(store, organisation, scope.clone(), version)
                    .await?
                else {
                    continue;
                };
                let json = serde_json::to_string(&scoped.figures)
                    .map_err(|e| Missing::Store(store::StoreError::Backup(e.to_string())))?;
                kept.push((organisation.clone(), scope.stored_name(), year, json));
            }
        }
    }
    Ok(kept)
}
