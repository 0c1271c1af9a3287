//! Collective activities, reach against plan, surveys and context values on
//! small cases worked out by hand (answers in the comments), and the whole
//! monitor's order.

use domain::collective::CollectiveFields;
use domain::din::EffortFields;
use domain::*;
use indicators::collective::{collective, selected};
use indicators::context::context;
use indicators::plan::reach_vs_plan;
use indicators::survey::{survey_answer, survey_response};
use indicators::{cases, Extra, Figure, Period, PeriodRule, Selection, State, ThemeFilter};

fn org() -> OrganisationCode {
    OrganisationCode::parse("o").unwrap()
}

fn day(s: &str) -> Date {
    parse_date(s).unwrap()
}

fn year(y: i32) -> Selection {
    Selection {
        organisation: org(),
        period: Period::year(y, PeriodRule::Running).unwrap(),
        area: None,
        age_group: None,
        theme: None,
    }
}

fn find<'a>(figures: &'a [Figure], keys: &[(&str, &str)]) -> &'a Figure {
    figures
        .iter()
        .find(|f| f.keys.len() == keys.len() && keys.iter().all(|(k, v)| f.key(k) == Some(*v)))
        .unwrap_or_else(|| panic!("no {keys:?} in {figures:#?}"))
}

fn number(f: &Figure, name: &str) -> f64 {
    match f.extra(name) {
        Some(Extra::Number(n)) => *n,
        other => panic!("{name}: {other:?}"),
    }
}

fn text<'a>(f: &'a Figure, name: &str) -> &'a str {
    match f.extra(name) {
        Some(Extra::Text(t)) => t,
        other => panic!("{name}: {other:?}"),
    }
}

fn effort(id: &str, themes: &[&str]) -> Effort {
    Effort::new(EffortFields {
        organisation: org(),
        id: Id::parse(id).unwrap(),
        name: format!("Activiteit {id}"),
        category: EffortCategory::CollectiveActivity,
        description: None,
        goals: vec![],
        themes: themes.iter().map(|t| Id::parse(t).unwrap()).collect(),
        pg_dimensions: vec![PgDimension::known("meedoen")],
        nature: Some(Nature::Both),
        partners: vec![],
        started: None,
        stopped: None,
        stop_reason: None,
    })
    .unwrap()
}

struct Group<'a> {
    activity: &'a str,
    start: &'a str,
    meetings: Option<u32>,
    total: Option<u32>,
    avg: Option<&'a str>,
    strength: Option<(i64, i64)>,
    status: CollectiveStatus,
}

fn group(g: Group) -> CollectivePeriod {
    let strength = |v: i64| GroupStrength::parse(&v.to_string()).unwrap();
    CollectivePeriod::new(CollectiveFields {
        organisation: org(),
        activity: Id::parse(g.activity).unwrap(),
        area: None,
        group: None,
        period_start: day(g.start),
        period_end: day(g.start) + chrono::Days::new(200),
        meetings: g.meetings,
        participants_total: g.total,
        participants_avg: g.avg.map(|a| Participants::parse(a).unwrap()),
        nature: None,
        pg_dimensions: vec![],
        strength_start: g.strength.map(|s| strength(s.0)),
        strength_end: g.strength.map(|s| strength(s.1)),
        status: g.status,
    })
    .unwrap()
}

