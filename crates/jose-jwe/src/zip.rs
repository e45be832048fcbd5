//! `zip: DEF` (RFC 7516 §4.1.3): raw DEFLATE (RFC 1951) of the plaintext before encryption.
//! Inflating is capped while it happens, never after: a small bomb cannot make it allocate
//! more than the limit.

use alloc::vec::Vec;

use jose_core::{Error, Result};
use serde_json::Value;

use jose_core::json::Object;

/// Whether the protected header asks for compression; `zip` anywhere else, or with another
/// value, is refused.
pub(crate) fn requested(protected: &Object) -> Result<bool> {
    match protected.get("zip") {
        None => Ok(false),
        Some(Value::String(s)) if s == "DEF" => {
            if cfg!(feature = "zip") {
                Ok(true)
            } else {
                Err(Error::unsupported("`zip: DEF` is not compiled in"))
            }
        }
        Some(Value::String(other)) => Err(Error::unsupported(alloc::format!(
            "unsupported `zip` `{}`",
            jose_core::echo(other)
        ))),
        Some(_) => Err(Error::malformed("`zip` must be a string")),
    }
}

/// Compresses.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    #[cfg(feature = "zip")]
    {
        miniz_oxide::deflate::compress_to_vec(data, 6)
    }
    #[cfg(not(feature = "zip"))]
    {
        data.to_vec()
    }
}

/// Decompresses at most `limit` bytes.
///
/// # Errors
/// [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded) when the output would be
/// larger; [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for data that is not
/// DEFLATE.
pub(crate) fn inflate(data: &[u8], limit: usize) -> Result<Vec<u8>> {
    #[cfg(feature = "zip")]
    {
        use miniz_oxide::inflate::TINFLStatus;
        miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit).map_err(|e| {
            match e.status {
                TINFLStatus::HasMoreOutput => Error::limit(alloc::format!(
                    "the decompressed plaintext is larger than {limit} bytes"
                )),
                _ => Error::malformed("the plaintext is not valid DEFLATE data"),
            }
        })
    }
    #[cfg(not(feature = "zip"))]
    {
        let _ = (data, limit);
        Err(Error::unsupported("`zip: DEF` is not compiled in"))
    }
}
