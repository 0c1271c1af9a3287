//! Texts researchers write beside the figures: narratives per theme and
//! year, and area profiles.

use crate::coded::Coded;
use crate::codes::{Id, MunicipalityCode, OrganisationCode};
use crate::organisation::AreaName;
use serde::{Deserialize, Serialize};

/// The section of a factsheet a narrative text fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NarrativeSection {
    /// Werkwijze: the way of working.
    Method,
    /// Duiding: the interpretation of one goal.
    Interpretation,
    /// Impact: the conclusion.
    Impact,
    /// Citaat: a quote from staff.
    Quote,
}

impl Coded for NarrativeSection {
    const ALL: &'static [Self] = &[
        Self::Method,
        Self::Interpretation,
        Self::Impact,
        Self::Quote,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Method => "werkwijze",
            Self::Interpretation => "duiding",
            Self::Impact => "impact",
            Self::Quote => "citaat",
        }
    }
}

/// A narrative text (Markdown) for a theme and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The theme code.
    pub theme: Id,
    /// The monitor year.
    pub year: i32,
    /// Which section.
    pub section: NarrativeSection,
    /// The goal it interprets (for `duiding`).
    pub goal: Option<Id>,
    /// The text, in Markdown.
    pub text: String,
}

/// The section of an area profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AreaProfileSection {
    /// Samenstelling: who lives there.
    Composition,
    /// Aandachtspunten: points of attention.
    Attention,
    /// Prioriteiten: priorities.
    Priorities,
}

impl Coded for AreaProfileSection {
    const ALL: &'static [Self] = &[Self::Composition, Self::Attention, Self::Priorities];
    fn code(self) -> &'static str {
        match self {
            Self::Composition => "samenstelling",
            Self::Attention => "aandachtspunten",
            Self::Priorities => "prioriteiten",
        }
    }
}

/// A text of an area's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaProfile {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The area (kern, wijk).
    pub area: AreaName,
    /// The municipality the area lies in.
    pub municipality: MunicipalityCode,
    /// The year.
    pub year: i32,
    /// Which section.
    pub section: AreaProfileSection,
    /// The text, in Markdown.
    pub text: String,
}
