//! Strict base64url (RFC 7515 §2): the URL-safe alphabet, no padding, no whitespace, and
//! canonical trailing bits. Anything else is [`ErrorKind::Malformed`](crate::ErrorKind).

use alloc::string::String;
use alloc::vec::Vec;
use base64ct::{Base64UrlUnpadded, Encoding};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// Encodes `bytes` as unpadded base64url.
#[must_use]
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    Base64UrlUnpadded::encode_string(bytes.as_ref())
}

/// Decodes strict unpadded base64url.
///
/// # Errors
/// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) for padding, whitespace, characters
/// outside the alphabet, an impossible length, or non-canonical trailing bits.
pub fn decode(text: impl AsRef<[u8]>) -> Result<Vec<u8>> {
    let text = text.as_ref();
    let mut out = alloc::vec![0u8; decoded_len_bound(text.len())];
    let len = Base64UrlUnpadded::decode(text, &mut out)
        .map_err(|_| Error::malformed("invalid base64url"))?
        .len();
    out.truncate(len);
    Ok(out)
}

/// Decodes strict unpadded base64url into memory that is zeroized on drop (for secrets).
///
/// # Errors
/// As [`decode`].
pub fn decode_secret(text: impl AsRef<[u8]>) -> Result<Zeroizing<Vec<u8>>> {
    let text = text.as_ref();
    let mut out = Zeroizing::new(alloc::vec![0u8; decoded_len_bound(text.len())]);
    let len = Base64UrlUnpadded::decode(text, &mut out)
        .map_err(|_| Error::malformed("invalid base64url"))?
        .len();
    out.truncate(len);
    Ok(out)
}

/// Decodes padded base64 in the standard alphabet (RFC 4648 §4), as `x5c` holds it.
///
/// # Errors
/// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) for anything that is not canonical
/// padded standard base64.
pub fn decode_standard(text: impl AsRef<[u8]>) -> Result<Vec<u8>> {
    let text = text.as_ref();
    let mut out = alloc::vec![0u8; decoded_len_bound(text.len())];
    let len = base64ct::Base64::decode(text, &mut out)
        .map_err(|_| Error::malformed("invalid base64"))?
        .len();
    out.truncate(len);
    Ok(out)
}

/// Encodes `bytes` as padded base64 in the standard alphabet.
#[must_use]
pub fn encode_standard(bytes: impl AsRef<[u8]>) -> String {
    base64ct::Base64::encode_string(bytes.as_ref())
}

/// The base64url alphabet.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Each byte's 6-bit value in the alphabet, or `INVALID`.
const INVALID: u8 = 0xff;
const VALUES: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        // In a constant: an index out of bounds would fail the build, not panic.
        #[allow(clippy::indexing_slicing)]
        {
            table[ALPHABET[i] as usize] = i as u8;
        }
        i += 1;
    }
    table
};

fn symbol(six_bits: u32) -> u8 {
    ALPHABET
        .get((six_bits & 0x3f) as usize)
        .copied()
        .unwrap_or(b'A')
}

/// The two symbols of every 12-bit value: three bytes are two lookups.
const PAIRS: [[u8; 2]; 4096] = {
    let mut table = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < 4096 {
        // In a constant: an index out of bounds would fail the build, not panic.
        #[allow(clippy::indexing_slicing)]
        {
            table[i] = [ALPHABET[i >> 6], ALPHABET[i & 0x3f]];
        }
        i += 1;
    }
    table
};

fn pair(twelve_bits: u32) -> [u8; 2] {
    PAIRS
        .get((twelve_bits & 0xfff) as usize)
        .copied()
        .unwrap_or([b'A'; 2])
}

/// The 12-bit value of every pair of symbols, or `PAIR_INVALID` when either is not in the
/// alphabet: four symbols are two lookups. 128 KiB, of which decoding touches about 20.
const PAIR_INVALID: u16 = 0x8000;
static PAIR_VALUES: [u16; 65536] = {
    let mut table = [PAIR_INVALID; 65536];
    let mut i = 0;
    while i < 64 {
        let mut j = 0;
        while j < 64 {
            // In a constant: an index out of bounds would fail the build, not panic.
            #[allow(clippy::indexing_slicing)]
            {
                table[(ALPHABET[i] as usize) << 8 | ALPHABET[j] as usize] = (i << 6 | j) as u16;
            }
            j += 1;
        }
        i += 1;
    }
    table
};

fn pair_value(first: u8, second: u8) -> u32 {
    let index = usize::from(first) << 8 | usize::from(second);
    u32::from(PAIR_VALUES.get(index).copied().unwrap_or(PAIR_INVALID))
}

fn value(symbol: u8) -> u32 {
    u32::from(VALUES.get(usize::from(symbol)).copied().unwrap_or(INVALID))
}

/// Input bytes per block of [`encode_public_into`]: 192 bytes make 256 symbols.
const BLOCK_IN: usize = 192;

