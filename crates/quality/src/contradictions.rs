//! Contradictions between the pages the municipality reads: the same count
//! (the same indicator, breakdown and field) with two values on two pages
//! of one year. Pages published from different data versions disagree when
//! the data changed between them and one was not published again (a
//! warning: publish the other again); pages of one data version must never
//! disagree (that blocks publishing: the product itself is wrong).
//!
//! The figures are those of the JSON API for a viewer
//! (`publish::figures::public_figures`): an array of objects with
//! `indicator`, `keys` and the counts `n`, `numerator`, `denominator`,
//! `participants`, `achieved` as far as the page shows them. A share is
//! computed there from the two counts it shows, so a share over another
//! denominator than it says cannot arise apart from two disagreeing
//! counts, which this check finds.

use crate::finding::{About, Finding, Kind, Severity};
use serde_json::Value;
use std::collections::BTreeMap;

/// The counts of the figures fields compared.
const COUNTS: [&str; 5] = ["n", "numerator", "denominator", "participants", "achieved"];

/// One page's figures as the municipality reads them (or would, once
/// published).
#[derive(Debug, Clone, Copy)]
pub struct PageFigures<'a> {
    /// The page, e.g. `factsheets/armoede/2022`.
    pub page: &'a str,
    /// The data version it was computed from.
    pub data_version: i64,
    /// Its figures (see the module comment).
    pub figures: &'a Value,
}

/// Every count that two of the pages (all of one year) give differently,
/// once per count and pair of values: the first page that gives each value.
pub fn check(pages: &[PageFigures]) -> Vec<Finding> {
    // figure → value → the first page giving it.
    let mut seen: BTreeMap<String, BTreeMap<u64, &PageFigures>> = BTreeMap::new();
    for page in pages {
        for (figure, value) in counts(page.figures) {
            seen.entry(figure).or_default().entry(value).or_insert(page);
        }
    }
    let mut findings = Vec::new();
    for (figure, values) in &seen {
        let mut values = values.iter();
        let Some((first_value, first)) = values.next() else {
            continue;
        };
        for (value, page) in values {
            let about = About::Figure {
                figure: figure.clone(),
                page: page.page.to_string(),
                value: value.to_string(),
                other_page: first.page.to_string(),
                other_value: first_value.to_string(),
            };
            let mut finding = Finding::new(Kind::Contradiction, about, 1);
            if page.data_version == first.data_version {
                finding.severity = Severity::Blocks;
            }
            findings.push(finding);
        }
    }
    findings
}

/// The counts of a page that changed since its previous version by less
/// than `k` (but not by nothing): a municipality that keeps both versions
/// subtracts them and reads a count smaller than suppression allows (the
/// revision problem of docs/decisions.md, issue 16). One finding per
/// count, about the page, with the new value and the old one.
pub fn revisions(page: &str, previous: &Value, now: &Value, k: u64) -> Vec<Finding> {
    let before: BTreeMap<String, u64> = counts(previous).into_iter().collect();
    counts(now)
        .into_iter()
        .filter_map(|(figure, value)| {
            let was = *before.get(&figure)?;
            let change = value.abs_diff(was);
            (change > 0 && change < k).then(|| {
                let about = About::Figure {
                    figure,
                    page: page.to_string(),
                    value: value.to_string(),
                    other_page: page.to_string(),
                    other_value: was.to_string(),
                };
                Finding::new(Kind::SmallRevision, about, change)
            })
        })
        .collect()
}

/// Every count shown in a figures array, named by indicator, keys and
/// field (`reach/domain=financien/form=traject:n`).
fn counts(figures: &Value) -> Vec<(String, u64)> {
    let Some(figures) = figures.as_array() else {
        return Vec::new();
    };
    let mut counts = Vec::new();
    for f in figures {
        let mut name = f["indicator"].as_str().unwrap_or_default().to_string();
        if let Some(keys) = f["keys"].as_object() {
            for (k, v) in keys {
                name.push_str(&format!("/{k}={}", v.as_str().unwrap_or_default()));
            }
        }
        for field in COUNTS {
            if let Some(n) = f[field].as_u64() {
                counts.push((format!("{name}:{field}"), n));
            }
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reach(n: u64) -> Value {
        json!([{ "indicator": "reach", "keys": { "domain": "financien" }, "n": n }])
    }

    #[test]
    fn the_same_count_twice_agrees_and_a_changed_one_is_named_with_both_pages() {
        let (a, b, c) = (reach(1095), reach(1095), reach(1096));
        let page = |page, data_version, figures| PageFigures {
            page,
            data_version,
            figures,
        };
        let agreeing = [
            page("factsheets/x/2022", 3, &a),
            page("monitor/2022", 3, &b),
        ];
        assert!(check(&agreeing).is_empty());
        let later = [
            page("factsheets/x/2022", 3, &a),
            page("monitor/2022", 4, &c),
        ];
        let found = check(&later);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warns);
        let About::Figure {
            page: p,
            value,
            other_page,
            other_value,
            figure,
        } = &found[0].about
        else {
            panic!("{:?}", found[0].about)
        };
        assert_eq!(
            (
                p.as_str(),
                value.as_str(),
                other_page.as_str(),
                other_value.as_str()
            ),
            ("monitor/2022", "1096", "factsheets/x/2022", "1095")
        );
        assert_eq!(figure, "reach/domain=financien:n");
        let same_version = [
            page("factsheets/x/2022", 3, &a),
            page("monitor/2022", 3, &c),
        ];
        assert_eq!(check(&same_version)[0].severity, Severity::Blocks);
    }

    #[test]
    fn a_change_smaller_than_k_between_versions_is_a_revision_to_weigh() {
        let found = revisions("monitor/2022", &reach(1095), &reach(1096), 5);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].kind, found[0].count), (Kind::SmallRevision, 1));
        assert!(revisions("monitor/2022", &reach(1095), &reach(1100), 5).is_empty());
        assert!(revisions("monitor/2022", &reach(1095), &reach(1095), 5).is_empty());
    }

    #[test]
    fn a_hidden_count_contradicts_nothing() {
        let hidden = json!([{ "indicator": "reach", "keys": { "domain": "financien" }, "suppressed": "primary" }]);
        let shown = reach(3);
        let pages = [
            PageFigures {
                page: "a",
                data_version: 1,
                figures: &hidden,
            },
            PageFigures {
                page: "b",
                data_version: 2,
                figures: &shown,
            },
        ];
        assert!(check(&pages).is_empty());
    }
}
