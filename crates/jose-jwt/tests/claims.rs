//! A test per claim rule, each asserting its error kind.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use jose_core::b64;
use jose_jwk::{Jwk, KeySpec};
use jose_jwt::{Alg, ClaimRule, Claims, ErrorKind, Header, NumericDate, Token, Validation};
use serde::Deserialize;
use serde_json::{Value, json};

const NOW: i64 = 1_700_000_000;

fn key() -> Jwk {
    Jwk::generate(KeySpec::Oct(256)).unwrap()
}

/// Signs `claims` as they are (the JWT signer would refuse wrong-typed registered claims)
/// and verifies them.
fn check(claims: Value, validation: &Validation) -> Result<Token, ErrorKind> {
    let key = key();
    let payload = serde_json::to_vec(&claims).unwrap();
    let jwt = jose_jws::compact::sign(&Header::new(Alg::HS256), &payload, &key).unwrap();
    jose_jwt::verify(&jwt, &key, validation).map_err(|e| e.kind())
}

fn v() -> Validation {
    Validation::new([Alg::HS256]).now(NOW)
}

#[test]
fn time_claims_and_their_boundaries() {
    // `exp` == now is expired; one second later is not; leeway moves the boundary.
    assert_eq!(
        check(json!({"exp": NOW}), &v()).err(),
        Some(ErrorKind::Expired)
    );
    assert!(check(json!({"exp": NOW + 1}), &v()).is_ok());
    assert!(check(json!({"exp": NOW}), &v().leeway(1)).is_ok());
    assert_eq!(
        check(json!({"exp": NOW - 1}), &v().leeway(1)).err(),
        Some(ErrorKind::Expired)
    );
    // `nbf` == now is valid; one second later is not yet.
    assert!(check(json!({"nbf": NOW}), &v()).is_ok());
    assert_eq!(
        check(json!({"nbf": NOW + 1}), &v()).err(),
        Some(ErrorKind::NotYetValid)
    );
    assert!(check(json!({"nbf": NOW + 1}), &v().leeway(1)).is_ok());
    // Fractions compare exactly: half a second ahead is not yet valid (rounding down passed
    // it up to 0.9 s early), and `exp` half a second ahead is still valid.
    let now = NOW as f64;
    assert_eq!(
        check(json!({"nbf": now + 0.5}), &v()).err(),
        Some(ErrorKind::NotYetValid)
    );
    assert_eq!(
        check(json!({"iat": now + 0.001}), &v()).err(),
        Some(ErrorKind::IssuedInFuture)
    );
    assert!(check(json!({"nbf": now - 0.5}), &v()).is_ok());
    assert!(check(json!({"nbf": now + 0.5}), &v().leeway(1)).is_ok());
    // A clock of whole seconds cannot tell 100.0 from 100.9: a fractional `exp` in the
    // current second counts as passed (never late), a fractional `nbf` as not yet (never
    // early).
    assert_eq!(
        check(json!({"exp": now + 0.5}), &v()).err(),
        Some(ErrorKind::Expired)
    );
    assert!(check(json!({"exp": now + 1.5}), &v()).is_ok());
    // `iat` in the future.
    assert!(check(json!({"iat": NOW}), &v()).is_ok());
    assert_eq!(
        check(json!({"iat": NOW + 1}), &v()).err(),
        Some(ErrorKind::IssuedInFuture)
    );
    assert!(check(json!({"iat": NOW + 5}), &v().leeway(5)).is_ok());
    // Switches.
    assert!(check(json!({"exp": NOW - 10}), &v().verify_exp(false)).is_ok());
    assert!(check(json!({"nbf": NOW + 10}), &v().verify_nbf(false)).is_ok());
    assert!(check(json!({"iat": NOW + 10}), &v().verify_iat(false)).is_ok());
    // Maximum age makes `iat` required.
    assert_eq!(
        check(json!({}), &v().max_age(60)).err(),
        Some(ErrorKind::MissingClaim)
    );
    assert!(check(json!({"iat": NOW - 60}), &v().max_age(60)).is_ok());
    assert_eq!(
        check(json!({"iat": NOW - 61}), &v().max_age(60)).err(),
        Some(ErrorKind::Expired)
    );
}

