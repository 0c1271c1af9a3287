//! CBS files in an import, read as CBS publishes them (`interchange::cbs`)
//! and turned into the installation's public statistics, which every
//! organisation working for a region reads: the 84489NED crosswalk into
//! region reference data,
//! OData v4 observations (with the code lists imported beside them) into
//! context values, a table's `DataProperties` into indicator definitions.
//! A measure becomes the indicator a definition maps it to; a measure
//! without one gets a definition with the id `<table>_<measure>`, and the
//! report asks for a mapping.

use domain::fold::fold;
use domain::{ContextValue, Id, IndicatorDefinition, OrganisationCode, Period, Region, RegionCode};
use interchange::cbs::{self, odata, statline, CbsFormat, Missing, Published};
use interchange::RowError;
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
        /// Rows that cannot be imported, with why.
        errors: Vec<RowError>,
        /// Their lines.
        rejected: Vec<usize>,
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
        boundary: None,
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
        boundary: None,
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

/// The names of a `RegioS` code list as region reference data of
/// `year` (so that later StatLine exports can name their regions); other
/// code lists are only read.
fn region_names(
    input: &CbsInput,
    organisation: &OrganisationCode,
    year: i32,
) -> Result<CbsRecords, String> {
    let (list, codes) = odata::read_codes(input.bytes).map_err(|e| e.to_string())?;
    if list != "RegioS" {
        return Ok(CbsRecords::Read);
    }
    let regions = codes
        .into_iter()
        .filter_map(|c| {
            Some(Region {
                organisation: organisation.clone(),
                code: RegionCode::parse_cbs(&c.identifier)?,
                year,
                name: Some(c.title.trim().to_string()).filter(|t| !t.is_empty()),
                parent: None,
                boundary: None,
            })
        })
        .collect();
    Ok(CbsRecords::Regions(regions))
}

/// Region records merged with what is stored for the same code and year:
/// a name or parent the new record does not give is kept.
pub fn merged(new: Vec<Region>, stored: &[Region]) -> Vec<Region> {
    let index: HashMap<(&str, i32), &Region> = stored
        .iter()
        .map(|r| ((r.code.as_str(), r.year), r))
        .collect();
    new.into_iter()
        .map(|mut r| {
            if let Some(old) = index.get(&(r.code.as_str(), r.year)) {
                r.name = r.name.or_else(|| old.name.clone());
                r.parent = r.parent.or_else(|| old.parent.clone());
            }
            r
        })
        .collect()
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
    /// Measures already resolved: every observation of a measure asks.
    resolved: HashMap<String, Id>,
}

impl<'a> Mapping<'a> {
    fn new(
        organisation: &'a OrganisationCode,
        table: &'a str,
        known: &'a [IndicatorDefinition],
    ) -> Self {
        Self {
            organisation,
            table,
            known,
            made: Vec::new(),
            resolved: HashMap::new(),
        }
    }

    /// The indicator of a measure: the definition that maps it (a
    /// researcher's own before one an earlier import made), else a new
    /// definition with the default id (the table and `slug`, or the
    /// measure key), named `title`. Each measure is resolved once.
    fn indicator(
        &mut self,
        measure: &str,
        slug: Option<&str>,
        title: Option<&str>,
        unit: Option<&str>,
    ) -> Result<Id, String> {
        if let Some(id) = self.resolved.get(measure) {
            return Ok(id.clone());
        }
        let id = self.resolve(measure, slug, title, unit)?;
        self.resolved.insert(measure.to_string(), id.clone());
        Ok(id)
    }

