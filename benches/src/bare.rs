//! The bare RustCrypto chains: the cryptography of each operation and nothing else (no JSON,
//! no base64, no key checks). Each benchmark's ratio is its time over its chain's.

use aes_gcm::aead::AeadInOut;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use aes_kw::KwAes256;
use cbc::cipher::block_padding::Pkcs7;
use cbc::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use hmac::{Hmac, Mac};
use jose_jwk::primitives::{ed25519_dalek, ml_dsa};
use jose_jwk::primitives::rsa::pss::Pss;
use jose_jwk::primitives::rsa::{self, Oaep, Pkcs1v15Sign, PrivateKey, PublicKey};
use jose_jwk::primitives::sha2::{Digest, Sha256, Sha384, Sha512};
use jose_jwk::primitives::{ecdsa, k256, p256, p384, p521};
use rand::CryptoRng;
use subtle::ConstantTimeEq;

/// HMAC over the input, and its constant-time check.
macro_rules! hmac_chain {
    ($tag:ident, $verify:ident, $digest:ty, $len:literal) => {
        pub fn $tag(key: &[u8], input: &[u8]) -> [u8; $len] {
            let mut mac = <Hmac<$digest> as KeyInit>::new_from_slice(key).unwrap();
            mac.update(input);
            mac.finalize().into_bytes().into()
        }

        pub fn $verify(key: &[u8], input: &[u8], tag: &[u8]) -> bool {
            bool::from($tag(key, input).ct_eq(tag))
        }
    };
}

hmac_chain!(hs256, hs256_verify, Sha256, 32);
hmac_chain!(hs384, hs384_verify, Sha384, 48);
hmac_chain!(hs512, hs512_verify, Sha512, 64);

/// An RSA signature scheme over the input's digest (the blinded private operation).
macro_rules! rsa_chain {
    ($sign:ident, $verify:ident, $scheme:expr, $digest:ty) => {
        pub fn $sign(key: &PrivateKey, input: &[u8], rng: &mut impl CryptoRng) -> Vec<u8> {
            key.sign_with_rng(rng, $scheme, &<$digest>::digest(input))
                .unwrap()
        }

        pub fn $verify(key: &PublicKey, input: &[u8], signature: &[u8]) -> bool {
            key.verify($scheme, &<$digest>::digest(input), signature)
                .is_ok()
        }
    };
}

rsa_chain!(rs256, rs256_verify, Pkcs1v15Sign::new::<Sha256>(), Sha256);
rsa_chain!(rs384, rs384_verify, Pkcs1v15Sign::new::<Sha384>(), Sha384);
rsa_chain!(rs512, rs512_verify, Pkcs1v15Sign::new::<Sha512>(), Sha512);
rsa_chain!(ps256, ps256_verify, Pss::<Sha256>::new(), Sha256);
rsa_chain!(ps384, ps384_verify, Pss::<Sha384>::new(), Sha384);
rsa_chain!(ps512, ps512_verify, Pss::<Sha512>::new(), Sha512);

/// ECDSA over the input with the curve's digest, as `R‖S`.
macro_rules! ecdsa_chain {
    ($sign:ident, $verify:ident, $curve:ty) => {
        pub fn $sign(key: &ecdsa::SigningKey<$curve>, input: &[u8]) -> Vec<u8> {
            use ecdsa::signature::Signer;
            let signature: ecdsa::Signature<$curve> = key.sign(input);
            signature.to_bytes().to_vec()
        }

        pub fn $verify(key: &ecdsa::VerifyingKey<$curve>, input: &[u8], signature: &[u8]) -> bool {
            use ecdsa::signature::Verifier;
            let signature = ecdsa::Signature::<$curve>::from_slice(signature).unwrap();
            key.verify(input, &signature).is_ok()
        }
    };
}

ecdsa_chain!(es256, es256_verify, p256::NistP256);
ecdsa_chain!(es384, es384_verify, p384::NistP384);
ecdsa_chain!(es512, es512_verify, p521::NistP521);
ecdsa_chain!(es256k, es256k_verify, k256::Secp256k1);

pub fn ed25519(key: &ed25519_dalek::SigningKey, input: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer;
    key.sign(input).to_bytes().to_vec()
}

pub fn ed25519_verify(key: &ed25519_dalek::VerifyingKey, input: &[u8], signature: &[u8]) -> bool {
    let signature = ed25519_dalek::Signature::from_slice(signature).unwrap();
    key.verify_strict(input, &signature).is_ok()
}

/// ML-DSA (hedged, the empty context) straight on the `ml-dsa` crate.
pub fn ml_dsa<P: ml_dsa::MlDsaParams>(
    key: &ml_dsa::ExpandedSigningKey<P>,
    input: &[u8],
    rng: &mut impl CryptoRng,
) -> Vec<u8> {
    key.sign_randomized(input, b"", rng).unwrap().encode().to_vec()
}

