//! `impactmonitor audit`: the audit log for an administrator: who changed
//! what and when, filtered.

use crate::commands::{emit, fail, open, Outcome};
use crate::{Cli, Format};
use serde_json::json;
use store::AuditFilter;

/// What `audit` was asked.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Only changes by this actor (e.g. cli:jan).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only this kind of change: import, user, …
    #[arg(long)]
    pub action: Option<String>,
    /// From this day on (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Up to and including this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Only entries that mention this text (any case).
    #[arg(long)]
    pub contains: Option<String>,
}

fn day(cli: &Cli, option: &str, raw: &Option<String>) -> Result<Option<String>, Outcome> {
    raw.as_deref()
        .map(|d| {
            domain::parse_date(d)
                .map(|date| date.format("%Y-%m-%d").to_string())
                .map_err(|e| fail(cli, Outcome::Usage, &format!("--{option} {d:?}: {e}")))
        })
        .transpose()
}

/// Runs `audit`.
pub async fn run(cli: &Cli, args: &AuditArgs) -> Outcome {
    let filter = AuditFilter {
        actor: args.actor.clone(),
        action: args.action.clone(),
        since: match day(cli, "since", &args.since) {
            Ok(d) => d,
            Err(o) => return o,
        },
        until: match day(cli, "until", &args.until) {
            Ok(d) => d,
            Err(o) => return o,
        },
        contains: args.contains.clone(),
    };
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let entries = match store.audit_log(&filter).await {
        Ok(e) => e,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    store.close().await;
    match cli.format {
        Format::Text => emit(
            entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} {}: {}\n",
                        e.seq, e.at, e.actor, e.action, e.detail
                    )
                })
                .collect(),
        ),
        Format::Json => {
            let list: Vec<_> = entries
                .iter()
                .map(|e| json!({"seq": e.seq, "at": e.at, "actor": e.actor, "action": e.action, "detail": e.detail}))
                .collect();
            emit(format!("{}\n", json!({ "entries": list })));
        }
    }
    Outcome::Done
}
