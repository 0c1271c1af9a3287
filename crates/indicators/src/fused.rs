//! Every registration-level figure of a selection in one pass over the
//! [`Columns`]: reach, clients, goal realisation and coverage, paired and
//! unpaired ZRM scores, domain shares, Positive Health choices,
//! multi-problem situations, referrals, escalation, response time and the
//! waiting list. Each registration of the selection is read once and added
//! to fixed-size counters per domain × form × age group; the figures are
//! made from the counters, exactly as the functions of
//! [`crate::individual`], [`crate::referrals`] and [`crate::response`]
//! make them from the records (a property test holds the two equal).

use crate::columns::{age_index, date, day, Columns, Day, NONE, NO_CONTACT};
use crate::figure::{Figure, State};
use crate::response::second_working_day_after;
use crate::selection::{PeriodRule, Selection};
use crate::stats::{median, nearest_rank, t_interval95, wilson, Z95};
use chrono::{Datelike, Days};
use domain::{AgeGroup, Coded, Date, SupportForm};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;

/// How many amounts a paired change end − start can have: −4 to 4 (ZRM
/// scores run from 1 to 5).
const CHANGES: usize = 9;

/// Which registrations of the columns a selection includes.
struct Filter {
    range: Range<usize>,
    rule: PeriodRule,
    first: Day,
    last: Day,
    area: Option<u32>,
    age: Option<u8>,
    /// The theme's domains and services, by id.
    theme: Option<(Vec<bool>, Vec<bool>)>,
}

fn mask(len: usize, ids: impl Iterator<Item = Option<u32>>) -> Vec<bool> {
    let mut mask = vec![false; len];
    for id in ids.flatten() {
        mask[id as usize] = true;
    }
    mask
}

impl Filter {
    /// `None` when nothing can be in the selection (another organisation,
    /// an area no registration has).
    fn of(columns: &Columns, selection: &Selection) -> Option<Self> {
        if columns.organisation.as_ref() != Some(&selection.organisation) {
            return None;
        }
        let (first, last) = (day(selection.period.first), day(selection.period.last));
        let range = match selection.period.rule {
            PeriodRule::Started => columns.started_before(first)..columns.started_by(last),
            // An end date is never before its start date.
            PeriodRule::Running | PeriodRule::Closed => 0..columns.started_by(last),
        };
        let area = match &selection.area {
            Some(a) => Some(columns.areas.find(a.as_str())?),
            None => None,
        };
        let age = selection.age_group.map(age_index);
        let theme = selection.theme.as_ref().map(|t| {
            let domains = t.domains.iter().map(|d| columns.domains.find(d.as_str()));
            let services = t.services.iter().map(|s| columns.services.find(s));
            (
                mask(columns.domains.len(), domains),
                mask(columns.services.len(), services),
            )
        });
        Some(Self {
            range,
            rule: selection.period.rule,
            first,
            last,
            area,
            age,
            theme,
        })
    }

    fn includes(&self, c: &Columns, i: usize) -> bool {
        let end = c.end[i];
        let in_period = match self.rule {
            PeriodRule::Running => end >= self.first,
            PeriodRule::Started => true,
            PeriodRule::Closed => self.first <= end && end <= self.last,
        };
        in_period
            && self.area.is_none_or(|a| c.area[i] == a)
            && self.age.is_none_or(|a| c.age[i] == a)
            && self.theme.as_ref().is_none_or(|(domains, services)| {
                domains[c.main_domain[i] as usize]
                    || (c.service[i] != NONE && services[c.service[i] as usize])
            })
    }
}

/// Paired scores on one domain: how many pairs, the sums of their start
/// and end scores, and how many changed by each amount (−4 to 4).
#[derive(Debug, Clone, Copy, Default)]
struct Pairs {
    n: u64,
    starts: u64,
    ends: u64,
    changes: [u64; CHANGES],
}

/// All start scores and all end scores on one domain: counts and sums.
#[derive(Debug, Clone, Copy, Default)]
struct Unpaired {
    starts: u64,
    start_sum: u64,
    ends: u64,
    end_sum: u64,
}

