//! A whole application in a line: a fresh database on each backend, the
//! fixture data of two tenants imported through the importer, one account
//! per role and tenant, and a client that keeps the session cookie and the
//! CSRF token, driving the router without a network.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use domain::account::NewPassword;
use domain::{Account, MunicipalityCode, OrganisationCode, Role, Username};
use importer::{ImportOptions, InputFile};
use interchange::Pseudonymiser;
use store::testing::TestDatabase;
use store::Store;
use tower::ServiceExt;
use web::{AppState, Settings};

/// The password of every test account.
pub const PASSWORD: &str = "test-password-123";

/// The two tenants: code and municipality.
pub const TENANTS: [(&str, &str); 2] = [("deschans", "GM1969"), ("sedna", "GM0114")];

/// The user name of the researcher granted every tenant.
pub const RESEARCHER_OF_ALL: &str = "researcher-all";

/// The fixture files.
const FIXTURES: &[(&str, &str)] = &[
    (
        "organisations.csv",
        include_str!("../fixtures/organisations.csv"),
    ),
    ("partners.csv", include_str!("../fixtures/partners.csv")),
    ("themes.csv", include_str!("../fixtures/themes.csv")),
    ("goals.csv", include_str!("../fixtures/goals.csv")),
    (
        "registrations.csv",
        include_str!("../fixtures/registrations.csv"),
    ),
    ("narrative.csv", include_str!("../fixtures/narrative.csv")),
    ("surveys.csv", include_str!("../fixtures/surveys.csv")),
    ("survey.csv", include_str!("../fixtures/survey.csv")),
    ("context.csv", include_str!("../fixtures/context.csv")),
];

/// The user name of the account of a role for a tenant (`admin` has none).
pub fn user(role: Role, tenant: &str) -> String {
    match role {
        Role::Admin => "admin".to_string(),
        _ => format!("{}-{tenant}", domain::Coded::code(role)),
    }
}

/// Progress nobody watches.
pub struct Silent;

impl importer::Progress for Silent {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn storing(&self) {}
    fn finish(&self) {}
}

/// The secret of the tests' pseudonyms.
pub fn pseudonymiser() -> Pseudonymiser {
    Pseudonymiser::new(b"the secret of the web tests")
}

/// An application over a fresh database with the fixtures and accounts.
pub struct TestApp {
    /// The router, as `serve` runs it.
    pub router: Router,
    /// The state under the router (for serving it on a real port).
    pub state: AppState,
    /// The store under it.
    pub store: Store,
}

impl TestApp {
    /// Starts the application on `db` with suppression threshold `k`, over
    /// the two tenants of the fixtures.
    pub async fn start(db: &TestDatabase, k: u64) -> Self {
        let settings = Settings {
            threshold: publish::Threshold::new(k).expect("k ≥ 2"),
            ..Settings::default()
        };
        Self::start_with(db, settings).await
    }

    /// Starts the application on `db` with these settings, over the two
    /// tenants of the fixtures.
    pub async fn start_with(db: &TestDatabase, settings: Settings) -> Self {
        let files: Vec<InputFile> = FIXTURES
            .iter()
            .map(|(name, text)| InputFile::new(name.to_string(), text.as_bytes().to_vec()))
            .collect();
        Self::build(db, settings, files).await
    }

    /// The application over a store as it is (a restored backup): nothing
    /// imported, no accounts added, nothing published.
    pub fn over(store: Store, k: u64) -> Self {
        let settings = Settings {
            threshold: publish::Threshold::new(k).expect("k ≥ 2"),
            secure_cookies: false,
            ..Settings::default()
        };
        let state = AppState::new(store.clone(), settings, pseudonymiser());
        Self {
            router: web::app(state.clone()),
            state,
            store,
        }
    }

    /// Imports one file as `impactmonitor import` does (rows added to what
    /// is stored); panics when it is refused.
    pub async fn import_file(&self, name: &str, bytes: &[u8]) {
        let options = import_options();
        let files = [InputFile::new(name.to_string(), bytes.to_vec())];
        let report = importer::import(&self.store, pseudonymiser(), &files, &options, &Silent)
            .await
            .expect("the import runs");
        assert!(!report.refused(), "refused: {:?}", report.files);
    }

