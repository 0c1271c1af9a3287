//! The JSON API: tokens act as their user until revoked, errors are JSON,
//! a municipality viewer's figures hold no small count, the figures equal
//! the page's, and the OpenAPI document describes exactly the API routes.

mod support;

use axum::http::StatusCode;
use domain::Role;
use serde_json::Value;
use support::{on_every_backend, row_cells, user, TestApp};

fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
}

#[test]
fn a_token_reads_as_its_user_until_it_is_revoked() {
    on_every_backend(|app| {
        Box::pin(async move {
            let (mut client, id, token) = app
                .with_token_shown(&user(Role::Researcher, "deschans"))
                .await;
            assert!(
                !token.contains(&id),
                "the public id gives away nothing of the token"
            );
            let page = client.get("/api/v1/organisations").await;
            assert_eq!(page.status, StatusCode::OK);
            // The scheme's name in any case, as HTTP has it.
            for scheme in ["bearer", "BEARER"] {
                let mut other = app.client().bearing(&token);
                other.scheme = scheme;
                let page = other.get("/api/v1/organisations").await;
                assert_eq!(page.status, StatusCode::OK, "{scheme}");
            }
            let codes: Vec<String> = json(&page.body)
                .as_array()
                .expect("a list")
                .iter()
                .map(|o| o["code"].as_str().expect("a code").to_string())
                .collect();
            assert_eq!(codes, ["deschans"]);

            let other = client.get("/api/v1/organisations/sedna/themes").await;
            assert_eq!(other.status, StatusCode::NOT_FOUND);
            assert_eq!(json(&other.body)["error"], "not_found");
            let missing = client
                .get("/api/v1/organisations/deschans/factsheets/no_such_theme/2022")
                .await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND);
            assert_eq!(json(&missing.body)["error"], "not_found");
            let bad = client
                .get("/api/v1/organisations/deschans/figures?year=twenty")
                .await;
            assert_eq!(bad.status, StatusCode::BAD_REQUEST);
            assert_eq!(json(&bad.body)["error"], "bad_request");

            let mut tx = app.store.begin().await.expect("a transaction");
            assert!(tx.revoke_api_token(&id, "test").await.expect("revokes"));
            tx.commit().await.expect("commits");
            let after = client.get("/api/v1/organisations").await;
            assert_eq!(after.status, StatusCode::UNAUTHORIZED);
            assert_eq!(json(&after.body)["error"], "unauthorized");
            assert!(after.headers.contains_key("www-authenticate"));
        })
    });
}

#[test]
fn an_unknown_token_is_refused_with_a_json_error() {
    on_every_backend(|app| {
        Box::pin(async move {
            let (mut client, _) = app.with_token(&user(Role::Researcher, "deschans")).await;
            let mut stranger = app.client();
            assert_eq!(
                stranger.get("/api/v1/organisations").await.status,
                StatusCode::UNAUTHORIZED
            );
            for forged in [
                "imt_0123456789abcdef0123456789abcdef0123456789abcdef",
                "",
                "imt_",
            ] {
                let page = app
                    .client()
                    .bearing(forged)
                    .get("/api/v1/organisations/deschans/themes")
                    .await;
                assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{forged:?}");
                assert_eq!(json(&page.body)["error"], "unauthorized");
            }
            let page = client.get("/api/v1/organisations").await;
            assert_eq!(page.status, StatusCode::OK);
            let tokens = app.store.api_tokens().await.expect("the tokens");
            assert!(tokens.iter().all(|t| t.revoked_at.is_none()));
            assert!(
                !format!("{tokens:?}").contains("imt_"),
                "the store never holds a token itself"
            );
        })
    });
}

/// Every count a figure of the JSON shows.
fn counts(figure: &Value) -> Vec<u64> {
    ["n", "numerator", "denominator"]
        .iter()
        .filter_map(|f| figure.get(*f).and_then(Value::as_u64))
        .collect()
}

