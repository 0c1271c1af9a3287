//! An organisation's registrations and scores as columns: what the figures
//! read of them, laid out so that one pass over a period computes every
//! registration-level figure ([`crate::fused`]).
//!
//! Codes become small dictionary ids, dates day numbers, client pseudonyms
//! dense ids; the registrations are sorted by start date, so that the
//! registrations started by the end of a period are a prefix. Built once
//! per organisation and data version (the web keeps it beside the
//! records), from records that were validated on their way into the store.

use chrono::Datelike;
use domain::{
    AgeGroup, Coded, Date, DomainScores, OrganisationCode, Partner, PartnerLine, Registration,
    SupportForm,
};
use rustc_hash::FxHashMap;

use crate::individual::{NO_DIMENSION, SEVERAL_DIMENSIONS};
use crate::referrals::UNKNOWN_SOURCE;

/// A day number: days since 1 January of the year 1 (chrono's count).
pub type Day = i32;

/// The day number of a date.
pub fn day(date: Date) -> Day {
    date.num_days_from_ce()
}

/// The date of a day number.
pub fn date(day: Day) -> Date {
    Date::from_num_days_from_ce_opt(day).expect("a day number of a stored date")
}

/// No end date: the support is still running.
pub const OPEN: Day = Day::MAX;

/// No first contact yet.
pub const NO_CONTACT: Day = Day::MAX;

/// No such code (no area, service or client).
pub const NONE: u32 = u32::MAX;

/// Codes written as strings, each once, with a dense id.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    codes: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl Dictionary {
    /// The id of a code, given one when new.
    pub fn id(&mut self, code: &str) -> u32 {
        if let Some(id) = self.ids.get(code) {
            return *id;
        }
        let id = self.codes.len() as u32;
        self.codes.push(code.to_string());
        self.ids.insert(code.to_string(), id);
        id
    }

    /// The id of a code already known.
    pub fn find(&self, code: &str) -> Option<u32> {
        self.ids.get(code).copied()
    }

    /// The code of an id.
    pub fn code(&self, id: u32) -> &str {
        &self.codes[id as usize]
    }

    /// How many codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

/// One ZRM score row of a registration: the domain's id and the start,
/// goal and end score (0: not scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// The domain's id in [`Columns::domains`].
    pub domain: u32,
    /// Startscore, 0 when none.
    pub start: u8,
    /// Doelscore, 0 when none.
    pub goal: u8,
    /// Eindscore, 0 when none.
    pub end: u8,
}

impl Score {
    /// Whether the row holds no score at all.
    pub fn is_empty(&self) -> bool {
        self.start == 0 && self.goal == 0 && self.end == 0
    }
}

/// The registrations of one organisation as columns, sorted by start date;
/// index `i` of every column is the same registration.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// The organisation.
    pub organisation: Option<OrganisationCode>,
    /// ZRM domains (main domains and scored domains).
    pub domains: Dictionary,
    /// Areas.
    pub areas: Dictionary,
    /// Services.
    pub services: Dictionary,
    /// Partners named as source or destination of a referral, and
    /// [`UNKNOWN_SOURCE`] for a registration without a source.
    pub partners: Dictionary,
    /// Per partner id: whether the DIN places it in the second line.
    pub second_line: Vec<bool>,
    /// What residents chose to work on: one Positive Health dimension,
    /// [`SEVERAL_DIMENSIONS`] or [`NO_DIMENSION`].
    pub choices: Dictionary,
    /// The number of distinct client pseudonyms.
    pub clients: u32,
    /// Start date.
    pub start: Vec<Day>,
    /// End date, [`OPEN`] when none.
    pub end: Vec<Day>,
    /// First contact, [`NO_CONTACT`] when none.
    pub first_contact: Vec<Day>,
    /// On the waiting list from (the start date when not given).
    pub waiting_since: Vec<Day>,
    /// The form's index in [`SupportForm::ALL`].
    pub form: Vec<u8>,
    /// The age group's index in [`AgeGroup::ALL`] (as given, or derived
    /// from the birth year at the start year).
    pub age: Vec<u8>,
    /// The main domain's id.
    pub main_domain: Vec<u32>,
    /// The area's id, [`NONE`] when none.
    pub area: Vec<u32>,
    /// The service's id, [`NONE`] when none.
    pub service: Vec<u32>,
    /// The client's dense id, [`NONE`] without a client code.
    pub client: Vec<u32>,
    /// The source partner's id ([`UNKNOWN_SOURCE`]'s when none).
    pub referred_by: Vec<u32>,
    /// The chosen Positive Health dimension's id in `choices`.
    pub choice: Vec<u32>,
    /// Where registration `i`'s destinations begin in `destinations`
    /// (one more entry than registrations).
    pub destinations_from: Vec<u32>,
    /// The destination partners' ids, each once per registration.
    pub destinations: Vec<u32>,
    /// Where registration `i`'s scores begin in `scores` (one more entry
    /// than registrations).
    pub scores_from: Vec<u32>,
    /// The score rows, grouped per registration.
    pub scores: Vec<Score>,
}

fn form_index(form: SupportForm) -> u8 {
    SupportForm::ALL
        .iter()
        .position(|f| *f == form)
        .unwrap_or(0) as u8
}

fn age_index(age: AgeGroup) -> u8 {
    AgeGroup::ALL.iter().position(|a| *a == age).unwrap_or(0) as u8
}

fn score(value: Option<domain::ZrmScore>) -> u8 {
    value.map_or(0, |s| s.get())
}

