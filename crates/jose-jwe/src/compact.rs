//! The JWE Compact Serialization (RFC 7516 §7.1):
//! `header.encrypted_key.iv.ciphertext.tag`, everything in the protected header.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;

#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::{Error, Result, b64};
use jose_jwk::Jwk;
use serde_json::Value;

use crate::alg;
use crate::engine::{Attempt, Budget, iv, seal};
use crate::{Decrypted, Decrypter, Header, KeySource, Randomness, zip};

/// Encrypts `plaintext` to `key` into a compact JWE, with the OS's randomness. The header
/// names `alg` and `enc` (and `zip`, `cty`, `apu`, `apv`, `p2c` when wanted); the key's `kid`
/// is added when the header has none.
///
/// # Errors
/// [`ErrorKind::InvalidKey`] when the key cannot serve `alg`; [`ErrorKind::Malformed`] for a
/// header without `alg`/`enc` or with a bad `crit`; [`ErrorKind::UnsupportedAlgorithm`] for
/// an algorithm that is not compiled in.
#[cfg(feature = "std")]
pub fn encrypt(header: &Header, plaintext: &[u8], key: &Jwk) -> Result<String> {
    encrypt_with_rng(header, plaintext, key, &mut rand::rng())
}

/// [`encrypt`] with the caller's RNG (for `no_std`).
///
/// # Errors
/// As [`encrypt`].
pub fn encrypt_with_rng(
    header: &Header,
    plaintext: &[u8],
    key: &Jwk,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    encrypt_fixed(header, plaintext, key, &Randomness::default(), rng)
}

/// [`encrypt`] with fixed random inputs: **only** to reproduce published examples. Reusing
/// an IV or a content key breaks the encryption.
///
/// # Errors
/// As [`encrypt`].
#[cfg(feature = "test-vectors")]
pub fn encrypt_with_randomness(
    header: &Header,
    plaintext: &[u8],
    key: &Jwk,
    fixed: &Randomness,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    encrypt_fixed(header, plaintext, key, fixed, rng)
}

pub(crate) fn encrypt_fixed(
    header: &Header,
    plaintext: &[u8],
    key: &Jwk,
    fixed: &Randomness,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    let alg = header.alg()?;
    let enc = header.enc()?;
    // The key's `kid` joins the header when it has none; it changes nothing `crit::check`
    // looks at, nor what the key management reads.
    jose_core::crit::check(header.as_object(), &[], &["zip"], &[])?;
    let compress = zip::requested(header.as_object())?;
    let wrapped = alg::wrap(alg, enc, key, header.as_object(), None, fixed, rng)?;
    let iv = iv(enc, fixed, rng);
    // Sized for the whole token, which grows from the protected header (the AAD).
    let room = [plaintext.len(), wrapped.encrypted_key.len(), iv.len(), 16]
        .iter()
        .fold(512usize, |n, len| {
            n.saturating_add(len.saturating_mul(4).div_ceil(3))
        });
    let mut token = String::with_capacity(room);
    let kid = [key.kid().map(|kid| ("kid", kid))];
    if wrapped.params.is_empty() {
        header.encode_into(&mut token, &kid)?;
    } else {
        // The key management added members (`epk`, `iv`, `tag`, `p2s`, `p2c`).
        let mut protected = header.clone();
        if let Some(kid) = key.kid() {
            jose_core::internal::add_if_absent(&mut protected, "kid", Value::String(kid.into()));
        }
        protected.absorb(wrapped.params)?;
        protected.encode_into(&mut token, &[])?;
    }
    let (ciphertext, tag) = seal(
        enc,
        &wrapped.cek,
        &iv,
        token.as_bytes(),
        plaintext,
        compress,
    )?;
    for part in [&wrapped.encrypted_key, &iv, &ciphertext, &tag] {
        token.push('.');
        b64::encode_public_into(&mut token, part);
    }
    Ok(token)
}

pub use crate::engine::MAX_PBES2_DERIVATIONS;

