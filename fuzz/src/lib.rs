//! The fuzz targets' bodies, shared by `cargo fuzz` (nightly) and by the stable test that
//! replays every corpus and regression file (`tests/tests/fuzz_replay.rs`). Each takes
//! arbitrary bytes and must return without panicking, looping or allocating without bound.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use arbitrary::Unstructured;
use jose_core::ErrorKind;
use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_jwe::Header;
use jose_jwk::{EcCurve, Jwk, JwkSet, Key, KeySpec, OctKey};

/// Keys the targets verify and decrypt with: the RFC 7520 §3 keys, RFC 8037's Ed25519 key and
/// an X25519 key, an AES key-wrap key, an HMAC key and draft-ietf-cose-dilithium's ML-DSA-44 key.
pub fn keys() -> &'static JwkSet {
    static KEYS: OnceLock<JwkSet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let parse = |json: &str| Jwk::from_json(json.as_bytes()).expect("fixed key");
        [
            parse(include_str!("../../tests/vectors/rfc7520/3_2_ec_private.json")),
            parse(include_str!("../../tests/vectors/rfc7520/3_4_rsa_private.json")),
            parse(include_str!("../../tests/vectors/rfc7520/3_5_symmetric_mac.json")),
            parse(include_str!("../../tests/vectors/rfc7520/3_6_symmetric_encryption.json")),
            parse(include_str!("../../tests/vectors/rfc8037/a1_ed25519_private.json")),
            parse(r#"{"kty":"OKP","crv":"X25519","kid":"x","d":"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#),
            parse(r#"{"kty":"oct","kid":"kw","k":"GZy6sIZ6wl9NJOKB-jnmVQ"}"#),
            akp_example(),
        ]
        .into_iter()
        .collect()
    })
}

/// The ML-DSA-44 key of draft-ietf-cose-dilithium's examples (its `kid` is its thumbprint).
fn akp_example() -> Jwk {
    let example: serde_json::Value = serde_json::from_str(include_str!(
        "../../tests/vectors/draft-ietf-cose-dilithium/ml_dsa_44.json"
    ))
    .expect("the draft's example");
    Jwk::from_json(example["jwk"].to_string().as_bytes()).expect("the draft's key")
}

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// `Jwk::from_json`, and writing back what parsed.
pub fn jwk_parse(data: &[u8]) {
    if let Ok(jwk) = Jwk::from_json(data) {
        let _ = jwk.to_json();
        let _ = jwk.to_public();
        let _ = jwk.thumbprint_sha256();
    }
}

/// `JwkSet::from_json` (lenient and strict).
pub fn jwks_parse(data: &[u8]) {
    if let Ok(set) = JwkSet::from_json(data) {
        let _ = set.public().to_json();
    }
    let _ = JwkSet::from_json_strict(data);
}

/// PEM and DER import.
pub fn pem_import(data: &[u8]) {
    if let Some(text) = text(data) {
        let _ = Jwk::from_pem(text);
        let _ = Jwk::from_pem_with_password(text, b"password");
    }
    for format in [
        jose_jwk::pem::DerFormat::Pkcs8,
        jose_jwk::pem::DerFormat::Spki,
        jose_jwk::pem::DerFormat::Pkcs1Private,
        jose_jwk::pem::DerFormat::Pkcs1Public,
        jose_jwk::pem::DerFormat::Sec1,
    ] {
        let _ = Jwk::from_der(data, format);
    }
}

fn verifier() -> jose_jws::Verifier {
    // ok: Alg::ALL is not empty
    jose_jws::Verifier::try_new(Alg::ALL.iter().copied()).expect("algorithms")
}

/// Compact JWS verification (and the unverified readers).
pub fn jws_compact_verify(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = verifier().verify_compact(token, keys());
        let _ = verifier().verify_compact_detached(token, b"payload", keys());
        let _ = jose_jws::dangerous::decode_unverified(token);
    }
}

/// JSON JWS verification.
pub fn jws_json_verify(data: &[u8]) {
    let _ = verifier().verify_json(data, keys());
    let _ = verifier().verify_json_detached(data, b"payload", keys());
}

fn decrypter() -> jose_jwe::Decrypter {
    // ok: KeyAlg::ALL and Enc::ALL are not empty
    jose_jwe::Decrypter::try_new(KeyAlg::ALL.iter().copied(), Enc::ALL.iter().copied())
        .expect("algorithms")
}

/// Compact JWE decryption.
pub fn jwe_compact_decrypt(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = decrypter().decrypt_compact(token, keys());
        let _ = jose_jwe::compact::peek_header(token);
    }
}

/// JSON JWE decryption.
pub fn jwe_json_decrypt(data: &[u8]) {
    let _ = decrypter().decrypt_json(data, keys());
}

fn validation() -> jose_jwt::Validation {
    // ok: Alg::ALL is not empty
    jose_jwt::Validation::try_new(Alg::ALL.iter().copied())
        .expect("algorithms")
        .verify_aud(false)
        .now(1_300_819_000)
}

/// JWT verification and validation.
pub fn jwt_validate(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = jose_jwt::verify::<serde_json::Value>(token, keys(), &validation());
    }
}

/// Nested JWT decryption, verification and validation.
pub fn jwt_nested_decrypt(data: &[u8]) {
    if let Some(token) = text(data) {
        let _ = jose_jwt::nested::decrypt_and_verify::<serde_json::Value>(
            token,
            keys(),
            &decrypter(),
            keys(),
            &validation(),
        );
    }
}

