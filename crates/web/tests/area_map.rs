//! The map of De Schans's areas through the user's path: the demo's files
//! (its registrations and CBS's outlines of the four former municipalities
//! as GeoJSON) imported through the importer on every backend, and the
//! area page read by the researcher and by Westerkwartier's viewer. The
//! registrations per area are counted by hand from the demo's file.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{row_cells, user, TestApp};

const AREAS: [&str; 4] = ["Leek", "Marum", "Grootegast", "Zuidhorn"];

/// By hand from the demo's registrations file: De Schans's registrations
/// in `area` running in 2022 (started by its end, not ended before it).
fn running_in_2022(area: &str) -> usize {
    let files = demo::generate(demo::DEFAULT_SEED);
    let file = files
        .iter()
        .find(|f| f.name == "registrations.csv")
        .expect("the registrations");
    let mut reader = csv::Reader::from_reader(file.bytes.as_slice());
    let header = reader.headers().expect("a header").clone();
    let at = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (org, of, start, end) = (
        at("organisation"),
        at("area"),
        at("start_date"),
        at("end_date"),
    );
    reader
        .records()
        .map(|r| r.expect("a row"))
        .filter(|r| &r[org] == "deschans" && &r[of] == area)
        .filter(|r| &r[start] <= "2022-12-31" && (r[end].is_empty() || &r[end] >= "2022-01-01"))
        .count()
}

/// The map's part of an area page: its SVG.
fn map_of(html: &str) -> &str {
    let at = html.find("class=\"chart map\"").expect("a map");
    let start = html[..at].rfind("<svg").expect("its drawing");
    let end = html[at..].find("</svg>").expect("its end") + at;
    &html[start..end]
}

#[test]
fn the_area_page_maps_the_four_areas_with_their_registrations_and_the_table_beside() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = researcher
                .get("/organisations/deschans/areas/Leek/2022")
                .await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            let map = map_of(&page.body);
            assert!(
                map.contains(
                    "<title id=\"area-map-title\">Figuur 1. Registraties per gebied, 2022</title>"
                ),
                "{}: the map has its title",
                db.label
            );
            assert_eq!(
                map.matches("<path ").count(),
                5,
                "four areas, Leek outlined"
            );
            for area in AREAS {
                let by_hand = running_in_2022(area);
                assert!(by_hand > 0, "{area} has registrations");
                let cells = row_cells(&page.body, "area-map", area);
                assert_eq!(cells[0], by_hand.to_string(), "{}: {area}", db.label);
                assert!(map.contains(&format!(">{area}</text>")), "{area} named");
                assert!(
                    map.contains(&format!(">{by_hand}</text>")),
                    "{area}'s count"
                );
            }

            // The municipality reads the published page with its map.
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let published = viewer.get("/organisations/deschans/areas/Leek/2022").await;
            assert_eq!(published.status, StatusCode::OK);
            assert_eq!(map_of(&published.body).matches("<path ").count(), 5);
        });
    }
}
