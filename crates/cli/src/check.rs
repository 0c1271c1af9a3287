//! `impactmonitor check`: the data-quality check of an organisation's
//! year, as the check page shows it, in words or as JSON. Exits 1 when an
//! item blocks publishing.

use crate::commands::{emit, fail, open, required_organisation, Outcome};
use crate::{Cli, Format};
use publish::{Lang, Threshold};
use quality::Thresholds;
use serde_json::json;
use std::fmt::Write as _;

/// Where the data-quality check draws its lines (configuration of `check`
/// and `serve`).
#[derive(Debug, Clone, clap::Args)]
pub struct QualityArgs {
    /// Report a domain or area when more than this percentage of its adult
    /// trajectories lacks a goal or end score.
    #[arg(long, env = "IMPACTMONITOR_CHECK_MISSING_SCORES_PERCENT", default_value_t = Thresholds::default().missing_scores_percent)]
    pub check_missing_scores_percent: u32,
    /// Report a month with fewer new registrations than this percentage of
    /// the median month.
    #[arg(long, env = "IMPACTMONITOR_CHECK_QUIET_MONTH_PERCENT", default_value_t = Thresholds::default().quiet_month_percent)]
    pub check_quiet_month_percent: u32,
    /// Compare months only when the median month has at least this many
    /// new registrations.
    #[arg(long, env = "IMPACTMONITOR_CHECK_QUIET_MONTH_MINIMUM", default_value_t = Thresholds::default().quiet_month_minimum)]
    pub check_quiet_month_minimum: u32,
    /// Report support open for more than this many years.
    #[arg(long, env = "IMPACTMONITOR_CHECK_OPEN_YEARS", default_value_t = Thresholds::default().open_years)]
    pub check_open_years: u32,
    /// Report a first contact more than this many days after the start.
    #[arg(long, env = "IMPACTMONITOR_CHECK_FIRST_CONTACT_DAYS", default_value_t = Thresholds::default().first_contact_days)]
    pub check_first_contact_days: u32,
    /// Report a survey with fewer responses than this.
    #[arg(long, env = "IMPACTMONITOR_CHECK_SURVEY_RESPONSES", default_value_t = Thresholds::default().survey_responses)]
    pub check_survey_responses: u32,
}

impl QualityArgs {
    /// The thresholds as given.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            missing_scores_percent: self.check_missing_scores_percent,
            quiet_month_percent: self.check_quiet_month_percent,
            quiet_month_minimum: self.check_quiet_month_minimum,
            open_years: self.check_open_years,
            first_contact_days: self.check_first_contact_days,
            survey_responses: self.check_survey_responses,
        }
    }
}

/// What `check` was asked.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The organisation (its code, e.g. `deschans`).
    #[arg(long)]
    pub organisation: String,
    /// The year checked.
    #[arg(long)]
    pub year: i32,
    /// k of small-cell suppression of the pages compared (2 to 100).
    #[arg(long, default_value = "5", value_parser = crate::commands::threshold)]
    pub suppression_k: Threshold,
    /// The language of the findings: nl or en.
    #[arg(long, default_value = "nl")]
    pub lang: String,
    /// The check's thresholds.
    #[command(flatten)]
    pub quality: QualityArgs,
}

/// Runs `check`.
pub async fn run(cli: &Cli, args: &CheckArgs) -> Outcome {
    let Some(lang) = Lang::parse(&args.lang) else {
        return fail(cli, Outcome::Usage, "--lang must be nl or en");
    };
    let organisation = match required_organisation(cli, &args.organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let store = match open(cli, true).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let outcome = check(cli, args, lang, &store, &organisation).await;
    store.close().await;
    outcome
}

async fn check(
    cli: &Cli,
    args: &CheckArgs,
    lang: Lang,
    store: &store::Store,
    organisation: &domain::OrganisationCode,
) -> Outcome {
    let internal = |e: &dyn std::fmt::Display| fail(cli, Outcome::Internal, &e.to_string());
    let vocabulary = match store.vocabulary().await {
        Ok(v) => v,
        Err(e) => return internal(&e),
    };
    let cache = web::figures::FigureCache::default();
    let audience = publish::Audience::Public(args.suppression_k);
    let ctx = match web::publications::Context::now(store, &cache, organisation, audience).await {
        Ok(c) => c,
        Err(e) => return internal(&e),
    };
    let thresholds = args.quality.thresholds();
    let report = match web::check::run(&ctx, args.year, &thresholds, None).await {
        Ok(r) => r,
        Err(web::publications::Missing::NotFound) => {
            let message = format!("unknown organisation {organisation}");
            return fail(cli, Outcome::Refused, &message);
        }
        Err(e) => return internal(&format!("{e:?}")),
    };
    let records = &report.records;
    let names = web::check::Names {
        records,
        vocabulary: &vocabulary,
        year: args.year,
    };
    let m = lang.messages();
    let code = organisation.as_str();
    let described: Vec<(String, (String, String))> = report
        .findings
        .iter()
        .map(|f| {
            let text = web::check::describe(f, &names, m, &thresholds);
            let (href, fix, _) = web::check::fix(f, code, args.year, m);
            (text, (href, fix))
        })
        .collect();
    let blocking = report
        .findings
        .iter()
        .filter(|f| f.severity == quality::Severity::Blocks)
        .count();
    let text = match cli.format {
        Format::Json => {
            let findings: Vec<serde_json::Value> = report
                .findings
                .iter()
                .zip(&described)
                .map(|(f, (text, (href, what)))| {
                    let mut v = json!(f);
                    v["message"] = json!(text);
                    v["fix"] = json!({ "href": href, "text": what });
                    v
                })
                .collect();
            let out = json!({
                "organisation": code,
                "year": args.year,
                "data_version": report.data_version,
                "thresholds": thresholds,
                "blocking": blocking,
                "warnings": report.findings.len() - blocking,
                "findings": findings,
            });
            format!("{out}\n")
        }
        Format::Text => {
            let mut out = format!(
                "{} {} · {}\n{}: {blocking}. {}: {}.\n",
                m.get("check.title"),
                args.year,
                records.organisation.name,
                m.get("check.blocking"),
                m.get("check.warnings"),
                report.findings.len() - blocking,
            );
            for (f, (text, (href, what))) in report.findings.iter().zip(&described) {
                let _ = write!(
                    out,
                    "\n{} {text}\n  {what}: {href}\n",
                    web::check::severity(f, m)
                );
                if !f.registrations.is_empty() {
                    let ids: Vec<&str> = f.registrations.iter().map(|id| id.as_str()).collect();
                    let _ = writeln!(
                        out,
                        "  {}: {}",
                        m.get("check.registrations"),
                        ids.join(", ")
                    );
                }
            }
            out
        }
    };
    emit(text);
    match report.blocks() {
        true => Outcome::Refused,
        false => Outcome::Done,
    }
}
