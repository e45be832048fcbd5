//! JWK Sets that live at an issuer's URL (`/.well-known/jwks.json`): fetched, cached and
//! rotated, with no network code here.
//!
//! [`JwksCache`] is the core: it holds the current [`JwkSet`] and decides, for each lookup,
//! whether the cached set will do or a fresh one must be fetched. It never does I/O itself.
//! [`RemoteJwkSet`] drives it with a blocking [`Fetch`] and is a [`KeySource`], so it goes
//! wherever a key or a set goes. `jose-jwks-http` has a ready fetcher (HTTPS, timeouts, size
//! limit, same-origin redirects only) and the same driver for async (tokio) services.
//!
//! The rules, with the defaults of [`CachePolicy`]:
//! - a set is fresh for `max_age` (10 minutes) after it was fetched; a lookup after that
//!   fetches a new one;
//! - a token whose `kid` the set does not have makes it fetch a new one (the issuer may have
//!   rotated its keys), but never twice within `cooldown` (30 seconds): made-up `kid`s
//!   cannot make it hammer the issuer;
//! - concurrent lookups share one fetch: the others wait for it, or keep using the cached
//!   set when it has their key;
//! - a failed fetch keeps the old set in service for `stale_if_error` (1 hour) past its
//!   `max_age` (as HTTP's `stale-if-error`), and [`JwksCache::status`] says so; after that,
//!   lookups fail with [`ErrorKind::Unavailable`].
//!
//! ```
//! use jose_jwk::remote::{CachePolicy, RemoteJwkSet};
//! use jose_jwk::{Jwk, JwkSet, KeySpec, EcCurve};
//!
//! let key = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("2026-11")?;
//! let mut published = JwkSet::new();
//! published.insert(key.to_public()?)?;
//! let document = published.to_json()?;
//!
//! // Any blocking function that returns the document's bytes is a fetcher.
//! let jwks = RemoteJwkSet::new(move || Ok(document.clone().into_bytes()), CachePolicy::default());
//! let keys = jwks.keys_for_kid(Some("2026-11"))?;
//! assert_eq!(keys.len(), 1);
//! assert_eq!(jwks.cache().status().fetches, 1);
//! # Ok::<(), jose_core::Error>(())
//! ```

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use jose_core::json::Object;
use jose_core::{Error, ErrorKind, Limits, Result};
use serde_json::Value;

use crate::params::{JwkAlg, KeyOp};
use crate::{Jwk, JwkSet, KeySource};

/// Gets the bytes of a JWK Set document, blocking until it has them or fails.
///
/// A fetcher must bound its own time (a timeout) and the size of what it reads: the cache
/// waits for it. Any `Fn() -> Result<Vec<u8>>` is one.
pub trait Fetch {
    /// The document's bytes.
    ///
    /// # Errors
    /// [`ErrorKind::Unavailable`] when the document cannot be had, [`ErrorKind::LimitExceeded`]
    /// when it is too large; whatever the fetcher reports is kept for [`JwksCache::status`].
    fn fetch(&self) -> Result<Vec<u8>>;
}

impl<F: Fn() -> Result<Vec<u8>>> Fetch for F {
    fn fetch(&self) -> Result<Vec<u8>> {
        self()
    }
}

/// How long a fetched set is trusted, and how often the issuer may be asked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CachePolicy {
    /// How long a fetched set is fresh (default 10 minutes).
    pub max_age: Duration,
    /// The least time between two fetches (default 30 seconds), whatever asks for them.
    pub cooldown: Duration,
    /// How long past `max_age` the old set stays in service while fetching fails (default 1
    /// hour).
    pub stale_if_error: Duration,
    /// The limits a fetched set is parsed under (at most 256 keys, 1 MiB, depth 32).
    pub limits: Limits,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            max_age: Duration::from_secs(600),
            cooldown: Duration::from_secs(30),
            stale_if_error: Duration::from_secs(3600),
            limits: Limits::DEFAULT,
        }
    }
}

