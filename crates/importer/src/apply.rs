//! Storing a file's valid records, kind by kind, and telling per record
//! whether it was inserted, updated or unchanged.

use crate::known::Known;
use domain::*;
use interchange::{FileKind, Record};
use std::collections::{BTreeMap, HashMap};
use store::{Outcome, StoreError, Stored, Tx};

fn pick<T: Clone>(records: &[Record], f: impl Fn(&Record) -> Option<&T>) -> Vec<T> {
    records.iter().filter_map(|r| f(r).cloned()).collect()
}

async fn save<T: Stored>(
    tx: &mut Tx,
    items: &[T],
    actor: &str,
) -> Result<Vec<Outcome>, StoreError> {
    tx.save(items, actor).await
}

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
    use Record as R;
    Ok(match kind {
        FileKind::Organisations => {
            let items = pick(records, |r| {
                if let R::Organisation(o) = r {
                    Some(o)
                } else {
                    None
                }
            });
            items.iter().for_each(|o| known.add_organisation(o));
            save(tx, &items, actor).await?
        }
        FileKind::Partners => {
            let items = pick(
                records,
                |r| if let R::Partner(p) = r { Some(p) } else { None },
            );
            items.iter().for_each(|p| known.add_partner(p));
            save(tx, &items, actor).await?
        }
        FileKind::Themes => {
            let items = pick(
                records,
                |r| if let R::Theme(t) = r { Some(t) } else { None },
            );
            items.iter().for_each(|t| known.add_theme(t));
            save(tx, &items, actor).await?
        }
        FileKind::Goals => {
            let items = pick(records, |r| if let R::Goal(g) = r { Some(g) } else { None });
            items.iter().for_each(|g| known.add_goal(g));
            save(tx, &items, actor).await?
        }
        FileKind::Efforts => {
            let items = pick(
                records,
                |r| if let R::Effort(e) = r { Some(e) } else { None },
            );
            items.iter().for_each(|e| known.add_effort(e));
            save(tx, &items, actor).await?
        }
        FileKind::Registrations => apply_registrations(tx, known, records, actor).await?,
        FileKind::ZrmScores => {
            let items = pick(records, |r| {
                if let R::ZrmScores(s) = r {
                    Some(s)
                } else {
                    None
                }
            });
            save(tx, &items, actor).await?
        }
        FileKind::Collective => {
            let items = pick(records, |r| {
                if let R::Collective(c) = r {
                    Some(c)
                } else {
                    None
                }
            });
            save(tx, &items, actor).await?
        }
        FileKind::ReachPlan => {
            let items = pick(records, |r| {
                if let R::ReachPlan(p) = r {
                    Some(p)
                } else {
                    None
                }
            });
            save(tx, &items, actor).await?
        }
        FileKind::Surveys => {
            let items = pick(
                records,
                |r| if let R::Survey(s) = r { Some(s) } else { None },
            );
            items.iter().for_each(|s| known.add_survey(s));
            save(tx, &items, actor).await?
        }
        FileKind::Survey => apply_answers(tx, known, records, actor).await?,
        FileKind::Context => {
            let items = pick(
                records,
                |r| if let R::Context(c) = r { Some(c) } else { None },
            );
            save(tx, &items, actor).await?
        }
        FileKind::Narrative => {
            let items = pick(records, |r| {
                if let R::Narrative(n) = r {
                    Some(n)
                } else {
                    None
                }
            });
            save(tx, &items, actor).await?
        }
        FileKind::AreaProfiles => {
            let items = pick(records, |r| {
                if let R::AreaProfile(p) = r {
                    Some(p)
                } else {
                    None
                }
            });
            save(tx, &items, actor).await?
        }
    })
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

/// Registrations that change while scores stay stored: the stored scores
/// must still hold (no goal score once the client is a minor, no end score
/// once the end date is gone). Returns, per record position, the problems.
pub async fn stored_score_conflicts(
    tx: &mut Tx,
    known: &Known,
    records: &[Record],
) -> Result<Vec<(usize, Vec<(Field, Problem)>)>, StoreError> {
    let mut stored: HashMap<OrganisationCode, HashMap<Id, Vec<DomainScores>>> = HashMap::new();
    let mut conflicts = Vec::new();
    for (position, record) in records.iter().enumerate() {
        let Record::Registration {
            registration,
            wide_scores,
        } = record
        else {
            continue;
        };
        let org = &registration.organisation;
        let changed = interchange::Lookup::registration(known, org, &registration.id)
            .is_some_and(|old| old != registration);
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