#[test]
fn a_municipality_viewer_gets_no_small_count() {
    on_every_backend(|app| {
        Box::pin(async move {
            let path = "/api/v1/organisations/deschans/figures?year=2022&theme=kwetsbare_inwoners";
            let (mut viewer, _) = app
                .with_token(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let seen = json(&viewer.get(path).await.body);
            assert_eq!(seen["suppressed"], true);
            let (mut staff, _) = app.with_token(&user(Role::Researcher, "deschans")).await;
            let all = json(&staff.get(path).await.body);
            assert_eq!(all["suppressed"], false);
            let (seen, all) = (
                seen["figures"].as_array().expect("figures"),
                all["figures"].as_array().expect("figures"),
            );
            assert!(
                !seen.is_empty() && seen.len() < all.len(),
                "the viewer gets the page's counts, not every figure"
            );
            assert!(
                seen.iter().any(|f| f.get("suppressed").is_some()),
                "the page hides some counts"
            );
            let small = |n: &u64| (1..5).contains(n);
            assert!(
                all.iter()
                    .any(|f| f["indicator"] != "context" && counts(f).iter().any(small)),
                "the fixtures have small counts"
            );
            for f in seen.iter().filter(|f| f["indicator"] != "context") {
                assert!(!counts(f).iter().any(small), "a small count shown: {f}");
                if let Some(mark) = f.get("suppressed") {
                    assert!(mark == "primary" || mark == "secondary", "{f}");
                    assert!(f.get("value").is_none() && f.get("ci95").is_none(), "{f}");
                }
            }
        })
    });
}

#[test]
fn the_figures_and_the_factsheet_equal_the_page() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            let name = user(Role::MunicipalityViewer, "deschans");
            let mut browser = app.signed_in(&name).await;
            let page = browser
                .get("/organisations/deschans/factsheets/kwetsbare_inwoners/2022")
                .await;
            let shown = row_cells(&page.body, "goal-realisation", "Geestelijke gezondheid");
            let (mut client, _) = app.with_token(&name).await;
            let figures = json(
                &client
                    .get(
                        "/api/v1/organisations/deschans/figures?year=2022&theme=kwetsbare_inwoners",
                    )
                    .await
                    .body,
            );
            let gg = figures["figures"]
                .as_array()
                .expect("figures")
                .iter()
                .find(|f| {
                    f["indicator"] == "goal_realisation"
                        && f["keys"]["domain"] == "geestelijke_gezondheid"
                })
                .expect("the goal realisation of geestelijke gezondheid");
            assert_eq!(gg["denominator"].to_string(), shown[0], "{}", db.label);
            assert_eq!(gg["numerator"].to_string(), shown[1], "{}", db.label);

            let factsheet = json(
                &client
                    .get("/api/v1/organisations/deschans/factsheets/kwetsbare_inwoners/2022")
                    .await
                    .body,
            );
            let table = factsheet["sections"]
                .as_array()
                .expect("sections")
                .iter()
                .flat_map(|s| s["blocks"].as_array().expect("blocks"))
                .filter_map(|b| b.get("table"))
                .find(|t| t["id"] == "goal-realisation")
                .expect("the goal realisation table");
            let row = table["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .find(|r| r["label"] == "Geestelijke gezondheid")
                .expect("the row");
            let texts: Vec<&str> = row["cells"]
                .as_array()
                .expect("cells")
                .iter()
                .map(|c| c["text"].as_str().expect("a text"))
                .collect();
            assert_eq!(texts, shown, "{}", db.label);
            assert_eq!(row["cells"][0]["value"], 274, "{}", db.label);
        });
    }
}

#[test]
fn the_openapi_document_describes_every_api_route() {
    on_every_backend(|app| {
        Box::pin(async move {
            let page = app.client().get("/api/v1/openapi.json").await;
            assert_eq!(page.status, StatusCode::OK);
            let doc = json(&page.body);
            assert!(doc["openapi"]
                .as_str()
                .expect("a version")
                .starts_with("3."));
            let mut documented: Vec<String> = doc["paths"]
                .as_object()
                .expect("paths")
                .keys()
                .cloned()
                .collect();
            documented.sort();
            let mut routes: Vec<String> = web::ROUTES
                .iter()
                .filter(|r| web::access::is_api(r.path) && !r.path.ends_with("openapi.json"))
                .map(|r| r.path.to_string())
                .collect();
            routes.sort();
            assert_eq!(documented, routes);
            assert!(doc["components"]["securitySchemes"]["token"].is_object());
        })
    });
}