impl CachePolicy {
    /// Sets `max_age`.
    #[must_use]
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// Sets `cooldown`.
    #[must_use]
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// Sets `stale_if_error`.
    #[must_use]
    pub fn stale_if_error(mut self, stale_if_error: Duration) -> Self {
        self.stale_if_error = stale_if_error;
        self
    }

    /// Sets the limits a fetched set is parsed under.
    #[must_use]
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// The monotonic clock of a cache: `Instant::now` unless a test injects another.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// What the cache knows of its set and of its last fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Status {
    /// How long ago the set in service was fetched (`None`: never fetched successfully).
    pub age: Option<Duration>,
    /// The set in service is older than `max_age`: it is being served because fetching a new
    /// one failed (`last_error`), or will be replaced at the next lookup.
    pub stale: bool,
    /// The error of the last fetch, when it failed: its kind and message.
    pub last_error: Option<(ErrorKind, String)>,
    /// Fetches attempted so far, failed ones included.
    pub fetches: u64,
    /// The keys of the set in service that were skipped, and why: keys this toolkit cannot
    /// use, and every `oct` key and key with private members (a published set is a set of
    /// public keys: see [`JwkSet::from_json_published`]).
    pub skipped: Vec<crate::Skipped>,
}

struct State {
    set: Option<Arc<JwkSet>>,
    /// The SHA-256 of the document `set` was parsed from: a fetch of the same bytes keeps the
    /// same `Arc`, so that what was verified with it (a guard's cache) stays valid.
    document: Option<[u8; 32]>,
    fetched_at: Option<Instant>,
    attempted_at: Option<Instant>,
    refreshing: bool,
    generation: u64,
    last_error: Option<(ErrorKind, String)>,
    fetches: u64,
}

/// The I/O-free core of a remote JWK Set: the cached set, and the decision, lookup by
/// lookup, to use it, to fetch, or to wait for a fetch under way (see the [module](self)).
///
/// A driver calls [`JwksCache::step`] until it answers [`Step::Ready`]: on [`Step::Fetch`]
/// it fetches and hands the outcome to [`Ticket::finish`]; on [`Step::Wait`] it waits for
/// the fetch of another caller ([`JwksCache::wait`] blocks; an async driver waits its own
/// way). [`RemoteJwkSet`] is the blocking driver.
///
/// Clones share one cache, so that a fetch can outlive the lookup that started it: an async
/// lookup that is cancelled leaves its fetch running for the others.
#[derive(Clone)]
pub struct JwksCache(Arc<Shared>);

struct Shared {
    policy: CachePolicy,
    clock: Clock,
    state: Mutex<State>,
    done: Condvar,
}

impl fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwksCache")
            .field("policy", &self.0.policy)
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}

/// What a lookup should do next.
#[derive(Debug)]
// A new step would be a new protocol between the cache and its fetcher, which every caller
// must handle: adding one is meant to break their `match`.
#[allow(clippy::exhaustive_enums)]
pub enum Step {
    /// Use this set.
    Ready(Arc<JwkSet>),
    /// Fetch the document, then hand the outcome to [`Ticket::finish`]. A ticket dropped
    /// unfinished (a panicking fetcher) counts as a failed fetch.
    Fetch(Ticket),
    /// Another caller is fetching: wait until the cache's generation is no longer this one,
    /// then step again.
    Wait(u64),
}

/// The right to fetch, given to one caller at a time. It belongs to the cache that issued
/// it, and finishing it updates that cache only.
#[must_use = "a fetch ticket must be finished (dropping it counts as a failed fetch)"]
pub struct Ticket {
    cache: JwksCache,
    finished: bool,
}

impl fmt::Debug for Ticket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ticket")
    }
}

