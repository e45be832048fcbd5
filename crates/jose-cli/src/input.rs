//! Reading files and standard input, within the input limit, and loading key files (a JWK, a
//! JWK Set or a PEM key).

use std::io::Read;
use std::path::Path;

use jose_core::alg::Alg;
use jose_core::{Error, ErrorKind, Limits, json};
use jose_jwk::{Jwk, JwkAlg, JwkSet, KeyOp};
use zeroize::Zeroizing;

use crate::CliError;

/// What a file or standard input holds, which decides its size limit and what exceeding it
/// means for the exit status.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A key file (or PEM file): over the limit, the caller's file is unusable (exit 2).
    Key,
    /// A token to judge: over the limit, it is judged invalid (exit 1).
    Token,
    /// A payload to sign or a detached payload: bounded generously (64 MiB).
    Payload,
}

/// Largest payload read for signing or as a detached payload.
const MAX_PAYLOAD_BYTES: usize = 64 << 20;

/// Whether a file name that does not exist is rather a compact JWS or JWE: a header that
/// starts as a JSON object does in base64url (`eyJ`, for `{"`), two or four dots, only
/// base64url characters.
fn looks_like_a_token(name: &str) -> bool {
    let dots = name.bytes().filter(|&b| b == b'.').count();
    name.starts_with("eyJ")
        && matches!(dots, 2 | 4)
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Reads `path`, or standard input when there is none, refusing more than the limit of what
/// it holds.
pub fn read(
    path: Option<&Path>,
    stdin: &mut dyn Read,
    what: Input,
) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let limit = match what {
        Input::Key | Input::Token => Limits::DEFAULT.max_input_bytes(),
        Input::Payload => MAX_PAYLOAD_BYTES,
    };
    // Key files are read into a buffer sized up front: growing it would leave copies behind.
    let mut buf = Zeroizing::new(Vec::with_capacity(if what == Input::Key {
        limit.saturating_add(1)
    } else {
        0
    }));
    let (name, result) = match path {
        Some(path) => {
            let name = path.display().to_string();
            let result = std::fs::File::open(path).and_then(|f| {
                f.take((limit as u64).saturating_add(1))
                    .read_to_end(&mut buf)
            });
            (name, result)
        }
        None => (
            "standard input".to_owned(),
            stdin
                .take((limit as u64).saturating_add(1))
                .read_to_end(&mut buf),
        ),
    };
    result.map_err(|e| {
        if what == Input::Token && looks_like_a_token(&name) {
            // A token given where a file name goes: say so, and never echo it (a bearer
            // token in an error message ends up in logs).
            CliError::usage(
                "the argument is a token, not a file: pass the token on standard input \
                 (`printf %s \"$TOKEN\" | jose ...`) or in a file",
            )
        } else {
            CliError::io(&name, &e)
        }
    })?;
    if buf.len() > limit {
        let e = Error::limit(format!("{name} is larger than {limit} bytes"));
        return Err(match what {
            Input::Key => CliError::key(&e),
            Input::Token | Input::Payload => CliError::judged(&e),
        });
    }
    Ok(buf)
}

/// What a key file holds.
pub enum KeyFile {
    /// One key (a JWK or a PEM key).
    Key(Box<Jwk>),
    /// A JWK Set.
    Set(JwkSet),
}

/// Parses a key file: a JWK or a JWK Set (by the presence of `keys`) when it is a JSON
/// object, otherwise a PEM key or an OpenSSH key (private, or a `.pub` line). Every key of a
/// set must be usable.
pub fn parse_key_file(bytes: &[u8], password: Option<&[u8]>) -> Result<KeyFile, CliError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| CliError::key(&Error::malformed("the key file is not UTF-8")))?;
    if !text.trim_start().starts_with('{') {
        let jwk = match password {
            Some(password) => Jwk::from_pem_with_password(text, password),
            None => Jwk::from_pem(text),
        }
        .map_err(|e| CliError::key(&e))?;
        return Ok(KeyFile::Key(Box::new(jwk)));
    }
    let limits = Limits::DEFAULT;
    let object =
        json::parse_object(bytes, limits.max_json_depth()).map_err(|e| CliError::key(&e))?;
    if object.contains_key("keys") {
        JwkSet::from_object(object, &limits, true)
            .map(KeyFile::Set)
            .map_err(|e| CliError::key(&e))
    } else {
        Jwk::from_object(object, &limits)
            .map(|k| KeyFile::Key(Box::new(k)))
            .map_err(|e| CliError::key(&e))
    }
}

/// Reads a password file: its content without one trailing newline.
pub fn read_password(path: &Path) -> Result<Zeroizing<Vec<u8>>, CliError> {
    const MAX_PASSWORD: u64 = 4096;
    let name = path.display().to_string();
    let mut bytes = Zeroizing::new(Vec::with_capacity(
        (MAX_PASSWORD as usize).saturating_add(1),
    ));
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_PASSWORD + 1).read_to_end(&mut bytes))
        .map_err(|e| CliError::io(&name, &e))?;
    if bytes.len() as u64 > MAX_PASSWORD {
        return Err(CliError::usage(format!(
            "the password file {name} is longer than {MAX_PASSWORD} bytes"
        )));
    }
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
    Ok(bytes)
}

/// Reads and parses a key file (no password).
pub fn load_key_file(path: &Path) -> Result<KeyFile, CliError> {
    let bytes = read_key(path)?;
    parse_key_file(&bytes, None)
}

