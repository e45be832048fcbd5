//! Heap allocations per operation, which criterion does not count: every operation of the
//! benchmarks runs under a counting global allocator (`stats_alloc`). Writes
//! `results/allocations.json` for `report.py`.
//!
//!     cargo run --release --bin allocations --no-default-features

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::alloc::System;
use std::hint::black_box;

use jose_benches::{Claims, claims, keys, plaintext};
use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_jwe::{Decrypter, Header as JweHeader};
use jose_jwt::{Header, Validation};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static HEAP: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and bytes per call of `op`, once warm (keys' kept HMAC schedules, the RNG).
fn allocations(mut op: impl FnMut()) -> (f64, f64) {
    const RUNS: usize = 200;
    op();
    let region = Region::new(HEAP);
    for _ in 0..RUNS {
        op();
    }
    let change = region.change();
    (
        change.allocations as f64 / RUNS as f64,
        change.bytes_allocated as f64 / RUNS as f64,
    )
}

fn validation(alg: Alg) -> Validation {
    Validation::new([alg])
        .issuer("https://issuer.example.com")
        .audience("https://api.example.com")
}

fn main() {
    let k = keys();
    let claims = claims();
    let plaintext = plaintext();
    let mut rows = Vec::new();

    for (alg, key) in [
        (Alg::HS256, &k.hmac),
        (Alg::RS256, &k.rsa),
        (Alg::ES256, &k.p256),
        (Alg::EdDSA, &k.ed25519),
    ] {
        let header = Header::new(alg);
        let public = key.to_public().unwrap_or_else(|_| key.clone());
        let signer = jose_jwt::Signer::new(&header, key).unwrap();
        let token = signer.sign(&claims).unwrap();
        let v = validation(alg);
        let sign = allocations(|| {
            black_box(signer.sign(black_box(&claims)).unwrap());
        });
        let oneshot = allocations(|| {
            black_box(jose_jwt::sign(&header, black_box(&claims), key).unwrap());
        });
        let verify = allocations(|| {
            black_box(jose_jwt::verify::<Claims>(black_box(&token), &public, &v).unwrap());
        });
        rows.push((format!("{alg} JWT sign (`Signer`)"), sign));
        rows.push((format!("{alg} JWT sign (`jwt::sign`)"), oneshot));
        rows.push((format!("{alg} JWT verify+validate into a struct"), verify));
    }
    for (name, alg, enc, key) in [
        ("dir + A256GCM", KeyAlg::Dir, Enc::A256GCM, &k.aes256_dir),
        ("A256KW + A256GCM", KeyAlg::A256KW, Enc::A256GCM, &k.aes256),
        (
            "A256GCMKW + A256GCM",
            KeyAlg::A256GCMKW,
            Enc::A256GCM,
            &k.aes256,
        ),
        (
            "A256KW + A256CBC-HS512",
            KeyAlg::A256KW,
            Enc::A256CBC_HS512,
            &k.aes256,
        ),
        (
            "RSA-OAEP-256 + A256GCM",
            KeyAlg::RSA_OAEP_256,
            Enc::A256GCM,
            &k.rsa_oaep,
        ),
        (
            "ECDH-ES+A256KW + A256GCM",
            KeyAlg::ECDH_ES_A256KW,
            Enc::A256GCM,
            &k.p256_ecdh,
        ),
    ] {
        let header = JweHeader::new(alg, enc);
        let public = key.to_public().unwrap_or_else(|_| key.clone());
        let token = jose_jwe::compact::encrypt(&header, &plaintext, &public).unwrap();
        let decrypter = Decrypter::new([alg], [enc]);
        let encrypt = allocations(|| {
            black_box(jose_jwe::compact::encrypt(&header, black_box(&plaintext), &public).unwrap());
        });
        let decrypt = allocations(|| {
            black_box(decrypter.decrypt_compact(black_box(&token), key).unwrap());
        });
        rows.push((format!("{name} encrypt"), encrypt));
        rows.push((format!("{name} decrypt"), decrypt));
    }

    // A key's tables are allocated when they are built (its second verification), not when
    // it is parsed: a key parsed and used once pays nothing for them.
    let document = k.p256.to_public().unwrap().to_json().unwrap();
    let token = jose_jws::compact::sign(&jose_jws::Header::new(Alg::ES256), b"payload", &k.p256)
        .unwrap();
    let verifier = jose_jws::Verifier::new([Alg::ES256]);
    let once = |uses: usize| {
        let (document, token, verifier) = (&document, &token, &verifier);
        move || {
            let key = jose_jwk::Jwk::from_json(black_box(document.as_bytes())).unwrap();
            for _ in 0..uses {
                black_box(verifier.verify_compact(black_box(token), &key).unwrap());
            }
        }
    };
    let parse = allocations(|| {
        black_box(jose_jwk::Jwk::from_json(black_box(document.as_bytes())).unwrap());
    });
    let (one, two, three) = (allocations(once(1)), allocations(once(2)), allocations(once(3)));
    let minus = |(a, b): (f64, f64), (c, d): (f64, f64)| (a - c, b - d);
    rows.push(("P-256 public JWK: parse".into(), parse));
    rows.push(("P-256 key: its first ES256 verification".into(), minus(one, parse)));
    rows.push(("P-256 key: its second (its tables built)".into(), minus(two, one)));
    rows.push(("P-256 key: its third (its tables used)".into(), minus(three, two)));

    let json = serde_json::json!({
        "allocations": rows.iter().map(|(what, (n, bytes))| serde_json::json!({
            "what": what, "allocations": n, "bytes": bytes,
        })).collect::<Vec<_>>(),
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("allocations.json"),
        serde_json::to_string_pretty(&json).unwrap(),
    )
    .unwrap();
    for (what, (n, bytes)) in &rows {
        println!("{what:50} {n:6.1} allocations {bytes:8.0} bytes");
    }
}
