//! `jose jwe encrypt` and `jose jwe decrypt`.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use jose_core::alg::{Enc, KeyAlg};
use jose_jwe::json::JsonEncrypter;
use jose_jwe::{Decrypter, Header, compact};
use jose_jwk::KeyOp;

use crate::CliError;
use crate::input::{self, Input, KeyFile};

#[derive(Subcommand)]
pub enum JweCommand {
    /// Encrypt the bytes of FILE (or standard input) and print the JWE.
    Encrypt(Encrypt),
    /// Decrypt a JWE (compact, flattened or general JSON) and print the plaintext bytes.
    Decrypt(Decrypt),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Compact,
    Flattened,
    General,
}

#[derive(Clone, Copy, ValueEnum)]
enum Zip {
    #[value(name = "DEF")]
    Def,
}

/// `--key KEY`, or `--password-file F` for PBES2: one of the two.
#[derive(Args)]
pub struct KeyOrPassword {
    /// The key file: a JWK, a JWK Set (choose with --kid when encrypting) or a PEM key.
    /// Encrypting with --format general takes it more than once: one recipient per key.
    #[arg(
        long,
        required_unless_present = "password_file",
        conflicts_with = "password_file",
        action = clap::ArgAction::Append
    )]
    key: Vec<PathBuf>,
    /// PBES2: a file holding the password, instead of --key (one trailing newline is not
    /// part of it). Encrypting with --format general takes it more than once.
    #[arg(long, action = clap::ArgAction::Append)]
    password_file: Vec<PathBuf>,
}

#[derive(Args)]
pub struct Encrypt {
    #[command(flatten)]
    keys: KeyOrPassword,
    /// The key-management algorithm.
    #[arg(long)]
    alg: String,
    /// The content-encryption algorithm.
    #[arg(long)]
    enc: String,
    /// The key to use from a set, and the header's `kid`.
    #[arg(long)]
    kid: Option<String>,
    /// Compress the plaintext first (`zip: DEF`).
    #[arg(long, value_enum)]
    zip: Option<Zip>,
    /// The `cty` header (`JWT` for a nested JWT).
    #[arg(long)]
    cty: Option<String>,
    /// More protected header members, as a JSON object.
    #[arg(long)]
    header: Option<String>,
    /// Additional authenticated data (JSON serializations only).
    #[arg(long)]
    aad: Option<PathBuf>,
    /// The serialization.
    #[arg(long, value_enum, default_value = "compact")]
    format: Format,
    /// The plaintext file (standard input when absent).
    file: Option<PathBuf>,
}

#[derive(Args)]
pub struct Decrypt {
    #[command(flatten)]
    keys: KeyOrPassword,
    /// The accepted key-management algorithms, comma separated.
    #[arg(long)]
    alg: String,
    /// The accepted content-encryption algorithms, comma separated.
    #[arg(long)]
    enc: String,
    /// The largest PBES2 `p2c` accepted (default 10,000, at most 1,200,000).
    #[arg(long)]
    max_p2c: Option<u32>,
    /// The JWE file (standard input when absent).
    file: Option<PathBuf>,
}

pub fn run(
    command: JweCommand,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    match command {
        JweCommand::Encrypt(args) => encrypt(&args, stdin, stdout),
        JweCommand::Decrypt(args) => decrypt(&args, stdin, stdout),
    }
}

fn is_pbes2(alg: KeyAlg) -> bool {
    matches!(
        alg,
        KeyAlg::PBES2_HS256_A128KW | KeyAlg::PBES2_HS384_A192KW | KeyAlg::PBES2_HS512_A256KW
    )
}

/// The key files, or the password as an oct key. A password is never a raw key:
/// `--password-file` goes with PBES2 algorithms only.
fn keys(args: &KeyOrPassword, algs: &[KeyAlg]) -> Result<Vec<KeyFile>, CliError> {
    match (args.key.as_slice(), args.password_file.as_slice()) {
        ([], []) => Err(CliError::usage("give --key or --password-file")),
        (keys, []) => keys.iter().map(|k| input::load_key_file(k)).collect(),
        (_, passwords) => {
            if !algs.iter().all(|a| is_pbes2(*a)) {
                return Err(CliError::usage(
                    "--password-file goes with PBES2 algorithms only",
                ));
            }
            passwords
                .iter()
                .map(|p| Ok(KeyFile::Key(Box::new(input::password_key(p)?))))
                .collect()
        }
    }
}

