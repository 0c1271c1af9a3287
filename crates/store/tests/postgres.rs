//! Every storage test runs on SQLite and, when `IMPACTMONITOR_TEST_DATABASE_URL`
//! names a PostgreSQL server, on PostgreSQL too (`store::testing::databases`).
//! This test is the PostgreSQL runs' gate: ignored by a plain `cargo test`
//! (which then runs on SQLite only), run by `.ci/run` with
//! `--include-ignored`, where it fails unless the server answers — so CI
//! never passes with the PostgreSQL runs silently left out.

use store::testing::{databases, TEST_DATABASE_ENV};

#[test]
#[ignore = "needs a PostgreSQL server named by IMPACTMONITOR_TEST_DATABASE_URL (.ci/run sets it)"]
fn postgresql_answers_so_every_storage_test_runs_on_it() {
    let url = std::env::var(TEST_DATABASE_ENV)
        .unwrap_or_else(|_| panic!("{TEST_DATABASE_ENV} is not set"));
    assert!(!url.is_empty(), "{TEST_DATABASE_ENV} is empty");
    let postgres = databases()
        .into_iter()
        .find(|db| db.label == "postgres")
        .expect("a PostgreSQL test database");
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(async {
            let store = store::Store::open(&postgres.url)
                .await
                .expect("PostgreSQL answers");
            assert_eq!(store.backend(), store::Backend::Postgres);
            store.close().await;
        });
}
