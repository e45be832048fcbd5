//! RS256 and ES256 with PEM files made by OpenSSL (`fixtures/make.sh`), as PyJWT's
//! `jwt.encode(payload, private_pem, algorithm="RS256")`.
use jose::jwk::Jwk;
use jose::jwt::{Alg, Claims, Header, Validation};

const RS256_PRIVATE: &str = include_str!("../fixtures/rs256_private.pem");
const RS256_PUBLIC: &str = include_str!("../fixtures/rs256_public.pem");
const ES256_PRIVATE: &str = include_str!("../fixtures/es256_private.pem");
const ES256_PUBLIC: &str = include_str!("../fixtures/es256_public.pem");

pub fn main() -> jose::Result<()> {
    for (alg, private, public) in [
        (Alg::RS256, RS256_PRIVATE, RS256_PUBLIC),
        (Alg::ES256, ES256_PRIVATE, ES256_PUBLIC),
    ] {
        let signing = Jwk::from_pem(private)?;
        let token = jose::jwt::sign(&Header::new(alg), &Claims::new().subject("me"), &signing)?;
        let verifying = Jwk::from_pem(public)?;
        let verified =
            jose::jwt::verify::<jose::Object>(&token, &verifying, &Validation::new([alg]))?;
        assert_eq!(verified.registered.sub.as_deref(), Some("me"));
    }
    Ok(())
}
