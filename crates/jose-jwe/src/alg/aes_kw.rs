//! A128KW, A192KW, A256KW (RFC 7518 §4.4, RFC 3394): AES key wrap. Also the last step of
//! ECDH-ES+A*KW and PBES2.

use alloc::vec::Vec;

use aes_kw::cipher::KeyInit;
use aes_kw::{KwAes128, KwAes192, KwAes256};
use jose_core::json::Object;
use jose_core::{Error, Result};
use jose_jwk::Jwk;
use zeroize::Zeroizing;

use jose_core::alg::{Enc, KeyAlg};

use super::{Cek, Management, Recovered, Wrapped, secret};
use crate::enc::failed;
use crate::{Decrypter, Randomness};

/// Wraps `cek` under `kek` (16, 24 or 32 bytes).
pub(crate) fn wrap_with(kek: &[u8], cek: &[u8]) -> Result<Vec<u8>> {
    let mut out = alloc::vec![0u8; cek.len().saturating_add(8)];
    let bad = |_| Error::invalid_key("AES key wrap failed");
    let len = match kek.len() {
        16 => KwAes128::new_from_slice(kek)
            .map_err(|_| Error::invalid_key("bad KEK"))?
            .wrap_key(cek, &mut out)
            .map_err(bad)?
            .len(),
        24 => KwAes192::new_from_slice(kek)
            .map_err(|_| Error::invalid_key("bad KEK"))?
            .wrap_key(cek, &mut out)
            .map_err(bad)?
            .len(),
        32 => KwAes256::new_from_slice(kek)
            .map_err(|_| Error::invalid_key("bad KEK"))?
            .wrap_key(cek, &mut out)
            .map_err(bad)?
            .len(),
        _ => {
            return Err(Error::invalid_key(
                "an AES key-wrap key is 16, 24 or 32 bytes",
            ));
        }
    };
    out.truncate(len);
    Ok(out)
}

/// Unwraps `wrapped` under `kek`: any failure is `DecryptionFailed`.
pub(crate) fn unwrap_with(kek: &[u8], wrapped: &[u8]) -> Result<Cek> {
    if wrapped.len() < 24 || !wrapped.len().is_multiple_of(8) {
        return Err(failed());
    }
    let mut out = Zeroizing::new(alloc::vec![0u8; wrapped.len().saturating_sub(8)]);
    let len = match kek.len() {
        16 => KwAes128::new_from_slice(kek)
            .map_err(|_| failed())?
            .unwrap_key(wrapped, &mut out)
            .map_err(|_| failed())?
            .len(),
        24 => KwAes192::new_from_slice(kek)
            .map_err(|_| failed())?
            .unwrap_key(wrapped, &mut out)
            .map_err(|_| failed())?
            .len(),
        32 => KwAes256::new_from_slice(kek)
            .map_err(|_| failed())?
            .unwrap_key(wrapped, &mut out)
            .map_err(|_| failed())?
            .len(),
        _ => return Err(failed()),
    };
    out.truncate(len);
    Ok(out)
}

pub(crate) fn wrap(key: &Jwk, cek: Cek) -> Result<Wrapped> {
    let encrypted_key = wrap_with(secret(key)?, &cek)?;
    Ok(Wrapped {
        encrypted_key,
        cek,
        params: Object::new(),
    })
}

pub(crate) fn unwrap(key: &Jwk, encrypted_key: &[u8]) -> Result<Cek> {
    unwrap_with(secret(key)?, encrypted_key)
}

pub(crate) struct AesKw;

impl Management for AesKw {
    fn encrypted_key_len(_: KeyAlg, enc: Enc) -> Option<usize> {
        Some(super::key_wrapped_len(enc))
    }

    fn wrap(
        _: KeyAlg,
        _: Enc,
        key: &Jwk,
        _: &Object,
        cek: Option<Cek>,
        _: &Randomness,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped> {
        wrap(key, super::to_wrap(cek)?)
    }

    fn unwrap<'k>(
        _: KeyAlg,
        _: Enc,
        key: &'k Jwk,
        _: &Object,
        encrypted_key: &[u8],
        _: &Decrypter,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>> {
        unwrap(key, encrypted_key).map(Recovered::Computed)
    }
}
