//! The readers of CBS code lists and table metadata (data properties, table
//! infos, properties, dimensions).
#![no_main]

use interchange::cbs::odata;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = odata::read_codes(data);
    let _ = odata::read_data_properties(data);
    let _ = odata::read_table_infos(data);
    let _ = odata::read_properties(data);
    let _ = odata::read_dimensions(data);
});
