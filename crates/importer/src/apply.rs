//! Storing a file's valid records, kind by kind, and telling per record
//! whether it was inserted, updated or unchanged.

use crate::known::Known;
use domain::*;
use interchange::{FileKind, Record};
use std::collections::{BTreeMap, HashMap};
use store::{Outcome, StoreError, Stored, Tx};

/// The records of one kind among a part's records.
fn of_kind<T: 'static>(records: &[Record]) -> impl Iterator<Item = &T> {
    records.iter().filter_map(|r| r.inner().downcast_ref::<T>())
}

/// Stores the records of one kind.
async fn save_all<T: Stored + Sync + 'static>(
    tx: &mut Tx,
    records: &[Record],
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    tx.save(of_kind::<T>(records), actor).await
}

/// Stores the records of a kind the installation may hold: those of a file
/// of its public statistics (every record the installation's, see
/// `FileKind::may_be_public`) as its own, the others as their
/// organisation's.
async fn save_maybe_public<T: store::Shared + Clone + Sync + 'static>(
    tx: &mut Tx,
    records: &[Record],
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    let installation = OrganisationCode::installation();
    if records
        .first()
        .is_some_and(|r| r.organisation() == &installation)
    {
        let public: Vec<store::Public<T>> = of_kind::<T>(records)
            .cloned()
            .map(store::Public::new)
            .collect();
        return tx.save(&public, actor).await;
    }
    save_all::<T>(tx, records, actor).await
}

/// Combines two outcomes of one row (a registration and its wide scores).
fn combine(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Inserted, _) | (_, Outcome::Inserted) => Outcome::Inserted,
        (Outcome::Updated, _) | (_, Outcome::Updated) => Outcome::Updated,
        _ => Outcome::Unchanged,
    }
}

/// What storing a part of a file brings along beyond its records: the
/// surveys that answers to a survey not yet known bring in.
#[derive(Debug, Default)]
pub struct Remembered {
    new_surveys: Vec<Survey>,
}

/// Tells `known` about the records of one part of a file (all of one
/// kind), as [`store`] will store them, so that later rows and files may
/// refer to them. Done before the part is stored, so that the next part
/// is read while this one is written.
pub fn remember(known: &mut Known, kind: FileKind, records: &[Record]) -> Remembered {
    match kind {
        FileKind::Organisations => of_kind(records).for_each(|o| known.add_organisation(o)),
        FileKind::Partners => of_kind(records).for_each(|p| known.add_partner(p)),
        FileKind::Themes => of_kind(records).for_each(|t| known.add_theme(t)),
        FileKind::Goals => of_kind(records).for_each(|g| known.add_goal(g)),
        FileKind::Efforts => of_kind(records).for_each(|e| known.add_effort(e)),
        FileKind::Surveys => of_kind(records).for_each(|s| known.add_survey(s)),
        FileKind::Registrations => {
            for record in records {
                if let Record::Registration { registration, .. } = record {
                    known.add_registration(registration);
                }
            }
        }
        FileKind::Survey => return remember_surveys(known, records),
        FileKind::ZrmScores
        | FileKind::Collective
        | FileKind::ReachPlan
        | FileKind::Indicators
        | FileKind::Context
        | FileKind::Narrative
        | FileKind::AreaProfiles => {}
    }
    Remembered::default()
}

/// The surveys that answers bring in, told to `known`.
fn remember_surveys(known: &mut Known, records: &[Record]) -> Remembered {
    let mut new_surveys: BTreeMap<(OrganisationCode, Id), Survey> = BTreeMap::new();
    for record in records {
        let Record::SurveyAnswer { survey, .. } = record else {
            continue;
        };
        if interchange::Lookup::survey(known, &survey.organisation, &survey.id).is_none() {
            new_surveys.insert(
                (survey.organisation.clone(), survey.id.clone()),
                survey.clone(),
            );
        }
    }
    let new_surveys: Vec<Survey> = new_surveys.into_values().collect();
    new_surveys.iter().for_each(|s| known.add_survey(s));
    Remembered { new_surveys }
}

/// Stores the records of one part of a file (all of one kind), after
/// [`remember`]. The outcomes are in record order.
pub async fn store(
    tx: &mut Tx,
    kind: FileKind,
    records: &[Record],
    remembered: Remembered,
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    match kind {
        FileKind::Organisations => save_all::<Organisation>(tx, records, actor).await,
        FileKind::Partners => save_all::<Partner>(tx, records, actor).await,
        FileKind::Themes => save_all::<Theme>(tx, records, actor).await,
        FileKind::Goals => save_all::<Goal>(tx, records, actor).await,
        FileKind::Efforts => save_all::<Effort>(tx, records, actor).await,
        FileKind::Registrations => store_registrations(tx, records, actor).await,
        FileKind::ZrmScores => save_all::<DomainScores>(tx, records, actor).await,
        FileKind::Collective => save_all::<CollectivePeriod>(tx, records, actor).await,
        FileKind::ReachPlan => save_all::<ReachPlan>(tx, records, actor).await,
        FileKind::Surveys => save_all::<Survey>(tx, records, actor).await,
        FileKind::Survey => store_answers(tx, records, remembered, actor).await,
        FileKind::Indicators => save_maybe_public::<IndicatorDefinition>(tx, records, actor).await,
        FileKind::Context => save_maybe_public::<ContextValue>(tx, records, actor).await,
        FileKind::Narrative => save_all::<Narrative>(tx, records, actor).await,
        FileKind::AreaProfiles => save_all::<AreaProfile>(tx, records, actor).await,
    }
}

