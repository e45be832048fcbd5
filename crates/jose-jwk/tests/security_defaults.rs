//! Every key rule of DESIGN.md's "Security defaults", each asserting its error kind.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::OnceLock;

use jose_core::b64;
use jose_jwk::alg::{Alg, Enc, KeyAlg};
use jose_jwk::{EcCurve, ErrorKind, Jwk, JwkSet, KeyOp, KeySpec, Limits, OkpCurve};
use serde_json::{Value, json};

fn rsa() -> &'static Value {
    static KEY: OnceLock<Value> = OnceLock::new();
    KEY.get_or_init(|| {
        let jwk = Jwk::generate(KeySpec::Rsa(2048)).unwrap();
        serde_json::from_str(&jwk.to_json().unwrap()).unwrap()
    })
}

fn generated(spec: KeySpec) -> Value {
    serde_json::from_str(&Jwk::generate(spec).unwrap().to_json().unwrap()).unwrap()
}

fn parse(value: &Value) -> Result<Jwk, ErrorKind> {
    Jwk::from_json(value.to_string().as_bytes()).map_err(|e| e.kind())
}

fn parse_str(text: &str) -> Result<Jwk, ErrorKind> {
    Jwk::from_json(text.as_bytes()).map_err(|e| e.kind())
}

fn with(mut value: Value, name: &str, member: Value) -> Value {
    value[name] = member;
    value
}

fn without(mut value: Value, name: &str) -> Value {
    value.as_object_mut().unwrap().remove(name);
    value
}

fn big_endian(len: usize, first: u8, last: u8) -> String {
    let mut bytes = vec![0u8; len];
    bytes[0] = first;
    bytes[len - 1] = last;
    b64::encode(bytes)
}

// --- Malformed ---------------------------------------------------------------------------

#[test]
fn malformed_json_duplicates_types_and_base64() {
    let k = b64::encode([7u8; 32]);
    assert_eq!(parse_str("not json"), Err(ErrorKind::Malformed));
    assert_eq!(parse_str("[]"), Err(ErrorKind::Malformed));
    assert_eq!(
        parse_str(&format!(r#"{{"kty":"oct","k":"{k}","k":"{k}"}}"#)),
        Err(ErrorKind::Malformed),
        "duplicate member"
    );
    assert_eq!(
        parse_str(&format!(r#"{{"kty":"oct","kty":"oct","k":"{k}"}}"#)),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(parse(&json!({"k": k})), Err(ErrorKind::Malformed), "no kty");
    assert_eq!(parse(&json!({"kty": 1, "k": k})), Err(ErrorKind::Malformed));
    assert_eq!(
        parse(&json!({"kty": "oct"})),
        Err(ErrorKind::Malformed),
        "no k"
    );
    let oct = json!({"kty": "oct", "k": k});
    assert_eq!(
        parse(&with(oct.clone(), "kid", json!(5))),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&with(oct.clone(), "use", json!(["sig"]))),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&with(oct.clone(), "key_ops", json!("sign"))),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&with(oct.clone(), "key_ops", json!([1]))),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&with(oct.clone(), "key_ops", json!(["sign", "sign"]))),
        Err(ErrorKind::Malformed),
        "repeated key_ops"
    );
    assert_eq!(
        parse(&with(oct.clone(), "x5c", json!(["%%%"]))),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&with(oct.clone(), "x5t", json!("AAAA"))),
        Err(ErrorKind::Malformed)
    );
    for bad in [
        format!("{k}="),
        k.replace('_', "/").replace('-', "+") + "+",
        format!(" {k}"),
    ] {
        assert_eq!(
            parse(&json!({"kty": "oct", "k": bad})),
            Err(ErrorKind::Malformed),
            "{bad}"
        );
    }
}

#[test]
fn malformed_missing_members() {
    let ec = generated(KeySpec::Ec(EcCurve::P256));
    for name in ["crv", "x", "y"] {
        assert_eq!(
            parse(&without(ec.clone(), name)),
            Err(ErrorKind::Malformed),
            "{name}"
        );
    }
    let okp = generated(KeySpec::Okp(OkpCurve::Ed25519));
    for name in ["crv", "x"] {
        assert_eq!(
            parse(&without(okp.clone(), name)),
            Err(ErrorKind::Malformed),
            "{name}"
        );
    }
    for name in ["n", "e"] {
        assert_eq!(
            parse(&without(rsa().clone(), name)),
            Err(ErrorKind::Malformed),
            "{name}"
        );
    }
    // RFC 7518 §6.3.2: `p` without `q`, CRT values without `d` or without primes.
    assert_eq!(
        parse(&without(rsa().clone(), "q")),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&without(rsa().clone(), "d")),
        Err(ErrorKind::Malformed)
    );
    assert_eq!(
        parse(&without(rsa().clone(), "qi")),
        Err(ErrorKind::Malformed)
    );
    let no_primes = without(without(rsa().clone(), "p"), "q");
    assert_eq!(parse(&no_primes), Err(ErrorKind::Malformed));
}

// --- UnsupportedAlgorithm ----------------------------------------------------------------

#[test]
fn unsupported_kty_crv_and_multi_prime() {
    assert_eq!(
        parse(&json!({"kty": "DSA"})),
        Err(ErrorKind::UnsupportedAlgorithm)
    );
    let ec = generated(KeySpec::Ec(EcCurve::P256));
    assert_eq!(
        parse(&with(ec, "crv", json!("P-192"))),
        Err(ErrorKind::UnsupportedAlgorithm)
    );
    let okp = generated(KeySpec::Okp(OkpCurve::Ed25519));
    assert_eq!(
        parse(&with(okp, "crv", json!("Ed448"))),
        Err(ErrorKind::UnsupportedAlgorithm)
    );
    let multi = with(
        rsa().clone(),
        "oth",
        json!([{"r": "AQAB", "d": "AQAB", "t": "AQAB"}]),
    );
    assert_eq!(parse(&multi), Err(ErrorKind::UnsupportedAlgorithm));
}

