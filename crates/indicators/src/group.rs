//! A municipality beside comparable municipalities (`context_group`): how
//! policy advisers read a public statistic (CBS "Gemeente in cijfers",
//! waarstaatjegemeente.nl). The reference group of a municipality in a
//! year is every municipality of its CBS size class (gemeentegrootteklasse,
//! [`domain::SizeClass`]) that year, itself included; for each indicator
//! and year the municipality has a value for, the figure gives the group's
//! mean, lowest and highest value and the municipality's rank.

use crate::figure::Figure;
use domain::fold::fold;
use domain::{Classification, ContextValue, IndicatorDefinition, Period};
use std::collections::BTreeMap;

/// One indicator and year of the group: the members' values by code.
type Members<'a> = BTreeMap<&'a str, f64>;

/// Which municipalities a municipality is compared with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Group {
    /// Every municipality of its CBS size class that year (the default,
    /// as CBS's "Gemeente in cijfers" compares).
    #[default]
    SizeClass,
    /// Every municipality of its CBS size class that has its urbanity
    /// (CBS's mate van stedelijkheid, 1 very strongly urban to 5 not
    /// urban) as well, by code: the municipalities whose urbanity is known
    /// ([`urbanity`]).
    SizeAndUrbanity(BTreeMap<String, u8>),
    /// Every municipality of its province.
    Province,
    /// The municipalities a reader chose (CBS codes).
    Chosen(Vec<String>),
}

impl Group {
    /// Whether `other` is in the group of `municipality` in `year`; a
    /// municipality is always in its own.
    pub fn holds(&self, municipality: &str, other: &str, year: i32, c: &Classification) -> bool {
        if other.eq_ignore_ascii_case(municipality) {
            return true;
        }
        match self {
            Self::SizeClass => c
                .size_class(municipality, year)
                .is_some_and(|class| c.size_class(other, year) == Some(class)),
            Self::SizeAndUrbanity(urbanity) => {
                let class = |code: &str| urbanity.get(&code.to_ascii_uppercase());
                Self::SizeClass.holds(municipality, other, year, c)
                    && class(municipality).is_some_and(|u| class(other) == Some(u))
            }
            Self::Province => {
                let province = |code: &str| c.region(code).and_then(|r| r.province.clone());
                province(municipality).is_some_and(|p| province(other) == Some(p))
            }
            Self::Chosen(codes) => codes.iter().any(|code| code.eq_ignore_ascii_case(other)),
        }
    }
}

/// CBS's urbanity class (mate van stedelijkheid: 1 very strongly urban,
/// 5 not urban) of each municipality with one among `values` in a year up
/// to `year`, its latest, by code. A value is an urbanity class when its
/// indicator, or the definition naming it, speaks of "stedelijkheid" (a
/// CBS measure `MateVanStedelijkheid_*`, a StatLine topic "Mate van
/// stedelijkheid", an indicator id of the user's with the word).
pub fn urbanity(
    values: &[&ContextValue],
    definitions: &[IndicatorDefinition],
    year: i32,
) -> BTreeMap<String, u8> {
    let urban = |id: &str| {
        let speaks = |text: &str| fold(text).contains("stedelijkheid");
        speaks(id)
            || definitions.iter().any(|d| {
                d.indicator.as_str() == id
                    && (speaks(&d.name) || d.measure.as_deref().is_some_and(speaks))
            })
    };
    let mut latest: BTreeMap<String, (i32, u8)> = BTreeMap::new();
    for v in values {
        let (Period::Year(y), Some(value)) = (v.period, v.value.as_ref()) else {
            continue;
        };
        let class = value.value();
        if y > year
            || !v.region.as_str().starts_with("GM")
            || !(1.0..=5.0).contains(&class)
            || class.fract() != 0.0
            || !urban(v.indicator.as_str())
        {
            continue;
        }
        let entry = latest
            .entry(v.region.as_str().to_string())
            .or_insert((y, class as u8));
        if y >= entry.0 {
            *entry = (y, class as u8);
        }
    }
    latest
        .into_iter()
        .map(|(code, (_, class))| (code, class))
        .collect()
}

