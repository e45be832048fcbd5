//! ES256, ES384, ES512 (RFC 7518 §3.4) and ES256K (RFC 8812): ECDSA on the NIST curves and
//! secp256k1.
//!
//! Verification on P-256, P-384 and P-521 is SEC 1 §4.1.4 here, on the sum `u1·G + u2·Q` of
//! the key's tables ([`jose_jwk::tables`]) from the key's second verification on, and the
//! `ecdsa` crate's verification on its first (and without the `tables` feature). The tests
//! hold the two to each other: valid signatures (low and high `s`), every single-bit
//! corruption, arbitrary ones, an `x(R)` above `n`, and digests at the edges of the order;
//! the Wycheproof runs (`wycheproof.rs`) go through both paths, and the fuzz target
//! `tables_agree` compares them on arbitrary keys and signatures.

use alloc::vec::Vec;

use ::ecdsa::elliptic_curve::CurveArithmetic;
use ::ecdsa::signature::{Signer, Verifier};
use ::ecdsa::{EcdsaCurve, Signature, SignatureSize, SigningKey};
use jose_core::alg::Alg;
use jose_core::{Error, Result};
use jose_jwk::{EcKey, EcKeyPair, Jwk, Key};

#[cfg(feature = "tables")]
use ::ecdsa::elliptic_curve::{FieldBytes, Scalar, ops::Reduce};

use super::{Family, invalid_signature};

pub(super) struct Ecdsa;

impl Family for Ecdsa {
    type Key = EcKey;

    fn key(jwk: &Jwk) -> Option<&EcKey> {
        match jwk.key() {
            Key::Ec(k) => Some(k),
            _ => None,
        }
    }

