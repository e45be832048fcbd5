//! Shared helpers of the cross-crate tests: fixture keys (generated once, never per case) and
//! an in-process runner for the `jose` command line.

use std::sync::OnceLock;

use jose_jwk::{Jwk, KeySpec};

/// A 2048-bit RSA private key, generated once per test binary.
pub fn rsa_2048() -> &'static Jwk {
    static KEY: OnceLock<Jwk> = OnceLock::new();
    KEY.get_or_init(|| Jwk::generate(KeySpec::Rsa(2048)).expect("RSA generation"))
}

/// Writes `content` to a file named `name` in this test process's own temporary folder.
pub fn temp(name: &str, content: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jose-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("temporary file");
    path
}

/// `jose key generate ARGS`, written to the file `name`.
pub fn key_file(name: &str, args: &[&str]) -> std::path::PathBuf {
    let run = jose(&[&["key", "generate"][..], args].concat(), b"");
    assert_eq!(run.status, 0, "{}", run.stderr);
    temp(name, run.stdout.as_bytes())
}

/// A path as the `&str` an argument list takes.
pub fn path(path: &std::path::Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// What one run of the command line did.
#[derive(Debug)]
pub struct Run {
    /// The exit status.
    pub status: u8,
    /// Standard output (lossy UTF-8).
    pub stdout: String,
    /// Standard output, as bytes.
    pub stdout_bytes: Vec<u8>,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// The `<code>` of the first `error: <code>: ...` line of standard error.
    pub fn code(&self) -> &str {
        self.stderr
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("error: "))
            .and_then(|l| l.split(':').next())
            .unwrap_or("")
    }
}

/// Runs `jose ARGS` in-process with `stdin` as standard input.
pub fn jose(args: &[&str], stdin: &[u8]) -> Run {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let mut input = stdin;
    let argv = std::iter::once("jose").chain(args.iter().copied());
    let status = jose_cli::run(argv, &mut input, &mut out, &mut err);
    Run {
        status,
        stdout: String::from_utf8_lossy(&out).into_owned(),
        stdout_bytes: out.clone(),
        stderr: String::from_utf8_lossy(&err).into_owned(),
    }
}
