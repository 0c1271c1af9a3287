//! The factsheet as a municipality viewer gets it, for random registrations
//! and any k, through the user's path (records → `indicators::compute` →
//! `publish::factsheet`): no published count lies in 1..k−1; in every
//! table, no line that sums (a column with its total row, a row with its
//! total column) has exactly one suppressed entry, so none can be derived
//! from the published entries of its row and column; and the tables that
//! share their row totals (domain × form, domain × age group) hide the same
//! totals.

use domain::{
    AgeGroup, Coded, Date, DomainScores, Id, Organisation, OrganisationCode, Partner, PartnerLine,
    PartnerSector, Registration, RegistrationFields, SupportForm, Theme, ZrmDomain, ZrmScore,
};
use indicators::{Options, Period, PeriodRule, Records, Selection, ThemeFilter};
use proptest::prelude::*;
use publish::model::{Block, Cell, Table, Text};
use publish::{factsheet, Audience, Entry, FactsheetInput, Publication, Threshold};

const DOMAINS: [&str; 3] = ["geestelijke_gezondheid", "sociaal_netwerk", "financien"];
const PARTNERS: [&str; 3] = ["huisarts", "ggz", "wijkagent"];

/// One random registration: main domain, form, age group, start month,
/// closed, source partner, destination partner, start/goal/end scores.
type Drawn = (
    usize,
    usize,
    usize,
    u32,
    bool,
    Option<usize>,
    Option<usize>,
    (i64, i64, i64),
);

fn org() -> OrganisationCode {
    OrganisationCode::parse("o").expect("a code")
}

fn registration(i: usize, d: &Drawn) -> (Registration, DomainScores) {
    let (domain, form, age, month, closed, source, destination, (start, goal, end)) = *d;
    let day = |m| Date::from_ymd_opt(2022, m, 1).expect("a day");
    let form = SupportForm::ALL[form];
    let age_group = AgeGroup::ALL[age];
    let registration = Registration::new(RegistrationFields {
        organisation: org(),
        id: Id::parse(&format!("r{i}")).expect("an id"),
        area: None,
        form,
        start_date: day(month),
        end_date: closed.then(|| day(12)),
        first_contact_date: None,
        client: None,
        age_group: Some(age_group),
        birth_year: None,
        main_domain: ZrmDomain::known(DOMAINS[domain]),
        service: None,
        pg_dimensions: vec![],
        referred_by: source.map(|p| Id::parse(PARTNERS[p]).expect("an id")),
        referred_to: destination
            .map(|p| Id::parse(PARTNERS[p]).expect("an id"))
            .into_iter()
            .collect(),
    })
    .expect("a valid registration");
    let adult_trajectory = form == SupportForm::Trajectory && age_group.is_adult();
    let scores = DomainScores {
        organisation: org(),
        registration: registration.id.clone(),
        domain: ZrmDomain::known(DOMAINS[domain]),
        start: Some(ZrmScore::new(start).expect("1-5")),
        goal: adult_trajectory.then(|| ZrmScore::new(goal).expect("1-5")),
        end: closed.then(|| ZrmScore::new(end).expect("1-5")),
    };
    (registration, scores)
}

