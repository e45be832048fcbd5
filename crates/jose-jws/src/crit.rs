//! The rules a JWS header obeys before anything is verified: those JWS and JWE share
//! ([`jose_core::crit::check`]: disjoint headers, `crit` as RFC 7515 §4.1.11 says), and
//! RFC 7797's `b64`, the one extension this toolkit understands.

use alloc::format;

use jose_core::json::{Object, type_name};
use jose_core::{Error, Result};
use serde_json::Value;

/// Checks a signature's headers and returns whether its payload is base64url-encoded.
///
/// # Errors
/// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for overlapping headers, a badly
/// formed `crit` or `b64`, or a registered member of the wrong type;
/// [`ErrorKind::CritUnsupported`](jose_core::ErrorKind::CritUnsupported) for an extension
/// this toolkit does not understand.
pub fn check(protected: &Object, unprotected: Option<&Object>) -> Result<bool> {
    let unprotected: &[&Object] = match &unprotected {
        Some(u) => core::slice::from_ref(u),
        None => &[],
    };
    let crit = jose_core::crit::check(protected, unprotected, &["b64"], &["b64"])?;
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
