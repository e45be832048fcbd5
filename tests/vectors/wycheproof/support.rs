//! What the Wycheproof runs of jose-jws and jose-jwe share (each includes this file with
//! `#[path]`): reading a vector file of this folder, and its hex strings. Test code only:
//! the files are fixed, so a failure to read them is the test's own failure.

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;

/// The vector file `name` of tests/vectors/wycheproof/, parsed.
pub(super) fn vectors(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/vectors/wycheproof/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The bytes of a hex string member.
pub(super) fn hex(value: &Value) -> Vec<u8> {
    let s = value.as_str().unwrap();
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
