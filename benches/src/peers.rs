//! The JOSE crates people use, doing the same operations on the same keys and claims: each
//! behind a feature, so that `benches/run` can build the two `jsonwebtoken` backends apart.
//! Keys are loaded once, outside the measured loop, as each crate's documentation shows.

use jose_core::alg::Alg;
use jose_jwk::Jwk;

#[allow(unused_imports)] // without the peers, nothing uses the key material
use crate::{Claims, secret};

/// One peer's JWT sign and verify+validate for one algorithm.
pub struct JwtPeer {
    pub name: &'static str,
    pub sign: Box<dyn Fn(&Claims) -> String>,
    pub verify: Box<dyn Fn(&str) -> Claims>,
}

/// One peer's JWE encrypt and decrypt for one `alg` and `enc`.
pub struct JwePeer {
    pub name: &'static str,
    pub encrypt: Box<dyn Fn(&[u8]) -> String>,
    pub decrypt: Box<dyn Fn(&str) -> Vec<u8>>,
    /// What the peer encrypts: the plaintext it is given, or (jwt-simple, whose JWE carries
    /// JWT claims only) the benchmark's claims, in which case `decrypt` gives back their `jti`.
    pub encrypts: Encrypts,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encrypts {
    Plaintext,
    Claims,
}

#[allow(dead_code)] // without the peers, nothing reads PEM
fn pems(key: &Jwk) -> (String, String) {
    let private = key.to_pkcs8_pem().unwrap().to_string();
    let public = key.to_spki_pem().unwrap();
    (private, public)
}

pub fn jwt_peers(alg: Alg, key: &Jwk) -> Vec<JwtPeer> {
    #[allow(unused_mut)] // nothing to push when built without the peers
    let mut peers = Vec::new();
    #[cfg(any(feature = "jsonwebtoken-rust-crypto", feature = "jsonwebtoken-aws-lc"))]
    peers.push(jsonwebtoken_jwt(alg, key));
    #[cfg(feature = "jwt-simple")]
    if let Some(peer) = jwt_simple_jwt(alg, key) {
        peers.push(peer);
    }
    #[cfg(feature = "josekit")]
    peers.push(josekit_jwt(alg, key));
    let _ = (alg, key);
    peers
}

#[cfg(any(feature = "jsonwebtoken-rust-crypto", feature = "jsonwebtoken-aws-lc"))]
fn jsonwebtoken_jwt(alg: Alg, key: &Jwk) -> JwtPeer {
    use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
    #[cfg(feature = "jsonwebtoken-rust-crypto")]
    let (name, _) = (
        "jsonwebtoken (rust_crypto)",
        jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER.install_default(),
    );
    #[cfg(feature = "jsonwebtoken-aws-lc")]
    let (name, _) = (
        "jsonwebtoken (aws-lc)",
        jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER.install_default(),
    );
    let (algorithm, encoding, decoding) = match alg {
        Alg::HS256 => (
            Algorithm::HS256,
            EncodingKey::from_secret(secret(key)).unwrap(),
            DecodingKey::from_secret(secret(key)).unwrap(),
        ),
        _ => {
            let (private, public) = pems(key);
            match alg {
                Alg::RS256 => (
                    Algorithm::RS256,
                    EncodingKey::from_rsa_pem(private.as_bytes()).unwrap(),
                    DecodingKey::from_rsa_pem(public.as_bytes()).unwrap(),
                ),
                Alg::ES256 => (
                    Algorithm::ES256,
                    EncodingKey::from_ec_pem(private.as_bytes()).unwrap(),
                    DecodingKey::from_ec_pem(public.as_bytes()).unwrap(),
                ),
                _ => (
                    Algorithm::EdDSA,
                    EncodingKey::from_ed_pem(private.as_bytes()).unwrap(),
                    DecodingKey::from_ed_pem(public.as_bytes()).unwrap(),
                ),
            }
        }
    };
    let header = Header::new(algorithm);
    let mut validation = Validation::new(algorithm);
    validation.set_issuer(&["https://issuer.example.com"]);
    validation.set_audience(&["https://api.example.com"]);
    validation.validate_nbf = true;
    JwtPeer {
        name,
        sign: Box::new(move |claims| jsonwebtoken::encode(&header, claims, &encoding).unwrap()),
        verify: Box::new(move |token| {
            jsonwebtoken::decode::<Claims>(token, &decoding, &validation)
                .unwrap()
                .claims
        }),
    }
}

/// jwt-simple keeps the registered claims apart: these are the others.
#[cfg(feature = "jwt-simple")]
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Custom {
    name: String,
    email: String,
    scope: String,
    roles: Vec<String>,
}

#[cfg(feature = "jwt-simple")]
fn split(claims: &crate::Claims) -> jwt_simple::prelude::JWTClaims<Custom> {
    use jwt_simple::prelude::*;
    let custom = Custom {
        name: claims.name.clone(),
        email: claims.email.clone(),
        scope: claims.scope.clone(),
        roles: claims.roles.clone(),
    };
    jwt_simple::claims::Claims::with_custom_claims(custom, Duration::from_hours(1))
        .with_issuer(&claims.iss)
        .with_subject(&claims.sub)
        .with_audience(&claims.aud)
        .with_jwt_id(&claims.jti)
}

#[cfg(feature = "jwt-simple")]
fn join(claims: jwt_simple::prelude::JWTClaims<Custom>) -> crate::Claims {
    use jwt_simple::prelude::*;
    crate::Claims {
        iss: claims.issuer.unwrap_or_default(),
        sub: claims.subject.unwrap_or_default(),
        aud: match claims.audiences {
            Some(Audiences::AsString(a)) => a,
            _ => String::new(),
        },
        exp: claims.expires_at.map_or(0, |t| t.as_secs() as i64),
        nbf: claims.invalid_before.map_or(0, |t| t.as_secs() as i64),
        iat: claims.issued_at.map_or(0, |t| t.as_secs() as i64),
        jti: claims.jwt_id.unwrap_or_default(),
        name: claims.custom.name,
        email: claims.custom.email,
        scope: claims.custom.scope,
        roles: claims.custom.roles,
    }
}

#[cfg(feature = "jwt-simple")]
fn jwt_simple_jwt(alg: Alg, key: &Jwk) -> Option<JwtPeer> {
    use jwt_simple::prelude::*;

    let options = || {
        Some(VerificationOptions {
            allowed_issuers: Some(HashSet::from_strings(&["https://issuer.example.com"])),
            allowed_audiences: Some(HashSet::from_strings(&["https://api.example.com"])),
            ..Default::default()
        })
    };
    let name = "jwt-simple (pure-rust)";
    macro_rules! key_pair {
        ($pair:ident) => {{
            let pair = $pair::from_pem(&pems(key).0).unwrap();
            let public = pair.public_key();
            JwtPeer {
                name,
                sign: Box::new(move |c| pair.sign(split(c)).unwrap()),
                verify: Box::new(move |t| {
                    join(public.verify_token::<Custom>(t, options()).unwrap())
                }),
            }
        }};
    }
    Some(match alg {
        Alg::HS256 => {
            let key = HS256Key::from_bytes(secret(key));
            let verifier = key.clone();
            JwtPeer {
                name,
                sign: Box::new(move |c| key.authenticate(split(c)).unwrap()),
                verify: Box::new(move |t| {
                    join(verifier.verify_token::<Custom>(t, options()).unwrap())
                }),
            }
        }
        // The key pairs differ in type only: one arm for the three of them.
        Alg::RS256 => key_pair!(RS256KeyPair),
        Alg::ES256 => key_pair!(ES256KeyPair),
        Alg::EdDSA => key_pair!(Ed25519KeyPair),
        _ => return None,
    })
}

#[cfg(feature = "josekit")]
fn josekit_jwt(alg: Alg, key: &Jwk) -> JwtPeer {
    use josekit::jws::{ES256, EdDSA, HS256, JwsHeader, JwsSigner, JwsVerifier, RS256};
    use josekit::jwt::{self, JwtPayload, JwtPayloadValidator};

    let (signer, verifier): (Box<dyn JwsSigner>, Box<dyn JwsVerifier>) = match alg {
        Alg::HS256 => (
            Box::new(HS256.signer_from_bytes(secret(key)).unwrap()),
            Box::new(HS256.verifier_from_bytes(secret(key)).unwrap()),
        ),
        _ => {
            let (private, public) = pems(key);
            match alg {
                Alg::RS256 => (
                    Box::new(RS256.signer_from_pem(&private).unwrap()),
                    Box::new(RS256.verifier_from_pem(&public).unwrap()),
                ),
                Alg::ES256 => (
                    Box::new(ES256.signer_from_pem(&private).unwrap()),
                    Box::new(ES256.verifier_from_pem(&public).unwrap()),
                ),
                _ => (
                    Box::new(EdDSA.signer_from_pem(&private).unwrap()),
                    Box::new(EdDSA.verifier_from_pem(&public).unwrap()),
                ),
            }
        }
    };
    let mut header = JwsHeader::new();
    header.set_token_type("JWT");
    JwtPeer {
        name: "josekit (OpenSSL)",
        sign: Box::new(move |claims| {
            let serde_json::Value::Object(map) = serde_json::to_value(claims).unwrap() else {
                unreachable!()
            };
            let payload = JwtPayload::from_map(map).unwrap();
            jwt::encode_with_signer(&payload, &header, signer.as_ref()).unwrap()
        }),
        verify: Box::new(move |token| {
            let (payload, _) = jwt::decode_with_verifier(token, verifier.as_ref()).unwrap();
            let mut validator = JwtPayloadValidator::new();
            validator.set_issuer("https://issuer.example.com");
            validator.set_audience("https://api.example.com");
            validator.set_base_time(std::time::SystemTime::now());
            validator.validate(&payload).unwrap();
            serde_json::from_value(serde_json::Value::Object(payload.into())).unwrap()
        }),
    }
}

/// The peers' JWE for `dir`, `A256KW`, `RSA-OAEP-256` and `ECDH-ES+A256KW` (named as in the
/// bench groups).
pub fn jwe_peers(group: &str, key: &Jwk) -> Vec<JwePeer> {
    #[allow(unused_mut)] // nothing to push when built without the peers
    let mut peers = Vec::new();
    #[cfg(feature = "jwt-simple")]
    if let Some(peer) = jwt_simple_jwe(group, key) {
        peers.push(peer);
    }
    #[cfg(feature = "josekit")]
    if let Some(peer) = josekit_jwe(group, key) {
        peers.push(peer);
    }
    let _ = (group, key);
    peers
}

#[cfg(feature = "josekit")]
fn josekit_jwe(group: &str, key: &Jwk) -> Option<JwePeer> {
    use josekit::jwe::{
        A256GCMKW, A256KW, Dir, ECDH_ES_A256KW, JweDecrypter, JweEncrypter, JweHeader, RSA_OAEP_256,
    };
    let (alg, enc) = group.rsplit_once('+')?;
    let (encrypter, decrypter): (Box<dyn JweEncrypter>, Box<dyn JweDecrypter>) = match alg {
        "dir" => (
            Box::new(Dir.encrypter_from_bytes(secret(key)).ok()?),
            Box::new(Dir.decrypter_from_bytes(secret(key)).ok()?),
        ),
        "A256KW" => (
            Box::new(A256KW.encrypter_from_bytes(secret(key)).ok()?),
            Box::new(A256KW.decrypter_from_bytes(secret(key)).ok()?),
        ),
        "A256GCMKW" => (
            Box::new(A256GCMKW.encrypter_from_bytes(secret(key)).ok()?),
            Box::new(A256GCMKW.decrypter_from_bytes(secret(key)).ok()?),
        ),
        "RSA-OAEP-256" => {
            let (private, public) = pems(key);
            (
                Box::new(RSA_OAEP_256.encrypter_from_pem(&public).ok()?),
                Box::new(RSA_OAEP_256.decrypter_from_pem(&private).ok()?),
            )
        }
        "ECDH-ES+A256KW" => {
            let (private, public) = pems(key);
            (
                Box::new(ECDH_ES_A256KW.encrypter_from_pem(&public).ok()?),
                Box::new(ECDH_ES_A256KW.decrypter_from_pem(&private).ok()?),
            )
        }
        _ => return None,
    };
    let mut header = JweHeader::new();
    header.set_content_encryption(enc);
    Some(JwePeer {
        name: "josekit (OpenSSL)",
        encrypt: Box::new(move |plaintext| {
            josekit::jwe::serialize_compact(plaintext, &header, encrypter.as_ref()).unwrap()
        }),
        decrypt: Box::new(move |token| {
            josekit::jwe::deserialize_compact(token, decrypter.as_ref())
                .unwrap()
                .0
        }),
        encrypts: Encrypts::Plaintext,
    })
}

/// jwt-simple's JWE encrypts JWT claims (it serializes them, and parses them back when
/// decrypting), with A256KW or ECDH-ES+A256KW and AES-GCM; its RSA-OAEP is the SHA-1 one, not
/// RSA-OAEP-256, and it has neither `dir` nor AES-CBC.
#[cfg(feature = "jwt-simple")]
fn jwt_simple_jwe(group: &str, key: &Jwk) -> Option<JwePeer> {
    use jwt_simple::prelude::*;

    let claims = split(&crate::claims());
    let jti = |c: JWTClaims<Custom>| c.jwt_id.unwrap_or_default().into_bytes();
    let (encrypt, decrypt): (Box<dyn Fn(&[u8]) -> String>, Box<dyn Fn(&str) -> Vec<u8>>) =
        match group {
            "A256KW+A256GCM" => {
                let key = A256KWKey::from_bytes(secret(key)).unwrap();
                let decrypter = key.clone();
                (
                    Box::new(move |_| key.encrypt(claims.clone()).unwrap()),
                    Box::new(move |t| jti(decrypter.decrypt_token::<Custom>(t, None).unwrap())),
                )
            }
            "ECDH-ES+A256KW+A256GCM" => {
                let (private, public) = pems(key);
                let encrypter = EcdhEsA256KWEncryptionKey::from_pem(&public).unwrap();
                let decrypter = EcdhEsA256KWDecryptionKey::from_pem(&private).unwrap();
                (
                    Box::new(move |_| encrypter.encrypt(claims.clone()).unwrap()),
                    Box::new(move |t| jti(decrypter.decrypt_token::<Custom>(t, None).unwrap())),
                )
            }
            _ => return None,
        };
    Some(JwePeer {
        name: "jwt-simple (pure-rust)",
        encrypt,
        decrypt,
        encrypts: Encrypts::Claims,
    })
}
