//! The store's behaviour, the same on every backend: reference data from
//! the migrations, inserted/updated/unchanged, the data version, rollback,
//! versioned texts and DIN versions.

use domain::*;
use store::testing::databases;
use store::{Outcome, Store};

fn organisation(name: &str) -> Organisation {
    Organisation {
        code: OrganisationCode::parse("deschans").unwrap(),
        name: name.into(),
        municipalities: vec![MunicipalityCode::parse("GM1969").unwrap()],
        areas: vec![
            AreaName::parse("Leek").unwrap(),
            AreaName::parse("Marum").unwrap(),
        ],
    }
}

fn narrative(text: &str) -> Narrative {
    Narrative {
        organisation: OrganisationCode::parse("deschans").unwrap(),
        theme: Some(Id::parse("armoede").unwrap()),
        year: 2022,
        section: NarrativeSection::Method,
        goal: None,
        text: text.into(),
    }
}

fn partner(id: &str, name: &str) -> Partner {
    Partner {
        organisation: OrganisationCode::parse("deschans").unwrap(),
        id: Id::parse(id).unwrap(),
        name: name.into(),
        sector: PartnerSector::ProfessionalCare,
        line: PartnerLine::SecondLine,
        areas: vec![],
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

#[test]
fn migrations_seed_the_reference_lists_and_can_run_again() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let vocabulary = store.vocabulary().await.unwrap();
            assert_eq!(vocabulary.zrm_domains.len(), 14, "{}", db.label);
            assert_eq!(vocabulary.pg_dimensions.len(), 6, "{}", db.label);
            assert_eq!(
                vocabulary.zrm_domain("Ouderschap").unwrap().as_str(),
                "ouderschap",
                "{}",
                db.label
            );
            store.close().await;
            let again = Store::open(&db.url).await.unwrap();
            assert_eq!(
                again.vocabulary().await.unwrap(),
                vocabulary,
                "{}",
                db.label
            );
        });
    }
}

#[test]
fn saving_tells_inserted_updated_unchanged_and_moves_the_data_version() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let v0 = store.data_version().await.unwrap();

            let mut tx = store.begin().await.unwrap();
            assert_eq!(
                tx.save(&[organisation("De Schans")], "test").await.unwrap(),
                vec![Outcome::Inserted]
            );
            let v1 = tx.commit().await.unwrap();
            assert!(v1 > v0, "{}", db.label);

            let mut tx = store.begin().await.unwrap();
            assert_eq!(
                tx.save(&[organisation("De Schans")], "test").await.unwrap(),
                vec![Outcome::Unchanged]
            );
            assert_eq!(
                tx.commit().await.unwrap(),
                v1,
                "{}: nothing changed, yet the version moved",
                db.label
            );

            let mut tx = store.begin().await.unwrap();
            assert_eq!(
                tx.save(&[organisation("Sociaal Werk De Schans")], "test")
                    .await
                    .unwrap(),
                vec![Outcome::Updated]
            );
            let v2 = tx.commit().await.unwrap();
            assert!(v2 > v1, "{}", db.label);

            let mut tx = store.begin().await.unwrap();
            let stored = tx.load::<Organisation>(None).await.unwrap();
            assert_eq!(
                stored,
                vec![organisation("Sociaal Werk De Schans")],
                "{}",
                db.label
            );
            tx.rollback().await.unwrap();
        });
    }
}

