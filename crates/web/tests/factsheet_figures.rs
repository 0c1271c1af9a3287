//! Every figure `compute` gives for a theme's selection is on its
//! factsheet (issue 15): the demo imported, stored, computed by the
//! `indicators` crate for the theme of the DIN, and read back from the
//! page, the workbook and the PDF's text. The expected values come from
//! `indicators::compute` over the stored records, not from the page's own
//! code: the publication must show what the computation gives.

mod support;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use domain::Role;
use indicators::{Figure, Options, Period, PeriodRule, Selection, ThemeFilter};
use support::{row_cells, unescaped, user, Client, TestApp};

const FACTSHEET: &str = "/organisations/deschans/factsheets/kwetsbare_inwoners/2022";

/// The figures `compute` gives for a theme of an organisation in a year.
async fn computed(app: &TestApp, organisation: &str, theme: &str, year: i32) -> Vec<Figure> {
    let records = app.records(organisation).await;
    let code = records.organisation.code.clone();
    let theme = records
        .themes
        .iter()
        .find(|t| t.code.as_str() == theme && t.year == year)
        .expect("the theme");
    let selection = Selection {
        organisation: code,
        period: Period::year(year, PeriodRule::Running).unwrap(),
        area: None,
        age_group: None,
        theme: Some(ThemeFilter::of(theme, &records.reach_plans)),
    };
    indicators::compute(
        &web::figures::records_of(&records),
        &selection,
        &Options::default(),
    )
}

/// The figures `compute` gives for every registration of an organisation
/// in a year, or for those in one area.
fn year_figures(
    records: &store::OrganisationRecords,
    year: i32,
    area: Option<&str>,
) -> Vec<Figure> {
    let selection = Selection {
        organisation: records.organisation.code.clone(),
        period: Period::year(year, PeriodRule::Running).unwrap(),
        area: area.map(|a| records.organisation.area(a).expect("an area")),
        age_group: None,
        theme: None,
    };
    indicators::compute(
        &web::figures::records_of(records),
        &selection,
        &Options::default(),
    )
}

fn find<'a>(figures: &'a [Figure], indicator: &str, keys: &[(&str, &str)]) -> &'a Figure {
    figures
        .iter()
        .find(|f| {
            f.indicator == indicator
                && f.keys.len() == keys.len()
                && keys.iter().all(|(k, v)| f.key(k) == Some(v))
        })
        .unwrap_or_else(|| panic!("compute gives {indicator} {keys:?}"))
}

/// A share as the Dutch page writes it: `64%`.
fn percent(v: f64) -> String {
    format!("{}%", (v * 100.0).round())
}

/// A number with two decimals as the Dutch page writes it: `2,75`.
fn decimal(v: f64) -> String {
    format!("{v:.2}").replace('.', ",")
}

/// What the page must show, table by table: (table id, row label, cells).
fn expected(figures: &[Figure]) -> Vec<(&'static str, String, Vec<String>)> {
    let mut rows = Vec::new();
    let domains = [
        ("geestelijke_gezondheid", "Geestelijke gezondheid"),
        ("sociaal_netwerk", "Sociaal netwerk"),
        ("tijdsbesteding", "Tijdsbesteding"),
    ];
    for (code, name) in domains {
        let goal = find(figures, "goal_realisation", &[("domain", code)]);
        let ci = goal.ci95.expect("an interval");
        rows.push((
            "goal-realisation",
            name.to_string(),
            vec![
                goal.denominator.unwrap().to_string(),
                goal.numerator.unwrap().to_string(),
                percent(goal.value.unwrap()),
                format!("{} – {}", percent(ci.low), percent(ci.high)),
            ],
        ));
        let coverage = find(figures, "goal_coverage", &[("domain", code)]);
        rows.push((
            "goal-coverage",
            name.to_string(),
            vec![
                coverage.denominator.unwrap().to_string(),
                coverage.numerator.unwrap().to_string(),
                percent(coverage.value.unwrap()),
            ],
        ));
        let change = find(figures, "zrm_change", &[("domain", code)]);
        if change.n > 1 {
            let ci = change.ci95.expect("a t-interval");
            let [up, same, down] = change.shares.unwrap();
            rows.push((
                "zrm-change",
                name.to_string(),
                vec![
                    change.n.to_string(),
                    decimal(change.mean_start.unwrap()),
                    decimal(change.mean_end.unwrap()),
                    decimal(change.mean_change.unwrap()),
                    format!("{} – {}", decimal(ci.low), decimal(ci.high)),
                ],
            ));
            rows.push((
                "zrm-direction",
                name.to_string(),
                vec![
                    change.n.to_string(),
                    percent(up),
                    percent(same),
                    percent(down),
                ],
            ));
        }
    }
    let registrations = find(figures, "reach", &[]).n.to_string();
    for (indicator, label) in [
        ("referred_on", "Doorverwezen (van alle registraties)"),
        (
            "escalation_rate",
            "Doorverwezen naar de tweede lijn: geïndiceerde of specialistische zorg (van alle registraties)",
        ),
    ] {
        let f = find(figures, indicator, &[]);
        rows.push((
            "referred-on",
            label.to_string(),
            vec![
                f.numerator.unwrap().to_string(),
                registrations.clone(),
                percent(f.value.unwrap()),
            ],
        ));
    }
    let registrations_n = find(figures, "reach", &[]).n as f64;
    for (dimension, label) in [
        ("mentaal_welbevinden", "Mentaal welbevinden"),
        ("meedoen", "Meedoen"),
        ("meerdere", "Meer dan één dimensie"),
        ("geen", "Geen dimensie vastgelegd"),
    ] {
        let n = find(figures, "pg_choice", &[("dimension", dimension)]).n;
        rows.push((
            "pg-choice",
            label.to_string(),
            vec![n.to_string(), percent(n as f64 / registrations_n)],
        ));
    }
    rows.push((
        "pg-choice",
        "Totaal".to_string(),
        vec![registrations.clone(), "100%".to_string()],
    ));
    let statistic = |s: &str| find(figures, "response_time", &[("statistic", s)]);
    let n = statistic("median").n.to_string();
    let days = |v: f64| match v.fract() == 0.0 {
        true => format!("{v:.0}"),
        false => format!("{v:.1}").replace('.', ","),
    };
    rows.push((
        "response-time",
        "Mediaan (dagen)".into(),
        vec![days(statistic("median").value.unwrap()), n.clone()],
    ));
    rows.push((
        "response-time",
        "90% binnen (dagen)".into(),
        vec![days(statistic("p90").value.unwrap()), n.clone()],
    ));
    rows.push((
        "response-time",
        "Eerste contact binnen 2 werkdagen".into(),
        vec![
            percent(statistic("within_2_working_days").value.unwrap()),
            n,
        ],
    ));
    rows
}

