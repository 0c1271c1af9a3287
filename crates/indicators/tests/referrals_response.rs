//! Referral and response-time figures on a small case worked out by hand.
//!
//! Partners: huisarts (first line), ggz (second line), mgj (first line).
//!
//! | id | start             | first contact   | end        | from     | to        |
//! |----|-------------------|-----------------|------------|----------|-----------|
//! | a1 | Mon 2022-03-07    | Wed 2022-03-09  |            | huisarts | ggz, mgj  |
//! | a2 | Fri 2022-03-11    | Tue 2022-03-15  |            | huisarts | mgj       |
//! | a3 | Sat 2022-03-12    | Wed 2022-03-16  |            |          |           |
//! | a4 | Tue 2022-04-26    | Fri 2022-04-29  |            | mgj      | ggz       |
//! | a5 | Mon 2022-01-10    |                 | 2022-02-15 |          |           |
//! | a6 | Fri 2022-05-20    | Fri 2022-06-03  |            |          |           |

use domain::*;
use indicators::referrals::*;
use indicators::response::*;
use indicators::{cases, Figure, Period, PeriodRule, Selection};

fn org() -> OrganisationCode {
    OrganisationCode::parse("o").unwrap()
}

fn day(s: &str) -> Date {
    parse_date(s).unwrap()
}

fn reg(
    id: &str,
    start: &str,
    first: Option<&str>,
    end: Option<&str>,
    from: Option<&str>,
    to: &[&str],
) -> Registration {
    Registration::new(RegistrationFields {
        organisation: org(),
        id: Id::parse(id).unwrap(),
        area: None,
        form: SupportForm::LeanSupport,
        start_date: day(start),
        end_date: end.map(day),
        first_contact_date: first.map(day),
        waiting_since: None,
        client: None,
        age_group: Some(AgeGroup::From27To55),
        birth_year: None,
        main_domain: ZrmDomain::known("financien"),
        service: None,
        pg_dimensions: vec![],
        referred_by: from.map(|p| Id::parse(p).unwrap()),
        referred_to: to.iter().map(|p| Id::parse(p).unwrap()).collect(),
    })
    .unwrap()
}

fn partner(id: &str, line: PartnerLine) -> Partner {
    Partner {
        organisation: org(),
        id: Id::parse(id).unwrap(),
        name: id.into(),
        sector: PartnerSector::Care,
        line,
        areas: vec![],
    }
}

fn registrations() -> Vec<Registration> {
    vec![
        reg(
            "a1",
            "2022-03-07",
            Some("2022-03-09"),
            None,
            Some("huisarts"),
            &["ggz", "mgj"],
        ),
        reg(
            "a2",
            "2022-03-11",
            Some("2022-03-15"),
            None,
            Some("huisarts"),
            &["mgj"],
        ),
        reg("a3", "2022-03-12", Some("2022-03-16"), None, None, &[]),
        reg(
            "a4",
            "2022-04-26",
            Some("2022-04-29"),
            None,
            Some("mgj"),
            &["ggz"],
        ),
        reg("a5", "2022-01-10", None, Some("2022-02-15"), None, &[]),
        reg("a6", "2022-05-20", Some("2022-06-03"), None, None, &[]),
    ]
}

fn year() -> Selection {
    Selection {
        organisation: org(),
        period: Period::year(2022, PeriodRule::Running).unwrap(),
        area: None,
        age_group: None,
        theme: None,
    }
}

fn with<'a>(figures: &'a [Figure], key: &str, value: &str) -> &'a Figure {
    figures
        .iter()
        .find(|f| f.key(key) == Some(value))
        .unwrap_or_else(|| panic!("no {key}={value} in {figures:#?}"))
}

#[test]
fn referrals_in_and_out_per_partner() {
    let r = registrations();
    let c = cases(&r, &[], &year());
    let inbound = referrals_in(&c);
    assert_eq!(with(&inbound, "partner", "huisarts").n, 2); // a1 a2
    assert_eq!(with(&inbound, "partner", "mgj").n, 1); // a4
    assert_eq!(with(&inbound, "partner", UNKNOWN_SOURCE).n, 3); // a3 a5 a6
    let outbound = referrals_out(&c);
    assert_eq!(with(&outbound, "partner", "ggz").n, 2); // a1 a4
    assert_eq!(with(&outbound, "partner", "mgj").n, 2); // a1 a2: a1 counts for both destinations
                                                        // All six have main domain financien: the per-domain figures repeat the totals.
    let per_domain = |figures: &[Figure], partner: &str| {
        figures
            .iter()
            .find(|f| f.key("domain") == Some("financien") && f.key("partner") == Some(partner))
            .map(|f| f.n)
    };
    assert_eq!(per_domain(&inbound, UNKNOWN_SOURCE), Some(3));
    assert_eq!(per_domain(&outbound, "ggz"), Some(2));
    assert_eq!(per_domain(&outbound, "huisarts"), None);
}

