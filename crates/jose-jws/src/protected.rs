//! A signature's protected header, written ([`protect`]) and read ([`read`]): what the compact
//! and JSON serializations share, so that neither imports the other.

use alloc::string::String;

use jose_core::Result;
use jose_core::alg::Alg;
use jose_jwk::Jwk;

use crate::{Header, crit};

/// Prepares a signature's protected header: checks the headers and encodes the protected one,
/// adding the key's `kid` when neither header has one and `typ` (when given) when neither has
/// one, without copying the header.
/// Returns the encoded protected header, whether the payload is base64url-encoded, and the
/// algorithm.
pub(crate) fn protect(
    protected: &Header,
    unprotected: Option<&Header>,
    key: &Jwk,
    typ: Option<&str>,
) -> Result<(String, bool, Alg)> {
    let absent = |name: &str| unprotected.is_none_or(|u| u.get(name).is_none());
    // In name order, as `encode_into` wants them. Neither can change what `crit::check`
    // finds: both are strings of registered names, added only where absent.
    let defaults = [
        key.kid().filter(|_| absent("kid")).map(|kid| ("kid", kid)),
        typ.filter(|_| absent("typ")).map(|typ| ("typ", typ)),
    ];
    let b64 = crit::check(protected.as_object(), unprotected.map(Header::as_object))?;
    let alg = match (protected.get("alg"), unprotected) {
        (None, Some(u)) if u.get("alg").is_some() => u.alg()?,
        _ => protected.alg()?,
    };
    let mut encoded = String::new();
    protected.encode_into(&mut encoded, &defaults)?;
    Ok((encoded, b64, alg))
}

/// Decodes the protected header of a JWS (compact, or a JSON signature's `protected`).
pub(crate) fn read(part: &str, max_depth: usize) -> Result<Header> {
    jose_core::header::decode_protected(part, "JWS's protected header", max_depth)
        .map(Header::from_object)
}