/// Strict base64url: what it accepts is canonical, and the table-driven codec of the public
/// token parts accepts, refuses and writes exactly what the constant-time one does.
pub fn b64url_decode(data: &[u8]) {
    let decoded = jose_core::b64::decode(data).ok();
    assert_eq!(
        jose_core::b64::decode_public(data).ok(),
        decoded,
        "the two decoders disagree"
    );
    if let Some(decoded) = decoded {
        assert_eq!(
            jose_core::b64::encode(&decoded).as_bytes(),
            data,
            "base64url must be canonical"
        );
    }
    assert_eq!(
        jose_core::b64::encode_public(data),
        jose_core::b64::encode(data),
        "the two encoders disagree"
    );
    let _ = jose_core::b64::decode_standard(data);
}

/// The three strict JSON readers agree on every input: `parse_object` (builds everything),
/// `select_members` (builds the members it keeps) and `from_slice_watched` (one pass into the
/// caller's type): the same refusals of the same kind, the same values, the same members kept.
/// The first byte is the depth limit.
pub fn json_strict(data: &[u8]) {
    use jose_core::internal::{from_slice_watched, select_members};
    use jose_core::json::{Object, parse_object};
    let Some((depth, text)) = data.split_first() else {
        return;
    };
    let depth = usize::from(*depth % 40);
    let keep = |name: &str| name.len() % 2 == 0;
    let full = parse_object(text, depth);
    let selected = select_members(text, depth, keep);
    let mut kept = Object::new();
    let watched = from_slice_watched::<serde_json::Value>(text, depth, keep, |name, value| {
        kept.insert(name.into(), value);
    });
    match full {
        Ok(object) => {
            let expected: Object = object
                .iter()
                .filter(|(name, _)| keep(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            assert_eq!(selected.ok(), Some(expected.clone()), "select_members");
            assert_eq!(
                watched.ok(),
                Some(serde_json::Value::Object(object)),
                "from_slice_watched"
            );
            assert_eq!(kept, expected, "the members kept");
        }
        Err(e) => {
            assert_eq!(
                selected.err().map(|e| e.kind()),
                Some(e.kind()),
                "select_members"
            );
            assert_eq!(
                watched.err().map(|e| e.kind()),
                Some(e.kind()),
                "from_slice_watched"
            );
        }
    }
}

/// Keys the round-trip targets sign and encrypt with, one per curve or size: the fixed keys of
/// [`keys`] where there is one, keys generated once for the others.
struct RoundTripKeys {
    rsa: Jwk,
    p256: Jwk,
    p384: Jwk,
    p521: Jwk,
    k256: Jwk,
    ed25519: Jwk,
    x25519: Jwk,
    /// ML-DSA-44, ML-DSA-65, ML-DSA-87.
    ml_dsa: [Jwk; 3],
}

fn round_trip_keys() -> &'static RoundTripKeys {
    static KEYS: OnceLock<RoundTripKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        // A fixed key of `keys()`, without its `use`, so that it both signs and encrypts.
        let fixed = |kty: &str, crv: Option<&str>| {
            keys()
                .keys()
                .iter()
                .find_map(|k| {
                    let mut json: serde_json::Value =
                        serde_json::from_str(&k.to_json().unwrap()).unwrap();
                    let fits = json["kty"] == kty && crv.is_none_or(|c| json["crv"] == c);
                    json.as_object_mut().unwrap().remove("use");
                    fits.then(|| Jwk::from_json(json.to_string().as_bytes()).unwrap())
                })
                .expect("fixed key")
        };
        let ec = |curve| {
            Jwk::generate(KeySpec::Ec(curve))
                .expect("EC key")
                .with_kid_thumbprint()
        };
        RoundTripKeys {
            rsa: fixed("RSA", None),
            p256: ec(EcCurve::P256),
            p384: ec(EcCurve::P384),
            p521: fixed("EC", Some("P-521")),
            k256: ec(EcCurve::Secp256k1),
            ed25519: fixed("OKP", Some("Ed25519")),
            x25519: fixed("OKP", Some("X25519")),
            ml_dsa: [Alg::ML_DSA_44, Alg::ML_DSA_65, Alg::ML_DSA_87].map(|alg| {
                Jwk::generate(KeySpec::Akp(alg))
                    .expect("AKP key")
                    .with_kid_thumbprint()
            }),
        }
    })
}

fn oct(bytes: &[u8]) -> Jwk {
    Jwk::new(Key::Oct(OctKey::new(bytes.to_vec()).expect("oct key")))
}

/// Flips the bits `flip` of the byte at `at` (modulo the length), if the result is still text.
fn mutate(text: &str, at: usize, flip: u8) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let len = bytes.len();
    let byte = bytes.get_mut(at.checked_rem(len)?)?;
    *byte ^= flip;
    String::from_utf8(bytes).ok()
}

/// What a verifier may answer for a tampered JWS.
const JWS_TAMPERED: &[ErrorKind] = &[
    ErrorKind::Malformed,
    ErrorKind::InvalidSignature,
    ErrorKind::AlgorithmNotAllowed,
    ErrorKind::UnsupportedAlgorithm,
    ErrorKind::NoMatchingKey,
    ErrorKind::CritUnsupported,
];

