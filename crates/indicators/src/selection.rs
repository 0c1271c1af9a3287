//! Which registrations a figure is about: organisation, period (with the
//! period rule), area, age group and theme.

use chrono::Datelike;
use domain::{
    AgeGroup, AreaName, Date, DomainScores, Effort, Id, OrganisationCode, ReachPlan, Registration,
    Theme, ZrmDomain,
};
use std::collections::HashMap;

/// How a registration belongs to a period (DOMAIN.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodRule {
    /// Support running in the period: start ≤ last day and (no end, or end
    /// ≥ first day). The default.
    Running,
    /// Started in the period.
    Started,
    /// Closed (ended) in the period.
    Closed,
}

/// A period from `first` to `last` (both included) with its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub first: Date,
    /// Last day.
    pub last: Date,
    /// How a registration belongs to it.
    pub rule: PeriodRule,
}

impl Period {
    /// A calendar year.
    pub fn year(year: i32, rule: PeriodRule) -> Option<Self> {
        Some(Self {
            first: Date::from_ymd_opt(year, 1, 1)?,
            last: Date::from_ymd_opt(year, 12, 31)?,
            rule,
        })
    }

    /// Whether the registration belongs to the period under its rule.
    pub fn includes(&self, r: &Registration) -> bool {
        self.includes_span(r.start_date, r.end_date)
    }

    /// Whether something from `start` to `end` (open: still running)
    /// belongs to the period under its rule: running in it, started in it,
    /// or ended in it.
    pub fn includes_span(&self, start: Date, end: Option<Date>) -> bool {
        let within = |d: Date| self.first <= d && d <= self.last;
        match self.rule {
            PeriodRule::Running => start <= self.last && end.is_none_or(|end| end >= self.first),
            PeriodRule::Started => within(start),
            PeriodRule::Closed => end.is_some_and(within),
        }
    }

    /// Whether a year (of a plan, a survey, a statistic) lies within the
    /// period's first and last day, whatever the rule.
    pub fn covers_year(&self, year: i32) -> bool {
        self.first.year() <= year && year <= self.last.year()
    }
}

/// A theme's part of the registrations in one monitor year: those whose
/// main domain is one of the theme's ZRM domains that year, or whose
/// service belongs to the theme's societal task.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeFilter {
    /// The theme's code: collective activities belong to it through their
    /// effort's themes in the DIN.
    pub code: Option<Id>,
    /// The theme's ZRM domains that year.
    pub domains: Vec<ZrmDomain>,
    /// The services of the theme's societal task.
    pub services: Vec<String>,
}

impl ThemeFilter {
    /// A theme of the DIN in its monitor year, with the services of its
    /// societal task from the reach plan of that year.
    pub fn of(theme: &Theme, plans: &[ReachPlan]) -> Self {
        let services = match &theme.societal_task {
            Some(task) => plans
                .iter()
                .filter(|p| p.organisation == theme.organisation && p.year == theme.year)
                .filter(|p| &p.societal_task == task)
                .filter_map(|p| p.service.clone())
                .collect(),
            None => Vec::new(),
        };
        Self {
            code: Some(theme.code.clone()),
            domains: theme.zrm_domains.clone(),
            services,
        }
    }

    /// Whether an effort of the DIN serves this theme.
    pub fn serves(&self, effort: &Effort) -> bool {
        self.code
            .as_ref()
            .is_some_and(|c| effort.themes.contains(c))
    }

    fn includes(&self, r: &Registration) -> bool {
        self.domains.contains(&r.main_domain)
            || r.service
                .as_ref()
                .is_some_and(|s| self.services.contains(s))
    }
}

/// What to compute over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The period and its rule.
    pub period: Period,
    /// Only this area.
    pub area: Option<AreaName>,
    /// Only this age group (as given, or derived from the birth year).
    pub age_group: Option<AgeGroup>,
    /// Only this theme.
    pub theme: Option<ThemeFilter>,
}

impl Selection {
    /// Whether a registration is in the selection.
    pub fn includes(&self, r: &Registration) -> bool {
        r.organisation == self.organisation
            && self.period.includes(r)
            && self
                .area
                .as_ref()
                .is_none_or(|a| r.area.as_ref() == Some(a))
            && self.age_group.is_none_or(|g| r.age_group() == g)
            && self.theme.as_ref().is_none_or(|t| t.includes(r))
    }
}

/// A registration in the selection with its ZRM scores.
#[derive(Debug, Clone)]
pub struct Case<'a> {
    /// The registration.
    pub registration: &'a Registration,
    /// Its scores, one per scored domain.
    pub scores: Vec<&'a DomainScores>,
}

impl Case<'_> {
    /// The scores on one domain, if scored.
    pub fn on(&self, domain: &ZrmDomain) -> Option<&DomainScores> {
        self.scores.iter().copied().find(|s| &s.domain == domain)
    }

    /// Whether the registration is an adult individual trajectory, the
    /// population of goal realisation.
    pub fn is_adult_trajectory(&self) -> bool {
        self.registration.form == domain::SupportForm::Trajectory && self.registration.is_adult()
    }
}

/// The registrations in the selection with their scores, read once: O(n)
/// in registrations plus scores.
pub fn cases<'a>(
    registrations: &'a [Registration],
    scores: &'a [DomainScores],
    selection: &Selection,
) -> Vec<Case<'a>> {
    let mut selected: Vec<Case<'a>> = registrations
        .iter()
        .filter(|r| selection.includes(r))
        .map(|registration| Case {
            registration,
            scores: Vec::new(),
        })
        .collect();
    let index: HashMap<(&OrganisationCode, &str), usize> = selected
        .iter()
        .enumerate()
        .map(|(i, c)| {
            (
                (&c.registration.organisation, c.registration.id.as_str()),
                i,
            )
        })
        .collect();
    for score in scores {
        if let Some(i) = index.get(&(&score.organisation, score.registration.as_str())) {
            selected[*i].scores.push(score);
        }
    }
    selected
}
