//! RFC 7520 §4.1–4.8 and RFC 7797: every published JWS verifies, and the deterministic ones
//! (HMAC, RSA PKCS#1 v1.5, Ed25519) are reproduced byte for byte.

use jose_core::b64;
use jose_jwk::{Jwk, JwkSet};
use jose_jws::json::JsonSigner;
use jose_jws::{Alg, ErrorKind, Header, Verifier, compact};
use serde_json::Value;

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

/// One cookbook example: verify every output; reproduce it when it is deterministic.
fn cookbook(text: &str) {
    let v = value(text);
    let keys: Vec<Jwk> = list(&v["input"]["key"])
        .iter()
        .map(|k| Jwk::from_json(k.to_string().as_bytes()).unwrap())
        .collect();
    let algs: Vec<Alg> = list(&v["input"]["alg"])
        .iter()
        .map(|a| a.as_str().unwrap().parse().unwrap())
        .collect();
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    let verifier = Verifier::try_new(algs.clone()).unwrap();
    let set: JwkSet = keys
        .iter()
        .map(|k| k.to_public().unwrap_or_else(|_| k.clone()))
        .collect();
    let output = &v["output"];

    if let Some(token) = output["compact"].as_str() {
        let detached = token.contains("..");
        let verified = if detached {
            verifier
                .verify_compact_detached(token, payload, &set)
                .unwrap()
        } else {
            verifier.verify_compact(token, &set).unwrap()
        };
        assert_eq!(verified.payload(), payload);
    }
    for form in ["json", "json_flat"] {
        let Some(doc) = output.get(form) else {
            continue;
        };
        let doc = doc.to_string();
        let verified = if doc.contains("\"payload\"") {
            verifier.verify_json(doc.as_bytes(), &set).unwrap()
        } else {
            verifier
                .verify_json_detached(doc.as_bytes(), payload, &set)
                .unwrap()
        };
        assert_eq!(verified.payload(), payload);
        assert!(
            verified.signatures().iter().all(|s| s.is_verified()),
            "{form}"
        );
    }

    if v["reproducible"] != Value::Bool(true) {
        return;
    }
    let signing = &v["signing"];
    let protected = signing["protected_b64u"]
        .as_str()
        .map(|p| Header::from_json(&b64::decode(p).unwrap()).unwrap())
        .unwrap_or_default();
    let unprotected = signing
        .get("unprotected")
        .map(|u| Header::from_object(u.as_object().unwrap().clone()));
    let key = &keys[0];
    if let Some(expected) = output["compact"].as_str() {
        let token = if expected.contains("..") {
            compact::sign_detached(&protected, payload, key).unwrap()
        } else {
            compact::sign(&protected, payload, key).unwrap()
        };
        assert_eq!(token, expected);
    }
    let mut signer = JsonSigner::new(payload);
    if output["json_flat"].get("payload").is_none() {
        signer = signer.detached();
    }
    let signer = signer.sign(&protected, unprotected.as_ref(), key).unwrap();
    assert_eq!(value(&signer.flattened().unwrap()), output["json_flat"]);
    assert_eq!(value(&signer.general().unwrap()), output["json"]);
}

#[test]
fn rfc7520_4_1_rsa_v15() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_1.rsa_v15_signature.json"
    ));
}

#[test]
fn rfc7520_4_2_rsa_pss() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_2.rsa-pss_signature.json"
    ));
}

#[test]
fn rfc7520_4_3_ecdsa() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_3.ecdsa_signature.json"
    ));
}

#[test]
fn rfc7520_4_4_hmac() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_4.hmac-sha2_integrity_protection.json"
    ));
}

#[test]
fn rfc7520_4_5_detached() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_5.signature_with_detached_content.json"
    ));
}

#[test]
fn rfc7520_4_6_protecting_specific_header_fields() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_6.protecting_specific_header_fields.json"
    ));
}

#[test]
fn rfc7520_4_7_protecting_content_only() {
    cookbook(include_str!(
        "../vectors/rfc7520/jws/4_7.protecting_content_only.json"
    ));
}