/// What a decrypter may answer for a tampered JWE.
const JWE_TAMPERED: &[ErrorKind] = &[
    ErrorKind::Malformed,
    ErrorKind::DecryptionFailed,
    ErrorKind::AlgorithmNotAllowed,
    ErrorKind::UnsupportedAlgorithm,
    ErrorKind::NoMatchingKey,
    ErrorKind::CritUnsupported,
    ErrorKind::LimitExceeded,
];

fn tampered(kinds: &[ErrorKind], error: &jose_core::Error, what: &str) {
    assert!(
        kinds.contains(&error.kind()),
        "a tampered {what} failed with {:?}: {error}",
        error.kind()
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Compact,
    CompactDetached,
    Flattened,
    General,
    FlattenedDetached,
}

/// Signs arbitrary input with an arbitrary algorithm and serialization, verifies it, then
/// verifies a copy with one byte changed: that must fail with a tampering kind, or (JSON only,
/// where the unprotected header is not signed) give back the same payload and protected header.
pub fn jws_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let (Ok(&alg), Ok(&form), Ok(unencoded), Ok(with_kid), Ok(typ), Ok(at), Ok(flip), Ok(secret)) = (
        u.choose(Alg::ALL),
        u.choose(&[
            Form::Compact,
            Form::CompactDetached,
            Form::Flattened,
            Form::General,
            Form::FlattenedDetached,
        ]),
        u.arbitrary::<bool>(),
        u.arbitrary::<bool>(),
        u.arbitrary::<Option<String>>(),
        u.arbitrary::<usize>(),
        u.int_in_range(1..=255u8),
        u.arbitrary::<[u8; 64]>(),
    ) else {
        return;
    };
    let payload = u.take_rest();
    let fixed = round_trip_keys();
    let hmac;
    let key = match alg {
        Alg::HS256 | Alg::HS384 | Alg::HS512 => {
            hmac = oct(&secret).with_kid("hmac").unwrap();
            &hmac
        }
        Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512 => &fixed.rsa,
        Alg::ES256 => &fixed.p256,
        Alg::ES384 => &fixed.p384,
        Alg::ES512 => &fixed.p521,
        Alg::ES256K => &fixed.k256,
        Alg::ML_DSA_44 => &fixed.ml_dsa[0],
        Alg::ML_DSA_65 => &fixed.ml_dsa[1],
        Alg::ML_DSA_87 => &fixed.ml_dsa[2],
        _ => &fixed.ed25519,
    };
    let mut header = jose_jws::Header::new(alg);
    if let Some(typ) = typ {
        header = header.with_typ(typ);
    }
    if with_kid && let Some(kid) = key.kid() {
        header = header.with_kid(kid);
    }
    if unencoded {
        header = header.unencoded();
    }
    let detached = matches!(form, Form::CompactDetached | Form::FlattenedDetached);
    let signed = match form {
        Form::Compact | Form::CompactDetached => {
            let sign = if detached {
                jose_jws::compact::sign_detached
            } else {
                jose_jws::compact::sign
            };
            sign(&header, payload, key)
        }
        Form::Flattened | Form::General | Form::FlattenedDetached => {
            let mut signer = jose_jws::json::JsonSigner::new(payload);
            if detached {
                signer = signer.detached();
            }
            signer.sign(&header, None, key).and_then(|s| {
                if form == Form::General {
                    s.general()
                } else {
                    s.flattened()
                }
            })
        }
    };
    let token = match signed {
        Ok(token) => token,
        // An unencoded payload cannot hold a `.` in the compact form, nor be other than UTF-8
        // in the JSON one.
        Err(e) if unencoded && !detached && e.kind() == ErrorKind::Malformed => return,
        Err(e) => panic!("{alg} did not sign: {e}"),
    };
    let verifier = jose_jws::Verifier::new([alg]);
    let verify = |token: &str| -> jose_core::Result<(Vec<u8>, Vec<jose_jws::Header>)> {
        match (form, detached) {
            (Form::Compact | Form::CompactDetached, false) => verifier
                .verify_compact(token, key)
                .map(|v| (v.payload().to_vec(), vec![v.protected().clone()])),
            (Form::Compact | Form::CompactDetached, true) => verifier
                .verify_compact_detached(token, payload, key)
                .map(|v| (v.payload().to_vec(), vec![v.protected().clone()])),
            (_, detached) => {
                let checked = if detached {
                    verifier.verify_json_detached(token.as_bytes(), payload, key)
                } else {
                    verifier.verify_json(token.as_bytes(), key)
                };
                checked.map(|v| {
                    let verified = v
                        .signatures()
                        .iter()
                        .filter(|s| s.is_verified())
                        .map(|s| s.protected.clone())
                        .collect();
                    (v.payload().to_vec(), verified)
                })
            }
        }
    };
    let original = verify(&token).unwrap_or_else(|e| panic!("{alg} did not verify: {e}"));
    assert_eq!(original.0, payload, "{alg}: the payload changed");
    let Some(changed) = mutate(&token, at, flip) else {
        return;
    };
    match verify(&changed) {
        Err(e) => tampered(JWS_TAMPERED, &e, "JWS"),
        Ok(result) => {
            assert!(
                !matches!(form, Form::Compact | Form::CompactDetached),
                "{alg}: a tampered compact JWS verified"
            );
            assert_eq!(
                result, original,
                "{alg}: a tampered JSON JWS verified to something else"
            );
        }
    }
}

