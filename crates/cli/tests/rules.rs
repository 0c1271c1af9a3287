//! One test per rule of INTERCHANGE.md (and the cross-row rules),
//! each with a bad-input case asserting the exact report line, on every
//! backend, through the real binary.

mod support;

use support::{backends, fixture, Db};

const REG_HEADER: &str = "registration_id,organisation,form,start_date,age_group,main_domain";

fn registrations(rows: &str) -> String {
    format!("{REG_HEADER}\n{rows}")
}

fn each(test: impl Fn(Db)) {
    for db in backends() {
        test(db.with_din());
    }
}

#[test]
fn semicolon_and_comma_separators_are_detected() {
    each(|db| {
        db.import(&[("registrations.csv", "registration_id;organisation;form;start_date;age_group;main_domain\nr1;deschans;traject;2022-01-01;27-55;financien\n")], &[])
            .ok();
        db.import(
            &[(
                "registrations.csv",
                &registrations("r2,deschans,traject,2022-01-01,27-55,financien\n"),
            )],
            &[],
        )
        .ok();
        assert_eq!(db.count("registrations"), 2, "{}", db.label);
        // Tabs are not a separator: the file says which it found.
        db.import(&[("registrations.csv", "registration_id\tform\tstart_date\nr1\ttraject\t2022-01-01\n")], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: the columns are separated by tabs; use a comma or a semicolon (save as \"CSV UTF-8\")");
    });
}

#[test]
fn a_utf8_bom_is_accepted_and_utf16_is_refused() {
    each(|db| {
        let with_bom = format!(
            "\u{feff}{}",
            registrations("r1,deschans,traject,2022-01-01,27-55,financien\n")
        );
        db.import(&[("registrations.csv", &with_bom)], &[]).ok();
        assert_eq!(db.count("registrations"), 1, "{}", db.label);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "registration_id"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes()),
            )
            .collect();
        db.import_bytes(&[("registrations.csv", &utf16)], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: not UTF-8 text (line 1): the file is UTF-16; save it as \"CSV UTF-8\"");
    });
}

#[test]
fn windows_1252_text_is_refused_with_its_line() {
    each(|db| {
        let mut bytes =
            registrations("r1,deschans,traject,2022-01-01,27-55,financien\n").into_bytes();
        bytes.extend_from_slice(b"r2,deschans,traject,2022-01-01,27-55,financi\xEBn\n");
        db.import_bytes(&[("registrations.csv", &bytes)], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: not UTF-8 text (line 3): byte 0xEB is not UTF-8 (Windows-1252 or Latin-1?); save it as \"CSV UTF-8\"");
        assert_eq!(db.count("registrations"), 0, "{}", db.label);
    });
}

