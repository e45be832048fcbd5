//! The header rules JWS and JWE share: the protected and unprotected headers are disjoint
//! (RFC 7515 §7.2.1, RFC 7516 §7.2.1), registered members have their types, and `crit` is
//! processed exactly as RFC 7515 §4.1.11 says.

use alloc::format;
use alloc::vec::Vec;

use serde_json::Value;

use crate::json::{Object, type_name};
use crate::{Error, ErrorKind, Result};

/// Header names registered by RFC 7515, RFC 7516 and RFC 7518: never valid in `crit`.
pub const REGISTERED: &[&str] = &[
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// Checks the headers of one signature or recipient: `protected`, then any unprotected ones
/// (JWE has a shared and a per-recipient one). `must_protect` lists the members that may only
/// appear in the protected header (`crit` always is); `understood` the `crit` extensions the
/// caller implements. Returns the names `crit` lists.
///
/// # Errors
/// [`ErrorKind::Malformed`] for a member in two headers, a member that must be protected and
/// is not, a registered member of the wrong type, or a badly formed `crit`;
/// [`ErrorKind::CritUnsupported`] for an extension not in `understood`.
pub fn check<'a>(
    protected: &'a Object,
    unprotected: &[&Object],
    must_protect: &[&str],
    understood: &[&str],
) -> Result<Vec<&'a str>> {
    for (i, header) in unprotected.iter().enumerate() {
        let earlier = core::iter::once(protected).chain(unprotected.iter().take(i).copied());
        for other in earlier {
            if let Some(name) = header.keys().find(|name| other.contains_key(*name)) {
                return Err(Error::malformed(format!(
                    "`{}` is in two headers of the same JOSE object",
                    crate::echo(name)
                )));
            }
        }
        for name in core::iter::once("crit").chain(must_protect.iter().copied()) {
            if header.contains_key(name) {
                return Err(Error::malformed(format!(
                    "`{name}` must be in the protected header"
                )));
            }
        }
    }
    let joint = |name: &str| {
        protected
            .get(name)
            .or_else(|| unprotected.iter().find_map(|u| u.get(name)))
    };
    // Each member is in one header at most (checked above): one walk over them all.
    for header in core::iter::once(protected).chain(unprotected.iter().copied()) {
        for (name, value) in header {
            if matches!(
                name.as_str(),
                "kid" | "typ" | "cty" | "jku" | "x5u" | "x5t" | "x5t#S256" | "alg" | "enc" | "zip"
            ) && !value.is_string()
            {
                return Err(Error::malformed(format!(
                    "`{}` must be a string, found {}",
                    crate::echo(name),
                    type_name(value)
                )));
            }
        }
    }

    let Some(crit) = protected.get("crit") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = crit else {
        return Err(Error::malformed("`crit` must be a non-empty array"));
    };
    if items.is_empty() {
        return Err(Error::malformed("`crit` must be a non-empty array"));
    }
    let mut names: Vec<&str> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(name) = item else {
            return Err(Error::malformed("`crit` must list strings"));
        };
        if names.contains(&name.as_str()) {
            return Err(Error::malformed(format!(
                "`crit` lists `{}` twice",
                crate::echo(name)
            )));
        }
        if REGISTERED.contains(&name.as_str()) {
            return Err(Error::malformed(format!(
                "`crit` may not list the registered header `{}`",
                crate::echo(name)
            )));
        }
        names.push(name);
    }
    for name in &names {
        if !understood.contains(name) {
            return Err(Error::new(
                ErrorKind::CritUnsupported,
                format!(
                    "`crit` names `{}`, which is not understood",
                    crate::echo(name)
                ),
            ));
        }
        if joint(name).is_none() {
            return Err(Error::malformed(format!(
                "`crit` names `{name}`, which the header does not have"
            )));
        }
    }
    Ok(names)
}
