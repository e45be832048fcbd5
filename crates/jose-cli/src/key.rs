//! `jose key`: generate | public | thumbprint | import | export | set.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use jose_core::Error;
use jose_jwk::alg::Alg;
use jose_jwk::{EcCurve, Jwk, JwkAlg, JwkSet, KeySpec, KeyUse, OkpCurve};

use crate::CliError;
use crate::input::{self, KeyFile};

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Generate a private key and print it as a JWK.
    Generate(Generate),
    /// Print a JWK or JWK Set with every private member removed.
    Public {
        /// The key file (standard input when absent).
        file: Option<PathBuf>,
    },
    /// Print the RFC 7638 SHA-256 thumbprint of a key, base64url.
    Thumbprint {
        /// The key file (standard input when absent).
        file: Option<PathBuf>,
    },
    /// Convert a PEM key (PKCS#8, encrypted PKCS#8, SPKI, PKCS#1, SEC1) to a JWK.
    Import(Import),
    /// Print a key as PEM: PKCS#8 for a private key, SPKI for a public one.
    Export(Export),
    /// Join key files (JWKs, JWK Sets or PEM keys) into one JWK Set.
    Set {
        /// The key files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Kty {
    #[value(name = "oct")]
    Oct,
    #[value(name = "RSA")]
    Rsa,
    #[value(name = "EC")]
    Ec,
    #[value(name = "OKP")]
    Okp,
    #[value(name = "AKP")]
    Akp,
}

#[derive(Clone, Copy, ValueEnum)]
enum Use {
    Sig,
    Enc,
}

#[derive(Args)]
pub struct Members {
    /// The `alg` member (checked against the key).
    #[arg(long)]
    alg: Option<String>,
    /// The `kid` member; `thumbprint` sets it to the RFC 7638 thumbprint.
    #[arg(long)]
    kid: Option<String>,
    /// The `use` member.
    #[arg(long = "use", value_enum)]
    key_use: Option<Use>,
}

#[derive(Args)]
pub struct Generate {
    /// Key type (AKP: an ML-DSA key, whose parameter set --alg names).
    #[arg(long, value_enum)]
    kty: Kty,
    /// Size in bits: required for oct, 2048 (default), 3072 or 4096 for RSA.
    #[arg(long)]
    size: Option<usize>,
    /// Curve: P-256, P-384, P-521, secp256k1 (EC); Ed25519, X25519 (OKP).
    #[arg(long)]
    crv: Option<String>,
    #[command(flatten)]
    members: Members,
}

#[derive(Args)]
pub struct Import {
    /// The key file: PEM (PKCS#8, SPKI, PKCS#1, SEC1) or OpenSSH (a private key, or a `.pub`
    /// line).
    file: PathBuf,
    /// A file holding the password of an encrypted PKCS#8 key or the passphrase of an
    /// OpenSSH key.
    #[arg(long)]
    password_file: Option<PathBuf>,
    #[command(flatten)]
    members: Members,
}

#[derive(Args)]
pub struct Export {
    /// The key file (standard input when absent).
    file: Option<PathBuf>,
    /// Export the public key (SPKI) even from a private key.
    #[arg(long)]
    public: bool,
    /// Encrypt the PKCS#8 output with the password held in this file.
    #[arg(long)]
    password_file: Option<PathBuf>,
}

pub fn run(
    command: KeyCommand,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
) -> Result<(), CliError> {
    let output = match command {
        KeyCommand::Generate(args) => generate(&args)?,
        KeyCommand::Public { file } => match load(file.as_deref(), stdin, None)? {
            KeyFile::Key(jwk) => json(&jwk.to_public().map_err(|e| CliError::key(&e))?)?,
            KeyFile::Set(set) => set_json(&set.public())?,
        },
        KeyCommand::Thumbprint { file } => {
            let jwk = single(load(file.as_deref(), stdin, None)?)?;
            jwk.thumbprint_sha256()
        }
        KeyCommand::Import(args) => {
            let password = args
                .password_file
                .as_deref()
                .map(input::read_password)
                .transpose()?;
            let bytes = input::read(Some(&args.file), stdin, input::Input::Key)?;
            let text = std::str::from_utf8(&bytes)
                .map_err(|_| CliError::key(&Error::malformed("the key file is not UTF-8")))?;
            let jwk = match &password {
                Some(p) => Jwk::from_pem_with_password(text, p),
                None => Jwk::from_pem(text),
            }
            .map_err(|e| CliError::key(&e))?;
            json(&apply(jwk, &args.members)?)?
        }
        KeyCommand::Export(args) => {
            let jwk = single(load(args.file.as_deref(), stdin, None)?)?;
            let pem = if args.public || !jwk.is_private() {
                if args.password_file.is_some() {
                    return Err(CliError::usage(
                        "--password-file encrypts private keys only",
                    ));
                }
                jwk.to_spki_pem()
            } else if let Some(path) = &args.password_file {
                let password = input::read_password(path)?;
                jwk.to_encrypted_pkcs8_pem(&password, &mut rand::rng())
                    .map(|p| p.as_str().to_owned())
            } else {
                jwk.to_pkcs8_pem().map(|p| p.as_str().to_owned())
            }
            .map_err(|e| CliError::key(&e))?;
            pem.trim_end().to_owned()
        }
        KeyCommand::Set { files } => {
            let mut set = JwkSet::new();
            for file in &files {
                let keys = match load(Some(file), stdin, None)? {
                    KeyFile::Key(jwk) => vec![*jwk],
                    KeyFile::Set(s) => s.keys().to_vec(),
                };
                for jwk in keys {
                    set.insert(jwk).map_err(|e| CliError::key(&e))?;
                }
            }
            set_json(&set)?
        }
    };
    writeln!(stdout, "{output}").map_err(|e| CliError::io("standard output", &e))
}

