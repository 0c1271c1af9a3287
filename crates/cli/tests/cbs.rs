//! CBS files through the command line (`import --kind cbs`), on every
//! backend, with the real CBS files of `crates/interchange/tests/fixtures/cbs`.
//! Expected values are read by hand from those files.

mod support;

use support::{backends, Db};

fn cbs(name: &str) -> String {
    interchange::testing::cbs_fixture(name)
        .display()
        .to_string()
}

fn import(db: &Db, files: &[&str]) -> support::Run {
    import_with(db, &[], files)
}

/// `import --kind cbs` into the installation's public statistics, as
/// JSON, with extra options.
fn import_with(db: &Db, extra: &[&str], files: &[&str]) -> support::Run {
    let paths: Vec<String> = files.iter().map(|f| cbs(f)).collect();
    let mut args = vec!["--format", "json", "import", "--kind", "cbs"];
    args.extend(extra);
    args.extend(paths.iter().map(String::as_str));
    db.run(&args)
}

fn context(db: &Db, year: &str) -> Vec<serde_json::Value> {
    context_of(db, "deschans", year)
}

/// The context figures of an organisation's year.
fn context_of(db: &Db, organisation: &str, year: &str) -> Vec<serde_json::Value> {
    let run = db.run(&[
        "--format",
        "json",
        "compute",
        "--organisation",
        organisation,
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

/// Two more organisations: `wk` working for Westerkwartier as De Schans
/// does, `em` for Emmen.
fn with_wk_and_em(db: &Db) {
    let others = db.dir.path().join("organisations.csv");
    std::fs::write(
        &others,
        "organisation,name,municipalities,areas\n\
         wk,Welzijn Westerkwartier,GM1969,\n\
         em,Sociaal Werk Emmen,GM0114,\n",
    )
    .expect("an organisations file");
    db.run(&["import", &others.display().to_string()]).ok();
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
        let observations = cbs(OBSERVATIONS[0]);
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

#[test]
fn a_statline_export_imports_every_region_by_its_label_with_nothing_imported_before() {
    for db in backends() {
        let db = db.with_din();
        let file = "70072ned_regionale-kerncijfers_statline-export.csv";
        // Every label is CBS's own (`Groningen (gemeente)`, `Bergen (NH.)`):
        // the built-in classification names each region. 343 regions with
        // values (the nation and 342 municipalities) of 30 topics published
        // for 2025; 386 empty rows (dissolved municipalities) carry nothing.
        let all = import(&db, &[file]);
        all.ok();
        assert_eq!(
            (
                all.json()["inserted"].as_u64(),
                all.json()["rejected"].as_u64()
            ),
            (Some(10290), Some(0)),
            "[{}]",
            db.label
        );
        assert!(all.json()["notices"]
            .to_string()
            .contains("386 row(s) without any value"));
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
        // The monitor of an organisation for Westerkwartier reads its own
        // region, its province and the nation, not Emmen's row.
        assert!(figures.iter().all(|f| ["GM1969", "PV20", "NL01"]
            .contains(&f["keys"]["region"].as_str().unwrap_or(""))
            || !f["keys"]["region"].as_str().unwrap_or("").starts_with("GM")
                && !f["keys"]["region"].as_str().unwrap_or("").starts_with("PV")));
        // Again: nothing changes.
        let again = import(&db, &[file]);
        assert_eq!(
            (
                again.json()["inserted"].as_u64(),
                again.json()["unchanged"].as_u64()
            ),
            (Some(0), Some(10290))
        );
    }
}

#[test]
fn wijken_and_buurten_named_only_by_label_are_passed_over_and_said() {
    for db in backends() {
        let db = db.with_din();
        let run = import(&db, &[KWB]);
        run.ok();
        // The nation and three municipalities, four topics each; the 251
        // wijk and buurt rows are counted per municipality, not refused.
        assert_eq!(run.json()["inserted"].as_u64(), Some(16), "[{}]", db.label);
        let notices = run.json()["notices"].to_string();
        assert!(
            notices.contains("251 wijk and buurt row(s) passed over (43 of Bergen (NH.), 110 of Emmen, 98 of Westerkwartier)")
                && notices.contains("download the table as OData, with codes"),
            "{notices}"
        );
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

#[test]
fn every_reference_file_imports_as_downloaded_in_either_order() {
    let everything = [
        "70072ned_regionale-kerncijfers_statline-export.csv",
        KWB,
        "85984NED_odata3_metadata",
        "03759ned_odata4_excerpt",
        "84489NED_woonplaatsen2019_TypedDataSet.json",
    ];
    let orders = [
        everything.to_vec(),
        everything.iter().rev().copied().collect(),
    ];
    for order in orders {
        for db in backends() {
            let db = db.with_din();
            // Folders whole, as CBS (or a client of its API) saved them.
            let run = import(&db, &order);
            run.ok();
            assert!(
                run.stdout.contains("index.json")
                    && run
                        .stdout
                        .contains("passed over: a JSON file of the folder"),
                "{}",
                run.stdout
            );
            // Imported once, for the installation: every organisation
            // working for Westerkwartier reads it, one for Emmen does not.
            with_wk_and_em(&db);
            for organisation in ["deschans", "wk"] {
                let figures = context_of(&db, organisation, "2024");
                for indicator in ["85984ned_aantal_inwoners_aantal", "03759ned_m000352"] {
                    let value = find(&figures, indicator, "GM1969", "2024");
                    assert_eq!(
                        value["value"], 64896.0,
                        "[{}] {organisation} {indicator}",
                        db.label
                    );
                }
            }
            let emmen = context_of(&db, "em", "2024");
            assert!(
                emmen.iter().all(|f| f["keys"]["region"] != "GM1969"),
                "[{}]",
                db.label
            );
            find(&emmen, "03759ned_m000352", "GM0114", "2024");
        }
    }
}

use interchange::testing::REGIONAL_EXPORT as REGIONAL;

/// By hand from the 70072ned export: the municipalities of CBS's size class
/// 5 (50 000 to 100 000 inhabitants on 1 January) with their share of
/// children under 5 in 2025, Westerkwartier among them.
fn class_5_under_5() -> Vec<(String, f64)> {
    interchange::testing::under_5_by_hand(|n| (50_000.0..100_000.0).contains(&n))
}

#[test]
fn westerkwartier_is_compared_with_the_municipalities_of_its_size_class() {
    let file = REGIONAL;
    let group = class_5_under_5();
    let mean = group.iter().map(|(_, v)| v).sum::<f64>() / group.len() as f64;
    let own = group
        .iter()
        .find(|(name, _)| name == "Westerkwartier")
        .expect("Westerkwartier is of class 5")
        .1;
    let rank = 1 + group.iter().filter(|(_, v)| *v > own).count();
    for db in backends() {
        let db = db.with_din();
        import(&db, &[file]).ok();
        let run = db.run(&[
            "--format",
            "json",
            "compute",
            "--organisation",
            "deschans",
            "--year",
            "2025",
        ]);
        run.ok();
        let figures = run.json()["figures"].as_array().expect("figures").clone();
        let f = figures
            .iter()
            .find(|f| {
                f["indicator"] == "context_group"
                    && f["keys"]["indicator"] == "70072ned_jonger_dan_5_jaar_pct"
                    && f["keys"]["region"] == "GM1969"
            })
            .unwrap_or_else(|| panic!("[{}] no group figure", db.label));
        let value = f["value"].as_f64().expect("the mean");
        assert!(
            (value - mean).abs() < 1e-9,
            "[{}] {value} against {mean}",
            db.label
        );
        assert_eq!(f["members"].as_f64(), Some(group.len() as f64));
        assert_eq!(f["own"].as_f64(), Some(own));
        assert_eq!(f["rank"].as_f64(), Some(rank as f64));
        assert_eq!(f["size_class"].as_f64(), Some(5.0));
    }
}

#[test]
fn the_factsheet_shows_westerkwartier_beside_its_size_class() {
    let file = REGIONAL;
    let group = class_5_under_5();
    let mean = group.iter().map(|(_, v)| v).sum::<f64>() / group.len() as f64;
    // Published with one decimal (5,3): the mean with two, as Dutch writes it.
    let written = format!("{mean:.2}").replace('.', ",");
    for db in backends() {
        let db = db.with_din();
        let themes = db.dir.path().join("themes.csv");
        std::fs::write(
            &themes,
            "organisation,theme,name,year,zrm_domains,context_indicators\n\
             deschans,jonge_gezinnen,Jonge gezinnen,2025,financien,70072ned_jonger_dan_5_jaar_pct\n",
        )
        .expect("a themes file");
        db.run(&["import", &themes.display().to_string()]).ok();
        import(&db, &[file]).ok();
        let out = db.dir.path().join("factsheet.html");
        db.run(&[
            "--format",
            "html",
            "publish",
            "--organisation",
            "deschans",
            "--year",
            "2025",
            "--theme",
            "jonge_gezinnen",
            "--out",
            &out.display().to_string(),
        ])
        .ok();
        let html = std::fs::read_to_string(&out).expect("the factsheet");
        assert!(
            html.contains("Westerkwartier naast gemeenten van dezelfde grootte")
                && html.contains("Westerkwartier en de gemeenten met 50.000 tot 100.000 inwoners"),
            "[{}] {html}",
            db.label
        );
        assert!(html.contains(&written), "[{}] the mean {written}", db.label);
        assert!(
            html.contains(&format!(" van {}", group.len())),
            "[{}] the rank among {}",
            db.label,
            group.len()
        );
    }
}

/// A GGD Gezondheidsmonitor table as `context.csv` (written for this
/// test), by municipality and province name as GGD and CBS write them,
/// and its indicator's name.
const GGD_CONTEXT: &str = "indicator,region_code,period,value,unit,source\n\
    ernstig_eenzaam,Westerkwartier,2022,9.8,%,GGD Gezondheidsmonitor Volwassenen en Ouderen 2022\n\
    ernstig_eenzaam,Groningen (PV),2022,11.9,%,GGD Gezondheidsmonitor Volwassenen en Ouderen 2022\n\
    ernstig_eenzaam,Emmen,2022,13.6,%,GGD Gezondheidsmonitor Volwassenen en Ouderen 2022\n\
    ernstig_eenzaam,Nederland,2022,12.4,%,GGD Gezondheidsmonitor Volwassenen en Ouderen 2022\n";
const GGD_INDICATORS: &str = "indicator,name,unit,source\n\
    ernstig_eenzaam,Ernstig eenzaam (18 jaar en ouder),%,GGD Gezondheidsmonitor\n";

#[test]
fn public_statistics_as_csv_belong_to_the_installation() {
    for db in backends() {
        let db = db.with_din();
        with_wk_and_em(&db);
        // Without an organisation column and without --organisation: the
        // installation's, said so in the report.
        let run = db.import(
            &[
                ("indicators.csv", GGD_INDICATORS),
                ("context.csv", GGD_CONTEXT),
            ],
            &["--format", "json"],
        );
        run.ok().says("public statistics");
        for organisation in ["deschans", "wk"] {
            let figures = context_of(&db, organisation, "2022");
            let value = |region| find(&figures, "ernstig_eenzaam", region, "2022")["value"].clone();
            assert_eq!(
                (value("GM1969"), value("PV20"), value("NL01")),
                (9.8.into(), 11.9.into(), 12.4.into()),
                "[{}] {organisation}",
                db.label
            );
        }
        let emmen = context_of(&db, "em", "2022");
        assert_eq!(
            find(&emmen, "ernstig_eenzaam", "GM0114", "2022")["value"],
            13.6
        );
        assert!(
            emmen.iter().all(|f| f["keys"]["region"] != "GM1969"),
            "[{}]",
            db.label
        );
        // Named for an organisation, the same file is that organisation's
        // own: another organisation does not read it.
        let own = GGD_CONTEXT.replace("ernstig_eenzaam", "eigen_meting");
        db.import(&[("context.csv", &own)], &["--organisation", "deschans"])
            .ok();
        let indicators = |organisation| {
            context_of(&db, organisation, "2022")
                .iter()
                .filter(|f| f["keys"]["indicator"] == "eigen_meting")
                .count()
        };
        assert_eq!(
            (indicators("wk"), indicators("deschans") > 0),
            (0, true),
            "[{}]",
            db.label
        );
    }
}