fn encrypt(args: &Encrypt, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    let alg: KeyAlg = input::parse_one(&args.alg, "--alg")?;
    let enc: Enc = input::parse_one(&args.enc, "--enc")?;
    let mut header: Header = input::header_arg(args.header.as_deref())?;
    let several = args.keys.key.len().max(args.keys.password_file.len()) > 1;
    if several && !matches!(args.format, Format::General) {
        return Err(CliError::usage(
            "several --key make several recipients: add --format general",
        ));
    }
    if several && args.kid.is_some() {
        return Err(CliError::usage(
            "--kid picks one key; with several --key, each recipient takes its key's own kid",
        ));
    }
    for (name, value) in [("alg", alg.as_str()), ("enc", enc.as_str())] {
        if name == "alg" && several {
            // Each recipient names its `alg` in its own header, as peers expect.
            continue;
        }
        if let Some(given) = header.get(name)
            && given.as_str() != Some(value)
        {
            return Err(CliError::usage(format!(
                "--header names another `{name}` than --{name}"
            )));
        }
        header = header.with_member(name, value);
    }
    let kid = match (args.kid.as_deref(), header.kid()) {
        (Some(a), Some(b)) if a != b => {
            return Err(CliError::usage("--kid and the `kid` of --header differ"));
        }
        (Some(a), _) => Some(a.to_owned()),
        (None, b) => b.map(str::to_owned),
    };
    let op = if alg == KeyAlg::Dir {
        KeyOp::Encrypt
    } else {
        KeyOp::WrapKey
    };
    let keys = keys(&args.keys, &[alg])?
        .iter()
        .map(|file| input::signing_key(file, kid.as_deref(), alg, op.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(kid) = kid {
        header = header.with_kid(kid);
    }
    if args.zip.is_some() {
        header = header.with_zip();
    }
    if let Some(cty) = &args.cty {
        header = header.with_cty(cty.as_str());
    }
    jose_core::crit::check(header.as_object(), &[], &["zip"], &[])
        .map_err(|e| CliError::usage(format!("--header: {}", e.message())))?;
    let aad = args
        .aad
        .as_deref()
        .map(|p| input::read(Some(p), stdin, Input::Payload))
        .transpose()?;
    let plaintext = input::read(args.file.as_deref(), stdin, Input::Payload)?;
    let output = match (args.format, keys.as_slice()) {
        (Format::Compact, [key]) => {
            if aad.is_some() {
                return Err(CliError::usage(
                    "--aad needs a JSON serialization (--format flattened|general)",
                ));
            }
            compact::encrypt(&header, &plaintext, key)
        }
        (_, keys) => {
            let mut encrypter = JsonEncrypter::new(&plaintext, header);
            for key in keys {
                let mut recipient = Header::empty();
                if several {
                    recipient = recipient.with_member("alg", alg.as_str());
                    if let Some(kid) = key.kid() {
                        recipient = recipient.with_kid(kid);
                    }
                }
                encrypter = encrypter.recipient(recipient, key);
            }
            if let Some(aad) = &aad {
                encrypter = encrypter.aad(aad);
            }
            match args.format {
                Format::Flattened => encrypter.flattened(),
                _ => encrypter.general(),
            }
        }
    }
    .map_err(|e| CliError::signing(&e))?;
    writeln!(stdout, "{output}").map_err(|e| CliError::io("standard output", &e))
}

fn decrypt(args: &Decrypt, stdin: &mut dyn Read, stdout: &mut dyn Write) -> Result<(), CliError> {
    let algs: Vec<KeyAlg> = input::parse_list(&args.alg, "--alg")?;
    let encs: Vec<Enc> = input::parse_list(&args.enc, "--enc")?;
    let keys = match <[KeyFile; 1]>::try_from(keys(&args.keys, &algs)?) {
        Ok([keys]) => keys,
        Err(_) => {
            return Err(CliError::usage(
                "decrypt takes one --key: join keys with `jose key set`",
            ));
        }
    };
    let mut decrypter = Decrypter::try_new(algs, encs).map_err(|e| CliError::usage(e.message()))?;
    if let Some(max) = args.max_p2c {
        if max > jose_jwe::alg::pbes2::MAX_P2C_CEILING {
            return Err(CliError::usage("--max-p2c is at most 1200000"));
        }
        decrypter = decrypter.with_limits(jose_core::Limits::DEFAULT.with_max_pbes2_count(max));
    }
    let input = input::read(args.file.as_deref(), stdin, Input::Token)?;
    let decrypted = match &keys {
        KeyFile::Key(jwk) => decrypter.decrypt(&input, jwk.as_ref()),
        KeyFile::Set(set) => decrypter.decrypt(&input, set),
    }
    .map_err(|e| CliError::judged(&e))?;
    stdout
        .write_all(&decrypted.plaintext)
        .map_err(|e| CliError::io("standard output", &e))
}
