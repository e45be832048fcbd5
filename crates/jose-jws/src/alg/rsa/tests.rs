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
use sha2::{Digest, Sha256, Sha384, Sha512};

use super::emsa::{self, SHA256_PREFIX, SHA384_PREFIX, SHA512_PREFIX, mgf1_xor};
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

/// The signature whose encoded message is `em` (the raw private operation, unpadded), or
/// `None` if `em` is not below the modulus.
fn raw_sign(key: &RsaKey, em: &[u8]) -> Option<Vec<u8>> {
    let private = key.private_key().unwrap();
    let n = private.n();
    let m = ::rsa::BoxedUint::from_be_slice(em, n.as_ref().bits_precision()).ok()?;
    if m >= *n.as_ref() {
        return None;
    }
    let s = ::rsa::hazmat::rsa_decrypt(None::<&mut rand::rngs::ThreadRng>, private, &m).unwrap();
    let bytes = s.to_be_bytes();
    Some(bytes[bytes.len() - em.len()..].to_vec())
}

/// EMSA-PKCS1-v1_5's `0x00 0x01 ff… 0x00 prefix hash`, `k` bytes.
fn pkcs1_em(k: usize, prefix: &[u8], hash: &[u8]) -> Vec<u8> {
    let t = [prefix, hash].concat();
    let mut em = alloc::vec![0xff; k];
    em[0] = 0;
    em[1] = 1;
    em[k - t.len() - 1] = 0;
    em[k - t.len()..].copy_from_slice(&t);
    em
}

/// EMSA-PSS-ENCODE with this salt, for a modulus of `bits` bits, as `k` bytes (with the zero
/// byte above it when emLen is k − 1).
fn pss_em<D: Digest + sha2::digest::FixedOutput>(
    bits: usize,
    k: usize,
    m_hash: &[u8],
    salt: &[u8],
) -> Vec<u8> {
    let em_bits = bits - 1;
    let em_len = em_bits.div_ceil(8);
    let h_len = <D as Digest>::output_size();
    let h = D::new()
        .chain_update([0u8; 8])
        .chain_update(m_hash)
        .chain_update(salt)
        .finalize()
        .to_vec();
    let mut db = alloc::vec![0u8; em_len - h_len - 1];
    let separator = db.len() - salt.len() - 1;
    db[separator] = 1;
    db[separator + 1..].copy_from_slice(salt);
    mgf1_xor::<D>(&mut db, &h);
    db[0] &= 0xff >> (8 * em_len - em_bits);
    let mut em = alloc::vec![0u8; k - em_len];
    em.extend(db);
    em.extend(h);
    em.push(0xbc);
    em
}

/// Encoded messages built field by field, valid and with one field wrong each, raised with
/// the private key: both verifications give the same verdict on each, and accept only the
/// valid ones (so every check of the encodings is reached, not only the first bytes').
#[test]
fn every_field_of_the_encodings_is_checked_as_the_rsa_crate_checks_it() {
    let input = b"eyJhbGciOiJQUzI1NiJ9.cGF5bG9hZA";
    let sha256 = Sha256::digest(input).to_vec();
    let sha512 = Sha512::digest(input).to_vec();
    // SHA-256's DigestInfo without the NULL parameters.
    let no_null: Vec<u8> = [
        &[0x30, 0x2f, 0x30, 0x0b, 0x06, 0x09][..],
        &SHA256_PREFIX[6..15],
        &[0x04, 0x20],
    ]
    .concat();
    for key in keys() {
        let (k, bits) = (key.public_key().size(), key.bits());
        let mut cases: Vec<(&str, Alg, Vec<u8>, bool)> = Vec::new();
        let valid = pkcs1_em(k, &SHA256_PREFIX, &sha256);
        cases.push(("PKCS#1 valid", Alg::RS256, valid.clone(), true));
        let mut em = valid.clone();
        em[5] = 0xfe;
        cases.push(("PKCS#1 PS byte", Alg::RS256, em, false));
        let mut em = valid.clone();
        em[k - SHA256_PREFIX.len() - 32 - 1] = 0x01;
        cases.push(("PKCS#1 separator", Alg::RS256, em, false));
        let mut em = valid.clone();
        em[1] = 0x02;
        cases.push(("PKCS#1 block type", Alg::RS256, em, false));
        cases.push((
            "PKCS#1 no NULL",
            Alg::RS256,
            pkcs1_em(k, &no_null, &sha256),
            false,
        ));
        cases.push((
            "PKCS#1 other prefix",
            Alg::RS256,
            pkcs1_em(k, &SHA384_PREFIX, &sha256),
            false,
        ));
        for (alg, hash, h_len) in [(Alg::PS256, &sha256, 32), (Alg::PS512, &sha512, 64)] {
            let pss = |salt_len: usize| -> Vec<u8> {
                let salt: Vec<u8> = (0..salt_len).map(|i| i as u8 ^ 0x5a).collect();
                if alg == Alg::PS256 {
                    pss_em::<Sha256>(bits, k, hash, &salt)
                } else {
                    pss_em::<Sha512>(bits, k, hash, &salt)
                }
            };
            let em_len = (bits - 1).div_ceil(8);
            let first = k - em_len;
            let valid = pss(h_len);
            cases.push(("PSS valid", alg, valid.clone(), true));
            for (label, salt_len) in [
                ("PSS salt − 1", h_len - 1),
                ("PSS salt + 1", h_len + 1),
                ("PSS no salt", 0),
            ] {
                cases.push((label, alg, pss(salt_len), false));
            }
            let mut em = valid.clone();
            em[first] ^= 0x80;
            cases.push(("PSS top bit", alg, em, false));
            let mut em = valid.clone();
            em[first + 1] ^= 0x01;
            cases.push(("PSS PS byte", alg, em, false));
            let mut em = valid.clone();
            em[first + em_len - 2 * h_len - 2] ^= 0x03;
            cases.push(("PSS separator", alg, em, false));
            let mut em = valid.clone();
            em[k - 2] ^= 0x01;
            cases.push(("PSS H", alg, em, false));
            let mut em = valid.clone();
            em[k - 1] = 0xbd;
            cases.push(("PSS trailer", alg, em, false));
            if first > 0 {
                let mut em = valid.clone();
                em[0] = 1;
                cases.push(("PSS byte above emLen", alg, em, false));
            }
        }
        for (label, alg, em, expected) in cases {
            let Some(signature) = raw_sign(key, &em) else {
                // Only a byte above emLen or emBits's top bit can take an encoding to n or
                // beyond.
                assert!(
                    label.contains("above") || label.contains("top bit"),
                    "{label}: not below n"
                );
                continue;
            };
            let (upstream, ours) = both(alg, key, input, &signature);
            assert_eq!(
                (upstream, ours),
                (expected, expected),
                "{label}, {bits} bits"
            );
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