// --- RSA ---------------------------------------------------------------------------------

#[test]
fn rsa_sizes_and_exponents() {
    let e = "AQAB";
    // 1024-bit and 2047-bit moduli: under the minimum.
    for bytes in [128, 256] {
        let first = if bytes == 256 { 0x40 } else { 0x80 };
        let n = big_endian(bytes, first, 0x01);
        assert_eq!(
            parse(&json!({"kty":"RSA","n":n,"e":e})),
            Err(ErrorKind::InvalidKey)
        );
    }
    // 8200 bits: above the limit...
    let n = big_endian(1025, 0x80, 0x01);
    assert_eq!(
        parse(&json!({"kty":"RSA","n":n,"e":e})),
        Err(ErrorKind::LimitExceeded)
    );
    // ... which a caller can raise explicitly (and then the key is judged on its own merits).
    let limits = Limits::DEFAULT.with_max_rsa_bits(16_384);
    let raised = Jwk::from_json_with_limits(
        json!({"kty":"RSA","n":n,"e":e}).to_string().as_bytes(),
        &limits,
    );
    assert_ne!(
        raised.map_err(|e| e.kind()).err(),
        Some(ErrorKind::LimitExceeded)
    );

    let public = without(
        without(
            without(
                without(without(without(rsa().clone(), "d"), "p"), "q"),
                "dp",
            ),
            "dq",
        ),
        "qi",
    );
    assert!(parse(&public).is_ok());
    for bad_e in [
        b64::encode([1u8]),                          // 1
        b64::encode([2u8]),                          // even
        b64::encode([0x01, 0x00, 0x00, 0x00, 0x01]), // 2^32 + 1 is fine, but ...
        b64::encode([0x02, 0x00, 0x00, 0x00, 0x01]), // ... 2^33 + 1 is above the bound
        b64::encode([0x01, 0x00, 0x01, 0x00]),       // 65537 * 256: even
    ] {
        let result = parse(&with(public.clone(), "e", json!(bad_e)));
        if bad_e == b64::encode([0x01, 0x00, 0x00, 0x00, 0x01]) {
            assert_ne!(result.err(), Some(ErrorKind::LimitExceeded));
            continue;
        }
        assert_eq!(result.err(), Some(ErrorKind::InvalidKey), "e = {bad_e}");
    }
}

#[test]
fn rsa_private_members_must_match() {
    let other = generated(KeySpec::Rsa(2048));
    // Another key's d, primes or CRT values.
    for name in ["d", "dp", "dq", "qi"] {
        let mixed = with(rsa().clone(), name, other[name].clone());
        assert_eq!(parse(&mixed).err(), Some(ErrorKind::InvalidKey), "{name}");
    }
    let mixed = with(
        with(rsa().clone(), "p", other["p"].clone()),
        "q",
        other["q"].clone(),
    );
    assert_eq!(parse(&mixed).err(), Some(ErrorKind::InvalidKey), "primes");
    // Only n, e, d: the primes are recovered.
    let minimal = json!({"kty":"RSA","n":rsa()["n"],"e":rsa()["e"],"d":rsa()["d"]});
    let key = parse(&minimal).unwrap();
    assert!(key.usable_for(Alg::RS256, KeyOp::Sign).is_ok());
}

// --- EC ----------------------------------------------------------------------------------

#[test]
fn ec_lengths_curve_membership_and_scalars() {
    for curve in [
        EcCurve::P256,
        EcCurve::P384,
        EcCurve::P521,
        EcCurve::Secp256k1,
    ] {
        let key = generated(KeySpec::Ec(curve));
        assert!(parse(&key).is_ok());
        let len = curve.coordinate_len();
        let short = b64::encode(vec![1u8; len - 1]);
        let long = b64::encode(vec![1u8; len + 1]);
        for name in ["x", "y", "d"] {
            assert_eq!(
                parse(&with(key.clone(), name, json!(short))).err(),
                Some(ErrorKind::InvalidKey)
            );
            assert_eq!(
                parse(&with(key.clone(), name, json!(long))).err(),
                Some(ErrorKind::InvalidKey)
            );
        }
        // Not on the curve: change one bit of y.
        let mut y = b64::decode(key["y"].as_str().unwrap()).unwrap();
        y[len - 1] ^= 1;
        let off = without(with(key.clone(), "y", json!(b64::encode(&y))), "d");
        assert_eq!(
            parse(&off).err(),
            Some(ErrorKind::InvalidKey),
            "{curve} off curve"
        );
        // The identity has no affine coordinates; all-zero x, y is not a point.
        let zero = b64::encode(vec![0u8; len]);
        let identity = without(
            with(with(key.clone(), "x", json!(zero)), "y", json!(zero)),
            "d",
        );
        assert_eq!(parse(&identity).err(), Some(ErrorKind::InvalidKey));
        // Scalars: zero, out of range, or another key's.
        assert_eq!(
            parse(&with(key.clone(), "d", json!(zero))).err(),
            Some(ErrorKind::InvalidKey)
        );
        let ff = b64::encode(vec![0xffu8; len]);
        assert_eq!(
            parse(&with(key.clone(), "d", json!(ff))).err(),
            Some(ErrorKind::InvalidKey)
        );
        let other = generated(KeySpec::Ec(curve));
        let mixed = with(key.clone(), "d", other["d"].clone());
        assert_eq!(
            parse(&mixed).err(),
            Some(ErrorKind::InvalidKey),
            "{curve} mismatched d"
        );
    }
}

