//! Individual-support figures on a small case worked out by hand.
//!
//! Registrations of organisation `o` (period: running in 2022):
//!
//! | id | form       | age   | main                   | end        | client | scores (start/goal/end)             |
//! |----|------------|-------|------------------------|------------|--------|-------------------------------------|
//! | r1 | traject    | 27-55 | financien              | 2022-06-30 | C1     | fin 2/3/4, sociaal_netwerk 3/–/3    |
//! | r2 | traject    | 0-17  | financien              | 2022-05-01 | C1     | fin 1/–/2                           |
//! | r3 | traject    | 56-66 | financien              | open       | C2     | fin 2/4/–                           |
//! | r4 | traject    | 67+   | geestelijke_gezondheid | 2022-12-01 | –      | fin 3/4/3, gg 2/3/3                 |
//! | r5 | leun_steun | 18-26 | financien              | 2022-03-01 | C3     | fin 2/3/3                           |
//! | r6 | traject    | 27-55 | financien              | 2021-12-31 | C4     | fin 1/3/5 (not running in 2022)     |

use domain::*;
use indicators::individual::*;
use indicators::{cases, Figure, Period, PeriodRule, Selection, State};

fn org() -> OrganisationCode {
    OrganisationCode::parse("o").unwrap()
}

fn day(s: &str) -> Date {
    parse_date(s).unwrap()
}

fn reg(
    id: &str,
    form: SupportForm,
    age: &str,
    main: &str,
    start: &str,
    end: Option<&str>,
    client: Option<&str>,
) -> Registration {
    Registration::new(RegistrationFields {
        organisation: org(),
        id: Id::parse(id).unwrap(),
        area: None,
        form,
        start_date: day(start),
        end_date: end.map(day),
        first_contact_date: None,
        waiting_since: None,
        client: client.map(|c| ClientPseudonym::parse(&format!("{c:0>64}")).unwrap()),
        age_group: Some(AgeGroup::parse(age).unwrap()),
        birth_year: None,
        main_domain: ZrmDomain::known(main),
        service: None,
        pg_dimensions: vec![],
        referred_by: None,
        referred_to: vec![],
    })
    .unwrap()
}

fn score(
    id: &str,
    domain: &str,
    start: Option<i64>,
    goal: Option<i64>,
    end: Option<i64>,
) -> DomainScores {
    let s = |v: Option<i64>| v.map(|v| ZrmScore::new(v).unwrap());
    DomainScores {
        organisation: org(),
        registration: Id::parse(id).unwrap(),
        domain: ZrmDomain::known(domain),
        start: s(start),
        goal: s(goal),
        end: s(end),
    }
}

fn data() -> (Vec<Registration>, Vec<DomainScores>) {
    use SupportForm::*;
    let registrations = vec![
        reg(
            "r1",
            Trajectory,
            "27-55",
            "financien",
            "2022-01-10",
            Some("2022-06-30"),
            Some("c1"),
        ),
        reg(
            "r2",
            Trajectory,
            "0-17",
            "financien",
            "2022-02-01",
            Some("2022-05-01"),
            Some("c1"),
        ),
        reg(
            "r3",
            Trajectory,
            "56-66",
            "financien",
            "2022-03-01",
            None,
            Some("c2"),
        ),
        reg(
            "r4",
            Trajectory,
            "67+",
            "geestelijke_gezondheid",
            "2021-11-01",
            Some("2022-12-01"),
            None,
        ),
        reg(
            "r5",
            LeanSupport,
            "18-26",
            "financien",
            "2022-01-05",
            Some("2022-03-01"),
            Some("c3"),
        ),
        reg(
            "r6",
            Trajectory,
            "27-55",
            "financien",
            "2021-01-01",
            Some("2021-12-31"),
            Some("c4"),
        ),
    ];
    let scores = vec![
        score("r1", "financien", Some(2), Some(3), Some(4)),
        score("r1", "sociaal_netwerk", Some(3), None, Some(3)),
        score("r2", "financien", Some(1), None, Some(2)),
        score("r3", "financien", Some(2), Some(4), None),
        score("r4", "financien", Some(3), Some(4), Some(3)),
        score("r4", "geestelijke_gezondheid", Some(2), Some(3), Some(3)),
        score("r5", "financien", Some(2), Some(3), Some(3)),
        score("r6", "financien", Some(1), Some(3), Some(5)),
    ];
    (registrations, scores)
}

