//! The one pass over the columns gives exactly the figures of the
//! reference, each indicator computed from the records by its own function
//! (`compute_from_records`), on random registrations and selections.

use domain::*;
use indicators::{compute, compute_from_records, Options, Period, PeriodRule, Records, Selection};
use indicators::{Columns, ThemeFilter};
use proptest::prelude::*;

const DOMAINS: &[&str] = &[
    "financien",
    "geestelijke_gezondheid",
    "sociaal_netwerk",
    "huisvesting",
];
const AREAS: &[&str] = &["Leek", "Marum", "Zuidhorn"];
const SERVICES: &[&str] = &["schuldhulp", "formulierenhulp", "maatjes"];
const PARTNERS: &[&str] = &["huisarts", "ggz", "wijkteam", "onbekend"];
const DIMENSIONS: &[&str] = &["lichaamsfuncties", "mentaal_welbevinden", "meedoen"];

/// A generated score row: start, goal and end score, each perhaps none.
type Scores = (Option<u8>, Option<u8>, Option<u8>);

/// One generated registration.
#[derive(Debug, Clone)]
struct Gen {
    other_organisation: bool,
    form: usize,
    age: Option<usize>,
    born: i32,
    main: usize,
    start: u32,
    length: Option<u32>,
    contact: Option<u32>,
    waiting: Option<u32>,
    client: Option<u8>,
    area: Option<usize>,
    service: Option<usize>,
    dimensions: Vec<usize>,
    referred_by: Option<usize>,
    referred_to: Vec<usize>,
    scores: Vec<Option<Scores>>,
}

fn registration() -> impl Strategy<Value = Gen> {
    let score = proptest::option::of(1u8..=5);
    let scores = proptest::collection::vec(
        proptest::option::of((score.clone(), score.clone(), score)),
        DOMAINS.len(),
    );
    (
        (
            proptest::bool::weighted(0.1),
            0..SupportForm::ALL.len(),
            proptest::option::of(0..AgeGroup::ALL.len()),
            1930i32..2020,
            0..DOMAINS.len(),
            0u32..1100,
            proptest::option::of(0u32..400),
            proptest::option::of(0u32..30),
        ),
        (
            proptest::option::weighted(0.7, 0u32..40),
            proptest::option::of(0u8..40),
            proptest::option::of(0..AREAS.len()),
            proptest::option::of(0..SERVICES.len()),
            proptest::collection::vec(0..DIMENSIONS.len(), 0..3),
            proptest::option::of(0..PARTNERS.len()),
            proptest::collection::vec(0..PARTNERS.len(), 0..3),
            scores,
        ),
    )
        .prop_map(|(a, b)| Gen {
            other_organisation: a.0,
            form: a.1,
            age: a.2,
            born: a.3,
            main: a.4,
            start: a.5,
            length: a.6,
            contact: a.7,
            waiting: b.0,
            client: b.1,
            area: b.2,
            service: b.3,
            dimensions: b.4,
            referred_by: b.5,
            referred_to: b.6,
            scores: b.7,
        })
}

fn org(other: bool) -> OrganisationCode {
    OrganisationCode::parse(if other { "andere" } else { "o" }).unwrap()
}

fn day(n: u32) -> Date {
    Date::from_ymd_opt(2021, 1, 1).unwrap() + chrono::Days::new(u64::from(n))
}

fn build(rows: &[Gen]) -> (Vec<Registration>, Vec<DomainScores>) {
    let mut registrations = Vec::new();
    let mut scores = Vec::new();
    for (i, g) in rows.iter().enumerate() {
        let organisation = org(g.other_organisation);
        let id = Id::parse(&format!("r{i}")).unwrap();
        let start = day(g.start);
        let end = g.length.map(|l| start + chrono::Days::new(u64::from(l)));
        let registration = Registration::new(RegistrationFields {
            organisation: organisation.clone(),
            id: id.clone(),
            area: g.area.map(|a| AreaName::parse(AREAS[a]).unwrap()),
            form: SupportForm::ALL[g.form],
            start_date: start,
            end_date: end,
            first_contact_date: g.contact.map(|c| start + chrono::Days::new(u64::from(c))),
            waiting_since: g.waiting.map(|w| start - chrono::Days::new(u64::from(w))),
            client: g
                .client
                .map(|c| ClientPseudonym::parse(&format!("{c:064x}")).unwrap()),
            age_group: g.age.map(|a| AgeGroup::ALL[a]),
            // An age group as given, or one derived from the birth year.
            birth_year: match g.age {
                Some(_) => None,
                None => Some(BirthYear::parse(&g.born.to_string()).unwrap()),
            },
            main_domain: ZrmDomain::known(DOMAINS[g.main]),
            service: g.service.map(|s| SERVICES[s].to_string()),
            pg_dimensions: g
                .dimensions
                .iter()
                .map(|d| PgDimension::known(DIMENSIONS[*d]))
                .collect(),
            referred_by: g.referred_by.map(|p| Id::parse(PARTNERS[p]).unwrap()),
            referred_to: g
                .referred_to
                .iter()
                .map(|p| Id::parse(PARTNERS[*p]).unwrap())
                .collect(),
        })
        .unwrap();
        let minor = !registration.is_adult();
        for (d, row) in g.scores.iter().enumerate() {
            let Some((s, goal, e)) = row else { continue };
            // What the importer lets through: no goal for minors, no end
            // score without an end date.
            let v = |x: &Option<u8>| x.map(|x| ZrmScore::new(i64::from(x)).unwrap());
            scores.push(DomainScores {
                organisation: organisation.clone(),
                registration: id.clone(),
                domain: ZrmDomain::known(DOMAINS[d]),
                start: v(s),
                goal: if minor { None } else { v(goal) },
                end: if end.is_some() { v(e) } else { None },
            });
        }
        registrations.push(registration);
    }
    (registrations, scores)
}