    pub async fn records(&self, organisation: &str) -> store::OrganisationRecords {
        let code = OrganisationCode::parse(organisation).expect("a code");
        self.store
            .organisation_records(&code)
            .await
            .expect("the records")
            .expect("the organisation")
    }

    /// Starts the application on `db` over the demo data set.
    pub async fn demo(db: &TestDatabase, k: u64) -> Self {
        let files = demo::generate(demo::DEFAULT_SEED)
            .into_iter()
            .map(|f| InputFile::new(f.name.to_string(), f.bytes))
            .collect();
        Self::with_files(db, k, files).await
    }

    /// Starts the application on `db` over `files`, imported as a whole.
    pub async fn with_files(db: &TestDatabase, k: u64, files: Vec<InputFile>) -> Self {
        let settings = Settings {
            threshold: publish::Threshold::new(k).expect("k ≥ 2"),
            ..Settings::default()
        };
        Self::build(db, settings, files).await
    }

    async fn build(db: &TestDatabase, settings: Settings, files: Vec<InputFile>) -> Self {
        let store = Store::open(&db.url).await.expect("the test database opens");
        let options = import_options();
        let report = importer::import(&store, pseudonymiser(), &files, &options, &Silent)
            .await
            .expect("the import runs");
        assert!(!report.refused(), "fixtures refused: {:?}", report.files);
        add_accounts(&store).await;
        add_import_records(&store).await;
        publish_pages(&store, settings.threshold).await;
        let settings = Settings {
            secure_cookies: false,
            ..settings
        };
        let state = AppState::new(store.clone(), settings, pseudonymiser());
        Self {
            router: web::app(state.clone()),
            state,
            store,
        }
    }

    /// The id of each tenant's import in the history the fixtures leave.
    pub fn history_id(tenant: &str) -> String {
        format!("fixtures-{tenant}")
    }

    /// A client without a session.
    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: Default::default(),
            bearer: None,
            csrf: String::new(),
            address: None,
            scheme: "Bearer",
        }
    }

    /// A client of the JSON API with a fresh token of `username`, made as
    /// an administrator makes one; the token's id comes along for revoking.
    pub async fn with_token(&self, username: &str) -> (Client, String) {
        let (client, id, _) = self.with_token_shown(username).await;
        (client, id)
    }

    /// [`TestApp::with_token`], with the token itself too.
    pub async fn with_token_shown(&self, username: &str) -> (Client, String, String) {
        let (id, token, hash) = web::access::api_token();
        let user = Username::parse(username).expect("a user name");
        let mut tx = self.store.begin().await.expect("a transaction");
        tx.create_api_token(&id, &hash, &user, "test", "test")
            .await
            .expect("the token is stored");
        tx.commit().await.expect("commits");
        let mut client = self.client();
        client.bearer = Some(token.clone());
        (client, id, token)
    }

    /// A client signed in as `username`.
    pub async fn signed_in(&self, username: &str) -> Client {
        let mut client = self.client();
        let page = client.sign_in(username, PASSWORD).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "{username} signs in: {}",
            page.body
        );
        client
    }
}

/// The pages of each tenant published for the municipality (all but the
/// sedna monitor, which stays unpublished).
pub const PUBLISHED: &[(&str, &str)] = &[
    ("deschans", "factsheets/kwetsbare_inwoners/2022"),
    ("deschans", "monitor/2022"),
    ("deschans", "dashboard"),
    ("deschans", "areas/Leek/2022"),
    ("deschans", "surveys/2022"),
    ("sedna", "factsheets/kwetsbare_inwoners/2022"),
    ("sedna", "dashboard"),
    ("sedna", "areas/Emmen-Centrum/2022"),
    ("sedna", "surveys/2022"),
];