/// Appends `bytes` to `out` as unpadded base64url, as [`encode`] writes it, but through a
/// lookup table: faster, and **not** constant-time. For the public parts of a token only
/// (headers, payloads, signatures, ciphertexts); key material goes through [`encode`].
pub fn encode_public_into(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len().div_ceil(3).saturating_mul(4));
    // Symbols go through a small buffer, checked as text a block at a time: only the new
    // text is checked, never what `out` held before.
    let mut block = [0u8; BLOCK_IN / 3 * 4];
    for input in bytes.chunks(BLOCK_IN) {
        // Six bytes make eight symbols (four table lookups); then at most one group of three.
        let sextets = input.chunks_exact(6);
        let rest = sextets.remainder();
        let whole = input.len().saturating_sub(rest.len()) / 6;
        for (sextet, slot) in sextets.zip(block.chunks_exact_mut(8)) {
            if let (&[a, b, c, d, e, f], [s0, s1, s2, s3, s4, s5, s6, s7]) = (sextet, slot) {
                let high = u32::from(a) << 16 | u32::from(b) << 8 | u32::from(c);
                let low = u32::from(d) << 16 | u32::from(e) << 8 | u32::from(f);
                [*s0, *s1] = pair(high >> 12);
                [*s2, *s3] = pair(high);
                [*s4, *s5] = pair(low >> 12);
                [*s6, *s7] = pair(low);
            }
        }
        let mut len = whole.saturating_mul(8);
        let triples = rest.chunks_exact(3);
        let tail = triples.remainder();
        let free = block.get_mut(len..).unwrap_or_default();
        for (triple, slot) in triples.zip(free.chunks_exact_mut(4)) {
            if let ([a, b, c], [w, x, y, z]) = (triple, slot) {
                let n = u32::from(*a) << 16 | u32::from(*b) << 8 | u32::from(*c);
                [*w, *x] = pair(n >> 12);
                [*y, *z] = pair(n);
                len = len.saturating_add(4);
            }
        }
        // Only the last block can end with one or two bytes.
        let n = match *tail {
            [a] => u32::from(a) << 16,
            [a, b] => u32::from(a) << 16 | u32::from(b) << 8,
            _ => 0,
        };
        let symbols = [symbol(n >> 18), symbol(n >> 12), symbol(n >> 6)];
        let tail_symbols = if tail.is_empty() {
            0
        } else {
            tail.len().saturating_add(1)
        };
        if let (Some(slot), Some(symbols)) = (
            block.get_mut(len..len.saturating_add(tail_symbols)),
            symbols.get(..tail_symbols),
        ) {
            slot.copy_from_slice(symbols);
            len = len.saturating_add(tail_symbols);
        }
        if let Some(Ok(text)) = block.get(..len).map(core::str::from_utf8) {
            out.push_str(text);
        }
    }
}

/// [`encode_public_into`] a new string.
#[must_use]
pub fn encode_public(bytes: impl AsRef<[u8]>) -> String {
    let mut out = String::new();
    encode_public_into(&mut out, bytes.as_ref());
    out
}

/// Decodes strict unpadded base64url exactly as [`decode`] does (the same refusals), but
/// through a lookup table: faster, and **not** constant-time. For the public parts of a token
/// only; key material goes through [`decode_secret`].
///
/// # Errors
/// As [`decode`].
pub fn decode_public(text: impl AsRef<[u8]>) -> Result<Vec<u8>> {
    let text = text.as_ref();
    let mut out = alloc::vec![0u8; decoded_len_bound(text.len())];
    let len = decode_public_into(text, &mut out)?.unwrap_or_default();
    out.truncate(len);
    Ok(out)
}