#[test]
fn the_kwetsbare_inwoners_factsheet_shows_every_computed_figure() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let figures = computed(&app, "deschans", "kwetsbare_inwoners", 2022).await;
            let coverage = find(
                &figures,
                "goal_coverage",
                &[("domain", "geestelijke_gezondheid")],
            );
            assert_eq!(
                (coverage.numerator, coverage.denominator),
                (Some(274), Some(304)),
                "the seed's 274 of the adults' trajectories (90%)"
            );
            let rows = expected(&figures);
            for role in [Role::Researcher, Role::MunicipalityViewer] {
                let mut client = app.signed_in(&user(role, "deschans")).await;
                let page = client.get(FACTSHEET).await;
                assert_eq!(page.status, StatusCode::OK);
                for (table, label, cells) in &rows {
                    assert_eq!(
                        &row_cells(&page.body, table, label),
                        cells,
                        "{table} / {label} for {role:?} on {}",
                        db.label
                    );
                }
                let goal = find(
                    &figures,
                    "goal_realisation",
                    &[("domain", "geestelijke_gezondheid")],
                );
                let ci = goal.ci95.unwrap();
                let sentence = format!("tussen {} en {}", percent(ci.low), percent(ci.high));
                assert!(
                    page.body.contains(&sentence),
                    "the interval in words: {sentence}"
                );
                workbook_holds(&mut client, &rows).await;
            }
        });
    }
}

/// The workbook has a sheet per table whose rows hold the page's figures.
async fn workbook_holds(client: &mut Client, rows: &[(&'static str, String, Vec<String>)]) {
    let bytes = client
        .get_bytes(&format!("{FACTSHEET}?download=xlsx"))
        .await;
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX workbook");
    let sheets: Vec<Vec<Vec<String>>> = book
        .worksheets()
        .into_iter()
        .map(|(_, range)| {
            range
                .rows()
                .map(|r| r.iter().map(cell_text).collect())
                .collect()
        })
        .collect();
    for (table, label, cells) in rows {
        let found = sheets.iter().flatten().any(|row| {
            row.first() == Some(label)
                && row.len() > cells.len()
                && row[1..=cells.len()]
                    .iter()
                    .zip(cells)
                    .all(|(a, b)| same(a, b))
        });
        assert!(found, "{table} / {label} {cells:?} in the workbook");
    }
}

/// A workbook cell as text: numbers with up to four decimals.
fn cell_text(d: &Data) -> String {
    match d {
        Data::Float(v) => format!("{v}"),
        Data::Int(v) => v.to_string(),
        Data::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a workbook cell holds what the page writes: the same text, or
/// the number the page rounds (a share as a fraction, a decimal comma).
fn same(cell: &str, page: &str) -> bool {
    if cell == page {
        return true;
    }
    let Ok(v) = cell.parse::<f64>() else {
        return false;
    };
    if let Some(p) = page.strip_suffix('%') {
        return p.parse::<f64>().is_ok_and(|p| (v * 100.0).round() == p);
    }
    let decimals = page.split_once(',').map_or(0, |(_, d)| d.len());
    format!("{v:.decimals$}").replace('.', ",") == page
}

#[test]
#[ignore = "needs pdftotext from poppler-utils (.ci/run installs it)"]
fn the_kwetsbare_inwoners_pdf_shows_every_computed_figure() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let figures = computed(&app, "deschans", "kwetsbare_inwoners", 2022).await;
            let mut client = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let pdf = client.get_bytes(&format!("{FACTSHEET}?download=pdf")).await;
            let text = support::pdf_text(&pdf);
            let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for (table, label, cells) in expected(&figures) {
                let short: String = label
                    .split_whitespace()
                    .take(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                let row = cells.join(" ");
                assert!(
                    flat.contains(&row),
                    "{table} / {short}: {row} in the PDF's text"
                );
            }
        });
    }
}

/// Sedna works with societal tasks: a theme's registrations are those of
/// its task's services. Each of its 2021 factsheets shows the
/// registrations and the paired ZRM change `compute` gives for the task.
#[test]
fn sedna_s_task_factsheets_show_the_task_s_figures() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let records = app.records("sedna").await;
            let vocabulary = app.store.vocabulary().await.unwrap();
            let themes: Vec<_> = records.themes.iter().filter(|t| t.year == 2021).collect();
            assert_eq!(themes.len(), 6, "six societal tasks");
            let mut client = app.signed_in(&user(Role::Researcher, "sedna")).await;
            let mut with_registrations = 0;
            for theme in themes {
                let figures = computed(&app, "sedna", theme.code.as_str(), 2021).await;
                let page = client
                    .get(&format!(
                        "/organisations/sedna/factsheets/{}/2021",
                        theme.code.as_str()
                    ))
                    .await;
                assert_eq!(page.status, StatusCode::OK);
                let total = find(&figures, "reach", &[]).n;
                if total == 0 {
                    assert!(page.body.contains("geen registraties"), "{}", theme.name);
                    continue;
                }
                with_registrations += 1;
                let cells = row_cells(&page.body, "clients", "Registraties");
                assert_eq!(cells, [total.to_string()], "{}", theme.name);
                for f in figures
                    .iter()
                    .filter(|f| f.indicator == "zrm_change" && f.n > 1)
                {
                    let name = vocabulary
                        .zrm_domains
                        .iter()
                        .find(|d| Some(d.code.as_str()) == f.key("domain"))
                        .map(|d| d.name.clone())
                        .unwrap();
                    let row = row_cells(&page.body, "zrm-change", &name);
                    assert_eq!(
                        row[..4],
                        [
                            f.n.to_string(),
                            decimal(f.mean_start.unwrap()),
                            decimal(f.mean_end.unwrap()),
                            decimal(f.mean_change.unwrap()),
                        ],
                        "{} / {name}",
                        theme.name
                    );
                }
            }
            assert_eq!(with_registrations, 3, "armoede, zelfredzaamheid and jeugd");
            let armoede = client
                .get("/organisations/sedna/factsheets/doorbreken_armoede/2021")
                .await;
            assert_eq!(
                row_cells(&armoede.body, "zrm-change", "Financiën")[..3],
                ["64", "2,75", "3,45"],
                "as in the seed"
            );
        });
    }
}

