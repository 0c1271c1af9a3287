//! The commands, their output (text or JSON) and their exit codes.

use crate::progress::TerminalProgress;
use crate::{Cli, Command, Format, FormatArg};
use domain::{Coded, OrganisationCode};
use importer::{FileReport, ImportOptions, ImportReport, InputFile, Secret};
use interchange::{FileKind, FileProblem, Limit};
use serde_json::json;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use store::Store;

/// How a command ended, as an exit code.
pub enum Outcome {
    /// 0: done.
    Done,
    /// 1: the input was refused; nothing was stored.
    Refused,
    /// 2: the command was used wrongly.
    Usage,
    /// 3: something failed inside (database, disk).
    Internal,
}

impl Outcome {
    /// The process exit code.
    pub fn code(&self) -> u8 {
        match self {
            Self::Done => 0,
            Self::Refused => 1,
            Self::Usage => 2,
            Self::Internal => 3,
        }
    }
}

/// Writes to standard output; a reader that stops early (`| head`) is not
/// an error.
pub(crate) fn emit(text: String) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("impactmonitor: cannot write to standard output: {e}");
        }
        _ => {}
    }
}

/// Prints an error: plain words on stderr, or a JSON object on stdout.
pub(crate) fn fail(cli: &Cli, outcome: Outcome, message: &str) -> Outcome {
    match cli.format {
        Format::Text => eprintln!("impactmonitor: {message}"),
        Format::Json => println!(
            "{}",
            json!({ "error": message, "exit_code": outcome.code() })
        ),
    }
    outcome
}

/// Runs the command.
pub async fn run(cli: &Cli) -> Outcome {
    let file_format = matches!(
        cli.format_arg,
        FormatArg::Html | FormatArg::Csv | FormatArg::Xlsx | FormatArg::Pdf
    );
    if file_format && !matches!(cli.command, Command::Publish(_)) {
        return fail(
            cli,
            Outcome::Usage,
            "--format html, pdf, csv and xlsx are for publish",
        );
    }
    match &cli.command {
        Command::Init => init(cli).await,
        Command::Import {
            files,
            kind,
            organisation,
            partial,
            rejects,
            as_of,
            table,
            mapping,
            limits,
        } => {
            let args = ImportArgs {
                mapping: mapping.as_deref(),
                limits: limits.limits(),
                paths: files,
                kind: kind.as_deref(),
                organisation: organisation.as_deref(),
                partial: *partial,
                rejects: rejects.as_deref(),
                as_of: as_of.as_deref(),
                table: table.as_deref(),
            };
            import(cli, args).await
        }
        Command::Export {
            kind,
            organisation,
            out,
        } => export(cli, kind, organisation.as_deref(), out.as_deref()).await,
        Command::Compute(args) => crate::compute::compute(cli, args).await,
        Command::Demo(args) => crate::demo::run(cli, args).await,
        Command::Serve(args) => crate::serve::run(cli, args).await,
        Command::Check(args) => crate::check::run(cli, args).await,
        Command::EraseClient(args) => crate::erase::run(cli, args).await,
        Command::Backup(args) => crate::backup::run_backup(cli, args).await,
        Command::Purge(args) => crate::purge::run(cli, args).await,
        Command::Restore(args) => crate::backup::run_restore(cli, args).await,
        Command::Publish(args) => {
            use crate::publish::PublicationFormat as P;
            let format = match cli.format_arg {
                FormatArg::Html => P::Html,
                FormatArg::Csv => P::Csv,
                FormatArg::Xlsx => P::Xlsx,
                FormatArg::Pdf => P::Pdf,
                FormatArg::Text | FormatArg::Json => {
                    return fail(
                        cli,
                        Outcome::Usage,
                        "publish needs --format html, pdf, csv or xlsx",
                    );
                }
            };
            crate::publish::run(cli, format, args).await
        }
        Command::User(command) => crate::user::run(cli, command).await,
        Command::Audit(args) => crate::audit::run(cli, args).await,
        Command::Logo(args) => crate::logo::run(cli, args).await,
        Command::Mapping(command) => crate::mapping::run(cli, command).await,
        Command::Template(args) => crate::template::run(cli, args).await,
    }
}