/// The municipalities of `municipality`'s group with a value of
/// `indicator` in `year` among `values`, the municipality itself among
/// them: code and value, the highest value first (then by code).
pub fn members(
    municipality: &str,
    (indicator, year): (&str, i32),
    values: &[&ContextValue],
    group: &Group,
    classification: &Classification,
) -> Vec<(String, f64)> {
    let mut found: Vec<(String, f64)> = values
        .iter()
        .filter(|v| v.indicator.as_str() == indicator && v.period == Period::Year(year))
        .filter(|v| v.region.as_str().starts_with("GM"))
        .filter(|v| group.holds(municipality, v.region.as_str(), year, classification))
        .filter_map(|v| Some((v.region.as_str().to_string(), v.value.as_ref()?.value())))
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    found.dedup_by(|a, b| a.0 == b.0);
    found
}

/// The `context_group` figures (keys `indicator`, `region`, `period`) of
/// each municipality among `own` (the organisation's context values;
/// `only` narrows to one) for the years up to `last_year`: `value` the
/// mean of the group's values (the municipality's included), numbers
/// `own`, `low`, `high`, `rank` (1 = the highest value; equal values
/// share a rank), `members` (municipalities with a value) and
/// `size_class` (CBS's code), texts `unit`, `source` and `table_id`.
/// `others` are the values of every other municipality. A group of one (no
/// other municipality of the class has a value) gives no figure.
pub fn reference_group(
    own: &[ContextValue],
    others: &[ContextValue],
    only: Option<&str>,
    last_year: i32,
    classification: &Classification,
) -> Vec<Figure> {
    let mut groups: BTreeMap<(&str, i32), Members> = BTreeMap::new();
    for v in own.iter().chain(others) {
        let (Period::Year(year), Some(value)) = (v.period, v.value.as_ref()) else {
            continue;
        };
        if year > last_year || !v.region.as_str().starts_with("GM") {
            continue;
        }
        groups
            .entry((v.indicator.as_str(), year))
            .or_default()
            .insert(v.region.as_str(), value.value());
    }
    own.iter()
        .filter(|v| v.region.as_str().starts_with("GM") && v.value.is_some())
        .filter(|v| only.is_none_or(|m| m.eq_ignore_ascii_case(v.region.as_str())))
        .filter_map(|v| {
            let Period::Year(year) = v.period else {
                return None;
            };
            let members = groups.get(&(v.indicator.as_str(), year))?;
            figure(v, year, members, classification)
        })
        .collect()
}

