//! CBS files through the command line (`import --kind cbs`), on every
//! backend, with the real CBS files of `crates/interchange/tests/fixtures/cbs`.
//! Expected values are read by hand from those files.

mod support;

use std::path::Path;
use support::{backends, Db};

fn cbs(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../interchange/tests/fixtures/cbs")
        .join(name)
        .display()
        .to_string()
}

fn import(db: &Db, files: &[&str]) -> support::Run {
    import_with(db, &[], files)
}

/// Imports a CBS file with `--partial`, the refused rows to `rejects`.
fn import_partial(db: &Db, file: &str, rejects: &str) -> support::Run {
    import_with(db, &["--partial", "--rejects", rejects], &[file])
}

/// `import --kind cbs` for deschans, as JSON, with extra options.
fn import_with(db: &Db, extra: &[&str], files: &[&str]) -> support::Run {
    let paths: Vec<String> = files.iter().map(|f| cbs(f)).collect();
    let mut args = vec!["--format", "json", "import", "--kind", "cbs"];
    args.extend(["--organisation", "deschans"]);
    args.extend(extra);
    args.extend(paths.iter().map(String::as_str));
    db.run(&args)
}

fn context(db: &Db, year: &str) -> Vec<serde_json::Value> {
    let run = db.run(&[
        "--format",
        "json",
        "compute",
        "--organisation",
        "deschans",
        "--year",
        year,
    ]);
    run.ok();
    run.json()["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter(|f| f["indicator"] == "context")
        .cloned()
        .collect()
}

fn find<'a>(
    figures: &'a [serde_json::Value],
    indicator: &str,
    region: &str,
    period: &str,
) -> &'a serde_json::Value {
    figures
        .iter()
        .find(|f| {
            f["keys"]["indicator"] == indicator
                && f["keys"]["region"] == region
                && f["keys"]["period"] == period
        })
        .unwrap_or_else(|| panic!("no {indicator} {region} {period}"))
}

const KWB: &str = "85984NED_kwb2024_statline-export_excerpt.csv";

const OBSERVATIONS: &[&str] = &[
    "03759ned_odata4_excerpt/observations-page-1_excerpt.json",
    "03759ned_odata4_excerpt/measure-codes.json",
    "03759ned_odata4_excerpt/codes-RegioS_excerpt.json",
];

#[test]
fn population_observations_become_context_values() {
    for db in backends() {
        let db = db.with_din();
        let run = import(&db, OBSERVATIONS);
        run.ok();
        assert_eq!(
            run.json()["files"][0]["inserted"],
            128,
            "[{}] 128 observations",
            db.label
        );
        // Het Hogeland's borders changed in 2021 (codes-RegioS), after its
        // first value of 2019: said, not hidden. Westerkwartier was formed
        // in 2019, its first year here: nothing to say.
        let notices = run.json()["files"][0]["notices"].to_string();
        assert!(
            notices.contains("GM1966 Het Hogeland changed borders in 2021"),
            "{notices}"
        );
        assert!(!notices.contains("GM1969"), "{notices}");
        let figures = context(&db, "2026");
        // Westerkwartier on 1 January 2024: 64896 (03759ned, M000352).
        let gm = find(&figures, "03759ned_m000352", "GM1969", "2024");
        assert_eq!(gm["value"], 64896.0);
        assert_eq!(
            (gm["region_name"].as_str(), gm["unit"].as_str()),
            (Some("Westerkwartier"), Some("aantal"))
        );
        // Its trend against 2019 (63031), the first year of the file.
        assert_eq!(gm["trend"], "iets hoger dan in 2019");
        // The nation's average population of 2026 is `Impossible`: no data, never 0.
        let nl = find(&figures, "03759ned_m000365", "NL01", "2026");
        assert_eq!(
            (nl["state"].as_str(), nl.get("value")),
            (Some("no_data"), None)
        );
        // The same files again change nothing.
        let again = import(&db, OBSERVATIONS);
        again.ok();
        assert_eq!(
            (
                again.json()["files"][0]["inserted"].as_u64(),
                again.json()["files"][0]["unchanged"].as_u64()
            ),
            (Some(0), Some(128))
        );
    }
}

