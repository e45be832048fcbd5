//! The guard in front of a real axum server on loopback, called by a real HTTP client
//! (ureq): every answer of RFC 6750 §3, its status and its `WWW-Authenticate` challenge; a
//! JWK Set server that rotates its keys and one that goes down.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use jose_axum::{Claims, Guard};
use jose_jwk::remote::{CachePolicy, JwksCache};
use jose_jwk::{EcCurve, Jwk, JwkSet, KeySpec};
use jose_jwks_http::{AsyncRemoteJwkSet, HttpFetcher};
use jose_jwt::{Alg, Header, NumericDate, Validation};
use serde_json::json;

const ISSUER: &str = "https://id.example.com";
const AUDIENCE: &str = "https://api.example.com";

fn es256(kid: &str) -> Jwk {
    static KEYS: OnceLock<Mutex<Vec<(String, Jwk)>>> = OnceLock::new();
    let mut keys = KEYS.get_or_init(Default::default).lock().unwrap();
    if let Some((_, key)) = keys.iter().find(|(k, _)| k == kid) {
        return key.clone();
    }
    let key = Jwk::generate(KeySpec::Ec(EcCurve::P256))
        .unwrap()
        .with_kid(kid)
        .unwrap();
    keys.push((kid.into(), key.clone()));
    key
}

fn public_set(kids: &[&str]) -> JwkSet {
    let mut set = JwkSet::new();
    for kid in kids {
        set.insert(es256(kid).to_public().unwrap()).unwrap();
    }
    set
}

fn now() -> i64 {
    NumericDate::now().seconds()
}

/// Claims a good token has, to be changed one at a time.
fn good() -> serde_json::Value {
    json!({
        "iss": ISSUER, "aud": AUDIENCE, "sub": "ada",
        "exp": now() + 600, "iat": now(), "scope": "profile reports:read",
    })
}

fn mint(kid: &str, claims: &serde_json::Value) -> String {
    jose_jwt::sign(&Header::new(Alg::ES256), claims, &es256(kid)).unwrap()
}

fn with(mut claims: serde_json::Value, name: &str, value: serde_json::Value) -> serde_json::Value {
    claims[name] = value;
    claims
}

fn validation() -> Validation {
    Validation::new([Alg::ES256])
        .issuer(ISSUER)
        .audience(AUDIENCE)
}

async fn me(claims: Claims<jose_jwt::Object>) -> String {
    claims.registered().sub.clone().unwrap_or_default()
}

async fn maybe(claims: Option<Claims<jose_jwt::Object>>) -> String {
    claims.map_or_else(
        || "anonymous".into(),
        |c| c["sub"].as_str().unwrap_or("").into(),
    )
}

/// An axum server on a free loopback port; its base URL.
async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// The API: a public route, a protected one, one that needs a scope, one optional.
async fn api(guard: &Guard) -> String {
    let reports = Router::new()
        .route("/reports", get(|| async { "reports" }))
        .route_layer(guard.require_scopes(["reports:read"]).unwrap());
    let admin = Router::new()
        .route("/admin", get(|| async { "admin" }))
        .route_layer(guard.require_scopes(["admin"]).unwrap());
    let protected = Router::new()
        .route("/me", get(me))
        .merge(reports)
        .merge(admin)
        .layer(guard.clone());
    let optional = Router::new()
        .route("/maybe", get(maybe))
        .route("/maybe/me", get(me))
        .layer(guard.optional());
    let app = Router::new()
        .route("/public", get(|| async { "public" }))
        .merge(protected)
        .merge(optional);
    serve(app).await
}

/// What the client saw.
#[derive(Debug)]
struct Answer {
    status: u16,
    challenge: Option<String>,
    body: String,
}

/// A GET with these `Authorization` headers, by ureq, on the blocking pool.
async fn call(url: String, authorization: Vec<String>) -> Answer {
    tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut request = agent.get(&url);
        for value in &authorization {
            request = request.header("authorization", value);
        }
        let mut response = request.call().unwrap();
        Answer {
            status: response.status().as_u16(),
            challenge: response
                .headers()
                .get("www-authenticate")
                .map(|v| v.to_str().unwrap().to_owned()),
            body: response.body_mut().read_to_string().unwrap(),
        }
    })
    .await
    .unwrap()
}

async fn bearer(url: &str, token: &str) -> Answer {
    call(url.into(), vec![format!("Bearer {token}")]).await
}

