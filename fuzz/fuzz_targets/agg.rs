//! libFuzzer entry for csv_kernels_fuzz::targets::agg (what it checks is documented there).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| csv_kernels_fuzz::targets::agg(data));
