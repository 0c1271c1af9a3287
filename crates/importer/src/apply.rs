//! Storing a file's valid records, kind by kind, and telling per record
//! whether it was inserted, updated or unchanged.

use crate::known::Known;
use domain::*;
use interchange::{FileKind, Record};
use std::collections::{BTreeMap, HashMap};
use store::{Outcome, StoreError, Stored, Tx};

/// Stores the records of one kind, after telling `known` about each.
async fn save_all<T: Stored + Clone + 'static>(
    tx: &mut Tx,
    known: &mut Known,
    records: &[Record],
    actor: &str,
    remember: fn(&mut Known, &T),
) -> Result<Vec<Outcome>, StoreError> {
    let items: Vec<T> = records
        .iter()
        .filter_map(|r| r.inner().downcast_ref::<T>())
        .cloned()
        .collect();
    items.iter().for_each(|item| remember(known, item));
    tx.save(&items, actor).await
}

/// Nothing later files refer to.
fn nothing<T>(_: &mut Known, _: &T) {}

/// Combines two outcomes of one row (a registration and its wide scores).
fn combine(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Inserted, _) | (_, Outcome::Inserted) => Outcome::Inserted,
        (Outcome::Updated, _) | (_, Outcome::Updated) => Outcome::Updated,
        _ => Outcome::Unchanged,
    }
}

/// Stores the records of one file (all of one kind) and updates what later
/// files of the import may refer to. The outcomes are in record order.
pub async fn apply(
    tx: &mut Tx,
    known: &mut Known,
    kind: FileKind,
    records: &[Record],
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    match kind {
        FileKind::Organisations => {
            save_all::<Organisation>(tx, known, records, actor, Known::add_organisation).await
        }
        FileKind::Partners => {
            save_all::<Partner>(tx, known, records, actor, Known::add_partner).await
        }
        FileKind::Themes => save_all::<Theme>(tx, known, records, actor, Known::add_theme).await,
        FileKind::Goals => save_all::<Goal>(tx, known, records, actor, Known::add_goal).await,
        FileKind::Efforts => save_all::<Effort>(tx, known, records, actor, Known::add_effort).await,
        FileKind::Registrations => apply_registrations(tx, known, records, actor).await,
        FileKind::ZrmScores => save_all::<DomainScores>(tx, known, records, actor, nothing).await,
        FileKind::Collective => {
            save_all::<CollectivePeriod>(tx, known, records, actor, nothing).await
        }
        FileKind::ReachPlan => save_all::<ReachPlan>(tx, known, records, actor, nothing).await,
        FileKind::Surveys => save_all::<Survey>(tx, known, records, actor, Known::add_survey).await,
        FileKind::Survey => apply_answers(tx, known, records, actor).await,
        FileKind::Indicators => {
            save_all::<IndicatorDefinition>(tx, known, records, actor, nothing).await
        }
        FileKind::Context => save_all::<ContextValue>(tx, known, records, actor, nothing).await,
        FileKind::Narrative => save_all::<Narrative>(tx, known, records, actor, nothing).await,
        FileKind::AreaProfiles => save_all::<AreaProfile>(tx, known, records, actor, nothing).await,
    }
}

async fn apply_registrations(
    tx: &mut Tx,
    known: &mut Known,
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
        registrations.push(registration.clone());
        for s in wide_scores {
            if s.is_empty() {
                cleared.push(s.clone());
                cleared_owner.push(i);
            } else {
                scores.push(s.clone());
                score_owner.push(i);
            }
        }
    }
    registrations.iter().for_each(|r| known.add_registration(r));
    let mut outcomes = tx.save(&registrations, actor).await?;
    for (owner, outcome) in score_owner.iter().zip(tx.save(&scores, actor).await?) {
        outcomes[*owner] = combine(outcomes[*owner], outcome);
    }
    for (owner, was_stored) in cleared_owner.iter().zip(tx.delete(&cleared).await?) {
        if was_stored {
            outcomes[*owner] = combine(outcomes[*owner], Outcome::Updated);
        }
    }
    Ok(outcomes)
}

async fn apply_answers(
    tx: &mut Tx,
    known: &mut Known,
    records: &[Record],
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    let mut new_surveys: BTreeMap<(OrganisationCode, Id), Survey> = BTreeMap::new();
    let mut cells: BTreeMap<String, SurveyAnswer> = BTreeMap::new();
    let mut keys = Vec::with_capacity(records.len());
    for record in records {
        let Record::SurveyAnswer { survey, answer, .. } = record else {
            continue;
        };
        if interchange::Lookup::survey(known, &survey.organisation, &survey.id).is_none() {
            new_surveys.insert(
                (survey.organisation.clone(), survey.id.clone()),
                survey.clone(),
            );
        }
        let key = record.key();
        cells
            .entry(key.clone())
            .and_modify(|a| a.count += answer.count)
            .or_insert_with(|| answer.clone());
        keys.push(key);
    }
    let surveys: Vec<Survey> = new_surveys.into_values().collect();
    surveys.iter().for_each(|s| known.add_survey(s));
    tx.save(&surveys, actor).await?;
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
