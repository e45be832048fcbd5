//! The rules a JOSE header obeys before anything is verified: the protected and unprotected
//! parts are disjoint (RFC 7515 §7.2.1); `crit` is processed exactly as RFC 7515 §4.1.11 says;
//! `b64` is as RFC 7797 §3 and §6 say.

use alloc::format;
use alloc::vec::Vec;

use jose_core::json::{Object, type_name};
use jose_core::{Error, ErrorKind, Result};
use serde_json::Value;

/// Header names registered by RFC 7515, RFC 7516 and RFC 7518: never valid in `crit`.
const REGISTERED: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// The extensions this toolkit understands.
const UNDERSTOOD: &[&str] = &["b64"];

/// Checks a signature's headers and returns whether its payload is base64url-encoded.
///
/// # Errors
/// [`ErrorKind::Malformed`] for overlapping headers, a badly formed `crit` or `b64`, or a
/// registered member of the wrong type; [`ErrorKind::CritUnsupported`] for an extension this
/// toolkit does not understand.
pub fn check(protected: &Object, unprotected: Option<&Object>) -> Result<bool> {
    if let Some(unprotected) = unprotected {
        if let Some(name) = unprotected
            .keys()
            .find(|name| protected.contains_key(*name))
        {
            return Err(Error::malformed(format!(
                "`{}` is in both the protected and the unprotected header",
                name.escape_debug()
            )));
        }
        for name in ["crit", "b64"] {
            if unprotected.contains_key(name) {
                return Err(Error::malformed(format!(
                    "`{name}` must be in the protected header"
                )));
            }
        }
    }
    let joint = |name: &str| {
        protected
            .get(name)
            .or_else(|| unprotected.and_then(|u| u.get(name)))
    };
    for name in ["kid", "typ", "cty", "jku", "x5u", "x5t", "x5t#S256"] {
        if let Some(value) = joint(name)
            && !value.is_string()
        {
            return Err(Error::malformed(format!(
                "`{name}` must be a string, found {}",
                type_name(value)
            )));
        }
    }

    let crit = match protected.get("crit") {
        None => Vec::new(),
        Some(Value::Array(items)) if !items.is_empty() => {
            let mut names: Vec<&str> = Vec::with_capacity(items.len());
            for item in items {
                let Value::String(name) = item else {
                    return Err(Error::malformed("`crit` must list strings"));
                };
                if names.contains(&name.as_str()) {
                    return Err(Error::malformed(format!(
                        "`crit` lists `{}` twice",
                        name.escape_debug()
                    )));
                }
                if REGISTERED.contains(&name.as_str()) {
                    return Err(Error::malformed(format!(
                        "`crit` may not list the registered header `{name}`"
                    )));
                }
                names.push(name);
            }
            for name in &names {
                if !UNDERSTOOD.contains(name) {
                    return Err(Error::new(
                        ErrorKind::CritUnsupported,
                        format!(
                            "`crit` names `{}`, which is not understood",
                            name.escape_debug()
                        ),
                    ));
                }
                if joint(name).is_none() {
                    return Err(Error::malformed(format!(
                        "`crit` names `{name}`, which the header does not have"
                    )));
                }
            }
            names
        }
        Some(_) => return Err(Error::malformed("`crit` must be a non-empty array")),
    };

    match protected.get("b64") {
        None => Ok(true),
        Some(Value::Bool(b64)) => {
            if !crit.contains(&"b64") {
                return Err(Error::malformed(
                    "`b64` must be listed in `crit` (RFC 7797 §6)",
                ));
            }
            Ok(*b64)
        }
        Some(other) => Err(Error::malformed(format!(
            "`b64` must be a boolean, found {}",
            type_name(other)
        ))),
    }
}
