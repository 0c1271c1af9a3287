//! The data-quality check (issue 16): on a clean data set of one
//! organisation it finds nothing; each kind of problem planted through the
//! import is found, with the registrations or items it concerns; on the
//! demo nothing blocks. Both backends.

mod support;

use axum::http::StatusCode;
use domain::Role;
use importer::InputFile;
use quality::{About, Finding, Kind, Severity};
use support::{user, TestApp};

/// A clean year: organisation `deschans` with two areas, a theme with context
/// indicators and one interpreted goal, and twelve adult trajectories a
/// month (six per area), each closed within the month with a start, goal
/// and end score and a first contact two days after the start.
fn clean_files() -> Vec<InputFile> {
    let file = |name: &str, text: String| InputFile::new(name.to_string(), text.into_bytes());
    let mut registrations = String::from(
        "registration_id,organisation,area,form,start_date,end_date,first_contact_date,client_code,age_group,main_domain,zrm_financien_start,zrm_financien_doel,zrm_financien_eind\n",
    );
    for month in 1..=12 {
        for i in 0..12 {
            let area = if i % 2 == 0 { "Noord" } else { "Zuid" };
            registrations.push_str(&format!(
                "r{month}-{i},deschans,{area},traject,2022-{month:02}-05,2022-{month:02}-25,2022-{month:02}-07,c{month}-{i},27-55,financien,2,4,3\n"
            ));
        }
    }
    vec![
        file(
            "organisations.csv",
            "organisation,name,municipalities,areas\ndeschans,Sociaal Werk De Schans,GM1969,Noord|Zuid\n".into(),
        ),
        file(
            "indicators.csv",
            "organisation,indicator,name,unit,source,table_id,measure\ndeschans,laag_inkomen,Huishoudens met een laag inkomen,%,CBS,85984NED,\n".into(),
        ),
        file(
            "themes.csv",
            "organisation,theme,name,year,zrm_domains,societal_task,context_indicators\ndeschans,geld,Geldzorgen,2022,financien,,laag_inkomen\n".into(),
        ),
        file(
            "goals.csv",
            "organisation,goal_id,theme,type,text_operational,text_original,pg_dimensions,target_indicator,target_baseline,target_value,target_date,key_figures\ndeschans,g1,geld,prestatiedoel,Minder inwoners hebben geldzorgen,,,,,,,\n".into(),
        ),
        file(
            "narrative.csv",
            "organisation,theme,year,section,goal,text\ndeschans,geld,2022,duiding,g1,Het doel is bereikt.\n".into(),
        ),
        file("registrations.csv", registrations),
    ]
}

/// Runs `test` on the clean data set, every page published, on every
/// backend.
fn on_the_clean_year(
    test: impl Fn(&TestApp) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + '_>>,
) {
    for db in store::testing::databases() {
        support::runtime().block_on(async {
            let app = TestApp::with_files(&db, 5, clean_files()).await;
            support::publish_everything(&app.store, "deschans").await;
            test(&app).await;
        });
    }
}

/// The check of `organisation`'s `year`, with `candidate` compared as it
/// would be published now.
async fn check(
    app: &TestApp,
    organisation: &str,
    year: i32,
    candidate: Option<&str>,
) -> Vec<Finding> {
    let code = domain::OrganisationCode::parse(organisation).expect("a code");
    let cache = web::figures::FigureCache::default();
    let audience = publish::Audience::Public(app.state.settings.threshold);
    let ctx = web::publications::Context::now(&app.store, &cache, &code, audience)
        .await
        .expect("the data versions");
    let report = web::check::run(&ctx, year, &app.state.settings.quality, candidate)
        .await
        .expect("the check runs");
    report.findings
}

/// The one finding the check gives, which must be of `kind`.
fn only(findings: &[Finding], kind: Kind) -> &Finding {
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].kind, kind, "{findings:#?}");
    &findings[0]
}

fn ids(finding: &Finding) -> Vec<&str> {
    finding.registrations.iter().map(|id| id.as_str()).collect()
}

/// A registrations.csv with the clean set's columns.
fn registrations(rows: &str) -> Vec<u8> {
    format!(
        "registration_id,organisation,area,form,start_date,end_date,first_contact_date,client_code,age_group,main_domain,zrm_financien_start,zrm_financien_doel,zrm_financien_eind\n{rows}"
    )
    .into_bytes()
}

#[test]
fn a_clean_year_has_no_findings() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let found = check(app, "deschans", 2022, Some("monitor/2022")).await;
            assert!(found.is_empty(), "{found:#?}");
        })
    });
}

