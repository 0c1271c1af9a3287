//! Backup and restore of a whole installation in one file that moves
//! between backends: a gzip-compressed text whose first line is the
//! [`Header`] (product and schema version, when, from which backend, each
//! part's row count and SHA-256, and the installation secret only when
//! asked for) and its signature, then the body of `store::backup`. The
//! signature is an HMAC-SHA256 of the header (which holds each part's
//! SHA-256) keyed by the installation secret or a key of the
//! administrator's: a backup altered and given new checksums is refused.
//! A backup is written into files without a name (gone on every exit,
//! kill -9 included), then copied to a temporary file readable by its
//! owner only and renamed into place, so a half-written backup never
//! stands under its name; a restore checks the signature and every
//! checksum before it writes anything, writes in one transaction, and
//! says so in the audit log.

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
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
    /// The HMAC-SHA256 (hex) of this header without it, keyed by the key
    /// the backup was signed with; absent in backups of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

/// The signature of a header: HMAC-SHA256 of its JSON without the
/// signature, hex.
fn signature_of(header: &Header, key: &[u8]) -> String {
    use hmac::Mac;
    let unsigned = Header {
        signature: None,
        ..header.clone()
    };
    let text = serde_json::to_string(&unsigned).unwrap_or_default();
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(text.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Signs a header with `key` (replacing any signature).
pub fn sign(header: &mut Header, key: &[u8]) {
    header.signature = Some(signature_of(header, key));
}

/// Whether the header's signature is the one `key` makes, compared in
/// constant time.
fn signed_by(header: &Header, key: &[u8]) -> bool {
    let expected = signature_of(header, key);
    header.signature.as_ref().is_some_and(|found| {
        found.len() == expected.len()
            && found
                .bytes()
                .zip(expected.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    })
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

/// The temporary file a backup is copied to before it is renamed to
/// `path` (a command that is stopped removes it).
pub fn partial_path(path: &Path) -> PathBuf {
    beside(path, ".tmp")
}

/// A new file readable and writable by its owner only (0600).
fn private_file(path: &Path) -> Result<File, BackupError> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(io(path))
}

/// Writes a backup of everything in `store` to `path` (replacing a file
/// there only once the new one is complete, mode 0600), with `secret` in
/// its header when given, signed with `key`. Gives the header written.
pub async fn write_backup(
    store: &Store,
    path: &Path,
    secret: Option<&str>,
    key: &[u8],
) -> Result<Header, BackupError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let unnamed = || tempfile::tempfile_in(&folder).map_err(io(&folder));
    let mut body = BufWriter::new(unnamed()?);
    let parts = store.write_tables(&mut body).await?;
    let mut body = body.into_inner().map_err(|e| io(&folder)(e.into_error()))?;
    let mut header = Header {
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
        signature: None,
    };
    sign(&mut header, key);
    let mut gz = GzEncoder::new(BufWriter::new(unnamed()?), flate2::Compression::default());
    let line = serde_json::to_string(&header).map_err(|e| BackupError::Refused(e.to_string()))?;
    writeln!(gz, "{line}").map_err(io(&folder))?;
    body.seek(SeekFrom::Start(0)).map_err(io(&folder))?;
    std::io::copy(&mut body, &mut gz).map_err(io(&folder))?;
    let mut compressed = gz
        .finish()
        .map_err(io(&folder))?
        .into_inner()
        .map_err(|e| io(&folder)(e.into_error()))?;
    compressed.seek(SeekFrom::Start(0)).map_err(io(&folder))?;
    let partial = partial_path(path);
    let copied = (|| {
        let mut file = private_file(&partial)?;
        std::io::copy(&mut compressed, &mut file).map_err(io(&partial))?;
        file.sync_all().map_err(io(&partial))?;
        std::fs::rename(&partial, path).map_err(io(path))
    })();
    if copied.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    copied.map(|()| header)
}

/// A reader of the backup's text, past the compression.
fn open(path: &Path) -> Result<BufReader<GzDecoder<File>>, BackupError> {
    let file = File::open(path).map_err(io(path))?;
    Ok(BufReader::new(GzDecoder::new(file)))
}

/// Reads a backup's header, checks its signature with `key` and every
/// part against it (row count and SHA-256), reading the whole file;
/// nothing is written. `key: None` accepts only a backup without a
/// signature (one made by an older version), for whoever trusts where it
/// came from.
pub fn check_backup(path: &Path, key: Option<&[u8]>) -> Result<Header, BackupError> {
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
    match (&header.signature, key) {
        (Some(_), Some(key)) if signed_by(&header, key) => {}
        (Some(_), Some(_)) => {
            return Err(damaged(
                "the signature does not match: the file was altered, or it was signed with another key (the installation secret of the installation it came from, or the key given to --sign-with)".to_string(),
            ))
        }
        (Some(_), None) => {
            return Err(damaged(
                "the backup is signed: give the key it was signed with".to_string(),
            ))
        }
        (None, Some(_)) => {
            return Err(damaged(
                "the backup is not signed (made by an older version, or altered); give --accept-unsigned to restore it if you trust where it came from".to_string(),
            ))
        }
        (None, None) => {}
    }
    let mut found: Vec<(String, u64, PartDigest)> = Vec::new();
    for line in reader.lines() {
        let line = line.map_err(|e| damaged(format!("damaged ({e})")))?;
        if line.starts_with('{') {
            let table: serde_json::Value = serde_json::from_str(&line).map_err(|_| {
                damaged(format!(
                    "damaged: the heading of part {} cannot be read",
                    found.len() + 1
                ))
            })?;
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
    actor: &str,
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
    let mut tx = store.begin().await?;
    let detail = format!(
        "{}: made {} by impactmonitor {} on {}, schema {}, {rows} rows{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        header.created_at,
        header.product_version,
        header.backend,
        header.schema_version,
        match header.signature {
            Some(_) => ", signature checked",
            None => ", unsigned (accepted)",
        }
    );
    tx.audit(actor, "restore", &detail).await?;
    tx.commit().await?;
    Ok(Restored { header, rows })
}
