//! A first mapping from a sample: columns matched by their names (the
//! interchange names, their Dutch aliases, and the names registration
//! systems commonly export), then by their values; personal columns set
//! to what makes them safe; the source's values matched to codes where
//! their words say which.

use super::coding::Coding;
use super::dates::DateFormat;
use super::privacy::Private;
use super::profile::Profile;
use super::{Mapping, SourceColumn, CLIENT_CODE};
use crate::kind::FileKind;
use crate::lookup::Lookup;
use domain::fold::fold;
use domain::Organisation;
use std::collections::BTreeMap;

/// Names registration systems export for interchange columns (folded).
const EXPORTED_AS: &[(&str, &[&str])] = &[
    (
        "registration_id",
        &[
            "registratienummer",
            "dossiernummer",
            "dossier",
            "casusnummer",
            "zaaknummer",
            "id",
            "nummer",
            "registratie",
        ],
    ),
    (
        "start_date",
        &[
            "datum_aanmelding",
            "aanmelddatum",
            "aanmeldingsdatum",
            "datum_start",
            "begindatum",
            "datum_intake",
            "startdatum_traject",
        ],
    ),
    (
        "end_date",
        &[
            "datum_afsluiting",
            "afsluitdatum",
            "datum_einde",
            "einddatum_traject",
            "datum_afgesloten",
        ],
    ),
    (
        "first_contact_date",
        &["datum_eerste_contact", "eerste_contactdatum"],
    ),
    ("waiting_since", &["wachtlijst", "op_wachtlijst_sinds"]),
    (
        "client_code",
        &[
            "clientnummer",
            "client",
            "klantnummer",
            "clientcode",
            "client_nummer",
            "cliëntnummer",
        ],
    ),
    (
        "form",
        &[
            "soort_contact",
            "soort_ondersteuning",
            "type_hulp",
            "ondersteuningsvorm",
            "soort_hulp",
            "vorm_van_ondersteuning",
            "product",
        ],
    ),
    (
        "main_domain",
        &[
            "hulpvraag",
            "leefgebied",
            "hoofdleefgebied",
            "domein",
            "probleemgebied",
            "hoofdprobleem",
            "zrm_domein",
        ],
    ),
    (
        "area",
        &["wijk", "kern", "dorp", "woonplaats", "werkgebied", "buurt"],
    ),
    (
        "referred_by",
        &[
            "aanmelder",
            "verwijzer",
            "verwezen_door",
            "aangemeld_via",
            "binnengekomen_via",
        ],
    ),
    (
        "referred_to",
        &[
            "doorverwezen_naar",
            "doorverwijzing",
            "verwijzing_naar",
            "uitstroom_naar",
        ],
    ),
    (
        "age_group",
        &["leeftijdscategorie", "leeftijdsklasse", "leeftijd_groep"],
    ),
    ("service", &["dienst", "dienstverlening", "product_dienst"]),
    (
        "pg_dimensions",
        &["positieve_gezondheid", "pg_dimensie", "pg"],
    ),
];

/// The interchange column a header names, by its own name, its aliases or
/// a name systems export.
fn by_name(kind: FileKind, header: &str) -> Option<&'static str> {
    if let Some(column) = kind.column(header) {
        return Some(column.name);
    }
    let folded = fold(header);
    EXPORTED_AS
        .iter()
        .find(|(column, names)| {
            kind.columns().iter().any(|c| c.name == *column)
                && names.iter().any(|n| fold(n) == folded)
        })
        .map(|(column, _)| *column)
}

/// Proposes a mapping named `name` of a sample read as `kind`.
pub fn suggest(
    name: &str,
    kind: FileKind,
    profile: &Profile,
    org: &Organisation,
    lookup: &dyn Lookup,
) -> Mapping {
    let mut taken: Vec<&str> = Vec::new();
    let mut columns: Vec<SourceColumn> = profile
        .columns
        .iter()
        .map(|c| {
            let to = match c.private {
                Some(private) => safe_use(private, &taken),
                None => by_name(kind, &c.source).filter(|t| !taken.contains(t)),
            };
            if let Some(to) = to {
                taken.push(to);
            }
            SourceColumn {
                source: c.source.clone(),
                to: to.map(str::to_string),
                private: c.private,
            }
        })
        .collect();
    by_values(kind, profile, org, lookup, &mut columns, &mut taken);
    let mut mapping = Mapping {
        name: name.to_string(),
        kind: domain::Coded::code(kind).to_string(),
        sheet: (profile.sheets.len() > 1)
            .then(|| profile.sheet.clone())
            .flatten(),
        header: profile.header_line.is_some(),
        dates: date_format(profile, &columns),
        columns,
        fixed: BTreeMap::new(),
        values: BTreeMap::new(),
    };
    mapping.values = values(kind, profile, &mapping, org, lookup);
    mapping
}

/// What a private column safely fills: a BSN the pseudonym, a birth date
/// the birth year; nothing for the rest.
fn safe_use(private: Private, taken: &[&str]) -> Option<&'static str> {
    match private {
        Private::Bsn if !taken.contains(&CLIENT_CODE) => Some(CLIENT_CODE),
        Private::BirthDate if !taken.contains(&"birth_year") => Some("birth_year"),
        _ => None,
    }
}

