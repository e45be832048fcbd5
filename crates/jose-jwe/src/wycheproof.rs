//! Project Wycheproof's vectors through the code every JWE decryption takes: ECDH (P-256,
//! P-384, P-521, with the `epk`'s tables on its second and third agreement) and
//! X25519 as ECDH-ES agrees; RSA-OAEP as the key is unwrapped; AES key wrap; AES-GCM and
//! AES-CBC as content decryption checks lengths, tags and padding; PBKDF2 as PBES2
//! derives. `valid` must succeed, `invalid` must fail with the one error kind of its
//! operation, and `acceptable` is counted by outcome and pinned. Where JOSE itself narrows
//! a primitive (a 96-bit GCM IV, full-length tags, no OAEP label, uncompressed points in a
//! JWK) the tests outside it are counted as refused, and must be. The counts are in
//! docs/security.md (run with `--nocapture` to see them).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::borrow::Cow;
use alloc::string::ToString;
use std::println;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::{ErrorKind, Result, b64};
use jose_jwk::primitives::{p256, p384, p521};
use jose_jwk::{EcKey, EcKeyPair, Jwk, OkpKey};
use serde_json::{Value, json};

use crate::alg::{aes_kw, ecdh_es, pbes2, rsa_oaep};
use crate::enc;

#[path = "../../../tests/vectors/wycheproof/support.rs"]
mod support;

use support::{hex, vectors};

/// What became of a file's tests.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    valid: usize,
    invalid: usize,
    acceptable_accepted: usize,
    acceptable_refused: usize,
    /// Tests outside what JOSE uses of the primitive, refused as they must be.
    outside_jose: usize,
    /// Invalid tests an upstream crate accepts by design (named where they are counted).
    upstream_accepts: usize,
}

impl Tally {
    /// Counts one test: `result` is Wycheproof's verdict, `outcome` the toolkit's, `kinds`
    /// the error kinds a refusal may have.
    fn count(&mut self, file: &str, test: &Value, outcome: Result<()>, kinds: &[ErrorKind]) {
        let id = &test["tcId"];
        let outcome = outcome.map_err(|e| e.kind());
        match (test["result"].as_str().unwrap(), outcome) {
            ("valid", Ok(())) => self.valid += 1,
            ("invalid", Err(k)) if kinds.contains(&k) => self.invalid += 1,
            ("acceptable", Ok(())) => self.acceptable_accepted += 1,
            ("acceptable", Err(k)) if kinds.contains(&k) => self.acceptable_refused += 1,
            (result, outcome) => panic!(
                "{file} #{id} ({} {:?}): {result}, but {outcome:?}",
                test["comment"], test["flags"]
            ),
        }
    }

    fn ran(&self) -> usize {
        self.valid
            + self.invalid
            + self.acceptable_accepted
            + self.acceptable_refused
            + self.outside_jose
            + self.upstream_accepts
    }

    fn done(self, file: &str, vectors: &Value) -> Self {
        assert_eq!(
            Some(self.ran() as u64),
            vectors["numberOfTests"].as_u64(),
            "{file}: every test ran"
        );
        println!("{file}: {self:?}");
        self
    }
}

/// Fails unless `got` is `expected`.
fn same(got: &[u8], expected: &[u8]) -> Result<()> {
    if got == expected {
        Ok(())
    } else {
        Err(jose_core::Error::malformed("a different result"))
    }
}

