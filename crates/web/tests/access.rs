//! Every route × every role × two tenants against the table below: who may
//! use a route, and that a tenant's data never reaches anyone else (its
//! URLs answer 404 to them, and its name appears on no page they get). A
//! route of the application without a line in the table fails the test.

mod support;

use axum::http::StatusCode;
use domain::Role;
use support::{on_every_backend, user, Client, Page, TestApp, TENANTS};

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    As(Role),
}

use Role::{Admin, Coordinator, MunicipalityViewer, Registrant, Researcher};

const SIGNED_IN: &[Role] = &[
    Registrant,
    Coordinator,
    Researcher,
    MunicipalityViewer,
    Admin,
];

/// The expected table: method, path, whether anonymous visitors may, and
/// the roles that may (for a tenant route: on their own tenant; on the
/// other tenant nobody may).
const EXPECTED: &[(&str, &str, bool, &[Role])] = &[
    ("GET", "/assets/style.css", true, SIGNED_IN),
    ("GET", "/sign-in", true, SIGNED_IN),
    ("POST", "/sign-in", true, SIGNED_IN),
    ("GET", "/language/{code}", true, SIGNED_IN),
    ("POST", "/sign-out", false, SIGNED_IN),
    ("GET", "/", false, SIGNED_IN),
    ("GET", "/comparison", false, SIGNED_IN),
    (
        "GET",
        "/organisations/{org}/context/{indicator}",
        false,
        READERS,
    ),
    (
        "GET",
        "/organisations/{org}/factsheets/{theme}/{year}",
        false,
        &[Registrant, Coordinator, Researcher, MunicipalityViewer],
    ),
    (
        "GET",
        "/organisations/{org}/monitor/{year}",
        false,
        &[Registrant, Coordinator, Researcher, MunicipalityViewer],
    ),
    (
        "GET",
        "/organisations/{org}/surveys/{year}",
        false,
        &[Registrant, Coordinator, Researcher, MunicipalityViewer],
    ),
    (
        "GET",
        "/organisations/{org}/dashboard",
        false,
        &[Registrant, Coordinator, Researcher, MunicipalityViewer],
    ),
    (
        "GET",
        "/organisations/{org}/areas/{area}/{year}",
        false,
        &[Registrant, Coordinator, Researcher, MunicipalityViewer],
    ),
    (
        "POST",
        "/organisations/{org}/publications",
        false,
        &[Researcher, Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/registrations/new",
        false,
        &[Registrant, Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/registrations",
        false,
        &[Registrant, Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/registrations",
        false,
        &[Registrant, Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/registrations/client",
        false,
        &[Registrant, Coordinator],
    ),
    // A registrant opens only the registrations she made in the form
    // (tests/registrations.rs); the fixtures' were imported.
    (
        "GET",
        "/organisations/{org}/registrations/{id}/edit",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/registrations/{id}/edit",
        false,
        &[Coordinator],
    ),
    ("GET", "/organisations/{org}/din", false, &[Coordinator]),
    (
        "GET",
        "/organisations/{org}/din/{kind}",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/din/{kind}",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/din-versions",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/din-network",
        false,
        &[Coordinator, Researcher],
    ),
    (
        "GET",
        "/organisations/{org}/din-compare",
        false,
        &[Coordinator],
    ),
    ("GET", "/organisations/{org}/plan", false, &[Coordinator]),
    (
        "GET",
        "/organisations/{org}/plan/{kind}",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/plan/{kind}",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/collective",
        false,
        &[Registrant, Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/collective/{kind}",
        false,
        &[Registrant, Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/collective/{kind}",
        false,
        &[Registrant, Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/texts",
        false,
        &[Researcher, Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/check",
        false,
        &[Researcher, Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/texts/{kind}",
        false,
        &[Researcher, Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/texts/{kind}",
        false,
        &[Researcher, Coordinator],
    ),
    ("GET", "/organisations/{org}/import", false, &[Coordinator]),
    ("POST", "/organisations/{org}/import", false, &[Coordinator]),
    (
        "POST",
        "/organisations/{org}/import/confirm",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/import/jobs/{job}",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/import/templates/{file}",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/import/history/{file}",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/mappings",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/mappings/new",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/mappings/edit",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/mappings/upload",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/mappings/{name}/edit",
        false,
        &[Coordinator],
    ),
    (
        "GET",
        "/organisations/{org}/mappings/{file}",
        false,
        &[Coordinator],
    ),
    (
        "POST",
        "/organisations/{org}/mappings/{name}/delete",
        false,
        &[Coordinator],
    ),
    ("GET", "/organisations/{org}/logo", false, &[Coordinator]),
    ("POST", "/organisations/{org}/logo", false, &[Coordinator]),
    (
        "POST",
        "/organisations/{org}/logo/remove",
        false,
        &[Coordinator],
    ),
    ("GET", "/admin/audit", false, &[Admin]),
    ("GET", "/admin/erase", false, &[Admin]),
    ("POST", "/admin/erase", false, &[Admin]),
    ("GET", "/admin/tokens", false, &[Admin]),
    ("POST", "/admin/tokens", false, &[Admin]),
    ("POST", "/admin/tokens/revoke", false, &[Admin]),
    ("GET", "/api/v1/openapi.json", true, SIGNED_IN),
    ("GET", "/api/v1/organisations", false, SIGNED_IN),
    ("GET", "/api/v1/organisations/{org}/themes", false, READERS),
    ("GET", "/api/v1/organisations/{org}/din", false, READERS),
    ("GET", "/api/v1/organisations/{org}/figures", false, READERS),
    ("GET", "/api/v1/organisations/{org}/context", false, READERS),
    (
        "GET",
        "/api/v1/organisations/{org}/factsheets/{theme}/{year}",
        false,
        READERS,
    ),
    (
        "GET",
        "/api/v1/organisations/{org}/monitor/{year}",
        false,
        READERS,
    ),
    (
        "GET",
        "/api/v1/organisations/{org}/dashboard",
        false,
        READERS,
    ),
    (
        "GET",
        "/api/v1/organisations/{org}/areas/{area}/{year}",
        false,
        READERS,
    ),
    (
        "GET",
        "/api/v1/organisations/{org}/surveys/{year}",
        false,
        READERS,
    ),
];

/// Everyone who reads an organisation's figures.
const READERS: &[Role] = &[Registrant, Coordinator, Researcher, MunicipalityViewer];

fn expected(method: &str, path: &str) -> (bool, &'static [Role]) {
    EXPECTED
        .iter()
        .find(|(m, p, _, _)| *m == method && *p == path)
        .map(|(_, _, anonymous, roles)| (*anonymous, *roles))
        .unwrap_or_else(|| {
            panic!("route {method} {path} has no line in the expected table of tests/access.rs")
        })
}

fn concrete(path: &str, tenant: &str) -> String {
    let path = match path.ends_with("/context") {
        true => format!("{path}?year=2022"),
        false => path.to_string(),
    };
    path.replace("{org}", tenant)
        .replace("{theme}", "kwetsbare_inwoners")
        .replace("{year}", "2022")
        .replace("{area}", area_of(tenant))
        .replace("{kind}", kind_of(&path))
        .replace("din-compare", "din-compare?from=2022-12-31&to=2022-12-31")
        .replace("{code}", "en")
        .replace("{job}", "a-forgotten-job")
        .replace("/templates/{file}", "/templates/registrations.xlsx")
        .replace(
            "/history/{file}",
            &format!("/history/{}.csv", TestApp::history_id(tenant)),
        )
        .replace(
            "/mappings/{file}",
            &format!("/mappings/{}.toml", support::MAPPING),
        )
        .replace("{name}", support::MAPPING)
        .replace("{id}", registration_of(tenant))
        .replace("/figures", "/figures?year=2022&theme=kwetsbare_inwoners")
        .replace("{indicator}", "huishoudens_laag_inkomen")
}

/// A record kind of each group of record pages.
fn kind_of(path: &str) -> &'static str {
    ["din", "plan", "collective", "texts"]
        .iter()
        .zip(["themes", "reach_plan", "collective", "narrative"])
        .find(|(group, _)| path.contains(&format!("/{group}/")))
        .map_or("", |(_, kind)| kind)
}

/// A registration of each tenant in the fixtures.
fn registration_of(tenant: &str) -> &'static str {
    match tenant {
        "deschans" => "d0",
        _ => "s0",
    }
}

/// An area of each tenant in the fixtures.
fn area_of(tenant: &str) -> &'static str {
    match tenant {
        "deschans" => "Leek",
        _ => "Emmen-Centrum",
    }
}

/// Whether the guard let the request through to its handler.
fn let_through(method: &str, path: &str, page: &Page) -> bool {
    let to_sign_in = page.location.as_deref() == Some("/sign-in");
    // The JSON API says "unauthorized" where a page sends to the sign-in.
    let unauthorized = web::access::is_api(path) && page.status == StatusCode::UNAUTHORIZED;
    let denied = to_sign_in
        || unauthorized
        || page.status == StatusCode::FORBIDDEN
        || page.status == StatusCode::NOT_FOUND;
    if method == "POST" && path == "/sign-out" {
        return page.location.as_deref() == Some("/sign-in?signed-out");
    }
    !denied
}

/// The organisation names of the tenants, to find on pages they must not be on.
const NAMES: [(&str, &str); 2] = [
    ("deschans", "Sociaal Werk De Schans"),
    ("sedna", "Sedna Emmen"),
];

fn visible_tenants(home: &str) -> Vec<&'static str> {
    NAMES
        .iter()
        .filter(|(_, name)| home.contains(name))
        .map(|(code, _)| *code)
        .collect()
}

/// Which routes a walk takes: all (a browser's session), or the JSON API's
/// only (a machine client's token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Routes {
    All,
    Api,
}

async fn walk(
    who: Who,
    own: Option<&str>,
    mut client: Client,
    which: Routes,
) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut routes: Vec<&web::Route> = web::ROUTES
        .iter()
        .filter(|r| which == Routes::All || web::access::is_api(r.path))
        .collect();
    // Signing out ends the session, deleting a mapping ends it: last.
    routes.sort_by_key(|r| (r.path == "/sign-out", r.path.ends_with("/delete")));
    for route in routes {
        let (anonymous, roles) = expected(route.method, route.path);
        let tenants: Vec<Option<&str>> = if route.path.contains("{org}") {
            TENANTS.iter().map(|(t, _)| Some(*t)).collect()
        } else {
            vec![None]
        };
        for tenant in tenants {
            let path = concrete(route.path, tenant.unwrap_or_default());
            let page = match route.method {
                "GET" => client.get(&path).await,
                _ => client.post(&path, &[]).await,
            };
            let unpublished = route.path.ends_with("/monitor/{year}") && tenant == Some("sedna");
            let may = match who {
                Who::Anonymous => anonymous,
                Who::As(MunicipalityViewer) if unpublished => false,
                Who::As(role) => roles.contains(&role) && (tenant.is_none() || tenant == own),
            };
            let through = let_through(route.method, route.path, &page);
            checked += 1;
            if through != may {
                failures.push(format!(
                    "{who:?} of {own:?}: {} {path} gave {} (expected {})",
                    route.method,
                    page.status,
                    if may { "allowed" } else { "denied" }
                ));
            }
            if web::access::is_api(route.path)
                && !page.body.trim_start().starts_with('{')
                && !page.body.trim_start().starts_with('[')
            {
                failures.push(format!(
                    "{who:?} of {own:?}: {} {path} answers without JSON",
                    route.method
                ));
            }
            if tenant.is_some()
                && !may
                && who != Who::Anonymous
                && page.status != StatusCode::NOT_FOUND
            {
                failures.push(format!(
                    "{who:?} of {own:?}: {} {path} answers {}, not 404",
                    route.method, page.status
                ));
            }
            // The installation's admin reads the audit log of every tenant.
            let installation_wide = who == Who::As(Admin) && route.path.starts_with("/admin/");
            for (code, name) in NAMES {
                if Some(code) != own && !installation_wide && page.body.contains(name) {
                    failures.push(format!(
                        "LEAK: {who:?} of {own:?} sees {name} on {} {path}",
                        route.method
                    ));
                }
            }
        }
    }
    (checked, failures)
}

#[test]
fn every_route_every_role_two_tenants() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut checked = 0;
            let mut failures = Vec::new();
            let mut add = |(n, f): (usize, Vec<String>)| {
                checked += n;
                failures.extend(f);
            };
            add(walk(Who::Anonymous, None, app.client(), Routes::All).await);
            let admin = app.signed_in("admin").await;
            add(walk(Who::As(Admin), None, admin, Routes::All).await);
            let (admin, _) = app.with_token("admin").await;
            add(walk(Who::As(Admin), None, admin, Routes::Api).await);
            for (tenant, _) in TENANTS {
                for role in [Registrant, Coordinator, Researcher, MunicipalityViewer] {
                    let client = app.signed_in(&user(role, tenant)).await;
                    add(walk(Who::As(role), Some(tenant), client, Routes::All).await);
                    let (machine, _) = app.with_token(&user(role, tenant)).await;
                    add(walk(Who::As(role), Some(tenant), machine, Routes::Api).await);
                }
            }
            assert!(
                failures.is_empty(),
                "{} of {checked} checks failed:\n{}",
                failures.len(),
                failures.join("\n")
            );
            assert!(checked >= 10 * web::ROUTES.len(), "only {checked} checks");
        })
    });
}