pub fn ml_dsa_verify<P: ml_dsa::MlDsaParams>(
    key: &ml_dsa::VerifyingKey<P>,
    input: &[u8],
    signature: &[u8],
) -> bool {
    let signature = ml_dsa::Signature::<P>::try_from(signature).unwrap();
    key.verify_with_context(input, b"", &signature)
}

/// What a JWE's cryptography produces: encrypted key, IV, ciphertext, tag.
pub struct Sealed {
    pub encrypted_key: Vec<u8>,
    pub ephemeral: Option<p256::PublicKey>,
    pub iv: Vec<u8>,
    pub ciphertext: Vec<u8>,
    pub tag: Vec<u8>,
    /// A*GCMKW: the CEK sealed under the key (its IV and tag travel in the header).
    pub key_seal: Option<Box<Sealed>>,
}

fn gcm_seal(cek: &[u8], aad: &[u8], plaintext: &[u8], rng: &mut impl CryptoRng) -> Sealed {
    let mut iv = [0u8; 12];
    rng.fill_bytes(&mut iv);
    let cipher = Aes256Gcm::new_from_slice(cek).unwrap();
    let mut ciphertext = plaintext.to_vec();
    let tag = cipher
        .encrypt_inout_detached(&Nonce::from(iv), aad, ciphertext.as_mut_slice().into())
        .unwrap();
    Sealed {
        encrypted_key: Vec::new(),
        ephemeral: None,
        iv: iv.to_vec(),
        ciphertext,
        tag: tag.to_vec(),
        key_seal: None,
    }
}

fn gcm_open(cek: &[u8], aad: &[u8], sealed: &Sealed) -> Vec<u8> {
    let cipher = Aes256Gcm::new_from_slice(cek).unwrap();
    let nonce = Nonce::try_from(sealed.iv.as_slice()).unwrap();
    let tag = aes_gcm::aead::Tag::<Aes256Gcm>::try_from(sealed.tag.as_slice()).unwrap();
    let mut plaintext = sealed.ciphertext.clone();
    cipher
        .decrypt_inout_detached(&nonce, aad, plaintext.as_mut_slice().into(), &tag)
        .unwrap();
    plaintext
}

fn wrap(kek: &[u8], cek: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; cek.len() + 8];
    KwAes256::new_from_slice(kek)
        .unwrap()
        .wrap_key(cek, &mut out)
        .unwrap();
    out
}

fn unwrap(kek: &[u8], wrapped: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; wrapped.len() - 8];
    KwAes256::new_from_slice(kek)
        .unwrap()
        .unwrap_key(wrapped, &mut out)
        .unwrap();
    out
}

fn random_cek<const N: usize>(rng: &mut impl CryptoRng) -> [u8; N] {
    let mut cek = [0u8; N];
    rng.fill_bytes(&mut cek);
    cek
}

/// `dir` + A256GCM.
pub fn dir_gcm(key: &[u8], aad: &[u8], plaintext: &[u8], rng: &mut impl CryptoRng) -> Sealed {
    gcm_seal(key, aad, plaintext, rng)
}

pub fn dir_gcm_open(key: &[u8], aad: &[u8], sealed: &Sealed) -> Vec<u8> {
    gcm_open(key, aad, sealed)
}

/// A256KW + A256GCM.
pub fn kw_gcm(kek: &[u8], aad: &[u8], plaintext: &[u8], rng: &mut impl CryptoRng) -> Sealed {
    let cek = random_cek::<32>(rng);
    let mut sealed = gcm_seal(&cek, aad, plaintext, rng);
    sealed.encrypted_key = wrap(kek, &cek);
    sealed
}

pub fn kw_gcm_open(kek: &[u8], aad: &[u8], sealed: &Sealed) -> Vec<u8> {
    gcm_open(&unwrap(kek, &sealed.encrypted_key), aad, sealed)
}

/// A256GCMKW + A256GCM.
pub fn gcmkw_gcm(kek: &[u8], aad: &[u8], plaintext: &[u8], rng: &mut impl CryptoRng) -> Sealed {
    let cek = random_cek::<32>(rng);
    let key_seal = gcm_seal(kek, &[], &cek, rng);
    let mut sealed = gcm_seal(&cek, aad, plaintext, rng);
    sealed.encrypted_key = key_seal.ciphertext.clone();
    sealed.key_seal = Some(Box::new(key_seal));
    sealed
}

