//! Response time and the waiting list (DOMAIN.md §4.7).

use crate::figure::{Figure, State};
use crate::selection::{Case, Period};
use crate::stats::{median, nearest_rank};
use chrono::{Datelike, Days, Weekday};
use domain::Date;

/// The second working day after `start`: working days are Monday to Friday
/// that are not in `holidays`; the start day itself does not count.
pub fn second_working_day_after(start: Date, holidays: &[Date]) -> Date {
    let mut day = start;
    let mut counted = 0;
    while counted < 2 {
        day = day + Days::new(1);
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if !weekend && !holidays.contains(&day) {
            counted += 1;
        }
    }
    day
}

/// Response time (`response_time`), over the registrations in the
/// selection with a first-contact date; key `statistic`:
/// - `median`: calendar days from start date to first contact, the median
///   (mean of the two middle values when n is even);
/// - `p90`: the nearest-rank 90th percentile (the ⌈0.9·n⌉-th smallest);
/// - `within_2_working_days`: the share with first contact on or before
///   the second working day after the start date (Monday–Friday, minus
///   `holidays`).
///
/// All three have `n` = the registrations with a first-contact date, and
/// `state: no_data` when there are none.
pub fn response_time(cases: &[Case], holidays: &[Date]) -> Vec<Figure> {
    let mut days: Vec<f64> = Vec::new();
    let mut in_time = 0;
    for case in cases {
        let r = case.registration;
        if let Some(first) = r.first_contact_date {
            days.push((first - r.start_date).num_days() as f64);
            in_time += u64::from(first <= second_working_day_after(r.start_date, holidays));
        }
    }
    days.sort_by(f64::total_cmp);
    let n = days.len() as u64;
    let statistic = |label: &str, value: Option<f64>| {
        let mut f = Figure {
            n,
            value,
            ..Figure::new("response_time", vec![("statistic", label.into())])
        };
        if value.is_none() {
            f.state = Some(State::NoData);
        }
        f
    };
    vec![
        statistic("median", median(&days)),
        statistic("p90", nearest_rank(&days, 0.9)),
        Figure::share(
            "response_time",
            vec![("statistic", "within_2_working_days".into())],
            in_time,
            n,
        ),
    ]
}

/// The last day of the month of `day`.
fn month_end(day: Date) -> Date {
    let (y, m) = if day.month() == 12 {
        (day.year() + 1, 1)
    } else {
        (day.year(), day.month() + 1)
    };
    Date::from_ymd_opt(y, m, 1).map_or(day, |next| next - Days::new(1))
}

/// The waiting list per month (`waiting_list`), for every month of the
/// period (key `month`, `YYYY-MM`): the registrations in the selection
/// on the waiting list (from the day they were put on it, else from the
/// start date) on or before the month's last day, without a first contact on
/// or before that day, and not ended before that day. Read to the letter: a
/// registration without any first-contact date waits until it ends.
pub fn waiting_list(cases: &[Case], period: &Period) -> Vec<Figure> {
    let mut figures = Vec::new();
    let mut month =
        Date::from_ymd_opt(period.first.year(), period.first.month(), 1).unwrap_or(period.first);
    while month <= period.last {
        let last = month_end(month);
        let waiting = cases
            .iter()
            .filter(|c| {
                let r = c.registration;
                r.waiting_since.unwrap_or(r.start_date) <= last
                    && r.first_contact_date.is_none_or(|f| f > last)
                    && r.end_date.is_none_or(|e| e >= last)
            })
            .count() as u64;
        figures.push(Figure::count(
            "waiting_list",
            vec![("month", month.format("%Y-%m").to_string())],
            waiting,
        ));
        month = last + Days::new(1);
    }
    figures
}
