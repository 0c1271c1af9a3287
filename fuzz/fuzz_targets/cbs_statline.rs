//! The reader of CBS StatLine CSV exports.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = interchange::cbs::statline::read(data);
    let _ = interchange::cbs::detect(data);
});
