//! What the check found: a kind of problem, how serious it is, what it is
//! about and how many registrations or items it concerns.

use domain::{AreaName, Id, ZrmDomain};
use serde::Serialize;

/// Whether a finding stops publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Publishing waits until it is mended.
    Blocks,
    /// The researcher may publish past it, and may tell the reader.
    Warns,
}

/// The kinds of problem the check knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A registration with a date after today.
    FutureDate,
    /// The same count with two values where the municipality reads both.
    Contradiction,
    /// A count that changed by less than k since the page's previous
    /// version: whoever keeps both versions reads the small difference.
    SmallRevision,
    /// Adult trajectories of a domain or an area without a goal score or,
    /// when closed, an end score.
    MissingScores,
    /// Trajectories closed in the year without any end score.
    ClosedWithoutEndScore,
    /// An area of the organisation without any registration in the year.
    AreaWithoutRegistrations,
    /// A month with far fewer new registrations than the others.
    QuietMonth,
    /// Support open for longer than is plausible.
    LongOpen,
    /// A first contact long after the start.
    LateFirstContact,
    /// One client with two overlapping registrations of the same form.
    DuplicateClient,
    /// A goal without the researchers' interpretation.
    GoalWithoutInterpretation,
    /// A theme without context indicators.
    ThemeWithoutContext,
    /// A survey with fewer responses than a survey result can bear.
    SmallSurvey,
    /// A collective activity without its group strength.
    CollectiveWithoutStrength,
}

impl Kind {
    /// How serious the kind is: dates after today block; everything else
    /// warns (figures that disagree within one data version block too, see
    /// [`crate::contradictions`]).
    pub fn severity(self) -> Severity {
        match self {
            Self::FutureDate => Severity::Blocks,
            _ => Severity::Warns,
        }
    }

    /// The kind's code, as in the JSON of `impactmonitor check` and the
    /// message keys (`check.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Self::FutureDate => "future_date",
            Self::Contradiction => "contradiction",
            Self::SmallRevision => "small_revision",
            Self::MissingScores => "missing_scores",
            Self::ClosedWithoutEndScore => "closed_without_end_score",
            Self::AreaWithoutRegistrations => "area_without_registrations",
            Self::QuietMonth => "quiet_month",
            Self::LongOpen => "long_open",
            Self::LateFirstContact => "late_first_contact",
            Self::DuplicateClient => "duplicate_client",
            Self::GoalWithoutInterpretation => "goal_without_interpretation",
            Self::ThemeWithoutContext => "theme_without_context",
            Self::SmallSurvey => "small_survey",
            Self::CollectiveWithoutStrength => "collective_without_strength",
        }
    }
}

/// What a finding is about, and so where it is mended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum About {
    /// The organisation's registrations of the year.
    Registrations,
    /// The adult trajectories with one main domain.
    Domain {
        /// The ZRM domain's code.
        domain: String,
    },
    /// One area.
    Area {
        /// The area's name.
        area: String,
    },
    /// One month of the year (1–12).
    Month {
        /// The month's number.
        month: u32,
    },
    /// A goal of a theme.
    Goal {
        /// The theme's code.
        theme: String,
        /// The goal's id.
        goal: String,
        /// The goal in the researchers' operational wording.
        text: String,
    },
    /// A theme of the year.
    Theme {
        /// The theme's code.
        theme: String,
        /// Its name.
        name: String,
    },
    /// A survey.
    Survey {
        /// The survey's id.
        survey: String,
    },
    /// A collective activity (a group of it, where it runs several).
    Activity {
        /// The effort's id.
        activity: String,
        /// The activity's name in the DIN.
        name: String,
        /// The group, where given.
        group: Option<String>,
    },
    /// A figure that two pages show.
    Figure {
        /// The figure: indicator, breakdown and field.
        figure: String,
        /// The page that shows it (e.g. `monitor/2022`) and its value.
        page: String,
        /// The value on that page.
        value: String,
        /// The other page and its value.
        other_page: String,
        /// The value on the other page.
        other_value: String,
    },
}

impl About {
    /// A domain's findings.
    pub fn domain(d: &ZrmDomain) -> Self {
        Self::Domain {
            domain: d.as_str().to_string(),
        }
    }

    /// An area's findings.
    pub fn area(a: &AreaName) -> Self {
        Self::Area {
            area: a.as_str().to_string(),
        }
    }
}

/// One thing the check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: Kind,
    /// Whether it blocks publishing.
    pub severity: Severity,
    /// What it is about.
    pub about: About,
    /// How many registrations or items it concerns.
    pub count: u64,
    /// Out of how many, where it is a share.
    pub total: Option<u64>,
    /// The registrations concerned (their ids), where it concerns
    /// registrations: where to mend it.
    pub registrations: Vec<Id>,
}

impl Finding {
    /// A finding of a kind, with the kind's severity.
    pub fn new(kind: Kind, about: About, count: u64) -> Self {
        Self {
            kind,
            severity: kind.severity(),
            about,
            count,
            total: None,
            registrations: Vec::new(),
        }
    }

    /// The same finding out of a total.
    pub fn of(mut self, total: u64) -> Self {
        self.total = Some(total);
        self
    }

    /// The same finding about these registrations (sorted).
    pub fn concerning(mut self, mut ids: Vec<Id>) -> Self {
        ids.sort();
        ids.dedup();
        self.registrations = ids;
        self
    }
}

/// Blocking findings first, then by kind and what they are about.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| (a.severity, a.kind, &a.about).cmp(&(b.severity, b.kind, &b.about)));
}
