//! The caching core of remote JWK Sets, on a clock moved by hand and fetchers that count
//! their calls: freshness, rotation, the cooldown, outages, shared fetches.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use jose_core::alg::Alg;
use jose_core::json::Object;
use jose_jwk::remote::{CachePolicy, JwksCache, RemoteJwkSet, Step};
use jose_jwk::{EcCurve, ErrorKind, Jwk, JwkSet, KeyOp, KeySource, KeySpec, Result};

/// A clock that only moves when told.
#[derive(Clone)]
struct Hands {
    start: Instant,
    offset: Arc<AtomicU64>,
}

impl Hands {
    fn new() -> Self {
        Self {
            start: Instant::now(),
            offset: Arc::new(AtomicU64::new(0)),
        }
    }
    fn advance(&self, seconds: u64) {
        self.offset.fetch_add(seconds, Ordering::SeqCst);
    }
    fn clock(&self) -> jose_jwk::remote::Clock {
        let hands = self.clone();
        Arc::new(move || hands.start + Duration::from_secs(hands.offset.load(Ordering::SeqCst)))
    }
}

/// What the issuer serves: a document or an outage, and how many times it was asked.
#[derive(Clone, Default)]
struct Issuer {
    document: Arc<Mutex<Option<String>>>,
    calls: Arc<AtomicUsize>,
    delay: Arc<Mutex<Duration>>,
}

impl Issuer {
    fn serving(kids: &[&str]) -> Self {
        let issuer = Self::default();
        issuer.publish(kids);
        issuer
    }
    fn publish(&self, kids: &[&str]) {
        *self.document.lock().unwrap() = Some(set_of(kids).to_json().unwrap());
    }
    fn go_down(&self) {
        *self.document.lock().unwrap() = None;
    }
    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
    fn fetcher(&self) -> impl Fn() -> Result<Vec<u8>> + Send + Sync + 'static {
        let issuer = self.clone();
        move || {
            issuer.calls.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(*issuer.delay.lock().unwrap());
            match &*issuer.document.lock().unwrap() {
                Some(document) => Ok(document.clone().into_bytes()),
                None => Err(jose_jwk::Error::new(
                    ErrorKind::Unavailable,
                    "connection refused",
                )),
            }
        }
    }
}

fn key(kid: &str) -> Jwk {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    // Keys are made once per kid and shared by every test.
    static KEYS: OnceLock<Mutex<HashMap<String, Jwk>>> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    let mut keys = keys.lock().unwrap();
    keys.entry(kid.to_owned())
        .or_insert_with(|| {
            Jwk::generate(KeySpec::Ec(EcCurve::P256))
                .unwrap()
                .with_kid(kid)
                .unwrap()
        })
        .clone()
}

fn set_of(kids: &[&str]) -> JwkSet {
    let mut set = JwkSet::new();
    for kid in kids {
        set.insert(key(kid).to_public().unwrap()).unwrap();
    }
    set
}

fn remote(
    issuer: &Issuer,
    hands: &Hands,
) -> RemoteJwkSet<impl Fn() -> Result<Vec<u8>> + Send + Sync + 'static> {
    RemoteJwkSet::with_cache(
        issuer.fetcher(),
        JwksCache::with_clock(CachePolicy::default(), hands.clock()),
    )
}

fn header(kid: &str) -> Object {
    let mut header = Object::new();
    header.insert("kid".into(), kid.into());
    header
}

fn kind<T>(result: Result<T>) -> ErrorKind {
    match result {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.kind(),
    }
}

#[test]
fn a_known_kid_is_served_from_the_cache_without_a_fetch_per_lookup() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    assert_eq!(
        issuer.calls(),
        0,
        "nothing is fetched before the first lookup"
    );
    for _ in 0..1000 {
        let keys = jwks
            .candidates(&header("a"), &Alg::ES256.into(), &KeyOp::Verify)
            .unwrap();
        assert_eq!(keys.len(), 1);
    }
    assert_eq!(issuer.calls(), 1);
    assert_eq!(jwks.cache().status().fetches, 1);
}

