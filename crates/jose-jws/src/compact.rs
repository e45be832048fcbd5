//! The JWS Compact Serialization (RFC 7515 §7.1): `header.payload.signature`.

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;

use jose_core::alg::Alg;
use jose_core::{Error, Result, b64};
use jose_jwk::{Jwk, KeyTrials, SigningKeys};

use crate::KeySource;
use crate::verify::{Verified, Verifier, with_keys};
use crate::{Header, crit, unencoded};

/// Signs `payload` into a compact JWS with the operating system's RNG (used by RSA blinding
/// and PSS salts; the other algorithms are deterministic). The key's `kid` is added to the
/// header when the header has none.
///
/// # Errors
/// [`ErrorKind::InvalidKey`](jose_core::ErrorKind::InvalidKey) when the key cannot sign with
/// the header's `alg`; [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a bad
/// header (no `alg`, bad `crit` or `b64`) or an unencoded payload with a `.` or not UTF-8;
/// [`ErrorKind::UnsupportedAlgorithm`](jose_core::ErrorKind::UnsupportedAlgorithm) and
/// [`ErrorKind::CritUnsupported`](jose_core::ErrorKind::CritUnsupported) as their names say.
#[cfg(feature = "std")]
pub fn sign(header: &Header, payload: &[u8], key: &(impl SigningKeys + ?Sized)) -> Result<String> {
    sign_with_rng(header, payload, key, &mut rand::rng())
}

/// [`sign`] with the caller's RNG (for `no_std`).
///
/// # Errors
/// As [`sign`].
pub fn sign_with_rng(
    header: &Header,
    payload: &[u8],
    key: &(impl SigningKeys + ?Sized),
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    Signer::new(header, key)?.make(payload, rng, false)
}

/// Signs `payload` into a compact JWS whose payload part is left empty (RFC 7515 App. F): the
/// verifier gets the payload some other way.
///
/// # Errors
/// As [`sign`].
#[cfg(feature = "std")]
pub fn sign_detached(
    header: &Header,
    payload: &[u8],
    key: &(impl SigningKeys + ?Sized),
) -> Result<String> {
    sign_detached_with_rng(header, payload, key, &mut rand::rng())
}

/// [`sign_detached`] with the caller's RNG.
///
/// # Errors
/// As [`sign`].
pub fn sign_detached_with_rng(
    header: &Header,
    payload: &[u8],
    key: &(impl SigningKeys + ?Sized),
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    Signer::new(header, key)?.make(payload, rng, true)
}

/// A protected header and a key made ready once, for signing many payloads: the header is
/// checked and encoded, and the key checked for its algorithm, when the signer is made. What
/// a service that issues tokens holds.
///
/// ```
/// use jose_jws::{Alg, Header, Verifier, compact::Signer};
/// use jose_jwk::{Jwk, KeySpec};
///
/// let key = Jwk::generate(KeySpec::Oct(256))?.with_kid("2026-11")?;
/// let signer = Signer::new(&Header::new(Alg::HS256).with_typ("JWT"), &key)?;
/// let first = signer.sign(b"one")?;
/// let second = signer.sign(b"two")?;
/// let verified = Verifier::new([Alg::HS256]).verify_compact(&second, &key)?;
/// assert_eq!(verified.payload(), b"two");
/// assert_eq!(verified.protected().kid(), Some("2026-11"));
/// # let _ = first;
/// # Ok::<(), jose_jws::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Signer<'k> {
    key: &'k Jwk,
    alg: Alg,
    b64: bool,
    protected: String,
}

impl<'k> Signer<'k> {
    /// A signer of `header` (the key's `kid` added when it has none) with `key`.
    ///
    /// # Errors
    /// As [`sign`], for everything but the payload.
    pub fn new(header: &Header, key: &'k (impl SigningKeys + ?Sized)) -> Result<Self> {
        Self::with_default_typ(header, None, key)
    }

    /// [`Signer::new`], with `typ` in the protected header when `header` has none (as a JWT's
    /// `JWT`), added without copying `header`.
    ///
    /// # Errors
    /// As [`Signer::new`].
    pub fn with_default_typ(
        header: &Header,
        typ: Option<&str>,
        keys: &'k (impl SigningKeys + ?Sized),
    ) -> Result<Self> {
        let key = keys.signing_key(header.kid(), header.alg()?)?;
        let (protected, b64, alg) = crate::protected::protect(header, None, key, typ)?;
        Ok(Self {
            key,
            alg,
            b64,
            protected,
        })
    }

    /// The algorithm it signs with.
    #[must_use]
    pub fn alg(&self) -> Alg {
        self.alg
    }

    /// Signs `payload` into a compact JWS with the operating system's RNG.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for an unencoded payload
    /// with a `.` or not UTF-8; [`ErrorKind::InvalidKey`](jose_core::ErrorKind::InvalidKey)
    /// when the signature cannot be made.
    #[cfg(feature = "std")]
    pub fn sign(&self, payload: &[u8]) -> Result<String> {
        self.make(payload, &mut rand::rng(), false)
    }