#[test]
fn hostile_numeric_dates_do_not_panic() {
    for exp in [
        json!(1e300),
        json!(-1e300),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(1.5),
        json!(-0.5),
        json!(9.2e18),
    ] {
        let result = check(
            json!({"exp": exp, "nbf": exp, "iat": exp}),
            &v().leeway(u64::MAX),
        );
        assert!(result.is_ok() || result.is_err());
    }
    assert_eq!(check(json!({"exp": 1e300}), &v()).map(|_| ()), Ok(()));
    assert_eq!(
        check(json!({"exp": -1e300}), &v()).err(),
        Some(ErrorKind::Expired)
    );
    for bad in [
        json!("1800000000"),
        json!("NaN"),
        json!("Infinity"),
        json!(null),
        json!(true),
        json!([NOW]),
    ] {
        assert_eq!(
            check(json!({"exp": bad}), &v()).err(),
            Some(ErrorKind::InvalidClaim),
            "{bad}"
        );
    }
}

#[test]
fn issuer_audience_subject() {
    let iss = v().issuer("https://a.example");
    assert!(check(json!({"iss": "https://a.example"}), &iss).is_ok());
    assert_eq!(
        check(json!({"iss": "https://b.example"}), &iss).err(),
        Some(ErrorKind::InvalidIssuer)
    );
    assert_eq!(check(json!({}), &iss).err(), Some(ErrorKind::MissingClaim));
    let several = v().issuers(["a", "b"]);
    assert!(check(json!({"iss": "b"}), &several).is_ok());

    let aud = v().audience("api");
    assert!(check(json!({"aud": "api"}), &aud).is_ok());
    assert!(check(json!({"aud": ["other", "api"]}), &aud).is_ok());
    assert_eq!(
        check(json!({"aud": ["other", "more"]}), &aud).err(),
        Some(ErrorKind::InvalidAudience)
    );
    assert_eq!(
        check(json!({"aud": []}), &aud).err(),
        Some(ErrorKind::InvalidAudience)
    );
    assert_eq!(check(json!({}), &aud).err(), Some(ErrorKind::MissingClaim));
    assert!(check(json!({"aud": "web"}), &v().audiences(["api", "web"])).is_ok());
    // A token for an audience, checked by a verifier that names none: refused (RFC 7519 §4.1.3).
    assert_eq!(
        check(json!({"aud": "api"}), &v()).err(),
        Some(ErrorKind::InvalidAudience)
    );
    assert!(check(json!({"aud": "api"}), &v().verify_aud(false)).is_ok());

    let sub = v().subject("user-1");
    assert!(check(json!({"sub": "user-1"}), &sub).is_ok());
    assert_eq!(
        check(json!({"sub": "user-2"}), &sub).err(),
        Some(ErrorKind::InvalidClaim)
    );
    assert_eq!(check(json!({}), &sub).err(), Some(ErrorKind::MissingClaim));
}

#[test]
fn wrong_typed_registered_claims_are_errors_not_absent() {
    for (name, value) in [
        ("iss", json!(1)),
        ("sub", json!(["x"])),
        ("aud", json!(7)),
        ("aud", json!(["ok", 7])),
        ("jti", json!({})),
        ("nbf", json!("soon")),
        ("iat", json!(false)),
    ] {
        let mut claims = serde_json::Map::new();
        claims.insert(name.into(), value.clone());
        assert_eq!(
            check(Value::Object(claims.clone()), &v().verify_aud(false)).err(),
            Some(ErrorKind::InvalidClaim),
            "{name}: {value}"
        );
        // The signer refuses them too.
        let signed = jose_jwt::sign(&Header::new(Alg::HS256), &Value::Object(claims), &key());
        assert_eq!(
            signed.map_err(|e| e.kind()).err(),
            Some(ErrorKind::InvalidClaim)
        );
    }
}