#[test]
fn a_date_after_today_blocks_publishing() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let soon = web::check::today() + chrono::Days::new(10);
            let row = format!("toekomst,deschans,Noord,traject,2022-03-01,{soon},2022-03-02,t1,27-55,financien,2,4,\n");
            app.import_file("registrations.csv", &registrations(&row))
                .await;
            let found = check(app, "deschans", 2022, None).await;
            let finding = only(&found, Kind::FutureDate);
            assert_eq!(finding.severity, Severity::Blocks);
            assert_eq!(ids(finding), ["toekomst"]);

            // The preview says so and offers no confirmation; publishing is
            // refused and makes no new version.
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = "/organisations/deschans/factsheets/geld/2022";
            let preview = researcher.get(&format!("{page}?voorbeeld")).await.body;
            assert!(
                preview.contains("1 registraties hebben een datum na vandaag"),
                "{preview}"
            );
            assert!(preview.contains("Publiceren kan nog niet"));
            let answer = researcher
                .post(
                    "/organisations/deschans/publications",
                    &[("page", "factsheets/geld/2022"), ("action", "publish")],
                )
                .await;
            assert_eq!(answer.status, StatusCode::SEE_OTHER);
            assert!(answer.location.unwrap().ends_with("?publication=blocked"));
            let code = domain::OrganisationCode::parse("deschans").unwrap();
            let versions = app
                .store
                .version_history(&code, "factsheets/geld/2022")
                .await
                .unwrap();
            assert_eq!(versions.len(), 1, "only the first version");

            // The dashboard shows 2022 (its monitor is published): the same
            // gate holds it back.
            let dashboard = researcher
                .get("/organisations/deschans/dashboard?voorbeeld")
                .await
                .body;
            assert!(dashboard.contains("Publiceren kan nog niet"), "{dashboard}");
            let answer = researcher
                .post(
                    "/organisations/deschans/publications",
                    &[("page", "dashboard"), ("action", "publish")],
                )
                .await;
            assert!(answer.location.unwrap().ends_with("?publication=blocked"));
            let versions = app.store.version_history(&code, "dashboard").await.unwrap();
            assert_eq!(versions.len(), 1, "only the dashboard's first version");
        })
    });
}

#[test]
fn a_page_published_before_new_data_contradicts_the_page_published_after() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let row = "extra,deschans,Noord,traject,2022-03-05,2022-03-25,2022-03-07,x1,27-55,financien,2,4,3\n";
            app.import_file("registrations.csv", &registrations(row))
                .await;
            // The factsheet was published with 144 registrations; the monitor,
            // published now, would say 145.
            let all = check(app, "deschans", 2022, Some("monitor/2022")).await;
            // The monitor's own counts moved by 1 since its version 1: a
            // revision to weigh, besides the contradictions.
            let (found, revisions): (Vec<Finding>, Vec<Finding>) =
                all.into_iter().partition(|f| f.kind != Kind::SmallRevision);
            assert!(revisions
                .iter()
                .all(|f| f.count == 1 && f.severity == Severity::Warns));
            assert!(!revisions.is_empty());
            assert!(!found.is_empty());
            assert!(
                found.iter().all(|f| f.kind == Kind::Contradiction),
                "{found:#?}"
            );
            assert!(found.iter().all(|f| f.severity == Severity::Warns));
            let reach = found
                .iter()
                .find_map(|f| match &f.about {
                    About::Figure {
                        figure,
                        page,
                        value,
                        other_page,
                        other_value,
                    } if figure == "reach/domains=financien:n" => Some((
                        page.as_str(),
                        value.as_str(),
                        other_page.as_str(),
                        other_value.as_str(),
                    )),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("{found:#?}"));
            assert_eq!(
                reach,
                ("monitor/2022", "145", "factsheets/geld/2022", "144")
            );
            // Without the monitor about to be published, the published
            // pages agree.
            assert!(check(app, "deschans", 2022, None).await.is_empty());
        })
    });
}