pub fn gcmkw_gcm_open(kek: &[u8], aad: &[u8], sealed: &Sealed) -> Vec<u8> {
    let cek = gcm_open(kek, &[], sealed.key_seal.as_ref().unwrap());
    gcm_open(&cek, aad, sealed)
}

fn cbc_tag(mac_key: &[u8], aad: &[u8], iv: &[u8], ciphertext: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(mac_key).unwrap();
    for part in [aad, iv, ciphertext, &((aad.len() as u64) * 8).to_be_bytes()] {
        mac.update(part);
    }
    mac.finalize().into_bytes()[..32].to_vec()
}

/// A256KW + A256CBC-HS512.
pub fn kw_cbc(kek: &[u8], aad: &[u8], plaintext: &[u8], rng: &mut impl CryptoRng) -> Sealed {
    let cek = random_cek::<64>(rng);
    let iv = random_cek::<16>(rng);
    let (mac_key, enc_key) = cek.split_at(32);
    let ciphertext = cbc::Encryptor::<aes::Aes256>::new_from_slices(enc_key, &iv)
        .unwrap()
        .encrypt_padded_vec::<Pkcs7>(plaintext);
    let tag = cbc_tag(mac_key, aad, &iv, &ciphertext);
    Sealed {
        encrypted_key: wrap(kek, &cek),
        ephemeral: None,
        iv: iv.to_vec(),
        ciphertext,
        tag,
        key_seal: None,
    }
}

pub fn kw_cbc_open(kek: &[u8], aad: &[u8], sealed: &Sealed) -> Vec<u8> {
    let cek = unwrap(kek, &sealed.encrypted_key);
    let (mac_key, enc_key) = cek.split_at(32);
    let tag = cbc_tag(mac_key, aad, &sealed.iv, &sealed.ciphertext);
    assert!(bool::from(tag.ct_eq(&sealed.tag)));
    cbc::Decryptor::<aes::Aes256>::new_from_slices(enc_key, &sealed.iv)
        .unwrap()
        .decrypt_padded_vec::<Pkcs7>(&sealed.ciphertext)
        .unwrap()
}

/// RSA-OAEP-256 + A256GCM.
pub fn oaep_gcm(
    key: &PublicKey,
    aad: &[u8],
    plaintext: &[u8],
    rng: &mut impl CryptoRng,
) -> Sealed {
    let cek = random_cek::<32>(rng);
    let mut sealed = gcm_seal(&cek, aad, plaintext, rng);
    sealed.encrypted_key = key.encrypt(rng, Oaep::<Sha256>::new(), &cek).unwrap();
    sealed
}

pub fn oaep_gcm_open(
    key: &PrivateKey,
    aad: &[u8],
    sealed: &Sealed,
    rng: &mut impl CryptoRng,
) -> Vec<u8> {
    let cek = key
        .decrypt_blinded(rng, Oaep::<Sha256>::new(), &sealed.encrypted_key)
        .unwrap();
    gcm_open(&cek, aad, sealed)
}

/// RFC 7518 §4.6.2's Concat KDF for a 256-bit key and no `apu`/`apv`.
fn concat_kdf(z: &[u8], alg: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(1u32.to_be_bytes());
    hash.update(z);
    hash.update((alg.len() as u32).to_be_bytes());
    hash.update(alg.as_bytes());
    hash.update(0u32.to_be_bytes());
    hash.update(0u32.to_be_bytes());
    hash.update(256u32.to_be_bytes());
    hash.finalize().into()
}

/// ECDH-ES+A256KW + A256GCM on P-256.
pub fn ecdh_gcm(
    recipient: &p256::PublicKey,
    aad: &[u8],
    plaintext: &[u8],
    rng: &mut impl CryptoRng,
) -> Sealed {
    use jose_jwk::primitives::elliptic_curve::Generate;
    let ephemeral = p256::SecretKey::generate_from_rng(rng);
    let z = p256::ecdh::diffie_hellman(ephemeral.to_nonzero_scalar(), recipient.as_affine());
    let kek = concat_kdf(z.raw_secret_bytes(), "ECDH-ES+A256KW");
    let mut sealed = kw_gcm(&kek, aad, plaintext, rng);
    sealed.ephemeral = Some(ephemeral.public_key());
    sealed
}

pub fn ecdh_gcm_open(key: &p256::SecretKey, aad: &[u8], sealed: &Sealed) -> Vec<u8> {
    let ephemeral = sealed.ephemeral.as_ref().unwrap();
    let z = p256::ecdh::diffie_hellman(key.to_nonzero_scalar(), ephemeral.as_affine());
    let kek = concat_kdf(z.raw_secret_bytes(), "ECDH-ES+A256KW");
    kw_gcm_open(&kek, aad, sealed)
}

pub use rsa::traits::PublicKeyParts;
