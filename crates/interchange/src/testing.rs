//! A fixed [`Lookup`] for tests and fuzz targets that read and parse files
//! without a store.

use crate::{Limits, Lookup, Pseudonymiser};
use domain::*;

/// A lookup that knows one organisation (`deschans`), a partner
/// `huisarts`, a theme `armoede`, a goal `g1` and an activity `walk`.
pub struct Fixed {
    vocabulary: Vocabulary,
    organisation: Organisation,
    pseudonymiser: Pseudonymiser,
    limits: Limits,
}

fn item(code: &str, name: &str) -> ReferenceItem {
    ReferenceItem {
        code: code.into(),
        name: name.into(),
        aliases: vec![],
    }
}

impl Fixed {
    /// The fixed lookup.
    pub fn new() -> Self {
        Self {
            vocabulary: Vocabulary {
                zrm_domains: vec![
                    item("financien", "Financiën"),
                    item("werk_opleiding", "Werk & opleiding"),
                ],
                pg_dimensions: vec![item("meedoen", "Meedoen")],
            },
            organisation: Organisation {
                code: OrganisationCode::parse("deschans").unwrap(),
                name: "De Schans".into(),
                municipalities: vec![MunicipalityCode::parse("GM1969").unwrap()],
                areas: vec![AreaName::parse("Leek").unwrap()],
            },
            pseudonymiser: Pseudonymiser::new(b"a test secret of enough characters"),
            limits: Limits::default(),
        }
    }
}

impl Lookup for Fixed {
    fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
    fn organisation(&self, code: &OrganisationCode) -> Option<&Organisation> {
        (code == &self.organisation.code).then_some(&self.organisation)
    }
    fn partner(&self, _: &OrganisationCode, id_or_name: &str) -> Option<Id> {
        (id_or_name == "huisarts").then(|| Id::parse("huisarts").unwrap())
    }
    fn has_theme(&self, _: &OrganisationCode, theme: &Id) -> bool {
        theme.as_str() == "armoede"
    }
    fn has_goal(&self, _: &OrganisationCode, goal: &Id) -> bool {
        goal.as_str() == "g1"
    }
    fn collective_activity(&self, _: &OrganisationCode, id_or_name: &str) -> Option<Id> {
        (id_or_name == "walk").then(|| Id::parse("walk").unwrap())
    }
    fn registration(&self, _: &OrganisationCode, _: &Id) -> Option<&Registration> {
        None
    }
    fn survey(&self, _: &OrganisationCode, _: &Id) -> Option<&Survey> {
        None
    }
    fn pseudonymiser(&self) -> &Pseudonymiser {
        &self.pseudonymiser
    }
    fn limits(&self) -> &Limits {
        &self.limits
    }
}


impl Default for Fixed {
    fn default() -> Self {
        Self::new()
    }
}
