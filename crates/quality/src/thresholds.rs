//! The limits past which the check reports something: configuration of
//! an installation, with defaults a careful researcher would choose.

use serde::Serialize;

/// Where the check draws its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    /// A ZRM domain or an area is reported when more than this percentage
    /// of its adult trajectories misses a goal score, or (when closed) an
    /// end score, on the main domain (default 10).
    pub missing_scores_percent: u32,
    /// A month is quiet when fewer registrations started in it than this
    /// percentage of the median month of the year (default 50).
    pub quiet_month_percent: u32,
    /// Months are only compared when the median month has at least this
    /// many new registrations (default 10): fewer vary by chance.
    pub quiet_month_minimum: u32,
    /// Support open for more than this many years at the end of the year
    /// is implausible (default 3).
    pub open_years: u32,
    /// A first contact more than this many days after the start is
    /// implausible (default 60).
    pub first_contact_days: u32,
    /// A survey with fewer responses than this is reported (default 30,
    /// as the survey page warns).
    pub survey_responses: u32,
}

impl Default for Thresholds {
    /// 10 %, 50 % of a median of at least 10, 3 years, 60 days, 30.
    fn default() -> Self {
        Self {
            missing_scores_percent: 10,
            quiet_month_percent: 50,
            quiet_month_minimum: 10,
            open_years: 3,
            first_contact_days: 60,
            survey_responses: 30,
        }
    }
}
