#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
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
mod validation;

use alloc::string::String;

pub use claims::{Claims, RegisteredClaims};
pub use jose_core::alg::Alg;
pub use jose_core::{Error, ErrorKind, Limits, Result};
pub use jose_jwk::{Jwk, JwkSet, KeySource, Resolver};
pub use jose_jws::Header;
pub use numeric_date::NumericDate;
pub use registry::{ClaimRule, ClaimsRegistry};
pub use validation::Validation;

use jose_core::json::{self, Object};
use jose_jws::{Verifier, compact};
use serde_json::Value;

/// A verified and validated token: its header, its registered claims (typed), and its claims
/// as the caller's type `T` (or a JSON object).
#[derive(Debug, Clone, PartialEq)]
pub struct Token<T = Object> {
    /// The protected header.
    pub header: Header,
    /// The registered claims.
    pub registered: RegisteredClaims,
    /// All the claims, as `T`.
    pub claims: T,
}

/// The registered claims of serialized claims, read without building the others (they are
/// skipped): what signing checks before it signs.
struct RegisteredOnly(Object);

impl<'de> serde::Deserialize<'de> for RegisteredOnly {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = RegisteredOnly;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> core::result::Result<RegisteredOnly, A::Error> {
                let mut object = Object::new();
                while let Some(name) = map.next_key::<alloc::borrow::Cow<'de, str>>()? {
                    if matches!(
                        &*name,
                        "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti"
                    ) {
                        object.insert(name.into_owned(), map.next_value::<Value>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(RegisteredOnly(object))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// The claims as JSON, once their registered claims are checked.
fn claims_json<T: serde::Serialize + ?Sized>(claims: &T) -> Result<alloc::vec::Vec<u8>> {
    let payload = serde_json::to_vec(claims).map_err(|e| {
        Error::new(
            ErrorKind::InvalidClaim,
            "the claims cannot be written as JSON",
        )
        .with_source(e)
    })?;
    let RegisteredOnly(registered) = serde_json::from_slice(&payload)
        .map_err(|_| Error::new(ErrorKind::InvalidClaim, "the claims must be a JSON object"))?;
    RegisteredClaims::read(&registered)?;
    Ok(payload)
}

/// Signs `claims` (any type that serializes to a JSON object) into a compact JWT. `typ` is
/// set to `JWT` when the header has none; the key's `kid` is added.
///
/// # Errors
/// [`ErrorKind::InvalidClaim`] for claims that are not an object or a registered claim of the
/// wrong type; [`ErrorKind::Malformed`] for `b64: false` (never in a JWT); and those of
/// [`jose_jws::compact::sign`].
#[cfg(feature = "std")]
pub fn sign<T: serde::Serialize + ?Sized>(
    header: &Header,
    claims: &T,
    key: &Jwk,
) -> Result<String> {
    let (header, payload) = prepare(header, claims)?;
    compact::sign(&header, &payload, key)
}

/// [`sign`] with the caller's RNG.
///
/// # Errors
/// As [`sign`].
pub fn sign_with_rng<T: serde::Serialize + ?Sized>(
    header: &Header,
    claims: &T,
    key: &Jwk,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<String> {
    let (header, payload) = prepare(header, claims)?;
    compact::sign_with_rng(&header, &payload, key, rng)
}

fn prepare<T: serde::Serialize + ?Sized>(
    header: &Header,
    claims: &T,
) -> Result<(Header, alloc::vec::Vec<u8>)> {
    let payload = claims_json(claims)?;
    if header.b64() == Some(false) {
        return Err(Error::malformed(
            "a JWT never has an unencoded payload (`b64: false`)",
        ));
    }
    let mut header = header.clone();
    header.add_if_absent("typ", Value::String("JWT".into()));
    Ok((header, payload))
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
    let verified = Verifier::new(validation.algorithms.iter().copied())
        .with_limits(validation.limits)
        .verify_compact(token, keys)?;
    let (header, payload) = verified.into_parts();
    if header.b64() == Some(false) {
        return Err(Error::malformed(
            "a JWT never has an unencoded payload (`b64: false`)",
        ));
    }
    validation.check_typ(header.typ())?;
    let object = json::parse_object(&payload, validation.limits.max_json_depth)
        .map_err(|e| e.context("the JWT's payload is not a JSON object"))?;
    let registered = RegisteredClaims::read(&object)?;
    validation.check_claims(&object, &registered)?;
    let claims = serde_json::from_value(Value::Object(object)).map_err(|e| {
        Error::new(
            ErrorKind::InvalidClaim,
            alloc::format!("the claims do not fit the expected type: {e}"),
        )
    })?;
    Ok(Token {
        header,
        registered,
        claims,
    })
}