/// Encrypts arbitrary input with an arbitrary `alg`, `enc`, `zip` and serialization, decrypts
/// it, then decrypts a copy with one byte changed: that must fail with a tampering kind, or
/// (JSON only, where the unprotected headers are not authenticated) give back the same
/// plaintext, protected header and `aad`.
pub fn jwe_roundtrip(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let (Ok(&alg), Ok(&enc), Ok(&form), Ok(zip), Ok(aad), Ok(at), Ok(flip), Ok(secret), Ok(curve)) = (
        u.choose(KeyAlg::ALL),
        u.choose(Enc::ALL),
        u.choose(&[Form::Compact, Form::Flattened, Form::General]),
        u.arbitrary::<bool>(),
        u.arbitrary::<Option<Vec<u8>>>(),
        u.arbitrary::<usize>(),
        u.int_in_range(1..=255u8),
        u.arbitrary::<[u8; 64]>(),
        u.int_in_range(0..=3u8),
    ) else {
        return;
    };
    let plaintext = u.take_rest();
    let fixed = round_trip_keys();
    let secret_key;
    let (key, mut header) = match alg {
        KeyAlg::Dir => {
            secret_key = oct(secret.get(..enc.key_len()).expect("64 bytes"));
            (&secret_key, Header::new(alg, enc))
        }
        KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => (&fixed.rsa, Header::new(alg, enc)),
        KeyAlg::ECDH_ES
        | KeyAlg::ECDH_ES_A128KW
        | KeyAlg::ECDH_ES_A192KW
        | KeyAlg::ECDH_ES_A256KW => {
            let key = [&fixed.p256, &fixed.p384, &fixed.p521, &fixed.x25519];
            (
                key.get(usize::from(curve)).copied().expect("four curves"),
                Header::new(alg, enc),
            )
        }
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW => {
            // A password of 1 to 64 bytes; the smallest `p2c` keeps the fuzzer fast.
            let len = usize::from(secret[0] % 64) + 1;
            secret_key = oct(secret.get(..len).expect("64 bytes"));
            (&secret_key, Header::new(alg, enc).with_p2c(1000))
        }
        _ => {
            // A*KW and A*GCMKW: a key-encryption key of the size the name says.
            let len = match alg {
                KeyAlg::A128KW | KeyAlg::A128GCMKW => 16,
                KeyAlg::A192KW | KeyAlg::A192GCMKW => 24,
                _ => 32,
            };
            secret_key = oct(secret.get(..len).expect("64 bytes"));
            (&secret_key, Header::new(alg, enc))
        }
    };
    if zip {
        header = header.with_zip();
    }
    let encrypted = match form {
        Form::Compact => jose_jwe::compact::encrypt(&header, plaintext, key),
        _ => {
            let mut encrypter = jose_jwe::json::JsonEncrypter::new(plaintext, header)
                .recipient(Header::empty(), key);
            if let Some(aad) = &aad {
                encrypter = encrypter.aad(aad);
            }
            if form == Form::General {
                encrypter.general()
            } else {
                encrypter.flattened()
            }
        }
    };
    let token = encrypted.unwrap_or_else(|e| panic!("{alg} {enc} did not encrypt: {e}"));
    let decrypter = jose_jwe::Decrypter::new([alg], [enc]);
    let decrypt = |token: &str| {
        if form == Form::Compact {
            decrypter.decrypt_compact(token, key)
        } else {
            decrypter.decrypt_json(token.as_bytes(), key)
        }
    };
    let original = decrypt(&token).unwrap_or_else(|e| panic!("{alg} {enc} did not decrypt: {e}"));
    assert_eq!(
        original.plaintext, plaintext,
        "{alg} {enc}: the plaintext changed"
    );
    let Some(changed) = mutate(&token, at, flip) else {
        return;
    };
    match decrypt(&changed) {
        Err(e) => tampered(JWE_TAMPERED, &e, "JWE"),
        Ok(result) => {
            assert!(
                form != Form::Compact,
                "{alg} {enc}: a tampered compact JWE decrypted"
            );
            assert_eq!(
                (&result.plaintext, &result.protected, &result.aad),
                (&original.plaintext, &original.protected, &original.aad),
                "{alg} {enc}: a tampered JSON JWE decrypted to something else"
            );
        }
    }
}

/// Every target, by name, for the corpus replay.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("jwk_parse", jwk_parse),
    ("jwks_parse", jwks_parse),
    ("pem_import", pem_import),
    ("jws_compact_verify", jws_compact_verify),
    ("jws_json_verify", jws_json_verify),
    ("jwe_compact_decrypt", jwe_compact_decrypt),
    ("jwe_json_decrypt", jwe_json_decrypt),
    ("jwt_validate", jwt_validate),
    ("jwt_nested_decrypt", jwt_nested_decrypt),
    ("b64url_decode", b64url_decode),
    ("json_strict", json_strict),
    ("jws_roundtrip", jws_roundtrip),
    ("jwe_roundtrip", jwe_roundtrip),
    ("jwk_degenerate", jwk_degenerate),
    ("tables_agree", tables_agree),
];