/// Publishes every page an organisation can publish
/// (`web::publications::publishable`), as the demo's researcher does:
/// each as its first frozen version for k = 5.
pub async fn publish_everything(store: &Store, organisation: &str) {
    let code = OrganisationCode::parse(organisation).expect("a code");
    web::publishing::publish_everything(store, &code, publish::Threshold::default(), "test")
        .await
        .expect("published");
}

/// Publishes the pages of [`PUBLISHED`], each tenant's in one go, for the
/// threshold the app runs with.
async fn publish_pages(store: &Store, k: publish::Threshold) {
    let tenants: std::collections::BTreeSet<&str> = PUBLISHED.iter().map(|(t, _)| *t).collect();
    for tenant in tenants {
        let code = OrganisationCode::parse(tenant).expect("a code");
        let pages: Vec<String> = PUBLISHED
            .iter()
            .filter(|(t, _)| *t == tenant)
            .map(|(_, p)| p.to_string())
            .collect();
        web::publishing::publish_in_rounds(store, &code, &pages, k, "test")
            .await
            .expect("published");
    }
}

async fn add_accounts(store: &Store) {
    let hash = NewPassword::parse(PASSWORD)
        .expect("a good password")
        .hash()
        .expect("hashes");
    let mut tx = store.begin().await.expect("a transaction");
    let mut accounts = vec![Account {
        username: Username::parse("admin").expect("a name"),
        role: Role::Admin,
        organisations: vec![],
        municipality: None,
        password_hash: hash.clone(),
    }];
    for (tenant, municipality) in TENANTS {
        for role in [
            Role::Registrant,
            Role::Coordinator,
            Role::Researcher,
            Role::MunicipalityViewer,
        ] {
            let viewer = role == Role::MunicipalityViewer;
            accounts.push(Account {
                username: Username::parse(&user(role, tenant)).expect("a name"),
                role,
                organisations: if viewer {
                    vec![]
                } else {
                    vec![OrganisationCode::parse(tenant).expect("a code")]
                },
                municipality: viewer
                    .then(|| MunicipalityCode::parse(municipality).expect("a code")),
                password_hash: hash.clone(),
            });
        }
    }
    // A researcher granted every tenant: the one who compares them.
    accounts.push(Account {
        username: Username::parse(RESEARCHER_OF_ALL).expect("a name"),
        role: Role::Researcher,
        organisations: TENANTS
            .iter()
            .map(|(t, _)| OrganisationCode::parse(t).expect("a code"))
            .collect(),
        municipality: None,
        password_hash: hash.clone(),
    });
    for a in &accounts {
        tx.save_account(a, None, "test").await.expect("saves");
    }
    tx.commit().await.expect("commits");
}

/// A response as the tests read it.
#[derive(Debug)]
pub struct Page {
    /// The status.
    pub status: StatusCode,
    /// Where a redirect goes.
    pub location: Option<String>,
    /// The body as text.
    pub body: String,
    /// The response's headers.
    pub headers: axum::http::HeaderMap,
}

/// A browser without a browser: its cookies and the last CSRF token seen.
pub struct Client {
    router: Router,
    /// The cookies by name, as a browser keeps them.
    cookies: std::collections::BTreeMap<String, String>,
    /// The API token sent as `Authorization: Bearer`, if any.
    bearer: Option<String>,
    /// The CSRF token of the last page that had a form.
    pub csrf: String,
    /// The address a proxy would pass in `X-Forwarded-For`, if any.
    pub address: Option<String>,
    /// How the `Authorization` header names its scheme ("Bearer").
    pub scheme: &'static str,
}

fn token_in(body: &str) -> Option<String> {
    let at = body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    Some(body[at..].chars().take_while(|c| *c != '"').collect())
}

