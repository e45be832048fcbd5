//! Reading a JWS without verifying it. Nothing here is authenticated: an attacker chooses
//! every byte. Use it to debug, or to route a token before verifying it, never to decide
//! anything.

use alloc::vec::Vec;

use jose_core::{Limits, Result, b64};

use crate::Header;
use crate::compact::split;

/// The protected header of a compact JWS, **not verified**: for instance to look at `kid`
/// before choosing keys.
///
/// # Errors
/// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a token that is not a
/// well-formed compact JWS; [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded)
/// for one over the limits.
pub fn peek_header(token: &str) -> Result<Header> {
    let limits = Limits::DEFAULT;
    if token.len() > limits.max_input_bytes() {
        return Err(jose_core::Error::limit("the JWS is above the size limit"));
    }
    crate::protected::read(split(token)?.header, limits.max_json_depth())
}

/// The protected header and payload of a compact JWS, **not verified**.
///
/// # Errors
/// As [`peek_header`], and [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a
/// payload that is not base64url (unless `b64` is false).
pub fn decode_unverified(token: &str) -> Result<(Header, Vec<u8>)> {
    let header = peek_header(token)?;
    let parts = split(token)?;
    let payload = if header.b64() == Some(false) {
        parts.payload.as_bytes().to_vec()
    } else {
        b64::decode_public(parts.payload)?
    };
    Ok((header, payload))
}