/// `token` verified three times with `jwk` (no tables, tables built, tables used) gives
/// `upstream` each time.
fn verifies_as(alg: Alg, token: &str, jwk: &Jwk, upstream: bool) {
    for round in 0..3 {
        let verified = jose_jws::Verifier::new([alg]).verify_compact(token, jwk);
        assert_eq!(verified.is_ok(), upstream, "{alg}, round {round}");
    }
}

/// The signing input of a compact JWS of `message` with `{"alg":alg}`.
fn signing_input(alg: Alg, message: &[u8]) -> String {
    format!(
        "{}.{}",
        jose_core::b64::encode(format!(r#"{{"alg":"{alg}"}}"#)),
        jose_core::b64::encode(message)
    )
}

/// ECDSA on one curve: a key from the input's scalar, a message, and a signature (the key's
/// own, one byte of it changed, or the input's bytes), verified by `ecdsa` and three times as
/// a JWS (no tables, tables built, tables used); then the key's tables' `k·Q` with the
/// input's scalar against `elliptic-curve`'s ECDH.
macro_rules! ec_tables_agree {
    ($u:expr, $curve:ty, $variant:ident, $alg:expr) => {{
        use jose_jwk::primitives::ecdsa::signature::{Signer as _, Verifier as _};
        use jose_jwk::primitives::elliptic_curve::point::AffineCoordinates as _;
        use jose_jwk::primitives::{ecdsa, elliptic_curve};
        let u: &mut Unstructured = $u;
        let len = elliptic_curve::FieldBytes::<$curve>::default().len();
        let Ok(signer) = ecdsa::SigningKey::<$curve>::from_slice(u.bytes(len).unwrap_or_default())
        else {
            return;
        };
        let pair = jose_jwk::EcKeyPair::from_public(*signer.verifying_key());
        let jwk = Jwk::new(Key::Ec(jose_jwk::EcKey::$variant(pair.clone())));
        let message_len = u.int_in_range(0..=64usize).unwrap_or(0);
        let input = signing_input($alg, u.bytes(message_len).unwrap_or_default());
        let own: ecdsa::Signature<$curve> = signer.sign(input.as_bytes());
        let mut bytes = own.to_bytes().to_vec();
        match u.int_in_range(0..=2u8).unwrap_or(0) {
            1 => {
                let at = u.choose_index(bytes.len()).unwrap_or(0);
                bytes[at] ^= u.int_in_range(1..=255u8).unwrap_or(1);
            }
            2 => bytes = u.bytes(2 * len).unwrap_or_default().to_vec(),
            _ => {}
        }
        let upstream = ecdsa::Signature::<$curve>::from_slice(&bytes).is_ok_and(|signature| {
            pair.verifying_key()
                .verify(input.as_bytes(), &signature)
                .is_ok()
        });
        let token = format!("{input}.{}", jose_core::b64::encode(&bytes));
        verifies_as($alg, &token, &jwk, upstream);
        if let Ok(k) = ecdsa::SigningKey::<$curve>::from_slice(u.bytes(len).unwrap_or_default()) {
            let k = k.as_nonzero_scalar();
            let upstream =
                elliptic_curve::ecdh::diffie_hellman(k, pair.verifying_key().as_affine());
            assert!(pair.agreement_tables().is_none(), "built on the first use");
            for round in 1..3 {
                // ok: built on the second use
                let tables = pair.agreement_tables().expect("built");
                let x = tables.mul(k).to_affine().x();
                assert_eq!(&x, upstream.raw_secret_bytes(), "round {round}");
            }
        }
    }};
}

/// The RSA algorithms, each with a JWS signing input and its signature by RFC 7520's key.
fn rsa_signatures() -> &'static [(Alg, String, Vec<u8>)] {
    static SIGNATURES: OnceLock<Vec<(Alg, String, Vec<u8>)>> = OnceLock::new();
    SIGNATURES.get_or_init(|| {
        [
            Alg::RS256,
            Alg::RS384,
            Alg::RS512,
            Alg::PS256,
            Alg::PS384,
            Alg::PS512,
        ]
        .into_iter()
        .map(|alg| {
            let token = jose_jws::compact::sign(&jose_jws::Header::new(alg), b"rsa", rsa_key())
                .expect("signed");
            let (input, signature) = token.rsplit_once('.').expect("three parts");
            let signature = jose_core::b64::decode(signature).expect("base64url");
            (alg, input.to_owned(), signature)
        })
        .collect()
    })
}

/// RFC 7520's RSA key.
fn rsa_key() -> &'static Jwk {
    keys()
        .keys()
        .iter()
        .find(|k| matches!(k.key(), Key::Rsa(_)))
        .expect("RFC 7520's RSA key")
}

