//! Every operation of the toolkit beside the bare RustCrypto chain it is made of (and, where
//! they have it, the JOSE crates people use). Group = operation; function = who does it.
//! `benches/run` turns the medians into docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jose_benches::peers::{Encrypts, jwe_peers, jwt_peers};
use jose_benches::{Claims, bare, claims, keys, plaintext, secret};
use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_jwe::{Decrypter, Header as JweHeader};
use jose_jwk::{AkpKey, EcCurve, EcKey, Jwk, JwkSet, Key, KeyOp, KeySpec};
use jose_jwt::{Header, Validation};

fn signing_input(token: &str) -> &[u8] {
    &token.as_bytes()[..token.rfind('.').unwrap()]
}

fn signature(token: &str) -> Vec<u8> {
    jose_core::b64::decode(&token[token.rfind('.').unwrap() + 1..]).unwrap()
}

fn validation(alg: Alg) -> Validation {
    Validation::new([alg])
        .issuer("https://issuer.example.com")
        .audience("https://api.example.com")
}

/// Who a JWT group measures.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The main rows: the toolkit, its one-call form, and the peers.
    WithPeers,
    /// The other algorithms: the toolkit alone, with fewer and shorter samples, so that the
    /// whole run keeps within its budget.
    Alone,
    /// As `Alone`, on a key of this many bits (the group's name says so).
    Sized(usize),
}

/// JWT sign and verify+validate, for one algorithm, with its bare sign and verify.
fn jwt(
    c: &mut Criterion,
    scope: Scope,
    alg: Alg,
    key: &Jwk,
    bare_sign: &dyn Fn(&[u8]) -> Vec<u8>,
    bare_verify: &dyn Fn(&[u8], &[u8]) -> bool,
) {
    let claims = claims();
    let header = Header::new(alg);
    let public = key.to_public().unwrap_or_else(|_| key.clone());
    let token = jose_jwt::sign(&header, &claims, key).unwrap();
    let input = signing_input(&token).to_vec();
    let sig = signature(&token);
    assert!(bare_verify(&input, &sig));
    let validation = validation(alg);
    let mut group = match scope {
        Scope::WithPeers => c.benchmark_group(alg.as_str()),
        Scope::Alone | Scope::Sized(_) => {
            let name = match scope {
                Scope::Sized(bits) => format!("JWS {} {bits}", alg.as_str()),
                _ => format!("JWS {}", alg.as_str()),
            };
            let mut group = c.benchmark_group(name);
            group
                .sample_size(20)
                .warm_up_time(Duration::from_millis(300))
                .measurement_time(Duration::from_secs(1));
            group
        }
    };
    group.bench_function("sign-bare", |b| b.iter(|| bare_sign(black_box(&input))));
    // A service makes its signer once (header encoded, key checked); `jwt::sign` does it per
    // call.
    let signer = jose_jwt::Signer::new(&header, key).unwrap();
    group.bench_function("sign-jose", |b| {
        b.iter(|| signer.sign(black_box(&claims)).unwrap())
    });
    if scope == Scope::WithPeers {
        group.bench_function("sign-jose-oneshot", |b| {
            b.iter(|| jose_jwt::sign(&header, black_box(&claims), key).unwrap())
        });
    }
    group.bench_function("verify-bare", |b| {
        b.iter(|| assert!(bare_verify(black_box(&input), &sig)))
    });
    group.bench_function("verify-jose", |b| {
        b.iter(|| {
            jose_jwt::verify::<Claims>(black_box(&token), &public, &validation)
                .unwrap()
                .claims
        })
    });
    let peers = match scope {
        Scope::WithPeers => jwt_peers(alg, key),
        Scope::Alone | Scope::Sized(_) => Vec::new(),
    };
    for peer in peers {
        let token = (peer.sign)(&claims);
        assert_eq!((peer.verify)(&token).sub, claims.sub, "{}", peer.name);
        group.bench_function(format!("sign-{}", peer.name), |b| {
            b.iter(|| (peer.sign)(black_box(&claims)))
        });
        group.bench_function(format!("verify-{}", peer.name), |b| {
            b.iter(|| (peer.verify)(black_box(&token)))
        });
    }
    group.finish();
}

