//! Plumbing the crates of the toolkit share: **not** part of the API. Nothing here is
//! documented for users or bound by semver; a user of `jose-core` never needs it.

use alloc::vec::Vec;

use serde_json::Value;

use crate::json::Object;
use crate::{Result, b64};

pub use crate::json::watch::from_slice_watched;

/// A short decoded part on the stack, a long one on the heap.
#[allow(clippy::exhaustive_enums)] // the crates read it as a slice, never match it
pub enum Decoded<const N: usize> {
    /// Fits in `N` bytes.
    Inline([u8; N], usize),
    /// Longer.
    Heap(Vec<u8>),
}

impl<const N: usize> core::ops::Deref for Decoded<N> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Decoded::Inline(bytes, len) => bytes.get(..*len).unwrap_or_default(),
            Decoded::Heap(bytes) => bytes,
        }
    }
}

/// [`decode_public`](crate::b64::decode_public) into `N` bytes on the stack when the part is short enough, onto the heap
/// otherwise: for headers, signatures, IVs and tags.
///
/// # Errors
/// As [`decode`](crate::b64::decode).
pub fn decode_public_short<const N: usize>(text: impl AsRef<[u8]>) -> Result<Decoded<N>> {
    let text = text.as_ref();
    let mut inline = [0u8; N];
    match b64::decode_public_into(text, &mut inline)? {
        Some(len) => Ok(Decoded::Inline(inline, len)),
        None => b64::decode_public(text).map(Decoded::Heap),
    }
}

/// [`decode_public_short`] of one named part of a token: a bad part's error says which
/// (`"the JWE's iv is not valid base64url"`).
///
/// # Errors
/// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) naming `part`.
pub fn decode_part<const N: usize>(text: impl AsRef<[u8]>, part: &str) -> Result<Decoded<N>> {
    decode_public_short(text).map_err(|e| named(e, part))
}

/// [`b64::decode_public`] of one named part of a token, as [`decode_part`].
///
/// # Errors
/// As [`decode_part`].
pub fn decode_long_part(text: impl AsRef<[u8]>, part: &str) -> Result<Vec<u8>> {
    b64::decode_public(text).map_err(|e| named(e, part))
}

fn named(e: crate::Error, part: &str) -> crate::Error {
    crate::Error::malformed(alloc::format!("the {part} is not valid base64url")).with_source(e)
}

/// [`json::select_members`](crate::json): the registered claims of a token whose claims
/// the caller deserializes into its own type.
///
/// # Errors
/// As [`json::parse_object`](crate::json::parse_object).
pub fn select_members(
    bytes: &[u8],
    max_depth: usize,
    keep: impl Fn(&str) -> bool,
) -> Result<Object> {
    crate::json::select_members(bytes, max_depth, keep)
}

/// A name that appears twice among `names`, if one does (`names` may be reordered).
pub fn first_duplicate<S: core::ops::Deref<Target = str>>(names: &mut [S]) -> Option<&str> {
    crate::json::first_duplicate(names)
}

/// Adds a member a header lacks, unless the header is kept byte for byte (the crates add the
/// key's `kid` so).
pub fn add_if_absent<A>(header: &mut crate::header::Header<A>, name: &str, value: Value) {
    header.add_if_absent(name, value);
}