impl Decrypter {
    /// Decrypts a compact JWE with the OS's randomness (RSA blinding, random CEKs on failure).
    /// White space around the token (the newline of a file) is ignored.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for a token that is not a compact JWE (a JWS included), bad
    /// base64url (the message names the part), a bad header or `zip` outside the protected header;
    /// [`ErrorKind::AlgorithmNotAllowed`]; [`ErrorKind::UnsupportedAlgorithm`];
    /// [`ErrorKind::CritUnsupported`]; [`ErrorKind::NoMatchingKey`];
    /// [`ErrorKind::LimitExceeded`] for the size, PBES2 `p2c` or the inflated size;
    /// [`ErrorKind::DecryptionFailed`] for every failure of the cryptography.
    #[cfg(feature = "std")]
    pub fn decrypt_compact(
        &self,
        token: &str,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Decrypted> {
        self.decrypt_compact_with_rng(token, keys, &mut rand::rng())
    }

    /// [`Decrypter::decrypt_compact`] with the caller's RNG.
    ///
    /// # Errors
    /// As [`Decrypter::decrypt_compact`].
    pub fn decrypt_compact_with_rng(
        &self,
        token: &str,
        keys: &(impl KeySource + ?Sized),
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Decrypted> {
        // A token read from a file or a header comes with its newline: base64url has no
        // white space, so trimming it changes no token.
        let token = token.trim();
        if token.len() > self.limits.max_input_bytes() {
            return Err(Error::limit(format!(
                "the JWE is {} bytes, above the limit of {}",
                token.len(),
                self.limits.max_input_bytes()
            )));
        }
        let parts_error = || match token.split('.').count() {
            3 => Error::malformed("this is a JWS (three parts), not a JWE: use the JWS API"),
            n => Error::malformed(format!("a compact JWE has 5 parts, this has {n}")),
        };
        let (header, rest) = token.split_once('.').ok_or_else(parts_error)?;
        let (encrypted_key, rest) = rest.split_once('.').ok_or_else(parts_error)?;
        let (iv, rest) = rest.split_once('.').ok_or_else(parts_error)?;
        let (ciphertext, tag) = rest.rsplit_once('.').ok_or_else(parts_error)?;
        // The long part is not searched for `.`: base64url has none, so decoding it first
        // refuses a token of more than five parts before anything else is looked at.
        let ciphertext = jose_core::internal::decode_long_part(ciphertext, "JWE's ciphertext")
            .map_err(|e| {
                if ciphertext.contains('.') {
                    parts_error()
                } else {
                    e
                }
            })?;
        let protected = jose_core::header::decode_protected(
            header,
            "JWE's protected header",
            self.limits.max_json_depth(),
        )?;
        jose_core::crit::check(&protected, &[], &["zip"], &[])?;
        let (alg, enc) = self.understand(&protected)?;
        let compress = zip::requested(&protected)?;
        let (encrypted_key, iv, tag) = (
            jose_core::internal::decode_part::<72>(encrypted_key, "JWE's encrypted key")?,
            jose_core::internal::decode_part::<32>(iv, "JWE's iv")?,
            jose_core::internal::decode_part::<64>(tag, "JWE's tag")?,
        );
        let attempt = Attempt {
            alg,
            enc,
            joint: &protected,
            encrypted_key: &encrypted_key,
            iv: &iv,
            aad: header.as_bytes(),
            ciphertext: Cow::Owned(ciphertext),
            tag: &tag,
            compress,
        };
        let mut budget = Budget::new(self);
        let plaintext = self.attempt(keys, attempt, &mut budget, rng)?;
        Ok(Decrypted {
            protected: Header::from_object(protected),
            unprotected: None,
            recipient: None,
            recipient_index: 0,
            aad: None,
            plaintext,
        })
    }
}

/// The protected header of a compact JWE, **not authenticated** (a JWE's header is
/// authenticated only once it decrypts).
///
/// # Errors
/// [`ErrorKind::Malformed`] for a token that is not a compact JWE;
/// [`ErrorKind::LimitExceeded`] for one above the size limit.
pub fn peek_header(token: &str) -> Result<Header> {
    let limits = jose_core::Limits::DEFAULT;
    if token.len() > limits.max_input_bytes() {
        return Err(Error::limit("the JWE is above the size limit"));
    }
    if token.bytes().filter(|b| *b == b'.').count() != 4 {
        return Err(Error::malformed("a compact JWE has 5 parts"));
    }
    let header = token.split('.').next().unwrap_or_default();
    jose_core::header::decode_protected(header, "JWE's protected header", limits.max_json_depth())
        .map(Header::from_object)
}