/// Per goal, under "Doelen": the municipality's wording, the target with
/// where it stands; the impact under its own heading in the summary; a
/// goal without an interpretation says so only to staff, with a link to a
/// form begun for it.
#[test]
fn the_goals_hold_targets_and_tell_only_staff_what_is_missing() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let figures = computed(app, "deschans", "kwetsbare_inwoners", 2022).await;
            let escalation = find(&figures, "escalation_rate", &[]).value.unwrap();
            let now = format!("{:.1}%", escalation * 100.0).replace('.', ",");
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff.get(FACTSHEET).await.body;
            let section = |id: &str| section_of(&page, id);
            let goals = section("goals");
            assert!(
                goals.contains("Voorkomen van escalatie"),
                "the municipality's wording"
            );
            assert!(
                goals.contains(&format!("{now} in 2022")),
                "where the target stands: {now}"
            );
            assert!(
                section("summary").contains("<h3>Impact</h3>"),
                "the impact under its heading"
            );
            const ARMOEDE_2020: &str = "/organisations/deschans/factsheets/armoede/2020";
            let waiting = staff.get(ARMOEDE_2020).await.body;
            assert!(waiting.contains("nog geen duiding"));
            let link = "/organisations/deschans/texts/narrative?theme=armoede&amp;year=2020&amp;section=duiding&amp;goal=ar1";
            assert!(waiting.contains(link), "a link to write it");
            let form = staff.get(&link.replace("&amp;", "&")).await;
            assert_eq!(form.status, StatusCode::OK);
            assert!(
                form.body.contains("value=\"ar1\"") || form.body.contains(">ar1<"),
                "the form begun for the goal"
            );
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let public = viewer.get(ARMOEDE_2020).await.body;
            assert!(
                !public.contains("nog geen duiding"),
                "only staff read what is missing"
            );
            let public = viewer.get(FACTSHEET).await.body;
            assert!(public.contains(&format!("{now} in 2022")));
        })
    });
}

/// Collective activity cards say what the seed's cards say: Positive
/// Health dimensions, group strength in words with the groups scored, and
/// a planned activity listed as planned (ScheidingsATLAS starts in 2023);
/// the collective figures are a table that downloads.
#[test]
fn activity_cards_are_complete_and_planned_activities_stay() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let path = "/organisations/deschans/factsheets/echtscheiding_huiselijk_geweld/2022";
            let page = staff.get(path).await.body;
            let cards = page.split("id=\"collective\"").nth(1).expect("the section");
            assert!(cards.contains("ScheidingsATLAS") && cards.contains("gepland: start in 2023"));
            assert!(
                cards.contains("Mentaal welbevinden"),
                "the PG dimensions by name"
            );
            assert!(
                cards.contains("(groep kan veel zelf)"),
                "group strength in words"
            );
            assert!(
                cards.contains("met een begin- en eindscore"),
                "groups scored"
            );
            let row = row_cells(&page, "collective", "Weerbaarheids- en faalangsttraining");
            assert_eq!(row[0], "128", "meetings in the table");
            let csv = staff
                .get(&format!("{path}?download=csv&table=collective"))
                .await;
            assert!(
                csv.body
                    .contains("Weerbaarheids- en faalangsttraining;128;"),
                "{}",
                csv.body
            );
        })
    });
}

/// Which context indicators a theme shows is data: "Kwetsbare inwoners"
/// shows the eight the demo chose, in its order (not the income figures of "Armoede &
/// arbeidsparticipatie"), each chart numbered, over its years, with its
/// source and the comparison in words; the DIN's theme form offers the
/// indicators by name.
#[test]
fn a_theme_shows_the_context_indicators_it_chose() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff.get(FACTSHEET).await.body;
            let situation = page
                .split("id=\"situation\"")
                .nth(1)
                .and_then(|s| s.split("id=\"method\"").next())
                .expect("the situation");
            assert!(situation.contains("Hoog risico op angststoornis of depressie"));
            assert!(situation.contains("Voldoende regie over het eigen leven"));
            assert!(
                !situation.contains("laag inkomen"),
                "not the income figures"
            );
            assert!(
                situation.contains("Figuur 1. Jongeren die de afgelopen 4 weken alcohol"),
                "numbered in the chosen order"
            );
            assert!(situation.contains("Bron: GGD Gezondheidsmonitor."));
            assert!(situation.contains("iets lager dan landelijk en provinciaal"));
            let armoede = staff
                .get("/organisations/deschans/factsheets/armoede_arbeidsparticipatie/2022")
                .await
                .body;
            assert!(
                armoede.contains("Huishoudens met een laag inkomen, 2016–2021"),
                "over the years"
            );
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let form = coordinator
                .get("/organisations/deschans/din/themes?theme=kwetsbare_inwoners&year=2022")
                .await
                .body;
            assert!(
                form.contains("Voldoende regie over het eigen leven (18+)"),
                "by name"
            );
            assert!(
                form.contains("value=\"regie_over_eigen_leven\" checked"),
                "chosen"
            );
        })
    });
}

