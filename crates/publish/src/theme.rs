//! What a theme's pages are made of: the organisation's DIN and texts
//! for a theme and year, the figures computed for them, and the keys under
//! which the theme's counts are written to the ledger. The factsheet and
//! the individual-support figures read them from here.

use crate::ledger::{CellKey, Counted, Scope};
use crate::model::{Block, How, Text};
use crate::reach::Reach;
use domain::{
    Date, Effort, EffortCategory, Goal, IndicatorDefinition, Narrative, NarrativeSection,
    Organisation, Partner, ReferenceItem, Survey, Theme,
};
use indicators::Figure;

/// Everything a factsheet is made of: the organisation's DIN and texts for
/// the theme, and the figures computed for the theme and year.
#[derive(Debug, Clone, Copy)]
pub struct FactsheetInput<'a> {
    /// The organisation.
    pub organisation: &'a Organisation,
    /// The theme in its year.
    pub theme: &'a Theme,
    /// The names of the municipalities the organisation works for.
    pub municipalities: &'a [String],
    /// The organisation's goals (all themes; the theme's are picked).
    pub goals: &'a [Goal],
    /// The organisation's efforts.
    pub efforts: &'a [Effort],
    /// The organisation's partners.
    pub partners: &'a [Partner],
    /// The researchers' texts.
    pub narratives: &'a [Narrative],
    /// The names of context indicators.
    pub definitions: &'a [IndicatorDefinition],
    /// The ZRM domains with their names.
    pub domains: &'a [ReferenceItem],
    /// The Positive Health dimensions with their names.
    pub pg_dimensions: &'a [ReferenceItem],
    /// The organisation's surveys: an impact measurement that asked about
    /// one of the theme's activities is shown with it.
    pub surveys: &'a [Survey],
    /// The figures of the theme and year (`indicators::compute` with the
    /// theme's selection).
    pub figures: &'a [Figure],
    /// The data version the figures were computed from.
    pub data_version: i64,
}

impl<'a> FactsheetInput<'a> {
    pub(crate) fn year(&self) -> i32 {
        self.theme.year
    }

    /// The theme's reach in its year, as every table of the theme counts it.
    pub(crate) fn reach(&self) -> Reach<'a> {
        Reach::of_theme(self.theme, self.figures, self.domains, self.data_version)
    }

    pub(crate) fn goals(&self) -> impl Iterator<Item = &Goal> {
        self.goals.iter().filter(|g| g.theme == self.theme.code)
    }

    /// The theme's efforts running in the year.
    pub(crate) fn efforts(&self) -> Vec<&Effort> {
        let goal_ids: Vec<_> = self.goals().map(|g| &g.id).collect();
        let (first, last) = year_bounds(self.year());
        self.efforts
            .iter()
            .filter(|e| {
                e.themes.contains(&self.theme.code) || e.goals.iter().any(|g| goal_ids.contains(&g))
            })
            .filter(|e| e.started.is_none_or(|d| d <= last) && e.stopped.is_none_or(|d| d >= first))
            .collect()
    }

    pub(crate) fn domain_name(&self, code: &str) -> String {
        self.domains
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.to_string(), |d| d.name.clone())
    }

    /// A Positive Health dimension's name.
    pub(crate) fn pg_name(&self, code: &str) -> String {
        self.pg_dimensions
            .iter()
            .find(|d| d.code == code)
            .map_or_else(|| code.replace('_', " "), |d| d.name.clone())
    }

    /// The theme's collective activities of the year, and those planned to
    /// start after it (listed as planned, not dropped).
    pub(crate) fn collective_efforts(&self) -> Vec<&Effort> {
        let goal_ids: Vec<_> = self.goals().map(|g| &g.id).collect();
        let (_, last) = year_bounds(self.year());
        let running = self.efforts();
        let planned = self.efforts.iter().filter(|e| {
            e.category == EffortCategory::CollectiveActivity
                && (e.themes.contains(&self.theme.code)
                    || e.goals.iter().any(|g| goal_ids.contains(&g)))
                && e.started.is_some_and(|d| d > last)
                && e.stopped.is_none()
        });
        running
            .into_iter()
            .filter(|e| e.category == EffortCategory::CollectiveActivity)
            .chain(planned)
            .collect()
    }

    pub(crate) fn partner_name(&self, id: &str) -> Text {
        match self.partners.iter().find(|p| p.id.as_str() == id) {
            Some(p) => Text::Plain(p.name.clone()),
            None => Text::Label("partner", id.to_string()),
        }
    }

    pub(crate) fn narratives(&self, section: NarrativeSection, goal: Option<&str>) -> Vec<Block> {
        self.narratives
            .iter()
            .filter(|n| {
                n.theme.as_ref() == Some(&self.theme.code)
                    && n.year == self.year()
                    && n.section == section
            })
            .filter(|n| n.goal.as_ref().map(|g| g.as_str()) == goal)
            .map(|n| Block::Text(Text::Markdown(n.text.clone())))
            .collect()
    }

    pub(crate) fn find(&self, indicator: &str, keys: &[(&str, &str)]) -> Option<&Figure> {
        self.figures.iter().find(|f| {
            f.indicator == indicator
                && f.keys.len() == keys.len()
                && keys.iter().all(|(k, v)| f.key(k) == Some(v))
        })
    }

    pub(crate) fn count(&self, indicator: &str, keys: &[(&str, &str)]) -> u64 {
        self.find(indicator, keys).map_or(0, |f| f.n)
    }

    /// Whose registrations the theme's counts are: the organisation's for
    /// a theme of main domains (the same cells as every other theme with
    /// that domain), the theme's own for a societal task's services.
    pub(crate) fn scope(&self) -> Scope {
        crate::reach::theme_scope(self.theme)
    }

    /// The theme's domains as one key: `a+b+c`.
    pub(crate) fn domain_set(&self) -> String {
        let mut codes: Vec<&str> = self.theme.zrm_domains.iter().map(|d| d.as_str()).collect();
        codes.sort_unstable();
        codes.join("+")
    }

    /// A key of the theme's registrations: of its domains, or of the
    /// theme's own selection.
    pub(crate) fn key(
        &self,
        indicator: &'static str,
        keys: &[(&'static str, &str)],
        field: &'static str,
    ) -> CellKey {
        let set = self.domain_set();
        let mut all: Vec<(&'static str, &str)> = match self.scope() {
            Scope::Organisation => vec![("domains", set.as_str())],
            _ => vec![],
        };
        all.extend_from_slice(keys);
        CellKey::of(self.year(), indicator, &all, field).within(self.scope())
    }

    pub(crate) fn how(&self, indicator: &'static str, n: Option<&Counted>) -> How {
        let how = How::new(
            indicator,
            crate::reach::theme_selection(self.theme),
            self.data_version,
        );
        match n {
            Some(n) => how.counting(n),
            None => how,
        }
    }
}

fn year_bounds(year: i32) -> (Date, Date) {
    let day = |m, d| Date::from_ymd_opt(year, m, d).expect("a valid day of the year");
    (day(1, 1), day(12, 31))
}
