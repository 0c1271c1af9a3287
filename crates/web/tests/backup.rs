//! Backup and restore of the whole installation (issue 17): the demo's
//! installation on SQLite — records, accounts, audit log, text history,
//! published versions — written to one file and restored into a fresh
//! SQLite database and into PostgreSQL is the same installation: every
//! export byte for byte, the same figures, the accounts sign in with their
//! passwords, the municipality reads the same published pages, the audit
//! log is the same. A damaged or tampered file, a newer schema and a
//! non-empty database are refused with nothing written.

mod support;

use axum::http::StatusCode;
use domain::{Coded, OrganisationCode, Role};
use importer::backup::{check_backup, restore, write_backup, BackupError};
use interchange::FileKind;
use std::io::{Read, Write};
use store::testing::{databases, TestDatabase};
use store::{AuditFilter, Store};
use support::{user, TestApp};

const TENANTS: [&str; 2] = ["deschans", "sedna"];

/// The key the tests sign their backups with.
const KEY: &[u8] = b"the key the backup tests sign with";

/// The audit log without the restores' own entries.
async fn audit_before_restore(store: &Store) -> Vec<store::AuditEntry> {
    let mut entries = store
        .audit_log(&AuditFilter::default())
        .await
        .expect("audit");
    entries.retain(|e| e.action != "restore");
    entries
}

/// Every export of every organisation, by kind.
async fn exports(store: &Store) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for kind in FileKind::ALL {
        for tenant in TENANTS {
            let org = OrganisationCode::parse(tenant).expect("a code");
            let (bytes, _) = importer::export(store, *kind, Some(&org))
                .await
                .expect("exports");
            all.push((format!("{tenant}/{}", kind.code()), bytes));
        }
    }
    all
}

/// What a researcher and a municipality viewer read of the published
/// factsheet, signed in with their passwords.
async fn read(app: &TestApp) -> (String, String) {
    let page = "/organisations/deschans/factsheets/kwetsbare_inwoners/2022";
    let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
    let mut viewer = app
        .signed_in(&user(Role::MunicipalityViewer, "deschans"))
        .await;
    let staff = researcher.get(page).await;
    let public = viewer.get(page).await;
    assert_eq!(
        (staff.status, public.status),
        (StatusCode::OK, StatusCode::OK)
    );
    (article(&staff.body), article(&public.body))
}

/// The publication on a page (the page around it holds the session's
/// form token).
fn article(html: &str) -> String {
    let start = html.find("<article").expect("an article");
    let end = html.find("</article>").expect("its end");
    html[start..end].to_string()
}

/// The text of a backup file, and the file written back from a text.
fn text_of(path: &std::path::Path) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).expect("opens"))
        .read_to_string(&mut text)
        .expect("gzip text");
    text
}

fn write_text(path: &std::path::Path, text: &str) {
    let file = std::fs::File::create(path).expect("creates");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    gz.write_all(text.as_bytes()).expect("writes");
    gz.finish().expect("finishes");
}

