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
            let everything = admin.get("/admin/audit").await.body;
            assert!(!everything.contains(&pseudonym) && !everything.contains(&code));

            // Nobody else may erase.
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            assert_ne!(coordinator.get("/admin/erase").await.status, StatusCode::OK);
        })
    });
}
