//! The verification against `verify_strict`, on a key's first verification (ed25519-dalek's
//! cofactorless one) and on its tables.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use alloc::vec::Vec;

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha512};

use curve25519_dalek::{EdwardsPoint, Scalar};
use jose_jwk::OkpKey;

use super::{SMALL_ORDER, strict};
use crate::alg::strategies;

/// Hex of any length to bytes.
fn hex(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        _ => c - b'a' + 10,
    };
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| value(pair[0]) << 4 | value(pair[1]))
        .collect()
}

/// The verdicts of a key's first verification and of one on its built tables (with the
/// `tables` feature; of the first path twice without).
/// A key the toolkit refuses (one of small order) is `(false, false)`.
fn both(public: &VerifyingKey, message: &[u8], signature: &[u8]) -> (bool, bool) {
    let Ok(first) = OkpKey::ed25519_public(*public) else {
        return (false, false);
    };
    let built = OkpKey::ed25519_public(*public).unwrap();
    #[cfg(feature = "tables")]
    {
        // The first use counts; the second builds the tables.
        assert!(built.ed25519_tables().is_none());
        assert!(built.ed25519_tables().is_some());
    }
    (
        strict(&first, message, signature),
        strict(&built, message, signature),
    )
}

fn key(seed: u32) -> SigningKey {
    let bytes: [u8; 32] = Sha512::digest(seed.to_le_bytes())[..32].try_into().unwrap();
    SigningKey::from_bytes(&bytes)
}

#[test]
fn the_list_is_every_point_of_small_order_canonically_encoded() {
    for (i, encoding) in SMALL_ORDER.iter().enumerate() {
        let Ok(point) = VerifyingKey::from_bytes(encoding) else {
            panic!("entry {i} does not decode");
        };
        assert!(point.is_weak(), "entry {i} is not of small order");
        assert_eq!(
            &point.to_edwards().compress().to_bytes(),
            encoding,
            "entry {i} is not canonical"
        );
        assert!(!SMALL_ORDER[..i].contains(encoding), "entry {i} repeats");
    }
    // Eight distinct points of small order: the whole torsion subgroup, whose order
    // is the cofactor, 8.
}

/// The edge cases of ed25519-speccheck's `cases.json` (Chalkias, Garillot,
/// Nikolaenko, "Taming the many EdDSAs", 2020): message, public key, signature.
const CASES: [(&str, &str, &str); 10] = [
    (
        "8c93255d71dcab10e8f379c26200f3c7bd5f09d9bc3068d3ef4edeb4853022b6",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a0000000000000000000000000000000000000000000000000000000000000000",
    ),
    (
        "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43a5bb704786be79fc476f91d3f3f89b03984d8068dcf1bb7dfc6637b45450ac04",
    ),
    (
        "aebf3f2601a0c8c5d39cc7d8911642f740b78168218da8471772b35f9d35b9ab",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa8c4bd45aecaca5b24fb97bc10ac27ac8751a7dfe1baff8b953ec9f5833ca260e",
    ),
    (
        "9bd9f44f4dcc75bd531b56b2cd280b0bb38fc1cd6d1230e14861d861de092e79",
        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        "9046a64750444938de19f227bb80485e92b83fdb4b6506c160484c016cc1852f87909e14428a7a1d62e9f22f3d3ad7802db02eb2e688b6c52fcd6648a98bd009",
    ),
    (
        "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        "160a1cb0dc9c0258cd0a7d23e94d8fa878bcb1925f2c64246b2dee1796bed5125ec6bc982a269b723e0668e540911a9a6a58921d6925e434ab10aa7940551a09",
    ),
    (
        "e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec4011eaccd55b53f56c",
        "cdb267ce40c5cd45306fa5d2f29731459387dbf9eb933b7bd5aed9a765b88d4d",
        "21122a84e0b5fca4052f5b1235c80a537878b38f3142356b2c2384ebad4668b7e40bc836dac0f71076f9abe3a53f9c03c1ceeeddb658d0030494ace586687405",
    ),
    (
        "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
        "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
        "e96f66be976d82e60150baecff9906684aebb1ef181f67a7189ac78ea23b6c0e547f7690a0e2ddcd04d87dbc3490dc19b3b3052f7ff0538cb68afb369ba3a514",
    ),
    (
        "85e241a07d148b41e47d62c63f830dc7a6851a0b1f33ae4bb2f507fb6cffec40",
        "442aad9f089ad9e14647b1ef9099a1ff4798d78589e66f28eca69c11f582a623",
        "8ce5b96c8f26d0ab6c47958c9e68b937104cd36e13c33566acd2fe8d38aa19427e71f98a473474f2f13f06f97c20d58cc3f54b8bd0d272f42b695dd7e89a8c22",
    ),
    (
        "fdaebc429f4a735932a160da1301080c13280eea8bc280d1b392c6b9e6ba3a5a",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f454d370c8d9fc323a41450f8d513eafeb5b0697390c1e505a0d4ddc71f566607",
    ),
    (
        "84b698d39be126ff55fe45079e6c8bf64a0d7db6994560b4e96b7021eb39c1a1",
        "f7badec5b8abeaf699583992219b7b223f1df3fbbea919844e3f7c554a43dd43",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f084d5b99c2a9463d9c8bd5026916996984eeec87ddf1d3be329006ace1b37b09",
    ),
];

