//! The forms through the user's path on every backend: what is typed goes
//! through the importer into the store and shows on the pages; a refused
//! form stores nothing and names the field; the DIN gets dated versions
//! that compare side by side; texts keep every version with who and when.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{on_every_backend, user, TestApp};

#[test]
fn a_coordinator_keeps_the_din_and_compares_two_versions() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            client
                .post(
                    "/organisations/deschans/din-versions",
                    &[("as_of", "2023-01-01")],
                )
                .await;
            let form = client
                .get("/organisations/deschans/din/themes?theme=kwetsbare_inwoners&year=2022")
                .await;
            assert_eq!(form.status, StatusCode::OK);
            assert!(
                form.body.contains("value=\"Kwetsbare inwoners\""),
                "the stored theme fills the form"
            );
            let refused = client
                .post(
                    "/organisations/deschans/din/themes",
                    &[
                        ("theme", "kwetsbare_inwoners"),
                        ("name", "Kwetsbare inwoners"),
                        ("year", "twintig"),
                    ],
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(
                refused.body.contains("id=\"year-error\""),
                "the message stands under the year"
            );
            assert!(
                refused.body.contains("value=\"twintig\""),
                "what was typed is kept"
            );
            let saved = client
                .post(
                    "/organisations/deschans/din/themes",
                    &[
                        ("theme", "kwetsbare_inwoners"),
                        ("name", "Kwetsbare en eenzame inwoners"),
                        ("year", "2022"),
                        ("zrm_domains", "geestelijke_gezondheid"),
                        ("zrm_domains", "sociaal_netwerk"),
                        ("zrm_domains", "financien"),
                    ],
                )
                .await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
            let factsheet = client
                .get("/organisations/deschans/factsheets/kwetsbare_inwoners/2022")
                .await;
            assert!(factsheet
                .body
                .contains("<h1>Kwetsbare en eenzame inwoners</h1>"));
            // A version as of today holds the edit; one as of a day
            // before it, the network as it was then.
            let today = chrono::Local::now().date_naive().to_string();
            for day in [today.as_str(), "2023-02-01"] {
                client
                    .post("/organisations/deschans/din-versions", &[("as_of", day)])
                    .await;
            }
            let compare = client
                .get(&format!(
                    "/organisations/deschans/din-compare?from=2023-01-01&to={today}"
                ))
                .await;
            assert_eq!(compare.status, StatusCode::OK);
            assert!(
                compare.body.contains("Kwetsbare en eenzame inwoners"),
                "the new name is in the comparison"
            );
            assert!(
                compare.body.contains("Financiën") && !compare.body.contains("financien"),
                "domains by name: {}",
                compare.body
            );
            let table = compare.body.split("<tbody>").nth(1).expect("the changes");
            assert!(
                table.contains("coordinator-deschans") && !table.contains("web:"),
                "who changed it, by user name: {table}"
            );
            let before = client
                .get("/organisations/deschans/din-compare?from=2023-01-01&to=2023-02-01")
                .await;
            assert!(
                !before.body.contains("Kwetsbare en eenzame inwoners"),
                "on 2023-02-01 the theme had its old name: {}",
                before.body
            );
            let log = app
                .store
                .audit_log(&store::AuditFilter {
                    action: Some("change themes".into()),
                    ..Default::default()
                })
                .await
                .expect("the log");
            assert!(
                log.iter().any(|e| e.actor == "web:coordinator-deschans"
                    && e.detail
                        .contains("Kwetsbare inwoners → Kwetsbare en eenzame inwoners")),
                "the audit log has who, before and after: {log:?}"
            );
        })
    });
}

/// The state the texts page gives the one goal of De Schans's fixtures.
fn goal_state(texts: &str) -> &'static str {
    let line = texts
        .split("<li>")
        .find(|l| l.contains("Inwoners met psychische klachten worden tijdig ondersteund</a>"))
        .unwrap_or_else(|| panic!("the goal is listed: {texts}"));
    ["ontbreekt", "gewijzigd sinds publicatie", "geschreven"]
        .into_iter()
        .find(|state| line.contains(state))
        .unwrap_or_else(|| panic!("a state: {line}"))
}

