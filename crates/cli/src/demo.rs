//! `impactmonitor demo`: the demo data set written as files, or imported
//! into a fresh SQLite database through the importer and computed.

use crate::commands::{fail, initialise, Outcome};
use crate::progress::TerminalProgress;
use crate::{Cli, Format};
use demo::DemoFile;
use domain::Coded;
use importer::{ImportOptions, InputFile};
use indicators::{Figure, Options, Period, PeriodRule, Selection};
use serde_json::json;
use std::path::{Path, PathBuf};
use store::Store;

/// The demo database, in the working folder.
pub const DEMO_DATABASE: &str = "impactmonitor-demo.db";

/// What `demo` was asked.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Only write the demo's interchange files into this folder.
    #[arg(long, value_name = "DIR")]
    pub generate: Option<PathBuf>,
    /// The seed of the generated data: the same seed gives the same files.
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    pub seed: u64,
    /// Import and compute only; do not serve the web application.
    #[arg(long)]
    pub no_serve: bool,
    /// How to serve the web application.
    #[command(flatten)]
    pub serve: crate::serve::ServeArgs,
}

/// Runs `demo`.
pub async fn run(cli: &Cli, args: &DemoArgs) -> Outcome {
    let files = demo::generate(args.seed);
    match &args.generate {
        Some(dir) => write_files(cli, dir, &files),
        None => import_and_compute(cli, args, &files).await,
    }
}

fn write_files(cli: &Cli, dir: &Path, files: &[DemoFile]) -> Outcome {
    if let Err(e) = demo::write(dir, files) {
        return fail(
            cli,
            Outcome::Internal,
            &format!("cannot write {}: {e}", dir.display()),
        );
    }
    match cli.format {
        Format::Text => {
            for f in files {
                println!("{:>7} rows  {}", f.rows, dir.join(f.name).display());
            }
        }
        Format::Json => {
            let list: Vec<_> = files
                .iter()
                .map(|f| json!({"file": dir.join(f.name).display().to_string(), "rows": f.rows}))
                .collect();
            println!("{}", json!({ "files": list }));
        }
    }
    Outcome::Done
}

/// Removes the previous demo database, its journal files and its secret.
fn start_afresh(cli: &Cli) -> Result<(), Outcome> {
    let secret = importer::secret::secret_path(&format!("sqlite://{DEMO_DATABASE}"));
    let leftovers = [
        "",
        "-wal",
        "-shm",
        "-journal",
        "-sessions",
        "-sessions-wal",
        "-sessions-shm",
    ]
    .map(|suffix| PathBuf::from(format!("{DEMO_DATABASE}{suffix}")))
    .into_iter()
    .chain(std::iter::once(secret));
    for path in leftovers {
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                let message = format!("cannot remove the old {}: {e}", path.display());
                return Err(fail(cli, Outcome::Internal, &message));
            }
        }
    }
    Ok(())
}

