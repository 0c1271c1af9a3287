//! The page of one context indicator through the user's path: the demo
//! and CBS's national StatLine export (70072ned, every municipality)
//! imported through the importer on every backend, and Westerkwartier's
//! share of children under 5 read beside the municipalities of its size
//! class, of its province and of the reader's choice. The groups, the mean
//! and the rank are worked out by hand from the export.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{row_cells, user, TestApp};

use interchange::testing::REGIONAL_EXPORT as REGIONAL;
const PAGE: &str = "/organisations/deschans/context/70072ned_jonger_dan_5_jaar_pct";

/// The labels of the page's table of municipalities, the municipality's
/// own marked "(deze gemeente)".
fn members(html: &str) -> Vec<String> {
    let table = html
        .split("<table id=\"peers\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .expect("the table of municipalities");
    table
        .split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|rest| rest.split("</th>").next())
        .map(|label| label.trim_end_matches(" (deze gemeente)").to_string())
        .collect()
}

/// The demo with the national export imported.
async fn with_the_export(db: &store::testing::TestDatabase) -> TestApp {
    let app = TestApp::demo(db, 5).await;
    let bytes = std::fs::read(interchange::testing::cbs_fixture(REGIONAL)).expect("the export");
    app.import_file(REGIONAL, &bytes).await;
    app
}

#[test]
fn westerkwartier_beside_its_size_class_its_province_and_municipalities_chosen_by_name() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = with_the_export(&db).await;
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;

            // The default: CBS's size class 5, 50 000 to 100 000 inhabitants.
            let page = researcher.get(PAGE).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            let group =
                interchange::testing::under_5_by_hand(|n| (50_000.0..100_000.0).contains(&n));
            let mut by_hand: Vec<&str> = group.iter().map(|(n, _)| n.as_str()).collect();
            let mut shown = members(&page.body);
            assert_eq!(shown.len(), group.len(), "{}: the size class", db.label);
            let own = group.iter().find(|(n, _)| n == "Westerkwartier").unwrap().1;
            let rank = 1 + group.iter().filter(|(_, v)| *v > own).count();
            let mean = group.iter().map(|(_, v)| v).sum::<f64>() / group.len() as f64;
            let summary = format!("Westerkwartier staat op plaats {rank} van {}", group.len());
            assert!(page.body.contains(&summary), "{}: {summary}", db.label);
            let mean = format!("gemiddelde van de groep is {mean:.2}").replace('.', ",");
            assert!(page.body.contains(&mean), "{}: {mean}", db.label);
            let cells = row_cells(&page.body, "peers", "Westerkwartier (deze gemeente)");
            assert_eq!(cells[0], rank.to_string(), "{}: the rank", db.label);
            by_hand.sort_unstable();
            shown.sort_unstable();
            assert_eq!(shown, by_hand, "{}", db.label);

            // Its province: Groningen's municipalities in 2025.
            let page = researcher.get(&format!("{PAGE}?groep=provincie")).await;
            let mut shown = members(&page.body);
            shown.sort_unstable();
            let groningen = [
                "Eemsdelta",
                "Groningen",
                "Het Hogeland",
                "Midden-Groningen",
                "Oldambt",
                "Pekela",
                "Stadskanaal",
                "Veendam",
                "Westerkwartier",
                "Westerwolde",
            ];
            assert_eq!(shown, groningen, "{}: the province", db.label);

            // Chosen by name, one of them no municipality.
            let page = researcher
                .get(&format!(
                    "{PAGE}?groep=eigen&gemeenten=Emmen%2C+Bergen+(NH.)%2C+Nergenshuizen"
                ))
                .await;
            let mut shown = members(&page.body);
            shown.sort_unstable();
            assert_eq!(
                shown,
                ["Bergen (NH.)", "Emmen", "Westerkwartier"],
                "{}",
                db.label
            );
            assert!(
                page.body
                    .contains("Niet gevonden als gemeente: Nergenshuizen"),
                "{}: the unknown name said",
                db.label
            );

            // Every table downloads as the page shows it.
            let csv = researcher
                .get(&format!("{PAGE}?download=csv&table=peers"))
                .await;
            assert_eq!(csv.status, StatusCode::OK);
            assert!(csv.body.contains("Westerkwartier"), "{}", csv.body);

            // The factsheet links every context indicator to its page.
            let factsheet = researcher
                .get("/organisations/deschans/factsheets/kwetsbare_inwoners/2022")
                .await;
            let link = factsheet
                .body
                .split("href=\"/organisations/deschans/context/")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .expect("a link to an indicator's page");
            let linked = researcher
                .get(&format!("/organisations/deschans/context/{link}"))
                .await;
            assert_eq!(linked.status, StatusCode::OK, "{link}");

            // The municipality reads it too; an indicator it has no value of
            // is not found.
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            assert_eq!(viewer.get(PAGE).await.status, StatusCode::OK);
            let missing = "/organisations/deschans/context/no_such_indicator";
            assert_eq!(viewer.get(missing).await.status, StatusCode::NOT_FOUND);
        });
    }
}

#[test]
fn westerkwartier_beside_the_municipalities_of_its_size_and_urbanity() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = with_the_export(&db).await;
            // Urbanity as public statistics, by the names CBS writes
            // (written for this test): Westerkwartier and two others of its
            // size class not urban, two others hardly urban.
            let group =
                interchange::testing::under_5_by_hand(|n| (50_000.0..100_000.0).contains(&n));
            let others: Vec<&str> = group
                .iter()
                .map(|(n, _)| n.as_str())
                .filter(|n| *n != "Westerkwartier")
                .take(4)
                .collect();
            let mut rows = vec![("Westerkwartier", 5)];
            rows.extend(others.iter().zip([5, 5, 4, 4]).map(|(n, u)| (*n, u)));
            let file = rows.iter().fold(
                String::from("indicator,region_code,period,value,unit\n"),
                |f, (name, class)| {
                    f + &format!("mate_van_stedelijkheid,\"{name}\",2025,{class},code\n")
                },
            );
            app.import_file("context.csv", file.as_bytes()).await;

            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = researcher.get(PAGE).await;
            assert!(
                page.body.contains("value=\"stedelijkheid\""),
                "{}: the choice is offered once urbanity is known",
                db.label
            );
            let page = researcher.get(&format!("{PAGE}?groep=stedelijkheid")).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            let mut shown = members(&page.body);
            shown.sort_unstable();
            let mut by_hand = vec!["Westerkwartier", others[0], others[1]];
            by_hand.sort_unstable();
            assert_eq!(shown, by_hand, "{}", db.label);
            assert!(
                support::visible(&page.body).contains("ook niet stedelijk zijn"),
                "{}: the group is said",
                db.label
            );
        });
    }
}
