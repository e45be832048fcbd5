#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jose_fuzz::tables_agree(data));
