//! Reach: registrations by main domain × form and main domain × age group,
//! the two tables of the factsheet and the area profile. Their row totals
//! are the same numbers, so they are suppressed together; the grand total
//! is what every other page publishes as "registrations".

use crate::model::{Audience, Bar, Block, Chart, How, Text};
use crate::suppression::{CountTable, Entry, SuppressedTable};
use crate::tables::{count_table, suppressed};
use domain::{AgeGroup, Coded, SupportForm};
use indicators::Figure;

/// The reach figures of a selection and the domains to show.
#[derive(Debug, Clone)]
pub struct Reach<'a> {
    /// The figures of the selection (`reach` with keys domain × form and
    /// domain × age group).
    pub figures: &'a [Figure],
    /// The domains as rows: code and name.
    pub domains: Vec<(String, String)>,
    /// How the figures were computed (its `n` is filled in here).
    pub how: How,
}

impl Reach<'_> {
    fn count(&self, domain: &str, key: &str, value: &str) -> u64 {
        self.figures
            .iter()
            .find(|f| {
                f.indicator == "reach"
                    && f.keys.len() == 2
                    && f.key("domain") == Some(domain)
                    && f.key(key) == Some(value)
            })
            .map_or(0, |f| f.n)
    }

    fn table(&self, key: &str, columns: &[&str]) -> CountTable {
        CountTable {
            rows: self.domains.iter().map(|(d, _)| d.clone()).collect(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            cells: self
                .domains
                .iter()
                .map(|(d, _)| columns.iter().map(|c| self.count(d, key, c)).collect())
                .collect(),
        }
    }

    /// Both tables, suppressed together for the audience.
    pub fn tables(&self, audience: Audience) -> (SuppressedTable, SuppressedTable) {
        let forms: Vec<&str> = SupportForm::ALL.iter().map(|f| f.code()).collect();
        let ages: Vec<&str> = AgeGroup::ALL.iter().map(|a| a.code()).collect();
        let both = [self.table("form", &forms), self.table("age_group", &ages)];
        let mut done = suppressed(&both, audience).into_iter();
        let by_form = done.next().expect("the form table");
        let by_age = done.next().expect("the age table");
        (by_form, by_age)
    }

    /// The registrations in all, as every page publishes them.
    pub fn total(&self, audience: Audience) -> Entry {
        self.tables(audience).0.total
    }

    /// The chart with its table, and the age table; with the total.
    pub fn blocks(&self, audience: Audience) -> (Vec<Block>, Entry) {
        let (by_form, by_age) = self.tables(audience);
        let labels = || {
            self.domains
                .iter()
                .map(|(_, name)| Text::Plain(name.clone()))
                .collect::<Vec<_>>()
        };
        let heads = |list: &'static str, codes: &[&'static str]| {
            std::iter::once(Text::Key("column.domain"))
                .chain(codes.iter().map(|c| Text::Label(list, c.to_string())))
                .chain([Text::Key("column.total")])
                .collect::<Vec<_>>()
        };
        let forms: Vec<&str> = SupportForm::ALL.iter().map(|f| f.code()).collect();
        let ages: Vec<&str> = AgeGroup::ALL.iter().map(|a| a.code()).collect();
        let how = |total: Entry| How {
            n: Some(total),
            ..self.how.clone()
        };
        let chart = Chart {
            title: Text::Key("factsheet.reach_chart"),
            bars: self
                .domains
                .iter()
                .zip(&by_form.row_totals)
                .map(|((_, name), e)| Bar::count(name.clone(), *e))
                .collect(),
            shares: false,
        };
        let form_table = count_table(
            "reach-form",
            Text::Key("factsheet.reach_table"),
            labels(),
            heads("form", &forms),
            &by_form,
            how(by_form.total),
        );
        let age_table = count_table(
            "reach-age",
            Text::Key("factsheet.age_table"),
            labels(),
            heads("age", &ages),
            &by_age,
            how(by_age.total),
        );
        let blocks = vec![Block::Chart(chart, form_table), Block::Table(age_table)];
        (blocks, by_form.total)
    }
}
