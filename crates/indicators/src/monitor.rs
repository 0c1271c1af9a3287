//! Every figure of DOMAIN.md §4 for one selection. [`compute`] reads the
//! registrations as [`Columns`] in one pass ([`crate::fused`]);
//! [`compute_from_records`] computes each indicator from the records
//! themselves, function by function as DOMAIN.md §4 defines them, and is
//! kept as the reference the tests hold the columns to.

use crate::columns::Columns;
use crate::figure::{sort, Figure};
use crate::holidays::dutch_public_holidays;
use crate::selection::{cases, Case, Selection};
use crate::{collective, context, fused, individual, plan, referrals, response, survey};
use chrono::Datelike;
use domain::{
    CollectivePeriod, ContextValue, Date, DomainScores, Effort, MunicipalityCode, Partner,
    ReachPlan, RegionCode, Registration, Survey, SurveyAnswer,
};

/// The records of one organisation that figures are computed from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Records<'a> {
    /// Individual support registrations.
    pub registrations: &'a [Registration],
    /// Their ZRM scores.
    pub scores: &'a [DomainScores],
    /// The DIN's partners (for the escalation rate's partner line).
    pub partners: &'a [Partner],
    /// The DIN's efforts (collective activities' names and themes).
    pub efforts: &'a [Effort],
    /// Collective activity periods.
    pub collective: &'a [CollectivePeriod],
    /// Planned (and reported) reach.
    pub reach_plans: &'a [ReachPlan],
    /// Surveys with their populations.
    pub surveys: &'a [Survey],
    /// Survey answers as counts.
    pub survey_answers: &'a [SurveyAnswer],
    /// Context statistics of the organisation's own region.
    pub context: &'a [ContextValue],
    /// The public statistics of every other municipality: the reference
    /// groups the organisation's municipalities are compared with
    /// (`context_group`).
    pub compared: &'a [ContextValue],
    /// The registrations and scores as columns, when kept (the web keeps
    /// them per organisation and data version); [`compute`] builds them
    /// from `registrations` and `scores` when not.
    pub columns: Option<&'a Columns>,
}

/// Settings of a computation that an installation may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Multi-problem situations: at least this many domains with a start
    /// score ≤ 2 (DOMAIN.md §4.5; default 3).
    pub multi_problem_threshold: usize,
    /// Further days that are not working days for the response time,
    /// besides weekends and the Dutch public holidays (default none). The
    /// public holidays are those of every year a registration in the
    /// selection touches ([`working_day_calendar`]).
    pub holidays: Vec<Date>,
    /// Narrows context statistics to this municipality.
    pub municipality: Option<MunicipalityCode>,
    /// The municipality's province, for the context comparison (see
    /// [`crate::context::only_province`]).
    pub province: Option<RegionCode>,
}

impl Default for Options {
    /// Threshold 3, no further holidays, no municipality.
    fn default() -> Self {
        Self {
            multi_problem_threshold: 3,
            holidays: Vec::new(),
            municipality: None,
            province: None,
        }
    }
}

/// Every figure of DOMAIN.md §4 for the selection, sorted by indicator,
/// then keys: the registrations' figures in one pass over the selection's
/// part of the columns, the others from the records. The same figures as
/// [`compute_from_records`].
pub fn compute(records: &Records, selection: &Selection, options: &Options) -> Vec<Figure> {
    let built;
    let columns = match records.columns {
        Some(kept) => kept,
        None => {
            built = Columns::of(
                &selection.organisation,
                records.registrations,
                records.scores,
                records.partners,
            );
            &built
        }
    };
    let calendar = match columns.years() {
        Some((first, last)) => calendar(first, last, &options.holidays),
        None => calendar(1, 0, &options.holidays),
    };
    let threshold = options.multi_problem_threshold;
    let (mut figures, by_service) = fused::figures(columns, selection, &calendar, threshold);
    let by_service = by_service.iter().map(|(s, n)| (s.as_str(), *n)).collect();
    figures.extend(others(records, selection, options));
    figures.extend(plan::reach_vs_plan_of(
        records.reach_plans,
        &by_service,
        selection,
    ));
    sort(&mut figures);
    figures
}