#[test]
fn required_and_essential_claims_values_and_blanks() {
    assert_eq!(
        check(json!({"exp": NOW + 10}), &v().require(["exp", "jti"])).err(),
        Some(ErrorKind::MissingClaim)
    );
    assert!(
        check(
            json!({"exp": NOW + 10, "jti": "1"}),
            &v().require(["exp", "jti"])
        )
        .is_ok()
    );
    let role = v().claim("role", ClaimRule::essential().values(["admin", "editor"]));
    assert!(check(json!({"role": "editor"}), &role).is_ok());
    assert_eq!(
        check(json!({"role": "guest"}), &role).err(),
        Some(ErrorKind::InvalidClaim)
    );
    assert_eq!(check(json!({}), &role).err(), Some(ErrorKind::MissingClaim));
    let tenant = v().claim("tenant", ClaimRule::optional().value("acme"));
    assert!(check(json!({}), &tenant).is_ok());
    assert!(check(json!({"tenant": "acme"}), &tenant).is_ok());
    assert_eq!(
        check(json!({"tenant": "evil"}), &tenant).err(),
        Some(ErrorKind::InvalidClaim)
    );
    // Blank values: missing unless allowed.
    let name = v().claim("name", ClaimRule::essential());
    for blank in [json!(""), json!(null), json!([]), json!({})] {
        assert_eq!(
            check(json!({"name": blank}), &name).err(),
            Some(ErrorKind::MissingClaim),
            "{blank}"
        );
    }
    let blank_ok = v().claim("name", ClaimRule::essential().allow_blank());
    assert!(check(json!({"name": ""}), &blank_ok).is_ok());
    // A private claim of any name.
    let scope = v().claim(
        "https://example.com/scope",
        ClaimRule::essential().value(json!(["read"])),
    );
    assert!(check(json!({"https://example.com/scope": ["read"]}), &scope).is_ok());
}

#[test]
fn explicit_typing() {
    let key = key();
    let at = jose_jwt::sign(
        &Header::new(Alg::HS256).with_typ("at+jwt"),
        &json!({}),
        &key,
    )
    .unwrap();
    let validation = v().typ("application/at+JWT");
    assert!(jose_jwt::verify::<Value>(&at, &key, &validation).is_ok());
    let plain = jose_jwt::sign(&Header::new(Alg::HS256), &json!({}), &key).unwrap(); // typ JWT
    assert_eq!(
        jose_jwt::verify::<Value>(&plain, &key, &validation)
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidType)
    );
    assert!(jose_jwt::verify::<Value>(&plain, &key, &v().typ("JWT")).is_ok());
    let none = jose_jwt::sign(&Header::new(Alg::HS256).with_typ("x"), &json!({}), &key).unwrap();
    assert_eq!(
        jose_jwt::verify::<Value>(&none, &key, &v().typ("JWT"))
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidType)
    );
}

#[test]
fn signature_before_claims() {
    // An expired token with a bad signature reports the signature, not the expiry.
    let key = key();
    let jwt = jose_jwt::sign(&Header::new(Alg::HS256), &json!({"exp": 1}), &key).unwrap();
    let err = jose_jwt::verify::<Value>(&jwt, &Jwk::generate(KeySpec::Oct(256)).unwrap(), &v())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSignature);
    // An algorithm outside the allow-list, before anything else.
    let err =
        jose_jwt::verify::<Value>(&jwt, &key, &Validation::new([Alg::HS512]).now(NOW)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlgorithmNotAllowed);
}

