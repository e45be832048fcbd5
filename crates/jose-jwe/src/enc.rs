//! Content encryption (RFC 7518 §5): AES-CBC with HMAC-SHA2, and AES-GCM. Exact IV and tag
//! lengths; every failure is [`ErrorKind::DecryptionFailed`](jose_core::ErrorKind).

pub mod aes_cbc_hmac_sha2;
#[cfg(feature = "aes-gcm")]
pub mod aes_gcm;

use alloc::vec::Vec;

use jose_core::alg::Enc;
use jose_core::{Error, ErrorKind, Result};

/// The one error of every decryption failure, whatever its cause: no oracle.
pub(crate) fn failed() -> Error {
    Error::new(ErrorKind::DecryptionFailed, "decryption failed")
}

/// The IV length of `enc`, in bytes.
#[must_use]
pub const fn iv_len(enc: Enc) -> usize {
    match enc {
        Enc::A128GCM | Enc::A192GCM | Enc::A256GCM => 12,
        _ => 16,
    }
}

/// The authentication tag length of `enc`, in bytes.
#[must_use]
pub const fn tag_len(enc: Enc) -> usize {
    match enc {
        Enc::A128GCM | Enc::A192GCM | Enc::A256GCM => 16,
        Enc::A128CBC_HS256 => 16,
        Enc::A192CBC_HS384 => 24,
        _ => 32,
    }
}

/// Encrypts `plaintext` with `cek` and `iv` (both of `enc`'s exact lengths), authenticating
/// `aad`. Returns the ciphertext and the tag.
pub(crate) fn encrypt(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    if cek.len() != enc.key_len() || iv.len() != iv_len(enc) {
        return Err(Error::invalid_key(
            "the content key or IV has the wrong length",
        ));
    }
    match enc {
        Enc::A128CBC_HS256 | Enc::A192CBC_HS384 | Enc::A256CBC_HS512 => {
            aes_cbc_hmac_sha2::encrypt(enc, cek, iv, aad, plaintext)
        }
        #[cfg(feature = "aes-gcm")]
        Enc::A128GCM | Enc::A192GCM | Enc::A256GCM => aes_gcm::encrypt(cek, iv, aad, plaintext),
        #[allow(unreachable_patterns)]
        _ => Err(Error::unsupported(alloc::format!(
            "`{enc}` is not compiled in"
        ))),
    }
}

/// Checks the tag and decrypts (AES-GCM in the ciphertext's own buffer when it is owned). IV
/// and tag lengths must be exact.
pub(crate) fn decrypt(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: alloc::borrow::Cow<'_, [u8]>,
    tag: &[u8],
) -> Result<Vec<u8>> {
    if cek.len() != enc.key_len() || iv.len() != iv_len(enc) || tag.len() != tag_len(enc) {
        return Err(failed());
    }
    match enc {
        Enc::A128CBC_HS256 | Enc::A192CBC_HS384 | Enc::A256CBC_HS512 => {
            aes_cbc_hmac_sha2::decrypt(enc, cek, iv, aad, &ciphertext, tag)
        }
        #[cfg(feature = "aes-gcm")]
        Enc::A128GCM | Enc::A192GCM | Enc::A256GCM => {
            aes_gcm::decrypt(cek, iv, aad, ciphertext.into_owned(), tag)
        }
        #[allow(unreachable_patterns)]
        _ => Err(Error::unsupported(alloc::format!(
            "`{enc}` is not compiled in"
        ))),
    }
}