#[test]
fn rfc7520_4_8_multiple_signatures() {
    let text = include_str!("../vectors/rfc7520/jws/4_8.multiple_signatures.json");
    cookbook(text);
    // A verifier holding only the HMAC key learns that the third signature verified.
    let v = value(text);
    let hmac = Jwk::from_json(v["input"]["key"][2].to_string().as_bytes()).unwrap();
    let doc = v["output"]["json"].to_string();
    let verified = Verifier::new([Alg::HS256])
        .verify_json(doc.as_bytes(), &hmac)
        .unwrap();
    let outcomes: Vec<_> = verified
        .signatures()
        .iter()
        .map(|s| s.result.as_ref().map(|_| ()).map_err(|e| e.kind()))
        .collect();
    assert_eq!(
        outcomes,
        [
            Err(ErrorKind::AlgorithmNotAllowed),
            Err(ErrorKind::AlgorithmNotAllowed),
            Ok(())
        ]
    );
    // The deterministic signatures (RS256 and HS256) are reproduced byte for byte.
    let payload = v["input"]["payload"].as_str().unwrap().as_bytes();
    for i in [0, 2] {
        let signing = &v["signing"][i];
        let key = Jwk::from_json(v["input"]["key"][i].to_string().as_bytes()).unwrap();
        let raw = b64::decode(signing["protected_b64u"].as_str().unwrap()).unwrap();
        let protected = Header::from_json(&raw).unwrap();
        let unprotected = signing
            .get("unprotected")
            .map(|u| Header::from_object(u.as_object().unwrap().clone()));
        let flat = JsonSigner::new(payload)
            .sign(&protected, unprotected.as_ref(), &key)
            .unwrap()
            .flattened()
            .unwrap();
        assert_eq!(value(&flat)["signature"], signing["sig"], "signature {i}");
    }
}

fn rfc7515_a1_hmac_key() -> Jwk {
    Jwk::from_json(
        br#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#,
    )
    .unwrap()
}