fn load(
    file: Option<&std::path::Path>,
    stdin: &mut dyn Read,
    password: Option<&[u8]>,
) -> Result<KeyFile, CliError> {
    let bytes = input::read(file, stdin, input::Input::Key)?;
    input::parse_key_file(&bytes, password)
}

fn single(file: KeyFile) -> Result<Jwk, CliError> {
    match file {
        KeyFile::Key(jwk) => Ok(*jwk),
        KeyFile::Set(set) if set.len() == 1 => Ok(set
            .keys()
            .first()
            .cloned()
            .ok_or_else(|| CliError::usage("the JWK Set is empty"))?),
        KeyFile::Set(_) => Err(CliError::usage(
            "this command takes one key, and the file holds a JWK Set",
        )),
    }
}

fn generate(args: &Generate) -> Result<String, CliError> {
    let spec = match args.kty {
        Kty::Oct => {
            let bits = args
                .size
                .ok_or_else(|| CliError::usage("--kty oct needs --size BITS"))?;
            if !(128..=8192).contains(&bits) || !bits.is_multiple_of(8) {
                return Err(CliError::usage(
                    "--size for oct is a multiple of 8 from 128 to 8192 bits",
                ));
            }
            if args.crv.is_some() {
                return Err(CliError::usage("--crv is for EC and OKP keys"));
            }
            KeySpec::Oct(bits)
        }
        Kty::Rsa => {
            let bits = args.size.unwrap_or(2048);
            if ![2048, 3072, 4096].contains(&bits) {
                return Err(CliError::usage("--size for RSA is 2048, 3072 or 4096"));
            }
            if args.crv.is_some() {
                return Err(CliError::usage("--crv is for EC and OKP keys"));
            }
            KeySpec::Rsa(bits)
        }
        Kty::Ec => {
            if args.size.is_some() {
                return Err(CliError::usage("--size is for oct and RSA keys"));
            }
            KeySpec::Ec(match args.crv.as_deref() {
                Some("P-256") => EcCurve::P256,
                Some("P-384") => EcCurve::P384,
                Some("P-521") => EcCurve::P521,
                Some("secp256k1") => EcCurve::Secp256k1,
                Some(other) => {
                    return Err(CliError::usage(format!(
                        "unknown EC curve `{other}` (P-256, P-384, P-521, secp256k1)"
                    )));
                }
                None => return Err(CliError::usage("--kty EC needs --crv")),
            })
        }
        Kty::Okp => {
            if args.size.is_some() {
                return Err(CliError::usage("--size is for oct and RSA keys"));
            }
            KeySpec::Okp(match args.crv.as_deref() {
                Some("Ed25519") => OkpCurve::Ed25519,
                Some("X25519") => OkpCurve::X25519,
                Some(other) => {
                    return Err(CliError::usage(format!(
                        "unknown OKP curve `{other}` (Ed25519, X25519)"
                    )));
                }
                None => return Err(CliError::usage("--kty OKP needs --crv")),
            })
        }
        Kty::Akp => {
            if args.size.is_some() || args.crv.is_some() {
                return Err(CliError::usage(
                    "an AKP key takes --alg ML-DSA-44|ML-DSA-65|ML-DSA-87, no --size or --crv",
                ));
            }
            match args.members.alg.as_deref().map(str::parse) {
                Some(Ok(alg @ (Alg::ML_DSA_44 | Alg::ML_DSA_65 | Alg::ML_DSA_87))) => {
                    KeySpec::Akp(alg)
                }
                _ => {
                    return Err(CliError::usage(
                        "--kty AKP needs --alg ML-DSA-44, ML-DSA-65 or ML-DSA-87",
                    ));
                }
            }
        }
    };
    let jwk = Jwk::generate(spec).map_err(|e| CliError::key(&e))?;
    json(&apply(jwk, &args.members)?)
}

/// Sets `alg`, `use` and `kid` (the thumbprint last, so that it is of the final key).
fn apply(mut jwk: Jwk, members: &Members) -> Result<Jwk, CliError> {
    if let Some(alg) = &members.alg {
        let alg = JwkAlg::parse(alg);
        if let JwkAlg::Other(name) = &alg {
            return Err(CliError::usage(format!("unknown algorithm `{name}`")));
        }
        jwk = jwk.with_alg(alg).map_err(|e| CliError::key(&e))?;
    }
    if let Some(key_use) = members.key_use {
        let key_use = match key_use {
            Use::Sig => KeyUse::Sig,
            Use::Enc => KeyUse::Enc,
        };
        jwk = jwk.with_use(key_use).map_err(|e| CliError::key(&e))?;
    }
    match members.kid.as_deref() {
        Some("thumbprint") => jwk = jwk.with_kid_thumbprint(),
        Some(kid) => {
            jwk = jwk
                .with_kid(kid)
                .map_err(|e| CliError::usage(e.message()))?
        }
        None => {}
    }
    Ok(jwk)
}

fn json(jwk: &Jwk) -> Result<String, CliError> {
    jwk.to_json().map_err(|e| CliError::key(&e))
}

fn set_json(set: &JwkSet) -> Result<String, CliError> {
    set.to_json().map_err(|e| CliError::key(&e))
}
