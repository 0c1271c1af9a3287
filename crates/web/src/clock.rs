//! Moments and people as a reader reads them: a stored UTC time
//! (`2026-12-06T11:25:00Z`) in the Netherlands' time zone, written the way
//! the page's language writes a date ("6 december 2026, 12:25"), and who
//! did something by their user name ("onderzoeker", not `web:onderzoeker`).

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use publish::Messages;

/// The last Sunday of a month, at 01:00 UTC: when summer time starts
/// (March) or ends (October) in the European Union (Directive 2000/84/EC,
/// art. 2 and 3: at 1:00 a.m. Greenwich Mean Time).
fn last_sunday_one_utc(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let first_of_next = match month {
        12 => NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        m => NaiveDate::from_ymd_opt(year, m + 1, 1)?,
    };
    let last = first_of_next.pred_opt()?;
    let back = last.weekday().num_days_from_sunday();
    let sunday = last - Duration::days(i64::from(back));
    debug_assert_eq!(sunday.weekday(), Weekday::Sun);
    Some(Utc.from_utc_datetime(&sunday.and_hms_opt(1, 0, 0)?))
}

/// The Netherlands' offset from UTC at a moment: +2 h in summer time,
/// +1 h otherwise.
fn dutch_offset(at: DateTime<Utc>) -> Duration {
    let summer = match (
        last_sunday_one_utc(at.year(), 3),
        last_sunday_one_utc(at.year(), 10),
    ) {
        (Some(start), Some(end)) => at >= start && at < end,
        _ => false,
    };
    Duration::hours(if summer { 2 } else { 1 })
}

/// A stored UTC time (`2026-12-06T11:25:00Z`, or without the `Z`) in the
/// Netherlands' time zone, as the messages write a date and a time
/// ("6 december 2026, 12:25"); the text as it is when it is no such time.
pub fn local_time(stored: &str, m: &Messages) -> String {
    let text = stored.trim().trim_end_matches('Z');
    let Ok(utc) = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S") else {
        return stored.to_string();
    };
    let local = Utc.from_utc_datetime(&utc) + dutch_offset(Utc.from_utc_datetime(&utc));
    format!(
        "{}, {:02}:{:02}",
        m.date(local.date_naive()),
        local.hour(),
        local.minute()
    )
}

/// Who did something, by their user name: `web:onderzoeker` is
/// "onderzoeker", `cli:beheer` is "beheer (opdrachtregel)", anything else
/// (`demo`, `test`) as it is.
pub fn person(actor: &str, m: &Messages) -> String {
    match actor.split_once(':') {
        Some(("web", name)) => name.to_string(),
        Some(("cli", name)) => m.fill("person.command_line", &[("name", name.to_string())]),
        _ => actor.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn winter_and_summer_time_in_the_netherlands() {
        let m = publish::Lang::Nl.messages();
        assert_eq!(
            local_time("2026-12-06T11:25:00Z", m),
            "6 december 2026, 12:25"
        );
        assert_eq!(local_time("2026-07-01T22:30:00Z", m), "2 juli 2026, 00:30");
        // Summer time began on Sunday 29 March 2026 at 01:00 UTC.
        assert_eq!(
            local_time("2026-03-29T00:59:00Z", m),
            "29 maart 2026, 01:59"
        );
        assert_eq!(
            local_time("2026-03-29T01:00:00Z", m),
            "29 maart 2026, 03:00"
        );
        // and ended on Sunday 25 October 2026 at 01:00 UTC.
        assert_eq!(
            local_time("2026-10-25T00:59:00Z", m),
            "25 oktober 2026, 02:59"
        );
        assert_eq!(
            local_time("2026-10-25T01:00:00Z", m),
            "25 oktober 2026, 02:00"
        );
        assert_eq!(local_time("not a time", m), "not a time");
        let en = publish::Lang::En.messages();
        assert_eq!(
            local_time("2026-12-06T11:25:00Z", en),
            "6 December 2026, 12:25"
        );
    }

    #[test]
    fn people_by_their_user_name() {
        let m = publish::Lang::Nl.messages();
        assert_eq!(person("web:onderzoeker", m), "onderzoeker");
        assert_eq!(person("cli:root", m), "root (opdrachtregel)");
        assert_eq!(person("demo", m), "demo");
    }
}
