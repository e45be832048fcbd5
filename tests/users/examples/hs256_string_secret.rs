//! PyJWT's first example: HS256 with a string secret, here the short legacy "secret" (with
//! its explicit opt-in) and a secret of 32 bytes (without).
use jose::jwk::Jwk;
use jose::jwt::{Alg, Claims, Header, Validation};

pub fn main() -> jose::Result<()> {
    // jwt.encode({"some": "payload"}, "secret", algorithm="HS256")
    let legacy = Jwk::from_legacy_hmac_secret("secret")?;
    let token = jose::jwt::sign(
        &Header::new(Alg::HS256),
        &Claims::new().claim("some", "payload"),
        &legacy,
    )?;
    // jwt.decode(token, "secret", algorithms=["HS256"])
    let decoded =
        jose::jwt::verify::<jose::Object>(&token, &legacy, &Validation::new([Alg::HS256]))?;
    assert_eq!(decoded.claims["some"], "payload");
    // Without the opt-in, a short secret is the server's configuration error (a 500).
    let strict = Jwk::from_secret("secret")?;
    let err = jose::jwt::verify::<jose::Object>(&token, &strict, &Validation::new([Alg::HS256]))
        .unwrap_err();
    assert_eq!(err.kind().fault().http_status(), 500);
    // A secret of 32 bytes needs nothing.
    let key = Jwk::from_secret("a secret of thirty-two bytes, ok")?;
    let token = jose::jwt::sign(&Header::new(Alg::HS256), &Claims::new().subject("me"), &key)?;
    jose::jwt::verify::<jose::Object>(&token, &key, &Validation::new([Alg::HS256]))?;
    Ok(())
}