/// A first import into a table that holds nothing of the organisation
/// looks nothing up; what the same transaction wrote before is still
/// compared, in a later save and within one save.
#[test]
fn saving_into_an_empty_table_still_compares_what_the_transaction_wrote() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.save(&[organisation("De Schans")], "test").await.unwrap();
            let first = [partner("ggz", "GGZ"), partner("huisarts", "Huisarts")];
            let again = [partner("ggz", "GGZ"), partner("huisarts", "Huisartsen")];
            let twice = [
                partner("wijkteam", "Wijkteam"),
                partner("wijkteam", "Sociaal team"),
            ];
            let same_twice = [
                partner("buurtwerk", "Buurtwerk"),
                partner("buurtwerk", "Buurtwerk"),
            ];
            let saved = [
                tx.save(&first, "test").await.unwrap(),
                tx.save(&again, "test").await.unwrap(),
                tx.save(&twice, "test").await.unwrap(),
                tx.save(&same_twice, "test").await.unwrap(),
            ];
            use Outcome::*;
            assert_eq!(
                saved,
                [
                    vec![Inserted, Inserted],
                    vec![Unchanged, Updated],
                    vec![Inserted, Updated],
                    vec![Inserted, Unchanged]
                ],
                "{}",
                db.label
            );
            let after_a_repeat = [
                partner("jeugd", "Jeugd"),
                partner("jeugd", "Jeugd"),
                partner("school", "School"),
            ];
            tx.save(&after_a_repeat, "test").await.unwrap();
            assert_eq!(
                tx.save(&[partner("school", "School")], "test")
                    .await
                    .unwrap(),
                vec![Unchanged],
                "{}: a key after a repeated one is noted as written",
                db.label
            );
            tx.commit().await.unwrap();

            let mut tx = store.begin().await.unwrap();
            let stored: Vec<Partner> = tx.load(None).await.unwrap();
            let names: Vec<&str> = stored.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names.len(), 6, "{}", db.label);
            for name in ["GGZ", "Huisartsen", "Sociaal team", "Buurtwerk"] {
                assert!(names.contains(&name), "{}: {names:?}", db.label);
            }
            assert_eq!(
                tx.save(&again, "test").await.unwrap(),
                vec![Unchanged, Unchanged],
                "{}: stored rows are compared in a later transaction",
                db.label
            );
        });
    }
}

#[test]
fn a_rolled_back_or_dropped_transaction_stores_nothing() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let version = store.data_version().await.unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.save(&[organisation("A")], "test").await.unwrap();
            tx.rollback().await.unwrap();
            {
                let mut tx = store.begin().await.unwrap();
                tx.save(&[organisation("B")], "test").await.unwrap();
            }
            let mut tx = store.begin().await.unwrap();
            assert!(
                tx.load::<Organisation>(None).await.unwrap().is_empty(),
                "{}",
                db.label
            );
            tx.rollback().await.unwrap();
            assert_eq!(store.data_version().await.unwrap(), version, "{}", db.label);
        });
    }
}

#[test]
fn texts_keep_every_version_with_who_changed_them() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.save(&[organisation("De Schans")], "test").await.unwrap();
            tx.save(&[narrative("Eerste versie")], "onderzoeker:anna")
                .await
                .unwrap();
            tx.save(&[narrative("Eerste versie")], "onderzoeker:anna")
                .await
                .unwrap();
            tx.save(&[narrative("Tweede versie")], "onderzoeker:bram")
                .await
                .unwrap();
            tx.commit().await.unwrap();
            use sqlx::Row;
            let rows = sqlx::query("SELECT text, changed_by FROM narratives_history ORDER BY seq")
                .fetch_all(store.pool())
                .await
                .unwrap();
            let history: Vec<(String, String)> =
                rows.iter().map(|r| (r.get(0), r.get(1))).collect();
            assert_eq!(
                history,
                vec![
                    ("Eerste versie".into(), "onderzoeker:anna".into()),
                    ("Tweede versie".into(), "onderzoeker:bram".into())
                ],
                "{}",
                db.label
            );
        });
    }
}

#[test]
fn a_din_version_is_written_only_when_the_network_changed() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let org = OrganisationCode::parse("deschans").unwrap();
            let day = |d| Date::from_ymd_opt(2022, 1, d).unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.save(&[organisation("De Schans")], "test").await.unwrap();
            assert!(tx
                .save_din_version(&org, day(1), "{\"v\":1}")
                .await
                .unwrap());
            assert!(!tx
                .save_din_version(&org, day(2), "{\"v\":1}")
                .await
                .unwrap());
            assert!(tx
                .save_din_version(&org, day(3), "{\"v\":2}")
                .await
                .unwrap());
            let versions = tx.din_versions(&org).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(
                versions,
                vec![
                    ("2022-01-01".into(), "{\"v\":1}".into()),
                    ("2022-01-03".into(), "{\"v\":2}".into())
                ],
                "{}",
                db.label
            );
        });
    }
}

#[test]
fn the_database_itself_refuses_a_score_without_its_registration() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.save(&[organisation("De Schans")], "test").await.unwrap();
            let orphan = DomainScores {
                organisation: OrganisationCode::parse("deschans").unwrap(),
                registration: Id::parse("nowhere").unwrap(),
                domain: ZrmDomain::known("financien"),
                start: Some(ZrmScore::new(2).unwrap()),
                goal: None,
                end: None,
            };
            assert!(tx.save(&[orphan], "test").await.is_err(), "{}", db.label);
        });
    }
}