#[test]
fn the_start_page_lists_only_the_tenants_a_user_may_see() {
    on_every_backend(|app| {
        Box::pin(async move {
            for (tenant, _) in TENANTS {
                for role in [Registrant, Coordinator, Researcher, MunicipalityViewer] {
                    let mut client = app.signed_in(&user(role, tenant)).await;
                    let home = client.get("/").await;
                    assert_eq!(
                        visible_tenants(&home.body),
                        vec![tenant],
                        "{role:?} of {tenant}"
                    );
                }
            }
            let mut admin = app.signed_in("admin").await;
            assert!(visible_tenants(&admin.get("/").await.body).is_empty());
        })
    });
}

#[test]
fn a_form_without_the_session_token_is_refused_and_changes_nothing() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.signed_in(&user(Registrant, "deschans")).await;
            let version = app.store.data_version().await.expect("a version");
            let fields = [
                ("form", "traject"),
                ("start_date", "2022-03-01"),
                ("age_group", "27-55"),
                ("main_domain", "geestelijke_gezondheid"),
            ];
            let page = client
                .post_with_token("/organisations/deschans/registrations", &fields, "forged")
                .await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST);
            assert_eq!(app.store.data_version().await.expect("a version"), version);
            let mut stranger = app.client();
            stranger.get("/sign-in").await;
            let page = stranger
                .post_with_token(
                    "/sign-in",
                    &[("username", "admin"), ("password", support::PASSWORD)],
                    "",
                )
                .await;
            assert_eq!(
                page.status,
                StatusCode::BAD_REQUEST,
                "sign-in needs the token too"
            );
        })
    });
}

