//! "Sociaal Werk De Schans", Westerkwartier (GM1969): the individual
//! support of 2022 (DEMO-FIGURES.md A), built so that every published
//! figure is exact whatever the seed; the rest of the data is drawn at
//! random around it.

use crate::dice::Dice;
use crate::individual::{Clients, Reg, Scores};
use chrono::{Days, NaiveDate};

/// The organisation's code.
pub const CODE: &str = "deschans";

/// Its four areas.
pub const AREAS: &[&str] = &["Leek", "Marum", "Grootegast", "Zuidhorn"];

/// The published figures of one main domain in 2022, and how its
/// registrations are referred.
struct DomainPlan {
    domain: &'static str,
    /// Individual trajectories with this main domain.
    trajectories: usize,
    /// Of which adults.
    adults: usize,
    /// Registrations of all forms.
    all_forms: usize,
    /// Adult trajectories with goal and end score on the domain.
    complete: usize,
    /// Of which end ≥ goal.
    achieved: usize,
    /// Minors among the registrations in the lighter forms.
    minors_other: usize,
    /// Referral sources by weight; `None` is "no source registered".
    sources: &'static [(Option<&'static str>, u32)],
    /// Share of registrations referred on.
    referred: f64,
    /// Destinations by weight.
    destinations: &'static [(&'static str, u32)],
}

const GENERAL_SOURCES: &[(Option<&str>, u32)] = &[
    (None, 20),
    (Some("huisarts"), 25),
    (Some("gemeente"), 20),
    (Some("mgj"), 10),
    (Some("ggd"), 8),
    (Some("school"), 7),
    (Some("woningcorporatie"), 5),
    (Some("politie"), 5),
];

const FAMILY_SOURCES: &[(Option<&str>, u32)] = &[
    (None, 15),
    (Some("mgj"), 40),
    (Some("huisarts"), 12),
    (Some("school"), 12),
    (Some("politie"), 8),
    (Some("veilig_thuis"), 8),
    (Some("gemeente"), 5),
];

const GENERAL_DESTINATIONS: &[(&str, u32)] = &[
    ("gemeente", 30),
    ("schuldhulp", 25),
    ("huisarts", 15),
    ("ggz", 10),
    ("vnn", 5),
    ("humanitas", 15),
];

const DOMAINS: &[DomainPlan] = &[
    DomainPlan {
        domain: "geestelijke_gezondheid",
        trajectories: 518,
        adults: 304,
        all_forms: 786,
        complete: 274,
        achieved: 174,
        minors_other: 60,
        sources: &[
            (None, 18),
            (Some("huisarts"), 42),
            (Some("gemeente"), 12),
            (Some("school"), 12),
            (Some("ggd"), 8),
            (Some("mgj"), 8),
        ],
        referred: 0.2,
        destinations: &[("ggz", 55), ("huisarts", 15), ("vnn", 10), ("gemeente", 20)],
    },
    DomainPlan {
        domain: "sociaal_netwerk",
        trajectories: 74,
        adults: 58,
        all_forms: 120,
        complete: 35,
        achieved: 22,
        minors_other: 6,
        sources: GENERAL_SOURCES,
        referred: 0.1,
        destinations: &[("humanitas", 60), ("gemeente", 40)],
    },
    DomainPlan {
        domain: "tijdsbesteding",
        trajectories: 46,
        adults: 40,
        all_forms: 75,
        complete: 27,
        achieved: 14,
        minors_other: 4,
        sources: GENERAL_SOURCES,
        referred: 0.1,
        destinations: GENERAL_DESTINATIONS,
    },
    DomainPlan {
        domain: "maatschappelijke_participatie",
        trajectories: 26,
        adults: 22,
        all_forms: 168,
        complete: 12,
        achieved: 4,
        minors_other: 10,
        sources: GENERAL_SOURCES,
        referred: 0.1,
        destinations: GENERAL_DESTINATIONS,
    },
    DomainPlan {
        domain: "financien",
        trajectories: 190,
        adults: 176,
        all_forms: 792,
        complete: 133,
        achieved: 78,
        minors_other: 12,
        sources: &[
            (None, 20),
            (Some("gemeente"), 35),
            (Some("woningcorporatie"), 20),
            (Some("huisarts"), 10),
            (Some("mgj"), 5),
            (Some("voedselbank"), 10),
        ],
        referred: 0.25,
        destinations: &[("schuldhulp", 60), ("voedselbank", 25), ("gemeente", 15)],
    },
    DomainPlan {
        domain: "werk_opleiding",
        trajectories: 34,
        adults: 30,
        all_forms: 135,
        complete: 20,
        achieved: 10,
        minors_other: 8,
        sources: GENERAL_SOURCES,
        referred: 0.15,
        destinations: &[("gemeente", 70), ("humanitas", 30)],
    },
    DomainPlan {
        domain: "huiselijke_relaties",
        trajectories: 195,
        adults: 150,
        all_forms: 260,
        complete: 111,
        achieved: 56,
        minors_other: 12,
        sources: FAMILY_SOURCES,
        referred: 0.25,
        destinations: &[
            ("mgj", 50),
            ("veilig_thuis", 20),
            ("ggz", 15),
            ("gemeente", 15),
        ],
    },
    DomainPlan {
        domain: "ouderschap",
        trajectories: 52,
        adults: 45,
        all_forms: 90,
        complete: 31,
        achieved: 21,
        minors_other: 4,
        sources: FAMILY_SOURCES,
        referred: 0.2,
        destinations: &[("mgj", 60), ("ggz", 20), ("gemeente", 20)],
    },
    DomainPlan {
        domain: "middelengebruik",
        trajectories: 24,
        adults: 20,
        all_forms: 40,
        complete: 12,
        achieved: 7,
        minors_other: 6,
        sources: GENERAL_SOURCES,
        referred: 0.35,
        destinations: &[("vnn", 70), ("huisarts", 30)],
    },
    DomainPlan {
        domain: "huisvesting",
        trajectories: 20,
        adults: 18,
        all_forms: 60,
        complete: 10,
        achieved: 6,
        minors_other: 2,
        sources: GENERAL_SOURCES,
        referred: 0.2,
        destinations: &[("woningcorporatie", 70), ("gemeente", 30)],
    },
];

