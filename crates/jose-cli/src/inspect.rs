//! `jose inspect` (reads a token WITHOUT verifying it) and `jose demo`.

use std::io::{Read, Write};
use std::path::Path;

use jose_core::{Error, b64, json};
use jose_jwe::{Decrypter, Enc, KeyAlg};
use jose_jwk::{Jwk, KeySpec, OkpCurve};
use jose_jwt::nested::{self, JweHeader};
use jose_jwt::{Alg, Claims, Header, NumericDate, Token, Validation};
use serde_json::{Value, json};

use crate::CliError;
use crate::input::{self, Input};

fn payload_value(bytes: &[u8]) -> Value {
    json::parse_value(bytes, jose_core::Limits::DEFAULT.max_json_depth())
        .unwrap_or_else(|_| Value::String(b64::encode(bytes)))
}

fn header_of(encoded: &str) -> Result<Value, Error> {
    json::parse_value(
        &b64::decode(encoded)?,
        jose_core::Limits::DEFAULT.max_json_depth(),
    )
}

fn describe(token: &str) -> Result<Value, Error> {
    if token.starts_with('{') {
        let object = json::parse_object(
            token.as_bytes(),
            jose_core::Limits::DEFAULT.max_json_depth(),
        )?;
        let kind = json::Serialization::of(&object)?;
        let protected = object
            .get("protected")
            .or_else(|| {
                object
                    .get("signatures")
                    .and_then(|s| s.get(0))
                    .and_then(|s| s.get("protected"))
            })
            .and_then(Value::as_str)
            .map(header_of)
            .transpose()?
            .unwrap_or(Value::Object(json::Object::new()));
        if kind == json::Serialization::Jwe {
            return Ok(json!({"format": "jwe", "header": protected}));
        }
        let payload = match object.get("payload").and_then(Value::as_str) {
            Some(p) if protected.get("b64") == Some(&Value::Bool(false)) => {
                payload_value(p.as_bytes())
            }
            Some(p) => payload_value(&b64::decode(p)?),
            None => Value::Null,
        };
        return Ok(json!({"format": "jws", "header": protected, "payload": payload}));
    }
    match token.bytes().filter(|b| *b == b'.').count() {
        4 => Ok(
            json!({"format": "jwe", "header": Value::Object(jose_jwe::compact::peek_header(token)?.as_object().clone())}),
        ),
        _ => {
            let (header, payload) = jose_jws::dangerous::decode_unverified(token)?;
            Ok(
                json!({"format": "jws", "header": Value::Object(header.as_object().clone()), "payload": payload_value(&payload)}),
            )
        }
    }
}

pub fn inspect(
    file: Option<&Path>,
    stdin: &mut dyn Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<(), CliError> {
    let bytes = input::read(file, stdin, Input::Token)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| CliError::judged(&Error::malformed("the token is not text")))?
        .trim();
    let description = describe(text).map_err(|e| CliError::judged(&e))?;
    let _ = writeln!(
        stderr,
        "note: nothing was verified; do not trust what this shows"
    );
    writeln!(stdout, "{description}").map_err(|e| CliError::io("standard output", &e))
}

fn stage(stdout: &mut dyn Write, title: &str, body: &str) -> Result<(), CliError> {
    writeln!(stdout, "== {title}\n{body}\n").map_err(|e| CliError::io("standard output", &e))
}

pub fn demo(stdout: &mut dyn Write) -> Result<(), CliError> {
    let fail = |e: Error| CliError::judged(&e);
    let signing = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519))
        .map_err(fail)?
        .with_kid_thumbprint();
    let encryption = Jwk::generate(KeySpec::Okp(OkpCurve::X25519))
        .map_err(fail)?
        .with_kid_thumbprint();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    stage(
        stdout,
        "1. a signing key (Ed25519), public half",
        &signing
            .to_public()
            .and_then(|k| k.to_json())
            .map_err(fail)?,
    )?;
    stage(
        stdout,
        "2. an encryption key (X25519), public half",
        &encryption
            .to_public()
            .and_then(|k| k.to_json())
            .map_err(fail)?,
    )?;
    let claims = Claims::new()
        .issuer("https://demo.example")
        .subject("alice")
        .audience("demo-api")
        .issued_at(NumericDate::from_seconds(now))
        .expires_at(NumericDate::from_seconds(now).plus(600));
    let jwt = jose_jwt::sign(&Header::new(Alg::EdDSA), &claims, &signing).map_err(fail)?;
    stage(stdout, "3. a JWT signed with EdDSA", &jwt)?;
    let jwe = nested::encrypt(
        &jwt,
        &JweHeader::new(KeyAlg::ECDH_ES_A256KW, Enc::A256GCM),
        &encryption.to_public().map_err(fail)?,
    )
    .map_err(fail)?;
    stage(
        stdout,
        "4. the JWT encrypted (ECDH-ES+A256KW, A256GCM, cty JWT)",
        &jwe,
    )?;
    let validation = Validation::new([Alg::EdDSA])
        .issuer("https://demo.example")
        .audience("demo-api");
    let decrypter = Decrypter::new([KeyAlg::ECDH_ES_A256KW], [Enc::A256GCM]);
    let token: Token = nested::decrypt_and_verify(
        &jwe,
        &encryption,
        &decrypter,
        &signing.to_public().map_err(fail)?,
        &validation,
    )
    .map_err(fail)?;
    let claims = serde_json::to_string(&token.claims).unwrap_or_default();
    stage(
        stdout,
        "5. decrypted, verified and validated: the claims",
        &claims,
    )
}
