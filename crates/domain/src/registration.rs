//! Individual support registrations and their ZRM scores, with the rules
//! every door (file, form, API) applies: one validation, several doors.

use crate::age::{AgeGroup, BirthYear};
use crate::coded::Coded;
use crate::codes::{ClientPseudonym, Id, OrganisationCode};
use crate::date::Date;
use crate::organisation::AreaName;
use crate::problem::{Field, Problem};
use crate::score::ZrmScore;
use crate::vocabulary::{PgDimension, ZrmDomain};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::ops::Deref;

/// The form of individual support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SupportForm {
    /// Informatie en advies: often one contact.
    InformationAdvice,
    /// Leun en steun: light, intermittent support.
    LeanSupport,
    /// Individueel traject: the intensive form; only these carry goal scores.
    Trajectory,
}

impl Coded for SupportForm {
    const ALL: &'static [Self] = &[Self::InformationAdvice, Self::LeanSupport, Self::Trajectory];
    fn code(self) -> &'static str {
        match self {
            Self::InformationAdvice => "informatie_advies",
            Self::LeanSupport => "leun_steun",
            Self::Trajectory => "traject",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Trajectory => &["individueel_traject"],
            _ => &[],
        }
    }
}

/// The fields of a registration, each already a valid value; the rules
/// between fields are checked by [`Registration::new`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RegistrationFields {
    /// The organisation that registered it.
    pub organisation: OrganisationCode,
    /// Its id, unique within the organisation.
    pub id: Id,
    /// The area where the support is given.
    pub area: Option<AreaName>,
    /// Information & advice, lean-and-support or trajectory.
    pub form: SupportForm,
    /// Start of the support.
    pub start_date: Date,
    /// End of the support; open while running.
    pub end_date: Option<Date>,
    /// Date of the first contact (for response time).
    pub first_contact_date: Option<Date>,
    /// The day the client was put on the waiting list, when registered
    /// (the waiting list counts from it, else from the start date).
    pub waiting_since: Option<Date>,
    /// The client's pseudonym.
    pub client: Option<ClientPseudonym>,
    /// Age group, when given.
    pub age_group: Option<AgeGroup>,
    /// Birth year, when given.
    pub birth_year: Option<BirthYear>,
    /// Hoofddomein: the ZRM domain where the question lies.
    pub main_domain: ZrmDomain,
    /// The service it belongs to (as in the reach plan).
    pub service: Option<String>,
    /// PG dimensions the client chose to work on.
    pub pg_dimensions: Vec<PgDimension>,
    /// The partner that referred the client (id).
    pub referred_by: Option<Id>,
    /// The partners the client was referred to (ids).
    pub referred_to: Vec<Id>,
}

/// A registration whose rules hold: an age is known, end date and first
/// contact are not before the start, age group and birth year agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration(RegistrationFields);

impl Registration {
    /// Checks the rules between the fields.
    pub fn new(f: RegistrationFields) -> Result<Self, Vec<(Field, Problem)>> {
        let mut problems = Vec::new();
        if f.end_date.is_some_and(|end| end < f.start_date) {
            problems.push((
                Field::Named("end_date"),
                Problem::BeforeStart {
                    start: "start_date",
                },
            ));
        }
        if f.first_contact_date
            .is_some_and(|first| first < f.start_date)
        {
            problems.push((
                Field::Named("first_contact_date"),
                Problem::BeforeStart {
                    start: "start_date",
                },
            ));
        }
        if let Some(since) = f.waiting_since {
            let after = |d: Option<Date>| d.is_some_and(|d| d < since);
            for (field, day) in [
                ("first_contact_date", f.first_contact_date),
                ("end_date", f.end_date),
            ] {
                if after(day) {
                    problems.push((
                        Field::Named(field),
                        Problem::BeforeStart {
                            start: "waiting_since",
                        },
                    ));
                }
            }
        }
        match (f.age_group, f.birth_year) {
            (None, None) => problems.push((
                Field::Named("age_group"),
                Problem::NeitherGiven {
                    other: "birth_year",
                },
            )),
            (Some(group), Some(born)) => {
                // The age in the start year overstates the age at the start
                // date by at most one year.
                let age = born.age_in(f.start_date.year());
                if AgeGroup::of_age(age) != group && AgeGroup::of_age(age - 1) != group {
                    problems.push((Field::Named("age_group"), Problem::AgeMismatch));
                }
            }
            _ => {}
        }
        if problems.is_empty() {
            Ok(Self(f))
        } else {
            Err(problems)
        }
    }

    /// Whether the client is an adult (DOMAIN.md §4): the age group is not
    /// `0-17`; with only a birth year, start year − birth year ≥ 18.
    pub fn is_adult(&self) -> bool {
        self.age_group().is_adult()
    }

    /// The age group for breakdowns: as given, or derived from the birth
    /// year at the start year.
    pub fn age_group(&self) -> AgeGroup {
        match (self.0.age_group, self.0.birth_year) {
            (Some(group), _) => group,
            (None, Some(born)) => AgeGroup::of_age(born.age_in(self.0.start_date.year())),
            (None, None) => unreachable!("Registration::new requires an age group or birth year"),
        }
    }