/// The pseudonymiser of the database's installation secret, checked
/// against the fingerprint the database keeps; `what` (the command) is
/// refused when the secret is missing or another database's.
pub(crate) async fn pseudonymiser_of(
    cli: &Cli,
    store: &Store,
    what: &str,
) -> Result<interchange::Pseudonymiser, Outcome> {
    let secret = Secret::load(&cli.database)
        .map_err(|e| fail(cli, Outcome::Refused, &format!("{what} refused: {e}")))?;
    let pseudonymiser = secret.pseudonymiser();
    match store.secret_fingerprint().await {
        Ok(Some(f)) if f == pseudonymiser.fingerprint() => Ok(pseudonymiser),
        Ok(Some(_)) => Err(fail(
            cli,
            Outcome::Refused,
            &format!(
                "{what} refused: the secret in {} is not this database's",
                secret.source_name
            ),
        )),
        Ok(None) => Err(fail(
            cli,
            Outcome::Refused,
            &format!("{what} refused: the database is not initialised; run `impactmonitor init`"),
        )),
        Err(e) => Err(fail(cli, Outcome::Internal, &e.to_string())),
    }
}

/// Who acts, as the audit log names a command-line user: `cli:` and the
/// login name.
pub(crate) fn actor() -> String {
    format!(
        "cli:{}",
        std::env::var("USER").unwrap_or_else(|_| "unknown".into())
    )
}

/// The SQLite file a database URL names; `None` for PostgreSQL.
fn sqlite_file(url: &str) -> Option<PathBuf> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    Some(PathBuf::from(path.split('?').next().unwrap_or(path)))
}

/// Which database a command reads: the one named, or by default
/// `impactmonitor.db`; when that does not exist but the demo's database
/// does and `demo_allowed`, the demo's (said on standard error). A
/// missing SQLite file is refused, never created empty.
fn database_to_open(cli: &Cli, demo_allowed: bool) -> Result<String, Outcome> {
    let Some(file) = sqlite_file(&cli.database) else {
        return Ok(cli.database.clone());
    };
    if file.exists() {
        return Ok(cli.database.clone());
    }
    let demo = Path::new(crate::demo::DEMO_DATABASE);
    if demo_allowed && !cli.database_named && demo.exists() {
        eprintln!(
            "impactmonitor: no {} here; reading the demo database {} (name one with --database)",
            file.display(),
            demo.display()
        );
        return Ok(format!("sqlite://{}", demo.display()));
    }
    Err(fail(
        cli,
        Outcome::Refused,
        &format!(
            "no database at {}: run `impactmonitor init` (or `impactmonitor demo`), or name one with --database",
            file.display()
        ),
    ))
}

/// Opens an existing database to read or import into (see [`database_to_open`]).
pub(crate) async fn open(cli: &Cli, demo_allowed: bool) -> Result<Store, Outcome> {
    let url = database_to_open(cli, demo_allowed)?;
    Store::open(&url)
        .await
        .map_err(|e| fail(cli, Outcome::Internal, &e.to_string()))
}

/// Opens (creating or migrating) the database at `url` and the
/// installation secret beside it, checking that they belong together.
pub(crate) async fn initialise(cli: &Cli, url: &str) -> Result<(Store, Secret, bool), Outcome> {
    let store = Store::open(url)
        .await
        .map_err(|e| fail(cli, Outcome::Internal, &e.to_string()))?;
    let (secret, created) =
        Secret::load_or_create(url).map_err(|e| fail(cli, Outcome::Internal, &e.to_string()))?;
    let fingerprint = secret.pseudonymiser().fingerprint();
    match store.secret_fingerprint().await {
        Ok(Some(stored)) if stored != fingerprint => {
            return Err(fail(
                cli,
                Outcome::Refused,
                &format!(
                    "the secret in {} is not the one this database was initialised with",
                    secret.source_name
                ),
            ))
        }
        Ok(Some(_)) => {}
        Ok(None) => {
            if let Err(e) = store.set_secret_fingerprint(&fingerprint).await {
                return Err(fail(cli, Outcome::Internal, &e.to_string()));
            }
        }
        Err(e) => return Err(fail(cli, Outcome::Internal, &e.to_string())),
    }
    Ok((store, secret, created))
}

