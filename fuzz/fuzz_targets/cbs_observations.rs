//! The reader of CBS OData v4 observations.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = interchange::cbs::odata::read_observations(data);
});