fn jws(c: &mut Criterion) {
    let k = keys();
    let hmac = secret(&k.hmac).to_vec();
    jwt(
        c,
        Scope::WithPeers,
        Alg::HS256,
        &k.hmac,
        &|input| bare::hs256(&hmac, input).to_vec(),
        &|input, tag| bare::hs256_verify(&hmac, input, tag),
    );
    let Key::Rsa(rsa) = k.rsa.key() else {
        unreachable!()
    };
    let (private, public) = (rsa.private_key().unwrap().clone(), rsa.public_key().clone());
    jwt(
        c,
        Scope::WithPeers,
        Alg::RS256,
        &k.rsa,
        &|input| bare::rs256(&private, input, &mut rand::rng()),
        &|input, sig| bare::rs256_verify(&public, input, sig),
    );
    let Key::Ec(EcKey::P256(p256)) = k.p256.key() else {
        unreachable!()
    };
    let (signing, verifying) = (p256.signing_key().unwrap().clone(), *p256.verifying_key());
    jwt(
        c,
        Scope::WithPeers,
        Alg::ES256,
        &k.p256,
        &|input| bare::es256(&signing, input),
        &|input, sig| bare::es256_verify(&verifying, input, sig),
    );
    let Key::Okp(okp) = k.ed25519.key() else {
        unreachable!()
    };
    let (Some(ed), Some(ed_public)) = (okp.ed25519_signing_key(), okp.ed25519_verifying_key())
    else {
        unreachable!()
    };
    let (ed, ed_public) = (ed.clone(), *ed_public);
    jwt(
        c,
        Scope::WithPeers,
        Alg::EdDSA,
        &k.ed25519,
        &|input| bare::ed25519(&ed, input),
        &|input, sig| bare::ed25519_verify(&ed_public, input, sig),
    );
}

/// A bare signing chain and its verification.
type Chain<'a> = (
    Alg,
    &'a dyn Fn(&[u8]) -> Vec<u8>,
    &'a dyn Fn(&[u8], &[u8]) -> bool,
);

