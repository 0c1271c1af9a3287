//! The import page with a saved mapping, on every backend: an export with
//! a value the mapping does not know stops with the value named and a link
//! to extend the mapping; extended there, the export imports; the history
//! keeps the import with its report; no name reaches a report or a log
//! line; templates come with their guide.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{on_every_backend, user, MAPPING};

/// Every log line the tests of this file write, at every level.
static LOG: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

/// Where the caught log lines go.
struct Caught;

impl std::io::Write for Caught {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut log) = LOG.lock() {
            log.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Catches every log line of the process from now on (the server's and
/// the database driver's, at every level).
fn catch_logs() {
    let _ = tracing_subscriber::fmt()
        .with_writer(|| Caught)
        .with_max_level(tracing::Level::TRACE)
        .try_init();
}

fn caught() -> String {
    String::from_utf8_lossy(&LOG.lock().map(|l| l.clone()).unwrap_or_default()).into_owned()
}

/// An export in the layout of the fixtures' mapping (registration number,
/// date, own domain names), with one value no code stands for.
const EXPORT: &str = "Dossiernummer;Datum aanmelding;Hulpvraag;Naam\n\
    M-1;03-02-2022;Financiën;Jansen\n\
    M-2;04-02-2022;Geldzorgen;Pietersma\n\
    M-3;05-02-2022;Geldzorgen;Bakker\n";

#[test]
fn a_new_value_stops_the_web_import_until_the_mapping_is_extended_there() {
    catch_logs();
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let files: [(&str, &[u8]); 1] = [("export.csv", EXPORT.as_bytes())];
            let page = client
                .import(
                    "/organisations/deschans/import",
                    &files,
                    &[("mapping", MAPPING)],
                )
                .await;
            assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
            let html = support::visible(&page.body).replace("&#34;", "\"");
            assert!(
                html.contains("de koppeling Regicare-export kent deze waarden nog niet"),
                "{html}"
            );
            assert!(html.contains("\"Geldzorgen\" in Hulpvraag (2×)"), "{html}");
            let link = page
                .body
                .split("href=\"")
                .map(|s| {
                    s.split('"')
                        .next()
                        .unwrap_or_default()
                        .replace("&amp;", "&")
                })
                .find(|href| href.contains("/mappings/") && href.contains("/edit?new="))
                .expect("a link to extend the mapping");

            let editor = client.get(&link).await;
            assert_eq!(editor.status, StatusCode::OK);
            let editor_text = support::visible(&editor.body).replace("&#34;", "\"");
            assert!(
                editor_text.contains("\"Geldzorgen\" in Hulpvraag"),
                "{editor_text}"
            );
            let fields = [
                ("name", MAPPING),
                ("original", MAPPING),
                ("kind", "registrations"),
                ("dates", "dd-mm-jjjj"),
                ("header", "1"),
                ("c0.source", "Dossiernummer"),
                ("c0.to", "registration_id"),
                ("c1.source", "Datum aanmelding"),
                ("c1.to", "start_date"),
                ("c2.source", "Hulpvraag"),
                ("c2.to", "main_domain"),
                ("fixed", "form"),
                ("f.form", "traject"),
                ("fixed", "age_group"),
                ("f.age_group", "27-55"),
                ("v0.column", "main_domain"),
                ("v0.value", "Geldzorgen"),
                ("v0.code", "financien"),
                ("action", "save"),
            ];
            let saved = client
                .post("/organisations/deschans/mappings/edit", &fields)
                .await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

            let page = client
                .import(
                    "/organisations/deschans/import",
                    &files,
                    &[("mapping", MAPPING)],
                )
                .await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "{}",
                support::visible(&page.body)
            );
            let upload = page
                .body
                .split("name=\"upload\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .expect("the check passed")
                .to_string();
            let started = client
                .post(
                    "/organisations/deschans/import/confirm",
                    &[("upload", &upload)],
                )
                .await;
            let done = client.finish_job(started).await;
            assert_eq!(done.status, StatusCode::OK);
            let records = app.records("deschans").await;
            let imported = records
                .registrations
                .iter()
                .filter(|r| r.id.as_str().starts_with("M-"))
                .count();
            assert_eq!(imported, 3);
            assert!(!done.body.contains("Jansen") && !done.body.contains("Pietersma"));

            // The history keeps it, under its mapping, with its report.
            let history = support::visible(&done.body);
            assert!(
                history.contains("met koppeling Regicare-export"),
                "{history}"
            );
            let links: Vec<String> = done
                .body
                .split("href=\"")
                .map(|s| s.split('"').next().unwrap_or_default().to_string())
                .filter(|href| href.contains("/import/history/") && !href.contains("fixtures-"))
                .collect();
            assert_eq!(links.len(), 2, "the refused import and the stored one");
            let mut reports = Vec::new();
            for link in links {
                reports.push(String::from_utf8(client.get_bytes(&link).await).expect("text"));
            }
            let reports = reports.join("\n");
            assert!(
                reports.contains("export.csv;Registraties;3;0;0;0"),
                "{reports}"
            );
            assert!(
                reports.contains("De koppeling Regicare-export kent deze waarden nog niet"),
                "the refused import's report in the reader's language: {reports}"
            );
            let log = caught();
            assert!(log.contains("import_history"), "the log is caught: {log}");
            for private in ["Jansen", "Pietersma", "Bakker"] {
                assert!(!reports.contains(private), "{private} in a report");
                assert!(!log.contains(private), "{private} in the log");
            }
        })
    });
}

#[test]
fn every_template_explains_every_column_of_its_kind() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            for kind in <interchange::FileKind as domain::Coded>::ALL {
                let code = domain::Coded::code(*kind);
                let csv = client
                    .get_bytes(&format!(
                        "/organisations/deschans/import/templates/{code}.csv"
                    ))
                    .await;
                let names: Vec<&str> = kind.columns().iter().map(|c| c.name).collect();
                let header = String::from_utf8(csv).expect("text");
                assert_eq!(
                    header.trim_start_matches('\u{feff}').trim(),
                    names.join(";")
                );
                let xlsx = client
                    .get_bytes(&format!(
                        "/organisations/deschans/import/templates/{code}.xlsx"
                    ))
                    .await;
                let tables = interchange::read_tables(&xlsx, &interchange::Limits::default())
                    .expect("a workbook");
                let data = tables
                    .iter()
                    .find(|t| t.sheet.as_deref() == Some(code))
                    .expect("the kind's sheet");
                assert_eq!(data.header, names);
                let guide = tables
                    .iter()
                    .find(|t| t.sheet.as_deref() == Some("toelichting"))
                    .expect("the guide");
                let explained: Vec<String> = (0..guide.len())
                    .map(|i| guide.row(i).cells[0].clone())
                    .collect();
                assert_eq!(explained, names, "{code}");
                if *kind == interchange::FileKind::Registrations {
                    let rows: Vec<Vec<String>> =
                        (0..guide.len()).map(|i| guide.row(i).cells).collect();
                    let form = rows.iter().find(|r| r[0] == "form").expect("form");
                    assert!(
                        form[4].contains("traject (Individueel traject)"),
                        "{form:?}"
                    );
                    let area = rows.iter().find(|r| r[0] == "area").expect("area");
                    assert!(
                        area[4].contains("Leek"),
                        "the organisation's own areas: {area:?}"
                    );
                }
            }
        })
    });
}
