//! `jose jwe encrypt` and `jose jwe decrypt` as the CLI contract says.

use jose_tests::{jose, key_file as key, path as p, temp};

#[test]
fn encrypt_and_decrypt_every_format_and_option() {
    let private = key("x.json", &["--kty", "OKP", "--crv", "X25519", "--kid", "x"]);
    let public = temp(
        "x.pub.json",
        jose(&["key", "public", p(&private)], b"").stdout.as_bytes(),
    );
    let aad = temp("aad", b"context");
    let plaintext = b"secret \x00\xff bytes";
    for format in ["compact", "flattened", "general"] {
        for extra in [
            &[][..],
            &["--zip", "DEF", "--cty", "text/plain"],
            &["--header", r#"{"x-ext":1}"#],
        ] {
            let mut args = vec![
                "jwe",
                "encrypt",
                "--key",
                p(&public),
                "--alg",
                "ECDH-ES+A128KW",
                "--enc",
                "A128GCM",
                "--format",
                format,
            ];
            args.extend_from_slice(extra);
            if format != "compact" {
                args.extend(["--aad", p(&aad)]);
            }
            let encrypted = jose(&args, plaintext);
            assert_eq!(
                encrypted.status, 0,
                "{format} {extra:?}: {}",
                encrypted.stderr
            );
            let decrypted = jose(
                &[
                    "jwe",
                    "decrypt",
                    "--key",
                    p(&private),
                    "--alg",
                    "ECDH-ES+A128KW,A256KW",
                    "--enc",
                    "A128GCM",
                ],
                encrypted.stdout.as_bytes(),
            );
            assert_eq!(
                decrypted.status, 0,
                "{format} {extra:?}: {}",
                decrypted.stderr
            );
            assert_eq!(decrypted.stdout_bytes, plaintext);
        }
    }
}

#[test]
fn passwords_and_their_bounds() {
    let password = temp("pw", b"correct horse battery staple\n");
    let encrypted = jose(
        &[
            "jwe",
            "encrypt",
            "--password-file",
            p(&password),
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128CBC-HS256",
        ],
        b"hello",
    );
    assert_eq!(encrypted.status, 0, "{}", encrypted.stderr);
    let decrypt = |extra: &[&str], input: &[u8]| {
        jose(
            &[
                &[
                    "jwe",
                    "decrypt",
                    "--password-file",
                    p(&password),
                    "--alg",
                    "PBES2-HS256+A128KW",
                    "--enc",
                    "A128CBC-HS256",
                ][..],
                extra,
            ]
            .concat(),
            input,
        )
    };
    let run = decrypt(&[], encrypted.stdout.as_bytes());
    assert_eq!((run.status, run.stdout.as_str()), (0, "hello"));
    // A p2c above the bound: exit 1, limit-exceeded; allowed when raised.
    let header = jose(
        &[
            "jwe",
            "encrypt",
            "--password-file",
            p(&password),
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128GCM",
            "--header",
            r#"{"p2c":20000}"#,
        ],
        b"hi",
    );
    assert_eq!(header.status, 0, "{}", header.stderr);
    let run = jose(
        &[
            "jwe",
            "decrypt",
            "--password-file",
            p(&password),
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128GCM",
        ],
        header.stdout.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (1, "limit-exceeded"));
    let run = jose(
        &[
            "jwe",
            "decrypt",
            "--password-file",
            p(&password),
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128GCM",
            "--max-p2c",
            "20000",
        ],
        header.stdout.as_bytes(),
    );
    assert_eq!((run.status, run.stdout.as_str()), (0, "hi"));
    // A wrong password: decryption-failed.
    let wrong = temp("wrong", b"nope");
    let run = jose(
        &[
            "jwe",
            "decrypt",
            "--password-file",
            p(&wrong),
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128CBC-HS256",
        ],
        encrypted.stdout.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (1, "decryption-failed"));
}

#[test]
fn failures_and_usage() {
    let k = key("k.json", &["--kty", "oct", "--size", "256", "--kid", "k"]);
    let encrypted = jose(
        &[
            "jwe",
            "encrypt",
            "--key",
            p(&k),
            "--alg",
            "A256KW",
            "--enc",
            "A256GCM",
        ],
        b"x",
    );
    let token = encrypted.stdout.trim();
    let decrypt = |alg: &str, enc: &str, input: &str| {
        jose(
            &["jwe", "decrypt", "--key", p(&k), "--alg", alg, "--enc", enc],
            input.as_bytes(),
        )
    };
    let run = decrypt("A256KW", "A128GCM", token);
    assert_eq!((run.status, run.code()), (1, "algorithm-not-allowed"));
    let mut tampered = token.to_string();
    tampered.replace_range(token.len() - 4.., "AAAA");
    let run = decrypt("A256KW", "A256GCM", &tampered);
    assert_eq!((run.status, run.code()), (1, "decryption-failed"));
    let run = decrypt("A256KW", "A256GCM", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln");
    assert_eq!((run.status, run.code()), (1, "malformed"));
    let other = key("o.json", &["--kty", "oct", "--size", "256", "--kid", "o"]);
    let run = jose(
        &[
            "jwe",
            "decrypt",
            "--key",
            p(&other),
            "--alg",
            "A256KW",
            "--enc",
            "A256GCM",
        ],
        token.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (1, "decryption-failed"));
    for args in [
        &[
            "jwe",
            "encrypt",
            "--key",
            p(&k),
            "--alg",
            "RSA1_5",
            "--enc",
            "A256GCM",
        ][..],
        &[
            "jwe",
            "encrypt",
            "--key",
            p(&k),
            "--alg",
            "A256KW",
            "--enc",
            "A256GCM",
            "--aad",
            p(&k),
        ],
        &["jwe", "encrypt", "--alg", "A256KW", "--enc", "A256GCM"],
        &["jwe", "decrypt", "--key", p(&k), "--alg", "A256KW"],
        &[
            "jwe",
            "decrypt",
            "--key",
            p(&k),
            "--alg",
            "none",
            "--enc",
            "A256GCM",
        ],
        &[
            "jwe",
            "encrypt",
            "--password-file",
            p(&k),
            "--alg",
            "dir",
            "--enc",
            "A256GCM",
        ],
        &[
            "jwe",
            "decrypt",
            "--password-file",
            p(&k),
            "--alg",
            "PBES2-HS256+A128KW,A256KW",
            "--enc",
            "A256GCM",
        ],
        &[
            "jwe",
            "decrypt",
            "--key",
            p(&k),
            "--alg",
            "A256KW",
            "--enc",
            "A256GCM",
            "--max-p2c",
            "2000000",
        ],
    ] {
        let run = jose(args, b"x");
        assert_eq!(
            (run.status, run.code()),
            (2, "usage"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A key that cannot serve the algorithm when encrypting: exit 2.
    let run = jose(
        &[
            "jwe",
            "encrypt",
            "--key",
            p(&k),
            "--alg",
            "A128KW",
            "--enc",
            "A256GCM",
        ],
        b"x",
    );
    assert_eq!((run.status, run.code()), (2, "invalid-key"));
}

#[test]
fn several_keys_make_several_recipients_each_of_which_decrypts() {
    let alice = key(
        "multi-a.json",
        &["--kty", "EC", "--crv", "P-256", "--kid", "alice"],
    );
    let bob = key(
        "multi-b.json",
        &["--kty", "EC", "--crv", "P-256", "--kid", "bob"],
    );
    let encrypt = |extra: &[&str]| {
        let mut args = vec![
            "jwe",
            "encrypt",
            "--key",
            p(&alice),
            "--key",
            p(&bob),
            "--alg",
            "ECDH-ES+A256KW",
            "--enc",
            "A256GCM",
        ];
        args.extend_from_slice(extra);
        jose(&args, b"to both")
    };
    let general = encrypt(&["--format", "general"]);
    assert_eq!(general.status, 0, "{}", general.stderr);
    let jwe: serde_json::Value = serde_json::from_str(&general.stdout).unwrap();
    let recipients = jwe["recipients"].as_array().unwrap();
    assert_eq!(recipients.len(), 2);
    for (recipient, kid) in recipients.iter().zip(["alice", "bob"]) {
        assert_eq!(recipient["header"]["alg"], "ECDH-ES+A256KW");
        assert_eq!(recipient["header"]["kid"], kid);
    }
    for private in [&alice, &bob] {
        let decrypted = jose(
            &[
                "jwe",
                "decrypt",
                "--key",
                p(private),
                "--alg",
                "ECDH-ES+A256KW",
                "--enc",
                "A256GCM",
            ],
            general.stdout.as_bytes(),
        );
        assert_eq!(decrypted.status, 0, "{}", decrypted.stderr);
        assert_eq!(decrypted.stdout_bytes, b"to both");
    }
    // Several keys need the general serialization, and name their own kids.
    for extra in [
        &[][..],
        &["--format", "flattened"],
        &["--format", "general", "--kid", "bob"],
    ] {
        let refused = encrypt(extra);
        assert_eq!((refused.status, refused.code()), (2, "usage"), "{extra:?}");
    }
    // Decryption takes one key file (a set holds several).
    let two = jose(
        &[
            "jwe",
            "decrypt",
            "--key",
            p(&alice),
            "--key",
            p(&bob),
            "--alg",
            "ECDH-ES+A256KW",
            "--enc",
            "A256GCM",
        ],
        general.stdout.as_bytes(),
    );
    assert_eq!((two.status, two.code()), (2, "usage"));
}

#[test]
fn several_passwords_make_several_pbes2_recipients() {
    let one = temp("multi-pw1", b"correct horse\n");
    let two = temp("multi-pw2", b"battery staple");
    let encrypted = jose(
        &[
            "jwe",
            "encrypt",
            "--password-file",
            p(&one),
            "--password-file",
            p(&two),
            "--alg",
            "PBES2-HS256+A128KW",
            "--enc",
            "A128GCM",
            "--format",
            "general",
        ],
        b"shared",
    );
    assert_eq!(encrypted.status, 0, "{}", encrypted.stderr);
    for password in [&one, &two] {
        let decrypted = jose(
            &[
                "jwe",
                "decrypt",
                "--password-file",
                p(password),
                "--alg",
                "PBES2-HS256+A128KW",
                "--enc",
                "A128GCM",
            ],
            encrypted.stdout.as_bytes(),
        );
        assert_eq!(decrypted.stdout_bytes, b"shared", "{}", decrypted.stderr);
    }
}