#[test]
fn headers_are_case_insensitive_with_dutch_aliases() {
    each(|db| {
        db.import(&[("registraties.csv", "REGISTRATIE_ID;Organisatie;Vorm;StartDatum;LeeftijdsGroep;Hoofddomein;Cliënt_code\nr1;deschans;traject;2022-01-01;27-55;financien;C-9\n")], &[])
            .ok();
        assert_eq!(db.count("registrations"), 1, "{}", db.label);
        db.import(&[("registrations.csv", "registratie_id,organisatie,vorm,startdatum,leeftijdsgroep\nr1,deschans,traject,2022-01-01,27-55\n")], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: missing required column(s) for registrations: main_domain");
    });
}

#[test]
fn unknown_columns_are_reported_and_ignored() {
    each(|db| {
        let file = "registration_id,organisation,form,start_date,age_group,main_domain,notes\nr1,deschans,traject,2022-01-01,27-55,financien,bel terug\n";
        let run = db.run(&[
            "--format",
            "json",
            "import",
            &db.write(&[("registrations.csv", file.as_bytes())])[0],
        ]);
        run.ok();
        let report = run.json();
        assert_eq!(
            report["unknown_columns"],
            serde_json::json!(["notes"]),
            "{}",
            db.label
        );
        assert_eq!(report["inserted"], 1, "{}", db.label);
        assert!(
            !db.export("registrations").contains("bel terug"),
            "{}",
            db.label
        );
    });
}

#[test]
fn the_three_date_forms_are_accepted_and_impossible_dates_refused() {
    each(|db| {
        db.import(
            &[("registrations.csv", &registrations("r1,deschans,traject,2022-03-07,27-55,financien\nr2,deschans,traject,07-03-2022,27-55,financien\nr3,deschans,traject,7-3-2022,27-55,financien\n"))],
            &[],
        )
        .ok();
        let export = db.export("registrations");
        assert_eq!(
            export.matches(",2022-03-07,").count(),
            3,
            "{}: {export}",
            db.label
        );
        db.import(&[("registrations.csv", "registratie_id,organisatie,vorm,startdatum,leeftijdsgroep,hoofddomein\nr4,deschans,traject,31-02-2022,27-55,financien\nr5,deschans,traject,2022/03/07,27-55,financien\n")], &[])
            .refused()
            .has_line("line 2, column startdatum, value \"31-02-2022\": no such date")
            .has_line("line 3, column startdatum, value \"2022/03/07\": not a date (use YYYY-MM-DD or DD-MM-YYYY)");
        assert_eq!(db.count("registrations"), 3, "{}", db.label);
    });
}

#[test]
fn lists_are_separated_by_bars() {
    each(|db| {
        let header = format!("{REG_HEADER},pg_dimensions,referred_to");
        db.import(&[("registrations.csv", &format!("{header}\nr1,deschans,traject,2022-01-01,27-55,financien,meedoen | Mentaal welbevinden,ggz|Mens en Gezin Jeugd\n"))], &[])
            .ok();
        assert!(
            db.export("registrations")
                .contains(",meedoen|mentaal_welbevinden,,ggz|mgj"),
            "{}",
            db.label
        );
        db.import(&[("registrations.csv", &format!("{header}\nr2,deschans,traject,2022-01-01,27-55,financien,meedoen|vliegen,\n"))], &[])
            .refused()
            .has_line("line 2, column pg_dimensions, value \"vliegen\": unknown code (allowed: lichaamsfuncties, mentaal_welbevinden, zingeving, kwaliteit_van_leven, meedoen, dagelijks_functioneren)");
    });
}

#[test]
fn codes_are_found_in_any_case_with_or_without_accents_hyphens_or_ampersand() {
    each(|db| {
        db.import(&[("registrations.csv", &registrations("r1,deschans,traject,2022-01-01,27-55,Werk & Opleiding\nr2,deschans,traject,2022-01-01,27-55,FINANCIËN\nr3,deschans,Leun en steun,2022-01-01,27-55,werk-en-opleiding\nr4,deschans,traject,2022-01-01,27-55,Sociaal-emotionele ondersteuning (ouderschap)\n"))], &[])
            .ok();
        let export = db.export("registrations");
        assert_eq!(
            export.matches(",werk_opleiding,").count(),
            2,
            "{}: {export}",
            db.label
        );
        assert!(
            export.contains(",leun_steun,")
                && export.contains(",financien,")
                && export.contains(",ouderschap,"),
            "{}",
            db.label
        );
        db.import(&[("registrations.csv", &registrations("r5,deschans,traject,2022-01-01,27-55,wonen\n"))], &[])
            .refused()
            .has_line("line 2, column main_domain, value \"wonen\": unknown code (allowed: financien, werk_opleiding, tijdsbesteding, huisvesting, huiselijke_relaties, geestelijke_gezondheid, lichamelijke_gezondheid, middelengebruik, basale_adl, instrumentele_adl, sociaal_netwerk, maatschappelijke_participatie, justitie, ouderschap)");
    });
}

#[test]
fn the_wide_zrm_variant_stores_scores() {
    each(|db| {
        let header = format!("{REG_HEADER},end_date,zrm_financien_start,zrm_financien_doel,zrm_financien_eind,ZRM_Werk & opleiding_start");
        db.import(
            &[(
                "registrations.csv",
                &format!(
                    "{header}\nr1,deschans,traject,2022-01-01,27-55,financien,2022-06-01,2,3,4,1\n"
                ),
            )],
            &[],
        )
        .ok();
        let scores = db.export("zrm_scores");
        assert!(
            scores.contains("deschans,r1,financien,2,3,4\n"),
            "{}: {scores}",
            db.label
        );
        assert!(
            scores.contains("deschans,r1,werk_opleiding,1,,\n"),
            "{}: {scores}",
            db.label
        );
        db.import(&[("registrations.csv", &format!("{REG_HEADER},zrm_wonen_start\nr2,deschans,traject,2022-01-01,27-55,financien,2\n"))], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: column zrm_wonen_start names no ZRM domain");
        db.import(&[("registrations.csv", &format!("{REG_HEADER},zrm_financien_start\nr3,deschans,traject,2022-01-01,27-55,financien,6\n"))], &[])
            .refused()
            .has_line("line 2, column zrm_financien_start, value \"6\": score must be 1 to 5");
    });
}

#[test]
fn a_zrm_row_needs_its_registration_in_the_same_import_or_stored() {
    each(|db| {
        let regs = registrations("r1,deschans,traject,2022-01-01,27-55,financien\n");
        let scores = "organisation,registration_id,domain,start_score\ndeschans,r1,financien,2\n";
        db.import(
            &[("zrm_scores.csv", scores), ("registrations.csv", &regs)],
            &[],
        )
        .ok();
        db.import(
            &[(
                "zrm_scores.csv",
                "organisation,registration_id,domain,start_score\ndeschans,r1,sociaal_netwerk,3\n",
            )],
            &[],
        )
        .ok();
        assert_eq!(db.count("zrm_scores"), 2, "{}", db.label);
        db.import(&[("zrm_scores.csv", "organisation,registration_id,domain,start_score\ndeschans,r9,financien,2\n")], &[])
            .refused()
            .has_line("line 2, column registration_id, value \"r9\": unknown registration (import registrations.csv first or with it)");
    });
}

#[test]
fn a_goal_score_is_refused_for_minors_by_age_group_or_birth_year() {
    each(|db| {
        let regs = "registration_id,organisation,form,start_date,end_date,age_group,birth_year,main_domain\nm1,deschans,traject,2022-01-01,,0-17,,financien\nm2,deschans,traject,2022-01-01,,,2005,financien\na1,deschans,traject,2022-01-01,,,2004,financien\n";
        db.import(&[("registrations.csv", regs)], &[]).ok();
        db.import(&[("zrm_scores.csv", "organisation,registration_id,domain,start_score,goal_score\ndeschans,m1,financien,2,4\ndeschans,m2,financien,2,4\ndeschans,a1,financien,2,4\n")], &[])
            .refused()
            .has_line("line 2, column goal_score, value \"4\": no goal score for a client under 18")
            .has_line("line 3, column goal_score, value \"4\": no goal score for a client under 18");
        db.import(&[("zrm_scores.csv", "organisation,registration_id,domain,start_score,goal_score\ndeschans,a1,financien,2,4\n")], &[]).ok();
    });
}

#[test]
fn an_end_score_needs_an_end_date() {
    each(|db| {
        db.import(
            &[(
                "registrations.csv",
                &registrations("r1,deschans,traject,2022-01-01,27-55,financien\n"),
            )],
            &[],
        )
        .ok();
        db.import(&[("zrm_scores.csv", "organisation,registration_id,domain,start_score,end_score\ndeschans,r1,financien,2,3\n")], &[])
            .refused()
            .has_line("line 2, column end_score, value \"3\": end score needs the registration's end date");
    });
}

#[test]
fn a_registration_change_may_not_break_its_stored_scores() {
    each(|db| {
        let header = "registration_id,organisation,form,start_date,end_date,age_group,main_domain";
        db.import(
            &[(
                "registrations.csv",
                &format!("{header}\nr1,deschans,traject,2022-01-01,2022-05-01,27-55,financien\n"),
            )],
            &[],
        )
        .ok();
        db.import(&[("zrm_scores.csv", "organisation,registration_id,domain,start_score,end_score\ndeschans,r1,financien,2,3\n")], &[]).ok();
        db.import(&[("registrations.csv", &format!("{header}\nr1,deschans,traject,2022-01-01,,27-55,financien\n"))], &[])
            .refused()
            .has_line("line 2, column end_date, value \"\": a stored end score on financien needs the end date");
    });
}

#[test]
fn end_date_and_first_contact_are_not_before_the_start() {
    each(|db| {
        let header = "registration_id,organisation,form,start_date,end_date,first_contact_date,age_group,main_domain";
        db.import(&[("registrations.csv", &format!("{header}\nr1,deschans,traject,2022-03-01,2022-02-28,2022-02-27,27-55,financien\n"))], &[])
            .refused()
            .has_line("line 2, column end_date, value \"2022-02-28\": before start_date")
            .has_line("line 2, column first_contact_date, value \"2022-02-27\": before start_date");
        db.import(&[("registrations.csv", &format!("{header}\nr1,deschans,traject,2022-03-01,2022-03-01,2022-03-01,27-55,financien\n"))], &[]).ok();
    });
}

#[test]
fn duplicate_ids_within_a_file_are_refused() {
    each(|db| {
        db.import(&[("registrations.csv", &registrations("r1,deschans,traject,2022-01-01,27-55,financien\nr2,deschans,traject,2022-01-01,27-55,financien\nr1,deschans,leun_steun,2022-01-01,27-55,financien\n"))], &[])
            .refused()
            .has_line("line 4, column registration_id, value \"r1\": duplicate id (first on line 2)");
        assert_eq!(db.count("registrations"), 0, "{}", db.label);
    });
}

#[test]
fn an_age_group_or_birth_year_is_required() {
    each(|db| {
        db.import(
            &[(
                "registrations.csv",
                &registrations("r1,deschans,traject,2022-01-01,,financien\n"),
            )],
            &[],
        )
        .refused()
        .has_line("line 2, column age_group, value \"\": give this or birth_year");
        db.import(
            &[(
                "registrations.csv",
                &registrations("r1,deschans,traject,,27-55,financien\n"),
            )],
            &[],
        )
        .refused()
        .has_line("line 2, column start_date, value \"\": a value is required");
    });
}

#[test]
fn the_organisation_comes_from_the_file_or_the_command_and_must_exist() {
    each(|db| {
        let without = "registration_id,form,start_date,age_group,main_domain\nr1,traject,2022-01-01,27-55,financien\n";
        db.import(&[("registrations.csv", without)], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: the file has no organisation column; name the organisation with --organisation");
        db.import(&[("registrations.csv", without)], &["--organisation", "elders"])
            .refused()
            .has_line("registrations.csv (registrations): refused: unknown organisation elders; import organisations.csv first");
        db.import(
            &[("registrations.csv", without)],
            &["--organisation", "deschans"],
        )
        .ok();
        db.import(
            &[(
                "registrations.csv",
                &registrations("r2,elders,traject,2022-01-01,27-55,financien\n"),
            )],
            &[],
        )
        .refused()
        .has_line("line 2, column organisation, value \"elders\": unknown organisation");
    });
}

#[test]
fn an_unknown_area_or_partner_is_an_error_never_created() {
    each(|db| {
        let header = format!("{REG_HEADER},area,referred_by");
        db.import(&[("registrations.csv", &format!("{header}\nr1,deschans,traject,2022-01-01,27-55,financien,Groningen,huisarts\nr2,deschans,traject,2022-01-01,27-55,financien,Leek,tandarts\n"))], &[])
            .refused()
            .has_line("line 2, column area, value \"Groningen\": unknown area of this organisation")
            .has_line("line 3, column referred_by, value \"tandarts\": unknown partner of this organisation's DIN");
    });
}

#[test]
fn a_collective_activity_must_be_a_collective_effort_of_the_din() {
    each(|db| {
        let header = "organisation,activity,period_start,period_end,meetings";
        db.import(
            &[(
                "collective.csv",
                &format!("{header}\ndeschans,walk en talk,2022-01-01,2022-12-31,3\n"),
            )],
            &[],
        )
        .ok();
        db.import(&[("collective.csv", &format!("{header}\ndeschans,Inloopspreekuur,2022-01-01,2022-12-31,3\ndeschans,walk,2022-12-31,2022-01-01,-2\n"))], &[])
            .refused()
            .has_line("line 2, column activity, value \"Inloopspreekuur\": unknown collective activity in the DIN")
            .has_line("line 3, column meetings, value \"-2\": must not be negative")
            .has_line("line 3, column period_end, value \"2022-01-01\": before period_start");
    });
}

#[test]
fn a_stopped_effort_needs_its_reason() {
    each(|db| {
        let header = "organisation,effort_id,name,category,stopped";
        db.import(
            &[(
                "efforts.csv",
                &format!("{header}\ndeschans,e9,Oud project,inzet_expertise,2022-01-01\n"),
            )],
            &[],
        )
        .refused()
        .has_line("line 2, column stop_reason, value \"\": needs stopped as well");
    });
}

#[test]
fn an_import_is_all_or_nothing_by_default() {
    each(|db| {
        let before = db.run(&["--format", "json", "init"]).json()["data_version"].clone();
        db.import(
            &[
                (
                    "registrations.csv",
                    &registrations("r1,deschans,traject,2022-01-01,27-55,financien\n"),
                ),
                (
                    "zrm_scores.csv",
                    "organisation,registration_id,domain,start_score\ndeschans,r1,financien,9\n",
                ),
            ],
            &[],
        )
        .refused()
        .has_line("nothing was stored");
        assert_eq!(db.count("registrations"), 0, "{}", db.label);
        let after = db.run(&["--format", "json", "init"]).json()["data_version"].clone();
        assert_eq!(before, after, "{}: the data version moved", db.label);
    });
}

#[test]
fn partial_stores_the_valid_rows_and_writes_the_rejected_ones_byte_for_byte() {
    each(|db| {
        let file = "\u{feff}registratie_id;organisatie;vorm;startdatum;leeftijdsgroep;hoofddomein\r\nr1;deschans;traject;2022-01-01;27-55;financien\r\nr2;deschans;traject;31-02-2022;27-55;financien\r\n\"r3\";deschans; traject ;2022-01-01;27-55;wonen\r\nr4;deschans;traject;2022-01-01;27-55;financien\r\n";
        let rejects = db.dir.path().join("rejects.csv");
        let rejects_arg = rejects.display().to_string();
        db.import(
            &[("registrations.csv", file)],
            &["--partial", "--rejects", &rejects_arg],
        )
        .ok()
        .has_line("line 3, column startdatum, value \"31-02-2022\": no such date");
        assert_eq!(db.count("registrations"), 2, "{}", db.label);
        let written = std::fs::read(&rejects).expect("rejects written");
        let expected = "\u{feff}registratie_id;organisatie;vorm;startdatum;leeftijdsgroep;hoofddomein\r\nr2;deschans;traject;31-02-2022;27-55;financien\r\n\"r3\";deschans; traject ;2022-01-01;27-55;wonen\r\n";
        assert_eq!(String::from_utf8_lossy(&written), expected, "{}", db.label);
    });
}

#[test]
fn reimporting_changes_nothing_and_says_so_and_a_change_is_an_update() {
    each(|db| {
        let file = registrations("r1,deschans,traject,2022-01-01,27-55,financien\nr2,deschans,traject,2022-01-01,27-55,financien\n");
        let path = db
            .write(&[("registrations.csv", file.as_bytes())])
            .remove(0);
        let first = db.run(&["--format", "json", "import", &path]);
        assert_eq!(
            (
                first.json()["inserted"].as_u64(),
                first.json()["unchanged"].as_u64()
            ),
            (Some(2), Some(0)),
            "{}",
            db.label
        );
        let again = db.run(&["--format", "json", "import", &path]);
        let report = again.json();
        assert_eq!(
            (
                report["inserted"].as_u64(),
                report["updated"].as_u64(),
                report["unchanged"].as_u64()
            ),
            (Some(0), Some(0), Some(2)),
            "{}",
            db.label
        );
        assert_eq!(
            report["data_version"],
            first.json()["data_version"],
            "{}: a re-import moved the data version",
            db.label
        );
        db.run(&["import", &path]).ok().has_line("registrations.csv (registrations): 0 inserted, 0 updated, 2 unchanged, 0 rejected — nothing changed");
        let changed = registrations("r1,deschans,traject,2022-01-01,27-55,financien\nr2,deschans,leun_steun,2022-01-01,27-55,financien\n");
        let report = db
            .run(&[
                "--format",
                "json",
                "import",
                &db.write(&[("registrations.csv", changed.as_bytes())])[0],
            ])
            .json();
        assert_eq!(
            (report["updated"].as_u64(), report["unchanged"].as_u64()),
            (Some(1), Some(1)),
            "{}",
            db.label
        );
    });
}

#[test]
fn files_that_are_empty_binary_or_headerless_get_one_message() {
    each(|db| {
        db.import(&[("registrations.csv", "")], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: the file is empty");
        db.import_bytes(&[("registrations.csv", b"%PDF-1.7 binary")], &[])
            .refused()
            .has_line("registrations.csv (registrations): refused: not a CSV or XLSX file (a PDF document)");
        db.import_bytes(&[("data.csv", b"\x00\x01\x02\x03")], &[])
            .refused()
            .has_line("data.csv (unknown kind): refused: neither UTF-8 text nor an XLSX workbook; save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)");
        db.import(&[("data.csv", "r1,traject,2022-01-01\n")], &[])
            .refused()
            .has_line(
                "data.csv (unknown kind): refused: no header: the first row names no known column",
            );
        db.import_bytes(&[("book.xlsx", b"PK\x03\x04not really a zip")], &[])
            .refused()
            .says("the XLSX workbook is damaged and cannot be read (");
    });
}

#[test]
fn xlsx_workbooks_are_read_by_sheet_name_or_first_sheet() {
    each(|db| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let regs = book
            .add_worksheet()
            .set_name("registraties")
            .expect("sheet");
        for (c, h) in [
            "registration_id",
            "organisation",
            "form",
            "start_date",
            "end_date",
            "age_group",
            "main_domain",
        ]
        .iter()
        .enumerate()
        {
            regs.write_string(0, c as u16, *h).expect("cell");
        }
        regs.write_string(1, 0, "x1").expect("cell");
        regs.write_string(1, 1, "deschans").expect("cell");
        regs.write_string(1, 2, "traject").expect("cell");
        let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2022, 3, 7).expect("date");
        let format = rust_xlsxwriter::Format::new().set_num_format("dd-mm-yyyy");
        regs.write_datetime_with_format(1, 3, &date, &format)
            .expect("cell");
        regs.write_string(1, 4, "2022-06-30").expect("cell");
        regs.write_string(1, 5, "27-55").expect("cell");
        regs.write_string(1, 6, "Financiën").expect("cell");
        let scores = book.add_worksheet().set_name("zrm_scores").expect("sheet");
        for (c, h) in [
            "organisation",
            "registration_id",
            "domain",
            "start_score",
            "end_score",
        ]
        .iter()
        .enumerate()
        {
            scores.write_string(0, c as u16, *h).expect("cell");
        }
        scores.write_string(1, 0, "deschans").expect("cell");
        scores.write_string(1, 1, "x1").expect("cell");
        scores.write_string(1, 2, "financien").expect("cell");
        scores.write_number(1, 3, 2).expect("cell");
        scores.write_number(1, 4, 7).expect("cell");
        let bytes = book.save_to_buffer().expect("xlsx");
        db.import_bytes(&[("export.xlsx", &bytes)], &[])
            .refused()
            .has_line("line 2, column end_score, value \"7\": score must be 1 to 5");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in [
            "registratie_id",
            "organisatie",
            "vorm",
            "startdatum",
            "leeftijdsgroep",
            "hoofddomein",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(0, c as u16, *h).expect("cell");
        }
        for (c, v) in [
            "x2",
            "deschans",
            "traject",
            "2022-03-07",
            "67+",
            "financien",
        ]
        .iter()
        .enumerate()
        {
            sheet.write_string(1, c as u16, *v).expect("cell");
        }
        db.import_bytes(
            &[("registrations.xlsx", &book.save_to_buffer().expect("xlsx"))],
            &[],
        )
        .ok();
        assert!(
            db.export("registrations")
                .contains("x2,deschans,,traject,2022-03-07,"),
            "{}",
            db.label
        );
    });
}

#[test]
fn import_without_the_secret_is_refused_and_codes_are_never_stored() {
    for db in backends() {
        let db = db.with_din();
        let file = registrations("r1,deschans,traject,2022-01-01,27-55,financien\n");
        let file = file
            .replace("main_domain\n", "main_domain,client_code\n")
            .replace("financien\n", "financien,CLIENT-7731\n");
        db.import(&[("registrations.csv", &file)], &[]).ok();
        let export = db.export("registrations");
        assert!(
            !export.contains("CLIENT-7731"),
            "{}: the client code was exported",
            db.label
        );
        if db.label == "sqlite" {
            let file = db.url.trim_start_matches("sqlite://");
            for part in [file.to_string(), format!("{file}-wal")] {
                let stored = std::fs::read(&part).unwrap_or_default();
                assert!(
                    !stored.windows(11).any(|w| w == b"CLIENT-7731"),
                    "the client code is in {part}"
                );
            }
        }
        let secret = db.dir.path().join(importer::secret::secret_path(&db.url));
        std::fs::remove_file(&secret)
            .unwrap_or_else(|e| panic!("{}: no secret at {}: {e}", db.label, secret.display()));
        db.import(&[("registrations.csv", &file)], &[])
            .refused()
            .says("import refused: no installation secret: run `impactmonitor init` first");
    }
}

#[test]
fn the_same_client_code_gives_the_same_pseudonym() {
    each(|db| {
        let file = "registration_id,organisation,form,start_date,age_group,main_domain,client_code\nr1,deschans,traject,2022-01-01,27-55,financien,C-1\nr2,deschans,traject,2022-02-01,27-55,financien, C-1 \nr3,deschans,traject,2022-02-01,27-55,financien,C-2\n";
        db.import(&[("registrations.csv", file)], &[]).ok();
        let export = db.export("registrations");
        let column = export
            .lines()
            .next()
            .and_then(|h| h.split(',').position(|c| c == "client_pseudonym"))
            .expect("a pseudonym column");
        let pseudonyms: Vec<&str> = export
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(column).expect("pseudonym column"))
            .collect();
        assert_eq!(pseudonyms.len(), 3);
        assert_eq!(pseudonyms[0], pseudonyms[1], "{}", db.label);
        assert_ne!(pseudonyms[0], pseudonyms[2], "{}", db.label);
        assert_eq!(pseudonyms[0].len(), 64, "{}", db.label);
    });
}

#[test]
fn survey_answers_are_counted_and_must_agree_with_their_survey() {
    each(|db| {
        db.import(
            &[
                ("surveys.csv", &fixture("surveys.csv")),
                ("survey.csv", &fixture("survey.csv")),
            ],
            &[],
        )
        .ok();
        let answers = db.export("survey");
        assert!(
            answers.contains("deschans,np2020,netwerkpartners,2020,innovatief,eens,2\n"),
            "{}: {answers}",
            db.label
        );
        db.import(&[("survey.csv", "organisation,survey,kind,year,question,answer\ndeschans,np2020,inwoners,2020,innovatief,eens\n")], &[])
            .refused()
            .has_line("line 2, column kind, value \"inwoners\": survey np2020 is of kind netwerkpartners");
    });
}

#[test]
fn organisations_name_their_municipalities_by_cbs_code() {
    for db in backends() {
        db.init();
        db.import(
            &[(
                "organisations.csv",
                "organisatie,naam,gemeenten,gebieden\nnieuw,Nieuw Welzijn,1969|GM0114,\n",
            )],
            &[],
        )
        .refused()
        .has_line(
            "line 2, column gemeenten, value \"1969\": expected GM and four digits, e.g. GM1969",
        );
        db.import(
            &[(
                "organisations.csv",
                "organisatie,naam,gemeenten\nnieuw,Nieuw Welzijn,\n",
            )],
            &[],
        )
        .refused()
        .has_line("line 2, column gemeenten, value \"\": a value is required");
    }
}

#[test]
fn partners_have_a_known_sector_and_line() {
    each(|db| {
        db.import(&[("partners.csv", "organisation,partner_id,name,sector,line\ndeschans,p1,Sportclub,sport,voorliggend\ndeschans,p2,Kliniek,zorg,derde lijn\n")], &[])
            .refused()
            .has_line("line 2, column sector, value \"sport\": unknown code (allowed: onderwijs, vrijwilligers, professionele_hulp, wonen, overheid, fondsen, maatschappelijk, zorg, overig)")
            .has_line("line 3, column line, value \"derde lijn\": unknown code (allowed: voorliggend, geindiceerd)");
    });
}

#[test]
fn goals_have_a_type_and_a_theme_of_the_din() {
    each(|db| {
        db.import(&[("goals.csv", "organisation,goal_id,theme,type,text_operational,target_value\ndeschans,g9,onbekend,wensdoel,Iets bereiken,veel\n")], &[])
            .refused()
            .has_line("line 2, column theme, value \"onbekend\": unknown theme of this organisation's DIN")
            .has_line("line 2, column type, value \"wensdoel\": unknown code (allowed: leerdoel, prestatiedoel, preventiedoel)")
            .has_line("line 2, column target_value, value \"veel\": not a number");
    });
}

#[test]
fn efforts_have_a_category_and_serve_goals_of_the_din() {
    each(|db| {
        db.import(&[("efforts.csv", "organisation,effort_id,name,category,goals\ndeschans,e9,Buurtsoep,koken,kw1|kw9\n")], &[])
            .refused()
            .has_line("line 2, column category, value \"koken\": unknown code (allowed: samenwerking_doorverwijzing, individuele_hulpverlening, collectieve_activiteit, inzet_expertise)")
            .has_line("line 2, column goals, value \"kw9\": unknown goal of this organisation's DIN");
    });
}

#[test]
fn a_din_import_records_a_dated_version_when_the_network_changed() {
    for db in backends() {
        db.init();
        db.import_fixtures(Db::DIN, &["--as-of", "2022-01-01"]).ok();
        db.import_fixtures(Db::DIN, &["--as-of", "2022-03-01"]).ok();
        let changed = fixture("goals.csv").replace(
            "Inzicht in verborgen armoede",
            "Inzicht in verborgen armoede bij werkenden",
        );
        db.import(&[("goals.csv", &changed)], &["--as-of", "01-07-2022"])
            .ok();
        let versions = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async {
                let store = store::Store::open(&db.url).await.unwrap();
                let mut tx = store.begin().await.unwrap();
                let versions = tx
                    .din_versions(&domain::OrganisationCode::parse("deschans").unwrap())
                    .await
                    .unwrap();
                tx.rollback().await.unwrap();
                versions
            });
        let dates: Vec<&str> = versions.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dates, vec!["2022-01-01", "2022-07-01"], "{}", db.label);
        assert!(
            versions[1].1.contains("bij werkenden") && !versions[0].1.contains("bij werkenden"),
            "{}",
            db.label
        );
    }
}

