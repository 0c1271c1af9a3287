//! Property tests of invariants that hold for any data.

use domain::*;
use indicators::individual::*;
use indicators::{cases, Period, PeriodRule, Selection};
use proptest::prelude::*;

const DOMAINS: &[&str] = &["financien", "geestelijke_gezondheid", "sociaal_netwerk"];
const AGES: &[&str] = &["0-17", "18-26", "27-55", "56-66", "67+"];

/// One generated registration: form, age, main domain, start day in 2022,
/// open or not, and per domain optional start/goal/end scores.
type Gen = (
    u8,
    usize,
    usize,
    u32,
    bool,
    Vec<(Option<i64>, Option<i64>, Option<i64>)>,
);

fn generated() -> impl Strategy<Value = Vec<Gen>> {
    let score = proptest::option::of(1i64..=5);
    let scores = proptest::collection::vec((score.clone(), score.clone(), score), DOMAINS.len());
    proptest::collection::vec(
        (
            0u8..3,
            0..AGES.len(),
            0..DOMAINS.len(),
            0u32..360,
            any::<bool>(),
            scores,
        ),
        0..60,
    )
}

fn build(rows: &[Gen]) -> (Vec<Registration>, Vec<DomainScores>) {
    let org = OrganisationCode::parse("o").unwrap();
    let mut registrations = Vec::new();
    let mut all_scores = Vec::new();
    for (i, (form, age, main, day, open, scores)) in rows.iter().enumerate() {
        let start = Date::from_ymd_opt(2022, 1, 1).unwrap() + chrono::Days::new(u64::from(*day));
        let end = (!open).then(|| start + chrono::Days::new(3));
        let minor = *age == 0;
        let id = Id::parse(&format!("r{i}")).unwrap();
        registrations.push(
            Registration::new(RegistrationFields {
                organisation: org.clone(),
                id: id.clone(),
                area: None,
                form: SupportForm::ALL[usize::from(*form)],
                start_date: start,
                end_date: end,
                first_contact_date: None,
                waiting_since: None,
                client: None,
                age_group: Some(AgeGroup::parse(AGES[*age]).unwrap()),
                birth_year: None,
                main_domain: ZrmDomain::known(DOMAINS[*main]),
                service: None,
                pg_dimensions: vec![],
                referred_by: None,
                referred_to: vec![],
            })
            .unwrap(),
        );
        for (d, (s, g, e)) in scores.iter().enumerate() {
            // What the importer lets through: no goal for minors, no end without an end date.
            let goal = if minor { None } else { *g };
            let end_score = if end.is_some() { *e } else { None };
            let v = |x: Option<i64>| x.map(|x| ZrmScore::new(x).unwrap());
            let scores = DomainScores {
                organisation: org.clone(),
                registration: id.clone(),
                domain: ZrmDomain::known(DOMAINS[d]),
                start: v(*s),
                goal: v(goal),
                end: v(end_score),
            };
            if !scores.is_empty() {
                all_scores.push(scores);
            }
        }
    }
    (registrations, all_scores)
}

fn selection() -> Selection {
    Selection {
        organisation: OrganisationCode::parse("o").unwrap(),
        period: Period::year(2022, PeriodRule::Running).unwrap(),
        area: None,
        age_group: None,
        theme: None,
    }
}

