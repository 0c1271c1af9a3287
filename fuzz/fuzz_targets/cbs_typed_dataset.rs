//! The reader of CBS OData v3 TypedDataSet files and their region links.
#![no_main]

use interchange::cbs::odata;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(set) = odata::read_typed_dataset(data) {
        let _ = odata::region_links(&set);
    }
});
