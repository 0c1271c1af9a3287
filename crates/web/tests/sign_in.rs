//! Sign-in under attack, on every backend: of 200 attempts sent at once
//! for one account at most the limit have their password checked; an
//! attacker who tries an account from one address waits while its owner,
//! from another, signs in; reading pages without signing in stores no
//! session; the language switch returns only to a path of this site.

mod support;

use axum::http::StatusCode;
use support::{TestApp, PASSWORD};
use web::Settings;

/// Runs `test` on a fresh application that reads the client's address
/// from `X-Forwarded-For`, on every backend.
fn behind_a_proxy(
    test: impl Fn(&TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>,
) {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let settings = Settings {
                client_address_header: Some("x-forwarded-for".into()),
                ..Settings::default()
            };
            let app = TestApp::start_with(&db, settings).await;
            test(&app).await;
        });
        eprintln!("{}: done", db.label);
    }
}

#[test]
fn of_200_attempts_at_once_at_most_the_limit_are_checked() {
    behind_a_proxy(|app| {
        Box::pin(async move {
            let mut clients = Vec::new();
            for _ in 0..200 {
                let mut client = app.client().coming_from("203.0.113.9");
                client.get("/sign-in").await;
                clients.push(client);
            }
            let attempts = clients.into_iter().enumerate().map(|(i, mut client)| {
                let password = match i {
                    100 => PASSWORD.to_string(),
                    _ => format!("wrong password {i}"),
                };
                tokio::spawn(async move {
                    let fields = [("username", "admin"), ("password", password.as_str())];
                    client.post("/sign-in", &fields).await.status
                })
            });
            let mut statuses = Vec::new();
            for attempt in attempts.collect::<Vec<_>>() {
                statuses.push(attempt.await.expect("an answer"));
            }
            let checked = statuses
                .iter()
                .filter(|s| matches!(**s, StatusCode::UNAUTHORIZED | StatusCode::SEE_OTHER))
                .count();
            let limit = Settings::default().sign_in_attempts as usize;
            assert!(checked <= limit, "{checked} checked: {statuses:?}");
            let refused = statuses
                .iter()
                .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
                .count();
            assert_eq!(checked + refused, 200, "{statuses:?}");
        })
    });
}

#[test]
fn an_attacker_waits_while_the_owner_signs_in_from_elsewhere() {
    behind_a_proxy(|app| {
        Box::pin(async move {
            let mut attacker = app.client().coming_from("198.51.100.66");
            let limit = Settings::default().sign_in_attempts as usize;
            // Wrong passwords until the attacker must wait two seconds or
            // more: the limit's checks, then the waits double.
            let mut statuses = Vec::new();
            let mut wait = 0;
            while wait < 2 && statuses.len() < 3 * limit {
                let page = attacker.sign_in("admin", "raden maar raak").await;
                wait = page
                    .headers
                    .get("retry-after")
                    .map_or(0, |v| v.to_str().unwrap().parse().unwrap());
                statuses.push(page.status);
            }
            let checked = statuses
                .iter()
                .filter(|s| **s == StatusCode::UNAUTHORIZED)
                .count();
            assert!((limit..limit + 3).contains(&checked), "{statuses:?}");
            // The attacker now waits, even with the right password.
            let page = attacker.sign_in("admin", PASSWORD).await;
            assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
            assert!(page.body.contains("Wacht "), "{}", page.body);
            // Another user name from the same address is not kept waiting.
            let other = attacker
                .sign_in(&support::user(domain::Role::Registrant, "sedna"), PASSWORD)
                .await;
            assert_eq!(other.status, StatusCode::SEE_OTHER);
            let mut owner = app.client().coming_from("192.0.2.10");
            let page = owner.sign_in("admin", PASSWORD).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
        })
    });
}

#[test]
fn reading_pages_without_signing_in_stores_no_session() {
    behind_a_proxy(|app| {
        Box::pin(async move {
            let sessions = || async {
                let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions")
                    .fetch_one(app.store.sessions_pool())
                    .await
                    .expect("counted");
                row.0
            };
            let before = sessions().await;
            for path in ["/sign-in", "/", "/organisations/deschans/dashboard"] {
                for _ in 0..20 {
                    app.client().get(path).await;
                }
            }
            assert_eq!(sessions().await, before);
            // Signing in with the form's token from its cookie makes one.
            let mut client = app.client();
            let page = client.sign_in("admin", PASSWORD).await;
            assert_eq!(page.status, StatusCode::SEE_OTHER);
            assert_eq!(sessions().await, before + 1);
            // A forged token is still refused.
            let mut forger = app.client();
            forger.get("/sign-in").await;
            let fields = [("username", "admin"), ("password", PASSWORD)];
            let page = forger
                .post_with_token("/sign-in", &fields, &"0".repeat(64))
                .await;
            assert_eq!(page.status, StatusCode::BAD_REQUEST, "{}", page.body);
        })
    });
}

#[test]
fn the_language_switch_returns_only_to_a_path_of_this_site() {
    behind_a_proxy(|app| {
        Box::pin(async move {
            for (back, expected) in [
                (
                    "/organisations/deschans/dashboard",
                    "/organisations/deschans/dashboard",
                ),
                ("/%09/evil.example", "/"),
                ("//evil.example", "/"),
                ("/%5Cevil.example", "/"),
                ("/%0d%0aSet-Cookie:%20x=1", "/"),
                ("https://evil.example", "/"),
            ] {
                let page = app.client().get(&format!("/language/en?back={back}")).await;
                assert_eq!(page.status, StatusCode::SEE_OTHER, "{back}");
                assert_eq!(page.location.as_deref(), Some(expected), "{back}");
            }
        })
    });
}