#[test]
fn compact_only_no_b64_false_and_objects_only() {
    let key = key();
    // The JSON serialization is not a JWT.
    let json_jws = jose_jws::json::JsonSigner::new(b"{}")
        .sign(&Header::new(Alg::HS256), None, &key)
        .unwrap()
        .flattened()
        .unwrap();
    assert_eq!(
        jose_jwt::verify::<Value>(&json_jws, &key, &v())
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed)
    );
    // `b64: false` never in a JWT, either way.
    assert_eq!(
        jose_jwt::sign(&Header::new(Alg::HS256).unencoded(), &json!({}), &key)
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed)
    );
    let raw = jose_jws::compact::sign(&Header::new(Alg::HS256).unencoded(), b"{}", &key).unwrap();
    assert_eq!(
        jose_jwt::verify::<Value>(&raw, &key, &v())
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed)
    );
    // A payload that is not an object, or has duplicate claims (at any depth, in claims the
    // caller's type ignores too).
    for payload in [
        &b"[1]"[..],
        b"\"x\"",
        br#"{"a":1,"a":2}"#,
        br#"{"sub":"u","sub":"v"}"#,
        br#"{"sub":"u","\u0073ub":"v"}"#,
        br#"{"sub":"u","x":{"a":1,"a":2}}"#,
        br#"{"sub":"u","x":[{"a":1,"a":2}]}"#,
    ] {
        let t = jose_jws::compact::sign(&Header::new(Alg::HS256), payload, &key).unwrap();
        assert_eq!(
            jose_jwt::verify::<Value>(&t, &key, &v())
                .map(|_| ())
                .map_err(|e| e.kind()),
            Err(ErrorKind::Malformed)
        );
    }
    // Claims that do not serialize to one JSON object with distinct members are not signed.
    #[derive(serde::Serialize)]
    struct Flattened {
        sub: String,
        #[serde(flatten)]
        extra: std::collections::BTreeMap<String, Value>,
    }
    let twice = Flattened {
        sub: "u".into(),
        extra: [("sub".to_string(), json!("v"))].into_iter().collect(),
    };
    let header = Header::new(Alg::HS256);
    for refused in [
        jose_jwt::sign(&header, &json!([1]), &key),
        jose_jwt::sign(&header, &json!("claims"), &key),
        jose_jwt::sign(&header, &json!(null), &key),
        jose_jwt::sign(&header, &7, &key),
        jose_jwt::sign(&header, &twice, &key),
    ] {
        assert_eq!(refused.map_err(|e| e.kind()), Err(ErrorKind::InvalidClaim));
    }
    let once = Flattened {
        sub: "u".into(),
        extra: [("exp".to_string(), json!(4_000_000_000_u64))]
            .into_iter()
            .collect(),
    };
    let token = jose_jwt::sign(&header, &once, &key).unwrap();
    let verified = jose_jwt::verify::<Value>(&token, &key, &v()).unwrap();
    assert_eq!(
        verified.claims,
        json!({"sub": "u", "exp": 4_000_000_000_u64})
    );
    let bad_exp = Flattened {
        sub: "u".into(),
        extra: [("exp".to_string(), json!("soon"))].into_iter().collect(),
    };
    assert_eq!(
        jose_jwt::sign(&header, &bad_exp, &key).map_err(|e| e.kind()),
        Err(ErrorKind::InvalidClaim)
    );
    // Registered claims of the wrong type are refused before signing; the same names deeper
    // in the claims are not registered claims.
    for claims in [
        json!({"exp": "tomorrow"}),
        json!({"aud": 5}),
        json!({"sub": ["a"]}),
    ] {
        assert_eq!(
            jose_jwt::sign(&Header::new(Alg::HS256), &claims, &key).map_err(|e| e.kind()),
            Err(ErrorKind::InvalidClaim),
            "{claims}"
        );
    }
    let nested = json!({"sub": "u", "ctx": {"exp": "not a date", "aud": 5}});
    let jwt = jose_jwt::sign(&Header::new(Alg::HS256), &nested, &key).unwrap();
    assert_eq!(
        jose_jwt::verify::<Value>(&jwt, &key, &v()).unwrap().claims,
        nested
    );
}

#[derive(Debug, Deserialize, PartialEq)]
struct MyClaims {
    sub: String,
    admin: bool,
}

#[test]
fn typed_claims() {
    let key = key();
    let jwt = jose_jwt::sign(
        &Header::new(Alg::HS256),
        &Claims::new().subject("u").claim("admin", true),
        &key,
    )
    .unwrap();
    let token: Token<MyClaims> = jose_jwt::verify(&jwt, &key, &v()).unwrap();
    assert_eq!(
        token.claims,
        MyClaims {
            sub: "u".into(),
            admin: true
        }
    );
    // Claims that do not fit the type.
    let jwt = jose_jwt::sign(&Header::new(Alg::HS256), &json!({"sub": "u"}), &key).unwrap();
    assert_eq!(
        jose_jwt::verify::<MyClaims>(&jwt, &key, &v())
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidClaim)
    );
    let _ = (b64::encode(b""), NumericDate::from_seconds(0));
}

