//! One parsed row of any file kind.

use domain::{
    AreaProfile, CollectivePeriod, ContextValue, DomainScores, Effort, Goal, IndicatorDefinition,
    Narrative, Organisation, OrganisationCode, Partner, ReachPlan, Registration, Survey,
    SurveyAnswer, Theme,
};

/// A valid record from one row of an interchange file.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    /// organisations.csv
    Organisation(Organisation),
    /// partners.csv
    Partner(Partner),
    /// themes.csv
    Theme(Theme),
    /// goals.csv
    Goal(Goal),
    /// efforts.csv
    Effort(Effort),
    /// registrations.csv; `wide_scores` has one entry per ZRM domain the
    /// file's wide columns name (an empty entry clears that domain).
    Registration {
        registration: Registration,
        wide_scores: Vec<DomainScores>,
    },
    /// zrm_scores.csv
    ZrmScores(DomainScores),
    /// collective.csv
    Collective(CollectivePeriod),
    /// reach_plan.csv
    ReachPlan(ReachPlan),
    /// surveys.csv
    Survey(Survey),
    /// survey.csv: the survey it belongs to, and the answer counted once
    /// (raw) or `count` times (aggregated).
    SurveyAnswer {
        survey: Survey,
        answer: SurveyAnswer,
        aggregated: bool,
    },
    /// indicators.csv
    Indicator(IndicatorDefinition),
    /// context.csv
    Context(ContextValue),
    /// narrative.csv
    Narrative(Narrative),
    /// area_profiles.csv
    AreaProfile(AreaProfile),
}

impl Record {
    /// What identifies the row within its kind; two rows of a file with the
    /// same key are duplicates.
    pub fn key(&self) -> String {
        let parts: Vec<String> = match self {
            Self::Organisation(o) => vec![o.code.to_string()],
            Self::Partner(p) => vec![p.organisation.to_string(), p.id.to_string()],
            Self::Theme(t) => vec![
                t.organisation.to_string(),
                t.code.to_string(),
                t.year.to_string(),
            ],
            Self::Goal(g) => vec![g.organisation.to_string(), g.id.to_string()],
            Self::Effort(e) => vec![e.organisation.to_string(), e.id.to_string()],
            Self::Registration {
                registration: r, ..
            } => vec![r.organisation.to_string(), r.id.to_string()],
            Self::ZrmScores(scores) => {
                vec![
                    scores.organisation.to_string(),
                    scores.registration.to_string(),
                    scores.domain.as_str().into(),
                ]
            }
            Self::Collective(c) => vec![
                c.organisation.to_string(),
                c.activity.to_string(),
                c.area
                    .as_ref()
                    .map(|a| a.as_str().to_string())
                    .unwrap_or_default(),
                c.group.clone().unwrap_or_default(),
                c.period_start.to_string(),
            ],
            Self::ReachPlan(r) => vec![
                r.organisation.to_string(),
                r.year.to_string(),
                r.societal_task.clone(),
                r.service.clone().unwrap_or_default(),
            ],
            Self::Survey(s) => vec![s.organisation.to_string(), s.id.to_string()],
            Self::SurveyAnswer { answer: a, .. } => {
                vec![
                    a.organisation.to_string(),
                    a.survey.to_string(),
                    a.question.clone(),
                    a.answer.clone(),
                ]
            }
            Self::Indicator(d) => vec![d.organisation.to_string(), d.indicator.to_string()],
            Self::Context(c) => vec![
                c.organisation.to_string(),
                c.indicator.to_string(),
                c.region.as_str().into(),
                c.period.to_string(),
            ],
            Self::Narrative(n) => vec![
                n.organisation.to_string(),
                n.theme.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                n.year.to_string(),
                domain::Coded::code(n.section).into(),
                n.goal.as_ref().map(|g| g.to_string()).unwrap_or_default(),
            ],
            Self::AreaProfile(p) => vec![
                p.organisation.to_string(),
                p.area.as_str().into(),
                p.municipality.as_str().into(),
                p.year.to_string(),
                domain::Coded::code(p.section).into(),
            ],
        };
        parts.join("\u{1f}")
    }

    /// The domain record inside, for code that handles one kind at a time
    /// (`inner().downcast_ref::<Partner>()`). For a registration it is the
    /// [`Registration`], for survey rows the [`SurveyAnswer`].
    pub fn inner(&self) -> &dyn std::any::Any {
        match self {
            Self::Organisation(o) => o,
            Self::Partner(p) => p,
            Self::Theme(t) => t,
            Self::Goal(g) => g,
            Self::Effort(e) => e,
            Self::Registration { registration, .. } => registration,
            Self::ZrmScores(s) => s,
            Self::Collective(c) => c,
            Self::ReachPlan(r) => r,
            Self::Survey(s) => s,
            Self::SurveyAnswer { answer, .. } => answer,
            Self::Indicator(d) => d,
            Self::Context(c) => c,
            Self::Narrative(n) => n,
            Self::AreaProfile(p) => p,
        }
    }

    /// The organisation the row belongs to.
    pub fn organisation(&self) -> &OrganisationCode {
        match self {
            Self::Organisation(o) => &o.code,
            Self::Partner(p) => &p.organisation,
            Self::Theme(t) => &t.organisation,
            Self::Goal(g) => &g.organisation,
            Self::Effort(e) => &e.organisation,
            Self::Registration { registration, .. } => &registration.organisation,
            Self::ZrmScores(s) => &s.organisation,
            Self::Collective(c) => &c.organisation,
            Self::ReachPlan(r) => &r.organisation,
            Self::Survey(s) => &s.organisation,
            Self::SurveyAnswer { answer, .. } => &answer.organisation,
            Self::Indicator(d) => &d.organisation,
            Self::Context(c) => &c.organisation,
            Self::Narrative(n) => &n.organisation,
            Self::AreaProfile(p) => &p.organisation,
        }
    }
}