#[test]
fn every_response_carries_the_security_headers_and_a_strict_cookie() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut client = app.client();
            let page = client.get("/sign-in").await;
            let header = |name: &str| {
                page.headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string()
            };
            let csp = header("content-security-policy");
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
                "{csp}"
            );
            assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
            assert_eq!(header("x-frame-options"), "DENY");
            assert_eq!(header("x-content-type-options"), "nosniff");
            let cookie = header("set-cookie");
            assert!(
                cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
                "{cookie}"
            );
            let missing = client.get("/no/such/page").await;
            assert_eq!(missing.status, StatusCode::NOT_FOUND);
            assert!(missing.headers.contains_key("content-security-policy"));
        })
    });
}

/// Withdraws pages of a tenant for the municipality.
async fn withdraw(app: &TestApp, tenant: &str, pages: &[&str]) {
    let code = domain::OrganisationCode::parse(tenant).expect("a code");
    let mut tx = app.store.begin().await.expect("a transaction");
    for page in pages {
        tx.withdraw(&code, page, "test", "test")
            .await
            .expect("withdrawn");
    }
    tx.commit().await.expect("committed");
}

#[test]
fn nothing_of_an_unpublished_organisation_reaches_a_municipality_viewer() {
    on_every_backend(|app| {
        Box::pin(async move {
            let sedna: Vec<&str> = support::PUBLISHED
                .iter()
                .filter(|(t, _)| *t == "sedna")
                .map(|(_, p)| *p)
                .collect();
            withdraw(app, "sedna", &sedna).await;
            let mut viewer = app.signed_in(&user(MunicipalityViewer, "sedna")).await;
            assert!(visible_tenants(&viewer.get("/").await.body).is_empty());
            let organisations = viewer.get("/api/v1/organisations").await;
            assert_eq!(organisations.status, StatusCode::OK);
            assert_eq!(organisations.body.trim(), "[]");
            for path in [
                "/api/v1/organisations/sedna/themes",
                "/api/v1/organisations/sedna/din",
                "/api/v1/organisations/sedna/context?year=2022",
                "/api/v1/organisations/sedna/figures?year=2022",
                "/organisations/sedna/dashboard",
            ] {
                assert_eq!(
                    viewer.get(path).await.status,
                    StatusCode::NOT_FOUND,
                    "{path}"
                );
            }
            // The organisation's researcher still reads everything.
            let mut researcher = app.signed_in(&user(Researcher, "sedna")).await;
            let themes = researcher.get("/api/v1/organisations/sedna/themes").await;
            assert_eq!(themes.status, StatusCode::OK);
        })
    });
}

