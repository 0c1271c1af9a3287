//! What an import's rows may refer to: loaded from the store inside the
//! import's transaction, and grown with every file the import applies.

use crate::ids::IdTable;
use domain::*;
use interchange::{FileKind, Limits, Lookup, Pseudonymiser};
use std::collections::{BTreeMap, HashMap, HashSet};
use store::{StoreError, Tx};

/// Which stored records of an organisation a kind of file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Part {
    Din,
    Registrations,
    Surveys,
}

fn parts(kind: FileKind) -> &'static [Part] {
    match kind {
        FileKind::Organisations
        | FileKind::ReachPlan
        | FileKind::Context
        | FileKind::Indicators
        | FileKind::AreaProfiles => &[],
        FileKind::Partners | FileKind::Themes | FileKind::Goals | FileKind::Efforts => &[Part::Din],
        FileKind::Collective | FileKind::Narrative => &[Part::Din],
        FileKind::Registrations => &[Part::Din, Part::Registrations],
        FileKind::ZrmScores => &[Part::Registrations],
        FileKind::Surveys | FileKind::Survey => &[Part::Surveys],
    }
}

/// The references of an import, per organisation.
pub struct Known {
    vocabulary: Vocabulary,
    pseudonymiser: Pseudonymiser,
    limits: Limits,
    organisations: BTreeMap<OrganisationCode, Organisation>,
    partners: HashMap<OrganisationCode, BTreeMap<Id, Partner>>,
    themes: HashMap<OrganisationCode, HashSet<Id>>,
    goals: HashMap<OrganisationCode, HashSet<Id>>,
    efforts: HashMap<OrganisationCode, BTreeMap<Id, Effort>>,
    /// Per registration what its score rows need, and its digest (not the
    /// registration: an import of 10^6 keeps 10^6 of these).
    registrations: HashMap<OrganisationCode, IdTable<(ScoreRules, u64)>>,
    surveys: HashMap<OrganisationCode, HashMap<Id, Survey>>,
    loaded: HashSet<(OrganisationCode, Part)>,
}

impl Known {
    /// Starts with the organisations and the reference lists.
    pub async fn new(
        tx: &mut Tx,
        vocabulary: Vocabulary,
        pseudonymiser: Pseudonymiser,
        limits: Limits,
    ) -> Result<Self, StoreError> {
        let organisations = tx
            .load::<Organisation>(None)
            .await?
            .into_iter()
            .map(|o| (o.code.clone(), o))
            .collect();
        Ok(Self {
            vocabulary,
            pseudonymiser,
            limits,
            organisations,
            partners: HashMap::new(),
            themes: HashMap::new(),
            goals: HashMap::new(),
            efforts: HashMap::new(),
            registrations: HashMap::new(),
            surveys: HashMap::new(),
            loaded: HashSet::new(),
        })
    }

    /// What a mapping of the organisation's sources is checked against:
    /// the reference lists, the organisation, its areas and its DIN
    /// (partners, collective activities).
    pub async fn of_organisation(
        store: &store::Store,
        pseudonymiser: Pseudonymiser,
        limits: Limits,
        organisation: &OrganisationCode,
    ) -> Result<Self, StoreError> {
        let vocabulary = store.vocabulary().await?;
        let mut tx = store.begin().await?;
        let mut known = Self::new(&mut tx, vocabulary, pseudonymiser, limits).await?;
        if known.organisations.contains_key(organisation)
            && known.loaded.insert((organisation.clone(), Part::Din))
        {
            known.load(&mut tx, organisation, Part::Din).await?;
        }
        tx.rollback().await?;
        Ok(known)
    }

    /// Loads what rows of `kind` of these organisations may refer to.
    pub async fn prepare(
        &mut self,
        tx: &mut Tx,
        kind: FileKind,
        organisations: &[OrganisationCode],
    ) -> Result<(), StoreError> {
        for org in organisations {
            if !self.organisations.contains_key(org) {
                continue;
            }
            for part in parts(kind) {
                if self.loaded.insert((org.clone(), *part)) {
                    self.load(tx, org, *part).await?;
                }
            }
        }
        Ok(())
    }

    async fn load(
        &mut self,
        tx: &mut Tx,
        org: &OrganisationCode,
        part: Part,
    ) -> Result<(), StoreError> {
        match part {
            Part::Din => {
                let partners = tx.load::<Partner>(Some(org)).await?;
                self.partners
                    .entry(org.clone())
                    .or_default()
                    .extend(partners.into_iter().map(|p| (p.id.clone(), p)));
                let themes = tx.load::<Theme>(Some(org)).await?;
                self.themes
                    .entry(org.clone())
                    .or_default()
                    .extend(themes.into_iter().map(|t| t.code));
                let goals = tx.load::<Goal>(Some(org)).await?;
                self.goals
                    .entry(org.clone())
                    .or_default()
                    .extend(goals.into_iter().map(|g| g.id));
                let efforts = tx.load::<Effort>(Some(org)).await?;
                self.efforts
                    .entry(org.clone())
                    .or_default()
                    .extend(efforts.into_iter().map(|e| (e.id.clone(), e)));
            }
            Part::Registrations => {
                // One at a time: a re-import of 10^6 registrations does not
                // hold them all as records.
                let known = self.registrations.entry(org.clone()).or_default();
                tx.each(Some(org), |r: Registration| {
                    known.insert(r.id.as_str(), (r.score_rules(), r.digest()));
                })
                .await?;
            }
            Part::Surveys => {
                let surveys = tx.load::<Survey>(Some(org)).await?;
                self.surveys
                    .entry(org.clone())
                    .or_default()
                    .extend(surveys.into_iter().map(|s| (s.id.clone(), s)));
            }
        }
        Ok(())
    }