proptest! {
    #[test]
    fn achieved_within_complete_within_adult_trajectories(rows in generated()) {
        let (r, s) = build(&rows);
        let cases = cases(&r, &s, &selection());
        let adults = cases.iter().filter(|c| c.is_adult_trajectory()).count() as u64;
        for f in goal_realisation(&cases) {
            prop_assert!(f.numerator.unwrap() <= f.n && f.n <= adults);
        }
    }

    #[test]
    fn shares_lie_in_zero_one(rows in generated()) {
        let (r, s) = build(&rows);
        let cases = cases(&r, &s, &selection());
        let figures = [goal_realisation(&cases), goal_coverage(&cases), domain_share(&cases), vec![multi_problem(&cases, 2)]].concat();
        for f in figures {
            if let Some(v) = f.value {
                prop_assert!((0.0..=1.0).contains(&v), "{f:?}");
            } else {
                prop_assert_eq!(f.n, 0);
            }
        }
    }

    #[test]
    fn paired_mean_change_is_mean_end_minus_mean_start(rows in generated()) {
        let (r, s) = build(&rows);
        for f in zrm_change(&cases(&r, &s, &selection())) {
            if let (Some(start), Some(end), Some(change)) = (f.mean_start, f.mean_end, f.mean_change) {
                prop_assert!((end - start - change).abs() < 1e-9);
                let [up, same, down] = f.shares.unwrap();
                prop_assert!((up + same + down - 1.0).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn breakdowns_add_up_to_the_total(rows in generated()) {
        let (r, s) = build(&rows);
        let figures = reach(&cases(&r, &s, &selection()));
        let total = figures.iter().find(|f| f.keys.is_empty()).unwrap().n;
        let by_form: u64 = figures.iter().filter(|f| f.key("form").is_some()).map(|f| f.n).sum();
        let by_age: u64 = figures.iter().filter(|f| f.key("age_group").is_some()).map(|f| f.n).sum();
        prop_assert_eq!(by_form, total);
        prop_assert_eq!(by_age, total);
    }

    #[test]
    fn results_do_not_depend_on_input_order(rows in generated()) {
        let (r, s) = build(&rows);
        let (mut r2, mut s2) = (r.clone(), s.clone());
        r2.reverse();
        s2.reverse();
        let all = |r: &[Registration], s: &[DomainScores]| {
            let c = cases(r, s, &selection());
            [reach(&c), reach_clients(&c), goal_realisation(&c), goal_coverage(&c), zrm_change(&c), zrm_change_unpaired(&c), domain_share(&c)].concat()
        };
        let (a, b) = (all(&r, &s), all(&r2, &s2));
        prop_assert_eq!(a.len(), b.len());
        for f in &a {
            let g = b.iter().find(|g| g.indicator == f.indicator && g.keys == f.keys).unwrap();
            prop_assert_eq!((f.n, f.numerator, f.denominator), (g.n, g.numerator, g.denominator));
            for (x, y) in [(f.value, g.value), (f.mean_change, g.mean_change)] {
                prop_assert!(x.zip(y).is_none_or(|(x, y)| (x - y).abs() < 1e-9) && x.is_some() == y.is_some());
            }
        }
    }

    #[test]
    fn referrals_add_up_over_partners_and_domains(rows in generated()) {
        let (r, s) = build(&rows);
        let c = cases(&r, &s, &selection());
        let figures = indicators::referrals::referrals_in(&c);
        let total: u64 = figures.iter().filter(|f| f.keys.len() == 1).map(|f| f.n).sum();
        let by_domain: u64 = figures.iter().filter(|f| f.keys.len() == 2).map(|f| f.n).sum();
        prop_assert_eq!(total, c.len() as u64);
        prop_assert_eq!(by_domain, c.len() as u64);
    }

    #[test]
    fn the_whole_monitor_does_not_depend_on_input_order(rows in generated()) {
        let (r, s) = build(&rows);
        let (mut r2, mut s2) = (r.clone(), s.clone());
        r2.reverse();
        let half = s2.len() / 2;
        s2.rotate_left(half);
        let selection = selection();
        let options = indicators::Options::default();
        let monitor = |r: &[Registration], s: &[DomainScores]| {
            let records = indicators::Records { registrations: r, scores: s, ..Default::default() };
            indicators::compute(&records, &selection, &options)
        };
        let (a, b) = (monitor(&r, &s), monitor(&r2, &s2));
        prop_assert_eq!(a.len(), b.len());
        for (f, g) in a.iter().zip(&b) {
            prop_assert_eq!((f.indicator, &f.keys, f.n, f.numerator, f.denominator), (g.indicator, &g.keys, g.n, g.numerator, g.denominator));
            for (x, y) in [(f.value, g.value), (f.mean_start, g.mean_start), (f.mean_end, g.mean_end)] {
                prop_assert!(x.zip(y).is_none_or(|(x, y)| (x - y).abs() < 1e-9) && x.is_some() == y.is_some());
            }
        }
    }
}
