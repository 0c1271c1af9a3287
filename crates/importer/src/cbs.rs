//! CBS files in an import, read as CBS publishes them (`interchange::cbs`)
//! and turned into records of the organisation named with
//! `--organisation`: the 84489NED crosswalk into region reference data,
//! OData v4 observations (with the code lists imported beside them) into
//! context values, a table's `DataProperties` into indicator definitions.
//! A measure becomes the indicator a definition maps it to; a measure
//! without one gets a definition with the id `<table>_<measure>`, and the
//! report asks for a mapping.

use domain::{ContextValue, Id, IndicatorDefinition, OrganisationCode, Period, Region, RegionCode};
use interchange::cbs::{self, odata, CbsFormat};
use std::collections::{BTreeMap, HashMap};

/// A CBS file of an import: its name, format and bytes.
pub struct CbsInput<'a> {
    /// The file's name as given.
    pub name: &'a str,
    /// Its format.
    pub format: CbsFormat,
    /// Its content.
    pub bytes: &'a [u8],
}

/// What a CBS file becomes.
pub enum CbsRecords {
    /// Region reference data.
    Regions(Vec<Region>),
    /// Context values, and the definitions made for measures that had
    /// none.
    Context {
        /// The values.
        values: Vec<ContextValue>,
        /// New definitions with default ids.
        definitions: Vec<IndicatorDefinition>,
        /// What the user should know (border changes).
        notices: Vec<String>,
    },
    /// Indicator definitions of a table's topics.
    Definitions(Vec<IndicatorDefinition>),
    /// A code list or table info: read for the other files, stores nothing
    /// itself.
    Read,
}

/// The year a crosswalk is valid for: the first year from 1900 to 2199 in
/// the file's name (`…woonplaatsen2019…`), else `default`.
fn year_in_name(name: &str, default: i32) -> i32 {
    let digits: Vec<char> = name.chars().collect();
    digits
        .windows(4)
        .enumerate()
        .filter(|(i, w)| {
            w.iter().all(char::is_ascii_digit)
                && !digits.get(i + 4).is_some_and(char::is_ascii_digit)
                && (*i == 0 || !digits[i - 1].is_ascii_digit())
        })
        .filter_map(|(_, w)| w.iter().collect::<String>().parse::<i32>().ok())
        .find(|y| (1900..2200).contains(y))
        .unwrap_or(default)
}

fn nation(organisation: &OrganisationCode, year: i32) -> Region {
    Region {
        organisation: organisation.clone(),
        code: RegionCode::parse_cbs("NL01").expect("NL01 is a CBS code"),
        year,
        name: Some("Nederland".into()),
        parent: None,
    }
}

/// Region reference data from a 84489NED `TypedDataSet`: each
/// municipality with its province, each province in the nation, for the
/// year in the file's name (else `default_year`).
fn regions(
    input: &CbsInput,
    organisation: &OrganisationCode,
    default_year: i32,
) -> Result<Vec<Region>, String> {
    let set = odata::read_typed_dataset(input.bytes).map_err(|e| e.to_string())?;
    let links = odata::region_links(&set).map_err(|e| e.to_string())?;
    if links.is_empty() {
        return Err(format!(
            "this TypedDataSet ({}) is not a municipality → province crosswalk such as 84489NED (no Code_3 and Code_5)",
            set.table_id.as_deref().unwrap_or("unknown table")
        ));
    }
    let year = year_in_name(input.name, default_year);
    let region = |code: &RegionCode, name: Option<String>, parent: Option<RegionCode>| Region {
        organisation: organisation.clone(),
        code: code.clone(),
        year,
        name,
        parent,
    };
    let mut provinces: BTreeMap<String, Region> = BTreeMap::new();
    let mut records = vec![nation(organisation, year)];
    for link in &links {
        records.push(region(
            &link.municipality,
            None,
            Some(link.province.clone()),
        ));
        provinces
            .entry(link.province.as_str().to_string())
            .or_insert_with(|| {
                let nl = RegionCode::parse_cbs("NL01");
                region(&link.province, Some(link.province_name.clone()), nl)
            });
    }
    records.extend(provinces.into_values());
    Ok(records)
}

/// A code of a code list: title, unit (measures), description (regions:
/// their border changes).
struct Listed {
    title: String,
    unit: Option<String>,
    description: String,
}

/// The code lists among the inputs, by what they list (`Measure`,
/// `RegioS`, …): identifier → code.
type CodeLists = HashMap<String, HashMap<String, Listed>>;

fn code_lists(inputs: &[CbsInput]) -> CodeLists {
    let mut lists = CodeLists::new();
    for input in inputs.iter().filter(|i| i.format == CbsFormat::Codes) {
        if let Ok((list, codes)) = odata::read_codes(input.bytes) {
            let entry = lists.entry(list).or_default();
            for c in codes {
                let listed = Listed {
                    title: c.title.trim().to_string(),
                    unit: c.unit,
                    description: c.description,
                };
                entry.insert(c.identifier, listed);
            }
        }
    }
    lists
}

