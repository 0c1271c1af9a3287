//! CBS's Wijk- en buurtkaart as GeoJSON: the outlines of municipalities,
//! wijken and buurten as PDOK serves them, or a generalised copy of them
//! (cartomap's `gemeente_2018.geojson`). Per feature its CBS code
//! (`statcode`), name (`statnaam`), year (`jrstatcode`, `2018GM0015`) and
//! polygons (longitude and latitude, WGS84).

use domain::{Boundary, RegionCode};
use serde_json::Value;

/// A region's outline as the map gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// Its CBS code.
    pub code: RegionCode,
    /// Its name.
    pub name: Option<String>,
    /// The year of the map (from `jrstatcode`), when the feature says it.
    pub year: Option<i32>,
    /// The municipality a wijk or buurt lies in (`gmCode`), when given.
    pub municipality: Option<RegionCode>,
    /// The outline.
    pub boundary: Boundary,
}

/// The outlines of a GeoJSON `FeatureCollection`; an error names the
/// first feature that is no region's outline (no CBS `statcode`, or no
/// polygon in degrees).
pub fn read(bytes: &[u8]) -> Result<Vec<Outline>, String> {
    let json: Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not a GeoJSON file: {e}"))?;
    let features = json["features"]
        .as_array()
        .ok_or("a GeoJSON FeatureCollection without `features`")?;
    features
        .iter()
        .enumerate()
        .map(|(i, f)| outline(f).ok_or_else(|| format!("feature {} is no CBS region's outline (a `statcode` such as GM0015 and a Polygon or MultiPolygon in degrees)", i + 1)))
        .collect()
}

fn outline(feature: &Value) -> Option<Outline> {
    let properties = &feature["properties"];
    let text = |name: &str| properties[name].as_str().map(str::trim);
    let code = RegionCode::parse_cbs(text("statcode")?)?;
    let year = text("jrstatcode")
        .and_then(|j| j.get(..4))
        .and_then(|y| y.parse().ok());
    let geometry = &feature["geometry"];
    let polygons: Vec<&Value> = match geometry["type"].as_str()? {
        "Polygon" => vec![&geometry["coordinates"]],
        "MultiPolygon" => geometry["coordinates"].as_array()?.iter().collect(),
        _ => return None,
    };
    // The outer ring of each polygon; holes are left out.
    let rings: Option<Vec<Vec<(f64, f64)>>> = polygons
        .iter()
        .map(|polygon| {
            polygon[0]
                .as_array()?
                .iter()
                .map(|p| Some((p[0].as_f64()?, p[1].as_f64()?)))
                .collect()
        })
        .collect();
    Some(Outline {
        code,
        name: text("statnaam")
            .filter(|n| !n.is_empty())
            .map(str::to_string),
        year,
        municipality: text("gmCode").and_then(RegionCode::parse_cbs),
        boundary: Boundary::from_degrees(&rings?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_s_outline_with_its_year() {
        let geojson = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[6.464,53.208],[6.463,53.2],[6.408,53.178],[6.464,53.208]]]},
           "properties":{"statcode":"GM0022","jrstatcode":"2018GM0022","statnaam":"Leek"}}]}"#;
        let outlines = read(geojson).unwrap();
        assert_eq!(outlines.len(), 1);
        let leek = &outlines[0];
        assert_eq!(leek.code.as_str(), "GM0022");
        assert_eq!(
            (leek.name.as_deref(), leek.year),
            (Some("Leek"), Some(2018))
        );
        let ring: Vec<(f64, f64)> = leek.boundary.rings().next().unwrap();
        assert_eq!(ring[1], (6.463, 53.2));
    }

    #[test]
    fn a_feature_without_a_cbs_code_is_named() {
        let geojson = br#"{"type":"FeatureCollection","features":[
          {"type":"Feature","geometry":{"type":"Point","coordinates":[6.4,53.2]},"properties":{"statcode":"GM0022"}}]}"#;
        assert!(read(geojson).unwrap_err().contains("feature 1"));
    }
}