fn publication(drawn: &[Drawn], k: u64) -> Publication {
    let (registrations, scores): (Vec<_>, Vec<_>) = drawn
        .iter()
        .enumerate()
        .map(|(i, d)| registration(i, d))
        .unzip();
    let theme = Theme {
        organisation: org(),
        code: Id::parse("thema").expect("an id"),
        name: "Thema".into(),
        year: 2022,
        zrm_domains: DOMAINS[..2].iter().map(|d| ZrmDomain::known(d)).collect(),
        societal_task: None,
    };
    let partners: Vec<Partner> = PARTNERS
        .iter()
        .map(|p| Partner {
            organisation: org(),
            id: Id::parse(p).expect("an id"),
            name: p.to_string(),
            sector: PartnerSector::Care,
            line: PartnerLine::FirstLine,
            areas: vec![],
        })
        .collect();
    let records = Records {
        registrations: &registrations,
        scores: &scores,
        partners: &partners,
        efforts: &[],
        collective: &[],
        reach_plans: &[],
        surveys: &[],
        survey_answers: &[],
        context: &[],
    };
    let selection = Selection {
        organisation: org(),
        period: Period::year(2022, PeriodRule::Running).expect("a year"),
        area: None,
        age_group: None,
        theme: Some(ThemeFilter::of(&theme, &[])),
    };
    let figures = indicators::compute(&records, &selection, &Options::for_selection(&selection));
    let organisation = Organisation {
        code: org(),
        name: "O".into(),
        municipalities: vec![],
        areas: vec![],
    };
    let input = FactsheetInput {
        organisation: &organisation,
        theme: &theme,
        municipalities: &[],
        goals: &[],
        efforts: &[],
        partners: &partners,
        narratives: &[],
        definitions: &[],
        domains: &[],
        figures: &figures,
        data_version: 1,
    };
    factsheet(&input, Audience::Public(Threshold::new(k).expect("k ≥ 2")))
}

fn entry(c: &Cell) -> Option<Entry> {
    match c {
        Cell::Count(e) => Some(*e),
        _ => None,
    }
}

/// The lines of a table whose entries sum: every column over its rows
/// when there is a totals row, every row when the last column is a total.
fn lines(t: &Table) -> Vec<Vec<Entry>> {
    let mut lines = Vec::new();
    let has_total_row = t.rows.iter().any(|r| r.total);
    let width = t.rows.first().map_or(0, |r| r.cells.len());
    if has_total_row {
        for j in 0..width {
            let column: Vec<Entry> = t
                .rows
                .iter()
                .filter_map(|r| r.cells.get(j).and_then(entry))
                .collect();
            lines.push(column);
        }
    }
    if t.columns.last() == Some(&Text::Key("column.total")) {
        lines.extend(
            t.rows
                .iter()
                .map(|r| r.cells.iter().filter_map(entry).collect()),
        );
    }
    lines
}

fn row_totals(t: &Table) -> Vec<Option<Entry>> {
    t.rows
        .iter()
        .map(|r| r.cells.last().and_then(entry))
        .collect()
}

fn drawn() -> impl Strategy<Value = Drawn> {
    (
        0..DOMAINS.len(),
        0..SupportForm::ALL.len(),
        0..AgeGroup::ALL.len(),
        1u32..=12,
        any::<bool>(),
        prop::option::of(0..PARTNERS.len()),
        prop::option::of(0..PARTNERS.len()),
        (1i64..=5, 1i64..=5, 1i64..=5),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_public_factsheet_has_no_small_or_derivable_counts(
        registrations in prop::collection::vec(drawn(), 0..80),
        k in 2u64..=11,
    ) {
        let p = publication(&registrations, k);
        let threshold = Threshold::new(k).expect("k ≥ 2");
        let all = publish::export::tables(&p);
        let reach = all.iter().any(|t| t.id == "reach-form");
        let says_none = p.sections.iter().flat_map(|s| &s.blocks).any(|b| {
            *b == Block::Text(Text::Key("factsheet.no_registrations"))
        });
        // Either the reach tables, or words saying there is nothing to count.
        prop_assert!(reach != says_none, "reach tables: {reach}, no-registrations text: {says_none}");
        for t in &all {
            for row in &t.rows {
                for c in &row.cells {
                    if let Some(Entry::Count(n)) = entry(c) {
                        prop_assert!(!threshold.is_small(n), "{} shows {n} with k = {k}", t.id);
                    }
                }
            }
            for line in lines(t) {
                let hidden = line.iter().filter(|e| **e == Entry::Suppressed).count();
                prop_assert!(hidden != 1, "{}: a line with one suppressed entry: {line:?}", t.id);
            }
        }
        if reach {
            let by_form = all.iter().find(|t| t.id == "reach-form").expect("the reach table");
            let by_age = all.iter().find(|t| t.id == "reach-age").expect("the age table");
            prop_assert_eq!(row_totals(by_form), row_totals(by_age));
        }
    }
}