/// Every other JWS algorithm, the toolkit beside its bare chain.
fn jws_others(c: &mut Criterion) {
    let k = keys();
    let (hs384, hs512) = (
        Jwk::generate(KeySpec::Oct(384)).unwrap(),
        Jwk::generate(KeySpec::Oct(512)).unwrap(),
    );
    let (s384, s512) = (secret(&hs384).to_vec(), secret(&hs512).to_vec());
    let hmac: [Chain; 2] = [
        (
            Alg::HS384,
            &|input| bare::hs384(&s384, input).to_vec(),
            &|input, tag| bare::hs384_verify(&s384, input, tag),
        ),
        (
            Alg::HS512,
            &|input| bare::hs512(&s512, input).to_vec(),
            &|input, tag| bare::hs512_verify(&s512, input, tag),
        ),
    ];
    for ((alg, sign, verify), key) in hmac.into_iter().zip([&hs384, &hs512]) {
        jwt(c, Scope::Alone, alg, key, sign, verify);
    }

    let Key::Rsa(rsa) = k.rsa.key() else {
        unreachable!()
    };
    let (private, public) = (rsa.private_key().unwrap(), rsa.public_key());
    let rsa: [Chain; 5] = [
        (
            Alg::RS384,
            &|input| bare::rs384(private, input, &mut rand::rng()),
            &|input, sig| bare::rs384_verify(public, input, sig),
        ),
        (
            Alg::RS512,
            &|input| bare::rs512(private, input, &mut rand::rng()),
            &|input, sig| bare::rs512_verify(public, input, sig),
        ),
        (
            Alg::PS256,
            &|input| bare::ps256(private, input, &mut rand::rng()),
            &|input, sig| bare::ps256_verify(public, input, sig),
        ),
        (
            Alg::PS384,
            &|input| bare::ps384(private, input, &mut rand::rng()),
            &|input, sig| bare::ps384_verify(public, input, sig),
        ),
        (
            Alg::PS512,
            &|input| bare::ps512(private, input, &mut rand::rng()),
            &|input, sig| bare::ps512_verify(public, input, sig),
        ),
    ];
    for (alg, sign, verify) in rsa {
        jwt(c, Scope::Alone, alg, &k.rsa, sign, verify);
    }
    // RS256 and PS256 on larger moduli: one generated key of 3072 bits, and the tests'
    // 4096-bit key.
    let rsa3072 = Jwk::generate(KeySpec::Rsa(3072)).unwrap();
    let rsa4096 = Jwk::from_json(
        include_str!("../../tests/vectors/keys/rsa4096_private.json").as_bytes(),
    )
    .unwrap();
    for (bits, key) in [(3072, &rsa3072), (4096, &rsa4096)] {
        let Key::Rsa(rsa) = key.key() else {
            unreachable!()
        };
        let (private, public) = (rsa.private_key().unwrap(), rsa.public_key());
        let sized: [Chain; 2] = [
            (
                Alg::RS256,
                &|input| bare::rs256(private, input, &mut rand::rng()),
                &|input, sig| bare::rs256_verify(public, input, sig),
            ),
            (
                Alg::PS256,
                &|input| bare::ps256(private, input, &mut rand::rng()),
                &|input, sig| bare::ps256_verify(public, input, sig),
            ),
        ];
        for (alg, sign, verify) in sized {
            jwt(c, Scope::Sized(bits), alg, key, sign, verify);
        }
    }

    let p384 = Jwk::generate(KeySpec::Ec(EcCurve::P384)).unwrap();
    let p521 = Jwk::generate(KeySpec::Ec(EcCurve::P521)).unwrap();
    let k256 = Jwk::generate(KeySpec::Ec(EcCurve::Secp256k1)).unwrap();
    let (Key::Ec(EcKey::P384(a)), Key::Ec(EcKey::P521(b)), Key::Ec(EcKey::Secp256k1(d))) =
        (p384.key(), p521.key(), k256.key())
    else {
        unreachable!()
    };
    let ecdsa: [Chain; 3] = [
        (
            Alg::ES384,
            &|input| bare::es384(a.signing_key().unwrap(), input),
            &|input, sig| bare::es384_verify(a.verifying_key(), input, sig),
        ),
        (
            Alg::ES512,
            &|input| bare::es512(b.signing_key().unwrap(), input),
            &|input, sig| bare::es512_verify(b.verifying_key(), input, sig),
        ),
        (
            Alg::ES256K,
            &|input| bare::es256k(d.signing_key().unwrap(), input),
            &|input, sig| bare::es256k_verify(d.verifying_key(), input, sig),
        ),
    ];
    for ((alg, sign, verify), key) in ecdsa.into_iter().zip([&p384, &p521, &k256]) {
        jwt(c, Scope::Alone, alg, key, sign, verify);
    }

    let ml_dsa: Vec<Jwk> = [Alg::ML_DSA_44, Alg::ML_DSA_65, Alg::ML_DSA_87]
        .into_iter()
        .map(|alg| Jwk::generate(KeySpec::Akp(alg)).unwrap())
        .collect();
    let (Key::Akp(AkpKey::MlDsa44(a)), Key::Akp(AkpKey::MlDsa65(b)), Key::Akp(AkpKey::MlDsa87(d))) =
        (ml_dsa[0].key(), ml_dsa[1].key(), ml_dsa[2].key())
    else {
        unreachable!()
    };
    let chains: [Chain; 3] = [
        (
            Alg::ML_DSA_44,
            &|input| bare::ml_dsa(a.signing_key().unwrap(), input, &mut rand::rng()),
            &|input, sig| bare::ml_dsa_verify(a.verifying_key(), input, sig),
        ),
        (
            Alg::ML_DSA_65,
            &|input| bare::ml_dsa(b.signing_key().unwrap(), input, &mut rand::rng()),
            &|input, sig| bare::ml_dsa_verify(b.verifying_key(), input, sig),
        ),
        (
            Alg::ML_DSA_87,
            &|input| bare::ml_dsa(d.signing_key().unwrap(), input, &mut rand::rng()),
            &|input, sig| bare::ml_dsa_verify(d.verifying_key(), input, sig),
        ),
    ];
    for ((alg, sign, verify), key) in chains.into_iter().zip(&ml_dsa) {
        jwt(c, Scope::Alone, alg, key, sign, verify);
    }
}