#[cfg(feature = "jwe")]
#[test]
fn nested_tokens() {
    use jose_jwe::{Decrypter, Enc, KeyAlg};
    use jose_jwt::nested::{self, JweHeader};
    let signing = key();
    let encryption = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let jwt = jose_jwt::sign(
        &Header::new(Alg::HS256),
        &Claims::new().subject("u"),
        &signing,
    )
    .unwrap();
    let jwe = nested::encrypt(
        &jwt,
        &JweHeader::new(KeyAlg::A256KW, Enc::A256GCM),
        &encryption,
    )
    .unwrap();
    let decrypter = Decrypter::new([KeyAlg::A256KW], [Enc::A256GCM]);
    let token: Token =
        nested::decrypt_and_verify(&jwe, &encryption, &decrypter, &signing, &v()).unwrap();
    assert_eq!(token.registered.sub.as_deref(), Some("u"));
    // A JWE whose `cty` is not JWT.
    let other = jose_jwe::compact::encrypt(
        &JweHeader::new(KeyAlg::A256KW, Enc::A256GCM),
        jwt.as_bytes(),
        &encryption,
    )
    .unwrap();
    assert_eq!(
        nested::decrypt_and_verify::<Value>(&other, &encryption, &decrypter, &signing, &v())
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidType)
    );
    // jwcrypto's tutorial leaves `cty` out: accepted only on the explicit option, and a
    // `cty` other than JWT is refused even then.
    let lenient = v().allow_nested_without_cty();
    let token: Token =
        nested::decrypt_and_verify(&other, &encryption, &decrypter, &signing, &lenient).unwrap();
    assert_eq!(token.registered.sub.as_deref(), Some("u"));
    let text = jose_jwe::compact::encrypt(
        &JweHeader::new(KeyAlg::A256KW, Enc::A256GCM).with_cty("text/plain"),
        jwt.as_bytes(),
        &encryption,
    )
    .unwrap();
    assert_eq!(
        nested::decrypt_and_verify::<Value>(&text, &encryption, &decrypter, &signing, &lenient)
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::InvalidType)
    );
    // A token read with its newline decrypts; a bad part is named.
    assert!(
        decrypter
            .decrypt_compact(&format!("{jwe}\n"), &encryption)
            .is_ok()
    );
    let mut parts: Vec<&str> = jwe.split('.').collect();
    parts[2] = "not*base64";
    let err = decrypter
        .decrypt_compact(&parts.join("."), &encryption)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Malformed);
    assert!(err.message().contains("JWE's iv"), "{err}");
    // Nested twice: refused.
    let twice = nested::encrypt(
        &jwt,
        &JweHeader::new(KeyAlg::A256KW, Enc::A256GCM),
        &encryption,
    )
    .unwrap();
    let header = JweHeader::new(KeyAlg::A256KW, Enc::A256GCM).with_cty("JWT");
    let thrice = jose_jwe::compact::encrypt(&header, twice.as_bytes(), &encryption).unwrap();
    assert_eq!(
        nested::decrypt_and_verify::<Value>(&thrice, &encryption, &decrypter, &signing, &v())
            .map(|_| ())
            .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed)
    );
    // Separate allow-lists: the inner JWT's algorithm must be allowed by the validation.
    assert_eq!(
        nested::decrypt_and_verify::<Value>(
            &jwe,
            &encryption,
            &decrypter,
            &signing,
            &Validation::new([Alg::ES256]).now(NOW)
        )
        .map(|_| ())
        .map_err(|e| e.kind()),
        Err(ErrorKind::AlgorithmNotAllowed)
    );
    // Only a signed JWT can be nested.
    assert_eq!(
        nested::encrypt(
            "not.a",
            &JweHeader::new(KeyAlg::A256KW, Enc::A256GCM),
            &encryption
        )
        .map_err(|e| e.kind()),
        Err(ErrorKind::Malformed)
    );
}