/// RSA on the public operation's code against the `rsa` crate: a JWS with RFC 7520's key and
/// a signature (its own, one byte changed, 0, 1, n − 1, n, or the input's bytes) verified
/// three times (the `rsa` crate's path, the constants built, the constants used) as a fresh
/// key (the `rsa` crate's path) verifies it; then `x^e mod n` on an arbitrary odd modulus of
/// 4 to 520 bytes and exponent against `rsa::hazmat::rsa_encrypt`.
fn rsa_tables_agree(u: &mut Unstructured) {
    use jose_jwk::primitives::rsa;
    use jose_jwk::primitives::rsa::traits::PublicKeyParts as _;
    let (alg, input, own) = u.choose(rsa_signatures()).expect("six algorithms").clone();
    let key = rsa_key();
    let Key::Rsa(rsa_key) = key.key() else {
        return;
    };
    let public = rsa_key.public_key().clone();
    let n = public.n_bytes().to_vec();
    let mut signature = own;
    match u.int_in_range(0..=6u8).unwrap_or(0) {
        1 => {
            let at = u.choose_index(signature.len()).unwrap_or(0);
            signature[at] ^= u.int_in_range(1..=255u8).unwrap_or(1);
        }
        2 => signature.fill(0),
        3 => {
            signature.fill(0);
            *signature.last_mut().unwrap() = 1;
        }
        4 => {
            signature.clone_from(&n);
            *signature.last_mut().unwrap() -= 1;
        }
        5 => signature.clone_from(&n),
        6 => {
            let len = u.int_in_range(0..=n.len() + 1).unwrap_or(0);
            signature = u.bytes(len).unwrap_or_default().to_vec();
        }
        _ => {}
    }
    // A key of its own, so that its three verifications are the `rsa` crate's, the
    // constants built, and the constants used.
    let jwk = Jwk::new(Key::Rsa(
        jose_jwk::RsaKey::from_public(public.clone()).expect("checked"),
    ));
    // The `rsa` crate's verdict (a fresh key: the verification of its first use).
    let upstream = jose_jws::Verifier::new([alg])
        .verify_compact(
            &format!("{input}.{}", jose_core::b64::encode(&signature)),
            &Jwk::new(Key::Rsa(
                jose_jwk::RsaKey::from_public(public).expect("checked"),
            )),
        )
        .is_ok();
    let token = format!("{input}.{}", jose_core::b64::encode(&signature));
    verifies_as(alg, &token, &jwk, upstream);

    // An arbitrary odd modulus (4 to 520 bytes, top byte non-zero) and exponent.
    let len = u.int_in_range(4..=520usize).unwrap_or(4);
    let mut modulus = u.bytes(len).unwrap_or_default().to_vec();
    if modulus.len() != len {
        return;
    }
    modulus[0] |= 1;
    modulus[len - 1] |= 1;
    let e = u.int_in_range(1u64..=(1 << 32)).unwrap_or(1) * 2 + 1;
    let mut x = u.bytes(len).unwrap_or_default().to_vec();
    if x.len() != len {
        return;
    }
    // Mostly below n (its top byte below n's), so that the arithmetic is reached.
    if !u.ratio(1u8, 8).unwrap_or(false) {
        x[0] %= modulus[0];
    }
    let bits = u32::try_from(len.div_ceil(8) * 64).unwrap();
    let n_uint = rsa::BoxedUint::from_be_slice(&modulus, bits).unwrap();
    let reference_key = rsa::PublicKey::new_unchecked(n_uint, rsa::BoxedUint::from(e));
    let ours = jose_jwk::tables::Montgomery::new(&modulus, e).expect("odd, e odd and above 2");
    let x_uint = rsa::BoxedUint::from_be_slice(&x, bits).unwrap();
    if x_uint >= *reference_key.n().as_ref() {
        assert!(ours.public_op(&x).is_none(), "x ≥ n taken");
        return;
    }
    let reference = rsa::hazmat::rsa_encrypt(&reference_key, &x_uint).unwrap();
    let reference = reference.to_be_bytes();
    assert_eq!(
        ours.public_op(&x).unwrap(),
        reference[reference.len() - len..],
        "x^e mod n, {len} bytes, e = {e}"
    );
}

/// The toolkit's tables, through the algorithms built on them, against the upstream code
/// they stand for, on arbitrary keys, messages and signatures: ECDSA verification and ECDH's
/// `k·Q` on P-256, P-384 and P-521, Ed25519 verification against `verify_strict` (keys with a
/// torsion component included), and RSA's public operation against the `rsa` crate.
pub fn tables_agree(data: &[u8]) {
    use jose_jwk::primitives::{ed25519_dalek, p256, p384, p521};
    let mut u = Unstructured::new(data);
    match u.int_in_range(0..=4u8).unwrap_or(0) {
        0 => ec_tables_agree!(&mut u, p256::NistP256, P256, Alg::ES256),
        1 => ec_tables_agree!(&mut u, p384::NistP384, P384, Alg::ES384),
        2 => ec_tables_agree!(&mut u, p521::NistP521, P521, Alg::ES512),
        4 => rsa_tables_agree(&mut u),
        _ => {
            // A key from the input's seed (or a public key from the input), a message, and a
            // signature: the key's own, one byte of it changed, or the input's bytes.
            let seed = <[u8; 32]>::try_from(u.bytes(32).unwrap_or_default()).unwrap_or([0; 32]);
            let signer = ed25519_dalek::SigningKey::from_bytes(&seed);
            let verifying = if u.ratio(1u8, 4).unwrap_or(false) {
                let raw = <[u8; 32]>::try_from(u.bytes(32).unwrap_or_default()).unwrap_or([0; 32]);
                match ed25519_dalek::VerifyingKey::from_bytes(&raw) {
                    Ok(key) => key,
                    Err(_) => return,
                }
            } else {
                signer.verifying_key()
            };
            let Ok(key) = jose_jwk::OkpKey::ed25519_public(verifying) else {
                return;
            };
            let message_len = u.int_in_range(0..=64usize).unwrap_or(0);
            let input = signing_input(Alg::EdDSA, u.bytes(message_len).unwrap_or_default());
            let mut signature = ed25519_dalek::Signer::sign(&signer, input.as_bytes()).to_bytes();
            match u.int_in_range(0..=2u8).unwrap_or(0) {
                1 => {
                    let at = u.choose_index(64).unwrap_or(0);
                    signature[at] ^= u.int_in_range(1..=255u8).unwrap_or(1);
                }
                2 => {
                    if let Ok(raw) = <[u8; 64]>::try_from(u.bytes(64).unwrap_or_default()) {
                        signature = raw;
                    }
                }
                _ => {}
            }
            let upstream = verifying
                .verify_strict(
                    input.as_bytes(),
                    &ed25519_dalek::Signature::from_bytes(&signature),
                )
                .is_ok();
            let token = format!("{input}.{}", jose_core::b64::encode(signature));
            verifies_as(Alg::EdDSA, &token, &Jwk::new(Key::Okp(key)), upstream);
        }
    }
}