async fn import_and_compute(cli: &Cli, args: &DemoArgs, files: &[DemoFile]) -> Outcome {
    // A database named with --database (or IMPACTMONITOR_DATABASE) must be
    // empty; without one, the demo's own file starts afresh.
    let url = match cli.database_named {
        true => cli.database.clone(),
        false => {
            if let Err(o) = start_afresh(cli) {
                return o;
            }
            format!("sqlite://{DEMO_DATABASE}")
        }
    };
    let (store, secret, _) = match initialise(cli, &url).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    match store.is_empty().await {
        Ok(true) => {}
        Ok(false) => {
            let message = format!(
                "the demo needs an empty database, and {} already holds an installation",
                store::redact(&url)
            );
            return fail(cli, Outcome::Refused, &message);
        }
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    }
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|f| InputFile::new(f.name.to_string(), f.bytes.clone()))
        .collect();
    let options = ImportOptions {
        kind: None,
        organisation: None,
        partial: false,
        as_of: chrono::Local::now().date_naive(),
        actor: "demo".into(),
        cbs: false,
        table: None,
        check_only: false,
        tenant: None,
        limits: args.serve.limits.limits(),
        mapping: None,
        mapped_with: None,
        public: false,
    };
    let progress = TerminalProgress::default();
    let report = match importer::import(
        &store,
        secret.pseudonymiser(),
        &inputs,
        &options,
        &progress,
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    if report.refused() {
        let problems: Vec<String> = report
            .files
            .iter()
            .flat_map(|f| {
                f.errors
                    .iter()
                    .map(|e| format!("{}: {e}", f.file))
                    .chain(f.problem.clone())
            })
            .take(10)
            .collect();
        let message = format!("the demo data was refused (a bug): {}", problems.join("; "));
        return fail(cli, Outcome::Internal, &message);
    }
    let summary = match summary(&store).await {
        Ok(s) => s,
        Err(e) => return fail(cli, Outcome::Internal, &e),
    };
    print(
        cli,
        &store::redact(&url),
        files,
        report.data_version,
        &summary,
    );
    if args.no_serve {
        store.close().await;
        return Outcome::Done;
    }
    let accounts = match crate::serve::demo_accounts(&store).await {
        Ok(a) => a,
        Err(e) => return fail(cli, Outcome::Internal, &e),
    };
    if let Err(e) = crate::serve::publish_demo_pages(&store, args.serve.suppression_k).await {
        return fail(cli, Outcome::Internal, &e);
    }
    println!("demo accounts (user name, role, password):");
    for (account, password) in &accounts {
        println!(
            "  {:<16} {:<13} {password}",
            account.username.as_str(),
            account.role.code()
        );
    }
    let mut serve = crate::serve::ServeArgs {
        ..args.serve.clone()
    };
    serve.cookie_insecure = true;
    crate::serve::serve_store(cli, store, secret.pseudonymiser(), &serve).await
}

/// A few headline figures of each demo case, computed from the database.
async fn summary(store: &Store) -> Result<Vec<(String, Figure)>, String> {
    let cases = [
        ("deschans", 2022, "goal_realisation"),
        ("sedna", 2021, "reach_vs_plan"),
        ("deschans", 2020, "survey_response"),
    ];
    let mut lines = Vec::new();
    for (code, year, indicator) in cases {
        let organisation = domain::OrganisationCode::parse(code).map_err(|e| e.to_string())?;
        let records = store
            .organisation_records(&organisation)
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{code} was not imported"))?;
        let selection = Selection {
            organisation,
            period: Period::year(year, PeriodRule::Running).ok_or("no such year")?,
            area: None,
            age_group: None,
            theme: None,
        };
        let options = Options {
            province: web::figures::province_of(&records, None, year),
            ..Options::default()
        };
        let inputs = web::figures::records_of(&records);
        let figures = indicators::compute(&inputs, &selection, &options);
        let headline = figures
            .into_iter()
            .filter(|f| f.indicator == indicator && f.value.is_some())
            .filter(|f| f.keys.len() <= 1)
            .take(3);
        lines.extend(headline.map(|f| (format!("{code} {year}"), f)));
    }
    Ok(lines)
}

fn print(
    cli: &Cli,
    database: &str,
    files: &[DemoFile],
    version: i64,
    summary: &[(String, Figure)],
) {
    let rows: usize = files.iter().map(|f| f.rows).sum();
    match cli.format {
        Format::Json => {
            let figures: Vec<_> = summary
                .iter()
                .map(|(case, f)| json!({"case": case, "figure": indicators::json::figure(f)}))
                .collect();
            println!(
                "{}",
                json!({"database": database, "files": files.len(),
                       "rows": rows, "data_version": version.to_string(), "headlines": figures})
            );
        }
        Format::Text => {
            println!(
                "demo database {database}: {} files, {rows} rows imported (data version {version})",
                files.len()
            );
            for (case, f) in summary {
                let keys: Vec<String> = f.keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
                let share = match (f.numerator, f.denominator) {
                    (Some(a), Some(b)) => format!("{a} of {b}"),
                    _ => String::new(),
                };
                println!(
                    "  {case}: {} {} {share} ({:.1} %)",
                    f.indicator,
                    keys.join(" "),
                    f.value.unwrap_or_default() * 100.0
                );
            }
            println!("every figure: impactmonitor --database {database} compute --organisation deschans --year 2022");
        }
    }
}