/// | activity | period     | meetings | total | avg | strength | status           |
/// |----------|------------|----------|-------|-----|----------|------------------|
/// | a        | 2022-02-01 | 10       | –     | 4-5 | 2 → 4    | actief           |
/// | a        | 2022-03-01 | 30       | 300   | –   | 3 → 3    | actief           |
/// | b        | 2022-01-01 | –        | –     | –   | –        | niet_beschikbaar |
/// | c        | 2022-09-01 | –        | –     | –   | –        | gepland          |
/// | a        | 2021-01-01 | 99       | 999   | –   | –        | actief (2021)    |
fn activities() -> (Vec<CollectivePeriod>, Vec<Effort>) {
    use CollectiveStatus::*;
    let g = |activity, start, meetings, total, avg, strength, status| {
        group(Group {
            activity,
            start,
            meetings,
            total,
            avg,
            strength,
            status,
        })
    };
    let periods = vec![
        g(
            "a",
            "2022-02-01",
            Some(10),
            None,
            Some("4-5"),
            Some((2, 4)),
            Active,
        ),
        g(
            "a",
            "2022-03-01",
            Some(30),
            Some(300),
            None,
            Some((3, 3)),
            Active,
        ),
        g("b", "2022-01-01", None, None, None, None, NotAvailable),
        g("c", "2022-09-01", None, None, None, None, Planned),
        g("a", "2021-01-01", Some(99), Some(999), None, None, Active),
    ];
    let efforts = vec![
        effort("a", &["t1"]),
        effort("b", &["t1", "t2"]),
        effort("c", &["t2"]),
    ];
    (periods, efforts)
}

#[test]
fn collective_activity_cards_and_reach_per_theme() {
    let (periods, efforts) = activities();
    let figures = collective(&selected(&periods, &efforts, &year(2022)), &efforts);
    let a = find(&figures, &[("activity", "a")]);
    // Meetings 10 + 30 = 40 over 2 groups (2021 is not in the year).
    assert_eq!((a.value, a.n), (Some(40.0), 2));
    // Total: group 1 has none → 10 × 4.5 = 45; plus 300 = 345.
    assert_eq!(number(a, "participants_total"), 345.0);
    // Average weighted by meetings: (4.5 × 10 + 300/30 × 30) / 40 = 345 / 40 = 8.625.
    assert_eq!(number(a, "participants_avg"), 8.625);
    assert_eq!(text(a, "participants_avg_as_written"), "4-5");
    // Strength over the 2 scored groups: start (2 + 3)/2 = 2.5, end (4 + 3)/2 = 3.5.
    assert_eq!(
        (a.mean_start, a.mean_end, a.mean_change),
        (Some(2.5), Some(3.5), Some(1.0))
    );
    assert_eq!(number(a, "groups_scored"), 2.0);
    // Nature and PG dimensions come from the DIN when the groups give none.
    assert_eq!(
        (text(a, "nature"), text(a, "pg_dimensions")),
        ("beide", "meedoen")
    );
    // States, never zeros.
    let b = find(&figures, &[("activity", "b")]);
    assert_eq!(
        (b.state, b.value, b.n),
        (Some(State::NotAvailable), None, 0)
    );
    assert_eq!(
        find(&figures, &[("activity", "c")]).state,
        Some(State::Planned)
    );
    // Reach per theme: t1 has a (345) and b (no figures): 345; t2 has b and c: nothing to add.
    assert_eq!(find(&figures, &[("theme", "t1")]).value, Some(345.0));
    assert!(figures.iter().all(|f| f.key("theme") != Some("t2")));
}

#[test]
fn a_theme_selects_the_activities_that_serve_it() {
    let (periods, efforts) = activities();
    let mut selection = year(2022);
    selection.theme = Some(ThemeFilter {
        code: Some(Id::parse("t2").unwrap()),
        ..ThemeFilter::default()
    });
    let figures = collective(&selected(&periods, &efforts, &selection), &efforts);
    let activities: Vec<&str> = figures.iter().filter_map(|f| f.key("activity")).collect();
    assert_eq!(activities, ["b", "c"]);
}

fn plan(
    task: &str,
    service: Option<&str>,
    planned: u32,
    achieved: Option<u32>,
    year: i32,
) -> ReachPlan {
    ReachPlan {
        organisation: org(),
        year,
        societal_task: task.into(),
        service: service.map(Into::into),
        planned,
        achieved,
    }
}

