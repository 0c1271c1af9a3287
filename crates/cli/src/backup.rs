//! `impactmonitor backup` and `restore`: the whole installation in one
//! file (docs/operations.md), also to move from SQLite to PostgreSQL.

use crate::commands::{emit, fail, open, Outcome};
use crate::{Cli, Format};
use importer::backup::{check_backup, restore, write_backup, BackupError, Header};
use importer::{secret::secret_path, Secret};
use serde_json::json;
use std::path::PathBuf;
use store::Store;

/// What `backup` was asked.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// The backup file to write (replaced only once the new one is whole).
    #[arg(long)]
    pub out: PathBuf,
    /// Put the installation secret in the backup too. Whoever has the file
    /// then has the key of the client pseudonyms.
    #[arg(long)]
    pub with_secret: bool,
}

/// What `restore` was asked.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
    /// Overwrite a database that already holds an installation.
    #[arg(long)]
    pub replace: bool,
}

/// The header as a summary, without the secret.
fn summary(header: &Header, file: &std::path::Path) -> serde_json::Value {
    let rows: u64 = header.parts.iter().map(|p| p.rows).sum();
    json!({
        "file": file.display().to_string(),
        "product_version": header.product_version,
        "schema_version": header.schema_version,
        "created_at": header.created_at,
        "backend": header.backend,
        "with_secret": header.secret.is_some(),
        "tables": header.parts.len(),
        "rows": rows,
    })
}

fn refused(cli: &Cli, e: BackupError) -> Outcome {
    match e {
        BackupError::Store(e) => fail(cli, Outcome::Internal, &e.to_string()),
        other => fail(cli, Outcome::Refused, &other.to_string()),
    }
}

/// Runs `backup`.
pub async fn run_backup(cli: &Cli, args: &BackupArgs) -> Outcome {
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let secret = match args.with_secret {
        true => match Secret::load(&cli.database) {
            Ok(s) => Some(s),
            Err(e) => return fail(cli, Outcome::Refused, &format!("backup refused: {e}")),
        },
        false => None,
    };
    let written = write_backup(&store, &args.out, secret.as_ref().map(Secret::key)).await;
    store.close().await;
    let header = match written {
        Ok(h) => h,
        Err(e) => return refused(cli, e),
    };
    match &secret {
        Some(_) => eprintln!(
            "impactmonitor: warning: the backup holds the installation secret; whoever has {} can link pseudonyms to client codes. Keep it as safe as the database.",
            args.out.display()
        ),
        None => eprintln!(
            "impactmonitor: the installation secret is not in the backup; keep {} (or IMPACTMONITOR_SECRET) with it: a restored installation needs it to match new imports to its clients.",
            secret_path(&cli.database).display()
        ),
    }
    let out = summary(&header, &args.out);
    emit(match cli.format {
        Format::Json => format!("{out}\n"),
        Format::Text => format!(
            "backup written to {}: {} tables, {} rows, schema {}, from {}\n",
            args.out.display(),
            out["tables"],
            out["rows"],
            header.schema_version,
            header.backend
        ),
    });
    Outcome::Done
}

/// Runs `restore`.
pub async fn run_restore(cli: &Cli, args: &RestoreArgs) -> Outcome {
    let header = match check_backup(&args.file) {
        Ok(h) => h,
        Err(e) => return refused(cli, e),
    };
    // A secret in the backup must not meet another one where it goes.
    let existing = Secret::load(&cli.database).ok();
    if let (Some(theirs), Some(ours)) = (&header.secret, &existing) {
        if theirs != ours.key() {
            let message = format!(
                "restore refused: the backup holds an installation secret and another one is in {}; move that away first",
                ours.source_name
            );
            return fail(cli, Outcome::Refused, &message);
        }
    }
    let store = match Store::open(&cli.database).await {
        Ok(s) => s,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    let restored = restore(&store, &args.file, header, args.replace).await;
    let fingerprint = store.secret_fingerprint().await.ok().flatten();
    store.close().await;
    let restored = match restored {
        Ok(r) => r,
        Err(e) => return refused(cli, e),
    };
    secret_after_restore(cli, &restored.header, existing, fingerprint.as_deref());
    let out = summary(&restored.header, &args.file);
    emit(match cli.format {
        Format::Json => format!("{out}\n"),
        Format::Text => format!(
            "restored {} rows in {} tables from {} (made {} on {}, schema {})\n",
            restored.rows,
            out["tables"],
            args.file.display(),
            restored.header.created_at,
            restored.header.backend,
            restored.header.schema_version
        ),
    });
    Outcome::Done
}

/// Puts the backup's secret in place, or says where the old
/// installation's secret must go when it is missing or another one.
fn secret_after_restore(
    cli: &Cli,
    header: &Header,
    existing: Option<Secret>,
    fingerprint: Option<&str>,
) {
    let path = secret_path(&cli.database);
    if let (Some(key), None) = (&header.secret, &existing) {
        match Secret::place(&cli.database, key) {
            Ok(s) => eprintln!(
                "impactmonitor: the installation secret from the backup is in {}",
                s.source_name
            ),
            Err(e) => {
                eprintln!("impactmonitor: warning: the backup's secret could not be placed: {e}")
            }
        }
        return;
    }
    let matches = existing
        .as_ref()
        .is_some_and(|s| Some(s.pseudonymiser().fingerprint().as_str()) == fingerprint);
    if !matches {
        eprintln!(
            "impactmonitor: warning: put the old installation's secret in {} (or IMPACTMONITOR_SECRET): imports and erasure need the secret this installation was made with.",
            path.display()
        );
    }
}
