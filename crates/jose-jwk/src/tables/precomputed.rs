//! Tables a public key builds for verification on its second use, shared by its clones.
//!
//! A key that verifies once (a one-off check, a key fetched for a single token) pays nothing;
//! a key that verifies again builds its tables then and keeps them, and its clones (the copies
//! that key sets hand out) share them through an `Arc`. The tables (6 to 13.5 KiB for a curve,
//! twice the modulus for RSA) are boxed: a parsed key holds a few words until they are built,
//! so an ephemeral ECDH key, an `epk`, or a key of a fetched set used once never allocates
//! them.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicBool, Ordering};
use once_cell::race::OnceBox;

/// The tables `T` of one key: absent on the key's first verification, built on its second.
pub(crate) struct Precomputed<T>(Arc<Lazy<T>>);

struct Lazy<T> {
    used_once: AtomicBool,
    tables: OnceBox<T>,
}

impl<T> Precomputed<T> {
    pub(crate) fn new() -> Self {
        Self(Arc::new(Lazy {
            used_once: AtomicBool::new(false),
            tables: OnceBox::new(),
        }))
    }

    /// `None` on the first call; on later calls, the tables, built by `build` the first time.
    pub(crate) fn get(&self, build: impl FnOnce() -> T) -> Option<&T> {
        if let Some(tables) = self.0.tables.get() {
            return Some(tables);
        }
        if !self.0.used_once.swap(true, Ordering::Relaxed) {
            return None;
        }
        Some(
            self.0
                .tables
                .get_or_init(|| alloc::boxed::Box::new(build())),
        )
    }

    /// Whether the tables are built.
    #[cfg(test)]
    pub(crate) fn is_built(&self) -> bool {
        self.0.tables.get().is_some()
    }
}

impl<T> Clone for Precomputed<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::Precomputed;

    #[test]
    fn built_on_the_second_use_once_and_shared_by_clones() {
        let precomputed = Precomputed::new();
        let mut builds = 0;
        assert!(
            precomputed
                .get(|| unreachable!("built on the first use"))
                .is_none()
        );
        assert!(!precomputed.is_built());
        let clone = precomputed.clone();
        assert_eq!(
            clone.get(|| {
                builds += 1;
                7
            }),
            Some(&7)
        );
        assert_eq!(precomputed.get(|| unreachable!("built twice")), Some(&7));
        assert!(precomputed.is_built());
        assert_eq!(builds, 1);
    }

    #[test]
    fn an_unbuilt_key_holds_no_tables() {
        // The shared part is a flag and a pointer, whatever the tables' size.
        assert!(core::mem::size_of::<super::Lazy<[u8; 13_824]>>() <= 32);
    }
}