/// The counters of one pass, sized by the columns' dictionaries.
struct Tally {
    domains: usize,
    partners: usize,
    registrations: u64,
    touched: Vec<bool>,
    by_form: Vec<u64>,
    by_age: Vec<u64>,
    clients: Vec<u64>,
    without_code: u64,
    goal: Vec<(u64, u64)>,
    coverage: Vec<(u64, u64)>,
    pairs: Vec<Pairs>,
    unpaired: Vec<Unpaired>,
    sharing: Vec<u64>,
    choices: Vec<u64>,
    multi_problem: (u64, u64),
    referred_in: Vec<u64>,
    referred_out: Vec<u64>,
    referred_on: u64,
    escalated: u64,
    response_days: Vec<Day>,
    in_time: u64,
    services: Vec<u64>,
    waiting: Vec<i64>,
}

impl Tally {
    fn new(c: &Columns, months: usize) -> Self {
        let (d, p) = (c.domains.len(), c.partners.len());
        Self {
            domains: d,
            partners: p,
            registrations: 0,
            touched: vec![false; d],
            by_form: vec![0; d * SupportForm::ALL.len()],
            by_age: vec![0; d * AgeGroup::ALL.len()],
            clients: vec![0; (c.clients as usize).div_ceil(64)],
            without_code: 0,
            goal: vec![(0, 0); d],
            coverage: vec![(0, 0); d],
            pairs: vec![Pairs::default(); d],
            unpaired: vec![Unpaired::default(); d],
            sharing: vec![0; d],
            choices: vec![0; c.choices.len()],
            multi_problem: (0, 0),
            referred_in: vec![0; d * p],
            referred_out: vec![0; d * p],
            referred_on: 0,
            escalated: 0,
            response_days: Vec::new(),
            in_time: 0,
            services: vec![0; c.services.len()],
            waiting: vec![0; months + 1],
        }
    }
}

/// From how many registrations a selection is counted in parallel parts.
const PARALLEL_FROM: usize = 100_000;

/// `range` in `parts` consecutive parts.
fn chunks(range: Range<usize>, parts: usize) -> Vec<Range<usize>> {
    let size = range.len().div_ceil(parts.max(1)).max(1);
    (range.start..range.end)
        .step_by(size)
        .map(|from| from..(from + size).min(range.end))
        .collect()
}

fn add_up(into: &mut [u64], other: &[u64]) {
    for (a, b) in into.iter_mut().zip(other) {
        *a += b;
    }
}

impl Tally {
    /// The counters of two parts of a selection, added up.
    fn merged(mut self, other: Tally) -> Tally {
        self.registrations += other.registrations;
        for (a, b) in self.touched.iter_mut().zip(&other.touched) {
            *a |= b;
        }
        add_up(&mut self.by_form, &other.by_form);
        add_up(&mut self.by_age, &other.by_age);
        for (a, b) in self.clients.iter_mut().zip(&other.clients) {
            *a |= b;
        }
        self.without_code += other.without_code;
        for (a, b) in self.goal.iter_mut().zip(&other.goal) {
            (a.0, a.1) = (a.0 + b.0, a.1 + b.1);
        }
        for (a, b) in self.coverage.iter_mut().zip(&other.coverage) {
            (a.0, a.1) = (a.0 + b.0, a.1 + b.1);
        }
        for (a, b) in self.pairs.iter_mut().zip(&other.pairs) {
            (a.n, a.starts, a.ends) = (a.n + b.n, a.starts + b.starts, a.ends + b.ends);
            add_up(&mut a.changes, &b.changes);
        }
        for (a, b) in self.unpaired.iter_mut().zip(&other.unpaired) {
            (a.starts, a.start_sum) = (a.starts + b.starts, a.start_sum + b.start_sum);
            (a.ends, a.end_sum) = (a.ends + b.ends, a.end_sum + b.end_sum);
        }
        add_up(&mut self.sharing, &other.sharing);
        add_up(&mut self.choices, &other.choices);
        self.multi_problem.0 += other.multi_problem.0;
        self.multi_problem.1 += other.multi_problem.1;
        add_up(&mut self.referred_in, &other.referred_in);
        add_up(&mut self.referred_out, &other.referred_out);
        self.referred_on += other.referred_on;
        self.escalated += other.escalated;
        self.response_days.extend(other.response_days);
        self.in_time += other.in_time;
        add_up(&mut self.services, &other.services);
        for (a, b) in self.waiting.iter_mut().zip(&other.waiting) {
            *a += b;
        }
        self
    }
}

/// The last day of each month of the period, in order.
fn month_ends(first: Date, last: Date) -> Vec<(Date, Day)> {
    let mut ends = Vec::new();
    let mut month = Date::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
    while month <= last {
        let next = month + chrono::Months::new(1);
        ends.push((month, day(next - Days::new(1))));
        month = next;
    }
    ends
}

