//! The regional classification of the Netherlands as CBS publishes it,
//! built in: every municipality since the nineteenth century with its
//! code, its StatLine label (`Bergen (NH.)`, `Groningen (gemeente)`), its
//! province, the years it existed and, once dissolved, where its
//! inhabitants went (Grootegast, Leek, Marum and Zuidhorn into
//! Westerkwartier, GM1969, from 2019); the twelve provinces and the
//! nation; the population on 1 January of each from 2019, and from it
//! CBS's size class (gemeentegrootteklasse).
//!
//! The data (`data/cbs/`, CC BY 4.0, source and licence in its README)
//! are CBS's own lists from table 03759ned, written by
//! `tools/regions/build.py`. Nothing needs importing for a StatLine
//! label to find its code.

use crate::RegionCode;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// A region of the classification: the nation, a province or a
/// municipality (dissolved ones too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassifiedRegion {
    /// The CBS code: `NL01`, `PV20`, `GM1969`.
    pub code: RegionCode,
    /// The label StatLine writes: `Groningen (PV)`, `Groningen (gemeente)`,
    /// `Bergen (NH.)`, `Westerkwartier`.
    pub label: String,
    /// The name as people write it: `Groningen`, `Bergen (NH.)`.
    pub name: String,
    /// The province of a municipality.
    pub province: Option<RegionCode>,
    /// The first year it existed on 1 January; `None` when older than the
    /// list.
    pub begins: Option<i32>,
    /// The first year it no longer existed on 1 January; `None` while it
    /// exists.
    pub ends: Option<i32>,
    /// Once dissolved or renamed: the municipality most of its inhabitants
    /// went to.
    pub successor: Option<RegionCode>,
}

impl ClassifiedRegion {
    /// Whether it existed on 1 January of `year`.
    pub fn exists_in(&self, year: i32) -> bool {
        self.begins.is_none_or(|b| b <= year) && self.ends.is_none_or(|e| year < e)
    }

    /// Whether it is a municipality.
    pub fn is_municipality(&self) -> bool {
        self.code.as_str().starts_with("GM")
    }
}

/// CBS's size class of a municipality (gemeentegrootteklasse): its
/// inhabitants on 1 January, in CBS's eight classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SizeClass(u8);

/// The lower bound of each size class, CBS's "Gebieden in Nederland"
/// (gemeentegrootte 1: fewer than 5 000 inhabitants … 8: 250 000 or
/// more).
const SIZE_CLASS_FROM: [u64; 8] = [0, 5_000, 10_000, 20_000, 50_000, 100_000, 150_000, 250_000];

impl SizeClass {
    /// The class of a municipality of `inhabitants`.
    pub fn of(inhabitants: u64) -> Self {
        let class = SIZE_CLASS_FROM
            .iter()
            .rposition(|from| inhabitants >= *from)
            .unwrap_or(0);
        Self(class as u8 + 1)
    }

    /// CBS's code, 1 to 8.
    pub fn code(self) -> u8 {
        self.0
    }

    /// The class of CBS's code; `None` outside 1 to 8.
    pub fn from_code(code: u8) -> Option<Self> {
        (1..=8).contains(&code).then_some(Self(code))
    }

    /// The inhabitants the class holds: from, and below (`None` for the
    /// largest).
    pub fn bounds(self) -> (u64, Option<u64>) {
        let i = usize::from(self.0 - 1);
        (SIZE_CLASS_FROM[i], SIZE_CLASS_FROM.get(i + 1).copied())
    }
}

/// The classification: regions by code and label, population by year.
#[derive(Debug)]
pub struct Classification {
    regions: Vec<ClassifiedRegion>,
    by_code: HashMap<String, usize>,
    by_label: HashMap<String, usize>,
    population: BTreeMap<(String, i32), u64>,
}

/// The classification's data as shipped.
const REGIONS: &str = include_str!("../data/cbs/regions.csv");
const POPULATION: &str = include_str!("../data/cbs/population.csv");

