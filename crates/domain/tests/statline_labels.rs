//! Every region label of CBS's StatLine export of 70072ned (Regionale
//! kerncijfers Nederland, every municipality since 1995 by its label and
//! no code) finds its code in the built-in classification, with no import
//! before it.

use domain::Classification;
use std::path::Path;

/// The second column of each data row: the region's label.
fn labels(export: &str) -> Vec<String> {
    export
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .filter_map(|line| line.split(';').nth(1))
        .map(|cell| cell.trim_matches('"').to_string())
        .collect()
}

#[test]
fn every_municipality_label_of_the_70072ned_export_resolves_to_a_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../interchange/tests/fixtures/cbs/70072ned_regionale-kerncijfers_statline-export.csv",
    );
    let export = std::fs::read_to_string(path).expect("the export");
    let labels = labels(&export);
    assert_eq!(labels.len(), 729, "every row of the export");
    let classification = Classification::builtin();
    let unresolved: Vec<&String> = labels
        .iter()
        .filter(|l| classification.resolve(l).is_none())
        .collect();
    assert!(unresolved.is_empty(), "no code for {unresolved:?}");
    let municipalities = labels
        .iter()
        .filter_map(|l| classification.resolve(l))
        .filter(|r| r.is_municipality())
        .count();
    assert_eq!(municipalities, 728, "every row but the nation's");
    let code = |label: &str| {
        classification
            .resolve(label)
            .map(|r| r.code.as_str().to_string())
    };
    assert_eq!(code("Aalburg").as_deref(), Some("GM0738"));
    assert_eq!(code("'s-Gravenhage (gemeente)").as_deref(), Some("GM0518"));
}