fn with_service(id: &str, service: &str) -> Registration {
    Registration::new(RegistrationFields {
        organisation: org(),
        id: Id::parse(id).unwrap(),
        area: None,
        form: SupportForm::LeanSupport,
        start_date: day("2022-03-01"),
        end_date: None,
        first_contact_date: None,
        waiting_since: None,
        client: None,
        age_group: Some(AgeGroup::parse("27-55").unwrap()),
        birth_year: None,
        main_domain: ZrmDomain::known("financien"),
        service: Some(service.into()),
        pg_dimensions: vec![],
        referred_by: None,
        referred_to: vec![],
    })
    .unwrap()
}

/// Plan 2022: T1 (own row 100; services S1 60 and S2 50, computed); T2 (40,
/// reported 55); T3 (only service S3: 20, reported 10). A 2021 row of T2
/// (500) is outside the year. Registrations: S1 × 3, S2 × 1, S9 × 2 (not
/// in the plan).
#[test]
fn reach_against_plan_per_service_task_and_total() {
    let plans = vec![
        plan("T1", None, 100, None, 2022),
        plan("T1", Some("S1"), 60, None, 2022),
        plan("T1", Some("S2"), 50, None, 2022),
        plan("T2", None, 40, Some(55), 2022),
        plan("T3", Some("S3"), 20, Some(10), 2022),
        plan("T2", None, 500, Some(1), 2021),
    ];
    let regs: Vec<Registration> = [
        ("r1", "S1"),
        ("r2", "S1"),
        ("r3", "S1"),
        ("r4", "S2"),
        ("r5", "S9"),
        ("r6", "S9"),
    ]
    .iter()
    .map(|(id, s)| with_service(id, s))
    .collect();
    let selection = year(2022);
    let figures = reach_vs_plan(&plans, &cases(&regs, &[], &selection), &selection);
    let s1 = find(&figures, &[("societal_task", "T1"), ("service", "S1")]);
    assert_eq!(
        (s1.numerator, s1.denominator, s1.value),
        (Some(3), Some(60), Some(0.05))
    );
    assert_eq!(text(s1, "achieved_basis"), "computed");
    // T1's own row: planned 100, achieved S1 + S2 = 4; difference −96, relative −0.96.
    let t1 = find(&figures, &[("societal_task", "T1")]);
    assert_eq!((t1.numerator, t1.denominator), (Some(4), Some(100)));
    assert_eq!(
        (number(t1, "difference"), number(t1, "relative_difference")),
        (-96.0, -0.96)
    );
    // T2 as reported: 55 of 40, +15, +0.375.
    let t2 = find(&figures, &[("societal_task", "T2")]);
    assert_eq!(
        (t2.numerator, number(t2, "relative_difference")),
        (Some(55), 0.375)
    );
    assert_eq!(text(t2, "achieved_basis"), "reported");
    // T3 has no row of its own: the sum of its services, 10 of 20.
    assert_eq!(find(&figures, &[("societal_task", "T3")]).value, Some(0.5));
    // Total: planned 100 + 40 + 20 = 160, achieved 4 + 55 + 10 = 69, −91.
    let total = find(&figures, &[]);
    assert_eq!((total.numerator, total.denominator), (Some(69), Some(160)));
    assert_eq!(number(total, "difference"), -91.0);
    assert_eq!(text(total, "achieved_basis"), "mixed");
}

fn survey(id: &str, year: i32, asked: Option<u32>, responses: Option<u32>) -> Survey {
    Survey {
        organisation: org(),
        id: Id::parse(id).unwrap(),
        kind: SurveyKind::NetworkPartners,
        year,
        asked,
        responses,
        activity: None,
    }
}

fn answer(survey: &str, question: &str, answer: &str, count: u32) -> SurveyAnswer {
    SurveyAnswer {
        organisation: org(),
        survey: Id::parse(survey).unwrap(),
        question: question.into(),
        answer: answer.into(),
        count,
    }
}

