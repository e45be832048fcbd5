#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// Every public enum and struct can grow without breaking a user's `match` or literal.
#![deny(clippy::exhaustive_enums, clippy::exhaustive_structs)]

mod answer;
mod bearer;
mod cache;
mod extract;
mod scope;
mod service;

use std::marker::PhantomData;
use std::sync::Arc;

use jose_core::{Error, Result};
use jose_jwk::{Jwk, JwkSet, KeyOp, KeySource, Object};
use jose_jwt::{Token, Validation};
use serde::de::DeserializeOwned;

pub use answer::Rejection;
pub use extract::Claims;
pub use scope::{RequireScopes, RequireScopesService, Scopes};
pub use service::GuardService;

use cache::TokenCache;
use scope::Grant;

#[cfg(feature = "remote")]
pub use jose_jwks_http::AsyncRemoteJwkSet;

/// Where the guard finds its keys.
enum Keys {
    /// One key: one that cannot serve a token's algorithm is the server's fault (500).
    Key(Arc<Jwk>),
    /// A set known at start-up (a file, the environment).
    Set(Arc<JwkSet>),
    /// Any key source (a [`jose_jwk::Resolver`] closure): verified with as it is.
    Source(Arc<dyn KeySource + Send + Sync>),
    /// A remote set, fetched and cached by jose-jwks-http's async driver.
    #[cfg(feature = "remote")]
    Remote(Arc<AsyncRemoteJwkSet>),
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Key(key) => f.debug_tuple("Key").field(&key.kid()).finish(),
            Self::Set(set) => f.debug_tuple("Set").field(&set.len()).finish(),
            Self::Source(_) => f.write_str("Source"),
            #[cfg(feature = "remote")]
            Self::Remote(remote) => f.debug_tuple("Remote").field(remote).finish(),
        }
    }
}

/// What the guard found: the verified token and the scopes it grants.
#[derive(Debug)]
pub(crate) struct Authenticated<T> {
    pub(crate) token: Token<T>,
    pub(crate) grant: Grant,
}

struct Inner<T> {
    validation: Validation,
    keys: Keys,
    realm: Arc<str>,
    cache: Option<TokenCache<Authenticated<T>>>,
}

/// The bearer-token guard: a tower [`Layer`](tower_layer::Layer) that verifies the
/// `Authorization: Bearer` token of every request with a [`Validation`] and a key source,
/// puts its claims (as [`Claims<T>`]) and its [`Scopes`] in the request's extensions, and
/// answers the requests it refuses as RFC 6750 §3 says (see [`Rejection`]).
///
/// Cheap to clone (one `Arc`). `T` is the claims type: [`Object`] (dynamic) unless
/// [`GuardBuilder::claims`] names one.
pub struct Guard<T = Object> {
    inner: Arc<Inner<T>>,
    /// Lets requests without a token through, unauthenticated.
    optional: bool,
}

impl<T> Clone for Guard<T> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            optional: self.optional,
        }
    }
}

impl<T> std::fmt::Debug for Guard<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard")
            .field("validation", &self.inner.validation)
            .field("keys", &self.inner.keys)
            .field("realm", &self.inner.realm)
            .field("cache", &self.inner.cache)
            .field("optional", &self.optional)
            .finish()
    }
}

impl Guard<Object> {
    /// A guard verifying with `validation` (which holds the allowed algorithms): name its
    /// keys, then [`build`](GuardBuilder::build) it.
    #[must_use]
    pub fn builder(validation: Validation) -> GuardBuilder<Object> {
        GuardBuilder {
            validation,
            keys: None,
            realm: String::from("api"),
            any_issuer: false,
            any_audience: false,
            cache: None,
            claims: PhantomData,
        }
    }
}

impl<T> Guard<T> {
    /// The same guard, letting requests without any bearer token through unauthenticated
    /// (their handlers see `Option<Claims<T>>` as `None`). A request with a token that does
    /// not verify is still refused.
    #[must_use]
    pub fn optional(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            optional: true,
        }
    }

    /// A [`Layer`](tower_layer::Layer) for a route behind this guard that needs every one of
    /// `scopes`: 403 `insufficient_scope` (with `scope="…"`) otherwise.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`](jose_core::ErrorKind::InvalidConfiguration) for
    /// no scope, or one that is not a scope token (RFC 6749 §3.3).
    pub fn require_scopes<S: AsRef<str>>(
        &self,
        scopes: impl IntoIterator<Item = S>,
    ) -> Result<RequireScopes> {
        RequireScopes::new(Arc::clone(&self.inner.realm), scopes)
    }

    /// How many verified tokens the cache holds (0 without a cache).
    #[must_use]
    pub fn cached_tokens(&self) -> usize {
        self.inner.cache.as_ref().map_or(0, TokenCache::len)
    }
}

