//! `jose jwt sign | verify | encrypt`, `jose inspect` and `jose demo`.

use jose_tests::{jose, key_file as key, path as p, temp};

#[test]
fn sign_verify_and_every_claim_check() {
    let k = key("es.json", &["--kty", "EC", "--crv", "P-256", "--kid", "k"]);
    let signed = jose(
        &[
            "jwt",
            "sign",
            "--key",
            p(&k),
            "--alg",
            "ES256",
            "--iss",
            "me",
            "--sub",
            "bob",
            "--aud",
            "a",
            "--aud",
            "b",
            "--exp-in",
            "60",
            "--nbf-in",
            "0",
            "--iat",
            "--jti",
            "1",
            "--claims",
            r#"{"role":"admin"}"#,
            "--now",
            "1000",
        ],
        b"",
    );
    assert_eq!(signed.status, 0, "{}", signed.stderr);
    let jwt = signed.stdout.trim().to_string();
    let verify = |extra: &[&str]| {
        jose(
            &[
                &[
                    "jwt",
                    "verify",
                    "--key",
                    p(&k),
                    "--alg",
                    "ES256",
                    "--aud",
                    "a",
                    "--now",
                    "1030",
                ][..],
                extra,
            ]
            .concat(),
            jwt.as_bytes(),
        )
    };
    let ok = verify(&[
        "--iss",
        "me",
        "--sub",
        "bob",
        "--require",
        "exp,iat,jti",
        "--claim",
        "role=\"admin\"",
        "--claim",
        r#"role~=["admin","x"]"#,
        "--typ",
        "JWT",
    ]);
    assert_eq!(ok.status, 0, "{}", ok.stderr);
    let claims: serde_json::Value = serde_json::from_str(&ok.stdout).unwrap();
    assert_eq!(
        (claims["exp"].as_i64(), claims["aud"][1].as_str()),
        (Some(1060), Some("b"))
    );
    for (extra, code) in [
        (&["--iss", "you"][..], "invalid-issuer"),
        (&["--sub", "eve"], "invalid-claim"),
        (&["--require", "nonce"], "missing-claim"),
        (&["--claim", "role=\"guest\""], "invalid-claim"),
        (&["--typ", "at+jwt"], "invalid-type"),
        (&["--now", "2000"], "expired"),
        (&["--now", "900"], "not-yet-valid"),
    ] {
        let run = verify(extra);
        assert_eq!(
            (run.status, run.code()),
            (1, code),
            "{extra:?}: {}",
            run.stderr
        );
    }
    let run = jose(
        &[
            "jwt",
            "verify",
            "--key",
            p(&k),
            "--alg",
            "ES256",
            "--aud",
            "c",
            "--now",
            "1030",
        ],
        jwt.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (1, "invalid-audience"));
    let run = verify(&["--leeway", "2000", "--now", "2000"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let run = verify(&["--claim", "role"]);
    assert_eq!((run.status, run.code()), (2, "usage"));
    // A bare word is not JSON: the error shows the quoting.
    let run = verify(&["--claim", "roles=admin"]);
    assert_eq!((run.status, run.code()), (2, "usage"));
    assert!(
        run.stderr.contains(r#"--claim 'roles="admin"'"#),
        "{}",
        run.stderr
    );
    let run = verify(&["--claim", "=1"]);
    assert_eq!((run.status, run.code()), (2, "usage"));
    // `~=` inside the JSON value is part of the value.
    let run = verify(&["--claim", r#"role="a~=b""#]);
    assert_eq!((run.status, run.code()), (1, "invalid-claim"));
    // The nested options without the decryption key are a usage error, not ignored.
    let run = verify(&["--decrypt-alg", "A256KW", "--decrypt-enc", "A256GCM"]);
    assert_eq!((run.status, run.code()), (2, "usage"));
}

#[test]
fn nested_tokens_and_inspection() {
    let signer = key("ed.json", &["--kty", "OKP", "--crv", "Ed25519"]);
    let recipient = key("x.json", &["--kty", "OKP", "--crv", "X25519"]);
    let recipient_pub = temp(
        "x.pub.json",
        jose(&["key", "public", p(&recipient)], b"")
            .stdout
            .as_bytes(),
    );
    let jwt = jose(
        &[
            "jwt",
            "sign",
            "--key",
            p(&signer),
            "--alg",
            "EdDSA",
            "--sub",
            "s",
        ],
        b"",
    )
    .stdout;
    let jwe = jose(
        &[
            "jwt",
            "encrypt",
            "--key",
            p(&recipient_pub),
            "--alg",
            "ECDH-ES+A256KW",
            "--enc",
            "A256GCM",
        ],
        jwt.as_bytes(),
    );
    assert_eq!(jwe.status, 0, "{}", jwe.stderr);
    let run = jose(
        &[
            "jwt",
            "verify",
            "--key",
            p(&signer),
            "--alg",
            "EdDSA",
            "--decrypt-key",
            p(&recipient),
            "--decrypt-alg",
            "ECDH-ES+A256KW",
            "--decrypt-enc",
            "A256GCM",
        ],
        jwe.stdout.as_bytes(),
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains(r#""sub":"s""#));
    // Inspecting: headers and payload, nothing verified (and said so on standard error).
    let run = jose(&["inspect"], jwt.as_bytes());
    assert_eq!(run.status, 0);
    let shown: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (shown["format"].as_str(), shown["payload"]["sub"].as_str()),
        (Some("jws"), Some("s"))
    );
    assert!(run.stderr.contains("nothing was verified"));
    let run = jose(&["inspect"], jwe.stdout.as_bytes());
    let shown: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (shown["format"].as_str(), shown["header"]["cty"].as_str()),
        (Some("jwe"), Some("JWT"))
    );
    assert!(shown.get("payload").is_none());
    let run = jose(&["inspect"], b"garbage");
    assert_eq!((run.status, run.code()), (1, "malformed"));
    let run = jose(&["inspect"], b"{\"a\":1}");
    assert_eq!((run.status, run.code()), (1, "malformed"));
}

#[test]
fn demo_runs_every_stage() {
    let run = jose(&["demo"], b"");
    assert_eq!(run.status, 0, "{}", run.stderr);
    for stage in ["== 1.", "== 3.", "== 4.", "== 5."] {
        assert!(run.stdout.contains(stage), "{stage}");
    }
    assert!(run.stdout.contains(r#""sub":"alice""#));
}
