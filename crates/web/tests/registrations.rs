//! "Mijn registraties": a social worker registers a trajectory, finds it
//! again by its number or by the client's number (matched through the
//! pseudonym, never shown), and closes it with its end scores; the
//! factsheet's goal realisation follows, the change is in the audit log,
//! and a colleague cannot open it. On every backend.

mod support;

use axum::http::StatusCode;
use domain::{Role, Username};
use support::{on_every_backend, row_cells, user, TestApp};

const FACTSHEET: &str = "/organisations/deschans/factsheets/kwetsbare_inwoners/2022";
const LIST: &str = "/organisations/deschans/registrations";
const EDIT: &str = "/organisations/deschans/registrations/mijn-1/edit";

/// The goal realisation row of Geestelijke gezondheid as the coordinator
/// reads it: trajectories complete, goal reached.
async fn goal_row(app: &TestApp) -> (u64, u64) {
    let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
    let page = coordinator.get(FACTSHEET).await;
    assert_eq!(page.status, StatusCode::OK);
    let cells = row_cells(&page.body, "goal-realisation", "Geestelijke gezondheid");
    let count = |s: &str| {
        s.trim()
            .parse::<u64>()
            .unwrap_or_else(|_| panic!("a count, not {s:?}"))
    };
    (count(&cells[0]), count(&cells[1]))
}

/// A second social worker of De Schans, with the registrant's password.
async fn colleague(app: &TestApp) -> String {
    let name = Username::parse("collega-deschans").expect("a name");
    let registrant = Username::parse(&user(Role::Registrant, "deschans")).expect("a name");
    let mut account = app
        .store
        .account(&registrant)
        .await
        .expect("reads")
        .expect("the registrant");
    account.username = name.clone();
    let mut tx = app.store.begin().await.expect("a transaction");
    tx.save_account(&account, None, "test")
        .await
        .expect("saves");
    tx.commit().await.expect("commits");
    name.as_str().to_string()
}

/// The registrations of a list page, by the registration numbers it links.
fn listed(body: &str) -> Vec<String> {
    body.split("/registrations/")
        .skip(1)
        .filter_map(|rest| rest.split_once("/edit\"").map(|(id, _)| id.to_string()))
        .collect()
}