/// A nested JWT (RFC 7519 §5.2): ES256-signed claims encrypted with A256KW + A256GCM, and
/// decrypted, verified and validated. The bare chain signs the signing input, then encrypts
/// a token's worth of bytes; it decrypts them, then verifies.
fn nested(c: &mut Criterion) {
    let k = keys();
    let Key::Ec(EcKey::P256(p256)) = k.p256.key() else {
        unreachable!()
    };
    let (signing, verifying) = (p256.signing_key().unwrap(), p256.verifying_key());
    let kek = secret(&k.aes256).to_vec();
    let claims = claims();
    let signer = jose_jwt::Signer::new(&Header::new(Alg::ES256), &k.p256).unwrap();
    let jwe_header = JweHeader::new(KeyAlg::A256KW, Enc::A256GCM);
    let jws = signer.sign(&claims).unwrap();
    let token = jose_jwt::nested::encrypt(&jws, &jwe_header, &k.aes256).unwrap();
    let (public, validation) = (k.p256.to_public().unwrap(), validation(Alg::ES256));
    let decrypter = Decrypter::new([KeyAlg::A256KW], [Enc::A256GCM]);
    let (input, sig) = (signing_input(&jws).to_vec(), signature(&jws));
    let aad = token.split('.').next().unwrap().as_bytes().to_vec();
    let sealed = bare::kw_gcm(&kek, &aad, jws.as_bytes(), &mut rand::rng());
    let mut group = c.benchmark_group("JWT nested ES256+A256KW+A256GCM");
    group.bench_function("encrypt-bare", |b| {
        b.iter(|| {
            black_box(bare::es256(signing, black_box(&input)));
            bare::kw_gcm(&kek, &aad, jws.as_bytes(), &mut rand::rng())
        })
    });
    group.bench_function("encrypt-jose", |b| {
        b.iter(|| {
            let jws = signer.sign(black_box(&claims)).unwrap();
            jose_jwt::nested::encrypt(&jws, &jwe_header, &k.aes256).unwrap()
        })
    });
    group.bench_function("decrypt-bare", |b| {
        b.iter(|| {
            let jws = bare::kw_gcm_open(&kek, &aad, black_box(&sealed));
            assert!(bare::es256_verify(
                verifying,
                signing_input_bytes(&jws),
                &sig
            ));
        })
    });
    group.bench_function("decrypt-jose", |b| {
        b.iter(|| {
            jose_jwt::nested::decrypt_and_verify::<Claims>(
                black_box(&token),
                &k.aes256,
                &decrypter,
                &public,
                &validation,
            )
            .unwrap()
            .claims
        })
    });
    group.finish();
}

/// The signing input of a compact JWS's bytes.
fn signing_input_bytes(jws: &[u8]) -> &[u8] {
    &jws[..jws.iter().rposition(|b| *b == b'.').unwrap()]
}

/// JWE encrypt and decrypt for one `alg` and `enc`, with the bare chain's.
fn jwe(
    c: &mut Criterion,
    name: &str,
    (alg, enc): (KeyAlg, Enc),
    key: &Jwk,
    bare_seal: &dyn Fn(&[u8], &[u8]) -> bare::Sealed,
    bare_open: &dyn Fn(&[u8], &bare::Sealed) -> Vec<u8>,
) {
    let plaintext = plaintext();
    let header = JweHeader::new(alg, enc);
    let public = key.to_public().unwrap_or_else(|_| key.clone());
    let token = jose_jwe::compact::encrypt(&header, &plaintext, &public).unwrap();
    let aad = token.split('.').next().unwrap().as_bytes().to_vec();
    let sealed = bare_seal(&aad, &plaintext);
    assert_eq!(bare_open(&aad, &sealed), plaintext);
    let decrypter = Decrypter::new([alg], [enc]);
    let mut group = c.benchmark_group(name);
    group.bench_function("encrypt-bare", |b| {
        b.iter(|| bare_seal(&aad, black_box(&plaintext)))
    });
    group.bench_function("encrypt-jose", |b| {
        b.iter(|| jose_jwe::compact::encrypt(&header, black_box(&plaintext), &public).unwrap())
    });
    group.bench_function("decrypt-bare", |b| {
        b.iter(|| bare_open(&aad, black_box(&sealed)))
    });
    group.bench_function("decrypt-jose", |b| {
        b.iter(|| {
            decrypter
                .decrypt_compact(black_box(&token), key)
                .unwrap()
                .plaintext
        })
    });
    for peer in jwe_peers(name, key) {
        let token = (peer.encrypt)(&plaintext);
        let expected = match peer.encrypts {
            Encrypts::Plaintext => plaintext.clone(),
            Encrypts::Claims => claims().jti.into_bytes(),
        };
        assert_eq!((peer.decrypt)(&token), expected, "{}", peer.name);
        group.bench_function(format!("encrypt-{}", peer.name), |b| {
            b.iter(|| (peer.encrypt)(black_box(&plaintext)))
        });
        group.bench_function(format!("decrypt-{}", peer.name), |b| {
            b.iter(|| (peer.decrypt)(black_box(&token)))
        });
    }
    group.finish();
}