impl Classification {
    /// The classification the product ships, read once.
    pub fn builtin() -> &'static Classification {
        static BUILTIN: OnceLock<Classification> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Self::parse(REGIONS, POPULATION).expect("the shipped classification is valid")
        })
    }

    /// A classification from its two files (`regions.csv`,
    /// `population.csv`, `;`-separated with a header); an error names the
    /// line that is not one.
    pub fn parse(regions: &str, population: &str) -> Result<Self, String> {
        let mut out = Self {
            regions: Vec::new(),
            by_code: HashMap::new(),
            by_label: HashMap::new(),
            population: BTreeMap::new(),
        };
        for (i, line) in regions.lines().enumerate().skip(1) {
            let region = region_of(line).ok_or_else(|| format!("regions line {}", i + 1))?;
            out.by_code
                .insert(region.code.as_str().to_string(), out.regions.len());
            out.by_label.insert(region.label.clone(), out.regions.len());
            out.regions.push(region);
        }
        for (i, line) in population.lines().enumerate().skip(1) {
            let mut cells = line.split(';');
            let parsed = (|| {
                let code = RegionCode::parse_cbs(cells.next()?)?;
                let year = cells.next()?.parse().ok()?;
                let n = cells.next()?.parse().ok()?;
                Some(((code.as_str().to_string(), year), n))
            })();
            let (key, n) = parsed.ok_or_else(|| format!("population line {}", i + 1))?;
            out.population.insert(key, n);
        }
        Ok(out)
    }

    /// A region by its CBS code, in any case and padding (`'GM1969    '`).
    pub fn region(&self, code: &str) -> Option<&ClassifiedRegion> {
        let code = RegionCode::parse_cbs(code)?;
        self.by_code.get(code.as_str()).map(|&i| &self.regions[i])
    }

    /// A region by the label a StatLine export writes (`Bergen (NH.)`,
    /// `Groningen (PV)`, `Nederland`), padded or not; else by a name only
    /// one region has (`Westerkwartier`).
    pub fn resolve(&self, label: &str) -> Option<&ClassifiedRegion> {
        let label = label.trim();
        if let Some(&i) = self.by_label.get(label) {
            return Some(&self.regions[i]);
        }
        let mut named = self.regions.iter().filter(|r| r.name == label);
        match (named.next(), named.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// The municipalities that existed on 1 January of `year`, in code
    /// order.
    pub fn municipalities(&self, year: i32) -> impl Iterator<Item = &ClassifiedRegion> + '_ {
        self.regions
            .iter()
            .filter(move |r| r.is_municipality() && r.exists_in(year))
    }

    /// The provinces, in code order.
    pub fn provinces(&self) -> impl Iterator<Item = &ClassifiedRegion> + '_ {
        self.regions
            .iter()
            .filter(|r| r.code.as_str().starts_with("PV"))
    }

    /// Where a municipality's inhabitants lived in `year`: itself while it
    /// existed, else the successor (followed through later mergers) that
    /// existed then.
    pub fn successor_in(&self, code: &str, year: i32) -> Option<&ClassifiedRegion> {
        let mut region = self.region(code)?;
        for _ in 0..self.regions.len() {
            if region.exists_in(year) || region.ends.is_some_and(|e| year < e) {
                return Some(region);
            }
            region = self.region(region.successor.as_ref()?.as_str())?;
        }
        None
    }

    /// The inhabitants on 1 January of `year`, as CBS counted them.
    pub fn population(&self, code: &str, year: i32) -> Option<u64> {
        let code = RegionCode::parse_cbs(code)?;
        self.population
            .get(&(code.as_str().to_string(), year))
            .copied()
    }

    /// The inhabitants on 1 January of `municipalities` (CBS codes)
    /// together, per year, for the years CBS counted every one of them
    /// (the base of a reach per 1,000 inhabitants).
    pub fn inhabitants(&self, municipalities: &[&str]) -> BTreeMap<i32, u64> {
        let years: std::collections::BTreeSet<i32> =
            self.population.keys().map(|(_, y)| *y).collect();
        years
            .into_iter()
            .filter_map(|year| {
                let counts: Option<Vec<u64>> = municipalities
                    .iter()
                    .map(|m| self.population(m, year))
                    .collect();
                counts
                    .filter(|c| !c.is_empty())
                    .map(|c| (year, c.iter().sum()))
            })
            .collect()
    }

    /// A municipality's size class in `year` (from its inhabitants on 1
    /// January); `None` without a count.
    pub fn size_class(&self, code: &str, year: i32) -> Option<SizeClass> {
        self.population(code, year).map(SizeClass::of)
    }

    /// The municipalities of the same size class as `code` in `year`,
    /// itself included, in code order: the reference group a municipality
    /// is compared with by default.
    pub fn same_size(&self, code: &str, year: i32) -> Vec<&ClassifiedRegion> {
        let Some(class) = self.size_class(code, year) else {
            return vec![];
        };
        self.municipalities(year)
            .filter(|m| self.size_class(m.code.as_str(), year) == Some(class))
            .collect()
    }

    /// Whether a context value of `region` belongs to the monitor of an
    /// organisation working for `municipalities` (CBS codes): the nation,
    /// their provinces, themselves and the municipalities they were formed
    /// from (a dissolved municipality's values stay under its own code),
    /// their wijken and buurten, and what is no CBS code (the
    /// organisation's own areas). Without municipalities, everything does.
    pub fn concerns(&self, region: &str, municipalities: &[&str]) -> bool {
        if municipalities.is_empty() {
            return true;
        }
        let Some(code) = RegionCode::parse_cbs(region) else {
            return true;
        };
        let code = code.as_str();
        let digits = |c: &str| c.get(2..6).map(str::to_string);
        match &code[..2] {
            "NL" => true,
            "PV" => municipalities.iter().any(|m| {
                self.region(m)
                    .and_then(|r| r.province.as_ref())
                    .is_some_and(|p| p.as_str() == code)
            }),
            "GM" => municipalities.iter().any(|m| self.leads_to(code, m)),
            _ => municipalities.iter().any(|m| digits(m) == digits(code)),
        }
    }

    /// Whether `from` is `to` or went into it, through any mergers.
    fn leads_to(&self, from: &str, to: &str) -> bool {
        let mut at = from.to_string();
        for _ in 0..self.regions.len() {
            if at.eq_ignore_ascii_case(to) {
                return true;
            }
            match self.region(&at).and_then(|r| r.successor.as_ref()) {
                Some(next) => at = next.as_str().to_string(),
                None => return false,
            }
        }
        false
    }

    /// The latest year with a population count.
    pub fn latest_year(&self) -> Option<i32> {
        self.population.keys().map(|(_, y)| *y).max()
    }
}