impl Client {
    async fn send(&mut self, request: Request<Body>) -> Page {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        for set in response.headers().get_all(header::SET_COOKIE) {
            let pair = set
                .to_str()
                .expect("ascii")
                .split(';')
                .next()
                .unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let location = response
            .headers()
            .get(header::LOCATION)
            .map(|l| l.to_str().expect("ascii").to_string());
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body");
        let body = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(t) = token_in(&body) {
            self.csrf = t;
        }
        Page {
            status,
            location,
            body,
            headers,
        }
    }

    /// The client coming from this address (behind a proxy that says so).
    pub fn coming_from(mut self, address: &str) -> Self {
        self.address = Some(address.to_string());
        self
    }

    /// The client sending this token (a forged or revoked one, say).
    pub fn bearing(mut self, token: &str) -> Self {
        self.bearer = Some(token.to_string());
        self
    }

    fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder().method(method).uri(path);
        if !self.cookies.is_empty() {
            let cookies: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            builder = builder.header(header::COOKIE, cookies.join("; "));
        }
        if let Some(token) = &self.bearer {
            builder = builder.header(header::AUTHORIZATION, format!("{} {token}", self.scheme));
        }
        if let Some(address) = &self.address {
            builder = builder.header("x-forwarded-for", address);
        }
        builder
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Page {
        let request = self
            .request("GET", path)
            .body(Body::empty())
            .expect("a request");
        self.send(request).await
    }

    /// `GET path`, the body as bytes (a download).
    pub async fn get_bytes(&mut self, path: &str) -> Vec<u8> {
        let request = self
            .request("GET", path)
            .body(Body::empty())
            .expect("a request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router answers");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("a body")
            .to_vec()
    }

    /// `POST path` with the fields and the session's CSRF token.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.csrf.clone();
        self.post_with_token(path, fields, &csrf).await
    }

    /// `POST path` with the fields and this CSRF token.
    pub async fn post_with_token(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        token: &str,
    ) -> Page {
        let body = {
            let mut body = form_urlencoded::Serializer::new(String::new());
            body.append_pair("csrf", token);
            for (k, v) in fields {
                body.append_pair(k, v);
            }
            body.finish()
        };
        let request = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("a request");
        self.send(request).await
    }

    /// `POST path?csrf=…` as a file upload (multipart), with form fields.
    pub async fn upload(
        &mut self,
        path: &str,
        files: &[(&str, &[u8])],
        fields: &[(&str, &str)],
    ) -> Page {
        self.upload_as(path, "files", files, fields).await
    }

    /// [`Client::upload`] with the files in the form field `field`.
    pub async fn upload_as(
        &mut self,
        path: &str,
        field: &str,
        files: &[(&str, &[u8])],
        fields: &[(&str, &str)],
    ) -> Page {
        let boundary = "impactmonitor-test-boundary";
        let mut body: Vec<u8> = Vec::new();
        for (name, value) in fields {
            body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
        }
        for (file, bytes) in files {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend(*bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").as_bytes());
        let uri = format!("{path}?csrf={}", self.csrf);
        let request = self
            .request("POST", &uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body))
            .expect("a request");
        self.send(request).await
    }

    /// Follows an import's redirect to its job page until the job is done
    /// (the page answers 202 while it waits or runs); the done page.
    pub async fn finish_job(&mut self, page: Page) -> Page {
        let Some(job) = page
            .location
            .clone()
            .filter(|l| l.contains("/import/jobs/"))
        else {
            return page;
        };
        loop {
            let page = self.get(&job).await;
            if page.status != StatusCode::ACCEPTED {
                return page;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    }

    /// [`Client::upload`] to the import page, waiting for the import job.
    pub async fn import(
        &mut self,
        path: &str,
        files: &[(&str, &[u8])],
        fields: &[(&str, &str)],
    ) -> Page {
        let started = self.upload(path, files, fields).await;
        self.finish_job(started).await
    }

    /// Signs in (fetching the sign-in form for its token first), then
    /// fetches the start page for the session's new token.
    pub async fn sign_in(&mut self, username: &str, password: &str) -> Page {
        self.get("/sign-in").await;
        let page = self
            .post(
                "/sign-in",
                &[("username", username), ("password", password)],
            )
            .await;
        if page.status == StatusCode::SEE_OTHER {
            self.get("/").await;
        }
        page
    }
}

/// How the tests import: whole files, as of the demo's last day.
pub fn import_options() -> ImportOptions {
    ImportOptions {
        kind: None,
        organisation: None,
        partial: false,
        as_of: chrono::NaiveDate::from_ymd_opt(2022, 12, 31).expect("a date"),
        actor: "test".into(),
        cbs: false,
        table: None,
        check_only: false,
        tenant: None,
        limits: interchange::Limits::default(),
        mapping: None,
        mapped_with: None,
        public: false,
    }
}

/// Runs `test` on a fresh application over every backend under test.
pub fn on_every_backend(
    test: impl Fn(&TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>,
) {
    for db in store::testing::databases() {
        let runtime = runtime();
        runtime.block_on(async {
            let app = TestApp::start(&db, 5).await;
            test(&app).await;
        });
        eprintln!("{}: done", db.label);
    }
}

/// Runs `test` on the demo's application over every backend under test.
pub fn on_the_demo(
    test: impl Fn(&TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>,
) {
    for db in store::testing::databases() {
        runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            test(&app).await;
        });
    }
}

/// The cells of the row labelled `label` in the table `id` of a page, as
/// text.
pub fn row_cells(html: &str, id: &str, label: &str) -> Vec<String> {
    let table = html
        .split(&format!("<table id=\"{id}\""))
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("no table {id}"));
    let row = table
        .split("<tr")
        .find(|r| r.contains(&format!("<th scope=\"row\">{label}</th>")))
        .unwrap_or_else(|| panic!("no row {label} in {id}"));
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let text = cell.split_once('>').map_or("", |(_, rest)| rest);
            text.split("</td>")
                .next()
                .unwrap_or_default()
                .replace("&lt;", "<")
        })
        .collect()
}

