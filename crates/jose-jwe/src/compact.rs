//! The JWE Compact Serialization (RFC 7516 §7.1):
//! `header.encrypted_key.iv.ciphertext.tag`, everything in the protected header.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::{Error, ErrorKind, Result, b64, json};
use jose_jwk::Jwk;
use serde_json::Value;

use crate::alg::{self, Recovered};
use crate::{Decrypted, Decrypter, Header, KeySource, Randomness, enc, zip};

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

pub(crate) fn iv(enc: Enc, fixed: &Randomness, rng: &mut impl rand_core::CryptoRng) -> Vec<u8> {
    match &fixed.iv {
        Some(iv) => iv.clone(),
        None => alg::random(enc::iv_len(enc), rng).to_vec(),
    }
}

pub(crate) fn seal(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
    compress: bool,
) -> Result<(Vec<u8>, Vec<u8>)> {
    if compress {
        enc::encrypt(enc, cek, iv, aad, &zip::deflate(plaintext))
    } else {
        enc::encrypt(enc, cek, iv, aad, plaintext)
    }
}

/// The parts of one recipient's decryption, after the headers are understood.
pub(crate) struct Attempt<'a> {
    pub(crate) alg: KeyAlg,
    pub(crate) enc: Enc,
    pub(crate) joint: &'a json::Object,
    pub(crate) encrypted_key: &'a [u8],
    pub(crate) iv: &'a [u8],
    pub(crate) aad: &'a [u8],
    /// Owned when the caller has no further use for it: the last key tried decrypts in it.
    pub(crate) ciphertext: Cow<'a, [u8]>,
    pub(crate) tag: &'a [u8],
    pub(crate) compress: bool,
}

/// How many key trials one decryption may make, and how many of them may be PBES2
/// derivations or RSA private-key operations, whatever the JWE says.
pub(crate) struct Budget {
    trials: usize,
    derivations: usize,
    rsa: usize,
}

impl Budget {
    pub(crate) fn new(policy: &Decrypter) -> Self {
        Self {
            trials: policy.limits.max_set_keys().max(1),
            derivations: MAX_PBES2_DERIVATIONS,
            rsa: policy.limits.max_rsa_trials(),
        }
    }

    fn spend(&mut self, alg: KeyAlg) -> Result<()> {
        let limit = |what: &str| {
            Error::limit(format!(
                "the JWE needs more {what} than one decryption may make"
            ))
        };
        self.trials = self
            .trials
            .checked_sub(1)
            .ok_or_else(|| limit("key trials"))?;
        let costly = match alg {
            KeyAlg::PBES2_HS256_A128KW
            | KeyAlg::PBES2_HS384_A192KW
            | KeyAlg::PBES2_HS512_A256KW => Some((&mut self.derivations, "PBES2 derivations")),
            KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => Some((
                &mut self.rsa,
                "RSA private-key operations (see Limits::with_max_rsa_trials)",
            )),
            _ => None,
        };
        if let Some((left, what)) = costly {
            *left = left.checked_sub(1).ok_or_else(|| limit(what))?;
        }
        Ok(())
    }
}

/// Most PBES2 derivations (each of at most the allowed `p2c`) one decryption may make.
pub const MAX_PBES2_DERIVATIONS: usize = 4;

impl Decrypter {
    /// Checks the algorithms of a recipient's joint header against the allow-lists, and what
    /// the header must hold for them.
    pub(crate) fn understand(&self, joint: &json::Object) -> Result<(KeyAlg, Enc)> {
        let alg = Header::alg_of(joint)?;
        let enc = Header::enc_of(joint)?;
        if !self.algs.contains(&alg) || !self.encs.contains(&enc) {
            return Err(Error::new(
                ErrorKind::AlgorithmNotAllowed,
                format!("`{alg}` with `{enc}` is not among the allowed algorithms"),
            ));
        }
        if matches!(enc, Enc::A128GCM | Enc::A192GCM | Enc::A256GCM) && !cfg!(feature = "aes-gcm") {
            return Err(Error::unsupported(format!("`{enc}` is not compiled in")));
        }
        alg::check_header(alg, joint, self)?;
        Ok((alg, enc))
    }

    /// Tries each candidate key; any cryptographic failure goes on with a random CEK so that
    /// every failure is the same `DecryptionFailed` at the tag.
    pub(crate) fn attempt(
        &self,
        keys: &(impl KeySource + ?Sized),
        a: Attempt<'_>,
        budget: &mut Budget,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Vec<u8>> {
        let candidates = keys.candidates(a.joint, &a.alg.into(), &alg::ops(a.alg).1)?;
        let mut ciphertext = a.ciphertext;
        let last = candidates.len().saturating_sub(1);
        for (i, key) in candidates.iter().enumerate() {
            budget.spend(a.alg)?;
            let cek = match alg::unwrap(a.alg, a.enc, key, a.joint, a.encrypted_key, self, rng) {
                Ok(cek) => cek,
                Err(e) if e.kind() == ErrorKind::DecryptionFailed => {
                    Recovered::Computed(alg::random(a.enc.key_len(), rng))
                }
                // Not this key's (an ephemeral key on another curve, a `dir` key for another
                // `enc`): try the next.
                Err(e) if e.kind() == ErrorKind::NoMatchingKey => continue,
                Err(e) => return Err(e),
            };
            let buffer = if i == last {
                core::mem::take(&mut ciphertext)
            } else {
                Cow::Borrowed(&*ciphertext)
            };
            if let Ok(plaintext) = enc::decrypt(a.enc, &cek, a.iv, a.aad, buffer, a.tag) {
                return if a.compress {
                    let compressed = zeroize::Zeroizing::new(plaintext);
                    zip::inflate(&compressed, self.limits.max_inflated_bytes())
                } else {
                    Ok(plaintext)
                };
            }
        }
        Err(enc::failed())
    }

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
        let protected = json::parse_object(
            &jose_core::internal::decode_part::<192>(header, "JWE's protected header")?,
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
/// [`ErrorKind::Malformed`] for a token that is not a compact JWE.
pub fn peek_header(token: &str) -> Result<Header> {
    if token.bytes().filter(|b| *b == b'.').count() != 4 {
        return Err(Error::malformed("a compact JWE has 5 parts"));
    }
    let header = token.split('.').next().unwrap_or_default();
    let object = json::parse_object(
        &b64::decode_public(header)?,
        jose_core::Limits::DEFAULT.max_json_depth(),
    )?;
    Ok(Header::from_object(object))
}
