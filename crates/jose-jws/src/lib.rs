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

mod alg;
pub mod compact;
pub mod crit;
pub mod dangerous;
pub mod json;
mod protected;
mod unencoded;
mod verify;
#[cfg(all(
    test,
    feature = "std",
    feature = "hmac",
    feature = "rsa",
    feature = "ecdsa",
    feature = "eddsa"
))]
mod wycheproof;

/// A JWS header: `alg` reads as a JWS [`Alg`].
pub type Header = jose_core::header::Header<Alg>;
pub use jose_core::alg::Alg;
pub use jose_core::{Error, ErrorKind, Fault, Limits, Result};
pub use jose_jwk::{Jwk, JwkSet, KeySource, Resolver, SigningKeys};
pub use verify::{Verified, Verifier};
