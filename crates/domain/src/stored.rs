//! A registration and its scores as the store holds them, read without
//! validating them again: every value was validated on its way into the
//! store ([`Registration::new`], the import's score rules), so what the
//! figures read of them is borrowed text and numbers. The columns the
//! figures are computed over are laid out from these, whether the store
//! reads its rows or the records are at hand ([`StoredRegistration::of`]).

use crate::{AgeGroup, Coded, Date, DomainScores, Registration, SupportForm};
use chrono::Datelike;

/// What the figures read of one stored registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredRegistration<'a> {
    /// The registration's id in its organisation.
    pub id: &'a str,
    /// Its area, if given.
    pub area: Option<&'a str>,
    /// Its form of support.
    pub form: SupportForm,
    /// Start date.
    pub start_date: Date,
    /// End date; none while running.
    pub end_date: Option<Date>,
    /// First contact, if there was one.
    pub first_contact_date: Option<Date>,
    /// On the waiting list from, if given.
    pub waiting_since: Option<Date>,
    /// The client's pseudonym, if the registration has a client code.
    pub client: Option<&'a str>,
    /// The age group as given, or derived from the birth year at the
    /// start year ([`Registration::age_group`]).
    pub age_group: AgeGroup,
    /// The main ZRM domain's code.
    pub main_domain: &'a str,
    /// The service, if given.
    pub service: Option<&'a str>,
    /// The Positive Health dimensions chosen, as stored: codes joined by `|`.
    pub pg_dimensions: &'a str,
    /// The referring partner's id, if any.
    pub referred_by: Option<&'a str>,
    /// The partners referred to, as stored: ids joined by `|`.
    pub referred_to: &'a str,
}

/// What the figures read of one stored row of ZRM scores (0: no score).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredScores<'a> {
    /// The registration's id.
    pub registration: &'a str,
    /// The domain's code.
    pub domain: &'a str,
    /// Startscore, 0 when none.
    pub start: u8,
    /// Doelscore, 0 when none.
    pub goal: u8,
    /// Eindscore, 0 when none.
    pub end: u8,
}

/// What takes an organisation's registrations and score rows as they are
/// stored: the figures' columns are laid out by one.
pub trait StoredRows {
    /// Takes a registration.
    fn registration(&mut self, r: &StoredRegistration<'_>);
    /// Takes a row of ZRM scores.
    fn scores(&mut self, s: &StoredScores<'_>);
}

/// The age group of a registration from what is stored: the group as
/// given, else derived from the birth year at the start year (DOMAIN.md
/// §4, "Adult"); `None` when neither is stored.
pub fn age_group_of(given: Option<&str>, birth_year: Option<i64>, start: Date) -> Option<AgeGroup> {
    match (given, birth_year) {
        (Some(code), _) => AgeGroup::parse(code).ok(),
        (None, Some(born)) => Some(AgeGroup::of_age(start.year() - born as i32)),
        (None, None) => None,
    }
}

/// A date as the store writes it (`YYYY-MM-DD`), read without the
/// import's forms of dates.
pub fn stored_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return crate::parse_date(text).ok();
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let (y, m, d) = (number(&b[..4])?, number(&b[5..7])?, number(&b[8..])?);
    Date::from_ymd_opt(y as i32, m, d)
}

/// Codes joined by `|` as the store writes a list; borrowed when there is
/// at most one.
pub fn joined<T: AsRef<str>>(items: &[T]) -> std::borrow::Cow<'_, str> {
    match items {
        [] => "".into(),
        [one] => one.as_ref().into(),
        _ => {
            let codes: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
            codes.join("|").into()
        }
    }
}

impl<'a> StoredRegistration<'a> {
    /// The stored view of a registration at hand. Its lists are given
    /// joined by `|` as the store writes them ([`joined`]), so that the
    /// view borrows.
    pub fn of(r: &'a Registration, pg_dimensions: &'a str, referred_to: &'a str) -> Self {
        Self {
            id: r.id.as_str(),
            area: r.area.as_ref().map(|a| a.as_str()),
            form: r.form,
            start_date: r.start_date,
            end_date: r.end_date,
            first_contact_date: r.first_contact_date,
            waiting_since: r.waiting_since,
            client: r.client.as_ref().map(|c| c.as_str()),
            age_group: r.age_group(),
            main_domain: r.main_domain.as_str(),
            service: r.service.as_deref(),
            pg_dimensions,
            referred_by: r.referred_by.as_ref().map(|p| p.as_str()),
            referred_to,
        }
    }

    /// The chosen dimensions' codes.
    pub fn pg_dimensions(&self) -> impl Iterator<Item = &'a str> {
        self.pg_dimensions.split('|').filter(|p| !p.is_empty())
    }

    /// The ids of the partners referred to.
    pub fn referred_to(&self) -> impl Iterator<Item = &'a str> {
        self.referred_to.split('|').filter(|p| !p.is_empty())
    }
}

impl<'a> StoredScores<'a> {
    /// The stored view of a score row at hand.
    pub fn of(s: &'a DomainScores) -> Self {
        let score = |v: Option<crate::ZrmScore>| v.map_or(0, |s| s.get());
        Self {
            registration: s.registration.as_str(),
            domain: s.domain.as_str(),
            start: score(s.start),
            goal: score(s.goal),
            end: score(s.end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_date_reads_as_the_import_reads_it() {
        for text in ["2022-03-01", "2024-02-29", "1999-12-31"] {
            assert_eq!(stored_date(text), crate::parse_date(text).ok());
        }
        assert_eq!(stored_date("2023-02-29"), None);
        assert_eq!(stored_date("2023-0a-01"), None);
    }

    #[test]
    fn the_age_group_is_derived_from_the_birth_year_at_the_start_year() {
        let start = Date::from_ymd_opt(2022, 3, 1).unwrap();
        assert_eq!(
            age_group_of(None, Some(2005), start),
            Some(AgeGroup::of_age(17))
        );
        assert_eq!(
            age_group_of(Some("27-55"), Some(1900), start),
            AgeGroup::parse("27-55").ok()
        );
        assert_eq!(age_group_of(None, None, start), None);
    }
}
