//! `dir` (RFC 7518 §4.5): the shared key is the CEK; there is no encrypted key.

use jose_core::alg::Enc;
use jose_core::json::Object;
use jose_core::{Error, Result};
use jose_jwk::Jwk;
use zeroize::Zeroizing;

use jose_core::alg::KeyAlg;
use jose_jwk::KeyOp;

use super::{Cek, Management, Recovered, Wrapped, secret};
use crate::{Decrypter, Randomness};

pub(crate) fn wrap(enc: Enc, key: &Jwk) -> Result<Wrapped> {
    check_label(enc, key)
        .map_err(|e| Error::invalid_key(alloc::string::String::from(e.message())))?;
    let cek = secret(key)?;
    if cek.len() != enc.key_len() {
        return Err(Error::invalid_key(alloc::format!(
            "`dir` with `{enc}` needs a {}-byte key, not {}",
            enc.key_len(),
            cek.len()
        )));
    }
    Ok(Wrapped {
        encrypted_key: alloc::vec::Vec::new(),
        cek: Zeroizing::new(cek.to_vec()),
        params: Object::new(),
    })
}

/// A key labelled with a content encryption (`"alg": "A256GCM"`) serves that one only.
fn check_label(enc: Enc, key: &Jwk) -> Result<()> {
    match key.alg() {
        Some(jose_jwk::JwkAlg::Enc(own)) if *own != enc => Err(Error::new(
            jose_core::ErrorKind::NoMatchingKey,
            alloc::format!("the key is for `{own}`, not `{enc}`"),
        )),
        _ => Ok(()),
    }
}

/// The key itself, once it fits: nothing is copied.
pub(crate) fn unwrap(enc: Enc, key: &Jwk) -> Result<&[u8]> {
    check_label(enc, key)?;
    // RFC 7516 §5.2 step 10, an empty encrypted key: `encrypted_key_len` below, checked first.
    let cek = secret(key)?;
    if cek.len() != enc.key_len() {
        return Err(crate::enc::failed());
    }
    Ok(cek)
}

pub(crate) struct Dir;

impl Management for Dir {
    fn ops() -> (KeyOp, KeyOp) {
        (KeyOp::Encrypt, KeyOp::Decrypt)
    }

    fn encrypted_key_len(_: KeyAlg, _: Enc) -> Option<usize> {
        Some(0)
    }

    fn wrap(
        _: KeyAlg,
        enc: Enc,
        key: &Jwk,
        _: &Object,
        _: Option<Cek>,
        _: &Randomness,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped> {
        wrap(enc, key)
    }

    fn unwrap<'k>(
        _: KeyAlg,
        enc: Enc,
        key: &'k Jwk,
        _: &Object,
        _: &[u8],
        _: &Decrypter,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>> {
        unwrap(enc, key).map(Recovered::Shared)
    }
}
