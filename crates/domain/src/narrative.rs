//! Texts researchers write beside the figures: narratives per theme and
//! year (or, for the annual monitor, per organisation and year), and area
//! profiles.

use crate::coded::Coded;
use crate::codes::{Id, MunicipalityCode, OrganisationCode};
use crate::organisation::AreaName;
use serde::{Deserialize, Serialize};

/// The section of a factsheet or of the annual monitor a narrative text
/// fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NarrativeSection {
    /// Werkwijze: the way of working of a theme, or, without a theme, the
    /// monitor's chapter on the organisation's way of working.
    Method,
    /// Duiding: the interpretation of one goal.
    Interpretation,
    /// Impact: the conclusion of a theme, or, without a theme, of the
    /// monitor's management summary.
    Impact,
    /// Citaat: a quote from staff.
    Quote,
    /// Situatie: the situation in the municipality in the researcher's
    /// words, shown under the theme's context figures (what each figure
    /// says, and the general picture).
    Situation,
    /// Vraagstelling: the research questions of the monitor.
    Questions,
    /// Bronnen: the monitor's account of its data sources.
    Sources,
    /// Onderzoeksmethoden: the monitor's research methods.
    ResearchMethods,
    /// Beperkingen: the monitor's limitations.
    Limitations,
}

impl Coded for NarrativeSection {
    const ALL: &'static [Self] = &[
        Self::Method,
        Self::Interpretation,
        Self::Impact,
        Self::Quote,
        Self::Situation,
        Self::Questions,
        Self::Sources,
        Self::ResearchMethods,
        Self::Limitations,
    ];
    fn code(self) -> &'static str {
        match self {
            Self::Method => "werkwijze",
            Self::Interpretation => "duiding",
            Self::Impact => "impact",
            Self::Quote => "citaat",
            Self::Situation => "situatie",
            Self::Questions => "vraagstelling",
            Self::Sources => "bronnen",
            Self::ResearchMethods => "onderzoeksmethoden",
            Self::Limitations => "beperkingen",
        }
    }
}

/// Which texts a section takes: about a theme, about the whole monitor, or
/// either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NarrativeScope {
    /// Only about a theme (duiding, citaat, situatie).
    Theme,
    /// Only about the monitor as a whole (its accountability chapter).
    Monitor,
    /// Either (werkwijze, impact).
    Either,
}

impl NarrativeSection {
    /// Whether a text of this section is about a theme, the monitor, or
    /// either.
    pub fn scope(self) -> NarrativeScope {
        match self {
            Self::Interpretation | Self::Quote | Self::Situation => NarrativeScope::Theme,
            Self::Questions | Self::Sources | Self::ResearchMethods | Self::Limitations => {
                NarrativeScope::Monitor
            }
            Self::Method | Self::Impact => NarrativeScope::Either,
        }
    }
}

/// A narrative text (Markdown) for a theme and year, or for the annual
/// monitor of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Narrative {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The theme code; none for a text of the annual monitor as a whole.
    pub theme: Option<Id>,
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
