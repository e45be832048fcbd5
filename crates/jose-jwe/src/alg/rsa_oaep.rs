//! RSA-OAEP (SHA-1, MGF1-SHA-1) and RSA-OAEP-256 (SHA-256) (RFC 7518 §4.3). Decryption is
//! always the blinded, RNG-taking private operation, and every failure is the same
//! `DecryptionFailed` (the caller goes on with a random CEK). RSA1_5 is not offered.

use jose_core::alg::KeyAlg;
use jose_core::json::Object;
use jose_core::{Error, Result};
use jose_jwk::{Jwk, Key};
use rsa::Oaep;
use zeroize::Zeroizing;

use jose_core::alg::Enc;

use super::{Cek, Management, Recovered, Wrapped};
use crate::enc::failed;
use crate::{Decrypter, Randomness};

pub(crate) fn wrap(
    alg: KeyAlg,
    key: &Jwk,
    cek: Cek,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Wrapped> {
    let Key::Rsa(k) = key.key() else {
        return Err(Error::invalid_key("RSA-OAEP needs an RSA key"));
    };
    let public = k.public_key();
    let encrypted_key = match alg {
        KeyAlg::RSA_OAEP => public.encrypt(rng, Oaep::<sha1::Sha1>::new(), &cek),
        _ => public.encrypt(rng, Oaep::<sha2::Sha256>::new(), &cek),
    }
    .map_err(|e| Error::invalid_key("RSA-OAEP encryption failed").with_source(e))?;
    Ok(Wrapped {
        encrypted_key,
        cek,
        params: Object::new(),
    })
}

pub(crate) fn unwrap(
    alg: KeyAlg,
    key: &Jwk,
    encrypted_key: &[u8],
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Cek> {
    let Key::Rsa(k) = key.key() else {
        return Err(failed());
    };
    let private = k.private_key().ok_or_else(failed)?;
    match alg {
        KeyAlg::RSA_OAEP => private.decrypt_blinded(rng, Oaep::<sha1::Sha1>::new(), encrypted_key),
        _ => private.decrypt_blinded(rng, Oaep::<sha2::Sha256>::new(), encrypted_key),
    }
    .map(Zeroizing::new)
    .map_err(|_| failed())
}

pub(crate) struct RsaOaep;

impl Management for RsaOaep {
    fn encrypted_key_len(_: KeyAlg, _: Enc) -> Option<usize> {
        None
    }

    fn wrap(
        alg: KeyAlg,
        _: Enc,
        key: &Jwk,
        _: &Object,
        cek: Option<Cek>,
        _: &Randomness,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped> {
        wrap(alg, key, super::to_wrap(cek)?, rng)
    }

    fn unwrap<'k>(
        alg: KeyAlg,
        _: Enc,
        key: &'k Jwk,
        _: &Object,
        encrypted_key: &[u8],
        _: &Decrypter,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>> {
        unwrap(alg, key, encrypted_key, rng).map(Recovered::Computed)
    }
}