/// The keys whose members seed [`jwk_degenerate`]'s dictionary: one of every `kty` and curve.
fn degenerate_bases() -> &'static [serde_json::Map<String, serde_json::Value>] {
    static BASES: OnceLock<Vec<serde_json::Map<String, serde_json::Value>>> = OnceLock::new();
    BASES.get_or_init(|| {
        [
            include_str!("../../tests/vectors/rfc7520/3_4_rsa_private.json"),
            include_str!("../../tests/vectors/rfc7520/3_2_ec_private.json"),
            include_str!("../../tests/vectors/rfc8037/a1_ed25519_private.json"),
            r#"{"kty":"EC","crv":"P-256","x":"9GJdWe5dyB04KqDZtVKrr2XB2awf-9B31elGkVQ0ojY","y":"iWndfhxEK5mdnBzkT3Sj_y6ithSTkmbP2RUxhzssQts","d":"94fmRVP5atQuklZqK08GE6XWnm4X743vltosWkDwYTo"}"#,
            r#"{"kty":"EC","crv":"P-384","x":"AYLJK5HQhDG-eUTlnx0UPlpahXyGETzi7rwlyXzq9m5FlzS3AATgiiihSwNi6XNp","y":"dPlcHE9_stVzLc_sXpTdKPTInXbdZYzOJ5ak0URZndM1h7Nry6iotBCPE0cxalGf","d":"kLZ2MVwexwdbRWrMRvZrZsiyY9OLgH-t7pCUdzIUj4in7ieCvVIbJMO-Cxvb5L-V"}"#,
            r#"{"kty":"EC","crv":"secp256k1","x":"_SVMIR_Ldui91Fn1ko59Jqk6IBTssz1tr9jPacTcC2s","y":"kBcVu5icmOdgvyHpkGEYKwTLb8d0rYGAXS52rSliPsg","d":"vKzPh7UjajlYYSuG2F12FQCbsJht1vTlehKqOhqRHiY"}"#,
            r#"{"kty":"OKP","crv":"X25519","d":"dwdtCnMYpX08FsFyUbJmRd9ML4frwJkqsXf7pR25LCo","x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}"#,
            r#"{"kty":"oct","k":"GZy6sIZ6wl9NJOKB-jnmVQ"}"#,
        ]
        .iter()
        .map(|text| {
            let mut object: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(text).unwrap();
            for name in ["kid", "use", "alg"] {
                object.remove(name);
            }
            object
        })
        .chain([akp_base()])
        .collect()
    })
}

/// The AKP base: the draft's ML-DSA-44 key, its `alg` kept (an AKP key needs it) or sometimes
/// another parameter set's.
fn akp_base() -> serde_json::Map<String, serde_json::Value> {
    let mut object = akp_example().to_object(true).expect("the draft's key");
    object.remove("kid");
    object
}

/// One degenerate big-endian value derived from `real` (a member of a real key) and the
/// key's other members (`n`, the other coordinate): 0, 1, 2, all ones, ±1, one byte too
/// long or too short, another member's value, n − 1, n, n + 1.
fn degenerate_value(u: &mut Unstructured<'_>, real: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    let step = |bytes: &[u8], up: bool| {
        let mut out = bytes.to_vec();
        for b in out.iter_mut().rev() {
            let (v, carry) = if up {
                b.overflowing_add(1)
            } else {
                b.overflowing_sub(1)
            };
            *b = v;
            if !carry {
                break;
            }
        }
        out
    };
    let other = |u: &mut Unstructured<'_>| u.choose(others).cloned().unwrap_or_default();
    match u.int_in_range(0..=13u8).unwrap_or(0) {
        0 => real.to_vec(),
        1 => vec![0; real.len().max(1)],
        2 => vec![0],
        3 => vec![1],
        4 => vec![2],
        5 => vec![0xff; real.len().max(1)],
        6 => step(real, true),
        7 => step(real, false),
        8 => [&[1u8][..], real].concat(),
        9 => real.get(1..).unwrap_or_default().to_vec(),
        10 => other(u),
        11 => step(&other(u), false),
        12 => step(&other(u), true),
        // Identity-like encodings: all zeros but the last byte (1), for points and scalars.
        _ => {
            let mut one = vec![0; real.len().max(1)];
            if let Some(last) = one.last_mut() {
                *last = 1;
            }
            one
        }
    }
}