async fn init(cli: &Cli) -> Outcome {
    let (store, secret, created) = match initialise(cli, &cli.database).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let version = store.data_version().await.unwrap_or_default();
    match cli.format {
        Format::Text => {
            println!("database ready: {}", store::redact(&cli.database));
            let how = if created { "created" } else { "found" };
            println!(
                "installation secret {how}: {} (keep it with your backups)",
                secret.source_name
            );
        }
        Format::Json => println!(
            "{}",
            json!({"database": store::redact(&cli.database), "secret": secret.source_name,
                   "secret_created": created, "data_version": version.to_string()})
        ),
    }
    Outcome::Done
}

fn parse_kind(cli: &Cli, raw: Option<&str>) -> Result<Option<FileKind>, Outcome> {
    raw.map(|k| {
        FileKind::parse(k).map_err(|_| {
            fail(
                cli,
                Outcome::Usage,
                &format!("unknown kind {k:?} (one of: {}, cbs)", FileKind::allowed()),
            )
        })
    })
    .transpose()
}

pub(crate) fn parse_organisation(
    cli: &Cli,
    raw: Option<&str>,
) -> Result<Option<OrganisationCode>, Outcome> {
    raw.map(|o| required_organisation(cli, o)).transpose()
}

/// The organisation of an option that must be given (`--organisation`).
pub(crate) fn required_organisation(cli: &Cli, raw: &str) -> Result<OrganisationCode, Outcome> {
    OrganisationCode::parse(raw)
        .map_err(|e| fail(cli, Outcome::Usage, &format!("--organisation {raw:?}: {e}")))
}

/// What `import` was asked, as typed.
struct ImportArgs<'a> {
    paths: &'a [PathBuf],
    kind: Option<&'a str>,
    organisation: Option<&'a str>,
    partial: bool,
    rejects: Option<&'a Path>,
    as_of: Option<&'a str>,
    table: Option<&'a str>,
    mapping: Option<&'a str>,
    limits: interchange::Limits,
}

/// The files to import: each path given, and of a folder (a CBS download
/// folder) every file in it, in name order, marked as one of a folder.
fn listed(paths: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, String> {
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            out.push((path.clone(), false));
            continue;
        }
        let entries = std::fs::read_dir(path)
            .map_err(|e| format!("cannot read the folder {}: {e}", path.display()))?;
        let mut inside: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file())
            .collect();
        if inside.is_empty() {
            return Err(format!("the folder {} holds no file", path.display()));
        }
        inside.sort();
        out.extend(inside.into_iter().map(|p| (p, true)));
    }
    Ok(out)
}