    /// [`Signer::sign`] with the caller's RNG.
    ///
    /// # Errors
    /// As [`Signer::sign`].
    pub fn sign_with_rng(
        &self,
        payload: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<String> {
        self.make(payload, rng, false)
    }

    /// Signs `payload` into a compact JWS whose payload part is left empty (RFC 7515 App. F).
    ///
    /// # Errors
    /// As [`Signer::sign`].
    pub fn sign_detached_with_rng(
        &self,
        payload: &[u8],
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<String> {
        self.make(payload, rng, true)
    }

    fn make(
        &self,
        payload: &[u8],
        rng: &mut impl rand_core::CryptoRng,
        detached: bool,
    ) -> Result<String> {
        // An unencoded payload the token carries is text without `.`.
        let text = if !self.b64 && !detached {
            unencoded::check_compact_payload(payload)?;
            Some(core::str::from_utf8(payload).map_err(|_| {
                Error::malformed("an unencoded payload carried in a compact JWS must be UTF-8")
            })?)
        } else {
            None
        };
        let header_len = self.protected.len();
        // Room for the payload, as base64url or as it is, the separators and a signature.
        let room = payload
            .len()
            .saturating_mul(4)
            .div_ceil(3)
            .saturating_add(256);
        let mut token = String::with_capacity(header_len.saturating_add(room));
        token.push_str(&self.protected);
        let signature = if self.b64 {
            // The signing input is already text: the token grows from it.
            token.push('.');
            b64::encode_public_into(&mut token, payload);
            crate::alg::sign(self.alg, self.key, token.as_bytes(), rng)?
        } else {
            let input = unencoded::signing_input(&token, payload, false);
            let signature = crate::alg::sign(self.alg, self.key, &input, rng)?;
            token.push('.');
            token.push_str(text.unwrap_or_default());
            signature
        };
        if detached {
            token.truncate(header_len.saturating_add(1));
        }
        token.push('.');
        b64::encode_public_into(&mut token, &signature);
        Ok(token)
    }
}

/// The three parts of a compact JWS, split after counting the dots.
pub(crate) struct Parts<'a> {
    pub(crate) header: &'a str,
    pub(crate) payload: &'a str,
    pub(crate) signature: &'a str,
}

pub(crate) fn split(token: &str) -> Result<Parts<'_>> {
    let mut parts = token.split('.');
    if let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    {
        return Ok(Parts {
            header,
            payload,
            signature,
        });
    }
    match token.split('.').count() {
        5 => Err(Error::malformed(
            "this is a JWE (five parts), not a JWS: use the JWE API",
        )),
        n => Err(Error::malformed(format!(
            "a compact JWS has 3 parts, this has {n}"
        ))),
    }
}

impl Verifier {
    /// Verifies a compact JWS and returns its header and payload.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a token that is not a
    /// well-formed compact JWS (a JWE included); [`ErrorKind::AlgorithmNotAllowed`](jose_core::ErrorKind::AlgorithmNotAllowed)
    /// for an `alg` outside the allow-list; [`ErrorKind::CritUnsupported`](jose_core::ErrorKind::CritUnsupported);
    /// [`ErrorKind::NoMatchingKey`](jose_core::ErrorKind::NoMatchingKey) or
    /// [`ErrorKind::InvalidKey`](jose_core::ErrorKind::InvalidKey) when no key fits;
    /// [`ErrorKind::InvalidSignature`](jose_core::ErrorKind::InvalidSignature);
    /// [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded) for a token over the
    /// size limit or a header nested too deeply.
    pub fn verify_compact<'t>(
        &self,
        token: &'t str,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Verified<'t>> {
        self.compact(token, None, keys)
    }

    /// Verifies a compact JWS whose payload is detached (RFC 7515 App. F): its payload part
    /// must be empty, and `payload` is what was signed.
    ///
    /// # Errors
    /// As [`Verifier::verify_compact`].
    pub fn verify_compact_detached<'p>(
        &self,
        token: &str,
        payload: &'p [u8],
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Verified<'p>> {
        self.compact(token, Some(payload), keys)
    }

    fn compact<'a>(
        &self,
        token: &str,
        detached: Option<&'a [u8]>,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Verified<'a>> {
        self.check_size(token.len())?;
        let parts = split(token)?;
        let protected = crate::protected::read(parts.header, self.limits.max_json_depth())?;
        let b64 = crit::check(protected.as_object(), None)?;
        let alg = self.algorithm(&protected, None)?;
        let signature =
            jose_core::internal::decode_part::<136>(parts.signature, "JWS's signature")?;
        let (payload, input): (Cow<'a, [u8]>, Cow<'_, [u8]>) = match detached {
            Some(payload) => {
                if !parts.payload.is_empty() {
                    return Err(Error::malformed(
                        "a detached payload was given, and the token carries one",
                    ));
                }
                let input = unencoded::signing_input(parts.header, payload, b64);
                (Cow::Borrowed(payload), Cow::Owned(input))
            }
            None => {
                // The signing input is the token's own bytes: nothing is re-encoded.
                let end = parts
                    .header
                    .len()
                    .saturating_add(1)
                    .saturating_add(parts.payload.len());
                let input = token.as_bytes().get(..end).unwrap_or_default();
                let payload = if b64 {
                    jose_core::internal::decode_long_part(parts.payload, "JWS's payload")?
                } else {
                    parts.payload.as_bytes().to_vec()
                };
                let payload = Cow::Owned(payload);
                (payload, Cow::Borrowed(input))
            }
        };
        let kid = with_keys(
            keys,
            &protected,
            alg,
            &input,
            &signature,
            &mut KeyTrials::new(&self.limits),
        )?;
        Ok(Verified {
            protected,
            unprotected: None,
            payload,
            alg,
            kid,
        })
    }
}
