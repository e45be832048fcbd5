//! Property tests: every algorithm round-trips arbitrary payloads in every serialization, and
//! any single-byte change of a token makes verification fail.

use std::sync::OnceLock;

use jose_jwk::{EcCurve, Jwk, KeySpec, OkpCurve};
use jose_jws::json::JsonSigner;
use jose_jws::{Alg, Header, Verifier, compact};
use proptest::prelude::*;

/// One key per algorithm, made once.
fn keys() -> &'static [(Alg, Jwk)] {
    static KEYS: OnceLock<Vec<(Alg, Jwk)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = jose_tests::rsa_2048().clone();
        let make = |spec| Jwk::generate(spec).unwrap();
        vec![
            (Alg::HS256, make(KeySpec::Oct(256))),
            (Alg::HS384, make(KeySpec::Oct(384))),
            (Alg::HS512, make(KeySpec::Oct(512))),
            (Alg::RS256, rsa.clone()),
            (Alg::RS384, rsa.clone()),
            (Alg::RS512, rsa.clone()),
            (Alg::PS256, rsa.clone()),
            (Alg::PS384, rsa.clone()),
            (Alg::PS512, rsa),
            (Alg::ES256, make(KeySpec::Ec(EcCurve::P256))),
            (Alg::ES384, make(KeySpec::Ec(EcCurve::P384))),
            (Alg::ES512, make(KeySpec::Ec(EcCurve::P521))),
            (Alg::ES256K, make(KeySpec::Ec(EcCurve::Secp256k1))),
            (Alg::EdDSA, make(KeySpec::Okp(OkpCurve::Ed25519))),
            (Alg::Ed25519, make(KeySpec::Okp(OkpCurve::Ed25519))),
        ]
    })
}

#[derive(Debug, Clone, Copy)]
enum Form {
    Compact,
    CompactDetached,
    Flattened,
    General,
    GeneralDetached,
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::Compact),
        Just(Form::CompactDetached),
        Just(Form::Flattened),
        Just(Form::General),
        Just(Form::GeneralDetached),
    ]
}

fn sign(form: Form, header: &Header, payload: &[u8], key: &Jwk) -> String {
    match form {
        Form::Compact => compact::sign(header, payload, key).unwrap(),
        Form::CompactDetached => compact::sign_detached(header, payload, key).unwrap(),
        Form::Flattened => JsonSigner::new(payload)
            .sign(header, None, key)
            .unwrap()
            .flattened()
            .unwrap(),
        Form::General => JsonSigner::new(payload)
            .sign(header, None, key)
            .unwrap()
            .general()
            .unwrap(),
        Form::GeneralDetached => JsonSigner::new(payload)
            .detached()
            .sign(header, None, key)
            .unwrap()
            .general()
            .unwrap(),
    }
}

fn verify(
    form: Form,
    token: &[u8],
    payload: &[u8],
    alg: Alg,
    key: &Jwk,
) -> jose_jws::Result<Vec<u8>> {
    let verifier = Verifier::new([alg]);
    let detached = matches!(form, Form::CompactDetached | Form::GeneralDetached).then_some(payload);
    verifier
        .verify(token, detached, key)
        .map(|v| v.payload().to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_algorithm_round_trips_in_every_serialization(
        which in 0usize..15, form in form(), payload in prop::collection::vec(any::<u8>(), 0..300),
        unencoded in any::<bool>(),
    ) {
        let (alg, key) = &keys()[which];
        let mut header = Header::new(*alg).with_typ("test");
        // Unencoded payloads: UTF-8 without `.` (so that the compact form can carry them).
        let payload = if unencoded {
            header = header.unencoded();
            String::from_utf8_lossy(&payload).replace('.', "").into_bytes()
        } else {
            payload
        };
        let token = sign(form, &header, &payload, key);
        let public = key.to_public().unwrap_or_else(|_| key.clone());
        prop_assert_eq!(verify(form, token.as_bytes(), &payload, *alg, &public).unwrap(), payload.clone());
    }

    #[test]
    fn any_single_byte_change_fails(
        which in 0usize..15, form in form(), payload in prop::collection::vec(any::<u8>(), 1..64),
        at in any::<prop::sample::Index>(), byte in any::<u8>(),
    ) {
        let (alg, key) = &keys()[which];
        let token = sign(form, &Header::new(*alg), &payload, key).into_bytes();
        let mut changed = token.clone();
        let i = at.index(changed.len());
        prop_assume!(changed[i] != byte);
        changed[i] = byte;
        prop_assert!(verify(form, &changed, &payload, *alg, key).is_err());
        // And a changed detached payload fails too.
        if matches!(form, Form::CompactDetached | Form::GeneralDetached) {
            let mut other = payload.clone();
            let j = at.index(other.len());
            other[j] ^= 1;
            prop_assert!(verify(form, &token, &other, *alg, key).is_err());
        }
    }

    #[test]
    fn arbitrary_input_never_panics(input in prop::collection::vec(any::<u8>(), 0..400)) {
        let key = &keys()[0].1;
        let verifier = Verifier::new([Alg::HS256]);
        let _ = verifier.verify(&input, None, key);
        let _ = verifier.verify(&input, Some(b"p"), key);
        let _ = verifier.verify_json(&input, key);
        if let Ok(text) = std::str::from_utf8(&input) {
            let _ = verifier.verify_compact(text, key);
            let _ = jose_jws::dangerous::decode_unverified(text);
        }
    }
}