/// The keys to verify with: the key file of `--key`, or the JWK Set at `--jwks-url`, fetched
/// (HTTPS, 5 s, 512 KiB, same-origin redirects) for the token's `kid`. A set that cannot be had
/// is the caller's problem, like an unreadable key file (exit 2); a set without the token's
/// `kid` is the token's (`no-matching-key`, exit 1).
pub fn verification_keys(
    key: Option<&Path>,
    jwks_url: Option<&str>,
    kid: Option<&str>,
) -> Result<KeyFile, CliError> {
    match (key, jwks_url) {
        (Some(path), None) => load_key_file(path),
        (None, Some(url)) => {
            let remote = jose_jwks_http::remote_jwk_set(url).map_err(|e| CliError::key(&e))?;
            match remote.keys_for_kid(kid) {
                Ok(set) => Ok(KeyFile::Set(std::sync::Arc::unwrap_or_clone(set))),
                Err(e) if e.kind() == ErrorKind::NoMatchingKey => Err(CliError::judged(&e)),
                Err(e) => Err(CliError::key(&e)),
            }
        }
        _ => Err(CliError::usage("give one of --key and --jwks-url")),
    }
}

/// The `kid` of a compact JWS's protected header, to choose keys by (not verified).
pub fn kid_of(token: &[u8]) -> Option<String> {
    let token = std::str::from_utf8(token).ok()?.trim();
    let header = jose_jws::dangerous::peek_header(token).ok()?;
    header.kid().map(str::to_owned)
}

fn read_key(path: &Path) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let mut empty: &[u8] = &[];
    read(Some(path), &mut empty, Input::Key)
}

/// One JWS algorithm name, for signing.
pub fn parse_alg(name: &str) -> Result<Alg, CliError> {
    parse_one(name, "--alg")
}

/// A comma-separated allow-list of JWS algorithms.
pub fn parse_algs(list: &str) -> Result<Vec<Alg>, CliError> {
    let algs = list
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(parse_alg)
        .collect::<Result<Vec<_>, _>>()?;
    if algs.is_empty() {
        return Err(CliError::usage("--alg needs at least one algorithm"));
    }
    Ok(algs)
}

/// The one key of a key file that serves `alg` for `op`: chosen by `kid`, then by
/// compatibility; several candidates without a `kid` is a usage error.
pub fn signing_key(
    keys: &KeyFile,
    kid: Option<&str>,
    alg: impl Into<JwkAlg>,
    op: KeyOp,
) -> Result<Jwk, CliError> {
    let alg: JwkAlg = alg.into();
    match keys {
        KeyFile::Key(jwk) => {
            if let (Some(wanted), Some(own)) = (kid, jwk.kid())
                && wanted != own
            {
                return Err(CliError::usage(format!(
                    "--kid {wanted:?} names another key than the key file's ({own:?})"
                )));
            }
            jwk.usable_for(alg.clone(), op)
                .map_err(|e| CliError::signing(&e))?;
            Ok(jwk.as_ref().clone())
        }
        KeyFile::Set(set) => {
            let found: Vec<&Jwk> = set
                .select(kid, alg.clone(), op.clone())
                .map_err(|e| CliError::signing(&e))?
                .collect();
            match found.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(CliError::signing(&Error::new(
                    ErrorKind::NoMatchingKey,
                    format!("no key of the set can be used for `{alg}`"),
                ))),
                _ => Err(CliError::usage(format!(
                    "{} keys of the set can be used for `{alg}`: choose one with --kid",
                    found.len()
                ))),
            }
        }
    }
}

/// A comma-separated list of names of type `T` (`--alg` of JWE, `--enc`).
pub fn parse_list<T>(list: &str, flag: &str) -> Result<Vec<T>, CliError>
where
    T: std::str::FromStr<Err = Error>,
{
    let items = list
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| parse_one(s, flag))
        .collect::<Result<Vec<_>, _>>()?;
    if items.is_empty() {
        return Err(CliError::usage(format!(
            "{flag} needs at least one algorithm"
        )));
    }
    Ok(items)
}

/// An oct key holding the password of a password file (PBES2).
pub fn password_key(path: &Path) -> Result<Jwk, CliError> {
    let password = read_password(path)?;
    let key = jose_jwk::OctKey::new(password.to_vec())
        .map_err(|_| CliError::usage("the password file is empty"))?;
    Ok(Jwk::new(jose_jwk::Key::Oct(key)))
}

/// One algorithm name of type `T` given to `flag` (`--alg`, `--enc`).
pub fn parse_one<T>(name: &str, flag: &str) -> Result<T, CliError>
where
    T: std::str::FromStr<Err = Error>,
{
    name.trim()
        .parse::<T>()
        .map_err(|e| CliError::usage(format!("{flag}: {}", e.message())))
}

/// The `--header` argument: a JSON object of protected header members.
pub fn header_arg<A>(json: Option<&str>) -> Result<jose_core::header::Header<A>, CliError> {
    match json {
        None => Ok(jose_core::header::Header::empty()),
        Some(json) => {
            jose_core::json::parse_object(json.as_bytes(), Limits::DEFAULT.max_json_depth())
                .map(jose_core::header::Header::from_object)
                .map_err(|e| CliError::usage(format!("--header: {}", e.message())))
        }
    }
}
