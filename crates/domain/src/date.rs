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
    fn tells_a_missing_day_from_a_bad_form() {
        assert_eq!(parse_date("31-02-2022"), Err(Problem::NoSuchDate));
        assert_eq!(parse_date("2022/03/07"), Err(Problem::NotADate));
        assert_eq!(parse_date("2022-3-7"), Err(Problem::NotADate));
        assert_eq!(parse_date("07-03-22"), Err(Problem::NotADate));
    }
}
