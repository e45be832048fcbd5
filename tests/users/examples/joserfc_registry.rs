//! joserfc: a claims registry, signing with a key set, and a callable key (a resolver).
use jose::jwk::{Jwk, JwkSet, KeySpec, Resolver};
use jose::jwt::{Alg, ClaimRule, Claims, ClaimsRegistry, Header, Validation};
use jose::{Error, ErrorKind};

pub fn main() -> jose::Result<()> {
    // key_set = KeySet.generate_key_set("oct", 256, count=2) … jwt.encode(header, claims, key_set)
    let a = Jwk::generate(KeySpec::Oct(256))?.with_kid("a")?;
    let b = Jwk::generate(KeySpec::Oct(256))?.with_kid("b")?;
    let key_set: JwkSet = [a.clone(), b].into_iter().collect();
    let claims = Claims::new()
        .issuer("https://issuer.example")
        .audiences(["api", "other"]);
    let token = jose::jwt::sign(&Header::new(Alg::HS256).with_kid("a"), &claims, &key_set)?;
    // registry = JWTClaimsRegistry(iss={"essential": True, "value": ...}, aud={"value": "api"})
    let iss = ClaimRule::essential().value("https://issuer.example");
    let aud = ClaimRule::essential().value("api"); // matches ["api", "other"] by membership
    let validation = Validation::new([Alg::HS256])
        .claim("iss", iss.clone())
        .claim("aud", aud.clone());
    let decoded = jose::jwt::verify::<jose::Object>(&token, &key_set, &validation)?;
    // The registry alone also checks exp, nbf and iat, as joserfc's registry.validate does.
    ClaimsRegistry::new()
        .claim("iss", iss)
        .claim("aud", aud)
        .validate(&decoded.claims)?;
    // A callable key: jwt.decode(token, lambda obj: keys[obj.headers()["kid"]])
    let resolver = Resolver::new(
        |header, _alg| match header.get("kid").and_then(|k| k.as_str()) {
            Some("a") => Ok(a.clone()),
            _ => Err(Error::new(ErrorKind::NoMatchingKey, "unknown kid")),
        },
    );
    jose::jwt::verify::<jose::Object>(
        &token,
        &resolver,
        &Validation::new([Alg::HS256]).audience("api"),
    )?;
    Ok(())
}
