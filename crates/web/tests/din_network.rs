//! The DIN as a network, on every backend: per Positive Health dimension
//! the goals of a year per theme, under each the efforts that serve it
//! with their partners by name, a stopped effort with its date and reason,
//! efforts without a goal of their own under their dimension; names, not
//! codes; the coordinator edits from there, a researcher reads.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::user;

const EFFORTS: &str = "organisation,effort_id,name,category,description,goals,themes,pg_dimensions,nature,partners,started,stopped,stop_reason
deschans,gt,Gebiedsteams,individuele_hulpverlening,,kw1,kwetsbare_inwoners,mentaal_welbevinden,curatief,huisarts|ggz,2020-01-01,,
deschans,sp,Spreekuur in de bibliotheek,samenwerking_doorverwijzing,,kw1,kwetsbare_inwoners,mentaal_welbevinden,preventief,,2020-01-01,2022-03-01,te weinig bezoekers
deschans,wt,Walk en Talk,collectieve_activiteit,,,kwetsbare_inwoners,mentaal_welbevinden,beide,,2021-01-01,,
";

/// The visible text of a page, its white space folded.
fn text(html: &str) -> String {
    support::visible(html)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_din_reads_as_a_network_of_goals_and_the_efforts_that_serve_them() {
    support::on_every_backend(|app| {
        Box::pin(async move {
            app.import_file("efforts.csv", EFFORTS.as_bytes()).await;
            let address = "/organisations/deschans/din-network?year=2022";
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let page = coordinator.get(address).await;
            assert_eq!(page.status, StatusCode::OK);
            let shown = text(&page.body);
            let at = |what: &str| {
                shown
                    .find(what)
                    .unwrap_or_else(|| panic!("{what:?} not in: {shown}"))
            };
            // Dimension, theme, goal, and under the goal its efforts.
            assert!(at("Mentaal welbevinden") < at("Kwetsbare inwoners"));
            assert!(
                at("Kwetsbare inwoners") < at("Prestatiedoel: Inwoners met psychische klachten")
            );
            assert!(at("Inwoners met psychische klachten") < at("Gebiedsteams — Individuele hulpverlening · curatief · met Huisartsen Westerkwartier, GGZ Groningen"));
            at("Spreekuur in de bibliotheek — Samenwerking en doorverwijzingen · preventief (gestopt op 1 maart 2022: te weinig bezoekers)");
            assert!(
                at("Inspanningen zonder eigen doel")
                    < at("Walk en Talk — Collectieve activiteiten · preventief en curatief")
            );
            for code in [
                "mentaal_welbevinden",
                "kw1",
                "individuele_hulpverlening",
                "huisarts|ggz",
            ] {
                assert!(!shown.contains(code), "{code} in: {shown}");
            }
            assert!(
                !shown.contains("Inzicht in eenzaamheid in Emmen"),
                "not another tenant's"
            );
            assert!(page
                .body
                .contains("/organisations/deschans/din/efforts?effort_id=gt"));

            // A researcher reads it, without the links to edit.
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let read = researcher.get(address).await;
            assert_eq!(read.status, StatusCode::OK);
            assert!(text(&read.body).contains("Gebiedsteams"));
            assert!(!read.body.contains("/din/efforts?effort_id="));
        })
    });
}
