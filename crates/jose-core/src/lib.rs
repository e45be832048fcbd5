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
pub mod b64;
pub mod crit;
mod error;
pub mod header;
#[doc(hidden)]
pub mod internal;
pub mod json;
mod limits;

pub use error::{ECHO_CHARS, Echo, Error, ErrorKind, Fault, MAX_MESSAGE_BYTES, Result, echo};
pub use limits::{Limits, MAX_PBES2_COUNT_CEILING};
