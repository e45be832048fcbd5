//! The async driver of the cache, for tokio services.

use std::sync::Arc;

use jose_core::{Error, ErrorKind, Result};
use jose_jwk::JwkSet;
use jose_jwk::remote::{CachePolicy, Fetch, JwksCache, Step, Ticket, kid_of};
use tokio::sync::Notify;

use crate::HttpFetcher;

/// A remote JWK Set for async code: the same cache as [`jose_jwk::remote::RemoteJwkSet`],
/// with fetches run on tokio's blocking pool, and lookups that wait for another's fetch
/// without holding a worker thread.
///
/// Ask it for the set a token needs, then verify with that set (verification itself never
/// waits on the network):
///
/// ```no_run
/// # async fn handler(token: &str) -> Result<(), jose_core::Error> {
/// use jose_jwks_http::AsyncRemoteJwkSet;
///
/// // Made once, shared by every request (in an `Arc` or a `OnceLock`).
/// let jwks = AsyncRemoteJwkSet::new("https://issuer.example.com/.well-known/jwks.json")?;
/// let keys = jwks.keys_for(token).await?;
/// // jose_jwt::verify::<Claims>(token, &*keys, &validation)?
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AsyncRemoteJwkSet<F = HttpFetcher> {
    fetcher: Arc<F>,
    cache: JwksCache,
    fetched: Arc<Notify>,
    issuer: Option<String>,
}

impl AsyncRemoteJwkSet<HttpFetcher> {
    /// The JWK Set at `url`, with the default options and cache policy.
    ///
    /// # Errors
    /// As [`HttpFetcher::new`].
    pub fn new(url: &str) -> Result<Self> {
        Ok(Self::with_cache(
            HttpFetcher::new(url)?,
            JwksCache::new(CachePolicy::default()),
        ))
    }

    /// The JWK Set of `issuer`, found by [discovery](crate::discovery) (its metadata fetched
    /// on tokio's blocking pool, once), with the default options and cache policy.
    ///
    /// ```no_run
    /// # async fn start() -> Result<(), jose_core::Error> {
    /// let jwks = jose_jwks_http::AsyncRemoteJwkSet::discover("https://id.example.com").await?;
    /// assert_eq!(jwks.issuer(), Some("https://id.example.com"));
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// As [`discover_with_options`](crate::discovery::discover_with_options).
    pub async fn discover(issuer: &str) -> Result<Self> {
        Self::discover_with(
            issuer,
            crate::HttpOptions::default(),
            CachePolicy::default(),
        )
        .await
    }

    /// [`AsyncRemoteJwkSet::discover`] with `options` (for the metadata and the set) and
    /// `policy`.
    ///
    /// # Errors
    /// As [`discover_with_options`](crate::discovery::discover_with_options).
    pub async fn discover_with(
        issuer: &str,
        options: crate::HttpOptions,
        policy: CachePolicy,
    ) -> Result<Self> {
        let owned = String::from(issuer);
        let discovered = tokio::task::spawn_blocking(move || {
            crate::discovery::discover_with_options(&owned, options)
        })
        .await
        .map_err(|_| Error::new(ErrorKind::Unavailable, "the discovery task failed"))??;
        let mut set = Self::with_cache(discovered.fetcher()?, JwksCache::new(policy));
        set.issuer = Some(String::from(discovered.issuer()));
        Ok(set)
    }
}

/// Owns a fetch's ticket on the blocking pool, and wakes the waiting lookups when the fetch
/// ends, however it ends (finished, or the ticket dropped by a panicking fetcher): after the
/// cache has recorded it, so that they see the new generation.
struct Fetching {
    ticket: Option<Ticket>,
    done: Arc<Notify>,
}

impl Drop for Fetching {
    fn drop(&mut self) {
        drop(self.ticket.take());
        self.done.notify_waiters();
    }
}

impl<F: Fetch + Send + Sync + 'static> AsyncRemoteJwkSet<F> {
    /// A remote set fetched by `fetcher` (any blocking [`Fetch`]) into `cache`.
    pub fn with_cache(fetcher: F, cache: JwksCache) -> Self {
        Self {
            fetcher: Arc::new(fetcher),
            cache,
            fetched: Arc::new(Notify::new()),
            issuer: None,
        }
    }

    /// The issuer whose metadata named this set, when it was [discovered](Self::discover).
    #[must_use]
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The cache: its [`status`](JwksCache::status), its current set.
    pub fn cache(&self) -> &JwksCache {
        &self.cache
    }

    /// The set to verify a token of this `kid` with: the cached one, or a fresh one fetched
    /// first (see [`jose_jwk::remote`] for when).
    ///
    /// A fetch runs on tokio's blocking pool and finishes there even when the lookup that
    /// started it is cancelled (a client gone, a request timeout): the other lookups get its
    /// result.
    ///
    /// # Errors
    /// As [`jose_jwk::remote::RemoteJwkSet::keys_for_kid`].
    pub async fn keys_for_kid(&self, kid: Option<&str>) -> Result<Arc<JwkSet>> {
        let mut may_fetch = true;
        loop {
            // Registered before the cache is asked, so that no wake-up falls in between.
            let notified = self.fetched.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            match self.cache.step(kid, may_fetch)? {
                Step::Ready(set) => return Ok(set),
                Step::Fetch(ticket) => {
                    let mut fetching = Fetching {
                        ticket: Some(ticket),
                        done: Arc::clone(&self.fetched),
                    };
                    let fetcher = Arc::clone(&self.fetcher);
                    let task = tokio::task::spawn_blocking(move || {
                        if let Some(ticket) = fetching.ticket.take() {
                            ticket.finish(fetcher.fetch());
                        }
                        drop(fetching);
                    });
                    if task.await.is_err() {
                        return Err(Error::new(ErrorKind::Unavailable, "the fetch task failed"));
                    }
                }
                Step::Wait(generation) => {
                    if self.cache.generation() == generation {
                        notified.await;
                    }
                }
            }
            may_fetch = false;
        }
    }

    /// The set to verify this compact token with (by the `kid` of its header).
    ///
    /// # Errors
    /// As [`AsyncRemoteJwkSet::keys_for_kid`].
    pub async fn keys_for(&self, token: &str) -> Result<Arc<JwkSet>> {
        self.keys_for_kid(kid_of(token).as_deref()).await
    }
}
