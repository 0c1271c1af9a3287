//! `impactmonitor logo`: the organisation's logo on the title page of its
//! PDFs — a PNG, JPEG or SVG file of at most 1 MB — set or removed.

use crate::commands::{emit, fail, open, required_organisation, Outcome};
use crate::{Cli, Format};
use serde_json::json;
use std::path::PathBuf;

/// What `logo` was asked.
#[derive(Debug, clap::Args)]
pub struct LogoArgs {
    /// The organisation (its code).
    #[arg(long)]
    pub organisation: String,
    /// The logo: a PNG, JPEG or SVG file.
    #[arg(required_unless_present = "remove", conflicts_with = "remove")]
    pub file: Option<PathBuf>,
    /// Remove the logo instead.
    #[arg(long)]
    pub remove: bool,
}

/// Runs `logo`.
pub async fn run(cli: &Cli, args: &LogoArgs) -> Outcome {
    let organisation = match required_organisation(cli, &args.organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let image = match &args.file {
        Some(path) => match std::fs::read(path) {
            Ok(bytes) if bytes.len() > publish::pdf::LOGO_LIMIT => {
                return fail(
                    cli,
                    Outcome::Refused,
                    &format!("{}: larger than 1 MB", path.display()),
                )
            }
            Ok(bytes) if !publish::pdf::is_logo(&bytes) => {
                return fail(
                    cli,
                    Outcome::Refused,
                    &format!("{}: not a PNG, JPEG or SVG file", path.display()),
                )
            }
            Ok(bytes) => Some(bytes),
            Err(e) => return fail(cli, Outcome::Refused, &format!("{}: {e}", path.display())),
        },
        None => None,
    };
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let known = match store.organisation_codes().await {
        Ok(codes) => codes.contains(&organisation),
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    if !known {
        store.close().await;
        return fail(
            cli,
            Outcome::Refused,
            &format!("unknown organisation {organisation}"),
        );
    }
    let actor = crate::commands::actor();
    let saved = async {
        let mut tx = store.begin().await?;
        tx.set_logo(&organisation, image.as_deref(), &actor).await?;
        tx.commit().await
    };
    let result = saved.await;
    store.close().await;
    if let Err(e) = result {
        return fail(cli, Outcome::Internal, &e.to_string());
    }
    let done = if image.is_some() { "set" } else { "removed" };
    match cli.format {
        Format::Text => emit(format!("logo of {organisation} {done}\n")),
        Format::Json => emit(format!(
            "{}\n",
            json!({"organisation": organisation.as_str(), "done": done})
        )),
    }
    Outcome::Done
}