/// The second working day after each start day, worked out once per day.
struct Deadlines<'h> {
    holidays: &'h [Date],
    first: Day,
    days: Vec<Day>,
}

impl Deadlines<'_> {
    fn of(&mut self, start: Day) -> Day {
        let i = (start - self.first) as usize;
        if i >= self.days.len() {
            self.days.resize(i + 1, 0);
        }
        if self.days[i] == 0 {
            self.days[i] = day(second_working_day_after(date(start), self.holidays));
        }
        self.days[i]
    }
}

/// What one pass needs besides the columns.
struct Pass<'a> {
    c: &'a Columns,
    month_ends: &'a [Day],
    deadlines: Deadlines<'a>,
    threshold: usize,
}

impl Pass<'_> {
    fn add(&mut self, t: &mut Tally, i: usize) {
        let c = self.c;
        let d = c.main_domain[i] as usize;
        t.registrations += 1;
        t.touched[d] = true;
        t.by_form[d * SupportForm::ALL.len() + c.form[i] as usize] += 1;
        t.by_age[d * AgeGroup::ALL.len() + c.age[i] as usize] += 1;
        match c.client[i] {
            NONE => t.without_code += 1,
            client => t.clients[client as usize / 64] |= 1 << (client % 64),
        }
        t.choices[c.choice[i] as usize] += 1;
        if c.service[i] != NONE {
            t.services[c.service[i] as usize] += 1;
        }
        self.add_scores(t, i, d);
        self.add_referrals(t, i, d);
        self.add_contact(t, i);
    }

    fn add_scores(&self, t: &mut Tally, i: usize, main: usize) {
        let c = self.c;
        let adult_trajectory = SupportForm::ALL[c.form[i] as usize] == SupportForm::Trajectory
            && AgeGroup::ALL[c.age[i] as usize].is_adult();
        // A registration shares its main domain and each domain scored
        // (a registration has one score row per domain).
        t.sharing[main] += 1;
        let (mut starts, mut low) = (0, 0);
        let mut main_complete = false;
        for s in c.scores_of(i) {
            let d = s.domain as usize;
            t.touched[d] = true;
            if adult_trajectory && s.goal > 0 && s.end > 0 {
                t.goal[d].0 += 1;
                t.goal[d].1 += u64::from(s.end >= s.goal);
                main_complete |= d == main;
            }
            if s.start > 0 && s.end > 0 {
                let p = &mut t.pairs[d];
                p.n += 1;
                p.starts += u64::from(s.start);
                p.ends += u64::from(s.end);
                p.changes[(i32::from(s.end) - i32::from(s.start) + 4) as usize] += 1;
            }
            let u = &mut t.unpaired[d];
            if s.start > 0 {
                (u.starts, u.start_sum) = (u.starts + 1, u.start_sum + u64::from(s.start));
                starts += 1;
                low += usize::from(s.start <= 2);
            }
            if s.end > 0 {
                (u.ends, u.end_sum) = (u.ends + 1, u.end_sum + u64::from(s.end));
            }
            if !s.is_empty() && d != main {
                t.sharing[d] += 1;
            }
        }
        if adult_trajectory {
            t.coverage[main].0 += u64::from(main_complete);
            t.coverage[main].1 += 1;
        }
        if starts > 0 {
            t.multi_problem.1 += 1;
            t.multi_problem.0 += u64::from(low >= self.threshold);
        }
    }

    fn add_referrals(&self, t: &mut Tally, i: usize, main: usize) {
        let c = self.c;
        t.referred_in[main * t.partners + c.referred_by[i] as usize] += 1;
        let destinations = c.destinations_of(i);
        for p in destinations {
            t.referred_out[main * t.partners + *p as usize] += 1;
        }
        t.referred_on += u64::from(!destinations.is_empty());
        t.escalated += u64::from(destinations.iter().any(|p| c.second_line[*p as usize]));
    }

    fn add_contact(&mut self, t: &mut Tally, i: usize) {
        let c = self.c;
        let (start, first) = (c.start[i], c.first_contact[i]);
        if first != NO_CONTACT {
            t.response_days.push(first - start);
            t.in_time += u64::from(first <= self.deadlines.of(start));
        }
        // Waiting at the end of a month: on the list by then, no first
        // contact by then, not ended before then.
        let until = c.end[i].min(first.saturating_sub(1));
        let from = self.month_ends.partition_point(|e| *e < c.waiting_since[i]);
        let to = self.month_ends.partition_point(|e| *e <= until);
        if from < to {
            t.waiting[from] += 1;
            t.waiting[to] -= 1;
        }
    }
}

