#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod alg;
pub mod b64;
pub mod crit;
mod error;
pub mod header;
pub mod json;
mod limits;

pub use error::{Error, ErrorKind, Result};
pub use limits::Limits;
