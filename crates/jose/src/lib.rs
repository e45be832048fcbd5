#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
// Every public enum and struct can grow without breaking a user's `match` or literal.
#![deny(clippy::exhaustive_enums, clippy::exhaustive_structs)]
// No arithmetic an input can reach may wrap or panic: lengths and counts use checked or
// saturating operations (unit tests are exempt).
#![cfg_attr(not(test), deny(clippy::arithmetic_side_effects))]

/// The bearer-token guard for tower and axum services: [`jose_axum`] (feature `axum`).
#[cfg(feature = "axum")]
pub use jose_axum as axum;
pub use jose_core::json::Object;
pub use jose_core::{Error, ErrorKind, Fault, Limits, Result, alg};
/// JSON Web Encryption: [`jose_jwe`].
pub use jose_jwe as jwe;
/// JSON Web Keys: [`jose_jwk`].
pub use jose_jwk as jwk;
/// Remote JWK Sets over HTTPS: [`jose_jwks_http`] (feature `http`; `http-tokio` for the async
/// cache).
#[cfg(feature = "http")]
pub use jose_jwks_http as jwks_http;
/// JSON Web Signature: [`jose_jws`].
pub use jose_jws as jws;
/// JSON Web Tokens: [`jose_jwt`].
pub use jose_jwt as jwt;
