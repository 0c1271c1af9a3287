//! `impactmonitor template KIND`: an empty interchange file to fill in — a
//! CSV with the header, or (`--out FILE.xlsx`) a workbook whose second
//! sheet explains every column.

use crate::commands::{emit, fail, open, Outcome};
use crate::Cli;
use interchange::FileKind;
use std::path::PathBuf;

/// What `template` was asked.
#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// The kind of file, e.g. registrations.
    pub kind: String,
    /// Where to write it: a .csv or .xlsx file (default: the CSV on
    /// standard output).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The language of the column guide: nl or en.
    #[arg(long, default_value = "nl")]
    pub language: String,
}

/// Runs `template`.
pub async fn run(cli: &Cli, args: &TemplateArgs) -> Outcome {
    let Ok(kind) = <FileKind as domain::Coded>::parse(&args.kind) else {
        let kinds: Vec<&str> = <FileKind as domain::Coded>::ALL
            .iter()
            .map(|k| domain::Coded::code(*k))
            .collect();
        return fail(
            cli,
            Outcome::Usage,
            &format!("no file kind {:?}; one of {}", args.kind, kinds.join(", ")),
        );
    };
    let Some(lang) = publish::messages::Lang::parse(&args.language) else {
        return fail(cli, Outcome::Usage, "--language nl or en");
    };
    let Some(path) = &args.out else {
        emit(String::from_utf8_lossy(&web::template::csv(kind)).into_owned());
        return Outcome::Done;
    };
    let xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let bytes = match xlsx {
        true => {
            // The codes of ZRM domains and PG dimensions are the installation's.
            let store = match open(cli, false).await {
                Ok(s) => s,
                Err(o) => return o,
            };
            let vocabulary = store.vocabulary().await;
            store.close().await;
            let vocabulary = match vocabulary {
                Ok(v) => v,
                Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
            };
            match web::template::xlsx(kind, lang.messages(), &vocabulary, &Default::default()) {
                Ok(bytes) => bytes,
                Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
            }
        }
        false => web::template::csv(kind),
    };
    match std::fs::write(path, bytes) {
        Ok(()) => Outcome::Done,
        Err(e) => fail(
            cli,
            Outcome::Internal,
            &format!("cannot write {}: {e}", path.display()),
        ),
    }
}