/// The dashboard: a chart per year with data and no year column without a
/// figure; reach against plan per societal task as `compute` gives it,
/// with the plan marked and each task's services in a table.
#[test]
fn the_dashboard_shows_every_year_with_data_and_reach_against_plan() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut deschans = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let years = deschans.get("/organisations/deschans/dashboard").await.body;
            let table = years
                .split("<table id=\"themes-years\"")
                .nth(1)
                .and_then(|t| t.split("</table>").next())
                .expect("the themes by year");
            let columns = table.split("<th scope=\"col\">").count() - 2;
            for column in 0..columns {
                let filled = table
                    .split("<tr")
                    .skip(2)
                    .filter(|row| {
                        row.split("<td")
                            .nth(column + 1)
                            .is_some_and(|cell| !cell.contains(">–<"))
                    })
                    .count();
                assert!(filled > 0, "year column {column} has a figure");
            }
            let mut staff = app.signed_in(&user(Role::Researcher, "sedna")).await;
            let page = staff.get("/organisations/sedna/dashboard").await.body;
            let records = app.records("sedna").await;
            let figures = year_figures(&records, 2021, None);
            let armoede = find(
                &figures,
                "reach_vs_plan",
                &[("societal_task", "Doorbreken van armoede")],
            );
            let row = row_cells(&page, "plan-2021", "Doorbreken van armoede");
            assert_eq!(
                row[..2],
                [
                    format!("{}", armoede.number("planned").unwrap()),
                    format!("{}", armoede.number("achieved").unwrap()),
                ]
            );
            assert!(page.contains("<line"), "the plan marked on the bars");
            let service = find(
                &figures,
                "reach_vs_plan",
                &[
                    ("societal_task", "Doorbreken van armoede"),
                    ("service", "Groepswerk BMW"),
                ],
            );
            let id = "plan-2021-doorbreken-van-armoede";
            assert_eq!(
                row_cells(&page, id, "Groepswerk BMW")[1],
                format!("{}", service.number("achieved").unwrap())
            );
            // The total over the tasks, with the absolute and relative
            // difference, on the dashboard, in the monitor, and the task's
            // own row in its factsheet.
            let total = find(&figures, "reach_vs_plan", &[]);
            let signed = |v: f64, unit: &str| match v < 0.0 {
                true => format!("−{}{unit}", v.abs()),
                false => format!("+{v}{unit}"),
            };
            let expected = |f: &Figure| {
                vec![
                    format!("{}", f.number("planned").unwrap()),
                    format!("{}", f.number("achieved").unwrap()),
                    signed(f.number("difference").unwrap(), ""),
                    signed(
                        (f.number("relative_difference").unwrap() * 100.0).round(),
                        "%",
                    ),
                ]
            };
            assert_eq!(row_cells(&page, "plan-2021", "Totaal"), expected(total));
            let monitor = staff.get("/organisations/sedna/monitor/2021").await.body;
            assert_eq!(row_cells(&monitor, "plan-2021", "Totaal"), expected(total));
            let headline = format!(
                "In 2021 zijn {} inwoners bereikt: {} meer dan de {} van het plan",
                total.number("achieved").unwrap(),
                total.number("difference").unwrap(),
                total.number("planned").unwrap()
            );
            assert!(monitor.contains(&headline), "{headline}");
            let factsheet = staff
                .get("/organisations/sedna/factsheets/doorbreken_armoede/2021")
                .await
                .body;
            assert_eq!(
                row_cells(&factsheet, "plan", "Doorbreken van armoede"),
                expected(armoede)
            );
            assert_eq!(
                row_cells(&factsheet, id, "Totaal"),
                expected(armoede),
                "the services add up to the task"
            );
        })
    });
}

/// The sentence of the dashboard a reader reads for escalation, as the
/// figures `compute` gives for the first and the last year make it: the
/// direction, both shares, whether their Wilson intervals overlap, and
/// the norm.
fn escalation_reading(first: &Figure, last: &Figure, years: (i32, i32)) -> (String, String) {
    let percent = |f: &Figure| format!("{:.1}%", f.value.unwrap() * 100.0).replace('.', ",");
    let interval = |f: &Figure| {
        indicators::stats::wilson(
            f.numerator.unwrap(),
            f.denominator.unwrap(),
            indicators::stats::Z95,
        )
        .unwrap()
    };
    let (a, b) = (interval(first), interval(last));
    let direction = match last.value > first.value {
        true => "steeg",
        false => "daalde",
    };
    let overlap = match a.low <= b.high && b.low <= a.high {
        true => "Het verschil valt binnen de 95%-intervallen",
        false => "De 95%-intervallen overlappen niet",
    };
    let norm = match last.value.unwrap() <= 0.05 {
        true => "die wordt gehaald",
        false => "die wordt niet gehaald",
    };
    let sentence = format!(
        "Escalatie naar de tweede lijn {direction} van {} in {} naar {} in {}. {overlap}",
        percent(first),
        years.0,
        percent(last),
        years.1
    );
    (sentence, format!("De norm is ten hoogste 5%; {norm}."))
}

