//! `impactmonitor backup` and `restore`: the whole installation in one
//! file (docs/operations.md), also to move from SQLite to PostgreSQL.

use crate::commands::{actor, emit, fail, open, Outcome};
use crate::{Cli, Format};
use importer::backup::{check_backup, partial_path, restore, write_backup, BackupError, Header};
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
    /// then has the key of the client pseudonyms. Needs --sign-with: a
    /// backup cannot be signed with a secret it carries.
    #[arg(long)]
    pub with_secret: bool,
    /// Sign the backup with the key in this file (32 characters or more)
    /// instead of the installation secret; restore it with the same key.
    #[arg(long, value_name = "KEY_FILE")]
    pub sign_with: Option<PathBuf>,
}

/// What `restore` was asked.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// The backup file.
    pub file: PathBuf,
    /// Overwrite a database that already holds an installation.
    #[arg(long)]
    pub replace: bool,
    /// Check the backup's signature with the key in this file (the one it
    /// was made with --sign-with). Without it: the installation secret of
    /// this database (copy the old installation's secret in place first).
    #[arg(long, value_name = "KEY_FILE")]
    pub sign_with: Option<PathBuf>,
    /// Restore a backup without a signature (made by an older version).
    #[arg(long)]
    pub accept_unsigned: bool,
}

/// The shortest key `--sign-with` accepts.
const MIN_KEY: usize = 32;

/// The key in a `--sign-with` file (surrounding white space is not part
/// of it).
fn key_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let key = text.trim();
    if key.chars().count() < MIN_KEY {
        return Err(format!(
            "{}: a key of at least {MIN_KEY} characters",
            path.display()
        ));
    }
    Ok(key.as_bytes().to_vec())
}

/// Waits for Ctrl-C or a request to stop (SIGTERM).
async fn stopped() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
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
    let loaded = Secret::load(&cli.database);
    let key = match (&args.sign_with, &loaded, args.with_secret) {
        (Some(file), _, _) => key_file(file),
        (None, _, true) => Err(
            "--with-secret needs --sign-with KEY_FILE: a backup cannot be signed with a secret it carries"
                .to_string(),
        ),
        (None, Ok(secret), false) => Ok(secret.key().as_bytes().to_vec()),
        (None, Err(e), false) => Err(format!("{e}; or give --sign-with KEY_FILE")),
    };
    let key = match key {
        Ok(k) => k,
        Err(e) => return fail(cli, Outcome::Refused, &format!("backup refused: {e}")),
    };
    let secret = match (args.with_secret, loaded) {
        (true, Ok(s)) => Some(s),
        (true, Err(e)) => return fail(cli, Outcome::Refused, &format!("backup refused: {e}")),
        (false, _) => None,
    };
    let written = tokio::select! {
        written = write_backup(&store, &args.out, secret.as_ref().map(Secret::key), &key) => written,
        () = stopped() => {
            let _ = std::fs::remove_file(partial_path(&args.out));
            return fail(cli, Outcome::Internal, "backup stopped: nothing was written");
        }
    };
    store.close().await;
    let header = match written {
        Ok(h) => h,
        Err(e) => return refused(cli, e),
    };
    match (&secret, &args.sign_with) {
        (Some(_), _) => eprintln!(
            "impactmonitor: warning: the backup holds the installation secret; whoever has {} can link pseudonyms to client codes. Keep it as safe as the database, and the signing key apart from it.",
            args.out.display()
        ),
        (None, None) => eprintln!(
            "impactmonitor: the installation secret is not in the backup, which is signed with it; keep {} (or IMPACTMONITOR_SECRET) with it: a restore checks the signature with it, and a restored installation needs it to match new imports to its clients.",
            secret_path(&cli.database).display()
        ),
        (None, Some(_)) => eprintln!(
            "impactmonitor: the installation secret is not in the backup; keep {} (or IMPACTMONITOR_SECRET) with it, and the signing key: a restore checks the signature with it.",
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
    let existing = Secret::load(&cli.database).ok();
    let key = match (&args.sign_with, &existing, args.accept_unsigned) {
        (Some(file), _, _) => match key_file(file) {
            Ok(k) => Some(k),
            Err(e) => return fail(cli, Outcome::Refused, &format!("restore refused: {e}")),
        },
        (None, _, true) => None,
        (None, Some(secret), false) => Some(secret.key().as_bytes().to_vec()),
        (None, None, false) => {
            let message = format!(
                "restore refused: the backup's signature is checked with the installation secret of the installation it came from: put it in {} (or IMPACTMONITOR_SECRET) first, or give the --sign-with key it was made with",
                secret_path(&cli.database).display()
            );
            return fail(cli, Outcome::Refused, &message);
        }
    };
    let header = match check_backup(&args.file, key.as_deref()) {
        Ok(h) => h,
        Err(e) => return refused(cli, e),
    };
    // A secret in the backup must not meet another one where it goes.
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
    let restored = restore(&store, &args.file, header, args.replace, &actor()).await;
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
