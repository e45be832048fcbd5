//! PyJWT's `options={"verify_signature": False}` and `get_unverified_header`.
use jose::jwk::Jwk;
use jose::jwt::{Alg, Claims, Header};

pub fn main() -> jose::Result<()> {
    let key = Jwk::from_secret("a secret of thirty-two bytes, ok")?;
    let token = jose::jwt::sign(
        &Header::new(Alg::HS256).with_kid("k1"),
        &Claims::new().subject("me"),
        &key,
    )?;
    // jwt.decode(token, options={"verify_signature": False})
    let unverified = jose::jwt::dangerous::decode_unverified::<jose::Object>(&token)?;
    assert_eq!(unverified.registered.sub.as_deref(), Some("me"));
    // jwt.get_unverified_header(token)["kid"]
    assert_eq!(jose::jws::dangerous::peek_header(&token)?.kid(), Some("k1"));
    Ok(())
}
