//! `jose jws sign` and `jose jws verify` as the CLI contract says.

use jose_tests::{jose, key_file as key, path as p, rsa_2048, temp};

#[test]
fn sign_and_verify_every_format_and_option() {
    let private = key(
        "ed.json",
        &["--kty", "OKP", "--crv", "Ed25519", "--kid", "ed"],
    );
    let public = temp(
        "ed.pub.json",
        jose(&["key", "public", p(&private)], b"").stdout.as_bytes(),
    );
    let payload = temp("payload.bin", b"some bytes\x00\xff");
    for format in ["compact", "flattened", "general"] {
        for extra in [
            &[][..],
            &["--detached"],
            &["--header", r#"{"typ":"example","x-ext":1}"#],
        ] {
            let args = [
                &[
                    "jws",
                    "sign",
                    "--key",
                    p(&private),
                    "--alg",
                    "EdDSA",
                    "--format",
                    format,
                ][..],
                extra,
                &[p(&payload)],
            ]
            .concat();
            let signed = jose(&args, b"");
            assert_eq!(signed.status, 0, "{format} {extra:?}: {}", signed.stderr);
            let token = temp("token", signed.stdout.as_bytes());
            let mut verify = vec!["jws", "verify", "--key", p(&public), "--alg", "ES256,EdDSA"];
            if extra == ["--detached"] {
                verify.extend(["--payload", p(&payload)]);
            }
            verify.push(p(&token));
            let verified = jose(&verify, b"");
            assert_eq!(
                verified.status, 0,
                "{format} {extra:?}: {}",
                verified.stderr
            );
            assert_eq!(verified.stdout_bytes, b"some bytes\x00\xff");
        }
    }
    // Unencoded payloads (RFC 7797), from standard input.
    let signed = jose(
        &[
            "jws",
            "sign",
            "--key",
            p(&private),
            "--alg",
            "EdDSA",
            "--unencoded",
            "--format",
            "flattened",
        ],
        b"$.02",
    );
    assert_eq!(signed.status, 0, "{}", signed.stderr);
    assert!(signed.stdout.contains(r#""payload":"$.02""#));
    let verified = jose(
        &["jws", "verify", "--key", p(&public), "--alg", "EdDSA"],
        signed.stdout.as_bytes(),
    );
    assert_eq!(verified.stdout, "$.02");
    // In compact form an unencoded payload with `.` is refused (RFC 7797 §5.2): exit 1.
    let refused = jose(
        &[
            "jws",
            "sign",
            "--key",
            p(&private),
            "--alg",
            "EdDSA",
            "--unencoded",
        ],
        b"$.02",
    );
    assert_eq!((refused.status, refused.code()), (1, "malformed"));
}

#[test]
fn key_sets_choose_by_kid_and_refuse_ambiguity() {
    let a = key("a.json", &["--kty", "EC", "--crv", "P-256", "--kid", "a"]);
    let b = key("b.json", &["--kty", "EC", "--crv", "P-256", "--kid", "b"]);
    let set = temp(
        "set.json",
        jose(&["key", "set", p(&a), p(&b)], b"").stdout.as_bytes(),
    );
    let ambiguous = jose(&["jws", "sign", "--key", p(&set), "--alg", "ES256"], b"x");
    assert_eq!((ambiguous.status, ambiguous.code()), (2, "usage"));
    let signed = jose(
        &[
            "jws",
            "sign",
            "--key",
            p(&set),
            "--alg",
            "ES256",
            "--kid",
            "b",
        ],
        b"x",
    );
    assert_eq!(signed.status, 0, "{}", signed.stderr);
    let public = temp(
        "set.pub.json",
        jose(&["key", "public", p(&set)], b"").stdout.as_bytes(),
    );
    let verified = jose(
        &["jws", "verify", "--key", p(&public), "--alg", "ES256"],
        signed.stdout.as_bytes(),
    );
    assert_eq!((verified.status, verified.stdout.as_str()), (0, "x"));
    // No key of the set fits: exit 2 when signing, 1 when verifying.
    let none = jose(&["jws", "sign", "--key", p(&set), "--alg", "ES384"], b"x");
    assert_eq!((none.status, none.code()), (2, "no-matching-key"));
    let other = key("c.json", &["--kty", "EC", "--crv", "P-256", "--kid", "c"]);
    let foreign = jose(&["jws", "sign", "--key", p(&other), "--alg", "ES256"], b"x");
    let run = jose(
        &["jws", "verify", "--key", p(&public), "--alg", "ES256"],
        foreign.stdout.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (1, "no-matching-key"));
}

#[test]
fn verification_failures_exit_1_with_their_code() {
    let k = key("k.json", &["--kty", "oct", "--size", "256"]);
    let signed = jose(&["jws", "sign", "--key", p(&k), "--alg", "HS256"], b"x").stdout;
    let token = signed.trim();
    let verify = |alg: &str, input: &str| {
        jose(
            &["jws", "verify", "--key", p(&k), "--alg", alg],
            input.as_bytes(),
        )
    };
    let run = verify("HS384", token);
    assert_eq!((run.status, run.code()), (1, "algorithm-not-allowed"));
    let mut tampered = token.to_string();
    tampered.replace_range(token.len() - 4.., "AAAA");
    let run = verify("HS256", &tampered);
    assert_eq!((run.status, run.code()), (1, "invalid-signature"));
    let run = verify("HS256", "not.a.jws.at.all");
    assert_eq!((run.status, run.code()), (1, "malformed"));
    // RFC 7515 App. A.5: `none`.
    let run = verify("HS256", "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UifQ.");
    assert_eq!((run.status, run.code()), (1, "algorithm-not-allowed"));
    let run = verify(
        "HS256",
        &format!(
            "{}.eA.{}",
            jose_core::b64::encode(r#"{"alg":"HS256","crit":["exp"],"exp":1}"#),
            "AAAA"
        ),
    );
    assert_eq!((run.status, run.code()), (1, "crit-unsupported"));
    // The token names an allowed algorithm the one key does not serve: the allow-list and the
    // key disagree, a problem of the caller's (cli.md: a key of the wrong type is
    // `invalid-key`, exit 2; `no-matching-key` is for sets).
    let rsa = temp(
        "rsa.json",
        rsa_2048()
            .to_public()
            .unwrap()
            .to_json()
            .unwrap()
            .as_bytes(),
    );
    let run = jose(
        &["jws", "verify", "--key", p(&rsa), "--alg", "HS256,RS256"],
        token.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (2, "invalid-key"));
    // A token over the size limit is judged invalid (exit 1), unlike a key file (exit 2).
    let big = vec![b'a'; (1 << 20) + 1];
    let run = jose(&["jws", "verify", "--key", p(&k), "--alg", "HS256"], &big);
    assert_eq!((run.status, run.code()), (1, "limit-exceeded"));
    // Usage: no --alg, unknown --alg, `none`.
    for alg in ["", "XS256", "none"] {
        let run = verify(alg, token);
        assert_eq!((run.status, run.code()), (2, "usage"), "{alg:?}");
    }
    let run = jose(&["jws", "verify", "--key", p(&k)], token.as_bytes());
    assert_eq!((run.status, run.code()), (2, "usage"));
}

#[test]
fn bad_sign_arguments_are_usage_errors() {
    let k = key(
        "k2.json",
        &["--kty", "oct", "--size", "256", "--kid", "mine"],
    );
    let sign = |extra: &[&str]| {
        jose(
            &[
                &["jws", "sign", "--key", p(&k), "--alg", "HS256"][..],
                extra,
            ]
            .concat(),
            b"x",
        )
    };
    for extra in [
        &["--header", r#"{"b64":false}"#][..],
        &["--header", r#"{"crit":["exp"],"exp":1}"#],
        &["--header", r#"{"kid":5}"#],
        &["--header", r#"{"alg":"HS512"}"#],
        &["--header", "not json"],
        &["--kid", "other"],
        &["--kid", "mine", "--header", r#"{"kid":"theirs"}"#],
    ] {
        let run = sign(extra);
        assert_eq!(
            (run.status, run.code()),
            (2, "usage"),
            "{extra:?}: {}",
            run.stderr
        );
    }
    let run = sign(&["--kid", "mine"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
}
