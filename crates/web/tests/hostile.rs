//! A hostile but fair tester against the web application, on every
//! backend: files over a limit are refused on the import page with the
//! limit named while the server keeps answering; an import of the largest
//! allowed file runs beside the pages; a half-sent request is cut off;
//! sign-in takes as long for an unknown user as for a known one.

mod support;

use axum::http::StatusCode;
use domain::Role;
use interchange::testing::{sparse_workbook, unpack_bomb};
use std::time::{Duration, Instant};
use support::{user, TestApp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use web::Settings;

/// Runs `test` on a fresh application with `settings` over every backend,
/// also served on a real port (its address is the second argument).
fn on_every_backend_served(
    settings: fn() -> Settings,
    test: impl Fn(&TestApp, String) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>,
) {
    for db in store::testing::databases() {
        let runtime = support::runtime();
        runtime.block_on(async {
            let app = TestApp::start_with(&db, settings()).await;
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("a port");
            let address = listener.local_addr().expect("an address").to_string();
            tokio::spawn(web::serve_on(listener, app.state.clone()));
            test(&app, address).await;
        });
        eprintln!("{}: done", db.label);
    }
}

/// `GET path` over a real connection: the status and how long it took.
async fn get(address: &str, path: &str) -> (u16, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).await.expect("connects");
    let request = format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("an answer");
    let status = String::from_utf8_lossy(&answer)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, started.elapsed())
}

/// Uploads up to 8 MB: the largest allowed upload is imported within the
/// test's time in the debug build (the default is 64 MB).
fn eight_megabytes() -> Settings {
    Settings {
        upload_bytes: 8 * 1024 * 1024,
        ..Settings::default()
    }
}

#[test]
fn files_over_a_limit_are_refused_on_the_import_page_and_the_server_keeps_answering() {
    on_every_backend_served(eight_megabytes, |app, address| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let cases: [(&str, Vec<u8>, &str); 6] = [
                (
                    "registrations.xlsx",
                    sparse_workbook(),
                    "het werkblad noemt 16.384 kolommen; de grens is 500",
                ),
                (
                    "registrations.xlsx",
                    unpack_bomb(2 << 30),
                    "het werkboek pakt uit tot meer dan 128 MB, de grens",
                ),
                (
                    "registrations.csv",
                    b"registration_id\tform\nr1\ttraject\n".to_vec(),
                    "de kolommen zijn gescheiden door tabs",
                ),
                (
                    "registrations.xlsx",
                    (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect(),
                    "geen UTF-8-tekst en geen XLSX-werkboek",
                ),
                (
                    "registrations.csv",
                    b"registration_id,form,start_date\nr1,\"traject,2022-01-01\nr2,traject,2022-01-02\nr3,traject,2022-01-03\n".to_vec(),
                    "regel 2, kolom 2: een aanhalingsteken",
                ),
                (
                    "registrations.csv",
                    vec![b'a'; 9 * 1024 * 1024],
                    "De upload is groter dan 8 MB",
                ),
            ];
            for (name, bytes, message) in cases {
                let page = coordinator
                    .import(
                        "/organisations/deschans/import",
                        &[(name, &bytes)],
                        &[("kind", "")],
                    )
                    .await;
                assert_eq!(
                    page.status,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "{name}: {}",
                    page.body
                );
                assert!(
                    page.body.contains(&message.replace('"', "&quot;")),
                    "{message}: {}",
                    page.body
                );
                let (status, _) = get(&address, "/sign-in").await;
                assert_eq!(status, 200, "the server answers after {message}");
            }
        })
    });
}

/// Rows of registrations.csv up to `bytes` long.
fn registrations_of_size(bytes: usize) -> Vec<u8> {
    let mut text = b"registration_id,organisation,form,start_date,age_group,main_domain\n".to_vec();
    let mut i = 0;
    loop {
        let row = format!(
            "r{i},deschans,traject,2022-03-{:02},27-55,financien\n",
            1 + i % 28
        );
        if text.len() + row.len() > bytes {
            return text;
        }
        text.extend_from_slice(row.as_bytes());
        i += 1;
    }
}