#[test]
fn an_old_set_is_fetched_again_after_max_age() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    jwks.keys_for_kid(Some("a")).unwrap();
    hands.advance(599);
    jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(issuer.calls(), 1, "fresh for ten minutes");
    issuer.publish(&["a", "b"]);
    hands.advance(1);
    let set = jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(issuer.calls(), 2);
    assert_eq!(set.len(), 2, "the new document is in service");
    assert!(!jwks.cache().status().stale);
}

#[test]
fn an_unknown_kid_fetches_the_rotated_set() {
    let (issuer, hands) = (Issuer::serving(&["old"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    jwks.keys_for_kid(Some("old")).unwrap();
    issuer.publish(&["new"]);
    hands.advance(31);
    let set = jwks.keys_for_kid(Some("new")).unwrap();
    assert!(set.get("new").next().is_some());
    assert_eq!(issuer.calls(), 2);
}

#[test]
fn unknown_kids_fetch_at_most_once_per_cooldown() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    jwks.keys_for_kid(Some("a")).unwrap();
    // Within 30 s of the first fetch, made-up kids fetch nothing.
    for i in 0..100 {
        let kid = format!("made-up-{i}");
        assert_eq!(
            kind(jwks.keys_for_kid(Some(&kid))),
            ErrorKind::NoMatchingKey
        );
    }
    assert_eq!(issuer.calls(), 1);
    // Past the cooldown, one fetch, then quiet again.
    hands.advance(30);
    for i in 0..100 {
        let kid = format!("still-made-up-{i}");
        assert_eq!(
            kind(jwks.keys_for_kid(Some(&kid))),
            ErrorKind::NoMatchingKey
        );
    }
    assert_eq!(issuer.calls(), 2);
    // The known kid was served throughout.
    jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(issuer.calls(), 2);
}

#[test]
fn an_outage_keeps_the_old_set_in_service_until_it_expires_and_says_so() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    jwks.keys_for_kid(Some("a")).unwrap();
    issuer.go_down();
    hands.advance(600);
    jwks.keys_for_kid(Some("a")).unwrap();
    let status = jwks.cache().status();
    assert!(status.stale);
    assert_eq!(
        status.last_error.as_ref().map(|e| e.0),
        Some(ErrorKind::Unavailable)
    );
    // Retried once per cooldown, not per lookup.
    for _ in 0..50 {
        jwks.keys_for_kid(Some("a")).unwrap();
    }
    assert_eq!(issuer.calls(), 2);
    hands.advance(30);
    jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(issuer.calls(), 3);
    // An hour past max_age, the old set is out of service.
    hands.advance(3600);
    assert_eq!(kind(jwks.keys_for_kid(Some("a"))), ErrorKind::Unavailable);
    // The issuer comes back: the next lookup past the cooldown recovers.
    issuer.publish(&["a"]);
    hands.advance(30);
    jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(jwks.cache().status().last_error, None);
}

#[test]
fn a_first_fetch_that_fails_reports_the_fetchers_error() {
    let (issuer, hands) = (Issuer::default(), Hands::new());
    let jwks = remote(&issuer, &hands);
    assert_eq!(kind(jwks.keys_for_kid(None)), ErrorKind::Unavailable);
    assert_eq!(kind(jwks.keys_for_kid(None)), ErrorKind::Unavailable);
    assert_eq!(issuer.calls(), 1, "the cooldown holds after failures too");
}

#[test]
fn a_document_that_is_not_a_jwk_set_is_refused_and_the_old_set_kept() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    jwks.keys_for_kid(Some("a")).unwrap();
    *issuer.document.lock().unwrap() = Some(r#"{"keys": "nope"}"#.into());
    hands.advance(600);
    jwks.keys_for_kid(Some("a")).unwrap();
    let error = jwks.cache().status().last_error.unwrap();
    assert_eq!(error.0, ErrorKind::Malformed);
    // Too many keys is a limit, under the policy's limits.
    let one: serde_json::Value =
        serde_json::from_str(&key("a").to_public().unwrap().to_json().unwrap()).unwrap();
    let keys: Vec<serde_json::Value> = (0..257)
        .map(|i| {
            let mut key = one.clone();
            key["kid"] = format!("k{i}").into();
            key
        })
        .collect();
    *issuer.document.lock().unwrap() = Some(serde_json::json!({ "keys": keys }).to_string());
    hands.advance(30);
    jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(
        jwks.cache().status().last_error.unwrap().0,
        ErrorKind::LimitExceeded
    );
}

#[test]
fn concurrent_lookups_share_one_fetch() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    *issuer.delay.lock().unwrap() = Duration::from_millis(200);
    let jwks = Arc::new(remote(&issuer, &hands));
    let start = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (jwks, start) = (Arc::clone(&jwks), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                jwks.keys_for_kid(Some("a")).map(|set| set.len())
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap().unwrap(), 1);
    }
    assert_eq!(issuer.calls(), 1);
}