// --- OKP ---------------------------------------------------------------------------------

#[test]
fn okp_lengths_points_and_scalars() {
    for curve in [OkpCurve::Ed25519, OkpCurve::X25519] {
        let key = generated(KeySpec::Okp(curve));
        assert!(parse(&key).is_ok());
        for name in ["x", "d"] {
            for len in [31, 33] {
                let v = b64::encode(vec![9u8; len]);
                assert_eq!(
                    parse(&with(key.clone(), name, json!(v))).err(),
                    Some(ErrorKind::InvalidKey)
                );
            }
        }
        let other = generated(KeySpec::Okp(curve));
        let mixed = with(key.clone(), "d", other["d"].clone());
        assert_eq!(
            parse(&mixed).err(),
            Some(ErrorKind::InvalidKey),
            "{curve} mismatched d"
        );
    }
    let ed = without(generated(KeySpec::Okp(OkpCurve::Ed25519)), "d");
    // The identity point (small order) and a y with no point on the curve.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(
        parse(&with(ed.clone(), "x", json!(b64::encode(identity)))).err(),
        Some(ErrorKind::InvalidKey)
    );
    let mut not_a_point = [0u8; 32];
    not_a_point[0] = 2;
    assert_eq!(
        parse(&with(ed, "x", json!(b64::encode(not_a_point)))).err(),
        Some(ErrorKind::InvalidKey)
    );
}

// --- oct and `alg` -----------------------------------------------------------------------

#[test]
fn oct_keys_and_algorithm_fit() {
    let oct =
        |len: usize, alg: &str| json!({"kty":"oct","k": b64::encode(vec![3u8; len]),"alg": alg});
    assert_eq!(
        parse(&json!({"kty":"oct","k":""})).err(),
        Some(ErrorKind::InvalidKey)
    );
    // RFC 7518 §3.2: an HMAC key at least as long as the hash output.
    assert_eq!(parse(&oct(31, "HS256")).err(), Some(ErrorKind::InvalidKey));
    assert!(parse(&oct(32, "HS256")).is_ok());
    assert_eq!(parse(&oct(47, "HS384")).err(), Some(ErrorKind::InvalidKey));
    assert_eq!(parse(&oct(63, "HS512")).err(), Some(ErrorKind::InvalidKey));
    assert!(parse(&oct(64, "HS512")).is_ok());
    // Key wrapping and content encryption take exact sizes.
    assert_eq!(parse(&oct(32, "A128KW")).err(), Some(ErrorKind::InvalidKey));
    assert!(parse(&oct(16, "A128KW")).is_ok());
    assert_eq!(
        parse(&oct(16, "A256GCM")).err(),
        Some(ErrorKind::InvalidKey)
    );
    assert!(parse(&oct(64, "A256CBC-HS512")).is_ok());
    // Asymmetric algorithms on a secret, and the reverse: key confusion is refused.
    assert_eq!(parse(&oct(64, "RS256")).err(), Some(ErrorKind::InvalidKey));
    assert_eq!(parse(&oct(64, "ES256")).err(), Some(ErrorKind::InvalidKey));
    assert_eq!(
        parse(&with(rsa().clone(), "alg", json!("HS256"))).err(),
        Some(ErrorKind::InvalidKey)
    );
    let p384 = generated(KeySpec::Ec(EcCurve::P384));
    assert_eq!(
        parse(&with(p384.clone(), "alg", json!("ES256"))).err(),
        Some(ErrorKind::InvalidKey)
    );
    assert!(parse(&with(p384, "alg", json!("ES384"))).is_ok());
    let k1 = generated(KeySpec::Ec(EcCurve::Secp256k1));
    assert_eq!(
        parse(&with(k1.clone(), "alg", json!("ECDH-ES"))).err(),
        Some(ErrorKind::InvalidKey)
    );
    assert!(parse(&with(k1, "alg", json!("ES256K"))).is_ok());
    let x = generated(KeySpec::Okp(OkpCurve::X25519));
    assert_eq!(
        parse(&with(x.clone(), "alg", json!("EdDSA"))).err(),
        Some(ErrorKind::InvalidKey)
    );
    assert!(parse(&with(x, "alg", json!("ECDH-ES+A256KW"))).is_ok());
}

