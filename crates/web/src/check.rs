//! The data-quality check of an organisation's year ([`quality`]) with
//! what the store knows: its records, the figures of the pages the
//! municipality reads (each page's current published version, or the
//! page about to be published in its place), and the words, names and
//! links a researcher reads it in. Shown on the check page, beside the
//! publish preview, and by `impactmonitor check`.

use crate::access::Need;
use crate::page_names::{self, Page};
use crate::publications::{Context, Missing};
use domain::{Coded, Date, Vocabulary};
use publish::model::Text;
use publish::Messages;
use quality::{About, Finding, Kind, Severity, Thresholds};
use store::OrganisationRecords;

/// The check of one year.
#[derive(Debug, Clone)]
pub struct Report {
    /// The year checked.
    pub year: i32,
    /// The data version the records were read at.
    pub data_version: i64,
    /// What it found, blocking findings first.
    pub findings: Vec<Finding>,
    /// The records it read (for the names its findings are read in).
    pub records: std::sync::Arc<OrganisationRecords>,
}

impl Report {
    /// Whether a finding stops publishing.
    pub fn blocks(&self) -> bool {
        quality::blocks(&self.findings)
    }
}

/// Today, as the check reads dates against it.
pub fn today() -> Date {
    chrono::Utc::now().date_naive()
}

/// Checks the organisation's `year` at the context's data version. With
/// `candidate`, the page about to be published is compared, as it would
/// be published now, with the other pages of its year in place of its own
/// current version. The context's audience must be the municipality's
/// (it gives the figures a page publishes).
pub async fn run(
    ctx: &Context<'_>,
    year: i32,
    thresholds: &Thresholds,
    candidate: Option<&str>,
) -> Result<Report, Missing> {
    let records = ctx
        .cache
        .records(ctx.store, ctx.organisation, ctx.data_version)
        .await?
        .ok_or(Missing::NotFound)?;
    let input = quality::Input {
        organisation: &records.organisation,
        year,
        today: today(),
        registrations: &records.registrations,
        scores: &records.scores,
        themes: &records.themes,
        goals: &records.goals,
        efforts: &records.efforts,
        narratives: &records.narratives,
        surveys: &records.surveys,
        collective: &records.collective,
    };
    let mut findings = quality::check(&input, thresholds);
    findings.extend(contradictions(ctx, year, candidate).await?);
    quality::finding::sort(&mut findings);
    Ok(Report {
        year,
        data_version: records.data_version,
        findings,
        records,
    })
}

/// The contradictions between the pages of `year` the municipality reads,
/// with `candidate` as it would be published now.
async fn contradictions(
    ctx: &Context<'_>,
    year: i32,
    candidate: Option<&str>,
) -> Result<Vec<Finding>, Missing> {
    let of_year = |page: &str| page_names::year(page) == Some(year);
    let mut pages: Vec<(String, i64, serde_json::Value)> = Vec::new();
    for published in ctx.store.published_pages(ctx.organisation).await? {
        if !of_year(&published.page) || Some(published.page.as_str()) == candidate {
            continue;
        }
        let version = ctx
            .store
            .current_version(ctx.organisation, &published.page)
            .await?;
        if let Some((v, figures)) = version.and_then(|v| Some((v.data_version, v.figures?))) {
            pages.push((published.page, v, parse(&figures)));
        }
    }
    let mut revisions = Vec::new();
    if let Some(page) = candidate.filter(|p| of_year(p)) {
        if let Some(figures) = crate::publishing::figures_of(ctx, page).await? {
            let now = parse(&figures);
            let previous = ctx.store.current_version(ctx.organisation, page).await?;
            if let (Some(previous), publish::Audience::Public(k)) =
                (previous.and_then(|v| v.figures), ctx.audience)
            {
                let previous = parse(&previous);
                revisions = quality::contradictions::revisions(page, &previous, &now, k.get());
            }
            pages.push((page.to_string(), ctx.data_version, now));
        }
    }
    let pages: Vec<quality::contradictions::PageFigures> = pages
        .iter()
        .map(
            |(page, data_version, figures)| quality::contradictions::PageFigures {
                page,
                data_version: *data_version,
                figures,
            },
        )
        .collect();
    let mut found = quality::contradictions::check(&pages);
    found.extend(revisions);
    Ok(found)
}

fn parse(figures: &str) -> serde_json::Value {
    serde_json::from_str(figures).unwrap_or_default()
}

