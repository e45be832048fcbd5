//! EdDSA and Ed25519 (RFC 8037, RFC 9864): Ed25519 signatures, verified strictly.
//!
//! # Strictness
//!
//! A signature `(R, s)` is accepted, as ed25519-dalek's `verify_strict` accepts it, when `s`
//! is canonical (below the order ℓ), neither `R` nor the public key `A` has small order, and
//! the canonical encoding of `[s]B − [k]A`, with `k = SHA-512(R ‖ A ‖ M) mod ℓ`, equals the
//! bytes of `R` (RFC 8032 §5.1.7). That last check already implies that `R` is a canonical
//! encoding of a point, so "`R` has small order" is "the bytes of `R` are one of the eight
//! canonical encodings of the points of small order": a comparison of bytes does what
//! decoding `R` and multiplying it by the cofactor did.
//!
//! # The sum
//!
//! From a key's second verification on, `[s]B − [k]A` comes from the key's tables
//! ([`jose_jwk::tables`]), about 0.65× the time of `verify_strict`; on its first (and
//! without the `tables` feature), ed25519-dalek's cofactorless verification compares the
//! encodings. The tests hold both paths to `verify_strict` on the edge cases of "Taming the
//! many EdDSAs" (Chalkias, Garillot, Nikolaenko, 2020), valid signatures, every single-bit
//! corruption of one, non-canonical `s`, small-order `R`, and keys with a torsion component;
//! the fuzz target `tables_agree` compares them on arbitrary keys and signatures.

use alloc::vec::Vec;

use curve25519_dalek::Scalar;
use ed25519_dalek::{Signature, Signer as _, Verifier as _};
use jose_core::alg::Alg;
use jose_core::{Error, Result};
use jose_jwk::{Jwk, Key, OkpCurve, OkpKey};

use super::{Family, invalid_signature};

/// The canonical encodings of the eight points of small order (RFC 8032 §5.1.2): the
/// identity, the point of order 2, the two of order 4 and the four of order 8.
const SMALL_ORDER: [[u8; 32]; 8] = [
    // identity: 0100000000000000000000000000000000000000000000000000000000000000
    [
        0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    // order 2: ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    // order 4: 0000000000000000000000000000000000000000000000000000000000000000
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
    // order 4: 0000000000000000000000000000000000000000000000000000000000000080
    [
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x80,
    ],
    // order 8: c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    // order 8: c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0xfa,
    ],
    // order 8: 26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    // order 8: 26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x85,
    ],
];

pub(super) struct EdDsa;

impl Family for EdDsa {
    type Key = OkpKey;

    fn key(jwk: &Jwk) -> Option<&OkpKey> {
        match jwk.key() {
            Key::Okp(k) if k.curve() == OkpCurve::Ed25519 => Some(k),
            _ => None,
        }
    }

    fn sign(
        _: Alg,
        key: &OkpKey,
        input: &[u8],
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        let private = key
            .ed25519_signing_key()
            .ok_or_else(|| Error::invalid_key("signing needs an Ed25519 private key"))?;
        Ok(private.sign(input).to_bytes().to_vec())
    }

    /// Strictly (see the module's text).
    fn verify(_: Alg, key: &OkpKey, input: &[u8], signature: &[u8]) -> Result<()> {
        if strict(key, input, signature) {
            Ok(())
        } else {
            Err(invalid_signature())
        }
    }
}

/// Whether `signature` is a strict Ed25519 signature of `message` by `key`: `false` for any
/// refused signature, whatever the reason (and for an X25519 key).
fn strict(key: &OkpKey, message: &[u8], signature: &[u8]) -> bool {
    let Some(public) = key.ed25519_verifying_key() else {
        return false;
    };
    let Ok(signature) = <&[u8; 64]>::try_from(signature) else {
        return false;
    };
    let signature = Signature::from_bytes(signature);
    // A key of small order never parses (`OkpKey::ed25519_public`); checked again here, where
    // the equation relies on it.
    if public.is_weak() || SMALL_ORDER.contains(signature.r_bytes()) {
        return false;
    }
    // `s` below the order, here for both paths: ed25519-dalek's `verify` only checks its top
    // three bits when a crate in the build turns on its `legacy_compatibility` feature.
    let Some(s) = Option::<Scalar>::from(Scalar::from_canonical_bytes(*signature.s_bytes())) else {
        return false;
    };
    #[cfg(feature = "tables")]
    if let Some(tables) = key.ed25519_tables() {
        use sha2::{Digest as _, Sha512};
        let k = Scalar::from_bytes_mod_order_wide(
            &Sha512::new()
                .chain_update(signature.r_bytes())
                .chain_update(public.as_bytes())
                .chain_update(message)
                .finalize()
                .into(),
        );
        return tables
            .lincomb(&s, &k)
            .is_some_and(|point| point.compress().as_bytes() == signature.r_bytes());
    }
    #[cfg(not(feature = "tables"))]
    let _ = (key, s);
    // ed25519-dalek's cofactorless verification: the encodings of `[s]B − [k]A` and `R`
    // compared.
    public.verify(message, &signature).is_ok()
}

#[cfg(test)]
mod tests;