    /// Checks scores on one domain against this registration: no goal score
    /// for a minor, no end score without an end date.
    pub fn check_scores(&self, scores: &DomainScores) -> Vec<(Field, Problem)> {
        self.score_rules().check(scores)
    }

    /// What the rules of ZRM scores need of this registration.
    pub fn score_rules(&self) -> ScoreRules {
        ScoreRules {
            adult: self.is_adult(),
            ended: self.0.end_date.is_some(),
        }
    }

    /// A digest of every field: equal registrations have equal digests, a
    /// changed one another (but for a chance of 1 in 2^64). An import
    /// keeps it instead of the registration to tell whether a row changes
    /// what is stored.
    pub fn digest(&self) -> u64 {
        use std::hash::{Hash as _, Hasher as _};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.0.hash(&mut hasher);
        hasher.finish()
    }
}

/// What the rules of a registration's ZRM scores need to know of it: a few
/// bytes an import keeps for every registration a score row may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScoreRules {
    /// The client is an adult: goal scores are allowed.
    pub adult: bool,
    /// The registration has an end date: end scores are allowed.
    pub ended: bool,
}

impl ScoreRules {
    /// Checks scores on one domain: no goal score for a minor, no end score
    /// without an end date.
    pub fn check(&self, scores: &DomainScores) -> Vec<(Field, Problem)> {
        let mut problems = Vec::new();
        if scores.goal.is_some() && !self.adult {
            problems.push((Field::Named("goal_score"), Problem::GoalScoreForMinor));
        }
        if scores.end.is_some() && !self.ended {
            problems.push((Field::Named("end_score"), Problem::EndScoreWithoutEndDate));
        }
        problems
    }
}

impl Deref for Registration {
    type Target = RegistrationFields;
    fn deref(&self) -> &RegistrationFields {
        &self.0
    }
}

/// The scores of one registration on one ZRM domain: start (intake), goal
/// (adults only) and end (at closure), each optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainScores {
    /// The organisation of the registration.
    pub organisation: OrganisationCode,
    /// The registration scored.
    pub registration: Id,
    /// The domain scored.
    pub domain: ZrmDomain,
    /// Startscore.
    pub start: Option<ZrmScore>,
    /// Doelscore.
    pub goal: Option<ZrmScore>,
    /// Eindscore.
    pub end: Option<ZrmScore>,
}

impl DomainScores {
    /// Whether no score is given.
    pub fn is_empty(&self) -> bool {
        self.start.is_none() && self.goal.is_none() && self.end.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> RegistrationFields {
        RegistrationFields {
            organisation: OrganisationCode::parse("o").unwrap(),
            id: Id::parse("r1").unwrap(),
            area: None,
            form: SupportForm::Trajectory,
            start_date: Date::from_ymd_opt(2022, 3, 1).unwrap(),
            end_date: None,
            first_contact_date: None,
            waiting_since: None,
            client: None,
            age_group: None,
            birth_year: Some(BirthYear::parse("2005").unwrap()),
            main_domain: ZrmDomain::known("financien"),
            service: None,
            pg_dimensions: vec![],
            referred_by: None,
            referred_to: vec![],
        }
    }

    #[test]
    fn adult_by_birth_year_at_the_start_year() {
        let r = Registration::new(fields()).unwrap();
        assert!(!r.is_adult(), "2022 - 2005 = 17");
        let mut f = fields();
        f.birth_year = Some(BirthYear::parse("2004").unwrap());
        assert!(Registration::new(f).unwrap().is_adult());
    }

    #[test]
    fn minors_get_no_goal_score_and_open_ones_no_end_score() {
        let r = Registration::new(fields()).unwrap();
        let scores = DomainScores {
            organisation: r.organisation.clone(),
            registration: r.id.clone(),
            domain: ZrmDomain::known("financien"),
            start: None,
            goal: Some(ZrmScore::new(3).unwrap()),
            end: Some(ZrmScore::new(3).unwrap()),
        };
        let problems: Vec<Problem> = r
            .check_scores(&scores)
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(
            problems,
            vec![Problem::GoalScoreForMinor, Problem::EndScoreWithoutEndDate]
        );
    }

    #[test]
    fn the_digest_tells_a_changed_registration() {
        let r = Registration::new(fields()).unwrap();
        assert_eq!(r.digest(), Registration::new(fields()).unwrap().digest());
        let mut f = fields();
        f.end_date = Date::from_ymd_opt(2022, 6, 1);
        assert_ne!(r.digest(), Registration::new(f).unwrap().digest());
    }

    #[test]
    fn dates_before_the_start_are_refused() {
        let mut f = fields();
        f.end_date = Date::from_ymd_opt(2022, 2, 1);
        f.first_contact_date = Date::from_ymd_opt(2022, 2, 1);
        assert_eq!(Registration::new(f).unwrap_err().len(), 2);
    }

    #[test]
    fn age_group_must_agree_with_birth_year() {
        let mut f = fields();
        f.age_group = Some(AgeGroup::From67);
        assert_eq!(Registration::new(f).unwrap_err()[0].1, Problem::AgeMismatch);
        let mut f = fields();
        f.age_group = Some(AgeGroup::Under18);
        assert!(Registration::new(f).is_ok());
    }
}