#[test]
fn an_admin_makes_and_revokes_a_token_on_the_tokens_page() {
    on_every_backend(|app| {
        Box::pin(async move {
            let m = publish::Lang::Nl.messages();
            let mut admin = app.signed_in("admin").await;
            assert_eq!(admin.get("/admin/tokens").await.status, StatusCode::OK);
            let refused = admin
                .post("/admin/tokens", &[("user", "nobody"), ("label", "")])
                .await;
            assert!(refused.body.contains(m.get("tokens.no_user")));
            assert!(refused.body.contains(m.get("tokens.bad_label")));
            assert!(app.store.api_tokens().await.expect("tokens").is_empty());

            let researcher = user(Role::Researcher, "deschans");
            let made = admin
                .post(
                    "/admin/tokens",
                    &[("user", &researcher), ("label", "dashboard")],
                )
                .await;
            let start = made
                .body
                .find("<code class=\"token\">")
                .expect("the token, once")
                + "<code class=\"token\">".len();
            let token: String = made.body[start..]
                .chars()
                .take_while(|c| *c != '<')
                .collect();
            let mut machine = app.client().bearing(&token);
            assert_eq!(
                machine.get("/api/v1/organisations").await.status,
                StatusCode::OK
            );
            let listed = admin.get("/admin/tokens").await;
            assert!(
                !listed.body.contains(&token),
                "the list never shows a token"
            );

            let tokens = app.store.api_tokens().await.expect("tokens");
            let id = &tokens
                .iter()
                .find(|t| t.label == "dashboard")
                .expect("the token's row")
                .id;
            assert!(listed.body.contains(id.as_str()), "the list shows its id");
            assert!(!token.contains(id.as_str()), "an id apart from the token");
            let revoked = admin.post("/admin/tokens/revoke", &[("id", id)]).await;
            assert_eq!(revoked.status, StatusCode::SEE_OTHER);
            assert_eq!(
                machine.get("/api/v1/organisations").await.status,
                StatusCode::UNAUTHORIZED
            );
        })
    });
}

/// The annual monitor, the dashboard, an area page and the survey results
/// come out of the API as their pages show them: every table row of the
/// JSON has the page's cells, for a municipality viewer (suppressed).
#[test]
fn every_publication_in_the_api_equals_its_page() {
    let db = store::testing::databases().into_iter().next().unwrap();
    support::runtime().block_on(async {
        let app = TestApp::demo(&db, 5).await;
        support::publish_everything(&app.store, "deschans").await;
        let name = user(Role::MunicipalityViewer, "deschans");
        let mut browser = app.signed_in(&name).await;
        let (mut client, _) = app.with_token(&name).await;
        for page in [
            "monitor/2022",
            "dashboard",
            "areas/Leek/2022",
            "surveys/2020",
        ] {
            let html = browser
                .get(&format!("/organisations/deschans/{page}"))
                .await
                .body;
            let answer = client
                .get(&format!("/api/v1/organisations/deschans/{page}"))
                .await;
            assert_eq!(answer.status, axum::http::StatusCode::OK, "{page}");
            let publication = json(&answer.body);
            assert_eq!(publication["suppressed"], true, "{page}");
            let mut rows = 0;
            let tables = publication["sections"]
                .as_array()
                .expect("sections")
                .iter()
                .flat_map(|s| s["blocks"].as_array().expect("blocks"))
                .filter_map(|b| b.get("table"))
                .filter(|t| t["unpublishable"].is_null());
            for table in tables {
                let id = table["id"].as_str().expect("an id");
                for row in table["rows"].as_array().expect("rows") {
                    let label = row["label"]
                        .as_str()
                        .expect("a label")
                        .replace('&', "&amp;");
                    let texts: Vec<String> = row["cells"]
                        .as_array()
                        .expect("cells")
                        .iter()
                        .map(|c| c["text"].as_str().expect("a text").to_string())
                        .collect();
                    let shown: Vec<String> = row_cells(&html, id, &label)
                        .into_iter()
                        .map(|c| c.replace("&amp;", "&"))
                        .collect();
                    assert_eq!(texts, shown, "{page} / {id} / {label}");
                    rows += 1;
                }
            }
            assert!(rows > 0, "{page} has tables");
        }
        let missing = client
            .get("/api/v1/organisations/deschans/areas/Nergens/2022")
            .await;
        assert_eq!(missing.status, axum::http::StatusCode::NOT_FOUND);
    });
}
