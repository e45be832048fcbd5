//! Every JWS rule of DESIGN.md's "Security defaults", each asserting its error kind.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::OnceLock;

use jose_core::b64;
use jose_jwk::{EcCurve, Jwk, JwkSet, KeySpec, OkpCurve};
use jose_jws::json::JsonSigner;
use jose_jws::{Alg, ErrorKind, Header, Verifier, compact, dangerous};
use serde_json::{Value, json};

fn rsa() -> &'static Jwk {
    static KEY: OnceLock<Jwk> = OnceLock::new();
    KEY.get_or_init(|| Jwk::generate(KeySpec::Rsa(2048)).unwrap())
}

fn es256() -> Jwk {
    Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap()
}

fn kind<T>(r: jose_jws::Result<T>) -> Option<ErrorKind> {
    r.err().map(|e| e.kind())
}

/// A compact JWS with this exact header JSON, this payload and this signature.
fn forge(header: &str, payload: &[u8], signature: &[u8]) -> String {
    format!(
        "{}.{}.{}",
        b64::encode(header),
        b64::encode(payload),
        b64::encode(signature)
    )
}

#[test]
fn none_is_never_accepted() {
    // RFC 7515 App. A.5.
    let token = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.";
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let verifier = Verifier::try_new(Alg::ALL.iter().copied()).unwrap();
    assert_eq!(
        kind(verifier.verify_compact(token, &key)),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
    assert_eq!(
        kind(compact::sign(
            &Header::from_json(br#"{"alg":"none"}"#).unwrap(),
            b"x",
            &key
        )),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
    for spelled in ["None", "NONE", "nOnE"] {
        let token = forge(&format!(r#"{{"alg":"{spelled}"}}"#), b"x", b"");
        assert_eq!(
            kind(verifier.verify_compact(&token, &key)),
            Some(ErrorKind::UnsupportedAlgorithm)
        );
    }
}

#[test]
fn the_allow_list_decides() {
    let key = es256();
    let token = compact::sign(&Header::new(Alg::ES256), b"x", &key).unwrap();
    assert_eq!(
        kind(Verifier::new([Alg::ES384, Alg::RS256]).verify_compact(&token, &key)),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
    // An empty allow-list does not compile with `new`, and `try_new` refuses it: the
    // caller's configuration (a 500), never a token's `algorithm-not-allowed`.
    assert_eq!(
        kind(Verifier::try_new([])),
        Some(ErrorKind::InvalidConfiguration)
    );
    assert!(
        Verifier::new([Alg::ES256])
            .verify_compact(&token, &key)
            .is_ok()
    );
}

#[test]
fn key_confusion_is_impossible() {
    // The classic attack: HMAC the token with the bytes of the server's public key.
    let public = rsa().to_public().unwrap();
    let secret_bytes = public.to_json().unwrap();
    let forged_key = Jwk::from_json(
        json!({"kty":"oct","k": b64::encode(&secret_bytes)})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let token = compact::sign(&Header::new(Alg::HS256), b"admin", &forged_key).unwrap();
    // The server allows RS256 only: refused before any key is touched.
    assert_eq!(
        kind(Verifier::new([Alg::RS256]).verify_compact(&token, &public)),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
    // Even with HS256 allowed, an RSA key is never an HMAC secret. The caller's one key
    // cannot serve an algorithm of the caller's allow-list: a configuration problem
    // (`invalid-key`); in a set, the token's (`no-matching-key`).
    let both = Verifier::new([Alg::RS256, Alg::HS256]);
    assert_eq!(
        kind(both.verify_compact(&token, &public)),
        Some(ErrorKind::InvalidKey)
    );
    let set: JwkSet = [public.clone()].into_iter().collect();
    assert_eq!(
        kind(both.verify_compact(&token, &set)),
        Some(ErrorKind::NoMatchingKey)
    );
    // Same for an EC public key's bytes.
    let ec = es256().to_public().unwrap();
    assert_eq!(
        kind(Verifier::new([Alg::ES256, Alg::HS256]).verify_compact(&token, &ec)),
        Some(ErrorKind::InvalidKey)
    );
}

#[test]
fn wrong_key_type_curve_or_size() {
    let p384 = Jwk::generate(KeySpec::Ec(EcCurve::P384)).unwrap();
    let token = compact::sign(&Header::new(Alg::ES256), b"x", &es256()).unwrap();
    // One key of the wrong type, curve or size is the caller's problem (`invalid-key`);
    // `no-matching-key` is for sets.
    let verifier = Verifier::new([Alg::ES256]);
    assert_eq!(
        kind(verifier.verify_compact(&token, &p384)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        kind(verifier.verify_compact(&token, rsa())),
        Some(ErrorKind::InvalidKey)
    );
    let ed = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap();
    assert_eq!(
        kind(verifier.verify_compact(&token, &ed)),
        Some(ErrorKind::InvalidKey)
    );
    let set: JwkSet = [p384.clone(), ed.clone()].into_iter().collect();
    assert_eq!(
        kind(verifier.verify_compact(&token, &set)),
        Some(ErrorKind::NoMatchingKey)
    );
    // Signing with the wrong key is refused the same way.
    assert_eq!(
        kind(compact::sign(&Header::new(Alg::ES256), b"x", &p384)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        kind(compact::sign(&Header::new(Alg::RS256), b"x", &es256())),
        Some(ErrorKind::InvalidKey)
    );
    // A public key cannot sign.
    assert_eq!(
        kind(compact::sign(
            &Header::new(Alg::ES256),
            b"x",
            &es256().to_public().unwrap()
        )),
        Some(ErrorKind::InvalidKey)
    );
    // HMAC keys shorter than the hash (RFC 7518 §3.2).
    let short = Jwk::generate(KeySpec::Oct(248)).unwrap();
    assert_eq!(
        kind(compact::sign(&Header::new(Alg::HS256), b"x", &short)),
        Some(ErrorKind::InvalidKey)
    );
    let token = forge(r#"{"alg":"HS256"}"#, b"x", &[0; 32]);
    assert_eq!(
        kind(Verifier::new([Alg::HS256]).verify_compact(&token, &short)),
        Some(ErrorKind::InvalidKey)
    );
    // The same short secret in the caller's set is the caller's problem too (a 500, not
    // the 401 of `no-matching-key`), with or without a `kid`.
    let set: JwkSet = [short.clone().with_kid("old").unwrap()]
        .into_iter()
        .collect();
    for token in [
        token.clone(),
        forge(r#"{"alg":"HS256","kid":"old"}"#, b"x", &[0; 32]),
    ] {
        let err = Verifier::new([Alg::HS256])
            .verify_compact(&token, &set)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{err}");
        assert!(err.message().contains("from_legacy_hmac_secret"), "{err}");
    }
    // A set whose keys say they are for HS256 (long enough for it) is not misconfigured
    // because a token names HS512: that is the token's mismatch, a 401.
    let hs256_only = Jwk::from_json(
        json!({"kty":"oct","k":b64::encode([7u8; 32]),"alg":"HS256","kid":"k"})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let labelled: JwkSet = [hs256_only].into_iter().collect();
    for header in [r#"{"alg":"HS512"}"#, r#"{"alg":"HS512","kid":"k"}"#] {
        let token512 = forge(header, b"x", &[0; 64]);
        assert_eq!(
            kind(Verifier::new([Alg::HS256, Alg::HS512]).verify_compact(&token512, &labelled)),
            Some(ErrorKind::NoMatchingKey),
            "{header}"
        );
    }
    // The explicit opt-in for a legacy secret: "secret" (6 bytes) signs and verifies, as in
    // PyJWT; its JSON does not carry the opt-in.
    let legacy = Jwk::from_legacy_hmac_secret(b"secret").unwrap();
    let signed = compact::sign(&Header::new(Alg::HS256), b"x", &legacy).unwrap();
    let verified = Verifier::new([Alg::HS256])
        .verify_compact(&signed, &legacy)
        .unwrap();
    assert_eq!(verified.payload(), b"x");
    let reread = Jwk::from_json(legacy.to_json().unwrap().as_bytes()).unwrap();
    assert_eq!(
        kind(Verifier::new([Alg::HS256]).verify_compact(&signed, &reread)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        kind(
            Jwk::from_secret(b"secret")
                .unwrap()
                .usable_for(Alg::HS256, jose_jwk::KeyOp::Verify)
        ),
        Some(ErrorKind::InvalidKey)
    );
    let k48 = Jwk::generate(KeySpec::Oct(384)).unwrap();
    assert_eq!(
        kind(compact::sign(&Header::new(Alg::HS512), b"x", &k48)),
        Some(ErrorKind::InvalidKey)
    );
    // RSA keys under 2048 bits never become keys at all.
    let n = b64::encode([&[0x80u8][..], &[0u8; 126], &[1u8]].concat());
    assert_eq!(
        Jwk::from_json(json!({"kty":"RSA","n":n,"e":"AQAB"}).to_string().as_bytes())
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );
}

#[test]
fn ecdsa_signatures_are_r_and_s_of_the_curve_size() {
    let key = es256();
    let token = compact::sign(&Header::new(Alg::ES256), b"x", &key).unwrap();
    let (head, sig) = token.rsplit_once('.').unwrap();
    let sig = b64::decode(sig).unwrap();
    let verifier = Verifier::new([Alg::ES256]);
    let with = |s: &[u8]| format!("{head}.{}", b64::encode(s));
    // DER: SEQUENCE { INTEGER r, INTEGER s }.
    let mut der = vec![0x30, 0x44, 0x02, 0x20];
    der.extend_from_slice(&sig[..32]);
    der.extend_from_slice(&[0x02, 0x20]);
    der.extend_from_slice(&sig[32..]);
    for bad in [
        der,
        sig[..63].to_vec(),
        [&sig[..], &[0]].concat(),
        vec![0; 64],
        [&[0; 32][..], &sig[32..]].concat(),
        [&sig[..32], &[0; 32][..]].concat(),
        vec![0xff; 64],
    ] {
        assert_eq!(
            kind(verifier.verify_compact(&with(&bad), &key)),
            Some(ErrorKind::InvalidSignature),
            "{}",
            bad.len()
        );
    }
    assert!(verifier.verify_compact(&with(&sig), &key).is_ok());
    // Ed25519: exactly 64 bytes, strictly verified.
    let ed = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap();
    let token = compact::sign(&Header::new(Alg::EdDSA), b"x", &ed).unwrap();
    let (head, sig) = token.rsplit_once('.').unwrap();
    let sig = b64::decode(sig).unwrap();
    let mut high_s = sig.clone();
    high_s[63] |= 0xe0; // s far above the group order
    for bad in [sig[..63].to_vec(), high_s, vec![0; 64]] {
        let t = format!("{head}.{}", b64::encode(&bad));
        assert_eq!(
            kind(Verifier::new([Alg::EdDSA]).verify_compact(&t, &ed)),
            Some(ErrorKind::InvalidSignature)
        );
    }
}

#[test]
fn structure_and_encoding_are_strict() {
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let token = compact::sign(&Header::new(Alg::HS256), b"payload", &key).unwrap();
    let verifier = Verifier::new([Alg::HS256]);
    let parts: Vec<&str> = token.split('.').collect();
    for bad in [
        format!("{}.{}", parts[0], parts[1]),
        format!("{token}."),
        format!("{token}.x.y"),
        format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}=.{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}=", parts[0], parts[1], parts[2]),
        format!("{}.{} .{}", parts[0], parts[1], parts[2]),
        format!("{}.{}.{}", parts[0].replace('e', "+"), parts[1], parts[2]),
        String::new(),
        "..".into(),
    ] {
        assert_eq!(
            kind(verifier.verify_compact(&bad, &key)),
            Some(ErrorKind::Malformed),
            "{bad}"
        );
    }
    // The JWS API refuses a JWE.
    let jwe =
        "eyJhbGciOiJkaXIiLCJlbmMiOiJBMTI4R0NNIn0..aaaaaaaaaaaaaaaa.bbbb.cccccccccccccccccccccc";
    assert_eq!(
        kind(verifier.verify_compact(jwe, &key)),
        Some(ErrorKind::Malformed)
    );
    // Headers: duplicate members, not an object, bad types.
    for header in [
        r#"{"alg":"HS256","alg":"HS256"}"#,
        r#"["HS256"]"#,
        r#"{"alg":1}"#,
        r#"{}"#,
        r#"{"alg":"HS256","kid":7}"#,
    ] {
        let t = forge(header, b"x", &[0; 32]);
        assert_eq!(
            kind(verifier.verify_compact(&t, &key)),
            Some(ErrorKind::Malformed),
            "{header}"
        );
    }
}

#[test]
fn crit_and_b64_rules() {
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let verifier = Verifier::new([Alg::HS256]);
    let check = |header: &str| kind(verifier.verify_compact(&signed_raw(header, &key), &key));
    assert_eq!(
        check(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#),
        Some(ErrorKind::CritUnsupported)
    );
    assert_eq!(
        check(r#"{"alg":"HS256","crit":[]}"#),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        check(r#"{"alg":"HS256","crit":"b64","b64":true}"#),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        check(r#"{"alg":"HS256","crit":["kid"],"kid":"a"}"#),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        check(r#"{"alg":"HS256","crit":["b64","b64"],"b64":true}"#),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        check(r#"{"alg":"HS256","crit":["b64"]}"#),
        Some(ErrorKind::Malformed),
        "listed but absent"
    );
    assert_eq!(
        check(r#"{"alg":"HS256","b64":false}"#),
        Some(ErrorKind::Malformed),
        "b64 without crit"
    );
    assert_eq!(
        check(r#"{"alg":"HS256","b64":"false","crit":["b64"]}"#),
        Some(ErrorKind::Malformed)
    );
    assert!(check(r#"{"alg":"HS256","b64":true,"crit":["b64"]}"#).is_none());
    // Signing refuses the same headers.
    assert_eq!(
        kind(compact::sign(
            &Header::new(Alg::HS256).with_member("b64", false),
            b"x",
            &key
        )),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        kind(compact::sign(
            &Header::new(Alg::HS256)
                .with_member("crit", json!(["zip2"]))
                .with_member("zip2", 1),
            b"x",
            &key
        )),
        Some(ErrorKind::CritUnsupported)
    );
    // An unencoded payload in a compact JWS may not hold a `.`.
    assert_eq!(
        kind(compact::sign(
            &Header::new(Alg::HS256).unencoded(),
            b"a.b",
            &key
        )),
        Some(ErrorKind::Malformed)
    );
    assert!(compact::sign_detached(&Header::new(Alg::HS256).unencoded(), b"a.b", &key).is_ok());
    // Detached, an unencoded payload may be any bytes: it never enters the token.
    let binary = b"\xff\x00.binary";
    let detached = compact::sign_detached(&Header::new(Alg::HS256).unencoded(), binary, &key)
        .expect("detached unencoded binary payload");
    let verified = Verifier::new([Alg::HS256])
        .verify_compact_detached(&detached, binary, &key)
        .expect("verifies");
    assert_eq!(verified.payload(), binary);

    // JSON: crit and b64 must be protected; headers disjoint; signatures agree on b64.
    let protected = b64::encode(r#"{"alg":"HS256"}"#);
    let doc = |extra: Value| {
        json!({"payload":"eA","protected":protected,"header":extra,"signature":"AAAA"}).to_string()
    };
    for header in [
        json!({"alg":"HS256"}),
        json!({"crit":["b64"],"b64":true}),
        json!({"b64":false}),
    ] {
        assert_eq!(
            kind(verifier.verify_json(doc(header.clone()).as_bytes(), &key)),
            Some(ErrorKind::Malformed),
            "{header}"
        );
    }
    let a = JsonSigner::new(b"x")
        .sign(&Header::new(Alg::HS256), None, &key)
        .unwrap();
    assert_eq!(
        kind(a.sign(&Header::new(Alg::HS256).unencoded(), None, &key)),
        Some(ErrorKind::Malformed)
    );
}

/// Signs over whatever header JSON is given, bypassing the signer's own checks: the MAC is
/// computed with the primitive directly.
fn signed_raw(header: &str, key: &Jwk) -> String {
    use hmac::{Hmac, KeyInit, Mac};
    let protected = b64::encode(header);
    let payload = if header.contains(r#""b64":false"#) {
        "x".to_string()
    } else {
        b64::encode(b"x")
    };
    let input = format!("{protected}.{payload}");
    let jose_jwk::Key::Oct(secret) = key.key() else {
        unreachable!()
    };
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!("{input}.{}", b64::encode(mac.finalize().into_bytes()))
}

#[test]
fn limits() {
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let verifier = Verifier::new([Alg::HS256]);
    let big = vec![b'a'; 1 << 20];
    let token = compact::sign(&Header::new(Alg::HS256), &big, &key).unwrap();
    assert_eq!(
        kind(verifier.verify_compact(&token, &key)),
        Some(ErrorKind::LimitExceeded)
    );
    let deep = format!(
        r#"{{"alg":"HS256","x":{}{}}}"#,
        "[".repeat(40),
        "]".repeat(40)
    );
    assert_eq!(
        kind(verifier.verify_compact(&forge(&deep, b"x", &[0; 32]), &key)),
        Some(ErrorKind::LimitExceeded)
    );
    let mut signer = JsonSigner::new(b"x");
    for _ in 0..17 {
        signer = signer.sign(&Header::new(Alg::HS256), None, &key).unwrap();
    }
    let doc = signer.general().unwrap();
    assert_eq!(
        kind(verifier.verify_json(doc.as_bytes(), &key)),
        Some(ErrorKind::LimitExceeded)
    );
}

#[test]
fn header_keys_never_select_a_key() {
    // The attacker embeds its own key (`jwk`) and a URL (`jku`) and signs with it.
    let attacker = es256();
    let header = Header::new(Alg::ES256)
        .with_member(
            "jwk",
            Value::Object(attacker.to_public().unwrap().to_object(false).unwrap()),
        )
        .with_member("jku", "https://attacker.example/jwks.json");
    let token = compact::sign(&header, b"admin", &attacker).unwrap();
    let ours: JwkSet = [es256().to_public().unwrap()].into_iter().collect();
    assert_eq!(
        kind(Verifier::new([Alg::ES256]).verify_compact(&token, &ours)),
        Some(ErrorKind::InvalidSignature)
    );
}

#[test]
fn any_change_breaks_the_signature() {
    let key = es256();
    let token = compact::sign(&Header::new(Alg::ES256), b"hello", &key).unwrap();
    let verifier = Verifier::new([Alg::ES256]);
    for i in 0..token.len() {
        for replacement in [b'A', b'x', b'_', b'.'] {
            let mut changed = token.clone().into_bytes();
            if changed[i] == replacement {
                continue;
            }
            changed[i] = replacement;
            let changed = String::from_utf8(changed).unwrap();
            assert!(verifier.verify_compact(&changed, &key).is_err(), "byte {i}");
        }
    }
}

#[test]
fn unverified_reading_lives_in_dangerous() {
    let key = es256().with_kid("k").unwrap();
    let token = compact::sign(&Header::new(Alg::ES256), b"hi", &key).unwrap();
    assert_eq!(dangerous::peek_header(&token).unwrap().kid(), Some("k"));
    assert_eq!(dangerous::decode_unverified(&token).unwrap().1, b"hi");
    assert_eq!(
        kind(dangerous::peek_header("a.b")),
        Some(ErrorKind::Malformed)
    );
}

#[test]
fn an_empty_header_is_absent_and_an_empty_protected_is_refused() {
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let verifier = Verifier::new([Alg::HS256]);
    let good = JsonSigner::new(b"x")
        .sign(&Header::new(Alg::HS256), None, &key)
        .unwrap()
        .flattened()
        .unwrap();
    assert!(verifier.verify_json(good.as_bytes(), &key).is_ok());
    // An empty `header` adds and hides nothing (Node's jose and jwcrypto accept it too).
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    doc["header"] = json!({});
    assert!(
        verifier
            .verify_json(doc.to_string().as_bytes(), &key)
            .is_ok()
    );
    // An empty `protected` string changes the signing input: refused, as RFC 7515 §7.2.1
    // leaves the member out when the header is empty.
    let mut doc: Value = serde_json::from_str(&good).unwrap();
    doc["protected"] = json!("");
    doc["header"] = json!({"alg":"HS256"});
    assert_eq!(
        kind(verifier.verify_json(doc.to_string().as_bytes(), &key)),
        Some(ErrorKind::Malformed)
    );
}

#[test]
fn key_trials_are_bounded() {
    // 16 signatures without `kid`, against a set of 20 compatible keys none of which signed:
    // 320 trials, above the bound of 256.
    let signer_key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let mut signer = JsonSigner::new(b"x");
    for _ in 0..16 {
        signer = signer
            .sign(&Header::new(Alg::HS256), None, &signer_key)
            .unwrap();
    }
    let doc = signer.general().unwrap();
    let set: JwkSet = (0..20)
        .map(|_| Jwk::generate(KeySpec::Oct(256)).unwrap())
        .collect();
    let verifier = Verifier::new([Alg::HS256]);
    assert_eq!(
        kind(verifier.verify_json(doc.as_bytes(), &set)),
        Some(ErrorKind::LimitExceeded)
    );
    // With the signing key in a small set, the first signature verifies.
    let small: JwkSet = [signer_key].into_iter().collect();
    assert!(verifier.verify_json(doc.as_bytes(), &small).is_ok());
}

#[test]
fn json_serializations_have_one_meaning_and_empty_headers_add_nothing() {
    let key = es256();
    let verifier = Verifier::new([Alg::ES256]);
    let flattened = JsonSigner::new(b"payload")
        .sign(&Header::new(Alg::ES256), None, &key)
        .unwrap()
        .flattened()
        .unwrap();
    let mut document: Value = serde_json::from_str(&flattened).unwrap();
    // An empty `header` adds and hides nothing: taken as absent.
    document["header"] = json!({});
    let text = document.to_string();
    let verified = verifier.verify_json(text.as_bytes(), &key).unwrap();
    assert_eq!(verified.payload(), b"payload");
    // A document that is also a JWE (its members beside the JWS's) is malformed.
    for (name, value) in [
        ("ciphertext", json!("AA")),
        ("recipients", json!([])),
        ("iv", json!("AA")),
        ("tag", json!("AA")),
        ("encrypted_key", json!("AA")),
        ("unprotected", json!({"alg":"A128KW","enc":"A128GCM"})),
        ("aad", json!("AA")),
    ] {
        let mut both = document.clone();
        both[name] = value;
        assert_eq!(
            kind(verifier.verify_json(both.to_string().as_bytes(), &key)),
            Some(ErrorKind::Malformed),
            "{name}"
        );
    }
}

#[test]
fn echoed_header_values_are_cut() {
    let long = "x".repeat(700_000);
    let key = es256().with_kid("a").unwrap();
    let set: JwkSet = [key.clone()].into_iter().collect();
    let verifier = Verifier::new([Alg::ES256]);
    let kid = forge(
        &json!({"alg":"ES256","kid": long}).to_string(),
        b"x",
        &[0; 64],
    );
    let crit = forge(
        &json!({"alg":"ES256","crit":[long], long.clone(): 1}).to_string(),
        b"x",
        &[0; 64],
    );
    let dup = forge(
        &format!(r#"{{"alg":"ES256","{long}":1,"{long}":2}}"#),
        b"x",
        &[0; 64],
    );
    let big = jose_core::Limits::DEFAULT.with_max_input_bytes(10_000_000);
    let verifier = verifier.with_limits(big);
    for (token, expected) in [
        (kid, ErrorKind::NoMatchingKey),
        (crit, ErrorKind::CritUnsupported),
        (dup, ErrorKind::Malformed),
    ] {
        let e = verifier.verify_compact(&token, &set).unwrap_err();
        assert_eq!(e.kind(), expected);
        assert!(e.message().len() <= 200, "{} bytes", e.message().len());
    }
}