fn selection() -> Selection {
    Selection {
        organisation: org(),
        period: Period::year(2022, PeriodRule::Running).unwrap(),
        area: None,
        age_group: None,
        theme: None,
    }
}

fn find<'a>(figures: &'a [Figure], keys: &[(&str, &str)]) -> &'a Figure {
    figures
        .iter()
        .find(|f| f.keys.len() == keys.len() && keys.iter().all(|(k, v)| f.key(k) == Some(*v)))
        .unwrap_or_else(|| panic!("no figure with {keys:?} in {figures:#?}"))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn reach_counts_by_domain_form_and_age_and_in_total() {
    let (r, s) = data();
    let figures = reach(&cases(&r, &s, &selection()));
    // r6 ended in 2021: five registrations run in 2022.
    assert_eq!(find(&figures, &[]).value, Some(5.0));
    assert_eq!(
        find(&figures, &[("domain", "financien"), ("form", "traject")]).n,
        3
    ); // r1 r2 r3
    assert_eq!(
        find(&figures, &[("domain", "financien"), ("form", "leun_steun")]).n,
        1
    ); // r5
    assert_eq!(
        find(
            &figures,
            &[("domain", "geestelijke_gezondheid"), ("form", "traject")]
        )
        .n,
        1
    ); // r4
    assert_eq!(
        find(&figures, &[("domain", "financien"), ("age_group", "0-17")]).n,
        1
    ); // r2
    assert_eq!(
        find(
            &figures,
            &[("domain", "geestelijke_gezondheid"), ("age_group", "67+")]
        )
        .n,
        1
    );
}

#[test]
fn clients_are_distinct_pseudonyms_and_registrations_without_code_are_labelled() {
    let (r, s) = data();
    let figures = reach_clients(&cases(&r, &s, &selection()));
    // c1 (r1, r2), c2, c3 → 3 distinct; r4 has no code.
    assert_eq!(find(&figures, &[("clients", "distinct")]).value, Some(3.0));
    assert_eq!(
        find(&figures, &[("clients", "without_code")]).value,
        Some(1.0)
    );
}

#[test]
fn goal_realisation_counts_adult_trajectories_with_goal_and_end() {
    let (r, s) = data();
    let figures = goal_realisation(&cases(&r, &s, &selection()));
    // financien: r1 (4 ≥ 3) and r4 (3 < 4); r2 is a minor, r3 has no end,
    // r5 is no trajectory, r6 is outside the year → 1 of 2.
    let fin = find(&figures, &[("domain", "financien")]);
    assert_eq!((fin.numerator, fin.n, fin.value), (Some(1), 2, Some(0.5)));
    // Wilson for 1 of 2: z² = 3.841459, denominator 1 + z²/2 = 2.920729,
    // centre (0.5 + z²/4)/2.920729 = 0.5, margin
    // 1.959964·√(0.125 + z²/16)/2.920729 = 1.959964·0.604228/2.920729 = 0.405469.
    let ci = fin.ci95.unwrap();
    assert!(
        close(ci.low, 0.094531) && close(ci.high, 0.905469),
        "{ci:?}"
    );
    let gg = find(&figures, &[("domain", "geestelijke_gezondheid")]);
    assert_eq!((gg.numerator, gg.n), (Some(1), 1)); // r4: 3 ≥ 3
    let network = find(&figures, &[("domain", "sociaal_netwerk")]);
    assert_eq!(
        (network.n, network.value, network.state),
        (0, None, Some(State::NoData))
    ); // r1 has no goal there
}

#[test]
fn goal_coverage_is_over_adult_trajectories_by_main_domain() {
    let (r, s) = data();
    let figures = goal_coverage(&cases(&r, &s, &selection()));
    // financien: adult trajectories with main domain financien: r1, r3 → r1 complete → 1 of 2.
    let fin = find(&figures, &[("domain", "financien")]);
    assert_eq!(
        (fin.numerator, fin.denominator, fin.value),
        (Some(1), Some(2), Some(0.5))
    );
    let gg = find(&figures, &[("domain", "geestelijke_gezondheid")]);
    assert_eq!((gg.numerator, gg.denominator), (Some(1), Some(1)));
}

