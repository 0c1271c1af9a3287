//! Export: the stored records of a kind as an interchange file.

use domain::{
    AreaProfile, CollectivePeriod, ContextValue, DomainScores, Effort, Goal, IndicatorDefinition,
    Narrative, Organisation, OrganisationCode, Partner, ReachPlan, Registration, Survey,
    SurveyAnswer, Theme,
};
use interchange::{write_csv, FileKind, Record};
use std::collections::HashMap;
use store::{Store, StoreError, Stored, Tx};

async fn all<T: Stored>(
    tx: &mut Tx,
    org: Option<&OrganisationCode>,
    wrap: impl Fn(T) -> Record,
) -> Result<Vec<Record>, StoreError> {
    Ok(tx.load::<T>(org).await?.into_iter().map(wrap).collect())
}

/// The records of `kind` (of one organisation, or of all) as a CSV file in
/// the interchange format; importing it into an empty database and
/// exporting again gives the same bytes. Returns the file and its number
/// of records.
pub async fn export(
    store: &Store,
    kind: FileKind,
    organisation: Option<&OrganisationCode>,
) -> Result<(Vec<u8>, usize), StoreError> {
    let mut tx = store.begin().await?;
    let org = organisation;
    let records = match kind {
        FileKind::Organisations => all::<Organisation>(&mut tx, None, Record::Organisation)
            .await?
            .into_iter()
            .filter(|r| org.is_none_or(|o| r.organisation() == o))
            .collect(),
        FileKind::Partners => all::<Partner>(&mut tx, org, Record::Partner).await?,
        FileKind::Themes => all::<Theme>(&mut tx, org, Record::Theme).await?,
        FileKind::Goals => all::<Goal>(&mut tx, org, Record::Goal).await?,
        FileKind::Efforts => all::<Effort>(&mut tx, org, Record::Effort).await?,
        FileKind::Registrations => {
            all::<Registration>(&mut tx, org, |registration| Record::Registration {
                registration,
                wide_scores: Vec::new(),
            })
            .await?
        }
        FileKind::ZrmScores => all::<DomainScores>(&mut tx, org, Record::ZrmScores).await?,
        FileKind::Collective => all::<CollectivePeriod>(&mut tx, org, Record::Collective).await?,
        FileKind::ReachPlan => all::<ReachPlan>(&mut tx, org, Record::ReachPlan).await?,
        FileKind::Surveys => all::<Survey>(&mut tx, org, Record::Survey).await?,
        FileKind::Survey => {
            let surveys: HashMap<(OrganisationCode, domain::Id), Survey> = tx
                .load::<Survey>(org)
                .await?
                .into_iter()
                .map(|s| ((s.organisation.clone(), s.id.clone()), s))
                .collect();
            tx.load::<SurveyAnswer>(org)
                .await?
                .into_iter()
                .filter_map(|answer| {
                    let survey = surveys
                        .get(&(answer.organisation.clone(), answer.survey.clone()))?
                        .clone();
                    Some(Record::SurveyAnswer {
                        survey,
                        answer,
                        aggregated: true,
                    })
                })
                .collect()
        }
        FileKind::Indicators => {
            // The organisation's own definitions, then the installation's
            // (the measures of the CBS tables it imported) as the
            // organisation reads them.
            let mut own: Vec<IndicatorDefinition> = tx.load(org).await?;
            if let Some(org) = org {
                let public: Vec<IndicatorDefinition> = tx.public(org).await?;
                for d in public {
                    if !own.iter().any(|o| o.indicator == d.indicator) {
                        own.push(d);
                    }
                }
            }
            own.into_iter().map(Record::Indicator).collect()
        }
        FileKind::Context => all::<ContextValue>(&mut tx, org, Record::Context).await?,
        FileKind::Narrative => all::<Narrative>(&mut tx, org, Record::Narrative).await?,
        FileKind::AreaProfiles => all::<AreaProfile>(&mut tx, org, Record::AreaProfile).await?,
    };
    tx.rollback().await?;
    Ok((write_csv(kind, &records), records.len()))
}