/// Whether a finding concerns a page, so that the publish preview shows
/// it first: a contradiction or revision of the page; on the monitor
/// everything; findings about the registrations or months of the year on
/// every page; a domain's, goal's, theme's, activity's or survey's on the
/// factsheet of its theme; an area's on its area page; a survey's on the
/// survey page.
pub fn concerns(finding: &Finding, page: &str, records: &OrganisationRecords) -> bool {
    let Some(parsed) = page_names::parse(page) else {
        return true;
    };
    let serves = |activity: &str, theme: &str| {
        records
            .efforts
            .iter()
            .any(|e| e.id.as_str() == activity && e.themes.iter().any(|t| t.as_str() == theme))
    };
    match (&finding.about, parsed) {
        (
            About::Figure {
                page: p,
                other_page,
                ..
            },
            _,
        ) => p == page || other_page == page,
        (_, Page::Monitor(_)) | (About::Registrations | About::Month { .. }, _) => true,
        (About::Domain { domain }, Page::Factsheet(theme, year)) => {
            records.themes.iter().any(|t| {
                t.code.as_str() == theme
                    && t.year.to_string() == year
                    && t.zrm_domains.iter().any(|d| d.as_str() == domain)
            })
        }
        (
            About::Goal { theme: t, .. } | About::Theme { theme: t, .. },
            Page::Factsheet(theme, _),
        ) => t == theme,
        (About::Activity { activity, .. }, Page::Factsheet(theme, _)) => serves(activity, theme),
        (About::Survey { survey }, Page::Factsheet(theme, _)) => records
            .surveys
            .iter()
            .filter(|s| s.id.as_str() == survey)
            .filter_map(|s| s.activity.as_ref())
            .any(|a| serves(a.as_str(), theme)),
        (About::Survey { .. }, Page::Surveys(_)) => true,
        (About::Area { area }, Page::Area(a, _)) => area == a || area.replace(' ', "-") == a,
        _ => false,
    }
}

/// The names a finding is read in: themes, domains, pages.
pub struct Names<'a> {
    /// The organisation's records.
    pub records: &'a OrganisationRecords,
    /// The ZRM domains' names.
    pub vocabulary: &'a Vocabulary,
    /// The year checked.
    pub year: i32,
}

impl Names<'_> {
    fn domain(&self, code: &str) -> String {
        self.vocabulary
            .zrm_domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    }

    fn survey(&self, id: &str, m: &Messages) -> String {
        let survey = self.records.surveys.iter().find(|s| s.id.as_str() == id);
        match survey {
            Some(s) => format!("{} {}", m.label("survey", s.kind.code()), s.year),
            None => id.to_string(),
        }
    }

    /// A figure named as in the API (`reach/domains=financien:n`) in
    /// words: "registraties (Financiën), aantal". An indicator without a
    /// name in the messages keeps its code.
    pub fn figure(&self, figure: &str, m: &Messages) -> String {
        let (name, field) = figure.rsplit_once(':').unwrap_or((figure, "n"));
        let mut parts = name.split('/');
        let indicator = parts.next().unwrap_or_default();
        let key = format!("check.figure.{indicator}");
        let mut words = match m.has(&key) {
            true => m.get(&key).to_string(),
            false => indicator.to_string(),
        };
        let keys: Vec<String> = parts
            .filter_map(|part| part.split_once('='))
            .map(|(k, v)| match k {
                "domain" | "domains" => v
                    .split('+')
                    .map(|d| self.domain(d))
                    .collect::<Vec<_>>()
                    .join(", "),
                "month" => m.month(v),
                // A code with a label in the messages (`form.traject`,
                // `age.0-17`) by its label.
                _ if m.has(&format!("{k}.{v}")) => m.label(k, v),
                _ => v.replace('_', " "),
            })
            .collect();
        if !keys.is_empty() {
            words.push_str(&format!(" ({})", keys.join("; ")));
        }
        let field_key = format!("check.field.{field}");
        if m.has(&field_key) {
            words.push_str(&format!(", {}", m.get(&field_key)));
        }
        words
    }

    /// A page's name as a reader says it ("factsheet Kwetsbare inwoners
    /// 2022").
    pub fn page(&self, page: &str, m: &Messages) -> String {
        let Some(parsed) = page_names::parse(page) else {
            return page.to_string();
        };
        match parsed {
            Page::Factsheet(theme, year) => {
                let name = self
                    .records
                    .themes
                    .iter()
                    .find(|t| t.code.as_str() == theme && t.year.to_string() == year)
                    .map_or(theme, |t| t.name.as_str());
                m.fill(
                    "check.page.factsheet",
                    &[("name", name.into()), ("year", year.into())],
                )
            }
            Page::Monitor(year) => m.fill("check.page.monitor", &[("year", year.into())]),
            Page::Area(area, year) => m.fill(
                "check.page.area",
                &[("name", area.into()), ("year", year.into())],
            ),
            Page::Surveys(year) => m.fill("check.page.surveys", &[("year", year.into())]),
            Page::Dashboard => m.get("check.page.dashboard").to_string(),
        }
    }

    /// What a finding is about, by name: a domain's, area's, theme's,
    /// activity's or survey's name, a month, a goal's wording.
    fn subject(&self, about: &About, m: &Messages) -> String {
        match about {
            About::Registrations | About::Figure { .. } => String::new(),
            About::Domain { domain } => self.domain(domain),
            About::Area { area } => area.clone(),
            About::Month { month } => m.month(&format!("{}-{month:02}", self.year)),
            About::Goal { text, .. } => text.clone(),
            About::Theme { name, .. } => name.clone(),
            About::Survey { survey } => self.survey(survey, m),
            About::Activity { name, group, .. } => match group {
                Some(g) => format!("{name} ({g})"),
                None => name.clone(),
            },
        }
    }
}