#[test]
fn agrees_with_verify_strict_on_the_edge_cases() {
    let mut refused_only_by_strictness = 0;
    for (i, (message, public, signature)) in CASES.iter().enumerate() {
        let (message, signature) = (hex(message), hex(signature));
        let public: [u8; 32] = hex(public).try_into().unwrap_or_default();
        let Ok(public) = VerifyingKey::from_bytes(&public) else {
            continue; // a key that does not decode is refused before any signature
        };
        let Ok(sig) = ed25519_dalek::Signature::from_slice(&signature) else {
            panic!("case {i}: a signature of 64 bytes");
        };
        let strict = public.verify_strict(&message, &sig).is_ok();
        let lax = ed25519_dalek::Verifier::verify(&public, &message, &sig).is_ok();
        assert_eq!(
            both(&public, &message, &signature),
            (strict, strict),
            "case {i}"
        );
        if lax && !strict {
            refused_only_by_strictness += 1;
        }
    }
    // The cases reach what the small-order checks are for.
    assert!(
        refused_only_by_strictness >= 2,
        "{refused_only_by_strictness}"
    );
}

#[test]
fn every_small_order_r_is_refused_and_a_real_signature_is_not() {
    let key = SigningKey::from_bytes(&[7; 32]);
    let public = key.verifying_key();
    let good = key.sign(b"payload").to_bytes();
    assert_eq!(both(&public, b"payload", &good), (true, true));
    assert_eq!(both(&public, b"payloaD", &good), (false, false));
    assert_eq!(both(&public, b"payload", &good[..63]), (false, false));
    for r in SMALL_ORDER {
        let mut forged = good;
        forged[..32].copy_from_slice(&r);
        assert_eq!(both(&public, b"payload", &forged), (false, false));
    }
}

#[test]
fn signatures_verify_and_every_single_bit_corruption_is_refused() {
    for seed in 0..4 {
        let key = key(seed);
        let public = key.verifying_key();
        let message = Sha512::digest(seed.to_be_bytes());
        let good = key.sign(&message).to_bytes();
        assert_eq!(both(&public, &message, &good), (true, true), "key {seed}");
        let okp = OkpKey::ed25519_public(public).unwrap();
        assert!(strict(&okp, &message, &good));
        for bit in 0..512 {
            let mut bad = good;
            bad[bit / 8] ^= 1 << (bit % 8);
            let upstream = ed25519_dalek::Signature::from_bytes(&bad);
            assert!(public.verify_strict(&message, &upstream).is_err());
            assert!(!strict(&okp, &message, &bad), "bit {bit}");
        }
        // The same signature under another key, and over another message.
        let other = self::key(seed + 100).verifying_key();
        assert_eq!(both(&other, &message, &good), (false, false));
        assert_eq!(both(&public, &message[1..], &good), (false, false));
    }
}