/// A runtime for a test's async part (the test databases are made and
/// dropped outside it).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// The text of a PDF (`pdftotext -layout`, from poppler-utils).
pub fn pdf_text(pdf: &[u8]) -> String {
    pdftotext(pdf, "-layout")
}

/// The text of a PDF in the order it was laid out (a column of a grid
/// whole before the next), as `pdftotext -raw` reads it.
pub fn pdf_text_in_order(pdf: &[u8]) -> String {
    pdftotext(pdf, "-raw")
}

fn pdftotext(pdf: &[u8], mode: &str) -> String {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = folder.path().join("download.pdf");
    std::fs::write(&file, pdf).expect("written");
    let out = std::process::Command::new("pdftotext")
        .args([mode, "-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext reads the PDF");
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The visible text of a page's main part: tags taken out, each replaced
/// by a space.
pub fn visible(html: &str) -> String {
    let main = html.split("<main").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut inside = false;
    for c in main.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The name of the mapping every tenant of the fixtures has saved
/// ([`interchange::testing::regicare::MAPPING`]).
pub const MAPPING: &str = "Regicare-export";

/// Per organisation a saved mapping ([`MAPPING`]) and an import in its
/// history ([`TestApp::history_id`]), as a coordinator's first weeks
/// leave them.
async fn add_import_records(store: &Store) {
    let mapping = interchange::Mapping::from_file(interchange::testing::regicare::MAPPING)
        .expect("a mapping");
    let json = serde_json::to_string(&mapping).expect("as JSON");
    for organisation in store.organisation_codes().await.expect("the organisations") {
        let mut tx = store.begin().await.expect("a transaction");
        tx.save_mapping(&organisation, MAPPING, "registrations", &json, "test")
            .await
            .expect("saved");
        tx.commit().await.expect("committed");
        let entry = store::ImportEntry {
            id: TestApp::history_id(organisation.as_str()),
            organisation: organisation.as_str().to_string(),
            actor: "web:coordinator".into(),
            at: "2022-12-01T09:00:00Z".into(),
            files: "registrations.csv".into(),
            mapping: None,
            stored: true,
            inserted: 2,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            report: r#"[{"kind":"registrations","file":"registrations.csv","stored":true,"inserted":2,"updated":0,"unchanged":0,"rejected":0,"errors":[],"errors_not_listed":0,"unknown_columns":[],"data_version":"1"}]"#.into(),
        };
        store.note_import(&entry).await.expect("noted");
    }
}

/// HTML text as typed: the entities the templates write undone.
pub fn unescaped(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}