#[test]
fn an_interpretation_is_written_beside_its_goal_previewed_and_listed_with_its_state() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let texts = client.get("/organisations/deschans/texts").await;
            assert_eq!(goal_state(&texts.body), "ontbreekt");
            let write = "/organisations/deschans/texts/narrative?theme=kwetsbare_inwoners&year=2022&section=duiding&goal=kw1";
            let page = client.get(write).await;
            assert_eq!(page.status, StatusCode::OK);
            let beside = page
                .body
                .split("class=\"beside\"")
                .nth(1)
                .and_then(|b| b.split("</section>").next())
                .expect("the goal beside the form");
            assert!(
                beside.contains("Inwoners met psychische klachten"),
                "{beside}"
            );
            assert!(beside.contains("Prestatiedoel"), "its type: {beside}");
            let fields = [
                ("theme", "kwetsbare_inwoners"),
                ("year", "2022"),
                ("section", "duiding"),
                ("goal", "kw1"),
                ("text", "Het doel is **bijna** gehaald."),
            ];
            let version = app.store.data_version().await.expect("a version");
            let mut previewed = fields.to_vec();
            previewed.push(("preview", "1"));
            let preview = client
                .post("/organisations/deschans/texts/narrative", &previewed)
                .await;
            assert_eq!(preview.status, StatusCode::OK);
            assert!(
                preview.body.contains("<strong>bijna</strong>"),
                "the Markdown rendered: {}",
                preview.body
            );
            assert_eq!(
                app.store.data_version().await.expect("a version"),
                version,
                "a preview stores nothing"
            );
            let saved = client
                .post("/organisations/deschans/texts/narrative", &fields)
                .await;
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
            let texts = client.get("/organisations/deschans/texts").await;
            assert_eq!(
                goal_state(&texts.body),
                "gewijzigd sinds publicatie",
                "the factsheet was published before the text was written"
            );
            // On the factsheet the interpretation stands with its goal,
            // under "Doelen", not in the closing summary.
            let factsheet = client
                .get("/organisations/deschans/factsheets/kwetsbare_inwoners/2022")
                .await;
            let goals = factsheet
                .body
                .split("<section id=\"goals\"")
                .nth(1)
                .and_then(|s| s.split("</section>").next())
                .expect("the goals section");
            assert!(goals.contains("<strong>bijna</strong>"), "{goals}");
        })
    });
}

#[test]
fn a_researcher_writes_an_interpretation_that_keeps_its_versions() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Researcher, "deschans")).await;
            for text in [
                "Eerste *versie*.",
                "Tweede versie, met <script>alert(1)</script>.",
            ] {
                let page = client
                    .post(
                        "/organisations/deschans/texts/narrative",
                        &[
                            ("theme", "kwetsbare_inwoners"),
                            ("year", "2022"),
                            ("section", "duiding"),
                            ("goal", "kw1"),
                            ("text", text),
                        ],
                    )
                    .await;
                assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
            }
            let factsheet = client
                .get("/organisations/deschans/factsheets/kwetsbare_inwoners/2022")
                .await;
            assert!(factsheet.body.contains("Tweede versie"));
            assert!(
                !factsheet.body.contains("<script>alert"),
                "HTML in a text is never passed through"
            );
            let texts = client.get("/organisations/deschans/texts").await;
            assert!(
                texts.body.contains("Eerste *versie*."),
                "the first version is kept"
            );
            assert!(
                texts.body.contains("researcher-deschans") && !texts.body.contains("web:"),
                "with who wrote it, by user name"
            );
        })
    });
}

#[test]
fn a_registrant_records_a_collective_period_and_a_refused_one_stores_nothing() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Registrant, "deschans")).await;
            let version = app.store.data_version().await.expect("a version");
            let refused = client
                .post(
                    "/organisations/deschans/collective/collective",
                    &[
                        ("activity", "walk"),
                        ("period_start", "2022-01-01"),
                        ("period_end", "2022-12-31"),
                        ("meetings", "veel"),
                    ],
                )
                .await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(refused.body.contains("field-error"), "{}", refused.body);
            assert_eq!(
                app.store.data_version().await.expect("a version"),
                version,
                "nothing was stored"
            );
        })
    });
}

