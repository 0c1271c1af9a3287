//! Folding of codes and names so that a user's spelling finds the code:
//! case, accents, hyphens, `&`, the word "en" and punctuation do not matter.

use unicode_normalization::UnicodeNormalization;

/// Folds a code or a Dutch name to its comparison form: lower case, accents
/// removed, every run of other characters one `_`, the words "en" and "&"
/// dropped. "Werk & opleiding", "werk-en-opleiding" and `werk_opleiding` all
/// fold to `werk_opleiding`; "Financiën" folds to `financien`.
pub fn fold(raw: &str) -> String {
    let plain: String = raw
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    plain
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && *word != "en")
        .collect::<Vec<_>>()
        .join("_")
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_accents_hyphens_and_ampersand() {
        assert_eq!(fold("Werk & opleiding"), "werk_opleiding");
        assert_eq!(fold("werk-en-opleiding"), "werk_opleiding");
        assert_eq!(fold("Financiën"), "financien");
        assert_eq!(fold("  Basale ADL "), "basale_adl");
        assert_eq!(fold("geïndiceerd"), "geindiceerd");
        assert_eq!(fold("Leun en steun"), "leun_steun");
        assert_eq!(fold(""), "");
    }
}
