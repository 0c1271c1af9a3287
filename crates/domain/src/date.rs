//! Calendar dates as they appear in files: `YYYY-MM-DD`, `DD-MM-YYYY` or
//! `D-M-YYYY`.

use crate::problem::Problem;

/// A calendar date without time or zone.
pub type Date = chrono::NaiveDate;

/// Parses one of the three accepted date forms. A well-formed date that is
/// not in the calendar (31-02-2022) is [`Problem::NoSuchDate`]; anything
/// else is [`Problem::NotADate`].
pub fn parse_date(raw: &str) -> Result<Date, Problem> {
    let parts: Vec<&str> = raw.trim().split('-').collect();
    let digits =
        |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = match parts.as_slice() {
        [y, m, d] if digits(y, &[4]) && digits(m, &[2]) && digits(d, &[2]) => (*y, *m, *d),
        [d, m, y] if digits(d, &[1, 2]) && digits(m, &[1, 2]) && digits(y, &[4]) => (*y, *m, *d),
        _ => return Err(Problem::NotADate),
    };
    let (y, m, d) = (
        y.parse().unwrap_or(0),
        m.parse().unwrap_or(0),
        d.parse().unwrap_or(0),
    );
    Date::from_ymd_opt(y, m, d).ok_or(Problem::NoSuchDate)
}

/// The dates a file or form may give: from `earliest` up to `latest`
/// inclusive. A date far outside (0000-01-01 typed for "unknown", a year
/// typed wrong) would move figures such as the waiting list, so it is
/// refused with the bounds in the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateBounds {
    /// The first date accepted.
    pub earliest: Date,
    /// The last date accepted.
    pub latest: Date,
}

impl DateBounds {
    /// The bounds from `earliest` to `years_ahead` years after `today`.
    pub fn new(earliest: Date, today: Date, years_ahead: u32) -> Self {
        let latest = today
            .checked_add_months(chrono::Months::new(12 * years_ahead))
            .unwrap_or(Date::MAX);
        Self { earliest, latest }
    }

    /// Parses a date as [`parse_date`] does and refuses one outside the
    /// bounds with [`Problem::DateOutOfRange`].
    pub fn parse(&self, raw: &str) -> Result<Date, Problem> {
        let date = parse_date(raw)?;
        match (self.earliest..=self.latest).contains(&date) {
            true => Ok(date),
            false => Err(Problem::DateOutOfRange {
                earliest: self.earliest,
                latest: self.latest,
            }),
        }
    }
}

impl Default for DateBounds {
    /// From 1 January 1900 to a year from today.
    fn default() -> Self {
        let earliest = Date::from_ymd_opt(1900, 1, 1).unwrap_or(Date::MIN);
        Self::new(earliest, chrono::Local::now().date_naive(), 1)
    }
}

/// The canonical written form of a date: `YYYY-MM-DD`.
pub fn format_date(date: Date) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_three_forms() {
        let want = Date::from_ymd_opt(2022, 3, 7).unwrap();
        assert_eq!(parse_date("2022-03-07"), Ok(want));
        assert_eq!(parse_date("07-03-2022"), Ok(want));
        assert_eq!(parse_date("7-3-2022"), Ok(want));
    }

    #[test]
    fn refuses_dates_outside_the_bounds() {
        let day = |s| parse_date(s).unwrap();
        let bounds = DateBounds::new(day("1900-01-01"), day("2026-12-03"), 1);
        assert_eq!(bounds.latest, day("2027-12-03"));
        assert_eq!(bounds.parse("1900-01-01"), Ok(day("1900-01-01")));
        assert_eq!(bounds.parse("2027-12-03"), Ok(day("2027-12-03")));
        let out = Err(Problem::DateOutOfRange {
            earliest: bounds.earliest,
            latest: bounds.latest,
        });
        assert_eq!(bounds.parse("1899-12-31"), out);
        assert_eq!(bounds.parse("0000-01-01"), out);
        assert_eq!(bounds.parse("2027-12-04"), out);
        assert_eq!(bounds.parse("31-02-2022"), Err(Problem::NoSuchDate));
    }

    #[test]
    fn tells_a_missing_day_from_a_bad_form() {
        assert_eq!(parse_date("31-02-2022"), Err(Problem::NoSuchDate));
        assert_eq!(parse_date("2022/03/07"), Err(Problem::NotADate));
        assert_eq!(parse_date("2022-3-7"), Err(Problem::NotADate));
        assert_eq!(parse_date("07-03-22"), Err(Problem::NotADate));
    }
}
