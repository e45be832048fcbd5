//! RSA verification on the key's constants ([`emsa::verify`] on `Montgomery::public_op`)
//! against the `rsa` crate's ([`upstream`]): the same verdict for signatures made by the
//! key, changed, structured (0, 1, n − 1, n, n + 1, all ones, too short, too long) and
//! arbitrary, for every algorithm, on 2048- and 4096-bit keys and on one of 2049 bits (whose
//! PSS encoding is a byte shorter than the modulus).

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use alloc::vec::Vec;
use std::sync::OnceLock;

use ::rsa::pkcs1v15::Pkcs1v15Sign;
use ::rsa::traits::PublicKeyParts as _;
use ::rsa::{PrivateKey, PublicKey};
use jose_core::alg::Alg;
use jose_jwk::{Jwk, Key, RsaKey};
use proptest::prelude::*;
use sha2::{Sha256, Sha384, Sha512};

use super::emsa::{self, SHA256_PREFIX, SHA384_PREFIX, SHA512_PREFIX};
use super::{Family as _, Rsa, upstream};
use crate::alg::strategies;

const ALGS: [Alg; 6] = [
    Alg::RS256,
    Alg::RS384,
    Alg::RS512,
    Alg::PS256,
    Alg::PS384,
    Alg::PS512,
];

fn jwk_key(json: &str) -> RsaKey {
    match Jwk::from_json(json.as_bytes()).unwrap().key() {
        Key::Rsa(key) => key.clone(),
        _ => panic!("not an RSA key"),
    }
}

/// RFC 7520's 2048-bit key, the tests' 4096-bit one, and one of 2049 bits (generated once
/// per run).
fn keys() -> &'static [RsaKey] {
    static KEYS: OnceLock<Vec<RsaKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let odd = RsaKey::from_private(PrivateKey::new(&mut rand::rng(), 2049).unwrap()).unwrap();
        alloc::vec![
            jwk_key(include_str!(
                "../../../../../tests/vectors/rfc7520/3_4_rsa_private.json"
            )),
            jwk_key(include_str!(
                "../../../../../tests/vectors/keys/rsa4096_private.json"
            )),
            odd,
        ]
    })
}

/// The verdicts of the `rsa` crate and of the key's constants, which it builds on its second
/// use (the first is spent here).
fn both(alg: Alg, key: &RsaKey, input: &[u8], signature: &[u8]) -> (bool, bool) {
    let public: &PublicKey = key.public_key();
    let upstream = upstream(alg, public, input, signature).is_ok();
    let modulus = key.public_tables().or_else(|| key.public_tables()).unwrap();
    let ours = emsa::verify(alg, modulus, key.bits(), input, signature);
    // And through the family, which takes the constants too.
    assert_eq!(Rsa::verify(alg, key, input, signature).is_ok(), ours);
    (upstream, ours)
}

fn sign(alg: Alg, key: &RsaKey, input: &[u8]) -> Vec<u8> {
    Rsa::sign(alg, key, input, &mut rand::rng()).unwrap()
}

/// `value ± 1` (big-endian), wrapping.
fn plus(mut value: Vec<u8>, add: bool) -> Vec<u8> {
    for byte in value.iter_mut().rev() {
        let (next, carry) = if add {
            byte.overflowing_add(1)
        } else {
            byte.overflowing_sub(1)
        };
        *byte = next;
        if !carry {
            break;
        }
    }
    value
}

#[test]
fn the_digest_info_prefixes_are_the_rsa_crates() {
    assert_eq!(*Pkcs1v15Sign::new::<Sha256>().prefix, SHA256_PREFIX);
    assert_eq!(*Pkcs1v15Sign::new::<Sha384>().prefix, SHA384_PREFIX);
    assert_eq!(*Pkcs1v15Sign::new::<Sha512>().prefix, SHA512_PREFIX);
}

#[test]
fn the_constants_are_built_on_the_second_use_and_shared() {
    let key = jwk_key(include_str!(
        "../../../../../tests/vectors/rfc7520/3_3_rsa_public.json"
    ));
    let clone = key.clone();
    assert!(key.public_tables().is_none(), "built on the first use");
    assert!(clone.public_tables().is_some(), "not shared by a clone");
    assert!(key.public_tables().is_some());
}

#[test]
fn structured_signatures_get_the_rsa_crates_verdict() {
    for key in keys() {
        let n = key.public_key().n_bytes().to_vec();
        for alg in ALGS {
            let input = b"eyJhbGciOiJSUzI1NiJ9.cGF5bG9hZA";
            let own = sign(alg, key, input);
            let mut cases = alloc::vec![
                own.clone(),
                alloc::vec![0u8; n.len()],
                plus(alloc::vec![0u8; n.len()], true),
                plus(n.clone(), false),
                n.clone(),
                plus(n.clone(), true),
                alloc::vec![0xff; n.len()],
                own[1..].to_vec(),
                [&[0u8][..], &own].concat(),
                Vec::new(),
            ];
            for bit in [0, 7, 8 * own.len() / 2, 8 * own.len() - 1] {
                let mut changed = own.clone();
                changed[bit / 8] ^= 1 << (bit % 8);
                cases.push(changed);
            }
            for (i, signature) in cases.iter().enumerate() {
                let (upstream, ours) = both(alg, key, input, signature);
                assert_eq!(ours, upstream, "{alg}, {} bits, case {i}", key.bits());
                assert_eq!(upstream, i == 0, "{alg}, {} bits, case {i}", key.bits());
            }
        }
    }
}

proptest! {
    #![proptest_config(strategies::config(64))]

    /// A signature of the key's, or one with a byte changed, or arbitrary bytes of the
    /// modulus's length (structured: 2^k ± small, runs of 00/ff/80/7f/01), verified by both.
    #[test]
    fn verification_is_the_rsa_crates(
        which_key in 0..3usize,
        alg in proptest::sample::select(&ALGS[..]),
        message in proptest::collection::vec(any::<u8>(), 0..64),
        change in 0..3u8,
        at in any::<usize>(),
        xor in 1..=255u8,
        arbitrary in strategies::scalar_bytes(513),
    ) {
        let key = &keys()[which_key];
        let len = key.public_key().size();
        let signature = match change {
            0 => sign(alg, key, &message),
            1 => {
                let mut signature = sign(alg, key, &message);
                signature[at % len] ^= xor;
                signature
            }
            _ => arbitrary.iter().copied().cycle().take(len).collect(),
        };
        let (upstream, ours) = both(alg, key, &message, &signature);
        prop_assert_eq!(ours, upstream);
        if change == 0 {
            prop_assert!(ours);
        }
    }
}
