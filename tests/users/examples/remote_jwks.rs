//! PyJWKClient: verify with the JWK Set an issuer publishes, fetched and cached. The issuer
//! here is a loopback server (plain `http://` is accepted for loopback only).
use std::io::{Read, Write};
use std::net::TcpListener;

use jose::jwk::{EcCurve, Jwk, JwkSet, KeySpec};
use jose::jwt::{Alg, Claims, Header, Validation};

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("2026-11")?;
    let set: JwkSet = [key.clone()].into_iter().collect();
    let url = serve(set.public().to_json()?)?;
    // jwks_client = PyJWKClient(url); key = jwks_client.get_signing_key_from_jwt(token)
    let jwks = jose::jwks_http::remote_jwk_set(&url)?;
    let token = jose::jwt::sign(&Header::new(Alg::ES256), &Claims::new().subject("me"), &key)?;
    let verified =
        jose::jwt::verify::<jose::Object>(&token, &jwks, &Validation::new([Alg::ES256]))?;
    assert_eq!(verified.registered.sub.as_deref(), Some("me"));
    Ok(())
}

/// Serves `body` as `application/json` on a loopback port, to every request.
fn serve(body: String) -> std::io::Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/.well-known/jwks.json", listener.local_addr()?);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let _ = stream.read(&mut [0; 4096]);
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(body.as_bytes()));
        }
    });
    Ok(url)
}