/// The dashboard of what changed: at least six indicators over the
/// demo's years, each with its sentence and its table; the escalation's
/// sentence read from the figures, the same on the page, in the API and
/// in the printed dashboard.
#[test]
#[ignore = "needs pdftotext from poppler-utils (.ci/run installs it)"]
fn the_dashboard_says_what_changed_from_the_figures() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff.get("/organisations/deschans/dashboard").await.body;
            let trends = page
                .split("<div class=\"trend\">")
                .skip(1)
                .collect::<Vec<_>>();
            assert!(trends.len() >= 6, "{} indicators", trends.len());
            for trend in &trends {
                assert!(trend.contains("<p class=\"reading\">"), "{trend}");
                assert!(trend.contains("<table id=\"trend-"), "{trend}");
            }
            let records = app.records("deschans").await;
            let years: Vec<i32> = {
                let mut y: Vec<i32> = records.themes.iter().map(|t| t.year).collect();
                y.sort_unstable();
                y.dedup();
                y
            };
            let (first, last) = (years[0], *years.last().unwrap());
            let of = |year| {
                let figures = year_figures(&records, year, None);
                find(&figures, "escalation_rate", &[]).clone()
            };
            let (sentence, norm) = escalation_reading(&of(first), &of(last), (first, last));
            assert!(page.contains(&sentence), "{sentence}");
            assert!(page.contains(&norm), "{norm}");
            let api: serde_json::Value = serde_json::from_str(
                &staff
                    .get("/api/v1/organisations/deschans/dashboard")
                    .await
                    .body,
            )
            .expect("JSON");
            let readings: Vec<String> = api["sections"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|s| s["blocks"].as_array().unwrap().iter())
                .filter(|b| b["kind"] == "trends")
                .flat_map(|b| b["trends"].as_array().unwrap().iter())
                .filter_map(|t| t["reading"].as_str().map(str::to_string))
                .collect();
            assert!(
                readings.iter().any(|r| r.contains(&sentence)),
                "{readings:?}"
            );
            let pdf = staff
                .get_bytes("/organisations/deschans/dashboard?download=pdf")
                .await;
            let text = support::pdf_text_in_order(&pdf)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            // Lines break where the layout chose (and may hyphenate a word):
            // compared without spaces and soft hyphens.
            let bare = |t: &str| -> String {
                t.chars()
                    .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
                    .collect()
            };
            assert!(
                bare(&text).contains(&bare(&sentence)),
                "{sentence} in the PDF: {text}"
            );
        })
    });
}

/// Sedna's societal tasks register no ZRM goals: their factsheets say so
/// in one sentence instead of empty goal tables and "0 %" warnings; the
/// task with paired start and end scores still shows their change.
#[test]
fn a_task_without_zrm_goals_says_so_instead_of_empty_tables() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut staff = app.signed_in(&user(Role::Researcher, "sedna")).await;
            let records = app.records("sedna").await;
            for theme in records.themes.iter().filter(|t| t.year == 2021) {
                let address = format!(
                    "/organisations/sedna/factsheets/{}/2021",
                    theme.code.as_str()
                );
                let page = staff.get(&address).await.body;
                let figures = computed(app, "sedna", theme.code.as_str(), 2021).await;
                let scored =
                    |indicator: &str| figures.iter().any(|f| f.indicator == indicator && f.n > 0);
                assert!(!scored("goal_realisation"), "{address}: no goals");
                for absent in [
                    "id=\"goal-realisation\"",
                    "id=\"goal-coverage\"",
                    "Let op: van de trajecten",
                ] {
                    assert!(!page.contains(absent), "{address}: {absent}");
                }
                let registered = figures.iter().any(|f| f.indicator == "reach" && f.n > 0);
                let sentence = match (scored("zrm_change"), scored("zrm_change_unpaired")) {
                    (true, _) => "Voor deze opgave worden geen ZRM-doelscores geregistreerd",
                    (false, true) => "Voor deze opgave worden geen ZRM-doel- en eindscores",
                    (false, false) => "Voor deze opgave worden geen ZRM-scores geregistreerd",
                };
                assert_eq!(page.contains(sentence), registered, "{address}: {sentence}");
                assert_eq!(
                    page.contains("id=\"zrm-change\""),
                    scored("zrm_change"),
                    "{address}: the paired change where scores are"
                );
            }
        })
    });
}

/// The survey page: each question by its text with a chart of its answers
/// in their scale's order, and the warning of fewer than 30 answers where
/// `compute` gives it.
#[test]
fn survey_answers_stand_in_their_scale_s_order_with_a_chart_each() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff.get("/organisations/deschans/surveys/2020").await.body;
            let records = app.records("deschans").await;
            let figures = year_figures(&records, 2020, None);
            let answers = figures.iter().filter(|f| f.key("answer").is_some());
            let questions: std::collections::BTreeSet<&str> =
                answers.filter_map(|f| f.key("question")).collect();
            let charts = page.matches("<figure class=\"chart\">").count();
            assert!(
                charts > questions.len(),
                "a chart per question, and the overview"
            );
            let innovative = page
                .split("Medewerkers zijn innovatief</p>")
                .nth(1)
                .and_then(|t| t.split("</table>").next())
                .expect("a question by its text");
            let order: Vec<usize> = [
                "helemaal oneens",
                ">oneens",
                "neutraal",
                ">eens",
                "helemaal eens",
            ]
            .iter()
            .filter_map(|a| innovative.find(a))
            .collect();
            assert!(
                order.len() >= 3 && order.windows(2).all(|w| w[0] < w[1]),
                "{order:?}"
            );
            let warned = figures
                .iter()
                .any(|f| f.text("warning") == Some("n_below_30"));
            assert_eq!(page.contains("minder dan 30 antwoorden"), warned);
        })
    });
}

