//! The CBS readers on the real CBS files in `tests/fixtures/cbs` (CC BY
//! 4.0, CBS; see the README there). Every expected value below was read
//! by hand from those files.

use domain::Period;
use interchange::cbs::{detect, odata, period, statline, CbsFormat, Missing, Published};
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cbs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn value(p: &Published) -> &str {
    p.value().map(|d| d.as_str()).unwrap_or("missing")
}

#[test]
fn each_format_is_recognised() {
    let cases = [
        (
            "85984NED_kwb2024_statline-export_excerpt.csv",
            Some(CbsFormat::StatlineCsv),
        ),
        (
            "70072ned_regionale-kerncijfers_statline-export.csv",
            Some(CbsFormat::StatlineCsv),
        ),
        (
            "84489NED_woonplaatsen2019_TypedDataSet.json",
            Some(CbsFormat::TypedDataSet),
        ),
        (
            "03759ned_odata4_excerpt/observations-page-1_excerpt.json",
            Some(CbsFormat::Observations),
        ),
        (
            "03759ned_odata4_excerpt/codes-RegioS_excerpt.json",
            Some(CbsFormat::Codes),
        ),
        (
            "03759ned_odata4_excerpt/measure-codes.json",
            Some(CbsFormat::Codes),
        ),
    ];
    for (name, format) in cases {
        assert_eq!(detect(&fixture(name)), format, "{name}");
    }
    assert_eq!(detect(b"registration_id,form\nr1,traject\n"), None);
}

/// Kerncijfers wijken en buurten 2024: BOM, CRLF, labels, padded names.
#[test]
fn statline_kwb_export() {
    let t = statline::read(&fixture("85984NED_kwb2024_statline-export_excerpt.csv")).unwrap();
    assert_eq!(
        t.label_columns,
        ["Wijken en buurten", "Regioaanduiding/Gemeentenaam (naam)"]
    );
    assert_eq!(t.rows.len(), 255);
    let inhabitants = t
        .topics
        .iter()
        .position(|c| c.title == "Aantal inwoners")
        .unwrap();
    assert_eq!(t.topics[inhabitants].unit.as_deref(), Some("aantal"));
    assert_eq!(t.topics[inhabitants].path, ["Bevolking"]);
    // "Westerkwartier";"Westerkwartier                          ";64896;…
    let row = t
        .rows
        .iter()
        .find(|r| r.labels[0] == "Westerkwartier")
        .unwrap();
    assert_eq!(row.labels[1], "Westerkwartier", "the padding is gone");
    assert_eq!(value(&row.cells[inhabitants]), "64896");
    assert_eq!(row.line, 158);
    // Double spaces before the unit: "…/Europa (exclusief Nederland)  (aantal)".
    assert!(t
        .topics
        .iter()
        .any(|c| c.title == "Europa (exclusief Nederland)" && c.unit.as_deref() == Some("aantal")));
    // A wijk label is only a label: "Wijk 01 Bergen Binnen" in Bergen (NH.), 12035.
    let wijk = t
        .rows
        .iter()
        .find(|r| r.labels[0] == "Wijk 01 Bergen Binnen")
        .unwrap();
    assert_eq!(
        (wijk.labels[1].as_str(), value(&wijk.cells[inhabitants])),
        ("Bergen (NH.)", "12035")
    );
}

/// Regionale kerncijfers 2025: decimal comma, dissolved municipalities as
/// empty rows, topics not yet published as blanks.
#[test]
fn statline_regional_key_figures() {
    let t = statline::read(&fixture(
        "70072ned_regionale-kerncijfers_statline-export.csv",
    ))
    .unwrap();
    assert_eq!(t.label_columns, ["Perioden", "Regio's"]);
    assert_eq!((t.rows.len(), t.topics.len()), (729, 61));
    let row = t
        .rows
        .iter()
        .find(|r| r.labels[1] == "Westerkwartier")
        .unwrap();
    assert_eq!(period(&row.labels[0]), Some(Period::Year(2025)));
    // "2025";"Westerkwartier";64841;3405;…;5,3;…
    assert_eq!(value(&row.cells[0]), "64841");
    let share = t
        .topics
        .iter()
        .position(|c| c.unit.as_deref() == Some("%"))
        .unwrap();
    assert_eq!(value(&row.cells[share]), "5.3");
    assert_eq!(row.cells[share].value().unwrap().decimals(), 1);
    let aalburg = t.rows.iter().find(|r| r.labels[1] == "Aalburg").unwrap();
    assert!(aalburg.is_empty());
    assert!(row.cells.contains(&Published::Missing(Missing::Blank)));
}