#[test]
fn usable_for_enforces_type_alg_use_key_ops_and_privacy() {
    let secret = Jwk::generate(KeySpec::Oct(512)).unwrap();
    let ec = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    let public = ec.to_public().unwrap();
    let kind = |r: jose_jwk::Result<()>| r.err().map(|e| e.kind());

    assert_eq!(kind(secret.usable_for(Alg::HS512, KeyOp::Sign)), None);
    assert_eq!(
        kind(secret.usable_for(Alg::ES256, KeyOp::Verify)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        kind(ec.usable_for(Alg::HS256, KeyOp::Verify)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(kind(public.usable_for(Alg::ES256, KeyOp::Verify)), None);
    assert_eq!(
        kind(public.usable_for(Alg::ES256, KeyOp::Sign)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(kind(ec.usable_for(KeyAlg::ECDH_ES, KeyOp::DeriveKey)), None);
    assert_eq!(
        kind(secret.usable_for(Enc::A256CBC_HS512, KeyOp::Encrypt)),
        None
    );

    let sig_only = ec.clone().with_use(jose_jwk::KeyUse::Sig).unwrap();
    assert_eq!(
        kind(sig_only.usable_for(KeyAlg::ECDH_ES, KeyOp::DeriveKey)),
        Some(ErrorKind::InvalidKey)
    );
    let verify_only = ec.clone().with_key_ops([KeyOp::Verify]).unwrap();
    assert_eq!(
        kind(verify_only.usable_for(Alg::ES256, KeyOp::Sign)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        kind(verify_only.usable_for(Alg::ES256, KeyOp::Verify)),
        None
    );
    let es256 = ec.clone().with_alg(Alg::ES256).unwrap();
    assert_eq!(
        kind(es256.usable_for(KeyAlg::ECDH_ES, KeyOp::DeriveKey)),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        ec.clone().with_alg(Alg::ES384).err().map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );

    // RFC 7517 §4.3: `use` and `key_ops` must agree.
    let contradiction =
        json!({"kty":"oct","k": b64::encode([1u8; 32]),"use":"sig","key_ops":["encrypt"]});
    assert_eq!(parse(&contradiction).err(), Some(ErrorKind::InvalidKey));
    assert_eq!(
        ec.with_use(jose_jwk::KeyUse::Enc)
            .unwrap()
            .with_key_ops([KeyOp::Sign])
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );
}

// --- Limits ------------------------------------------------------------------------------

#[test]
fn limits_on_size_depth_and_sets() {
    let k = b64::encode([7u8; 32]);
    let deep = "[".repeat(40) + &"]".repeat(40);
    let text = format!(r#"{{"kty":"oct","k":"{k}","ext":{deep}}}"#);
    assert_eq!(parse_str(&text).err(), Some(ErrorKind::LimitExceeded));
    let huge = format!(
        r#"{{"kty":"oct","k":"{k}","pad":"{}"}}"#,
        "a".repeat(1 << 20)
    );
    assert_eq!(parse_str(&huge).err(), Some(ErrorKind::LimitExceeded));

    let one = json!({"kty":"oct","k":k});
    let keys: Vec<Value> = (0..257).map(|_| one.clone()).collect();
    let set = json!({"keys": keys}).to_string();
    assert_eq!(
        JwkSet::from_json(set.as_bytes()).err().map(|e| e.kind()),
        Some(ErrorKind::LimitExceeded)
    );
    let keys: Vec<Value> = (0..256).map(|_| one.clone()).collect();
    let set = json!({"keys": keys}).to_string();
    assert_eq!(
        JwkSet::from_json(set.as_bytes()).map(|s| s.len()).ok(),
        Some(256)
    );
}

// --- Sets --------------------------------------------------------------------------------

#[test]
fn sets_ignore_unusable_keys_unless_strict_and_select_by_kid() {
    let good = json!({"kty":"oct","k": b64::encode([1u8; 32]),"kid":"a"});
    let future = json!({"kty":"PQC","kid":"b"});
    let weak = json!({"kty":"RSA","kid":"c","n": big_endian(128, 0x80, 1),"e":"AQAB"});
    let text = json!({"keys":[good, future, weak]}).to_string();
    let set = JwkSet::from_json(text.as_bytes()).unwrap();
    assert_eq!(set.len(), 1);
    let skipped: Vec<_> = set.skipped().iter().map(|s| (s.index, s.kind)).collect();
    assert_eq!(
        skipped,
        [
            (1, ErrorKind::UnsupportedAlgorithm),
            (2, ErrorKind::InvalidKey)
        ]
    );
    assert_eq!(
        JwkSet::from_json_strict(text.as_bytes())
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::UnsupportedAlgorithm)
    );
    // A key with a malformed member is skipped too (RFC 7517 §5); strict parsing refuses it.
    let bad = json!({"keys":[{"kty":"oct","k":"a=="}, {"kty":"oct","k": b64::encode([1u8; 32])}]})
        .to_string();
    let lenient = JwkSet::from_json(bad.as_bytes()).unwrap();
    assert_eq!(
        (lenient.len(), lenient.skipped()[0].kind),
        (1, ErrorKind::Malformed)
    );
    assert_eq!(
        JwkSet::from_json_strict(bad.as_bytes())
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::Malformed)
    );
    // A duplicate member anywhere makes the document malformed: nothing is skipped.
    let dup = br#"{"keys":[{"kty":"oct","k":"AQ","k":"AQ"}]}"#;
    assert_eq!(
        JwkSet::from_json(dup).err().map(|e| e.kind()),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        JwkSet::from_json(br#"{"keys":{}}"#).err().map(|e| e.kind()),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        JwkSet::from_json(br#"{}"#).err().map(|e| e.kind()),
        Some(ErrorKind::Malformed)
    );

    let kinds = |r: jose_jwk::Result<Vec<&Jwk>>| r.map(|v| v.len()).map_err(|e| e.kind());
    assert_eq!(
        kinds(
            set.select(Some("a"), Alg::HS256, KeyOp::Verify)
                .map(Iterator::collect)
        ),
        Ok(1)
    );
    assert_eq!(
        kinds(
            set.select(Some("z"), Alg::HS256, KeyOp::Verify)
                .map(Iterator::collect)
        ),
        Err(ErrorKind::NoMatchingKey)
    );
    assert_eq!(
        kinds(
            set.select(None, Alg::ES256, KeyOp::Verify)
                .map(Iterator::collect)
        ),
        Err(ErrorKind::NoMatchingKey)
    );
    assert_eq!(
        kinds(
            set.select(None, Alg::HS256, KeyOp::Verify)
                .map(Iterator::collect)
        ),
        Ok(1)
    );
}

// --- Secrets are never printed -----------------------------------------------------------

#[test]
fn debug_never_shows_key_material() {
    let keys = [
        Jwk::generate(KeySpec::Oct(256)).unwrap(),
        Jwk::from_json(rsa().to_string().as_bytes()).unwrap(),
        Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap(),
        Jwk::generate(KeySpec::Ec(EcCurve::P521)).unwrap(),
        Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap(),
        Jwk::generate(KeySpec::Okp(OkpCurve::X25519)).unwrap(),
    ];
    for jwk in keys {
        let object: Value = serde_json::from_str(&jwk.to_json().unwrap()).unwrap();
        let secret_b64 = object
            .get("d")
            .or(object.get("k"))
            .and_then(Value::as_str)
            .unwrap();
        let secret = b64::decode(secret_b64).unwrap();
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        let decimal: String = format!("{:?}", &secret[..4]);
        for shown in [
            format!("{jwk:?}"),
            format!("{jwk:#?}"),
            format!("{:?}", jwk.key()),
        ] {
            assert!(!shown.contains(&secret_b64[..12]), "{shown}");
            assert!(!shown.contains(&hex[..12]), "{shown}");
            assert!(!shown.contains(decimal.trim_end_matches(']')), "{shown}");
        }
    }
    let set: JwkSet = [Jwk::generate(KeySpec::Oct(256)).unwrap()]
        .into_iter()
        .collect();
    let k = set.to_json().unwrap();
    let k: Value = serde_json::from_str(&k).unwrap();
    let k = k["keys"][0]["k"].as_str().unwrap().to_owned();
    assert!(!format!("{set:?}").contains(&k[..12]));
}

// --- PEM ---------------------------------------------------------------------------------

#[test]
fn pem_errors() {
    let ec = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    let mut rng = rand::rng();
    let encrypted = ec
        .to_encrypted_pkcs8_pem(b"correct horse", &mut rng)
        .unwrap();
    let kind = |r: jose_jwk::Result<Jwk>| r.err().map(|e| e.kind());
    assert_eq!(kind(Jwk::from_pem(&encrypted)), Some(ErrorKind::InvalidKey));
    assert_eq!(
        kind(Jwk::from_pem_with_password(&encrypted, b"wrong")),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        Jwk::from_pem_with_password(&encrypted, b"correct horse")
            .unwrap()
            .thumbprint_sha256(),
        ec.thumbprint_sha256()
    );
    assert_eq!(
        kind(Jwk::from_pem("no pem here")),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        kind(Jwk::from_pem(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
        )),
        Some(ErrorKind::Malformed)
    );
    assert_eq!(
        kind(Jwk::from_pem(
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"
        )),
        Some(ErrorKind::UnsupportedAlgorithm)
    );
    assert_eq!(
        kind(Jwk::from_pem(
            "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n"
        )),
        // Read with the `openssh` feature (and then a damaged body), refused with a hint
        // without it (tests/openssh.rs has real keys).
        Some(if cfg!(feature = "openssh") {
            ErrorKind::Malformed
        } else {
            ErrorKind::UnsupportedAlgorithm
        })
    );
    assert_eq!(
        Jwk::generate(KeySpec::Oct(256))
            .unwrap()
            .to_pkcs8_pem()
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        ec.to_public()
            .unwrap()
            .to_pkcs8_der()
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );

    // A 1024-bit RSA key in PEM is refused like its JWK would be.
    use jose_jwk::primitives::rsa::{PrivateKey, pkcs8::EncodePrivateKey};
    let weak = PrivateKey::new(&mut rng, 1024).unwrap();
    let pem = weak.to_pkcs8_pem(Default::default()).unwrap();
    assert_eq!(kind(Jwk::from_pem(&pem)), Some(ErrorKind::InvalidKey));
}

// --- Found in review ---------------------------------------------------------------------

/// DER: a definite length and contents.
fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(contents);
    out
}

/// A DER INTEGER of a minimal big-endian unsigned value.
fn der_uint(bytes: &[u8]) -> Vec<u8> {
    let mut contents = Vec::new();
    if bytes.first().is_some_and(|b| *b >= 0x80) {
        contents.push(0);
    }
    contents.extend_from_slice(bytes);
    der(0x02, &contents)
}

#[test]
fn rsa_integers_are_bounded_by_the_modulus_before_any_arithmetic() {
    // Leading zero bytes do not widen the integers: the key is the same key.
    let n = b64::decode(rsa()["n"].as_str().unwrap()).unwrap();
    let mut padded = vec![0u8; 100_000];
    padded.extend_from_slice(&n);
    let public = json!({"kty":"RSA","n": b64::encode(&padded),"e":"AQAB"});
    let key = parse(&public).unwrap();
    assert_eq!(key.to_object(false).unwrap()["n"], rsa()["n"]);
    // A private member longer than the modulus is refused before it is used.
    let long_d = vec![1u8; n.len() + 2];
    let bad = with(rsa().clone(), "d", json!(b64::encode(&long_d)));
    assert_eq!(parse(&bad).err(), Some(ErrorKind::InvalidKey));

    // PKCS#1 goes through the same checks: a 16,000-bit modulus is over the limit before
    // any arithmetic, private or public.
    let mut huge = vec![0xffu8; 2000];
    huge[1999] = 0xfb;
    let mut private = der_uint(&[0]);
    for part in [
        &huge[..],
        &[1, 0, 1],
        &huge,
        &huge[..1000],
        &huge[..1000],
        &huge[..1000],
        &huge[..1000],
        &huge[..1000],
    ] {
        private.extend(der_uint(part));
    }
    let private = der(0x30, &private);
    use jose_jwk::pem::DerFormat;
    let kind = |r: jose_jwk::Result<Jwk>| r.err().map(|e| e.kind());
    assert_eq!(
        kind(Jwk::from_der(&private, DerFormat::Pkcs1Private)),
        Some(ErrorKind::LimitExceeded)
    );
    let public = der(0x30, &[der_uint(&huge), der_uint(&[1, 0, 1])].concat());
    assert_eq!(
        kind(Jwk::from_der(&public, DerFormat::Pkcs1Public)),
        Some(ErrorKind::LimitExceeded)
    );
    // And a 1024-bit PKCS#1 public key is under the minimum.
    let small = der(
        0x30,
        &[der_uint(&[0xc5; 128]), der_uint(&[1, 0, 1])].concat(),
    );
    assert_eq!(
        kind(Jwk::from_der(&small, DerFormat::Pkcs1Public)),
        Some(ErrorKind::InvalidKey)
    );
}

#[test]
fn x25519_points_of_small_order_are_refused() {
    let key = without(generated(KeySpec::Okp(OkpCurve::X25519)), "d");
    assert!(parse(&key).is_ok());
    let hex = |h: &str| -> Vec<u8> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
            .collect()
    };
    for small in [
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    ] {
        let bad = with(key.clone(), "x", json!(b64::encode(hex(small))));
        assert_eq!(parse(&bad).err(), Some(ErrorKind::InvalidKey), "{small}");
    }
}

#[test]
fn public_halves_keep_the_public_operations_and_no_private_looking_member() {
    let ec = generated(KeySpec::Ec(EcCurve::P256));
    let signing = with(
        with(ec.clone(), "key_ops", json!(["sign"])),
        "k",
        json!("c2VjcmV0"),
    );
    let public = parse(&signing).unwrap().to_public().unwrap();
    assert_eq!(public.key_ops(), Some(&[KeyOp::Verify][..]));
    assert!(public.other("k").is_none());
    assert!(public.usable_for(Alg::ES256, KeyOp::Verify).is_ok());
    let deriving = with(ec, "key_ops", json!(["deriveKey"]));
    assert_eq!(
        parse(&deriving).unwrap().to_public().unwrap().key_ops(),
        None
    );
    let x = with(
        generated(KeySpec::Okp(OkpCurve::X25519)),
        "key_ops",
        json!(["unwrapKey"]),
    );
    assert_eq!(
        parse(&x).unwrap().to_public().unwrap().key_ops(),
        Some(&[KeyOp::WrapKey][..])
    );
}

#[test]
fn eddsa_and_ed25519_name_the_same_keys() {
    let ed = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519)).unwrap();
    let eddsa = ed.clone().with_alg(Alg::EdDSA).unwrap();
    assert!(eddsa.usable_for(Alg::Ed25519, KeyOp::Sign).is_ok());
    let ed25519 = ed.with_alg(Alg::Ed25519).unwrap();
    assert!(ed25519.usable_for(Alg::EdDSA, KeyOp::Verify).is_ok());
    // A `dir` key labelled with its content encryption.
    let gcm = Jwk::generate(KeySpec::Oct(256))
        .unwrap()
        .with_alg(Enc::A256GCM)
        .unwrap();
    assert!(gcm.usable_for(KeyAlg::Dir, KeyOp::Encrypt).is_ok());
    assert_eq!(
        gcm.usable_for(KeyAlg::A256KW, KeyOp::WrapKey)
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );
}

#[test]
fn messages_escape_what_the_input_said() {
    let k = b64::encode([1u8; 32]);
    let text = format!(r#"{{"kty":"oct","k":"{k}","use":"sig","key_ops":["x\u001b[31m"]}}"#);
    let jwk = Jwk::from_json(text.as_bytes()).unwrap();
    let message = jwk
        .usable_for(Alg::HS256, KeyOp::Sign)
        .unwrap_err()
        .message()
        .to_owned();
    assert!(message.contains("key_ops"), "{message}");
    assert!(!message.contains('\u{1b}'), "{message}");
    let dup = r#"{"a\u001b":1,"a\u001b":2}"#;
    let message = Jwk::from_json(dup.as_bytes())
        .unwrap_err()
        .message()
        .to_owned();
    assert!(message.contains("duplicate"), "{message}");
    assert!(!message.contains('\u{1b}'), "{message}");
}

// --- Hostile values: no panic, a kind for each ------------------------------------------

/// Big-endian arithmetic on the public modulus, for the degenerate values around it.
fn plus(bytes: &[u8], delta: i8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    if delta >= 0 {
        for _ in 0..delta {
            for b in out.iter_mut().rev() {
                let (v, carry) = b.overflowing_add(1);
                *b = v;
                if !carry {
                    break;
                }
            }
        }
    } else {
        for _ in 0..-delta {
            for b in out.iter_mut().rev() {
                let (v, borrow) = b.overflowing_sub(1);
                *b = v;
                if !borrow {
                    break;
                }
            }
        }
    }
    out
}

/// The dictionary of degenerate integers for an RSA key of modulus `n`: 0, 1, 2, n−1, n,
/// n+1, all ones, one byte too long and one byte too short.
fn degenerate(n: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("0", vec![0]),
        ("1", vec![1]),
        ("2", vec![2]),
        ("n-1", plus(n, -1)),
        ("n-2", plus(n, -2)),
        ("n", n.to_vec()),
        ("n+1", plus(n, 1)),
        ("all ones", vec![0xff; n.len()]),
        ("one byte longer", [&[1u8][..], n].concat()),
        ("one byte shorter", n[1..].to_vec()),
    ]
}

#[test]
fn rsa_private_members_are_range_checked_before_the_rsa_crate() {
    let n = b64::decode(rsa()["n"].as_str().unwrap()).unwrap();
    // `d` alone (the primes are recovered from it: this is where `d` = 0 used to panic).
    for (what, d) in degenerate(&n) {
        let key = json!({"kty":"RSA","n":rsa()["n"],"e":"AQAB","d": b64::encode(&d)});
        assert_eq!(parse(&key).err(), Some(ErrorKind::InvalidKey), "d = {what}");
    }
    // Each private member of a whole key, in turn.
    for name in ["d", "p", "q", "dp", "dq", "qi"] {
        for (what, value) in degenerate(&n) {
            let key = with(rsa().clone(), name, json!(b64::encode(&value)));
            assert_eq!(
                parse(&key).err(),
                Some(ErrorKind::InvalidKey),
                "{name} = {what}"
            );
        }
    }
    // Factors whose product is n, but not primes of it: 1 and n.
    for (p, q) in [(vec![1u8], n.clone()), (n.clone(), vec![1u8])] {
        let key = with(
            with(rsa().clone(), "p", json!(b64::encode(&p))),
            "q",
            json!(b64::encode(&q)),
        );
        assert_eq!(parse(&key).err(), Some(ErrorKind::InvalidKey));
    }
    // The same key in a lenient set is skipped with its kind, and the CRT-only shape too.
    let zero_d = json!({"kty":"RSA","kid":"z","n":rsa()["n"],"e":"AQAB","d":"AA"});
    let text = json!({"keys":[zero_d, rsa()]}).to_string();
    let set = JwkSet::from_json(text.as_bytes()).unwrap();
    assert_eq!(set.len(), 1);
    assert_eq!(set.skipped()[0].kind, ErrorKind::InvalidKey);
    // The key itself still parses.
    assert!(parse(rsa()).is_ok());
}

#[test]
fn published_sets_hold_public_keys_only() {
    let oct = json!({"kty":"oct","kid":"secret","k": b64::encode([7u8; 32])});
    let private_ec = json!(generated(KeySpec::Ec(EcCurve::P256)));
    let mut public_ec = private_ec.clone();
    public_ec.as_object_mut().unwrap().remove("d");
    let private_rsa = rsa().clone();
    let text = json!({"keys":[oct, private_ec, public_ec, private_rsa]}).to_string();
    // A set of one's own keeps them all ...
    assert_eq!(JwkSet::from_json(text.as_bytes()).unwrap().len(), 4);
    // ... a published one only the public key, and says why for the others.
    let published = JwkSet::from_json_published(text.as_bytes(), &Limits::DEFAULT).unwrap();
    assert_eq!(published.len(), 1);
    assert!(!published.keys()[0].is_private());
    let skipped: Vec<_> = published
        .skipped()
        .iter()
        .map(|s| (s.index, s.kind))
        .collect();
    assert_eq!(
        skipped,
        [
            (0, ErrorKind::InvalidKey),
            (1, ErrorKind::InvalidKey),
            (3, ErrorKind::InvalidKey)
        ]
    );
    assert!(published.get("secret").next().is_none());
}

#[test]
fn echoed_values_are_cut() {
    let long = "k".repeat(700_000);
    let k = b64::encode([1u8; 32]);
    let set = JwkSet::from_json(
        json!({"keys":[{"kty":"oct","k":k,"kid":"a"}]})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let e = set
        .select(Some(&long), Alg::HS256, KeyOp::Verify)
        .err()
        .unwrap();
    assert_eq!(e.kind(), ErrorKind::NoMatchingKey);
    assert!(e.message().len() < 200, "{}", e.message().len());
    // A duplicate member name, an unknown `kty`, `crv` and `use` (under the input limit).
    let long = "k".repeat(300_000);
    let dup = format!(r#"{{"{long}":1,"{long}":2}}"#);
    let e = Jwk::from_json(dup.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Malformed);
    assert!(e.message().len() < 200, "{}", e.message().len());
    for key in [
        json!({"kty": long}),
        json!({"kty":"EC","crv": long,"x":"AA","y":"AA"}),
        json!({"kty":"oct","k":k,"use": long}),
    ] {
        let message = match parse(&key) {
            Err(_) => Jwk::from_json(key.to_string().as_bytes())
                .unwrap_err()
                .message()
                .to_owned(),
            Ok(jwk) => jwk
                .usable_for(Alg::HS256, KeyOp::Sign)
                .unwrap_err()
                .message()
                .to_owned(),
        };
        assert!(message.len() < 200, "{}", message.len());
    }
}

#[test]
fn roca_moduli_are_refused() {
    let roca = include_str!("../../../tests/vectors/roca/mod03.json");
    assert_eq!(parse_str(roca).err(), Some(ErrorKind::InvalidKey));
    // The same modulus through PKCS#1 DER: one check for every way in.
    let value: Value = serde_json::from_str(roca).unwrap();
    let n = b64::decode(value["n"].as_str().unwrap()).unwrap();
    let public = der(0x30, &[der_uint(&n), der_uint(&[1, 0, 1])].concat());
    assert_eq!(
        Jwk::from_der(&public, jose_jwk::pem::DerFormat::Pkcs1Public)
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );
    // Keys of other makers are not fingerprinted (2^-27.8 for a random modulus).
    assert!(parse(rsa()).is_ok());
    for fixture in [
        include_str!("../../../tests/vectors/rfc7520/3_3_rsa_public.json"),
        include_str!("../../../tests/vectors/rfc7520/3_4_rsa_private.json"),
    ] {
        assert!(parse_str(fixture).is_ok());
    }
}

#[test]
fn x5c_and_its_thumbprints_are_bound_to_the_key() {
    // RFC 7517 Appendix B: a key and its certificate; the thumbprints computed by Python's
    // hashlib over the certificate's DER.
    let rfc: Value =
        serde_json::from_str(include_str!("../../../tests/vectors/rfc7517/b_x5c.json")).unwrap();
    let sha1 = "4pNenEBLv0JpLIdugWxQkOsZcK0";
    let sha256 = "pJm2BBpkB8y7tCqrWM0X37WOmQTO8zQw-VpxVgBb21I";
    let bound = with(
        with(rfc.clone(), "x5t", json!(sha1)),
        "x5t#S256",
        json!(sha256),
    );
    assert!(parse(&bound).is_ok());
    // Another key's certificate: the RFC's certificate on our fixture key.
    let other = with(rsa().clone(), "x5c", rfc["x5c"].clone());
    assert_eq!(parse(&other).err(), Some(ErrorKind::InvalidKey));
    // Thumbprints of another certificate.
    let wrong = b64::encode([0u8; 32]);
    assert_eq!(
        parse(&with(rfc.clone(), "x5t#S256", json!(wrong))).err(),
        Some(ErrorKind::InvalidKey)
    );
    assert_eq!(
        parse(&with(rfc.clone(), "x5t", json!(b64::encode([0u8; 20])))).err(),
        Some(ErrorKind::InvalidKey)
    );
    // Garbage that is valid base64: not a certificate.
    for garbage in ["MAA=", "AAAA", "MIIBAAAA"] {
        assert_eq!(
            parse(&with(rfc.clone(), "x5c", json!([garbage]))).err(),
            Some(ErrorKind::Malformed),
            "{garbage}"
        );
    }
    // In a lenient set, such a key is skipped with its kind.
    let text = json!({"keys":[other, rfc]}).to_string();
    let set = JwkSet::from_json(text.as_bytes()).unwrap();
    assert_eq!(
        (set.len(), set.skipped()[0].kind),
        (1, ErrorKind::InvalidKey)
    );
}

#[test]
fn pem_text_holds_one_key() {
    let key = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    let private = key.to_pkcs8_pem().unwrap();
    let public = key.to_public().unwrap().to_spki_pem().unwrap();
    // A public block before a private one used to win silently.
    for text in [
        format!("{}{}", public.as_str(), private.as_str()),
        format!("{}{}", private.as_str(), public.as_str()),
        format!("{}\n{}", private.as_str(), private.as_str()),
    ] {
        assert_eq!(
            Jwk::from_pem(&text).err().map(|e| e.kind()),
            Some(ErrorKind::Malformed)
        );
    }
    assert!(Jwk::from_pem(&private).unwrap().is_private());
}

#[test]
fn scrypt_parameters_are_checked_before_pkcs5_sees_them() {
    // An encrypted PKCS#8 key on PBES2 with scrypt (RFC 8018 §6.2, RFC 7914 §7): N = 0 made
    // `pkcs5` panic while taking its logarithm.
    let oid = |bytes: &[u8]| der(0x06, bytes);
    let pbes2 = oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d]);
    let scrypt = oid(&[0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b]);
    let aes256_cbc = oid(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a]);
    let key = |n: &[u8], r: &[u8], p: &[u8]| {
        let params = der(
            0x30,
            &[der(0x04, &[7; 8]), der_uint(n), der_uint(r), der_uint(p)].concat(),
        );
        let kdf = der(0x30, &[scrypt.clone(), params].concat());
        let scheme = der(0x30, &[aes256_cbc.clone(), der(0x04, &[1; 16])].concat());
        let algorithm = der(
            0x30,
            &[pbes2.clone(), der(0x30, &[kdf, scheme].concat())].concat(),
        );
        der(0x30, &[algorithm, der(0x04, &[0; 32])].concat())
    };
    for (n, r, p) in [
        (&[0u8][..], &[8u8][..], &[1u8][..]),
        (&[1], &[8], &[1]),
        (&[3], &[8], &[1]),
        (&[4], &[0], &[1]),
        (&[4], &[8], &[0]),
    ] {
        let kind = Jwk::from_encrypted_pkcs8_der(&key(n, r, p), b"password")
            .err()
            .map(|e| e.kind());
        assert_eq!(kind, Some(ErrorKind::InvalidKey), "N={n:?} r={r:?} p={p:?}");
    }
    // Valid parameters get as far as the decryption, which fails on this meaningless data.
    assert_eq!(
        Jwk::from_encrypted_pkcs8_der(&key(&[4], &[8], &[1]), b"password")
            .err()
            .map(|e| e.kind()),
        Some(ErrorKind::InvalidKey)
    );
}

#[test]
fn oct_sizes_count_bits_and_a_byte_count_is_refused_not_shrunk() {
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    assert!(key.usable_for(Alg::HS256, KeyOp::Sign).is_ok());
    // 32 was a byte count before: it is 32 bits now, and refused rather than made.
    for bits in [0, 32, 64, 120, 260, 8200] {
        let err = Jwk::generate(KeySpec::Oct(bits)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{bits}");
        assert!(err.message().contains("KeySpec::Oct(256)"), "{err}");
    }
}

#[test]
fn an_empty_kid_is_refused_where_it_is_set_or_parsed() {
    let key = Jwk::generate(KeySpec::Ec(EcCurve::P256)).unwrap();
    assert_eq!(
        key.clone().with_kid("").unwrap_err().kind(),
        ErrorKind::InvalidConfiguration
    );
    assert_eq!(key.with_kid("k1").unwrap().kid(), Some("k1"));
    let parsed = with(generated(KeySpec::Ec(EcCurve::P256)), "kid", json!(""));
    assert_eq!(parse(&parsed).unwrap_err(), ErrorKind::Malformed);
}