/// The area page: the area's domain shares beside the whole
/// municipality's, as `compute` gives them for the area and for the year,
/// and the partners working there (the sociale kaart).
#[test]
fn an_area_page_holds_its_shares_beside_the_municipality_s_and_its_partners() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let records = app.records("deschans").await;
            let (leek, whole) = (
                year_figures(&records, 2022, Some("Leek")),
                year_figures(&records, 2022, None),
            );
            let share = |figures: &[Figure]| {
                find(
                    figures,
                    "domain_share",
                    &[("domain", "geestelijke_gezondheid")],
                )
                .clone()
            };
            let (here, there) = (share(&leek), share(&whole));
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff
                .get("/organisations/deschans/areas/Leek/2022")
                .await
                .body;
            assert_eq!(
                row_cells(&page, "domain-shares", "Geestelijke gezondheid"),
                [
                    here.numerator.unwrap().to_string(),
                    percent(here.value.unwrap()),
                    there.numerator.unwrap().to_string(),
                    percent(there.value.unwrap()),
                ]
            );
            let (_, partners) = page
                .split_once("<section id=\"partners\"")
                .expect("the sociale kaart");
            for p in records
                .partners
                .iter()
                .filter(|p| p.areas.iter().any(|a| a.as_str() == "Leek"))
            {
                assert!(
                    partners.contains(&p.name.replace('&', "&amp;")),
                    "{}",
                    p.name
                );
            }
            assert!(
                partners.contains("Huisartsen Westerkwartier"),
                "who works everywhere"
            );
        })
    });
}

/// The annual monitor (issue 15, item 8): the organisation's own texts for
/// the year where a researcher wrote them, the default texts elsewhere
/// (staff are told and given the form); the data sources with the
/// registrations, the adults' trajectories with both scores and each
/// survey's response as `compute` gives them for the year; and per theme
/// its key figures as `compute` gives them for the theme.
#[test]
fn the_annual_monitor_holds_its_own_texts_key_figures_and_sources() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let records = app.records("deschans").await;
            let year = year_figures(&records, 2022, None);
            let registrations: u64 = year
                .iter()
                .filter(|f| f.indicator == "reach" && f.key("form").is_some())
                .map(|f| f.n)
                .sum();
            let coverage = year
                .iter()
                .filter(|f| f.indicator == "goal_coverage" && f.keys.len() == 1);
            let (scored, all) = coverage.fold((0, 0), |(s, a), f| {
                (s + f.numerator.unwrap(), a + f.denominator.unwrap())
            });
            let response = find(&year, "survey_response", &[("survey", "impact2022")]);
            let path = "/organisations/deschans/monitor/2022";
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff.get(path).await.body;
            assert_eq!(
                row_cells(
                    &page,
                    "sources",
                    "Registraties van individuele ondersteuning die in 2022 liepen"
                )[0],
                registrations.to_string()
            );
            assert_eq!(
                row_cells(
                    &page,
                    "sources",
                    "Trajecten van volwassenen met een doel- en eindscore (van alle trajecten van volwassenen)"
                ),
                [
                    scored.to_string(),
                    all.to_string(),
                    percent(scored as f64 / all as f64)
                ]
            );
            assert_eq!(
                row_cells(&page, "sources", "Impactmeting")[..2],
                [
                    response.numerator.unwrap().to_string(),
                    response.denominator.unwrap().to_string()
                ]
            );
            let theme = computed(app, "deschans", "kwetsbare_inwoners", 2022).await;
            let table = "key-figures-kwetsbare_inwoners";
            let reach: u64 = theme
                .iter()
                .filter(|f| f.indicator == "reach" && f.key("form").is_some())
                .map(|f| f.n)
                .sum();
            assert_eq!(
                row_cells(&page, table, "Registraties")[0],
                reach.to_string()
            );
            let goal = find(
                &theme,
                "goal_realisation",
                &[("domain", "geestelijke_gezondheid")],
            );
            assert_eq!(
                row_cells(&page, table, "Doel behaald: Geestelijke gezondheid"),
                [percent(goal.value.unwrap()), goal.n.to_string()]
            );
            let change = find(&theme, "zrm_change", &[("domain", "sociaal_netwerk")]);
            assert_eq!(
                row_cells(
                    &page,
                    table,
                    "Zelfredzaamheid Sociaal netwerk (start → eind)"
                ),
                [
                    format!(
                        "{} → {}",
                        decimal(change.mean_start.unwrap()),
                        decimal(change.mean_end.unwrap())
                    ),
                    change.n.to_string()
                ]
            );
            assert!(page.contains("het fundament"), "the organisation's chapter");
            assert!(page.contains("langs vier lijnen"), "its own questions");
            assert!(
                page.contains("Bereik telt de registraties die in het jaar liepen"),
                "the default methods"
            );
            let write =
                "/organisations/deschans/texts/narrative?year=2022&amp;section=onderzoeksmethoden";
            assert!(page.contains(write), "staff may write the methods");
            let form = staff.get(&write.replace("&amp;", "&")).await;
            assert!(
                form.body.contains("value=\"onderzoeksmethoden\" selected"),
                "the form begun for the section"
            );
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let public = viewer.get(path).await.body;
            assert!(public.contains("het fundament"));
            assert!(!public.contains("standaardtekst") && !public.contains(write));
        })
    });
}

/// An impact measurement that names its activity: the activity's
/// factsheet shows each statement's mean score and applicable answers as
/// `compute` gives them, and the survey page says which activity it asked
/// about.
#[test]
fn impact_statements_stand_with_their_activity() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let records = app.records("deschans").await;
            let year = year_figures(&records, 2022, None);
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff.get(FACTSHEET).await.body;
            let statement = "ik voel me minder alleen";
            let mean = year
                .iter()
                .find(|f| {
                    f.key("survey") == Some("impact2022")
                        && f.key("question") == Some(statement)
                        && f.key("statistic") == Some("mean")
                })
                .expect("compute gives the mean");
            assert_eq!(
                row_cells(&page, "impact2022-statements", "Ik voel me minder alleen"),
                [
                    mean.n.to_string(),
                    format!("{:.1}", mean.value.unwrap()).replace('.', ",")
                ]
            );
            assert!(page.contains("Impactmeting Walk en Talk"));
            let few = year.iter().any(|f| {
                f.key("survey") == Some("impact2022")
                    && f.key("question") == Some("ik beweeg meer dan voorheen")
                    && f.text("warning") == Some("n_below_30")
            });
            assert_eq!(
                page.contains("minder dan 30 antwoorden bij Ik beweeg meer dan voorheen"),
                few
            );
            let surveys = staff.get("/organisations/deschans/surveys/2022").await.body;
            assert!(surveys.contains("ging over de activiteit Walk en Talk"));
        })
    });
}

