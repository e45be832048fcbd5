#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// Every public enum and struct can grow without breaking a user's `match` or literal.
#![deny(clippy::exhaustive_enums, clippy::exhaustive_structs)]
// No arithmetic an input can reach may wrap or panic: lengths and counts use checked or
// saturating operations (unit tests are exempt).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod claims;
#[cfg(feature = "jwe")]
pub mod nested;
mod numeric_date;
mod registry;
#[cfg(feature = "std")]
mod shape;
mod validation;
mod write;

use alloc::string::String;

pub use claims::{Claims, RegisteredClaims};
pub use jose_core::alg::Alg;
pub use jose_core::{Error, ErrorKind, Fault, Limits, Result};
#[cfg(feature = "ecdsa")]
pub use jose_jwk::EcCurve;
#[cfg(feature = "eddsa")]
pub use jose_jwk::OkpCurve;
pub use jose_jwk::{Jwk, JwkSet, KeyOp, KeySource, KeySpec, Object, Resolver, SigningKeys};
pub use jose_jws::Header;
pub use numeric_date::NumericDate;
pub use registry::{ClaimRule, ClaimsRegistry};
pub use validation::Validation;

use jose_jws::compact;

/// A verified and validated token: its header, its registered claims (typed), and its claims
/// as the caller's type `T` (or a JSON object).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Token<T = Object> {
    /// The protected header.
    pub header: Header,
    /// The registered claims.
    pub registered: RegisteredClaims,
    /// All the claims, as `T`.
    pub claims: T,
    /// The claims named by [`Validation::capture`] that the token has, as JSON values
    /// (empty otherwise).
    pub captured: Object,
}

/// Whether `name` is a registered claim (RFC 7519 §4.1).
fn is_registered(name: &str) -> bool {
    // All are three letters: compared as one small array, not seven strings.
    matches!(
        <&[u8; 3]>::try_from(name.as_bytes()),
        Ok(b"iss" | b"sub" | b"aud" | b"exp" | b"nbf" | b"iat" | b"jti")
    )
}

/// Signs `claims` (any type that serializes to a JSON object) into a compact JWT. `typ` is
/// set to `JWT` when the header has none; the key's `kid` is added. To sign many tokens with
/// one header and key, make a [`Signer`] once.
///
/// # Errors
/// [`ErrorKind::InvalidClaim`] for claims that are not an object (or hold a member twice) or a
/// registered claim of the wrong type; [`ErrorKind::Malformed`] for `b64: false` (never in a
/// JWT); and those of [`jose_jws::compact::sign`].
#[cfg(feature = "std")]
pub fn sign<T: serde::Serialize + ?Sized>(
    header: &Header,
    claims: &T,
    key: &(impl SigningKeys + ?Sized),
) -> Result<String> {
    Signer::new(header, key)?.sign(claims)
}

/// [`sign`] with the caller's RNG.
///
/// # Errors
/// As [`sign`].
pub fn sign_with_rng<T: serde::Serialize + ?Sized>(
    header: &Header,
    claims: &T,
    key: &(impl SigningKeys + ?Sized),
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    Signer::new(header, key)?.sign_with_rng(claims, rng)
}

/// A header and a key made ready once, for signing many JWTs: the header is checked and
/// encoded (with `typ: JWT` unless it has a `typ`, and the key's `kid`), and the key checked
/// for the header's algorithm, when the signer is made; each token then costs the claims'
/// JSON and the signature.
///
/// ```
/// use jose_jwt::{Alg, Claims, Header, Jwk, Signer, Validation};
/// use jose_jwk::KeySpec;
///
/// let key = Jwk::generate(KeySpec::Oct(256))?;
/// let signer = Signer::new(&Header::new(Alg::HS256), &key)?;
/// let token = signer.sign(&Claims::new().subject("user-42"))?;
/// let verified = jose_jwt::verify::<serde_json::Value>(&token, &key, &Validation::new([Alg::HS256]))?;
/// assert_eq!(verified.registered.sub.as_deref(), Some("user-42"));
/// # Ok::<(), jose_jwt::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Signer<'k>(compact::Signer<'k>);

impl<'k> Signer<'k> {
    /// A signer of JWTs with `header` and `key`.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for `b64: false` (never in a JWT); those of
    /// [`jose_jws::compact::Signer::new`].
    pub fn new(header: &Header, key: &'k (impl SigningKeys + ?Sized)) -> Result<Self> {
        if header.b64() == Some(false) {
            return Err(Error::malformed(
                "a JWT never has an unencoded payload (`b64: false`)",
            ));
        }
        compact::Signer::with_default_typ(header, Some("JWT"), key).map(Self)
    }

    /// Signs `claims` with the operating system's RNG.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidClaim`] for claims that are not an object (or hold a member twice)
    /// or a registered claim of the wrong type.
    #[cfg(feature = "std")]
    pub fn sign<T: serde::Serialize + ?Sized>(&self, claims: &T) -> Result<String> {
        self.sign_with_rng(claims, &mut rand::rng())
    }

