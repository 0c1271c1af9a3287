//! Everything of one organisation that its figures are computed from, read
//! in one transaction: one query per record kind, never one per figure.

use crate::connect::Store;
use crate::error::StoreError;
use domain::{
    AreaProfile, CollectivePeriod, ContextValue, DomainScores, Effort, Goal, IndicatorDefinition,
    Narrative, Organisation, OrganisationCode, Partner, ReachPlan, Region, Registration,
    StoredRows, Survey, SurveyAnswer, Theme,
};

/// The records of one organisation at one data version.
#[derive(Debug, Clone)]
pub struct OrganisationRecords {
    /// The organisation, with its municipalities and areas.
    pub organisation: Organisation,
    /// The organisation's data version the records were read at
    /// ([`crate::DataVersions::of`]).
    pub data_version: i64,
    /// Themes per monitor year (with their ZRM domains and societal task).
    pub themes: Vec<Theme>,
    /// The DIN's goals per theme.
    pub goals: Vec<Goal>,
    /// The DIN's partners.
    pub partners: Vec<Partner>,
    /// The DIN's efforts.
    pub efforts: Vec<Effort>,
    /// Individual support registrations.
    pub registrations: Vec<Registration>,
    /// Their ZRM scores.
    pub scores: Vec<DomainScores>,
    /// Collective activity periods.
    pub collective: Vec<CollectivePeriod>,
    /// Planned reach.
    pub reach_plans: Vec<ReachPlan>,
    /// Surveys.
    pub surveys: Vec<Survey>,
    /// Survey answers as counts.
    pub survey_answers: Vec<SurveyAnswer>,
    /// Context statistics of the organisation's own region (the nation,
    /// its municipalities' provinces, its municipalities and those they
    /// were formed from, their wijken and buurten, its areas).
    pub context: Vec<ContextValue>,
    /// The public statistics of every other municipality: the reference
    /// groups its municipalities are compared with.
    pub compared: Vec<ContextValue>,
    /// What each context indicator is called and where it comes from.
    pub definitions: Vec<IndicatorDefinition>,
    /// Region reference data (which province a municipality lies in).
    pub regions: Vec<Region>,
    /// The researchers' texts per theme and year.
    pub narratives: Vec<Narrative>,
    /// Area profile texts.
    pub area_profiles: Vec<AreaProfile>,
    /// Figures kept for years whose registrations were purged: the pages
    /// read these instead of computing those years.
    pub stored: Vec<crate::StoredFigures>,
}

/// How the registrations and their scores are read with the other
/// records of an organisation.
pub enum Registrations<'f> {
    /// As validated records, in [`OrganisationRecords::registrations`]
    /// and [`OrganisationRecords::scores`].
    AsRecords,
    /// Handed to this as the store holds them, without validating them
    /// again; `registrations` and `scores` stay empty (the figures'
    /// columns are laid out from them).
    Stored(&'f mut (dyn StoredRows + Send)),
}

impl Store {
    /// Reads the records of an organisation in one transaction, so that
    /// they belong to one data version; `None` when the organisation is
    /// not known.
    pub async fn organisation_records(
        &self,
        code: &OrganisationCode,
    ) -> Result<Option<OrganisationRecords>, StoreError> {
        self.organisation_records_with(code, Registrations::AsRecords)
            .await
    }

    /// Reads the records of an organisation as [`Store::organisation_records`]
    /// does, the registrations and scores as `registrations` says.
    pub async fn organisation_records_with(
        &self,
        code: &OrganisationCode,
        registrations: Registrations<'_>,
    ) -> Result<Option<OrganisationRecords>, StoreError> {
        let mut tx = self.begin().await?;
        let organisations: Vec<Organisation> = tx.load(None).await?;
        let Some(organisation) = organisations.into_iter().find(|o| &o.code == code) else {
            tx.rollback().await?;
            return Ok(None);
        };
        let org = Some(code);
        let (registrations, scores) = match registrations {
            Registrations::AsRecords => (tx.load(org).await?, tx.load(org).await?),
            Registrations::Stored(rows) => {
                tx.each_stored_registration(code, &mut |r| rows.registration(r))
                    .await?;
                tx.each_stored_scores(code, &mut |s| rows.scores(s)).await?;
                (Vec::new(), Vec::new())
            }
        };
        // Public statistics of every region may be stored (a comparison
        // needs them); the monitor reads those of its own region.
        let classification = domain::Classification::builtin();
        let mut stored: Vec<ContextValue> = tx.load(org).await?;
        stored.extend(tx.public::<ContextValue>(code).await?);
        let mut definitions: Vec<IndicatorDefinition> = tx.load(org).await?;
        for d in tx.public::<IndicatorDefinition>(code).await? {
            if !definitions.iter().any(|own| own.indicator == d.indicator) {
                definitions.push(d);
            }
        }
        let mut regions: Vec<Region> = tx.load(org).await?;
        regions.extend(tx.public::<Region>(code).await?);
        let (context, compared): (Vec<ContextValue>, Vec<ContextValue>) = {
            let municipalities: Vec<&str> = organisation
                .municipalities
                .iter()
                .map(|m| m.as_str())
                .collect();
            let (context, rest): (Vec<_>, Vec<_>) = stored
                .into_iter()
                .partition(|v| classification.concerns(v.region.as_str(), &municipalities));
            let others = rest
                .into_iter()
                .filter(|v| v.region.as_str().starts_with("GM"))
                .collect();
            (context, others)
        };
        let records = OrganisationRecords {
            organisation,
            data_version: tx.data_version_of(code).await?,
            themes: tx.load(org).await?,
            goals: tx.load(org).await?,
            partners: tx.load(org).await?,
            efforts: tx.load(org).await?,
            registrations,
            scores,
            collective: tx.load(org).await?,
            reach_plans: tx.load(org).await?,
            surveys: tx.load(org).await?,
            survey_answers: tx.load(org).await?,
            context,
            compared,
            definitions,
            regions,
            narratives: tx.load(org).await?,
            area_profiles: tx.load(org).await?,
            stored: tx.stored_figures(code).await?,
        };
        tx.rollback().await?;
        Ok(Some(records))
    }
}
