//! The goals–efforts network (DIN): themes per monitor year, goals, efforts
//! and partners of one organisation.

use crate::coded::Coded;
use crate::codes::{Id, OrganisationCode};
use crate::date::Date;
use crate::organisation::AreaName;
use crate::problem::{Field, Problem};
use crate::vocabulary::{PgDimension, ZrmDomain};
use serde::{Deserialize, Serialize};
use std::ops::Deref;

/// A research theme in a monitor year, with the ZRM domains its figures use
/// that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    /// The organisation whose DIN it is.
    pub organisation: OrganisationCode,
    /// Theme code, e.g. `kwetsbare_inwoners`.
    pub code: Id,
    /// Display name, e.g. "Kwetsbare inwoners".
    pub name: String,
    /// The monitor year in which the theme has focus.
    pub year: i32,
    /// ZRM domains this theme's figures use that year.
    pub zrm_domains: Vec<ZrmDomain>,
    /// The societal task (maatschappelijke opgave) it belongs to.
    pub societal_task: Option<String>,
    /// The context indicators its factsheet shows, in this order (none:
    /// every one stored for the municipality).
    pub context_indicators: Vec<Id>,
    /// The theme of an earlier year this one continues (Armoede 2020 →
    /// Armoede & arbeidsparticipatie 2022): the dashboard follows them as
    /// one line over the years.
    #[serde(default)]
    pub continues: Option<Id>,
}

/// The type of a goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GoalType {
    /// Leerdoel: gain insight.
    Learning,
    /// Prestatiedoel: reach a result.
    Performance,
    /// Preventiedoel: a result that is explicitly preventive.
    Prevention,
}

impl Coded for GoalType {
    const ALL: &'static [Self] = &[Self::Learning, Self::Performance, Self::Prevention];
    fn code(self) -> &'static str {
        match self {
            Self::Learning => "leerdoel",
            Self::Performance => "prestatiedoel",
            Self::Prevention => "preventiedoel",
        }
    }
}

/// A goal's optional target: indicator, baseline, value and date, e.g.
/// "statushouders met participatieverklaring", 0, 90%, 2020-01-01.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// What is measured.
    pub indicator: Option<String>,
    /// The starting value, as written (a number, optionally with %).
    pub baseline: Option<String>,
    /// The value to reach, as written.
    pub value: Option<String>,
    /// When it is to be reached.
    pub date: Option<Date>,
}

impl Target {
    /// Whether no part of the target is given.
    pub fn is_empty(&self) -> bool {
        *self == Target::default()
    }
}

/// A goal of the municipality within a theme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    /// The organisation whose DIN it is.
    pub organisation: OrganisationCode,
    /// The organisation's id for it, stable across DIN versions.
    pub id: Id,
    /// The theme code it belongs to.
    pub theme: Id,
    /// Learning, performance or prevention goal.
    pub goal_type: GoalType,
    /// The researchers' operational wording.
    pub text_operational: String,
    /// The municipality's original wording from the tender.
    pub text_original: Option<String>,
    /// Positive Health dimensions it is tied to.
    pub pg_dimensions: Vec<PgDimension>,
    /// Its target, when it has one.
    pub target: Target,
    /// The figures shown beside its interpretation: computed ones
    /// (`escalation_rate`, `referred_on`, `goal_realisation:<domain>`,
    /// `goal_coverage:<domain>`) or context indicators, in this order.
    pub key_figures: Vec<String>,
}

/// The four categories of efforts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EffortCategory {
    /// Samenwerking en doorverwijzingen.
    CooperationReferral,
    /// Individuele hulpverlening.
    IndividualSupport,
    /// Collectieve activiteiten.
    CollectiveActivity,
    /// Inzet van expertise.
    Expertise,
}

impl Coded for EffortCategory {
    const ALL: &'static [Self] = &[
        Self::CooperationReferral,
        Self::IndividualSupport,
        Self::CollectiveActivity,
        Self::Expertise,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::CooperationReferral => "samenwerking_doorverwijzing",
            Self::IndividualSupport => "individuele_hulpverlening",
            Self::CollectiveActivity => "collectieve_activiteit",
            Self::Expertise => "inzet_expertise",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::CooperationReferral => &["samenwerking_doorverwijzingen"],
            Self::CollectiveActivity => &["collectieve_activiteiten"],
            Self::Expertise => &["inzet_van_expertise"],
            Self::IndividualSupport => &[],
        }
    }
}

/// Whether an effort or activity is preventive, curative or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Nature {
    /// Preventief.
    Preventive,
    /// Curatief.
    Curative,
    /// Beide.
    Both,
}

impl Coded for Nature {
    const ALL: &'static [Self] = &[Self::Preventive, Self::Curative, Self::Both];
    fn code(self) -> &'static str {
        match self {
            Self::Preventive => "preventief",
            Self::Curative => "curatief",
            Self::Both => "beide",
        }
    }
}

/// The fields of an effort, before its rules are checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EffortFields {
    /// The organisation whose DIN it is.
    pub organisation: OrganisationCode,
    /// The organisation's id for it.
    pub id: Id,
    /// Its name, e.g. "Walk en Talk".
    pub name: String,
    /// One of the four categories.
    pub category: EffortCategory,
    /// What it is.
    pub description: Option<String>,
    /// Goals it serves; none: the ambition of its PG dimension.
    pub goals: Vec<Id>,
    /// Themes it serves.
    pub themes: Vec<Id>,
    /// PG dimensions it serves.
    pub pg_dimensions: Vec<PgDimension>,
    /// Preventive, curative or both.
    pub nature: Option<Nature>,
    /// Partner ids it works with.
    pub partners: Vec<Id>,
    /// When it started.
    pub started: Option<Date>,
    /// When it stopped; it keeps its history.
    pub stopped: Option<Date>,
    /// Why it stopped (required with `stopped`).
    pub stop_reason: Option<String>,
}