async fn import(cli: &Cli, args: ImportArgs<'_>) -> Outcome {
    let ImportArgs {
        paths,
        kind,
        organisation,
        partial,
        rejects,
        as_of,
        table,
        mapping,
        limits,
    } = args;
    let cbs = kind.is_some_and(|k| k.eq_ignore_ascii_case("cbs"));
    let kind = match parse_kind(cli, kind.filter(|_| !cbs)) {
        Ok(k) => k,
        Err(o) => return o,
    };
    let organisation = match parse_organisation(cli, organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let as_of = match as_of.map(domain::parse_date).transpose() {
        Ok(d) => d.unwrap_or_else(|| chrono::Local::now().date_naive()),
        Err(e) => return fail(cli, Outcome::Usage, &format!("--as-of: {e}")),
    };
    let mut files = Vec::new();
    let listed = match listed(paths) {
        Ok(listed) => listed,
        Err(problem) => return fail(cli, Outcome::Refused, &problem),
    };
    for (path, in_folder) in &listed {
        let path = path.as_path();
        if let Err(problem) = within_file_limit(path, &limits) {
            return fail(
                cli,
                Outcome::Refused,
                &format!("{}: {problem}", path.display()),
            );
        }
        // Read when the import reaches it: an import holds one file at a
        // time. Opened now, so that a file that cannot be read is said
        // before anything starts.
        match std::fs::File::open(path) {
            Ok(_) => {
                let file = InputFile::on_disk(path.display().to_string(), path);
                files.push(match in_folder {
                    true => file.in_folder(),
                    false => file,
                });
            }
            Err(e) => {
                return fail(
                    cli,
                    Outcome::Refused,
                    &format!("cannot read {}: {e}", path.display()),
                )
            }
        }
    }
    let store = match open(cli, false).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let pseudonymiser = match pseudonymiser_of(cli, &store, "import").await {
        Ok(p) => p,
        Err(o) => return o,
    };
    let mapping = match (mapping, &organisation) {
        (Some(name), Some(organisation)) => {
            match crate::mapping::load(&store, organisation, name).await {
                Ok(m) => Some(m),
                Err(e) => return fail(cli, Outcome::Refused, &e),
            }
        }
        _ => None,
    };
    let actor = actor();
    let options = ImportOptions {
        kind,
        organisation,
        partial,
        as_of,
        actor,
        cbs,
        table: table.map(str::to_string),
        check_only: false,
        tenant: None,
        limits,
        mapping,
        mapped_with: None,
        public: false,
    };
    let report = match importer::import(
        &store,
        pseudonymiser,
        &files,
        &options,
        &TerminalProgress::default(),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    store.close().await;
    if let Some(path) = rejects {
        if let Err(e) = write_rejects(path, &report) {
            return fail(cli, Outcome::Internal, &e);
        }
    }
    print_import(cli, &report);
    if report.refused() {
        Outcome::Refused
    } else {
        Outcome::Done
    }
}

/// Refuses a file over the size limit before reading it.
fn within_file_limit(path: &Path, limits: &interchange::Limits) -> Result<(), FileProblem> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    interchange::limits::within(Limit::FileBytes, size, limits.file_bytes, None)
        .map_err(FileProblem::OverLimit)
}

/// Writes the refused rows: to `path` when one file has any, else one file
/// per input next to `path` (`rejects.registrations.csv`, …).
fn write_rejects(path: &Path, report: &ImportReport) -> Result<(), String> {
    let with_rejects: Vec<&FileReport> = report
        .files
        .iter()
        .filter(|f| !f.rejects.is_empty())
        .collect();
    for file in &with_rejects {
        let target = if with_rejects.len() == 1 {
            path.to_path_buf()
        } else {
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "rejects".into());
            let kind = file.kind.as_deref().unwrap_or("file");
            path.with_file_name(format!("{stem}.{kind}.csv"))
        };
        write_atomically(&target, &file.rejects)?;
    }
    Ok(())
}

/// Writes a file whole or not at all (a temporary file renamed into place).
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let temporary = path.with_extension("partial-write");
    std::fs::write(&temporary, bytes)
        .and_then(|_| std::fs::rename(&temporary, path))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn print_import(cli: &Cli, report: &ImportReport) {
    let mut out = String::new();
    match cli.format {
        Format::Json => {
            let value = if report.files.len() == 1 {
                json!(report.files[0])
            } else {
                json!({"stored": report.stored, "data_version": report.data_version.to_string(), "files": report.files})
            };
            let _ = writeln!(out, "{value}");
        }
        Format::Text => {
            for file in &report.files {
                print_file(&mut out, file, report.stored);
            }
            if report.stored {
                let _ = writeln!(out, "data version {}", report.data_version);
            } else {
                let _ = writeln!(out, "nothing was stored");
            }
        }
    }
    emit(out);
}