    /// ECDSA with the curve's hash (SHA-256 for P-256 and secp256k1, SHA-384 for P-384,
    /// SHA-512 for P-521), deterministic nonces (RFC 6979), and the signature as `R || S` of
    /// exactly twice the curve size (RFC 7518 §3.4).
    fn sign(
        _: Alg,
        key: &EcKey,
        input: &[u8],
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        let missing = || Error::invalid_key("signing needs an EC private key");
        Ok(match key {
            EcKey::P256(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            EcKey::P384(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            EcKey::P521(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            EcKey::Secp256k1(k) => bytes(k.signing_key().ok_or_else(missing)?, input)?,
            _ => return Err(other_curve()),
        })
    }

    /// On the NIST curves with the key's tables from its second verification on; on
    /// secp256k1 with `k256`'s own verification (which uses the curve's endomorphism).
    fn verify(_: Alg, key: &EcKey, input: &[u8], signature: &[u8]) -> Result<()> {
        match key {
            EcKey::P256(k) => nist(k, input, &parse(signature)?),
            EcKey::P384(k) => nist(k, input, &parse(signature)?),
            EcKey::P521(k) => nist(k, input, &parse(signature)?),
            // RFC 8812 does not ask for low-S signatures; k256 refuses high-S ones, so they
            // are normalized first (a JWS does not rely on non-malleability).
            EcKey::Secp256k1(k) => {
                Verifier::verify(k.verifying_key(), input, &parse(signature)?.normalize_s())
            }
            _ => return Err(other_curve()),
        }
        .map_err(|_| invalid_signature())
    }
}

fn bytes<C>(key: &SigningKey<C>, input: &[u8]) -> Result<Vec<u8>>
where
    C: EcdsaCurve + CurveArithmetic,
    SigningKey<C>: Signer<Signature<C>>,
    SignatureSize<C>: ::ecdsa::elliptic_curve::array::ArraySize,
{
    let signature: Signature<C> = key
        .try_sign(input)
        .map_err(|_| Error::invalid_key("ECDSA signing failed"))?;
    Ok(signature.to_bytes().to_vec())
}

/// A curve `jose-jwk` gained after this module was written.
fn other_curve() -> Error {
    Error::unsupported("no JWS algorithm of this crate signs with this EC curve")
}

/// Exactly `R || S`: a DER signature or any other length is refused, as are `r` or `s`
/// of zero or not below the group order.
fn parse<C>(signature: &[u8]) -> Result<Signature<C>>
where
    C: EcdsaCurve,
    SignatureSize<C>: ::ecdsa::elliptic_curve::array::ArraySize,
{
    Signature::<C>::from_slice(signature).map_err(|_| invalid_signature())
}

/// ECDSA verification on a NIST curve: SEC 1 §4.1.4 on the key's tables when it has them
/// built, the `ecdsa` crate's verification otherwise (its first use).
#[cfg(feature = "tables")]
fn nist<C>(key: &EcKeyPair<C>, message: &[u8], signature: &Signature<C>) -> ::ecdsa::Result<()>
where
    C: jose_jwk::tables::TableCurve + EcdsaCurve + ::ecdsa::DigestAlgorithm,
    Scalar<C>: Reduce<FieldBytes<C>>,
    ::ecdsa::VerifyingKey<C>: Verifier<Signature<C>>,
{
    let Some(tables) = key.verification_tables() else {
        return Verifier::verify(key.verifying_key(), message, signature);
    };
    let digest = <C::Digest as ::ecdsa::signature::digest::Digest>::digest(message);
    // The curves' digests (SHA-256, SHA-384, SHA-512) are never longer than their field, so
    // the digest, read as a big-endian number, is `z` (SEC 1 §4.1.4 step 3) with no truncation.
    let mut z = FieldBytes::<C>::default();
    let tail = z
        .len()
        .checked_sub(digest.len())
        .and_then(|start| z.get_mut(start..))
        .ok_or_else(::ecdsa::Error::new)?;
    tail.copy_from_slice(&digest);
    verify_digest(&tables, &z, signature)
}

#[cfg(not(feature = "tables"))]
fn nist<C>(key: &EcKeyPair<C>, message: &[u8], signature: &Signature<C>) -> ::ecdsa::Result<()>
where
    C: EcdsaCurve + CurveArithmetic,
    ::ecdsa::elliptic_curve::FieldBytesSize<C>: ::ecdsa::elliptic_curve::sec1::ModulusSize,
    ::ecdsa::elliptic_curve::AffinePoint<C>: ::ecdsa::elliptic_curve::sec1::FromSec1Point<C>
        + ::ecdsa::elliptic_curve::sec1::ToSec1Point<C>,
    ::ecdsa::VerifyingKey<C>: Verifier<Signature<C>>,
{
    Verifier::verify(key.verifying_key(), message, signature)
}

/// SEC 1 §4.1.4 steps 4 to 8 for the digest `z` (already the size of the field), with the
/// sum `u1·G + u2·Q` from the key's tables.
#[cfg(feature = "tables")]
fn verify_digest<C>(
    tables: &jose_jwk::tables::EcLincomb<'_, C>,
    z: &FieldBytes<C>,
    signature: &Signature<C>,
) -> ::ecdsa::Result<()>
where
    C: jose_jwk::tables::TableCurve + EcdsaCurve,
    Scalar<C>: Reduce<FieldBytes<C>>,
{
    use ::ecdsa::elliptic_curve::ops::Invert as _;
    use ::ecdsa::elliptic_curve::point::AffineCoordinates as _;
    use ::ecdsa::elliptic_curve::scalar::IsHigh as _;

    // `r` and `s` are in [1, n - 1]: `Signature` holds no other values.
    let (r, s) = signature.split_scalars();
    if C::NORMALIZE_S && bool::from(s.is_high()) {
        return Err(::ecdsa::Error::new());
    }
    let s_inv = *s.invert_vartime();
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "arithmetic modulo the group order"
    )]
    let (u1, u2) = (
        <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(z) * s_inv,
        *r * s_inv,
    );
    let sum = tables.lincomb(&u1, &u2).ok_or_else(::ecdsa::Error::new)?;
    // The identity's `x` is zero, which is never `r`.
    let x = ::ecdsa::elliptic_curve::group::Curve::to_affine(&sum).x();
    if <Scalar<C> as Reduce<FieldBytes<C>>>::reduce(&x) == *r {
        Ok(())
    } else {
        Err(::ecdsa::Error::new())
    }
}

#[cfg(all(test, feature = "tables"))]
mod tests;
