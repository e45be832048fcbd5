//! `jose jws sign` and `jose jws verify`.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use jose_jwk::KeyOp;
use jose_jws::json::JsonSigner;
use jose_jws::{Header, Verifier, compact};

use crate::CliError;
use crate::input::{self, Input, KeyFile};

#[derive(Subcommand)]
pub enum JwsCommand {
    /// Sign the bytes of FILE (or standard input) and print the JWS.
    Sign(Sign),
    /// Verify a JWS (compact, flattened or general JSON) and print the payload bytes.
    Verify(Verify),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Compact,
    Flattened,
    General,
}

#[derive(Args)]
pub struct Sign {
    /// The key file: a JWK, a JWK Set (choose with --kid) or a PEM key.
    #[arg(long)]
    key: PathBuf,
    /// The algorithm.
    #[arg(long)]
    alg: String,
    /// The key to use from a set, and the header's `kid`.
    #[arg(long)]
    kid: Option<String>,
    /// More protected header members, as a JSON object.
    #[arg(long)]
    header: Option<String>,
    /// The serialization.
    #[arg(long, value_enum, default_value = "compact")]
    format: Format,
    /// Leave the payload out of the JWS (RFC 7515 App. F).
    #[arg(long)]
    detached: bool,
    /// Do not base64url-encode the payload (RFC 7797: `b64: false`, `crit: ["b64"]`).
    #[arg(long)]
    unencoded: bool,
    /// The payload file (standard input when absent).
    file: Option<PathBuf>,
}

#[derive(Args)]
pub struct Verify {
    /// The key file: a JWK, a JWK Set or a PEM key.
    #[arg(
        long,
        required_unless_present = "jwks_url",
        conflicts_with = "jwks_url"
    )]
    key: Option<PathBuf>,
    /// The URL of a JWK Set to verify with (https://, or http:// to a loopback host).
    #[arg(long)]
    jwks_url: Option<String>,
    /// The accepted algorithms, comma separated (required: nothing is inferred from the token).
    #[arg(long)]
    alg: String,
    /// The detached payload.
    #[arg(long)]
    payload: Option<PathBuf>,
    /// The JWS file (standard input when absent).
    file: Option<PathBuf>,
}

pub fn run(
    command: JwsCommand,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        JwsCommand::Sign(args) => sign(&args, stdin, stdout),
        JwsCommand::Verify(args) => verify(&args, stdin, stdout),
    }
}

fn sign(args: &Sign, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    let alg = input::parse_alg(&args.alg)?;
    let mut header: Header = input::header_arg(args.header.as_deref())?;
    if let Some(given) = header.get("alg")
        && given.as_str() != Some(alg.as_str())
    {
        return Err(CliError::usage("--header names another `alg` than --alg"));
    }
    // A `kid` may come from --kid or from --header; both must agree.
    let kid = match (args.kid.as_deref(), header.kid()) {
        (Some(a), Some(b)) if a != b => {
            return Err(CliError::usage("--kid and the `kid` of --header differ"));
        }
        (Some(a), _) => Some(a.to_owned()),
        (None, b) => b.map(str::to_owned),
    };
    let keys = input::load_key_file(&args.key)?;
    let key = input::signing_key(&keys, kid.as_deref(), alg, KeyOp::Sign)?;
    header = header.with_member("alg", alg.as_str());
    if let Some(kid) = kid {
        header = header.with_kid(kid);
    }
    if args.unencoded {
        header = header.unencoded();
    }
    // The header is the caller's own argument: a bad one is a usage error.
    jose_jws::crit::check(header.as_object(), None)
        .map_err(|e| CliError::usage(format!("--header: {}", e.message())))?;
    let payload = input::read(args.file.as_deref(), stdin, Input::Payload)?;
    let signed = match args.format {
        Format::Compact if args.detached => compact::sign_detached(&header, &payload, &key),
        Format::Compact => compact::sign(&header, &payload, &key),
        Format::Flattened | Format::General => {
            let mut signer = JsonSigner::new(&payload);
            if args.detached {
                signer = signer.detached();
            }
            signer
                .sign(&header, None, &key)
                .and_then(|s| match args.format {
                    Format::Flattened => s.flattened(),
                    _ => s.general(),
                })
        }
    }
    .map_err(|e| CliError::signing(&e))?;
    writeln!(stdout, "{signed}").map_err(|e| CliError::io("standard output", &e))
}

fn verify(args: &Verify, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    let algs = input::parse_algs(&args.alg)?;
    let keys = match &args.key {
        Some(path) => Some(input::load_key_file(path)?),
        None => None,
    };
    let detached = args
        .payload
        .as_deref()
        .map(|p| input::read(Some(p), stdin, Input::Payload))
        .transpose()?;
    let token = input::read(args.file.as_deref(), stdin, Input::Token)?;
    let keys = match keys {
        Some(keys) => keys,
        None => input::verification_keys(
            None,
            args.jwks_url.as_deref(),
            input::kid_of(&token).as_deref(),
        )?,
    };
    let verifier = Verifier::try_new(algs).map_err(|e| CliError::usage(e.message()))?;
    let detached = detached.as_deref().map(|p| p.as_slice());
    let verified = match &keys {
        KeyFile::Key(jwk) => verifier.verify(&token, detached, jwk.as_ref()),
        KeyFile::Set(set) => verifier.verify(&token, detached, set),
    }
    .map_err(|e| CliError::judged(&e))?;
    stdout
        .write_all(verified.payload())
        .map_err(|e| CliError::io("standard output", &e))
}
