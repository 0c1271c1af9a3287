//! Disclosure control over everything a municipality viewer can see, as an
//! attacker would test it: the demo imported through the importer on every
//! backend, every page the organisations can publish built and protected
//! together, and the auditor (`publish::audit`) solving the published
//! counts as equations for every primary cell. For k = 3, 5 and 10 no
//! primary cell may be narrowed below the k − 1 values "< k" itself
//! allows.

mod support;

use domain::OrganisationCode;
use publish::audit::audit;
use publish::{Audience, Mark, Threshold};
use support::TestApp;
use web::figures::FigureCache;
use web::publications::{self, Context};

/// Every page of an organisation, protected for k, and the auditor's
/// ranges of its primary cells.
async fn audited(app: &TestApp, organisation: &str, k: u64) -> Vec<publish::audit::Range> {
    let organisation = OrganisationCode::parse(organisation).expect("a code");
    let cache = FigureCache::default();
    let ctx = Context {
        store: &app.store,
        cache: &cache,
        organisation: &organisation,
        audience: Audience::Public(Threshold::new(k).expect("a k")),
        data_version: app.store.data_version().await.expect("a version"),
    };
    let ledger = publications::universe(&ctx).await.expect("the pages");
    let protection = publications::protection(&ctx)
        .await
        .expect("the protection")
        .expect("a public audience");
    let primary = protection
        .hidden()
        .values()
        .filter(|m| **m == Mark::Primary)
        .count();
    let ranges = audit(&ledger, protection.hidden());
    assert_eq!(ranges.len(), primary, "every primary cell audited");
    ranges
}

#[test]
fn no_primary_cell_of_the_demo_can_be_narrowed_for_k_3_5_and_10() {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::demo(&db, 5).await;
            for organisation in ["deschans", "sedna"] {
                for k in [3, 5, 10] {
                    let ranges = audited(&app, organisation, k).await;
                    if organisation == "deschans" {
                        assert!(!ranges.is_empty(), "the demo has small counts for k = {k}");
                    }
                    let narrowed: Vec<_> = ranges.iter().filter(|r| !r.holds(k)).collect();
                    assert!(
                        narrowed.is_empty(),
                        "{organisation}, k = {k}, {}: {narrowed:#?}",
                        db.label
                    );
                }
            }
        });
    }
}