#[test]
fn found_in_review() {
    // An optional claim with a value: a blank value does not slip through.
    let tenant = v().claim("tenant", ClaimRule::optional().value("acme"));
    for blank in [json!(""), json!(null)] {
        assert_eq!(
            check(json!({"tenant": blank}), &tenant).err(),
            Some(ErrorKind::InvalidClaim)
        );
    }
    // `require` then `claim` keeps the claim required, whatever the order.
    let both = v()
        .require(["role"])
        .claim("role", ClaimRule::optional().value("admin"));
    assert_eq!(check(json!({}), &both).err(), Some(ErrorKind::MissingClaim));
    // A maximum age refuses an `iat` in the future even with `verify_iat` off.
    let aged = v().max_age(60).verify_iat(false);
    assert_eq!(
        check(json!({"iat": NOW + 1000}), &aged).err(),
        Some(ErrorKind::IssuedInFuture)
    );
}

#[cfg(feature = "jwe")]
#[test]
fn nested_encrypt_wraps_signed_jwts_only() {
    use jose_jwe::{Enc, KeyAlg};
    use jose_jwt::nested::{self, JweHeader};
    let key = Jwk::generate(KeySpec::Oct(256)).unwrap();
    let header = JweHeader::new(KeyAlg::A256KW, Enc::A256GCM);
    let unsigned = format!(
        "{}.{}.",
        b64::encode(r#"{"alg":"none"}"#),
        b64::encode("{}")
    );
    assert_eq!(
        nested::encrypt(&unsigned, &header, &key)
            .map_err(|e| e.kind())
            .err(),
        Some(ErrorKind::AlgorithmNotAllowed)
    );
    let jwt = jose_jwt::sign(&Header::new(Alg::HS256), &json!({}), &key).unwrap();
    assert_eq!(
        nested::encrypt(&jwt, &header.clone().with_cty("json"), &key)
            .map_err(|e| e.kind())
            .err(),
        Some(ErrorKind::Malformed)
    );
    assert!(nested::encrypt(&jwt, &header.with_cty("jwt"), &key).is_ok());
}

/// Claims the caller's type reads in ways that give the one-pass reader no copy of them (an
/// enum), or a copy that must keep its magnitude (a 128-bit integer), are still checked; map
/// keys of newtype and enum types are names like any other.
#[test]
fn claims_read_as_enums_wide_integers_and_newtype_keys_are_checked() {
    #[derive(Deserialize, Debug, PartialEq, Eq, PartialOrd, Ord)]
    #[serde(rename_all = "lowercase")]
    enum Role {
        User,
        Admin,
    }
    #[derive(Deserialize, Debug)]
    struct WithRole {
        role: Role,
    }
    let key = key();
    let sign =
        |payload: &[u8]| jose_jws::compact::sign(&Header::new(Alg::HS256), payload, &key).unwrap();
    let admin = sign(br#"{"role":"admin"}"#);
    let only_users = v().claim("role", ClaimRule::optional().value("user"));
    assert_eq!(
        jose_jwt::verify::<WithRole>(&admin, &key, &only_users)
            .map_err(|e| e.kind())
            .err(),
        Some(ErrorKind::InvalidClaim)
    );
    let user = sign(br#"{"role":"user"}"#);
    let verified = jose_jwt::verify::<WithRole>(&user, &key, &only_users).unwrap();
    assert_eq!(verified.claims.role, Role::User);

    // `aud` read as an enum: a token with an `aud` and no audience to check it against.
    #[derive(Deserialize, Debug)]
    enum Audience {
        #[serde(rename = "api")]
        Api,
    }
    #[derive(Deserialize, Debug)]
    struct WithAudience {
        #[allow(dead_code)]
        aud: Audience,
    }
    let to_api = sign(br#"{"aud":"api"}"#);
    assert_eq!(
        jose_jwt::verify::<WithAudience>(&to_api, &key, &v())
            .map_err(|e| e.kind())
            .err(),
        Some(ErrorKind::InvalidAudience)
    );

    // A not-before far beyond 64 bits, read as an i128.
    #[derive(Deserialize, Debug)]
    struct Wide {
        #[allow(dead_code)]
        nbf: i128,
    }
    let far = sign(br#"{"nbf":100000000000000000000}"#);
    assert_eq!(
        jose_jwt::verify::<Wide>(&far, &key, &v())
            .map_err(|e| e.kind())
            .err(),
        Some(ErrorKind::NotYetValid)
    );

    // Newtype and enum map keys.
    #[derive(Deserialize, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    struct Group(String);
    #[derive(Deserialize, Debug)]
    struct WithGroups {
        groups: std::collections::BTreeMap<Group, u32>,
        roles: std::collections::BTreeMap<Role, u32>,
    }
    let groups = sign(br#"{"groups":{"a":1,"b":2},"roles":{"user":1,"admin":2}}"#);
    let verified = jose_jwt::verify::<WithGroups>(&groups, &key, &v()).unwrap();
    assert_eq!(verified.claims.groups.len(), 2);
    assert_eq!(verified.claims.roles.len(), 2);
    for twice in [
        &br#"{"groups":{"a":1,"a":2},"roles":{}}"#[..],
        br#"{"groups":{},"roles":{"user":1,"user":2}}"#,
    ] {
        assert_eq!(
            jose_jwt::verify::<WithGroups>(&sign(twice), &key, &v())
                .map_err(|e| e.kind())
                .err(),
            Some(ErrorKind::Malformed)
        );
    }
}

#[test]
fn decoding_without_verifying_returns_the_claims_and_checks_nothing_else() {
    let key = key();
    let expired = jose_jwt::sign(
        &Header::new(Alg::HS256),
        &Claims::new()
            .issuer("https://idp")
            .expires_at(NumericDate::from_seconds(1)),
        &key,
    )
    .unwrap();
    // Expired and signed by a key nobody checks: the claims come back all the same.
    let mut forged = expired.rsplit_once('.').unwrap().0.to_owned();
    forged.push_str(".AAAA");
    for token in [&expired, &forged] {
        let decoded: Token = jose_jwt::dangerous::decode_unverified(token).unwrap();
        assert_eq!(decoded.registered.iss.as_deref(), Some("https://idp"));
        assert_eq!(decoded.registered.exp.map(|d| d.seconds()), Some(1));
        assert_eq!(decoded.header.alg().unwrap(), Alg::HS256);
    }
    // Typed, as `verify` reads them.
    #[derive(Deserialize)]
    struct Issued {
        iss: String,
    }
    let typed: Token<Issued> = jose_jwt::dangerous::decode_unverified(&expired).unwrap();
    assert_eq!(typed.claims.iss, "https://idp");
    // Read as strictly as `verify` reads: a duplicate claim or a wrong-typed `exp` is refused.
    for payload in [r#"{"a":1,"a":2}"#, r#"{"exp":"soon"}"#, "[1]"] {
        let token = format!(
            "{}.{}.AAAA",
            b64::encode(r#"{"alg":"HS256"}"#),
            b64::encode(payload)
        );
        let kind = jose_jwt::dangerous::decode_unverified::<serde_json::Map<String, Value>>(&token)
            .err()
            .map(|e| e.kind());
        assert!(
            matches!(kind, Some(ErrorKind::Malformed | ErrorKind::InvalidClaim)),
            "{payload}: {kind:?}"
        );
    }
}

#[test]
fn an_empty_allow_list_is_refused_where_it_is_built() {
    // `Validation::new([])` does not compile (a doctest shows it); a list read at run time is
    // refused by `try_new`, the server's configuration, not a token's fault.
    let err = Validation::try_new(Vec::new()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidConfiguration);
    assert_eq!(err.kind().fault().http_status(), 500);
    assert!(Validation::try_new([Alg::HS256]).is_ok());
    assert_eq!(
        jose_jws::Verifier::try_new([]).unwrap_err().kind(),
        ErrorKind::InvalidConfiguration
    );
}

#[test]
fn joserfc_registry_semantics() {
    use jose_jwt::ClaimsRegistry;
    // `value` and `values` on an array claim match by membership, as joserfc's registry does.
    let aud = v().claim("aud", ClaimRule::essential().value("api"));
    assert!(check(json!({"aud": ["api", "other"]}), &aud).is_ok());
    assert_eq!(
        check(json!({"aud": ["web"]}), &aud).unwrap_err(),
        ErrorKind::InvalidClaim
    );
    let roles = v().claim("roles", ClaimRule::essential().values(["admin", "editor"]));
    assert!(check(json!({"roles": ["viewer", "editor"]}), &roles).is_ok());
    assert_eq!(
        check(json!({"roles": ["viewer"]}), &roles).unwrap_err(),
        ErrorKind::InvalidClaim
    );
    // A token with `aud` and no Validation::audience is still refused, unless a registry
    // rule checks `aud` (no `.verify_aud(false)` needed).
    assert_eq!(
        check(json!({"aud": "api"}), &v()).unwrap_err(),
        ErrorKind::InvalidAudience
    );
    let aud_rule = v().claim("aud", ClaimRule::essential().value("api"));
    assert!(check(json!({"aud": "api"}), &aud_rule).is_ok());
    // Requiring `aud`, or a rule without values, names no audience: still refused.
    for validation in [
        v().require(["aud"]),
        v().claim("aud", ClaimRule::optional()),
    ] {
        assert_eq!(
            check(json!({"aud": "anyone"}), &validation).unwrap_err(),
            ErrorKind::InvalidAudience
        );
    }
    // The registry alone checks the time claims, as joserfc's `validate` does.
    let registry = ClaimsRegistry::new()
        .claim("sub", ClaimRule::essential())
        .now(NOW);
    let object = |v: Value| v.as_object().unwrap().clone();
    assert!(
        registry
            .validate(&object(json!({"sub": "a", "exp": NOW + 1})))
            .is_ok()
    );
    for (claims, kind) in [
        (json!({"sub": "a", "exp": NOW}), ErrorKind::Expired),
        (json!({"sub": "a", "nbf": NOW + 5}), ErrorKind::NotYetValid),
        (
            json!({"sub": "a", "iat": NOW + 5}),
            ErrorKind::IssuedInFuture,
        ),
        (json!({"sub": "a", "exp": "soon"}), ErrorKind::InvalidClaim),
        (json!({"exp": NOW + 1}), ErrorKind::MissingClaim),
    ] {
        assert_eq!(
            registry
                .validate(&object(claims.clone()))
                .unwrap_err()
                .kind(),
            kind,
            "{claims}"
        );
    }
    let lenient = registry.leeway(10);
    assert!(
        lenient
            .validate(&object(json!({"sub": "a", "exp": NOW})))
            .is_ok()
    );
}

#[test]
fn a_key_set_signs_with_the_key_the_header_names_or_its_one_candidate() {
    use jose_jwk::{EcCurve, JwkSet};
    let ec = Jwk::generate(KeySpec::Ec(EcCurve::P256))
        .unwrap()
        .with_kid("ec")
        .unwrap();
    let hs = key().with_kid("hs").unwrap();
    let set: JwkSet = [ec.clone(), hs.clone()].into_iter().collect();
    // No `kid`: the one key that signs HS256, whose `kid` goes into the header.
    let token = jose_jwt::sign(&Header::new(Alg::HS256), &Claims::new(), &set).unwrap();
    let header = jose_jwt::dangerous::decode_unverified::<Value>(&token)
        .unwrap()
        .header;
    assert_eq!(header.kid(), Some("hs"));
    let validation = Validation::new([Alg::HS256, Alg::ES256]);
    assert!(jose_jwt::verify::<Value>(&token, &set, &validation).is_ok());
    // Several candidates: the header names one, or it is the caller's configuration.
    let two: JwkSet = [hs.clone(), key().with_kid("hs2").unwrap()]
        .into_iter()
        .collect();
    assert_eq!(
        jose_jwt::sign(&Header::new(Alg::HS256), &Claims::new(), &two)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidConfiguration
    );
    let named = jose_jwt::sign(
        &Header::new(Alg::HS256).with_kid("hs2"),
        &Claims::new(),
        &two,
    )
    .unwrap();
    assert!(jose_jwt::verify::<Value>(&named, &two, &validation).is_ok());
    assert_eq!(
        jose_jwt::sign(&Header::new(Alg::ES384), &Claims::new(), &set)
            .unwrap_err()
            .kind(),
        ErrorKind::NoMatchingKey
    );
}
