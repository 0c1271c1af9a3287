//! CBS OData feeds saved as JSON: v3 `TypedDataSet` (padded codes such as
//! `'GM1969    '`), v4 `Observations` (one value per row, unpadded codes,
//! `ValueAttribute`) and v4 code lists (`RegioSCodes`, `MeasureCodes`, …).

use super::{table_id, CbsError, Missing, Published};
use domain::{Decimal, RegionCode};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

fn document(bytes: &[u8]) -> Result<Map<String, Value>, CbsError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice(bytes) {
        Ok(Value::Object(o)) => Ok(o),
        Ok(_) => Err(CbsError::file("not a JSON object")),
        Err(e) => Err(CbsError::file(format!("not JSON: {e}"))),
    }
}

fn rows(doc: &Map<String, Value>) -> Result<&Vec<Value>, CbsError> {
    doc.get("value")
        .and_then(Value::as_array)
        .ok_or_else(|| CbsError::file("no \"value\" array"))
}

/// A value of a feed as text: strings without their padding, numbers as
/// written; `None` for null.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An OData v3 `TypedDataSet`: its table id and its rows, each a map from
/// column key to the value as text (padding removed; null left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedDataSet {
    /// The CBS table, from `odata.metadata` (e.g. `84489NED`).
    pub table_id: Option<String>,
    /// The rows.
    pub rows: Vec<BTreeMap<String, String>>,
}

/// Reads a `TypedDataSet` feed.
pub fn read_typed_dataset(bytes: &[u8]) -> Result<TypedDataSet, CbsError> {
    let doc = document(bytes)?;
    let table = doc
        .get("odata.metadata")
        .and_then(Value::as_str)
        .and_then(table_id);
    let rows = rows(&doc)?
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let object = row.as_object().ok_or_else(|| CbsError {
                place: format!("value {}", i + 1),
                reason: "not an object".into(),
            })?;
            Ok(object
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), text(v)?)))
                .collect())
        })
        .collect::<Result<_, CbsError>>()?;
    Ok(TypedDataSet {
        table_id: table,
        rows,
    })
}

/// Where a municipality lies, from CBS table 84489NED (Woonplaatsen in
/// Nederland): its province and part of the country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionLink {
    /// The municipality (`GM…`).
    pub municipality: RegionCode,
    /// Its province (`PV…`).
    pub province: RegionCode,
    /// The province's name.
    pub province_name: String,
    /// Its part of the country (`LD…`).
    pub landsdeel: RegionCode,
    /// The part's name.
    pub landsdeel_name: String,
}

/// The municipality → province → part-of-country links of a 84489NED
/// `TypedDataSet` (one row per woonplaats; `Code_3` the municipality,
/// `Code_5`/`Naam_4` the province, `Code_7`/`Naam_6` the part), one per
/// municipality, sorted by code. Two rows that place one municipality in
/// different provinces are an error naming both.
pub fn region_links(set: &TypedDataSet) -> Result<Vec<RegionLink>, CbsError> {
    let mut links: BTreeMap<String, (RegionLink, usize)> = BTreeMap::new();
    for (i, row) in set.rows.iter().enumerate() {
        let place = || format!("value {}", i + 1);
        let code = |key: &str| -> Result<RegionCode, CbsError> {
            let raw = row.get(key).ok_or_else(|| CbsError {
                place: place(),
                reason: format!("no {key}"),
            })?;
            RegionCode::parse_cbs(raw).ok_or_else(|| CbsError {
                place: place(),
                reason: format!("{key} {raw:?} is not a CBS region code"),
            })
        };
        let name = |key: &str| row.get(key).cloned().unwrap_or_default();
        let link = RegionLink {
            municipality: code("Code_3")?,
            province: code("Code_5")?,
            province_name: name("Naam_4"),
            landsdeel: code("Code_7")?,
            landsdeel_name: name("Naam_6"),
        };
        match links.get(link.municipality.as_str()) {
            Some((seen, at)) if seen.province != link.province => {
                return Err(CbsError {
                    place: place(),
                    reason: format!(
                        "{} lies in {} here and in {} at value {at}",
                        link.municipality.as_str(),
                        link.province.as_str(),
                        seen.province.as_str()
                    ),
                })
            }
            Some(_) => {}
            None => {
                links.insert(link.municipality.as_str().to_string(), (link, i + 1));
            }
        }
    }
    Ok(links.into_values().map(|(l, _)| l).collect())
}

/// One OData v4 observation: a measure's value for one code of each
/// dimension (`RegioS`, `Perioden`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The measure code, e.g. `M000352`.
    pub measure: String,
    /// The value, or why it is missing (`ValueAttribute`).
    pub value: Published,
    /// The dimension codes, by dimension (e.g. `RegioS` → `GM1969`).
    pub dimensions: BTreeMap<String, String>,
}

/// The fields of an observation that are not dimensions.
const OBSERVATION_FIELDS: &[&str] = &["Id", "Measure", "ValueAttribute", "Value", "StringValue"];

/// Reads an OData v4 `Observations` page: its table id and observations.
/// `ValueAttribute` `None` with a value is a value; `Impossible` is a
/// value that cannot occur; any other attribute (e.g. `Confidential`)
/// without a value is secret.
pub fn read_observations(bytes: &[u8]) -> Result<(Option<String>, Vec<Observation>), CbsError> {
    let doc = document(bytes)?;
    let table = doc
        .get("@odata.context")
        .and_then(Value::as_str)
        .and_then(table_id);
    let observations = rows(&doc)?
        .iter()
        .enumerate()
        .map(|(i, row)| observation(i, row))
        .collect::<Result<_, _>>()?;
    Ok((table, observations))
}

