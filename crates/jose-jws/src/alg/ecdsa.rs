//! ES256, ES384, ES512 (RFC 7518 §3.4) and ES256K (RFC 8812): ECDSA on the NIST curves and
//! secp256k1.

use alloc::vec::Vec;

use ::ecdsa::elliptic_curve::CurveArithmetic;
use ::ecdsa::signature::Signer;
use ::ecdsa::{EcdsaCurve, Signature, SignatureSize, SigningKey};
use jose_core::alg::Alg;
use jose_core::{Error, Result};
use jose_jwk::{EcKey, Jwk, Key};

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

    /// With the key's own `verify`, which holds tables of multiples (see
    /// [`jose_jwk::EcKeyPair::verify`]).
    fn verify(_: Alg, key: &EcKey, input: &[u8], signature: &[u8]) -> Result<()> {
        match key {
            EcKey::P256(k) => k.verify(input, &parse(signature)?),
            EcKey::P384(k) => k.verify(input, &parse(signature)?),
            EcKey::P521(k) => k.verify(input, &parse(signature)?),
            // RFC 8812 does not ask for low-S signatures; k256 refuses high-S ones, so they
            // are normalized first (a JWS does not rely on non-malleability).
            EcKey::Secp256k1(k) => k.verify(input, &parse(signature)?.normalize_s()),
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