#[test]
fn rfc7797_4_1_and_4_2() {
    let key = rfc7515_a1_hmac_key();
    // §4.1: the payload "$.02" with b64 true.
    let token = compact::sign(
        &Header::from_json(br#"{"alg":"HS256"}"#).unwrap(),
        b"$.02",
        &key,
    )
    .unwrap();
    assert_eq!(
        token,
        "eyJhbGciOiJIUzI1NiJ9.JC4wMg.5mvfOroL-g7HyqJoozehmsaqmvTYGEq5jTI1gVvoEoQ"
    );
    // §4.2: the same payload unencoded, detached.
    let header = Header::from_json(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#).unwrap();
    let token = compact::sign_detached(&header, b"$.02", &key).unwrap();
    assert_eq!(
        token,
        "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY"
    );
    let verifier = Verifier::new([Alg::HS256]);
    let verified = verifier
        .verify_compact_detached(&token, b"$.02", &key)
        .unwrap();
    assert_eq!(verified.protected().b64(), Some(false));
    // The JSON serialization carries the unencoded payload as it is.
    let json = JsonSigner::new(b"$.02")
        .sign(&header, None, &key)
        .unwrap()
        .flattened()
        .unwrap();
    assert_eq!(value(&json)["payload"], "$.02");
    assert_eq!(
        verifier
            .verify_json(json.as_bytes(), &key)
            .unwrap()
            .payload(),
        b"$.02"
    );
}

#[test]
fn rfc7797_cookbook_compact_b64_false() {
    let v = value(include_str!("../vectors/rfc7797/compact_b64_false.json"));
    let key = Jwk::from_json(v["input"]["key"].to_string().as_bytes()).unwrap();
    let payload = v["input"]["payload"].as_str().unwrap();
    let expected = v["output"]["compact"].as_str().unwrap();
    let header = Header::from_json(br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#).unwrap();
    assert_eq!(
        compact::sign(&header, payload.as_bytes(), &key).unwrap(),
        expected
    );
    let verified = Verifier::new([Alg::HS256])
        .verify_compact(expected, &key)
        .unwrap();
    assert_eq!(verified.payload(), payload.as_bytes());
    for form in ["json", "json_flat"] {
        let doc = v["output"][form].to_string();
        let verified = Verifier::new([Alg::HS256])
            .verify_json(doc.as_bytes(), &key)
            .unwrap();
        assert_eq!(verified.payload(), payload.as_bytes());
    }
}

/// RFC 7515 App. A.1–A.4 and RFC 8037 App. A.4: sign over the exact published header and
/// payload; the deterministic algorithms reproduce the token, every token verifies.
fn rfc7515_style(text: &str, alg: Alg, deterministic: bool) {
    let v = value(text);
    let key = Jwk::from_json(v["jwk"].to_string().as_bytes()).unwrap();
    let header = Header::from_json(v["protected"].as_str().unwrap().as_bytes()).unwrap();
    let payload = v["payload"].as_str().unwrap().as_bytes();
    let expected = v["jws"].as_str().unwrap();
    let token = compact::sign(&header, payload, &key).unwrap();
    if deterministic {
        assert_eq!(token, expected);
    }
    let verifier = Verifier::new([alg]);
    let public = key.to_public().unwrap_or_else(|_| key.clone());
    // The published token twice: an EC or Ed25519 key's second and later verifications run
    // on its tables of multiples, the first on the `ecdsa` or `ed25519-dalek` crate's code.
    for t in [expected, token.as_str(), expected] {
        assert_eq!(
            verifier.verify_compact(t, &public).unwrap().payload(),
            payload
        );
    }
    // The published signature with its first symbol changed (the same length, still
    // canonical base64url) is refused as a bad signature, here on the key's tables.
    let at = expected.rfind('.').unwrap() + 1;
    let changed = if expected.as_bytes()[at] == b'A' {
        "B"
    } else {
        "A"
    };
    let tampered = format!("{}{changed}{}", &expected[..at], &expected[at + 1..]);
    assert_eq!(
        verifier
            .verify_compact(&tampered, &public)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidSignature
    );
}

#[test]
fn rfc7515_a1_hs256() {
    rfc7515_style(
        include_str!("../vectors/rfc7515/a1_hs256.json"),
        Alg::HS256,
        true,
    );
}

#[test]
fn rfc7515_a2_rs256() {
    rfc7515_style(
        include_str!("../vectors/rfc7515/a2_rs256.json"),
        Alg::RS256,
        true,
    );
}

#[test]
fn rfc7515_a3_es256() {
    rfc7515_style(
        include_str!("../vectors/rfc7515/a3_es256.json"),
        Alg::ES256,
        false,
    );
}

#[test]
fn rfc7515_a4_es512() {
    rfc7515_style(
        include_str!("../vectors/rfc7515/a4_es512.json"),
        Alg::ES512,
        false,
    );
}

#[test]
fn rfc7515_a5_none_is_refused() {
    let v = value(include_str!("../vectors/rfc7515/a5_none.json"));
    let token = v["jws"].as_str().unwrap();
    let key = rfc7515_a1_hmac_key();
    let err = Verifier::try_new(Alg::ALL.iter().copied())
        .unwrap()
        .verify_compact(token, &key)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlgorithmNotAllowed);
}

#[test]
fn rfc7515_a6_a7_json_serializations() {
    let rs = value(include_str!("../vectors/rfc7515/a2_rs256.json"));
    let es = value(include_str!("../vectors/rfc7515/a3_es256.json"));
    // The documents name the keys in their unprotected headers.
    let keys: JwkSet = [
        (&rs, "2010-12-29"),
        (&es, "e9bc097a-ce51-4036-9562-d2ade882db0d"),
    ]
    .iter()
    .map(|(v, kid)| {
        let jwk = Jwk::from_json(v["jwk"].to_string().as_bytes()).unwrap();
        jwk.to_public().unwrap().with_kid(*kid).unwrap()
    })
    .collect();
    let payload = rs["payload"].as_str().unwrap().as_bytes();
    let verifier = Verifier::new([Alg::RS256, Alg::ES256]);
    let general = value(include_str!("../vectors/rfc7515/a6_general.json"))["jws_json"].to_string();
    let verified = verifier.verify_json(general.as_bytes(), &keys).unwrap();
    assert_eq!(verified.payload(), payload);
    assert_eq!(verified.signatures().len(), 2);
    assert!(verified.signatures().iter().all(|s| s.is_verified()));
    let flat = value(include_str!("../vectors/rfc7515/a7_flattened.json"))["jws_json"].to_string();
    let verified = verifier.verify_json(flat.as_bytes(), &keys).unwrap();
    assert_eq!(verified.payload(), payload);
}

#[test]
fn rfc8037_a4_a5_ed25519() {
    let text = include_str!("../vectors/rfc8037/a4_ed25519_jws.json");
    rfc7515_style(text, Alg::EdDSA, true);
    // The RFC 9864 name verifies the same signatures.
    let v = value(text);
    let public = Jwk::from_json(v["jwk"].to_string().as_bytes())
        .unwrap()
        .to_public()
        .unwrap();
    let err = Verifier::new([Alg::Ed25519]).verify_compact(v["jws"].as_str().unwrap(), &public);
    // The token says EdDSA: an allow-list of Ed25519 alone does not accept it.
    assert_eq!(err.unwrap_err().kind(), ErrorKind::AlgorithmNotAllowed);
}