#[test]
fn the_sign_in_page_answers_within_a_second_while_the_largest_allowed_file_is_imported() {
    on_every_backend_served(eight_megabytes, |app, address| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            let largest = registrations_of_size(app.state.settings.upload_bytes);
            let started = coordinator
                .upload(
                    "/organisations/deschans/import",
                    &[("registrations.csv", &largest)],
                    &[("kind", "")],
                )
                .await;
            assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.body);
            let job = started.location.clone().expect("the job's page");
            let mut slowest = Duration::ZERO;
            let mut while_running = 0;
            for _ in 0..20 {
                let running = coordinator.get(&job).await.status == StatusCode::ACCEPTED;
                let (status, took) = get(&address, "/sign-in").await;
                assert_eq!(status, 200);
                slowest = slowest.max(took);
                while_running += usize::from(running);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            eprintln!(
                "slowest sign-in page {slowest:?}; {while_running} of 20 while the import ran"
            );
            assert!(slowest < Duration::from_secs(1), "{slowest:?}");
            assert!(
                while_running >= 10,
                "the import ran during the requests ({while_running})"
            );
            let done = coordinator.finish_job(started).await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            assert!(done.body.contains("name=\"upload\""), "the check passed");
        })
    });
}

fn short_timeouts() -> Settings {
    Settings {
        header_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        ..Settings::default()
    }
}

/// Sends `bytes` and reads until the server closes the connection (at
/// most 10 s): what it answered, and when.
async fn send_partly(address: &str, bytes: &[u8]) -> (String, Duration) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(address).await.expect("connects");
    stream.write_all(bytes).await.expect("sent");
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server closes the connection");
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn a_half_sent_header_or_body_is_cut_off() {
    on_every_backend_served(short_timeouts, |_, address| {
        Box::pin(async move {
            let header = b"GET /sign-in HTTP/1.1\r\nHost: test\r\n";
            let (_, took) = send_partly(&address, header).await;
            assert!(
                took >= Duration::from_millis(900) && took < Duration::from_secs(5),
                "{took:?}"
            );
            let body = b"POST /sign-in HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nusername=a";
            let (answer, _) = send_partly(&address, body).await;
            assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        })
    });
}

