//! AES_CBC_HMAC_SHA2 (RFC 7518 §5.2): the first half of the key authenticates, the second
//! encrypts; the tag is the first half of HMAC(AAD || IV || ciphertext || AL). The tag is
//! checked, in constant time, before anything is decrypted, so a padding error is never seen
//! apart from a tag error.

use alloc::vec::Vec;

use aes::{Aes128, Aes192, Aes256};
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use jose_core::alg::Enc;
use jose_core::{Error, Result};
use sha2::{Sha256, Sha384, Sha512};
use subtle::ConstantTimeEq;

use super::failed;

fn split(cek: &[u8]) -> (&[u8], &[u8]) {
    cek.split_at(cek.len() / 2)
}

pub(crate) fn tag(
    enc: Enc,
    mac_key: &[u8],
    aad: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> Result<Vec<u8>> {
    let al = (aad.len() as u64).saturating_mul(8).to_be_bytes();
    fn run<M: Mac + KeyInit>(key: &[u8], parts: [&[u8]; 4]) -> Result<Vec<u8>> {
        let mut mac =
            <M as KeyInit>::new_from_slice(key).map_err(|_| Error::invalid_key("bad MAC key"))?;
        for part in parts {
            mac.update(part);
        }
        Ok(mac.finalize().into_bytes().to_vec())
    }
    let parts = [aad, iv, ciphertext, &al[..]];
    let mut full = match enc {
        Enc::A128CBC_HS256 => run::<Hmac<Sha256>>(mac_key, parts)?,
        Enc::A192CBC_HS384 => run::<Hmac<Sha384>>(mac_key, parts)?,
        _ => run::<Hmac<Sha512>>(mac_key, parts)?,
    };
    full.truncate(mac_key.len());
    Ok(full)
}

pub(super) fn encrypt(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> Result<(Vec<u8>, Vec<u8>)> {
    let (mac_key, enc_key) = split(cek);
    let bad = |_| Error::invalid_key("bad content key or IV");
    let ciphertext = match enc {
        Enc::A128CBC_HS256 => cbc::Encryptor::<Aes128>::new_from_slices(enc_key, iv)
            .map_err(bad)?
            .encrypt_padded_vec::<Pkcs7>(plaintext),
        Enc::A192CBC_HS384 => cbc::Encryptor::<Aes192>::new_from_slices(enc_key, iv)
            .map_err(bad)?
            .encrypt_padded_vec::<Pkcs7>(plaintext),
        _ => cbc::Encryptor::<Aes256>::new_from_slices(enc_key, iv)
            .map_err(bad)?
            .encrypt_padded_vec::<Pkcs7>(plaintext),
    };
    let tag = tag(enc, mac_key, aad, iv, &ciphertext)?;
    Ok((ciphertext, tag))
}

pub(crate) fn decrypt(
    enc: Enc,
    cek: &[u8],
    iv: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
    received: &[u8],
) -> Result<Vec<u8>> {
    let (mac_key, enc_key) = split(cek);
    let expected = tag(enc, mac_key, aad, iv, ciphertext).map_err(|_| failed())?;
    if !bool::from(expected.ct_eq(received)) {
        return Err(failed());
    }
    let plaintext = match enc {
        Enc::A128CBC_HS256 => cbc::Decryptor::<Aes128>::new_from_slices(enc_key, iv)
            .map_err(|_| failed())?
            .decrypt_padded_vec::<Pkcs7>(ciphertext),
        Enc::A192CBC_HS384 => cbc::Decryptor::<Aes192>::new_from_slices(enc_key, iv)
            .map_err(|_| failed())?
            .decrypt_padded_vec::<Pkcs7>(ciphertext),
        _ => cbc::Decryptor::<Aes256>::new_from_slices(enc_key, iv)
            .map_err(|_| failed())?
            .decrypt_padded_vec::<Pkcs7>(ciphertext),
    };
    plaintext.map_err(|_| failed())
}
