//! `impactmonitor`: the command line of the impact monitor.
//!
//! Exit codes: 0 done; 1 the input was refused (nothing was stored);
//! 2 usage error; 3 internal error.

mod audit;
mod backup;
mod check;
mod commands;
mod compute;
mod demo;
mod erase;
mod limits;
mod logo;
mod mapping;
mod progress;
mod publish;
mod purge;
mod serve;
mod template;
mod user;

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// The impact monitor for social work: import registrations and CBS
/// statistics, and compute every figure of the monitor.
#[derive(Debug, Parser)]
#[command(name = "impactmonitor", version)]
pub struct Cli {
    /// The database: sqlite://FILE or postgres://USER@HOST/DATABASE.
    #[arg(
        long,
        global = true,
        env = "IMPACTMONITOR_DATABASE",
        default_value = "sqlite://impactmonitor.db",
        hide_env_values = true
    )]
    pub database: String,
    /// Whether the database was named (option or environment), not the default.
    #[arg(skip)]
    pub database_named: bool,
    /// How to print the result: text or json; for `publish`, the file:
    /// html, csv or xlsx.
    #[arg(long = "format", global = true, value_enum, default_value_t = FormatArg::Text)]
    pub format_arg: FormatArg,
    /// How to print the result (text unless json was asked).
    #[arg(skip)]
    pub format: Format,
    #[command(subcommand)]
    pub command: Command,
}

/// `--format` as given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Plain words for a person.
    Text,
    /// One JSON object, for programs.
    Json,
    /// `publish`: a web page in one file.
    Html,
    /// `publish`: a CSV file per table.
    Csv,
    /// `publish`: an Excel workbook.
    Xlsx,
    /// `publish`: a print-ready PDF.
    Pdf,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Plain words for a person.
    #[default]
    Text,
    /// One JSON object, for programs.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the database (or bring it up to date) and the installation
    /// secret that makes client codes pseudonymous.
    Init,
    /// Import interchange files (CSV or XLSX) and CBS StatLine files in one
    /// transaction.
    Import {
        /// The files; a workbook may hold several kinds, one per sheet.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The kind of the files, when their name or header does not tell;
        /// `cbs` for files downloaded from CBS StatLine.
        #[arg(long)]
        kind: Option<String>,
        /// The organisation of files without an organisation column.
        #[arg(long)]
        organisation: Option<String>,
        /// Store the valid rows and write the refused ones to --rejects.
        #[arg(long, requires = "rejects")]
        partial: bool,
        /// Where --partial writes the refused rows, byte for byte with the header.
        #[arg(long, requires = "partial")]
        rejects: Option<PathBuf>,
        /// The date of the DIN version that an import of DIN files makes (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// The CBS table of a CBS file that does not name it (e.g. 03759ned).
        #[arg(long)]
        table: Option<String>,
        /// Read the files as a source's own export, by the organisation's
        /// saved mapping of that name (see `mapping`); needs --organisation.
        #[arg(long, requires = "organisation", conflicts_with = "kind")]
        mapping: Option<String>,
        /// How large the files may be, and the dates they may give.
        #[command(flatten)]
        limits: limits::LimitArgs,
    },
    /// Export stored records of one kind as an interchange CSV file.
    Export {
        /// The kind of file.
        #[arg(long)]
        kind: String,
        /// The organisation (all organisations for `organisations`).
        #[arg(long)]
        organisation: Option<String>,
        /// The file to write (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Compute every figure of the monitor for an organisation and a year
    /// (or date range), optionally for one municipality, area, theme or age
    /// group. Unsuppressed: for the organisation's own staff.
    Compute(compute::ComputeArgs),
    /// The demo: generate its data set (--generate DIR writes the files),
    /// import it into a fresh ./impactmonitor-demo.db and compute.
    Demo(demo::DemoArgs),
    /// Serve the web application.
    Serve(serve::ServeArgs),
    /// The data-quality check of an organisation's year before publishing:
    /// missing scores, too few registrations, implausible data, figures
    /// that contradict each other, what publications still lack. Exits 1
    /// when an item blocks publishing.
    Check(check::CheckArgs),
    /// Write a factsheet or the annual monitor as a file for the
    /// municipality (suppressed): --format html, pdf, csv or xlsx.
    Publish(publish::PublishArgs),
    /// Set the organisation's logo for the title page of its PDFs, or remove it.
    Logo(logo::LogoArgs),
    /// Erase clients on request (AVG/GDPR art. 17) by their client codes:
    /// every registration and ZRM score of theirs in the organisation, and
    /// their pseudonyms in the audit log. --dry-run shows what would go.
    EraseClient(erase::EraseArgs),
    /// Retention: remove the registrations that ended before a day
    /// (default: 7 years ago), keeping the figures of the years they ran
    /// in as stored aggregates first.
    Purge(purge::PurgeArgs),
    /// Write the whole installation to one file (records, accounts, audit
    /// log, published versions, logos, text history; not sessions) in a
    /// format any backend restores.
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty database (or, with --replace, over
    /// one), also from SQLite into PostgreSQL.
    Restore(backup::RestoreArgs),
    /// Read the audit log: who changed what and when, filtered.
    Audit(audit::AuditArgs),
    /// Manage the accounts of the people who sign in.
    #[command(subcommand)]
    User(user::UserCommand),
    /// An organisation's saved mappings of its sources' exports: list,
    /// export to share, import, delete.
    #[command(subcommand)]
    Mapping(mapping::MappingCommand),
    /// Write an empty interchange file to fill in: a CSV, or an XLSX whose
    /// second sheet explains every column.
    Template(template::TemplateArgs),
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    cli.database_named = matches.value_source("database") != Some(ValueSource::DefaultValue);
    cli.format = match cli.format_arg {
        FormatArg::Json => Format::Json,
        _ => Format::Text,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("impactmonitor: cannot start: {e}");
            return ExitCode::from(3);
        }
    };
    let outcome = runtime.block_on(commands::run(&cli));
    ExitCode::from(outcome.code())
}
