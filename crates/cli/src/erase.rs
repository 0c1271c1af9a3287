//! `impactmonitor erase-client`: erases clients of an organisation on
//! request (AVG/GDPR art. 17), by the client codes the organisation knows
//! them by: every registration and ZRM score of their pseudonyms, and the
//! pseudonyms in the audit log, in one transaction.

use crate::commands::{emit, fail, open, pseudonymiser_of, required_organisation, Outcome};
use crate::{Cli, Format};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use std::io::IsTerminal;

/// Clients from which erasing shows a progress bar (on a terminal).
const BAR_FROM_CLIENTS: usize = 100;

/// What `erase-client` was asked.
#[derive(Debug, clap::Args)]
pub struct EraseArgs {
    /// The organisation (its code, e.g. `deschans`).
    #[arg(long)]
    pub organisation: String,
    /// Show what would be erased, and erase nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The client codes, as the organisation's registration system gives
    /// them.
    #[arg(required = true)]
    pub codes: Vec<String>,
}

/// Runs `erase-client`.
pub async fn run(cli: &Cli, args: &EraseArgs) -> Outcome {
    let organisation = match required_organisation(cli, &args.organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let outcome = erase(cli, args, &store, &organisation).await;
    store.close().await;
    outcome
}

async fn erase(
    cli: &Cli,
    args: &EraseArgs,
    store: &store::Store,
    organisation: &domain::OrganisationCode,
) -> Outcome {
    let pseudonymiser = match pseudonymiser_of(cli, store, "erase-client").await {
        Ok(p) => p,
        Err(o) => return o,
    };
    match store.organisation_codes().await {
        Ok(codes) if codes.contains(organisation) => {}
        Ok(_) => {
            let message = format!("unknown organisation {organisation}");
            return fail(cli, Outcome::Refused, &message);
        }
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    }
    let clients: Vec<domain::ClientPseudonym> = args
        .codes
        .iter()
        .map(|code| pseudonymiser.pseudonym(code))
        .collect();
    let bar = progress_bar(clients.len());
    let actor = crate::commands::actor();
    let done = store
        .erase_clients(organisation, &clients, &actor, args.dry_run, &|n| {
            if let Some(bar) = &bar {
                bar.set_position(n as u64);
            }
        })
        .await;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let erasure = match done {
        Ok(Ok(e)) => e,
        Ok(Err(store::Unmatched(places))) => {
            let which: Vec<String> = places.iter().map(|i| format!("{}", i + 1)).collect();
            let message = format!(
                "no registration of {organisation} has the client code number {} of the {} given; nothing was erased",
                which.join(", "),
                clients.len()
            );
            return fail(cli, Outcome::Refused, &message);
        }
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    let text = match cli.format {
        Format::Json => format!(
            "{}\n",
            json!({
                "organisation": organisation.as_str(),
                "dry_run": args.dry_run,
                "clients": erasure.clients,
                "registrations": erasure.registrations,
                "scores": erasure.scores,
                "audit_lines": erasure.audit_lines,
                "already_erased": erasure.already_erased,
            })
        ),
        Format::Text => {
            let verb = match args.dry_run {
                true => "would erase",
                false => "erased",
            };
            let before = match erasure.already_erased {
                0 => String::new(),
                n => format!(
                    "{n} client(s) asked for were erased before; nothing of them is left.\n"
                ),
            };
            format!(
                "{organisation}: {verb} {} client(s): {} registrations and {} ZRM score rows; {} audit-log lines no longer name them.\n{before}\
                 Published versions are aggregates and stay as they were published.\n",
                erasure.clients, erasure.registrations, erasure.scores, erasure.audit_lines
            )
        }
    };
    emit(text);
    Outcome::Done
}

/// A bar on standard error for many clients, when it is a terminal.
fn progress_bar(clients: usize) -> Option<ProgressBar> {
    if clients < BAR_FROM_CLIENTS || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(clients as u64);
    if let Ok(style) = ProgressStyle::with_template("erasing [{bar:40}] {pos}/{len} clients") {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}
