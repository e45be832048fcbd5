//! Every operation of the toolkit beside the bare RustCrypto chain it is made of (and, where
//! they have it, the JOSE crates people use). Group = operation; function = who does it.
//! `benches/run` turns the medians into docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jose_benches::peers::{Encrypts, jwe_peers, jwt_peers};
use jose_benches::{Claims, bare, claims, keys, plaintext, secret};
use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_jwe::{Decrypter, Header as JweHeader};
use jose_jwk::{EcKey, Jwk, JwkSet, Key, KeyOp, OkpKey};
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

/// JWT sign and verify+validate, for one algorithm, with its bare sign and verify.
fn jwt(
    c: &mut Criterion,
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
    let mut group = c.benchmark_group(alg.as_str());
    group.bench_function("sign-bare", |b| b.iter(|| bare_sign(black_box(&input))));
    // A service makes its signer once (header encoded, key checked); `jwt::sign` does it per
    // call.
    let signer = jose_jwt::Signer::new(&header, key).unwrap();
    group.bench_function("sign-jose", |b| {
        b.iter(|| signer.sign(black_box(&claims)).unwrap())
    });
    group.bench_function("sign-jose-oneshot", |b| {
        b.iter(|| jose_jwt::sign(&header, black_box(&claims), key).unwrap())
    });
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
    for peer in jwt_peers(alg, key) {
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
        Alg::ES256,
        &k.p256,
        &|input| bare::es256(&signing, input),
        &|input, sig| bare::es256_verify(&verifying, input, sig),
    );
    let Key::Okp(OkpKey::Ed25519 {
        private: Some(ed),
        public: ed_public,
        ..
    }) = k.ed25519.key()
    else {
        unreachable!()
    };
    let (ed, ed_public) = (ed.clone(), *ed_public);
    jwt(
        c,
        Alg::EdDSA,
        &k.ed25519,
        &|input| bare::ed25519(&ed, input),
        &|input, sig| bare::ed25519_verify(&ed_public, input, sig),
    );
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
    for (name, jwk) in [("RSA private JWK", &k.rsa), ("P-256 private JWK", &k.p256)] {
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
                Jwk::generate(jose_jwk::KeySpec::Oct(32))
                    .unwrap()
                    .with_kid(format!("key-{i}"))
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

criterion_group!(benches, jws, jwe_all, parsing);
criterion_main!(benches);
