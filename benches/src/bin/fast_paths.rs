//! The toolkit's hand-written codecs alone, against the plain alternatives they replace:
//! base64url for public data (tables of symbol pairs) against `base64ct`, and the strict
//! JSON reader into the caller's type (one pass, duplicates refused) against a strict value
//! first, then `serde_json::from_value`. Writes `fast_paths.md`, the section `report.py`
//! puts into docs/performance.md.
//!
//!     cargo run --release --no-default-features --bin fast_paths
//!
//! Each figure is the median of 15 rounds, the contenders taking turns round by round, so
//! that a noisy neighbour slows them alike.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use base64ct::{Base64UrlUnpadded, Encoding};
use jose_benches::{Claims, claims};

/// Nanoseconds per call of each op: median of 15 rounds of about 20 ms each.
fn times_of<const N: usize>(mut ops: [&mut dyn FnMut(); N]) -> [f64; N] {
    // Calls per round, from a first estimate of the slowest op.
    let start = Instant::now();
    for op in ops.iter_mut() {
        op();
    }
    let one = start.elapsed().as_nanos().max(1) as f64;
    let calls = ((20e6 / one) as usize).clamp(50, 2_000_000);
    let mut rounds = [[0f64; 15]; N];
    for round in 0..15 {
        for (op, times) in ops.iter_mut().zip(rounds.iter_mut()) {
            let start = Instant::now();
            for _ in 0..calls {
                op();
            }
            times[round] = start.elapsed().as_nanos() as f64 / calls as f64;
        }
    }
    rounds.map(|mut times| {
        times.sort_by(f64::total_cmp);
        times[7]
    })
}

fn ns(t: f64) -> String {
    if t >= 1000.0 {
        format!("{:.2} µs", t / 1000.0)
    } else {
        format!("{t:.0} ns")
    }
}

fn main() {
    let mut b64 = String::new();
    for (what, len) in [
        ("a JWS header (40 bytes)", 40),
        ("a JWT's claims (350 bytes)", 350),
        ("a 16 KiB payload", 16 * 1024),
    ] {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        let text = Base64UrlUnpadded::encode_string(&bytes);
        assert_eq!(jose_core::b64::encode_public(&bytes), text);
        assert_eq!(jose_core::b64::decode_public(&text).unwrap(), bytes);
        let [ours_enc, plain_enc, ours_dec, plain_dec] = times_of([
            &mut || {
                black_box(jose_core::b64::encode_public(black_box(&bytes)));
            },
            &mut || {
                black_box(Base64UrlUnpadded::encode_string(black_box(&bytes)));
            },
            &mut || {
                black_box(jose_core::b64::decode_public(black_box(&text)).unwrap());
            },
            &mut || {
                black_box(Base64UrlUnpadded::decode_vec(black_box(&text)).unwrap());
            },
        ]);
        println!(
            "{what}: encode {ours_enc:.0} vs {plain_enc:.0} ns, decode {ours_dec:.0} vs {plain_dec:.0} ns"
        );
        writeln!(
            b64,
            "| {what} | {} / {} | {} / {} | ×{:.2} / ×{:.2} |",
            ns(ours_enc),
            ns(ours_dec),
            ns(plain_enc),
            ns(plain_dec),
            ours_enc / plain_enc,
            ours_dec / plain_dec
        )
        .unwrap();
    }

    // HMAC: the key's kept schedule (the hashed pads, computed once) against keying HMAC
    // afresh, over a JWS signing input's length.
    let hmac_row = {
        use hmac::{KeyInit as _, Mac as _};
        let key = jose_jwk::Jwk::generate(jose_jwk::KeySpec::Oct(256)).unwrap();
        let jose_jwk::Key::Oct(oct) = key.key() else {
            unreachable!()
        };
        let secret = oct.as_bytes().to_vec();
        let input = vec![b'a'; 400];
        let kept = || {
            let mut mac = oct.hmac_sha256().unwrap();
            mac.update(&input);
            mac.finalize().into_bytes()
        };
        let fresh = || {
            let mut mac = hmac::Hmac::<jose_jwk::primitives::sha2::Sha256>::new_from_slice(&secret).unwrap();
            mac.update(&input);
            mac.finalize().into_bytes()
        };
        assert_eq!(kept(), fresh());
        let [kept_t, fresh_t] = times_of([
            &mut || {
                black_box(kept());
            },
            &mut || {
                black_box(fresh());
            },
        ]);
        println!("HMAC-SHA-256 over 400 bytes: kept {kept_t:.0}, fresh {fresh_t:.0} ns");
        format!(
            "| HMAC-SHA-256 of a 400-byte signing input | {} | {} | ×{:.2} |\n",
            ns(kept_t),
            ns(fresh_t),
            kept_t / fresh_t
        )
    };

    let payload = serde_json::to_vec(&claims()).unwrap();
    let depth = jose_core::Limits::DEFAULT.max_json_depth();
    let one_pass = || {
        jose_core::internal::from_slice_watched::<Claims>(&payload, depth, |_| false, |_, _| {})
            .unwrap()
    };
    let two_steps = || {
        let value = jose_core::json::parse_value(&payload, depth).unwrap();
        serde_json::from_value::<Claims>(value).unwrap()
    };
    assert_eq!(one_pass(), two_steps());
    let [ours, strict_value, lax] = times_of([
        &mut || {
            black_box(one_pass());
        },
        &mut || {
            black_box(two_steps());
        },
        &mut || {
            black_box(serde_json::from_slice::<Claims>(black_box(&payload)).unwrap());
        },
    ]);
    println!("claims: one pass {ours:.0}, strict value then type {strict_value:.0}, lax {lax:.0} ns");

    let text = format!(
        "## The hand-written codecs alone\n\n\
         `src/bin/fast_paths.rs` times the toolkit's own base64url and JSON code alone against\n\
         the plain alternative it replaces, the contenders taking turns (medians of 15\n\
         rounds).\n\n\
         base64url of public data (headers, payloads, signatures: never a key), with tables\n\
         of symbol pairs, against `base64ct` (constant-time, which secrets still use):\n\n\
         | input | toolkit encode / decode | `base64ct` encode / decode | ratio |\n\
         |---|---:|---:|---:|\n{b64}\n\
         A JWT's claims ({} bytes) into the benchmark's struct, strictly (no duplicate member, a\n\
         depth limit):\n\n\
         | reader | time | ratio |\n|---|---:|---:|\n\
         | the toolkit's one pass (`from_slice_watched`) | {} | ×1.00 |\n\
         | a strict value (`parse_value`), then `serde_json::from_value` | {} | ×{:.2} |\n\
         | for scale: `serde_json::from_slice`, which keeps the last of two members | {} | ×{:.2} |\n\n\
         An HMAC key's schedule (its hashed pads) kept by the key once computed, against\n\
         keying HMAC afresh for each signature:\n\n\
         | operation | kept | fresh | ratio |\n|---|---:|---:|---:|\n{hmac_row}\n\
         The tables of multiples for ECDSA, ECDH and Ed25519 have their figures in the first\n\
         table: the bare RustCrypto chain there is the upstream path they replace (ES256\n\
         verification, EdDSA verification, ECDH-ES encryption to a recipient key).\n",
        payload.len(),
        ns(ours),
        ns(strict_value),
        strict_value / ours,
        ns(lax),
        lax / ours,
    );
    let path = format!("{}/fast_paths.md", env!("CARGO_MANIFEST_DIR"));
    std::fs::write(&path, text).unwrap();
    println!("wrote {path}");
}