#[test]
fn a_backup_restored_into_sqlite_and_postgresql_is_the_same_installation() {
    // Made (and dropped) outside the runtime: dropping a PostgreSQL test
    // database runs one of its own.
    let targets = databases();
    let seconds = databases();
    support::runtime().block_on(async {
        let source = TestDatabase::sqlite();
        let app = TestApp::demo(&source, 5).await;
        // A logo for the title page of the PDFs (any bytes: the store keeps
        // what it is given).
        let logo: Vec<u8> = (0..=255u8).cycle().take(3000).collect();
        let deschans = OrganisationCode::parse("deschans").unwrap();
        let mut tx = app.store.begin().await.unwrap();
        tx.set_logo(&deschans, Some(&logo), "test").await.unwrap();
        tx.commit().await.unwrap();
        let file = source.dir.path().join("installation.imbackup");
        let header = write_backup(&app.store, &file, None, KEY)
            .await
            .expect("written");
        assert_eq!(header.backend, "sqlite");
        assert!(header.secret.is_none());
        let before = exports(&app.store).await;
        let audit = app
            .store
            .audit_log(&AuditFilter::default())
            .await
            .expect("audit");
        let pages = read(&app).await;
        let versions = app
            .store
            .published_pages(&OrganisationCode::parse("deschans").unwrap())
            .await
            .unwrap();
        assert!(!versions.is_empty());

        for (target, second) in targets.iter().zip(&seconds) {
            let store = Store::open(&target.url).await.expect("opens");
            let checked = check_backup(&file, Some(KEY)).expect("a sound backup");
            let restored = restore(&store, &file, checked, false, "test")
                .await
                .expect("restored");
            assert_eq!(
                restored.rows,
                header.parts.iter().map(|p| p.rows).sum::<u64>()
            );
            assert!(
                exports(&store).await == before,
                "{}: exports differ",
                target.label
            );
            assert_eq!(
                audit_before_restore(&store).await,
                audit,
                "{}",
                target.label
            );
            let restores = store
                .audit_log(&AuditFilter::default())
                .await
                .unwrap()
                .into_iter()
                .filter(|e| e.action == "restore")
                .count();
            assert_eq!(
                restores, 1,
                "{}: the restore is in the audit log",
                target.label
            );
            assert_eq!(
                store.data_version().await.unwrap(),
                app.store.data_version().await.unwrap()
            );
            assert_eq!(
                store.logo(&deschans).await.unwrap(),
                Some(logo.clone()),
                "{}",
                target.label
            );
            let restored_app = TestApp::over(store.clone(), 5);
            assert_eq!(
                store
                    .published_pages(&OrganisationCode::parse("deschans").unwrap())
                    .await
                    .unwrap(),
                versions,
                "{}",
                target.label
            );
            assert!(
                read(&restored_app).await == pages,
                "{}: the pages differ",
                target.label
            );

            // Once restored, the database is no longer empty.
            let again = check_backup(&file, Some(KEY)).expect("sound");
            let refused = restore(&store, &file, again, false, "test").await;
            assert!(
                matches!(refused, Err(BackupError::Refused(_))),
                "{}",
                target.label
            );
            let again = check_backup(&file, Some(KEY)).expect("sound");
            restore(&store, &file, again, true, "test")
                .await
                .expect("--replace restores over it");
            assert!(exports(&store).await == before, "{}", target.label);

            // A backup made on this backend restores on it as well.
            let own = target.dir.path().join("own.imbackup");
            let made = write_backup(&store, &own, None, KEY)
                .await
                .expect("written");
            assert_eq!(made.backend, target.label);
            let other = Store::open(&second.url).await.expect("opens");
            restore(
                &other,
                &own,
                check_backup(&own, Some(KEY)).expect("sound"),
                false,
                "test",
            )
            .await
            .expect("restored");
            assert!(
                exports(&other).await == before,
                "{}: own backup",
                target.label
            );
        }
    });
}

/// The demo's installation on SQLite and a signed backup of it: the
/// database, the application, the file and its text.
async fn demo_backup() -> (TestDatabase, TestApp, std::path::PathBuf, String) {
    let source = TestDatabase::sqlite();
    let app = TestApp::demo(&source, 5).await;
    let file = source.dir.path().join("installation.imbackup");
    write_backup(&app.store, &file, None, KEY)
        .await
        .expect("written");
    let text = text_of(&file);
    (source, app, file, text)
}

#[test]
fn a_damaged_or_newer_backup_is_refused_before_anything_is_written() {
    support::runtime().block_on(async {
        let (source, _app, file, text) = demo_backup().await;

        // One registration's area changed inside the file.
        let tampered = source.dir.path().join("tampered.imbackup");
        write_text(&tampered, &text.replacen("\"Leek\"", "\"Marum\"", 1));
        let refused = check_backup(&tampered, Some(KEY)).expect_err("tampered");
        assert!(
            refused.to_string().contains("does not match its checksum"),
            "{refused}"
        );

        // A part's heading damaged: said in words, not the parser's.
        let (first, rest) = text.split_once('\n').unwrap();
        let broken = rest.replacen("{\"table\"", "{\"table\" 1}", 1);
        let heading = source.dir.path().join("heading.imbackup");
        write_text(&heading, &format!("{first}\n{broken}"));
        let refused = check_backup(&heading, Some(KEY)).expect_err("damaged");
        assert!(
            refused
                .to_string()
                .ends_with("damaged: the heading of part 1 cannot be read"),
            "{refused}"
        );

        // Cut short.
        let cut = source.dir.path().join("cut.imbackup");
        std::fs::write(&cut, &std::fs::read(&file).unwrap()[..1000]).unwrap();
        assert!(check_backup(&cut, Some(KEY)).is_err());

        // Not a backup at all.
        let other = source.dir.path().join("other.imbackup");
        write_text(&other, "registration_id,organisation\n");
        assert!(check_backup(&other, Some(KEY))
            .expect_err("no backup")
            .to_string()
            .contains("not a backup"));

        // A schema newer than the program's.
        let newer = source.dir.path().join("newer.imbackup");
        let (first, rest) = text.split_once('\n').unwrap();
        let mut header: importer::backup::Header = serde_json::from_str(first).unwrap();
        header.schema_version = 999;
        importer::backup::sign(&mut header, KEY);
        let header = serde_json::to_string(&header).unwrap();
        write_text(&newer, &format!("{header}\n{rest}"));
        let target = TestDatabase::sqlite();
        let store = Store::open(&target.url).await.unwrap();
        let checked = check_backup(&newer, Some(KEY)).expect("its parts are sound");
        let refused = restore(&store, &newer, checked, false, "test")
            .await
            .expect_err("newer");
        assert!(
            refused.to_string().contains("newer than this program's"),
            "{refused}"
        );
        assert!(store.is_empty().await.unwrap());
    });
}