/// The recipient's side of ECDH-ES on a NIST curve: the peer's point (uncompressed SEC1) in
/// a JWK as an `epk` is, the private scalar in a key, then the agreement three times.
#[test]
fn ecdh_nist_curves() {
    for (file, crv, size, expected) in [
        (
            "ecdh_secp256r1_ecpoint_test.json",
            "P-256",
            32,
            (330, 16, 9),
        ),
        (
            "ecdh_secp384r1_ecpoint_test.json",
            "P-384",
            48,
            (771, 16, 3),
        ),
        (
            "ecdh_secp521r1_ecpoint_test.json",
            "P-521",
            66,
            (632, 16, 13),
        ),
    ] {
        let vectors = vectors(file);
        let mut tally = Tally::default();
        for group in vectors["testGroups"].as_array().unwrap() {
            for test in group["tests"].as_array().unwrap() {
                let public = hex(&test["public"]);
                let mut d = hex(&test["private"]);
                while d.len() > size && d[0] == 0 {
                    d.remove(0);
                }
                let mut scalar = alloc::vec![0u8; size - d.len().min(size)];
                scalar.extend_from_slice(&d);
                let private: Jwk = match crv {
                    "P-256" => EcKey::P256(EcKeyPair::from_private(
                        p256::ecdsa::SigningKey::from_slice(&scalar).unwrap(),
                    )),
                    "P-384" => EcKey::P384(EcKeyPair::from_private(
                        p384::ecdsa::SigningKey::from_slice(&scalar).unwrap(),
                    )),
                    _ => EcKey::P521(EcKeyPair::from_private(
                        p521::ecdsa::SigningKey::from_slice(&scalar).unwrap(),
                    )),
                }
                .into();
                // A JWK holds an uncompressed point only: other encodings (compressed,
                // empty) cannot be an `epk`, and never reach the toolkit.
                if public.len() != 1 + 2 * size || public[0] != 4 {
                    tally.outside_jose += 1;
                    continue;
                }
                let outcome = (|| {
                    let epk = json!({
                        "kty": "EC", "crv": crv,
                        "x": b64::encode(&public[1..=size]), "y": b64::encode(&public[size + 1..]),
                    });
                    let epk = Jwk::from_json(epk.to_string().as_bytes())?;
                    let shared = hex(&test["shared"]);
                    // The `epk`'s tables: none on the first agreement, built on the second,
                    // used on the third.
                    for _ in 0..3 {
                        same(&ecdh_es::agree(&private, &epk)?, &shared)?;
                    }
                    Ok(())
                })();
                tally.count(file, test, outcome, &[ErrorKind::InvalidKey]);
            }
        }
        let tally = tally.done(file, &vectors);
        // The points not on the curve are refused when the `epk` is read; the one
        // acceptable test is a compressed point, outside JOSE with the other encodings a JWK
        // cannot carry.
        let (valid, invalid, outside_jose) = expected;
        let expected = Tally {
            valid,
            invalid,
            outside_jose,
            ..Tally::default()
        };
        assert_eq!(tally, expected, "{file}");
    }
}

/// X25519 as ECDH-ES agrees: a small-order public key (an all-zero shared secret) is
/// refused, as RFC 7748 §6.1 allows and RFC 8037 §3.2 asks (some when the key is read,
/// `invalid-key`, the others when they agree, `decryption-failed`); the other acceptable
/// tests (points on the twist, non-canonical encodings) agree as X25519 defines.
#[test]
fn x25519() {
    let file = "x25519_test.json";
    let vectors = vectors(file);
    let mut tally = Tally::default();
    let mut zero_refused = 0;
    for group in vectors["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            let secret: [u8; 32] = hex(&test["private"]).try_into().unwrap();
            let public: [u8; 32] = hex(&test["public"]).try_into().unwrap();
            let private: Jwk = OkpKey::x25519_private(
                jose_jwk::primitives::x25519_dalek::StaticSecret::from(secret),
            )
            .into();
            let outcome = (|| {
                let epk: Jwk = OkpKey::x25519_public(public)?.into();
                same(&ecdh_es::agree(&private, &epk)?, &hex(&test["shared"]))
            })();
            let flags = test["flags"].to_string();
            if outcome.is_err() && flags.contains("ZeroSharedSecret") {
                zero_refused += 1;
            }
            tally.count(
                file,
                test,
                outcome,
                &[ErrorKind::InvalidKey, ErrorKind::DecryptionFailed],
            );
        }
    }
    let tally = tally.done(file, &vectors);
    assert_eq!(
        zero_refused, tally.acceptable_refused,
        "only all-zero secrets are refused"
    );
    let expected = Tally {
        valid: 264,
        acceptable_accepted: 223,
        acceptable_refused: 31,
        ..Tally::default()
    };
    assert_eq!(tally, expected);
}