/// An effort (inspanning) whose rules hold: a stopped effort has a reason
/// and did not stop before it started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effort(EffortFields);

impl Effort {
    /// Checks the effort's rules.
    pub fn new(f: EffortFields) -> Result<Self, Vec<(Field, Problem)>> {
        let mut problems = Vec::new();
        if f.stopped.is_some() && f.stop_reason.is_none() {
            problems.push((
                Field::Named("stop_reason"),
                Problem::RequiresOther { other: "stopped" },
            ));
        }
        if f.stopped.is_none() && f.stop_reason.is_some() {
            problems.push((
                Field::Named("stopped"),
                Problem::RequiresOther {
                    other: "stop_reason",
                },
            ));
        }
        if let (Some(start), Some(stop)) = (f.started, f.stopped) {
            if stop < start {
                problems.push((
                    Field::Named("stopped"),
                    Problem::BeforeStart { start: "started" },
                ));
            }
        }
        if problems.is_empty() {
            Ok(Self(f))
        } else {
            Err(problems)
        }
    }
}

impl Deref for Effort {
    type Target = EffortFields;
    fn deref(&self) -> &EffortFields {
        &self.0
    }
}

/// The sector of a partner organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartnerSector {
    /// Onderwijs.
    Education,
    /// Vrijwilligers.
    Volunteers,
    /// Professionele hulp.
    ProfessionalCare,
    /// Wonen.
    Housing,
    /// Overheid.
    Government,
    /// Fondsen.
    Funds,
    /// Maatschappelijk.
    Civil,
    /// Zorg.
    Care,
    /// Overig.
    Other,
}

impl Coded for PartnerSector {
    const ALL: &'static [Self] = &[
        Self::Education,
        Self::Volunteers,
        Self::ProfessionalCare,
        Self::Housing,
        Self::Government,
        Self::Funds,
        Self::Civil,
        Self::Care,
        Self::Other,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Education => "onderwijs",
            Self::Volunteers => "vrijwilligers",
            Self::ProfessionalCare => "professionele_hulp",
            Self::Housing => "wonen",
            Self::Government => "overheid",
            Self::Funds => "fondsen",
            Self::Civil => "maatschappelijk",
            Self::Care => "zorg",
            Self::Other => "overig",
        }
    }
}

/// First line (voorliggend veld) or second line (geïndiceerde /
/// specialistische hulp); referrals to the second line count as escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartnerLine {
    /// Voorliggend veld.
    FirstLine,
    /// Geïndiceerde of specialistische hulp.
    SecondLine,
}

impl Coded for PartnerLine {
    const ALL: &'static [Self] = &[Self::FirstLine, Self::SecondLine];
    fn code(self) -> &'static str {
        match self {
            Self::FirstLine => "voorliggend",
            Self::SecondLine => "geindiceerd",
        }
    }
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::FirstLine => &["voorliggend_veld", "eerste_lijn"],
            Self::SecondLine => &["specialistisch", "geindiceerde_hulp", "tweede_lijn"],
        }
    }
}

/// A partner organisation in the network (also the area's sociale kaart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    /// The organisation whose DIN it is.
    pub organisation: OrganisationCode,
    /// Code used in referrals and efforts.
    pub id: Id,
    /// Its name, e.g. "Huisarts".
    pub name: String,
    /// Its sector.
    pub sector: PartnerSector,
    /// First or second line.
    pub line: PartnerLine,
    /// Areas where it works.
    pub areas: Vec<AreaName>,
}

/// The whole DIN of an organisation at one moment: what a dated version
/// keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DinSnapshot {
    /// Themes per year.
    pub themes: Vec<Theme>,
    /// Goals.
    pub goals: Vec<Goal>,
    /// Efforts.
    pub efforts: Vec<Effort>,
    /// Partners.
    pub partners: Vec<Partner>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effort() -> EffortFields {
        EffortFields {
            organisation: OrganisationCode::parse("o").unwrap(),
            id: Id::parse("e1").unwrap(),
            name: "Walk en Talk".into(),
            category: EffortCategory::CollectiveActivity,
            description: None,
            goals: vec![],
            themes: vec![],
            pg_dimensions: vec![],
            nature: None,
            partners: vec![],
            started: Date::from_ymd_opt(2020, 1, 1),
            stopped: None,
            stop_reason: None,
        }
    }

    #[test]
    fn a_stopped_effort_needs_a_reason_and_a_later_date() {
        assert!(Effort::new(effort()).is_ok());
        let mut f = effort();
        f.stopped = Date::from_ymd_opt(2019, 1, 1);
        let problems = Effort::new(f).unwrap_err();
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn codes_parse_from_dutch_words() {
        assert_eq!(
            PartnerLine::parse("Geïndiceerd"),
            Ok(PartnerLine::SecondLine)
        );
        assert_eq!(
            EffortCategory::parse("Collectieve activiteiten"),
            Ok(EffortCategory::CollectiveActivity)
        );
        assert_eq!(GoalType::parse("Preventiedoel"), Ok(GoalType::Prevention));
        assert!(PartnerSector::parse("sport").is_err());
    }
}