#[test]
fn the_woonplaatsen_table_gives_the_province_for_the_comparison() {
    for db in backends() {
        let db = db.with_din();
        let crosswalk = "84489NED_woonplaatsen2019_TypedDataSet.json";
        let run = import(&db, &[crosswalk]);
        run.ok();
        // 355 municipalities of 2019, their 12 provinces and the nation.
        assert_eq!(run.json()["inserted"], 368, "[{}]", db.label);
        let again = import(&db, &[crosswalk]);
        assert_eq!(
            (
                again.json()["inserted"].as_u64(),
                again.json()["unchanged"].as_u64()
            ),
            (Some(0), Some(368))
        );
        // Context values of two provinces: only the crosswalk tells that
        // Westerkwartier (GM1969, padded 'GM1969    ' in the file) lies in Groningen (PV20).
        let values = "organisation,indicator,region_code,region_name,period,value,unit\n\
                      deschans,angst,GM1969,Westerkwartier,2020,5,%\n\
                      deschans,angst,PV20,Groningen,2020,6,%\n\
                      deschans,angst,PV22,Drenthe,2020,9,%\n\
                      deschans,angst,NL01,Nederland,2020,6,%\n";
        db.import(&[("context.csv", values)], &[]).ok();
        let figures = context(&db, "2020");
        assert_eq!(
            find(&figures, "angst", "GM1969", "2020")["comparison"],
            "iets lager dan landelijk en provinciaal"
        );
    }
}

#[test]
fn cbs_files_are_refused_with_their_reason() {
    for db in backends() {
        let db = db.with_din();
        let statline = cbs("70072ned_regionale-kerncijfers_statline-export.csv");
        db.run(&[
            "import",
            "--kind",
            "cbs",
            "--organisation",
            "deschans",
            &statline,
        ])
        .refused()
        .says("value \"Aa en Hunze\": \"Aa en Hunze\" names no region known here");
        let observations = cbs(OBSERVATIONS[0]);
        db.run(&["import", &observations])
            .refused()
            .says("name the organisation with --organisation");
        db.run(&[
            "import",
            "--kind",
            "cbs",
            "--organisation",
            "nobody",
            &observations,
        ])
        .refused()
        .says("unknown organisation nobody");
        let not_cbs = support::fixtures()
            .join("registrations.csv")
            .display()
            .to_string();
        db.run(&[
            "import",
            "--kind",
            "cbs",
            "--organisation",
            "deschans",
            &not_cbs,
        ])
        .refused()
        .says("not a CBS file this version reads");
        assert!(
            context(&db, "2026").is_empty(),
            "[{}] nothing was stored",
            db.label
        );
    }
}

#[test]
fn a_mapping_names_a_measure_and_the_rest_are_asked_for() {
    for db in backends() {
        let db = db.with_din();
        let mapping = "organisation,indicator,name,unit,source,table_id,measure\n\
                       deschans,inwoners,Inwoners op 1 januari,aantal,CBS,03759NED,M000352\n";
        db.import(&[("indicators.csv", mapping)], &[]).ok();
        let run = import(&db, OBSERVATIONS);
        run.ok();
        let notices = run.json()["files"][0]["notices"].to_string();
        assert!(
            notices.contains("03759ned_m000365 (Gemiddelde bevolking)"),
            "[{}] {notices}",
            db.label
        );
        assert!(!notices.contains("m000352"), "M000352 is mapped: {notices}");
        let figures = context(&db, "2024");
        assert_eq!(
            find(&figures, "inwoners", "GM1969", "2024")["value"],
            64896.0
        );
        assert_eq!(
            find(&figures, "03759ned_m000365", "GM1969", "2024")["value"],
            64868.5
        );
        // The second time every measure has its indicator: nothing to ask.
        let again = import(&db, OBSERVATIONS);
        let notices = again.json()["files"][0]["notices"].to_string();
        assert!(!notices.contains("had no indicator"), "{notices}");
        // A measure without its table maps nothing and is refused.
        let half = "organisation,indicator,name,table_id,measure\ndeschans,x,X,,M1\n";
        db.import(&[("indicators.csv", half)], &[])
            .refused()
            .says("table_id");
    }
}

