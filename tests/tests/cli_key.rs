//! `jose key`, driven in-process as the CLI contract says: outputs, exit statuses, and the
//! `error: <code>:` line.

use jose_jwk::{Jwk, JwkSet};
use jose_tests::{jose, path, rsa_2048, temp};
use serde_json::Value;

fn object(text: &str) -> serde_json::Map<String, Value> {
    serde_json::from_str::<Value>(text)
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

#[test]
fn generate_every_type_with_members() {
    for args in [
        &["--kty", "oct", "--size", "256", "--alg", "HS256"][..],
        &["--kty", "EC", "--crv", "P-256", "--alg", "ES256"],
        &["--kty", "EC", "--crv", "P-384"],
        &["--kty", "EC", "--crv", "P-521", "--use", "enc"],
        &["--kty", "EC", "--crv", "secp256k1", "--alg", "ES256K"],
        &[
            "--kty", "OKP", "--crv", "Ed25519", "--alg", "EdDSA", "--kid", "k1",
        ],
        &["--kty", "OKP", "--crv", "X25519", "--alg", "ECDH-ES"],
    ] {
        let run = jose(&[&["key", "generate"][..], args].concat(), b"");
        assert_eq!(run.status, 0, "{args:?}: {}", run.stderr);
        let jwk = Jwk::from_json(run.stdout.trim().as_bytes()).unwrap();
        assert!(jwk.is_private());
        let o = object(&run.stdout);
        assert_eq!(o["kty"], args[1]);
        if let Some(i) = args.iter().position(|a| *a == "--alg") {
            assert_eq!(o["alg"], args[i + 1]);
        }
    }
    // RSA once (the slow one), with the thumbprint as kid.
    let run = jose(
        &["key", "generate", "--kty", "RSA", "--kid", "thumbprint"],
        b"",
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let jwk = Jwk::from_json(run.stdout.trim().as_bytes()).unwrap();
    assert_eq!(jwk.kid(), Some(jwk.thumbprint_sha256().as_str()));
}

#[test]
fn generate_usage_errors_exit_2() {
    for args in [
        &["--kty", "oct"][..],
        &["--kty", "oct", "--size", "12"],
        &["--kty", "oct", "--size", "64"],
        &["--kty", "oct", "--size", "16384"],
        &["--kty", "RSA", "--size", "1024"],
        &["--kty", "EC"],
        &["--kty", "EC", "--crv", "P-192"],
        &["--kty", "OKP", "--crv", "Ed448"],
        &["--kty", "DSA"],
        &["--kty", "EC", "--crv", "P-256", "--alg", "nonsense"],
    ] {
        let run = jose(&[&["key", "generate"][..], args].concat(), b"");
        assert_eq!(
            (run.status, run.code()),
            (2, "usage"),
            "{args:?}: {}",
            run.stderr
        );
    }
    // A known algorithm the key cannot serve is an unusable key.
    let run = jose(
        &[
            "key", "generate", "--kty", "oct", "--size", "128", "--alg", "HS256",
        ],
        b"",
    );
    assert_eq!((run.status, run.code()), (2, "invalid-key"));
    let run = jose(
        &[
            "key", "generate", "--kty", "EC", "--crv", "P-384", "--alg", "ES256",
        ],
        b"",
    );
    assert_eq!((run.status, run.code()), (2, "invalid-key"));
}

#[test]
fn public_strips_private_members_of_keys_and_sets() {
    let private = jose(
        &[
            "key", "generate", "--kty", "EC", "--crv", "P-256", "--kid", "a",
        ],
        b"",
    );
    let run = jose(&["key", "public"], private.stdout.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let o = object(&run.stdout);
    assert!(!o.contains_key("d"));
    assert_eq!(o["kid"], "a");

    let rsa = rsa_2048().to_json().unwrap();
    let set = format!(r#"{{"keys":[{},{rsa}]}}"#, private.stdout.trim());
    let path = temp("set.json", set.as_bytes());
    let run = jose(&["key", "public", path.to_str().unwrap()], b"");
    assert_eq!(run.status, 0, "{}", run.stderr);
    let set = JwkSet::from_json(run.stdout.as_bytes()).unwrap();
    assert_eq!(set.len(), 2);
    for member in ["d", "p", "q", "dp", "dq", "qi"] {
        assert!(!run.stdout.contains(&format!("\"{member}\"")), "{member}");
    }
    // An oct key has no public half.
    let oct = jose(&["key", "generate", "--kty", "oct", "--size", "256"], b"");
    let run = jose(&["key", "public"], oct.stdout.as_bytes());
    assert_eq!((run.status, run.code()), (2, "invalid-key"));
}

#[test]
fn thumbprint_matches_rfc_7638() {
    // RFC 7638 §3.1.
    let key = r#"{"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"}"#;
    let run = jose(&["key", "thumbprint"], key.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
    );
    // A set of several keys is not one key.
    let set = format!(r#"{{"keys":[{key},{key}]}}"#);
    let run = jose(&["key", "thumbprint"], set.as_bytes());
    assert_eq!((run.status, run.code()), (2, "usage"));
}

#[test]
fn import_and_export_round_trip_through_pem() {
    let password = temp("password", b"hunter2\n");
    for args in [
        &["--kty", "EC", "--crv", "P-256"][..],
        &["--kty", "EC", "--crv", "P-384"],
        &["--kty", "EC", "--crv", "P-521"],
        &["--kty", "EC", "--crv", "secp256k1"],
        &["--kty", "OKP", "--crv", "Ed25519"],
        &["--kty", "OKP", "--crv", "X25519"],
    ] {
        let private = jose(&[&["key", "generate"][..], args].concat(), b"");
        let thumbprint = jose(&["key", "thumbprint"], private.stdout.as_bytes()).stdout;

        let pem = jose(&["key", "export"], private.stdout.as_bytes());
        assert_eq!(pem.status, 0, "{args:?}: {}", pem.stderr);
        assert!(pem.stdout.starts_with("-----BEGIN PRIVATE KEY-----"));
        let path = temp("key.pem", pem.stdout.as_bytes());
        let back = jose(
            &[
                "key",
                "import",
                path.to_str().unwrap(),
                "--kid",
                "thumbprint",
            ],
            b"",
        );
        assert_eq!(back.status, 0, "{args:?}: {}", back.stderr);
        assert_eq!(object(&back.stdout)["kid"], thumbprint.trim());
        assert_eq!(object(&back.stdout)["d"], object(&private.stdout)["d"]);

        let spki = jose(&["key", "export", "--public"], private.stdout.as_bytes());
        assert!(
            spki.stdout.starts_with("-----BEGIN PUBLIC KEY-----"),
            "{}",
            spki.stderr
        );
        let path = temp("pub.pem", spki.stdout.as_bytes());
        let back = jose(&["key", "import", path.to_str().unwrap()], b"");
        assert_eq!(back.status, 0, "{}", back.stderr);
        assert!(!object(&back.stdout).contains_key("d"));

        let enc = jose(
            &[
                "key",
                "export",
                "--password-file",
                password.to_str().unwrap(),
            ],
            private.stdout.as_bytes(),
        );
        assert!(
            enc.stdout
                .starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
            "{}",
            enc.stderr
        );
        let path = temp("enc.pem", enc.stdout.as_bytes());
        let no_password = jose(&["key", "import", path.to_str().unwrap()], b"");
        assert_eq!((no_password.status, no_password.code()), (2, "invalid-key"));
        let back = jose(
            &[
                "key",
                "import",
                path.to_str().unwrap(),
                "--password-file",
                password.to_str().unwrap(),
            ],
            b"",
        );
        assert_eq!(back.status, 0, "{}", back.stderr);
        assert_eq!(object(&back.stdout)["d"], object(&private.stdout)["d"]);
    }
    // RSA, from the shared fixture.
    let pem = jose(&["key", "export"], rsa_2048().to_json().unwrap().as_bytes());
    let path = temp("rsa.pem", pem.stdout.as_bytes());
    let back = jose(&["key", "import", path.to_str().unwrap()], b"");
    assert_eq!(back.status, 0, "{}", back.stderr);
    assert_eq!(
        Jwk::from_json(back.stdout.trim().as_bytes()).unwrap(),
        *rsa_2048()
    );
}

#[test]
fn set_joins_keys_sets_and_pem() {
    let a = jose(
        &[
            "key", "generate", "--kty", "OKP", "--crv", "Ed25519", "--kid", "a",
        ],
        b"",
    );
    let b = jose(
        &[
            "key", "generate", "--kty", "EC", "--crv", "P-256", "--kid", "b",
        ],
        b"",
    );
    let c = jose(&["key", "export", "--public"], b.stdout.as_bytes());
    let pa = temp("a.json", a.stdout.as_bytes());
    let pb = temp(
        "b-set.json",
        format!(r#"{{"keys":[{}]}}"#, b.stdout.trim()).as_bytes(),
    );
    let pc = temp("c.pem", c.stdout.as_bytes());
    let run = jose(
        &[
            "key",
            "set",
            pa.to_str().unwrap(),
            pb.to_str().unwrap(),
            pc.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let set = JwkSet::from_json(run.stdout.as_bytes()).unwrap();
    assert_eq!(set.len(), 3);
    assert_eq!(set.get("a").count(), 1);
    assert_eq!(set.get("b").count(), 1);
    let run = jose(&["key", "set"], b"");
    assert_eq!((run.status, run.code()), (2, "usage"));
}

#[test]
fn bad_files_exit_2_with_their_code() {
    let run = jose(&["key", "public", "/nonexistent/key.json"], b"");
    assert_eq!((run.status, run.code()), (2, "io"));
    let run = jose(
        &["key", "public"],
        b"{\"kty\":\"oct\",\"k\":\"AA\",\"k\":\"AA\"}",
    );
    assert_eq!((run.status, run.code()), (2, "malformed"));
    let run = jose(&["key", "thumbprint"], b"{\"kty\":\"XYZ\"}");
    assert_eq!((run.status, run.code()), (2, "unsupported-algorithm"));
    let run = jose(&["key", "public"], &[0xff, 0xfe]);
    assert_eq!((run.status, run.code()), (2, "malformed"));
    let big = vec![b' '; (1 << 20) + 1];
    let run = jose(&["key", "public"], &big);
    assert_eq!((run.status, run.code()), (2, "limit-exceeded"));
    let run = jose(&["key", "frobnicate"], b"");
    assert_eq!((run.status, run.code()), (2, "usage"));
    let not_pem = temp("not.pem", b"{}");
    let run = jose(&["key", "import", not_pem.to_str().unwrap()], b"");
    assert_eq!((run.status, run.code()), (2, "malformed"));
}

#[test]
fn help_and_version_exit_0() {
    let run = jose(&["--help"], b"");
    assert_eq!(run.status, 0);
    assert!(run.stdout.contains("key"));
    let run = jose(&["--version"], b"");
    assert_eq!(run.status, 0);
}

fn openssh_fixture(name: &str) -> String {
    format!("{}/vectors/openssh/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The Auth0 tutorial's flow: `ssh-keygen` output signs a JWT, and its `.pub` line verifies
/// it, for every key type ssh-keygen makes that JOSE has (fixtures: tests/vectors/openssh).
#[test]
fn import_reads_ssh_keygen_keys_and_their_pub_lines() {
    let passphrase = temp("ssh-passphrase", b"correct horse\n");
    for (name, alg, password) in [
        ("id_rsa", "RS256", None),
        ("id_rsa_passphrase", "PS256", Some(&passphrase)),
        ("id_ed25519", "EdDSA", None),
        ("id_ed25519_passphrase", "EdDSA", Some(&passphrase)),
        ("id_ecdsa_p256", "ES256", None),
        ("id_ecdsa_p256_passphrase", "ES256", Some(&passphrase)),
        ("id_ecdsa_p384", "ES384", None),
        ("id_ecdsa_p521", "ES512", None),
    ] {
        let file = openssh_fixture(name);
        let mut args = vec!["key", "import", &file, "--kid", "thumbprint"];
        if let Some(p) = password {
            args.extend(["--password-file", p.to_str().unwrap()]);
        }
        let private = jose(&args, b"");
        assert_eq!(private.status, 0, "{name}: {}", private.stderr);
        let private_file = temp(&format!("{name}.json"), private.stdout.as_bytes());
        let jwt = jose(
            &[
                "jwt",
                "sign",
                "--key",
                path(&private_file),
                "--alg",
                alg,
                "--sub",
                "u1",
            ],
            b"",
        );
        assert_eq!(jwt.status, 0, "{name}: {}", jwt.stderr);
        // The `.pub` line beside it (the passphrase-protected ones share their plain twin's
        // type; their own `.pub` is the public half of the import).
        let public = if password.is_none() {
            let line = openssh_fixture(&format!("{name}.pub"));
            let run = jose(&["key", "import", &line, "--kid", "thumbprint"], b"");
            assert_eq!(run.status, 0, "{name}.pub: {}", run.stderr);
            assert_eq!(
                object(&run.stdout)["kid"],
                object(&private.stdout)["kid"],
                "{name}: the .pub line is another key"
            );
            temp(&format!("{name}.pub.json"), run.stdout.as_bytes())
        } else {
            let run = jose(&["key", "public", path(&private_file)], b"");
            temp(&format!("{name}.pub.json"), run.stdout.as_bytes())
        };
        let verified = jose(
            &["jwt", "verify", "--key", path(&public), "--alg", alg],
            jwt.stdout.trim().as_bytes(),
        );
        assert_eq!(verified.status, 0, "{name}: {}", verified.stderr);
        assert_eq!(object(&verified.stdout)["sub"], "u1");
        // A `.pub` line also serves directly as a verification key file.
        if password.is_none() {
            let line = openssh_fixture(&format!("{name}.pub"));
            let verified = jose(
                &["jwt", "verify", "--key", &line, "--alg", alg],
                jwt.stdout.trim().as_bytes(),
            );
            assert_eq!(verified.status, 0, "{name}.pub: {}", verified.stderr);
        }
    }
}

#[test]
fn import_of_openssh_keys_gives_the_error_codes() {
    let wrong = temp("ssh-wrong", b"correct horse battery\n");
    let wrong = path(&wrong);
    for (name, password, code) in [
        ("id_ed25519_passphrase", None, "invalid-key"),
        ("id_ed25519_passphrase", Some(wrong), "invalid-key"),
        ("id_ed25519_1000_rounds", Some(wrong), "limit-exceeded"),
        ("id_rsa_1024", None, "invalid-key"),
        ("id_dsa", None, "unsupported-algorithm"),
    ] {
        let file = openssh_fixture(name);
        let mut args = vec!["key", "import", &file];
        if let Some(p) = password {
            args.extend(["--password-file", p]);
        }
        let run = jose(&args, b"");
        assert_eq!(
            (run.status, run.code()),
            (2, code),
            "{name}: {}",
            run.stderr
        );
    }
}
