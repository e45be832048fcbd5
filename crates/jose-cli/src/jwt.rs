//! `jose jwt sign | verify | encrypt`.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use jose_core::alg::{Enc, KeyAlg};
use jose_jwe::Decrypter;
use jose_jwk::KeyOp;
use jose_jwt::nested::{self, JweHeader};
use jose_jwt::{ClaimRule, Header, NumericDate, Token, Validation};
use serde_json::Value;

use crate::CliError;
use crate::input::{self, Input, KeyFile};

/// The largest `--leeway`, one day (cli.md).
const MAX_LEEWAY: u64 = 86_400;

#[derive(Subcommand)]
pub enum JwtCommand {
    /// Sign a JWT and print it.
    Sign(Sign),
    /// Verify and validate a JWT (or a nested one) and print its claims as JSON.
    Verify(Verify),
    /// Wrap a signed JWT into a JWE with `cty: JWT` (sign-then-encrypt).
    Encrypt(Encrypt),
}

#[derive(Args)]
pub struct Sign {
    /// The signing key file.
    #[arg(long)]
    key: PathBuf,
    /// The algorithm.
    #[arg(long)]
    alg: String,
    /// The key to use from a set, and the header's `kid`.
    #[arg(long)]
    kid: Option<String>,
    /// The `typ` header (`JWT` by default).
    #[arg(long)]
    typ: Option<String>,
    /// `iss`.
    #[arg(long)]
    iss: Option<String>,
    /// `sub`.
    #[arg(long)]
    sub: Option<String>,
    /// `aud` (repeat for several).
    #[arg(long)]
    aud: Vec<String>,
    /// `exp`, this many seconds from now.
    #[arg(long)]
    exp_in: Option<i64>,
    /// `nbf`, this many seconds from now.
    #[arg(long)]
    nbf_in: Option<i64>,
    /// Set `iat` to now.
    #[arg(long)]
    iat: bool,
    /// `jti`.
    #[arg(long)]
    jti: Option<String>,
    /// More claims: a JSON object, or @FILE.
    #[arg(long)]
    claims: Option<String>,
    /// Pin "now" (Unix seconds).
    #[arg(long)]
    now: Option<i64>,
}

#[derive(Args)]
pub struct Verify {
    /// The verification key file (a JWK, a JWK Set or a PEM key).
    #[arg(
        long,
        required_unless_present = "jwks_url",
        conflicts_with = "jwks_url"
    )]
    key: Option<PathBuf>,
    /// The URL of a JWK Set to verify with (https://, or http:// to a loopback host).
    #[arg(long)]
    jwks_url: Option<String>,
    /// The accepted algorithms, comma separated.
    #[arg(long)]
    alg: String,
    /// The expected issuer.
    #[arg(long)]
    iss: Option<String>,
    /// An accepted audience (repeat for several).
    #[arg(long)]
    aud: Vec<String>,
    /// The expected subject.
    #[arg(long)]
    sub: Option<String>,
    /// Leeway in seconds.
    #[arg(long, default_value_t = 0)]
    leeway: u64,
    /// Required claims, comma separated.
    #[arg(long)]
    require: Option<String>,
    /// `NAME=JSON`: the claim must equal that value; `NAME~=[JSON,...]`: one of those values.
    #[arg(long)]
    claim: Vec<String>,
    /// The expected `typ` header.
    #[arg(long)]
    typ: Option<String>,
    /// Pin "now" (Unix seconds).
    #[arg(long)]
    now: Option<i64>,
    /// Nested JWT: the decryption key file.
    #[arg(long, requires_all = ["decrypt_alg", "decrypt_enc"])]
    decrypt_key: Option<PathBuf>,
    /// Nested JWT: the accepted key-management algorithms.
    #[arg(long, requires = "decrypt_key")]
    decrypt_alg: Option<String>,
    /// Nested JWT: the accepted content encryptions.
    #[arg(long, requires = "decrypt_key")]
    decrypt_enc: Option<String>,
    /// The JWT file (standard input when absent).
    file: Option<PathBuf>,
}

#[derive(Args)]
pub struct Encrypt {
    /// The recipient's key file.
    #[arg(long)]
    key: PathBuf,
    /// The key-management algorithm.
    #[arg(long)]
    alg: String,
    /// The content encryption.
    #[arg(long)]
    enc: String,
    /// The signed JWT file (standard input when absent).
    file: Option<PathBuf>,
}

