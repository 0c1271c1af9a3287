//! Planned reach from the subsidy application.

use crate::codes::OrganisationCode;
use serde::{Deserialize, Serialize};

/// Planned (and, where no microdata exist, reported achieved) reach of a
/// societal task or one of its services in a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachPlan {
    /// The organisation.
    pub organisation: OrganisationCode,
    /// The year.
    pub year: i32,
    /// The societal task (maatschappelijke opgave).
    pub societal_task: String,
    /// The service within the task, if the plan is per service.
    pub service: Option<String>,
    /// Planned number of residents reached.
    pub planned: u32,
    /// Achieved reach as reported (labelled as reported); `None` when it is
    /// computed from registrations.
    pub achieved: Option<u32>,
}
