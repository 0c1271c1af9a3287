//! The figures of `compute` (PRODUCT.md §4) as someone outside the
//! organisation may have them through the JSON API: the organisation's own
//! staff get every figure as computed; a municipality viewer gets them with
//! small counts suppressed.
//!
//! Suppression, the rule of [`crate::suppression::suppress`] applied to the
//! figure list: every count (n, numerator, denominator, and the value or
//! participants where they count people) from 1 to k − 1 is hidden
//! (primary). The figures of one indicator that differ in one breakdown key
//! form a line with the figure without that key (their total); as long as
//! a line has exactly one hidden count, the smallest shown non-zero count
//! of the line is hidden too (secondary). A figure with a hidden count
//! keeps its indicator, keys, state and words, loses every number, and says
//! `"suppressed": true`. Context statistics are CBS's published figures
//! and are never suppressed. Lines do not cross indicators: the published
//! pages are suppressed table by table in the same way.

use crate::model::Audience;
use crate::suppression::Threshold;
use indicators::{Extra, Figure};
use serde_json::Value;
use std::collections::HashMap;

/// Indicators whose value is itself a count of people or registrations.
const COUNT_VALUES: &[&str] = &[
    "reach",
    "reach_clients",
    "referrals_in",
    "referrals_out",
    "waiting_list",
    "collective",
];

/// Further fields that count people.
const COUNT_EXTRAS: &[&str] = &["participants_total", "achieved"];

/// The figures as JSON for an audience (see the module comment).
pub fn figures_json(figures: &[Figure], audience: Audience) -> Value {
    let Audience::Public(k) = audience else {
        return indicators::json::figures(figures);
    };
    let hidden = hidden_figures(figures, k);
    Value::Array(
        figures
            .iter()
            .zip(hidden)
            .map(|(f, hide)| {
                if hide {
                    stripped(f)
                } else {
                    indicators::json::figure(f)
                }
            })
            .collect(),
    )
}

/// A figure with its numbers taken out.
fn stripped(f: &Figure) -> Value {
    let bare = Figure {
        indicator: f.indicator,
        keys: f.keys.clone(),
        state: f.state,
        extras: f
            .extras
            .iter()
            .filter(|(_, e)| matches!(e, Extra::Text(_)))
            .cloned()
            .collect(),
        ..Figure::default()
    };
    let mut json = indicators::json::figure(&bare);
    if let Value::Object(o) = &mut json {
        o.remove("n");
        o.insert("suppressed".into(), Value::Bool(true));
    }
    json
}

/// One count of one figure.
struct Count {
    figure: usize,
    field: &'static str,
    value: u64,
}

/// The counts of a figure that suppression looks at.
fn counts(index: usize, f: &Figure) -> Vec<Count> {
    let mut out = vec![Count {
        figure: index,
        field: "n",
        value: f.n,
    }];
    let mut push = |field, value: Option<u64>| {
        if let Some(value) = value {
            out.push(Count {
                figure: index,
                field,
                value,
            });
        }
    };
    push("numerator", f.numerator);
    push("denominator", f.denominator);
    if COUNT_VALUES.contains(&f.indicator) {
        push("value", f.value.map(|v| v.round() as u64));
    }
    for name in COUNT_EXTRAS {
        push(name, f.number(name).map(|v| v.round() as u64));
    }
    out
}

/// Which figures have a hidden count.
fn hidden_figures(figures: &[Figure], k: Threshold) -> Vec<bool> {
    let counts: Vec<Count> = figures
        .iter()
        .enumerate()
        .filter(|(_, f)| f.indicator != "context")
        .flat_map(|(i, f)| counts(i, f))
        .collect();
    let mut hidden: Vec<bool> = counts.iter().map(|c| k.is_small(c.value)).collect();
    let lines = lines(figures, &counts);
    loop {
        let mut changed = false;
        for line in &lines {
            changed |= hide_a_partner(line, &counts, &mut hidden);
        }
        changed |= spread_within_figures(&counts, &mut hidden);
        if !changed {
            break;
        }
    }
    let mut out = vec![false; figures.len()];
    for (c, h) in counts.iter().zip(hidden) {
        out[c.figure] |= h;
    }
    out
}