    fn resolve(
        &mut self,
        measure: &str,
        slug: Option<&str>,
        title: Option<&str>,
        unit: Option<&str>,
    ) -> Result<Id, String> {
        let default = default_indicator(self.table, slug.unwrap_or(measure));
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
    let mut mapping = Mapping::new(organisation, &table, known);
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
        let indicator = mapping.indicator(&o.measure, None, title, unit)?;
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
        errors: Vec::new(),
        rejected: Vec::new(),
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
    let table = table
        .map(str::to_string)
        .or_else(|| statline_table(input.name, None))
        .ok_or(
            "DataProperties do not name their table: import its TableInfos with it, or name it with --table",
        )?;
    let table = table.as_str();
    let properties = odata::read_data_properties(input.bytes).map_err(|e| e.to_string())?;
    let mut mapping = Mapping::new(organisation, table, known);
    for p in &properties {
        mapping.indicator(&p.key, None, Some(&p.title), p.unit.as_deref())?;
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

/// The regions a label may name: folded name → codes. From NL01
/// "Nederland", the names of the organisation's stored regions (a province
/// also as "Name (PV)", as StatLine labels it) and the `RegioS` code lists
/// of this import; a label none of these knows is looked up in the
/// built-in classification ([`domain::Classification`]), which knows every
/// municipality and province by its StatLine label.
struct RegionNames(HashMap<String, BTreeSet<String>>);

impl RegionNames {
    fn new(stored: &[Region], lists: &CodeLists) -> Self {
        let mut names: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut add = |name: &str, code: &str| {
            names
                .entry(fold(name))
                .or_default()
                .insert(code.to_string());
        };
        add("Nederland", "NL01");
        for r in stored {
            if let Some(name) = &r.name {
                add(name, r.code.as_str());
                if r.code.as_str().starts_with("PV") {
                    add(&format!("{name} (PV)"), r.code.as_str());
                }
            }
        }
        for (code, listed) in lists.get("RegioS").into_iter().flatten() {
            add(&listed.title, code);
        }
        Self(names)
    }

    /// The one region a label names.
    fn code(&self, label: &str) -> Result<RegionCode, String> {
        let codes = self
            .0
            .get(&fold(label))
            .map(|c| c.iter().collect::<Vec<_>>());
        match codes.as_deref() {
            Some([one]) => RegionCode::parse_cbs(one).ok_or(format!("{one} is not a CBS region code")),
            Some(several) if several.len() > 1 => Err(format!(
                "{label:?} names several regions ({}); CBS labels are not unique",
                several.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
            )),
            _ => domain::Classification::builtin()
                .resolve(label)
                .map(|r| r.code.clone())
                .ok_or_else(|| {
                    format!(
                        "{label:?} names no municipality, province or the nation as CBS labels them: \
                         import the RegioS code list of the table with it"
                    )
                }),
        }
    }
}

/// The table of a StatLine export or a table's metadata: `--table`, or
/// the prefix of the file's name or of the folder it is in, the nearest
/// first (`70072ned_…`, `85984NED_odata3_metadata/DataProperties.json`:
/// five digits and three letters), as CBS and its clients name what they
/// download.
fn statline_table(name: &str, table: Option<&str>) -> Option<String> {
    if let Some(t) = table {
        return Some(t.to_string());
    }
    name.rsplit(['/', '\\']).find_map(|part| {
        let prefix = part.split(['_', '.', ' ']).next()?;
        let b = prefix.as_bytes();
        let shaped = b.len() == 8
            && b[..5].iter().all(u8::is_ascii_digit)
            && b[5..].iter().all(u8::is_ascii_alphabetic);
        shaped.then(|| prefix.to_string())
    })
}

/// The measure key of a StatLine topic, for mappings: its header as
/// written, trimmed (`Bevolking/Aantal inwoners (aantal)`); the default
/// indicator id folds its title and unit (`70072ned_totale_bevolking_aantal`),
/// or its whole header when two topics share title and unit.
fn topic_measures(topics: &[statline::Topic]) -> Vec<(String, String)> {
    let short = |t: &statline::Topic| {
        let unit = t.unit.as_deref().map(|u| if u == "%" { "pct" } else { u });
        fold(&format!("{} {}", t.title, unit.unwrap_or("")))
    };
    topics
        .iter()
        .map(|t| {
            let clashes = topics.iter().filter(|o| short(o) == short(t)).count() > 1;
            let slug = if clashes { fold(&t.header) } else { short(t) };
            (t.header.trim().to_string(), slug)
        })
        .collect()
}

/// The indicator of a StatLine topic that no definition maps by its
/// header, but exactly one definition of the same table has by title and
/// unit (one made from the table's `DataProperties`, whose keys a StatLine
/// export does not show).
fn same_topic(
    known: &[IndicatorDefinition],
    table: &str,
    header: &str,
    topic: &statline::Topic,
) -> Option<Id> {
    if known.iter().any(|d| d.maps(table, header)) {
        return None;
    }
    let same: Vec<&IndicatorDefinition> = known
        .iter()
        .filter(|d| {
            d.table_id
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case(table))
        })
        .filter(|d| d.name == topic.title && d.unit == topic.unit)
        .collect();
    match same.as_slice() {
        [one] => Some(one.indicator.clone()),
        _ => None,
    }
}

/// A StatLine row that cannot be imported, with its line and why.
fn row_error(line: usize, column: &str, value: &str, reason: String) -> RowError {
    RowError {
        line,
        column: column.to_string(),
        value: value.to_string(),
        reason,
        problem: None,
    }
}

/// Context values from a StatLine CSV export: per row the region its label
/// names (see [`RegionNames`]; a wijk or buurt row of a "Wijken en buurten"
/// table cannot be told from its label and is refused by name), the year
/// from `Perioden` (or the file's name), and per topic its published value
/// (`.` stays missing; a blank is not published and is left out). Rows
/// whose every cell is blank (dissolved municipalities) carry nothing and
/// are passed over.
fn statline_rows(
    input: &CbsInput,
    organisation: &OrganisationCode,
    table: Option<&str>,
    default_year: i32,
    names: &RegionNames,
    known: &[IndicatorDefinition],
) -> Result<CbsRecords, String> {
    let t = statline::read(input.bytes).map_err(|e| e.to_string())?;
    let table = statline_table(input.name, table)
        .ok_or("the export does not name its CBS table; name it with --table (e.g. 70072ned)")?;
    let region_column = t
        .label_columns
        .iter()
        .position(|h| h != "Perioden")
        .ok_or("no region column (such as \"Regio's\")")?;
    let municipality_column = t
        .label_columns
        .iter()
        .position(|h| h.contains("Gemeentenaam"));
    let period_column = t.label_index("Perioden");
    let file_year = Period::Year(year_in_name(input.name, default_year));
    let mut mapping = Mapping::new(organisation, &table, known);
    let measures = topic_measures(&t.topics);
    let mut ids = Vec::new();
    for ((measure, slug), topic) in measures.iter().zip(&t.topics) {
        let id = match same_topic(known, &table, measure, topic) {
            Some(id) => id,
            None => mapping.indicator(
                measure,
                Some(slug.as_str()),
                Some(&topic.title),
                topic.unit.as_deref(),
            )?,
        };
        ids.push(id);
    }
    let (mut values, mut errors, mut rejected, mut passed_over) =
        (Vec::new(), Vec::new(), Vec::new(), 0);
    let mut unlabelled: BTreeMap<String, usize> = BTreeMap::new();
    for row in &t.rows {
        if row.is_empty() {
            passed_over += 1;
            continue;
        }
        let label = &row.labels[region_column];
        let header = &t.label_columns[region_column];
        let wijk = municipality_column.is_some_and(|m| !row.labels[m].eq_ignore_ascii_case(label))
            && label != "Nederland";
        if wijk {
            let municipality = municipality_column.map_or("", |m| row.labels[m].trim());
            *unlabelled.entry(municipality.to_string()).or_default() += 1;
            continue;
        }
        let region = names.code(label);
        let period = match period_column {
            Some(p) => cbs::period(&row.labels[p])
                .ok_or_else(|| (p, format!("{:?} is not a year", row.labels[p]))),
            None => Ok(file_year),
        };
        let (region, period) = match (region, period) {
            (Ok(r), Ok(p)) => (r, p),
            (Err(reason), _) => {
                errors.push(row_error(row.line, header, label, reason));
                rejected.push(row.line);
                continue;
            }
            (_, Err((p, reason))) => {
                errors.push(row_error(
                    row.line,
                    &t.label_columns[p],
                    &row.labels[p],
                    reason,
                ));
                rejected.push(row.line);
                continue;
            }
        };
        for ((cell, topic), indicator) in row.cells.iter().zip(&t.topics).zip(&ids) {
            if *cell == Published::Missing(Missing::Blank) {
                continue;
            }
            values.push(ContextValue {
                organisation: organisation.clone(),
                indicator: indicator.clone(),
                region: region.clone(),
                region_name: Some(label.clone()),
                period,
                value: cell.value().cloned(),
                unit: topic.unit.clone(),
                source: Some("CBS".into()),
                table_id: Some(table.clone()),
            });
        }
    }
    let mut notices = Vec::new();
    if passed_over > 0 {
        notices.push(format!(
            "{passed_over} row(s) without any value (dissolved municipalities) passed over"
        ));
    }
    if !unlabelled.is_empty() {
        let per_municipality: Vec<String> = unlabelled
            .iter()
            .map(|(m, n)| format!("{n} of {m}"))
            .collect();
        notices.push(format!(
            "{} wijk and buurt row(s) passed over ({}): a StatLine export names wijken and buurten \
             by label only, and labels are not unique; download the table as OData, with codes, \
             to import them",
            unlabelled.values().sum::<usize>(),
            per_municipality.join(", ")
        ));
    }
    Ok(CbsRecords::Context {
        values,
        definitions: mapping.made,
        notices,
        errors,
        rejected,
    })
}

/// The outlines of a map of regions as region reference data of the
/// map's year (`default_year` when the map does not say), each with its
/// name and the region it lies in: a wijk's or buurt's municipality, a
/// municipality's province from the classification built in.
fn outlines(
    input: &CbsInput,
    organisation: &OrganisationCode,
    default_year: i32,
) -> Result<CbsRecords, String> {
    let classification = domain::Classification::builtin();
    let outlines = interchange::cbs::boundaries::read(input.bytes)?;
    Ok(CbsRecords::Regions(
        outlines
            .into_iter()
            .map(|o| {
                let parent = o.municipality.clone().or_else(|| {
                    classification
                        .region(o.code.as_str())
                        .and_then(|r| r.province.clone())
                });
                Region {
                    organisation: organisation.clone(),
                    code: o.code,
                    year: o.year.unwrap_or(default_year),
                    name: o.name,
                    parent,
                    boundary: Some(o.boundary),
                }
            })
            .collect(),
    ))
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
    regions_known: &[Region],
) -> Vec<Result<CbsRecords, String>> {
    let lists = code_lists(inputs);
    let names = RegionNames::new(regions_known, &lists);
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
            CbsFormat::Codes => region_names(input, organisation, default_year),
            CbsFormat::TableInfos => odata::read_table_infos(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::Properties => odata::read_properties(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::Dimensions => odata::read_dimensions(input.bytes)
                .map(|_| CbsRecords::Read)
                .map_err(|e| e.to_string()),
            CbsFormat::Beside => Ok(CbsRecords::Read),
            CbsFormat::Boundaries => outlines(input, organisation, default_year),
            CbsFormat::StatlineCsv => {
                statline_rows(input, organisation, table, default_year, &names, known)
            }
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
