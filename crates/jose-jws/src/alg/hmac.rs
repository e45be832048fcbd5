//! HS256, HS384, HS512 (RFC 7518 §3.2): HMAC with SHA-2, on the key's kept schedule.

use alloc::vec::Vec;

use ::hmac::Mac;
use jose_core::Result;
use jose_core::alg::Alg;
use jose_jwk::{Jwk, Key, OctKey};

use super::{Family, invalid_signature};

pub(super) struct Hmac;

/// The key's own schedule (kept by the key once computed), then the input.
fn mac<M: Mac>(keyed: Result<M>, input: &[u8]) -> Result<M> {
    let mut mac = keyed?;
    mac.update(input);
    Ok(mac)
}

impl Family for Hmac {
    type Key = OctKey;

    fn key(jwk: &Jwk) -> Option<&OctKey> {
        match jwk.key() {
            Key::Oct(k) => Some(k),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    fn sign(
        alg: Alg,
        key: &OctKey,
        input: &[u8],
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        Ok(match alg {
            Alg::HS256 => mac(key.hmac_sha256(), input)?
                .finalize()
                .into_bytes()
                .to_vec(),
            Alg::HS384 => mac(key.hmac_sha384(), input)?
                .finalize()
                .into_bytes()
                .to_vec(),
            _ => mac(key.hmac_sha512(), input)?
                .finalize()
                .into_bytes()
                .to_vec(),
        })
    }

    fn verify(alg: Alg, key: &OctKey, input: &[u8], tag: &[u8]) -> Result<()> {
        // `verify_slice` compares in constant time and refuses a tag of the wrong length.
        let checked = match alg {
            Alg::HS256 => mac(key.hmac_sha256(), input)?.verify_slice(tag),
            Alg::HS384 => mac(key.hmac_sha384(), input)?.verify_slice(tag),
            _ => mac(key.hmac_sha512(), input)?.verify_slice(tag),
        };
        checked.map_err(|_| invalid_signature())
    }
}
