//! An API behind the bearer-token guard: `/public` for anyone, `/me` for any valid token,
//! `/reports` for a token with the `reports:read` scope.
//!
//! Its keys come from an issuer (discovered from its URL) or from a JWK Set file:
//!
//! ```text
//! # A key, its public half in a set, and the server.
//! jose key generate --kty EC --crv P-256 --kid demo-1 > private.json
//! jose key public private.json > public.json
//! jose key set public.json > jwks.json
//! cargo run -p jose-axum --example protected_api -- \
//!     --jwks jwks.json --issuer https://id.example.com --audience https://api.example.com
//!
//! # A token for it, and three calls.
//! TOKEN=$(jose jwt sign --key private.json --alg ES256 --iss https://id.example.com \
//!     --aud https://api.example.com --sub ada --exp-in 600 --iat \
//!     --claims '{"scope": "reports:read"}')
//! curl -i localhost:3000/public
//! curl -i -H "Authorization: Bearer $TOKEN" localhost:3000/me
//! curl -i -H "Authorization: Bearer $TOKEN" localhost:3000/reports
//! ```
//!
//! With an identity provider instead, `--issuer https://your-tenant.example.com` alone
//! finds its JWK Set (`/.well-known/openid-configuration`). Every flag has an environment
//! variable: `JOSE_ISSUER`, `JOSE_AUDIENCE`, `JOSE_JWKS`, `JOSE_ALGS`, `JOSE_LISTEN`,
//! `JOSE_CACHE`.

use axum::Router;
use axum::routing::get;
use jose_axum::{AsyncRemoteJwkSet, Claims, Guard};
use jose_jwk::JwkSet;
use jose_jwt::{Alg, Validation};
use serde::Deserialize;

/// The claims the handlers read; the guard checks the rest.
#[derive(Debug, Deserialize)]
struct User {
    sub: String,
    #[serde(default)]
    name: Option<String>,
}

async fn me(user: Claims<User>) -> String {
    format!(
        "hello {} ({})\n",
        user.name.as_deref().unwrap_or(&user.sub),
        user.scopes().iter().collect::<Vec<_>>().join(" ")
    )
}

async fn reports(user: Claims<User>) -> String {
    format!("the reports, for {}\n", user.sub)
}

/// A flag's value (`--name value`), or its environment variable's.
fn setting(name: &str) -> Option<String> {
    let flag = format!("--{name}");
    let mut args = std::env::args().skip_while(|a| *a != flag);
    args.nth(1).or_else(|| {
        let var = format!("JOSE_{}", name.to_ascii_uppercase().replace('-', "_"));
        std::env::var(var).ok()
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let issuer = setting("issuer");
    let audience = setting("audience").ok_or("--audience (or JOSE_AUDIENCE) is required")?;
    let algorithms = setting("algs")
        .unwrap_or_else(|| "RS256,ES256".into())
        .split(',')
        .map(str::parse)
        .collect::<Result<Vec<Alg>, _>>()?;
    let validation = Validation::try_new(algorithms)?
        .audience(audience)
        .leeway(30);

    let builder = match (setting("jwks"), &issuer) {
        (Some(file), _) => {
            let validation = match &issuer {
                Some(issuer) => validation.issuer(issuer),
                None => return Err("--issuer (or JOSE_ISSUER) is required".into()),
            };
            Guard::builder(validation).jwk_set(JwkSet::from_json_strict(&std::fs::read(file)?)?)
        }
        // The issuer's JWK Set, found by discovery: the guard takes its issuer from it.
        (None, Some(issuer)) => {
            Guard::builder(validation).remote(AsyncRemoteJwkSet::discover(issuer).await?)
        }
        (None, None) => return Err("give --jwks FILE or --issuer URL".into()),
    };
    let builder = match setting("cache") {
        Some(n) => builder.cache(n.parse()?),
        None => builder,
    };
    let guard = builder.claims::<User>().build()?;

    let app = Router::new()
        .route(
            "/reports",
            get(reports).route_layer(guard.require_scopes(["reports:read"])?),
        )
        .route("/me", get(me))
        .layer(guard)
        .route("/public", get(|| async { "anyone may read this\n" }));

    let listen = setting("listen").unwrap_or_else(|| "127.0.0.1:3000".into());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
