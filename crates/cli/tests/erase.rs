//! `erase-client` through the user's path on every backend: the demo is
//! imported, the client with the most registrations is erased by its
//! code; reach drops by exactly that client's registrations of the year,
//! no export holds its rows or pseudonym, the audit log holds neither code
//! nor pseudonym but says that an erasure happened and how much; a dry run
//! changes nothing; an unknown code erases nothing (exit 1); a client
//! erased before is known as such when asked again (exit 0).

mod support;

use support::{backends, Db};

/// The demo client of De Schans with the most registrations: its code,
/// its registration ids, and how many of them ran in 2022.
fn busiest_client(files: &[String]) -> (String, Vec<String>, usize) {
    let path = files
        .iter()
        .find(|f| f.ends_with("registrations.csv"))
        .expect("registrations.csv");
    let text = std::fs::read_to_string(path).expect("readable");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (org, id, code, start, end) = (
        column("organisation"),
        column("registration_id"),
        column("client_code"),
        column("start_date"),
        column("end_date"),
    );
    let rows: Vec<Vec<&str>> = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|r| r[org] == "deschans" && !r[code].is_empty())
        .collect();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for r in &rows {
        *counts.entry(r[code]).or_default() += 1;
    }
    let (busiest, _) = counts
        .iter()
        .max_by_key(|(c, n)| (**n, std::cmp::Reverse(**c)))
        .expect("a client");
    let theirs: Vec<&Vec<&str>> = rows.iter().filter(|r| r[code] == *busiest).collect();
    let in_2022 = theirs
        .iter()
        .filter(|r| r[start] <= "2022-12-31" && (r[end].is_empty() || r[end] >= "2022-01-01"))
        .count();
    let ids = theirs.iter().map(|r| r[id].to_string()).collect();
    (busiest.to_string(), ids, in_2022)
}

fn reach_2022(db: &Db) -> u64 {
    let run = db.run(&[
        "--format",
        "json",
        "compute",
        "--organisation",
        "deschans",
        "--year",
        "2022",
    ]);
    run.ok();
    run.json()["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["indicator"] == "reach" && f["keys"].as_object().is_some_and(|k| k.is_empty()))
        .and_then(|f| f["n"].as_u64())
        .expect("the year's reach")
}

/// The pseudonym the export writes for these registrations.
fn pseudonym_of(export: &str, ids: &[String]) -> String {
    let mut lines = export.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let id = header
        .iter()
        .position(|h| *h == "registration_id")
        .expect("id");
    let client = header
        .iter()
        .position(|h| *h == "client_pseudonym")
        .expect("client");
    lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[id] == ids[0])
        .map(|r| r[client].to_string())
        .expect("the client's row")
}

#[test]
fn an_erased_client_is_gone_from_every_export_figure_and_the_audit_log() {
    for db in backends() {
        db.init();
        let files = db.generate_demo("2022");
        let mut import = vec!["import"];
        import.extend(files.iter().map(String::as_str));
        db.run(&import).ok();
        let (code, mut ids, mut in_2022) = busiest_client(&files);
        assert!(in_2022 > 0 && ids.len() > 1, "{code}: {ids:?}");
        // One more registration of the client, imported alone: the audit
        // log writes it row by row, with the pseudonym.
        let extra = format!(
            "registration_id,organisation,form,start_date,client_code,age_group,main_domain\n\
             extra-1,deschans,traject,2022-03-01,{code},27-55,financien\n"
        );
        db.import_bytes(&[("registrations.csv", extra.as_bytes())], &[])
            .ok();
        ids.push("extra-1".to_string());
        in_2022 += 1;
        let before = reach_2022(&db);
        let export = db.export("registrations");
        let pseudonym = pseudonym_of(&export, &ids);
        assert_eq!(pseudonym.len(), 64, "{pseudonym}");
        let scores_before = db.export("zrm_scores");
        assert!(
            db.run(&["audit"]).stdout.contains(&pseudonym),
            "{}",
            db.label
        );

        // A dry run says what would go and changes nothing.
        let erase = ["erase-client", "--organisation", "deschans"];
        let mut dry = vec!["--format", "json"];
        dry.extend(erase);
        dry.extend(["--dry-run", code.as_str()]);
        let counted = db.run(&dry);
        counted.ok();
        let counted = counted.json();
        assert_eq!(counted["registrations"], ids.len() as u64, "{counted}");
        assert_eq!(counted["clients"], 1);
        assert_eq!(db.export("registrations"), export, "{}", db.label);

        // An unknown code beside a known one: refused, nothing erased.
        let mut unknown = erase.to_vec();
        unknown.extend([code.as_str(), "GEEN-CLIENT"]);
        db.run(&unknown).refused().says("nothing was erased");
        assert_eq!(db.export("registrations"), export, "{}", db.label);

        let mut real = erase.to_vec();
        real.push(code.as_str());
        db.run(&real).ok().says("erased 1 client(s)");
        assert_eq!(reach_2022(&db), before - in_2022 as u64, "{}", db.label);
        let after = db.export("registrations");
        assert!(!after.contains(&pseudonym), "{}", db.label);
        assert!(ids.iter().all(|id| !after.contains(&format!("{id},"))));
        let scores = db.export("zrm_scores");
        assert!(ids.iter().all(|id| !scores.contains(&format!("{id},"))));
        assert!(scores.len() < scores_before.len());

        let audit = db.run(&["audit"]);
        audit.ok();
        assert!(!audit.stdout.contains(&pseudonym), "{}", db.label);
        assert!(!audit.stdout.contains(&code), "{}", db.label);
        assert!(
            audit
                .stdout
                .contains(&format!("deschans: 1 clients, {} registrations", ids.len())),
            "{}",
            audit.stdout
        );
        // Erasing again (as after a run stopped past its commit) knows the
        // client as erased: nothing is left, and that is no error. An
        // unknown code beside it still is.
        db.run(&real)
            .ok()
            .says("erased 0 client(s)")
            .says("1 client(s) asked for were erased before");
        db.run(&unknown).refused().says("nothing was erased");
    }
}
