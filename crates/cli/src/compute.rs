//! `impactmonitor compute`: every figure of DOMAIN.md §4 for a selection,
//! as text or as the JSON of PRODUCT.md §4.

use crate::commands::{emit, fail, open, required_organisation, Outcome};
use crate::{Cli, Format};
use chrono::Datelike;
use domain::{AgeGroup, Coded, Date, MunicipalityCode};
use indicators::ThemeFilter;
use indicators::{columns, Extra, Figure, Options, Period, PeriodRule, Records, Selection};
use serde_json::json;
use std::time::Instant;
use store::{OrganisationRecords, Registrations};

/// What `compute` was asked, as typed.
#[derive(Debug, clap::Args)]
pub struct ComputeArgs {
    /// The organisation (its code, e.g. `deschans`).
    #[arg(long)]
    pub organisation: String,
    /// Only this municipality (CBS code, e.g. GM1969) of the organisation.
    #[arg(long)]
    pub municipality: Option<String>,
    /// The year (or give --from and --to).
    #[arg(long, required_unless_present = "from", conflicts_with_all = ["from", "to"])]
    pub year: Option<i32>,
    /// First day of a date range (with --to).
    #[arg(long, requires = "to")]
    pub from: Option<String>,
    /// Last day of a date range (with --from).
    #[arg(long, requires = "from")]
    pub to: Option<String>,
    /// How a registration belongs to the period: running in it (default),
    /// started in it, or closed in it.
    #[arg(long, value_enum, default_value_t = PeriodArg::Running)]
    pub period: PeriodArg,
    /// Only this area of the organisation.
    #[arg(long)]
    pub area: Option<String>,
    /// Only this theme (its ZRM domains and societal task in the year).
    #[arg(long)]
    pub theme: Option<String>,
    /// Only this age group: 0-17, 18-26, 27-55, 56-66 or 67+.
    #[arg(long)]
    pub age_group: Option<String>,
    /// Multi-problem situations: at least this many domains with a start
    /// score of 2 or less.
    #[arg(long, default_value_t = 3)]
    pub multi_problem_threshold: usize,
    /// A further day that is not a working day for the response time
    /// (besides weekends and the Dutch public holidays); may be repeated.
    #[arg(long)]
    pub holiday: Vec<String>,
    /// Also tell, on standard error, how long reading the records with
    /// the registrations laid out as columns and computing the figures
    /// took (the figures computed seven times over the same columns, the
    /// median told): what `bench/run.sh` measures.
    #[arg(long)]
    pub timings: bool,
}

/// The period rule as an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    /// Support running in the period.
    Running,
    /// Started in the period.
    Started,
    /// Closed in the period.
    Closed,
}

impl PeriodArg {
    fn rule(self) -> PeriodRule {
        match self {
            Self::Running => PeriodRule::Running,
            Self::Started => PeriodRule::Started,
            Self::Closed => PeriodRule::Closed,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Started => "started",
            Self::Closed => "closed",
        }
    }
}

/// Runs `compute`.
pub async fn compute(cli: &Cli, args: &ComputeArgs) -> Outcome {
    let period = match period_of(args) {
        Ok(p) => p,
        Err(message) => return fail(cli, Outcome::Usage, &message),
    };
    let organisation = match required_organisation(cli, &args.organisation) {
        Ok(o) => o,
        Err(o) => return o,
    };
    let store = match open(cli, true).await {
        Ok(s) => s,
        Err(o) => return o,
    };
    let started = Instant::now();
    // The registrations are laid out as columns as they are read, not
    // kept as records.
    let mut builder = columns::Builder::new(&organisation);
    let read = store.organisation_records_with(&organisation, Registrations::Stored(&mut builder));
    let records = match read.await {
        Ok(Some(r)) => r,
        Ok(None) => {
            let message = format!("unknown organisation {organisation}");
            return fail(cli, Outcome::Refused, &message);
        }
        Err(e) => return fail(cli, Outcome::Internal, &e.to_string()),
    };
    store.close().await;
    let (selection, options) = match selection_of(args, period, &records) {
        Ok(s) => s,
        Err((outcome, message)) => return fail(cli, outcome, &message),
    };
    let columns = builder.finish(&records.partners);
    let laid_out = started.elapsed();
    let inputs = Records {
        columns: Some(&columns),
        ..web::figures::records_of(&records)
    };
    let mut times = Vec::new();
    let mut figures = Vec::new();
    for _ in 0..if args.timings { 7 } else { 1 } {
        let started = Instant::now();
        figures = indicators::compute(&inputs, &selection, &options);
        times.push(started.elapsed());
    }
    times.sort();
    if args.timings {
        eprintln!(
            "timings: {} registrations, {} score rows; read as columns {:.3} s, figures {:.4} s (median of {})",
            columns.len(),
            columns.scores.len(),
            laid_out.as_secs_f64(),
            times[times.len() / 2].as_secs_f64(),
            times.len()
        );
    }
    print(cli, args, &selection, records.data_version, &figures);
    Outcome::Done
}

fn day(option: &str, raw: &str) -> Result<Date, String> {
    domain::parse_date(raw).map_err(|e| format!("--{option} {raw:?}: {e}"))
}