/// s1 (2022): 50 asked, 20 responded. q1: Eens 5, helemaal eens 3, oneens 2,
/// n.v.t. 2. q2: 8 × 3, 6 × 1, nvt × 1. q3: "rood" × 2 (no known scale).
/// s2 is of 2021.
#[test]
fn survey_response_distribution_positive_share_and_mean() {
    let surveys = vec![
        survey("s1", 2022, Some(50), Some(20)),
        survey("s2", 2021, Some(10), Some(9)),
    ];
    let answers = vec![
        answer("s1", "q1", "Eens", 5),
        answer("s1", "q1", "helemaal eens", 3),
        answer("s1", "q1", "oneens", 2),
        answer("s1", "q1", "n.v.t.", 2),
        answer("s1", "q2", "8", 3),
        answer("s1", "q2", "6", 1),
        answer("s1", "q2", "nvt", 1),
        answer("s1", "q3", "rood", 2),
        answer("s2", "q1", "eens", 9),
    ];
    let held = indicators::survey::selected(&surveys, &year(2022));
    let response = survey_response(&held);
    assert_eq!(response.len(), 1, "s2 is of 2021");
    // 20 / 50 = 0.4, fewer than 30 responded.
    assert_eq!((response[0].value, response[0].n), (Some(0.4), 20));
    assert_eq!(text(&response[0], "warning"), "n_below_30");
    let figures = survey_answer(&held, &answers);
    // Distribution over all 12 answers to q1, not applicable included: Eens 5/12.
    let eens = find(
        &figures,
        &[("survey", "s1"), ("question", "q1"), ("answer", "Eens")],
    );
    assert_eq!((eens.numerator, eens.denominator), (Some(5), Some(12)));
    // (Very) agreeing: (5 + 3) / (12 − 2) = 0.8 over n = 10.
    let positive = find(
        &figures,
        &[
            ("survey", "s1"),
            ("question", "q1"),
            ("statistic", "positive"),
        ],
    );
    assert_eq!((positive.value, positive.n), (Some(0.8), 10));
    // Mean rating without nvt: (8 × 3 + 6) / 4 = 7.5.
    let mean = find(
        &figures,
        &[("survey", "s1"), ("question", "q2"), ("statistic", "mean")],
    );
    assert_eq!((mean.value, mean.n), (Some(7.5), 4));
    // A question on no known scale has its distribution only.
    assert!(figures
        .iter()
        .all(|f| !(f.key("question") == Some("q3") && f.key("statistic").is_some())));
}

fn value(indicator: &str, region: &str, period: &str, v: Option<&str>) -> ContextValue {
    ContextValue {
        organisation: org(),
        indicator: Id::parse(indicator).unwrap(),
        region: RegionCode::parse_cbs(region).unwrap(),
        region_name: None,
        period: domain::Period::parse(period).unwrap(),
        value: v.map(|v| Decimal::parse(v).unwrap()),
        unit: Some("%".into()),
        source: Some("CBS".into()),
        table_id: None,
    }
}

/// laag_inkomen: GM1969 2021 "4,4"; GM0014 2021 3.0; NL01 2021 missing;
/// PV20 2016 7.0; GM1969 2023 5.0 (after the selection's year).
#[test]
fn context_values_up_to_the_year_missing_stays_missing() {
    let values = vec![
        value("laag_inkomen", "GM1969", "2021", Some("4,4")),
        value("laag_inkomen", "GM0014", "2021", Some("3.0")),
        value("laag_inkomen", "NL01", "2021", None),
        value("laag_inkomen", "PV20", "2016", Some("7.0")),
        value("laag_inkomen", "GM1969", "2023", Some("5.0")),
    ];
    let municipality = MunicipalityCode::parse("GM1969").unwrap();
    let figures = context(&values, &year(2022), Some(&municipality), None);
    let regions: Vec<(&str, &str)> = figures
        .iter()
        .map(|f| (f.key("region").unwrap(), f.key("period").unwrap()))
        .collect();
    assert_eq!(
        regions,
        [("GM1969", "2021"), ("NL01", "2021"), ("PV20", "2016")]
    );
    let gm = find(
        &figures,
        &[
            ("indicator", "laag_inkomen"),
            ("region", "GM1969"),
            ("period", "2021"),
        ],
    );
    assert_eq!((gm.value, text(gm, "as_published")), (Some(4.4), "4.4"));
    let nl = find(
        &figures,
        &[
            ("indicator", "laag_inkomen"),
            ("region", "NL01"),
            ("period", "2021"),
        ],
    );
    assert_eq!((nl.value, nl.state, nl.n), (None, Some(State::NoData), 0));
    // Without a municipality, the other municipality's value is there too.
    assert_eq!(context(&values, &year(2022), None, None).len(), 4);
}

