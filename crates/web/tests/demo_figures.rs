//! The figures of DEMO-FIGURES.md A on the factsheet page, through the
//! user's path on every backend: the demo's files imported by the importer,
//! stored, computed by `indicators`, laid out by `publish` and served —
//! the same for the organisation's researcher and (all counts being at
//! least k) for the municipality viewer.

mod support;

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use domain::Role;
use support::{row_cells, user, Client, TestApp};

const FACTSHEET: &str = "/organisations/deschans/factsheets/kwetsbare_inwoners/2022";

#[test]
fn the_kwetsbare_inwoners_factsheet_shows_the_demo_figures() {
    for db in store::testing::databases() {
        let runtime = support::runtime();
        runtime.block_on(async {
            let app = TestApp::demo(&db, 5).await;
            for role in [Role::Researcher, Role::MunicipalityViewer] {
                let mut client = app.signed_in(&user(role, "deschans")).await;
                let page = client.get(FACTSHEET).await;
                assert_eq!(page.status, StatusCode::OK, "{role:?} on {}", db.label);
                let html = &page.body;
                // Goal realisation: complete trajectories, goal reached, share.
                assert_eq!(
                    row_cells(html, "goal-realisation", "Geestelijke gezondheid")[..3],
                    ["274", "174", "64%"]
                );
                assert_eq!(
                    row_cells(html, "goal-realisation", "Sociaal netwerk")[..2],
                    ["35", "22"]
                );
                assert_eq!(
                    row_cells(html, "goal-realisation", "Tijdsbesteding")[..2],
                    ["27", "14"]
                );
                // Reach: individual trajectories and registrations of all forms.
                let reach = row_cells(html, "reach-form", "Geestelijke gezondheid");
                assert_eq!((reach[2].as_str(), reach[3].as_str()), ("518", "786"));
                assert_eq!(row_cells(html, "reach-form", "Sociaal netwerk")[2], "74");
                // Collective activity cards of the theme.
                assert!(
                    html.contains("Walk en Talk")
                        && html.contains("Buurtbakkies (kwetsbare inwoners)")
                );
                assert!(
                    html.contains("niet beschikbaar"),
                    "Voorlichting middelengebruik is not available"
                );
                let publishable = html.contains("Niet publiceerbaar");
                assert_eq!(
                    publishable,
                    role == Role::Researcher,
                    "only staff see the not-publishable mark"
                );
                downloads_hold_the_page_s_numbers(&mut client, html).await;
            }
        });
    }
}

/// The CSV of a table and the Excel workbook hold what the page shows.
async fn downloads_hold_the_page_s_numbers(client: &mut Client, html: &str) {
    let shown = row_cells(html, "goal-realisation", "Geestelijke gezondheid");
    let csv = client
        .get(&format!("{FACTSHEET}?download=csv&table=goal-realisation"))
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.body.starts_with('\u{feff}'),
        "a byte order mark for Excel"
    );
    let line = csv
        .body
        .lines()
        .find(|l| l.starts_with("Geestelijke gezondheid;"))
        .expect("the row in the CSV");
    assert_eq!(line.split(';').skip(1).collect::<Vec<_>>(), shown);
    let plain = client
        .get(&format!(
            "{FACTSHEET}?download=csv&table=goal-realisation&style=plain"
        ))
        .await;
    assert!(
        plain
            .body
            .lines()
            .any(|l| l.starts_with("Geestelijke gezondheid,274,174,")),
        "{}",
        plain.body
    );

    let xlsx = client
        .get_bytes(&format!("{FACTSHEET}?download=xlsx"))
        .await;
    let mut book = Xlsx::new(std::io::Cursor::new(xlsx)).expect("an XLSX workbook");
    let sheet = book
        .worksheet_range("Doelrealisatie")
        .expect("a sheet per table");
    let row = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("Geestelijke gezondheid".into())))
        .expect("the row in the sheet");
    assert_eq!(row[1], Data::Float(274.0));
    assert_eq!(row[2], Data::Float(174.0));
    let share = match &row[3] {
        Data::Float(v) => *v,
        other => panic!("a share as a number, not {other:?}"),
    };
    assert_eq!(
        format!("{}%", (share * 100.0).round()),
        shown[2],
        "the same share as the page"
    );
    assert!(
        book.sheet_names().iter().any(|n| n == "Toelichting"),
        "a sheet with definitions"
    );
    let monitor = client
        .get_bytes("/organisations/deschans/monitor/2022?download=xlsx")
        .await;
    let book = Xlsx::new(std::io::Cursor::new(monitor)).expect("the monitor's workbook");
    let names = book.sheet_names();
    assert!(
        names.iter().any(|n| n.ends_with(" Doelrealisatie")),
        "the factsheets' sheets, numbered by part: {names:?}"
    );
}

