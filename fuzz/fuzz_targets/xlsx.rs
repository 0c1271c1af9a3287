//! The XLSX reader (limits, unpacking, calamine's cells) and the row parser.
//! The input is the workbook (the seeds in fuzz/seeds/xlsx are real ones);
//! its length picks the kind the rows are parsed as.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // Whatever the mutation did to the first bytes, it is read as a ZIP.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data.get(4..).unwrap_or_default());
    common::read_and_parse(data.len() as u8, &bytes);
});
