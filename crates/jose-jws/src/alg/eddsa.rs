//! EdDSA and Ed25519 (RFC 8037, RFC 9864): Ed25519 signatures, verified strictly.

use alloc::vec::Vec;

use ed25519_dalek::Signer as _;
use jose_core::alg::Alg;
use jose_core::{Error, Result};
use jose_jwk::{Jwk, Key, OkpCurve, OkpKey};

use super::{Family, invalid_signature};

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

    /// With the key's own strict verification, which holds its tables of multiples (see
    /// [`OkpKey::verify`]).
    fn verify(_: Alg, key: &OkpKey, input: &[u8], signature: &[u8]) -> Result<()> {
        key.verify(input, signature)
            .map_err(|_| invalid_signature())
    }
}