fn no_lockout() -> Settings {
    Settings {
        sign_in_attempts: 10_000,
        ..Settings::default()
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[test]
fn sign_in_takes_as_long_for_an_unknown_user_as_for_a_wrong_password() {
    on_every_backend_served(no_lockout, |app, _| {
        Box::pin(async move {
            let known = user(Role::Coordinator, "deschans");
            let mut client = app.client();
            client.get("/sign-in").await;
            let mut attempt = async |name: &str| {
                let started = Instant::now();
                let page = client
                    .post(
                        "/sign-in",
                        &[("username", name), ("password", "not the password")],
                    )
                    .await;
                assert_eq!(page.status, StatusCode::UNAUTHORIZED);
                started.elapsed()
            };
            let (mut wrong, mut unknown) = (Vec::new(), Vec::new());
            for i in 0..20 {
                wrong.push(attempt(&known).await);
                unknown.push(attempt(&format!("nobody-{i}")).await);
            }
            let (wrong, unknown) = (median(wrong), median(unknown));
            eprintln!("median sign-in: wrong password {wrong:?}, unknown user {unknown:?}");
            let ratio = unknown.as_secs_f64() / wrong.as_secs_f64();
            assert!(
                (0.8..1.25).contains(&ratio),
                "{wrong:?} against {unknown:?}"
            );
        })
    });
}

/// One import at a time, and one more waiting.
fn one_waits() -> Settings {
    Settings {
        imports_at_once: 1,
        imports_waiting: 1,
        ..Settings::default()
    }
}

#[test]
fn an_upload_waits_for_its_turn_on_disk_and_one_more_is_refused() {
    on_every_backend_served(one_waits, |app, _| {
        Box::pin(async move {
            // Another import holds the one turn until it is let go.
            let (release, released) = tokio::sync::oneshot::channel::<()>();
            let owner = web::imports::Owner {
                organisation: "deschans".into(),
                actor: "elders".into(),
                purpose: web::imports::Purpose::Import,
            };
            app.state
                .jobs
                .start("elders".into(), owner, |_| async move {
                    let _ = released.await;
                    web::imports::Stage::Failed("done".into())
                });
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            coordinator.get("/organisations/deschans/import").await;
            let file = registrations_of_size(2 << 20);
            let rows = file.iter().filter(|b| **b == b'\n').count() - 1;
            let waiting = coordinator
                .upload(
                    "/organisations/deschans/import",
                    &[("registrations.csv", &file)],
                    &[("kind", "")],
                )
                .await;
            assert_eq!(waiting.status, StatusCode::SEE_OTHER, "{}", waiting.body);
            let job = coordinator.get(waiting.location.as_deref().unwrap()).await;
            assert_eq!(job.status, StatusCode::ACCEPTED, "it waits: {}", job.body);
            let refused = coordinator
                .upload(
                    "/organisations/deschans/import",
                    &[("registrations.csv", &file)],
                    &[("kind", "")],
                )
                .await;
            assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(
                refused.body.contains("Er wachten al zoveel imports"),
                "{}",
                refused.body
            );
            // Its turn comes: the file read back from disk is checked whole.
            release.send(()).expect("the other import waits");
            let done = coordinator.finish_job(waiting).await;
            assert_eq!(done.status, StatusCode::OK, "{}", done.body);
            assert!(
                done.body.contains("Gecontroleerd: dit zou de import doen"),
                "{}",
                done.body
            );
            let confirm = done.body.contains("name=\"upload\" value=\"");
            assert!(confirm, "all {rows} rows passed and may be confirmed");
        })
    });
}

#[test]
fn a_file_in_another_encoding_or_with_an_unknown_area_is_refused_in_the_page_s_language() {
    support::on_every_backend(|app| {
        Box::pin(async move {
            let mut coordinator = app.signed_in(&user(Role::Coordinator, "deschans")).await;
            coordinator.get("/organisations/deschans/import").await;
            let latin1 = b"registration_id,organisation,area\nr1,deschans,Caf\xE9\n".to_vec();
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend("registration_id".encode_utf16().flat_map(u16::to_le_bytes));
            for (file, says) in [
                (latin1, "geen UTF-8-tekst: regel 2 bevat de byte 0xE9"),
                (utf16, "het bestand is UTF-16-tekst"),
            ] {
                let page = coordinator
                    .import(
                        "/organisations/deschans/import",
                        &[("registrations.csv", &file)],
                        &[("kind", "")],
                    )
                    .await;
                assert!(page.body.contains(says), "{}", page.body);
                assert!(!page.body.contains("is not UTF-8"), "{}", page.body);
            }
            // What is unknown is said in Dutch too.
            let unknown = b"registration_id,organisation,form,start_date,age_group,main_domain,area\nr1,deschans,traject,2022-03-01,27-55,financien,Groningen\n";
            let page = coordinator
                .import(
                    "/organisations/deschans/import",
                    &[("registrations.csv", unknown)],
                    &[("kind", "")],
                )
                .await;
            assert!(
                page.body.contains("onbekend: gebied van deze organisatie"),
                "{}",
                page.body
            );
        })
    });
}

#[test]
fn a_theme_named_with_apostrophes_gives_a_monitor_workbook() {
    support::on_every_backend(|app| {
        Box::pin(async move {
            let themes = "organisation,theme,name,year,zrm_domains,societal_task\n\
                          deschans,buurt_samen,Buurt 'Samen' voor jong en oud,2022,financien,\n";
            app.import_file("themes.csv", themes.as_bytes()).await;
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let xlsx = researcher
                .get_bytes("/organisations/deschans/monitor/2022?download=xlsx")
                .await;
            use calamine::Reader;
            let book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).expect("a workbook");
            let names = book.sheet_names();
            assert!(
                names.iter().any(|n| n.contains("'Samen")),
                "a sheet of the theme: {names:?}"
            );
            assert!(
                names
                    .iter()
                    .all(|n| !n.starts_with('\'') && !n.ends_with('\'') && n.chars().count() <= 31),
                "{names:?}"
            );
        })
    });
}
