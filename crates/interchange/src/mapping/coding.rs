//! The interchange columns whose values are codes: what each accepts, and
//! the codes a source's own values can be mapped onto.

use crate::kind::FileKind;
use crate::lookup::Lookup;
use domain::*;

/// The list of codes an interchange column takes its values from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Support forms (`informatie_advies`, `leun_steun`, `traject`).
    Form,
    /// ZRM domains.
    ZrmDomain,
    /// Positive Health dimensions.
    PgDimension,
    /// Age groups.
    AgeGroup,
    /// The organisation's areas.
    Area,
    /// The partners of the organisation's DIN.
    Partner,
    /// The collective activities of the organisation's DIN.
    Activity,
    /// Preventive, curative or both.
    Nature,
    /// The status of a collective activity's period.
    Status,
    /// A partner's sector.
    Sector,
    /// A partner's line (first line or indicated care).
    Line,
    /// An effort's category.
    Category,
    /// A goal's type.
    GoalType,
    /// A survey's kind.
    SurveyKind,
    /// A section of a narrative text.
    NarrativeSection,
    /// A section of an area profile.
    ProfileSection,
}

impl Coding {
    /// The list a column of `kind` takes its values from, when it takes
    /// codes.
    pub fn of(kind: FileKind, column: &str) -> Option<Self> {
        use FileKind as K;
        Some(match (kind, column) {
            (K::Registrations, "form") => Self::Form,
            (K::Registrations | K::ZrmScores, "main_domain" | "domain") => Self::ZrmDomain,
            (K::Themes, "zrm_domains") => Self::ZrmDomain,
            (_, "pg_dimensions") => Self::PgDimension,
            (K::Registrations, "age_group") => Self::AgeGroup,
            (K::Registrations | K::Collective | K::AreaProfiles, "area") => Self::Area,
            (K::Partners, "areas") => Self::Area,
            (K::Registrations, "referred_by" | "referred_to") => Self::Partner,
            (K::Efforts, "partners") => Self::Partner,
            (K::Collective | K::Surveys, "activity") => Self::Activity,
            (K::Collective | K::Efforts, "nature") => Self::Nature,
            (K::Collective, "status") => Self::Status,
            (K::Partners, "sector") => Self::Sector,
            (K::Partners, "line") => Self::Line,
            (K::Efforts, "category") => Self::Category,
            (K::Goals, "type") => Self::GoalType,
            (K::Surveys | K::Survey, "kind") => Self::SurveyKind,
            (K::Narrative, "section") => Self::NarrativeSection,
            (K::AreaProfiles, "section") => Self::ProfileSection,
            _ => return None,
        })
    }

    /// Whether the column holds several values separated by `|`.
    pub fn is_list(column: &str) -> bool {
        matches!(
            column,
            "pg_dimensions" | "referred_to" | "partners" | "areas" | "zrm_domains"
        )
    }

