//! An import, erasure or restore killed part-way (SIGKILL) leaves the
//! database as it was; the same command run again completes. A backup
//! killed or stopped part-way leaves no file behind.

mod support;

use std::fmt::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{backends, Db, BIN};

const ROWS: usize = 120_000;

fn large_registrations() -> String {
    let mut file = String::from("registration_id,organisation,form,start_date,end_date,age_group,main_domain,zrm_financien_start,zrm_financien_doel,zrm_financien_eind\n");
    for i in 0..ROWS {
        let _ = writeln!(
            file,
            "k{i},deschans,traject,2022-01-{:02},2022-12-31,27-55,financien,2,3,{}",
            1 + i % 28,
            1 + i % 5
        );
    }
    file
}

/// Whether a transaction of the command has written something that is
/// not committed yet: on SQLite, more than `wal_bytes` in the write-ahead
/// log.
fn writing(db: &Db, application: &str, wal_bytes: u64) -> bool {
    if db.label == "sqlite" {
        let wal = format!("{}-wal", db.url.trim_start_matches("sqlite://"));
        return std::fs::metadata(wal)
            .map(|m| m.len() > wal_bytes)
            .unwrap_or(false);
    }
    use sqlx::{Connection, Row};
    let base = std::env::var("IMPACTMONITOR_TEST_DATABASE_URL").expect("postgres url");
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(async {
        let mut conn = sqlx::AnyConnection::connect(&base).await.expect("connect");
        let row = sqlx::query("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND backend_xid IS NOT NULL")
            .bind(application.to_string())
            .fetch_one(&mut conn)
            .await
            .expect("query");
        let _ = conn.close().await;
        row.try_get::<i64, _>(0).unwrap_or(0) > 0
    })
}

/// Runs the binary with `args` on `db` and sends it `signal` (`KILL`,
/// `TERM`) as soon as `ready` says so of its process id; `what` names the
/// command in the messages. Waits for it to end.
fn signal_when(db: &Db, args: &[&str], ready: impl Fn(u32) -> bool, signal: &str, what: &str) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(db.dir.path())
        .env("IMPACTMONITOR_DATABASE", &db.url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while !ready(child.id()) {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "{}: the {what} ended before it could be stopped",
            db.label
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "{}: the {what} never got there",
            db.label
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let sent = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "SIG{signal} sent");
    child.wait().expect("reaped");
}

/// Runs the binary with `args` on `db` and kills it (SIGKILL) as soon as
/// its transaction has written something (on SQLite, more than
/// `wal_bytes` in the write-ahead log); `what` names the command in the
/// messages. The database's URL carries `application` on PostgreSQL.
fn kill_while_writing(db: &Db, args: &[&str], application: &str, wal_bytes: u64, what: &str) {
    let ready = |_| writing(db, application, wal_bytes);
    signal_when(db, args, ready, "KILL", what);
}

/// The application name a test's connections carry on PostgreSQL.
fn named(mut db: Db, application: &str) -> Db {
    if db.label == "postgres" {
        db.url = format!("{}&application_name={application}", db.url);
    }
    db
}

#[test]
fn a_killed_import_stores_nothing_and_the_rerun_completes() {
    let file = large_registrations();
    for mut db in backends() {
        db = db.with_din();
        let application = format!("kill_test_{}", std::process::id());
        db = named(db, &application);
        let path = db
            .write(&[("registrations.csv", file.as_bytes())])
            .remove(0);
        kill_while_writing(&db, &["import", &path], &application, 4_000_000, "import");
        assert_eq!(
            db.count("registrations"),
            0,
            "{}: a killed import left registrations",
            db.label
        );
        assert_eq!(
            db.count("zrm_scores"),
            0,
            "{}: a killed import left scores",
            db.label
        );
        db.run(&["import", &path]).ok();
        assert_eq!(db.count("registrations"), ROWS, "{}", db.label);
        assert_eq!(db.count("zrm_scores"), ROWS, "{}", db.label);
    }
}

