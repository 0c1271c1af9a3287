//! The files of the demo that do not vary with the seed: the organisations,
//! their goals–efforts networks (partners, themes per monitor year with the
//! theme → ZRM-domain mapping, goals, efforts), the context statistics the
//! seeds cite with their names, the researchers' narratives and Bergen's area profiles.
//! They live in `crates/demo/data/` as the CSV files a coordinator or
//! researcher would write; the texts are short Dutch paraphrases of the
//! seeds.

/// Name and content of each fixed file.
pub const FILES: &[(&str, &str)] = &[
    (
        "organisations.csv",
        include_str!("../data/organisations.csv"),
    ),
    ("partners.csv", include_str!("../data/partners.csv")),
    ("themes.csv", include_str!("../data/themes.csv")),
    ("goals.csv", include_str!("../data/goals.csv")),
    ("efforts.csv", include_str!("../data/efforts.csv")),
    ("context.csv", include_str!("../data/context.csv")),
    ("indicators.csv", include_str!("../data/indicators.csv")),
    ("narrative.csv", include_str!("../data/narrative.csv")),
    (
        "area_profiles.csv",
        include_str!("../data/area_profiles.csv"),
    ),
    (
        "boundaries.geojson",
        include_str!("../data/boundaries.geojson"),
    ),
];

/// The number of records of a fixed file: a CSV text's data rows (quoted
/// fields may span lines), a map's regions.
pub fn rows(name: &str, text: &str) -> usize {
    if name.ends_with(".geojson") {
        return text.matches("\"statcode\"").count();
    }
    csv::Reader::from_reader(text.as_bytes()).records().count()
}
