//! The published keys of RFC 7517 App. A.1–A.3 and B, RFC 7520 §3, RFC 7638 §3.1 and
//! RFC 8037 App. A: they parse, write back member for member, and give the published
//! thumbprints. The data files live in `tests/vectors/<rfc>/`, each folder citing its source.

use jose_jwk::alg::{Alg, KeyAlg};
use jose_jwk::{EcCurve, Jwk, JwkSet, Key, KeyOp, OkpCurve, ThumbprintHash};
use serde_json::Value;

fn value(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// Parses a JWK and checks that writing it back gives exactly the published members.
fn reproduces(jwk_json: &Value) -> Jwk {
    let jwk = Jwk::from_json(jwk_json.to_string().as_bytes()).unwrap();
    let written = Value::Object(jwk.to_object(jwk.is_private()).unwrap());
    assert_eq!(&written, jwk_json, "written back member for member");
    jwk
}

fn set(text: &str) -> (JwkSet, Vec<Value>) {
    let set = JwkSet::from_json_strict(text.as_bytes()).unwrap();
    let keys = value(text)["keys"].as_array().unwrap().clone();
    assert_eq!(set.len(), keys.len());
    (set, keys)
}

#[test]
fn rfc7517_a1_public_keys() {
    let (set, keys) = set(include_str!("../vectors/rfc7517/a1_public_keys.json"));
    let ec = reproduces(&keys[0]);
    assert!(matches!(ec.key(), Key::Ec(k) if k.curve() == EcCurve::P256));
    assert!(!ec.is_private());
    let rsa = reproduces(&keys[1]);
    assert!(matches!(rsa.key(), Key::Rsa(k) if k.bits() == 2048));
    // The RSA key is the RFC 7638 §3.1 key.
    assert_eq!(
        rsa.thumbprint_sha256(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    assert_eq!(set.get("2011-04-29").count(), 1);
    assert!(
        set.select(Some("2011-04-29"), Alg::RS256, KeyOp::Verify)
            .is_ok()
    );
    // `alg: RS256` forbids any other algorithm with this key.
    assert!(
        set.select(Some("2011-04-29"), Alg::PS256, KeyOp::Verify)
            .is_err()
    );
    // The EC key is `use: enc`: usable for ECDH-ES, not for signatures.
    assert!(
        set.select(Some("1"), KeyAlg::ECDH_ES, KeyOp::WrapKey)
            .is_ok()
    );
    assert!(set.select(Some("1"), Alg::ES256, KeyOp::Verify).is_err());
}

#[test]
fn rfc7517_a2_private_keys() {
    let (_, keys) = set(include_str!("../vectors/rfc7517/a2_private_keys.json"));
    let (_, public) = set(include_str!("../vectors/rfc7517/a1_public_keys.json"));
    for (private, public) in keys.iter().zip(&public) {
        let jwk = reproduces(private);
        assert!(jwk.is_private());
        // Its public half is the A.1 key.
        let half = Value::Object(jwk.to_public().unwrap().to_object(false).unwrap());
        assert_eq!(&half, public);
    }
}

#[test]
fn rfc7517_a3_symmetric_keys() {
    let (_, keys) = set(include_str!("../vectors/rfc7517/a3_symmetric_keys.json"));
    let wrap = reproduces(&keys[0]);
    assert!(matches!(wrap.key(), Key::Oct(k) if k.len() == 16));
    assert!(wrap.usable_for(KeyAlg::A128KW, KeyOp::WrapKey).is_ok());
    assert!(wrap.usable_for(KeyAlg::A256KW, KeyOp::WrapKey).is_err());
    let hmac = reproduces(&keys[1]);
    assert!(matches!(hmac.key(), Key::Oct(k) if k.len() == 64));
    assert!(hmac.usable_for(Alg::HS256, KeyOp::Sign).is_ok());
}

#[test]
fn rfc7517_b_x5c() {
    let jwk_json = value(include_str!("../vectors/rfc7517/b_x5c.json"));
    let jwk = reproduces(&jwk_json);
    assert_eq!(jwk.kid(), Some("1b94c"));
    assert_eq!(jwk.x5c().map(<[String]>::len), Some(1));
}

#[test]
fn rfc7638_3_1_thumbprint() {
    let vector = value(include_str!("../vectors/rfc7638/3_1_rsa.json"));
    let jwk = reproduces(&vector["jwk"]);
    let expected = vector["thumbprint_sha256"].as_str().unwrap();
    assert_eq!(jwk.thumbprint_sha256(), expected);
    assert_eq!(
        jwk.thumbprint_uri(ThumbprintHash::Sha256),
        format!("urn:ietf:params:oauth:jwk-thumbprint:sha-256:{expected}")
    );
    // Other hashes: lengths, and independence from the non-required members.
    assert_eq!(jwk.thumbprint(ThumbprintHash::Sha384).len(), 48);
    assert_eq!(jwk.thumbprint(ThumbprintHash::Sha512).len(), 64);
    let bare = jwk.clone().with_kid("another").unwrap();
    assert_eq!(
        bare.thumbprint(ThumbprintHash::Sha512),
        jwk.thumbprint(ThumbprintHash::Sha512)
    );
}

#[test]
fn rfc8037_a1_to_a3_ed25519() {
    let private = reproduces(&value(include_str!(
        "../vectors/rfc8037/a1_ed25519_private.json"
    )));
    let public = reproduces(&value(include_str!(
        "../vectors/rfc8037/a2_ed25519_public.json"
    )));
    assert!(matches!(private.key(), Key::Okp(k) if k.curve() == OkpCurve::Ed25519));
    assert_eq!(private.to_public().unwrap(), public);
    let vector = value(include_str!("../vectors/rfc8037/a3_thumbprint.json"));
    let expected = vector["thumbprint_sha256"].as_str().unwrap();
    assert_eq!(expected, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    assert_eq!(public.thumbprint_sha256(), expected);
    assert_eq!(private.thumbprint_sha256(), expected);
    assert!(private.usable_for(Alg::EdDSA, KeyOp::Sign).is_ok());
    assert!(private.usable_for(Alg::Ed25519, KeyOp::Sign).is_ok());
}

#[test]
fn rfc8037_a6_x25519() {
    let vector = value(include_str!("../vectors/rfc8037/a6_x25519.json"));
    for name in ["bob_public_key", "ephemeral_public_key"] {
        let jwk = reproduces(&vector[name]);
        assert!(matches!(jwk.key(), Key::Okp(k) if k.curve() == OkpCurve::X25519));
        assert!(
            jwk.usable_for(KeyAlg::ECDH_ES, KeyOp::DeriveKey).is_err(),
            "public only"
        );
        assert!(jwk.usable_for(KeyAlg::ECDH_ES, KeyOp::WrapKey).is_ok());
    }
}

#[test]
fn rfc7520_3_keys() {
    let ec_public = reproduces(&value(include_str!(
        "../vectors/rfc7520/3_1_ec_public.json"
    )));
    let ec_private = reproduces(&value(include_str!(
        "../vectors/rfc7520/3_2_ec_private.json"
    )));
    assert!(matches!(ec_public.key(), Key::Ec(k) if k.curve() == EcCurve::P521));
    assert_eq!(ec_private.to_public().unwrap(), ec_public);
    assert_eq!(ec_public.kid(), Some("bilbo.baggins@hobbiton.example"));

    let rsa_public = reproduces(&value(include_str!(
        "../vectors/rfc7520/3_3_rsa_public.json"
    )));
    let rsa_private = reproduces(&value(include_str!(
        "../vectors/rfc7520/3_4_rsa_private.json"
    )));
    assert_eq!(rsa_private.to_public().unwrap(), rsa_public);
    assert!(rsa_private.usable_for(Alg::PS384, KeyOp::Sign).is_ok());

    let mac = reproduces(&value(include_str!(
        "../vectors/rfc7520/3_5_symmetric_mac.json"
    )));
    assert!(mac.usable_for(Alg::HS256, KeyOp::Sign).is_ok());
    let enc = reproduces(&value(include_str!(
        "../vectors/rfc7520/3_6_symmetric_encryption.json"
    )));
    assert!(matches!(enc.key(), Key::Oct(k) if k.len() == 32));

    // Thumbprints are stable through private/public and JSON round trips.
    let again = Jwk::from_json(ec_private.to_json().unwrap().as_bytes()).unwrap();
    assert_eq!(again.thumbprint_sha256(), ec_public.thumbprint_sha256());
}

#[test]
fn rfc8410_10_1_and_10_3_ed25519_pem_round_trip_byte_for_byte() {
    let public_pem = include_str!("../vectors/rfc8410/10_1_ed25519_public.pem");
    let private_pem = include_str!("../vectors/rfc8410/10_3_ed25519_private.pem");
    let public = Jwk::from_pem(public_pem).unwrap();
    let private = Jwk::from_pem(private_pem).unwrap();
    assert_eq!(private.to_public().unwrap(), public);
    assert_eq!(public.to_spki_pem().unwrap(), public_pem);
    // PKCS#8 v1, without the optional public key: the form every reader takes.
    assert_eq!(private.to_pkcs8_pem().unwrap().as_str(), private_pem);
}