/// Clients erased in the erasure test: half of the registrations.
const ERASED: usize = ROWS / 2;

#[test]
fn a_killed_erasure_erases_nothing_and_the_rerun_completes() {
    let mut file = String::from(
        "registration_id,organisation,form,start_date,client_code,age_group,main_domain,zrm_financien_start\n",
    );
    for i in 0..ROWS {
        let _ = writeln!(
            file,
            "e{i},deschans,traject,2022-02-01,c{i},27-55,financien,2"
        );
    }
    let codes: Vec<String> = (0..ERASED).map(|i| format!("c{i}")).collect();
    for mut db in backends() {
        db = db.with_din();
        let path = db
            .write(&[("registrations.csv", file.as_bytes())])
            .remove(0);
        db.run(&["import", &path]).ok();
        let application = format!("kill_erase_{}", std::process::id());
        db = named(db, &application);
        let mut args = vec!["erase-client", "--organisation", "deschans"];
        args.extend(codes.iter().map(String::as_str));
        kill_while_writing(&db, &args, &application, 256_000, "erasure");
        assert_eq!(
            db.count("registrations"),
            ROWS,
            "{}: a killed erasure erased",
            db.label
        );
        assert_eq!(db.count("zrm_scores"), ROWS, "{}", db.label);
        assert!(
            !db.run(&["audit"]).stdout.contains("erase client"),
            "{}",
            db.label
        );
        db.run(&args).ok();
        assert_eq!(db.count("registrations"), ROWS - ERASED, "{}", db.label);
        assert_eq!(db.count("zrm_scores"), ROWS - ERASED, "{}", db.label);
    }
}

#[test]
fn a_killed_restore_leaves_an_empty_database_and_the_rerun_completes() {
    let source = backends().remove(0).with_din();
    let path = source
        .write(&[("registrations.csv", large_registrations().as_bytes())])
        .remove(0);
    source.run(&["import", &path]).ok();
    let file = source
        .dir
        .path()
        .join("large.imbackup")
        .display()
        .to_string();
    source.run(&["backup", "--out", &file]).ok();
    for mut db in backends() {
        let application = format!("kill_restore_{}", std::process::id());
        db = named(db, &application);
        db.take_secret_of(&source);
        kill_while_writing(&db, &["restore", &file], &application, 4_000_000, "restore");
        // Nothing of the installation stayed: a restore without --replace
        // (refused on a database with anything in it) completes.
        db.run(&["restore", &file]).ok();
        assert_eq!(db.count("registrations"), ROWS, "{}", db.label);
        assert_eq!(db.count("zrm_scores"), ROWS, "{}", db.label);
    }
}

/// Whether the process has a file without a name open in `folder` (the
/// body of a backup being written).
fn writes_unnamed_file(pid: u32, folder: &std::path::Path) -> bool {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    let folder = folder.display().to_string();
    fds.filter_map(|fd| std::fs::read_link(fd.ok()?.path()).ok())
        .map(|target| target.display().to_string())
        .any(|target| target.starts_with(&folder) && target.ends_with("(deleted)"))
}

#[test]
fn a_killed_or_stopped_backup_leaves_no_file_behind() {
    let db = backends().remove(0).with_din();
    let path = db
        .write(&[("registrations.csv", large_registrations().as_bytes())])
        .remove(0);
    db.run(&["import", &path]).ok();
    let folder = db.dir.path().join("backups");
    std::fs::create_dir_all(&folder).expect("a folder");
    let out = folder.join("stopped.imbackup").display().to_string();
    for signal in ["KILL", "TERM"] {
        let ready = |pid| writes_unnamed_file(pid, &folder);
        signal_when(&db, &["backup", "--out", &out], ready, signal, "backup");
        let left: Vec<_> = std::fs::read_dir(&folder)
            .expect("the folder")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        assert!(left.is_empty(), "SIG{signal} left {left:?}");
    }
}
