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
        }
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