#[test]
fn an_abandoned_fetch_counts_as_failed_and_frees_the_next() {
    let hands = Hands::new();
    let cache = JwksCache::with_clock(
        CachePolicy::default().cooldown(Duration::ZERO),
        hands.clock(),
    );
    let Ok(Step::Fetch(ticket)) = cache.step(None, true) else {
        panic!("the first lookup fetches");
    };
    // Meanwhile, another lookup waits for it.
    let Ok(Step::Wait(generation)) = cache.step(None, true) else {
        panic!("a second lookup waits");
    };
    drop(ticket);
    assert_ne!(cache.generation(), generation);
    assert_eq!(
        cache.status().last_error.map(|e| e.0),
        Some(ErrorKind::Unavailable)
    );
    let Ok(Step::Fetch(ticket)) = cache.step(None, true) else {
        panic!("the next lookup may fetch");
    };
    ticket.finish(Ok(set_of(&["a"]).to_json().unwrap().into_bytes()));
    assert!(matches!(cache.step(Some("a"), true), Ok(Step::Ready(_))));
}

#[test]
fn keys_for_reads_the_kid_of_a_compact_token() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    let token = "eyJhbGciOiJFUzI1NiIsImtpZCI6ImEifQ.e30.c2ln"; // {"alg":"ES256","kid":"a"}
    assert_eq!(jose_jwk::remote::kid_of(token).as_deref(), Some("a"));
    assert_eq!(jose_jwk::remote::kid_of("not a token"), None);
    // An unverified header longer than 64 KiB is not read at all.
    let huge = format!("{}.e30.c2ln", "A".repeat(64 * 1024 + 4));
    assert_eq!(jose_jwk::remote::kid_of(&huge), None);
    assert!(jwks.keys_for(token).unwrap().get("a").next().is_some());
}

#[test]
fn a_lookup_with_no_set_in_service_is_unavailable_whatever_the_fetch_said() {
    // The fetch's own kind stays in the status; the lookup says the keys cannot be had, so
    // that a broken issuer is never mistaken for a broken token.
    let (issuer, hands) = (Issuer::default(), Hands::new());
    *issuer.document.lock().unwrap() = Some("not json".into());
    let jwks = remote(&issuer, &hands);
    assert_eq!(kind(jwks.keys_for_kid(Some("a"))), ErrorKind::Unavailable);
    assert_eq!(
        jwks.cache().status().last_error.map(|e| e.0),
        Some(ErrorKind::Malformed)
    );
}