/// The figure of one municipality's value against the members of its
/// size class among `members`.
fn figure(
    v: &ContextValue,
    year: i32,
    members: &Members,
    classification: &Classification,
) -> Option<Figure> {
    let code = v.region.as_str();
    let class = classification.size_class(code, year)?;
    let own = *members.get(code)?;
    let group: Vec<f64> = members
        .iter()
        .filter(|(m, _)| Group::SizeClass.holds(code, m, year, classification))
        .map(|(_, value)| *value)
        .collect();
    if group.len() < 2 {
        return None;
    }
    let keys = vec![
        ("indicator", v.indicator.as_str().to_string()),
        ("region", code.to_string()),
        ("period", v.period.to_string()),
    ];
    let mut figure = Figure::new("context_group", keys);
    figure.value = Some(mean(&group));
    figure.n = group.len() as u64;
    figure = figure
        .with_number("own", own)
        .with_number("low", group.iter().copied().fold(f64::INFINITY, f64::min))
        .with_number(
            "high",
            group.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
        .with_number("rank", rank(own, &group) as f64)
        .with_number("members", group.len() as f64)
        .with_number("size_class", f64::from(class.code()));
    for (name, text) in [
        ("unit", &v.unit),
        ("source", &v.source),
        ("table_id", &v.table_id),
    ] {
        if let Some(t) = text {
            figure = figure.with_text(name, t.clone());
        }
    }
    Some(figure)
}

/// The arithmetic mean of a group's values (its members' values summed,
/// divided by their number).
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The rank of `value` among `values`, highest first: one more than the
/// number of values above it (equal values share a rank).
pub fn rank(value: f64, values: &[f64]) -> usize {
    1 + values.iter().filter(|v| **v > value).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Decimal, Id, OrganisationCode, RegionCode};

    fn value(region: &str, year: i32, v: &str) -> ContextValue {
        ContextValue {
            organisation: OrganisationCode::parse("o").unwrap(),
            indicator: Id::parse("young").unwrap(),
            region: RegionCode::parse_cbs(region).unwrap(),
            region_name: None,
            period: Period::Year(year),
            value: Some(Decimal::parse(v).unwrap()),
            unit: Some("%".into()),
            source: Some("CBS".into()),
            table_id: Some("70072ned".into()),
        }
    }

    #[test]
    fn a_municipality_beside_the_municipalities_of_its_size_class() {
        let c = Classification::builtin();
        // 2024: Westerkwartier (64 896), Emmen (108 000 or so: class 6) and
        // Het Hogeland (48 000 or so: class 4) are not one class; Assen
        // (GM0106) and Hoogeveen (GM0118) are Westerkwartier's (class 5).
        let own = [value("GM1969", 2024, "5.0")];
        let others = [
            value("GM0106", 2024, "6.0"),
            value("GM0118", 2024, "4.0"),
            value("GM0114", 2024, "9.9"),
            value("GM1966", 2024, "1.1"),
        ];
        for m in ["GM1969", "GM0106", "GM0118"] {
            assert_eq!(c.size_class(m, 2024).map(|s| s.code()), Some(5), "{m}");
        }
        let figures = reference_group(&own, &others, None, 2024, c);
        assert_eq!(figures.len(), 1);
        let f = &figures[0];
        assert_eq!(f.value, Some(5.0));
        assert_eq!(f.number("members"), Some(3.0));
        assert_eq!(f.number("rank"), Some(2.0));
        assert_eq!((f.number("low"), f.number("high")), (Some(4.0), Some(6.0)));
        assert!(reference_group(&own, &others, None, 2023, c).is_empty());
        assert!(
            reference_group(&own, &[], None, 2024, c).is_empty(),
            "a group of one"
        );
    }

    #[test]
    fn a_group_by_size_by_province_or_as_chosen() {
        let c = Classification::builtin();
        let values = [
            value("GM1969", 2024, "5.0"),
            value("GM0106", 2024, "6.0"),
            value("GM0118", 2024, "4.0"),
            value("GM0014", 2024, "9.0"),
            value("GM1966", 2024, "1.1"),
            value("GM1969", 2023, "7.0"),
        ];
        let all: Vec<&ContextValue> = values.iter().collect();
        let codes = |group: &Group| -> Vec<String> {
            members("GM1969", ("young", 2024), &all, group, c)
                .into_iter()
                .map(|(code, _)| code)
                .collect()
        };
        // Assen and Hoogeveen are of Westerkwartier's size class, highest
        // first; Groningen (GM0014) and Het Hogeland (GM1966) of its
        // province.
        assert_eq!(codes(&Group::SizeClass), ["GM0106", "GM1969", "GM0118"]);
        assert_eq!(codes(&Group::Province), ["GM0014", "GM1969", "GM1966"]);
        let chosen = Group::Chosen(vec!["gm0118".into()]);
        assert_eq!(codes(&chosen), ["GM1969", "GM0118"]);
    }

    #[test]
    fn urbanity_is_read_from_values_that_speak_of_it_and_narrows_the_size_class() {
        let c = Classification::builtin();
        let class = |region: &str, year: i32, v: &str, indicator: &str| ContextValue {
            indicator: Id::parse(indicator).unwrap(),
            ..value(region, year, v)
        };
        let values = [
            class("GM1969", 2023, "5", "stedelijkheid"),
            class("GM1969", 2024, "4", "stedelijkheid"),
            class("GM0106", 2024, "4", "stedelijkheid"),
            class("GM0118", 2024, "5", "stedelijkheid"),
            class("GM0014", 2024, "1", "stedelijkheid"),
            class("GM0114", 2024, "3", "young"),
        ];
        let all: Vec<&ContextValue> = values.iter().collect();
        let found = urbanity(&all, &[], 2024);
        let expected: BTreeMap<String, u8> =
            [("GM0014", 1), ("GM0106", 4), ("GM0118", 5), ("GM1969", 4)]
                .into_iter()
                .map(|(code, u)| (code.to_string(), u))
                .collect();
        assert_eq!(found, expected, "the latest year, and only urbanity");
        assert_eq!(urbanity(&all, &[], 2023)["GM1969"], 5);
        let young = [
            value("GM1969", 2024, "5.0"),
            value("GM0106", 2024, "6.0"),
            value("GM0118", 2024, "4.0"),
        ];
        let young: Vec<&ContextValue> = young.iter().collect();
        let group = Group::SizeAndUrbanity(found);
        let codes: Vec<String> = members("GM1969", ("young", 2024), &young, &group, c)
            .into_iter()
            .map(|(code, _)| code)
            .collect();
        assert_eq!(codes, ["GM0106", "GM1969"], "Hoogeveen is less urban");
    }
}
