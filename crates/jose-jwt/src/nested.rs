//! Nested tokens (RFC 7519 §5.2, RFC 7520 §6): a signed JWT encrypted into a JWE whose `cty`
//! is `JWT` — sign, then encrypt; decrypt, check `cty`, verify, validate. One level deep.

use alloc::string::String;

use jose_core::{Error, ErrorKind, Result};
use jose_jwe::Decrypter;
use jose_jwk::{Jwk, KeySource};
use serde_json::Value;

use crate::{Token, Validation, verify};

/// The JWE header type.
pub use jose_jwe::Header as JweHeader;

fn is_compact_jws(token: &str) -> bool {
    token.bytes().filter(|b| *b == b'.').count() == 2
}

/// Encrypts a signed JWT (compact) into a compact JWE with `cty: JWT`.
///
/// # Errors
/// [`ErrorKind::Malformed`] when `jwt` is not a compact JWS; those of
/// [`jose_jwe::compact::encrypt`].
#[cfg(feature = "std")]
pub fn encrypt(jwt: &str, header: &JweHeader, key: &Jwk) -> Result<String> {
    encrypt_with_rng(jwt, header, key, &mut rand::rng())
}

/// [`encrypt`] with the caller's RNG (for `no_std`).
///
/// # Errors
/// As [`encrypt`].
pub fn encrypt_with_rng(
    jwt: &str,
    header: &JweHeader,
    key: &Jwk,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    let jwt = jwt.trim();
    if !is_compact_jws(jwt) {
        return Err(Error::malformed(
            "a nested JWT encrypts a signed JWT (a compact JWS)",
        ));
    }
    // Never wrap something unsigned: the inner header must name a real algorithm.
    jose_jws::dangerous::peek_header(jwt)?.alg()?;
    if header
        .cty()
        .is_some_and(|cty| !cty.eq_ignore_ascii_case("JWT"))
    {
        return Err(Error::malformed("a nested JWT's `cty` is `JWT`"));
    }
    let mut header = header.clone();
    jose_core::internal::add_if_absent(&mut header, "cty", Value::String("JWT".into()));
    jose_jwe::compact::encrypt_with_rng(&header, jwt.as_bytes(), key, rng)
}

/// Decrypts a nested JWT with `decrypt_keys` under `decrypter`'s allow-lists, checks that its
/// `cty` is `JWT`, then verifies and validates the inner JWT with `verify_keys` and
/// `validation` (separate allow-lists for the two layers).
///
/// # Errors
/// Those of [`Decrypter::decrypt_compact`]; [`ErrorKind::InvalidType`] when `cty` is not
/// `JWT` (or is missing, unless [`Validation::allow_nested_without_cty`]); [`ErrorKind::Malformed`] when the plaintext is not a compact JWS (a JWE nested
/// again included); then those of [`verify`].
#[cfg(feature = "std")]
pub fn decrypt_and_verify<T: serde::de::DeserializeOwned>(
    token: &str,
    decrypt_keys: &(impl KeySource + ?Sized),
    decrypter: &Decrypter,
    verify_keys: &(impl KeySource + ?Sized),
    validation: &Validation,
) -> Result<Token<T>> {
    decrypt_and_verify_with_rng(
        token,
        decrypt_keys,
        decrypter,
        verify_keys,
        validation,
        &mut rand::rng(),
    )
}

/// [`decrypt_and_verify`] with the caller's RNG (for `no_std`; RSA decryption is blinded).
///
/// # Errors
/// As [`decrypt_and_verify`].
pub fn decrypt_and_verify_with_rng<T: serde::de::DeserializeOwned>(
    token: &str,
    decrypt_keys: &(impl KeySource + ?Sized),
    decrypter: &Decrypter,
    verify_keys: &(impl KeySource + ?Sized),
    validation: &Validation,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Token<T>> {
    let token = token.trim();
    if token.starts_with('{') {
        return Err(Error::malformed("a JWT uses the compact serialization"));
    }
    let decrypted = decrypter.decrypt_compact_with_rng(token, decrypt_keys, rng)?;
    let cty = decrypted.protected.cty().map(str::to_ascii_lowercase);
    match cty.as_deref() {
        Some("jwt" | "application/jwt") => {}
        None if validation.accepts_nested_without_cty() => {}
        None => {
            return Err(Error::new(
                ErrorKind::InvalidType,
                "the JWE has no `cty: JWT`: not a nested JWT (a token made without it, as \
                 jwcrypto's tutorial makes: Validation::allow_nested_without_cty)",
            ));
        }
        Some(_) => {
            return Err(Error::new(
                ErrorKind::InvalidType,
                "the JWE's `cty` is not `JWT`: not a nested JWT",
            ));
        }
    }
    let inner = core::str::from_utf8(&decrypted.plaintext)
        .map_err(|_| Error::malformed("the nested JWT is not text"))?;
    if !is_compact_jws(inner) {
        return Err(Error::malformed(
            "the nested token is not a signed JWT (one level of nesting only)",
        ));
    }
    verify(inner, verify_keys, validation)
}
