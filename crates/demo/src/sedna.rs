//! "Sedna", Emmen (GM0114), 2021 (DEMO-FIGURES.md C): registrations per
//! service of the societal tasks, the paired ZRM scores of "Doorbreken van
//! armoede", the youth and school social work with its referrals, and the
//! reach plan.

use crate::dice::Dice;
use crate::individual::{Clients, Reg, Scores};
use crate::sheet::Sheet;
use chrono::{Days, NaiveDate};

/// The organisation's code.
pub const CODE: &str = "sedna";

const AREAS: &[&str] = &[
    "Emmen Centrum",
    "Emmen Oost",
    "Klazienaveen",
    "Nieuw-Amsterdam",
];

const ARMOEDE: &str = "Doorbreken van armoede";
const ZELFREDZAAMHEID: &str = "Versterken van de zelfredzaamheid van kwetsbare inwoners";
const JEUGD: &str = "Perspectief voor jeugdigen";

/// Services of the tasks with registrations: task, service, planned,
/// registrations (the achieved reach of the seed).
const SERVICES: &[(&str, &str, u32, usize)] = &[
    (ARMOEDE, "Armoede", 60, 50),
    (ARMOEDE, "Laaggeletterden groepswerk buurtwerk", 300, 240),
    (ARMOEDE, "Optimaal leven", 60, 41),
    (ARMOEDE, "Schuldhulpverlening armoede", 200, 158),
    (ARMOEDE, "Groepswerk BMW", 500, 449),
    (ARMOEDE, "Ondersteuning BMW", 40, 12),
    (ARMOEDE, "Problematische huurschulden", 200, 149),
    (ZELFREDZAAMHEID, "Er-op-af teams", 100, 64),
    (
        ZELFREDZAAMHEID,
        "Schuldhulpverlening zelfredzaamheid",
        80,
        43,
    ),
    (ZELFREDZAAMHEID, "Versterken zelfredzaamheid BMW", 700, 736),
    (ZELFREDZAAMHEID, "Welzijn op Recept", 220, 13),
    (JEUGD, "SMW/JMW", 1925, 1557),
];

/// Tasks: name, planned, reported achieved (none: computed from the
/// registrations of its services).
const TASKS: &[(&str, u32, Option<u32>)] = &[
    (ARMOEDE, 1360, None),
    ("Door ontwikkelen informele zorg", 3510, Some(9150)),
    (JEUGD, 2565, Some(2374)),
    ("Adequate werkwijze huiselijk geweld", 410, Some(68)),
    (ZELFREDZAAMHEID, 1100, None),
    ("Informatie & advies", 5410, Some(3909)),
];

/// Paired scores within "Doorbreken van armoede": domain, service, n, sum
/// of start scores, sum of end scores (means 2.75 → 3.45, 3.55 → 4.00,
/// 3.13 → 3.63 as published).
const PAIRED: &[(&str, &str, usize, u32, u32)] = &[
    ("financien", "Schuldhulpverlening armoede", 64, 176, 221),
    ("geestelijke_gezondheid", "Groepswerk BMW", 11, 39, 44),
    ("huisvesting", "Problematische huurschulden", 8, 25, 29),
];

/// Youth and school social work: 52 of the 1557 referred on, 25 of them to
/// second-line care (GGZ or De Toegang).
const REFERRED_ON: usize = 52;
const ESCALATED: usize = 25;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid demo date")
}

fn period(dice: &mut Dice, closed: bool) -> (NaiveDate, Option<NaiveDate>) {
    let start = dice.day(day(2020, 10, 1), day(2021, 11, 30));
    let end = closed.then(|| {
        (start + Days::new(dice.between(7, 240) as u64)).clamp(day(2021, 1, 4), day(2021, 12, 22))
    });
    (start, end)
}

fn main_domain(dice: &mut Dice, task: &str) -> &'static str {
    match task {
        ARMOEDE => dice.pick(&[
            "financien",
            "financien",
            "werk_opleiding",
            "maatschappelijke_participatie",
        ]),
        JEUGD => dice.pick(&[
            "huiselijke_relaties",
            "geestelijke_gezondheid",
            "sociaal_netwerk",
            "tijdsbesteding",
            "werk_opleiding",
        ]),
        _ => dice.pick(&[
            "sociaal_netwerk",
            "financien",
            "instrumentele_adl",
            "lichamelijke_gezondheid",
            "huisvesting",
        ]),
    }
}

