//! What the property tests of the hand-written fast paths draw from, and how they run
//! (test code only, shared by `#[path]` with the crates whose tests use it: jose-jwk's tables,
//! jose-jws's verifications):
//! seeded (the same cases on every run, `PROPTEST_RNG_SEED` for others), without writing
//! regression files, printing the smallest failing input.

#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss
)]

use alloc::vec::Vec;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

/// The seed of every run unless `PROPTEST_RNG_SEED` says otherwise.
const SEED: u64 = 0x006a_6f73_652d_3231;

/// `cases` cases, seeded.
pub(crate) fn config(cases: u32) -> Config {
    let mut config = Config::with_cases(cases);
    if matches!(config.rng_seed, RngSeed::Random) {
        config.rng_seed = RngSeed::Fixed(SEED);
    }
    config.failure_persistence = None;
    config
}

/// A byte as the structured strategy draws it: 00, ff, 80, 7f, 01 or any.
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        Just(0x00u8),
        Just(0xff),
        Just(0x80),
        Just(0x7f),
        Just(0x01),
        any::<u8>()
    ]
}

/// `len` bytes, big-endian: uniform, structured byte by byte, or `2^k ± small` (with `k`
/// below `8·len`).
pub(crate) fn scalar_bytes(len: usize) -> impl Strategy<Value = Vec<u8>> {
    let power = (0..len * 8, -3i64..=3).prop_map(move |(k, small)| {
        let mut bytes = alloc::vec![0u8; len];
        // 2^k, big-endian, then ± small with borrow or carry.
        bytes[len - 1 - k / 8] = 1 << (k % 8);
        let mut add = small;
        let mut i = len;
        while add != 0 && i > 0 {
            i -= 1;
            let sum = i64::from(bytes[i]) + add;
            bytes[i] = sum.rem_euclid(256) as u8;
            add = sum.div_euclid(256);
        }
        bytes
    });
    prop_oneof![
        proptest::collection::vec(any::<u8>(), len),
        proptest::collection::vec(byte(), len),
        power,
    ]
}