/// Seed 000's factsheet "Kwetsbare inwoners" (De Schans, monitor 2022,
/// pages 22–33), section by section: what each section shows, in the
/// seed's own words.
mod seed_000 {
    /// The context figures of "De situatie in het Westerkwartier", each a
    /// chart with a paragraph, and the paragraphs' subjects.
    pub const CONTEXT: &[&str] = &[
        "Eenzaamheid onder volwassenen",
        "Hoog risico op angststoornis of depressie",
        "Voldoende regie over het eigen leven",
        "alcohol dronken",
        "dagelijks roken",
        "wiet gebruikten",
        "problematisch gebruik van sociale media",
        "problematisch gamen",
    ];
    /// The paragraphs under the figures, the general situation first.
    pub const SITUATION: &[&str] = &[
        "Algemene situatie",
        "Middelengebruik onder jongeren",
        "Sociale media en gamen",
        "Eenzaamheid.",
        "Angst en depressie",
        "Regie over het eigen leven",
    ];
    /// The topics of the werkwijze.
    pub const METHOD: &[&str] = &[
        "Eenzaamheid.",
        "Outreachend werken",
        "Onafhankelijke cliëntondersteuning",
        "Verslaving.",
        "Zinvolle dagbesteding",
    ];
    /// The four categories of "Activiteiten", and some of their
    /// activities.
    pub const CATEGORIES: &[&str] = &[
        "Samenwerking en doorverwijzingen",
        "Individuele hulpverlening",
        "Collectieve activiteiten",
        "Inzet van expertise",
    ];
    pub const ACTIVITIES: &[&str] = &[
        "Ontmoetingsplek Sintmasteet",
        "Topclub voor autistische jongeren",
        "NIX18",
        "Welzijn op Recept",
        "OGGZ-netwerkoverleg",
        "Meldpunt Zorg en Overlast",
        "InSightout",
        "Onafhankelijke cliëntondersteuning",
        "Vrijwillige maatjes",
        "Kansgericht jongerenwerk",
        "Seniorenvoorlichters",
        "Menselijke bibliotheek",
        "Preventieakkoord",
        "Training signalen van eenzaamheid",
        "Schoolpleinrondes",
    ];
    /// "Netwerkpartners", per sector.
    pub const PARTNERS: &[(&str, &[&str])] = &[
        ("Onderwijs", &["Middelbare scholen", "Basisonderwijs"]),
        (
            "Vrijwilligers",
            &[
                "(Dorps)belangenorganisaties",
                "Seniorenvoorlichters",
                "Informele zorgstructuren",
            ],
        ),
        (
            "Professionele hulpverlening",
            &[
                "De Zijlen",
                "Humanitas",
                "Verslavingszorg Noord Nederland",
                "GGD",
                "Lentis",
                "Buurtzorg",
                "TSN Thuiszorg",
            ],
        ),
        ("Wonen", &["Wold en Waard", "Wender", "Buurtbemiddeling"]),
        (
            "Overheid",
            &[
                "Team Mens en Gezin",
                "Leefbaarheidsadviseurs",
                "Politie en Halt",
            ],
        ),
    ];
    /// The cards of "Collectieve activiteiten", each with the words of its
    /// description.
    pub const CARDS: &[(&str, &str)] = &[
        ("Walk en Talk", "samen wandelen en praten"),
        (
            "Buurtbakkies (kwetsbare inwoners)",
            "Ontmoetingsplekken tegen eenzaamheid",
        ),
        (
            "Lotgenotencontact Verlies en Rouw",
            "steungroep Verlies en Rouw",
        ),
        ("Grip en Glans", "45 jaar en ouder"),
        ("Voorlichting middelengebruik", "NIX18"),
        ("Weerbaarheids- en faalangsttraining", "Bikkeltraining"),
        ("Meidenwerk", "groepsdruk"),
    ];
    /// The figures of "Individuele hulpverlening": forms, age, goal
    /// realisation, referrals; and what residents want to work on.
    pub const TABLES: &[&str] = &[
        "reach-form",
        "reach-age",
        "goal-realisation",
        "referrals",
        "pg-choice",
    ];
    /// The literature the seed cites in its footnotes.
    pub const LITERATURE: &[&str] = &[
        "Mijn Positieve Gezondheid en de Zelfredzaamheid-Matrix",
        "Gezondheidsmonitor Volwassenen en Ouderen 2020",
        "Gezondheidsmonitor Jeugd 2021",
        "Kwaliteitskompas",
    ];
}

/// The section of a page with this id, its HTML.
fn section_of(page: &str, id: &str) -> String {
    page.split(&format!("<section id=\"{id}\""))
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap_or_else(|| panic!("a section {id}"))
        .to_string()
}

