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
        }
    }
}