#[test]
fn a_withdrawn_factsheet_is_unreachable_by_every_path() {
    on_every_backend(|app| {
        Box::pin(async move {
            let page = "factsheets/kwetsbare_inwoners/2022";
            let mut viewer = app.signed_in(&user(MunicipalityViewer, "deschans")).await;
            let address = format!("/organisations/deschans/{page}");
            assert_eq!(viewer.get(&address).await.status, StatusCode::OK);
            withdraw(app, "deschans", &[page]).await;
            for path in [
                address.clone(),
                format!("{address}?download=pdf"),
                format!("{address}?download=xlsx"),
                format!("{address}?download=csv&table=reach-form"),
                "/api/v1/organisations/deschans/factsheets/kwetsbare_inwoners/2022".into(),
                "/api/v1/organisations/deschans/figures?year=2022&theme=kwetsbare_inwoners".into(),
            ] {
                assert_eq!(
                    viewer.get(&path).await.status,
                    StatusCode::NOT_FOUND,
                    "{path}"
                );
            }
            let monitor = viewer.get("/organisations/deschans/monitor/2022").await;
            assert_eq!(monitor.status, StatusCode::OK);
            assert!(
                !monitor.body.contains(page),
                "the monitor links no withdrawn factsheet"
            );
            let organisation = domain::OrganisationCode::parse("deschans").expect("a code");
            let cache = web::figures::FigureCache::default();
            let audience = publish::Audience::Public(publish::Threshold::default());
            let ctx = web::publications::Context {
                frozen: true,
                ..web::publications::Context::now(&app.store, &cache, &organisation, audience)
                    .await
                    .expect("the data versions")
            };
            let printed = web::publications::monitor_with_factsheets(
                &ctx,
                2022,
                web::publications::Parts::Published,
                &support::Silent,
            )
            .await
            .unwrap_or_else(|_| panic!("the monitor"));
            let m = publish::Lang::Nl.messages();
            assert!(
                printed
                    .sections
                    .iter()
                    .all(|s| !m.text(&s.heading).contains("Kwetsbare inwoners")),
                "the printed monitor holds no withdrawn factsheet"
            );
        })
    });
}

