//! Property tests: generated keys round-trip through JSON, PEM and DER; no input makes
//! parsing panic.

use jose_jwk::pem::DerFormat;
use jose_jwk::{EcCurve, Jwk, JwkSet, KeySpec, OkpCurve};
use proptest::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;

fn spec() -> impl Strategy<Value = KeySpec> {
    prop_oneof![
        (16usize..=128).prop_map(|bytes| KeySpec::Oct(bytes * 8)),
        Just(KeySpec::Ec(EcCurve::P256)),
        Just(KeySpec::Ec(EcCurve::P384)),
        Just(KeySpec::Ec(EcCurve::P521)),
        Just(KeySpec::Ec(EcCurve::Secp256k1)),
        Just(KeySpec::Okp(OkpCurve::Ed25519)),
        Just(KeySpec::Okp(OkpCurve::X25519)),
    ]
}

fn generate(spec: KeySpec, seed: u64) -> Jwk {
    Jwk::generate_with_rng(spec, &mut StdRng::seed_from_u64(seed)).unwrap()
}

fn check_round_trips(jwk: &Jwk) {
    // JSON, private and public.
    let back = Jwk::from_json(jwk.to_json().unwrap().as_bytes()).unwrap();
    assert_eq!(&back, jwk);
    assert_eq!(back.thumbprint_sha256(), jwk.thumbprint_sha256());
    let Ok(public) = jwk.to_public() else {
        assert!(matches!(jwk.key(), jose_jwk::Key::Oct(_)));
        return;
    };
    assert!(!public.is_private());
    let back = Jwk::from_json(public.to_json().unwrap().as_bytes()).unwrap();
    assert_eq!(back, public);
    assert_eq!(public.thumbprint_sha256(), jwk.thumbprint_sha256());

    // PEM and DER: PKCS#8 for the private key, SPKI for the public one.
    let pem = jwk.to_pkcs8_pem().unwrap();
    assert_eq!(Jwk::from_pem(&pem).unwrap().key(), jwk.key());
    let der = jwk.to_pkcs8_der().unwrap();
    assert_eq!(
        Jwk::from_der(&der, DerFormat::Pkcs8).unwrap().key(),
        jwk.key()
    );
    let spki = jwk.to_spki_pem().unwrap();
    assert_eq!(Jwk::from_pem(&spki).unwrap().key(), public.key());
    let der = jwk.to_spki_der().unwrap();
    assert_eq!(
        Jwk::from_der(&der, DerFormat::Spki).unwrap().key(),
        public.key()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_keys_round_trip(spec in spec(), seed in any::<u64>(), kid in "[a-z0-9-]{1,12}") {
        let jwk = generate(spec, seed).with_kid(kid).unwrap();
        check_round_trips(&jwk);
    }

    #[test]
    fn any_change_of_a_jwk_is_an_error_or_another_valid_key(
        spec in spec(), seed in any::<u64>(), at in any::<prop::sample::Index>(), byte in any::<u8>()
    ) {
        let json = generate(spec, seed).to_json().unwrap().into_bytes();
        let mut changed = json.clone();
        let i = at.index(changed.len());
        changed[i] = byte;
        // Never a panic; and when it still parses, it serializes again.
        if let Ok(jwk) = Jwk::from_json(&changed) {
            let _ = jwk.to_json();
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Jwk::from_json(&bytes);
        let _ = JwkSet::from_json(&bytes);
        let _ = Jwk::from_der(&bytes, DerFormat::Pkcs8);
        let _ = Jwk::from_der(&bytes, DerFormat::Spki);
        let _ = Jwk::from_der(&bytes, DerFormat::Pkcs1Private);
        let _ = Jwk::from_der(&bytes, DerFormat::Sec1);
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = Jwk::from_pem(text);
        }
    }

    #[test]
    fn arbitrary_json_objects_never_panic(
        kty in prop_oneof![Just("oct".to_owned()), Just("RSA".to_owned()), Just("EC".to_owned()),
                          Just("OKP".to_owned()), ".{0,4}"],
        crv in prop_oneof![Just("P-256".to_owned()), Just("P-521".to_owned()),
                           Just("Ed25519".to_owned()), Just("X25519".to_owned()), ".{0,6}"],
        x in "[A-Za-z0-9_-]{0,90}", y in "[A-Za-z0-9_-]{0,90}", d in "[A-Za-z0-9_-]{0,90}",
    ) {
        for members in [
            serde_json::json!({"kty": kty, "crv": crv, "x": x, "y": y, "d": d}),
            serde_json::json!({"kty": kty, "crv": crv, "x": x, "d": d}),
            serde_json::json!({"kty": kty, "n": x, "e": y, "d": d}),
            serde_json::json!({"kty": kty, "k": x}),
        ] {
            let _ = Jwk::from_json(members.to_string().as_bytes());
        }
    }
}

#[test]
fn rsa_keys_round_trip() {
    // RSA generation is slow: the shared fixture plus one seeded key of another size.
    check_round_trips(jose_tests::rsa_2048());
    check_round_trips(&generate(KeySpec::Rsa(3072), 7));
    // PKCS#1 forms too.
    use jose_jwk::primitives::rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
    let jwk = jose_tests::rsa_2048();
    let jose_jwk::Key::Rsa(rsa) = jwk.key() else {
        unreachable!()
    };
    let private = rsa.private_key().unwrap().to_pkcs1_der().unwrap();
    assert_eq!(
        Jwk::from_der(private.as_bytes(), DerFormat::Pkcs1Private)
            .unwrap()
            .key(),
        jwk.key()
    );
    let public = rsa.public_key().to_pkcs1_pem(Default::default()).unwrap();
    assert_eq!(Jwk::from_pem(&public).unwrap(), jwk.to_public().unwrap());
}

#[test]
fn sec1_keys_import() {
    use jose_jwk::primitives::elliptic_curve::SecretKey;
    for seed in 0..4 {
        let jwk = generate(KeySpec::Ec(EcCurve::P256), seed);
        let jose_jwk::Key::Ec(jose_jwk::EcKey::P256(pair)) = jwk.key() else {
            unreachable!()
        };
        let secret: SecretKey<jose_jwk::primitives::p256::NistP256> =
            SecretKey::from(pair.signing_key().unwrap().as_nonzero_scalar());
        let der = secret.to_sec1_der().unwrap();
        let pem = jose_jwk::primitives::rsa::pkcs8::der::pem::encode_string(
            "EC PRIVATE KEY",
            Default::default(),
            &der,
        )
        .unwrap();
        // With the `EC PARAMETERS` block `openssl ecparam -genkey` writes first.
        let with_params = format!(
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{}",
            pem.as_str()
        );
        assert_eq!(Jwk::from_pem(&with_params).unwrap().key(), jwk.key());
    }
}
