//! Public statistics other than CBS's uploaded on the web: a GGD
//! Gezondheidsmonitor table as `context.csv` with its `indicators.csv`,
//! both without an organisation column, uploaded by a coordinator as
//! "public statistics for every organisation" and confirmed, become the
//! installation's: the context indicator's page names the indicator as
//! the file does and shows the file's values, for the coordinator's
//! organisation and for another working for another municipality.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{on_the_demo, user};

/// Written for this test, by municipality and province name as GGD and
/// CBS write them.
const CONTEXT: &str = "indicator,region_code,period,value,unit,source\n\
    ernstig_eenzaam,Westerkwartier,2022,9.8,%,GGD Gezondheidsmonitor 2022\n\
    ernstig_eenzaam,Groningen (PV),2022,11.9,%,GGD Gezondheidsmonitor 2022\n\
    ernstig_eenzaam,Emmen,2022,13.6,%,GGD Gezondheidsmonitor 2022\n\
    ernstig_eenzaam,Nederland,2022,12.4,%,GGD Gezondheidsmonitor 2022\n";
const INDICATORS: &str = "indicator,name,unit,source\n\
    ernstig_eenzaam,Ernstig eenzaam (18 jaar en ouder),%,GGD Gezondheidsmonitor\n";

/// The value of the form field `name` in a page.
fn field<'a>(html: &'a str, name: &str) -> &'a str {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker).expect("the field") + marker.len();
    html[at..].split('"').next().expect("its value")
}

#[test]
fn a_ggd_table_uploaded_as_public_statistics_is_read_by_every_organisation() {
    on_the_demo(|app| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let form = coordinator.get("/organisations/deschans/import").await;
            assert!(
                form.body.contains("value=\"openbaar\""),
                "the choice is offered"
            );
            let checked = coordinator
                .import(
                    "/organisations/deschans/import",
                    &[
                        ("indicators.csv", INDICATORS.as_bytes()),
                        ("context.csv", CONTEXT.as_bytes()),
                    ],
                    &[("kind", "openbaar")],
                )
                .await;
            assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
            assert!(
                checked.body.contains("public statistics"),
                "the report says whose they are: {}",
                checked.body
            );
            let upload = field(&checked.body, "upload").to_string();
            let started = coordinator
                .post(
                    "/organisations/deschans/import/confirm",
                    &[("upload", &upload)],
                )
                .await;
            let stored = coordinator.finish_job(started).await;
            assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);

            for (organisation, value) in [("deschans", "9,8"), ("sedna", "13,6")] {
                let mut researcher = app.signed_in(&user(Role::Researcher, organisation)).await;
                let page = researcher
                    .get(&format!(
                        "/organisations/{organisation}/context/ernstig_eenzaam"
                    ))
                    .await;
                assert_eq!(page.status, StatusCode::OK, "{organisation}: {}", page.body);
                let text = support::visible(&page.body);
                assert!(
                    text.contains("Ernstig eenzaam (18 jaar en ouder)") && text.contains(value),
                    "{organisation}: {text}"
                );
            }
        })
    });
}
