//! Individual support registrations and their ZRM scores, as an
//! organisation's registration system would export them.

use crate::dice::Dice;
use crate::sheet::{opt, Sheet};
use chrono::{Datelike, Days, NaiveDate};

/// Scores on one domain: start, goal, end (1–5, each optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores {
    /// The ZRM domain code.
    pub domain: &'static str,
    /// Startscore.
    pub start: Option<u8>,
    /// Doelscore (adults in a trajectory only).
    pub goal: Option<u8>,
    /// Eindscore (closed registrations only).
    pub end: Option<u8>,
}

/// One registration before it gets its id.
#[derive(Debug, Clone)]
pub struct Reg {
    /// Area, if registered.
    pub area: Option<&'static str>,
    /// `informatie_advies`, `leun_steun` or `traject`.
    pub form: &'static str,
    /// Start of the support.
    pub start: NaiveDate,
    /// End, when closed.
    pub end: Option<NaiveDate>,
    /// First contact, when registered.
    pub first_contact: Option<NaiveDate>,
    /// The client's code in the source system (pseudonymised on import).
    pub client: Option<String>,
    /// Age group (or, for some, the birth year instead).
    pub age_group: &'static str,
    /// Give the birth year instead of the age group.
    pub by_birth_year: bool,
    /// The main domain.
    pub main: &'static str,
    /// The service (Sedna's services of a societal task).
    pub service: Option<&'static str>,
    /// PG dimensions chosen.
    pub pg: Vec<&'static str>,
    /// Referral source (partner id).
    pub referred_by: Option<&'static str>,
    /// Referral destinations (partner ids).
    pub referred_to: Vec<&'static str>,
    /// Scores per domain.
    pub scores: Vec<Scores>,
}

/// The Positive Health dimensions.
pub const PG: &[&str] = &[
    "lichaamsfuncties",
    "mentaal_welbevinden",
    "zingeving",
    "kwaliteit_van_leven",
    "meedoen",
    "dagelijks_functioneren",
];

/// A typical age within an age group, for a birth year that gives that
/// group in the start year.
fn typical_age(group: &str) -> i32 {
    match group {
        "0-17" => 12,
        "18-26" => 22,
        "27-55" => 41,
        "56-66" => 61,
        _ => 74,
    }
}

impl Reg {
    /// A registration with the attributes that do not affect the figures
    /// drawn at random: PG choices, first contact, birth year or age group.
    pub fn new(
        dice: &mut Dice,
        form: &'static str,
        main: &'static str,
        age_group: &'static str,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> Self {
        let pg = if dice.chance(0.7) {
            let mut chosen = vec![dice.pick(PG)];
            if dice.chance(0.4) {
                let second = dice.pick(PG);
                if second != chosen[0] {
                    chosen.push(second);
                }
            }
            chosen
        } else {
            Vec::new()
        };
        let first_contact = dice.chance(0.88).then(|| {
            let wait = dice.pick(&[0u64, 0, 1, 1, 1, 2, 2, 3, 4, 6, 9, 15]);
            let first = start + Days::new(wait);
            end.map_or(first, |e| first.min(e))
        });
        Self {
            area: None,
            form,
            start,
            end,
            first_contact,
            client: None,
            age_group,
            by_birth_year: dice.chance(0.1),
            main,
            service: None,
            pg,
            referred_by: None,
            referred_to: Vec::new(),
            scores: Vec::new(),
        }
    }

    /// Whether the client is an adult.
    pub fn is_adult(&self) -> bool {
        self.age_group != "0-17"
    }
}

/// Hands out client codes: most registrations are a new client, some are a
/// client seen before in the same age group, a few have no code.
pub struct Clients {
    prefix: &'static str,
    next: usize,
    seen: Vec<(&'static str, String)>,
}

impl Clients {
    /// Codes like `DS-000123`.
    pub fn new(prefix: &'static str) -> Self {
        Self {
            prefix,
            next: 1,
            seen: Vec::new(),
        }
    }

    /// A code for a registration of this age group, or none.
    pub fn code(&mut self, dice: &mut Dice, age_group: &'static str) -> Option<String> {
        if dice.chance(0.07) {
            return None;
        }
        let same_age: Vec<&String> = self
            .seen
            .iter()
            .filter(|(g, _)| *g == age_group)
            .map(|(_, c)| c)
            .collect();
        if !same_age.is_empty() && dice.chance(0.12) {
            return Some(dice.pick(&same_age).clone());
        }
        let code = format!("{}-{:06}", self.prefix, self.next);
        self.next += 1;
        self.seen.push((age_group, code.clone()));
        Some(code)
    }
}

/// The header of registrations.csv as the demo writes it.
const REGISTRATION_COLUMNS: &[&str] = &[
    "organisation",
    "registration_id",
    "area",
    "form",
    "start_date",
    "end_date",
    "first_contact_date",
    "client_code",
    "age_group",
    "birth_year",
    "main_domain",
    "service",
    "pg_dimensions",
    "referred_by",
    "referred_to",
];

const SCORE_COLUMNS: &[&str] = &[
    "organisation",
    "registration_id",
    "domain",
    "start_score",
    "goal_score",
    "end_score",
];

/// registrations.csv and zrm_scores.csv, empty.
pub fn sheets() -> (Sheet, Sheet) {
    (
        Sheet::new("registrations.csv", REGISTRATION_COLUMNS),
        Sheet::new("zrm_scores.csv", SCORE_COLUMNS),
    )
}

/// Writes registrations with ids `{prefix}-00001`, … in their order.
pub fn write(
    organisation: &str,
    prefix: &str,
    regs: &[Reg],
    registrations: &mut Sheet,
    scores: &mut Sheet,
) {
    for (i, r) in regs.iter().enumerate() {
        let id = format!("{prefix}-{:05}", i + 1);
        let (group, born) = if r.by_birth_year {
            (
                String::new(),
                (r.start.year() - typical_age(r.age_group)).to_string(),
            )
        } else {
            (r.age_group.to_string(), String::new())
        };
        registrations.row([
            organisation.to_string(),
            id.clone(),
            opt(r.area),
            r.form.to_string(),
            r.start.to_string(),
            opt(r.end),
            opt(r.first_contact),
            opt(r.client.as_ref()),
            group,
            born,
            r.main.to_string(),
            opt(r.service),
            r.pg.join("|"),
            opt(r.referred_by),
            r.referred_to.join("|"),
        ]);
        for s in &r.scores {
            scores.row([
                organisation.to_string(),
                id.clone(),
                s.domain.to_string(),
                opt(s.start),
                opt(s.goal),
                opt(s.end),
            ]);
        }
    }
}
