#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// Every public enum and struct can grow without breaking a user's `match` or literal.
#![deny(clippy::exhaustive_enums, clippy::exhaustive_structs)]
// No arithmetic an input can reach may wrap or panic: lengths and counts use checked or
// saturating operations (unit tests are exempt).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod alg;
pub mod compact;
pub mod enc;
mod engine;
mod fixed;
pub mod json;
#[cfg(feature = "pbes2")]
pub mod jwk;
#[cfg(all(
    test,
    feature = "std",
    feature = "aes-kw",
    feature = "aes-gcm",
    feature = "rsa",
    feature = "ecdh-es",
    feature = "pbes2"
))]
mod wycheproof;
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
/// then `p2c` is bounded by [`Limits::max_pbes2_count`] (10,000 by default); every other
/// bound (input size, recipients, RSA private-key operations, the inflated size) is a
/// [`Limits`] too, set with [`Decrypter::with_limits`].
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
}

impl Decrypter {
    /// A decrypter that accepts exactly these key-management and content-encryption
    /// algorithms. An empty list would accept no token, so it does not compile:
    ///
    /// ```compile_fail
    /// let decrypter = jose_jwe::Decrypter::new([], [jose_jwe::Enc::A256GCM]);
    /// ```
    ///
    /// For lists read at run time, [`Decrypter::try_new`].
    #[must_use]
    pub fn new<const A: usize, const E: usize>(algs: [KeyAlg; A], encs: [Enc; E]) -> Self {
        const { assert!(A > 0 && E > 0, "an empty allow-list accepts no token") };
        Self {
            algs: algs.to_vec(),
            encs: encs.to_vec(),
            limits: Limits::DEFAULT,
        }
    }

    /// [`Decrypter::new`] for lists read at run time.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`] when either list is empty.
    pub fn try_new(
        algs: impl IntoIterator<Item = KeyAlg>,
        encs: impl IntoIterator<Item = Enc>,
    ) -> Result<Self> {
        let (algs, encs): (Vec<KeyAlg>, Vec<Enc>) =
            (algs.into_iter().collect(), encs.into_iter().collect());
        if algs.is_empty() || encs.is_empty() {
            return Err(Error::configuration(
                "an empty allow-list of algorithms accepts no token",
            ));
        }
        Ok(Self {
            algs,
            encs,
            limits: Limits::DEFAULT,
        })
    }

    /// Other limits: input size, JSON depth, recipients, the PBES2 count
    /// ([`Limits::with_max_pbes2_count`]), the inflated size
    /// ([`Limits::with_max_inflated_bytes`]) and the RSA private-key operations of one
    /// decryption ([`Limits::with_max_rsa_trials`]). Beyond any of them,
    /// [`ErrorKind::LimitExceeded`].
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
#[non_exhaustive]
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
