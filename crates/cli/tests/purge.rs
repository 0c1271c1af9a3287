//! `purge` through the binary on every backend (retention).

mod support;

use support::backends;

/// `purge` through the binary: a dry run counts per year and removes
/// nothing; the purge removes every registration that ended before the
/// day, and says so in the audit log; the 2021 figures of the staff's
/// API are kept (tests/retention.rs of the web crate checks the pages).
#[test]
fn purge_removes_what_ended_before_the_day_after_a_dry_run_counts_it() {
    for db in backends() {
        db.import_demo("2022");
        let ended_before = |export: &str| {
            let mut lines = export.lines();
            let header: Vec<&str> = lines.next().expect("header").split(',').collect();
            let end = header
                .iter()
                .position(|h| *h == "end_date")
                .expect("end_date");
            lines
                .map(|l| l.split(',').collect::<Vec<_>>())
                .filter(|r| !r[end].is_empty() && r[end] < "2022-01-01")
                .count()
        };
        let old = ended_before(&db.export("registrations"));
        assert!(old > 0);
        let args = [
            "--format",
            "json",
            "purge",
            "--ended-before",
            "2022-01-01",
            "--organisation",
            "deschans",
        ];
        let mut dry = args.to_vec();
        dry.push("--dry-run");
        let counted = db.run(&dry);
        counted.ok();
        let counted = counted.json();
        assert_eq!(counted["registrations"], old as u64, "{counted}");
        assert!(counted["years"]
            .as_array()
            .is_some_and(|y| y.iter().any(|y| y["year"] == 2021)));
        assert_eq!(ended_before(&db.export("registrations")), old);
        db.run(&args).ok();
        assert_eq!(ended_before(&db.export("registrations")), 0, "{}", db.label);
        db.run(&["audit", "--action", "purge"])
            .ok()
            .says("ended before 2022-01-01");
    }
}