#[test]
fn trajectories_without_goal_or_end_scores_are_found_per_domain_and_area() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let rows: String = (0..20)
                .map(|i| format!("leeg{i},deschans,Noord,traject,2022-{:02}-06,,2022-{:02}-08,l{i},27-55,financien,,,\n", i % 12 + 1, i % 12 + 1))
                .collect();
            app.import_file("registrations.csv", &registrations(&rows))
                .await;
            let found = check(app, "deschans", 2022, None).await;
            assert_eq!(found.len(), 2, "{found:#?}");
            for f in &found {
                assert_eq!(f.kind, Kind::MissingScores);
                assert_eq!(f.count, 20);
                assert_eq!(ids(f).len(), 20);
            }
            let totals: Vec<(&About, Option<u64>)> =
                found.iter().map(|f| (&f.about, f.total)).collect();
            assert!(totals.contains(&(
                &About::Domain {
                    domain: "financien".into()
                },
                Some(164)
            )));
            assert!(totals.contains(&(
                &About::Area {
                    area: "Noord".into()
                },
                Some(92)
            )));

            // The researcher publishes the factsheet with the domain's caveat
            // chosen in the preview; the municipality reads it in "Over deze
            // cijfers", without a count.
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = "/organisations/deschans/factsheets/geld/2022";
            let preview = researcher.get(&format!("{page}?voorbeeld")).await.body;
            assert!(
                preview.contains("mist een doel- of eindscore (20 van 164)"),
                "{preview}"
            );
            let caveat = "missing_scores.domain:Financiën";
            assert!(
                preview.contains(&format!("name=\"caveat\" value=\"{caveat}\"")),
                "{preview}"
            );
            let answer = researcher
                .post(
                    "/organisations/deschans/publications",
                    &[
                        ("page", "factsheets/geld/2022"),
                        ("action", "publish"),
                        ("caveat", caveat),
                    ],
                )
                .await;
            let back = answer.location.expect("an address");
            assert!(back.ends_with("?publication=published-2"), "{back}");
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let read = viewer.get(page).await.body;
            let about = read
                .split("id=\"over-deze-cijfers\"")
                .nth(1)
                .expect("the box");
            let about = &about[..about.find("</section>").expect("its end")];
            assert!(about.contains("Over deze cijfers"));
            assert!(
                about.contains("met hoofddomein Financiën ontbreekt een doel- of eindscore"),
                "{about}"
            );
            assert!(!about.contains("20") && !about.contains("164"), "{about}");
        })
    });
}

#[test]
fn trajectories_closed_without_any_end_score_are_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let rows = "dicht1,deschans,Zuid,traject,2022-04-05,2022-06-01,2022-04-06,d1,27-55,financien,2,4,\n\
                        dicht2,deschans,Zuid,traject,2022-05-05,2022-07-01,2022-05-06,d2,27-55,financien,3,4,\n";
            app.import_file("registrations.csv", &registrations(rows))
                .await;
            let found = check(app, "deschans", 2022, None).await;
            assert_eq!(
                ids(only(&found, Kind::ClosedWithoutEndScore)),
                ["dicht1", "dicht2"]
            );
        })
    });
}

#[test]
fn an_area_without_registrations_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            app.import_file(
                "organisations.csv",
                b"organisation,name,municipalities,areas\ndeschans,Sociaal Werk De Schans,GM1969,Noord|Zuid|West\n",
            )
            .await;
            let found = check(app, "deschans", 2022, None).await;
            let finding = only(&found, Kind::AreaWithoutRegistrations);
            assert_eq!(
                finding.about,
                About::Area {
                    area: "West".into()
                }
            );
        })
    });
}

#[test]
fn a_month_with_far_fewer_registrations_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let mut rows = String::new();
            for month in 1..=12 {
                let n = if month == 12 { 2 } else { 12 };
                for i in 0..n {
                    rows.push_str(&format!("y{month}-{i},deschans,Noord,traject,2023-{month:02}-05,2023-{month:02}-25,2023-{month:02}-07,y{month}-{i},27-55,financien,2,4,3\n"));
                }
            }
            app.import_file("registrations.csv", &registrations(&rows))
                .await;
            let found: Vec<Finding> = check(app, "deschans", 2023, None)
                .await
                .into_iter()
                .filter(|f| f.kind != Kind::AreaWithoutRegistrations)
                .collect();
            let finding = only(&found, Kind::QuietMonth);
            assert_eq!(finding.about, About::Month { month: 12 });
            assert_eq!((finding.count, finding.total), (2, Some(12)));
        })
    });
}

#[test]
fn support_open_for_years_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let row = "oud,deschans,Noord,traject,2018-01-10,,2018-01-11,o1,27-55,financien,2,4,\n";
            app.import_file("registrations.csv", &registrations(row))
                .await;
            let found = check(app, "deschans", 2022, None).await;
            assert_eq!(ids(only(&found, Kind::LongOpen)), ["oud"]);
        })
    });
}

#[test]
fn a_first_contact_long_after_the_start_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let row = "laat,deschans,Zuid,traject,2022-02-01,2022-07-01,2022-06-01,la1,27-55,financien,2,4,3\n";
            app.import_file("registrations.csv", &registrations(row))
                .await;
            let found = check(app, "deschans", 2022, None).await;
            assert_eq!(ids(only(&found, Kind::LateFirstContact)), ["laat"]);
        })
    });
}