/// Adult age groups by weight.
const ADULT_AGES: &[(&str, u32)] = &[("18-26", 15), ("27-55", 50), ("56-66", 20), ("67+", 15)];

/// Domains that are often scored beside the main domain.
const SIDE_DOMAINS: &[&str] = &[
    "financien",
    "sociaal_netwerk",
    "geestelijke_gezondheid",
    "tijdsbesteding",
    "huisvesting",
    "lichamelijke_gezondheid",
    "instrumentele_adl",
];

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid demo date")
}

/// How a registration is scored and whether it is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Course {
    /// Closed in 2022 with start, goal and end on the main domain, end ≥ goal.
    Achieved,
    /// Closed in 2022 with start, goal and end, end < goal.
    NotAchieved,
    /// Still open, with start and goal.
    OpenWithGoal,
    /// Closed without any score.
    ClosedUnscored,
    /// Closed with start and end but no goal.
    ClosedPaired,
    /// Still open with a start score only.
    OpenStart,
    /// Information and advice: short, unscored.
    Brief,
}

fn dates(dice: &mut Dice, course: Course) -> (NaiveDate, Option<NaiveDate>) {
    match course {
        Course::OpenWithGoal | Course::OpenStart => {
            (dice.day(day(2021, 6, 1), day(2022, 12, 15)), None)
        }
        Course::Brief => {
            let start = dice.day(day(2022, 1, 3), day(2022, 12, 20));
            let end = (start + Days::new(dice.between(0, 10) as u64)).min(day(2022, 12, 31));
            (start, Some(end))
        }
        _ => {
            let start = dice.day(day(2021, 3, 1), day(2022, 9, 30));
            let length = Days::new(dice.between(30, 300) as u64);
            let end = (start + length).clamp(day(2022, 1, 10), day(2022, 12, 23));
            (start, Some(end))
        }
    }
}

fn main_scores(dice: &mut Dice, domain: &'static str, course: Course) -> Option<Scores> {
    let start = dice.between(1, 3) as u8;
    let goal = dice.between(i64::from(start.max(2)), 5) as u8;
    let (goal, end) = match course {
        Course::Achieved => (Some(goal), Some(dice.between(i64::from(goal), 5) as u8)),
        Course::NotAchieved => (Some(goal), Some(dice.between(1, i64::from(goal) - 1) as u8)),
        Course::OpenWithGoal => (Some(goal), None),
        Course::ClosedPaired => (None, Some(dice.between(1, 5) as u8)),
        Course::OpenStart => (None, None),
        Course::ClosedUnscored | Course::Brief => return None,
    };
    Some(Scores {
        domain,
        start: Some(start),
        goal,
        end,
    })
}

