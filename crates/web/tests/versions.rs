//! A data version per organisation (issue 26): an import into one
//! organisation leaves every other organisation's data version, figures,
//! disclosure protection and pages as they were, on every backend.

mod support;

use domain::OrganisationCode;
use publish::Audience;
use std::sync::Arc;
use support::TestApp;
use web::figures::Scope;
use web::publications::{protection, Context};

/// One more registration of De Schans, as a coordinator would import it.
const ONE_MORE: &str =
    "registration_id,organisation,area,form,start_date,end_date,age_group,main_domain\n\
                        versions-1,deschans,Leek,traject,2021-03-01,2021-06-30,27-55,financien\n";

fn code(organisation: &str) -> OrganisationCode {
    OrganisationCode::parse(organisation).expect("a code")
}

/// What the server keeps of an organisation: its records, the figures of
/// the year 2021 and its protection for the municipality.
struct Kept {
    version: i64,
    records: Arc<store::OrganisationRecords>,
    figures: Arc<web::figures::ScopedFigures>,
    protection: Arc<publish::Protection>,
}

async fn kept(app: &TestApp, organisation: &OrganisationCode) -> Kept {
    let cache = &app.state.cache;
    let version = cache
        .versions(&app.store)
        .await
        .expect("versions")
        .of(organisation);
    let records = cache
        .records(&app.store, organisation, version)
        .await
        .expect("the records")
        .expect("the organisation");
    let figures = cache
        .figures(&app.store, organisation, Scope::Year(2021), version)
        .await
        .expect("the figures")
        .expect("the year");
    let audience = Audience::Public(app.state.settings.threshold);
    let ctx = Context::now(&app.store, cache, organisation, audience)
        .await
        .expect("the versions");
    let protection = protection(&ctx)
        .await
        .expect("the protection")
        .expect("a protection for the municipality");
    Kept {
        version,
        records,
        figures,
        protection,
    }
}

#[test]
fn an_import_into_one_organisation_leaves_the_others_figures_and_protection() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            let (deschans, sedna) = (code("deschans"), code("sedna"));
            let mut researcher = app.signed_in("researcher-sedna").await;
            let page = "/organisations/sedna/factsheets/doorbreken_armoede/2021";
            let first = researcher.get(page).await;
            assert_eq!(first.status, 200, "{}", first.body);
            let sedna_before = kept(app, &sedna).await;
            let deschans_before = kept(app, &deschans).await;
            let installation_before = app.store.data_version().await.expect("a version");

            app.import_file("registrations.csv", ONE_MORE.as_bytes())
                .await;

            assert!(app.store.data_version().await.expect("a version") > installation_before);
            let again = researcher.get(page).await;
            assert_eq!(again.body, first.body, "Sedna's page is as it was");
            let sedna_after = kept(app, &sedna).await;
            assert_eq!(sedna_after.version, sedna_before.version, "Sedna's version");
            assert!(
                Arc::ptr_eq(&sedna_after.records, &sedna_before.records),
                "Sedna's records are not read again"
            );
            assert!(
                Arc::ptr_eq(&sedna_after.figures, &sedna_before.figures),
                "Sedna's figures are not computed again"
            );
            assert!(
                Arc::ptr_eq(&sedna_after.protection, &sedna_before.protection),
                "Sedna's publications are not protected again"
            );

            // De Schans, which the import changed, is read, computed and
            // protected again, with the new registration in its figures.
            let deschans_after = kept(app, &deschans).await;
            assert!(deschans_after.version > deschans_before.version);
            assert!(!Arc::ptr_eq(
                &deschans_after.records,
                &deschans_before.records
            ));
            assert!(!Arc::ptr_eq(
                &deschans_after.protection,
                &deschans_before.protection
            ));
            let reach = |k: &Kept| {
                k.figures
                    .figures
                    .iter()
                    .find(|f| f.indicator == "reach" && f.keys.is_empty())
                    .and_then(|f| f.value)
                    .expect("the reach")
            };
            assert_eq!(reach(&deschans_after), reach(&deschans_before) + 1.0);
        })
    });
}