#[test]
fn the_topics_of_a_table_become_indicator_definitions() {
    for db in backends() {
        let db = db.with_din();
        let metadata = [
            "85984NED_odata3_metadata/DataProperties.json",
            "85984NED_odata3_metadata/TableInfos.json",
        ];
        let run = import(&db, &metadata);
        run.ok();
        // 121 numeric topics; names, codes and descriptions are not figures.
        assert_eq!(run.json()["files"][0]["inserted"], 121, "[{}]", db.label);
        let export = db.run(&[
            "export",
            "--kind",
            "indicators",
            "--organisation",
            "deschans",
        ]);
        export.ok().has_line(
            "deschans,85984ned_huishoudensmeteenlaaginkomen_89,Huishoudens met een laag inkomen,%,CBS,85984NED,HuishoudensMetEenLaagInkomen_89",
        );
        assert!(
            !export.stdout.contains("Gemeentenaam_1"),
            "a name is not an indicator"
        );
        let again = import(&db, &metadata);
        assert_eq!(again.json()["files"][0]["inserted"], 0);
    }
}

/// Regions by name: the RegioS code list (8 regions) and the crosswalk.
fn with_region_names(db: &Db) {
    import(
        db,
        &[
            "03759ned_odata4_excerpt/codes-RegioS_excerpt.json",
            "84489NED_woonplaatsen2019_TypedDataSet.json",
        ],
    )
    .ok();
}

#[test]
fn a_statline_export_imports_the_rows_whose_label_names_one_region() {
    for db in backends() {
        let db = db.with_din();
        with_region_names(&db);
        let file = "70072ned_regionale-kerncijfers_statline-export.csv";
        // All or nothing: the 338 municipalities this installation has no
        // name for refuse the file, each named.
        let all = import(&db, &[file]);
        all.refused();
        assert_eq!(all.json()["rejected"], 338, "[{}]", db.label);
        let errors = all.json()["errors"].to_string();
        assert!(
            errors.contains("Aa en Hunze") && errors.contains("names no region known here"),
            "{errors}"
        );
        // --partial: the five rows with a known label (Nederland,
        // Westerkwartier, Emmen, Bergen (NH.), Het Hogeland) are stored, the
        // rest written to the rejects file; 386 empty rows (dissolved
        // municipalities) carry nothing.
        let rejects = db.dir.path().join("rejects.csv").display().to_string();
        let partial = import_partial(&db, file, &rejects);
        partial.ok();
        assert_eq!(
            (
                partial.json()["inserted"].as_u64(),
                partial.json()["rejected"].as_u64()
            ),
            (Some(150), Some(338))
        );
        assert!(partial.json()["notices"]
            .to_string()
            .contains("386 row(s) without any value"));
        let rejected = std::fs::read_to_string(&rejects).expect("rejects file");
        assert_eq!(rejected.lines().count(), 339, "the header and 338 rows");
        let figures = context(&db, "2025");
        // "2025";"Westerkwartier";64841;…;5,3 (the decimal comma) …
        let total = find(
            &figures,
            "70072ned_totale_bevolking_aantal",
            "GM1969",
            "2025",
        );
        assert_eq!(
            (total["value"].as_f64(), total["region_name"].as_str()),
            (Some(64841.0), Some("Westerkwartier"))
        );
        let young = find(&figures, "70072ned_jonger_dan_5_jaar_pct", "GM1969", "2025");
        assert_eq!(
            (young["value"].as_f64(), young["as_published"].as_str()),
            (Some(5.3), Some("5.3"))
        );
        // Again: nothing changes.
        let again = import_partial(&db, file, &rejects);
        assert_eq!(
            (
                again.json()["inserted"].as_u64(),
                again.json()["unchanged"].as_u64()
            ),
            (Some(0), Some(150))
        );
    }
}

#[test]
fn wijken_and_buurten_cannot_be_told_by_label() {
    for db in backends() {
        let db = db.with_din();
        with_region_names(&db);
        let file = cbs(KWB);
        let run = db.run(&[
            "import",
            "--kind",
            "cbs",
            "--organisation",
            "deschans",
            &file,
        ]);
        run.refused().says(
            "line 4, column Wijken en buurten, value \"Wijk 01 Bergen Binnen\": a wijk or buurt of Bergen (NH.)",
        );
        let rejects = db.dir.path().join("kwb-rejects.csv").display().to_string();
        import_partial(&db, KWB, &rejects).ok();
        // The year from the file's name (kwb2024); Westerkwartier's 64896,
        // the same as 03759ned gives for 1 January 2024.
        let figures = context(&db, "2024");
        let gm = find(
            &figures,
            "85984ned_aantal_inwoners_aantal",
            "GM1969",
            "2024",
        );
        assert_eq!(gm["value"], 64896.0, "[{}]", db.label);
    }
}
