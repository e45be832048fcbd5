//! PBES2-HS256+A128KW, PBES2-HS384+A192KW, PBES2-HS512+A256KW (RFC 7518 §4.8): a key derived
//! from a password with PBKDF2, then AES key wrap. `p2c` is checked before any work
//! (1,000 ..= the caller's maximum, 10,000 by default); `p2s` must be 8 to 256 bytes.

use alloc::vec::Vec;

use jose_core::alg::KeyAlg;
use jose_core::json::Object;
use jose_core::{Error, Result, b64};
use jose_jwk::Jwk;
use serde_json::Value;
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use jose_core::alg::Enc;

use super::{Cek, Management, Recovered, Wrapped, aes_kw, secret};
use crate::{Decrypter, Randomness};

/// The smallest `p2c` accepted.
pub const MIN_P2C: u32 = 1_000;
/// The `p2c` encryption uses when the header does not say.
pub const DEFAULT_P2C: u32 = 10_000;
/// The largest `p2c` a caller may allow (RFC 8725's successor's advice).
pub const MAX_P2C_CEILING: u32 = jose_core::MAX_PBES2_COUNT_CEILING;

fn kek(alg: KeyAlg, password: &[u8], p2s: &[u8], p2c: u32) -> Zeroizing<Vec<u8>> {
    // The salt is UTF8(alg) || 0x00 || p2s (RFC 7518 §4.8.1.1).
    let mut salt = Vec::with_capacity(
        alg.as_str()
            .len()
            .saturating_add(1)
            .saturating_add(p2s.len()),
    );
    salt.extend_from_slice(alg.as_str().as_bytes());
    salt.push(0);
    salt.extend_from_slice(p2s);
    let len = match alg {
        KeyAlg::PBES2_HS256_A128KW => 16,
        KeyAlg::PBES2_HS384_A192KW => 24,
        _ => 32,
    };
    let mut kek = Zeroizing::new(alloc::vec![0u8; len]);
    derive(alg, password, &salt, p2c, &mut kek);
    kek
}

/// PBKDF2 with the HMAC of `alg` (SHA-256, -384 or -512) into `out`.
pub(crate) fn derive(alg: KeyAlg, password: &[u8], salt: &[u8], p2c: u32, out: &mut [u8]) {
    match alg {
        KeyAlg::PBES2_HS256_A128KW => pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, p2c, out),
        KeyAlg::PBES2_HS384_A192KW => pbkdf2::pbkdf2_hmac::<Sha384>(password, salt, p2c, out),
        _ => pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, p2c, out),
    }
}

/// `p2s` and `p2c` from the header, within bounds. Nothing is derived before this passes.
pub(crate) fn params(header: &Object, max_p2c: u32) -> Result<(Vec<u8>, u32)> {
    let p2c = match header.get("p2c") {
        Some(Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| Error::malformed("`p2c` must be a positive integer"))?,
        Some(_) => return Err(Error::malformed("`p2c` must be a number")),
        None => return Err(Error::malformed("PBES2 needs `p2c`")),
    };
    let ceiling = max_p2c.min(MAX_P2C_CEILING);
    if p2c < u64::from(MIN_P2C) || p2c > u64::from(ceiling) {
        return Err(Error::limit(alloc::format!(
            "`p2c` {p2c} is outside {MIN_P2C}..={ceiling}"
        )));
    }
    let p2s = match header.get("p2s") {
        Some(Value::String(s)) => b64::decode_public(s)?,
        Some(_) => return Err(Error::malformed("`p2s` must be a string")),
        None => return Err(Error::malformed("PBES2 needs `p2s`")),
    };
    if !(8..=256).contains(&p2s.len()) {
        return Err(Error::malformed("`p2s` must be 8 to 256 bytes"));
    }
    Ok((p2s, u32::try_from(p2c).unwrap_or(u32::MAX)))
}

pub(crate) fn wrap(
    alg: KeyAlg,
    key: &Jwk,
    header: &Object,
    cek: Cek,
    fixed: &Randomness,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Wrapped> {
    let p2c = match header.get("p2c") {
        None => DEFAULT_P2C,
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| (MIN_P2C..=MAX_P2C_CEILING).contains(n))
            .ok_or_else(|| Error::malformed("`p2c` must be from 1,000 to 1,200,000"))?,
    };
    let p2s = match &fixed.p2s {
        Some(p2s) => p2s.clone(),
        None => super::random(16, rng).to_vec(),
    };
    let kek = kek(alg, secret(key)?, &p2s, p2c);
    let encrypted_key = aes_kw::wrap_with(&kek, &cek)?;
    let mut params = Object::new();
    params.insert("p2s".into(), Value::String(b64::encode_public(&p2s)));
    params.insert("p2c".into(), Value::from(p2c));
    Ok(Wrapped {
        encrypted_key,
        cek,
        params,
    })
}

pub(crate) fn unwrap(
    alg: KeyAlg,
    key: &Jwk,
    header: &Object,
    encrypted_key: &[u8],
    max_p2c: u32,
) -> Result<Cek> {
    let (p2s, p2c) = params(header, max_p2c)?;
    let kek = kek(alg, secret(key)?, &p2s, p2c);
    aes_kw::unwrap_with(&kek, encrypted_key)
}

pub(crate) struct Pbes2;

impl Management for Pbes2 {
    fn encrypted_key_len(_: KeyAlg, enc: Enc) -> Option<usize> {
        Some(super::key_wrapped_len(enc))
    }

    fn check_header(_: KeyAlg, header: &Object, policy: &Decrypter) -> Result<()> {
        params(header, policy.limits.max_pbes2_count()).map(|_| ())
    }

    fn wrap(
        alg: KeyAlg,
        _: Enc,
        key: &Jwk,
        header: &Object,
        cek: Option<Cek>,
        fixed: &Randomness,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped> {
        wrap(alg, key, header, super::to_wrap(cek)?, fixed, rng)
    }

    fn unwrap<'k>(
        alg: KeyAlg,
        _: Enc,
        key: &'k Jwk,
        header: &Object,
        encrypted_key: &[u8],
        policy: &Decrypter,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>> {
        unwrap(
            alg,
            key,
            header,
            encrypted_key,
            policy.limits.max_pbes2_count(),
        )
        .map(Recovered::Computed)
    }
}
