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

/// A file of the demo, as the demo imports it.
fn demo_file(name: &str) -> Vec<u8> {
    demo::generate(demo::DEFAULT_SEED)
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("the demo's {name}"))
        .bytes
}

/// By hand from the demo's registrations file: De Schans's registrations
/// in `area` running in 2022 (started by its end, not ended before it).
fn running_in_2022(area: &str) -> usize {
    let file = demo_file("registrations.csv");
    let mut reader = csv::Reader::from_reader(file.as_slice());
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

/// By hand from the demo's context file: each area's value of a context
/// indicator, as written there.
fn area_values(indicator: &str) -> Vec<(String, String)> {
    let file = demo_file("context.csv");
    let mut reader = csv::Reader::from_reader(file.as_slice());
    reader
        .records()
        .map(|r| r.expect("a row"))
        .filter(|r| &r[1] == indicator && AREAS.contains(&&r[2]))
        .map(|r| (r[2].to_string(), r[5].to_string()))
        .collect()
}

/// The ids of the page's maps' tables after `area-map-`.
fn map_ids(html: &str) -> Vec<&str> {
    html.split("<table id=\"area-map-")
        .skip(1)
        .filter_map(|t| t.split('"').next())
        .collect()
}

#[test]
fn the_areas_are_mapped_by_domain_share_and_context_figure_one_figure_a_map() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = |area: &str| format!("/organisations/deschans/areas/{area}/2022");
            let leek = researcher.get(&page("Leek")).await;
            assert_eq!(leek.status, StatusCode::OK, "{}", leek.body);
            let ids = map_ids(&leek.body);

            // A context figure known per area: the values of the file.
            let context = "context-eenzaamheid_volwassenen";
            assert!(ids.contains(&context), "{}: {ids:?}", db.label);
            let by_hand = area_values("eenzaamheid_volwassenen");
            assert_eq!(by_hand.len(), 4, "the file has the four areas");
            for (area, value) in &by_hand {
                let cells = row_cells(&leek.body, &format!("area-map-{context}"), area);
                assert_eq!(&cells[0], value, "{}: {area}", db.label);
            }

            // The domains mapped: each area's share is the one its own
            // page's table of domains shows.
            let domains: Vec<&str> = ids
                .iter()
                .copied()
                .filter(|id| !id.starts_with("context-"))
                .collect();
            assert_eq!(domains.len(), 3, "{}: {ids:?}", db.label);
            let own_pages = own_pages(&mut researcher, &page).await;
            for domain in domains {
                let caption = leek
                    .body
                    .split(&format!("<table id=\"area-map-{domain}\""))
                    .nth(1)
                    .and_then(|t| t.split("Registraties met ").nth(1))
                    .and_then(|t| t.split(" als hoofddomein").next())
                    .expect("the domain's name in the caption")
                    .to_string();
                for (area, own) in &own_pages {
                    let mapped = row_cells(&leek.body, &format!("area-map-{domain}"), area);
                    let shown = row_cells(own, "domain-shares", &caption);
                    assert_eq!(mapped[0], shown[1], "{}: {caption} in {area}", db.label);
                }
            }
        });
    }
}

/// Each area's own page.
async fn own_pages(
    client: &mut support::Client,
    page: &impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for area in AREAS {
        let own = client.get(&page(area)).await;
        assert_eq!(own.status, StatusCode::OK);
        pages.push((area.to_string(), own.body));
    }
    pages
}

#[test]
fn registrations_per_1000_inhabitants_where_the_areas_inhabitants_are_imported() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            // The areas' inhabitants, written for this test.
            let inhabitants = [
                ("Leek", 19_500.0),
                ("Marum", 10_400.0),
                ("Grootegast", 12_200.0),
                ("Zuidhorn", 18_900.0),
            ];
            let file = inhabitants.iter().fold(
                String::from("organisation,indicator,region_code,period,value,unit\n"),
                |f, (area, n)| f + &format!("deschans,inwoners,{area},2022,{n},aantal\n"),
            );
            app.import_file("context.csv", file.as_bytes()).await;
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = researcher
                .get("/organisations/deschans/areas/Marum/2022")
                .await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            for (area, people) in inhabitants {
                let rate = running_in_2022(area) as f64 / people * 1000.0;
                let by_hand = format!("{rate:.1}").replace('.', ",");
                let cells = row_cells(&page.body, "area-map-per-1000", area);
                assert_eq!(cells[0], by_hand, "{}: {area}", db.label);
            }
        });
    }
}

#[test]
fn the_annual_monitor_maps_the_areas_and_links_their_pages() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let monitor = researcher.get("/organisations/deschans/monitor/2022").await;
            assert_eq!(monitor.status, StatusCode::OK, "{}", monitor.body);
            let areas = monitor
                .body
                .split("<section id=\"areas\"")
                .nth(1)
                .expect("a section of the areas");
            for area in AREAS {
                assert!(
                    areas.contains(&format!(
                        "href=\"/organisations/deschans/areas/{area}/2022\""
                    )),
                    "{}: {area}'s page linked",
                    db.label
                );
                let cells = row_cells(&monitor.body, "area-map", area);
                assert_eq!(
                    cells[0],
                    running_in_2022(area).to_string(),
                    "{}: {area}",
                    db.label
                );
            }
            let map = map_of(areas);
            assert_eq!(
                map.matches("<path ").count(),
                4,
                "no area outlined above the others"
            );
            // The municipality's published monitor maps them too.
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let published = viewer.get("/organisations/deschans/monitor/2022").await;
            assert_eq!(published.status, StatusCode::OK);
            assert!(
                published.body.contains("<table id=\"area-map\""),
                "{}",
                db.label
            );
        });
    }
}
