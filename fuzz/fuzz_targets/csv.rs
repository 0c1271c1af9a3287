//! The CSV reader and the row parser, on any bytes.
#![no_main]

#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::read_and_parse(data);
});