fn partners() -> Vec<Partner> {
    PARTNERS
        .iter()
        .zip([
            PartnerLine::FirstLine,
            PartnerLine::SecondLine,
            PartnerLine::FirstLine,
            PartnerLine::SecondLine,
        ])
        .map(|(id, line)| Partner {
            organisation: org(false),
            id: Id::parse(id).unwrap(),
            name: id.to_string(),
            sector: PartnerSector::ProfessionalCare,
            line,
            areas: vec![],
        })
        .collect()
}

fn plans() -> Vec<ReachPlan> {
    SERVICES
        .iter()
        .map(|s| ReachPlan {
            organisation: org(false),
            year: 2022,
            societal_task: "armoede".to_string(),
            service: Some(s.to_string()),
            planned: 20,
            achieved: None,
        })
        .collect()
}

/// A random selection: period and rule, and perhaps an area, an age group
/// and a theme.
fn selections() -> impl Strategy<Value = (Selection, usize)> {
    (
        0usize..3,
        2021i32..2024,
        proptest::option::of(0..AREAS.len() + 1),
        proptest::option::of(0..AgeGroup::ALL.len()),
        proptest::option::of((
            proptest::collection::vec(0..DOMAINS.len(), 0..3),
            0..SERVICES.len(),
        )),
        1usize..4,
    )
        .prop_map(|(rule, year, area, age, theme, threshold)| {
            let rule = [PeriodRule::Running, PeriodRule::Started, PeriodRule::Closed][rule];
            let selection = Selection {
                organisation: org(false),
                period: Period::year(year, rule).unwrap(),
                // One past the areas: an area nobody is registered in.
                area: area.map(|a| AreaName::parse(AREAS.get(a).unwrap_or(&"Nergens")).unwrap()),
                age_group: age.map(|a| AgeGroup::ALL[a]),
                theme: theme.map(|(domains, service)| ThemeFilter {
                    code: None,
                    domains: domains
                        .iter()
                        .map(|d| ZrmDomain::known(DOMAINS[*d]))
                        .collect(),
                    services: vec![SERVICES[service].to_string()],
                }),
            };
            (selection, threshold)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_columns_give_the_figures_of_the_records(
        rows in proptest::collection::vec(registration(), 0..80),
        (selection, threshold) in selections(),
        holiday in proptest::option::of(0u32..1100),
    ) {
        let (registrations, scores) = build(&rows);
        let (partners, plans) = (partners(), plans());
        let records = Records {
            registrations: &registrations,
            scores: &scores,
            partners: &partners,
            reach_plans: &plans,
            ..Records::default()
        };
        let options = Options {
            multi_problem_threshold: threshold,
            holidays: holiday.map(day).into_iter().collect(),
            ..Options::default()
        };
        let reference = compute_from_records(&records, &selection, &options);
        prop_assert_eq!(&compute(&records, &selection, &options), &reference);
        // Kept columns (as the web keeps them) give the same.
        let columns = Columns::of(&selection.organisation, &registrations, &scores, &partners);
        let kept = Records { columns: Some(&columns), ..records };
        prop_assert_eq!(&compute(&kept, &selection, &options), &reference);
        // Counted in parts (as on every core), the same again.
        let one = indicators::fused::figures_in(&columns, &selection, &options.holidays, threshold, Some(1));
        let parts = indicators::fused::figures_in(&columns, &selection, &options.holidays, threshold, Some(3));
        prop_assert_eq!(one, parts);
    }
}