/// Start scores (and end scores when closed) on other domains than the
/// main one, never with a goal: they feed ZRM change, domain shares and
/// multi-problem situations, not goal realisation.
fn side_scores(dice: &mut Dice, main: &str, closed: bool) -> Vec<Scores> {
    let mut scores: Vec<Scores> = Vec::new();
    for _ in 0..dice.between(0, 3) {
        let domain = dice.pick(SIDE_DOMAINS);
        if domain == main || scores.iter().any(|s| s.domain == domain) {
            continue;
        }
        let start = dice.between(1, 4) as u8;
        let end = closed.then(|| (i64::from(start) + dice.between(-1, 2)).clamp(1, 5) as u8);
        scores.push(Scores {
            domain,
            start: Some(start),
            goal: None,
            end,
        });
    }
    scores
}

fn registration(
    dice: &mut Dice,
    clients: &mut Clients,
    plan: &DomainPlan,
    form: &'static str,
    age: &'static str,
    course: Course,
) -> Reg {
    let (start, end) = dates(dice, course);
    let mut r = Reg::new(dice, form, plan.domain, age, start, end);
    r.area = dice.chance(0.97).then(|| dice.pick(AREAS));
    r.client = clients.code(dice, age);
    r.scores.extend(main_scores(dice, plan.domain, course));
    if form == "traject" && course != Course::ClosedUnscored {
        let side = side_scores(dice, plan.domain, end.is_some());
        r.scores.extend(side);
    }
    r
}

/// The registrations of one main domain: exact counts per form, adult
/// trajectories scored as published; sources and destinations by exact
/// quotas so the most frequent partner is the published one.
fn domain_registrations(dice: &mut Dice, clients: &mut Clients, plan: &DomainPlan) -> Vec<Reg> {
    let mut regs = Vec::new();
    let rest = plan.adults - plan.complete;
    let mut adult_courses = vec![Course::Achieved; plan.achieved];
    adult_courses.extend(vec![Course::NotAchieved; plan.complete - plan.achieved]);
    adult_courses.extend(dice.exactly(
        rest,
        &[
            (Course::OpenWithGoal, 4),
            (Course::ClosedUnscored, 3),
            (Course::ClosedPaired, 3),
        ],
    ));
    let adult_ages = dice.exactly(plan.adults, ADULT_AGES);
    for (course, age) in adult_courses.into_iter().zip(adult_ages) {
        regs.push(registration(dice, clients, plan, "traject", age, course));
    }
    let minors = plan.trajectories - plan.adults;
    let minor_courses = dice.exactly(
        minors,
        &[
            (Course::ClosedPaired, 6),
            (Course::OpenStart, 2),
            (Course::ClosedUnscored, 2),
        ],
    );
    for course in minor_courses {
        regs.push(registration(dice, clients, plan, "traject", "0-17", course));
    }
    let other = plan.all_forms - plan.trajectories;
    let mut ages = vec!["0-17"; plan.minors_other];
    ages.extend(dice.exactly(other - plan.minors_other, ADULT_AGES));
    dice.shuffle(&mut ages);
    let forms = dice.exactly(other, &[("leun_steun", 45), ("informatie_advies", 55)]);
    for (form, age) in forms.into_iter().zip(ages) {
        let course = match form {
            "leun_steun" => dice.pick(&[
                Course::OpenStart,
                Course::ClosedPaired,
                Course::ClosedUnscored,
            ]),
            _ => Course::Brief,
        };
        regs.push(registration(dice, clients, plan, form, age, course));
    }
    let sources = dice.exactly(regs.len(), plan.sources);
    for (r, source) in regs.iter_mut().zip(sources) {
        r.referred_by = source;
    }
    let referred = (regs.len() as f64 * plan.referred).round() as usize;
    let destinations = dice.exactly(referred, plan.destinations);
    let mut order: Vec<usize> = (0..regs.len()).collect();
    dice.shuffle(&mut order);
    for (i, destination) in order.into_iter().zip(destinations) {
        regs[i].referred_to.push(destination);
        if dice.chance(0.08) && destination != "gemeente" {
            regs[i].referred_to.push("gemeente");
        }
    }
    regs
}

