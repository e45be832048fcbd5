//! The public operation against crypto-bigint's modular exponentiation (the code the `rsa`
//! crate runs) on random and structured odd moduli, and against `u128` arithmetic on small
//! ones.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use alloc::vec::Vec;

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Odd};
use proptest::prelude::*;

use super::Montgomery;
use crate::tables::strategies;

/// The exponents the issue names: RSA's smallest, the usual one, and the largest a key takes.
const EXPONENTS: [u64; 3] = [3, 65_537, (1 << 33) - 1];

/// `x^e mod n` by crypto-bigint, as `n.len()` big-endian bytes.
fn reference(n: &[u8], e: u64, x: &[u8]) -> Vec<u8> {
    let bits = u32::try_from(n.len().div_ceil(8) * 64).unwrap();
    let modulus = BoxedUint::from_be_slice(n, bits).unwrap();
    let params = BoxedMontyParams::new_vartime(Option::from(Odd::new(modulus)).unwrap());
    let base = BoxedUint::from_be_slice(x, bits).unwrap();
    let exponent = BoxedUint::from_be_slice(&e.to_be_bytes(), 64).unwrap();
    let result = BoxedMontyForm::new(base, &params)
        .pow(&exponent)
        .retrieve()
        .to_be_bytes();
    result[result.len() - n.len()..].to_vec()
}

/// `x^e mod n` on `u128`, for `n < 2^64`.
fn small(n: u64, e: u64, x: u64) -> u64 {
    let n = u128::from(n);
    let (mut result, mut base, mut e) = (1u128, u128::from(x) % n, e);
    while e > 0 {
        if e & 1 == 1 {
            result = result * base % n;
        }
        base = base * base % n;
        e >>= 1;
    }
    u64::try_from(result).unwrap()
}

/// `n` with its top byte non-zero and its low bit set: an odd modulus of exactly its length.
fn odd_modulus(mut n: Vec<u8>) -> Vec<u8> {
    if n[0] == 0 {
        n[0] = 1;
    }
    *n.last_mut().unwrap() |= 1;
    n
}

/// `value − 1` (big-endian, `value ≥ 1`).
fn minus_one(mut value: Vec<u8>) -> Vec<u8> {
    for byte in value.iter_mut().rev() {
        let (d, borrow) = byte.overflowing_sub(1);
        *byte = d;
        if !borrow {
            break;
        }
    }
    value
}

#[test]
fn small_moduli_agree_with_u128_arithmetic() {
    let mut seed = 0x6a6f_7365_u64;
    let mut next = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        seed
    };
    for round in 0..2000 {
        let width = 2 + round % 63;
        let n = (next() >> (64 - width)) | 1 | (1 << (width - 1));
        if n < 3 {
            continue;
        }
        let modulus = Montgomery::new(&n.to_be_bytes(), EXPONENTS[round % 3]).unwrap();
        let x = next() % n;
        let bytes = &x.to_be_bytes()[8 - modulus.len()..];
        let out = modulus.public_op(bytes).unwrap();
        let mut padded = [0u8; 8];
        padded[8 - out.len()..].copy_from_slice(&out);
        assert_eq!(
            u64::from_be_bytes(padded),
            small(n, EXPONENTS[round % 3], x),
            "n = {n:#x}, x = {x:#x}"
        );
    }
}

#[test]
fn refuses_what_is_not_a_modulus_or_an_input() {
    assert!(Montgomery::new(&[], 3).is_none());
    assert!(Montgomery::new(&[0, 0], 3).is_none());
    assert!(Montgomery::new(&[1], 3).is_none());
    assert!(Montgomery::new(&[0x12, 0x34], 3).is_none(), "even");
    assert!(Montgomery::new(&[0x12, 0x35], 1).is_none());
    assert!(Montgomery::new(&[0x12, 0x35], 4).is_none());
    let modulus = Montgomery::new(&[0, 0x12, 0x35], 3).unwrap();
    assert_eq!(modulus.len(), 2);
    assert!(modulus.public_op(&[0x12]).is_none(), "short");
    assert!(modulus.public_op(&[0, 0x12, 0x34]).is_none(), "long");
    assert!(modulus.public_op(&[0x12, 0x35]).is_none(), "n itself");
    assert!(modulus.public_op(&[0xff, 0xff]).is_none(), "above n");
    assert_eq!(
        modulus.public_op(&[0x12, 0x34]).unwrap(),
        [0x12, 0x34],
        "−1 cubed"
    );
    assert_eq!(modulus.public_op(&[0, 0]).unwrap(), [0, 0]);
    assert_eq!(modulus.public_op(&[0, 1]).unwrap(), [0, 1]);
}

#[test]
fn every_size_from_2048_to_8192_bits() {
    // One modulus per byte of length (2048, 2056, …, 8192 bits; the random ones of any bit
    // length within their top byte), structured ones among them, on x = n − 1 and on one
    // random x, with the three exponents in turn.
    let mut seed = 0x2048_u64;
    let mut byte = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1442695040888963407);
        (seed >> 56) as u8
    };
    for len in 256..=1024 {
        let n: Vec<u8> = match len % 4 {
            0 | 3 => (0..len).map(|_| byte()).collect(),
            // 2^(8·len) − 1: every limb all ones.
            1 => alloc::vec![0xff; len],
            // 2^(8·len − 1) + 1: a top bit and a low bit.
            _ => {
                let mut n = alloc::vec![0u8; len];
                n[0] = 0x80;
                n
            }
        };
        let n = odd_modulus(n);
        // Below n: its top byte is 0, n's is not.
        let mut x: Vec<u8> = (0..len).map(|_| byte()).collect();
        x[0] = 0;
        {
            let e = EXPONENTS[len % 3];
            let modulus = Montgomery::new(&n, e).unwrap();
            for input in [minus_one(n.clone()), x.clone()] {
                assert_eq!(
                    modulus.public_op(&input).unwrap(),
                    reference(&n, e, &input),
                    "{len} bytes, e = {e}"
                );
            }
        }
    }
}

/// An odd modulus of 64 to 512 or 2048 to 8192 bits (random or structured), and an input:
/// random, structured, 0, 1, n − 1, or n itself.
fn modulus_and_input() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
    prop_oneof![8usize..=64, 256usize..=1024]
        .prop_flat_map(|len| {
            (
                strategies::scalar_bytes(len),
                strategies::scalar_bytes(len),
                0..6u8,
            )
        })
        .prop_map(|(n, x, which)| {
            let n = odd_modulus(n);
            let len = n.len();
            let x = match which {
                0 => alloc::vec![0u8; len],
                1 => {
                    let mut one = alloc::vec![0u8; len];
                    one[len - 1] = 1;
                    one
                }
                2 => minus_one(n.clone()),
                3 => n.clone(),
                _ => x,
            };
            (n, x)
        })
}

proptest! {
    #![proptest_config(strategies::config(48))]

    /// The public operation is crypto-bigint's, on exponents 3, 65537, 2^33 − 1 or any odd
    /// one below 2^33; an input not below n is refused.
    #[test]
    fn agrees_with_crypto_bigint(
        (n, x) in modulus_and_input(),
        e in prop_oneof![
            Just(EXPONENTS[0]), Just(EXPONENTS[1]), Just(EXPONENTS[2]),
            (1u64..(1 << 32)).prop_map(|e| 2 * e + 1),
        ],
    ) {
        let modulus = Montgomery::new(&n, e).unwrap();
        if x >= n {
            prop_assert!(modulus.public_op(&x).is_none());
        } else {
            prop_assert_eq!(modulus.public_op(&x).unwrap(), reference(&n, e, &x));
        }
    }
}
