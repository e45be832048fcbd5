//! RFC 7519 §3.1 and App. A, RFC 7520 §6: the published JWTs.

use jose_jwe::{Decrypter, Enc, ErrorKind, KeyAlg};
use jose_jwk::Jwk;
use jose_jwt::nested;
use jose_jwt::{Alg, Token, Validation};
use serde_json::Value;

const HMAC_KEY: &str = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;

/// RFC 7519 §3.1 (the JWT of RFC 7515 App. A.1).
const RFC7519_3_1: &str = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

#[test]
fn rfc7519_3_1() {
    let key = Jwk::from_json(HMAC_KEY.as_bytes()).unwrap();
    let validation = Validation::new([Alg::HS256])
        .issuer("joe")
        .typ("JWT")
        .now(1_300_819_379);
    let token: Token = jose_jwt::verify(RFC7519_3_1, &key, &validation).unwrap();
    assert_eq!(
        token.registered.exp.map(|d| d.seconds()),
        Some(1_300_819_380)
    );
    assert_eq!(
        token.claims["http://example.com/is_root"],
        Value::Bool(true)
    );
    // One second later it has expired.
    let late = validation.clone().now(1_300_819_380);
    assert_eq!(
        jose_jwt::verify::<Value>(RFC7519_3_1, &key, &late)
            .unwrap_err()
            .kind(),
        ErrorKind::Expired
    );
}

#[test]
fn rfc7519_appendix_a_uses_rsa1_5_which_is_refused() {
    // App. A.1 and A.2 encrypt with RSA1_5, which this toolkit does not offer (DESIGN.md):
    // the tokens are refused as unsupported, whatever the allow-lists say.
    let v =
        serde_json::from_str::<Value>(include_str!("../vectors/rfc7516/a2_rsa1_5.json")).unwrap();
    let token = v["jwe"].as_str().unwrap();
    let key = Jwk::from_json(HMAC_KEY.as_bytes()).unwrap();
    let decrypter =
        Decrypter::try_new(KeyAlg::ALL.iter().copied(), Enc::ALL.iter().copied()).unwrap();
    let err = nested::decrypt_and_verify::<Value>(
        token,
        &key,
        &decrypter,
        &key,
        &Validation::new([Alg::HS256]),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedAlgorithm);
}

#[test]
fn rfc7520_6_nested() {
    let v: Value = serde_json::from_str(include_str!("../vectors/rfc7520/6_nesting.json")).unwrap();
    let signing_key = Jwk::from_json(v["sign"]["input"]["key"].to_string().as_bytes()).unwrap();
    let encryption_key =
        Jwk::from_json(v["encrypt"]["input"]["key"].to_string().as_bytes()).unwrap();
    let validation = Validation::new([Alg::PS256])
        .issuer("hobbiton.example")
        .now(1_300_819_379);
    let decrypter = Decrypter::new([KeyAlg::RSA_OAEP], [Enc::A128GCM]);
    let public = signing_key.to_public().unwrap();
    // The inner signed JWT.
    let inner = v["sign"]["output"]["compact"].as_str().unwrap();
    let token: Token = jose_jwt::verify(inner, &public, &validation).unwrap();
    assert_eq!(token.registered.iss.as_deref(), Some("hobbiton.example"));
    // The nested token, in one call.
    let outer = v["encrypt"]["output"]["compact"].as_str().unwrap();
    let token: Token =
        nested::decrypt_and_verify(outer, &encryption_key, &decrypter, &public, &validation)
            .unwrap();
    assert_eq!(
        token.claims["http://example.com/is_root"],
        Value::Bool(true)
    );
    // The outer layer's allow-list is not the inner one's.
    let wrong = Decrypter::new([KeyAlg::RSA_OAEP_256], [Enc::A128GCM]);
    assert_eq!(
        nested::decrypt_and_verify::<Value>(outer, &encryption_key, &wrong, &public, &validation)
            .unwrap_err()
            .kind(),
        ErrorKind::AlgorithmNotAllowed
    );
}