fn registration(dice: &mut Dice, clients: &mut Clients, task: &str, service: &'static str) -> Reg {
    let youth = task == JEUGD;
    let age = if youth {
        dice.pick(&["0-17", "0-17", "0-17", "0-17", "0-17", "18-26"])
    } else {
        dice.pick(&["18-26", "27-55", "27-55", "27-55", "56-66", "67+"])
    };
    let closed = dice.chance(0.75);
    let (start, end) = period(dice, closed);
    let domain = main_domain(dice, task);
    let form = dice.pick(&["informatie_advies", "leun_steun", "traject"]);
    let mut r = Reg::new(dice, form, domain, age, start, end);
    r.area = Some(dice.pick(AREAS));
    r.client = clients.code(dice, age);
    r.service = Some(service);
    if dice.chance(0.3) {
        r.scores.push(Scores {
            domain,
            start: Some(dice.between(1, 4) as u8),
            goal: None,
            end: None,
        });
    }
    r
}

/// Gives `n` registrations of a service paired scores on a domain with
/// the exact sums; they become closed adult trajectories on that domain.
fn pair(dice: &mut Dice, regs: &mut [Reg], plan: (&'static str, &str, usize, u32, u32)) {
    let (domain, service, n, start_sum, end_sum) = plan;
    let starts = dice.scores_with_sum(n, start_sum);
    let ends = dice.scores_with_sum(n, end_sum);
    let chosen = regs
        .iter_mut()
        .filter(|r| r.service == Some(service) && r.scores.is_empty())
        .take(n);
    for ((r, start), end) in chosen.zip(starts).zip(ends) {
        let (first, last) = period(dice, true);
        r.start = first;
        r.end = last;
        r.first_contact = Some(first);
        r.form = "traject";
        r.main = domain;
        if !r.is_adult() {
            r.age_group = "27-55";
            r.client = None;
        }
        r.scores = vec![Scores {
            domain,
            start: Some(start),
            goal: None,
            end: Some(end),
        }];
    }
}

/// Refers 52 of the youth registrations on, 25 of them to second-line care.
fn refer_youth(dice: &mut Dice, regs: &mut [Reg]) {
    let mut youth: Vec<usize> = (0..regs.len())
        .filter(|i| regs[*i].service == Some("SMW/JMW"))
        .collect();
    dice.shuffle(&mut youth);
    let second = dice.exactly(ESCALATED, &[("ggz_drenthe", 3), ("de_toegang", 2)]);
    let first = dice.exactly(
        REFERRED_ON - ESCALATED,
        &[("huisarts", 2), ("ggd_jgz", 2), ("jongerenwerk", 1)],
    );
    for (i, destination) in youth.into_iter().zip(second.into_iter().chain(first)) {
        regs[i].referred_to = vec![destination];
    }
}

/// All of Sedna's registrations of 2021, shuffled.
pub fn registrations(dice: &mut Dice) -> Vec<Reg> {
    let mut clients = Clients::new("SE");
    let mut regs = Vec::new();
    for (task, service, _, count) in SERVICES {
        for _ in 0..*count {
            let mut r = registration(dice, &mut clients, task, service);
            r.referred_by = dice.pick(&[
                None,
                None,
                Some("huisarts"),
                Some("school"),
                Some("kredietbank"),
                Some("woningcorporatie"),
            ]);
            if *task == JEUGD {
                r.referred_by = dice.pick(&[
                    None,
                    Some("school"),
                    Some("school"),
                    Some("ggd_jgz"),
                    Some("huisarts"),
                ]);
            }
            regs.push(r);
        }
    }
    for plan in PAIRED {
        pair(dice, &mut regs, *plan);
    }
    refer_youth(dice, &mut regs);
    dice.shuffle(&mut regs);
    regs
}

/// reach_plan.csv: the plan per task and per service, and the reported
/// reach of tasks without registrations here.
pub fn reach_plan() -> Sheet {
    let mut s = Sheet::new(
        "reach_plan.csv",
        &[
            "organisation",
            "year",
            "societal_task",
            "service",
            "planned",
            "achieved",
        ],
    );
    for (task, planned, achieved) in TASKS {
        let achieved = achieved.map(|a| a.to_string()).unwrap_or_default();
        s.row([
            CODE.to_string(),
            "2021".into(),
            task.to_string(),
            String::new(),
            planned.to_string(),
            achieved,
        ]);
    }
    for (task, service, planned, _) in SERVICES {
        s.row([
            CODE.to_string(),
            "2021".into(),
            task.to_string(),
            service.to_string(),
            planned.to_string(),
            String::new(),
        ]);
    }
    s
}
