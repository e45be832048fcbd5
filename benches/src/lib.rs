//! Fixtures of the benchmarks: the keys (made once), the claims, the plaintext, and the bare
//! RustCrypto chains each operation is compared with (`bare`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

pub mod bare;
pub mod peers;

use std::sync::OnceLock;

use jose_jwk::{EcCurve, Jwk, KeySpec, OkpCurve};
use serde::{Deserialize, Serialize};

/// Now, in seconds: the claims are issued a minute ago and expire in an hour, and every
/// library validates them against its own clock.
pub fn now() -> i64 {
    static NOW: OnceLock<i64> = OnceLock::new();
    *NOW.get_or_init(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
    })
}

/// Claims of a typical access token: 309 bytes of JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub jti: String,
    pub name: String,
    pub email: String,
    pub scope: String,
    pub roles: Vec<String>,
}

pub fn claims() -> Claims {
    let now = now();
    Claims {
        iss: "https://issuer.example.com".into(),
        sub: "248289761001".into(),
        aud: "https://api.example.com".into(),
        exp: now + 3600,
        nbf: now - 60,
        iat: now - 60,
        jti: "0b2f1c5e-7a57-4c9d-9f3a-6e2b1d4c8a90".into(),
        name: "Jane Doe".into(),
        email: "jane.doe@example.com".into(),
        scope: "openid profile email orders:read orders:write".into(),
        roles: vec!["admin".into(), "billing".into(), "support".into()],
    }
}

/// The JWE plaintext: 350 bytes.
pub fn plaintext() -> Vec<u8> {
    let mut text = serde_json::to_vec(&claims()).unwrap();
    text.resize(350, b' ');
    text
}

pub struct Keys {
    pub hmac: Jwk,
    pub rsa: Jwk,
    pub p256: Jwk,
    pub ed25519: Jwk,
    pub aes256: Jwk,
    pub aes256_dir: Jwk,
    pub cbc512_dir: Jwk,
    pub p256_ecdh: Jwk,
    pub rsa_oaep: Jwk,
}

pub fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = Jwk::generate(KeySpec::Rsa(2048)).unwrap();
        Keys {
            hmac: Jwk::generate(KeySpec::Oct(256)).unwrap(),
            rsa_oaep: rsa.clone(),
            rsa,
            p256: Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap(),
            ed25519: Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap(),
            aes256: Jwk::generate(KeySpec::Oct(256)).unwrap(),
            aes256_dir: Jwk::generate(KeySpec::Oct(256)).unwrap(),
            cbc512_dir: Jwk::generate(KeySpec::Oct(512)).unwrap(),
            p256_ecdh: Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap(),
        }
    })
}

/// The raw bytes of an oct key.
pub fn secret(jwk: &Jwk) -> &[u8] {
    match jwk.key() {
        jose_jwk::Key::Oct(k) => k.as_bytes(),
        _ => panic!("not an oct key"),
    }
}
