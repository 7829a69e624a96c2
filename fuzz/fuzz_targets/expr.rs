//! libFuzzer entry for csv_kernels_fuzz::targets::expr (what it checks is documented there).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| csv_kernels_fuzz::targets::expr(data));