fn observation(i: usize, row: &Value) -> Result<Observation, CbsError> {
    let place = || format!("observation {}", i + 1);
    let object = row.as_object().ok_or_else(|| CbsError {
        place: place(),
        reason: "not an object".into(),
    })?;
    let measure = object
        .get("Measure")
        .and_then(text)
        .ok_or_else(|| CbsError {
            place: place(),
            reason: "no Measure".into(),
        })?;
    let attribute = object.get("ValueAttribute").and_then(text);
    let value = match (object.get("Value").and_then(text), attribute.as_deref()) {
        (Some(v), _) => Published::Value {
            value: Decimal::parse(&v).map_err(|_| CbsError {
                place: place(),
                reason: format!("Value {v:?} is not a number"),
            })?,
            provisional: false,
        },
        (None, Some("Impossible")) => Published::Missing(Missing::Impossible),
        (None, Some("None") | None) => Published::Missing(Missing::Blank),
        (None, Some(_)) => Published::Missing(Missing::Secret),
    };
    let dimensions = object
        .iter()
        .filter(|(k, _)| !OBSERVATION_FIELDS.contains(&k.as_str()))
        .filter_map(|(k, v)| Some((k.clone(), text(v)?)))
        .collect();
    Ok(Observation {
        measure,
        value,
        dimensions,
    })
}

/// One code of an OData v4 code list: identifier, title and description
/// (for regions, the border changes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// The code, e.g. `GM1969`.
    pub identifier: String,
    /// Its title, e.g. `Westerkwartier`.
    pub title: String,
    /// Its description.
    pub description: String,
    /// The unit, for a measure (`aantal`, `%`, …).
    pub unit: Option<String>,
}

/// Reads an OData v4 code list: what it lists (`RegioS`, `Measure`,
/// `Perioden`, … from `#RegioSCodes`) and its codes.
pub fn read_codes(bytes: &[u8]) -> Result<(String, Vec<Code>), CbsError> {
    let doc = document(bytes)?;
    let context = doc
        .get("@odata.context")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let list = context
        .rsplit('#')
        .next()
        .and_then(|k| k.strip_suffix("Codes"))
        .ok_or_else(|| CbsError::file("@odata.context names no code list"))?
        .to_string();
    let codes = rows(&doc)?
        .iter()
        .map(|row| Code {
            identifier: row.get("Identifier").and_then(text).unwrap_or_default(),
            title: row.get("Title").and_then(text).unwrap_or_default(),
            description: row.get("Description").and_then(text).unwrap_or_default(),
            unit: row.get("Unit").and_then(text).filter(|u| !u.is_empty()),
        })
        .collect();
    Ok((list, codes))
}

/// A topic of a table from its `DataProperties`: the measure key, title,
/// unit and the decimals CBS publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicProperty {
    /// The measure key, e.g. `HuishoudensMetEenLaagInkomen_89`.
    pub key: String,
    /// The title, e.g. "Huishoudens met een laag inkomen".
    pub title: String,
    /// The unit, e.g. `%`.
    pub unit: Option<String>,
    /// The decimals published.
    pub decimals: Option<u32>,
}

/// Units of topics that are texts (names, codes, descriptions), not figures.
const TEXT_UNITS: &[&str] = &["naam", "code", "omschrijving"];

fn list(bytes: &[u8]) -> Result<Vec<Value>, CbsError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match serde_json::from_slice(bytes) {
        Ok(Value::Array(a)) => Ok(a),
        Ok(_) => Err(CbsError::file("not a JSON list")),
        Err(e) => Err(CbsError::file(format!("not JSON: {e}"))),
    }
}

/// Reads a `DataProperties` list: its numeric topics (entries of `Type`
/// `Topic` whose unit is not a text such as `naam` or `code`), in order.
pub fn read_data_properties(bytes: &[u8]) -> Result<Vec<TopicProperty>, CbsError> {
    Ok(list(bytes)?
        .iter()
        .filter(|p| p.get("Type").and_then(Value::as_str) == Some("Topic"))
        .filter_map(|p| {
            let unit = p.get("Unit").and_then(text).filter(|u| !u.is_empty());
            if unit.as_deref().is_some_and(|u| TEXT_UNITS.contains(&u)) {
                return None;
            }
            Some(TopicProperty {
                key: p.get("Key").and_then(text)?,
                title: p.get("Title").and_then(text).unwrap_or_default(),
                unit,
                decimals: p
                    .get("Decimals")
                    .and_then(Value::as_u64)
                    .and_then(|d| u32::try_from(d).ok()),
            })
        })
        .collect())
}

/// The table id of a `TableInfos` list (`85984NED`).
pub fn read_table_infos(bytes: &[u8]) -> Result<String, CbsError> {
    list(bytes)?
        .first()
        .and_then(|t| t.get("Identifier"))
        .and_then(text)
        .ok_or_else(|| CbsError::file("no Identifier"))
}

/// The table id and title of an OData v4 `Properties` document.
pub fn read_properties(bytes: &[u8]) -> Result<(String, String), CbsError> {
    let doc = document(bytes)?;
    let id = doc
        .get("Identifier")
        .and_then(text)
        .ok_or_else(|| CbsError::file("no Identifier"))?;
    Ok((id, doc.get("Title").and_then(text).unwrap_or_default()))
}

/// The dimensions of an OData v4 `Dimensions` document (`RegioS`,
/// `Perioden`, …).
pub fn read_dimensions(bytes: &[u8]) -> Result<Vec<String>, CbsError> {
    let doc = document(bytes)?;
    Ok(rows(&doc)?
        .iter()
        .filter_map(|d| d.get("Identifier").and_then(text))
        .collect())
}