#[test]
fn a_withdrawn_factsheets_figures_leave_every_page_the_municipality_reads() {
    on_every_backend(|app| {
        Box::pin(async move {
            let page = "factsheets/kwetsbare_inwoners/2022";
            let showing_it = [
                "/organisations/deschans/monitor/2022".to_string(),
                "/organisations/deschans/monitor/2022?download=pdf".into(),
                "/organisations/deschans/monitor/2022?download=xlsx".into(),
                "/organisations/deschans/dashboard".into(),
                "/api/v1/organisations/deschans/figures?year=2022".into(),
                "/api/v1/organisations/deschans/monitor/2022".into(),
                "/api/v1/organisations/deschans/dashboard".into(),
            ];
            let mut viewer = app.signed_in(&user(MunicipalityViewer, "deschans")).await;
            for path in &showing_it {
                assert_eq!(viewer.get(path).await.status, StatusCode::OK, "{path}");
            }
            // The researcher withdraws the factsheet on its page.
            let mut researcher = app.signed_in(&user(Researcher, "deschans")).await;
            researcher
                .get(&format!("/organisations/deschans/{page}"))
                .await;
            let answer = researcher
                .post(
                    "/organisations/deschans/publications",
                    &[
                        ("page", page),
                        ("action", "withdraw"),
                        ("reason", "Een teller klopte niet"),
                    ],
                )
                .await;
            let back = answer.location.expect("back to the page");
            assert!(back.ends_with("?publication=withdrawn-also"), "{back}");
            let said = researcher.get(&back).await.body;
            assert!(said.contains("zijn daarom ook ingetrokken"), "{said}");
            // Every page that showed its figures is gone with it.
            for path in &showing_it {
                assert_eq!(
                    viewer.get(path).await.status,
                    StatusCode::NOT_FOUND,
                    "{path}"
                );
            }
            // The surveys and area pages of the year stay.
            let area = viewer.get("/organisations/deschans/areas/Leek/2022").await;
            assert_eq!(area.status, StatusCode::OK);
        })
    });
}

#[test]
fn organisations_csv_is_refused_for_a_coordinator() {
    on_every_backend(|app| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Coordinator, "deschans")).await;
            let file = b"organisation,name,municipalities,areas\ndeschans,Sociaal Werk De Schans,GM1969|GM0114,Leek\n";
            let version = app.store.data_version().await.expect("a version");
            let page = coordinator
                .import(
                    "/organisations/deschans/import",
                    &[("organisations.csv", file)],
                    &[("kind", "organisations")],
                )
                .await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                page.body
            );
            assert!(page.body.contains("administrator"), "{}", page.body);
            assert_eq!(app.store.data_version().await.expect("a version"), version);
        })
    });
}
