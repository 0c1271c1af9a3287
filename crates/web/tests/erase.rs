//! Erasing a client on request from the admin page, on every backend: the
//! page first says what would go and erases nothing; the confirmation
//! erases it; the factsheet's registrations drop by exactly the client's;
//! the audit log says that an erasure happened, without the code or the
//! pseudonym. Other roles have no such page.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{row_cells, user};

/// A number as a page writes it ("1.095").
fn number(text: &str) -> i64 {
    text.replace('.', "").trim().parse().expect("a number")
}

/// The demo client of De Schans with most registrations running in 2022:
/// its code and pseudonym.
fn client() -> (String, String) {
    let files = demo::generate(demo::DEFAULT_SEED);
    let file = files
        .iter()
        .find(|f| f.name == "registrations.csv")
        .expect("registrations.csv");
    let text = String::from_utf8(file.bytes.clone()).expect("text");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let code = header
        .iter()
        .position(|h| *h == "client_code")
        .expect("code");
    let org = header
        .iter()
        .position(|h| *h == "organisation")
        .expect("org");
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for row in lines.map(|l| l.split(',').collect::<Vec<_>>()) {
        if row[org] == "deschans" && !row[code].is_empty() {
            *counts.entry(row[code].to_string()).or_default() += 1;
        }
    }
    let (busiest, _) = counts
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse((*c).clone())))
        .expect("a client");
    let pseudonym = support::pseudonymiser().pseudonym(busiest);
    (busiest.clone(), pseudonym.as_str().to_string())
}

#[test]
fn an_admin_erases_a_client_after_seeing_what_goes() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let (code, pseudonym) = client();
            let records = app.records("deschans").await;
            let theirs: Vec<&domain::Registration> = records
                .registrations
                .iter()
                .filter(|r| r.client.as_ref().map(|c| c.as_str()) == Some(pseudonym.as_str()))
                .collect();
            assert!(theirs.len() > 1);
            // The theme of Kwetsbare inwoners 2022 and the client's part of it.
            let theme = records
                .themes
                .iter()
                .find(|t| t.code.as_str() == "kwetsbare_inwoners" && t.year == 2022)
                .expect("the theme");
            let in_theme = theirs
                .iter()
                .filter(|r| theme.zrm_domains.contains(&r.main_domain))
                .filter(|r| r.start_date.to_string().as_str() <= "2022-12-31")
                .filter(|r| {
                    r.end_date
                        .is_none_or(|e| e.to_string().as_str() >= "2022-01-01")
                })
                .count() as i64;
            let factsheet = "/organisations/deschans/factsheets/kwetsbare_inwoners/2022";
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let before = number(
                &row_cells(
                    &researcher.get(factsheet).await.body,
                    "clients",
                    "Registraties",
                )[0],
            );

            let mut admin = app.signed_in("admin").await;
            assert_eq!(admin.get("/admin/erase").await.status, StatusCode::OK);
            let codes = format!("{code}\n");
            let fields = |action| {
                [
                    ("organisation", "deschans"),
                    ("codes", codes.as_str()),
                    ("action", action),
                ]
            };
            let counted = admin.post("/admin/erase", &fields("count")).await;
            assert_eq!(counted.status, StatusCode::OK);
            assert!(counted.body.contains("Dit wordt gewist als u bevestigt"));
            assert!(
                counted
                    .body
                    .contains(&format!("Registraties: {}", theirs.len())),
                "{}",
                counted.body
            );
            assert_eq!(
                app.records("deschans").await.registrations.len(),
                records.registrations.len()
            );

            let erased = admin.post("/admin/erase", &fields("erase")).await;
            assert!(erased.body.contains("Gewist:"), "{}", erased.body);
            let after = app.records("deschans").await;
            assert_eq!(
                after.registrations.len(),
                records.registrations.len() - theirs.len()
            );
            assert!(after
                .registrations
                .iter()
                .all(|r| r.client.as_ref().map(|c| c.as_str()) != Some(pseudonym.as_str())));
            let now = number(
                &row_cells(
                    &researcher.get(factsheet).await.body,
                    "clients",
                    "Registraties",
                )[0],
            );
            assert_eq!(now, before - in_theme);

            let audit = admin.get("/admin/audit?action=erase+client").await.body;
            assert!(audit.contains("deschans: 1 clients"), "{audit}");
            assert!(
                audit.contains("<strong>Cliënt gewist</strong> · admin"),
                "{audit}"
            );
            assert!(!audit.contains(" UTC"), "{audit}");
            // The log a page at a time, newest first, every page searched.
            let mut page = admin.get("/admin/audit").await;
            let mut pages = 1;
            loop {
                assert!(
                    !page.body.contains(&pseudonym) && !page.body.contains(&code),
                    "page {pages}"
                );
                let Some(at) = page.body.find("rel=\"next\"") else {
                    break;
                };
                let href = page.body[..at]
                    .rsplit("href=\"")
                    .next()
                    .and_then(|h| h.split('"').next())
                    .expect("the next page")
                    .replace("&amp;", "&");
                page = admin.get(&href).await;
                pages += 1;
            }
            assert!(pages > 1, "the demo's log takes more than a page");

            // Nobody else may erase.
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            assert_ne!(coordinator.get("/admin/erase").await.status, StatusCode::OK);
        })
    });
}