    /// Takes in an organisation that was stored.
    pub fn add_organisation(&mut self, o: &Organisation) {
        self.organisations.insert(o.code.clone(), o.clone());
    }
    /// Takes in a partner that was stored.
    pub fn add_partner(&mut self, p: &Partner) {
        self.partners
            .entry(p.organisation.clone())
            .or_default()
            .insert(p.id.clone(), p.clone());
    }
    /// Takes in a theme that was stored.
    pub fn add_theme(&mut self, t: &Theme) {
        self.themes
            .entry(t.organisation.clone())
            .or_default()
            .insert(t.code.clone());
    }
    /// Takes in a goal that was stored.
    pub fn add_goal(&mut self, g: &Goal) {
        self.goals
            .entry(g.organisation.clone())
            .or_default()
            .insert(g.id.clone());
    }
    /// Takes in an effort that was stored.
    pub fn add_effort(&mut self, e: &Effort) {
        self.efforts
            .entry(e.organisation.clone())
            .or_default()
            .insert(e.id.clone(), e.clone());
    }
    /// Takes in a registration that was stored.
    pub fn add_registration(&mut self, r: &Registration) {
        self.registrations
            .entry(r.organisation.clone())
            .or_default()
            .insert(r.id.as_str(), (r.score_rules(), r.digest()));
    }

    /// Makes room for the registrations of a file of `rows` rows of one
    /// organisation at once: a table grown row by row holds its old and
    /// new room together while it grows.
    pub fn expect_registrations(&mut self, organisation: &OrganisationCode, rows: usize) {
        let known = self.registrations.entry(organisation.clone()).or_default();
        known.reserve(rows.saturating_sub(known.len()));
    }

    /// Whether the registration is stored (or imported before) with other
    /// values than `r`.
    pub fn changes(&self, r: &Registration) -> bool {
        self.registrations
            .get(&r.organisation)
            .and_then(|known| known.get(r.id.as_str()))
            .is_some_and(|(_, digest)| *digest != r.digest())
    }
    /// Takes in a survey that was stored.
    pub fn add_survey(&mut self, s: &Survey) {
        self.surveys
            .entry(s.organisation.clone())
            .or_default()
            .insert(s.id.clone(), s.clone());
    }
}

impl Lookup for Known {
    fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }
    fn organisation(&self, code: &OrganisationCode) -> Option<&Organisation> {
        self.organisations.get(code)
    }
    fn partner(&self, organisation: &OrganisationCode, id_or_name: &str) -> Option<Id> {
        let partners = self.partners.get(organisation)?;
        let wanted = id_or_name.trim();
        if let Some(p) = partners.values().find(|p| p.id.as_str() == wanted) {
            return Some(p.id.clone());
        }
        let folded = fold::fold(wanted);
        partners
            .values()
            .find(|p| fold::fold(p.id.as_str()) == folded || fold::fold(&p.name) == folded)
            .map(|p| p.id.clone())
    }
    fn partners(&self, organisation: &OrganisationCode) -> Vec<(Id, String)> {
        self.partners
            .get(organisation)
            .map(|p| p.values().map(|p| (p.id.clone(), p.name.clone())).collect())
            .unwrap_or_default()
    }
    fn collective_activities(&self, organisation: &OrganisationCode) -> Vec<(Id, String)> {
        self.efforts
            .get(organisation)
            .map(|e| {
                e.values()
                    .filter(|e| e.category == EffortCategory::CollectiveActivity)
                    .map(|e| (e.id.clone(), e.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }
    fn has_theme(&self, organisation: &OrganisationCode, theme: &Id) -> bool {
        self.themes
            .get(organisation)
            .is_some_and(|t| t.contains(theme))
    }
    fn has_goal(&self, organisation: &OrganisationCode, goal: &Id) -> bool {
        self.goals
            .get(organisation)
            .is_some_and(|g| g.contains(goal))
    }
    fn collective_activity(&self, organisation: &OrganisationCode, id_or_name: &str) -> Option<Id> {
        let efforts = self.efforts.get(organisation)?;
        let collective = || {
            efforts
                .values()
                .filter(|e| e.category == EffortCategory::CollectiveActivity)
        };
        let wanted = id_or_name.trim();
        if let Some(e) = collective().find(|e| e.id.as_str() == wanted) {
            return Some(e.id.clone());
        }
        let folded = fold::fold(wanted);
        collective()
            .find(|e| fold::fold(e.id.as_str()) == folded || fold::fold(&e.name) == folded)
            .map(|e| e.id.clone())
    }
    fn registration(&self, organisation: &OrganisationCode, id: &Id) -> Option<ScoreRules> {
        self.registrations
            .get(organisation)?
            .get(id.as_str())
            .map(|(rules, _)| *rules)
    }
    fn survey(&self, organisation: &OrganisationCode, id: &Id) -> Option<&Survey> {
        self.surveys.get(organisation)?.get(id)
    }
    fn pseudonymiser(&self) -> &Pseudonymiser {
        &self.pseudonymiser
    }
    fn limits(&self) -> &Limits {
        &self.limits
    }
}
