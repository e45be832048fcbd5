//! The resource limits of DESIGN.md's "Security defaults", measured: each hostile input is
//! refused with `LimitExceeded`, and the time and the peak heap it took are recorded (and
//! bounded, with room for a slow machine). `docs/security.md` quotes the figures this test
//! prints (`cargo test -p jose-tests --test limits -- --nocapture`).
//!
//! One test function, run alone in its own binary: the heap is counted by a global allocator
//! that every thread shares.

use std::time::{Duration, Instant};

use jose_core::alg::{Alg, Enc, KeyAlg};
use jose_core::{ErrorKind, b64};
use jose_jwe::{Decrypter, Header as JweHeader};
use jose_jwk::{Jwk, JwkSet, Key, OctKey};
use jose_jws::{Header as JwsHeader, Verifier};
use peakmem_alloc::{INSTRUMENTED_SYSTEM, PeakMemAlloc, PeakMemAllocTrait};

#[global_allocator]
static HEAP: &PeakMemAlloc<std::alloc::System> = &INSTRUMENTED_SYSTEM;

const MIB: usize = 1 << 20;

/// Runs `f`, returning what it returned, how long it took and the most heap it held at once
/// beyond what was held before.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Duration, usize) {
    HEAP.reset_peak_memory();
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    (out, took, HEAP.get_peak_memory())
}

struct Case {
    what: &'static str,
    input: usize,
    took: Duration,
    peak: usize,
}

/// Checks that `f` fails with `LimitExceeded` within `max_time` and `max_peak` bytes.
fn refused<T: std::fmt::Debug>(
    cases: &mut Vec<Case>,
    what: &'static str,
    input: usize,
    max_time: Duration,
    max_peak: usize,
    f: impl FnOnce() -> Result<T, jose_core::Error>,
) {
    let (result, took, peak) = measure(f);
    let error = result.expect_err(what);
    assert_eq!(error.kind(), ErrorKind::LimitExceeded, "{what}: {error}");
    assert!(took <= max_time, "{what}: took {took:?}");
    assert!(peak <= max_peak, "{what}: held {peak} bytes of heap");
    cases.push(Case {
        what,
        input,
        took,
        peak,
    });
}

fn oct(bytes: &[u8]) -> Jwk {
    Jwk::new(Key::Oct(OctKey::new(bytes.to_vec()).unwrap()))
}

/// A compact JWE with this protected header and well-formed, meaningless other parts.
fn jwe_with_header(header: &str) -> String {
    [
        b64::encode(header.as_bytes()),
        b64::encode([7u8; 24]),
        b64::encode([7u8; 12]),
        b64::encode(b"ciphertext"),
        b64::encode([7u8; 16]),
    ]
    .join(".")
}

