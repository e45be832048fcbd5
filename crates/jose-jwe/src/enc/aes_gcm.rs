//! AES-GCM (RFC 7518 §5.3): 96-bit IV, 128-bit tag.

use alloc::vec::Vec;

use aes_gcm::aead::AeadInOut;
use aes_gcm::aead::consts::U12;
use aes_gcm::{Aes128Gcm, Aes256Gcm, AesGcm, KeyInit, Nonce};
use jose_core::{Error, Result};

use super::failed;

type Aes192Gcm = AesGcm<aes::Aes192, U12>;

fn seal<A>(key: &[u8], iv: &[u8], aad: &[u8], plaintext: &[u8]) -> Result<(Vec<u8>, Vec<u8>)>
where
    A: AeadInOut + KeyInit + aes_gcm::aead::AeadCore<NonceSize = U12>,
{
    let cipher = A::new_from_slice(key).map_err(|_| Error::invalid_key("bad AES-GCM key"))?;
    let nonce = Nonce::<U12>::try_from(iv).map_err(|_| Error::invalid_key("bad AES-GCM IV"))?;
    let mut buffer = plaintext.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&nonce, aad, buffer.as_mut_slice().into())
        .map_err(|_| Error::invalid_key("AES-GCM encryption failed"))?;
    Ok((buffer, tag.to_vec()))
}

/// Decrypts in place: the ciphertext's buffer becomes the plaintext's.
fn open<A>(key: &[u8], iv: &[u8], aad: &[u8], ciphertext: Vec<u8>, tag: &[u8]) -> Result<Vec<u8>>
where
    A: AeadInOut + KeyInit + aes_gcm::aead::AeadCore<NonceSize = U12>,
{
    let cipher = A::new_from_slice(key).map_err(|_| failed())?;
    let nonce = Nonce::<U12>::try_from(iv).map_err(|_| failed())?;
    let tag = aes_gcm::aead::Tag::<A>::try_from(tag).map_err(|_| failed())?;
    let mut buffer = ciphertext;
    cipher
        .decrypt_inout_detached(&nonce, aad, buffer.as_mut_slice().into(), &tag)
        .map_err(|_| failed())?;
    Ok(buffer)
}

pub(crate) fn encrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    match key.len() {
        16 => seal::<Aes128Gcm>(key, iv, aad, plaintext),
        24 => seal::<Aes192Gcm>(key, iv, aad, plaintext),
        _ => seal::<Aes256Gcm>(key, iv, aad, plaintext),
    }
}

pub(crate) fn decrypt(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: Vec<u8>,
    tag: &[u8],
) -> Result<Vec<u8>> {
    match key.len() {
        16 => open::<Aes128Gcm>(key, iv, aad, ciphertext, tag),
        24 => open::<Aes192Gcm>(key, iv, aad, ciphertext, tag),
        _ => open::<Aes256Gcm>(key, iv, aad, ciphertext, tag),
    }
}
