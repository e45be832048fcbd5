//! Project Wycheproof's signature and MAC vectors through the verification every JWS takes
//! (`alg::verify`: the key's checks, the signature's encoding, the key's tables): each test
//! on a freshly parsed key three times, on its first use (no tables), its second (tables
//! built) and its third (tables in use). `valid` must verify every time, `invalid` must be
//! refused every time with `invalid-signature`, and `acceptable` is counted by outcome and
//! pinned with every other count of each file, so that a change of the toolkit's choice
//! shows here. The counts are in
//! docs/security.md (run with `--nocapture` to see them).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::string::ToString;
use alloc::vec::Vec;
use std::println;

use jose_core::alg::Alg;
use jose_core::{ErrorKind, b64};
use jose_jwk::Jwk;
use serde_json::{Value, json};

use crate::alg::verify;

#[path = "../../../tests/vectors/wycheproof/support.rs"]
mod support;

use support::{hex, vectors};

/// What became of a file's tests.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    valid: usize,
    invalid: usize,
    /// Invalid tests whose key the toolkit refused to parse (before any signature).
    invalid_key: usize,
    acceptable_accepted: usize,
    acceptable_refused: usize,
}

/// Runs every test of `file` with `alg`, the key of each group made by `key_of`.
fn run(file: &str, alg: Alg, key_of: impl Fn(&Value) -> Value) -> Tally {
    let vectors = vectors(file);
    let mut tally = Tally::default();
    for group in vectors["testGroups"].as_array().unwrap() {
        let key_json = key_of(group).to_string();
        for test in group["tests"].as_array().unwrap() {
            let id = &test["tcId"];
            let result = test["result"].as_str().unwrap();
            let (msg, sig) = (hex(&test["msg"]), hex(&test["sig"]));
            let Ok(key) = Jwk::from_json(key_json.as_bytes()) else {
                assert_eq!(
                    result, "invalid",
                    "{file} #{id}: a valid test's key is refused"
                );
                tally.invalid_key += 1;
                continue;
            };
            let outcomes: Vec<_> = (0..3)
                .map(|_| verify(alg, &key, &msg, &sig).map_err(|e| e.kind()))
                .collect();
            assert!(
                outcomes.iter().all(|o| *o == outcomes[0]),
                "{file} #{id}: the first use and the tables disagree: {outcomes:?}"
            );
            match (result, &outcomes[0]) {
                ("valid", Ok(())) => tally.valid += 1,
                ("invalid", Err(ErrorKind::InvalidSignature)) => tally.invalid += 1,
                ("acceptable", Ok(())) => tally.acceptable_accepted += 1,
                ("acceptable", Err(ErrorKind::InvalidSignature)) => tally.acceptable_refused += 1,
                (result, outcome) => panic!(
                    "{file} #{id} ({}): {result}, but {outcome:?}",
                    test["comment"]
                ),
            }
        }
    }
    let ran = tally.valid
        + tally.invalid
        + tally.invalid_key
        + tally.acceptable_accepted
        + tally.acceptable_refused;
    assert_eq!(
        Some(ran as u64),
        vectors["numberOfTests"].as_u64(),
        "{file}: every test ran"
    );
    println!("{file}: {tally:?}");
    tally
}

/// A group's public key as the JWK Wycheproof gives.
fn jwk(group: &Value) -> Value {
    group["publicKeyJwk"].clone()
}

/// An EC group's public key, from its uncompressed point (not every group has a JWK).
fn ec_jwk(group: &Value) -> Value {
    let key = &group["publicKey"];
    let point = hex(&key["uncompressed"]);
    let size = (point.len() - 1) / 2;
    let crv = match key["curve"].as_str().unwrap() {
        "secp256r1" => "P-256",
        "secp384r1" => "P-384",
        "secp521r1" => "P-521",
        "secp256k1" => "secp256k1",
        other => panic!("curve {other}"),
    };
    json!({
        "kty": "EC", "crv": crv,
        "x": b64::encode(&point[1..=size]), "y": b64::encode(&point[size + 1..]),
    })
}

/// An RSA group's public key, from its modulus and exponent.
fn rsa_jwk(group: &Value) -> Value {
    let unsigned = |name: &str| {
        let bytes = hex(&group["publicKey"][name]);
        let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
        b64::encode(&bytes[start..])
    };
    json!({"kty": "RSA", "n": unsigned("modulus"), "e": unsigned("publicExponent")})
}

