//! How verification scales from one thread to two: the token, the key and the validation
//! policy are shared by reference (they are `Send + Sync`), and each thread verifies for a
//! few seconds. The system allocator, uninstrumented. Writes `results/threads.json` for
//! `report.py`.
//!
//!     cargo run --release --bin threads --no-default-features

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use jose_benches::{Claims, claims, keys};
use jose_core::alg::Alg;
use jose_jwk::Jwk;
use jose_jwt::{Header, Validation};

/// Verifications per second on `threads` threads for `time`, each thread verifying the same
/// token with the same key and policy (shared, not copied).
fn throughput(threads: usize, time: Duration, token: &str, key: &Jwk, v: &Validation) -> f64 {
    let done: u64 = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let start = Instant::now();
                    let mut n = 0u64;
                    while start.elapsed() < time {
                        for _ in 0..64 {
                            black_box(
                                jose_jwt::verify::<Claims>(black_box(token), key, v).unwrap(),
                            );
                        }
                        n += 64;
                    }
                    n
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    done as f64 / time.as_secs_f64()
}

fn main() {
    let k = keys();
    let claims = claims();
    // HS256 is bound by JSON and base64, ES256 by elliptic-curve arithmetic.
    let mut scaling = Vec::new();
    for (alg, key) in [(Alg::HS256, &k.hmac), (Alg::ES256, &k.p256)] {
        let public = key.to_public().unwrap_or_else(|_| key.clone());
        let token = jose_jwt::sign(&Header::new(alg), &claims, key).unwrap();
        let v = Validation::new([alg])
            .issuer("https://issuer.example.com")
            .audience("https://api.example.com");
        let time = Duration::from_secs(3);
        throughput(1, Duration::from_millis(300), &token, &public, &v);
        let one = throughput(1, time, &token, &public, &v);
        let two = throughput(2, time, &token, &public, &v);
        scaling.push((format!("{alg} verify+validate"), one, two));
    }
    let json = serde_json::json!({
        "threads": scaling.iter().map(|(what, one, two)| serde_json::json!({
            "what": what, "one": one, "two": two,
        })).collect::<Vec<_>>(),
        "cores": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("results");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("threads.json"),
        serde_json::to_string_pretty(&json).unwrap(),
    )
    .unwrap();
    for (what, one, two) in &scaling {
        println!(
            "{what:30} 1 thread {one:9.0}/s  2 threads {two:9.0}/s  ×{:.2}",
            two / one
        );
    }
}