fn region_of(line: &str) -> Option<ClassifiedRegion> {
    let cells: Vec<&str> = line.split(';').collect();
    let [code, label, name, province, begins, ends, successor] = cells.as_slice() else {
        return None;
    };
    let year = |s: &str| -> Option<Option<i32>> {
        match s {
            "" => Some(None),
            s => s.parse().ok().map(Some),
        }
    };
    let code_of = |s: &str| -> Option<Option<RegionCode>> {
        match s {
            "" => Some(None),
            s => RegionCode::parse_cbs(s).map(Some),
        }
    };
    Some(ClassifiedRegion {
        code: RegionCode::parse_cbs(code)?,
        label: label.to_string(),
        name: name.to_string(),
        province: code_of(province)?,
        begins: year(begins)?,
        ends: year(ends)?,
        successor: code_of(successor)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn westerkwartier_was_formed_in_2019_from_four_municipalities_and_part_of_winsum() {
        let c = Classification::builtin();
        let w = c.region("GM1969").expect("Westerkwartier");
        assert_eq!(w.name, "Westerkwartier");
        assert_eq!(w.province.as_ref().map(RegionCode::as_str), Some("PV20"));
        assert!(w.exists_in(2019) && !w.exists_in(2018));
        for old in ["GM0015", "GM0022", "GM0025", "GM0056"] {
            let region = c.region(old).expect("a former municipality");
            assert!(region.exists_in(2018) && !region.exists_in(2019), "{old}");
            assert_eq!(
                c.successor_in(old, 2024).map(|r| r.code.as_str()),
                Some("GM1969")
            );
            assert_eq!(
                c.successor_in(old, 2018).map(|r| r.code.as_str()),
                Some(old)
            );
        }
        assert_eq!(c.population("GM1969", 2024), Some(64896));
        assert_eq!(c.size_class("GM1969", 2024).map(SizeClass::code), Some(5));
    }

    #[test]
    fn statline_labels_and_padded_codes_resolve() {
        let c = Classification::builtin();
        let code = |label: &str| c.resolve(label).map(|r| r.code.as_str().to_string());
        assert_eq!(code("Bergen (NH.)").as_deref(), Some("GM0373"));
        assert_eq!(code("Bergen (L.)").as_deref(), Some("GM0893"));
        assert_eq!(code("Groningen (PV)").as_deref(), Some("PV20"));
        assert_eq!(code("Groningen (gemeente)").as_deref(), Some("GM0014"));
        assert_eq!(
            code("Westerkwartier                          ").as_deref(),
            Some("GM1969")
        );
        assert_eq!(code("Nederland").as_deref(), Some("NL01"));
        assert_eq!(code("Groningen"), None, "a province and a municipality");
        assert_eq!(
            c.region("GM1969    ").map(|r| r.label.as_str()),
            Some("Westerkwartier")
        );
    }

    #[test]
    fn each_year_has_the_municipalities_cbs_counted() {
        let c = Classification::builtin();
        for year in 2019..=2026 {
            let listed: Vec<&str> = c.municipalities(year).map(|m| m.code.as_str()).collect();
            let counted = listed
                .iter()
                .filter(|m| c.population(m, year).is_some())
                .count();
            assert_eq!(
                counted,
                listed.len(),
                "{year}: every municipality has a count"
            );
        }
        assert_eq!(c.municipalities(2019).count(), 355);
        assert_eq!(c.municipalities(2026).count(), 342);
        assert_eq!(c.provinces().count(), 12);
    }

    #[test]
    fn an_organisation_for_westerkwartier_sees_its_region_and_no_other() {
        let c = Classification::builtin();
        let for_w = |region: &str| c.concerns(region, &["GM1969"]);
        for region in [
            "NL01",
            "PV20",
            "GM1969",
            "GM0022",
            "WK196901",
            "BU19690101",
            "Zuidhorn",
        ] {
            assert!(for_w(region), "{region}");
        }
        for region in ["PV22", "GM0014", "GM0114", "WK011401"] {
            assert!(!for_w(region), "{region}");
        }
        assert!(c.concerns("GM0114", &[]), "no municipality: everything");
    }

    #[test]
    fn size_classes_follow_cbs_bounds() {
        assert_eq!(SizeClass::of(4_999).code(), 1);
        assert_eq!(SizeClass::of(5_000).code(), 2);
        assert_eq!(SizeClass::of(64_896).code(), 5);
        assert_eq!(SizeClass::of(250_000).code(), 8);
        assert_eq!(SizeClass::of(64_896).bounds(), (50_000, Some(100_000)));
        assert_eq!(SizeClass::of(900_000).bounds(), (250_000, None));
    }

    #[test]
    fn inhabitants_add_up_over_municipalities_in_the_years_each_was_counted() {
        let population = "code;year;inhabitants\nGM0001;2020;10\nGM0002;2020;5\nGM0001;2021;11\n";
        let c = Classification::parse("header\n", population).unwrap();
        let both = c.inhabitants(&["GM0001", "GM0002"]);
        assert_eq!(both.into_iter().collect::<Vec<_>>(), vec![(2020, 15)]);
        let one = c.inhabitants(&["GM0001"]);
        assert_eq!(
            one.into_iter().collect::<Vec<_>>(),
            vec![(2020, 10), (2021, 11)]
        );
        assert!(c.inhabitants(&[]).is_empty());
    }

    #[test]
    fn a_line_that_is_not_a_region_is_named() {
        let err = Classification::parse("header\nGM1969;x\n", "h\n").unwrap_err();
        assert_eq!(err, "regions line 2");
    }
}
