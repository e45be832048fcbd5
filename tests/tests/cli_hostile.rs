//! Hostile keys and tokens against the command line: each gets `error: <code>:` and its exit
//! status, never a panic (exit 101).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use jose_core::b64;
use jose_tests::{jose, key_file, path, rsa_2048, temp};
use serde_json::{Value, json};

/// An RSA JWK whose `d` is 0 (the `rsa` crate's prime recovery asserted on it).
fn zero_d() -> Value {
    let rsa = rsa_2048().to_object(false).unwrap();
    json!({"kty":"RSA","n": rsa["n"],"e":"AQAB","d":"AA"})
}

#[test]
fn a_key_file_with_d_zero_is_invalid_key() {
    let file = temp("zero-d.json", zero_d().to_string().as_bytes());
    let run = jose(
        &["jws", "sign", "--key", path(&file), "--alg", "RS256"],
        b"x",
    );
    assert_eq!(
        (run.status, run.code()),
        (2, "invalid-key"),
        "{}",
        run.stderr
    );
    let set = temp(
        "zero-d-set.json",
        json!({"keys":[zero_d()]}).to_string().as_bytes(),
    );
    let run = jose(&["key", "thumbprint", path(&set)], b"");
    assert_ne!(run.status, 101, "{}", run.stderr);
}

#[test]
fn an_rsa_epk_is_malformed_before_any_key_is_used() {
    let recipient = key_file("p256.json", &["--kty", "EC", "--crv", "P-256"]);
    let header = json!({"alg":"ECDH-ES","enc":"A128GCM","cty":"JWT","epk": zero_d()});
    let token = format!(
        "{}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        b64::encode(header.to_string())
    );
    let decrypt = jose(
        &[
            "jwe",
            "decrypt",
            "--key",
            path(&recipient),
            "--alg",
            "ECDH-ES",
            "--enc",
            "A128GCM",
        ],
        token.as_bytes(),
    );
    assert_eq!(decrypt.code(), "malformed", "{}", decrypt.stderr);
    let signer = key_file("hs.json", &["--kty", "oct", "--size", "256"]);
    let nested = jose(
        &[
            "jwt",
            "verify",
            "--key",
            path(&signer),
            "--alg",
            "HS256",
            "--decrypt-key",
            path(&recipient),
            "--decrypt-alg",
            "ECDH-ES",
            "--decrypt-enc",
            "A128GCM",
        ],
        token.as_bytes(),
    );
    assert_eq!(nested.code(), "malformed", "{}", nested.stderr);
    assert_eq!(nested.status, 1);
}

#[test]
fn one_key_of_the_wrong_type_is_invalid_key() {
    let p256 = key_file("wrong-p256.json", &["--kty", "EC", "--crv", "P-256"]);
    let p384 = key_file("wrong-p384.json", &["--kty", "EC", "--crv", "P-384"]);
    let signed = jose(
        &["jws", "sign", "--key", path(&p256), "--alg", "ES256"],
        b"x",
    );
    assert_eq!(signed.status, 0, "{}", signed.stderr);
    let run = jose(
        &["jws", "verify", "--key", path(&p384), "--alg", "ES256"],
        signed.stdout.as_bytes(),
    );
    assert_eq!(
        (run.status, run.code()),
        (2, "invalid-key"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_leeway_above_one_day_is_a_usage_error() {
    let key = key_file("leeway.json", &["--kty", "oct", "--size", "256"]);
    let token = jose(
        &[
            "jwt",
            "sign",
            "--key",
            path(&key),
            "--alg",
            "HS256",
            "--sub",
            "x",
        ],
        b"",
    );
    assert_eq!(token.status, 0, "{}", token.stderr);
    for (leeway, ok) in [("86400", true), ("86401", false)] {
        let run = jose(
            &[
                "jwt",
                "verify",
                "--key",
                path(&key),
                "--alg",
                "HS256",
                "--leeway",
                leeway,
            ],
            token.stdout.as_bytes(),
        );
        assert_eq!(run.status == 0, ok, "{leeway}: {}", run.stderr);
        if !ok {
            assert_eq!(run.code(), "usage");
        }
    }
}

#[test]
fn inspect_refuses_a_document_that_is_both_a_jws_and_a_jwe() {
    let both = json!({
        "payload": "eA", "signatures": [{"protected": b64::encode(r#"{"alg":"HS256"}"#), "signature": "AA"}],
        "unprotected": {"alg":"A128KW","enc":"A128GCM"}, "recipients": [{"encrypted_key":"AA"}],
        "iv":"AA", "ciphertext":"AA", "tag":"AA"
    });
    let run = jose(&["inspect"], both.to_string().as_bytes());
    assert_eq!(run.code(), "malformed", "{}", run.stderr);
}

#[test]
fn a_token_given_as_a_file_name_is_not_echoed() {
    let key = key_file("arg.json", &["--kty", "oct", "--size", "256"]);
    let token = jose(
        &["jws", "sign", "--key", path(&key), "--alg", "HS256"],
        b"x",
    );
    assert_eq!(token.status, 0, "{}", token.stderr);
    let token = token.stdout.trim().to_owned();
    let run = jose(
        &[
            "jws",
            "verify",
            "--key",
            path(&key),
            "--alg",
            "HS256",
            &token,
        ],
        b"",
    );
    assert_eq!((run.status, run.code()), (2, "usage"), "{}", run.stderr);
    assert!(!run.stderr.contains(&token), "{}", run.stderr);
    assert!(run.stderr.contains("standard input"), "{}", run.stderr);
    // A missing file is still `io`, with its name.
    let run = jose(
        &[
            "jws",
            "verify",
            "--key",
            path(&key),
            "--alg",
            "HS256",
            "missing.jws",
        ],
        b"",
    );
    assert_eq!((run.status, run.code()), (2, "io"), "{}", run.stderr);
    assert!(run.stderr.contains("missing.jws"), "{}", run.stderr);
}
