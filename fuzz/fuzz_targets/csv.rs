//! The CSV reader and the row parser, on any bytes (the last byte picks the
//! kind the rows are parsed as).
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((pick, bytes)) = data.split_last() {
        common::read_and_parse(*pick, bytes);
    }
});