    /// [`Signer::sign`] with the caller's RNG.
    ///
    /// # Errors
    /// As [`Signer::sign`].
    pub fn sign_with_rng<T: serde::Serialize + ?Sized>(
        &self,
        claims: &T,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<String> {
        let payload = write::claims_json(claims)?;
        self.0.sign_with_rng(&payload, rng)
    }
}

/// Verifies a compact JWT's signature with `keys` under `validation`'s allowed algorithms,
/// then validates its claims, and returns them as `T` (use [`Object`] for dynamic claims).
/// Nothing about the claims is looked at before the signature verified.
///
/// # Errors
/// Those of [`jose_jws::Verifier::verify_compact`] first; then [`ErrorKind::InvalidType`],
/// [`ErrorKind::Expired`], [`ErrorKind::NotYetValid`], [`ErrorKind::IssuedInFuture`],
/// [`ErrorKind::InvalidIssuer`], [`ErrorKind::InvalidAudience`], [`ErrorKind::MissingClaim`]
/// and [`ErrorKind::InvalidClaim`] (also for claims that do not fit `T`);
/// [`ErrorKind::Malformed`] for a JSON serialization or a payload that is not an object.
pub fn verify<T: serde::de::DeserializeOwned>(
    token: &str,
    keys: &(impl KeySource + ?Sized),
    validation: &Validation,
) -> Result<Token<T>> {
    let token = token.trim();
    if token.starts_with('{') {
        return Err(Error::malformed("a JWT uses the compact serialization"));
    }
    let verified = validation.verifier.verify_compact(token, keys)?;
    let (header, payload) = verified.into_parts();
    if header.b64() == Some(false) {
        return Err(Error::malformed(
            "a JWT never has an unencoded payload (`b64: false`)",
        ));
    }
    validation.check_typ(header.typ())?;
    let (claims, registered, ruled) =
        read_claims::<T>(&payload, validation.limits.max_json_depth(), |name| {
            validation.looks_at(name)
        })?;
    validation.check_claims(&ruled, &registered)?;
    Ok(Token {
        header,
        registered,
        claims,
        captured: validation.captured_of(&ruled),
    })
}

/// Reads a JWT's claims in one strict pass into `T`, copying out the claims validation looks
/// at: the registered ones, typed, and those `ruled` names (the claims registry's).
fn read_claims<T: serde::de::DeserializeOwned>(
    payload: &[u8],
    max_depth: usize,
    ruled_by: impl Fn(&str) -> bool,
) -> Result<(T, RegisteredClaims, Object)> {
    let mut registered = RegisteredClaims::default();
    let mut ruled = Object::new();
    let mut wrong_type = None;
    let claims = jose_core::internal::from_slice_watched::<T>(
        payload,
        max_depth,
        |name| is_registered(name) || ruled_by(name),
        |name, value| {
            if ruled_by(name) {
                ruled.insert(name.into(), value.clone());
            }
            if let Err(e) = registered.take(name, value) {
                wrong_type.get_or_insert(e);
            }
        },
    )
    .map_err(|e| match e.kind() {
        ErrorKind::InvalidClaim => Error::new(
            ErrorKind::InvalidClaim,
            alloc::format!("the claims do not fit the expected type ({})", e.message()),
        ),
        _ => e.context("the JWT's payload is not a JSON object"),
    })?;
    if let Some(e) = wrong_type {
        return Err(e);
    }
    Ok((claims, registered, ruled))
}

pub mod dangerous {
    //! Reading a JWT without verifying it, as PyJWT's `options={"verify_signature": False}`
    //! and jsonwebtoken's `insecure_decode` do. Nothing here is authenticated and nothing is
    //! validated: an attacker chooses every claim. Use it to debug, or to route a token (by
    //! `iss`, say) before verifying it with [`crate::verify`], never to decide anything.

    use super::{Error, Object, Result, Token, read_claims};

    /// The header and claims of a compact JWT, **not verified and not validated**: the
    /// signature is not checked, nor `exp`, `nbf`, `iat`, `iss` or `aud`. The claims are read
    /// as strictly as [`crate::verify`] reads them (no duplicate member, registered claims of
    /// the right type), into `T` (a `serde_json::Map` for dynamic claims).
    ///
    /// ```
    /// use jose_jwt::{Alg, Claims, Header, Token};
    /// use jose_jwk::{Jwk, KeySpec};
    /// let key = Jwk::generate(KeySpec::Oct(256))?;
    /// let jwt = jose_jwt::sign(&Header::new(Alg::HS256), &Claims::new().issuer("https://idp"), &key)?;
    /// let token: Token = jose_jwt::dangerous::decode_unverified(&jwt)?;
    /// assert_eq!(token.registered.iss.as_deref(), Some("https://idp"));
    /// # Ok::<(), jose_jwt::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) for a token that is not a compact
    /// JWS with a JSON object payload; [`ErrorKind::InvalidClaim`](crate::ErrorKind::InvalidClaim)
    /// for a registered claim of the wrong type or claims that do not fit `T`;
    /// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) over the limits.
    pub fn decode_unverified<T: serde::de::DeserializeOwned>(token: &str) -> Result<Token<T>> {
        let token = token.trim();
        let (header, payload) = jose_jws::dangerous::decode_unverified(token)?;
        if header.b64() == Some(false) {
            return Err(Error::malformed(
                "a JWT never has an unencoded payload (`b64: false`)",
            ));
        }
        let (claims, registered, _) = read_claims::<T>(
            &payload,
            jose_core::Limits::DEFAULT.max_json_depth(),
            |_| false,
        )?;
        Ok(Token {
            header,
            registered,
            claims,
            captured: Object::new(),
        })
    }
}