/// RSA-OAEP and RSA-OAEP-256 as a JWE's key is unwrapped (blinded). JOSE uses no label:
/// a test with one is outside JOSE.
#[test]
fn rsa_oaep() {
    for (file, alg, with_label) in [
        ("rsa_oaep_2048_sha1_mgf1sha1_test.json", KeyAlg::RSA_OAEP, 7),
        (
            "rsa_oaep_2048_sha256_mgf1sha256_test.json",
            KeyAlg::RSA_OAEP_256,
            8,
        ),
    ] {
        let vectors = vectors(file);
        let mut tally = Tally::default();
        let mut rng = rand::rng();
        for group in vectors["testGroups"].as_array().unwrap() {
            let mut jwk = group["privateKeyJwk"].clone();
            jwk.as_object_mut().unwrap().remove("alg");
            let key = Jwk::from_json(jwk.to_string().as_bytes()).unwrap();
            for test in group["tests"].as_array().unwrap() {
                if !hex(&test["label"]).is_empty() {
                    tally.outside_jose += 1;
                    continue;
                }
                let outcome = rsa_oaep::unwrap(alg, &key, &hex(&test["ct"]), &mut rng)
                    .and_then(|cek| same(&cek, &hex(&test["msg"])));
                // The `rsa` crate (0.10.0) does not check that the encoded message's first
                // byte is zero (RFC 8017 §7.1.2 step 3g), on purpose: its own test
                // `decrypt_ignores_first_octet` holds it. With one error for every failure
                // nothing leaks by it, and anyone can encrypt to a public key: accepting such
                // a ciphertext gives no one a content key they could not have chosen.
                if test["tcId"] == 23
                    && test["flags"].to_string().contains("InvalidOaepPadding")
                    && outcome.is_ok()
                {
                    tally.upstream_accepts += 1;
                    continue;
                }
                tally.count(file, test, outcome, &[ErrorKind::DecryptionFailed]);
            }
        }
        let tally = tally.done(file, &vectors);
        let expected = Tally {
            valid: 10,
            invalid: 18,
            outside_jose: with_label,
            upstream_accepts: 1,
            ..Tally::default()
        };
        assert_eq!(tally, expected, "{file}");
    }
}

/// AES key wrap (A128KW, A192KW, A256KW): unwrap, and wrap again to the same bytes. Wrapping
/// an 8-byte key (acceptable in RFC 3394's terms) is refused: a JWE's content key is 16
/// bytes or more.
#[test]
fn aes_key_wrap() {
    let file = "aes_wrap_test.json";
    let vectors = vectors(file);
    let mut tally = Tally::default();
    for group in vectors["testGroups"].as_array().unwrap() {
        for test in group["tests"].as_array().unwrap() {
            let (kek, msg, ct) = (hex(&test["key"]), hex(&test["msg"]), hex(&test["ct"]));
            let outcome = aes_kw::unwrap_with(&kek, &ct).and_then(|cek| {
                same(&cek, &msg)?;
                same(&aes_kw::wrap_with(&kek, &msg)?, &ct)
            });
            tally.count(file, test, outcome, &[ErrorKind::DecryptionFailed]);
        }
    }
    let tally = tally.done(file, &vectors);
    let expected = Tally {
        valid: 36,
        invalid: 126,
        acceptable_refused: 3,
        ..Tally::default()
    };
    assert_eq!(tally, expected);
}

/// AES-GCM as content decryption: a JWE's IV is 96 bits and its tag 128 (RFC 7518 §5.3);
/// other IV sizes are refused, valid or not. The valid tests also encrypt to the same
/// bytes.
#[test]
fn aes_gcm() {
    let file = "aes_gcm_test.json";
    let vectors = vectors(file);
    let mut tally = Tally::default();
    for group in vectors["testGroups"].as_array().unwrap() {
        let enc = match group["keySize"].as_u64().unwrap() {
            128 => Enc::A128GCM,
            192 => Enc::A192GCM,
            _ => Enc::A256GCM,
        };
        let jose_iv = group["ivSize"].as_u64() == Some(96);
        for test in group["tests"].as_array().unwrap() {
            let (key, iv, aad) = (hex(&test["key"]), hex(&test["iv"]), hex(&test["aad"]));
            let (msg, ct, tag) = (hex(&test["msg"]), hex(&test["ct"]), hex(&test["tag"]));
            let opened = enc::decrypt(enc, &key, &iv, &aad, Cow::Borrowed(&ct), &tag);
            if !jose_iv {
                assert_eq!(
                    opened.map(|_| ()).map_err(|e| e.kind()),
                    Err(ErrorKind::DecryptionFailed),
                    "{file} #{}: an IV of {} bits",
                    test["tcId"],
                    iv.len() * 8
                );
                tally.outside_jose += 1;
                continue;
            }
            let outcome = opened.and_then(|plaintext| {
                same(&plaintext, &msg)?;
                let (sealed, sealed_tag) = enc::encrypt(enc, &key, &iv, &aad, &msg)?;
                same(&sealed, &ct)?;
                same(&sealed_tag, &tag)
            });
            tally.count(file, test, outcome, &[ErrorKind::DecryptionFailed]);
        }
    }
    let tally = tally.done(file, &vectors);
    let expected = Tally {
        valid: 116,
        invalid: 81,
        outside_jose: 119,
        ..Tally::default()
    };
    assert_eq!(tally, expected);
}