    /// The message list a page names the codes from (`form.traject`), or
    /// `None` when the codes come with their names.
    pub fn list(self) -> Option<&'static str> {
        Some(match self {
            Self::Form => "form",
            Self::AgeGroup => "age",
            Self::Nature => "nature",
            Self::Status => "status",
            Self::Sector => "sector",
            Self::Line => "line",
            Self::Category => "category",
            Self::GoalType => "goal_type",
            Self::SurveyKind => "survey_kind",
            Self::NarrativeSection => "narrative_section",
            Self::ProfileSection => "profile_section",
            Self::ZrmDomain | Self::PgDimension | Self::Area | Self::Partner | Self::Activity => {
                return None
            }
        })
    }

    /// Whether one value (one element of a list) is accepted as it is.
    pub fn accepts(self, value: &str, org: &Organisation, lookup: &dyn Lookup) -> bool {
        self.code_of(value, org, lookup).is_some()
    }

    /// The code one value (one element of a list) stands for, when it is
    /// accepted as it is ("Leun & Steun" → `leun_steun`).
    pub fn code_of(self, value: &str, org: &Organisation, lookup: &dyn Lookup) -> Option<String> {
        fn code<C: Coded>(value: &str) -> Option<String> {
            C::parse(value).ok().map(|c| c.code().to_string())
        }
        let v = lookup.vocabulary();
        match self {
            Self::Form => code::<SupportForm>(value),
            Self::ZrmDomain => v.zrm_domain(value).ok().map(|d| d.as_str().to_string()),
            Self::PgDimension => v.pg_dimension(value).ok().map(|d| d.as_str().to_string()),
            Self::AgeGroup => code::<AgeGroup>(value),
            Self::Area => org.area(value).ok().map(|a| a.as_str().to_string()),
            Self::Partner => lookup
                .partner(&org.code, value)
                .map(|p| p.as_str().to_string()),
            Self::Activity => lookup
                .collective_activity(&org.code, value)
                .map(|a| a.as_str().to_string()),
            Self::Nature => code::<Nature>(value),
            Self::Status => code::<CollectiveStatus>(value),
            Self::Sector => code::<PartnerSector>(value),
            Self::Line => code::<PartnerLine>(value),
            Self::Category => code::<EffortCategory>(value),
            Self::GoalType => code::<GoalType>(value),
            Self::SurveyKind => code::<SurveyKind>(value),
            Self::NarrativeSection => code::<NarrativeSection>(value),
            Self::ProfileSection => code::<AreaProfileSection>(value),
        }
    }

    /// The codes a value can be mapped onto, each with its name when the
    /// code comes with one (areas, partners, activities, ZRM domains, PG
    /// dimensions); the others are named from [`Coding::list`].
    pub fn choices(self, org: &Organisation, lookup: &dyn Lookup) -> Vec<(String, Option<String>)> {
        let named = |items: Vec<(Id, String)>| {
            items
                .into_iter()
                .map(|(id, name)| (id.as_str().to_string(), Some(name)))
                .collect()
        };
        match self {
            Self::Area => org
                .areas
                .iter()
                .map(|a| (a.as_str().to_string(), Some(a.as_str().to_string())))
                .collect(),
            Self::Partner => named(lookup.partners(&org.code)),
            Self::Activity => named(lookup.collective_activities(&org.code)),
            closed => closed.closed(lookup.vocabulary()).unwrap_or_default(),
        }
    }

    /// The codes of a list that is the same for every organisation (all
    /// but areas, partners and activities), each with its name when it
    /// comes with one.
    pub fn closed(self, vocabulary: &Vocabulary) -> Option<Vec<(String, Option<String>)>> {
        fn codes<C: Coded>() -> Vec<(String, Option<String>)> {
            C::ALL
                .iter()
                .map(|c| (c.code().to_string(), None))
                .collect()
        }
        let named = |items: &[ReferenceItem]| {
            items
                .iter()
                .map(|i| (i.code.clone(), Some(i.name.clone())))
                .collect()
        };
        Some(match self {
            Self::Form => codes::<SupportForm>(),
            Self::ZrmDomain => named(&vocabulary.zrm_domains),
            Self::PgDimension => named(&vocabulary.pg_dimensions),
            Self::AgeGroup => codes::<AgeGroup>(),
            Self::Nature => codes::<Nature>(),
            Self::Status => codes::<CollectiveStatus>(),
            Self::Sector => codes::<PartnerSector>(),
            Self::Line => codes::<PartnerLine>(),
            Self::Category => codes::<EffortCategory>(),
            Self::GoalType => codes::<GoalType>(),
            Self::SurveyKind => codes::<SurveyKind>(),
            Self::NarrativeSection => codes::<NarrativeSection>(),
            Self::ProfileSection => codes::<AreaProfileSection>(),
            Self::Area | Self::Partner | Self::Activity => return None,
        })
    }
}