/// Woonplaatsen 2019: the municipality → province crosswalk.
#[test]
fn typed_dataset_of_woonplaatsen_links_municipalities_to_provinces() {
    let set =
        odata::read_typed_dataset(&fixture("84489NED_woonplaatsen2019_TypedDataSet.json")).unwrap();
    assert_eq!(set.table_id.as_deref(), Some("84489NED"));
    assert_eq!(set.rows.len(), 2500);
    // Padded codes are trimmed: 'GM0141    ' → GM0141.
    assert_eq!(
        set.rows[0].get("Code_3").map(String::as_str),
        Some("GM0141")
    );
    let links = odata::region_links(&set).unwrap();
    let province = |gm: &str| {
        let l = links
            .iter()
            .find(|l| l.municipality.as_str() == gm)
            .unwrap();
        (
            l.province.as_str().to_string(),
            l.province_name.clone(),
            l.landsdeel.as_str().to_string(),
        )
    };
    assert_eq!(
        province("GM1969"),
        ("PV20".into(), "Groningen".into(), "LD01".into())
    );
    assert_eq!(province("GM0114").0, "PV22");
    assert_eq!(
        province("GM0373"),
        ("PV27".into(), "Noord-Holland".into(), "LD03".into())
    );
    assert!(
        links.len() > 300
            && links
                .windows(2)
                .all(|w| w[0].municipality < w[1].municipality)
    );
}

/// Bevolking op 1 januari (03759ned), OData v4: unpadded codes,
/// `ValueAttribute`.
#[test]
fn observations_of_the_population() {
    let (table, observations) = odata::read_observations(&fixture(
        "03759ned_odata4_excerpt/observations-page-1_excerpt.json",
    ))
    .unwrap();
    assert_eq!(table.as_deref(), Some("03759ned"));
    assert_eq!(observations.len(), 128);
    let find = |region: &str, year: &str, measure: &str| {
        observations
            .iter()
            .find(|o| {
                o.measure == measure
                    && o.dimensions.get("RegioS").map(String::as_str) == Some(region)
                    && o.dimensions.get("Perioden").map(String::as_str) == Some(year)
            })
            .unwrap()
    };
    // Westerkwartier on 1 January 2024: 64896, as 85984NED says too.
    let gm = find("GM1969", "2024JJ00", "M000352");
    assert_eq!(value(&gm.value), "64896");
    assert_eq!(period("2024JJ00"), Some(Period::Year(2024)));
    // The average population of 2021 has a decimal: 17533043.5.
    assert_eq!(
        value(&find("NL01", "2021JJ00", "M000365").value),
        "17533043.5"
    );
    // 2026's average population cannot be known yet: Impossible, not 0.
    assert_eq!(
        find("NL01", "2026JJ00", "M000365").value,
        Published::Missing(Missing::Impossible)
    );
}

#[test]
fn code_lists_name_regions_and_measures() {
    let (list, regions) = odata::read_codes(&fixture(
        "03759ned_odata4_excerpt/codes-RegioS_excerpt.json",
    ))
    .unwrap();
    assert_eq!(list, "RegioS");
    let gm = regions.iter().find(|c| c.identifier == "GM1969").unwrap();
    assert_eq!(gm.title, "Westerkwartier");
    // The border change is in the description: formed on 1 January 2019
    // from Grootegast (GM0015), Leek (GM0022), Marum (GM0025), part of Winsum.
    assert!(gm
        .description
        .starts_with("Ontstaan per 01-01-2019, ontvangen van:"));
    assert!(gm.description.contains("Leek (GM0022)"));
    let (list, measures) =
        odata::read_codes(&fixture("03759ned_odata4_excerpt/measure-codes.json")).unwrap();
    assert_eq!(list, "Measure");
    assert!(measures
        .iter()
        .any(|m| m.identifier == "M000352" && m.title == "Bevolking op 1 januari"));
}

proptest::proptest! {
    /// No bytes make a CBS reader panic; a StatLine file mangled at one
    /// byte is read or refused, never a panic.
    #[test]
    fn cbs_readers_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
        let _ = detect(&bytes);
        let _ = statline::read(&bytes);
        let _ = odata::read_typed_dataset(&bytes);
        let _ = odata::read_observations(&bytes);
        let _ = odata::read_codes(&bytes);
    }

    #[test]
    fn a_mangled_statline_file_is_read_or_refused(at in 0usize..3000, byte in proptest::prelude::any::<u8>()) {
        let mut bytes = fixture("85984NED_kwb2024_statline-export_excerpt.csv");
        let at = at % bytes.len();
        bytes[at] = byte;
        let _ = statline::read(&bytes);
    }
}
