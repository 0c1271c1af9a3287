//! Columns that identify a person: told by their name or their values,
//! and never stored. A BSN or client number becomes the pseudonym, a birth
//! date a birth year or age group; the rest is left out.

use crate::kind::FileKind;
use domain::fold::fold;
use serde::{Deserialize, Serialize};

/// The kind of personal data a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Private {
    /// A person's name (first, last, initials).
    Name,
    /// A citizen service number (BSN, passes the eleven-test).
    Bsn,
    /// A street address or house number.
    Address,
    /// A full postcode (`1234 AB`), which with a house number finds a home.
    Postcode,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A full date of birth.
    BirthDate,
}

impl Private {
    /// Every kind, in the order a page lists them.
    pub const ALL: &'static [Self] = &[
        Self::Name,
        Self::Bsn,
        Self::Address,
        Self::Postcode,
        Self::Phone,
        Self::Email,
        Self::BirthDate,
    ];

    /// The code written in a mapping file and used by the message files
    /// (`private.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Bsn => "bsn",
            Self::Address => "address",
            Self::Postcode => "postcode",
            Self::Phone => "phone",
            Self::Email => "email",
            Self::BirthDate => "birth_date",
        }
    }

    /// The interchange columns the column may fill through the derivation
    /// that makes it safe: none for most, `client_code` (the pseudonym) for
    /// a BSN, `birth_year` or `age_group` for a birth date.
    pub fn fills(self) -> &'static [&'static str] {
        match self {
            Self::Bsn => &[super::CLIENT_CODE],
            Self::BirthDate => &["birth_year", "age_group"],
            _ => &[],
        }
    }

    /// Whether the column may fill `column`.
    pub fn may_fill(self, column: &str) -> bool {
        self.fills().contains(&column)
    }
}

/// Header words that name personal data (folded).
const NAMES: &[(Private, &[&str])] = &[
    (
        Private::Bsn,
        &[
            "bsn",
            "burgerservicenummer",
            "sofinummer",
            "sofi_nummer",
            "bsn_nummer",
        ],
    ),
    (
        Private::BirthDate,
        &[
            "geboortedatum",
            "geb_datum",
            "gebdatum",
            "geboren",
            "geboren_op",
            "datum_geboorte",
            "birth_date",
            "date_of_birth",
            "birthdate",
            "dob",
        ],
    ),
    (
        Private::Name,
        &[
            "naam",
            "voornaam",
            "voornamen",
            "achternaam",
            "roepnaam",
            "voorletters",
            "tussenvoegsel",
            "naam_client",
            "client_naam",
            "clientnaam",
            "volledige_naam",
            "name",
            "first_name",
            "last_name",
            "surname",
        ],
    ),
    (
        Private::Address,
        &[
            "adres",
            "woonadres",
            "straat",
            "straatnaam",
            "huisnummer",
            "huisnr",
            "toevoeging",
            "address",
            "street",
        ],
    ),
    (
        Private::Postcode,
        &["postcode", "zip", "zipcode", "postal_code"],
    ),
    (
        Private::Phone,
        &[
            "telefoon",
            "telefoonnummer",
            "tel",
            "tel_nr",
            "telnr",
            "mobiel",
            "mobiel_nummer",
            "phone",
        ],
    ),
    (
        Private::Email,
        &[
            "email",
            "e_mail",
            "emailadres",
            "e_mailadres",
            "mail",
            "mailadres",
        ],
    ),
];

/// Kinds whose `name` column names an organisation, theme or activity,
/// not a person.
fn names_things(kind: FileKind) -> bool {
    matches!(
        kind,
        FileKind::Organisations
            | FileKind::Partners
            | FileKind::Themes
            | FileKind::Efforts
            | FileKind::Indicators
    )
}

