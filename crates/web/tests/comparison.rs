//! The organisations compared, through the user's path: the demo imported
//! through the importer on every backend, its pages published, and the
//! comparison page read as a researcher granted De Schans and Sedna and as
//! Westerkwartier's municipality viewer. Every figure is checked against
//! the organisation's own dashboard as the same reader sees it, and the
//! reach per 1,000 inhabitants against CBS's count in the shipped file.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{row_cells, user, Client, TestApp, RESEARCHER_OF_ALL};

/// The ids of a page's tables, in order.
fn table_ids(html: &str) -> Vec<String> {
    html.split("<table id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The row labels of a page's table.
fn row_labels(html: &str, id: &str) -> Vec<String> {
    let table = html
        .split(&format!("<table id=\"{id}\""))
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("no table {id}"));
    table
        .split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|rest| rest.split("</th>").next())
        .map(str::to_string)
        .collect()
}

/// A count as a page writes it ("1.557") as a number.
fn count(text: &str) -> u64 {
    text.replace(['.', ' '], "")
        .parse()
        .unwrap_or_else(|_| panic!("a count: {text}"))
}

/// The inhabitants CBS counted on 1 January, from the file the product
/// ships (crates/domain/data/cbs/population.csv).
fn inhabitants(municipality: &str, year: i32) -> u64 {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../domain/data/cbs/population.csv"
    );
    let text = std::fs::read_to_string(file).expect("the population file");
    text.lines()
        .find_map(|line| {
            let cells: Vec<&str> = line.split(';').collect();
            (cells[0] == municipality && cells[1] == year.to_string())
                .then(|| cells[2].parse().expect("a count"))
        })
        .expect("a population")
}

/// The organisation's name as the pages write it.
async fn name(app: &TestApp, organisation: &str) -> String {
    app.records(organisation).await.organisation.name
}

/// Every row of every table of the comparison, except the registrations,
/// holds the cells of its year in the organisation's dashboard as the same
/// reader sees it; gives how many rows were checked per organisation.
async fn agrees_with_the_dashboards(
    reader: &mut Client,
    comparison: &str,
    organisations: &[(&str, String)],
) -> Vec<usize> {
    let mut checked = vec![0; organisations.len()];
    for (i, (code, name)) in organisations.iter().enumerate() {
        let dashboard = reader
            .get(&format!("/organisations/{code}/dashboard"))
            .await;
        assert_eq!(dashboard.status, StatusCode::OK, "{code}'s dashboard");
        for id in table_ids(comparison) {
            if id == "registrations" {
                continue;
            }
            for label in row_labels(comparison, &id) {
                let Some(year) = label.strip_prefix(&format!("{name}, ")) else {
                    continue;
                };
                let ours = row_cells(comparison, &id, &label);
                let theirs = row_cells(&dashboard.body, &format!("trend-{id}"), year);
                assert_eq!(ours, theirs, "{id}, {label}");
                checked[i] += 1;
            }
        }
    }
    checked
}

/// The registrations row of an organisation's year: the count as its
/// dashboard shows it, CBS's inhabitants and the count per 1,000 of them.
async fn registrations_agree(
    reader: &mut Client,
    comparison: &str,
    (code, name, municipality, year): (&str, &str, &str, i32),
) {
    let dashboard = reader
        .get(&format!("/organisations/{code}/dashboard"))
        .await;
    let theirs = row_cells(&dashboard.body, "trend-registrations", &year.to_string());
    let ours = row_cells(comparison, "registrations", &format!("{name}, {year}"));
    assert_eq!(ours[0], theirs[0], "{name} {year}: the dashboard's count");
    let people = inhabitants(municipality, year);
    assert_eq!(count(&ours[1]), people, "{name} {year}: CBS's inhabitants");
    let rate = count(&ours[0]) as f64 * 1000.0 / people as f64;
    assert_eq!(
        ours[2],
        format!("{rate:.1}").replace('.', ","),
        "{name} {year}: per 1,000"
    );
}

#[test]
fn a_researcher_of_both_compares_de_schans_and_sedna_on_their_dashboards_figures() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let mut researcher = app.signed_in(RESEARCHER_OF_ALL).await;
            let home = researcher.get("/").await;
            assert!(
                home.body.contains("href=\"/comparison\""),
                "linked from the start page"
            );
            let page = researcher.get("/comparison").await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            let (schans, sedna) = (name(app, "deschans").await, name(app, "sedna").await);
            let organisations = [("deschans", schans.clone()), ("sedna", sedna.clone())];
            let checked =
                agrees_with_the_dashboards(&mut researcher, &page.body, &organisations).await;
            assert!(
                checked.iter().all(|n| *n > 0),
                "both organisations compared: {checked:?}"
            );
            registrations_agree(
                &mut researcher,
                &page.body,
                ("deschans", &schans, "GM1969", 2022),
            )
            .await;
            registrations_agree(
                &mut researcher,
                &page.body,
                ("sedna", &sedna, "GM0114", 2021),
            )
            .await;
            // The years differ, and the page says so.
            assert!(
                page.body.contains("niet dezelfde jaren"),
                "the note on years"
            );
            // Every table downloads as the page shows it.
            let csv = researcher
                .get("/comparison?download=csv&table=registrations")
                .await;
            assert_eq!(csv.status, StatusCode::OK);
            assert!(csv.body.contains(&format!("{sedna}, 2021")), "{}", csv.body);
        })
    });
}

#[test]
fn a_municipality_viewer_compares_only_what_was_published_for_their_municipality() {
    for k in [5, 10] {
        for db in store::testing::databases() {
            support::runtime().block_on(async {
                let app = TestApp::demo(&db, k).await;
                let mut viewer = app
                    .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                    .await;
                let page = viewer.get("/comparison").await;
                assert_eq!(page.status, StatusCode::OK, "{}", page.body);
                let (schans, sedna) = (name(&app, "deschans").await, name(&app, "sedna").await);
                assert!(!page.body.contains(&sedna), "Sedna works for Emmen");
                let organisations = [("deschans", schans.clone())];
                let checked =
                    agrees_with_the_dashboards(&mut viewer, &page.body, &organisations).await;
                assert!(checked[0] > 0, "k = {k}: De Schans compared");
                registrations_agree(
                    &mut viewer,
                    &page.body,
                    ("deschans", &schans, "GM1969", 2022),
                )
                .await;
                assert!(page.body.contains("gepubliceerde dashboards"), "says whose");
            });
        }
    }
}