#[test]
fn the_monitor_is_sorted_and_an_empty_selection_says_no_data() {
    let selection = year(2022);
    let options = indicators::Options::default();
    let figures = indicators::compute(&indicators::Records::default(), &selection, &options);
    let order: Vec<(&str, &Vec<(&str, String)>)> =
        figures.iter().map(|f| (f.indicator, &f.keys)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    let first = find(&figures, &[]);
    assert_eq!(
        first.indicator, "escalation_rate",
        "the first figure without keys"
    );
    for f in figures.iter().filter(|f| f.keys.is_empty()) {
        assert_eq!(
            (f.state, f.value, f.n),
            (Some(State::NoData), None, 0),
            "{}",
            f.indicator
        );
    }
}

/// laag_inkomen 2021: GM1969 4.4, NL01 7.9, PV20 8.6; GM1969 2016 5.7 and
/// 2019 5.0. risico 2020: GM1969 5, NL01 6, PV20 missing.
#[test]
fn a_municipality_is_compared_with_nation_province_and_its_first_year() {
    let values = vec![
        value("laag_inkomen", "GM1969", "2021", Some("4,4")),
        value("laag_inkomen", "NL01", "2021", Some("7.9")),
        value("laag_inkomen", "PV20", "2021", Some("8.6")),
        value("laag_inkomen", "GM1969", "2016", Some("5.7")),
        value("laag_inkomen", "GM1969", "2019", Some("5.0")),
        value("risico", "GM1969", "2020", Some("5")),
        value("risico", "NL01", "2020", Some("6")),
        value("risico", "PV20", "2020", None),
    ];
    let province = indicators::context::only_province(&values);
    assert_eq!(province.as_ref().map(RegionCode::as_str), Some("PV20"));
    let figures = context(&values, &year(2022), None, province.as_ref());
    let low = find(
        &figures,
        &[
            ("indicator", "laag_inkomen"),
            ("region", "GM1969"),
            ("period", "2021"),
        ],
    );
    // 4.4 against 7.9 and 8.6: both more than a fifth lower.
    assert_eq!(
        text(low, "comparison"),
        "lager dan landelijk en provinciaal"
    );
    // Against the earliest year, 2016 (5.7), not 2019.
    assert_eq!(
        (text(low, "trend"), number(low, "trend_from")),
        ("lager dan in 2016", 2016.0)
    );
    // The first year has no trend; the nation gets no comparison.
    let first = find(
        &figures,
        &[
            ("indicator", "laag_inkomen"),
            ("region", "GM1969"),
            ("period", "2016"),
        ],
    );
    assert!(first.extra("trend").is_none() && first.extra("comparison").is_none());
    let nation = find(
        &figures,
        &[
            ("indicator", "laag_inkomen"),
            ("region", "NL01"),
            ("period", "2021"),
        ],
    );
    assert!(nation.extra("comparison").is_none());
    // The province's value is missing: the nation only (5 against 6 is iets lager).
    let risk = find(
        &figures,
        &[
            ("indicator", "risico"),
            ("region", "GM1969"),
            ("period", "2020"),
        ],
    );
    assert_eq!(text(risk, "comparison"), "iets lager dan landelijk");
    // Two provinces: none is chosen.
    let mut two = values.clone();
    two.push(value("laag_inkomen", "PV22", "2021", Some("9.0")));
    assert_eq!(indicators::context::only_province(&two), None);
}