#[test]
fn a_social_worker_registers_finds_and_closes_her_trajectory() {
    on_every_backend(|app| {
        Box::pin(async move {
            let before = goal_row(app).await;
            let mut worker = app.signed_in(&user(Role::Registrant, "deschans")).await;
            let mut form: Vec<(&str, &str)> = vec![
                ("registration_id", "mijn-1"),
                ("form", "traject"),
                ("start_date", "2022-03-01"),
                ("client_code", "KLANT-77"),
                ("age_group", "27-55"),
                ("main_domain", "geestelijke_gezondheid"),
                ("zrm_geestelijke_gezondheid_start", "2"),
                ("zrm_geestelijke_gezondheid_doel", "3"),
                ("zrm_financien_start", "3"),
            ];
            let saved = worker.post(LIST, &form).await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);

            // Her list holds it (and nothing imported from a file), open
            // trajectories first.
            let mine = worker.get(LIST).await;
            assert_eq!(mine.status, StatusCode::OK);
            assert_eq!(listed(&mine.body), ["mijn-1"], "only hers");
            assert!(
                mine.body.contains("wacht op eerste contact"),
                "{}",
                mine.body
            );
            // Found by her client's number, which the page never shows.
            let found = worker
                .post(&format!("{LIST}/client"), &[("client_code", "KLANT-77")])
                .await;
            assert_eq!(listed(&found.body), ["mijn-1"]);
            assert!(
                !found.body.contains("KLANT-77"),
                "the number is not shown again"
            );
            let pseudonym = support::pseudonymiser().pseudonym("KLANT-77");
            for page in [&mine.body, &found.body] {
                assert!(
                    !page.contains(pseudonym.as_str()),
                    "no pseudonym on the page"
                );
            }
            let other = worker
                .post(&format!("{LIST}/client"), &[("client_code", "KLANT-78")])
                .await;
            assert!(
                listed(&other.body).is_empty(),
                "another number finds nothing"
            );
            let closed = worker.get(&format!("{LIST}?staat=afgesloten")).await;
            assert!(listed(&closed.body).is_empty(), "it is not closed yet");
            let by_number = worker.get(&format!("{LIST}?zoek=MIJN")).await;
            assert_eq!(listed(&by_number.body), ["mijn-1"], "found by its number");

            // A new registration may not take a stored number.
            let again = worker.post(LIST, &form).await;
            assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(again.body.contains("bestaat al"), "{}", again.body);

            // Opened again, then closed with its end scores; the client
            // stays linked though her number is not typed again, and the
            // score on finances, taken away, goes.
            let opened = worker.get(EDIT).await;
            assert_eq!(opened.status, StatusCode::OK);
            assert!(
                opened.body.contains("value=\"2022-03-01\""),
                "{}",
                opened.body
            );
            assert!(
                !opened.body.contains(pseudonym.as_str()),
                "no pseudonym in the form"
            );
            let version = app.store.data_version().await.expect("a version");
            form.retain(|(name, _)| !matches!(*name, "client_code" | "zrm_financien_start"));
            form.extend([
                ("first_contact_date", "2022-03-02"),
                ("end_date", "2022-11-30"),
                ("zrm_geestelijke_gezondheid_eind", "4"),
            ]);
            let done = worker.post(EDIT, &form).await;
            assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
            assert!(app.store.data_version().await.expect("a version") > version);
            let records = app.records("deschans").await;
            let stored = records
                .registrations
                .iter()
                .find(|r| r.id.as_str() == "mijn-1")
                .expect("stored");
            assert_eq!(stored.client.as_ref(), Some(&pseudonym), "the client stays");
            let scores: Vec<_> = records
                .scores
                .iter()
                .filter(|s| s.registration.as_str() == "mijn-1")
                .collect();
            assert_eq!(scores.len(), 1, "the finances score went: {scores:?}");
            let closed = worker.get(&format!("{LIST}?staat=afgesloten")).await;
            assert_eq!(listed(&closed.body), ["mijn-1"]);

            // The factsheet counts one more complete trajectory, its goal
            // reached.
            let after = goal_row(app).await;
            assert_eq!((after.0, after.1), (before.0 + 1, before.1 + 1));

            // The audit log says who changed what.
            let log = app
                .store
                .audit_log(&store::AuditFilter {
                    actor: Some(user(Role::Registrant, "deschans")),
                    ..Default::default()
                })
                .await
                .expect("the log");
            assert!(
                log.iter()
                    .any(|e| e.detail.contains("mijn-1") && e.detail.contains("end_date")),
                "{log:?}"
            );

            // A colleague neither lists nor opens it; the coordinator
            // sees the whole team's, imported ones too, and opens it.
            let name = colleague(app).await;
            let mut other = app.signed_in(&name).await;
            assert!(listed(&other.get(LIST).await.body).is_empty());
            assert_eq!(other.get(EDIT).await.status, StatusCode::NOT_FOUND);
            let refused = other.post(EDIT, &form).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND);
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let team = listed(&coordinator.get(LIST).await.body);
            assert!(team.len() > 1, "imported registrations too: {team:?}");
            let searched = coordinator.get(&format!("{LIST}?zoek=mijn-1")).await;
            assert_eq!(listed(&searched.body), ["mijn-1"]);
            assert_eq!(coordinator.get(EDIT).await.status, StatusCode::OK);
            let own = listed(&coordinator.get(&format!("{LIST}?wie=mijn")).await.body);
            assert!(own.is_empty(), "the coordinator registered none herself");

            // In English the domains read in English, the Dutch name beside.
            worker.get("/language/en").await;
            let english = worker
                .get("/organisations/deschans/registrations/new")
                .await;
            assert!(
                english
                    .body
                    .contains("Mental health (Geestelijke gezondheid)"),
                "{}",
                english.body
            );
            let listed_en = worker.get(LIST).await;
            assert!(listed_en
                .body
                .contains("Mental health (Geestelijke gezondheid)"));
        })
    });
}
