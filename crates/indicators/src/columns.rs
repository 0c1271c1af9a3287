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
use domain::stored::joined;
use domain::{
    AgeGroup, Coded, Date, DomainScores, OrganisationCode, Partner, PartnerLine, Registration,
    StoredRegistration, StoredRows, StoredScores, SupportForm,
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

/// The index of an age group in [`AgeGroup::ALL`], as [`Columns::age`] holds it.
pub(crate) fn age_index(age: AgeGroup) -> u8 {
    AgeGroup::ALL.iter().position(|a| *a == age).unwrap_or(0) as u8
}

/// Lays out the columns from stored registrations and scores, in any
/// order: the registrations are sorted by start date and the scores
/// grouped per registration when [`Builder::finish`]ed.
#[derive(Debug, Default)]
pub struct Builder {
    columns: Columns,
    ids: FxHashMap<Box<str>, u32>,
    clients: FxHashMap<Box<str>, u32>,
    scored: Vec<(u32, Score)>,
}

impl Builder {
    /// A builder for the registrations of `organisation`.
    pub fn new(organisation: &OrganisationCode) -> Self {
        let mut columns = Columns {
            organisation: Some(organisation.clone()),
            ..Columns::default()
        };
        columns.partners.id(UNKNOWN_SOURCE);
        columns.destinations_from.push(0);
        Self {
            columns,
            ..Self::default()
        }
    }

    /// Adds a registration.
    fn add(&mut self, r: &StoredRegistration<'_>) {
        let c = &mut self.columns;
        self.ids.insert(r.id.into(), c.start.len() as u32);
        c.start.push(day(r.start_date));
        c.end.push(r.end_date.map_or(OPEN, day));
        c.first_contact
            .push(r.first_contact_date.map_or(NO_CONTACT, day));
        c.waiting_since
            .push(day(r.waiting_since.unwrap_or(r.start_date)));
        c.form.push(form_index(r.form));
        c.age.push(age_index(r.age_group));
        c.main_domain.push(c.domains.id(r.main_domain));
        c.area.push(r.area.map_or(NONE, |a| c.areas.id(a)));
        c.service.push(r.service.map_or(NONE, |s| c.services.id(s)));
        let client = r.client.map(|code| match self.clients.get(code) {
            Some(id) => *id,
            None => {
                let id = self.clients.len() as u32;
                self.clients.insert(code.into(), id);
                id
            }
        });
        c.client.push(client.unwrap_or(NONE));
        let source = r.referred_by.unwrap_or(UNKNOWN_SOURCE);
        c.referred_by.push(c.partners.id(source));
        let choice = choice_of(r);
        c.choice.push(c.choices.id(&choice));
        let from = c.destinations.len();
        for d in r.referred_to() {
            let id = c.partners.id(d);
            if !c.destinations[from..].contains(&id) {
                c.destinations.push(id);
            }
        }
        c.destinations_from.push(c.destinations.len() as u32);
    }

    /// Adds a score row; one of a registration not added is left out.
    fn add_scores(&mut self, s: &StoredScores<'_>) {
        let Some(i) = self.ids.get(s.registration) else {
            return;
        };
        let score = Score {
            domain: self.columns.domains.id(s.domain),
            start: s.start,
            goal: s.goal,
            end: s.end,
        };
        self.scored.push((*i, score));
    }

    /// The columns, sorted by start date; `partners` are the DIN's, for
    /// the second line.
    pub fn finish(self, partners: &[Partner]) -> Columns {
        let mut c = self.columns;
        c.clients = self.clients.len() as u32;
        let mut order: Vec<u32> = (0..c.start.len() as u32).collect();
        order.sort_by_key(|i| c.start[*i as usize]);
        let mut place = vec![0u32; order.len()];
        for (to, from) in order.iter().enumerate() {
            place[*from as usize] = to as u32;
        }
        c.reorder(&order);
        c.group_scores(self.scored, &place);
        let organisation = c.organisation.clone();
        c.second_line = (0..c.partners.len() as u32)
            .map(|id| {
                let code = c.partners.code(id);
                partners.iter().any(|p| {
                    Some(&p.organisation) == organisation.as_ref()
                        && p.id.as_str() == code
                        && p.line == PartnerLine::SecondLine
                })
            })
            .collect();
        c
    }
}

impl StoredRows for Builder {
    fn registration(&mut self, r: &StoredRegistration<'_>) {
        self.add(r);
    }

    fn scores(&mut self, s: &StoredScores<'_>) {
        self.add_scores(s);
    }
}

/// What a resident chose to work on ([`crate::individual::pg_choice`]):
/// one dimension, [`SEVERAL_DIMENSIONS`] or [`NO_DIMENSION`].
fn choice_of<'a>(r: &StoredRegistration<'a>) -> std::borrow::Cow<'a, str> {
    let mut codes: Vec<&str> = r.pg_dimensions().collect();
    if codes.len() > 1 {
        codes.sort_unstable();
        codes.dedup();
    }
    match codes.as_slice() {
        [] => NO_DIMENSION.into(),
        [one] => (*one).into(),
        _ => SEVERAL_DIMENSIONS.into(),
    }
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
        let mut builder = Builder::new(organisation);
        for r in registrations
            .iter()
            .filter(|r| &r.organisation == organisation)
        {
            let (pg, to) = (joined(&r.pg_dimensions), joined(&r.referred_to));
            builder.add(&StoredRegistration::of(r, &pg, &to));
        }
        for s in scores.iter().filter(|s| &s.organisation == organisation) {
            builder.add_scores(&StoredScores::of(s));
        }
        builder.finish(partners)
    }

    /// Puts the registrations in `order` (the old index of each new one).
    fn reorder(&mut self, order: &[u32]) {
        fn gather<T: Copy>(column: &mut Vec<T>, order: &[u32]) {
            *column = order.iter().map(|i| column[*i as usize]).collect();
        }
        gather(&mut self.start, order);
        gather(&mut self.end, order);
        gather(&mut self.first_contact, order);
        gather(&mut self.waiting_since, order);
        gather(&mut self.form, order);
        gather(&mut self.age, order);
        gather(&mut self.main_domain, order);
        gather(&mut self.area, order);
        gather(&mut self.service, order);
        gather(&mut self.client, order);
        gather(&mut self.referred_by, order);
        gather(&mut self.choice, order);
        let mut from = Vec::with_capacity(order.len() + 1);
        let mut destinations = Vec::with_capacity(self.destinations.len());
        from.push(0);
        for i in order {
            destinations.extend_from_slice(self.destinations_of(*i as usize));
            from.push(destinations.len() as u32);
        }
        (self.destinations_from, self.destinations) = (from, destinations);
    }

    /// The score rows grouped per registration, in the registrations'
    /// order (a counting sort: no list per registration); `place` is each
    /// registration's place after sorting.
    fn group_scores(&mut self, scored: Vec<(u32, Score)>, place: &[u32]) {
        let mut from = vec![0u32; place.len() + 1];
        for (i, _) in &scored {
            from[place[*i as usize] as usize + 1] += 1;
        }
        for i in 0..place.len() {
            from[i + 1] += from[i];
        }
        let mut next = from.clone();
        let empty = Score {
            domain: 0,
            start: 0,
            goal: 0,
            end: 0,
        };
        self.scores = vec![empty; scored.len()];
        for (i, score) in scored {
            let slot = &mut next[place[i as usize] as usize];
            self.scores[*slot as usize] = score;
            *slot += 1;
        }
        self.scores_from = from;
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