/// The indicator id of a measure without a mapping: table and measure,
/// lower case (`03759ned_m000352`).
pub fn default_indicator(table: &str, measure: &str) -> String {
    format!("{table}_{measure}").to_lowercase()
}

/// The measures of one table and how they become indicators.
struct Mapping<'a> {
    organisation: &'a OrganisationCode,
    table: &'a str,
    known: &'a [IndicatorDefinition],
    made: Vec<IndicatorDefinition>,
}

impl Mapping<'_> {
    /// The indicator of a measure: the definition that maps it (a
    /// researcher's own before one an earlier import made), else a new
    /// definition with the default id, named `title`.
    fn indicator(
        &mut self,
        measure: &str,
        title: Option<&str>,
        unit: Option<&str>,
    ) -> Result<Id, String> {
        let default = default_indicator(self.table, measure);
        let mut mapped: Vec<&IndicatorDefinition> = self
            .known
            .iter()
            .filter(|d| d.maps(self.table, measure))
            .collect();
        if mapped.len() > 1 {
            mapped.retain(|d| d.indicator.as_str() != default);
        }
        match mapped.as_slice() {
            [one] => return Ok(one.indicator.clone()),
            [] => {}
            several => {
                let ids: Vec<&str> = several.iter().map(|d| d.indicator.as_str()).collect();
                return Err(format!(
                    "measure {measure} of {} is mapped to several indicators: {}",
                    self.table,
                    ids.join(", ")
                ));
            }
        }
        let id = Id::parse(&default).map_err(|e| format!("measure {measure}: {e}"))?;
        if !self.made.iter().any(|d| d.indicator == id) {
            self.made.push(IndicatorDefinition {
                organisation: self.organisation.clone(),
                indicator: id.clone(),
                name: title
                    .filter(|t| !t.is_empty())
                    .unwrap_or(measure)
                    .to_string(),
                unit: unit.map(str::to_string),
                source: Some("CBS".into()),
                table_id: Some(self.table.to_string()),
                measure: Some(measure.to_string()),
            });
        }
        Ok(id)
    }
}

/// Context values from OData v4 observations: one per measure, region and
/// year. Dimensions other than `RegioS` and `Perioden` must each have one
/// code in the file (a slice such as "total, all ages"); otherwise two
/// values would claim the same indicator, region and year, which is an
/// error naming both, never merged. Periods other than years are refused
/// by name.
fn observations(
    input: &CbsInput,
    organisation: &OrganisationCode,
    table_option: Option<&str>,
    lists: &CodeLists,
    known: &[IndicatorDefinition],
) -> Result<CbsRecords, String> {
    let (table, observations) = odata::read_observations(input.bytes).map_err(|e| e.to_string())?;
    let table = table
        .or_else(|| table_option.map(str::to_string))
        .ok_or("the file does not name its CBS table; name it with --table")?;
    let measures = lists.get("Measure");
    let regions = lists.get("RegioS");
    let mut mapping = Mapping {
        organisation,
        table: &table,
        known,
        made: Vec::new(),
    };
    let mut seen: HashMap<(Id, String, Period), usize> = HashMap::new();
    let mut values = Vec::new();
    for (i, o) in observations.iter().enumerate() {
        let at = format!("observation {}", i + 1);
        let dimension = |name: &str| {
            o.dimensions
                .get(name)
                .cloned()
                .ok_or(format!("{at}: no {name}"))
        };
        let (region_code, period_code) = (dimension("RegioS")?, dimension("Perioden")?);
        let region = RegionCode::parse_cbs(&region_code).ok_or(format!(
            "{at}: RegioS {region_code:?} is not a CBS region code"
        ))?;
        let period = cbs::period(&period_code)
            .ok_or(format!("{at}: period {period_code:?} is not a year"))?;
        let measure = measures.and_then(|m| m.get(&o.measure));
        let unit = measure.and_then(|m| m.unit.as_deref());
        let title = measure.map(|m| m.title.as_str());
        let indicator = mapping.indicator(&o.measure, title, unit)?;
        let key = (indicator.clone(), region_code.clone(), period);
        if let Some(first) = seen.insert(key, i + 1) {
            return Err(format!(
                "{at} and observation {first} both give {indicator} for {region_code} in {period_code}: \
                 the file holds more than one code of another dimension; import one slice (e.g. the totals)"
            ));
        }
        values.push(ContextValue {
            organisation: organisation.clone(),
            indicator,
            region_name: regions
                .and_then(|r| r.get(&region_code))
                .map(|r| r.title.clone()),
            region,
            period,
            value: o.value.value().cloned(),
            unit: unit.map(str::to_string),
            source: Some("CBS".into()),
            table_id: Some(table.clone()),
        });
    }
    let changed = border_changes(&values, regions);
    Ok(CbsRecords::Context {
        values,
        definitions: mapping.made,
        notices: changed,
    })
}

