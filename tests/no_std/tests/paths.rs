//! Every algorithm family through the library crates built without `std`, on a seeded RNG
//! and a fixed clock: what firmware runs. Each key is used three times, so that the tables
//! (built on a key's second use, in `no_std` cells) serve the third.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use jose_core::ErrorKind;
use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_jwe::{Decrypter, Header as JweHeader};
use jose_jwk::{EcCurve, Jwk, KeySpec, OkpCurve};
use jose_jws::{Header, Verifier};
use jose_jwt::{Claims, NumericDate, Validation};
use rand::SeedableRng;
use rand::rngs::StdRng;

const NOW: i64 = 1_800_000_000;

fn rng() -> StdRng {
    StdRng::seed_from_u64(7)
}

fn rsa() -> Jwk {
    let pem = include_str!("../../users/fixtures/rs256_private.pem");
    Jwk::from_pem(pem).unwrap()
}

#[test]
fn the_libraries_are_built_without_std() {
    // `Jwk::generate` (the OS RNG) exists only with `std`: the caller's RNG here.
    let key = Jwk::generate_with_rng(KeySpec::Ec(EcCurve::P256), &mut rng()).unwrap();
    assert!(key.is_private());
}

#[test]
fn every_signature_family_signs_and_verifies_three_times() {
    let mut rng = rng();
    let keys = [
        (
            Alg::ES256,
            Jwk::generate_with_rng(KeySpec::Ec(EcCurve::P256), &mut rng).unwrap(),
        ),
        (
            Alg::ES384,
            Jwk::generate_with_rng(KeySpec::Ec(EcCurve::P384), &mut rng).unwrap(),
        ),
        (
            Alg::ES512,
            Jwk::generate_with_rng(KeySpec::Ec(EcCurve::P521), &mut rng).unwrap(),
        ),
        (
            Alg::ES256K,
            Jwk::generate_with_rng(KeySpec::Ec(EcCurve::Secp256k1), &mut rng).unwrap(),
        ),
        (
            Alg::EdDSA,
            Jwk::generate_with_rng(KeySpec::Okp(OkpCurve::Ed25519), &mut rng).unwrap(),
        ),
        (
            Alg::HS256,
            Jwk::generate_with_rng(KeySpec::Oct(256), &mut rng).unwrap(),
        ),
        (Alg::RS256, rsa()),
        (Alg::PS256, rsa()),
        (
            Alg::ML_DSA_65,
            Jwk::generate_with_rng(KeySpec::Akp(Alg::ML_DSA_65), &mut rng).unwrap(),
        ),
    ];
    for (alg, key) in &keys {
        let public = if *alg == Alg::HS256 {
            key.clone()
        } else {
            key.to_public().unwrap()
        };
        let token =
            jose_jws::compact::sign_with_rng(&Header::new(*alg), b"firmware", key, &mut rng)
                .unwrap();
        let verifier = Verifier::try_new([*alg]).unwrap();
        for round in 0..3 {
            let verified = verifier.verify_compact(&token, &public).unwrap();
            assert_eq!(verified.payload(), b"firmware", "{alg} round {round}");
        }
        let mut forged = token.clone();
        forged.pop();
        forged.push(if token.ends_with('A') { 'Q' } else { 'A' });
        let refused = verifier.verify_compact(&forged, &public).unwrap_err();
        assert!(
            matches!(
                refused.kind(),
                ErrorKind::InvalidSignature | ErrorKind::Malformed
            ),
            "{alg}: {refused}"
        );
    }
}

