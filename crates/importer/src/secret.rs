//! The installation secret: the key of the client pseudonyms. It lives
//! outside the database — in `IMPACTMONITOR_SECRET`, or in a file next to
//! an SQLite database (`<file>.secret`, mode 0600), or `impactmonitor.secret`
//! in the working folder for PostgreSQL.

use interchange::Pseudonymiser;
use std::path::{Path, PathBuf};

/// The environment variable that may hold the secret.
pub const SECRET_ENV: &str = "IMPACTMONITOR_SECRET";

/// Why the secret cannot be had.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// No secret in the environment nor in its file.
    #[error("no installation secret: run `impactmonitor init` first (it creates {path}), or set {SECRET_ENV}")]
    Missing {
        /// Where the file was looked for.
        path: String,
    },
    /// The secret is too short to be safe.
    #[error("the installation secret in {source_name} is shorter than 32 characters")]
    TooShort {
        /// Where it came from.
        source_name: String,
    },
    /// The file could not be read or written.
    #[error("installation secret {path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        error: std::io::Error,
    },
    /// The operating system gave no random bytes.
    #[error("no random bytes for a new secret: {0}")]
    Random(String),
}

/// The installation secret and where it came from.
pub struct Secret {
    key: String,
    /// Where it is kept, for messages: the file, or the environment variable.
    pub source_name: String,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Secret {{ source: {}, key: [redacted] }}",
            self.source_name
        )
    }
}

/// The secret file that belongs to a database URL.
pub fn secret_path(database_url: &str) -> PathBuf {
    if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
        return PathBuf::from("impactmonitor.secret");
    }
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .unwrap_or(database_url);
    let path = path.split('?').next().unwrap_or(path);
    PathBuf::from(format!("{path}.secret"))
}

fn checked(key: String, source_name: String) -> Result<Secret, SecretError> {
    if key.chars().count() < 32 {
        return Err(SecretError::TooShort { source_name });
    }
    Ok(Secret { key, source_name })
}

impl Secret {
    /// The secret of the installation whose database is `database_url`.
    pub fn load(database_url: &str) -> Result<Self, SecretError> {
        if let Ok(key) = std::env::var(SECRET_ENV) {
            return checked(key.trim().to_string(), SECRET_ENV.to_string());
        }
        let path = secret_path(database_url);
        match std::fs::read_to_string(&path) {
            Ok(key) => checked(key.trim().to_string(), path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(SecretError::Missing {
                path: path.display().to_string(),
            }),
            Err(error) => Err(SecretError::Io {
                path: path.display().to_string(),
                error,
            }),
        }
    }

    /// The secret of the installation, created (256 random bits, in a file
    /// readable by its owner only) when there is none yet.
    pub fn load_or_create(database_url: &str) -> Result<(Self, bool), SecretError> {
        match Self::load(database_url) {
            Err(SecretError::Missing { .. }) => {}
            other => return other.map(|s| (s, false)),
        }
        let path = secret_path(database_url);
        let mut bytes = [0u8; 32];
        getrandom::getrandom(&mut bytes).map_err(|e| SecretError::Random(e.to_string()))?;
        let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_private(&path, &format!("{key}\n")).map_err(|error| SecretError::Io {
            path: path.display().to_string(),
            error,
        })?;
        Ok((
            Secret {
                key,
                source_name: path.display().to_string(),
            },
            true,
        ))
    }

    /// The pseudonymiser keyed with this secret.
    pub fn pseudonymiser(&self) -> Pseudonymiser {
        Pseudonymiser::new(self.key.as_bytes())
    }

    /// The key itself, for a backup made `--with-secret`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Puts a key (from a backup) where the secret of `database_url`
    /// belongs, readable by its owner only; refused when a file is there
    /// already.
    pub fn place(database_url: &str, key: &str) -> Result<Self, SecretError> {
        let path = secret_path(database_url);
        write_private(&path, &format!("{key}\n")).map_err(|error| SecretError::Io {
            path: path.display().to_string(),
            error,
        })?;
        checked(key.to_string(), path.display().to_string())
    }
}

/// `bytes` random bytes written as hex: an id nobody guesses (an import in
/// the history). Should the system have no randomness to give, the clock's
/// nanoseconds make it unique still.
pub fn random_hex(bytes: usize) -> String {
    let mut random = vec![0u8; bytes];
    if getrandom::getrandom(&mut random).is_err() {
        let nanos = chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default();
        random = nanos.to_be_bytes().to_vec();
    }
    random.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(content.as_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_file_sits_next_to_an_sqlite_database() {
        assert_eq!(
            secret_path("sqlite://data/im.db?mode=rwc"),
            PathBuf::from("data/im.db.secret")
        );
        assert_eq!(secret_path("im.db"), PathBuf::from("im.db.secret"));
        assert_eq!(
            secret_path("postgres://u@h/d"),
            PathBuf::from("impactmonitor.secret")
        );
    }
}