impl Ticket {
    /// Hands over what the fetch got: the document's bytes, parsed here under the policy's
    /// limits as a published set (keys this toolkit cannot use are skipped, as RFC 7517 §5
    /// asks, and so are `oct` keys and private keys: [`JwkSet::from_json_published`]), or the
    /// fetcher's error. Wakes the callers waiting in [`JwksCache::wait`].
    ///
    /// A document that leaves no usable key is a failed fetch (`malformed`): the set in
    /// service, if any, stays in service, as through any other failure.
    pub fn finish(mut self, fetched: Result<Vec<u8>>) {
        use sha2::Digest;
        self.finished = true;
        let limits = &self.cache.0.policy.limits;
        let parsed = fetched.and_then(|bytes| {
            let set = JwkSet::from_json_published(&bytes, limits)?;
            if set.is_empty() {
                return Err(Error::malformed(
                    "the JWK Set holds no key this toolkit can use to verify",
                ));
            }
            Ok((set, sha2::Sha256::digest(&bytes).into()))
        });
        self.cache.record(parsed);
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        if !self.finished {
            self.cache.record(Err(Error::new(
                ErrorKind::Unavailable,
                "the fetch of the JWK Set was abandoned",
            )));
        }
    }
}

/// How old the set is, and whether it is fresh and in service.
struct Ages {
    age: Option<Duration>,
    fresh: bool,
    in_service: bool,
}

impl JwksCache {
    /// An empty cache: the first lookup fetches.
    #[must_use]
    pub fn new(policy: CachePolicy) -> Self {
        Self::with_clock(policy, Arc::new(Instant::now))
    }

    /// An empty cache on another clock (tests move time by hand).
    #[must_use]
    pub fn with_clock(policy: CachePolicy, clock: Clock) -> Self {
        Self(Arc::new(Shared {
            policy,
            clock,
            state: Mutex::new(State {
                set: None,
                document: None,
                fetched_at: None,
                attempted_at: None,
                refreshing: false,
                generation: 0,
                last_error: None,
                fetches: 0,
            }),
            done: Condvar::new(),
        }))
    }

