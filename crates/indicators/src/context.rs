//! Context statistics (DOMAIN.md §4.11): the public figures a factsheet
//! opens with, for the municipality, its province and the nation.

use crate::figure::{Figure, State};
use crate::selection::Selection;
use domain::{ContextValue, MunicipalityCode, Period};

/// Context values (`context`, §4.11): one figure per indicator, region and
/// period (keys `indicator`, `region`, `period`), `value` as published (a
/// missing or secret value has `state: no_data`, never 0), `n` 1 when a
/// value is there, and `unit`, `region_name`, `source`, `table_id` as the
/// source gives them. The values are the organisation's, of periods up to
/// the end of the selection's period (earlier years give the trend); with
/// a `municipality`, the values of other municipalities (`GM…` codes) are
/// left out, provinces, the nation and areas stay.
pub fn context(
    values: &[ContextValue],
    selection: &Selection,
    municipality: Option<&MunicipalityCode>,
) -> Vec<Figure> {
    let last_year = chrono::Datelike::year(&selection.period.last);
    values
        .iter()
        .filter(|v| v.organisation == selection.organisation)
        .filter(|v| match v.period {
            Period::Year(y) => y <= last_year,
            Period::Date(d) => d <= selection.period.last,
        })
        .filter(|v| {
            let code = v.region.as_str();
            !code.starts_with("GM") || municipality.is_none_or(|m| m.as_str() == code)
        })
        .map(|v| {
            let keys = vec![
                ("indicator", v.indicator.as_str().to_string()),
                ("region", v.region.as_str().to_string()),
                ("period", v.period.to_string()),
            ];
            let mut figure = Figure::new("context", keys);
            match &v.value {
                Some(d) => {
                    figure.value = Some(d.value());
                    figure.n = 1;
                    figure = figure.with_text("as_published", d.as_str());
                }
                None => figure.state = Some(State::NoData),
            }
            for (name, text) in [
                ("unit", &v.unit),
                ("region_name", &v.region_name),
                ("source", &v.source),
                ("table_id", &v.table_id),
            ] {
                if let Some(t) = text {
                    figure = figure.with_text(name, t.clone());
                }
            }
            figure
        })
        .collect()
}