/// What personal data a column holds, told by its header or, failing
/// that, by most of its values (BSNs, e-mail addresses, phone numbers,
/// full postcodes with a house number).
pub fn detect(kind: FileKind, header: &str, values: &[&str]) -> Option<Private> {
    let folded = fold(header);
    let by_name = NAMES
        .iter()
        .find(|(_, words)| words.contains(&folded.as_str()))
        .map(|(private, _)| *private)
        .filter(|p| !(*p == Private::Name && names_things(kind)));
    by_name.or_else(|| by_values(values))
}

fn by_values(values: &[&str]) -> Option<Private> {
    let filled: Vec<&str> = values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    if filled.is_empty() {
        return None;
    }
    let most =
        |test: fn(&str) -> bool| filled.iter().filter(|v| test(v)).count() * 5 >= filled.len() * 4;
    [
        (Private::Bsn, is_bsn as fn(&str) -> bool),
        (Private::Email, is_email),
        (Private::Phone, is_phone),
        (Private::Address, is_postcode_and_number),
        (Private::Postcode, is_full_postcode),
    ]
    .into_iter()
    .find(|(_, test)| most(*test))
    .map(|(private, _)| private)
}

/// A BSN: nine digits (eight with a leading zero left off) passing the
/// eleven-test: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11.
pub fn is_bsn(value: &str) -> bool {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    if !(8..=9).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits = format!("{digits:0>9}");
    let d: Vec<i64> = digits.bytes().map(|b| (b - b'0') as i64).collect();
    let sum: i64 = (0..8).map(|i| (9 - i as i64) * d[i]).sum::<i64>() - d[8];
    sum != 0 && sum % 11 == 0
}

fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !value.contains(' ')
}

/// A Dutch phone number: ten digits starting with 0, or +31 and nine.
fn is_phone(value: &str) -> bool {
    let digits: String = value.chars().filter(|c| c.is_ascii_digit()).collect();
    let only_phone_chars = value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'));
    only_phone_chars
        && ((value.trim_start().starts_with('0') && digits.len() == 10)
            || (value.trim_start().starts_with("+31") && digits.len() == 11))
}

/// `1234 AB`: four digits (not starting with 0) and two letters.
fn is_full_postcode(value: &str) -> bool {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    let b = compact.as_bytes();
    b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_alphabetic)
}

/// A full postcode followed by a house number (`9351 AB 12`).
fn is_postcode_and_number(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    words.len() >= 2 && {
        let (head, last) = words.split_at(words.len() - 1);
        is_full_postcode(&head.concat())
            && last[0].chars().next().is_some_and(|c| c.is_ascii_digit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eleven_test_tells_a_bsn() {
        assert!(is_bsn("111222333"));
        assert!(is_bsn("123456782"));
        assert!(!is_bsn("123456789"));
        assert!(!is_bsn("000000000"));
        assert!(!is_bsn("12345"));
    }

    #[test]
    fn tells_personal_columns_by_name_and_by_values() {
        let kind = FileKind::Registrations;
        assert_eq!(detect(kind, "Geboortedatum", &[]), Some(Private::BirthDate));
        assert_eq!(detect(kind, "Naam", &[]), Some(Private::Name));
        assert_eq!(detect(FileKind::Partners, "Naam", &[]), None);
        assert_eq!(
            detect(kind, "Kenmerk", &["111222333", "123456782"]),
            Some(Private::Bsn)
        );
        assert_eq!(
            detect(kind, "Contact", &["a@b.nl", "c@d.org"]),
            Some(Private::Email)
        );
        assert_eq!(
            detect(kind, "Nummer", &["06-12345678"]),
            Some(Private::Phone)
        );
        assert_eq!(
            detect(kind, "Woonplek", &["9351 AB 12"]),
            Some(Private::Address)
        );
        assert_eq!(detect(kind, "Plek", &["9351 AB"]), Some(Private::Postcode));
        assert_eq!(detect(kind, "Postcodegebied", &["9351"]), None);
        assert_eq!(detect(kind, "Hulpvraag", &["Financiële problemen"]), None);
        assert_eq!(detect(kind, "Dossiernummer", &["R-0001", "R-0002"]), None);
    }
}