fn period_of(args: &ComputeArgs) -> Result<Period, String> {
    let rule = args.period.rule();
    match (args.year, &args.from, &args.to) {
        (Some(year), _, _) => {
            Period::year(year, rule).ok_or_else(|| format!("--year {year}: not a year"))
        }
        (None, Some(from), Some(to)) => {
            let (first, last) = (day("from", from)?, day("to", to)?);
            if last < first {
                return Err(format!("--to {to} is before --from {from}"));
            }
            Ok(Period { first, last, rule })
        }
        _ => Err("give --year, or --from and --to".into()),
    }
}

type Refusal = (Outcome, String);

fn refused(message: String) -> Refusal {
    (Outcome::Refused, message)
}

/// Turns the options into a selection, checking each against the
/// organisation's records: an unknown area, theme or municipality is
/// refused with its name, never ignored.
fn selection_of(
    args: &ComputeArgs,
    period: Period,
    records: &OrganisationRecords,
) -> Result<(Selection, Options), Refusal> {
    let organisation = &records.organisation;
    let area = args
        .area
        .as_deref()
        .map(|a| {
            organisation
                .area(a)
                .map_err(|_| refused(format!("{} has no area {a:?}", organisation.code)))
        })
        .transpose()?;
    let age_group = args
        .age_group
        .as_deref()
        .map(|g| {
            AgeGroup::parse(g).map_err(|e| (Outcome::Usage, format!("--age-group {g:?}: {e}")))
        })
        .transpose()?;
    let theme = args
        .theme
        .as_deref()
        .map(|code| theme_of(code, period.last.year(), records))
        .transpose()?;
    let selection = Selection {
        organisation: organisation.code.clone(),
        period,
        area,
        age_group,
        theme,
    };
    let mut options = Options::default();
    options.multi_problem_threshold = args.multi_problem_threshold;
    options.province =
        web::figures::province_of(records, options.municipality.as_ref(), period.last.year());
    for raw in &args.holiday {
        options
            .holidays
            .push(day("holiday", raw).map_err(|m| (Outcome::Usage, m))?);
    }
    if let Some(raw) = &args.municipality {
        let code = MunicipalityCode::parse(raw)
            .map_err(|e| (Outcome::Usage, format!("--municipality {raw:?}: {e}")))?;
        if !organisation.works_for(&code) {
            return Err(refused(format!(
                "{} does not work for municipality {}",
                organisation.code,
                code.as_str()
            )));
        }
        options.municipality = Some(code);
    }
    Ok((selection, options))
}

fn theme_of(code: &str, year: i32, records: &OrganisationRecords) -> Result<ThemeFilter, Refusal> {
    let theme = records
        .themes
        .iter()
        .find(|t| t.code.as_str() == code && t.year == year)
        .ok_or_else(|| {
            let years: Vec<String> = records
                .themes
                .iter()
                .filter(|t| t.code.as_str() == code)
                .map(|t| t.year.to_string())
                .collect();
            let known = if years.is_empty() {
                "it is not in the DIN".to_string()
            } else {
                format!("it has focus in {}", years.join(", "))
            };
            refused(format!("no theme {code:?} in {year}: {known}"))
        })?;
    Ok(ThemeFilter::of(theme, &records.reach_plans))
}

fn print(cli: &Cli, args: &ComputeArgs, selection: &Selection, version: i64, figures: &[Figure]) {
    let period = &selection.period;
    match cli.format {
        Format::Json => {
            let mut head = json!({"organisation": selection.organisation.as_str()});
            match args.year {
                Some(y) => head["year"] = json!(y),
                None => {
                    head["from"] = json!(period.first.to_string());
                    head["to"] = json!(period.last.to_string());
                }
            }
            head["period"] = json!(args.period.code());
            for (name, value) in [
                ("municipality", &args.municipality),
                ("area", &args.area),
                ("theme", &args.theme),
                ("age_group", &args.age_group),
            ] {
                if let Some(v) = value {
                    head[name] = json!(v);
                }
            }
            head["data_version"] = json!(version.to_string());
            head["figures"] = indicators::json::figures(figures);
            emit(format!("{head}\n"));
        }
        Format::Text => {
            let mut out = format!(
                "{} {} to {} ({}), data version {version}: {} figures\n",
                selection.organisation,
                period.first,
                period.last,
                args.period.code(),
                figures.len()
            );
            for f in figures {
                out.push_str(&text_line(f));
                out.push('\n');
            }
            emit(out);
        }
    }
}

fn rounded(v: f64) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// One figure on one line: indicator, keys, then its numbers.
fn text_line(f: &Figure) -> String {
    let keys: Vec<String> = f.keys.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let mut parts = vec![format!("{:<20}", f.indicator), keys.join(" ")];
    if let Some(state) = f.state {
        parts.push(format!("[{}]", state.code()));
    }
    if let Some(v) = f.value {
        parts.push(format!("value {}", rounded(v)));
    }
    if let (Some(a), Some(b)) = (f.numerator, f.denominator) {
        parts.push(format!("{a}/{b}"));
    }
    if let Some(i) = f.ci95 {
        parts.push(format!("95% [{}, {}]", rounded(i.low), rounded(i.high)));
    }
    if let (Some(s), Some(e)) = (f.mean_start, f.mean_end) {
        parts.push(format!("{} → {}", rounded(s), rounded(e)));
    }
    parts.push(format!("n {}", f.n));
    for (name, extra) in &f.extras {
        match extra {
            Extra::Number(v) => parts.push(format!("{name} {}", rounded(*v))),
            Extra::Text(t) => parts.push(format!("{name} {t}")),
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join("  ")
}
