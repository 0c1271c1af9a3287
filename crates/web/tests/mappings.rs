//! The import page with a saved mapping, on every backend: an export with
//! a value the mapping does not know stops with the value named and a link
//! to extend the mapping; extended there, the export imports; the history
//! keeps the import with its report; no name reaches a report or a log
//! line; templates come with their guide.

mod support;

use axum::http::StatusCode;
use domain::Role;
use interchange::testing::regicare;
use support::{on_every_backend, unescaped, user, MAPPING};

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

/// The Regicare export with a question the fixtures' mapping does not
/// know, twice.
fn export() -> Vec<u8> {
    let mut rows = regicare::ROWS.to_vec();
    rows[1][4] = "Geldzorgen";
    rows[3][4] = "Geldzorgen";
    regicare::export(&rows)
}

/// The value of the attribute `name` in a tag's text.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(unescaped(&tag[start..end]))
}

/// What the form at `action` sends as the page shows it: its inputs with
/// their values, each select with its chosen option (or its first).
fn form_as_shown(html: &str, action: &str) -> Vec<(String, String)> {
    let start = html
        .find(&format!("action=\"{action}\""))
        .expect("the form");
    let form = &html[start..start + html[start..].find("</form>").expect("its end")];
    let mut fields = Vec::new();
    for piece in form.split('<').skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        if tag.starts_with("input") {
            if let (Some(name), Some(value)) = (attribute(tag, "name"), attribute(tag, "value")) {
                fields.push((name, value));
            }
        }
        if tag.starts_with("select") {
            let name = attribute(tag, "name").expect("a named select");
            let options = piece_options(form, &name);
            fields.push((name, options));
        }
    }
    fields
}

/// The chosen option of the select `name` in a form (its first when none
/// is chosen).
fn piece_options(form: &str, name: &str) -> String {
    let start = form.find(&format!("name=\"{name}\"")).expect("the select");
    let select = &form[start..start + form[start..].find("</select>").expect("its end")];
    let options: Vec<&str> = select.split("<option").skip(1).collect();
    let chosen = options
        .iter()
        .find(|o| {
            o.split('>')
                .next()
                .unwrap_or_default()
                .contains(" selected")
        })
        .or(options.first())
        .expect("an option");
    attribute(chosen, "value").unwrap_or_default()
}

#[test]
fn a_new_value_stops_the_web_import_until_the_mapping_is_extended_there() {
    catch_logs();
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let export = export();
            let files: [(&str, &[u8]); 1] = [("export.csv", &export)];
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
            // The coordinator chooses the code of the new value, as shown.
            let mut fields = form_as_shown(&editor.body, "/organisations/deschans/mappings/edit");
            let value = fields
                .iter()
                .find(|(_, v)| v == "Geldzorgen")
                .map(|(name, _)| name.replace(".value", ".code"))
                .expect("the new value in the form");
            for (name, code) in fields.iter_mut() {
                if *name == value {
                    *code = "financien".into();
                }
            }
            fields.push(("action".into(), "save".into()));
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
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
                .filter(|r| r.id.as_str().starts_with("R-"))
                .count();
            assert_eq!(imported, regicare::ROWS.len());
            for private in regicare::private(regicare::ROWS.len()) {
                assert!(!done.body.contains(private), "{private} on the page");
            }

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
                reports.contains("export.csv;Registraties;4;0;0;0"),
                "{reports}"
            );
            assert!(
                reports.contains("De koppeling Regicare-export kent deze waarden nog niet"),
                "the refused import's report in the reader's language: {reports}"
            );
            let log = caught();
            assert!(log.contains("import_history"), "the log is caught: {log}");
            for private in regicare::private(regicare::ROWS.len()) {
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
