//! A publication with no data says so rather than showing empty charts:
//! the fixtures' theme "Geldzaken" 2023 has no registration on its domain.

mod support;

use axum::http::StatusCode;
use domain::Role;
use serde_json::Value;
use support::{on_every_backend, user};

#[test]
fn a_factsheet_without_registrations_says_so() {
    on_every_backend(|app| {
        Box::pin(async move {
            let m = publish::Lang::Nl.messages();
            let path = "/organisations/deschans/factsheets/geldzaken/2023";
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = researcher.get(path).await;
            assert_eq!(page.status, StatusCode::OK);
            let individual = page
                .body
                .split("id=\"individual\"")
                .nth(1)
                .expect("the individual support section");
            let individual = individual.split("</section>").next().unwrap_or_default();
            assert!(individual.contains(m.get("factsheet.no_registrations")));
            assert!(!individual.contains("<svg"), "no empty chart");
            assert!(!individual.contains("<table"), "no table of zeros");

            let (mut client, _) = app.with_token(&user(Role::Researcher, "deschans")).await;
            let json: Value = serde_json::from_str(
                &client
                    .get("/api/v1/organisations/deschans/factsheets/geldzaken/2023")
                    .await
                    .body,
            )
            .expect("JSON");
            let section = json["sections"]
                .as_array()
                .expect("sections")
                .iter()
                .find(|s| s["id"] == "individual")
                .expect("the section");
            assert_eq!(
                section["blocks"][0]["text"],
                m.get("factsheet.no_registrations")
            );
        })
    });
}
