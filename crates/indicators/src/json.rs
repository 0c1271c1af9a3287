//! Figures as the JSON of PRODUCT.md §4 (`impactmonitor compute --format
//! json`, and later the API): one object per figure with `indicator`,
//! `keys`, `n` and whichever other fields it has.

use crate::figure::{Extra, Figure};
use serde_json::{json, Map, Value};

/// One figure as a JSON object. Numbers are written in full precision;
/// `shares` is `{"improved", "same", "declined"}`.
pub fn figure(f: &Figure) -> Value {
    let mut o = Map::new();
    o.insert("indicator".into(), json!(f.indicator));
    let keys: Map<String, Value> = f
        .keys
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    o.insert("keys".into(), Value::Object(keys));
    let mut put = |name: &str, value: Option<Value>| {
        if let Some(v) = value {
            o.insert(name.into(), v);
        }
    };
    put("value", f.value.map(|v| json!(v)));
    put("numerator", f.numerator.map(|v| json!(v)));
    put("denominator", f.denominator.map(|v| json!(v)));
    put("ci95", f.ci95.map(|i| json!([i.low, i.high])));
    put("n", Some(json!(f.n)));
    put("mean_start", f.mean_start.map(|v| json!(v)));
    put("mean_end", f.mean_end.map(|v| json!(v)));
    put("mean_change", f.mean_change.map(|v| json!(v)));
    put(
        "shares",
        f.shares
            .map(|[i, s, d]| json!({"improved": i, "same": s, "declined": d})),
    );
    put("state", f.state.map(|s| json!(s.code())));
    for (name, extra) in &f.extras {
        let v = match extra {
            Extra::Number(n) => json!(n),
            Extra::Text(t) => json!(t),
        };
        put(name, Some(v));
    }
    Value::Object(o)
}

/// All figures as a JSON array, in their order.
pub fn figures(figures: &[Figure]) -> Value {
    Value::Array(figures.iter().map(figure).collect())
}
