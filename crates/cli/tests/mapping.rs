//! A registration system's own export, imported through a saved mapping
//! on the command line: it stores exactly what its interchange twin
//! stores, and no name, BSN or birth date reaches the database, the
//! output or the backup; a new value stops it until the mapping knows it;
//! a mapping shared with another installation reads the same.

mod support;

use support::{backends, Db};

use interchange::testing::regicare;

use regicare::{MAPPING, ROWS};

/// The export of "Regicare", with an extra row after the four.
fn foreign(extra: Option<regicare::Row>) -> Vec<u8> {
    let mut rows = ROWS.to_vec();
    rows.extend(extra);
    regicare::export(&rows)
}

fn save_mapping(db: &Db, toml: &str) {
    let path = db.write(&[("regicare.toml", toml.as_bytes())]);
    db.run(&["mapping", "import", &path[0], "--organisation", "deschans"])
        .ok();
}

fn import_foreign(db: &Db, bytes: &[u8]) -> support::Run {
    db.import_bytes(
        &[("Regicare export december.csv", bytes)],
        &[
            "--mapping",
            "Regicare-export",
            "--organisation",
            "deschans",
            "--format",
            "json",
        ],
    )
}

/// Whether any file under the database's folder (SQLite file, WAL) holds
/// `needle`.
fn folder_holds(db: &Db, needle: &str) -> bool {
    std::fs::read_dir(db.dir.path())
        .expect("folder")
        .any(|entry| {
            let path = entry.expect("entry").path();
            path.is_file()
                && std::fs::read(&path)
                    .is_ok_and(|bytes| bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
        })
}

#[test]
fn a_foreign_export_imports_through_its_mapping_like_its_interchange_twin_and_keeps_nothing_private(
) {
    for db in backends() {
        let db = db.with_din();
        save_mapping(&db, MAPPING);
        let run = import_foreign(&db, &foreign(None));
        run.ok();
        assert_eq!(run.json()["inserted"], 4, "[{}]", db.label);
        let stored = db.export("registrations");
        // The interchange twin finds every record exactly as it would store it.
        let twin = db.import(
            &[("registrations.csv", &regicare::twin(&regicare::TWIN))],
            &["--organisation", "deschans", "--format", "json"],
        );
        twin.ok();
        assert_eq!(
            (
                twin.json()["unchanged"].as_u64(),
                twin.json()["inserted"].as_u64()
            ),
            (Some(4), Some(0)),
            "[{}] {}",
            db.label,
            twin.stdout
        );
        assert_eq!(
            db.export("registrations"),
            stored,
            "[{}] the same records",
            db.label
        );

        // Nothing that identifies a person anywhere: database, output, backup.
        let backup = db.dir.path().join("backup.imb");
        db.run(&["backup", "--out", &backup.display().to_string()])
            .ok();
        let mut backup_text = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(std::fs::File::open(&backup).expect("backup")),
            &mut backup_text,
        )
        .expect("the backup is gzip text");
        assert!(
            backup_text.contains("Regicare-export"),
            "the backup holds the mapping and history"
        );
        let history = db.run(&[
            "--format",
            "json",
            "export",
            "--kind",
            "registrations",
            "--organisation",
            "deschans",
        ]);
        for private in regicare::private(ROWS.len()) {
            assert!(
                !run.stdout.contains(private) && !run.stderr.contains(private),
                "[{}] {private} in the report",
                db.label
            );
            assert!(
                !history.stdout.contains(private),
                "[{}] {private} in the export",
                db.label
            );
            assert!(
                !folder_holds(&db, private),
                "[{}] {private} in the database's files",
                db.label
            );
            assert!(
                !backup_text.contains(private),
                "[{}] {private} in the backup",
                db.label
            );
        }
    }
}

