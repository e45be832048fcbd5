#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// Every public enum and struct can grow without breaking a user's `match` or literal.
#![deny(clippy::exhaustive_enums, clippy::exhaustive_structs)]
// No arithmetic an input can reach may wrap or panic: lengths and counts use checked or
// saturating operations (unit tests are exempt).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

extern crate alloc;
#[cfg(any(feature = "std", test))]
extern crate std;

pub mod key;
#[cfg(feature = "openssh")]
pub mod openssh;
mod params;
#[cfg(feature = "pem")]
pub mod pem;
#[cfg(feature = "remote")]
pub mod remote;
pub mod set;
pub mod source;
#[cfg(all(
    feature = "tables",
    any(feature = "ec", feature = "okp", feature = "rsa")
))]
pub mod tables;
pub mod thumbprint;

pub use jose_core::json::Object;
pub use jose_core::{Error, ErrorKind, Fault, Limits, Result, alg};
pub use key::exports::*;
pub use params::{JwkAlg, KeyOp, KeyUse};
pub use set::{JwkSet, Skipped};
pub use source::{KeySource, KeyTrials, Resolver, SigningKeys};
pub use thumbprint::ThumbprintHash;

/// The RustCrypto crates whose types this crate's keys hold, re-exported so that callers use
/// the same versions.
pub mod primitives {
    #[cfg(feature = "hmac")]
    pub use hmac;
    #[cfg(feature = "ml-dsa")]
    pub use ml_dsa;
    #[cfg(feature = "rsa")]
    pub use rsa;
    #[cfg(feature = "ec")]
    pub use {ecdsa, elliptic_curve, k256, p256, p384, p521};
    #[cfg(feature = "okp")]
    pub use {ed25519_dalek, x25519_dalek};
    pub use {rand_core, sha2};
}