#[test]
fn paired_zrm_change_uses_the_same_pairs_for_every_mean() {
    let (r, s) = data();
    let figures = zrm_change(&cases(&r, &s, &selection()));
    // financien pairs (any form): r1 2→4, r2 1→2, r4 3→3, r5 2→3 (r3 has no end).
    // mean start 2, mean end 3, change 1; changes 2,1,0,1: improved 3, same 1.
    let fin = find(&figures, &[("domain", "financien")]);
    assert_eq!(fin.n, 4);
    assert_eq!(
        (fin.mean_start, fin.mean_end, fin.mean_change),
        (Some(2.0), Some(3.0), Some(1.0))
    );
    assert_eq!(fin.shares, Some([0.75, 0.25, 0.0]));
    // s = √(2/3) = 0.816497, t(0.975; 3) = 3.182446, half = 3.182446·0.816497/√4 = 1.299228.
    let ci = fin.ci95.unwrap();
    assert!(
        close(ci.low, -0.299228) && close(ci.high, 2.299228),
        "{ci:?}"
    );
    let gg = find(&figures, &[("domain", "geestelijke_gezondheid")]);
    assert_eq!((gg.n, gg.mean_change, gg.ci95), (1, Some(1.0), None)); // one pair: no interval
}

#[test]
fn unpaired_means_take_every_score_and_say_so() {
    let (r, s) = data();
    let figures = zrm_change_unpaired(&cases(&r, &s, &selection()));
    // financien starts r1 2, r2 1, r3 2, r4 3, r5 2 → 10/5; ends r1 4, r2 2, r4 3, r5 3 → 12/4.
    let start = find(&figures, &[("domain", "financien"), ("score", "start")]);
    let end = find(&figures, &[("domain", "financien"), ("score", "end")]);
    assert_eq!((start.n, start.value), (5, Some(2.0)));
    assert_eq!((end.n, end.value), (4, Some(3.0)));
}

#[test]
fn domain_shares_count_main_domain_or_scores_once_per_domain() {
    let (r, s) = data();
    let figures = domain_share(&cases(&r, &s, &selection()));
    // Five registrations. financien: main for r1 r2 r3 r5, scored for r4 → 5/5.
    assert_eq!(find(&figures, &[("domain", "financien")]).value, Some(1.0));
    assert_eq!(
        find(&figures, &[("domain", "geestelijke_gezondheid")]).numerator,
        Some(1)
    ); // r4
    assert_eq!(
        find(&figures, &[("domain", "sociaal_netwerk")]).numerator,
        Some(1)
    ); // r1
}

#[test]
fn multi_problem_counts_domains_with_a_start_score_of_two_or_less() {
    let (r, s) = data();
    let cases = cases(&r, &s, &selection());
    // Start scores ≤ 2 per registration: r1 1 (fin 2), r2 1, r3 1, r4 1 (gg 2), r5 1.
    let one = multi_problem(&cases, 1);
    assert_eq!((one.numerator, one.denominator), (Some(5), Some(5)));
    let two = multi_problem(&cases, 2);
    assert_eq!((two.numerator, two.denominator), (Some(0), Some(5)));
}

#[test]
fn the_period_rule_decides_which_registrations_belong_to_the_year() {
    let (r, s) = data();
    let mut started = selection();
    started.period.rule = PeriodRule::Started;
    // Started in 2022: r1 r2 r3 r5 (r4 started in 2021).
    assert_eq!(cases(&r, &s, &started).len(), 4);
    let mut closed = selection();
    closed.period.rule = PeriodRule::Closed;
    // Closed in 2022: r1 r2 r4 r5.
    let ids: Vec<&str> = cases(&r, &s, &closed)
        .iter()
        .map(|c| c.registration.id.as_str())
        .collect();
    assert_eq!(ids, vec!["r1", "r2", "r4", "r5"]);
}
