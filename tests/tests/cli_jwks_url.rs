//! `jose jwt verify --jwks-url` and `jose jws verify --jwks-url`, against a JWK Set served on
//! loopback by this test: the exit statuses and error codes of the contract.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use jose_tests::{jose, key_file, path};

/// Serves `body` with `status` on every path, counting requests.
struct Server {
    url: String,
    answer: Arc<Mutex<(u16, String)>>,
    hits: Arc<AtomicUsize>,
}

impl Server {
    fn start(body: &str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let answer = Arc::new(Mutex::new((200, body.to_owned())));
        let hits = Arc::new(AtomicUsize::new(0));
        let (serving, counting) = (Arc::clone(&answer), Arc::clone(&hits));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                }
                counting.fetch_add(1, Ordering::SeqCst);
                let (status, body) = serving.lock().unwrap().clone();
                let mut out = stream;
                let _ = write!(
                    out,
                    "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Self { url, answer, hits }
    }
}

fn public_set(keys: &[&std::path::Path]) -> String {
    let files: Vec<&str> = keys.iter().map(|k| path(k)).collect();
    let set = jose(&[&["key", "set"][..], &files].concat(), b"");
    assert_eq!(set.status, 0, "{}", set.stderr);
    let public = jose(&["key", "public"], set.stdout.as_bytes());
    assert_eq!(public.status, 0, "{}", public.stderr);
    public.stdout
}

#[test]
fn jwt_and_jws_verify_with_a_remote_set() {
    let key = key_file(
        "remote-es256.json",
        &["--kty", "EC", "--crv", "P-256", "--kid", "k1"],
    );
    let server = Server::start(&public_set(&[&key]));
    let jwt = jose(
        &[
            "jwt",
            "sign",
            "--key",
            path(&key),
            "--alg",
            "ES256",
            "--kid",
            "k1",
            "--sub",
            "alice",
        ],
        b"",
    );
    assert_eq!(jwt.status, 0, "{}", jwt.stderr);
    let verified = jose(
        &["jwt", "verify", "--jwks-url", &server.url, "--alg", "ES256"],
        jwt.stdout.as_bytes(),
    );
    assert_eq!(verified.status, 0, "{}", verified.stderr);
    assert!(verified.stdout.contains("\"alice\""), "{}", verified.stdout);

    let jws = jose(
        &["jws", "sign", "--key", path(&key), "--alg", "ES256"],
        b"hello",
    );
    assert_eq!(jws.status, 0, "{}", jws.stderr);
    let payload = jose(
        &["jws", "verify", "--jwks-url", &server.url, "--alg", "ES256"],
        jws.stdout.as_bytes(),
    );
    assert_eq!(payload.status, 0, "{}", payload.stderr);
    assert_eq!(payload.stdout, "hello");
    assert_eq!(server.hits.load(Ordering::SeqCst), 2, "one fetch per run");
}

#[test]
fn a_token_of_a_key_the_set_lacks_is_no_matching_key() {
    let published = key_file(
        "remote-published.json",
        &["--kty", "EC", "--crv", "P-256", "--kid", "p"],
    );
    let other = key_file(
        "remote-other.json",
        &["--kty", "EC", "--crv", "P-256", "--kid", "q"],
    );
    let server = Server::start(&public_set(&[&published]));
    let jwt = jose(
        &[
            "jwt",
            "sign",
            "--key",
            path(&other),
            "--alg",
            "ES256",
            "--kid",
            "q",
        ],
        b"",
    );
    let run = jose(
        &["jwt", "verify", "--jwks-url", &server.url, "--alg", "ES256"],
        jwt.stdout.as_bytes(),
    );
    assert_eq!(
        (run.status, run.code()),
        (1, "no-matching-key"),
        "{}",
        run.stderr
    );
    assert_eq!(server.hits.load(Ordering::SeqCst), 1, "one fetch, no retry");
}

#[test]
fn a_set_that_cannot_be_had_exits_2() {
    let key = key_file(
        "remote-down.json",
        &["--kty", "EC", "--crv", "P-256", "--kid", "d"],
    );
    let jwt = jose(&["jwt", "sign", "--key", path(&key), "--alg", "ES256"], b"");
    let server = Server::start("");
    *server.answer.lock().unwrap() = (500, String::new());
    let run = jose(
        &["jwt", "verify", "--jwks-url", &server.url, "--alg", "ES256"],
        jwt.stdout.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (2, "io"), "{}", run.stderr);

    *server.answer.lock().unwrap() = (200, "{\"keys\": 3}".into());
    let run = jose(
        &["jws", "verify", "--jwks-url", &server.url, "--alg", "ES256"],
        jwt.stdout.as_bytes(),
    );
    assert_eq!((run.status, run.code()), (2, "io"), "{}", run.stderr);
    assert!(
        run.stderr.contains("keys"),
        "the message says why: {}",
        run.stderr
    );

    let run = jose(
        &[
            "jwt",
            "verify",
            "--jwks-url",
            "http://issuer.example.com/jwks",
            "--alg",
            "ES256",
        ],
        jwt.stdout.as_bytes(),
    );
    assert_eq!(
        (run.status, run.code()),
        (2, "invalid-key"),
        "{}",
        run.stderr
    );
}

#[test]
fn key_and_jwks_url_go_alone() {
    let key = key_file("remote-both.json", &["--kty", "EC", "--crv", "P-256"]);
    let both = jose(
        &[
            "jwt",
            "verify",
            "--key",
            path(&key),
            "--jwks-url",
            "https://x.example/j",
            "--alg",
            "ES256",
        ],
        b"",
    );
    assert_eq!((both.status, both.code()), (2, "usage"), "{}", both.stderr);
    let neither = jose(&["jws", "verify", "--alg", "ES256"], b"");
    assert_eq!(
        (neither.status, neither.code()),
        (2, "usage"),
        "{}",
        neither.stderr
    );
}