/// The demo's Kwetsbare inwoners 2022 factsheet, as the municipality reads
/// it, holds every section and figure of seed 000's: the context figures
/// each with its paragraph and source, the werkwijze per topic, the
/// activities in their four categories, the partners in their sectors, the
/// cards with their descriptions, the individual figures, an
/// interpretation of every goal of the theme, the general situation, and
/// the literature as footnotes.
#[test]
fn the_kwetsbare_inwoners_factsheet_holds_every_section_of_seed_000() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let page = viewer.get(FACTSHEET).await;
            assert_eq!(page.status, StatusCode::OK);
            let page = unescaped(&page.body);
            let section = |id: &str| section_of(&page, id);
            let situation = section("situation");
            for figure in seed_000::CONTEXT {
                assert!(situation.contains(figure), "context figure {figure}");
            }
            assert!(
                situation.matches("<figure").count() >= seed_000::CONTEXT.len(),
                "a chart per context figure"
            );
            for words in seed_000::SITUATION {
                assert!(situation.contains(words), "situation paragraph {words}");
            }
            for source in ["Gezondheidsmonitor Volwassenen", "Gezondheidsmonitor Jeugd"] {
                assert!(situation.contains(source), "source {source}");
            }
            let method = section("method");
            for topic in seed_000::METHOD {
                assert!(method.contains(topic), "werkwijze on {topic}");
            }
            let activities = section("activities");
            for category in seed_000::CATEGORIES {
                assert!(activities.contains(category), "category {category}");
            }
            assert!(
                activities.matches("<li").count() >= 25,
                "about 25 activities"
            );
            for activity in seed_000::ACTIVITIES {
                assert!(activities.contains(activity), "activity {activity}");
            }
            let partners = section("partners");
            for (sector, names) in seed_000::PARTNERS {
                let row = row_cells(&partners, "partners", sector);
                let row = row.first().unwrap_or_else(|| panic!("sector {sector}"));
                for name in *names {
                    assert!(
                        unescaped(row).contains(name),
                        "{name} under {sector}: {row}"
                    );
                }
            }
            let collective = section("collective");
            for (card, words) in seed_000::CARDS {
                let (_, after) = collective
                    .split_once(card)
                    .unwrap_or_else(|| panic!("a card {card}"));
                let card_text = after.split("</li>").next().unwrap_or_default();
                assert!(card_text.contains(words), "{card}: {words}");
            }
            let individual = section("individual");
            for table in seed_000::TABLES {
                assert!(
                    individual.contains(&format!("id=\"{table}\"")),
                    "individual figures: {table}"
                );
            }
            let records = app.records("deschans").await;
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let staff_page = unescaped(&staff.get(FACTSHEET).await.body);
            let goals = section_of(&staff_page, "goals");
            let theme_goals: Vec<_> = records
                .goals
                .iter()
                .filter(|g| g.theme.as_str() == "kwetsbare_inwoners")
                .collect();
            assert!(theme_goals.len() >= 7, "the seed's seven goals");
            assert!(
                !goals.contains("nog geen duiding"),
                "every goal interpreted"
            );
            for goal in theme_goals {
                assert!(
                    goals.contains(&goal.text_operational),
                    "{}",
                    goal.id.as_str()
                );
            }
            assert!(section("summary").contains("<h3>Impact</h3>"));
            for work in seed_000::LITERATURE {
                assert!(page.contains(work), "literature: {work}");
            }
            assert!(page.contains("footnote-definition"), "as footnotes");
        })
    });
}

/// A theme the DIN says continues another is followed as one line on the
/// dashboard: Armoede 2020 → Armoede & arbeidsparticipatie 2022, each
/// year's registrations as `compute` gives them for its theme, for the
/// staff and for the municipality.
#[test]
fn a_theme_that_continues_another_is_one_line_on_the_dashboard() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let before = find(
                &computed(app, "deschans", "armoede", 2020).await,
                "reach",
                &[],
            )
            .n;
            let after = find(
                &computed(app, "deschans", "armoede_arbeidsparticipatie", 2022).await,
                "reach",
                &[],
            )
            .n;
            support::publish_everything(&app.store, "deschans").await;
            for role in [Role::Researcher, Role::MunicipalityViewer] {
                let mut client = app.signed_in(&user(role, "deschans")).await;
                let page = client.get("/organisations/deschans/dashboard").await.body;
                let page = unescaped(&page);
                assert!(
                    page.contains("Armoede → Armoede & arbeidsparticipatie"),
                    "one line for {role:?}"
                );
                assert_eq!(
                    row_cells(&page, "theme-armoede", "2020 · Armoede"),
                    [before.to_string()]
                );
                assert_eq!(
                    row_cells(
                        &page,
                        "theme-armoede",
                        "2022 · Armoede & arbeidsparticipatie"
                    ),
                    [after.to_string()]
                );
            }
        })
    });
}

/// Seed 000's factsheet "Echtscheiding en huiselijk geweld" (pages 34–42)
/// in the demo: its three context figures with their paragraph, its
/// activities in the four categories, its partners, an interpretation of
/// every goal and a staff quote.
#[test]
fn the_echtscheiding_factsheet_holds_the_sections_of_seed_000() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut staff = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = staff
                .get("/organisations/deschans/factsheets/echtscheiding_huiselijk_geweld/2022")
                .await;
            assert_eq!(page.status, StatusCode::OK);
            let page = unescaped(&page.body);
            for figure in [
                "Scheidende mannen per 1.000 gehuwde mannen",
                "Scheidende vrouwen per 1.000 gehuwde vrouwen",
                "Meldingen huiselijk geweld per 1.000 inwoners",
                "scheiden naar verhouding minder mensen",
            ] {
                assert!(page.contains(figure), "situation: {figure}");
            }
            for category in seed_000::CATEGORIES {
                assert!(page.contains(category), "category {category}");
            }
            for partner in [
                "GGD-jeugdverpleegkundigen",
                "Schoolmaatschappelijk werk",
                "Team Mens en Gezin",
                "Mens en Gezin Jeugd",
                "Buurtbemiddeling Westerkwartier",
                "Ondersteuner Jeugd en Gezin",
            ] {
                assert!(page.contains(partner), "partner {partner}");
            }
            for words in ["Relatie- en scheidingspunt", "Meldcode Maand", "herkenning"] {
                assert!(page.contains(words), "werkwijze: {words}");
            }
            assert!(!page.contains("nog geen duiding"), "every goal interpreted");
        })
    });
}