#[test]
fn every_table_is_backed_up_or_left_out_on_purpose() {
    for db in databases() {
        support::runtime().block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            for table in store.tables().await.unwrap() {
                assert!(
                    store::backup::BACKED_UP.contains(&table.as_str())
                        || store::backup::LEFT_OUT.contains(&table.as_str()),
                    "{}: the table {table} is neither backed up nor left out",
                    db.label
                );
            }
        });
    }
}

#[test]
fn a_forged_backup_with_its_checksums_made_again_is_refused() {
    support::runtime().block_on(async {
        let (source, _app, file, text) = demo_backup().await;
        let (first, rest) = text.split_once('\n').unwrap();
        let mut header: importer::backup::Header = serde_json::from_str(first).unwrap();
        // An administrator's account added to the accounts part, and the
        // part's row count and SHA-256 made again, as a forger would.
        let mut body = String::new();
        let mut table = String::new();
        let mut lines_of: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for line in rest.lines() {
            if line.starts_with('{') {
                table = serde_json::from_str::<serde_json::Value>(line).unwrap()["table"]
                    .as_str()
                    .unwrap()
                    .to_string();
            } else {
                lines_of
                    .entry(table.clone())
                    .or_default()
                    .push(line.to_string());
            }
        }
        let accounts = lines_of.get_mut("accounts").expect("the accounts part");
        let admin = accounts
            .iter()
            .find(|row| row.contains("\"admin\""))
            .expect("the administrator's row");
        let forged = admin.replacen("\"admin\"", "\"indringer\"", 1);
        accounts.push(forged);
        for part in header.parts.iter_mut() {
            let lines = lines_of.get(&part.table).cloned().unwrap_or_default();
            let mut digest = store::backup::PartDigest::default();
            for line in &lines {
                digest.line(line);
            }
            part.rows = lines.len() as u64;
            part.sha256 = digest.hex();
        }
        for line in rest.lines() {
            if line.starts_with('{') {
                body.push_str(line);
                body.push('\n');
                let name = serde_json::from_str::<serde_json::Value>(line).unwrap()["table"]
                    .as_str()
                    .unwrap()
                    .to_string();
                for row in lines_of.get(&name).cloned().unwrap_or_default() {
                    body.push_str(&row);
                    body.push('\n');
                }
            }
        }
        let forged = source.dir.path().join("forged.imbackup");
        let unsigned = importer::backup::Header {
            signature: None,
            ..header.clone()
        };
        // With the signature kept, or taken out, it is refused.
        for (header, key, says) in [
            (&header, Some(KEY), "the signature does not match"),
            (&unsigned, Some(KEY), "not signed"),
        ] {
            let line = serde_json::to_string(header).unwrap();
            write_text(&forged, &format!("{line}\n{body}"));
            let refused = check_backup(&forged, key).expect_err("forged");
            assert!(refused.to_string().contains(says), "{refused}");
        }
        // Its checksums hold: only the signature tells it from the real one.
        let line = serde_json::to_string(&unsigned).unwrap();
        write_text(&forged, &format!("{line}\n{body}"));
        assert!(check_backup(&forged, None).is_ok());
        // The real one is sound, and written for its owner only.
        assert!(check_backup(&file, Some(KEY)).is_ok());
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        let leftovers: Vec<_> = std::fs::read_dir(source.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    });
}