#[test]
fn hostile_inputs_are_refused_within_bounded_time_and_memory() {
    let second = Duration::from_secs(1);
    let mut cases = Vec::new();
    let hmac = oct(&[1u8; 32]);
    let hs256 = Verifier::new([Alg::HS256]);

    // PBES2: the largest p2c a header can carry is refused before any derivation.
    let password = oct(b"correct horse battery staple");
    let pbes2 = Decrypter::new([KeyAlg::PBES2_HS256_A128KW], [Enc::A128GCM]);
    let token = jwe_with_header(&format!(
        r#"{{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"{}","p2c":{}}}"#,
        b64::encode([9u8; 16]),
        u32::MAX
    ));
    refused(
        &mut cases,
        "PBES2 p2c = 2^32-1",
        token.len(),
        second,
        64 * 1024,
        || pbes2.decrypt_compact(&token, &password),
    );
    let token = jwe_with_header(&format!(
        r#"{{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"{}","p2c":10001}}"#,
        b64::encode([9u8; 16])
    ));
    refused(
        &mut cases,
        "PBES2 p2c = 10,001 (default cap 10,000)",
        token.len(),
        second,
        64 * 1024,
        || pbes2.decrypt_compact(&token, &password),
    );

    // PBES2 at the cap, in every one of 16 recipients: at most 4 derivations, then refused.
    let recipient = format!(
        r#"{{"header":{{"alg":"PBES2-HS256+A128KW","p2s":"{}","p2c":10000}},"encrypted_key":"{}"}}"#,
        b64::encode([9u8; 16]),
        b64::encode([7u8; 24])
    );
    let json = format!(
        r#"{{"protected":"{}","recipients":[{}],"iv":"{}","ciphertext":"{}","tag":"{}"}}"#,
        b64::encode(br#"{"enc":"A128GCM"}"#),
        vec![recipient; 16].join(","),
        b64::encode([7u8; 12]),
        b64::encode(b"ciphertext"),
        b64::encode([7u8; 16]),
    );
    refused(
        &mut cases,
        "PBES2 p2c = 10,000 in 16 recipients (4 derivations, then refused)",
        json.len(),
        second,
        256 * 1024,
        || pbes2.decrypt_json(json.as_bytes(), &password),
    );

    // A DEF bomb: 64 MiB of zeros, deflated into a token of about 90 KB. Inflation stops at
    // the cap (250,000 bytes), never after.
    let key = oct(&[3u8; 32]);
    let zeros = vec![0u8; 64 * MIB];
    let bomb = jose_jwe::compact::encrypt(
        &JweHeader::new(KeyAlg::Dir, Enc::A256GCM).with_zip(),
        &zeros,
        &key,
    )
    .unwrap();
    drop(zeros);
    let dir = Decrypter::new([KeyAlg::Dir], [Enc::A256GCM]);
    refused(
        &mut cases,
        "DEF bomb: 64 MiB of zeros deflated",
        bomb.len(),
        second,
        2 * MIB,
        || dir.decrypt_compact(&bomb, &key),
    );

    // A token one byte over 1 MiB is refused before it is split.
    let header = JwsHeader::new(Alg::HS256);
    let payload = vec![b'a'; 700 * 1024];
    let signed = jose_jws::compact::sign(&header, &payload, &hmac).unwrap();
    let mut over = signed.clone();
    over.push_str(&"A".repeat(MIB + 1 - signed.len()));
    refused(
        &mut cases,
        "JWS of 1 MiB + 1 byte",
        over.len(),
        second,
        64 * 1024,
        || hs256.verify_compact(&over, &hmac),
    );
    let jwe_over = format!("{bomb}{}", "A".repeat(MIB + 1 - bomb.len()));
    refused(
        &mut cases,
        "JWE of 1 MiB + 1 byte",
        jwe_over.len(),
        second,
        64 * 1024,
        || dir.decrypt_compact(&jwe_over, &key),
    );

    // JSON nested 100,000 deep, in a JWS header, a JWT's claims and a JWK.
    let deep = format!(
        r#"{{"alg":"HS256","x":{}1{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let token = format!(
        "{}.{}.{}",
        b64::encode(deep.as_bytes()),
        b64::encode(b"{}"),
        b64::encode([0u8; 32])
    );
    refused(
        &mut cases,
        "JWS header nested 100,000 deep",
        token.len(),
        second,
        4 * MIB,
        || hs256.verify_compact(&token, &hmac),
    );
    let claims = format!(r#"{{"x":{}1{}}}"#, "[".repeat(100_000), "]".repeat(100_000));
    let jwt = jose_jws::compact::sign(&header, claims.as_bytes(), &hmac).unwrap();
    let validation = jose_jwt::Validation::new([Alg::HS256]);
    refused(
        &mut cases,
        "JWT claims nested 100,000 deep",
        jwt.len(),
        second,
        4 * MIB,
        || jose_jwt::verify::<serde_json::Value>(&jwt, &hmac, &validation),
    );
    let jwk = format!(
        r#"{{"kty":"oct","k":"AAAA","x":{}1{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    refused(
        &mut cases,
        "JWK nested 100,000 deep",
        jwk.len(),
        second,
        4 * MIB,
        || Jwk::from_json(jwk.as_bytes()),
    );

    // A JWK Set of 10,000 keys (the limit is 256).
    let key_json = r#"{"kty":"oct","k":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}"#;
    let set = format!(r#"{{"keys":[{}]}}"#, vec![key_json; 10_000].join(","));
    refused(
        &mut cases,
        "JWK Set of 10,000 keys",
        set.len(),
        second,
        16 * MIB,
        || JwkSet::from_json(set.as_bytes()),
    );

    // 17 signatures in a JSON JWS (the limit is 16).
    let signature = format!(
        r#"{{"protected":"{}","signature":"{}"}}"#,
        b64::encode(br#"{"alg":"HS256"}"#),
        b64::encode([0u8; 32])
    );
    let json = format!(
        r#"{{"payload":"","signatures":[{}]}}"#,
        vec![signature; 17].join(",")
    );
    refused(
        &mut cases,
        "JSON JWS with 17 signatures",
        json.len(),
        second,
        256 * 1024,
        || hs256.verify_json(json.as_bytes(), &hmac),
    );

    // What passes at the limits, for comparison: a 1 MiB JWS verified, and the largest
    // inflation allowed.
    let at_limit = jose_jws::compact::sign(&header, &vec![b'a'; 786_000], &hmac).unwrap();
    assert!(at_limit.len() <= MIB);
    let (verified, took, peak) = measure(|| hs256.verify_compact(&at_limit, &hmac));
    verified.unwrap();
    cases.push(Case {
        what: "(accepted) HS256 JWS just under 1 MiB, verified",
        input: at_limit.len(),
        took,
        peak,
    });
    assert!(peak <= 4 * MIB, "a 1 MiB JWS held {peak} bytes");

    // The cost a caller accepts by raising the PBES2 cap to its ceiling: one derivation of
    // p2c = 1,200,000 (the token then fails to decrypt, as its parts are meaningless).
    let token = jwe_with_header(&format!(
        r#"{{"alg":"PBES2-HS256+A128KW","enc":"A128GCM","p2s":"{}","p2c":1200000}}"#,
        b64::encode([9u8; 16])
    ));
    let raised = Decrypter::new([KeyAlg::PBES2_HS256_A128KW], [Enc::A128GCM])
        .with_limits(jose_core::Limits::DEFAULT.with_max_pbes2_count(1_200_000));
    let (result, took, peak) = measure(|| raised.decrypt_compact(&token, &password));
    assert_eq!(result.unwrap_err().kind(), ErrorKind::DecryptionFailed);
    cases.push(Case {
        what: "(accepted, cap raised) PBES2 p2c = 1,200,000: one derivation",
        input: token.len(),
        took,
        peak,
    });

    // The same at HS512: the hash with the longest blocks is the slowest.
    let token = [
        b64::encode(format!(
            r#"{{"alg":"PBES2-HS512+A256KW","enc":"A256GCM","p2s":"{}","p2c":1200000}}"#,
            b64::encode([9u8; 16])
        )),
        // A256KW wraps a 32-byte key into 40 bytes: a shorter one fails before deriving.
        b64::encode([7u8; 40]),
        b64::encode([7u8; 12]),
        b64::encode(b"ciphertext"),
        b64::encode([7u8; 16]),
    ]
    .join(".");
    let raised = Decrypter::new([KeyAlg::PBES2_HS512_A256KW], [Enc::A256GCM])
        .with_limits(jose_core::Limits::DEFAULT.with_max_pbes2_count(1_200_000));
    let (result, took, peak) = measure(|| raised.decrypt_compact(&token, &password));
    assert_eq!(result.unwrap_err().kind(), ErrorKind::DecryptionFailed);
    cases.push(Case {
        what: "(accepted, cap raised) PBES2-HS512 p2c = 1,200,000: one derivation",
        input: token.len(),
        took,
        peak,
    });

    // RSA private-key trials: a kid-less JWE with 16 RSA-OAEP recipients against a rotation
    // set of 16 RSA-4096 private keys would make 256 private-key operations. The budget
    // stops it after 4.
    let private = Jwk::from_json(include_bytes!("../vectors/keys/rsa4096_private.json")).unwrap();
    let other =
        Jwk::from_json(include_bytes!("../vectors/keys/rsa4096_other_public.json")).unwrap();
    let rotation: jose_jwk::JwkSet = (0..16)
        .map(|i| private.clone().with_kid(format!("k{i}")).unwrap())
        .collect();
    let mut builder = jose_jwe::json::JsonEncrypter::new(
        b"x",
        jose_jwe::Header::empty().with_member("enc", "A128GCM"),
    );
    for _ in 0..16 {
        builder = builder.recipient(
            jose_jwe::Header::empty().with_member("alg", "RSA-OAEP-256"),
            &other,
        );
    }
    let many = builder.general().unwrap();
    let oaep = Decrypter::new([KeyAlg::RSA_OAEP_256], [Enc::A128GCM]);
    refused(
        &mut cases,
        "16 RSA-OAEP recipients x 16 RSA-4096 keys, no kid (4 private-key operations, then refused)",
        many.len(),
        second,
        MIB,
        || oaep.decrypt_json(many.as_bytes(), &rotation),
    );
    // What the budget saves: the same with the budget lifted makes all 256 operations.
    let unbounded = oaep
        .clone()
        .with_limits(jose_core::Limits::DEFAULT.with_max_rsa_trials(usize::MAX));
    let (result, took, peak) = measure(|| unbounded.decrypt_json(many.as_bytes(), &rotation));
    assert_eq!(result.unwrap_err().kind(), ErrorKind::DecryptionFailed);
    cases.push(Case {
        what: "(budget lifted) the same: 256 private-key operations",
        input: many.len(),
        took,
        peak,
    });

    println!("| input | size | time | peak heap |");
    println!("|---|---:|---:|---:|");
    for c in &cases {
        println!(
            "| {} | {} B | {:.2} ms | {} KiB |",
            c.what,
            c.input,
            c.took.as_secs_f64() * 1e3,
            c.peak.div_ceil(1024)
        );
    }
}
