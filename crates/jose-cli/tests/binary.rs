//! The real `jose` binary: exit statuses and streams as a shell sees them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::{Command, Stdio};

#[test]
fn the_binary_keeps_the_contract() {
    let out = Command::new(env!("CARGO_BIN_EXE_jose"))
        .args([
            "key",
            "generate",
            "--kty",
            "EC",
            "--crv",
            "P-256",
            "--kid",
            "thumbprint",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let jwk: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(jwk["crv"], "P-256");
    assert!(out.stderr.is_empty());

    let out = Command::new(env!("CARGO_BIN_EXE_jose"))
        .args(["key", "public"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: malformed: "));

    let out = Command::new(env!("CARGO_BIN_EXE_jose"))
        .args(["nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: usage: "));
}