    /// The policy.
    #[must_use]
    pub fn policy(&self) -> &CachePolicy {
        &self.0.policy
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is consistent between statements: a panic elsewhere cannot poison it.
        self.0
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn ages(&self, state: &State, now: Instant) -> Ages {
        let policy = &self.0.policy;
        let age = state.fetched_at.map(|t| now.saturating_duration_since(t));
        let in_service_for = policy.max_age.saturating_add(policy.stale_if_error);
        Ages {
            age,
            fresh: age.is_some_and(|age| age < policy.max_age),
            in_service: age.is_some_and(|age| age < in_service_for),
        }
    }

    /// The next thing a lookup of `kid` should do. With `may_fetch` false (a driver that
    /// already fetched or waited once for this lookup), it never answers [`Step::Fetch`].
    ///
    /// # Errors
    /// - [`ErrorKind::NoMatchingKey`]: the set in service has no key of `kid`, the last fetch
    ///   succeeded, and no other may be made yet (within the cooldown, or after this lookup's
    ///   own fetch).
    /// - [`ErrorKind::Unavailable`]: no set in service can serve the lookup, and the last
    ///   fetch failed (its cause is in the message, its kind in [`JwksCache::status`]) or none
    ///   was made.
    pub fn step(&self, kid: Option<&str>, may_fetch: bool) -> Result<Step> {
        let now = (self.0.clock)();
        let mut state = self.lock();
        let Ages {
            fresh, in_service, ..
        } = self.ages(&state, now);
        let set = state.set.clone().filter(|_| in_service);
        let has_kid = |set: &JwkSet| kid.is_none_or(|kid| set.get(kid).next().is_some());
        let usable = set.as_ref().filter(|set| has_kid(set));
        if let (true, Some(set)) = (fresh, usable) {
            return Ok(Step::Ready(Arc::clone(set)));
        }
        if state.refreshing {
            return Ok(match usable {
                Some(set) => Step::Ready(Arc::clone(set)),
                None => Step::Wait(state.generation),
            });
        }
        let cooled = state
            .attempted_at
            .is_none_or(|t| now.saturating_duration_since(t) >= self.0.policy.cooldown);
        if may_fetch && cooled {
            state.refreshing = true;
            state.attempted_at = Some(now);
            return Ok(Step::Fetch(Ticket {
                cache: self.clone(),
                finished: false,
            }));
        }
        if let Some(set) = usable {
            // Stale, and fetching failed or may not be tried yet: the old set serves.
            return Ok(Step::Ready(Arc::clone(set)));
        }
        let kid = kid.unwrap_or_default();
        Err(match (set, &state.last_error) {
            // The issuer may have rotated to this kid: that the fetch failed is the news.
            (Some(_), Some((_, cause))) => Error::new(
                ErrorKind::Unavailable,
                format!(
                    "the JWK Set in service has no key with `kid` {:?}, and fetching a new \
                     one failed: {cause}",
                    jose_core::echo(kid)
                ),
            ),
            (None, Some((_, cause))) => Error::new(
                ErrorKind::Unavailable,
                format!("no JWK Set in service; the last fetch failed: {cause}"),
            ),
            (Some(_), None) => Error::new(
                ErrorKind::NoMatchingKey,
                format!(
                    "the JWK Set has no key with `kid` {:?} ({})",
                    jose_core::echo(kid),
                    if may_fetch {
                        "it was fetched less than the cooldown ago"
                    } else {
                        "also after a refresh"
                    }
                ),
            ),
            (None, None) => Error::new(ErrorKind::Unavailable, "the JWK Set has not been fetched"),
        })
    }

    fn record(&self, outcome: Result<(JwkSet, [u8; 32])>) {
        let now = (self.0.clock)();
        let mut state = self.lock();
        state.refreshing = false;
        state.generation = state.generation.wrapping_add(1);
        state.fetches = state.fetches.saturating_add(1);
        match outcome {
            Ok((set, document)) => {
                // The same document again: the same set, kept (its `Arc` too).
                if state.set.is_none() || state.document != Some(document) {
                    state.set = Some(Arc::new(set));
                    state.document = Some(document);
                }
                state.fetched_at = Some(now);
                state.last_error = None;
            }
            Err(e) => state.last_error = Some((e.kind(), String::from(e.message()))),
        }
        drop(state);
        self.0.done.notify_all();
    }

    /// Blocks until the fetch under way at `generation` is finished (`true`), or `limit` has
    /// passed (`false`).
    #[must_use]
    pub fn wait(&self, generation: u64, limit: Duration) -> bool {
        let state = self.lock();
        let waited = self
            .0
            .done
            .wait_timeout_while(state, limit, |s| s.generation == generation)
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        !waited.1.timed_out()
    }

    /// The generation: how many fetches have finished. An async driver compares it before
    /// and after waiting.
    #[must_use]
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// The set in service now (fresh, or stale within `stale_if_error`), if any, without
    /// fetching.
    #[must_use]
    pub fn current(&self) -> Option<Arc<JwkSet>> {
        let now = (self.0.clock)();
        let state = self.lock();
        let in_service = self.ages(&state, now).in_service;
        state.set.clone().filter(|_| in_service)
    }

    /// What the cache knows of its set and its last fetch.
    #[must_use]
    pub fn status(&self) -> Status {
        let now = (self.0.clock)();
        let state = self.lock();
        let Ages { age, fresh, .. } = self.ages(&state, now);
        Status {
            age,
            stale: age.is_some() && !fresh,
            last_error: state.last_error.clone(),
            fetches: state.fetches,
            skipped: state
                .set
                .as_ref()
                .map(|set| set.skipped().to_vec())
                .unwrap_or_default(),
        }
    }
}

/// The `kid` of a compact token's protected header (not verified: it only chooses keys), or
/// `None` for a token without one or that cannot be read (verification will say why).
#[must_use]
pub fn kid_of(token: &str) -> Option<String> {
    let first = token.split('.').next()?;
    if first.len() > MAX_HEADER_CHARS {
        return None;
    }
    let header = jose_core::header::decode_protected(
        first,
        "token's protected header",
        Limits::DEFAULT.max_json_depth(),
    )
    .ok()?;
    match header.get("kid") {
        Some(Value::String(kid)) => Some(kid.clone()),
        _ => None,
    }
}

/// The longest protected header [`kid_of`] reads: 64 KiB of base64url.
const MAX_HEADER_CHARS: usize = 64 * 1024;

/// The longest a lookup waits for another caller's fetch before it gives up.
const WAIT_LIMIT: Duration = Duration::from_secs(60);

/// A JWK Set at a URL, fetched by a blocking [`Fetch`] and cached by a [`JwksCache`]: a
/// [`KeySource`] for the verification functions of the JOSE crates (see the [module](self)).
///
/// It is `Send + Sync` when its fetcher is: share one per issuer among threads.
pub struct RemoteJwkSet<F> {
    fetcher: F,
    cache: JwksCache,
}

impl<F> fmt::Debug for RemoteJwkSet<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RemoteJwkSet")
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl<F: Fetch> RemoteJwkSet<F> {
    /// A remote set that `fetcher` gets, cached under `policy`. Nothing is fetched until the
    /// first lookup.
    pub fn new(fetcher: F, policy: CachePolicy) -> Self {
        Self::with_cache(fetcher, JwksCache::new(policy))
    }

    /// A remote set over a cache made by the caller (another clock, for tests).
    pub fn with_cache(fetcher: F, cache: JwksCache) -> Self {
        Self { fetcher, cache }
    }

    /// The cache: its [`status`](JwksCache::status), its current set.
    pub fn cache(&self) -> &JwksCache {
        &self.cache
    }

    /// The set to verify a token of this `kid` with: the cached one, or a fresh one fetched
    /// first (see the [module](self) for when).
    ///
    /// # Errors
    /// Those of [`JwksCache::step`]; a fetch's own error when it failed and no set is in
    /// service.
    pub fn keys_for_kid(&self, kid: Option<&str>) -> Result<Arc<JwkSet>> {
        let mut may_fetch = true;
        loop {
            match self.cache.step(kid, may_fetch)? {
                Step::Ready(set) => return Ok(set),
                Step::Fetch(ticket) => ticket.finish(self.fetcher.fetch()),
                Step::Wait(generation) => {
                    if !self.cache.wait(generation, WAIT_LIMIT) {
                        return Err(Error::new(
                            ErrorKind::Unavailable,
                            "gave up waiting for another lookup's fetch of the JWK Set",
                        ));
                    }
                }
            }
            may_fetch = false;
        }
    }

    /// The set to verify this compact token with (by the `kid` of its header).
    ///
    /// # Errors
    /// Those of [`RemoteJwkSet::keys_for_kid`].
    pub fn keys_for(&self, token: &str) -> Result<Arc<JwkSet>> {
        self.keys_for_kid(kid_of(token).as_deref())
    }
}

impl<F: Fetch> KeySource for RemoteJwkSet<F> {
    /// The keys of the header's `kid` (or every compatible key without one) in the cached
    /// set, fetching a fresh set first when the cached one is old or lacks the `kid`.
    fn candidates(&self, header: &Object, alg: &JwkAlg, op: &KeyOp) -> Result<Vec<Cow<'_, Jwk>>> {
        let kid = header.get("kid").and_then(Value::as_str);
        let set = self.keys_for_kid(kid)?;
        Ok(set
            .select(kid, alg.clone(), op.clone())?
            .map(|key| Cow::Owned(key.clone()))
            .collect())
    }
}