/// Columns left unmatched by name whose values are mostly codes of a coded
/// column not yet filled.
fn by_values(
    kind: FileKind,
    profile: &Profile,
    org: &Organisation,
    lookup: &dyn Lookup,
    columns: &mut [SourceColumn],
    taken: &mut Vec<&'static str>,
) {
    for (column, seen) in columns.iter_mut().zip(&profile.columns) {
        if column.to.is_some() || column.private.is_some() || seen.values.is_empty() {
            continue;
        }
        let fits = kind.columns().iter().find(|c| {
            !taken.contains(&c.name)
                && Coding::of(kind, c.name).is_some_and(|coding| {
                    let known = seen
                        .values
                        .iter()
                        .filter(|(v, _)| {
                            coding.accepts(v, org, lookup)
                                || guess(coding, v, org, lookup).is_some()
                        })
                        .count();
                    known * 2 > seen.values.len()
                })
        });
        if let Some(fit) = fits {
            column.to = Some(fit.name.to_string());
            taken.push(fit.name);
        }
    }
}

/// The date format that reads every date column of the sample, day first
/// when several do.
fn date_format(profile: &Profile, columns: &[SourceColumn]) -> DateFormat {
    let mut readers: Vec<DateFormat> = DateFormat::ALL.to_vec();
    for (column, seen) in columns.iter().zip(&profile.columns) {
        if column.to.is_some() && !seen.dates.is_empty() {
            readers.retain(|f| seen.dates.contains(f));
        }
    }
    readers.first().copied().unwrap_or_default()
}

/// For each mapped coded column, the source's values that are no code,
/// each with the code its words point at (or none: the page asks).
fn values(
    kind: FileKind,
    profile: &Profile,
    mapping: &Mapping,
    org: &Organisation,
    lookup: &dyn Lookup,
) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut values: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (column, seen) in mapping.columns.iter().zip(&profile.columns) {
        let Some(to) = column.to.as_deref() else {
            continue;
        };
        let Some(coding) = Coding::of(kind, to) else {
            continue;
        };
        for (value, _) in &seen.values {
            for element in super::translate::elements(to, value) {
                if coding.accepts(element, org, lookup) {
                    continue;
                }
                if let Some(code) = guess(coding, element, org, lookup) {
                    values
                        .entry(to.to_string())
                        .or_default()
                        .insert(element.to_string(), code);
                }
            }
        }
    }
    values
}

/// The words of a folded text.
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split('_')
        .filter(|w| w.len() > 1 && !matches!(*w, "en" | "of" | "and" | "de" | "het" | "van"))
        .map(str::to_string)
        .collect()
}

/// Whether two words share a stem: one starts with the other, or they
/// begin alike for five letters ("financiele", "financien").
fn alike(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    a.starts_with(b) || b.starts_with(a) || common >= 5
}

/// The one code whose code or name shares most words with `value` (words
/// alike: "Info" and "informatie", "Financiele" and "Financiën"), when no
/// other code shares as many.
pub fn guess(
    coding: Coding,
    value: &str,
    org: &Organisation,
    lookup: &dyn Lookup,
) -> Option<String> {
    let wanted = words(value);
    let mut scored: Vec<(usize, String)> = coding
        .choices(org, lookup)
        .into_iter()
        .map(|(code, name)| {
            let mut theirs = words(&code);
            theirs.extend(name.as_deref().map(words).unwrap_or_default());
            let matched = wanted
                .iter()
                .filter(|w| theirs.iter().any(|t| alike(w, t)))
                .count();
            (matched, code)
        })
        .filter(|(matched, _)| *matched > 0)
        .collect();
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    match scored.as_slice() {
        [(best, code), rest @ ..] if rest.first().is_none_or(|(next, _)| next < best) => {
            Some(code.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::profile::profile;
    use crate::mapping::source::{read_source, HeaderRule};
    use crate::testing::Fixed;
    use crate::Limits;

    #[test]
    fn proposes_columns_private_uses_dates_and_values_from_a_sample() {
        let file = "Export;;;;;;\n\
            Dossiernummer;Datum aanmelding;Soort contact;Hulpvraag;Geboortedatum;BSN;Naam\n\
            R1;03-02-2022;Info & Advies;Financiele problemen;14-05-1980;111222333;Jan Jansen\n\
            R2;13-02-2022;Traject;Geldzaken;01-01-1990;123456782;Piet Pieters\n";
        let source =
            read_source(file.as_bytes(), None, HeaderRule::Find, &Limits::default()).unwrap();
        let lookup = Fixed::new();
        let kind = FileKind::Registrations;
        let sample = profile(kind, &source);
        assert!(sample.columns[6].values.is_empty(), "no names kept");
        let org = lookup.organisation.clone();
        let mapping = suggest("Regicare", kind, &sample, &org, &lookup);
        let to: Vec<Option<&str>> = mapping.columns.iter().map(|c| c.to.as_deref()).collect();
        assert_eq!(
            to,
            vec![
                Some("registration_id"),
                Some("start_date"),
                Some("form"),
                Some("main_domain"),
                Some("birth_year"),
                Some("client_code"),
                None
            ]
        );
        assert_eq!(mapping.dates, DateFormat::DayFirst);
        assert_eq!(
            mapping.values["form"]
                .get("Info & Advies")
                .map(String::as_str),
            Some("informatie_advies")
        );
        assert_eq!(
            mapping.values["main_domain"]
                .get("Financiele problemen")
                .map(String::as_str),
            Some("financien")
        );
        assert!(
            !mapping.values["main_domain"].contains_key("Geldzaken"),
            "no guess"
        );
    }
}
