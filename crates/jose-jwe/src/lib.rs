#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// No arithmetic an input can reach may wrap or panic: lengths and counts use checked or
// saturating operations (unit tests are exempt).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod alg;
pub mod compact;
pub mod enc;
mod fixed;
pub mod json;
#[cfg(feature = "pbes2")]
pub mod jwk;
mod zip;

use alloc::vec::Vec;

/// A JWE header: `alg` reads as a key-management [`KeyAlg`], `enc` as an [`Enc`].
pub type Header = jose_core::header::Header<KeyAlg>;
#[cfg(feature = "test-vectors")]
pub use fixed::Randomness;
#[cfg(not(feature = "test-vectors"))]
pub(crate) use fixed::Randomness;
pub use jose_core::alg::{Enc, KeyAlg};
pub use jose_core::{Error, ErrorKind, Fault, Limits, Result};
pub use jose_jwk::{Jwk, JwkSet, KeySource, Resolver};

/// The decryption policy: which `alg` and `enc` are accepted, and the limits. There is no
/// default: the allow-lists are always the caller's. PBES2 is accepted only when listed, and
/// then `p2c` is bounded by [`Decrypter::with_max_p2c`] (10,000 by default).
///
/// ```
/// use jose_jwe::{Decrypter, Enc, KeyAlg};
/// let decrypter = Decrypter::new([KeyAlg::ECDH_ES_A256KW, KeyAlg::A256KW], [Enc::A256GCM]);
/// assert!(decrypter.allows(KeyAlg::A256KW, Enc::A256GCM));
/// assert!(!decrypter.allows(KeyAlg::Dir, Enc::A256GCM));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypter {
    pub(crate) algs: Vec<KeyAlg>,
    pub(crate) encs: Vec<Enc>,
    pub(crate) limits: Limits,
    pub(crate) max_p2c: u32,
    pub(crate) max_inflated: usize,
    pub(crate) max_rsa_trials: usize,
}

/// How many RSA private-key operations one decryption may make by default (see
/// [`Decrypter::with_max_rsa_trials`]).
pub const DEFAULT_MAX_RSA_TRIALS: usize = 4;

/// The default cap on a decompressed plaintext, in bytes.
pub const DEFAULT_MAX_INFLATED: usize = 250_000;

impl Decrypter {
    /// A decrypter that accepts exactly these key-management and content-encryption
    /// algorithms.
    #[must_use]
    pub fn new(
        algs: impl IntoIterator<Item = KeyAlg>,
        encs: impl IntoIterator<Item = Enc>,
    ) -> Self {
        Self {
            algs: algs.into_iter().collect(),
            encs: encs.into_iter().collect(),
            limits: Limits::DEFAULT,
            max_p2c: alg::pbes2_default_max(),
            max_inflated: DEFAULT_MAX_INFLATED,
            max_rsa_trials: DEFAULT_MAX_RSA_TRIALS,
        }
    }

    /// Raises (or lowers) the largest PBES2 `p2c` accepted; at most 1,200,000.
    #[must_use]
    pub fn with_max_p2c(mut self, max_p2c: u32) -> Self {
        self.max_p2c = max_p2c;
        self
    }

    /// Raises (or lowers) how many RSA private-key operations (RSA-OAEP unwraps) one
    /// decryption may make, over all its recipients and candidate keys (4 by default). Each
    /// costs about 1 ms for RSA-2048 and 60 ms for RSA-8192: without a cap, a kid-less JWE
    /// with many recipients, against a set of many RSA keys, costs their product. Beyond the
    /// cap, [`ErrorKind::LimitExceeded`]. A recipient with a `kid` is tried with the keys of
    /// that `kid` only, so a token that names its key costs one operation.
    #[must_use]
    pub fn with_max_rsa_trials(mut self, trials: usize) -> Self {
        self.max_rsa_trials = trials;
        self
    }

    /// Raises (or lowers) the cap on a decompressed plaintext (`zip: DEF`).
    #[must_use]
    pub fn with_max_inflated(mut self, bytes: usize) -> Self {
        self.max_inflated = bytes;
        self
    }

    /// Other limits (input size, JSON depth, number of recipients).
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Whether the pair is accepted.
    #[must_use]
    pub fn allows(&self, alg: KeyAlg, enc: Enc) -> bool {
        self.algs.contains(&alg) && self.encs.contains(&enc)
    }
}

/// A decrypted JWE: its headers and plaintext.
#[derive(Debug, Clone, PartialEq)]
pub struct Decrypted {
    /// The protected header.
    pub protected: Header,
    /// The shared unprotected header (JSON only; **not** integrity protected).
    pub unprotected: Option<Header>,
    /// The recipient's header (JSON only; **not** integrity protected).
    pub recipient: Option<Header>,
    /// Which recipient decrypted (0 for compact).
    pub recipient_index: usize,
    /// The additional authenticated data (JSON `aad`), decoded.
    pub aad: Option<Vec<u8>>,
    /// The plaintext.
    pub plaintext: Vec<u8>,
}