fn invalid_token(description: &str) -> Option<String> {
    Some(format!(
        "Bearer realm=\"api\", error=\"invalid_token\", error_description=\"{description}\""
    ))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_of_rfc_6750_on_a_real_socket() {
    let guard = Guard::builder(validation())
        .jwk_set(public_set(&["k1"]))
        .build()
        .unwrap();
    let base = api(&guard).await;
    let url = |path: &str| format!("{base}{path}");

    let public = call(url("/public"), vec![]).await;
    assert_eq!((public.status, public.body.as_str()), (200, "public"));

    // Valid.
    let token = mint("k1", &good());
    let ok = bearer(&url("/me"), &token).await;
    assert_eq!(
        (ok.status, ok.body.as_str(), ok.challenge),
        (200, "ada", None)
    );
    let reports = bearer(&url("/reports"), &token).await;
    assert_eq!((reports.status, reports.body.as_str()), (200, "reports"));

    // The scheme name is case-insensitive (RFC 9110 §11.1), and `1*SP` may be two spaces.
    for value in [
        format!("bearer {token}"),
        format!("BEARER {token}"),
        format!("Bearer  {token}"),
    ] {
        let answer = call(url("/me"), vec![value.clone()]).await;
        assert_eq!(
            (answer.status, answer.body.as_str()),
            (200, "ada"),
            "{value}"
        );
    }

    // No token: 401 and the challenge alone, no error code (RFC 6750 §3.1).
    let challenge = Some("Bearer realm=\"api\"".to_owned());
    let none = call(url("/me"), vec![]).await;
    assert_eq!((none.status, &none.challenge), (401, &challenge));
    let basic = call(url("/me"), vec!["Basic dXNlcjpwYXNz".into()]).await;
    assert_eq!((basic.status, &basic.challenge), (401, &challenge));
    // Behind a scope, too.
    let none = call(url("/reports"), vec![]).await;
    assert_eq!((none.status, &none.challenge), (401, &challenge));

    // Malformed requests: 400 invalid_request.
    let request = |why: &str| {
        Some(format!(
            "Bearer realm=\"api\", error=\"invalid_request\", error_description=\"{why}\""
        ))
    };
    let two = call(url("/me"), vec![format!("Bearer {token}"); 2]).await;
    assert_eq!(
        (two.status, two.challenge),
        (
            400,
            request("the request has more than one Authorization header")
        )
    );
    let empty = call(url("/me"), vec!["Bearer".into()]).await;
    assert_eq!(
        (empty.status, empty.challenge),
        (
            400,
            request("the Authorization header has no token after `Bearer`")
        )
    );
    let spaced = call(url("/me"), vec![format!("Bearer {token} {token}")]).await;
    assert_eq!(
        (spaced.status, spaced.challenge),
        (
            400,
            request("the Authorization header's token is not one b64token")
        )
    );

    // Bad tokens: 401 invalid_token, described by kind alone.
    let cases = [
        (
            mint("k1", &with(good(), "exp", json!(now() - 60))),
            "the token has expired",
        ),
        (
            mint("k1", &with(good(), "nbf", json!(now() + 600))),
            "the token is not valid yet",
        ),
        (
            mint("k1", &with(good(), "iss", json!("https://evil.example"))),
            "the token's issuer is not accepted",
        ),
        (
            mint(
                "k1",
                &with(good(), "aud", json!("https://other.example.com")),
            ),
            "the token is not meant for this audience",
        ),
        (
            mint("k1", &with(good(), "scope", json!(42))),
            "a claim of the token is not accepted",
        ),
        (mint("k2", &good()), "no key here verifies the token"),
    ];
    for (token, description) in &cases {
        let answer = bearer(&url("/me"), token).await;
        assert_eq!(
            (answer.status, answer.challenge),
            (401, invalid_token(description)),
            "{description}"
        );
        assert!(answer.body.is_empty());
    }

    // A signature that does not verify: a character inside the signature changed.
    let mut forged = token.clone();
    let at = forged.len() - 10;
    let other = if &forged[at..=at] == "A" { "B" } else { "A" };
    forged.replace_range(at..=at, other);
    let answer = bearer(&url("/me"), &forged).await;
    assert_eq!(
        (answer.status, answer.challenge),
        (401, invalid_token("the token's signature does not verify"))
    );

    // `alg: none`: never in an allow-list.
    let b64 = |s: &str| jose_core::b64::encode(s.as_bytes());
    let unsigned = format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(&good().to_string()));
    let answer = bearer(&url("/me"), &unsigned).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.challenge,
        invalid_token("the token's algorithm is not accepted")
    );

    // A JWE where a JWS is expected (jwcrypto's nested token, five parts).
    let jwe = include_str!("../../../tests/users/fixtures/jwcrypto_nested_with_cty.txt").trim();
    assert_eq!(jwe.split('.').count(), 5);
    let answer = bearer(&url("/me"), jwe).await;
    assert_eq!(
        (answer.status, answer.challenge),
        (401, invalid_token("the token is malformed"))
    );

    // A missing scope: 403 insufficient_scope, naming the scope needed.
    let answer = bearer(&url("/admin"), &token).await;
    assert_eq!(answer.status, 403);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            "Bearer realm=\"api\", error=\"insufficient_scope\", error_description=\"the \
             token lacks a scope this resource needs\", scope=\"admin\""
        )
    );
    // `scp` as an array grants as `scope` does.
    let scp = scp_without_scope();
    let answer = bearer(&url("/admin"), &scp).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "admin"));

    // The optional guard: anonymous without a token, refused with a bad one.
    let anonymous = call(url("/maybe"), vec![]).await;
    assert_eq!(
        (anonymous.status, anonymous.body.as_str()),
        (200, "anonymous")
    );
    let known = bearer(&url("/maybe"), &token).await;
    assert_eq!((known.status, known.body.as_str()), (200, "ada"));
    // A handler that needs the claims, behind the optional guard: 401, the challenge alone.
    let needed = call(url("/maybe/me"), vec![]).await;
    assert_eq!((needed.status, &needed.challenge), (401, &challenge));
    let bad = bearer(&url("/maybe"), &cases[0].0).await;
    assert_eq!(
        (bad.status, bad.challenge),
        (401, invalid_token("the token has expired"))
    );
}