impl<T: DeserializeOwned + Send + Sync + 'static> Guard<T> {
    /// Verifies and validates `token` (a bearer token's text) as the layer does, for code
    /// that reads tokens elsewhere (a WebSocket's first message, a gRPC metadata entry).
    ///
    /// # Errors
    /// The [`Rejection`] to answer with.
    pub async fn authenticate(&self, token: &str) -> std::result::Result<Claims<T>, Rejection> {
        self.verify(token)
            .await
            .map(Claims)
            .map_err(|e| Rejection::from_error(&self.inner.realm, &e))
    }

    async fn verify(&self, token: &str) -> Result<Arc<Authenticated<T>>> {
        match &self.inner.keys {
            Keys::Source(source) => self.verified(token, &**source),
            Keys::Key(key) => self.through_cache(token, None, &**key),
            Keys::Set(set) => self.through_cache(token, None, &**set),
            #[cfg(feature = "remote")]
            Keys::Remote(remote) => {
                let set = remote.keys_for(token).await?;
                self.through_cache(token, Some(&set), &*set)
            }
        }
    }

    /// Verifies `token` with `keys`, or finds it in the cache: verified with the same keys
    /// (`set`, for keys that change; `None` for keys that never do), its times checked again.
    fn through_cache(
        &self,
        token: &str,
        set: Option<&Arc<JwkSet>>,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Arc<Authenticated<T>>> {
        let Some(cache) = &self.inner.cache else {
            return self.verified(token, keys);
        };
        let digest = cache::digest(token);
        if let Some(hit) = cache.get(&digest, set) {
            return match self.inner.validation.check_lifetime(&hit.token.registered) {
                Ok(()) => Ok(hit),
                Err(e) => {
                    cache.remove(&digest);
                    Err(e)
                }
            };
        }
        let verified = self.verified(token, keys)?;
        if let Some(exp) = verified.token.registered.exp {
            cache.insert(digest, Arc::clone(&verified), set, exp.seconds());
        }
        Ok(verified)
    }

    fn verified(
        &self,
        token: &str,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Arc<Authenticated<T>>> {
        let token = jose_jwt::verify::<T>(token, keys, &self.inner.validation)?;
        let scopes = Scopes::of(&token.captured)?;
        Ok(Arc::new(Authenticated {
            token,
            grant: Grant {
                realm: Arc::clone(&self.inner.realm),
                scopes,
            },
        }))
    }
}

/// Refuses keys that can verify none of `algorithms`: a guard that would answer every
/// token 401 for its own misconfiguration.
fn check_keys(keys: &Keys, algorithms: &[jose_jwt::Alg]) -> Result<()> {
    let serves = |key: &Jwk| {
        algorithms
            .iter()
            .any(|alg| key.usable_for(*alg, KeyOp::Verify).is_ok())
    };
    let fits = match keys {
        Keys::Key(key) => serves(key),
        Keys::Set(set) => set.keys().iter().any(serves),
        _ => true,
    };
    if fits {
        Ok(())
    } else {
        Err(Error::configuration(format!(
            "no key of the guard can verify any of the allowed algorithms ({})",
            algorithms
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )))
    }
}

/// The settings of a [`Guard`]: its keys are required; so are an issuer and an audience in
/// the [`Validation`], unless [`accept_any_issuer`](GuardBuilder::accept_any_issuer) or
/// [`accept_any_audience`](GuardBuilder::accept_any_audience) says otherwise.
pub struct GuardBuilder<T> {
    validation: Validation,
    keys: Option<Keys>,
    realm: String,
    any_issuer: bool,
    any_audience: bool,
    cache: Option<usize>,
    claims: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for GuardBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardBuilder")
            .field("validation", &self.validation)
            .field("keys", &self.keys)
            .field("realm", &self.realm)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl<T> GuardBuilder<T> {
    /// Reads the claims as `T` (a `#[derive(Deserialize)]` struct) instead of an
    /// [`Object`]; handlers take [`Claims<T>`].
    #[must_use]
    pub fn claims<U>(self) -> GuardBuilder<U> {
        GuardBuilder {
            validation: self.validation,
            keys: self.keys,
            realm: self.realm,
            any_issuer: self.any_issuer,
            any_audience: self.any_audience,
            cache: self.cache,
            claims: PhantomData,
        }
    }

    /// Verifies with the keys of `set` (public keys from a file, the environment).
    #[must_use]
    pub fn jwk_set(mut self, set: JwkSet) -> Self {
        self.keys = Some(Keys::Set(Arc::new(set)));
        self
    }

    /// Verifies with one key (a PEM public key, an HMAC secret), whatever the token's
    /// `kid`. A token whose (allowed) algorithm the key cannot serve is answered 500: the
    /// server's configuration, not the token, is wrong.
    #[must_use]
    pub fn key(mut self, key: Jwk) -> Self {
        self.keys = Some(Keys::Key(Arc::new(key)));
        self
    }

    /// Verifies with any [`KeySource`] (a [`jose_jwk::Resolver`] closure choosing the key
    /// by header). The cache cannot be used with one: it cannot tell when its keys change.
    #[must_use]
    pub fn key_source(mut self, source: impl KeySource + Send + Sync + 'static) -> Self {
        self.keys = Some(Keys::Source(Arc::new(source)));
        self
    }

    /// Verifies with a remote JWK Set, fetched and cached (see [`AsyncRemoteJwkSet`]). One
    /// found by [discovery](AsyncRemoteJwkSet::discover) also gives the guard its issuer,
    /// when the validation names none.
    #[cfg(feature = "remote")]
    #[must_use]
    pub fn remote(mut self, jwks: AsyncRemoteJwkSet) -> Self {
        self.keys = Some(Keys::Remote(Arc::new(jwks)));
        self
    }

    /// The realm of the `WWW-Authenticate` challenges (default `api`).
    #[must_use]
    pub fn realm(mut self, realm: impl Into<String>) -> Self {
        self.realm = realm.into();
        self
    }

    /// Accepts tokens of any issuer (or none): the named choice of a guard whose keys belong
    /// to one issuer alone. Without it, the validation must name the issuer. A
    /// [discovered](AsyncRemoteJwkSet::discover) remote set still sets its issuer.
    #[must_use]
    pub fn accept_any_issuer(mut self) -> Self {
        self.any_issuer = true;
        self
    }

    /// Accepts tokens for any audience, or none (`aud` is then not checked): the named
    /// choice of a service whose issuer mints tokens for it alone. Without it, the
    /// validation must name the audience; with it, it must not (`build` refuses both).
    #[must_use]
    pub fn accept_any_audience(mut self) -> Self {
        self.any_audience = true;
        self
    }

    /// Caches up to `max_entries` verified tokens (see the [`cache`](crate#the-verified-token-cache)
    /// section): off by default.
    #[must_use]
    pub fn cache(mut self, max_entries: usize) -> Self {
        self.cache = Some(max_entries);
        self
    }

    /// The guard.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`](jose_core::ErrorKind::InvalidConfiguration): no
    /// keys; no issuer or no audience in the validation (and no named choice to accept any);
    /// a realm with a `"`, a `\` or a character outside printable ASCII; a cache of 0
    /// entries, or a cache with a custom key source; a key, or a set, that cannot verify
    /// any of the allowed algorithms (an empty set); an audience named together with
    /// [`accept_any_audience`](GuardBuilder::accept_any_audience); an empty list of issuers
    /// or audiences.
    pub fn build(self) -> Result<Guard<T>> {
        let Some(keys) = self.keys else {
            return Err(Error::configuration(
                "the guard has no keys: give it a JWK Set, a key source or a remote JWK Set",
            ));
        };
        let validation = self.validation.capture(["scope", "scp"]);
        check_keys(&keys, validation.algorithms())?;
        // A discovered set names its issuer: the one its metadata was checked against.
        #[cfg(feature = "remote")]
        let validation = match (validation.expected_issuers(), &keys) {
            (None, Keys::Remote(remote)) => match remote.issuer() {
                Some(issuer) => validation.issuer(issuer),
                None => validation,
            },
            _ => validation,
        };
        match validation.expected_issuers() {
            None if !self.any_issuer => {
                return Err(Error::configuration(
                    "the validation names no issuer: set Validation::issuer, or call \
                     GuardBuilder::accept_any_issuer",
                ));
            }
            Some([]) => return Err(Error::configuration("the list of issuers is empty")),
            _ => {}
        }
        let validation = match (validation.expected_audiences(), self.any_audience) {
            (None, false) => {
                return Err(Error::configuration(
                    "the validation names no audience: set Validation::audience, or call \
                     GuardBuilder::accept_any_audience",
                ));
            }
            (Some(_), true) => {
                return Err(Error::configuration(
                    "the validation names an audience and the guard accepts any: choose one",
                ));
            }
            (Some([]), false) => {
                return Err(Error::configuration("the list of audiences is empty"));
            }
            (None, true) => validation.verify_aud(false),
            (Some(_), false) => validation,
        };
        if self.realm.is_empty()
            || !self
                .realm
                .bytes()
                .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
        {
            return Err(Error::configuration(
                "the realm must be printable ASCII without `\"` or `\\`",
            ));
        }
        let cache = match self.cache {
            None => None,
            Some(0) => return Err(Error::configuration("a token cache of 0 entries")),
            Some(_) if matches!(keys, Keys::Source(_)) => {
                return Err(Error::configuration(
                    "the token cache needs a JWK Set or a remote JWK Set: a custom key source \
                     cannot say when its keys rotate",
                ));
            }
            Some(n) => Some(TokenCache::new(n)),
        };
        Ok(Guard {
            inner: Arc::new(Inner {
                validation,
                keys,
                realm: Arc::from(self.realm),
                cache,
            }),
            optional: false,
        })
    }
}
