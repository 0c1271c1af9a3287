//! `impactmonitor publish`: a publication (a factsheet, or the annual
//! monitor with its factsheets) written as a file for the municipality or
//! the public: suppressed, in HTML, PDF, CSV (a file per table) or XLSX. The
//! same publications the web pages show; a file is written whole or not
//! at all.

use crate::commands::{emit, fail, open, required_organisation, Outcome};
use crate::progress::TerminalProgress;
use crate::{Cli, Format};
use publish::export::{self, CsvStyle};
use publish::pdf::PdfOptions;
use publish::{Audience, Lang, Publication, Threshold};
use std::path::{Path, PathBuf};
use web::figures::FigureCache;
use web::publications::{self, Context, Missing};

/// The file formats of a publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PublicationFormat {
    /// A web page in one file (styles inlined).
    Html,
    /// One CSV file per table, in the folder `--out`.
    Csv,
    /// One Excel workbook: a sheet per table and one of definitions.
    Xlsx,
    /// A print-ready PDF (A4, with a title page; the monitor with a table
    /// of contents).
    Pdf,
}

/// What `publish` was asked.
#[derive(Debug, clap::Args)]
pub struct PublishArgs {
    /// The organisation (its code).
    #[arg(long)]
    pub organisation: String,
    /// The theme of the factsheet.
    #[arg(long, required_unless_present = "monitor", conflicts_with = "monitor")]
    pub theme: Option<String>,
    /// The annual monitor with every factsheet of the year, instead of one
    /// factsheet.
    #[arg(long)]
    pub monitor: bool,
    /// The year.
    #[arg(long)]
    pub year: i32,
    /// Where to write: a file, or for CSV a folder.
    #[arg(long)]
    pub out: PathBuf,
    /// CSV for Dutch Excel (`;`, decimal commas, byte order mark) or plain
    /// (`,`, decimal points).
    #[arg(long, value_enum, default_value_t = CsvArg::Dutch)]
    pub csv: CsvArg,
    /// The language of the words.
    #[arg(long, default_value = "nl")]
    pub lang: String,
    /// k of small-cell suppression: counts from 1 to k − 1 are not published (2 to 100).
    #[arg(long, default_value = "5", value_parser = crate::commands::threshold)]
    pub suppression_k: Threshold,
}

/// The CSV style as an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvArg {
    /// `;`, decimal commas and a byte order mark.
    Dutch,
    /// `,` and decimal points.
    Plain,
}

fn missing(cli: &Cli, e: Missing, what: &str) -> Outcome {
    match e {
        Missing::NotFound => fail(cli, Outcome::Refused, &format!("no {what}")),
        Missing::Store(e) => fail(cli, Outcome::Internal, &e.to_string()),
        Missing::Unreadable(e) => fail(cli, Outcome::Internal, &e),
    }
}

/// Runs `publish`.
pub async fn run(cli: &Cli, format: PublicationFormat, args: &PublishArgs) -> Outcome {
    let Some(lang) = Lang::parse(&args.lang) else {
        return fail(
            cli,
            Outcome::Usage,
            &format!("--lang {:?}: nl or en", args.lang),
        );
    };
    let organisation = match required_organisation(cli, &args.organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let store = match open(cli, true).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let cache = FigureCache::default();
    let audience = Audience::Public(args.suppression_k);
    let ctx = match Context::now(&store, &cache, &organisation, audience).await {
        Ok(c) => c,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    let year = args.year.to_string();
    let publication = match &args.theme {
        Some(theme) => match publications::factsheet(&ctx, theme.clone(), year).await {
            Ok(p) => p,
            Err(e) => {
                return missing(
                    cli,
                    e,
                    &format!("theme {theme} in {} of {organisation}", args.year),
                )
            }
        },
        None => match publications::monitor_with_factsheets(
            &ctx,
            args.year,
            publications::Parts::All,
            &TerminalProgress::default(),
        )
        .await
        {
            Ok(p) => p,
            Err(e) => return missing(cli, e, &format!("monitor {} of {organisation}", args.year)),
        },
    };
    let logo = match store.logo(&organisation).await {
        Ok(logo) => logo,
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    store.close().await;
    let m = lang.messages();
    let written = match format {
        PublicationFormat::Html => write_file(&args.out, html(&publication, lang).as_bytes())
            .map(|()| vec![args.out.clone()]),
        PublicationFormat::Xlsx => match export::xlsx(&publication, m) {
            Ok(bytes) => write_file(&args.out, &bytes).map(|()| vec![args.out.clone()]),
            Err(e) => return fail(cli, Outcome::Internal, &format!("the workbook: {e}")),
        },
        PublicationFormat::Csv => write_tables(&args.out, &publication, m, args.csv),
        PublicationFormat::Pdf => {
            let options = PdfOptions {
                organisation: &organisation_name(&publication, m),
                logo: logo.as_deref(),
                made_on: chrono::Local::now().date_naive(),
                contents: args.monitor,
            };
            match publish::pdf::pdf(&publication, m, &options) {
                Ok(bytes) => write_file(&args.out, &bytes).map(|()| vec![args.out.clone()]),
                Err(e) => {
                    let id = web::access::token(6);
                    return fail(cli, Outcome::Internal, &format!("{e} (error id {id})"));
                }
            }
        }
    };
    match written {
        Ok(files) => {
            let list: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            match cli.format {
                Format::Text => emit(format!("written: {}\n", list.join(", "))),
                Format::Json => emit(format!(
                    "{}\n",
                    serde_json::json!({"files": list, "data_version": ctx.data_version.to_string()})
                )),
            }
            Outcome::Done
        }
        Err(e) => fail(cli, Outcome::Internal, &e),
    }
}

/// The organisation's name as the publication's facts give it.
fn organisation_name(p: &Publication, m: &publish::Messages) -> String {
    p.facts
        .first()
        .map(|(_, name)| m.text(name))
        .unwrap_or_default()
}

/// A whole HTML document of the publication, its styles inlined.
fn html(p: &Publication, lang: Lang) -> String {
    let m = lang.messages();
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{}</style></head><body><main class=\"wrap\"><article class=\"publication\">{}</article></main></body></html>\n",
        lang.code(),
        publish::chart::escape(&m.text(&p.title)),
        web::pages::assets::STYLE,
        publish::html::publication(p, m)
    )
}

/// Writes a file whole: into a temporary file beside it, then renamed, so
/// that a failure never leaves half a file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(
        || "publication".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let temporary = folder.join(format!(".{name}.partial"));
    std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&temporary);
            format!("cannot write {}: {e}", path.display())
        })
}

/// Every table as a CSV file `<table>.csv` in the folder.
fn write_tables(
    folder: &Path,
    p: &Publication,
    m: &publish::Messages,
    style: CsvArg,
) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot make {}: {e}", folder.display()))?;
    let style = match style {
        CsvArg::Dutch => CsvStyle::Dutch,
        CsvArg::Plain => CsvStyle::Plain,
    };
    let mut written = Vec::new();
    for table in export::tables(p) {
        let bytes = export::csv(table, p, m, style).map_err(|e| e.to_string())?;
        let path = folder.join(format!("{}.csv", table.id));
        write_file(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}
