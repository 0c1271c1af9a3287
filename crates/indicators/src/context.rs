//! Context statistics (DOMAIN.md §4.11): the public figures a factsheet
//! opens with, for the municipality, its province and the nation, with the
//! comparison in words and the trend since the first year available.

use crate::comparison::{regions_phrase, trend_phrase};
use crate::figure::{Figure, State};
use crate::selection::Selection;
use domain::{ContextValue, Decimal, MunicipalityCode, Period, RegionCode};
use std::collections::{BTreeSet, HashMap};

/// The province among context values, when they name exactly one (`PV…`
/// codes); `None` when they name none or several.
///
/// The fallback when no region reference data (CBS 84489NED) is stored:
/// an organisation's context statistics are for its municipality, that
/// municipality's province and the nation, so one province code is the
/// province. With several, no province is compared rather than one
/// guessed.
pub fn only_province(values: &[ContextValue]) -> Option<RegionCode> {
    let provinces: BTreeSet<&RegionCode> = values
        .iter()
        .map(|v| &v.region)
        .filter(|r| r.as_str().starts_with("PV"))
        .collect();
    match provinces.len() {
        1 => provinces.into_iter().next().cloned(),
        _ => None,
    }
}

type Key<'a> = (&'a str, &'a str, Period);

/// The published values of a selection, indexed once for the comparisons:
/// by indicator, region and period; the nation's (`NL…`) by indicator and
/// period; and each indicator and region's earliest yearly value.
struct Published<'a> {
    values: HashMap<Key<'a>, &'a Decimal>,
    nation: HashMap<(&'a str, Period), &'a Decimal>,
    first: HashMap<(&'a str, &'a str), (i32, &'a Decimal)>,
}

impl<'a> Published<'a> {
    fn new(selected: &[&'a ContextValue]) -> Self {
        let mut published = Self {
            values: HashMap::new(),
            nation: HashMap::new(),
            first: HashMap::new(),
        };
        for v in selected {
            let Some(value) = v.value.as_ref() else {
                continue;
            };
            let (indicator, region) = (v.indicator.as_str(), v.region.as_str());
            published
                .values
                .insert((indicator, region, v.period), value);
            if region.starts_with("NL") {
                published.nation.insert((indicator, v.period), value);
            }
            if let Period::Year(y) = v.period {
                let first = published
                    .first
                    .entry((indicator, region))
                    .or_insert((y, value));
                if y < first.0 {
                    *first = (y, value);
                }
            }
        }
        published
    }
}

/// The comparison and trend of a municipality's value (`GM…`, a year):
/// `comparison` against the nation (`NL…`) and `province` in the same year
/// (see [`regions_phrase`]; not for counts, unit `aantal`); `trend` against
/// the earliest earlier year with a value for the same region (see
/// [`trend_phrase`]), `trend_from` that year.
fn compare(
    figure: Figure,
    v: &ContextValue,
    value: &Decimal,
    published: &Published,
    province: Option<&RegionCode>,
) -> Figure {
    let (indicator, region) = (v.indicator.as_str(), v.region.as_str());
    let Period::Year(year) = v.period else {
        return figure;
    };
    if !region.starts_with("GM") {
        return figure;
    }
    let nation = published.nation.get(&(indicator, v.period)).copied();
    let provincial = province.and_then(|p| {
        published
            .values
            .get(&(indicator, p.as_str(), v.period))
            .copied()
    });
    let mut figure = figure;
    // A count (`aantal`) of a municipality says nothing against the nation's.
    let comparable = v.unit.as_deref().is_none_or(|u| u.trim() != "aantal");
    if let Some(phrase) = regions_phrase(value, nation, provincial).filter(|_| comparable) {
        figure = figure.with_text("comparison", phrase);
    }
    if let Some((first, earlier)) = published.first.get(&(indicator, region)) {
        if *first < year {
            figure = figure
                .with_text("trend", trend_phrase(value, earlier, *first))
                .with_number("trend_from", f64::from(*first));
        }
    }
    figure
}

/// Context values (`context`, §4.11): one figure per indicator, region and
/// period (keys `indicator`, `region`, `period`), `value` as published (a
/// missing or secret value has `state: no_data`, never 0), `n` 1 when a
/// value is there, and `unit`, `region_name`, `source`, `table_id` as the
/// source gives them. The values are the organisation's, of periods up to
/// the end of the selection's period (earlier years give the trend); with
/// a `municipality`, the values of other municipalities (`GM…` codes) are
/// left out, provinces, the nation and areas stay.
///
/// A municipality's yearly value also has `comparison` ("lager dan
/// landelijk en provinciaal") against the nation's and `province`'s value
/// of that year, and `trend` ("hoger dan in 2016") with `trend_from`
/// against its earliest earlier year; see [`crate::comparison`] for when
/// values count as equal or slightly different.
pub fn context(
    values: &[ContextValue],
    selection: &Selection,
    municipality: Option<&MunicipalityCode>,
    province: Option<&RegionCode>,
) -> Vec<Figure> {
    let last_year = chrono::Datelike::year(&selection.period.last);
    let selected: Vec<&ContextValue> = values
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
        .collect();
    let published = Published::new(&selected);
    selected
        .iter()
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
            match &v.value {
                Some(d) => compare(figure, v, d, &published, province),
                None => figure,
            }
        })
        .collect()
}
