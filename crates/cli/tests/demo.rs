//! The demo through the user's path: `demo --generate` writes interchange
//! files, `import` stores them (SQLite and PostgreSQL), `compute` gives
//! every figure of DEMO-FIGURES.md. The expected numbers below are the
//! published figures of that file, not values read back from the code.

mod support;

use serde_json::Value;
use support::{backends, Db, BIN};

/// The figures of one `compute --format json`.
struct Figures(Vec<Value>);

impl Figures {
    /// The figure with exactly these keys.
    fn get(&self, indicator: &str, keys: &[(&str, &str)]) -> &Value {
        self.0
            .iter()
            .find(|f| {
                let k = f["keys"].as_object().expect("keys");
                f["indicator"] == indicator
                    && k.len() == keys.len()
                    && keys
                        .iter()
                        .all(|(name, v)| k.get(*name).and_then(Value::as_str) == Some(*v))
            })
            .unwrap_or_else(|| panic!("no {indicator} {keys:?}"))
    }

    fn all(&self, indicator: &str) -> Vec<&Value> {
        self.0
            .iter()
            .filter(|f| f["indicator"] == indicator)
            .collect()
    }

    /// The key `of` of the figure with the largest value among those of
    /// `indicator` with key `key` = `value` and one more key `of`.
    fn largest(&self, indicator: &str, key: &str, value: &str, of: &str) -> String {
        self.all(indicator)
            .into_iter()
            .filter(|f| f["keys"][key] == value && f["keys"].get(of).is_some())
            .max_by(|a, b| number(&a["value"]).total_cmp(&number(&b["value"])))
            .map(|f| f["keys"][of].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    }

    /// A figure found by its `name` field (collective activities).
    fn named(&self, indicator: &str, name: &str) -> &Value {
        self.all(indicator)
            .into_iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no {indicator} named {name}"))
    }
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Rounded half away from zero to `decimals`, as the seeds print.
fn rounded(v: &Value, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (number(v) * scale).round() / scale
}

fn percent(v: &Value) -> f64 {
    (number(v) * 100.0).round()
}

fn compute(db: &Db, args: &[&str]) -> Figures {
    let mut all = vec!["--format", "json", "compute"];
    all.extend(args);
    let run = db.run(&all);
    run.ok();
    let json = run.json();
    Figures(json["figures"].as_array().expect("figures").clone())
}

/// `demo --generate` into a folder of the database's working folder.
/// DEMO-FIGURES.md A: De Schans, Westerkwartier, 2022.
fn assert_case_a(db: &Db) {
    let f = compute(db, &["--organisation", "deschans", "--year", "2022"]);
    // domain, trajectories, registrations of all forms, complete, achieved.
    type Row = (&'static str, Option<u64>, Option<u64>, u64, u64);
    let table: &[Row] = &[
        ("geestelijke_gezondheid", Some(518), Some(786), 274, 174),
        ("sociaal_netwerk", Some(74), None, 35, 22),
        ("tijdsbesteding", None, None, 27, 14),
        ("maatschappelijke_participatie", Some(26), Some(168), 12, 4),
        ("financien", None, Some(792), 133, 78),
        ("werk_opleiding", None, Some(135), 20, 10),
        ("huiselijke_relaties", Some(195), None, 111, 56),
        ("ouderschap", None, None, 31, 21),
    ];
    for (domain, trajectories, all_forms, complete, achieved) in table {
        let label = format!("[{}] {domain}", db.label);
        if let Some(t) = trajectories {
            let reach = f.get("reach", &[("domain", domain), ("form", "traject")]);
            assert_eq!(reach["value"], *t as f64, "{label}: trajectories");
        }
        if let Some(total) = all_forms {
            let sum: f64 = ["informatie_advies", "leun_steun", "traject"]
                .iter()
                .map(|form| number(&f.get("reach", &[("domain", domain), ("form", form)])["value"]))
                .sum();
            assert_eq!(sum, *total as f64, "{label}: registrations of all forms");
        }
        let goal = f.get("goal_realisation", &[("domain", domain)]);
        assert_eq!(goal["n"], *complete, "{label}: complete");
        assert_eq!(goal["numerator"], *achieved, "{label}: achieved");
    }
    // 304 adults among the 518 trajectories: the coverage's denominator.
    let coverage = f.get("goal_coverage", &[("domain", "geestelijke_gezondheid")]);
    assert_eq!(
        (
            coverage["numerator"].as_u64(),
            coverage["denominator"].as_u64()
        ),
        (Some(274), Some(304))
    );
    // The percentages as published, and the Wilson interval of PRODUCT.md §4.
    let gg = f.get("goal_realisation", &[("domain", "geestelijke_gezondheid")]);
    assert_eq!(percent(&gg["value"]), 64.0);
    assert_eq!(
        (rounded(&gg["ci95"][0], 3), rounded(&gg["ci95"][1], 3)),
        (0.577, 0.690)
    );
    for (domain, pct) in [
        ("financien", 59.0),
        ("werk_opleiding", 50.0),
        ("huiselijke_relaties", 50.0),
    ] {
        assert_eq!(
            percent(&f.get("goal_realisation", &[("domain", domain)])["value"]),
            pct,
            "{domain}"
        );
    }
    // Ages and referrals.
    assert_eq!(
        f.largest("reach", "domain", "geestelijke_gezondheid", "age_group"),
        "0-17"
    );
    for domain in [
        "financien",
        "werk_opleiding",
        "maatschappelijke_participatie",
    ] {
        assert_eq!(
            f.largest("reach", "domain", domain, "age_group"),
            "27-55",
            "{domain}"
        );
    }
    assert_eq!(
        f.largest(
            "referrals_in",
            "domain",
            "geestelijke_gezondheid",
            "partner"
        ),
        "huisarts"
    );
    assert_eq!(
        f.largest(
            "referrals_out",
            "domain",
            "geestelijke_gezondheid",
            "partner"
        ),
        "ggz"
    );
    assert_eq!(
        f.largest("referrals_in", "domain", "huiselijke_relaties", "partner"),
        "mgj"
    );
    assert_eq!(
        f.largest("referrals_out", "domain", "huiselijke_relaties", "partner"),
        "mgj"
    );
    assert_collective(&f);
    assert_context(&f);
}

/// The collective activities of case A: meetings, average participants,
/// group strength start → end (and groups scored), nature.
fn assert_collective(f: &Figures) {
    type Row = (
        &'static str,
        f64,
        &'static str,
        Option<(f64, f64)>,
        &'static str,
    );
    let table: &[Row] = &[
        ("Walk en Talk", 1.0, "27", Some((2.0, 3.0)), "beide"),
        (
            "Buurtbakkies (kwetsbare inwoners)",
            62.0,
            "15",
            Some((4.0, 5.0)),
            "beide",
        ),
        (
            "Lotgenotencontact Verlies en Rouw",
            5.0,
            "5",
            Some((2.0, 2.0)),
            "curatief",
        ),
        ("Grip en Glans", 13.0, "4", None, "beide"),
        (
            "Weerbaarheids- en faalangsttraining",
            128.0,
            "10",
            Some((2.0, 3.0)),
            "beide",
        ),
        ("Meidenwerk", 17.0, "4", None, "beide"),
        ("Dappere Dino's", 29.0, "4-5", Some((1.0, 5.0)), "beide"),
        ("!Jes-training", 7.0, "3", Some((1.0, 2.0)), "beide"),
        (
            "Mijn positief budget",
            6.0,
            "6",
            Some((2.0, 4.0)),
            "preventief",
        ),
        ("Buurtbakkies (armoede)", 69.0, "13", None, "preventief"),
        (
            "Ieder kind telt mee",
            7.0,
            "31",
            Some((3.0, 3.0)),
            "preventief",
        ),
        ("Route Rubicon", 7.0, "52", Some((3.0, 1.0)), "beide"),
        ("Outreaching jongerenwerk", 51.0, "5", None, "beide"),
    ];
    for (name, meetings, average, strength, nature) in table {
        let a = f.named("collective", name);
        assert_eq!(number(&a["value"]), *meetings, "{name}: meetings");
        assert_eq!(
            a["participants_avg_as_written"], *average,
            "{name}: average"
        );
        match strength {
            Some((start, end)) => {
                assert_eq!(
                    (number(&a["mean_start"]), number(&a["mean_end"])),
                    (*start, *end),
                    "{name}"
                );
            }
            None => assert_eq!(a["groups_scored"], 0.0, "{name}: not scored"),
        }
        assert_eq!(a["nature"], *nature, "{name}: nature");
    }
    assert_eq!(
        f.named("collective", "Buurtbakkies (kwetsbare inwoners)")["groups_scored"],
        1.0
    );
    assert_eq!(
        f.named("collective", "Dappere Dino's")["participants_avg"],
        4.5
    );
    assert_eq!(
        f.named("collective", "Voorlichting middelengebruik")["state"],
        "not_available"
    );
    assert_eq!(f.named("collective", "ScheidingsATLAS")["state"], "planned");
}

fn assert_context(f: &Figures) {
    let table = [
        ("huishoudens_laag_inkomen", "GM1969", "2021", 4.4),
        ("huishoudens_laag_inkomen", "GM1969", "2016", 5.7),
        ("huishoudens_laag_inkomen_aantal", "GM1969", "2021", 1200.0),
        ("huishoudens_laag_inkomen_4_jaar", "GM1969", "2021", 2.0),
        ("kinderen_laag_inkomen", "GM1969", "2021", 4.1),
        ("kinderen_laag_inkomen_4_jaar", "GM1969", "2021", 1.8),
        ("moeite_met_rondkomen", "GM1969", "2020", 8.5),
        ("huishoudens_bijstand", "GM1969", "2021", 3.7),
        ("huishoudens_bijstand_aantal", "GM1969", "2021", 1050.0),
        ("huishoudens_bijstand", "NL01", "2021", 5.7),
        ("meldingen_huiselijk_geweld", "GM1969", "2021", 4.4),
        ("hoog_risico_angst_depressie", "GM1969", "2020", 5.0),
        ("hoog_risico_angst_depressie", "PV20", "2020", 6.0),
        ("hoog_risico_angst_depressie", "NL01", "2020", 6.0),
        ("regie_over_eigen_leven", "GM1969", "2020", 93.0),
    ];
    for (indicator, region, period, value) in table {
        let keys = [
            ("indicator", indicator),
            ("region", region),
            ("period", period),
        ];
        assert_eq!(
            number(&f.get("context", &keys)["value"]),
            value,
            "{indicator} {region} {period}"
        );
    }
}

/// DEMO-FIGURES.md B: De Schans's surveys of 2020.
fn assert_case_b(db: &Db) {
    let f = compute(db, &["--organisation", "deschans", "--year", "2020"]);
    let clients = f.get("survey_response", &[("survey", "inwoners2020")]);
    assert_eq!(
        (
            clients["numerator"].as_u64(),
            clients["denominator"].as_u64()
        ),
        (Some(67), Some(324))
    );
    let partners = f.get("survey_response", &[("survey", "netwerk2020")]);
    assert_eq!(
        (
            partners["numerator"].as_u64(),
            partners["denominator"].as_u64()
        ),
        (Some(100), Some(394))
    );
    assert_eq!(rounded(&partners["value"], 3), 0.254);
    let shares = [
        ("medewerkers zijn innovatief", 54.0),
        ("medewerkers zijn ondernemend", 72.0),
        ("medewerkers zijn professioneel", 81.0),
        ("medewerkers zijn verbindend", 69.0),
        ("medewerkers zijn resultaatgericht", 55.0),
        ("tevreden over de inhoudelijke bijdrage", 74.0),
        ("tevreden over de toegevoegde waarde", 75.0),
        ("voldoende geïnformeerd over het aanbod", 66.0),
    ];
    for (question, pct) in shares {
        let keys = [
            ("survey", "netwerk2020"),
            ("question", question),
            ("statistic", "positive"),
        ];
        assert_eq!(
            percent(&f.get("survey_answer", &keys)["value"]),
            pct,
            "{question}"
        );
    }
}

/// DEMO-FIGURES.md C: Sedna, Emmen, 2021.
fn assert_case_c(db: &Db) {
    let f = compute(db, &["--organisation", "sedna", "--year", "2021"]);
    let tasks = [
        ("Doorbreken van armoede", 1360, 1099),
        ("Door ontwikkelen informele zorg", 3510, 9150),
        ("Perspectief voor jeugdigen", 2565, 2374),
        ("Adequate werkwijze huiselijk geweld", 410, 68),
        (
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
            1100,
            856,
        ),
        ("Informatie & advies", 5410, 3909),
    ];
    for (task, planned, achieved) in tasks {
        let r = f.get("reach_vs_plan", &[("societal_task", task)]);
        assert_eq!(
            (r["denominator"].as_u64(), r["numerator"].as_u64()),
            (Some(planned), Some(achieved)),
            "{task}"
        );
    }
    let total = f.get("reach_vs_plan", &[]);
    assert_eq!(total["achieved"], 17456.0);
    // DEMO-FIGURES.md prints 14353 → 17456 (+3103); its six tasks add up to
    // 14355 planned, so the computed total is 14355 (+3101).
    assert_eq!(total["planned"], 14355.0);
    assert_eq!(total["difference"], 3101.0);
    let services = [
        ("Doorbreken van armoede", "Armoede", 50),
        (
            "Doorbreken van armoede",
            "Laaggeletterden groepswerk buurtwerk",
            240,
        ),
        ("Doorbreken van armoede", "Optimaal leven", 41),
        ("Doorbreken van armoede", "Schuldhulpverlening armoede", 158),
        ("Doorbreken van armoede", "Groepswerk BMW", 449),
        ("Doorbreken van armoede", "Ondersteuning BMW", 12),
        ("Doorbreken van armoede", "Problematische huurschulden", 149),
        (
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
            "Er-op-af teams",
            64,
        ),
        (
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
            "Schuldhulpverlening zelfredzaamheid",
            43,
        ),
        (
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
            "Versterken zelfredzaamheid BMW",
            736,
        ),
        (
            "Versterken van de zelfredzaamheid van kwetsbare inwoners",
            "Welzijn op Recept",
            13,
        ),
    ];
    for (task, service, achieved) in services {
        let r = f.get(
            "reach_vs_plan",
            &[("societal_task", task), ("service", service)],
        );
        assert_eq!(r["numerator"].as_u64(), Some(achieved), "{service}");
    }
    let armoede = compute(
        db,
        &[
            "--organisation",
            "sedna",
            "--year",
            "2021",
            "--theme",
            "doorbreken_armoede",
        ],
    );
    let zrm = [
        ("financien", 2.75, 3.45, 0.70, 64),
        ("geestelijke_gezondheid", 3.55, 4.00, 0.45, 11),
        ("huisvesting", 3.13, 3.63, 0.50, 8),
    ];
    for (domain, start, end, change, n) in zrm {
        let z = armoede.get("zrm_change", &[("domain", domain)]);
        let got = (
            rounded(&z["mean_start"], 2),
            rounded(&z["mean_end"], 2),
            rounded(&z["mean_change"], 2),
            z["n"].as_u64(),
        );
        assert_eq!(got, (start, end, change, Some(n)), "{domain}");
    }
    let youth = compute(
        db,
        &[
            "--organisation",
            "sedna",
            "--year",
            "2021",
            "--theme",
            "perspectief_jeugdigen",
        ],
    );
    assert_eq!(youth.get("reach", &[])["value"], 1557.0);
    let on = youth.get("referred_on", &[]);
    assert_eq!(
        (on["numerator"].as_u64(), on["denominator"].as_u64()),
        (Some(52), Some(1557))
    );
    assert_eq!(rounded(&on["value"], 3), 0.033);
    let escalated = youth.get("escalation_rate", &[]);
    assert_eq!(escalated["numerator"].as_u64(), Some(25));
    assert_eq!(rounded(&escalated["value"], 3), 0.016);
}

/// DEMO-FIGURES.md D: the area profiles of Bergen's three villages.
fn assert_case_d(db: &Db) {
    let run = db.run(&[
        "--format",
        "json",
        "export",
        "--kind",
        "area_profiles",
        "--organisation",
        "wijkteam_bergen",
    ]);
    run.ok();
    for area in ["Bergen", "Schoorl", "Egmond"] {
        for section in ["samenstelling", "aandachtspunten", "prioriteiten"] {
            let row = format!("{area},GM0373,2013,{section},");
            assert!(
                run.stdout.contains(&row),
                "{area} {section}: {}",
                run.stdout
            );
        }
    }
    let f = compute(db, &["--organisation", "wijkteam_bergen", "--year", "2013"]);
    let schoorl = f.get(
        "context",
        &[
            ("indicator", "inwoners"),
            ("region", "Schoorl"),
            ("period", "2013"),
        ],
    );
    assert_eq!(schoorl["value"], 6395.0);
}

#[test]
fn the_demo_reproduces_the_published_figures_on_every_backend() {
    for db in backends() {
        db.import_demo("2022");
        assert_case_a(&db);
        assert_case_b(&db);
        assert_case_c(&db);
        assert_case_d(&db);
        assert_publications(&db);
        assert_check(&db);
    }
}

/// `check` finds nothing blocking on the demo, in JSON with every finding
/// in words and where to mend it; a first contact after today blocks
/// (exit 1), in words too.
fn assert_check(db: &Db) {
    let args = ["--organisation", "deschans", "--year", "2022"];
    let mut json = vec!["--format", "json", "check"];
    json.extend(args);
    let run = db.run(&json);
    run.ok();
    let report = run.json();
    assert_eq!(report["blocking"], 0, "{report}");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(report["warnings"].as_u64(), Some(findings.len() as u64));
    for f in findings {
        assert_eq!(f["severity"], "warns");
        assert!(
            !f["message"].as_str().unwrap_or_default().contains('{'),
            "{f}"
        );
        assert!(f["fix"]["href"]
            .as_str()
            .unwrap_or_default()
            .starts_with("/organisations/deschans/"));
    }
    let soon = (chrono::Utc::now().date_naive() + chrono::Days::new(5)).to_string();
    let row = format!(
        "registration_id,organisation,form,start_date,first_contact_date,age_group,main_domain\n\
         vooruit,deschans,traject,2022-11-01,{soon},27-55,financien\n"
    );
    db.import_bytes(&[("registrations.csv", row.as_bytes())], &[])
        .ok();
    let mut text = vec!["check"];
    text.extend(args);
    db.run(&text)
        .refused()
        .says("1 registraties hebben een datum na vandaag")
        .says("vooruit");
}

/// `publish` writes the factsheet of case A as XLSX and CSV, and the
/// annual monitor with its factsheets as HTML, suppressed for the
/// municipality; a theme that is not there is refused.
fn assert_publications(db: &Db) {
    use calamine::{Data, Reader, Xlsx};
    let out = |name: &str| db.dir.path().join(name).display().to_string();
    let factsheet = [
        "--organisation",
        "deschans",
        "--theme",
        "kwetsbare_inwoners",
        "--year",
        "2022",
    ];
    let xlsx = out("factsheet.xlsx");
    let mut args = vec!["--format", "xlsx", "publish", "--out", &xlsx];
    args.extend(factsheet);
    db.run(&args).ok();
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("an XLSX workbook");
    let sheet = book
        .worksheet_range("Doelrealisatie")
        .expect("the goal realisation sheet");
    let row = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("Geestelijke gezondheid".into())))
        .expect("geestelijke gezondheid");
    assert_eq!(
        (&row[1], &row[2]),
        (&Data::Float(274.0), &Data::Float(174.0))
    );

    let folder = out("factsheet-csv");
    let mut args = vec![
        "--format", "csv", "publish", "--out", &folder, "--csv", "plain",
    ];
    args.extend(factsheet);
    db.run(&args).ok();
    let csv =
        std::fs::read_to_string(format!("{folder}/goal-realisation.csv")).expect("a CSV per table");
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Geestelijke gezondheid,274,174,64%,")),
        "{csv}"
    );

