//! The things an impact monitor registers (DOMAIN.md §3), as types that
//! cannot hold an invalid value: a ZRM score is 1–5, a municipality code has
//! the form `GM1969`, an end date is never before its start date.
//!
//! Values enter through parsing functions at the boundary (files, forms,
//! the API); once a record exists it is valid. Reference data that a
//! migration seeds (ZRM domains, Positive Health dimensions) is data, held in
//! a [`Vocabulary`], not Rust enums.

pub mod account;
pub mod age;
pub mod classification;
pub mod coded;
pub mod codes;
pub mod collective;
pub mod context;
pub mod date;
pub mod din;
pub mod fold;
pub mod formula;
pub mod indicator;
pub mod interned;
pub mod narrative;
pub mod number;
pub mod organisation;
pub mod problem;
pub mod reach;
pub mod region;
pub mod registration;
pub mod score;
pub mod stored;
pub mod survey;
pub mod vocabulary;

pub use account::{Account, Role, Username};
pub use age::{AgeGroup, BirthYear};
pub use classification::{Classification, ClassifiedRegion, SizeClass};
pub use coded::Coded;
pub use codes::{ClientPseudonym, Id, MunicipalityCode, OrganisationCode, RegionCode};
pub use collective::{CollectivePeriod, CollectiveStatus, Participants};
pub use context::{ContextValue, Period};
pub use date::{parse_date, Date};
pub use din::{
    DinSnapshot, Effort, EffortCategory, Goal, GoalType, Nature, Partner, PartnerLine,
    PartnerSector, Target, Theme,
};
pub use indicator::IndicatorDefinition;
pub use narrative::{AreaProfile, AreaProfileSection, Narrative, NarrativeScope, NarrativeSection};
pub use number::Decimal;
pub use organisation::{AreaName, Organisation};
pub use problem::{Field, Problem};
pub use reach::ReachPlan;
pub use region::{outline_of, Boundary, Region};
pub use registration::{DomainScores, Registration, RegistrationFields, ScoreRules, SupportForm};
pub use score::{GroupStrength, ZrmScore};
pub use stored::{StoredRegistration, StoredRows, StoredScores};
pub use survey::{Survey, SurveyAnswer, SurveyKind};
pub use vocabulary::{PgDimension, ReferenceItem, Vocabulary, ZrmDomain};