#[test]
fn an_unknown_kid_during_an_outage_is_unavailable_not_no_matching_key() {
    let (issuer, hands) = (Issuer::serving(&["old"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    jwks.keys_for_kid(Some("old")).unwrap();
    issuer.go_down();
    hands.advance(30);
    // The issuer may have rotated to "new": the failed fetch is what the caller must hear.
    assert_eq!(kind(jwks.keys_for_kid(Some("new"))), ErrorKind::Unavailable);
    assert_eq!(kind(jwks.keys_for_kid(Some("new"))), ErrorKind::Unavailable);
    assert_eq!(issuer.calls(), 2, "still one fetch per cooldown");
    // The old kid is served all along.
    jwks.keys_for_kid(Some("old")).unwrap();
}

#[test]
fn current_is_the_set_in_service_only() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    let jwks = remote(&issuer, &hands);
    assert!(jwks.cache().current().is_none());
    jwks.keys_for_kid(None).unwrap();
    hands.advance(600 + 3599);
    assert!(jwks.cache().current().is_some(), "stale, still in service");
    hands.advance(1);
    assert!(jwks.cache().current().is_none(), "expired");
}

#[test]
fn a_fetched_set_is_a_set_of_public_keys() {
    let (issuer, hands) = (Issuer::serving(&["a"]), Hands::new());
    // The issuer also publishes an HMAC secret and a private key.
    let secret = Jwk::generate(KeySpec::Oct(256))
        .unwrap()
        .with_kid("hmac")
        .unwrap();
    let private = key("private");
    let mut document: serde_json::Value =
        serde_json::from_str(&set_of(&["a"]).to_json().unwrap()).unwrap();
    let keys = document["keys"].as_array_mut().unwrap();
    keys.push(serde_json::Value::Object(secret.to_object(true).unwrap()));
    keys.push(serde_json::Value::Object(private.to_object(true).unwrap()));
    *issuer.document.lock().unwrap() = Some(document.to_string());
    let jwks = remote(&issuer, &hands);
    assert!(
        jwks.candidates(&header("a"), &Alg::ES256.into(), &KeyOp::Verify)
            .is_ok()
    );
    // A token MACed with the published secret finds no key.
    assert_eq!(
        kind(jwks.candidates(&header("hmac"), &Alg::HS256.into(), &KeyOp::Verify)),
        ErrorKind::NoMatchingKey
    );
    assert_eq!(
        kind(jwks.candidates(&header("private"), &Alg::ES256.into(), &KeyOp::Verify)),
        ErrorKind::NoMatchingKey
    );
    let skipped: Vec<_> = jwks
        .cache()
        .status()
        .skipped
        .iter()
        .map(|s| (s.kid.clone(), s.kind))
        .collect();
    assert_eq!(
        skipped,
        [
            (Some("hmac".to_owned()), ErrorKind::InvalidKey),
            (Some("private".to_owned()), ErrorKind::InvalidKey)
        ]
    );
}

#[test]
fn the_same_document_keeps_its_set_and_an_empty_one_is_a_failed_fetch() {
    let issuer = Issuer::serving(&["a"]);
    let hands = Hands::new();
    let jwks = RemoteJwkSet::with_cache(
        issuer.fetcher(),
        JwksCache::with_clock(CachePolicy::default(), hands.clock()),
    );
    let first = jwks.keys_for_kid(Some("a")).unwrap();
    // Refreshed, the same bytes: the same set (what was verified with it stays valid).
    hands.advance(601);
    let again = jwks.keys_for_kid(Some("a")).unwrap();
    assert_eq!(issuer.calls(), 2);
    assert!(Arc::ptr_eq(&first, &again));
    // Rotated: another set.
    issuer.publish(&["a", "b"]);
    hands.advance(601);
    let rotated = jwks.keys_for_kid(Some("b")).unwrap();
    assert!(!Arc::ptr_eq(&first, &rotated));
    // A document with no usable key does not replace the set in service.
    *issuer.document.lock().unwrap() = Some(r#"{"keys": []}"#.into());
    hands.advance(601);
    let kept = jwks.keys_for_kid(Some("b")).unwrap();
    assert!(Arc::ptr_eq(&rotated, &kept));
    let status = jwks.cache().status();
    assert!(status.stale);
    assert_eq!(
        status.last_error.map(|(kind, _)| kind),
        Some(ErrorKind::Malformed)
    );
}