#[test]
fn ecdsa_p1363() {
    for (file, alg, valid, invalid) in [
        (
            "ecdsa_secp256r1_sha256_p1363_test.json",
            Alg::ES256,
            173,
            89,
        ),
        (
            "ecdsa_secp384r1_sha384_p1363_test.json",
            Alg::ES384,
            193,
            87,
        ),
        (
            "ecdsa_secp521r1_sha512_p1363_test.json",
            Alg::ES512,
            231,
            87,
        ),
        (
            "ecdsa_secp256k1_sha256_p1363_test.json",
            Alg::ES256K,
            167,
            85,
        ),
    ] {
        // Every key parses (no invalid test is refused before its signature is checked);
        // the P1363 files have no acceptable test.
        let tally = run(file, alg, ec_jwk);
        assert_eq!(
            tally,
            Tally {
                valid,
                invalid,
                ..Tally::default()
            },
            "{file}"
        );
    }
}

#[test]
fn ed25519() {
    let tally = run("ed25519_test.json", Alg::EdDSA, jwk);
    let expected = Tally {
        valid: 88,
        invalid: 63,
        ..Tally::default()
    };
    assert_eq!(tally, expected);
}

/// RS256/384/512 and PS256. The one acceptable PKCS#1 v1.5 test (a `DigestInfo` without
/// its NULL parameters) is refused: RFC 8017 §9.2 writes the NULL, and the `rsa` crate
/// compares the whole encoding.
#[test]
fn rsa_pkcs1_v1_5_and_pss() {
    for (file, alg, valid, invalid, refused) in [
        ("rsa_signature_2048_sha256_test.json", Alg::RS256, 9, 249, 1),
        ("rsa_signature_3072_sha384_test.json", Alg::RS384, 7, 251, 1),
        ("rsa_signature_4096_sha512_test.json", Alg::RS512, 7, 251, 1),
        (
            "rsa_pss_2048_sha256_mgf1_32_test.json",
            Alg::PS256,
            63,
            45,
            0,
        ),
    ] {
        let tally = run(file, alg, rsa_jwk);
        let expected = Tally {
            valid,
            invalid,
            acceptable_refused: refused,
            ..Tally::default()
        };
        assert_eq!(tally, expected, "{file}");
    }
}

/// HMAC: the full-tag groups as they are; a truncated tag (the groups whose `tagSize` is
/// less than the hash) is never a JWS signature and must be refused, `valid` or not. Keys
/// shorter than the algorithm's minimum (RFC 7518 §3.2) take the named opt-in.
#[test]
fn hmac() {
    for (file, alg, bits) in [
        ("hmac_sha256_test.json", Alg::HS256, 256),
        ("hmac_sha384_test.json", Alg::HS384, 384),
        ("hmac_sha512_test.json", Alg::HS512, 512),
    ] {
        let (mut full, mut truncated, mut short_keys) = (Tally::default(), 0, 0);
        for group in vectors(file)["testGroups"].as_array().unwrap() {
            let whole = group["tagSize"].as_u64() == Some(bits);
            for test in group["tests"].as_array().unwrap() {
                let id = &test["tcId"];
                let secret = hex(&test["key"]);
                let key = match Jwk::from_secret(&secret) {
                    Ok(key) if key.usable_for(alg, jose_jwk::KeyOp::Verify).is_ok() => key,
                    _ => {
                        short_keys += 1;
                        Jwk::from_legacy_hmac_secret(&secret).unwrap()
                    }
                };
                let (msg, tag) = (hex(&test["msg"]), hex(&test["tag"]));
                // Three times: the key's HMAC schedule is computed on the first, kept after.
                let outcomes: Vec<_> = (0..3)
                    .map(|_| verify(alg, &key, &msg, &tag).map_err(|e| e.kind()))
                    .collect();
                assert!(outcomes.iter().all(|o| *o == outcomes[0]), "{file} #{id}");
                let outcome = outcomes[0];
                match (whole, test["result"].as_str().unwrap(), outcome) {
                    (false, _, Err(ErrorKind::InvalidSignature)) => truncated += 1,
                    (true, "valid", Ok(())) => full.valid += 1,
                    (true, "invalid", Err(ErrorKind::InvalidSignature)) => full.invalid += 1,
                    (whole, result, outcome) => {
                        panic!("{file} #{id} (full tag: {whole}): {result}, but {outcome:?}")
                    }
                }
            }
        }
        println!("{file}: {full:?}, truncated tags refused: {truncated}, short keys: {short_keys}");
        let expected = (
            Tally {
                valid: 33,
                invalid: 54,
                ..Tally::default()
            },
            87,
            6,
        );
        assert_eq!((full, truncated, short_keys), expected, "{file}");
    }
}
