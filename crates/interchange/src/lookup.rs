//! What a file may refer to, looked up in what is stored plus what the same
//! import already brought in.

use crate::limits::Limits;
use crate::pseudonym::Pseudonymiser;
use domain::{Id, Organisation, OrganisationCode, ScoreRules, Survey, Vocabulary};

/// The references a row is checked against. The importer implements it over
/// the store (in the import's transaction), so that a file may refer to
/// rows of a file imported with it.
pub trait Lookup {
    /// The ZRM domains and PG dimensions in force.
    fn vocabulary(&self) -> &Vocabulary;
    /// An organisation by code.
    fn organisation(&self, code: &OrganisationCode) -> Option<&Organisation>;
    /// A partner of the organisation by id or name; its id.
    fn partner(&self, organisation: &OrganisationCode, id_or_name: &str) -> Option<Id>;
    /// Whether the organisation's DIN has the theme.
    fn has_theme(&self, organisation: &OrganisationCode, theme: &Id) -> bool;
    /// Whether the organisation's DIN has the goal.
    fn has_goal(&self, organisation: &OrganisationCode, goal: &Id) -> bool;
    /// A collective-activity effort of the organisation by id or name; its id.
    fn collective_activity(&self, organisation: &OrganisationCode, id_or_name: &str) -> Option<Id>;
    /// The partners of the organisation's DIN: id and name.
    fn partners(&self, organisation: &OrganisationCode) -> Vec<(Id, String)>;
    /// The collective activities of the organisation's DIN: id and name.
    fn collective_activities(&self, organisation: &OrganisationCode) -> Vec<(Id, String)>;
    /// What the score rules need of a registration of the organisation.
    fn registration(&self, organisation: &OrganisationCode, id: &Id) -> Option<ScoreRules>;
    /// A survey of the organisation.
    fn survey(&self, organisation: &OrganisationCode, id: &Id) -> Option<&Survey>;
    /// The installation's pseudonymiser for client codes.
    fn pseudonymiser(&self) -> &Pseudonymiser;
    /// The installation's limits (the dates a row may give).
    fn limits(&self) -> &Limits;
}
