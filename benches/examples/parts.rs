#![allow(clippy::unwrap_used, missing_docs)]
use jose_benches::{Claims, bare, claims, secret};
use jose_core::alg::Alg;
use jose_jwk::{Jwk, KeySpec};
use jose_jwt::{Header, Validation};
use std::hint::black_box;
use std::time::Instant;

fn time(name: &str, mut f: impl FnMut()) {
    let mut best = f64::MAX;
    for _ in 0..std::env::var("REPS")
        .map(|v| v.parse().unwrap())
        .unwrap_or(30)
    {
        let n = 2000;
        let t = Instant::now();
        for _ in 0..n {
            f()
        }
        best = best.min(t.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("{name:12} {best:8.0} ns");
}

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    struct K {
        hmac: Jwk,
    }
    let k = K {
        hmac: Jwk::generate(KeySpec::Oct(32)).unwrap(),
    };
    let claims = claims();
    let payload = serde_json::to_vec(&claims).unwrap();
    let header = Header::new(Alg::HS256);
    let hmac = secret(&k.hmac).to_vec();
    let token = jose_jwt::sign(&header, &claims, &k.hmac).unwrap();
    let input = token.as_bytes()[..token.rfind('.').unwrap()].to_vec();
    let v = Validation::new([Alg::HS256])
        .issuer("https://issuer.example.com")
        .audience("https://api.example.com");
    let verifier = jose_jws::Verifier::new([Alg::HS256]);
    let e = jose_core::b64::encode_public(&payload);
    let signer = jose_jwt::Signer::new(&header, &k.hmac).unwrap();
    let dirkey = Jwk::generate(KeySpec::Oct(32)).unwrap();
    let plaintext = jose_benches::plaintext();
    let jweh = jose_jwe::Header::new(jose_core::alg::KeyAlg::Dir, jose_core::alg::Enc::A256GCM);
    let jwe = jose_jwe::compact::encrypt(&jweh, &plaintext, &dirkey).unwrap();
    let decrypter = jose_jwe::Decrypter::new(
        [jose_core::alg::KeyAlg::Dir],
        [jose_core::alg::Enc::A256GCM],
    );
    let ops: Vec<(&str, Box<dyn FnMut()>)> = vec![
        (
            "dir-enc",
            Box::new(|| {
                black_box(
                    jose_jwe::compact::encrypt(&jweh, black_box(&plaintext), &dirkey).unwrap(),
                );
            }),
        ),
        (
            "dir-dec",
            Box::new(|| {
                black_box(decrypter.decrypt_compact(black_box(&jwe), &dirkey).unwrap());
            }),
        ),
        (
            "signer",
            Box::new(|| {
                black_box(signer.sign(black_box(&claims)).unwrap());
            }),
        ),
        (
            "bare",
            Box::new(|| {
                black_box(bare::hs256(&hmac, black_box(&input)));
            }),
        ),
        (
            "to_vec",
            Box::new(|| {
                black_box(serde_json::to_vec(black_box(&claims)).unwrap());
            }),
        ),
        (
            "select",
            Box::new(|| {
                black_box(
                    jose_core::json::select_members(black_box(&payload), usize::MAX, |n| {
                        matches!(n, "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti")
                    })
                    .unwrap(),
                );
            }),
        ),
        (
            "parse_object",
            Box::new(|| {
                black_box(jose_core::json::parse_object(black_box(&payload), 32).unwrap());
            }),
        ),
        (
            "watched",
            Box::new(|| {
                black_box(
                    jose_core::json::from_slice_watched::<Claims>(
                        black_box(&payload),
                        32,
                        |n| matches!(n, "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti"),
                        |_, v| {
                            black_box(v);
                        },
                    )
                    .unwrap(),
                );
            }),
        ),
        (
            "watched-none",
            Box::new(|| {
                black_box(
                    jose_core::json::from_slice_watched::<Claims>(
                        black_box(&payload),
                        32,
                        |_| false,
                        |_, _| {},
                    )
                    .unwrap(),
                );
            }),
        ),
        (
            "from_slice",
            Box::new(|| {
                black_box(serde_json::from_slice::<Claims>(black_box(&payload)).unwrap());
            }),
        ),
        (
            "b64",
            Box::new(|| {
                black_box(jose_core::b64::encode_public(black_box(&payload)));
            }),
        ),
        (
            "b64dec",
            Box::new(|| {
                black_box(jose_core::b64::decode_public(black_box(&e)).unwrap());
            }),
        ),
        (
            "header",
            Box::new(|| {
                let mut s = String::new();
                black_box(&header)
                    .encode_into(&mut s, &[None, Some(("typ", "JWT"))])
                    .unwrap();
                black_box(s);
            }),
        ),
        (
            "jws",
            Box::new(|| {
                black_box(jose_jws::compact::sign(&header, black_box(&payload), &k.hmac).unwrap());
            }),
        ),
        (
            "jwt",
            Box::new(|| {
                black_box(jose_jwt::sign(&header, black_box(&claims), &k.hmac).unwrap());
            }),
        ),
        (
            "jws-verify",
            Box::new(|| {
                black_box(
                    verifier
                        .verify_compact(black_box(&token), &k.hmac)
                        .unwrap()
                        .into_parts(),
                );
            }),
        ),
        (
            "jwt-verify",
            Box::new(|| {
                black_box(jose_jwt::verify::<Claims>(black_box(&token), &k.hmac, &v).unwrap());
            }),
        ),
    ];
    for (name, mut f) in ops {
        if filter.is_empty() || name == filter {
            time(name, &mut f);
        }
    }
}
