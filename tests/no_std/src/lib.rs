//! The library crates without `std`: see `tests/paths.rs`. On a host target a `no_std` crate
//! still links dependencies that use `std`, so this proves nothing by itself: CI checks with
//! `cargo tree` that no `std` feature of the library crates (or of serde_json) is on here.
#![no_std]
#![forbid(unsafe_code)]

pub use jose_jwt;
