//! A local JWK Set: verify by the token's `kid` (PyJWKSet), sign with the set (joserfc).
use jose::jwk::{EcCurve, Jwk, JwkSet, KeySpec};
use jose::jwt::{Alg, Claims, Header, Validation};

pub fn main() -> jose::Result<()> {
    let old = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("2026-10")?;
    let new = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("2026-11")?;
    let private: JwkSet = [old, new].into_iter().collect();
    // Publish the public halves (what /.well-known/jwks.json serves), and read them back.
    let published = JwkSet::from_json(private.public().to_json()?.as_bytes())?;
    // The header names the key; the set finds it.
    let token = jose::jwt::sign(
        &Header::new(Alg::ES256).with_kid("2026-11"),
        &Claims::new().subject("me"),
        &private,
    )?;
    let verified =
        jose::jwt::verify::<jose::Object>(&token, &published, &Validation::new([Alg::ES256]))?;
    assert_eq!(verified.header.kid(), Some("2026-11"));
    Ok(())
}