/// A JWK of one of the base keys' shapes, its members drawn from the degenerate dictionary
/// (or left out, or left real).
fn degenerate_jwk(u: &mut Unstructured<'_>) -> Option<serde_json::Map<String, serde_json::Value>> {
    use serde_json::Value;
    let base = u.choose(degenerate_bases()).ok()?;
    let decoded: Vec<(String, Vec<u8>)> = base
        .iter()
        .filter(|(name, _)| !["kty", "crv", "alg"].contains(&name.as_str()))
        .filter_map(|(name, v)| Some((name.clone(), jose_core::b64::decode(v.as_str()?).ok()?)))
        .collect();
    let values: Vec<Vec<u8>> = decoded.iter().map(|(_, v)| v.clone()).collect();
    let mut object = serde_json::Map::new();
    object.insert("kty".into(), base["kty"].clone());
    if base.contains_key("alg") {
        // AKP: its own parameter set, another one, or none.
        let alg = ["ML-DSA-44", "ML-DSA-65", "ML-DSA-87", "ES256"];
        if let Some(alg) = u
            .choose(&alg)
            .ok()
            .filter(|_| u.ratio(7, 8).unwrap_or(true))
        {
            object.insert("alg".into(), Value::String((*alg).into()));
        }
    }
    if let Some(crv) = base.get("crv") {
        // Sometimes another curve of the same `kty`, keeping these coordinates.
        let crv = match (crv.as_str()?, u.int_in_range(0..=7u8).ok()?) {
            ("Ed25519" | "X25519", 0) => "X25519",
            ("Ed25519" | "X25519", 1) => "Ed25519",
            ("Ed25519" | "X25519", 2) => "Ed448",
            (_, 0) if base["kty"] == "EC" => "P-256",
            (_, 1) if base["kty"] == "EC" => "P-384",
            (_, 2) if base["kty"] == "EC" => "P-521",
            (_, 3) if base["kty"] == "EC" => "secp256k1",
            (crv, _) => crv,
        };
        object.insert("crv".into(), Value::String(crv.into()));
    }
    for (name, real) in &decoded {
        match u.int_in_range(0..=9u8).ok()? {
            0 => continue,
            1..=3 => {
                object.insert(name.clone(), Value::String(jose_core::b64::encode(real)));
            }
            _ => {
                let value = degenerate_value(u, real, &values);
                object.insert(name.clone(), Value::String(jose_core::b64::encode(&value)));
            }
        }
    }
    Some(object)
}

/// JWKs of every `kty` whose members come from a dictionary of degenerate values, each used
/// as a key (parsed, then signing, verifying, encrypting and decrypting with every algorithm
/// it may serve), as a member of a set (lenient and published), and as the `epk` of an
/// ECDH-ES JWE decrypted with the fixed keys.
pub fn jwk_degenerate(data: &[u8]) {
    use serde_json::{Value, json};
    let mut u = Unstructured::new(data);
    let Some(object) = degenerate_jwk(&mut u) else {
        return;
    };
    let text = Value::Object(object.clone()).to_string();
    if let Ok(jwk) = Jwk::from_json(text.as_bytes()) {
        let _ = jwk.thumbprint_sha256();
        let _ = jwk.to_json();
        // One algorithm of each kind the key may serve, chosen by the input (an RSA key
        // serves six JWS algorithms; each private operation is slow under the sanitizer).
        let signing: Vec<Alg> = Alg::ALL
            .iter()
            .copied()
            .filter(|a| jwk.usable_for(*a, jose_jwk::KeyOp::Verify).is_ok())
            .collect();
        if let Ok(alg) = u.choose(&signing) {
            if let Ok(token) = jose_jws::compact::sign(&jose_jws::Header::new(*alg), b"x", &jwk) {
                let _ = jose_jws::Verifier::new([*alg]).verify_compact(&token, &jwk);
            }
            let forged = format!(
                "{}.eA.AAAA",
                jose_core::b64::encode(format!(r#"{{"alg":"{alg}"}}"#))
            );
            let _ = jose_jws::Verifier::new([*alg]).verify_compact(&forged, &jwk);
        }
        let wrapping: Vec<KeyAlg> = KeyAlg::ALL
            .iter()
            .copied()
            .filter(|a| {
                jwk.usable_for(*a, jose_jwk::KeyOp::WrapKey).is_ok()
                    || jwk.usable_for(*a, jose_jwk::KeyOp::Encrypt).is_ok()
            })
            .collect();
        if let Ok(alg) = u.choose(&wrapping) {
            let header = Header::new(*alg, Enc::A128GCM);
            if let Ok(token) = jose_jwe::compact::encrypt(&header, b"x", &jwk) {
                let _ =
                    jose_jwe::Decrypter::new([*alg], [Enc::A128GCM]).decrypt_compact(&token, &jwk);
            }
        }
    }
    let set = json!({"keys": [Value::Object(object.clone())]}).to_string();
    let _ = JwkSet::from_json(set.as_bytes());
    let _ = JwkSet::from_json_published(set.as_bytes(), &jose_core::Limits::DEFAULT);
    let header = json!({"alg": "ECDH-ES", "enc": "A128GCM", "epk": Value::Object(object)});
    let token = format!(
        "{}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA",
        jose_core::b64::encode(header.to_string())
    );
    let _ = decrypter().decrypt_compact(&token, keys());
}
