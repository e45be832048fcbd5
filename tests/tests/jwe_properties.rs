//! Property tests: every `alg` × `enc` pair round-trips arbitrary plaintexts in every
//! serialization, and any change of one byte of the encrypted key, IV, ciphertext, tag or
//! AAD fails with `DecryptionFailed`.

use std::sync::OnceLock;

use jose_core::b64;
use jose_jwe::json::JsonEncrypter;
use jose_jwe::{Decrypter, Enc, ErrorKind, Header, KeyAlg, compact};
use jose_jwk::{EcCurve, Jwk, Key, KeySpec, OctKey, OkpCurve};
use proptest::prelude::*;
use serde_json::Value;

/// The keys of every key-management algorithm (the ones that depend on `enc` are made per
/// `enc`), made once.
fn key(alg: KeyAlg, enc: Enc) -> Jwk {
    static KEYS: OnceLock<Vec<(KeyAlg, Jwk)>> = OnceLock::new();
    if alg == KeyAlg::Dir {
        return Jwk::generate(KeySpec::Oct(enc.key_len() * 8)).unwrap();
    }
    let keys = KEYS.get_or_init(|| {
        let make = |spec| Jwk::generate(spec).unwrap();
        let password = Jwk::new(Key::Oct(OctKey::new(b"a password".to_vec()).unwrap()));
        vec![
            (KeyAlg::A128KW, make(KeySpec::Oct(128))),
            (KeyAlg::A192KW, make(KeySpec::Oct(192))),
            (KeyAlg::A256KW, make(KeySpec::Oct(256))),
            (KeyAlg::A128GCMKW, make(KeySpec::Oct(128))),
            (KeyAlg::A192GCMKW, make(KeySpec::Oct(192))),
            (KeyAlg::A256GCMKW, make(KeySpec::Oct(256))),
            (KeyAlg::RSA_OAEP, jose_tests::rsa_2048().clone()),
            (KeyAlg::RSA_OAEP_256, jose_tests::rsa_2048().clone()),
            (KeyAlg::ECDH_ES, make(KeySpec::Ec(EcCurve::P256))),
            (KeyAlg::ECDH_ES_A128KW, make(KeySpec::Ec(EcCurve::P384))),
            (KeyAlg::ECDH_ES_A192KW, make(KeySpec::Ec(EcCurve::P521))),
            (KeyAlg::ECDH_ES_A256KW, make(KeySpec::Okp(OkpCurve::X25519))),
            (KeyAlg::PBES2_HS256_A128KW, password.clone()),
            (KeyAlg::PBES2_HS384_A192KW, password.clone()),
            (KeyAlg::PBES2_HS512_A256KW, password),
        ]
    });
    keys.iter()
        .find(|(a, _)| *a == alg)
        .map(|(_, k)| k.clone())
        .unwrap()
}

fn encrypt_key(alg: KeyAlg, key: &Jwk) -> Jwk {
    // Public keys encrypt where there is one; secrets otherwise.
    match alg {
        KeyAlg::RSA_OAEP
        | KeyAlg::RSA_OAEP_256
        | KeyAlg::ECDH_ES
        | KeyAlg::ECDH_ES_A128KW
        | KeyAlg::ECDH_ES_A192KW
        | KeyAlg::ECDH_ES_A256KW => key.to_public().unwrap(),
        _ => key.clone(),
    }
}

fn header(alg: KeyAlg, enc: Enc) -> Header {
    let h = Header::new(alg, enc);
    if matches!(
        alg,
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW
    ) {
        h.with_p2c(1000)
    } else {
        h
    }
}

#[derive(Debug, Clone, Copy)]
enum Form {
    Compact,
    Flattened,
    General,
}