impl Columns {
    /// The columns of an organisation's registrations (those of another
    /// organisation are left out) with their scores; `partners` are the
    /// DIN's, for the second line.
    pub fn of(
        organisation: &OrganisationCode,
        registrations: &[Registration],
        scores: &[DomainScores],
        partners: &[Partner],
    ) -> Self {
        let mut order: Vec<&Registration> = registrations
            .iter()
            .filter(|r| &r.organisation == organisation)
            .collect();
        order.sort_unstable_by_key(|r| r.start_date);
        let mut columns = Self {
            organisation: Some(organisation.clone()),
            ..Self::default()
        };
        columns.partners.id(UNKNOWN_SOURCE);
        let mut clients: FxHashMap<&str, u32> = FxHashMap::default();
        columns.destinations_from.push(0);
        for r in &order {
            columns.push(r, &mut clients);
        }
        columns.clients = clients.len() as u32;
        columns.add_scores(&order, organisation, scores);
        columns.second_line = (0..columns.partners.len() as u32)
            .map(|id| {
                let code = columns.partners.code(id);
                partners.iter().any(|p| {
                    &p.organisation == organisation
                        && p.id.as_str() == code
                        && p.line == PartnerLine::SecondLine
                })
            })
            .collect();
        columns
    }

    /// The score rows grouped per registration, in the registrations'
    /// order (a counting sort: no list per registration).
    fn add_scores(
        &mut self,
        order: &[&Registration],
        organisation: &OrganisationCode,
        scores: &[DomainScores],
    ) {
        let index: FxHashMap<&str, u32> = order
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i as u32))
            .collect();
        let of: Vec<(u32, &DomainScores)> = scores
            .iter()
            .filter(|s| &s.organisation == organisation)
            .filter_map(|s| Some((*index.get(s.registration.as_str())?, s)))
            .collect();
        let mut from = vec![0u32; order.len() + 1];
        for (i, _) in &of {
            from[*i as usize + 1] += 1;
        }
        for i in 0..order.len() {
            from[i + 1] += from[i];
        }
        let mut next = from.clone();
        let empty = Score {
            domain: 0,
            start: 0,
            goal: 0,
            end: 0,
        };
        self.scores = vec![empty; of.len()];
        for (i, s) in of {
            let slot = &mut next[i as usize];
            self.scores[*slot as usize] = Score {
                domain: self.domains.id(s.domain.as_str()),
                start: score(s.start),
                goal: score(s.goal),
                end: score(s.end),
            };
            *slot += 1;
        }
        self.scores_from = from;
    }

    fn push<'r>(&mut self, r: &'r Registration, clients: &mut FxHashMap<&'r str, u32>) {
        self.start.push(day(r.start_date));
        self.end.push(r.end_date.map_or(OPEN, day));
        self.first_contact
            .push(r.first_contact_date.map_or(NO_CONTACT, day));
        self.waiting_since
            .push(day(r.waiting_since.unwrap_or(r.start_date)));
        self.form.push(form_index(r.form));
        self.age.push(age_index(r.age_group()));
        self.main_domain
            .push(self.domains.id(r.main_domain.as_str()));
        let area = r.area.as_ref().map(|a| self.areas.id(a.as_str()));
        self.area.push(area.unwrap_or(NONE));
        let service = r.service.as_ref().map(|s| self.services.id(s));
        self.service.push(service.unwrap_or(NONE));
        let next = clients.len() as u32;
        let client = r
            .client
            .as_ref()
            .map(|c| *clients.entry(c.as_str()).or_insert(next));
        self.client.push(client.unwrap_or(NONE));
        let source = r
            .referred_by
            .as_ref()
            .map_or(UNKNOWN_SOURCE, |p| p.as_str());
        self.referred_by.push(self.partners.id(source));
        let choice = self.choice_of(r);
        self.choice.push(choice);
        let from = self.destinations.len();
        for d in &r.referred_to {
            let id = self.partners.id(d.as_str());
            if !self.destinations[from..].contains(&id) {
                self.destinations.push(id);
            }
        }
        self.destinations_from.push(self.destinations.len() as u32);
    }

    /// The id of what the resident chose to work on ([`crate::individual::pg_choice`]).
    fn choice_of(&mut self, r: &Registration) -> u32 {
        match r.pg_dimensions.as_slice() {
            [] => return self.choices.id(NO_DIMENSION),
            [one] => return self.choices.id(one.as_str()),
            _ => {}
        }
        let mut codes: Vec<&str> = r.pg_dimensions.iter().map(|d| d.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        let key = match codes.as_slice() {
            [] => NO_DIMENSION,
            [one] => one,
            _ => SEVERAL_DIMENSIONS,
        };
        self.choices.id(key)
    }

    /// How many registrations.
    pub fn len(&self) -> usize {
        self.start.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// The registrations started on or before `day`: a prefix.
    pub fn started_by(&self, day: Day) -> usize {
        self.start.partition_point(|s| *s <= day)
    }

    /// The registrations started before `day`: a prefix.
    pub fn started_before(&self, day: Day) -> usize {
        self.start.partition_point(|s| *s < day)
    }

    /// The score rows of registration `i`.
    pub fn scores_of(&self, i: usize) -> &[Score] {
        &self.scores[self.scores_from[i] as usize..self.scores_from[i + 1] as usize]
    }

    /// The destination partners of registration `i`.
    pub fn destinations_of(&self, i: usize) -> &[u32] {
        &self.destinations
            [self.destinations_from[i] as usize..self.destinations_from[i + 1] as usize]
    }

    /// The first and last year any start date or first contact falls in.
    pub fn years(&self) -> Option<(i32, i32)> {
        let first = *self.start.first()?;
        let last_start = *self.start.last()?;
        let last_contact = self
            .first_contact
            .iter()
            .filter(|d| **d != NO_CONTACT)
            .max()
            .copied()
            .unwrap_or(last_start);
        Some((
            date(first).year(),
            date(last_start.max(last_contact)).year(),
        ))
    }
}
