//! Backup and restore of a whole installation in one file that moves
//! between backends: a gzip-compressed text whose first line is the
//! [`Header`] (product and schema version, when, from which backend, each
//! part's row count and SHA-256, and the installation secret only when
//! asked for), then the body of `store::backup`. A backup is written to a
//! temporary file and renamed into place, so a half-written backup never
//! stands under its name; a restore checks every checksum before it
//! writes anything, and writes in one transaction.

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use store::backup::{Part, PartDigest};
use store::Store;

/// What the first line of a backup file says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always `impactmonitor-backup`.
    pub format: String,
    /// The version of this file format (1).
    pub format_version: u32,
    /// The program that wrote it.
    pub product_version: String,
    /// The database schema it was read from (the newest migration).
    pub schema_version: i64,
    /// When (UTC).
    pub created_at: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The installation secret, only in a backup made `--with-secret`.
    pub secret: Option<String>,
    /// The tables, in restore order.
    pub parts: Vec<Part>,
}

const FORMAT: &str = "impactmonitor-backup";
const FORMAT_VERSION: u32 = 1;

/// Why a backup or restore did not happen.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The file could not be written or read.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
    /// The file is no backup of this program, or is damaged.
    #[error("{0}")]
    Refused(String),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

/// What a restore wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The backup's header.
    pub header: Header,
    /// Rows written.
    pub rows: u64,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |error| BackupError::Io {
        path: path.display().to_string(),
        error,
    }
}

/// A file name beside `path` with `suffix` added.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes a backup of everything in `store` to `path` (replacing a file
/// there only once the new one is complete), with `secret` in its header
/// when given. Gives the header written.
pub async fn write_backup(
    store: &Store,
    path: &Path,
    secret: Option<&str>,
) -> Result<Header, BackupError> {
    let body_path = beside(path, ".body.tmp");
    let result = write_with_body(store, path, &body_path, secret).await;
    let _ = std::fs::remove_file(&body_path);
    result
}

async fn write_with_body(
    store: &Store,
    path: &Path,
    body_path: &Path,
    secret: Option<&str>,
) -> Result<Header, BackupError> {
    let mut body = BufWriter::new(File::create(body_path).map_err(io(body_path))?);
    let parts = store.write_tables(&mut body).await?;
    body.flush().map_err(io(body_path))?;
    drop(body);
    let header = Header {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        product_version: env!("CARGO_PKG_VERSION").to_string(),
        schema_version: store.schema_version().await?,
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        backend: match store.backend() {
            store::Backend::Sqlite => "sqlite",
            store::Backend::Postgres => "postgres",
        }
        .to_string(),
        secret: secret.map(str::to_string),
        parts,
    };
    let partial = beside(path, ".tmp");
    let file = File::create(&partial).map_err(io(&partial))?;
    let mut gz = GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let line = serde_json::to_string(&header).map_err(|e| BackupError::Refused(e.to_string()))?;
    writeln!(gz, "{line}").map_err(io(&partial))?;
    let mut body = File::open(body_path).map_err(io(body_path))?;
    std::io::copy(&mut body, &mut gz).map_err(io(&partial))?;
    let file = gz
        .finish()
        .map_err(io(&partial))?
        .into_inner()
        .map_err(|e| io(&partial)(e.into_error()))?;
    file.sync_all().map_err(io(&partial))?;
    std::fs::rename(&partial, path).map_err(io(path))?;
    Ok(header)
}

/// A reader of the backup's text, past the compression.
fn open(path: &Path) -> Result<BufReader<GzDecoder<File>>, BackupError> {
    let file = File::open(path).map_err(io(path))?;
    Ok(BufReader::new(GzDecoder::new(file)))
}

/// Reads a backup's header and checks every part against it (row count
/// and SHA-256), reading the whole file; nothing is written.
pub fn check_backup(path: &Path) -> Result<Header, BackupError> {
    let damaged = |what: String| BackupError::Refused(format!("{}: {what}", path.display()));
    let mut reader = open(path)?;
    let mut first = String::new();
    reader
        .read_line(&mut first)
        .map_err(|e| damaged(format!("not a backup of impactmonitor ({e})")))?;
    let header: Header = serde_json::from_str(first.trim_end())
        .ok()
        .filter(|h: &Header| h.format == FORMAT)
        .ok_or_else(|| damaged("not a backup of impactmonitor".to_string()))?;
    if header.format_version > FORMAT_VERSION {
        return Err(damaged(format!(
            "written in backup format {} by impactmonitor {}; this program reads format {FORMAT_VERSION}",
            header.format_version, header.product_version
        )));
    }
    let mut found: Vec<(String, u64, PartDigest)> = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| damaged(format!("damaged ({e})")))?;
        if line.starts_with('{') {
            let table: serde_json::Value =
                serde_json::from_str(&line).map_err(|e| damaged(e.to_string()))?;
            let name = table["table"].as_str().unwrap_or_default().to_string();
            found.push((name, 0, PartDigest::default()));
        } else if let Some((_, rows, digest)) = found.last_mut() {
            *rows += 1;
            digest.line(&line);
        } else {
            return Err(damaged("rows before any table".to_string()));
        }
    }
    if found.len() != header.parts.len() {
        return Err(damaged(format!(
            "{} parts where the header names {}",
            found.len(),
            header.parts.len()
        )));
    }
    for ((name, rows, digest), part) in found.into_iter().zip(&header.parts) {
        if name != part.table || rows != part.rows || digest.hex() != part.sha256 {
            return Err(damaged(format!(
                "the part {} does not match its checksum",
                part.table
            )));
        }
    }
    Ok(header)
}

/// Restores a backup into `store`, its `header` as [`check_backup`] gave
/// it (every part checked); refused when the backup's schema is newer than
/// this program's, or when the database already holds an installation and
/// `replace` is not given. Every table is written in one transaction.
pub async fn restore(
    store: &Store,
    path: &Path,
    header: Header,
    replace: bool,
) -> Result<Restored, BackupError> {
    let ours = store.schema_version().await?;
    if header.schema_version > ours {
        return Err(BackupError::Refused(format!(
            "the backup's database schema ({}, impactmonitor {}) is newer than this program's ({ours}): restore it with that version or a newer one",
            header.schema_version, header.product_version
        )));
    }
    if !replace && !store.is_empty().await? {
        return Err(BackupError::Refused(
            "the database already holds an installation; restore into an empty database, or give --replace to overwrite everything in it".to_string(),
        ));
    }
    let mut reader = open(path)?;
    let mut first = String::new();
    reader.read_line(&mut first).map_err(io(path))?;
    let rows = store.read_tables(&header.parts, &mut reader).await?;
    Ok(Restored { header, rows })
}