/// A token with `scp` alone.
fn scp_without_scope() -> String {
    let mut claims = good();
    claims.as_object_mut().unwrap().remove("scope");
    claims["scp"] = json!(["admin"]);
    mint("k1", &claims)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_servers_own_problems_are_500_never_401() {
    // One configured key, and two allowed algorithms it does not both serve: a token of the
    // other (allowed) algorithm finds the server's key unusable, the server's fault.
    let guard = Guard::builder(
        Validation::new([Alg::ES256, Alg::HS256])
            .issuer(ISSUER)
            .audience(AUDIENCE),
    )
    .key(es256("k1").to_public().unwrap())
    .build()
    .unwrap();
    let base = api(&guard).await;
    let secret = Jwk::from_secret([7u8; 32]).unwrap();
    let token = jose_jwt::sign(&Header::new(Alg::HS256), &good(), &secret).unwrap();
    let answer = bearer(&format!("{base}/me"), &token).await;
    assert_eq!((answer.status, answer.challenge), (500, None));
    // The ES256 token still passes.
    assert_eq!(
        bearer(&format!("{base}/me"), &mint("k1", &good()))
            .await
            .status,
        200
    );

    // A handler asking for claims with no guard in front.
    // A handler asking for claims, or for optional claims, with no guard in front: the
    // caller must not look anonymous.
    let app = Router::new()
        .route("/me", get(me))
        .route("/maybe", get(maybe));
    let base = serve(app).await;
    for path in ["/me", "/maybe"] {
        let answer = bearer(&format!("{base}{path}"), &token).await;
        assert_eq!((answer.status, answer.challenge), (500, None), "{path}");
        let answer = call(format!("{base}{path}"), vec![]).await;
        assert_eq!((answer.status, answer.challenge), (500, None), "{path}");
    }
}

/// The JWK Set server: what it answers, and how often it was asked.
#[derive(Clone, Default)]
struct Issuer {
    document: Arc<Mutex<Option<String>>>,
    hits: Arc<AtomicUsize>,
}

async fn jwks(State(issuer): State<Issuer>) -> Result<String, StatusCode> {
    issuer.hits.fetch_add(1, Ordering::SeqCst);
    issuer
        .document
        .lock()
        .unwrap()
        .clone()
        .ok_or(StatusCode::SERVICE_UNAVAILABLE)
}

impl Issuer {
    async fn start(kids: &[&str]) -> (Self, String) {
        let issuer = Self::default();
        issuer.publish(Some(kids));
        let url = serve(
            Router::new()
                .route("/jwks", get(jwks))
                .with_state(issuer.clone()),
        )
        .await;
        (issuer, format!("{url}/jwks"))
    }

    fn publish(&self, kids: Option<&[&str]>) {
        *self.document.lock().unwrap() = kids.map(|k| public_set(k).to_json().unwrap());
    }
}

/// A clock that moves when told.
#[derive(Clone)]
struct Hands(Instant, Arc<AtomicU64>);

impl Hands {
    fn new() -> Self {
        Self(Instant::now(), Arc::default())
    }
    fn advance(&self, seconds: u64) {
        self.1.fetch_add(seconds, Ordering::SeqCst);
    }
    fn remote(&self, url: &str, policy: CachePolicy) -> AsyncRemoteJwkSet {
        let hands = self.clone();
        let clock = Arc::new(move || hands.0 + Duration::from_secs(hands.1.load(Ordering::SeqCst)));
        AsyncRemoteJwkSet::with_cache(
            HttpFetcher::new(url).unwrap(),
            JwksCache::with_clock(policy, clock),
        )
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_keep_calling_while_the_issuer_rotates_its_keys() {
    for cached in [false, true] {
        let (issuer, jwks_url) = Issuer::start(&["2026-11"]).await;
        let hands = Hands::new();
        let policy = CachePolicy::default()
            .max_age(Duration::from_secs(600))
            .cooldown(Duration::from_secs(30));
        let mut builder = Guard::builder(validation()).remote(hands.remote(&jwks_url, policy));
        if cached {
            builder = builder.cache(100);
        }
        let guard = builder.build().unwrap();
        let base = api(&guard).await;
        let url = format!("{base}/me");
        let old = mint("2026-11", &good());
        let new = mint("2026-12", &good());

        // Clients call concurrently, with the old key's token.
        let calls = (0..8).map(|_| call(url.clone(), vec![format!("Bearer {old}")]));
        for answer in futures_join(calls).await {
            assert_eq!((answer.status, answer.body.as_str()), (200, "ada"));
        }
        assert_eq!(issuer.hits.load(Ordering::SeqCst), 1, "one fetch for all");
        assert_eq!(guard.cached_tokens(), usize::from(cached));

        // The issuer publishes the new key beside the old one and signs with it: a token of
        // an unknown `kid` makes the guard fetch again, once.
        issuer.publish(Some(&["2026-11", "2026-12"]));
        hands.advance(31); // past the cooldown of the first fetch
        let answers =
            futures_join((0..4).map(|_| call(url.clone(), vec![format!("Bearer {new}")]))).await;
        assert!(answers.iter().all(|a| a.status == 200), "{answers:?}");
        assert_eq!(issuer.hits.load(Ordering::SeqCst), 2);
        assert_eq!(bearer(&url, &old).await.status, 200);

        // The old key is retired; once the set is refreshed, its tokens are refused, cached
        // or not.
        issuer.publish(Some(&["2026-12"]));
        hands.advance(600);
        assert_eq!(bearer(&url, &new).await.status, 200);
        assert_eq!(issuer.hits.load(Ordering::SeqCst), 3);
        let refused = bearer(&url, &old).await;
        assert_eq!(
            (refused.status, refused.challenge),
            (401, invalid_token("no key here verifies the token")),
            "cached: {cached}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issuer_that_goes_down_is_served_stale_then_503() {
    let (issuer, jwks_url) = Issuer::start(&["k1"]).await;
    let hands = Hands::new();
    let policy = CachePolicy::default()
        .max_age(Duration::from_secs(60))
        .cooldown(Duration::from_secs(10))
        .stale_if_error(Duration::from_secs(120));
    let guard = Guard::builder(validation())
        .remote(hands.remote(&jwks_url, policy))
        .build()
        .unwrap();
    let base = api(&guard).await;
    let url = format!("{base}/me");
    let token = mint("k1", &good());
    assert_eq!(bearer(&url, &token).await.status, 200);

    issuer.publish(None);
    hands.advance(61);
    // Stale, the fetch fails: the old set still serves.
    let stale = bearer(&url, &token).await;
    assert_eq!((stale.status, stale.body.as_str()), (200, "ada"));
    assert_eq!(issuer.hits.load(Ordering::SeqCst), 2);
    // Past stale-if-error: the keys cannot be had. 503, no challenge: not the client's fault.
    hands.advance(120);
    let down = bearer(&url, &token).await;
    assert_eq!((down.status, down.challenge), (503, None));
    // Back up: served again.
    issuer.publish(Some(&["k1"]));
    hands.advance(11);
    assert_eq!(bearer(&url, &token).await.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_tokens_expire_on_time() {
    let guard = Guard::builder(validation())
        .jwk_set(public_set(&["k1"]))
        .cache(10)
        .build()
        .unwrap();
    let base = api(&guard).await;
    let url = format!("{base}/me");
    let short = mint("k1", &with(good(), "exp", json!(now() + 2)));
    assert_eq!(bearer(&url, &short).await.status, 200);
    assert_eq!(guard.cached_tokens(), 1);
    assert_eq!(bearer(&url, &short).await.status, 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let expired = bearer(&url, &short).await;
    assert_eq!(
        (expired.status, expired.challenge),
        (401, invalid_token("the token has expired"))
    );
    assert_eq!(
        guard.cached_tokens(),
        0,
        "dropped on the hit that found it expired"
    );
    // A token without `exp` is never cached.
    let mut forever = good();
    forever.as_object_mut().unwrap().remove("exp");
    assert_eq!(bearer(&url, &mint("k1", &forever)).await.status, 200);
    assert_eq!(guard.cached_tokens(), 0);
}

#[test]
fn a_guard_without_issuer_audience_or_keys_is_not_built() {
    use jose_core::ErrorKind::InvalidConfiguration;
    let kind = |b: jose_axum::GuardBuilder<_>| b.build().map(|_| ()).map_err(|e| e.kind());
    let keys = || public_set(&["k1"]);
    assert_eq!(
        kind(Guard::builder(validation())),
        Err(InvalidConfiguration)
    );
    let no_issuer = Validation::new([Alg::ES256]).audience(AUDIENCE);
    assert_eq!(
        kind(Guard::builder(no_issuer.clone()).jwk_set(keys())),
        Err(InvalidConfiguration)
    );
    assert_eq!(
        kind(
            Guard::builder(no_issuer)
                .jwk_set(keys())
                .accept_any_issuer()
        ),
        Ok(())
    );
    let no_audience = Validation::new([Alg::ES256]).issuer(ISSUER);
    assert_eq!(
        kind(Guard::builder(no_audience.clone()).jwk_set(keys())),
        Err(InvalidConfiguration)
    );
    assert_eq!(
        kind(
            Guard::builder(no_audience)
                .jwk_set(keys())
                .accept_any_audience()
        ),
        Ok(())
    );
    let resolver = jose_jwk::Resolver::new(|_, _| es256("k1").to_public());
    assert_eq!(
        kind(Guard::builder(validation()).key_source(resolver).cache(10)),
        Err(InvalidConfiguration)
    );
    assert_eq!(
        kind(Guard::builder(validation()).jwk_set(keys()).cache(0)),
        Err(InvalidConfiguration)
    );
    assert_eq!(
        kind(Guard::builder(validation()).jwk_set(keys()).realm("a\"b")),
        Err(InvalidConfiguration)
    );
    let guard = Guard::builder(validation())
        .jwk_set(keys())
        .build()
        .unwrap();
    assert!(guard.require_scopes(["a b"]).is_err());
    assert!(guard.require_scopes(Vec::<String>::new()).is_err());
}

/// Runs the futures concurrently, in order.
async fn futures_join<F: std::future::Future<Output = Answer> + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<Answer> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut answers = Vec::new();
    for handle in handles {
        answers.push(handle.await.unwrap());
    }
    answers
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discovered_issuer_gives_the_guard_its_issuer() {
    let (issuer, jwks_url) = Issuer::start(&["k1"]).await;
    // An identity provider whose metadata names an issuer: itself, or another.
    let idp = |named: Option<String>| {
        let jwks_url = jwks_url.clone();
        async move {
            let document = Arc::new(Mutex::new(String::new()));
            let served = Arc::clone(&document);
            let app = Router::new().route(
                "/.well-known/openid-configuration",
                get(move || std::future::ready(served.lock().unwrap().clone())),
            );
            let url = serve(app).await;
            let named = named.unwrap_or_else(|| url.clone());
            *document.lock().unwrap() = json!({"issuer": named, "jwks_uri": jwks_url}).to_string();
            url
        }
    };
    let idp_with_set = idp(None).await;
    let idp = idp(Some(ISSUER.into())).await;
    let jwks = AsyncRemoteJwkSet::discover(&idp_with_set).await.unwrap();
    let guard = Guard::builder(Validation::new([Alg::ES256]).audience(AUDIENCE))
        .remote(jwks)
        .build()
        .unwrap();
    let api = api(&guard).await;
    let from = |iss: &str| mint("k1", &with(good(), "iss", json!(iss)));
    let ok = bearer(&format!("{api}/me"), &from(&idp_with_set)).await;
    assert_eq!((ok.status, ok.body.as_str()), (200, "ada"));
    let other = bearer(&format!("{api}/me"), &from(ISSUER)).await;
    assert_eq!(
        (other.status, other.challenge),
        (401, invalid_token("the token's issuer is not accepted"))
    );
    assert_eq!(issuer.hits.load(Ordering::SeqCst), 1);
    // A metadata document that names another issuer is refused at start-up.
    let err = AsyncRemoteJwkSet::discover(&idp).await;
    assert_eq!(
        err.map(|_| ()).map_err(|e| e.kind()),
        Err(jose_core::ErrorKind::InvalidConfiguration)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rfc_9068_profile_asks_for_at_jwt_and_its_claims() {
    let guard = Guard::builder(validation().access_token_profile())
        .jwk_set(public_set(&["k1"]))
        .build()
        .unwrap();
    let base = api(&guard).await;
    let url = format!("{base}/me");
    let access = with(
        with(good(), "client_id", json!("s6BhdRkqt3")),
        "jti",
        json!("j-1"),
    );
    let sign = |typ: &str, claims: &serde_json::Value| {
        jose_jwt::sign(&Header::new(Alg::ES256).with_typ(typ), claims, &es256("k1")).unwrap()
    };
    for typ in ["at+jwt", "application/at+jwt"] {
        let answer = bearer(&url, &sign(typ, &access)).await;
        assert_eq!((answer.status, answer.body.as_str()), (200, "ada"), "{typ}");
    }
    let answer = bearer(&url, &sign("JWT", &access)).await;
    assert_eq!(
        (answer.status, answer.challenge),
        (401, invalid_token("the token's type is not accepted"))
    );
    for claim in ["client_id", "jti", "sub", "iat", "exp"] {
        let mut claims = access.clone();
        claims.as_object_mut().unwrap().remove(claim);
        let answer = bearer(&url, &sign("at+jwt", &claims)).await;
        assert_eq!(
            (answer.status, answer.challenge),
            (401, invalid_token("the token lacks a required claim")),
            "{claim}"
        );
    }
}

/// A plain tower service (no axum), whose body type is `String`: the guard serves it too.
#[derive(Clone)]
struct Plain;

impl tower_service::Service<http::Request<()>> for Plain {
    type Response = http::Response<String>;
    type Error = std::convert::Infallible;
    type Future = std::future::Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Self::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<()>) -> Self::Future {
        let sub = request
            .extensions()
            .get::<Claims<jose_jwt::Object>>()
            .and_then(|c| c.registered().sub.clone())
            .unwrap_or_default();
        std::future::ready(Ok(http::Response::new(sub)))
    }
}

#[tokio::test]
async fn the_layer_serves_any_tower_service() {
    use tower_layer::Layer;
    use tower_service::Service;
    let guard = Guard::builder(validation())
        .jwk_set(public_set(&["k1"]))
        .build()
        .unwrap();
    let mut service = guard.layer(Plain);
    let request = |auth: Option<String>| {
        let mut builder = http::Request::builder();
        if let Some(auth) = auth {
            builder = builder.header("authorization", auth);
        }
        builder.body(()).unwrap()
    };
    let ok = service
        .call(request(Some(format!("Bearer {}", mint("k1", &good())))))
        .await
        .unwrap();
    assert_eq!((ok.status().as_u16(), ok.body().as_str()), (200, "ada"));
    let refused = service.call(request(None)).await.unwrap();
    assert_eq!(refused.status().as_u16(), 401);
    assert_eq!(
        refused.headers()["www-authenticate"],
        "Bearer realm=\"api\""
    );
    assert!(refused.body().is_empty());
}