pub fn run(
    command: JwtCommand,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        JwtCommand::Sign(args) => sign(&args, stdout),
        JwtCommand::Verify(args) => verify(&args, stdin, stdout),
        JwtCommand::Encrypt(args) => encrypt(&args, stdin, stdout),
    }
}

fn now(pinned: Option<i64>) -> i64 {
    pinned.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or(0)
    })
}

fn sign(args: &Sign, stdout: &mut dyn Write) -> Result<(), CliError> {
    let alg = input::parse_alg(&args.alg)?;
    let mut claims = match &args.claims {
        None => serde_json::Map::new(),
        Some(text) => {
            let bytes = match text.strip_prefix('@') {
                Some(path) => input::read(
                    Some(std::path::Path::new(path)),
                    &mut std::io::empty(),
                    Input::Payload,
                )?
                .to_vec(),
                None => text.as_bytes().to_vec(),
            };
            jose_core::json::parse_object(&bytes, jose_core::Limits::DEFAULT.max_json_depth())
                .map_err(|e| CliError::usage(format!("--claims: {}", e.message())))?
        }
    };
    let now = now(args.now);
    let mut set = |name: &str, value: Value| {
        claims.insert(name.into(), value);
    };
    if let Some(iss) = &args.iss {
        set("iss", iss.as_str().into());
    }
    if let Some(sub) = &args.sub {
        set("sub", sub.as_str().into());
    }
    match args.aud.as_slice() {
        [] => {}
        [one] => set("aud", one.as_str().into()),
        many => set(
            "aud",
            many.iter().map(|a| Value::from(a.as_str())).collect(),
        ),
    }
    if let Some(seconds) = args.exp_in {
        set("exp", NumericDate::from_seconds(now).plus(seconds).into());
    }
    if let Some(seconds) = args.nbf_in {
        set("nbf", NumericDate::from_seconds(now).plus(seconds).into());
    }
    if args.iat {
        set("iat", now.into());
    }
    if let Some(jti) = &args.jti {
        set("jti", jti.as_str().into());
    }
    let keys = input::load_key_file(&args.key)?;
    let key = input::signing_key(&keys, args.kid.as_deref(), alg, KeyOp::Sign)?;
    let mut header = Header::new(alg).with_typ(args.typ.as_deref().unwrap_or("JWT"));
    if let Some(kid) = &args.kid {
        header = header.with_kid(kid.as_str());
    }
    let jwt =
        jose_jwt::sign(&header, &Value::Object(claims), &key).map_err(|e| CliError::signing(&e))?;
    writeln!(stdout, "{jwt}").map_err(|e| CliError::io("standard output", &e))
}

fn validation(args: &Verify) -> Result<Validation, CliError> {
    // cli.md: a leeway above one day extends every token's life by as much.
    if args.leeway > MAX_LEEWAY {
        return Err(CliError::usage(format!(
            "--leeway {} is above one day ({MAX_LEEWAY} s)",
            args.leeway
        )));
    }
    let mut v = Validation::try_new(input::parse_algs(&args.alg)?)
        .map_err(|e| CliError::usage(e.message()))?
        .leeway(args.leeway);
    if let Some(now) = args.now {
        v = v.now(now);
    }
    if let Some(iss) = &args.iss {
        v = v.issuer(iss.as_str());
    }
    if !args.aud.is_empty() {
        v = v.audiences(args.aud.iter().map(String::as_str));
    }
    if let Some(sub) = &args.sub {
        v = v.subject(sub.as_str());
    }
    if let Some(typ) = &args.typ {
        v = v.typ(typ.as_str());
    }
    if let Some(require) = &args.require {
        v = v.require(require.split(',').map(str::trim).filter(|s| !s.is_empty()));
    }
    for spec in &args.claim {
        let parse = |json: &str| {
            serde_json::from_str::<Value>(json).map_err(|e| {
                // `roles=admin`: the value is JSON, so a string needs its quotes, which the
                // shell takes away unless the whole argument is quoted.
                let hint = if json.starts_with(['"', '[', '{']) {
                    String::new()
                } else {
                    let name = spec.split('=').next().unwrap_or_default();
                    format!(" (a JSON string keeps its quotes: --claim '{name}=\"{json}\"')")
                };
                CliError::usage(format!("--claim {spec}: {e}{hint}"))
            })
        };
        // NAME=JSON or NAME~=[JSON,...]: the name ends at the first `=`.
        let Some((name, json)) = spec.split_once('=') else {
            return Err(CliError::usage(format!(
                "--claim {spec}: use NAME=JSON or NAME~=[JSON,...]"
            )));
        };
        let (name, one_of) = match name.strip_suffix('~') {
            Some(name) => (name, true),
            None => (name, false),
        };
        if name.is_empty() {
            return Err(CliError::usage(format!(
                "--claim {spec}: the claim has no name"
            )));
        }
        if one_of {
            let Value::Array(values) = parse(json)? else {
                return Err(CliError::usage(format!(
                    "--claim {spec}: `~=` takes a JSON array"
                )));
            };
            v = v.claim(name, ClaimRule::essential().values(values));
        } else {
            v = v.claim(name, ClaimRule::essential().value(parse(json)?));
        }
    }
    Ok(v)
}

