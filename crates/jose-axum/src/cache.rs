//! The verified-token cache: from the SHA-256 of a token's bytes to what its verification
//! found, so that a client sending the same token on every request pays for its signature
//! once per key set, not once per request.
//!
//! - **Bounded by a count.** At most `max_entries` tokens are held. When the map is full,
//!   the expired entries are swept (at most once a second); a token that still finds no room
//!   is verified as usual and not cached. Nothing is evicted early, so a burst of new
//!   tokens cannot push out the ones in use; it only goes uncached.
//! - **Never past `exp`.** A token without `exp` is never cached. On every hit, `exp`,
//!   `nbf`, `iat` and the maximum age are checked again against the clock, with the
//!   validation's leeway: a cached token is accepted exactly as long as `verify` would
//!   accept it (until `exp` plus the leeway).
//! - **Tied to the keys.** An entry remembers the JWK Set that verified it. When a remote
//!   set is replaced (the issuer published another document; a refresh that fetches the
//!   same bytes keeps the same set), the entry no longer matches and the token is verified
//!   again against the new set, then cached anew: a token whose key was rotated away is
//!   refused on its next request. A custom key source (a resolver) cannot say when its keys
//!   change, so the guard refuses to cache with one.
//! - **What it costs.** Each entry holds the token's claims (as `T`) and a few dozen bytes:
//!   10 000 entries of small claims are a few MiB. A hit takes a SHA-256 of the token and a
//!   lock of a map, microseconds against the tens of a signature check.
//! - **What it changes.** A revocation list consulted after verification must be consulted
//!   on hits too (the handler sees the same claims either way); the guard itself keeps no
//!   other per-token state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use jose_jwk::JwkSet;
use sha2::{Digest, Sha256};

/// The SHA-256 of a token's bytes.
pub(crate) type TokenDigest = [u8; 32];

pub(crate) fn digest(token: &str) -> TokenDigest {
    Sha256::digest(token.as_bytes()).into()
}

struct Entry<V> {
    value: Arc<V>,
    /// The set that verified the token, for keys that change (compared by address; a `Weak`
    /// keeps the address from being reused while the entry lives, without keeping the keys);
    /// `None` for keys that never change.
    set: Option<Weak<JwkSet>>,
    /// The token's `exp`, in seconds since the epoch.
    exp: i64,
}

struct State<V> {
    entries: HashMap<TokenDigest, Entry<V>>,
    next_sweep: Option<Instant>,
}

/// The map, behind one lock.
pub(crate) struct TokenCache<V> {
    max_entries: usize,
    state: Mutex<State<V>>,
}

impl<V> std::fmt::Debug for TokenCache<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("max_entries", &self.max_entries)
            .field("entries", &self.len())
            .finish()
    }
}

fn now_seconds() -> i64 {
    jose_jwt::NumericDate::now().seconds()
}

impl<V> TokenCache<V> {
    pub(crate) fn new(max_entries: usize) -> Self {
        Self {
            max_entries,
            state: Mutex::new(State {
                entries: HashMap::new(),
                next_sweep: None,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State<V>> {
        // Every statement leaves the map consistent: a panic elsewhere cannot poison it.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// How many tokens are held.
    pub(crate) fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// The entry of `digest`, if it was verified by `set` (the caller re-checks its times);
    /// one verified by another set is forgotten.
    pub(crate) fn get(&self, digest: &TokenDigest, set: Option<&Arc<JwkSet>>) -> Option<Arc<V>> {
        let mut state = self.lock();
        let entry = state.entries.get(digest)?;
        let same = match (&entry.set, set) {
            (None, None) => true,
            (Some(held), Some(set)) => Weak::as_ptr(held) == Arc::as_ptr(set),
            _ => false,
        };
        if same {
            Some(Arc::clone(&entry.value))
        } else {
            state.entries.remove(digest);
            None
        }
    }

    /// Forgets `digest` (a hit that no longer validates).
    pub(crate) fn remove(&self, digest: &TokenDigest) {
        self.lock().entries.remove(digest);
    }

    /// Holds `value`, verified by `set`, until `exp` (if there is room).
    pub(crate) fn insert(
        &self,
        digest: TokenDigest,
        value: Arc<V>,
        set: Option<&Arc<JwkSet>>,
        exp: i64,
    ) {
        let now = now_seconds();
        if exp <= now {
            return;
        }
        let mut state = self.lock();
        if state.entries.len() >= self.max_entries && !state.entries.contains_key(&digest) {
            let at = Instant::now();
            if state.next_sweep.is_some_and(|next| at < next) {
                return;
            }
            // Expired tokens go, and those of a set no longer in service.
            state.entries.retain(|_, entry| {
                entry.exp > now && entry.set.as_ref().is_none_or(|set| set.strong_count() > 0)
            });
            state.next_sweep = at.checked_add(Duration::from_secs(1));
            if state.entries.len() >= self.max_entries {
                return;
            }
        }
        state.entries.insert(
            digest,
            Entry {
                value,
                set: set.map(Arc::downgrade),
                exp,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{TokenCache, digest};
    use jose_jwk::JwkSet;
    use std::sync::Arc;

    #[test]
    fn entries_are_bounded_and_tied_to_their_set() {
        let cache = TokenCache::new(2);
        let set = Arc::new(JwkSet::new());
        let later = jose_jwt::NumericDate::now().seconds() + 3600;
        for (i, token) in ["a", "b", "c"].iter().enumerate() {
            cache.insert(digest(token), Arc::new(i), Some(&set), later);
        }
        assert_eq!(cache.len(), 2, "the third finds no room");
        assert_eq!(cache.get(&digest("a"), Some(&set)).as_deref(), Some(&0));
        assert_eq!(cache.get(&digest("c"), Some(&set)), None);
        // Another set (a re-fetch) does not match, and the entry is forgotten.
        let rotated = Arc::new(JwkSet::new());
        assert_eq!(cache.get(&digest("a"), Some(&rotated)), None);
        assert_eq!(cache.get(&digest("a"), Some(&set)), None);
        assert_eq!(cache.len(), 1);
        // An expired token is not held.
        cache.insert(digest("old"), Arc::new(9), Some(&set), 1);
        assert_eq!(cache.get(&digest("old"), Some(&set)), None);
        // A full map sweeps the entries of a set no longer in service.
        let full = TokenCache::new(1);
        let retired = Arc::new(JwkSet::new());
        full.insert(digest("d"), Arc::new(3), Some(&retired), later);
        drop(retired);
        full.insert(digest("e"), Arc::new(4), Some(&rotated), later);
        assert_eq!(full.len(), 1);
        assert_eq!(full.get(&digest("e"), Some(&rotated)).as_deref(), Some(&4));
        // Keys that never change: no set to compare.
        let fixed = TokenCache::new(1);
        fixed.insert(digest("f"), Arc::new(5), None, later);
        assert_eq!(fixed.get(&digest("f"), None).as_deref(), Some(&5));
    }
}