#[test]
fn reach_plans_have_whole_numbers() {
    each(|db| {
        db.import(&[("reach_plan.csv", "organisation,year,societal_task,planned,achieved\ndeschans,2022,Armoede,veel,12.5\ndeschans,22,Armoede,10,\n")], &[])
            .refused()
            .has_line("line 2, column planned, value \"veel\": not a whole number")
            .has_line("line 2, column achieved, value \"12.5\": not a whole number")
            .has_line("line 3, column year, value \"22\": expected a year of four digits");
    });
}

#[test]
fn context_values_name_a_cbs_region_or_an_area_and_keep_missing_values_missing() {
    each(|db| {
        let header = "organisation,indicator,region_code,period,value,unit";
        db.import(&[("context.csv", &format!("{header}\ndeschans,laag_inkomen,PV20,2021,\"5,1\",%\ndeschans,laag_inkomen,NL01,2021,.,%\ndeschans,laag_inkomen,Leek,2021,3.9,%\n"))], &[])
            .ok();
        let export = db.export("context");
        assert!(
            export.contains("deschans,laag_inkomen,PV20,,2021,5.1,%"),
            "{}: {export}",
            db.label
        );
        assert!(
            export.contains("deschans,laag_inkomen,NL01,,2021,,%"),
            "{}: a missing value became {export}",
            db.label
        );
        db.import(&[("context.csv", &format!("{header}\ndeschans,laag_inkomen,Groningen-Stad,2021,4,%\ndeschans,laag_inkomen,GM1969,2021,veel,%\n"))], &[])
            .refused()
            .has_line("line 2, column region_code, value \"Groningen-Stad\": unknown region (a CBS code such as GM1969, a municipality's or province's name as CBS writes it, or an area of this organisation)")
            .has_line("line 3, column value, value \"veel\": not a number");
    });
}

