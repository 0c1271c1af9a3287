//! `backup` and `restore` through the binary: the demo's installation
//! restored into a fresh SQLite database and into PostgreSQL computes the
//! same figures and exports the same files; the secret is in the backup
//! only when asked, and the restore says where the old one must go
//! otherwise; a database with an installation is refused unless
//! `--replace`.

mod support;

use support::{backends, Db};

fn compute(db: &Db) -> serde_json::Value {
    let args = [
        "--format",
        "json",
        "compute",
        "--organisation",
        "deschans",
        "--year",
        "2022",
    ];
    let run = db.run(&args);
    run.ok();
    run.json()
}

#[test]
fn a_restored_backup_computes_and_exports_the_same_on_every_backend() {
    let source = backends().remove(0);
    assert_eq!(source.label, "sqlite");
    source.import_demo("2022");
    let file = source
        .dir
        .path()
        .join("installation.imbackup")
        .display()
        .to_string();
    source
        .run(&["backup", "--out", &file])
        .ok()
        .says("the installation secret is not in the backup, which is signed with it")
        .says(".secret (or IMPACTMONITOR_SECRET)");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).unwrap().permissions().mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "the backup is its owner's only: {mode:o}"
    );
    let figures = compute(&source);
    let kinds = [
        "registrations",
        "zrm_scores",
        "goals",
        "narrative",
        "collective",
        "survey",
    ];
    for target in backends() {
        // Its signature is checked with the old installation's secret.
        target.run(&["restore", &file]).refused().says("put it in");
        target.take_secret_of(&source);
        target.run(&["restore", &file]).ok();
        assert_eq!(compute(&target), figures, "{}", target.label);
        for kind in kinds {
            assert_eq!(
                target.export(kind),
                source.export(kind),
                "{}: {kind}",
                target.label
            );
        }
        // Restoring again is refused: the database holds an installation.
        target.run(&["restore", &file]).refused().says("--replace");
        target.run(&["restore", "--replace", &file]).ok();
        assert_eq!(compute(&target), figures, "{}", target.label);
    }
}

#[test]
fn a_backup_with_the_secret_puts_it_in_place_on_restore() {
    let source = backends().remove(0);
    source.import_demo("2022");
    let file = source
        .dir
        .path()
        .join("with-secret.imbackup")
        .display()
        .to_string();
    let key = source.dir.path().join("backup.key");
    std::fs::write(&key, "a key kept apart from the backup files\n").unwrap();
    let key = key.display().to_string();
    // A backup cannot be signed with the secret it carries.
    source
        .run(&["backup", "--with-secret", "--out", &file])
        .refused()
        .says("--sign-with");
    let run = source.run(&[
        "--format",
        "json",
        "backup",
        "--with-secret",
        "--sign-with",
        &key,
        "--out",
        &file,
    ]);
    run.ok().says("holds the installation secret");
    assert_eq!(run.json()["with_secret"], true);
    let target = backends().remove(0);
    target
        .run(&["restore", &file])
        .refused()
        .says("--sign-with");
    target
        .run(&["restore", "--sign-with", &key, &file])
        .ok()
        .says("from the backup is in");
    // The restored installation imports with its own secret: the same
    // client code is the same pseudonym as before.
    let extra = "registration_id,organisation,form,start_date,client_code,age_group,main_domain\n\
                 na-herstel,deschans,traject,2022-06-01,DS-000018,27-55,financien\n";
    target
        .import_bytes(&[("registrations.csv", extra.as_bytes())], &[])
        .ok();
    source
        .import_bytes(&[("registrations.csv", extra.as_bytes())], &[])
        .ok();
    assert_eq!(
        target.export("registrations"),
        source.export("registrations")
    );
}