#[test]
#[ignore = "needs pdftotext from poppler-utils (.ci/run installs it)"]
fn the_factsheet_pdf_holds_the_page_s_numbers() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let mut client = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = client.get(FACTSHEET).await;
            let shown = row_cells(&page.body, "goal-realisation", "Geestelijke gezondheid");
            let pdf = client.get_bytes(&format!("{FACTSHEET}?download=pdf")).await;
            assert!(pdf.starts_with(b"%PDF-"), "a PDF");
            let text = support::pdf_text(&pdf);
            let row = text
                .lines()
                .find(|l| l.trim_start().starts_with("Geestelijke") && l.contains(&shown[3]))
                .unwrap_or_else(|| panic!("the goal realisation row in the PDF: {text}"));
            let cells = row.split_whitespace().skip(1).collect::<Vec<_>>().join(" ");
            let cells = cells.trim_start_matches("gezondheid").trim();
            assert_eq!(cells, shown.join(" "), "the same cells as the page");
        });
    }
}

/// The registrations read from the store as columns, without being
/// validated again (as `impactmonitor compute` reads them), give every
/// figure of every theme, area and year of both demo organisations exactly
/// as the record path gives it over the validated records.
#[test]
fn the_stored_columns_give_the_figures_of_the_records_on_every_backend() {
    use indicators::{columns::Builder, compute, compute_from_records, Records};
    use indicators::{Options, Period, PeriodRule, Selection, ThemeFilter};
    support::on_the_demo(|app| {
        Box::pin(async move {
            for organisation in ["deschans", "sedna"] {
                let code = domain::OrganisationCode::parse(organisation).expect("a code");
                let records = app.records(organisation).await;
                let mut builder = Builder::new(&code);
                let rows = store::Registrations::Stored(&mut builder);
                let read = app.store.organisation_records_with(&code, rows).await;
                assert!(read
                    .expect("the records")
                    .is_some_and(|r| r.registrations.is_empty()));
                let columns = builder.finish(&records.partners);
                assert_eq!(columns.len(), records.registrations.len());
                let years: std::collections::BTreeSet<i32> =
                    records.themes.iter().map(|t| t.year).collect();
                for year in years {
                    for rule in [PeriodRule::Running, PeriodRule::Started, PeriodRule::Closed] {
                        let year_selection = Selection {
                            organisation: code.clone(),
                            period: Period::year(year, rule).expect("a year"),
                            area: None,
                            age_group: None,
                            theme: None,
                        };
                        let themes = records.themes.iter().filter(|t| t.year == year);
                        let by_theme = themes.map(|t| Selection {
                            theme: Some(ThemeFilter::of(t, &records.reach_plans)),
                            ..year_selection.clone()
                        });
                        let by_area = records.organisation.areas.iter().map(|a| Selection {
                            area: Some(a.clone()),
                            ..year_selection.clone()
                        });
                        let selections: Vec<Selection> = std::iter::once(year_selection.clone())
                            .chain(by_theme)
                            .chain(by_area)
                            .collect();
                        for selection in selections {
                            let reference = web::figures::records_of(&records);
                            let options = Options::default();
                            let expected = compute_from_records(&reference, &selection, &options);
                            let stored = Records {
                                columns: Some(&columns),
                                ..reference
                            };
                            assert_eq!(
                                compute(&stored, &selection, &options),
                                expected,
                                "{organisation} {selection:?}"
                            );
                        }
                    }
                }
            }
        })
    });
}