#[test]
fn verification_gives_its_error_kinds() {
    use jose_core::ErrorKind;
    use jose_core::alg::Alg;
    use jose_jwk::Jwk;

    let key = key(2);
    let jwk = Jwk::from(OkpKey::ed25519_private(key.clone()));
    let good = key.sign(b"payload").to_bytes();
    for alg in [Alg::EdDSA, Alg::Ed25519] {
        assert!(crate::alg::verify(alg, &jwk, b"payload", &good).is_ok());
        for (message, signature) in [(&b"payloaD"[..], &good[..]), (b"payload", &good[..63])] {
            let kind = crate::alg::verify(alg, &jwk, message, signature)
                .unwrap_err()
                .kind();
            assert_eq!(kind, ErrorKind::InvalidSignature);
        }
    }
    let x25519 = OkpKey::x25519_private(jose_jwk::primitives::x25519_dalek::StaticSecret::from(
        [7; 32],
    ));
    assert!(!strict(&x25519, b"payload", &good));
}

#[test]
fn a_non_canonical_s_is_refused() {
    // ℓ = 2^252 + 27742317777372353535851937790883648493, little-endian.
    const ORDER: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let key = key(1);
    let public = key.verifying_key();
    let good = key.sign(b"payload").to_bytes();
    // s + ℓ: the same point, another encoding.
    let mut bad = good;
    let mut carry = 0_u16;
    for (byte, add) in bad[32..].iter_mut().zip(ORDER) {
        let sum = u16::from(*byte) + u16::from(add) + carry;
        *byte = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    assert_eq!(both(&public, b"payload", &bad), (false, false));
}

/// A scalar from 32 bytes (uniform, structured, `2^k ± small`), reduced.
fn scalar() -> impl proptest::strategy::Strategy<Value = Scalar> {
    use proptest::strategy::Strategy as _;
    strategies::scalar_bytes(32)
        .prop_map(|bytes| Scalar::from_bytes_mod_order(bytes.try_into().unwrap_or([0; 32])))
}

/// The points of small order (the torsion a key may carry), and none.
fn torsion() -> impl proptest::strategy::Strategy<Value = EdwardsPoint> {
    use proptest::strategy::Strategy as _;
    (0..=8_usize).prop_map(|i| {
        curve25519_dalek::constants::EIGHT_TORSION
            .get(i)
            .copied()
            .unwrap_or_default()
    })
}

proptest::proptest! {
    #![proptest_config(strategies::config(1000))]

    /// Verification on built tables answers as `verify_strict` does: for signatures
    /// made with the key's scalar (valid unless the key's torsion shows through `k`),
    /// the same with `s` or `R` changed, and for keys `A + T` with `T` of small order.
    #[test]
    fn table_verification_is_verify_strict(
        a in scalar(), t in torsion(), r in scalar(), other in scalar(),
        change in 0..3u8,
        message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
    ) {
        use ed25519_dalek::VerifyingKey;
        let public_point = EdwardsPoint::mul_base(&a) + t;
        let Ok(public) = VerifyingKey::from_bytes(public_point.compress().as_bytes()) else {
            return Ok(());
        };
        let big_r = EdwardsPoint::mul_base(&r).compress();
        let k = Scalar::from_bytes_mod_order_wide(
            &Sha512::new()
                .chain_update(big_r.as_bytes())
                .chain_update(public.as_bytes())
                .chain_update(&message)
                .finalize()
                .into(),
        );
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(big_r.as_bytes());
        signature[32..].copy_from_slice((r + k * a).as_bytes());
        match change {
            1 => signature[32..].copy_from_slice(other.as_bytes()),
            2 => signature[..32]
                .copy_from_slice(EdwardsPoint::mul_base(&other).compress().as_bytes()),
            _ => {}
        }
        // The first path, and the tables (built before this verification).
        let (first, built) = both(&public, &message, &signature);
        let strict = public
            .verify_strict(&message, &ed25519_dalek::Signature::from_bytes(&signature))
            .is_ok();
        proptest::prop_assert_eq!((first, built), (strict, strict));
    }
}
