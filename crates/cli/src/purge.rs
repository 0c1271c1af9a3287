//! `impactmonitor purge`: retention. Registrations that ended before a
//! day are removed, after the figures of every year they ran in are kept
//! as stored aggregates (docs/operations.md).

use crate::commands::{actor, emit, fail, open, required_organisation, Outcome};
use crate::{Cli, Format};
use chrono::Months;
use serde_json::json;
use web::retention::{purge, PurgeError};

/// What `purge` was asked.
#[derive(Debug, clap::Args)]
pub struct PurgeArgs {
    /// Remove the registrations that ended before this day (default: the
    /// retention period before today).
    #[arg(long)]
    pub ended_before: Option<String>,
    /// The retention period in years, for the default day.
    #[arg(long, env = "IMPACTMONITOR_RETENTION_YEARS", default_value_t = 7)]
    pub retention_years: u32,
    /// Only this organisation (default: every organisation).
    #[arg(long)]
    pub organisation: Option<String>,
    /// Count per year what would go, and remove nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// Runs `purge`.
pub async fn run(cli: &Cli, args: &PurgeArgs) -> Outcome {
    let before = match &args.ended_before {
        Some(raw) => match domain::parse_date(raw) {
            Ok(d) => d,
            Err(e) => return fail(cli, Outcome::Usage, &format!("--ended-before {raw:?}: {e}")),
        },
        None => {
            let today = chrono::Utc::now().date_naive();
            match today.checked_sub_months(Months::new(12 * args.retention_years)) {
                Some(d) => d,
                None => return fail(cli, Outcome::Usage, "--retention-years is too large"),
            }
        }
    };
    let organisation = match &args.organisation {
        Some(raw) => match required_organisation(cli, raw) {
            Ok(o) => Some(o),
            Err(o) => return o,
        },
        None => None,
    };
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let done = purge(
        &store,
        before,
        organisation.as_ref(),
        args.dry_run,
        &actor(),
    )
    .await;
    store.close().await;
    let report =
        match done {
            Ok(r) => r,
            Err(PurgeError::Changed) => return fail(
                cli,
                Outcome::Refused,
                "the data changed while the figures were kept; nothing was purged, run purge again",
            ),
            Err(PurgeError::Missing(e)) => return fail(cli, Outcome::Internal, &format!("{e:?}")),
        };
    let years: Vec<serde_json::Value> = report
        .per_year
        .iter()
        .map(|((org, year), n)| json!({ "organisation": org, "year": year, "registrations": n }))
        .collect();
    emit(match cli.format {
        Format::Json => format!(
            "{}\n",
            json!({
                "ended_before": before.to_string(),
                "dry_run": report.dry_run,
                "registrations": report.registrations,
                "scores": report.scores,
                "years": years,
            })
        ),
        Format::Text => {
            let verb = if report.dry_run {
                "would remove"
            } else {
                "removed"
            };
            let mut out = format!(
                "{verb} {} registrations that ended before {before} ({} ZRM score rows)\n",
                report.registrations, report.scores
            );
            for ((org, year), n) in &report.per_year {
                out.push_str(&format!(
                    "  {org} {year}: {n} registrations ran in that year; its figures are kept\n"
                ));
            }
            out
        }
    });
    Outcome::Done
}
