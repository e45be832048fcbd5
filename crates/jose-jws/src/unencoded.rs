//! The JWS Signing Input (RFC 7515 §5.1) and RFC 7797's unencoded payloads: with `b64: false`
//! the payload enters the signing input as it is, instead of base64url-encoded.

use alloc::string::String;
use alloc::vec::Vec;

use jose_core::{Error, Result, b64};

/// `ASCII(BASE64URL(protected)) || '.' || payload`, the payload base64url-encoded unless
/// `b64` is false.
pub(crate) fn signing_input(protected_b64: &str, payload: &[u8], b64: bool) -> Vec<u8> {
    if b64 {
        encoded_signing_input(protected_b64, payload).into_bytes()
    } else {
        let mut input = Vec::with_capacity(capacity(protected_b64, payload));
        input.extend_from_slice(protected_b64.as_bytes());
        input.push(b'.');
        input.extend_from_slice(payload);
        input
    }
}

/// The signing input of a base64url-encoded payload, as text.
pub(crate) fn encoded_signing_input(protected_b64: &str, payload: &[u8]) -> String {
    let mut input = String::with_capacity(capacity(protected_b64, payload));
    input.push_str(protected_b64);
    input.push('.');
    b64::encode_public_into(&mut input, payload);
    input
}

/// Room for the signing input and the signature that the compact serialization appends.
fn capacity(protected_b64: &str, payload: &[u8]) -> usize {
    protected_b64
        .len()
        .saturating_add(payload.len().saturating_mul(4).div_ceil(3))
        .saturating_add(180)
}

/// RFC 7797 §5.2: an unencoded payload carried in a compact JWS may not contain `.`.
pub(crate) fn check_compact_payload(payload: &[u8]) -> Result<()> {
    if payload.contains(&b'.') {
        return Err(Error::malformed(
            "an unencoded payload carried in a compact JWS may not contain `.` (RFC 7797 §5.2); \
             detach it or use the JSON serialization",
        ));
    }
    Ok(())
}