#[test]
fn a_table_of_more_rows_than_one_read_is_read_whole_and_once() {
    for db in databases() {
        block_on(async {
            let store = Store::open(&db.url).await.unwrap();
            let mut tx = store.begin().await.unwrap();
            tx.save(&[organisation("De Schans")], "test").await.unwrap();
            let count = 2 * store::ROWS_PER_READ + 3;
            let partners: Vec<Partner> = (0..count)
                .map(|i| partner(&format!("p{i}"), &format!("Partner {i}")))
                .collect();
            tx.save(&partners, "test").await.unwrap();
            let mut seen = std::collections::HashSet::new();
            let code = OrganisationCode::parse("deschans").unwrap();
            tx.each(Some(&code), |p: Partner| {
                assert!(seen.insert(p.id.to_string()), "{} read twice", p.id);
            })
            .await
            .unwrap();
            assert_eq!(seen.len(), count, "{}", db.label);
            let all: Vec<Partner> = tx.load(None).await.unwrap();
            assert_eq!(all.len(), count, "{}", db.label);
        });
    }
}

#[test]
fn the_upgrade_makes_what_organisations_imported_from_cbs_the_installation_s() {
    for db in databases() {
        block_on(async {
            // As release 15 left it: two organisations that each imported
            // the same CBS table, and one's figure of its own area.
            let old = store::testing::at_schema_version(&db.url, 15).await;
            for statement in [
                "INSERT INTO organisations (code, name, municipalities, areas) VALUES \
                 ('deschans', 'De Schans', 'GM1969', 'Leek'), ('welzijn', 'Welzijn', 'GM1969', '')",
                "INSERT INTO context_values (organisation, indicator, region, period, value, unit) VALUES \
                 ('deschans', 'inwoners', 'GM1969', '2024', '64896', 'aantal'), \
                 ('welzijn', 'inwoners', 'GM1969', '2024', '64896', 'aantal'), \
                 ('deschans', 'inwoners', 'NL01', '2024', '17942942', 'aantal'), \
                 ('deschans', 'tevredenheid', 'Leek', '2024', '7.5', NULL)",
                "INSERT INTO indicator_definitions (organisation, indicator, name, table_id, measure) VALUES \
                 ('deschans', 'inwoners', 'Inwoners', '03759ned', 'M000352'), \
                 ('deschans', 'tevredenheid', 'Tevredenheid', NULL, NULL)",
                "INSERT INTO regions (organisation, code, year, name, parent) VALUES \
                 ('welzijn', 'GM1969', 2024, 'Westerkwartier', 'PV20')",
            ] {
                sqlx::query(statement).execute(&old).await.unwrap();
            }
            old.close().await;
            let store = Store::open(&db.url).await.unwrap();
            for (org, own_area) in [("deschans", true), ("welzijn", false)] {
                let code = OrganisationCode::parse(org).unwrap();
                let records = store.organisation_records(&code).await.unwrap().unwrap();
                let value = |region: &str| {
                    records
                        .context
                        .iter()
                        .find(|v| v.region.as_str() == region && v.indicator.as_str() == "inwoners")
                        .and_then(|v| v.value.as_ref().map(|d| d.as_str().to_string()))
                };
                assert_eq!(
                    value("GM1969").as_deref(),
                    Some("64896"),
                    "{} {org}",
                    db.label
                );
                assert_eq!(
                    value("NL01").as_deref(),
                    Some("17942942"),
                    "{} {org}",
                    db.label
                );
                assert_eq!(
                    records.context.iter().any(|v| v.region.as_str() == "Leek"),
                    own_area,
                    "{} {org}: an area's figure stays its organisation's",
                    db.label
                );
                assert!(records
                    .definitions
                    .iter()
                    .any(|d| d.indicator.as_str() == "inwoners"));
                assert!(
                    records.regions.iter().any(|r| r.code.as_str() == "GM1969"),
                    "{} {org}",
                    db.label
                );
            }
            let public: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM public_context_values")
                .fetch_one(store.pool())
                .await
                .unwrap();
            assert_eq!(public, 2, "{}: one copy of each CBS value", db.label);
        });
    }
}