fn jwe_all(c: &mut Criterion) {
    let k = keys();
    let dir = secret(&k.aes256_dir).to_vec();
    jwe(
        c,
        "dir+A256GCM",
        (KeyAlg::Dir, Enc::A256GCM),
        &k.aes256_dir,
        &|aad, pt| bare::dir_gcm(&dir, aad, pt, &mut rand::rng()),
        &|aad, s| bare::dir_gcm_open(&dir, aad, s),
    );
    let kek = secret(&k.aes256).to_vec();
    jwe(
        c,
        "A256KW+A256GCM",
        (KeyAlg::A256KW, Enc::A256GCM),
        &k.aes256,
        &|aad, pt| bare::kw_gcm(&kek, aad, pt, &mut rand::rng()),
        &|aad, s| bare::kw_gcm_open(&kek, aad, s),
    );
    jwe(
        c,
        "A256GCMKW+A256GCM",
        (KeyAlg::A256GCMKW, Enc::A256GCM),
        &k.aes256,
        &|aad, pt| bare::gcmkw_gcm(&kek, aad, pt, &mut rand::rng()),
        &|aad, s| bare::gcmkw_gcm_open(&kek, aad, s),
    );
    jwe(
        c,
        "A256KW+A256CBC-HS512",
        (KeyAlg::A256KW, Enc::A256CBC_HS512),
        &k.aes256,
        &|aad, pt| bare::kw_cbc(&kek, aad, pt, &mut rand::rng()),
        &|aad, s| bare::kw_cbc_open(&kek, aad, s),
    );
    let Key::Rsa(rsa) = k.rsa_oaep.key() else {
        unreachable!()
    };
    let (private, public) = (rsa.private_key().unwrap().clone(), rsa.public_key().clone());
    jwe(
        c,
        "RSA-OAEP-256+A256GCM",
        (KeyAlg::RSA_OAEP_256, Enc::A256GCM),
        &k.rsa_oaep,
        &|aad, pt| bare::oaep_gcm(&public, aad, pt, &mut rand::rng()),
        &|aad, s| bare::oaep_gcm_open(&private, aad, s, &mut rand::rng()),
    );
    let Key::Ec(EcKey::P256(p256)) = k.p256_ecdh.key() else {
        unreachable!()
    };
    let secret_key =
        jose_jwk::primitives::p256::SecretKey::from_bytes(&p256.signing_key().unwrap().to_bytes())
            .unwrap();
    let public_key = p256.public_key();
    jwe(
        c,
        "ECDH-ES+A256KW+A256GCM",
        (KeyAlg::ECDH_ES_A256KW, Enc::A256GCM),
        &k.p256_ecdh,
        &|aad, pt| bare::ecdh_gcm(&public_key, aad, pt, &mut rand::rng()),
        &|aad, s| bare::ecdh_gcm_open(&secret_key, aad, s),
    );
}

/// Parsing alone: keys, compact tokens, and a `kid` lookup in sets of 1, 16 and 256 keys.
fn parsing(c: &mut Criterion) {
    let k = keys();
    let mut group = c.benchmark_group("parse");
    // The public RSA row is mostly the key's own checks: the Montgomery parameters and the
    // ROCA fingerprint (38 residues of the modulus).
    let rsa_public = k.rsa.to_public().unwrap();
    for (name, jwk) in [
        ("RSA private JWK", &k.rsa),
        ("RSA public JWK", &rsa_public),
        ("P-256 private JWK", &k.p256),
    ] {
        let json = jwk.to_json().unwrap();
        group.bench_function(name, |b| {
            b.iter(|| Jwk::from_json(black_box(json.as_bytes())))
        });
    }
    let token = jose_jwt::sign(&Header::new(Alg::HS256), &claims(), &k.hmac).unwrap();
    group.bench_function("compact JWS, unverified", |b| {
        b.iter(|| jose_jws::dangerous::decode_unverified(black_box(&token)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("JWK Set lookup");
    for size in [1usize, 16, 256] {
        let set: JwkSet = (0..size)
            .map(|i| {
                Jwk::generate(jose_jwk::KeySpec::Oct(256))
                    .unwrap()
                    .with_kid(format!("key-{i}"))
                    .unwrap()
            })
            .collect();
        let kid = format!("key-{}", size / 2);
        group.bench_function(format!("{size} keys"), |b| {
            b.iter(|| {
                set.select(Some(black_box(&kid)), Alg::HS256, KeyOp::Verify)
                    .unwrap()
                    .count()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, jws, jws_others, nested, jwe_all, parsing);
criterion_main!(benches);
