//! What the file-reading targets share: small limits (so that the fuzzer
//! reaches every limit's check), made once, and parsing each table as the
//! kind the input's first byte picks.

use domain::Coded;
use interchange::testing::Fixed;
use interchange::{parse_table, read_tables, FileKind, Limits};
use std::sync::OnceLock;

/// Limits small enough for the fuzzer to cross each of them.
fn lookup() -> &'static Fixed {
    static LOOKUP: OnceLock<Fixed> = OnceLock::new();
    LOOKUP.get_or_init(|| {
        Fixed::with_limits(Limits {
            file_bytes: 1 << 20,
            unpacked_bytes: 4 << 20,
            unpack_ratio: 50,
            rows: 200,
            columns: 40,
            field_chars: 200,
            line_bytes: 2000,
            errors_listed: 20,
            ..Limits::default()
        })
    })
}

/// Reads `bytes` and parses every table as the kind `pick` chooses: no
/// input may panic, and every refused row has its reason.
pub fn read_and_parse(pick: u8, bytes: &[u8]) {
    use interchange::Lookup;
    let lookup = lookup();
    let limits = lookup.limits();
    let Ok(tables) = read_tables(bytes, limits) else {
        return;
    };
    let kind = FileKind::ALL[pick as usize % FileKind::ALL.len()];
    let organisation = domain::OrganisationCode::parse("deschans").expect("a code");
    for table in &tables {
        assert!(table.len() as u64 <= limits.rows);
        if let Ok(parsed) = parse_table(kind, table, Some(&organisation), lookup) {
            assert!(parsed.rejected.is_empty() || !parsed.errors.is_empty());
            assert!(parsed.errors.len() <= limits.errors_listed);
        }
    }
}