fn encrypt(
    form: Form,
    alg: KeyAlg,
    enc: Enc,
    plaintext: &[u8],
    key: &Jwk,
    zip: bool,
    aad: &[u8],
) -> String {
    let h = if zip {
        header(alg, enc).with_zip()
    } else {
        header(alg, enc)
    };
    match form {
        Form::Compact => compact::encrypt(&h, plaintext, key).unwrap(),
        Form::Flattened | Form::General => {
            let mut encrypter = JsonEncrypter::new(plaintext, h);
            if !aad.is_empty() {
                encrypter = encrypter.aad(aad);
            }
            let encrypter = encrypter.recipient(Header::empty(), key);
            match form {
                Form::Flattened => encrypter.flattened().unwrap(),
                _ => encrypter.general().unwrap(),
            }
        }
    }
}

fn pair() -> impl Strategy<Value = (KeyAlg, Enc)> {
    (0..KeyAlg::ALL.len(), 0..Enc::ALL.len()).prop_map(|(a, e)| (KeyAlg::ALL[a], Enc::ALL[e]))
}

fn form() -> impl Strategy<Value = Form> {
    prop_oneof![
        Just(Form::Compact),
        Just(Form::Flattened),
        Just(Form::General)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_pair_round_trips_in_every_serialization(
        (alg, enc) in pair(), form in form(), plaintext in prop::collection::vec(any::<u8>(), 0..300),
        zip in any::<bool>(), aad in prop::collection::vec(any::<u8>(), 0..20),
    ) {
        let key = key(alg, enc);
        let jwe = encrypt(form, alg, enc, &plaintext, &encrypt_key(alg, &key), zip, &aad);
        let decrypted = Decrypter::new([alg], [enc]).decrypt(jwe.as_bytes(), &key).unwrap();
        prop_assert_eq!(decrypted.plaintext, plaintext);
    }

    #[test]
    fn any_byte_change_is_decryption_failed(
        (alg, enc) in pair(), form in form(), plaintext in prop::collection::vec(any::<u8>(), 1..64),
        which in 0usize..5, at in any::<prop::sample::Index>(), flip in 1u8..=255,
    ) {
        let key = key(alg, enc);
        let jwe = encrypt(form, alg, enc, &plaintext, &encrypt_key(alg, &key), false, b"aad");
        let decrypter = Decrypter::new([alg], [enc]);
        let changed = match form {
            Form::Compact => {
                let mut parts: Vec<String> = jwe.split('.').map(String::from).collect();
                // encrypted key (1), iv (2), ciphertext (3), tag (4); 0 is the header, left alone.
                let index = 1 + which % 4;
                let mut bytes = b64::decode(&parts[index]).unwrap();
                prop_assume!(!bytes.is_empty());
                let i = at.index(bytes.len());
                bytes[i] ^= flip;
                parts[index] = b64::encode(&bytes);
                parts.join(".")
            }
            Form::Flattened | Form::General => {
                let mut v: Value = serde_json::from_str(&jwe).unwrap();
                let member = ["encrypted_key", "iv", "ciphertext", "tag", "aad"][which];
                let slot = if member == "encrypted_key" && v.get("recipients").is_some() {
                    &mut v["recipients"][0]["encrypted_key"]
                } else {
                    &mut v[member]
                };
                let Some(text) = slot.as_str() else { return Ok(()) };
                let mut bytes = b64::decode(text).unwrap();
                prop_assume!(!bytes.is_empty());
                let i = at.index(bytes.len());
                bytes[i] ^= flip;
                *slot = Value::String(b64::encode(&bytes));
                v.to_string()
            }
        };
        let err = decrypter.decrypt(changed.as_bytes(), &key).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::DecryptionFailed);
    }

    #[test]
    fn arbitrary_input_never_panics(input in prop::collection::vec(any::<u8>(), 0..400)) {
        let key = key(KeyAlg::A128KW, Enc::A128GCM);
        let decrypter = Decrypter::try_new(KeyAlg::ALL.iter().copied(), Enc::ALL.iter().copied()).unwrap();
        let _ = decrypter.decrypt(&input, &key);
        let _ = decrypter.decrypt_json(&input, &key);
    }
}