/// The years of the `per DD-MM-YYYY` dates in a region's description
/// (`Grenswijziging per 01-01-2021`, `Ontstaan per 01-01-2019`).
fn change_years(description: &str) -> Vec<i32> {
    description
        .match_indices("per ")
        .filter_map(|(at, _)| {
            let date = description.get(at + 4..at + 14)?;
            let bytes = date.as_bytes();
            let shaped = bytes.len() == 10 && bytes[2] == b'-' && bytes[5] == b'-';
            shaped.then(|| date[6..].parse().ok()).flatten()
        })
        .collect()
}

/// Regions whose borders changed after the first year they have values for
/// in this file (from the `RegioS` code list's descriptions): their earlier
/// values are for other borders. Reported, never merged or hidden.
fn border_changes(
    values: &[ContextValue],
    regions: Option<&HashMap<String, Listed>>,
) -> Vec<String> {
    let Some(regions) = regions else {
        return Vec::new();
    };
    let mut first: BTreeMap<&str, i32> = BTreeMap::new();
    for v in values {
        if let Period::Year(y) = v.period {
            let year = first.entry(v.region.as_str()).or_insert(y);
            *year = (*year).min(y);
        }
    }
    first
        .into_iter()
        .filter_map(|(code, from)| {
            let listed = regions.get(code)?;
            let changes: Vec<String> = change_years(&listed.description)
                .into_iter()
                .filter(|y| *y > from)
                .map(|y| y.to_string())
                .collect();
            (!changes.is_empty()).then(|| {
                format!(
                    "{code} {} changed borders in {}: its values before then are for other borders",
                    listed.title,
                    changes.join(", ")
                )
            })
        })
        .collect()
}

/// Indicator definitions of a table's topics (`DataProperties`), for the
/// topics no definition maps yet; the table from a `TableInfos` imported
/// beside it, or `--table`.
fn topics(
    input: &CbsInput,
    organisation: &OrganisationCode,
    table: Option<&str>,
    known: &[IndicatorDefinition],
) -> Result<CbsRecords, String> {
    let table = table.ok_or(
        "DataProperties do not name their table: import its TableInfos with it, or name it with --table",
    )?;
    let properties = odata::read_data_properties(input.bytes).map_err(|e| e.to_string())?;
    let mut mapping = Mapping {
        organisation,
        table,
        known,
        made: Vec::new(),
    };
    for p in &properties {
        mapping.indicator(&p.key, Some(&p.title), p.unit.as_deref())?;
    }
    Ok(CbsRecords::Definitions(mapping.made))
}

/// The table a `TableInfos` (v3) or `Properties` (v4) among the inputs
/// names.
fn table_infos(inputs: &[CbsInput]) -> Option<String> {
    inputs.iter().find_map(|i| match i.format {
        CbsFormat::TableInfos => odata::read_table_infos(i.bytes).ok(),
        CbsFormat::Properties => odata::read_properties(i.bytes).ok().map(|p| p.0),
        _ => None,
    })
}

/// Turns the CBS inputs into records, in order; an error says why a file
/// cannot be imported. `known` are the organisation's indicator
/// definitions (the mappings of measures).
pub fn records(
    inputs: &[CbsInput],
    organisation: &OrganisationCode,
    table: Option<&str>,
    default_year: i32,
    known: &[IndicatorDefinition],
) -> Vec<Result<CbsRecords, String>> {
    let lists = code_lists(inputs);
    let named = table.map(str::to_string).or_else(|| table_infos(inputs));
    inputs
        .iter()
        .map(|input| match input.format {
            CbsFormat::TypedDataSet => {
                regions(input, organisation, default_year).map(CbsRecords::Regions)
            }
            CbsFormat::Observations => {
                observations(input, organisation, named.as_deref(), &lists, known)
            }
            CbsFormat::DataProperties => topics(input, organisation, named.as_deref(), known),
            CbsFormat::Codes => odata::read_codes(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::TableInfos => odata::read_table_infos(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::Properties => odata::read_properties(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::Dimensions => odata::read_dimensions(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::StatlineCsv => Err(
                "StatLine CSV exports name regions by label; matching labels to region codes is not in this version yet: download the table as OData (with codes) instead".into(),
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_of_border_changes() {
        let text = "Grenswijziging per 01-01-2018:\r\n- Ontvangen van …\r\nGrenswijziging per 01-01-2021: …";
        assert_eq!(change_years(text), [2018, 2021]);
        assert_eq!(change_years("PV = Provincie, per jaar"), Vec::<i32>::new());
    }

    #[test]
    fn the_year_of_a_crosswalk_from_its_name() {
        assert_eq!(
            year_in_name("84489NED_woonplaatsen2019_TypedDataSet.json", 2026),
            2019
        );
        assert_eq!(year_in_name("woonplaatsen.json", 2026), 2026);
        assert_eq!(year_in_name("t_12345_x.json", 2026), 2026);
    }
}
