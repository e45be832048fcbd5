//! An HMAC key keeps its key schedule once computed (`OctKey::hmac_sha256` and siblings):
//! what it gives must be what a fresh schedule gives. Needs the `hmac` feature (on in
//! `cargo test --workspace`, where jose-jws turns it on).

#![cfg(feature = "hmac")]
#![allow(clippy::unwrap_used)]

use jose_jwk::OctKey;
use jose_jwk::primitives::hmac::{self, KeyInit, Mac};
use jose_jwk::primitives::sha2;

/// The kept key schedule gives what a fresh one gives, the first time and every time after,
/// in a clone too; and each hash has its own.
#[test]
fn kept_hmac_schedules_match_fresh_ones() {
    let key = OctKey::new(b"a secret of some length, for HMAC".to_vec()).unwrap();
    let fresh = |input: &[u8]| {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(input);
        mac.finalize().into_bytes()
    };
    let kept = |key: &OctKey, input: &[u8]| {
        let mut mac = key.hmac_sha256().unwrap();
        mac.update(input);
        mac.finalize().into_bytes()
    };
    for input in [&b"one"[..], b"two", b""] {
        assert_eq!(kept(&key, input), fresh(input));
        assert_eq!(kept(&key.clone(), input), fresh(input));
    }
    let mut h384 = key.hmac_sha384().unwrap();
    h384.update(b"one");
    let mut h512 = key.hmac_sha512().unwrap();
    h512.update(b"one");
    assert_eq!(h384.finalize().into_bytes().len(), 48);
    assert_eq!(h512.finalize().into_bytes().len(), 64);
    let other = OctKey::new(b"another secret".to_vec()).unwrap();
    assert_ne!(kept(&other, b"one"), fresh(b"one"));
}