#[test]
fn every_key_management_family_encrypts_and_decrypts() {
    let mut rng = rng();
    let ec = Jwk::generate_with_rng(KeySpec::Ec(EcCurve::P256), &mut rng).unwrap();
    let x25519 = Jwk::generate_with_rng(KeySpec::Okp(OkpCurve::X25519), &mut rng).unwrap();
    let kw = Jwk::generate_with_rng(KeySpec::Oct(256), &mut rng).unwrap();
    let password = Jwk::from_secret(b"correct horse battery staple").unwrap();
    let cases = [
        (KeyAlg::A256KW, Enc::A256GCM, kw.clone(), kw),
        (
            KeyAlg::ECDH_ES_A256KW,
            Enc::A128CBC_HS256,
            ec.to_public().unwrap(),
            ec.clone(),
        ),
        (
            KeyAlg::ECDH_ES,
            Enc::A256GCM,
            x25519.to_public().unwrap(),
            x25519,
        ),
        (
            KeyAlg::RSA_OAEP_256,
            Enc::A256CBC_HS512,
            rsa().to_public().unwrap(),
            rsa(),
        ),
        (
            KeyAlg::PBES2_HS256_A128KW,
            Enc::A128GCM,
            password.clone(),
            password,
        ),
    ];
    for (alg, enc, encrypt_to, decrypt_with) in &cases {
        let decrypter = Decrypter::try_new([*alg], [*enc]).unwrap();
        // Three encryptions to the same recipient: its tables from the second on.
        for round in 0..3 {
            let mut header = JweHeader::new(*alg, *enc);
            if *alg == KeyAlg::PBES2_HS256_A128KW {
                header = header.with_p2c(1000);
            }
            let token =
                jose_jwe::compact::encrypt_with_rng(&header, b"firmware", encrypt_to, &mut rng)
                    .unwrap();
            let opened = decrypter
                .decrypt_compact_with_rng(&token, decrypt_with, &mut rng)
                .unwrap();
            assert_eq!(&*opened.plaintext, b"firmware", "{alg} {enc} round {round}");
        }
    }
}

#[test]
fn a_jwt_needs_a_clock_and_is_checked_by_it() {
    let mut rng = rng();
    let key = Jwk::generate_with_rng(KeySpec::Ec(EcCurve::P256), &mut rng).unwrap();
    let claims = Claims::new()
        .issuer("device")
        .audience("hub")
        .expires_at(NumericDate::from_seconds(NOW + 60));
    // The claims writer of `no_std` (written, then its top level read back strictly).
    let token =
        jose_jwt::sign_with_rng(&jose_jwt::Header::new(Alg::ES256), &claims, &key, &mut rng)
            .unwrap();
    let public = key.to_public().unwrap();
    // Without `std` there is no system clock: a validation without one is refused. (In a
    // workspace-wide build another member turns `std` on, and the system clock serves.)
    let no_clock = Validation::new([Alg::ES256])
        .issuer("device")
        .audience("hub");
    if let Err(err) = jose_jwt::verify::<jose_jwt::Object>(&token, &public, &no_clock) {
        assert_eq!(err.kind(), ErrorKind::InvalidConfiguration);
    }
    let validation = no_clock.now(NOW);
    for _ in 0..3 {
        let verified = jose_jwt::verify::<jose_jwt::Object>(&token, &public, &validation).unwrap();
        assert_eq!(verified.registered.iss.as_deref(), Some("device"));
    }
    let late = Validation::new([Alg::ES256])
        .issuer("device")
        .audience("hub")
        .now(NOW + 61);
    let err = jose_jwt::verify::<jose_jwt::Object>(&token, &public, &late).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Expired);
    // Nested: sign, then encrypt, without std.
    let kek = Jwk::generate_with_rng(KeySpec::Oct(256), &mut rng).unwrap();
    let nested = jose_jwt::nested::encrypt_with_rng(
        &token,
        &JweHeader::new(KeyAlg::A256KW, Enc::A256GCM),
        &kek,
        &mut rng,
    )
    .unwrap();
    let decrypter = Decrypter::try_new([KeyAlg::A256KW], [Enc::A256GCM]).unwrap();
    let verified = jose_jwt::nested::decrypt_and_verify_with_rng::<jose_jwt::Object>(
        &nested,
        &kek,
        &decrypter,
        &public,
        &validation,
        &mut rng,
    )
    .unwrap();
    assert_eq!(
        verified.registered.aud.as_deref(),
        Some(&["hub".to_owned()][..])
    );
    // A duplicate member in the claims is refused by the no-std writer too.
    let twice = serde_json_free_duplicate();
    let err = jose_jwt::sign_with_rng(&jose_jwt::Header::new(Alg::ES256), &twice, &key, &mut rng)
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidClaim);
}

/// Claims that serialize a member twice.
fn serde_json_free_duplicate() -> Twice {
    Twice
}

struct Twice;

impl serde::Serialize for Twice {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("sub", "a")?;
        map.serialize_entry("sub", "b")?;
        map.end()
    }
}