/// AES-CBC with PKCS#7 padding inside A*CBC-HS*: each ciphertext gets a valid HMAC tag (the
/// MAC half of the content key is this test's own), so that decryption reaches the padding,
/// which must then be checked as Wycheproof's vectors say.
#[test]
fn aes_cbc_padding() {
    let file = "aes_cbc_pkcs5_test.json";
    let vectors = vectors(file);
    let mut tally = Tally::default();
    for group in vectors["testGroups"].as_array().unwrap() {
        let enc = match group["keySize"].as_u64().unwrap() {
            128 => Enc::A128CBC_HS256,
            192 => Enc::A192CBC_HS384,
            _ => Enc::A256CBC_HS512,
        };
        for test in group["tests"].as_array().unwrap() {
            let (key, iv, msg, ct) = (
                hex(&test["key"]),
                hex(&test["iv"]),
                hex(&test["msg"]),
                hex(&test["ct"]),
            );
            let mut cek = alloc::vec![0x5au8; key.len()];
            cek.extend_from_slice(&key);
            let (mac_key, _) = cek.split_at(key.len());
            let tag = enc::aes_cbc_hmac_sha2::tag(enc, mac_key, b"aad", &iv, &ct).unwrap();
            let outcome = enc::decrypt(enc, &cek, &iv, b"aad", Cow::Borrowed(&ct), &tag)
                .and_then(|plaintext| same(&plaintext, &msg));
            tally.count(file, test, outcome, &[ErrorKind::DecryptionFailed]);
        }
    }
    let tally = tally.done(file, &vectors);
    let expected = Tally {
        valid: 72,
        invalid: 144,
        ..Tally::default()
    };
    assert_eq!(tally, expected);
}

/// PBKDF2 with HMAC-SHA-256, -384 and -512, as PBES2 derives (the salt here is the vector's
/// own, not PBES2's `alg || 0 || p2s`).
#[test]
fn pbkdf2() {
    for (file, alg) in [
        ("pbkdf2_hmacsha256_test.json", KeyAlg::PBES2_HS256_A128KW),
        ("pbkdf2_hmacsha384_test.json", KeyAlg::PBES2_HS384_A192KW),
        ("pbkdf2_hmacsha512_test.json", KeyAlg::PBES2_HS512_A256KW),
    ] {
        let vectors = vectors(file);
        let mut tally = Tally::default();
        for group in vectors["testGroups"].as_array().unwrap() {
            for test in group["tests"].as_array().unwrap() {
                let mut out = alloc::vec![0u8; test["dkLen"].as_u64().unwrap() as usize];
                let count = u32::try_from(test["iterationCount"].as_u64().unwrap()).unwrap();
                pbes2::derive(
                    alg,
                    &hex(&test["password"]),
                    &hex(&test["salt"]),
                    count,
                    &mut out,
                );
                // Every PBKDF2 vector is valid: no refusal is expected of the derivation.
                tally.count(file, test, same(&out, &hex(&test["dk"])), &[]);
            }
        }
        let valid = tally.done(file, &vectors).valid;
        assert_eq!(
            valid,
            if alg == KeyAlg::PBES2_HS256_A128KW {
                60
            } else {
                58
            }
        );
    }
}
