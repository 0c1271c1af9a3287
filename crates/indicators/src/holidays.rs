//! Public holidays of the Netherlands, the default for the two-working-days
//! response time (DOMAIN.md §4.7: "public holidays configurable").

use chrono::{Datelike, Days};
use domain::Date;

/// Easter Sunday of a Gregorian year.
///
/// Source: the anonymous Gregorian algorithm ("Meeus/Jones/Butcher"),
/// J. Meeus, Astronomical Algorithms (1991), ch. 8.
pub fn easter_sunday(year: i32) -> Option<Date> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_ymd_opt(year, month as u32, day as u32)
}

/// The official Dutch public holidays that fall on a weekday off in most
/// collective agreements: Nieuwjaarsdag, Tweede Paasdag, Koningsdag (27
/// April, 26 April when the 27th is a Sunday), Bevrijdingsdag (5 May, in
/// lustrum years only, as most agreements give it), Hemelvaartsdag, Tweede
/// Pinksterdag, Eerste and Tweede Kerstdag. Goede Vrijdag is not included.
pub fn dutch_public_holidays(year: i32) -> Vec<Date> {
    let mut days = Vec::new();
    let fixed = |m, d| Date::from_ymd_opt(year, m, d);
    days.extend(fixed(1, 1));
    if let Some(easter) = easter_sunday(year) {
        days.extend([1u64, 39, 50].map(|n| easter + Days::new(n)));
    }
    if let Some(kings) = fixed(4, 27) {
        let sunday = kings.weekday() == chrono::Weekday::Sun;
        days.extend(if sunday { fixed(4, 26) } else { Some(kings) });
    }
    if year % 5 == 0 {
        days.extend(fixed(5, 5));
    }
    days.extend(fixed(12, 25));
    days.extend(fixed(12, 26));
    days.sort();
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        domain::parse_date(s).unwrap()
    }

    #[test]
    fn easter_in_known_years() {
        // Published Easter Sundays: 2022-04-17, 2023-04-09, 2024-03-31, 2025-04-20.
        assert_eq!(easter_sunday(2022), Some(day("2022-04-17")));
        assert_eq!(easter_sunday(2023), Some(day("2023-04-09")));
        assert_eq!(easter_sunday(2024), Some(day("2024-03-31")));
        assert_eq!(easter_sunday(2025), Some(day("2025-04-20")));
    }

    #[test]
    fn the_holidays_of_2022_and_2025() {
        // 2022: Koningsdag on Wednesday 27 April; Ascension 26 May; Whit Monday 6 June.
        let h2022: Vec<String> = dutch_public_holidays(2022)
            .iter()
            .map(|d| d.to_string())
            .collect();
        assert_eq!(
            h2022,
            [
                "2022-01-01",
                "2022-04-18",
                "2022-04-27",
                "2022-05-26",
                "2022-06-06",
                "2022-12-25",
                "2022-12-26"
            ]
        );
        // 2025 is a lustrum year: 5 May is in; 27 April 2025 is a Sunday → 26 April.
        let h2025 = dutch_public_holidays(2025);
        assert!(h2025.contains(&day("2025-05-05")));
        assert!(h2025.contains(&day("2025-04-26")));
        assert!(!h2025.contains(&day("2025-04-27")));
    }
}
