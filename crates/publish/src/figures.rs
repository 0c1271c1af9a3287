//! The figures of `compute` (PRODUCT.md §4) as someone outside the
//! organisation may have them through the JSON API. The organisation's own
//! staff get every figure as computed. A municipality viewer gets exactly
//! the counts of the published page the request is about — nothing a page
//! does not show — each hidden where the page hides it: the figures are
//! read from the page as it was protected ([`Publication::entries`]), so the
//! page and the API cannot disagree.

use crate::ledger::{CellKey, Scope};
use crate::protected::Publication;
use crate::suppression::{Entry, Mark};
use indicators::Figure;
use serde_json::{json, Map, Value};

/// Every figure as computed, for the organisation's own staff.
pub fn staff_figures(figures: &[Figure]) -> Value {
    indicators::json::figures(figures)
}

/// The counts a page shows as figures, as the protection shows them: one
/// figure per indicator and breakdown (the area or theme of its scope
/// among its keys), with each shown count in its field (`n`, `numerator`,
/// `denominator`, `participants`, `achieved`), the share `value` where
/// both numerator and denominator are shown, and `suppressed`
/// (`"primary"` or `"secondary"`, the stronger of its hidden counts) when
/// a count is hidden. Sorted by indicator, then keys.
pub fn public_figures(page: &Publication) -> Value {
    let mut figures: Vec<(FigureId, Value)> = Vec::new();
    let mut current: Option<(FigureId, Map<String, Value>, Option<Mark>)> = None;
    let mut shown: Vec<(&CellKey, Entry)> = page.entries().iter().map(|(k, e)| (k, *e)).collect();
    shown.sort_by(|a, b| FigureId::of(a.0).cmp(&FigureId::of(b.0)).then(a.0.cmp(b.0)));
    for (key, entry) in shown {
        let id = FigureId::of(key);
        if current.as_ref().is_none_or(|(c, _, _)| *c != id) {
            if let Some(done) = current.take() {
                figures.push(finish(done));
            }
            current = Some((id, Map::new(), None));
        }
        let (_, fields, mark) = current.as_mut().expect("a figure under way");
        match entry {
            Entry::Count(n) => {
                fields.insert(key.field.to_string(), json!(n));
            }
            Entry::Hidden(m) => *mark = (*mark).max(Some(m)),
        }
    }
    figures.extend(current.map(finish));
    figures.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Array(figures.into_iter().map(|(_, v)| v).collect())
}

/// A figure's identity: indicator and breakdown, with the scope as a key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FigureId {
    indicator: &'static str,
    keys: Vec<(&'static str, String)>,
}

impl FigureId {
    fn of(key: &CellKey) -> Self {
        let mut keys = key.keys.clone();
        match &key.scope {
            Scope::Organisation => {}
            Scope::Area(a) => keys.insert(0, ("area", a.clone())),
            Scope::Theme(t) => keys.insert(0, ("theme", t.clone())),
        }
        Self {
            indicator: key.indicator,
            keys,
        }
    }
}

fn finish(
    (id, mut fields, mark): (FigureId, Map<String, Value>, Option<Mark>),
) -> (FigureId, Value) {
    if let (Some(a), Some(b)) = (
        fields.get("numerator").and_then(Value::as_u64),
        fields.get("denominator").and_then(Value::as_u64),
    ) {
        if b > 0 {
            fields.insert("value".into(), json!(a as f64 / b as f64));
        }
    }
    let keys: Map<String, Value> = id
        .keys
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let mut figure = Map::new();
    figure.insert("indicator".into(), json!(id.indicator));
    figure.insert("keys".into(), Value::Object(keys));
    figure.extend(fields);
    if let Some(m) = mark {
        figure.insert("suppressed".into(), json!(m.code()));
    }
    (id, Value::Object(figure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Ledger;
    use crate::model::{Audience, Layout, Text};
    use crate::protection::protect;
    use crate::suppression::Threshold;

    #[test]
    fn a_page_s_counts_come_out_as_figures_hidden_where_the_page_hides_them() {
        let mut ledger = Ledger::default();
        let key = |form: &str| CellKey::of(2022, "reach", &[("domain", "d"), ("form", form)], "n");
        let total = CellKey::of(2022, "reach", &[("domain", "d")], "n");
        for (form, n) in [("kort", 3), ("traject", 12), ("informatie", 25)] {
            ledger.shown(key(form), n);
        }
        ledger.shown(total.clone(), 40);
        ledger.sum(total, vec![key("kort"), key("traject"), key("informatie")]);
        let p = protect(&ledger, Threshold::default());
        let page = Layout {
            title: Text::Plain("page".into()),
            facts: vec![],
            sections: vec![],
            audience: Audience::Public(Threshold::default()),
            data_version: 1,
            ledger,
        };
        let json = public_figures(&crate::protected::by(page, &p));
        let by_form = |form: &str| {
            json.as_array()
                .unwrap()
                .iter()
                .find(|f| f["keys"]["form"] == form)
                .unwrap()
                .clone()
        };
        assert_eq!(by_form("kort")["suppressed"], "primary");
        assert!(by_form("kort").get("n").is_none());
        assert_eq!(by_form("traject")["suppressed"], "secondary");
        assert_eq!(by_form("informatie")["n"], 25);
        assert_eq!(json[0]["keys"].as_object().unwrap().len(), 1, "{json}");
    }
}
