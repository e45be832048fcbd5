//! A real HTTP server on loopback (started here, on a free port) serves a JWK Set, rotates
//! it, fails, is slow, answers too much and redirects; the fetcher and the cache are held to
//! what they promise, counting the requests the server sees.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use jose_core::alg::Alg;
use jose_jwk::remote::{CachePolicy, Fetch, JwksCache, RemoteJwkSet};
use jose_jwk::{EcCurve, ErrorKind, Jwk, JwkSet, KeySpec};
use jose_jwks_http::{AsyncRemoteJwkSet, HttpFetcher, HttpOptions, Origin};
use jose_jwt::{Header, Validation};

/// What the server answers on a path.
#[derive(Clone)]
enum Answer {
    Json(String),
    Status(u16),
    Slow(Duration, String),
    Redirect(String),
    SlowRedirect(Duration, String),
    /// A body of this many bytes, with or without a `Content-Length`.
    Huge(usize, bool),
    /// A body of this many bytes in chunked transfer encoding.
    Chunked(usize),
    /// The headers at once, then the body one byte per `Duration`.
    Trickle(Duration, String),
}

#[derive(Clone, Default)]
struct Server {
    port: u16,
    routes: Arc<Mutex<HashMap<String, Answer>>>,
    hits: Arc<Mutex<HashMap<String, usize>>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let server = Self {
            port: listener.local_addr().unwrap().port(),
            ..Self::default()
        };
        let serving = server.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let serving = serving.clone();
                std::thread::spawn(move || serving.answer(stream));
            }
        });
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn route(&self, path: &str, answer: Answer) {
        self.routes.lock().unwrap().insert(path.into(), answer);
    }

    fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn answer(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut request = String::new();
        if reader.read_line(&mut request).is_err() {
            return;
        }
        let path = request.split(' ').nth(1).unwrap_or("/").to_owned();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
        }
        *self.hits.lock().unwrap().entry(path.clone()).or_default() += 1;
        let answer = self.routes.lock().unwrap().get(&path).cloned();
        let mut out = stream;
        let _ = match answer {
            None => write!(
                out,
                "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            ),
            Some(Answer::Json(body)) => write!(
                out,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            ),
            Some(Answer::Status(code)) => write!(
                out,
                "HTTP/1.1 {code} Oops\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            ),
            Some(Answer::Slow(delay, body)) => {
                std::thread::sleep(delay);
                write!(
                    out,
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                )
            }
            Some(Answer::SlowRedirect(pause, to)) => {
                std::thread::sleep(pause);
                write!(
                    out,
                    "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                )
            }
            Some(Answer::Redirect(to)) => write!(
                out,
                "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            ),
            Some(Answer::Chunked(size)) => {
                let _ = write!(
                    out,
                    "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
                );
                let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
                let mut sent = 0;
                while sent < size {
                    if out.write_all(chunk.as_bytes()).is_err() {
                        break;
                    }
                    sent += 0x4000;
                }
                write!(out, "0\r\n\r\n")
            }
            Some(Answer::Trickle(pause, body)) => {
                let _ = write!(
                    out,
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                for byte in body.bytes() {
                    std::thread::sleep(pause);
                    if out.write_all(&[byte]).is_err() {
                        break;
                    }
                }
                Ok(())
            }
            Some(Answer::Huge(size, declared)) => {
                let length = if declared {
                    format!("content-length: {size}\r\n")
                } else {
                    String::new()
                };
                let _ = write!(out, "HTTP/1.1 200 OK\r\n{length}connection: close\r\n\r\n");
                let chunk = vec![b' '; 16 * 1024];
                let mut sent = 0;
                while sent < size {
                    if out.write_all(&chunk).is_err() {
                        break;
                    }
                    sent += chunk.len();
                }
                Ok(())
            }
        };
    }
}

fn key(kid: &str) -> Jwk {
    static KEYS: OnceLock<Mutex<HashMap<String, Jwk>>> = OnceLock::new();
    let mut keys = KEYS.get_or_init(Default::default).lock().unwrap();
    keys.entry(kid.to_owned())
        .or_insert_with(|| {
            Jwk::generate(KeySpec::Ec(EcCurve::P256))
                .unwrap()
                .with_kid(kid)
                .unwrap()
        })
        .clone()
}

fn document(kids: &[&str]) -> String {
    let mut set = JwkSet::new();
    for kid in kids {
        set.insert(key(kid).to_public().unwrap()).unwrap();
    }
    set.to_json().unwrap()
}

/// A clock that only moves when told.
#[derive(Clone)]
struct Hands(Instant, Arc<AtomicU64>);

impl Hands {
    fn new() -> Self {
        Self(Instant::now(), Arc::default())
    }
    fn advance(&self, seconds: u64) {
        self.1.fetch_add(seconds, Ordering::SeqCst);
    }
    fn cache(&self) -> JwksCache {
        let hands = self.clone();
        JwksCache::with_clock(
            CachePolicy::default(),
            Arc::new(move || hands.0 + Duration::from_secs(hands.1.load(Ordering::SeqCst))),
        )
    }
}

fn kind<T>(result: jose_core::Result<T>) -> ErrorKind {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.kind(),
    }
}

#[test]
fn the_cache_refreshes_on_rotation_and_respects_the_cooldown() {
    let server = Server::start();
    server.route("/jwks", Answer::Json(document(&["2026-10"])));
    let hands = Hands::new();
    let jwks = RemoteJwkSet::with_cache(
        HttpFetcher::new(&server.url("/jwks")).unwrap(),
        hands.cache(),
    );
    assert!(jwks.keys_for_kid(Some("2026-10")).is_ok());
    assert_eq!(server.hits("/jwks"), 1);

    // The issuer rotates; a token of the new kid arrives.
    server.route("/jwks", Answer::Json(document(&["2026-10", "2026-11"])));
    hands.advance(31);
    let set = jwks.keys_for_kid(Some("2026-11")).unwrap();
    assert_eq!(set.len(), 2);
    assert_eq!(server.hits("/jwks"), 2);

    // A flood of made-up kids within the cooldown: not one more request.
    for i in 0..200 {
        let kid = format!("forged-{i}");
        assert_eq!(
            kind(jwks.keys_for_kid(Some(&kid))),
            ErrorKind::NoMatchingKey
        );
    }
    assert_eq!(server.hits("/jwks"), 2);
    hands.advance(30);
    assert_eq!(
        kind(jwks.keys_for_kid(Some("forged-again"))),
        ErrorKind::NoMatchingKey
    );
    assert_eq!(server.hits("/jwks"), 3, "one request per cooldown");
}

#[test]
fn the_cache_survives_an_outage() {
    let server = Server::start();
    server.route("/jwks", Answer::Json(document(&["a"])));
    let hands = Hands::new();
    let jwks = RemoteJwkSet::with_cache(
        HttpFetcher::new(&server.url("/jwks")).unwrap(),
        hands.cache(),
    );
    jwks.keys_for_kid(Some("a")).unwrap();
    server.route("/jwks", Answer::Status(503));
    hands.advance(600);
    assert!(
        jwks.keys_for_kid(Some("a")).is_ok(),
        "the old set stays in service"
    );
    let status = jwks.cache().status();
    assert!(status.stale);
    let (kind_of_error, message) = status.last_error.unwrap();
    assert_eq!(kind_of_error, ErrorKind::Unavailable);
    assert!(message.contains("503"), "{message}");
    assert_eq!(server.hits("/jwks"), 2);
    // Back up: the next fetch (past the cooldown) puts a fresh set in service.
    server.route("/jwks", Answer::Json(document(&["a"])));
    hands.advance(30);
    jwks.keys_for_kid(Some("a")).unwrap();
    assert!(!jwks.cache().status().stale);
    assert_eq!(jwks.cache().status().last_error, None);
}

#[test]
fn a_slow_server_times_out() {
    let server = Server::start();
    server.route(
        "/slow",
        Answer::Slow(Duration::from_secs(3), document(&["a"])),
    );
    let fetcher = HttpFetcher::with_options(
        &server.url("/slow"),
        HttpOptions::default().timeout(Duration::from_millis(300)),
    )
    .unwrap();
    let started = Instant::now();
    assert_eq!(kind(fetcher.fetch()), ErrorKind::Unavailable);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_body_that_trickles_in_times_out() {
    let server = Server::start();
    server.route(
        "/trickle",
        Answer::Trickle(Duration::from_millis(100), document(&["a"])),
    );
    let fetcher = HttpFetcher::with_options(
        &server.url("/trickle"),
        HttpOptions::default().timeout(Duration::from_millis(500)),
    )
    .unwrap();
    let started = Instant::now();
    assert_eq!(kind(fetcher.fetch()), ErrorKind::Unavailable);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn the_timeout_covers_the_whole_fetch_redirects_included() {
    // Each hop takes 300 ms, under a 500 ms budget for the whole fetch: the second hop runs
    // out, where a budget per request would have let every hop through.
    let server = Server::start();
    let pause = Duration::from_millis(300);
    server.route("/r1", Answer::SlowRedirect(pause, "/r2".into()));
    server.route("/r2", Answer::SlowRedirect(pause, "/jwks".into()));
    server.route("/jwks", Answer::Json(document(&["a"])));
    let fetcher = HttpFetcher::with_options(
        &server.url("/r1"),
        HttpOptions::default().timeout(Duration::from_millis(500)),
    )
    .unwrap();
    assert_eq!(kind(fetcher.fetch()), ErrorKind::Unavailable);
    assert_eq!(server.hits("/r2"), 1, "the first redirect was followed");
    assert_eq!(server.hits("/jwks"), 0);
}

#[test]
fn redirect_targets_resolve_and_compare_by_origin() {
    let origin = Origin::of("https://issuer.example.com/keys/jwks.json").unwrap();
    let here = "https://issuer.example.com/keys/jwks.json";
    for (location, resolved, same) in [
        ("/v2/jwks", "https://issuer.example.com/v2/jwks", true),
        ("v2.json", "https://issuer.example.com/keys/v2.json", true),
        (
            "//issuer.example.com/x",
            "https://issuer.example.com/x",
            true,
        ),
        ("//evil.example.com/x", "https://evil.example.com/x", false),
        (
            "HTTPS://ISSUER.example.com:443/y",
            "HTTPS://ISSUER.example.com:443/y",
            true,
        ),
        (
            "https://issuer.example.com:8443/y",
            "https://issuer.example.com:8443/y",
            false,
        ),
        (
            "http://issuer.example.com/y",
            "http://issuer.example.com/y",
            false,
        ),
        (
            "https://u:p@issuer.example.com/y",
            "https://u:p@issuer.example.com/y",
            false,
        ),
    ] {
        let next = origin.resolve(here, location).unwrap();
        assert_eq!(next, resolved, "{location}");
        assert_eq!(
            Origin::of(&next).ok().as_ref() == Some(&origin),
            same,
            "{location}"
        );
    }
}

#[test]
fn the_default_timeout_is_five_seconds_and_the_limit_512_kib() {
    let options = HttpOptions::default();
    assert_eq!(options.timeout, Duration::from_secs(5));
    assert_eq!(options.max_bytes, 512 * 1024);
}

#[test]
fn an_oversized_answer_is_refused() {
    let server = Server::start();
    server.route("/declared", Answer::Huge(600 * 1024, true));
    server.route("/undeclared", Answer::Huge(600 * 1024, false));
    server.route("/chunked", Answer::Chunked(600 * 1024));
    for path in ["/declared", "/undeclared", "/chunked"] {
        let fetcher = HttpFetcher::new(&server.url(path)).unwrap();
        assert_eq!(kind(fetcher.fetch()), ErrorKind::LimitExceeded, "{path}");
    }
    // Just under the limit is read.
    server.route("/fits", Answer::Huge(512 * 1024, true));
    assert_eq!(
        HttpFetcher::new(&server.url("/fits"))
            .unwrap()
            .fetch()
            .unwrap()
            .len(),
        512 * 1024
    );
}

#[test]
fn redirects_are_followed_within_the_origin_only() {
    let (server, elsewhere) = (Server::start(), Server::start());
    server.route("/jwks", Answer::Json(document(&["a"])));
    elsewhere.route("/jwks", Answer::Json(document(&["evil"])));
    server.route("/moved", Answer::Redirect("/jwks".into()));
    server.route("/moved-absolute", Answer::Redirect(server.url("/jwks")));
    server.route("/away", Answer::Redirect(elsewhere.url("/jwks")));
    server.route("/loop", Answer::Redirect("/loop".into()));

    for path in ["/moved", "/moved-absolute"] {
        let body = HttpFetcher::new(&server.url(path))
            .unwrap()
            .fetch()
            .unwrap();
        assert_eq!(JwkSet::from_json(&body).unwrap().len(), 1, "{path}");
    }
    let away = HttpFetcher::new(&server.url("/away")).unwrap().fetch();
    assert_eq!(kind(away), ErrorKind::Unavailable);
    assert_eq!(
        elsewhere.hits("/jwks"),
        0,
        "the other origin was never asked"
    );
    let looping = HttpFetcher::new(&server.url("/loop")).unwrap().fetch();
    assert_eq!(kind(looping), ErrorKind::Unavailable);
    assert_eq!(
        server.hits("/loop"),
        4,
        "the first request and three redirects"
    );
}

#[test]
fn only_https_or_loopback_urls_are_accepted() {
    for url in [
        "http://issuer.example.com/jwks",
        "ftp://127.0.0.1/jwks",
        "https://user:secret@issuer.example.com/jwks",
        "not a url",
        "/relative",
        "http://localhost:8080/jwks",
    ] {
        assert_eq!(
            kind(HttpFetcher::new(url)),
            ErrorKind::InvalidConfiguration,
            "{url}"
        );
    }
    for url in [
        "https://issuer.example.com/.well-known/jwks.json",
        "HTTPS://Issuer.Example.COM:443/jwks",
        "http://127.0.0.1/jwks",
        "http://127.1.2.3:8080/jwks",
        "http://[::1]:9/jwks",
    ] {
        assert!(HttpFetcher::new(url).is_ok(), "{url}");
    }
}

#[test]
fn an_error_status_is_unavailable() {
    let server = Server::start();
    server.route("/gone", Answer::Status(404));
    assert_eq!(
        kind(HttpFetcher::new(&server.url("/gone")).unwrap().fetch()),
        ErrorKind::Unavailable
    );
    // Nobody listens on this port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let closed = HttpFetcher::new(&format!("http://127.0.0.1:{port}/jwks")).unwrap();
    assert_eq!(kind(closed.fetch()), ErrorKind::Unavailable);
}

#[test]
fn a_service_verifying_with_the_cache_does_no_fetch_per_token() {
    let server = Server::start();
    server.route("/jwks", Answer::Json(document(&["a", "b"])));
    let jwks = jose_jwks_http::remote_jwk_set(&server.url("/jwks")).unwrap();
    let validation = Validation::new([Alg::ES256]).issuer("https://issuer.example.com");
    let claims = serde_json::json!({"iss": "https://issuer.example.com", "sub": "42"});
    let tokens: Vec<String> = ["a", "b"]
        .iter()
        .map(|kid| jose_jwt::sign(&Header::new(Alg::ES256), &claims, &key(kid)).unwrap())
        .collect();
    for i in 0..500 {
        let token = &tokens[i % 2];
        let verified = jose_jwt::verify::<serde_json::Value>(token, &jwks, &validation).unwrap();
        assert_eq!(verified.claims["sub"], "42");
    }
    assert_eq!(server.hits("/jwks"), 1, "one fetch for 500 verifications");
    // A token of a kid the issuer never published: refused, and within the cooldown of the
    // first fetch, without asking the issuer again.
    let stranger = jose_jwt::sign(
        &Header::new(Alg::ES256).with_kid("stranger"),
        &claims,
        &key("stranger"),
    )
    .unwrap();
    let refused = jose_jwt::verify::<serde_json::Value>(&stranger, &jwks, &validation);
    assert_eq!(kind(refused), ErrorKind::NoMatchingKey);
    assert_eq!(server.hits("/jwks"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_lookups_share_one_fetch() {
    let server = Server::start();
    server.route(
        "/jwks",
        Answer::Slow(Duration::from_millis(300), document(&["a"])),
    );
    let jwks = Arc::new(AsyncRemoteJwkSet::new(&server.url("/jwks")).unwrap());
    let lookups: Vec<_> = (0..16)
        .map(|_| {
            let jwks = Arc::clone(&jwks);
            tokio::spawn(async move { jwks.keys_for_kid(Some("a")).await.map(|set| set.len()) })
        })
        .collect();
    for lookup in lookups {
        assert_eq!(lookup.await.unwrap().unwrap(), 1);
    }
    assert_eq!(server.hits("/jwks"), 1);
    // And a token verifies with what it returns.
    let token = jose_jwt::sign(
        &Header::new(Alg::ES256),
        &serde_json::json!({"sub": "7"}),
        &key("a"),
    )
    .unwrap();
    let keys = jwks.keys_for(&token).await.unwrap();
    let verified =
        jose_jwt::verify::<serde_json::Value>(&token, &*keys, &Validation::new([Alg::ES256]))
            .unwrap();
    assert_eq!(verified.claims["sub"], "7");
    assert_eq!(server.hits("/jwks"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_lookup_leaves_its_fetch_to_the_others() {
    let server = Server::start();
    server.route(
        "/jwks",
        Answer::Slow(Duration::from_millis(400), document(&["a"])),
    );
    let jwks = Arc::new(AsyncRemoteJwkSet::new(&server.url("/jwks")).unwrap());
    // The first lookup starts the fetch and is cancelled (a client gone) before it ends.
    let first = tokio::time::timeout(Duration::from_millis(100), jwks.keys_for_kid(Some("a")));
    assert!(first.await.is_err(), "cancelled");
    // The fetch carries on; the next lookup gets its result, without a second request.
    let set = jwks.keys_for_kid(Some("a")).await.unwrap();
    assert_eq!(set.len(), 1);
    assert_eq!(server.hits("/jwks"), 1);
    assert_eq!(jwks.cache().status().last_error, None);
}

#[test]
fn root_certificates_must_be_a_pem_bundle_of_certificates() {
    let options = HttpOptions::default();
    assert_eq!(
        options.root_certificates, None,
        "the Mozilla roots by default"
    );
    assert_eq!(
        kind(options.clone().root_certificates_pem(b"")),
        ErrorKind::InvalidConfiguration
    );
    assert_eq!(
        kind(options.root_certificates_pem(
            b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"
        )),
        ErrorKind::InvalidConfiguration
    );
}

fn metadata(issuer: &str, jwks_uri: &str) -> String {
    serde_json::json!({"issuer": issuer, "jwks_uri": jwks_uri, "response_types_supported": ["code"]})
        .to_string()
}

#[test]
fn discovery_finds_the_jwk_set_of_an_issuer_that_names_itself() {
    use jose_jwks_http::discovery::{WellKnown, discover};
    let server = Server::start();
    let issuer = server.url("/tenant");
    server.route("/jwks", Answer::Json(document(&["d-1"])));
    server.route(
        "/tenant/.well-known/openid-configuration",
        Answer::Json(metadata(&issuer, &server.url("/jwks"))),
    );
    let found = discover(&issuer).unwrap();
    assert_eq!(found.issuer(), issuer);
    assert_eq!(found.jwks_uri(), server.url("/jwks"));
    assert_eq!(found.document(), WellKnown::OpenIdConfiguration);
    let jwks = found.remote_jwk_set().unwrap();
    assert_eq!(jwks.keys_for_kid(Some("d-1")).unwrap().len(), 1);

    // RFC 8414's document, when OpenID Connect's is not there: the well-known segment goes
    // before the issuer's path.
    let other = Server::start();
    let issuer = other.url("/realm");
    other.route(
        "/.well-known/oauth-authorization-server/realm",
        Answer::Json(metadata(&issuer, &server.url("/jwks"))),
    );
    let found = discover(&issuer).unwrap();
    assert_eq!(found.document(), WellKnown::OAuthAuthorizationServer);
    assert_eq!(other.hits("/realm/.well-known/openid-configuration"), 1);

    // Neither: unavailable, and both causes are told.
    let empty = Server::start();
    let err = discover(&empty.url("")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert!(err.message().contains("openid-configuration"), "{err}");
    assert!(
        err.message().contains("oauth-authorization-server"),
        "{err}"
    );
}

#[test]
fn discovery_refuses_metadata_of_another_issuer_or_an_unusable_jwks_uri() {
    use jose_jwks_http::discover;
    let server = Server::start();
    let issuer = server.url("");
    let path = "/.well-known/openid-configuration";
    // OpenID Connect Discovery §4.3: exactly equal, a trailing slash included; and a
    // mismatch does not send discovery on to the other document.
    for named in [
        format!("{issuer}/"),
        server.url("/other"),
        "https://evil.example".into(),
    ] {
        server.route(path, Answer::Json(metadata(&named, &server.url("/jwks"))));
        let err = discover(&issuer).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidConfiguration,
            "{named}: {err}"
        );
    }
    assert_eq!(server.hits("/.well-known/oauth-authorization-server"), 0);
    for jwks_uri in ["http://jwks.example.com/keys", "ftp://x/keys", "not a url"] {
        server.route(path, Answer::Json(metadata(&issuer, jwks_uri)));
        let err = discover(&issuer).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidConfiguration,
            "{jwks_uri}: {err}"
        );
    }
    for body in [
        "[]".to_owned(),
        "{\"issuer\": 1}".to_owned(),
        format!("{{\"issuer\": {issuer:?}}}"),
        format!("{{\"issuer\": {issuer:?}, \"jwks_uri\": [\"x\"]}}"),
        "not json".to_owned(),
    ] {
        server.route(path, Answer::Json(body.clone()));
        let err = discover(&issuer).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Malformed, "{body}: {err}");
    }
    server.route(path, Answer::Huge(600 * 1024, true));
    assert_eq!(kind(discover(&issuer)), ErrorKind::LimitExceeded);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_discovery_serves_the_set_and_remembers_the_issuer() {
    let server = Server::start();
    let issuer = server.url("");
    server.route("/jwks", Answer::Json(document(&["d-2"])));
    server.route(
        "/.well-known/openid-configuration",
        Answer::Json(metadata(&issuer, &server.url("/jwks"))),
    );
    let jwks = AsyncRemoteJwkSet::discover(&issuer).await.unwrap();
    assert_eq!(jwks.issuer(), Some(issuer.as_str()));
    assert_eq!(jwks.keys_for_kid(Some("d-2")).await.unwrap().len(), 1);
    assert_eq!(server.hits("/jwks"), 1);
    assert_eq!(
        server.hits("/.well-known/openid-configuration"),
        1,
        "the metadata is fetched once"
    );
}
