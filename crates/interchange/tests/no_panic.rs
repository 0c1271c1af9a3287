//! Fuzz-style property tests: no input makes the importer's reading and
//! parsing panic — arbitrary bytes, and valid files mangled at random.

use domain::*;
use interchange::testing::Fixed;
use interchange::{parse_table, read_tables, FileKind, Limits};
use proptest::prelude::*;

/// Reads the bytes and parses every table as every kind; only the absence
/// of a panic is checked (and that every refused row has a report line).
fn import_everything(bytes: &[u8]) {
    let lookup = Fixed::new();
    let default = OrganisationCode::parse("deschans").unwrap();
    let Ok(tables) = read_tables(bytes, &Limits::default()) else {
        return;
    };
    for table in &tables {
        for kind in FileKind::ALL {
            if let Ok(parsed) = parse_table(*kind, table, Some(&default), &lookup) {
                assert_eq!(parsed.records.len() + parsed.rejected.len(), table.len());
                assert!(parsed.rejected.is_empty() || !parsed.errors.is_empty());
            }
        }
    }
}

const VALID: &str = "registratie_id;organisatie;gebied;vorm;startdatum;einddatum;eerste_contact;client_code;leeftijdsgroep;geboortejaar;hoofddomein;pg_dimensies;aangemeld_door;zrm_financien_start;zrm_financien_doel;zrm_financien_eind\r\n\
r1;deschans;Leek;traject;01-02-2022;2022-06-30;2022-02-02;C-1;27-55;;Financiën;meedoen;huisarts;2;3;4\r\n\
\"r2\";deschans;;leun_steun;2022-02-03;;;;;2010;werk & opleiding;;;1;;\r\n";

fn mangle(base: &[u8], edits: &[(usize, u8, u8)]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for (at, op, byte) in edits {
        if bytes.is_empty() {
            bytes.push(*byte);
            continue;
        }
        let at = at % bytes.len();
        let special = [
            b';', b',', b'"', b'\n', b'\r', b'|', b'-', 0xC3, 0xEB, 0xEF, b'5', b' ',
        ];
        match op % 4 {
            0 => bytes[at] = *byte,
            1 => bytes.insert(at, special[*byte as usize % special.len()]),
            2 => {
                bytes.remove(at);
            }
            _ => {
                let end = (at + (*byte as usize % 16)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        import_everything(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "[a-z0-9;,\"|\\- \r\n\u{e9}\u{feff}]{0,300}") {
        import_everything(text.as_bytes());
    }

    #[test]
    fn mangled_csv_never_panics(edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 1..12)) {
        import_everything(&mangle(VALID.as_bytes(), &edits));
    }

    #[test]
    fn mangled_zip_headers_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        import_everything(&bytes);
    }
}

#[test]
fn the_valid_file_parses_cleanly() {
    let tables = read_tables(VALID.as_bytes(), &Limits::default()).unwrap();
    let parsed = parse_table(FileKind::Registrations, &tables[0], None, &Fixed::new()).unwrap();
    assert_eq!(parsed.errors, vec![], "{:?}", parsed.errors);
    assert_eq!(parsed.records.len(), 2);
}