#[test]
fn referred_on_and_escalation_are_shares_of_all_registrations() {
    let r = registrations();
    let c = cases(&r, &[], &year());
    let on = referred_on(&c);
    assert_eq!(
        (on.numerator, on.denominator, on.value),
        (Some(3), Some(6), Some(0.5))
    ); // a1 a2 a4
    let partners = [
        partner("huisarts", PartnerLine::FirstLine),
        partner("ggz", PartnerLine::SecondLine),
        partner("mgj", PartnerLine::FirstLine),
    ];
    let escalated = escalation_rate(&c, &partners);
    assert_eq!(
        (escalated.numerator, escalated.denominator),
        (Some(2), Some(6))
    ); // a1 a4 went to ggz
}

#[test]
fn response_time_median_p90_and_two_working_days() {
    let r = registrations();
    let c = cases(&r, &[], &year());
    // Days to first contact: a1 2, a2 4, a3 4, a4 3, a6 14 → sorted 2 3 4 4 14 (n 5).
    // Median 4; p90 = the ⌈4.5⌉ = 5th smallest = 14.
    // Two working days: a1 (Mon → Wed) yes; a2 (Fri → Mon, Tue) yes; a3 (Sat → Mon, Tue; Wed) no;
    // a4 (Tue → Wed, Thu; Fri) no; a6 (Fri → Mon 23, Tue 24; 3 June) no → 2 of 5.
    let plain = response_time(&c, &[]);
    assert_eq!(with(&plain, "statistic", "median").value, Some(4.0));
    assert_eq!(with(&plain, "statistic", "p90").value, Some(14.0));
    let share = with(&plain, "statistic", "within_2_working_days");
    assert_eq!((share.numerator, share.denominator), (Some(2), Some(5)));
    // With King's Day (Wed 2022-04-27) a holiday, a4's deadline moves to Fri: 3 of 5.
    let kings_day = [day("2022-04-27")];
    let share = response_time(&c, &kings_day)
        .into_iter()
        .find(|f| f.key("statistic") == Some("within_2_working_days"))
        .unwrap();
    assert_eq!(share.numerator, Some(3));
}

#[test]
fn the_second_working_day_skips_weekends_and_holidays() {
    assert_eq!(
        second_working_day_after(day("2022-03-07"), &[]),
        day("2022-03-09")
    ); // Mon → Wed
    assert_eq!(
        second_working_day_after(day("2022-03-11"), &[]),
        day("2022-03-15")
    ); // Fri → Tue
    assert_eq!(
        second_working_day_after(day("2022-03-12"), &[]),
        day("2022-03-15")
    ); // Sat → Tue
    assert_eq!(
        second_working_day_after(day("2022-04-26"), &[day("2022-04-27")]),
        day("2022-04-29")
    );
}

#[test]
fn the_waiting_list_counts_per_month_end() {
    let r = registrations();
    let selection = year();
    let months = waiting_list(&cases(&r, &[], &selection), &selection.period);
    assert_eq!(months.len(), 12);
    // 31 Jan: a5 started, no contact, ends 15 Feb → waiting. 28 Feb: a5 ended before.
    // 31 Mar: a1 a2 a3 all contacted by then. 30 Apr: a4 contacted on the 29th.
    // 31 May: a6 started the 20th, contact on 3 June → waiting. 30 Jun: contacted.
    let counts: Vec<u64> = months.iter().map(|f| f.n).collect();
    assert_eq!(counts, vec![1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(months[4].key("month"), Some("2022-05"));
}

#[test]
fn no_first_contacts_means_no_data_not_zero() {
    let r = vec![reg("b1", "2022-03-07", None, None, None, &[])];
    let figures = response_time(&cases(&r, &[], &year()), &[]);
    for f in figures {
        assert_eq!(
            (f.n, f.value, f.state),
            (0, None, Some(indicators::State::NoData)),
            "{f:?}"
        );
    }
}

#[test]
fn the_calendar_covers_christmas_of_the_year_before_the_period() {
    // Started Fri 23 December 2022, first contact Wed 28 December: the
    // 24th and 25th are a weekend, the 26th (second Christmas day) a
    // holiday, so the second working day after the start is the 28th.
    let r = vec![reg("c1", "2022-12-23", Some("2022-12-28"), None, None, &[])];
    let selection = Selection {
        period: Period::year(2023, PeriodRule::Running).unwrap(),
        ..year()
    };
    let records = indicators::Records {
        registrations: &r,
        ..Default::default()
    };
    let figures = indicators::compute(&records, &selection, &indicators::Options::default());
    let share = figures
        .iter()
        .find(|f| f.key("statistic") == Some("within_2_working_days"))
        .unwrap();
    assert_eq!((share.numerator, share.denominator), (Some(1), Some(1)));
    let calendar = indicators::working_day_calendar(&cases(&r, &[], &selection), &[]);
    assert!(calendar.contains(&day("2022-12-26")));
    assert!(calendar.contains(&day("2023-01-01")), "the year after");
}