#[test]
fn one_client_registered_twice_at_once_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            let rows = "dub1,deschans,Noord,traject,2022-03-01,2022-05-01,2022-03-02,zelfde,27-55,financien,2,4,3\n\
                        dub2,deschans,Zuid,traject,2022-04-01,2022-06-01,2022-04-02,zelfde,27-55,financien,2,4,3\n\
                        later,deschans,Zuid,traject,2022-08-01,2022-09-01,2022-08-02,zelfde,27-55,financien,2,4,3\n";
            app.import_file("registrations.csv", &registrations(rows))
                .await;
            let found = check(app, "deschans", 2022, None).await;
            assert_eq!(ids(only(&found, Kind::DuplicateClient)), ["dub1", "dub2"]);
        })
    });
}

#[test]
fn a_goal_without_interpretation_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            app.import_file(
                "goals.csv",
                "organisation,goal_id,theme,type,text_operational,text_original,pg_dimensions,target_indicator,target_baseline,target_value,target_date,key_figures\ndeschans,g2,geld,leerdoel,Inzicht in schulden,,,,,,,\n".as_bytes(),
            )
            .await;
            let found = check(app, "deschans", 2022, None).await;
            let finding = only(&found, Kind::GoalWithoutInterpretation);
            let About::Goal { goal, .. } = &finding.about else {
                panic!("{finding:?}")
            };
            assert_eq!(goal, "g2");
        })
    });
}

#[test]
fn a_theme_without_context_indicators_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            app.import_file(
                "themes.csv",
                b"organisation,theme,name,year,zrm_domains,societal_task,context_indicators\ndeschans,netwerk,Sociaal netwerk,2022,sociaal_netwerk,,\n",
            )
            .await;
            let found = check(app, "deschans", 2022, None).await;
            let finding = only(&found, Kind::ThemeWithoutContext);
            assert_eq!(
                finding.about,
                About::Theme {
                    theme: "netwerk".into(),
                    name: "Sociaal netwerk".into()
                }
            );
        })
    });
}

#[test]
fn a_survey_with_fewer_than_30_responses_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            app.import_file(
                "surveys.csv",
                b"organisation,survey,kind,year,asked,responses,activity\ndeschans,klein,inwoners,2022,80,12,\ndeschans,groot,netwerkpartners,2022,100,45,\n",
            )
            .await;
            let found = check(app, "deschans", 2022, None).await;
            let finding = only(&found, Kind::SmallSurvey);
            assert_eq!(
                finding.about,
                About::Survey {
                    survey: "klein".into()
                }
            );
            assert_eq!((finding.count, finding.total), (12, Some(30)));
        })
    });
}

#[test]
fn a_collective_activity_without_group_strength_is_found() {
    on_the_clean_year(|app| {
        Box::pin(async move {
            app.import_file(
                "efforts.csv",
                "organisation,effort_id,name,category,description,goals,themes,pg_dimensions,nature,partners,started,stopped,stop_reason\ndeschans,koffie,Koffieochtend,collectieve_activiteit,,,geld,,beide,,2022-01-01,,\n".as_bytes(),
            )
            .await;
            app.import_file(
                "collective.csv",
                b"organisation,activity,area,group,period_start,period_end,meetings,participants_total,participants_avg,nature,pg_dimensions,group_strength_start,group_strength_end,status\n\
                  deschans,koffie,Noord,A,2022-01-01,2022-12-31,40,,8,,,3,4,actief\n\
                  deschans,koffie,Zuid,B,2022-01-01,2022-12-31,40,,6,,,2,,actief\n",
            )
            .await;
            let found = check(app, "deschans", 2022, None).await;
            let finding = only(&found, Kind::CollectiveWithoutStrength);
            assert_eq!(
                finding.about,
                About::Activity {
                    activity: "koffie".into(),
                    name: "Koffieochtend".into(),
                    group: Some("B".into())
                }
            );
        })
    });
}

#[test]
fn nothing_blocks_on_the_demo_and_the_check_page_says_what_it_found() {
    support::on_the_demo(|app| {
        Box::pin(async move {
            for (organisation, year) in [
                ("deschans", 2020),
                ("deschans", 2021),
                ("deschans", 2022),
                ("sedna", 2021),
            ] {
                let found = check(app, organisation, year, None).await;
                assert!(
                    found.iter().all(|f| f.severity == Severity::Warns),
                    "{organisation} {year}: {found:#?}"
                );
            }
            let mut researcher = app.signed_in(&user(Role::Researcher, "deschans")).await;
            let page = researcher
                .get("/organisations/deschans/check?year=2022")
                .await;
            assert_eq!(page.status, StatusCode::OK);
            assert!(page.body.contains("Controle van de gegevens 2022"));
            assert!(
                page.body.contains("Houden publiceren tegen: 0."),
                "{}",
                page.body
            );
            // A municipality viewer has no check page.
            let mut viewer = app
                .signed_in(&user(Role::MunicipalityViewer, "deschans"))
                .await;
            let refused = viewer.get("/organisations/deschans/check?year=2022").await;
            assert_ne!(refused.status, StatusCode::OK);
        })
    });
}
