//! Every JWE rule of DESIGN.md's "Security defaults", each asserting its error kind.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use jose_core::b64;
use jose_jwe::{Decrypter, Enc, ErrorKind, Header, KeyAlg, Limits, compact};
use jose_jwk::{EcCurve, Jwk, Key, KeySpec, OctKey, OkpCurve};
use serde_json::{Value, json};

fn kind<T>(r: jose_jwe::Result<T>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

fn oct(len: usize) -> Jwk {
    Jwk::generate(KeySpec::Oct(len * 8)).unwrap()
}

fn parts(token: &str) -> Vec<String> {
    token.split('.').map(String::from).collect()
}

fn join(p: &[String]) -> String {
    p.join(".")
}

#[test]
fn tags_and_ivs_are_exact() {
    for (alg, enc, key) in [
        (KeyAlg::A128KW, Enc::A128CBC_HS256, oct(16)),
        (KeyAlg::A256KW, Enc::A256GCM, oct(32)),
        (KeyAlg::Dir, Enc::A128GCM, oct(16)),
    ] {
        let token = compact::encrypt(&Header::new(alg, enc), b"secret", &key).unwrap();
        let decrypter = Decrypter::new([alg], [enc]);
        assert!(decrypter.decrypt_compact(&token, &key).is_ok());
        let p = parts(&token);
        let tag = b64::decode(&p[4]).unwrap();
        let iv = b64::decode(&p[2]).unwrap();
        let mut variants = Vec::new();
        for bad_tag in [&tag[..tag.len() - 1], &[&tag[..], &[0]].concat(), &[][..]] {
            let mut q = p.clone();
            q[4] = b64::encode(bad_tag);
            variants.push(q);
        }
        for bad_iv in [&iv[..iv.len() - 1], &[&iv[..], &[0]].concat()] {
            let mut q = p.clone();
            q[2] = b64::encode(bad_iv);
            variants.push(q);
        }
        for q in variants {
            assert_eq!(
                kind(decrypter.decrypt_compact(&join(&q), &key)),
                Some(ErrorKind::DecryptionFailed),
                "{alg} {enc}"
            );
        }
    }
}

#[test]
fn encrypted_keys_empty_short_or_where_none_belongs() {
    let key = oct(16);
    let token = compact::encrypt(&Header::new(KeyAlg::A128KW, Enc::A128GCM), b"x", &key).unwrap();
    let decrypter = Decrypter::new([KeyAlg::A128KW, KeyAlg::Dir], [Enc::A128GCM]);
    let ek = b64::decode(&parts(&token)[1]).unwrap();
    for bad in [
        vec![],
        ek[..8].to_vec(),
        ek[..23].to_vec(),
        [&ek[..], &[0; 8]].concat(),
    ] {
        let mut q = parts(&token);
        q[1] = b64::encode(&bad);
        assert_eq!(
            kind(decrypter.decrypt_compact(&join(&q), &key)),
            Some(ErrorKind::DecryptionFailed)
        );
    }
    // `dir` with an encrypted key.
    let dir = compact::encrypt(&Header::new(KeyAlg::Dir, Enc::A128GCM), b"x", &key).unwrap();
    let mut q = parts(&dir);
    q[1] = b64::encode([1u8; 24]);
    assert_eq!(
        kind(decrypter.decrypt_compact(&join(&q), &key)),
        Some(ErrorKind::DecryptionFailed)
    );
}

#[test]
fn cbc_padding_errors_look_like_tag_errors() {
    // With a wrong key the unwrap fails and a random CEK is used; with the right key and a
    // changed ciphertext the tag fails; both are the same error. A padding error never shows:
    // the tag is checked before anything is decrypted.
    let key = oct(16);
    let token = compact::encrypt(
        &Header::new(KeyAlg::A128KW, Enc::A128CBC_HS256),
        b"sixteen bytes!!!",
        &key,
    )
    .unwrap();
    let decrypter = Decrypter::new([KeyAlg::A128KW], [Enc::A128CBC_HS256]);
    let mut q = parts(&token);
    let mut ct = b64::decode(&q[3]).unwrap();
    let last = ct.len() - 1;
    ct[last] ^= 1; // breaks the padding of the last block
    q[3] = b64::encode(&ct);
    let padding = decrypter.decrypt_compact(&join(&q), &key).unwrap_err();
    let wrong_key = decrypter.decrypt_compact(&token, &oct(16)).unwrap_err();
    assert_eq!(
        (padding.kind(), padding.message()),
        (wrong_key.kind(), wrong_key.message())
    );
    assert_eq!(padding.kind(), ErrorKind::DecryptionFailed);
}

fn ecdh_token(curve: EcCurve) -> (Jwk, String) {
    let key = Jwk::generate(KeySpec::Ec(curve)).unwrap();
    let token = compact::encrypt(
        &Header::new(KeyAlg::ECDH_ES, Enc::A128GCM),
        b"x",
        &key.to_public().unwrap(),
    )
    .unwrap();
    (key, token)
}

fn with_header(token: &str, edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let mut q = parts(token);
    let mut header: Value = serde_json::from_slice(&b64::decode(&q[0]).unwrap()).unwrap();
    edit(header.as_object_mut().unwrap());
    q[0] = b64::encode(header.to_string());
    join(&q)
}

#[test]
fn ephemeral_keys_are_checked() {
    let (key, token) = ecdh_token(EcCurve::P256);
    let decrypter = Decrypter::new([KeyAlg::ECDH_ES], [Enc::A128GCM]);
    assert!(decrypter.decrypt_compact(&token, &key).is_ok());
    // Off the curve: change y.
    let off = with_header(&token, |h| {
        let y = h["epk"]["y"].as_str().unwrap().to_string();
        let mut bytes = b64::decode(&y).unwrap();
        bytes[31] ^= 1;
        h["epk"]["y"] = json!(b64::encode(&bytes));
    });
    assert_eq!(
        kind(decrypter.decrypt_compact(&off, &key)),
        Some(ErrorKind::Malformed)
    );
    // The identity has no encoding as x, y: all zeros is not a point.
    let zero = b64::encode([0u8; 32]);
    let identity = with_header(&token, |h| {
        h["epk"]["x"] = json!(zero);
        h["epk"]["y"] = json!(zero);
    });
    assert_eq!(
        kind(decrypter.decrypt_compact(&identity, &key)),
        Some(ErrorKind::Malformed)
    );
    // Another curve than the recipient's; a private epk; no epk.
    let p384 = Jwk::generate(KeySpec::Ec(EcCurve::P384))
        .unwrap()
        .to_public()
        .unwrap();
    // Another curve than the recipient key's: not this key's JWE, so no key decrypts it.
    let other = with_header(&token, |h| {
        h["epk"] = Value::Object(p384.to_object(false).unwrap())
    });
    assert_eq!(
        kind(decrypter.decrypt_compact(&other, &key)),
        Some(ErrorKind::DecryptionFailed)
    );
    let none = with_header(&token, |h| {
        h.remove("epk");
    });
    assert_eq!(
        kind(decrypter.decrypt_compact(&none, &key)),
        Some(ErrorKind::Malformed)
    );
    // X25519 points of small order.
    let x = Jwk::generate(KeySpec::Okp(OkpCurve::X25519)).unwrap();
    let token = compact::encrypt(
        &Header::new(KeyAlg::ECDH_ES, Enc::A128GCM),
        b"x",
        &x.to_public().unwrap(),
    )
    .unwrap();
    assert!(decrypter.decrypt_compact(&token, &x).is_ok());
    let small = with_header(&token, |h| h["epk"]["x"] = json!(b64::encode([0u8; 32])));
    assert_eq!(
        kind(decrypter.decrypt_compact(&small, &x)),
        Some(ErrorKind::Malformed)
    );
}

fn pbes2(p2c: u32) -> (Jwk, String) {
    let password = Jwk::new(Key::Oct(
        OctKey::new(b"correct horse battery staple".to_vec()).unwrap(),
    ));
    let header = Header::new(KeyAlg::PBES2_HS256_A128KW, Enc::A128GCM).with_p2c(p2c);
    (
        password.clone(),
        compact::encrypt(&header, b"x", &password).unwrap(),
    )
}

#[test]
fn pbes2_bounds_are_checked_before_any_work() {
    let (password, token) = pbes2(1000);
    let decrypter = Decrypter::new([KeyAlg::PBES2_HS256_A128KW], [Enc::A128GCM]);
    assert!(decrypter.decrypt_compact(&token, &password).is_ok());
    // Too large: refused in well under a millisecond (no derivation happens).
    let huge = with_header(&token, |h| h["p2c"] = json!(4_000_000_000u64));
    let start = Instant::now();
    assert_eq!(
        kind(decrypter.decrypt_compact(&huge, &password)),
        Some(ErrorKind::LimitExceeded)
    );
    assert!(start.elapsed().as_micros() < 1000, "{:?}", start.elapsed());
    // Above the default bound of 10,000 unless raised (never beyond 1,200,000).
    let above = with_header(&token, |h| h["p2c"] = json!(10_001));
    assert_eq!(
        kind(decrypter.decrypt_compact(&above, &password)),
        Some(ErrorKind::LimitExceeded)
    );
    let raised = decrypter
        .clone()
        .with_limits(Limits::DEFAULT.with_max_pbes2_count(2_000_000));
    let beyond = with_header(&token, |h| h["p2c"] = json!(1_200_001));
    assert_eq!(
        kind(raised.decrypt_compact(&beyond, &password)),
        Some(ErrorKind::LimitExceeded)
    );
    // Too small, short or long salt, missing members.
    let small = with_header(&token, |h| h["p2c"] = json!(999));
    assert_eq!(
        kind(decrypter.decrypt_compact(&small, &password)),
        Some(ErrorKind::LimitExceeded)
    );
    let short = with_header(&token, |h| h["p2s"] = json!(b64::encode([1u8; 7])));
    assert_eq!(
        kind(decrypter.decrypt_compact(&short, &password)),
        Some(ErrorKind::Malformed)
    );
    let long = with_header(&token, |h| h["p2s"] = json!(b64::encode([1u8; 257])));
    assert_eq!(
        kind(decrypter.decrypt_compact(&long, &password)),
        Some(ErrorKind::Malformed)
    );
    let missing = with_header(&token, |h| {
        h.remove("p2s");
    });
    assert_eq!(
        kind(decrypter.decrypt_compact(&missing, &password)),
        Some(ErrorKind::Malformed)
    );
    // PBES2 is never accepted unless listed.
    let other = Decrypter::new([KeyAlg::A128KW, KeyAlg::Dir], [Enc::A128GCM]);
    assert_eq!(
        kind(other.decrypt_compact(&token, &password)),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
}

#[test]
fn deflate_bombs_are_capped_while_inflating() {
    let key = oct(16);
    let bomb = vec![0u8; 50_000_000];
    let token = compact::encrypt(
        &Header::new(KeyAlg::Dir, Enc::A128GCM).with_zip(),
        &bomb,
        &key,
    )
    .unwrap();
    assert!(token.len() < 200_000, "{}", token.len());
    let decrypter = Decrypter::new([KeyAlg::Dir], [Enc::A128GCM]);
    assert_eq!(
        kind(decrypter.decrypt_compact(&token, &key)),
        Some(ErrorKind::LimitExceeded)
    );
    let small = compact::encrypt(
        &Header::new(KeyAlg::Dir, Enc::A128GCM).with_zip(),
        b"hello hello hello",
        &key,
    )
    .unwrap();
    assert_eq!(
        decrypter.decrypt_compact(&small, &key).unwrap().plaintext,
        b"hello hello hello"
    );
}

#[test]
fn zip_only_from_the_protected_header() {
    use jose_jwe::json::JsonEncrypter;
    let key = oct(16);
    let decrypter = Decrypter::new([KeyAlg::A128KW], [Enc::A128GCM]);
    let doc = JsonEncrypter::new(b"x", Header::empty().with_member("enc", "A128GCM"))
        .unprotected(Header::empty().with_member("zip", "DEF"))
        .recipient(Header::empty().with_member("alg", "A128KW"), &key)
        .general();
    assert_eq!(kind(doc), Some(ErrorKind::Malformed));
    let good = JsonEncrypter::new(b"x", Header::empty().with_member("enc", "A128GCM"))
        .recipient(Header::empty().with_member("alg", "A128KW"), &key)
        .general()
        .unwrap();
    let mut v: Value = serde_json::from_str(&good).unwrap();
    v["unprotected"] = json!({"zip": "DEF"});
    assert_eq!(
        kind(decrypter.decrypt_json(v.to_string().as_bytes(), &key)),
        Some(ErrorKind::Malformed)
    );
    // An unknown `zip`.
    let token = compact::encrypt(
        &Header::new(KeyAlg::A128KW, Enc::A128GCM).with_member("zip", "GZ"),
        b"x",
        &key,
    );
    assert_eq!(kind(token), Some(ErrorKind::UnsupportedAlgorithm));
}

#[test]
fn the_jwe_api_refuses_a_jws_and_bad_structure() {
    let key = oct(32);
    let decrypter = Decrypter::new([KeyAlg::A256KW], [Enc::A256GCM]);
    let jws = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    assert_eq!(
        kind(decrypter.decrypt_compact(jws, &key)),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        kind(decrypter.decrypt(jws.as_bytes(), &key)),
        Some(ErrorKind::Malformed)
    );
    let token = compact::encrypt(&Header::new(KeyAlg::A256KW, Enc::A256GCM), b"x", &key).unwrap();
    for bad in [
        format!("{token}."),
        format!("{token}=="),
        token.replacen('.', "..", 1),
        // A character outside the base64url alphabet (always: the last one becomes `+`).
        format!("{}+", &token[..token.len() - 1]),
    ] {
        assert_eq!(
            kind(decrypter.decrypt_compact(&bad, &key)),
            Some(ErrorKind::Malformed),
            "{bad}"
        );
    }
    // Six parts, the extra `.` inside the ciphertext: refused for its structure, before the
    // header is looked at (here one naming an algorithm outside the allow-list), with the
    // count in the message.
    let forged = with_header(&token, |h| {
        h.insert("alg".into(), json!("RSA1_5"));
    });
    let mut six = parts(&forged);
    let cut = six[3].len() / 2;
    six[3].insert(cut, '.');
    let six = join(&six);
    let error = decrypter.decrypt_compact(&six, &key).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Malformed);
    assert!(error.message().contains("this has 6"), "{error}");
    // none, RSA1_5, other allow-lists.
    for header in [
        r#"{"alg":"none","enc":"A256GCM"}"#,
        r#"{"alg":"RSA1_5","enc":"A256GCM"}"#,
        r#"{"alg":"A256KW","enc":"A128GCM"}"#,
    ] {
        let forged = with_header(&token, |h| *h = serde_json::from_str(header).unwrap());
        let k = kind(decrypter.decrypt_compact(&forged, &key));
        assert!(
            matches!(
                k,
                Some(ErrorKind::AlgorithmNotAllowed | ErrorKind::UnsupportedAlgorithm)
            ),
            "{header}: {k:?}"
        );
    }
    // crit: nothing is understood for JWE.
    let crit = with_header(&token, |h| {
        h.insert("crit".into(), json!(["exp"]));
        h.insert("exp".into(), json!(1));
    });
    assert_eq!(
        kind(decrypter.decrypt_compact(&crit, &key)),
        Some(ErrorKind::CritUnsupported)
    );
    // Size.
    let big = format!("{token}{}", "A".repeat(1 << 20));
    assert_eq!(
        kind(decrypter.decrypt_compact(&big, &key)),
        Some(ErrorKind::LimitExceeded)
    );
}

#[test]
fn keys_only_do_what_they_are() {
    let key = oct(32);
    // A key wrapping key of the wrong size, an EC key for AES key wrap, a public key to decrypt.
    assert_eq!(
        kind(compact::encrypt(
            &Header::new(KeyAlg::A128KW, Enc::A128GCM),
            b"x",
            &key
        )),
        Some(ErrorKind::InvalidKey)
    );
    let ec = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    assert_eq!(
        kind(compact::encrypt(
            &Header::new(KeyAlg::A256KW, Enc::A128GCM),
            b"x",
            &ec
        )),
        Some(ErrorKind::InvalidKey)
    );
    let secp = Jwk::generate(KeySpec::Ec(EcCurve::Secp256k1)).unwrap();
    assert_eq!(
        kind(compact::encrypt(
            &Header::new(KeyAlg::ECDH_ES, Enc::A128GCM),
            b"x",
            &secp
        )),
        Some(ErrorKind::InvalidKey)
    );
    let token = compact::encrypt(
        &Header::new(KeyAlg::ECDH_ES, Enc::A128GCM),
        b"x",
        &ec.to_public().unwrap(),
    )
    .unwrap();
    let decrypter = Decrypter::new([KeyAlg::ECDH_ES], [Enc::A128GCM]);
    assert_eq!(
        kind(decrypter.decrypt_compact(&token, &ec.to_public().unwrap())),
        Some(ErrorKind::InvalidKey)
    );
    // `dir` with a key of the wrong length for `enc`.
    assert_eq!(
        kind(compact::encrypt(
            &Header::new(KeyAlg::Dir, Enc::A128GCM),
            b"x",
            &key
        )),
        Some(ErrorKind::InvalidKey)
    );
}

#[test]
fn any_change_fails_with_decryption_failed_once_the_header_is_understood() {
    let key = oct(16);
    let token = compact::encrypt(
        &Header::new(KeyAlg::A128KW, Enc::A128CBC_HS256),
        b"hello world",
        &key,
    )
    .unwrap();
    let decrypter = Decrypter::new([KeyAlg::A128KW], [Enc::A128CBC_HS256]);
    let header_len = token.find('.').unwrap();
    for i in header_len + 1..token.len() {
        if token.as_bytes()[i] == b'.' {
            continue;
        }
        for c in [b'A', b'z'] {
            let mut changed = token.clone().into_bytes();
            if changed[i] == c {
                continue;
            }
            changed[i] = c;
            let changed = String::from_utf8(changed).unwrap();
            let k = kind(decrypter.decrypt_compact(&changed, &key));
            // Non-canonical base64url at a part's end is refused as malformed before anything.
            assert!(
                matches!(k, Some(ErrorKind::DecryptionFailed | ErrorKind::Malformed)),
                "byte {i}: {k:?}"
            );
        }
    }
}

#[test]
fn recipients_on_other_curves_are_skipped_not_fatal() {
    use jose_jwe::json::JsonEncrypter;
    let alice = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    let bob = Jwk::generate(KeySpec::Okp(OkpCurve::X25519)).unwrap();
    let doc = JsonEncrypter::new(b"to both", Header::empty().with_member("enc", "A128GCM"))
        .recipient(
            Header::empty().with_member("alg", "ECDH-ES+A128KW"),
            &alice.to_public().unwrap(),
        )
        .recipient(
            Header::empty().with_member("alg", "ECDH-ES+A128KW"),
            &bob.to_public().unwrap(),
        )
        .general()
        .unwrap();
    let decrypter = Decrypter::new([KeyAlg::ECDH_ES_A128KW], [Enc::A128GCM]);
    // Bob's X25519 key fits `ECDH-ES+A128KW`, but not the first recipient's P-256 `epk`.
    let decrypted = decrypter.decrypt_json(doc.as_bytes(), &bob).unwrap();
    assert_eq!(
        (decrypted.recipient_index, decrypted.plaintext.as_slice()),
        (1, &b"to both"[..])
    );
    // A set holding other curves first, for a compact JWE without kid.
    let token = compact::encrypt(
        &Header::new(KeyAlg::ECDH_ES, Enc::A128GCM),
        b"x",
        &alice.to_public().unwrap(),
    )
    .unwrap();
    let set: jose_jwk::JwkSet = [
        Jwk::generate(KeySpec::Ec(EcCurve::P384)).unwrap(),
        bob.clone(),
        alice.clone(),
    ]
    .into_iter()
    .collect();
    let direct = Decrypter::new([KeyAlg::ECDH_ES], [Enc::A128GCM]);
    assert_eq!(
        direct.decrypt_compact(&token, &set).unwrap().plaintext,
        b"x"
    );
}

#[test]
fn pbes2_derivations_are_bounded_per_token() {
    let (_, token) = pbes2(10_000);
    // Five passwords without kid: at most four derivations, then limit-exceeded.
    let set: jose_jwk::JwkSet = (0..5)
        .map(|i| {
            Jwk::new(Key::Oct(
                OctKey::new(format!("password {i}").into_bytes()).unwrap(),
            ))
        })
        .collect();
    let decrypter = Decrypter::new([KeyAlg::PBES2_HS256_A128KW], [Enc::A128GCM]);
    assert_eq!(
        kind(decrypter.decrypt_compact(&token, &set)),
        Some(ErrorKind::LimitExceeded)
    );
}

#[test]
fn a_dir_key_labelled_with_an_enc_serves_that_enc_only() {
    let key = Jwk::generate(KeySpec::Oct(256))
        .unwrap()
        .with_alg(Enc::A256GCM)
        .unwrap();
    assert!(compact::encrypt(&Header::new(KeyAlg::Dir, Enc::A256GCM), b"x", &key).is_ok());
    assert_eq!(
        kind(compact::encrypt(
            &Header::new(KeyAlg::Dir, Enc::A128CBC_HS256),
            b"x",
            &key
        )),
        Some(ErrorKind::InvalidKey)
    );
    let unlabelled = Jwk::new(key.key().clone());
    let token = compact::encrypt(
        &Header::new(KeyAlg::Dir, Enc::A128CBC_HS256),
        b"x",
        &unlabelled,
    )
    .unwrap();
    let decrypter = Decrypter::new([KeyAlg::Dir], [Enc::A128CBC_HS256, Enc::A256GCM]);
    assert_eq!(
        kind(decrypter.decrypt_compact(&token, &key)),
        Some(ErrorKind::DecryptionFailed)
    );
    assert!(decrypter.decrypt_compact(&token, &unlabelled).is_ok());
}

// --- Hostile input, round two --------------------------------------------------------------

fn rfc_rsa() -> Jwk {
    Jwk::from_json(include_bytes!(
        "../../../tests/vectors/rfc7520/3_4_rsa_private.json"
    ))
    .unwrap()
}

#[test]
fn an_epk_is_exactly_a_public_ecdh_key_before_any_arithmetic() {
    let (key, token) = ecdh_token(EcCurve::P256);
    let decrypter = Decrypter::new([KeyAlg::ECDH_ES, KeyAlg::ECDH_ES_A128KW], [Enc::A128GCM]);
    let rsa = rfc_rsa().to_object(true).unwrap();
    let n = rsa["n"].clone();
    let p256 = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    let ed = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap();
    let k1 = Jwk::generate(KeySpec::Ec(EcCurve::Secp256k1)).unwrap();
    let refused = [
        // The panic of the `rsa` crate on `d` = 0, reached before any key of the recipient.
        json!({"kty":"RSA","n":n,"e":"AQAB","d":"AA"}),
        json!({"kty":"RSA","n":n,"e":"AQAB"}),
        json!({"kty":"oct","k":"AAAA"}),
        Value::Object(p256.to_object(true).unwrap()),
        Value::Object(ed.to_object(false).unwrap()),
        Value::Object(k1.to_object(false).unwrap()),
        json!({"kty":"EC","crv":"P-256"}),
        json!({"kty":"EC","crv":"P-256","x":"AA","y":"AA","d":"AA"}),
        json!({"kty":"OKP","crv":"X25519","x":"AA","d":"AA"}),
        json!({"crv":"P-256"}),
        json!("P-256"),
    ];
    for epk in &refused {
        let bad = with_header(&token, |h| h["epk"] = epk.clone());
        assert_eq!(
            kind(decrypter.decrypt_compact(&bad, &key)),
            Some(ErrorKind::Malformed),
            "{epk}"
        );
        // The same in a flattened JSON JWE, whose header is protected or not.
        let p = parts(&bad);
        let flattened = json!({"protected": p[0], "iv": p[2], "ciphertext": p[3], "tag": p[4]});
        assert_eq!(
            kind(decrypter.decrypt_json(flattened.to_string().as_bytes(), &key)),
            Some(ErrorKind::Malformed),
            "{epk}"
        );
        let header = json!({"alg":"ECDH-ES","enc":"A128GCM","epk": epk});
        let unprotected =
            json!({"unprotected": header, "iv": p[2], "ciphertext": p[3], "tag": p[4]});
        assert_eq!(
            kind(decrypter.decrypt_json(unprotected.to_string().as_bytes(), &key)),
            Some(ErrorKind::Malformed),
            "{epk}"
        );
    }
}

/// A general JWE to `recipients`, each with its own `kid` (or none).
fn to_recipients(recipients: &[(&Jwk, Option<&str>)]) -> String {
    let mut builder = jose_jwe::json::JsonEncrypter::new(
        b"budget",
        Header::empty().with_member("enc", "A128GCM"),
    );
    for (key, kid) in recipients {
        let mut header = Header::empty().with_member("alg", "RSA-OAEP-256");
        if let Some(kid) = kid {
            header = header.with_member("kid", *kid);
        }
        builder = builder.recipient(header, &key.to_public().unwrap());
    }
    builder.general().unwrap()
}

#[test]
fn rsa_private_key_trials_have_a_budget_and_a_kid_binds() {
    let mine = Jwk::generate(KeySpec::Rsa(2048))
        .unwrap()
        .with_kid("mine")
        .unwrap();
    let other = Jwk::generate(KeySpec::Rsa(2048)).unwrap();
    let keys: jose_jwk::JwkSet = [mine.clone()].into_iter().collect();
    let decrypter = Decrypter::new([KeyAlg::RSA_OAEP_256], [Enc::A128GCM]);
    assert_eq!(Limits::DEFAULT.max_rsa_trials(), 4);
    // Kid-less: each recipient is tried with every RSA key of the set. Mine is the fifth
    // recipient: four operations fail first, and the fifth is over the default budget.
    let kidless = to_recipients(&[
        (&other, None),
        (&other, None),
        (&other, None),
        (&other, None),
        (&mine, None),
    ]);
    assert_eq!(
        kind(decrypter.decrypt_json(kidless.as_bytes(), &keys)),
        Some(ErrorKind::LimitExceeded)
    );
    // Exactly five operations are needed: a budget of five decrypts, of four does not.
    let five = decrypter
        .clone()
        .with_limits(Limits::DEFAULT.with_max_rsa_trials(5));
    assert_eq!(
        five.decrypt_json(kidless.as_bytes(), &keys)
            .unwrap()
            .plaintext,
        b"budget"
    );
    assert_eq!(
        kind(
            decrypter
                .clone()
                .with_limits(Limits::DEFAULT.with_max_rsa_trials(4))
                .decrypt_json(kidless.as_bytes(), &keys)
        ),
        Some(ErrorKind::LimitExceeded)
    );
    // With kids, a recipient is tried with the keys of its kid only: one operation in all.
    let named = to_recipients(&[
        (&other, Some("other")),
        (&other, Some("other")),
        (&other, Some("other")),
        (&other, Some("other")),
        (&mine, Some("mine")),
    ]);
    let one = decrypter
        .clone()
        .with_limits(Limits::DEFAULT.with_max_rsa_trials(1));
    assert_eq!(
        one.decrypt_json(named.as_bytes(), &keys)
            .unwrap()
            .recipient_index,
        4
    );
    // Sixteen kid-less recipients against a set of sixteen keys: stopped after four
    // operations, not 256 (the cost is in docs/security.md).
    let many: Vec<(&Jwk, Option<&str>)> = (0..16).map(|_| (&other, None)).collect();
    let sixteen = to_recipients(&many);
    let set: jose_jwk::JwkSet = (0..16)
        .map(|i| mine.clone().with_kid(format!("k{i}")).unwrap())
        .collect();
    let started = Instant::now();
    assert_eq!(
        kind(decrypter.decrypt_json(sixteen.as_bytes(), &set)),
        Some(ErrorKind::LimitExceeded)
    );
    eprintln!(
        "16 x 16 RSA-2048 recipients: refused after {:?}",
        started.elapsed()
    );
}

#[test]
fn empty_unprotected_headers_are_taken_as_absent() {
    let key = oct(16);
    let decrypter = Decrypter::new([KeyAlg::A128KW], [Enc::A128GCM]);
    let encrypter =
        jose_jwe::json::JsonEncrypter::new(b"x", Header::new(KeyAlg::A128KW, Enc::A128GCM))
            .recipient(Header::empty(), &key);
    // joserfc 1.8 writes `"header": {}` on each recipient; an empty `unprotected` adds
    // nothing either. Flattened and general.
    let mut flattened: Value = serde_json::from_str(&encrypter.flattened().unwrap()).unwrap();
    flattened["header"] = json!({});
    flattened["unprotected"] = json!({});
    let mut general: Value = serde_json::from_str(&encrypter.general().unwrap()).unwrap();
    general["recipients"][0]["header"] = json!({});
    general["unprotected"] = json!({});
    for jwe in [flattened, general] {
        let decrypted = decrypter
            .decrypt_json(jwe.to_string().as_bytes(), &key)
            .unwrap();
        assert_eq!(decrypted.plaintext, b"x", "{jwe}");
    }
}

#[test]
fn a_json_jwe_with_jws_members_is_malformed() {
    let key = oct(16);
    let jwe =
        jose_jwe::json::JsonEncrypter::new(b"x", Header::empty().with_member("enc", "A128GCM"))
            .recipient(Header::empty().with_member("alg", "A128KW"), &key)
            .general()
            .unwrap();
    let decrypter = Decrypter::new([KeyAlg::A128KW], [Enc::A128GCM]);
    assert!(decrypter.decrypt_json(jwe.as_bytes(), &key).is_ok());
    for (name, value) in [
        ("payload", json!("eyJ4IjoxfQ")),
        ("signatures", json!([])),
        ("signature", json!("AA")),
    ] {
        let mut both: Value = serde_json::from_str(&jwe).unwrap();
        both[name] = value;
        assert_eq!(
            kind(decrypter.decrypt_json(both.to_string().as_bytes(), &key)),
            Some(ErrorKind::Malformed),
            "{name}"
        );
    }
}

#[test]
fn an_empty_allow_list_is_refused_where_it_is_built() {
    for (algs, encs) in [(vec![KeyAlg::A256KW], vec![]), (vec![], vec![Enc::A256GCM])] {
        assert_eq!(
            kind(Decrypter::try_new(algs, encs)),
            Some(ErrorKind::InvalidConfiguration)
        );
    }
    assert!(Decrypter::try_new([KeyAlg::A256KW], [Enc::A256GCM]).is_ok());
}
