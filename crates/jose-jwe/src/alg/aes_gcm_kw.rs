//! A128GCMKW, A192GCMKW, A256GCMKW (RFC 7518 §4.7): the CEK encrypted with AES-GCM; the IV
//! and tag travel in the header (`iv`, `tag`), exactly 12 and 16 bytes.

use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use jose_jwk::Jwk;
use serde_json::Value;
use zeroize::Zeroizing;

use jose_core::alg::{Enc, KeyAlg};

use super::{Cek, Management, Recovered, Wrapped, secret};
use crate::enc::{aes_gcm, failed};
use crate::{Decrypter, Randomness};

pub(crate) fn wrap(
    key: &Jwk,
    cek: Cek,
    fixed: &Randomness,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Wrapped> {
    let iv = match &fixed.key_iv {
        Some(iv) => iv.clone(),
        None => super::random(12, rng).to_vec(),
    };
    let (encrypted_key, tag) = aes_gcm::encrypt(secret(key)?, &iv, &[], &cek)?;
    let mut params = Object::new();
    params.insert("iv".into(), Value::String(b64::encode_public(&iv)));
    params.insert("tag".into(), Value::String(b64::encode_public(&tag)));
    Ok(Wrapped {
        encrypted_key,
        cek,
        params,
    })
}

/// `iv` and `tag` from the header, of exact lengths.
pub(crate) fn params(header: &Object) -> Result<([u8; 12], [u8; 16])> {
    let get = |name: &str| -> Result<jose_core::internal::Decoded<24>> {
        match header.get(name) {
            Some(Value::String(s)) => jose_core::internal::decode_public_short(s),
            Some(other) => Err(Error::malformed(alloc::format!(
                "`{name}` must be a string, found {}",
                json::type_name(other)
            ))),
            None => Err(Error::malformed(alloc::format!(
                "AES-GCM key wrap needs `{name}`"
            ))),
        }
    };
    let iv = <[u8; 12]>::try_from(&*get("iv")?)
        .map_err(|_| Error::malformed("`iv` of AES-GCM key wrap must be 12 bytes"))?;
    let tag = <[u8; 16]>::try_from(&*get("tag")?)
        .map_err(|_| Error::malformed("`tag` of AES-GCM key wrap must be 16 bytes"))?;
    Ok((iv, tag))
}

pub(crate) fn unwrap(key: &Jwk, header: &Object, encrypted_key: &[u8]) -> Result<Cek> {
    let (iv, tag) = params(header)?;
    aes_gcm::decrypt(secret(key)?, &iv, &[], encrypted_key.to_vec(), &tag)
        .map(Zeroizing::new)
        .map_err(|_| failed())
}

pub(crate) struct AesGcmKw;

impl Management for AesGcmKw {
    fn encrypted_key_len(_: KeyAlg, enc: Enc) -> Option<usize> {
        Some(enc.key_len())
    }

    fn check_header(_: KeyAlg, header: &Object, _: &Decrypter) -> Result<()> {
        params(header).map(|_| ())
    }

    fn wrap(
        _: KeyAlg,
        _: Enc,
        key: &Jwk,
        _: &Object,
        cek: Option<Cek>,
        fixed: &Randomness,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped> {
        wrap(key, super::to_wrap(cek)?, fixed, rng)
    }

    fn unwrap<'k>(
        _: KeyAlg,
        _: Enc,
        key: &'k Jwk,
        header: &Object,
        encrypted_key: &[u8],
        _: &Decrypter,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>> {
        unwrap(key, header, encrypted_key).map(Recovered::Computed)
    }
}