fn domain_key(c: &Columns, d: usize) -> Vec<(&'static str, String)> {
    vec![("domain", c.domains.code(d as u32).to_string())]
}

impl Tally {
    fn touched(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.domains).filter(|d| self.touched[*d])
    }

    fn reach(&self, c: &Columns, out: &mut Vec<Figure>) {
        let per = |counts: &[u64], codes: &[&'static str], key: &'static str| {
            let width = codes.len();
            counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(move |(i, n)| {
                    let keys = vec![
                        ("domain", c.domains.code((i / width) as u32).to_string()),
                        (key, codes[i % width].to_string()),
                    ];
                    Figure::count("reach", keys, *n)
                })
                .collect::<Vec<_>>()
        };
        let forms: Vec<&str> = SupportForm::ALL.iter().map(|f| f.code()).collect();
        let ages: Vec<&str> = AgeGroup::ALL.iter().map(|a| a.code()).collect();
        out.extend(per(&self.by_form, &forms, "form"));
        out.extend(per(&self.by_age, &ages, "age_group"));
        let mut total = Figure::count("reach", vec![], self.registrations);
        if self.registrations == 0 {
            total.value = None;
            total.state = Some(State::NoData);
        }
        out.push(total);
        let n = self.registrations;
        let distinct: u32 = self.clients.iter().map(|w| w.count_ones()).sum();
        for (label, value) in [
            ("distinct", u64::from(distinct)),
            ("without_code", self.without_code),
        ] {
            out.push(Figure {
                value: (n > 0).then_some(value as f64),
                state: (n == 0).then_some(State::NoData),
                ..Figure::count("reach_clients", vec![("clients", label.into())], n)
            });
        }
    }

    fn scores(&self, c: &Columns, out: &mut Vec<Figure>) {
        for d in self.touched() {
            let (n, achieved) = self.goal[d];
            let mut figure = Figure::share("goal_realisation", domain_key(c, d), achieved, n);
            figure.ci95 = wilson(achieved, n, Z95);
            out.push(figure);
            let (complete, all) = self.coverage[d];
            out.push(Figure::share(
                "goal_coverage",
                domain_key(c, d),
                complete,
                all,
            ));
            out.push(self.pairs[d].figure(domain_key(c, d)));
            let u = self.unpaired[d];
            for (label, count, sum) in
                [("start", u.starts, u.start_sum), ("end", u.ends, u.end_sum)]
            {
                let mut keys = domain_key(c, d);
                keys.push(("score", label.into()));
                out.push(Figure {
                    n: count,
                    value: (count > 0).then(|| sum as f64 / count as f64),
                    state: (count == 0).then_some(State::NoData),
                    ..Figure::new("zrm_change_unpaired", keys)
                });
            }
            let share = self.sharing[d];
            out.push(Figure::share(
                "domain_share",
                domain_key(c, d),
                share,
                self.registrations,
            ));
        }
        for (choice, n) in self.choices.iter().enumerate().filter(|(_, n)| **n > 0) {
            let keys = vec![("dimension", c.choices.code(choice as u32).to_string())];
            out.push(Figure::count("pg_choice", keys, *n));
        }
    }

    fn referrals(&self, c: &Columns, out: &mut Vec<Figure>) {
        for (indicator, counts) in [
            ("referrals_in", &self.referred_in),
            ("referrals_out", &self.referred_out),
        ] {
            let mut totals: BTreeMap<&str, u64> = BTreeMap::new();
            for (i, n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                let (d, p) = (i / self.partners, (i % self.partners) as u32);
                *totals.entry(c.partners.code(p)).or_default() += n;
                let keys = vec![
                    ("domain", c.domains.code(d as u32).to_string()),
                    ("partner", c.partners.code(p).to_string()),
                ];
                out.push(Figure::count(indicator, keys, *n));
            }
            out.extend(
                totals
                    .into_iter()
                    .map(|(p, n)| Figure::count(indicator, vec![("partner", p.to_string())], n)),
            );
        }
        let n = self.registrations;
        out.push(Figure::share("referred_on", vec![], self.referred_on, n));
        out.push(Figure::share("escalation_rate", vec![], self.escalated, n));
    }

    fn response(&mut self, out: &mut Vec<Figure>, months: &[(Date, Day)]) {
        self.response_days.sort_unstable();
        let days: Vec<f64> = self.response_days.iter().map(|d| f64::from(*d)).collect();
        let n = days.len() as u64;
        for (label, value) in [("median", median(&days)), ("p90", nearest_rank(&days, 0.9))] {
            out.push(Figure {
                n,
                value,
                state: value.is_none().then_some(State::NoData),
                ..Figure::new("response_time", vec![("statistic", label.into())])
            });
        }
        let within = vec![("statistic", "within_2_working_days".into())];
        out.push(Figure::share("response_time", within, self.in_time, n));
        let mut waiting = 0;
        for ((month, _), change) in months.iter().zip(&self.waiting) {
            waiting += change;
            let keys = vec![("month", month.format("%Y-%m").to_string())];
            out.push(Figure::count("waiting_list", keys, waiting as u64));
        }
    }
}