/// Registrations outside 2022 (closed in 2021, or started in 2023), with
/// scores like any other: the period rule must leave them out of 2022.
fn outside_2022(dice: &mut Dice, clients: &mut Clients) -> Vec<Reg> {
    let mut regs = Vec::new();
    for i in 0..160 {
        let plan = &DOMAINS[dice.between(0, DOMAINS.len() as i64 - 1) as usize];
        let adult = dice.chance(0.7);
        let age = if adult {
            dice.pick(&["18-26", "27-55", "56-66", "67+"])
        } else {
            "0-17"
        };
        let form = dice.pick(&["traject", "leun_steun", "informatie_advies"]);
        let (start, end) = if i < 120 {
            let start = dice.day(day(2020, 9, 1), day(2021, 6, 30));
            (start, Some(dice.day(day(2021, 7, 1), day(2021, 12, 31))))
        } else {
            (dice.day(day(2023, 1, 2), day(2023, 2, 28)), None)
        };
        let mut r = Reg::new(dice, form, plan.domain, age, start, end);
        r.area = Some(dice.pick(AREAS));
        r.client = clients.code(dice, age);
        let goal = (adult && form == "traject").then(|| dice.between(3, 5) as u8);
        r.scores.push(Scores {
            domain: plan.domain,
            start: Some(dice.between(1, 3) as u8),
            goal,
            end: end.map(|_| dice.between(1, 5) as u8),
        });
        regs.push(r);
    }
    regs
}

/// The registrations of 2020, invented (the 2020 monitor, seed 001,
/// publishes no registration figures): 700 started in 2020 and closed by
/// mid-2021, so that the dashboard has a year to compare 2022 with and the
/// 2022 figures stay as DEMO-FIGURES.md gives them. Escalation is set at
/// 69 of them to second-line care (about 9.8 %), contact came later than
/// in 2022, and goals were reached a little less often.
fn in_2020(dice: &mut Dice, clients: &mut Clients) -> Vec<Reg> {
    const N: usize = 700;
    const ESCALATED: usize = 69;
    const REFERRED: usize = 70;
    let mut regs = Vec::new();
    for _ in 0..N {
        let plan = &DOMAINS[dice.between(0, DOMAINS.len() as i64 - 1) as usize];
        let adult = dice.chance(0.75);
        let age = match adult {
            true => dice.pick(&["18-26", "27-55", "27-55", "56-66", "67+"]),
            false => "0-17",
        };
        let form = dice.pick(&["traject", "traject", "leun_steun", "informatie_advies"]);
        let start = dice.day(day(2020, 1, 2), day(2020, 12, 15));
        let end = dice.day(start + Days::new(7), day(2021, 6, 30));
        let mut r = Reg::new(dice, form, plan.domain, age, start, Some(end));
        r.first_contact = r.first_contact.map(|_| {
            let wait = dice.pick(&[0u64, 1, 1, 2, 2, 3, 3, 4, 5, 7, 10, 18]);
            (start + Days::new(wait)).min(end)
        });
        r.area = Some(dice.pick(AREAS));
        r.client = clients.code(dice, age);
        let goal = (adult && form == "traject").then(|| dice.between(3, 5) as u8);
        let end_score = match goal {
            Some(g) if dice.chance(0.55) => g.max(dice.between(3, 5) as u8),
            Some(g) => dice.between(1, g as i64 - 1) as u8,
            None => dice.between(1, 5) as u8,
        };
        r.scores.push(Scores {
            domain: plan.domain,
            start: Some(dice.between(1, 3) as u8),
            goal,
            end: Some(end_score),
        });
        regs.push(r);
    }
    let second_line = dice.exactly(ESCALATED, &[("ggz", 3), ("vnn", 1), ("veilig_thuis", 1)]);
    let first_line = dice.exactly(
        REFERRED,
        &[
            ("huisarts", 2),
            ("gemeente", 2),
            ("mgj", 1),
            ("schuldhulp", 1),
        ],
    );
    for (r, destination) in regs
        .iter_mut()
        .zip(second_line.into_iter().chain(first_line))
    {
        r.referred_to.push(destination);
    }
    regs
}

/// All of De Schans's registrations, shuffled (ids follow this order).
pub fn registrations(dice: &mut Dice) -> Vec<Reg> {
    let mut clients = Clients::new("DS");
    let mut regs = Vec::new();
    for plan in DOMAINS {
        regs.extend(domain_registrations(dice, &mut clients, plan));
    }
    regs.extend(outside_2022(dice, &mut clients));
    regs.extend(in_2020(dice, &mut clients));
    dice.shuffle(&mut regs);
    regs
}