#[test]
fn a_new_value_stops_the_import_until_the_mapping_knows_it() {
    for db in backends() {
        let db = db.with_din();
        save_mapping(&db, MAPPING);
        let later = foreign(Some([
            "R-5",
            "02-05-2022",
            "",
            "Buddyzorg",
            "Huisvesting",
            "Leek",
            "",
        ]));
        let run = import_foreign(&db, &later);
        run.refused();
        let report = run.json();
        let problem = report["problem"].as_str().expect("a file problem");
        assert!(
            problem.contains("\"Buddyzorg\" (Soort contact, 1×)"),
            "[{}] {problem}",
            db.label
        );
        for private in regicare::private(5) {
            assert!(!run.stdout.contains(private), "{private} in the report");
        }
        assert_eq!(db.count("registrations"), 0, "nothing stored");

        let extended = MAPPING.replace(
            "\"Leun & Steun\" = \"leun_steun\"",
            "\"Leun & Steun\" = \"leun_steun\"\n\"Buddyzorg\" = \"traject\"",
        );
        save_mapping(&db, &extended);
        import_foreign(&db, &later).ok();
        assert_eq!(db.count("registrations"), 5, "[{}]", db.label);
    }
}

#[test]
fn a_mapping_shared_with_another_installation_reads_the_same_records() {
    for db in backends() {
        let db = db.with_din();
        let other = backends()
            .into_iter()
            .find(|d| d.label == db.label)
            .expect("same backend");
        other.take_secret_of(&db);
        let other = other.with_din();
        save_mapping(&db, MAPPING);
        let shared = db.run(&[
            "mapping",
            "export",
            "Regicare-export",
            "--organisation",
            "deschans",
        ]);
        shared.ok();
        assert!(shared.stdout.contains("Datum aanmelding"));
        save_mapping(&other, &shared.stdout);
        import_foreign(&db, &foreign(None)).ok();
        import_foreign(&other, &foreign(None)).ok();
        assert_eq!(
            db.export("registrations"),
            other.export("registrations"),
            "[{}]",
            db.label
        );
    }
}

#[test]
fn a_mapping_that_fills_a_field_twice_or_leaves_a_required_one_empty_is_not_saved() {
    for db in backends() {
        let db = db.with_din();
        let twice = MAPPING.replace(
            "source = \"Wijk\"\nto = \"area\"",
            "source = \"Wijk\"\nto = \"start_date\"",
        );
        let path = db.write(&[("twice.toml", twice.as_bytes())]);
        let run = db.run(&["mapping", "import", &path[0], "--organisation", "deschans"]);
        run.refused();
        assert!(
            run.stderr.contains("start_date is filled twice"),
            "{}",
            run.stderr
        );
        let empty = MAPPING.replace("to = \"main_domain\"\n", "");
        let path = db.write(&[("empty.toml", empty.as_bytes())]);
        let run = db.run(&["mapping", "import", &path[0], "--organisation", "deschans"]);
        run.refused();
        assert!(
            run.stderr.contains("main_domain is required"),
            "{}",
            run.stderr
        );
        let listed = db.run(&["mapping", "list", "--organisation", "deschans"]);
        assert!(listed.stdout.contains("no mappings"), "{}", listed.stdout);
    }
}

#[test]
fn templates_of_every_kind_are_written_with_their_column_guide() {
    let db = backends().remove(0);
    db.init();
    for kind in ["registrations", "zrm_scores", "collective", "partners"] {
        let csv = db.run(&["template", kind]);
        csv.ok();
        let out = db.dir.path().join(format!("{kind}.xlsx"));
        db.run(&["template", kind, "--out", &out.display().to_string()])
            .ok();
        let bytes = std::fs::read(&out).expect("the workbook");
        let tables =
            interchange::read_tables(&bytes, &interchange::Limits::default()).expect("it reads");
        let guide = tables
            .iter()
            .find(|t| t.sheet.as_deref() == Some("toelichting"))
            .expect("a guide sheet");
        let file_kind = <interchange::FileKind as domain::Coded>::parse(kind).expect("a kind");
        let listed: Vec<String> = (0..guide.len())
            .map(|i| guide.row(i).cells[0].clone())
            .collect();
        let columns: Vec<&str> = file_kind.columns().iter().map(|c| c.name).collect();
        assert_eq!(listed, columns, "{kind}: every column explained");
        let header = csv.stdout.trim_start_matches('\u{feff}').trim().to_string();
        assert_eq!(header, columns.join(";"));
    }
}