fn verify(args: &Verify, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    let validation = validation(args)?;
    let keys = match &args.key {
        Some(path) => Some(input::load_key_file(path)?),
        None => None,
    };
    let nested_keys = args
        .decrypt_key
        .as_deref()
        .map(input::load_key_file)
        .transpose()?;
    let decrypter = match (&args.decrypt_alg, &args.decrypt_enc) {
        (Some(alg), Some(enc)) => Some(
            Decrypter::try_new(
                input::parse_list::<KeyAlg>(alg, "--decrypt-alg")?,
                input::parse_list::<Enc>(enc, "--decrypt-enc")?,
            )
            .map_err(|e| CliError::usage(e.message()))?,
        ),
        _ => None,
    };
    let bytes = input::read(args.file.as_deref(), stdin, Input::Token)?;
    let token = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::judged(&jose_core::Error::malformed("a JWT is ASCII")))?
        .trim();
    let keys = match keys {
        Some(keys) => keys,
        // A nested token's outer `kid` names the decryption key, not the signing key.
        None => {
            let kid = match &decrypter {
                Some(_) => None,
                None => input::kid_of(token.as_bytes()),
            };
            input::verification_keys(None, args.jwks_url.as_deref(), kid.as_deref())?
        }
    };
    let result: jose_core::Result<Token> = match (&nested_keys, &decrypter) {
        (Some(dkeys), Some(decrypter)) => match (dkeys, &keys) {
            (KeyFile::Key(d), KeyFile::Key(k)) => {
                nested::decrypt_and_verify(token, d.as_ref(), decrypter, k.as_ref(), &validation)
            }
            (KeyFile::Key(d), KeyFile::Set(k)) => {
                nested::decrypt_and_verify(token, d.as_ref(), decrypter, k, &validation)
            }
            (KeyFile::Set(d), KeyFile::Key(k)) => {
                nested::decrypt_and_verify(token, d, decrypter, k.as_ref(), &validation)
            }
            (KeyFile::Set(d), KeyFile::Set(k)) => {
                nested::decrypt_and_verify(token, d, decrypter, k, &validation)
            }
        },
        _ => match &keys {
            KeyFile::Key(k) => jose_jwt::verify(token, k.as_ref(), &validation),
            KeyFile::Set(k) => jose_jwt::verify(token, k, &validation),
        },
    };
    let token = result.map_err(|e| CliError::judged(&e))?;
    let json = serde_json::to_string(&token.claims)
        .map_err(|e| CliError::io("standard output", &std::io::Error::other(e)))?;
    writeln!(stdout, "{json}").map_err(|e| CliError::io("standard output", &e))
}

fn encrypt(args: &Encrypt, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    let alg: KeyAlg = input::parse_one(&args.alg, "--alg")?;
    let enc: Enc = input::parse_one(&args.enc, "--enc")?;
    let keys = input::load_key_file(&args.key)?;
    let op = if alg == KeyAlg::Dir {
        KeyOp::Encrypt
    } else {
        KeyOp::WrapKey
    };
    let key = input::signing_key(&keys, None, alg, op)?;
    let bytes = input::read(args.file.as_deref(), stdin, Input::Token)?;
    let jwt = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::judged(&jose_core::Error::malformed("the JWT is not text")))?
        .trim();
    let jwe =
        nested::encrypt(jwt, &JweHeader::new(alg, enc), &key).map_err(|e| CliError::signing(&e))?;
    writeln!(stdout, "{jwe}").map_err(|e| CliError::io("standard output", &e))
}
