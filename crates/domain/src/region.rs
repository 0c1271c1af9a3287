//! Region reference data: which province a municipality lies in, and which
//! country a province, for a given year (municipalities merge; CBS table
//! 84489NED gives the links per year).

use crate::codes::{OrganisationCode, RegionCode};
use serde::{Deserialize, Serialize};

/// A region in a year: its CBS code, name and the region it lies in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Region {
    /// The organisation whose monitor uses it.
    pub organisation: OrganisationCode,
    /// The CBS code: `GM…`, `PV…` or `NL01`.
    pub code: RegionCode,
    /// The year the link is valid for.
    pub year: i32,
    /// The name, when the source gives it.
    pub name: Option<String>,
    /// The region it lies in: a municipality's province, a province's
    /// country; none for the nation.
    pub parent: Option<RegionCode>,
    /// Its outline, when a map of the year's regions was imported (CBS's
    /// Wijk- en buurtkaart).
    #[serde(default)]
    pub boundary: Option<Boundary>,
}

/// A region's outline as CBS's Wijk- en buurtkaart draws it: the outer
/// rings of its polygons (holes left out: a map of areas fills them in),
/// each point its longitude and latitude (WGS84) in millionths of a
/// degree, so that an outline is stored and compared exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Boundary {
    rings: Vec<Vec<(i32, i32)>>,
}

impl Boundary {
    /// An outline of rings of (longitude, latitude) points in degrees;
    /// `None` without a ring of three points or more, or with a point off
    /// the globe.
    pub fn from_degrees(rings: &[Vec<(f64, f64)>]) -> Option<Self> {
        let micro = |d: f64| (d * 1e6).round() as i32;
        let on_globe = |(lon, lat): &(f64, f64)| lon.abs() <= 180.0 && lat.abs() <= 90.0;
        let fits = rings.iter().flatten().all(on_globe);
        let rings: Vec<Vec<(i32, i32)>> = rings
            .iter()
            .filter(|ring| ring.len() >= 3)
            .map(|ring| {
                ring.iter()
                    .map(|(lon, lat)| (micro(*lon), micro(*lat)))
                    .collect()
            })
            .collect();
        (fits && !rings.is_empty()).then_some(Self { rings })
    }

    /// The rings in degrees: (longitude, latitude) points.
    pub fn rings(&self) -> impl Iterator<Item = Vec<(f64, f64)>> + '_ {
        self.rings.iter().map(|ring| {
            ring.iter()
                .map(|(lon, lat)| (f64::from(*lon) / 1e6, f64::from(*lat) / 1e6))
                .collect()
        })
    }
}

/// The province a municipality lies in according to `regions`: the link
/// of the latest year up to `year`, or else of the earliest year after it.
pub fn province_of<'a>(
    regions: &'a [Region],
    municipality: &RegionCode,
    year: i32,
) -> Option<&'a RegionCode> {
    let links = regions
        .iter()
        .filter(|r| &r.code == municipality)
        .filter(|r| {
            r.parent
                .as_ref()
                .is_some_and(|p| p.as_str().starts_with("PV"))
        });
    let (before, after): (Vec<&Region>, Vec<&Region>) = links.partition(|r| r.year <= year);
    before
        .into_iter()
        .max_by_key(|r| r.year)
        .or_else(|| after.into_iter().min_by_key(|r| r.year))
        .and_then(|r| r.parent.as_ref())
}

/// The outline of an organisation's area named `name` among `regions`
/// (those of the municipalities it works for): the region of that name
/// (in any case) with an outline — a wijk or buurt before a municipality,
/// which may be one the municipality was formed from — on the map of the
/// latest year up to `year`, else of the earliest year after it.
pub fn outline_of<'a>(regions: &'a [Region], name: &str, year: i32) -> Option<&'a Boundary> {
    let named: Vec<&Region> = regions
        .iter()
        .filter(|r| r.boundary.is_some())
        .filter(|r| {
            r.name
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(name.trim()))
        })
        .collect();
    let rank = |r: &Region| {
        let municipal = r.code.as_str().starts_with("GM");
        let late = r.year > year;
        // Before others: a wijk or buurt, a map up to the year, the latest.
        (municipal, late, if late { r.year } else { -r.year })
    };
    named
        .into_iter()
        .min_by_key(|r| rank(r))
        .and_then(|r| r.boundary.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str, year: i32, parent: &str) -> Region {
        Region {
            organisation: OrganisationCode::parse("o").unwrap(),
            code: RegionCode::parse_cbs(code).unwrap(),
            year,
            name: None,
            parent: RegionCode::parse_cbs(parent),
            boundary: None,
        }
    }

    #[test]
    fn an_area_s_outline_by_its_name_a_wijk_first_and_the_map_of_its_year() {
        let outline =
            |x: f64| Boundary::from_degrees(&[vec![(x, 53.0), (x + 0.1, 53.0), (x, 53.1)]]);
        let named = |code: &str, year: i32, name: &str, x: f64| Region {
            name: Some(name.into()),
            boundary: outline(x),
            ..region(code, year, "PV20")
        };
        let regions = [
            named("GM0022", 2018, "Leek", 1.0),
            named("WK196901", 2021, "Leek", 2.0),
            named("WK196901", 2023, "Leek", 3.0),
            named("GM0025", 2018, "Marum", 4.0),
        ];
        let x = |b: Option<&Boundary>| b.and_then(|b| b.rings().next()).map(|r| r[0].0);
        assert_eq!(
            x(outline_of(&regions, "leek", 2022)),
            Some(2.0),
            "the wijk of 2021"
        );
        assert_eq!(
            x(outline_of(&regions, "Leek", 2020)),
            Some(2.0),
            "the earliest after"
        );
        assert_eq!(
            x(outline_of(&regions, "Marum", 2022)),
            Some(4.0),
            "the former municipality"
        );
        assert_eq!(outline_of(&regions, "Grootegast", 2022), None);
    }

    #[test]
    fn the_link_of_the_year_or_the_nearest() {
        let regions = [
            region("GM1969", 2019, "PV20"),
            region("GM1969", 2023, "PV22"),
            region("PV20", 2019, "NL01"),
        ];
        let gm = RegionCode::parse_cbs("GM1969").unwrap();
        let at = |y| province_of(&regions, &gm, y).map(|p| p.as_str().to_string());
        assert_eq!(at(2021).as_deref(), Some("PV20"));
        assert_eq!(at(2024).as_deref(), Some("PV22"));
        assert_eq!(at(2010).as_deref(), Some("PV20"), "the earliest link after");
        assert_eq!(
            province_of(&regions, &RegionCode::parse_cbs("GM0014").unwrap(), 2021),
            None
        );
    }
}
