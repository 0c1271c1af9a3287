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
        let mut key = String::new();
        self.write_key(&mut key);
        key
    }

    /// Writes the row's [`key`](Self::key) into `out` (emptied first), so
    /// that a reader of many rows reuses one buffer.
    pub fn write_key(&self, out: &mut String) {
        use std::fmt::{Display, Write};
        out.clear();
        let parts: &[&dyn Display] = match self {
            Self::Organisation(o) => &[&o.code],
            Self::Partner(p) => &[&p.organisation, &p.id],
            Self::Theme(t) => &[&t.organisation, &t.code, &t.year],
            Self::Goal(g) => &[&g.organisation, &g.id],
            Self::Effort(e) => &[&e.organisation, &e.id],
            Self::Registration {
                registration: r, ..
            } => &[&r.organisation, &r.id],
            Self::ZrmScores(s) => &[&s.organisation, &s.registration, &s.domain.as_str()],
            Self::Collective(c) => &[
                &c.organisation,
                &c.activity,
                &c.area.as_ref().map_or("", |a| a.as_str()),
                &c.group.as_deref().unwrap_or_default(),
                &c.period_start,
            ],
            Self::ReachPlan(r) => &[
                &r.organisation,
                &r.year,
                &r.societal_task,
                &r.service.as_deref().unwrap_or_default(),
            ],
            Self::Survey(s) => &[&s.organisation, &s.id],
            Self::SurveyAnswer { answer: a, .. } => {
                &[&a.organisation, &a.survey, &a.question, &a.answer]
            }
            Self::Indicator(d) => &[&d.organisation, &d.indicator],
            Self::Context(c) => &[&c.organisation, &c.indicator, &c.region.as_str(), &c.period],
            Self::Narrative(n) => &[
                &n.organisation,
                &n.theme.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                &n.year,
                &domain::Coded::code(n.section),
                &n.goal.as_ref().map(|g| g.to_string()).unwrap_or_default(),
            ],
            Self::AreaProfile(p) => &[
                &p.organisation,
                &p.area.as_str(),
                &p.municipality.as_str(),
                &p.year,
                &domain::Coded::code(p.section),
            ],
        };
        for (index, part) in parts.iter().enumerate() {
            if index > 0 {
                out.push('\u{1f}');
            }
            // Writing to a String cannot fail.
            let _ = write!(out, "{part}");
        }
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
