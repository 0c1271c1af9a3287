//! What the file-reading targets share: small limits (so that the fuzzer
//! reaches every limit's check), and parsing each table as every kind.

use domain::Coded;
use interchange::testing::Fixed;
use interchange::{parse_table, read_tables, FileKind, Limits};

/// Limits small enough for the fuzzer to cross each of them.
pub fn limits() -> Limits {
    Limits {
        file_bytes: 1 << 20,
        unpacked_bytes: 4 << 20,
        unpack_ratio: 50,
        rows: 200,
        columns: 40,
        field_chars: 200,
        line_bytes: 2000,
        errors_listed: 20,
        ..Limits::default()
    }
}

/// Reads the bytes and parses every table as every kind: no input may
/// panic, and every refused row has its reason.
pub fn read_and_parse(bytes: &[u8]) {
    let limits = limits();
    let Ok(tables) = read_tables(bytes, &limits) else {
        return;
    };
    let lookup = Fixed::with_limits(limits.clone());
    let organisation = domain::OrganisationCode::parse("deschans").expect("a code");
    for table in &tables {
        assert!(table.len() as u64 <= limits.rows);
        for kind in FileKind::ALL {
            if let Ok(parsed) = parse_table(*kind, table, Some(&organisation), &lookup) {
                assert!(parsed.rejected.is_empty() || !parsed.errors.is_empty());
                assert!(parsed.errors.len() <= limits.errors_listed);
            }
        }
    }
}