#[test]
fn a_coordinator_checks_an_upload_then_confirms_it_and_other_tenants_rows_are_refused() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            client.get("/organisations/deschans/import").await;
            let count = |app: &TestApp| {
                let store = app.store.clone();
                async move {
                    let code = domain::OrganisationCode::parse("deschans").expect("a code");
                    store
                        .organisation_records(&code)
                        .await
                        .expect("records")
                        .expect("deschans")
                        .registrations
                        .len()
                }
            };
            let before = count(app).await;
            let header = "registration_id,organisation,form,start_date,age_group,main_domain\n";
            let foreign = format!("{header}u1,deschans,traject,2022-04-01,27-55,geestelijke_gezondheid\nu2,sedna,traject,2022-04-01,27-55,geestelijke_gezondheid\n");
            let refused = client
                .import(
                    "/organisations/deschans/import",
                    &[("registrations.csv", foreign.as_bytes())],
                    &[("kind", "")],
                )
                .await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                refused.body
            );
            assert!(
                refused.body.contains("not deschans"),
                "the other tenant's row is named: {}",
                refused.body
            );
            assert_eq!(count(app).await, before, "a refused upload stores nothing");

            let good =
                format!("{header}u1,deschans,traject,2022-04-01,27-55,geestelijke_gezondheid\n");
            let checked = client
                .import(
                    "/organisations/deschans/import",
                    &[("registrations.csv", good.as_bytes())],
                    &[("kind", "")],
                )
                .await;
            assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
            assert_eq!(count(app).await, before, "the check stores nothing");
            let at = checked
                .body
                .find("name=\"upload\" value=\"")
                .expect("a confirmation form")
                + "name=\"upload\" value=\"".len();
            let upload: String = checked.body[at..]
                .chars()
                .take_while(|c| *c != '"')
                .collect();
            let started = client
                .post(
                    "/organisations/deschans/import/confirm",
                    &[("upload", &upload)],
                )
                .await;
            let stored = client.finish_job(started).await;
            assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
            assert_eq!(count(app).await, before + 1);
            let again = client
                .post(
                    "/organisations/deschans/import/confirm",
                    &[("upload", &upload)],
                )
                .await;
            assert_eq!(
                again.status,
                StatusCode::BAD_REQUEST,
                "an upload is imported once"
            );
        })
    });
}

#[test]
fn a_municipality_viewer_sees_a_page_only_while_it_is_published() {
    on_every_backend(|app| {
        Box::pin(async move {
            let monitor = "/organisations/sedna/monitor/2022";
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "sedna"))
                .await;
            assert_eq!(
                viewer.get(monitor).await.status,
                StatusCode::NOT_FOUND,
                "not published yet"
            );
            assert!(
                !viewer.get("/").await.body.contains(monitor),
                "and not on the start page"
            );
            let mut researcher = app.signed_in(&user(Role::Researcher, "sedna")).await;
            let page = researcher.get(monitor).await;
            assert_eq!(
                page.status,
                StatusCode::OK,
                "staff see it before it is published"
            );
            assert!(
                page.body
                    .contains("/organisations/sedna/monitor/2022?voorbeeld"),
                "publishing begins with the preview"
            );
            let done = researcher
                .post(
                    "/organisations/sedna/publications",
                    &[("page", "monitor/2022"), ("action", "publish")],
                )
                .await;
            assert_eq!(
                done.location.as_deref(),
                Some(format!("{monitor}?publication=published-1").as_str())
            );
            assert_eq!(
                viewer.get(monitor).await.status,
                StatusCode::OK,
                "published"
            );
            assert!(viewer.get("/").await.body.contains(monitor));
            researcher
                .post(
                    "/organisations/sedna/publications",
                    &[
                        ("page", "monitor/2022"),
                        ("action", "withdraw"),
                        ("reason", "nog niet af"),
                    ],
                )
                .await;
            assert_eq!(
                viewer.get(monitor).await.status,
                StatusCode::NOT_FOUND,
                "withdrawn"
            );
            let mut registrant = app.signed_in(&user(Role::Registrant, "sedna")).await;
            let refused = registrant
                .post(
                    "/organisations/sedna/publications",
                    &[("page", "monitor/2022"), ("action", "publish")],
                )
                .await;
            assert_eq!(
                refused.status,
                StatusCode::NOT_FOUND,
                "a registrant does not publish"
            );
        })
    });
}

#[test]
fn a_stored_goal_opens_to_be_edited_and_a_new_one_to_be_made() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let stored = coordinator
                .get("/organisations/deschans/din/goals?goal_id=kw1")
                .await;
            assert_eq!(stored.status, StatusCode::OK);
            assert!(
                stored.body.contains("<h1>Doel wijzigen</h1>"),
                "{}",
                stored.body
            );
            let new = coordinator.get("/organisations/deschans/din/goals").await;
            assert!(new.body.contains("<h1>Nieuw doel</h1>"), "{}", new.body);
        })
    });
}
