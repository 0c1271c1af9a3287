//! Retention (issue 17): purging the registrations that ended before 2022
//! keeps the figures of the years they ran in. On the demo, on every
//! backend: the staff dashboard, the 2020 monitor and area page and the
//! API's figures of 2020 and 2021 are the same before and after; the
//! registrations are gone; the pages say the figures are fixed; a dry run
//! changes nothing.

mod support;

use domain::{OrganisationCode, Role};
use support::{user, TestApp};

/// The publication on a page (the page around it holds the session's
/// form token and, after a purge, the line that says the figures are
/// fixed), without the data version its notes name (a purge moves it).
fn article(html: &str) -> String {
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("its end");
    let mut text = html[start..end].to_string();
    while let Some(at) = text.find("Gegevensversie ") {
        let digits = text[at + 15..]
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        text.replace_range(at..at + 15 + digits, "Gegevensversie");
    }
    text
}

const PAGES: [&str; 3] = [
    "/organisations/deschans/dashboard",
    "/organisations/deschans/monitor/2020",
    "/organisations/deschans/areas/Leek/2020",
];
const API: [&str; 3] = [
    "/api/v1/organisations/deschans/figures?year=2020",
    "/api/v1/organisations/deschans/figures?year=2021",
    "/api/v1/organisations/deschans/figures?year=2021&area=Leek",
];

async fn seen(app: &TestApp) -> (Vec<String>, Vec<String>) {
    let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
    let mut pages = Vec::new();
    for page in PAGES {
        pages.push(article(&researcher.get(page).await.body));
    }
    let (mut api, _) = app.with_token(&user(Role::Researcher, "deschans")).await;
    let mut figures = Vec::new();
    for path in API {
        let answer: serde_json::Value =
            serde_json::from_str(&api.get(path).await.body).expect("JSON");
        figures.push(answer["figures"].to_string());
    }
    (pages, figures)
}

#[test]
fn purged_years_keep_their_figures_on_the_pages_and_in_the_api() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let code = OrganisationCode::parse("deschans").unwrap();
            let before_day = domain::parse_date("2022-01-01").unwrap();
            let ended = |records: &store::OrganisationRecords| {
                records
                    .registrations
                    .iter()
                    .filter(|r| r.end_date.is_some_and(|e| e < before_day))
                    .count()
            };
            let records = app.records("deschans").await;
            let old = ended(&records);
            assert!(old > 0, "the demo has registrations that ended in 2021");
            let before = seen(app).await;

            let dry = web::retention::purge(&app.store, before_day, Some(&code), true, "test")
                .await
                .expect("counted");
            assert_eq!(dry.registrations as usize, old);
            assert!(dry.per_year.contains_key(&("deschans".to_string(), 2020)));
            assert!(dry.per_year.contains_key(&("deschans".to_string(), 2021)));
            assert_eq!(
                ended(&app.records("deschans").await),
                old,
                "a dry run removes nothing"
            );

            let done = web::retention::purge(&app.store, before_day, Some(&code), false, "test")
                .await
                .expect("purged");
            assert_eq!(done.registrations as usize, old);
            let after_records = app.records("deschans").await;
            assert_eq!(ended(&after_records), 0);
            assert_eq!(
                after_records.registrations.len(),
                records.registrations.len() - old
            );

            let after = seen(app).await;
            assert_eq!(after.1, before.1, "the API's figures of 2020");
            for (page, (a, b)) in PAGES.iter().zip(after.0.iter().zip(&before.0)) {
                let diff: Vec<(&str, &str)> = a
                    .split('<')
                    .zip(b.split('<'))
                    .filter(|(x, y)| x != y)
                    .take(6)
                    .collect();
                assert!(a == b, "{page} changed: {diff:?}");
            }
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let monitor = researcher.get(PAGES[1]).await.body;
            assert!(
                monitor.contains("De cijfers van 2020 zijn vastgelegd op"),
                "{monitor}"
            );
            let dashboard = researcher.get(PAGES[0]).await.body;
            assert!(dashboard.contains("De cijfers van 2020, 2021 zijn vastgelegd op"));
            let audit = app
                .store
                .audit_log(&store::AuditFilter {
                    action: Some("purge".into()),
                    ..Default::default()
                })
                .await
                .unwrap();
            assert_eq!(audit.len(), 1);
        })
    });
}
