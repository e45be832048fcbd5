//! PyJWT's registered-claims tutorial: exp, iat, nbf, aud, iss, leeway and require.
use std::time::Duration;

use jose::jwk::Jwk;
use jose::jwt::{Alg, Claims, Header, NumericDate, Validation};
use jose::{ErrorKind, Fault};

pub fn main() -> jose::Result<()> {
    let key = Jwk::from_secret("a secret of thirty-two bytes, ok")?;
    // {"exp": now + 10 min, "iat": now, "nbf": now, "aud": "api", "iss": "urn:issuer"}
    let claims = Claims::new()
        .expires_in(Duration::from_secs(600))
        .issued_now()
        .not_before(NumericDate::now())
        .audience("api")
        .issuer("urn:issuer");
    let token = jose::jwt::sign(&Header::new(Alg::HS256), &claims, &key)?;
    // jwt.decode(token, key, algorithms=["HS256"], audience="api", issuer="urn:issuer",
    //            leeway=10, options={"require": ["exp", "iat", "nbf"]})
    let validation = Validation::new([Alg::HS256])
        .audience("api")
        .issuer("urn:issuer")
        .leeway(10)
        .require(["exp", "iat", "nbf"]);
    let verified = jose::jwt::verify::<jose::Object>(&token, &key, &validation)?;
    assert_eq!(verified.registered.iss.as_deref(), Some("urn:issuer"));
    // An ExpiredSignatureError, and every InvalidTokenError, is the token's fault: a 401.
    let expired = jose::jwt::sign(
        &Header::new(Alg::HS256),
        &Claims::new().expires_at(NumericDate::from_seconds(1)),
        &key,
    )?;
    let err = jose::jwt::verify::<jose::Object>(&expired, &key, &Validation::new([Alg::HS256]))
        .unwrap_err();
    assert_eq!(
        (err.kind(), err.kind().fault()),
        (ErrorKind::Expired, Fault::Token)
    );
    // InvalidAudienceError
    let other = Validation::new([Alg::HS256]).audience("web");
    assert_eq!(
        jose::jwt::verify::<jose::Object>(&token, &key, &other)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidAudience
    );
    Ok(())
}