/// [`decode_public`] into the caller's buffer (on the stack, for short parts): the decoded
/// length, or `None` when the text may not fit in `out` (it needs room for
/// `text.len() / 4 * 3 + 3` bytes).
///
/// # Errors
/// As [`decode`].
pub(crate) fn decode_public_into(text: impl AsRef<[u8]>, out: &mut [u8]) -> Result<Option<usize>> {
    let text = text.as_ref();
    let invalid = || Error::malformed("invalid base64url");
    let full = (text.len() / 4).saturating_mul(3);
    let Some(out) = out.get_mut(..full.saturating_add(3)) else {
        return Ok(None);
    };
    let mut bad = 0u32;
    // Eight symbols make six bytes; then at most one group of four; then the tail.
    let octets = text.chunks_exact(8);
    let rest = octets.remainder();
    let (head, last) = out.split_at_mut((text.len() / 8).saturating_mul(6));
    for (octet, slot) in octets.zip(head.chunks_exact_mut(6)) {
        if let (&[a, b, c, d, e, f, g, h], [x0, x1, x2, x3, x4, x5]) = (octet, slot) {
            let (ab, cd) = (pair_value(a, b), pair_value(c, d));
            let (ef, gh) = (pair_value(e, f), pair_value(g, h));
            bad |= (ab | cd | ef | gh) & u32::from(PAIR_INVALID);
            let high = ab << 12 | cd;
            let low = ef << 12 | gh;
            [*x0, *x1, *x2] = [(high >> 16) as u8, (high >> 8) as u8, high as u8];
            [*x3, *x4, *x5] = [(low >> 16) as u8, (low >> 8) as u8, low as u8];
        }
    }
    let quads = rest.chunks_exact(4);
    let tail = quads.remainder();
    for (quad, slot) in quads.zip(last.chunks_exact_mut(3)) {
        if let ([a, b, c, d], [x, y, z]) = (quad, slot) {
            let (a, b, c, d) = (value(*a), value(*b), value(*c), value(*d));
            bad |= a | b | c | d;
            let n = a << 18 | b << 12 | c << 6 | d;
            [*x, *y, *z] = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        }
    }
    if bad > 63 {
        return Err(invalid());
    }
    // A tail of 2 or 3 symbols carries 1 or 2 bytes; its unused low bits must be zero.
    let (n, bytes) = match *tail {
        [] => (0, 0),
        [a, b] => {
            let (a, b) = (value(a), value(b));
            let n = a << 18 | b << 12;
            if (a | b) > 63 || n & 0xffff != 0 {
                return Err(invalid());
            }
            (n, 1)
        }
        [a, b, c] => {
            let (a, b, c) = (value(a), value(b), value(c));
            let n = a << 18 | b << 12 | c << 6;
            if (a | b | c) > 63 || n & 0xff != 0 {
                return Err(invalid());
            }
            (n, 2)
        }
        _ => return Err(invalid()),
    };
    if let Some(slot) = out.get_mut(full..full.saturating_add(2)) {
        slot.copy_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
    }
    Ok(Some(full.saturating_add(bytes)))
}

fn decoded_len_bound(encoded: usize) -> usize {
    (encoded / 4).saturating_mul(3).saturating_add(3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn round_trip() {
        for n in 0..40u8 {
            let data: Vec<u8> = (0..n).collect();
            assert_eq!(decode(encode(&data)).ok(), Some(data));
        }
    }

    #[test]
    fn rfc4648_vectors_in_url_alphabet() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg");
        assert_eq!(encode(b"fo"), "Zm8");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode([0xfb, 0xff]), "-_8");
    }

    /// The table-driven codec agrees with base64ct on every input: what it writes, what it
    /// accepts, what it refuses.
    #[test]
    fn public_codec_agrees_with_the_constant_time_one() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        // Past three blocks of the encoder (192 bytes each).
        for len in 0..600usize {
            let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            assert_eq!(encode_public(&data), encode(&data));
            assert_eq!(decode_public(encode(&data)).ok(), Some(data));
        }
        // Every string of up to 3 symbols over a mixed alphabet, and random longer ones with
        // one byte changed: accepted and refused alike.
        let symbols = b"AQgwBCZz09-_+/=. ";
        let mut texts: Vec<Vec<u8>> = alloc::vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .flat_map(|t| symbols.iter().map(move |s| [t.as_slice(), &[*s]].concat()))
                .collect();
            texts.extend(longer);
        }
        for _ in 0..2000 {
            let mut text = encode(
                (0..(next() % 40))
                    .map(|_| next() as u8)
                    .collect::<Vec<u8>>(),
            )
            .into_bytes();
            if let Some(byte) = text.get_mut((next() % 64) as usize) {
                *byte = next() as u8;
            }
            texts.push(text);
        }
        for text in &texts {
            assert_eq!(
                decode_public(text).ok(),
                decode(text).ok(),
                "{:?}",
                String::from_utf8_lossy(text)
            );
            // On the stack or not, the same bytes and the same refusals.
            let short = crate::internal::decode_public_short::<16>(text)
                .map(|d| d.to_vec())
                .ok();
            assert_eq!(short, decode(text).ok());
            let long = crate::internal::decode_public_short::<64>(text)
                .map(|d| d.to_vec())
                .ok();
            assert_eq!(long, decode(text).ok());
        }
    }

    #[test]
    fn refuses_everything_not_strict() {
        for bad in [
            "Zg==",   // padding
            "Zm9v ",  // whitespace
            "Zm\n9v", // newline
            "Zm9+",   // standard alphabet
            "Zm9/",   // standard alphabet
            "Z",      // impossible length
            "Zh",     // non-canonical trailing bits ("Zg" is canonical)
            "Zm9",    // non-canonical trailing bits ("Zm8" is canonical)
        ] {
            assert_eq!(
                decode(bad).map_err(|e| e.kind()),
                Err(ErrorKind::Malformed),
                "{bad:?}"
            );
            assert_eq!(
                decode_secret(bad).map(|_| ()).map_err(|e| e.kind()),
                Err(ErrorKind::Malformed)
            );
            assert_eq!(
                decode_public(bad).map_err(|e| e.kind()),
                Err(ErrorKind::Malformed)
            );
        }
    }
}