impl Pairs {
    fn figure(&self, keys: Vec<(&'static str, String)>) -> Figure {
        let mut figure = Figure {
            n: self.n,
            ..Figure::new("zrm_change", keys)
        };
        if self.n == 0 {
            figure.state = Some(State::NoData);
            return figure;
        }
        let n = self.n as f64;
        let change = self.ends as f64 - self.starts as f64;
        // The changes in ascending order, as the t-interval sums them.
        let sorted: Vec<f64> = (0..CHANGES)
            .flat_map(|k| std::iter::repeat_n(k as f64 - 4.0, self.changes[k] as usize))
            .collect();
        let count = |range: Range<usize>| self.changes[range].iter().sum::<u64>() as f64 / n;
        figure.mean_start = Some(self.starts as f64 / n);
        figure.mean_end = Some(self.ends as f64 / n);
        figure.mean_change = Some(change / n);
        figure.value = figure.mean_change;
        figure.ci95 = t_interval95(&sorted);
        figure.shares = Some([count(5..CHANGES), count(4..5), count(0..4)]);
        figure
    }
}

/// The registration-level figures of the selection, and per service the
/// registrations of the selection (for reach against plan). A selection of
/// many registrations is counted in parts on every core.
pub fn figures(
    columns: &Columns,
    selection: &Selection,
    holidays: &[Date],
    multi_problem_threshold: usize,
) -> (Vec<Figure>, BTreeMap<String, u64>) {
    figures_in(columns, selection, holidays, multi_problem_threshold, None)
}

/// [`figures`], the selection counted in `parts` parts (on every core
/// when more than one; `None`: by its size) whose counters are then added
/// up: the same figures whatever the number of parts.
pub fn figures_in(
    columns: &Columns,
    selection: &Selection,
    holidays: &[Date],
    multi_problem_threshold: usize,
    parts: Option<usize>,
) -> (Vec<Figure>, BTreeMap<String, u64>) {
    let period = &selection.period;
    let months = month_ends(period.first, period.last);
    let ends: Vec<Day> = months.iter().map(|(_, e)| *e).collect();
    let count = |range: Range<usize>, filter: &Filter| {
        let mut tally = Tally::new(columns, months.len());
        let mut pass = Pass {
            c: columns,
            month_ends: &ends,
            deadlines: Deadlines {
                holidays,
                first: columns.start.first().copied().unwrap_or(0),
                days: Vec::new(),
            },
            threshold: multi_problem_threshold,
        };
        for i in range {
            if filter.includes(columns, i) {
                pass.add(&mut tally, i);
            }
        }
        tally
    };
    let filter = Filter::of(columns, selection);
    let parts = parts.unwrap_or(match &filter {
        Some(f) if f.range.len() >= PARALLEL_FROM => rayon::current_num_threads() * 4,
        _ => 1,
    });
    let mut tally = match filter {
        None => Tally::new(columns, months.len()),
        Some(filter) if parts > 1 => chunks(filter.range.clone(), parts)
            .into_par_iter()
            .map(|part| count(part, &filter))
            .reduce_with(Tally::merged)
            .unwrap_or_else(|| Tally::new(columns, months.len())),
        Some(filter) => count(filter.range.clone(), &filter),
    };
    let mut out = Vec::new();
    tally.reach(columns, &mut out);
    tally.scores(columns, &mut out);
    let (num, den) = tally.multi_problem;
    let threshold = vec![("threshold", multi_problem_threshold.to_string())];
    out.push(Figure::share("multi_problem", threshold, num, den));
    tally.referrals(columns, &mut out);
    tally.response(&mut out, &months);
    let services = tally
        .services
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| (columns.services.code(s as u32).to_string(), *n))
        .collect();
    (out, services)
}
