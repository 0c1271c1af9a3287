//! Satisfaction surveys and impact measurements.

use crate::coded::Coded;
use crate::codes::{Id, OrganisationCode};
use crate::problem::{Field, Problem};
use serde::{Deserialize, Serialize};

/// Who was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SurveyKind {
    /// Inwonertevredenheid: clients.
    Residents,
    /// Netwerktevredenheid: network partners.
    NetworkPartners,
    /// Impactmeting: visitors rate statements about an activity on 1–10.
    ImpactMeasurement,
}

impl Coded for SurveyKind {
    const ALL: &'static [Self] = &[
        Self::Residents,
        Self::NetworkPartners,
        Self::ImpactMeasurement,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Residents => "inwoners",
            Self::NetworkPartners => "netwerkpartners",
            Self::ImpactMeasurement => "impactmeting",
        }
    }
}

/// A survey: its kind, year, and how many were asked and responded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Survey {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The survey's id.
    pub id: Id,
    /// Residents, network partners or impact measurement.
    pub kind: SurveyKind,
    /// The year it was held.
    pub year: i32,
    /// The population asked.
    pub asked: Option<u32>,
    /// The number that responded.
    pub responses: Option<u32>,
    /// The collective activity (its effort id) the survey asked about: an
    /// impact measurement's statements belong to that activity's card.
    pub activity: Option<Id>,
}

impl Survey {
    /// Checks that no more responded than were asked.
    pub fn check(&self) -> Result<(), (Field, Problem)> {
        match (self.asked, self.responses) {
            (Some(asked), Some(responses)) if responses > asked => Err((
                Field::Named("responses"),
                Problem::Conflict {
                    detail: format!("more responses than the {asked} asked"),
                },
            )),
            _ => Ok(()),
        }
    }
}

/// How many respondents gave one answer to one question. Raw answers are
/// counted into these cells on import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAnswer {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The survey.
    pub survey: Id,
    /// The question.
    pub question: String,
    /// The answer: a value on the question's scale, or `nvt`.
    pub answer: String,
    /// The number of respondents who gave it.
    pub count: u32,
}