async fn store_registrations(
    tx: &mut Tx,
    records: &[Record],
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    let mut registrations = Vec::with_capacity(records.len());
    let mut scores = Vec::new();
    let (mut cleared, mut cleared_owner) = (Vec::new(), Vec::new());
    let mut score_owner = Vec::new();
    for (i, record) in records.iter().enumerate() {
        let Record::Registration {
            registration,
            wide_scores,
        } = record
        else {
            continue;
        };
        registrations.push(registration);
        for s in wide_scores {
            if s.is_empty() {
                cleared.push(s.clone());
                cleared_owner.push(i);
            } else {
                scores.push(s);
                score_owner.push(i);
            }
        }
    }
    let mut outcomes = tx.save(registrations, actor).await?;
    for (owner, outcome) in score_owner.iter().zip(tx.save(scores, actor).await?) {
        outcomes[*owner] = combine(outcomes[*owner], outcome);
    }
    for (owner, was_stored) in cleared_owner.iter().zip(tx.delete(&cleared).await?) {
        if was_stored {
            outcomes[*owner] = combine(outcomes[*owner], Outcome::Updated);
        }
    }
    Ok(outcomes)
}

async fn store_answers(
    tx: &mut Tx,
    records: &[Record],
    remembered: Remembered,
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    let mut cells: BTreeMap<String, SurveyAnswer> = BTreeMap::new();
    let mut keys = Vec::with_capacity(records.len());
    for record in records {
        let Record::SurveyAnswer { answer, .. } = record else {
            continue;
        };
        let key = record.key();
        cells
            .entry(key.clone())
            .and_modify(|a| a.count += answer.count)
            .or_insert_with(|| answer.clone());
        keys.push(key);
    }
    tx.save(&remembered.new_surveys, actor).await?;
    let (cell_keys, answers): (Vec<String>, Vec<SurveyAnswer>) = cells.into_iter().unzip();
    let outcome_of: HashMap<String, Outcome> = cell_keys
        .into_iter()
        .zip(tx.save(&answers, actor).await?)
        .collect();
    Ok(keys.iter().map(|k| outcome_of[k]).collect())
}

/// The stored scores per organisation and registration, read once per
/// import when a registration with scores changes.
pub type StoredScores = HashMap<OrganisationCode, HashMap<Id, Vec<DomainScores>>>;

/// Registrations that change while scores stay stored: the stored scores
/// must still hold (no goal score once the client is a minor, no end score
/// once the end date is gone). Returns, per record position, the problems.
pub async fn stored_score_conflicts(
    tx: &mut Tx,
    known: &Known,
    records: &[(usize, Record)],
    stored: &mut StoredScores,
) -> Result<Vec<(usize, Vec<(Field, Problem)>)>, StoreError> {
    let mut conflicts = Vec::new();
    for (position, (_, record)) in records.iter().enumerate() {
        let Record::Registration {
            registration,
            wide_scores,
        } = record
        else {
            continue;
        };
        let org = &registration.organisation;
        let changed = known.changes(registration);
        if !changed {
            continue;
        }
        if !stored.contains_key(org) {
            let mut by_registration: HashMap<Id, Vec<DomainScores>> = HashMap::new();
            for s in tx.load::<DomainScores>(Some(org)).await? {
                by_registration
                    .entry(s.registration.clone())
                    .or_default()
                    .push(s);
            }
            stored.insert(org.clone(), by_registration);
        }
        let problems: Vec<(Field, Problem)> = stored[org]
            .get(&registration.id)
            .into_iter()
            .flatten()
            .filter(|s| !wide_scores.iter().any(|w| w.domain == s.domain))
            .flat_map(|s| {
                registration
                    .check_scores(s)
                    .into_iter()
                    .map(move |(field, problem)| (field, problem, s.domain.clone()))
            })
            .map(|(field, problem, domain)| {
                let (field, detail) = if field == Field::Named("goal_score") {
                    (
                        Field::Named("age_group"),
                        format!(
                            "a stored goal score on {} needs an adult client",
                            domain.as_str()
                        ),
                    )
                } else {
                    (
                        Field::Named("end_date"),
                        format!(
                            "a stored end score on {} needs the end date",
                            domain.as_str()
                        ),
                    )
                };
                let _ = problem;
                (field, Problem::Conflict { detail })
            })
            .collect();
        if !problems.is_empty() {
            conflicts.push((position, problems));
        }
    }
    Ok(conflicts)
}