/// The figures that are not about registrations: collective activities,
/// surveys and context.
fn others(records: &Records, selection: &Selection, options: &Options) -> Vec<Figure> {
    let mut figures = Vec::new();
    let periods = collective::selected(records.collective, records.efforts, selection);
    figures.extend(collective::collective(&periods, records.efforts));
    let surveys = survey::selected(records.surveys, selection);
    figures.extend(survey::survey_response(&surveys));
    figures.extend(survey::survey_answer(&surveys, records.survey_answers));
    figures.extend(crate::group::reference_group(
        records.context,
        records.compared,
        options.municipality.as_ref().map(|m| m.as_str()),
        chrono::Datelike::year(&selection.period.last),
        domain::Classification::builtin(),
    ));
    figures.extend(context::context(
        records.context,
        selection,
        options.municipality.as_ref(),
        options.province.as_ref(),
    ));
    figures
}

/// Every figure of DOMAIN.md §4 for the selection, each indicator computed
/// from the records by its own function: the reference [`compute`] is held
/// to. O(n) in the records, apart from sorting the figures and the
/// response times.
pub fn compute_from_records(
    records: &Records,
    selection: &Selection,
    options: &Options,
) -> Vec<Figure> {
    let cases = cases(records.registrations, records.scores, selection);
    let mut figures = Vec::new();
    figures.extend(individual::reach(&cases));
    figures.extend(individual::reach_clients(&cases));
    figures.extend(individual::goal_realisation(&cases));
    figures.extend(individual::goal_coverage(&cases));
    figures.extend(individual::zrm_change(&cases));
    figures.extend(individual::zrm_change_unpaired(&cases));
    figures.extend(individual::domain_share(&cases));
    figures.extend(individual::pg_choice(&cases));
    figures.push(individual::multi_problem(
        &cases,
        options.multi_problem_threshold,
    ));
    figures.extend(referrals::referrals_in(&cases));
    figures.extend(referrals::referrals_out(&cases));
    figures.push(referrals::referred_on(&cases));
    figures.push(referrals::escalation_rate(&cases, records.partners));
    let calendar = working_day_calendar(&cases, &options.holidays);
    figures.extend(response::response_time(&cases, &calendar));
    figures.extend(response::waiting_list(&cases, &selection.period));
    figures.extend(others(records, selection, options));
    figures.extend(plan::reach_vs_plan(records.reach_plans, &cases, selection));
    sort(&mut figures);
    figures
}

/// The days that are not working days for the response times of `cases`:
/// the Dutch public holidays of every year from the earliest start date to
/// the year after the latest start or first contact (the second working
/// day after 31 December falls in January), and the `further` days
/// configured. A registration started on 23 December of the year before
/// the period counts that Christmas.
pub fn working_day_calendar(cases: &[Case], further: &[Date]) -> Vec<Date> {
    let years = cases.iter().flat_map(|c| {
        let r = c.registration;
        [
            Some(r.start_date.year()),
            r.first_contact_date.map(|d| d.year()),
        ]
        .into_iter()
        .flatten()
    });
    let (first, last) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    calendar(first, last, further)
}

/// The Dutch public holidays from year `first` to the year after `last`
/// (none when `first` is after `last`), with the `further` days.
fn calendar(first: i32, last: i32, further: &[Date]) -> Vec<Date> {
    let mut days: Vec<Date> = match first <= last {
        true => (first..=last + 1).flat_map(dutch_public_holidays).collect(),
        false => Vec::new(),
    };
    days.extend_from_slice(further);
    days.sort_unstable();
    days.dedup();
    days
}