    let html = out("monitor.html");
    db.run(&[
        "--format",
        "html",
        "publish",
        "--organisation",
        "deschans",
        "--monitor",
        "--year",
        "2022",
        "--out",
        &html,
    ])
    .ok();
    let page = std::fs::read_to_string(&html).expect("the monitor");
    for title in [
        "Impactmonitor 2022",
        "Kwetsbare inwoners",
        "Armoede &amp; arbeidsparticipatie",
        "Onderzoeksverantwoording",
    ] {
        assert!(page.contains(title), "the monitor has {title}");
    }
    assert!(
        !page.contains("Niet publiceerbaar"),
        "a publication is for the municipality"
    );

    let args = vec![
        "--format",
        "xlsx",
        "publish",
        "--out",
        &xlsx,
        "--organisation",
        "deschans",
        "--theme",
        "geen_thema",
        "--year",
        "2022",
    ];
    db.run(&args).refused();
    db.run(&[
        "--format",
        "xlsx",
        "compute",
        "--organisation",
        "deschans",
        "--year",
        "2022",
    ])
    .exit(2);
}

#[test]
fn the_same_seed_gives_the_same_files_and_any_seed_the_same_figures() {
    let db = backends().remove(0);
    let read = |files: &[String]| -> Vec<Vec<u8>> {
        files
            .iter()
            .map(|f| std::fs::read(f).expect("file"))
            .collect()
    };
    let first = read(&db.generate_demo("11"));
    let again = read(&db.generate_demo("11"));
    assert_eq!(first, again, "the same seed, the same bytes");
    let other = read(&db.generate_demo("12"));
    assert_ne!(first, other, "another seed, other data");
    db.import_demo("12");
    assert_case_a(&db);
    assert_case_c(&db);
}

#[test]
fn demo_starts_afresh_in_its_own_database_each_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    for _ in 0..2 {
        let out = std::process::Command::new(BIN)
            .args(["demo", "--no-serve"])
            .current_dir(dir.path())
            .env_remove("IMPACTMONITOR_SECRET")
            .env_remove("IMPACTMONITOR_DATABASE")
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("(data version 1)"),
            "a fresh database each time: {text}"
        );
        assert!(
            text.contains("goal_realisation domain=geestelijke_gezondheid 174 of 274"),
            "{text}"
        );
    }
}

#[test]
fn demo_imports_into_the_database_named_and_only_an_empty_one() {
    for db in backends() {
        db.run(&["demo", "--no-serve"])
            .ok()
            .says("(data version 1)");
        assert!(db.count("registrations") > 1_000, "{}", db.label);
        db.run(&["demo", "--no-serve"])
            .refused()
            .says("the demo needs an empty database");
    }
}
