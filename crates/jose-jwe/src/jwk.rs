//! Encrypted JWKs (RFC 7517 App. C): a JWK as the plaintext of a JWE, `cty: jwk+json`,
//! usually under a password (PBES2).

use alloc::string::String;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::{Error, Limits, Result};
use jose_jwk::{Jwk, Key, OctKey};
use zeroize::Zeroizing;

use crate::{Decrypter, Header, compact};

fn password_key(password: &[u8]) -> Result<Jwk> {
    Ok(Jwk::new(Key::Oct(OctKey::new(password.to_vec())?)))
}

/// Encrypts `jwk` (private members included) under `password`: PBES2-HS512+A256KW with
/// A256CBC-HS512 unless `header` says otherwise (it must name a PBES2 `alg` and an `enc`);
/// `p2c` is 10,000 unless the header sets it; `cty` is `jwk+json`.
///
/// # Errors
/// As [`compact::encrypt`].
pub fn encrypt_with(
    jwk: &Jwk,
    password: &[u8],
    header: Option<&Header>,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    let header = match header {
        Some(h) => h.clone(),
        None => Header::new(KeyAlg::PBES2_HS512_A256KW, Enc::A256CBC_HS512).with_cty("jwk+json"),
    };
    if !matches!(
        header.alg()?,
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW
    ) {
        return Err(Error::invalid_key(
            "an encrypted JWK is protected with a PBES2 algorithm",
        ));
    }
    let json = Zeroizing::new(jwk.to_json()?);
    compact::encrypt_with_rng(&header, json.as_bytes(), &password_key(password)?, rng)
}

/// [`encrypt_with`] with the OS's randomness and the default header.
///
/// # Errors
/// As [`compact::encrypt`].
#[cfg(feature = "std")]
pub fn encrypt(jwk: &Jwk, password: &[u8]) -> Result<String> {
    encrypt_with(jwk, password, None, &mut rand::rng())
}

/// Decrypts a JWK encrypted under `password` (any PBES2 algorithm, any `enc`, `p2c` up to
/// `max_p2c`), with the OS's randomness.
///
/// # Errors
/// As [`Decrypter::decrypt_compact`]; and those of [`Jwk::from_json`] for the plaintext.
#[cfg(feature = "std")]
pub fn decrypt(token: &str, password: &[u8], max_p2c: u32) -> Result<Jwk> {
    decrypt_with_rng(token, password, max_p2c, &mut rand::rng())
}

/// [`decrypt`] with the caller's RNG.
///
/// # Errors
/// As [`decrypt`].
pub fn decrypt_with_rng(
    token: &str,
    password: &[u8],
    max_p2c: u32,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Jwk> {
    let decrypter = Decrypter::try_new(
        [
            KeyAlg::PBES2_HS256_A128KW,
            KeyAlg::PBES2_HS384_A192KW,
            KeyAlg::PBES2_HS512_A256KW,
        ],
        Enc::ALL.iter().copied(),
    )?
    .with_limits(Limits::DEFAULT.with_max_pbes2_count(max_p2c));
    let decrypted = decrypter.decrypt_compact_with_rng(token, &password_key(password)?, rng)?;
    let plaintext = Zeroizing::new(decrypted.plaintext);
    Jwk::from_json_with_limits(&plaintext, &Limits::DEFAULT)
}
