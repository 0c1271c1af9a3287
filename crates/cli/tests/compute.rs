//! `impactmonitor compute`: selections and bad input, on every backend, on
//! the small fixture set (De Schans: r1 traject 27-55 in Leek, gg main;
//! r2 leun_steun minor in Marum, financien; r3 informatie_advies 67+,
//! huiselijke_relaties, no area; all running in 2022).

mod support;

use support::{backends, BIN};

fn figures(run: &support::Run) -> Vec<serde_json::Value> {
    run.json()["figures"].as_array().expect("figures").clone()
}

fn total_reach(run: &support::Run) -> Option<f64> {
    figures(run)
        .iter()
        .find(|f| f["indicator"] == "reach" && f["keys"].as_object().is_some_and(|k| k.is_empty()))
        .and_then(|f| f["value"].as_f64())
}

#[test]
fn selections_narrow_the_registrations() {
    for db in backends() {
        let db = db.with_din();
        let all: Vec<&str> = [
            "registrations.csv",
            "zrm_scores.csv",
            "collective.csv",
            "reach_plan.csv",
        ]
        .to_vec();
        db.import_fixtures(&all, &["--organisation", "deschans"])
            .ok();
        let compute = |extra: &[&str]| {
            let mut args = vec!["--format", "json", "compute", "--organisation", "deschans"];
            args.extend(extra);
            db.run(&args)
        };
        // r1, r2, r3 run in 2022.
        assert_eq!(
            total_reach(compute(&["--year", "2022"]).ok()),
            Some(3.0),
            "[{}]",
            db.label
        );
        // Area Leek: r1 only.
        assert_eq!(
            total_reach(compute(&["--year", "2022", "--area", "leek"]).ok()),
            Some(1.0)
        );
        // Theme kwetsbare_inwoners 2022 (gg, sociaal netwerk, …): r1.
        let theme = compute(&["--year", "2022", "--theme", "kwetsbare_inwoners"]);
        assert_eq!(total_reach(theme.ok()), Some(1.0));
        // Age group 0-17: r2 (born 2010).
        assert_eq!(
            total_reach(compute(&["--year", "2022", "--age-group", "0-17"]).ok()),
            Some(1.0)
        );
        // Closed in March 2022: r3 (ended 15-03-2022).
        let closed = compute(&[
            "--from",
            "2022-03-01",
            "--to",
            "2022-03-31",
            "--period",
            "closed",
        ]);
        assert_eq!(total_reach(closed.ok()), Some(1.0));
        assert_eq!(closed.json()["from"], "2022-03-01");
        // Nothing in 2019: the total says so.
        let empty = compute(&["--year", "2019"]);
        let reach = figures(empty.ok())
            .into_iter()
            .find(|f| f["indicator"] == "reach")
            .unwrap();
        assert_eq!(
            (reach["state"].as_str(), reach["n"].as_u64()),
            (Some("no_data"), Some(0))
        );
        // Text: one line per figure, with the header.
        let text = db.run(&["compute", "--organisation", "deschans", "--year", "2022"]);
        text.ok()
            .says("deschans 2022-01-01 to 2022-12-31 (running)");
        assert!(text
            .stdout
            .lines()
            .any(|l| l.starts_with("goal_realisation")
                && l.contains("domain=geestelijke_gezondheid")));
    }
}

#[test]
fn unknown_selections_are_refused_by_name() {
    for db in backends() {
        let db = db.with_din();
        let deschans = |extra: &[&str]| {
            let mut args = vec!["compute", "--organisation", "deschans"];
            args.extend(extra);
            db.run(&args)
        };
        db.run(&["compute", "--organisation", "nobody", "--year", "2022"])
            .refused()
            .says("unknown organisation nobody");
        deschans(&["--year", "2021", "--theme", "kwetsbare_inwoners"])
            .refused()
            .says("no theme \"kwetsbare_inwoners\" in 2021: it has focus in 2022");
        deschans(&["--year", "2022", "--area", "Groningen"])
            .refused()
            .says("deschans has no area \"Groningen\"");
        deschans(&["--year", "2022", "--municipality", "GM0014"])
            .refused()
            .says("does not work for municipality GM0014");
        deschans(&["--from", "2022-05-01", "--to", "2022-04-01"])
            .exit(2)
            .says("--to 2022-04-01 is before --from 2022-05-01");
        deschans(&["--year", "2022", "--age-group", "40-50"]).exit(2);
    }
}

#[test]
fn without_a_database_compute_says_so_and_after_the_demo_reads_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        std::process::Command::new(BIN)
            .args(args)
            .current_dir(dir.path())
            .env_remove("IMPACTMONITOR_DATABASE")
            .env_remove("IMPACTMONITOR_SECRET")
            .output()
            .expect("runs")
    };
    let missing = run(&["compute", "--organisation", "deschans", "--year", "2022"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database at impactmonitor.db"));
    assert!(
        !dir.path().join("impactmonitor.db").exists(),
        "no empty database is created"
    );
    assert!(run(&["demo", "--no-serve"]).status.success());
    let after = run(&[
        "--format",
        "json",
        "compute",
        "--organisation",
        "deschans",
        "--year",
        "2022",
    ]);
    assert!(
        after.status.success(),
        "{}",
        String::from_utf8_lossy(&after.stderr)
    );
    assert!(String::from_utf8_lossy(&after.stderr).contains("reading the demo database"));
    let json: serde_json::Value = serde_json::from_slice(&after.stdout).expect("JSON");
    assert!(json["figures"].as_array().is_some_and(|f| f.len() > 100));
}
