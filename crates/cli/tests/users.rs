//! `impactmonitor user`: accounts with roles and tenants, passwords only as
//! argon2id hashes, every change in the audit log; on every backend.

mod support;

use domain::account::password_matches;
use domain::Username;
use sqlx::Row;
use support::backends;

const PASSWORD: &str = "een lang wachtwoord\n";

/// `user add` with these arguments and the password on standard input.
fn add_user(db: &support::Db, args: &[&str], password: &str) -> support::Run {
    let mut all = vec!["user", "add"];
    all.extend(args);
    db.run_with_input(&all, password)
}

#[test]
fn accounts_are_added_listed_changed_and_removed() {
    for db in backends() {
        let db = db.with_din();
        let add = |args: &[&str], password: &str| add_user(&db, args, password);
        add(
            &[
                "Jan.Onderzoek",
                "--role",
                "onderzoeker",
                "--organisation",
                "deschans",
            ],
            PASSWORD,
        )
        .ok();
        add(
            &[
                "gemeente-wk",
                "--role",
                "municipality",
                "--municipality",
                "GM1969",
            ],
            PASSWORD,
        )
        .ok();
        add(&["beheer", "--role", "admin"], PASSWORD).ok();
        let list = db.run(&["--format", "json", "user", "list"]);
        list.ok();
        let users: Vec<String> = list.json()["users"]
            .as_array()
            .expect("users")
            .iter()
            .map(|u| {
                format!(
                    "{} {}",
                    u["user"].as_str().unwrap(),
                    u["role"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(
            users,
            [
                "beheer admin",
                "gemeente-wk municipality",
                "jan.onderzoek researcher"
            ],
            "[{}]",
            db.label
        );
        assert!(!list.stdout.contains("argon2"), "no hashes in the list");

        // The stored hash is argon2id and verifies the password, nothing else.
        let hash = || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let store = store::Store::open(&db.url).await.unwrap();
                let a = store
                    .account(&Username::parse("jan.onderzoek").unwrap())
                    .await
                    .unwrap()
                    .unwrap();
                store.close().await;
                a.password_hash
            })
        };
        let first = hash();
        assert!(first.starts_with("$argon2id$"));
        assert!(password_matches("een lang wachtwoord", &first));
        db.run_with_input(
            &["user", "password", "jan.onderzoek"],
            "nog een langer wachtwoord\n",
        )
        .ok();
        let second = hash();
        assert!(
            password_matches("nog een langer wachtwoord", &second)
                && !password_matches("een lang wachtwoord", &second)
        );

        db.run(&["user", "remove", "gemeente-wk"]).ok();
        db.run(&["user", "remove", "gemeente-wk"])
            .refused()
            .says("no user gemeente-wk");

        // Every change is in the audit log, with before and after, never the hash.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let details: Vec<String> = runtime.block_on(async {
            let store = store::Store::open(&db.url).await.unwrap();
            let rows =
                sqlx::query("SELECT detail FROM audit_log WHERE action = 'user' ORDER BY seq")
                    .fetch_all(store.pool())
                    .await
                    .unwrap();
            store.close().await;
            rows.iter().map(|r| r.get::<String, _>(0)).collect()
        });
        assert_eq!(
            details.len(),
            5,
            "three added, one password, one removed: {details:?}"
        );
        assert!(
            details[3].starts_with("before jan.onderzoek")
                && details[3].ends_with("password changed")
        );
        assert!(details[4].starts_with("removed gemeente-wk"));
        assert!(details.iter().all(|d| !d.contains("argon2")));
    }
}

#[test]
fn an_account_without_its_tenants_or_with_a_short_password_is_refused() {
    for db in backends() {
        let db = db.with_din();
        let add = |args: &[&str], password: &str| add_user(&db, args, password);
        add(&["kees", "--role", "admin"], "kort\n")
            .refused()
            .says("at least 12 characters");
        add(&["kees", "--role", "registrant"], PASSWORD)
            .refused()
            .says("--organisation: expected exactly one organisation for this role");
        add(
            &["kees", "--role", "registrant", "--organisation", "nobody"],
            PASSWORD,
        )
        .refused()
        .says("unknown organisation nobody");
        add(&["kees", "--role", "gemeente"], PASSWORD)
            .refused()
            .says("--municipality");
        add(
            &["kees", "--role", "admin", "--organisation", "deschans"],
            PASSWORD,
        )
        .refused()
        .says("no organisation for this role");
        add(&["kees", "--role", "baas"], PASSWORD).exit(2);
        add(&["k", "--role", "admin"], PASSWORD)
            .refused()
            .says("user name");
        add(&["kees", "--role", "admin"], PASSWORD).ok();
        add(&["kees", "--role", "admin"], PASSWORD)
            .refused()
            .says("user kees exists");
    }
}

#[test]
fn the_audit_log_is_read_and_filtered() {
    for db in backends() {
        let db = db.with_din();
        add_user(
            &db,
            &[
                "wk-beleid",
                "--role",
                "gemeente",
                "--municipality",
                "GM1969",
            ],
            PASSWORD,
        )
        .ok();
        db.run(&["user", "remove", "wk-beleid"]).ok();
        let entries = |args: &[&str]| {
            let mut all = vec!["--format", "json", "audit"];
            all.extend(args);
            let run = db.run(&all);
            run.ok();
            run.json()["entries"].as_array().expect("entries").clone()
        };
        // The DIN import and the two user changes.
        let all = entries(&[]);
        assert!(
            all.iter().any(|e| e["action"] == "import"),
            "[{}]",
            db.label
        );
        let users = entries(&["--action", "user", "--contains", "WK-BELEID"]);
        let details: Vec<&str> = users
            .iter()
            .map(|e| e["detail"].as_str().unwrap())
            .collect();
        assert_eq!(details.len(), 2, "{details:?}");
        assert!(
            details[0].starts_with("added wk-beleid")
                && details[1].starts_with("removed wk-beleid")
        );
        let today = chrono::Utc::now().date_naive();
        let tomorrow = (today + chrono::Days::new(1)).to_string();
        let yesterday = (today - chrono::Days::new(1)).to_string();
        assert!(entries(&["--since", &tomorrow]).is_empty());
        assert!(entries(&["--until", &yesterday]).is_empty());
        assert_eq!(
            entries(&["--since", &today.to_string(), "--until", &today.to_string()]).len(),
            all.len()
        );
        db.run(&["audit", "--since", "2026-13-01"])
            .exit(2)
            .says("no such date");
    }
}
