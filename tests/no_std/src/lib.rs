//! The library crates without `std`: see `tests/paths.rs`. This library is itself `no_std`,
//! so that building it proves the crates link without the standard library.
#![no_std]
#![forbid(unsafe_code)]

pub use jose_jwt;
