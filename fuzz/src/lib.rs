//! The fuzz targets' bodies, shared by `cargo fuzz` (nightly) and by the stable test that
//! replays every corpus and regression file (`tests/tests/fuzz_replay.rs`). Each takes
//! arbitrary bytes and must return without panicking, looping or allocating without bound.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::OnceLock;

use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_jwk::{Jwk, JwkSet};

/// Keys the targets verify and decrypt with: the RFC 7520 §3 keys, RFC 8037's Ed25519 key and
/// an X25519 key, an AES key-wrap key and an HMAC key.
pub fn keys() -> &'static JwkSet {
    static KEYS: OnceLock<JwkSet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let parse = |json: &str| Jwk::from_json(json.as_bytes()).expect("fixed key");
        [
            parse(include_str!("../../tests/vectors/rfc7520/3_2_ec_private.json")),
            parse(include_str!("../../tests/vectors/rfc7520/3_4_rsa_private.json")),
            parse(include_str!("../../tests/vectors/rfc7520/3_5_symmetric_mac.json")),
            parse(include_str!("../../tests/vectors/rfc7520/3_6_symmetric_encryption.json")),
            parse(include_str!("../../tests/vectors/rfc8037/a1_ed25519_private.json")),
            parse(r#"{"kty":"OKP","crv":"X25519","kid":"x","d":"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#),
            parse(r#"{"kty":"oct","kid":"kw","k":"GZy6sIZ6wl9NJOKB-jnmVQ"}"#),
        ]
        .into_iter()
        .collect()
    })
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// `Jwk::from_json`, and writing back what parsed.
pub fn jwk_parse(data: &[u8]) {
    if let Ok(jwk) = Jwk::from_json(data) {
        let _ = jwk.to_json();
        let _ = jwk.to_public();
        let _ = jwk.thumbprint_sha256();
    }
}

/// `JwkSet::from_json` (lenient and strict).
pub fn jwks_parse(data: &[u8]) {
    if let Ok(set) = JwkSet::from_json(data) {
        let _ = set.public().to_json();
    }
    let _ = JwkSet::from_json_strict(data);
}

/// PEM and DER import.
pub fn pem_import(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = Jwk::from_pem(text);
        let _ = Jwk::from_pem_with_password(text, b"password");
    }
    for format in [
        jose_jwk::pem::DerFormat::Pkcs8,
        jose_jwk::pem::DerFormat::Spki,
        jose_jwk::pem::DerFormat::Pkcs1Private,
        jose_jwk::pem::DerFormat::Pkcs1Public,
        jose_jwk::pem::DerFormat::Sec1,
    ] {
        let _ = Jwk::from_der(data, format);
    }
}

fn verifier() -> jose_jws::Verifier {
    jose_jws::Verifier::new(Alg::ALL.iter().copied())
}

/// Compact JWS verification (and the unverified readers).
pub fn jws_compact_verify(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = verifier().verify_compact(token, keys());
        let _ = verifier().verify_compact_detached(token, b"payload", keys());
        let _ = jose_jws::dangerous::decode_unverified(token);
    }
}

/// JSON JWS verification.
pub fn jws_json_verify(data: &[u8]) {
    let _ = verifier().verify_json(data, keys());
    let _ = verifier().verify_json_detached(data, b"payload", keys());
}

fn decrypter() -> jose_jwe::Decrypter {
    jose_jwe::Decrypter::new(KeyAlg::ALL.iter().copied(), Enc::ALL.iter().copied())
}

/// Compact JWE decryption.
pub fn jwe_compact_decrypt(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = decrypter().decrypt_compact(token, keys());
        let _ = jose_jwe::compact::peek_header(token);
    }
}

/// JSON JWE decryption.
pub fn jwe_json_decrypt(data: &[u8]) {
    let _ = decrypter().decrypt_json(data, keys());
}

fn validation() -> jose_jwt::Validation {
    jose_jwt::Validation::new(Alg::ALL.iter().copied())
        .verify_aud(false)
        .now(1_300_819_000)
}

/// JWT verification and validation.
pub fn jwt_validate(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = jose_jwt::verify::<serde_json::Value>(token, keys(), &validation());
    }
}

/// Nested JWT decryption, verification and validation.
pub fn jwt_nested_decrypt(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = jose_jwt::nested::decrypt_and_verify::<serde_json::Value>(
            token,
            keys(),
            &decrypter(),
            keys(),
            &validation(),
        );
    }
}

/// Strict base64url.
pub fn b64url_decode(data: &[u8]) {
    if let Ok(decoded) = jose_core::b64::decode(data) {
        assert_eq!(
            jose_core::b64::encode(&decoded).as_bytes(),
            data,
            "base64url must be canonical"
        );
    }
    let _ = jose_core::b64::decode_standard(data);
}

/// Every target, by name, for the corpus replay.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("jwk_parse", jwk_parse),
    ("jwks_parse", jwks_parse),
    ("pem_import", pem_import),
    ("jws_compact_verify", jws_compact_verify),
    ("jws_json_verify", jws_json_verify),
    ("jwe_compact_decrypt", jwe_compact_decrypt),
    ("jwe_json_decrypt", jwe_json_decrypt),
    ("jwt_validate", jwt_validate),
    ("jwt_nested_decrypt", jwt_nested_decrypt),
    ("b64url_decode", b64url_decode),
];