/// Two registrations of one client, imported as a coordinator imports a
/// small file (each row in the audit log with its values).
const ONE_CLIENT: &str = "registration_id,organisation,area,form,start_date,end_date,first_contact_date,client_code,age_group,birth_year,main_domain,service,pg_dimensions,referred_by,referred_to,zrm_sociaal_netwerk_start,zrm_sociaal_netwerk_doel,zrm_sociaal_netwerk_eind
wis-mij-0001,deschans,Leek,traject,2022-03-14,2022-09-30,,WIS-MIJ-77,27-55,,sociaal_netwerk,,,huisarts,ggz,1,3,2
wis-mij-0002,deschans,Marum,traject,2022-10-03,,,WIS-MIJ-77,27-55,,sociaal_netwerk,,,,,2,4,
";

/// Whether `needle` occurs in the bytes of a file (absent: no).
fn file_holds(path: &std::path::Path, needle: &str) -> bool {
    std::fs::read(path)
        .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

#[test]
fn an_erased_client_is_gone_from_the_database_files_and_a_later_backup() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = support::TestApp::start(&db, 5).await;
            app.import_file("registrations.csv", ONE_CLIENT.as_bytes())
                .await;
            let pseudonym = support::pseudonymiser().pseudonym("WIS-MIJ-77");
            let traces = [pseudonym.as_str(), "wis-mij-0001", "wis-mij-0002"];
            let audit = || async {
                let entries = app
                    .store
                    .audit_log(&store::AuditFilter::default())
                    .await
                    .expect("the audit log");
                entries
                    .iter()
                    .map(|e| e.detail.clone())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert!(audit().await.contains("wis-mij-0001 added: area=Leek"));
            // A social worker had registered one of them in the form: who
            // did goes with the registration.
            let deschans = domain::OrganisationCode::parse("deschans").expect("a code");
            app.store
                .note_author(&deschans, "wis-mij-0001", "registrant-deschans")
                .await
                .expect("noted");

            let mut admin = app.signed_in("admin").await;
            let fields = [
                ("organisation", "deschans"),
                ("codes", "WIS-MIJ-77\n"),
                ("action", "erase"),
            ];
            let erased = admin.post("/admin/erase", &fields).await;
            assert!(erased.body.contains("Gewist:"), "{}", erased.body);

            let audit = audit().await;
            for trace in traces {
                assert!(
                    !audit.contains(trace),
                    "{}: {trace} in the audit log",
                    db.label
                );
            }
            assert!(
                audit.contains("registrations deschans added: [gewist]"),
                "{audit}"
            );
            assert!(!audit.contains("area=Marum, client"), "{audit}");

            if db.label == "sqlite" {
                let file = db.dir.path().join("test.db");
                let mut wal = file.clone().into_os_string();
                wal.push("-wal");
                for path in [file.clone(), wal.into()] {
                    for trace in traces {
                        assert!(!file_holds(&path, trace), "{trace} in {}", path.display());
                    }
                }
            }
            let backup = db.dir.path().join("later.imbackup");
            importer::backup::write_backup(&app.store, &backup, None, b"a key of the erasure test")
                .await
                .expect("a backup");
            let mut text = String::new();
            use std::io::Read;
            flate2::read::GzDecoder::new(std::fs::File::open(&backup).expect("opens"))
                .read_to_string(&mut text)
                .expect("gzip text");
            for trace in traces {
                assert!(!text.contains(trace), "{}: {trace} in the backup", db.label);
            }
        });
        eprintln!("{}: done", db.label);
    }
}
