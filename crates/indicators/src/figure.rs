//! A computed figure: which indicator, for which breakdown, and its numbers.

use crate::stats::Interval;
use serde::{Deserialize, Serialize};

/// Why a figure has no value. Never shown as 0 % or NaN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Nothing in the selection to compute it over (`n` is 0).
    NoData,
    /// The activity ran, but its figures are not available ("niet beschikbaar").
    NotAvailable,
    /// The activity is planned and has not started ("gepland").
    Planned,
}

impl State {
    /// The state as written in output.
    pub fn code(self) -> &'static str {
        match self {
            Self::NoData => "no_data",
            Self::NotAvailable => "not_available",
            Self::Planned => "planned",
        }
    }
}

/// A further field of a figure that only some indicators have (a planned
/// reach, an activity's nature, a small-n warning); docs/figures.md lists
/// them per indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Extra {
    /// A number, e.g. the difference between achieved and planned reach.
    Number(f64),
    /// A text, e.g. `beide` or a participant range as written (`4-5`).
    Text(String),
}

/// A name the program writes (an indicator, a breakdown, an extra field).
/// An alias, so that serde reads it back through [`domain::interned`]
/// instead of borrowing it from the input.
pub type Name = &'static str;

/// One figure. Every figure carries its `n`; the other fields are set where
/// the indicator has them (docs/figures.md lists which).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Figure {
    /// The indicator id, e.g. `goal_realisation`.
    #[serde(with = "domain::interned::name")]
    pub indicator: Name,
    /// The breakdown, e.g. `[("domain", "financien")]`, in a fixed order.
    #[serde(with = "domain::interned::named")]
    pub keys: Vec<(Name, String)>,
    /// The number of records the figure is computed over.
    pub n: u64,
    /// The figure's value (a count, share or mean); `None` with a state.
    pub value: Option<f64>,
    /// For a share: the count on top.
    pub numerator: Option<u64>,
    /// For a share: the count below.
    pub denominator: Option<u64>,
    /// A 95 % interval of the value (a share's Wilson interval, a mean
    /// change's t-interval).
    pub ci95: Option<Interval>,
    /// Mean start score (ZRM change, group strength).
    pub mean_start: Option<f64>,
    /// Mean end score (ZRM change, group strength).
    pub mean_end: Option<f64>,
    /// Mean of end − start over the same pairs (ZRM change, group strength).
    pub mean_change: Option<f64>,
    /// Shares of pairs improved, same and declined (ZRM change).
    pub shares: Option<[f64; 3]>,
    /// Why there is no value.
    pub state: Option<State>,
    /// Fields only this indicator has, in a fixed order.
    #[serde(with = "domain::interned::named")]
    pub extras: Vec<(Name, Extra)>,
}

impl Figure {
    /// A figure without numbers yet.
    pub fn new(indicator: &'static str, keys: Vec<(&'static str, String)>) -> Self {
        Self {
            indicator,
            keys,
            ..Self::default()
        }
    }

    /// A count: value and n are the count.
    pub fn count(indicator: &'static str, keys: Vec<(&'static str, String)>, count: u64) -> Self {
        Self {
            n: count,
            value: Some(count as f64),
            ..Self::new(indicator, keys)
        }
    }

    /// A share `numerator / denominator` with n = denominator; no data when
    /// the denominator is 0.
    pub fn share(
        indicator: &'static str,
        keys: Vec<(&'static str, String)>,
        numerator: u64,
        denominator: u64,
    ) -> Self {
        let mut figure = Self {
            n: denominator,
            numerator: Some(numerator),
            denominator: Some(denominator),
            ..Self::new(indicator, keys)
        };
        if denominator == 0 {
            figure.state = Some(State::NoData);
        } else {
            figure.value = Some(numerator as f64 / denominator as f64);
        }
        figure
    }

    /// The key's value, if the figure has that key.
    pub fn key(&self, name: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The extra field's value, if the figure has it.
    pub fn extra(&self, name: &str) -> Option<&Extra> {
        self.extras.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The extra field's number, if the figure has it as a number.
    pub fn number(&self, name: &str) -> Option<f64> {
        match self.extra(name) {
            Some(Extra::Number(v)) => Some(*v),
            _ => None,
        }
    }

    /// The extra field's text, if the figure has it as a text.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.extra(name) {
            Some(Extra::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Adds a number field.
    pub fn with_number(mut self, name: &'static str, value: f64) -> Self {
        self.extras.push((name, Extra::Number(value)));
        self
    }

    /// Adds a text field.
    pub fn with_text(mut self, name: &'static str, text: impl Into<String>) -> Self {
        self.extras.push((name, Extra::Text(text.into())));
        self
    }
}

/// The order of figures in every output: by indicator, then keys (PRODUCT.md §4).
pub fn sort(figures: &mut [Figure]) {
    figures.sort_by(|a, b| {
        a.indicator
            .cmp(b.indicator)
            .then_with(|| a.keys.cmp(&b.keys))
    });
}