/// The message key of a finding (`check.missing_scores.area`).
fn key(finding: &Finding) -> String {
    let code = finding.kind.code();
    match &finding.about {
        About::Domain { .. } => format!("check.{code}.domain"),
        About::Area { .. } if finding.kind == Kind::MissingScores => format!("check.{code}.area"),
        _ => format!("check.{code}"),
    }
}

/// A finding in words.
pub fn describe(finding: &Finding, names: &Names, m: &Messages, thresholds: &Thresholds) -> String {
    let percent = finding
        .total
        .filter(|t| *t > 0)
        .map(|t| m.percent(finding.count as f64 / t as f64))
        .unwrap_or_default();
    let mut values = vec![
        ("count", m.whole(finding.count)),
        (
            "total",
            finding.total.map(|t| m.whole(t)).unwrap_or_default(),
        ),
        ("percent", percent),
        ("name", names.subject(&finding.about, m)),
        ("years", thresholds.open_years.to_string()),
        ("days", thresholds.first_contact_days.to_string()),
    ];
    if let About::Figure {
        figure,
        page,
        value,
        other_page,
        other_value,
    } = &finding.about
    {
        values.extend([
            ("figure", names.figure(figure, m)),
            ("page", names.page(page, m)),
            ("value", value.clone()),
            ("other_page", names.page(other_page, m)),
            ("other_value", other_value.clone()),
        ]);
    }
    m.fill(&key(finding), &values)
}

/// Where a finding is mended: an address, what to do there, and what a
/// user needs to go there (the import, the DIN and the collective
/// activities are the coordinator's; texts the researchers' too).
pub fn fix(
    finding: &Finding,
    organisation: &str,
    year: i32,
    m: &Messages,
) -> (String, String, Need) {
    let base = format!("/organisations/{organisation}");
    let (href, key, need) = match (&finding.kind, &finding.about) {
        (Kind::SmallRevision, _) => (
            format!("{base}/import"),
            "check.fix.revision",
            Need::Coordinate,
        ),
        (Kind::Contradiction, About::Figure { other_page, .. }) => (
            format!("{base}/{}?voorbeeld", crate::pages::address(other_page)),
            "check.fix.republish",
            Need::Interpret,
        ),
        (Kind::GoalWithoutInterpretation, About::Goal { theme, goal, .. }) => (
            format!("{base}/texts/narrative?theme={theme}&year={year}&section=duiding&goal={goal}"),
            "check.fix.interpretation",
            Need::Interpret,
        ),
        (Kind::ThemeWithoutContext, _) => {
            (format!("{base}/din"), "check.fix.din", Need::Coordinate)
        }
        (Kind::SmallSurvey, _) => (
            format!("{base}/surveys/{year}"),
            "check.fix.survey",
            Need::Read,
        ),
        (Kind::CollectiveWithoutStrength, _) => (
            format!("{base}/collective"),
            "check.fix.collective",
            Need::Coordinate,
        ),
        _ => (
            format!("{base}/import"),
            "check.fix.import",
            Need::Coordinate,
        ),
    };
    (href, m.get(key).to_string(), need)
}

/// The severity in words.
pub fn severity(finding: &Finding, m: &Messages) -> String {
    match finding.severity {
        Severity::Blocks => m.get("check.blocks"),
        Severity::Warns => m.get("check.warns"),
    }
    .to_string()
}

/// A finding as a caveat the researcher may publish in the page's "over
/// deze cijfers" box: its id (stable between the preview and the
/// confirmation) and its text in words without counts (a count here
/// would escape the page's suppression). `None` for findings that are no
/// caveat of the figures (a missing text, a contradiction to mend).
pub fn caveat(finding: &Finding, names: &Names, m: &Messages) -> Option<(String, Text)> {
    let key: &'static str = match (&finding.kind, &finding.about) {
        (Kind::MissingScores, About::Domain { .. }) => "caveat.missing_scores.domain",
        (Kind::MissingScores, About::Area { .. }) => "caveat.missing_scores.area",
        (Kind::ClosedWithoutEndScore, _) => "caveat.closed_without_end_score",
        (Kind::AreaWithoutRegistrations, _) => "caveat.area_without_registrations",
        (Kind::QuietMonth, _) => "caveat.quiet_month",
        (Kind::LongOpen, _) => "caveat.long_open",
        (Kind::LateFirstContact, _) => "caveat.late_first_contact",
        (Kind::DuplicateClient, _) => "caveat.duplicate_client",
        (Kind::SmallSurvey, _) => "caveat.small_survey",
        (Kind::CollectiveWithoutStrength, _) => "caveat.collective_without_strength",
        _ => return None,
    };
    let subject = names.subject(&finding.about, m);
    let id = format!("{}:{subject}", key.trim_start_matches("caveat."));
    Some((id, Text::Filled(key, vec![("name", subject)])))
}