#[test]
fn surveys_have_no_more_responses_than_were_asked() {
    each(|db| {
        db.import(&[("surveys.csv", "organisation,survey,kind,year,asked,responses\ndeschans,c2020,inwoners,2020,324,400\n")], &[])
            .refused()
            .has_line("line 2, column responses, value \"400\": more responses than the 324 asked");
    });
}

#[test]
fn a_narrative_interprets_a_goal_only_in_its_duiding() {
    each(|db| {
        let header = "organisation,theme,year,section,goal,text";
        db.import(&[("narrative.csv", &format!("{header}\ndeschans,kwetsbare_inwoners,2022,duiding,,Tekst\ndeschans,kwetsbare_inwoners,2022,werkwijze,kw1,Tekst\ndeschans,kwetsbare_inwoners,2022,samenvatting,,Tekst\n"))], &[])
            .refused()
            .has_line("line 2, column goal, value \"\": needs section duiding as well")
            .has_line("line 3, column goal, value \"kw1\": a goal belongs only to section duiding")
            .has_line("line 4, column section, value \"samenvatting\": unknown code (allowed: werkwijze, duiding, impact, citaat, situatie, vraagstelling, bronnen, onderzoeksmethoden, beperkingen)");
    });
}

#[test]
fn area_profiles_are_of_the_organisations_areas_and_municipalities() {
    each(|db| {
        let header = "organisation,area,municipality,year,section,text";
        db.import(&[("area_profiles.csv", &format!("{header}\ndeschans,Leek,GM0114,2022,samenstelling,Tekst\ndeschans,Emmen,GM1969,2022,samenstelling,Tekst\n"))], &[])
            .refused()
            .has_line("line 2, column municipality, value \"GM0114\": unknown municipality of this organisation")
            .has_line("line 3, column area, value \"Emmen\": unknown area of this organisation");
    });
}

#[test]
fn usage_errors_exit_2_and_internal_errors_exit_3() {
    for db in backends() {
        db.init();
        db.run(&["import"]).exit(2);
        db.run(&["import", "x.csv", "--kind", "rapporten"])
            .exit(2)
            .says("unknown kind \"rapporten\"");
        db.run(&["export", "--kind", "registrations"])
            .exit(2)
            .says("--organisation is required for this kind");
        db.run(&["import", "missing.csv"])
            .refused()
            .says("cannot read missing.csv");
        let json = db.run(&[
            "--format",
            "json",
            "--database",
            "postgres://nobody@127.0.0.1:1/none",
            "init",
        ]);
        json.exit(3);
        assert_eq!(json.json()["exit_code"], 3, "{}", db.label);
    }
}