/// The lines: for each indicator, field and breakdown key, the counts of
/// the figures that differ only in that key, with their total's count.
fn lines(figures: &[Figure], counts: &[Count]) -> Vec<Vec<usize>> {
    type Keys = Vec<(&'static str, String)>;
    let mut by_figure: HashMap<(&str, &str, Keys), usize> = HashMap::new();
    for (i, c) in counts.iter().enumerate() {
        let f = &figures[c.figure];
        by_figure.insert((f.indicator, c.field, f.keys.clone()), i);
    }
    let mut groups: HashMap<(&str, &str, &str, Keys), Vec<usize>> = HashMap::new();
    for (i, c) in counts.iter().enumerate() {
        let f = &figures[c.figure];
        for (position, (name, _)) in f.keys.iter().enumerate() {
            let mut rest = f.keys.clone();
            rest.remove(position);
            groups
                .entry((f.indicator, c.field, name, rest))
                .or_default()
                .push(i);
        }
    }
    groups
        .into_iter()
        .map(|((indicator, field, _, rest), mut members)| {
            if let Some(total) = by_figure.get(&(indicator, field, rest)) {
                members.push(*total);
            }
            members
        })
        .collect()
}

/// In a line with exactly one hidden count, hides the smallest shown
/// non-zero one; `true` when it hid one.
fn hide_a_partner(line: &[usize], counts: &[Count], hidden: &mut [bool]) -> bool {
    if line.iter().filter(|&&i| hidden[i]).count() != 1 {
        return false;
    }
    let partner = line
        .iter()
        .copied()
        .filter(|&i| !hidden[i] && counts[i].value > 0)
        .min_by_key(|&i| (counts[i].value, i));
    match partner {
        Some(i) => {
            hidden[i] = true;
            true
        }
        None => false,
    }
}

/// Within a figure, a hidden count hides every other count with the same
/// value (n is often the denominator); `true` when it hid one.
fn spread_within_figures(counts: &[Count], hidden: &mut [bool]) -> bool {
    let mut changed = false;
    for i in 0..counts.len() {
        if hidden[i] {
            continue;
        }
        let same = counts
            .iter()
            .enumerate()
            .any(|(j, c)| hidden[j] && c.figure == counts[i].figure && c.value == counts[i].value);
        if same {
            hidden[i] = true;
            changed = true;
        }
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(form: Option<&str>, n: u64) -> Figure {
        let keys = form
            .map(|f| vec![("form", f.to_string())])
            .unwrap_or_default();
        Figure {
            n,
            value: Some(n as f64),
            ..Figure::new("reach", keys)
        }
    }

    fn k() -> Audience {
        Audience::Public(Threshold::default())
    }

    #[test]
    fn a_small_count_and_its_partner_are_hidden_the_rest_shown() {
        let figures = [
            reach(None, 40),
            reach(Some("kort"), 3),
            reach(Some("traject"), 12),
            reach(Some("informatie"), 25),
        ];
        let json = figures_json(&figures, k());
        let shown: Vec<Option<u64>> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.get("n").and_then(Value::as_u64))
            .collect();
        assert_eq!(shown, [Some(40), None, None, Some(25)]);
        assert_eq!(json[1]["suppressed"], Value::Bool(true));
        assert!(json[1].get("value").is_none());
        assert_eq!(json[1]["keys"]["form"], "kort");
    }

    #[test]
    fn staff_get_every_figure_as_computed() {
        let figures = [reach(None, 4), reach(Some("kort"), 3)];
        assert_eq!(
            figures_json(&figures, Audience::Staff),
            indicators::json::figures(&figures)
        );
    }

    #[test]
    fn a_hidden_numerator_leaves_no_line_with_one_hidden_count() {
        let share = |domain: &str, num: u64, den: u64| Figure {
            n: den,
            numerator: Some(num),
            denominator: Some(den),
            value: Some(num as f64 / den as f64),
            ..Figure::new("goal_realisation", vec![("domain", domain.to_string())])
        };
        let figures = [share("a", 2, 10), share("b", 8, 9), share("c", 20, 30)];
        let json = figures_json(&figures, k());
        let hidden = json
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["suppressed"] == Value::Bool(true))
            .count();
        assert!(hidden >= 2, "{json}");
        assert!(json[0].get("value").is_none());
    }
}