fn print_file(out: &mut String, file: &FileReport, stored: bool) {
    let name = match &file.sheet {
        Some(sheet) => format!("{} [{}]", file.file, sheet),
        None => file.file.clone(),
    };
    let kind = file.kind.as_deref().unwrap_or("unknown kind");
    if let Some(problem) = &file.problem {
        let _ = writeln!(out, "{name} ({kind}): refused: {problem}");
        return;
    }
    if stored {
        let nothing = file.inserted + file.updated == 0;
        let note = if nothing { " — nothing changed" } else { "" };
        let _ = writeln!(
            out,
            "{name} ({kind}): {} inserted, {} updated, {} unchanged, {} rejected{note}",
            file.inserted, file.updated, file.unchanged, file.rejected
        );
    } else if file.rejected > 0 {
        let _ = writeln!(out, "{name} ({kind}): {} invalid row(s)", file.rejected);
    } else {
        let _ = writeln!(
            out,
            "{name} ({kind}): valid, not stored because of the problems below or above"
        );
    }
    if !file.unknown_columns.is_empty() {
        let _ = writeln!(
            out,
            "  unknown columns (ignored): {}",
            file.unknown_columns.join(", ")
        );
    }
    for error in &file.errors {
        let _ = writeln!(out, "  {error}");
    }
    if file.errors_not_listed > 0 {
        let _ = writeln!(
            out,
            "  … and {} more problem(s) not listed (--max-errors)",
            file.errors_not_listed
        );
    }
    for notice in &file.notices {
        let _ = writeln!(out, "  note: {notice}");
    }
}

async fn export(cli: &Cli, kind: &str, organisation: Option<&str>, out: Option<&Path>) -> Outcome {
    let kind = match parse_kind(cli, Some(kind)) {
        Ok(Some(k)) => k,
        Ok(None) => unreachable!("a kind was given"),
        Err(o) => return o,
    };
    let organisation = match parse_organisation(cli, organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    if organisation.is_none() && kind != FileKind::Organisations {
        return fail(
            cli,
            Outcome::Usage,
            "--organisation is required for this kind",
        );
    }
    let store = match open(cli, true).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    if let Some(org) = &organisation {
        let mut tx = match store.begin().await {
            Ok(tx) => tx,
            Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
        };
        let known = tx
            .load::<domain::Organisation>(None)
            .await
            .map(|all| all.iter().any(|o| &o.code == org));
        let _ = tx.rollback().await;
        match known {
            Ok(true) => {}
            Ok(false) => {
                return fail(
                    cli,
                    Outcome::Refused,
                    &format!("unknown organisation {org}"),
                )
            }
            Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
        }
    }
    let (bytes, rows) = match importer::export(&store, kind, organisation.as_ref()).await {
        Ok(b) => b,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    store.close().await;
    match out {
        Some(path) => {
            if let Err(e) = write_atomically(path, &bytes) {
                return fail(cli, Outcome::Internal, &e);
            }
            match cli.format {
                Format::Text => println!(
                    "{} {} record(s) written to {}",
                    rows,
                    kind.code(),
                    path.display()
                ),
                Format::Json => println!(
                    "{}",
                    json!({"kind": kind.code(), "file": path.display().to_string(), "rows": rows})
                ),
            }
        }
        None => {
            use std::io::Write;
            if let Err(e) = std::io::stdout().write_all(&bytes) {
                return fail(
                    cli,
                    Outcome::Internal,
                    &format!("cannot write to standard output: {e}"),
                );
            }
        }
    }
    Outcome::Done
}

/// k of small-cell suppression as given on the command line: a whole
/// number from 2 to 100, else a message saying so.
pub fn threshold(raw: &str) -> Result<publish::Threshold, String> {
    let (low, high) = (
        publish::suppression::MIN_THRESHOLD,
        publish::suppression::MAX_THRESHOLD,
    );
    raw.trim()
        .parse::<u64>()
        .ok()
        .and_then(publish::Threshold::new)
        .ok_or_else(|| format!("k must be a whole number from {low} to {high}, not {raw:?}"))
}

#[cfg(test)]
mod threshold_tests {
    use super::threshold;

    #[test]
    fn k_is_refused_below_2_and_above_100_with_a_message() {
        assert_eq!(threshold("5").map(publish::Threshold::get), Ok(5));
        assert_eq!(threshold("100").map(publish::Threshold::get), Ok(100));
        for bad in ["1", "0", "101", "-3", "vijf"] {
            let message = threshold(bad).expect_err(bad);
            assert!(message.contains("from 2 to 100"), "{message}");
        }
    }
}
