//! The JWS JSON Serializations (RFC 7515 §7.2): flattened (one signature) and general (one or
//! more, each with its own protected and unprotected header).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use jose_jwk::{Jwk, KeyTrials};
use serde_json::Value;

use crate::KeySource;
use crate::verify::{Verified, Verifier, with_keys};
use crate::{Header, crit, unencoded};

struct Signed {
    protected: String,
    unprotected: Option<Header>,
    signature: Vec<u8>,
}

/// Builds a JWS in a JSON serialization.
///
/// ```
/// use jose_jws::{Alg, Header, Verifier, json::JsonSigner};
/// use jose_jwk::{EcCurve, Jwk, JwkSet, KeySpec, OkpCurve};
///
/// let ec = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("ec")?;
/// let ed = Jwk::generate(KeySpec::Okp(OkpCurve::Ed25519))?.with_kid("ed")?;
/// let jws = JsonSigner::new(b"payload")
///     .sign(&Header::new(Alg::ES256), None, &ec)?
///     .sign(&Header::new(Alg::EdDSA), None, &ed)?
///     .general()?;
///
/// // A verifier holding only the Ed25519 key learns which signature it could check.
/// let keys: JwkSet = [ed.to_public()?].into_iter().collect();
/// let verified = Verifier::new([Alg::EdDSA, Alg::ES256]).verify_json(jws.as_bytes(), &keys)?;
/// assert_eq!(verified.payload(), b"payload");
/// assert_eq!(verified.signatures().iter().filter(|s| s.is_verified()).count(), 1);
/// # Ok::<(), jose_jws::Error>(())
/// ```
pub struct JsonSigner<'p> {
    payload: &'p [u8],
    detached: bool,
    b64: Option<bool>,
    signed: Vec<Signed>,
}

impl<'p> JsonSigner<'p> {
    /// A JWS of `payload`, with no signature yet.
    #[must_use]
    pub fn new(payload: &'p [u8]) -> Self {
        Self {
            payload,
            detached: false,
            b64: None,
            signed: Vec::new(),
        }
    }

    /// Leaves the payload out of the output (RFC 7515 App. F).
    #[must_use]
    pub fn detached(mut self) -> Self {
        self.detached = true;
        self
    }

    /// Adds a signature with the operating system's RNG.
    ///
    /// # Errors
    /// As [`crate::compact::sign`]; and [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed)
    /// when the signatures disagree on `b64` (RFC 7797 §3).
    #[cfg(feature = "std")]
    pub fn sign(self, protected: &Header, unprotected: Option<&Header>, key: &Jwk) -> Result<Self> {
        self.sign_with_rng(protected, unprotected, key, &mut rand::rng())
    }

    /// Adds a signature with the caller's RNG.
    ///
    /// # Errors
    /// As [`JsonSigner::sign`].
    pub fn sign_with_rng(
        mut self,
        protected: &Header,
        unprotected: Option<&Header>,
        key: &Jwk,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Self> {
        let unprotected = unprotected.filter(|u| !u.is_empty());
        let (encoded, b64, alg) = crate::protected::protect(protected, unprotected, key, None)?;
        if self.b64.is_some_and(|previous| previous != b64) {
            return Err(Error::malformed(
                "every signature of a JWS must agree on `b64` (RFC 7797 §3)",
            ));
        }
        if !b64 && !self.detached && core::str::from_utf8(self.payload).is_err() {
            return Err(Error::malformed(
                "an unencoded payload in the JSON serialization must be UTF-8",
            ));
        }
        self.b64 = Some(b64);
        let input = unencoded::signing_input(&encoded, self.payload, b64);
        let signature = crate::alg::sign(alg, key, &input, rng)?;
        self.signed.push(Signed {
            protected: encoded,
            unprotected: unprotected.cloned(),
            signature,
        });
        Ok(self)
    }

    fn signature_object(signed: &Signed) -> Object {
        let mut object = Object::new();
        if !signed.protected.is_empty() {
            object.insert("protected".into(), signed.protected.clone().into());
        }
        if let Some(unprotected) = &signed.unprotected {
            object.insert(
                "header".into(),
                Value::Object(unprotected.as_object().clone()),
            );
        }
        object.insert(
            "signature".into(),
            b64::encode_public(&signed.signature).into(),
        );
        object
    }

    fn payload_member(&self, object: &mut Object) -> Result<()> {
        if self.detached {
            return Ok(());
        }
        let payload = if self.b64 == Some(false) {
            String::from(
                core::str::from_utf8(self.payload)
                    .map_err(|_| Error::malformed("the unencoded payload is not UTF-8"))?,
            )
        } else {
            b64::encode_public(self.payload)
        };
        object.insert("payload".into(), payload.into());
        Ok(())
    }

    /// The flattened JSON serialization (exactly one signature).
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) unless there is exactly one
    /// signature.
    pub fn flattened(&self) -> Result<String> {
        let [signed] = self.signed.as_slice() else {
            return Err(Error::malformed(format!(
                "the flattened serialization holds one signature, not {}",
                self.signed.len()
            )));
        };
        let mut object = Self::signature_object(signed);
        self.payload_member(&mut object)?;
        to_string(&object)
    }

    /// The general JSON serialization (one or more signatures).
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) when there is no signature.
    pub fn general(&self) -> Result<String> {
        if self.signed.is_empty() {
            return Err(Error::malformed("a JWS needs at least one signature"));
        }
        let mut object = Object::new();
        self.payload_member(&mut object)?;
        let signatures = self
            .signed
            .iter()
            .map(|s| Value::Object(Self::signature_object(s)))
            .collect();
        object.insert("signatures".into(), Value::Array(signatures));
        to_string(&object)
    }
}

fn to_string(object: &Object) -> Result<String> {
    serde_json::to_string(object).map_err(|e| Error::malformed("cannot write JSON").with_source(e))
}

/// What became of one signature of a JSON JWS.
#[derive(Debug)]
#[non_exhaustive]
pub struct SignatureCheck {
    /// Its protected header.
    pub protected: Header,
    /// Its unprotected header.
    pub unprotected: Option<Header>,
    /// The algorithm and the `kid` of the key that verified it, or why it did not verify.
    pub result: Result<(Alg, Option<String>)>,
}

impl SignatureCheck {
    /// Whether this signature verified.
    #[must_use]
    pub fn is_verified(&self) -> bool {
        self.result.is_ok()
    }
}

/// A JSON JWS of which at least one signature verified.
#[derive(Debug)]
pub struct VerifiedJson<'a> {
    payload: Cow<'a, [u8]>,
    signatures: Vec<SignatureCheck>,
}

impl<'a> VerifiedJson<'a> {
    /// The payload.
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Every signature, in order, with what became of it.
    #[must_use]
    pub fn signatures(&self) -> &[SignatureCheck] {
        &self.signatures
    }

    /// The first signature that verified, as a [`Verified`].
    #[must_use]
    pub fn into_first_verified(self) -> Option<Verified<'a>> {
        let payload = self.payload;
        self.signatures.into_iter().find_map(|s| match s.result {
            Ok((alg, kid)) => Some(Verified {
                protected: s.protected,
                unprotected: s.unprotected,
                payload: payload.clone(),
                alg,
                kid,
            }),
            Err(_) => None,
        })
    }
}

struct Entry {
    protected_b64: String,
    protected: Header,
    unprotected: Option<Header>,
    signature: String,
}

fn take_str(object: &mut Object, name: &str, what: &str) -> Result<Option<String>> {
    json::take_string(object, name).map_err(|e| e.context(format!("in {what}")))
}

fn entry(mut object: Object, max_depth: usize) -> Result<Entry> {
    // RFC 7515 §7.2.1: `protected` is absent when empty, never the empty string.
    let protected_b64 = take_str(&mut object, "protected", "a signature")?;
    let protected = match &protected_b64 {
        None => Header::empty(),
        Some(text) if text.is_empty() => {
            return Err(Error::malformed("`protected` is present but empty"));
        }
        Some(text) => crate::protected::read(text, max_depth)?,
    };
    let protected_b64 = protected_b64.unwrap_or_default();
    let unprotected = match object.remove("header") {
        // RFC 7515 §7.2.1 omits an empty `header`; one that is present adds and hides
        // nothing, and is taken as absent (as Node's `jose` and jwcrypto do).
        None => None,
        Some(Value::Object(header)) if header.is_empty() => None,
        Some(Value::Object(header)) => Some(Header::from_object(header)),
        Some(other) => {
            return Err(Error::malformed(format!(
                "`header` must be an object, found {}",
                json::type_name(&other)
            )));
        }
    };
    let signature = take_str(&mut object, "signature", "a signature")?
        .ok_or_else(|| Error::malformed("a signature needs `signature`"))?;
    Ok(Entry {
        protected_b64,
        protected,
        unprotected,
        signature,
    })
}

impl Verifier {
    /// Verifies a JWS in the flattened or general JSON serialization. It succeeds when at
    /// least one signature verifies with the caller's keys and allow-list; the result tells
    /// which did.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for a document that is not a
    /// JSON JWS (duplicate members, overlapping headers, signatures disagreeing on `b64`);
    /// [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded) for more than the
    /// limit of signatures, or input over a limit; otherwise the error of the first signature
    /// when none verifies (as [`Verifier::verify_compact`]).
    pub fn verify_json<'t>(
        &self,
        document: &'t [u8],
        keys: &(impl KeySource + ?Sized),
    ) -> Result<VerifiedJson<'t>> {
        self.json(document, None, keys)
    }

    /// Verifies a JSON JWS whose payload is detached.
    ///
    /// # Errors
    /// As [`Verifier::verify_json`].
    pub fn verify_json_detached<'p>(
        &self,
        document: &[u8],
        payload: &'p [u8],
        keys: &(impl KeySource + ?Sized),
    ) -> Result<VerifiedJson<'p>> {
        self.json(document, Some(payload), keys)
    }

    fn json<'a>(
        &self,
        document: &[u8],
        detached: Option<&'a [u8]>,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<VerifiedJson<'a>> {
        self.check_size(document.len())?;
        let mut object = json::parse_object(document, self.limits.max_json_depth())?;
        json::Serialization::Jws.require(&object)?;
        let payload_text = take_str(&mut object, "payload", "the JWS")?;
        let entries: Vec<Object> = match object.remove("signatures") {
            Some(Value::Array(items)) => {
                if ["protected", "header", "signature"]
                    .iter()
                    .any(|n| object.contains_key(*n))
                {
                    return Err(Error::malformed(
                        "a general JWS may not also have flattened members",
                    ));
                }
                if items.is_empty() {
                    return Err(Error::malformed("`signatures` is empty"));
                }
                if items.len() > self.limits.max_parts() {
                    return Err(Error::limit(format!(
                        "the JWS has {} signatures, above the limit of {}",
                        items.len(),
                        self.limits.max_parts()
                    )));
                }
                items
                    .into_iter()
                    .map(|item| match item {
                        Value::Object(o) => Ok(o),
                        _ => Err(Error::malformed("each of `signatures` must be an object")),
                    })
                    .collect::<Result<_>>()?
            }
            Some(_) => return Err(Error::malformed("`signatures` must be an array")),
            None => alloc::vec![object],
        };
        let entries: Vec<Entry> = entries
            .into_iter()
            .map(|o| entry(o, self.limits.max_json_depth()))
            .collect::<Result<_>>()?;

        // Every header is checked before any signature: they must agree on `b64`.
        let mut b64 = None;
        for e in &entries {
            let this = crit::check(
                e.protected.as_object(),
                e.unprotected.as_ref().map(Header::as_object),
            )?;
            if b64.is_some_and(|b| b != this) {
                return Err(Error::malformed(
                    "the signatures disagree on `b64` (RFC 7797 §3)",
                ));
            }
            b64 = Some(this);
        }
        let b64 = b64.unwrap_or(true);

        let (payload, payload_part): (Cow<'a, [u8]>, Cow<'_, [u8]>) =
            match (detached, &payload_text) {
                (Some(_), Some(_)) => {
                    return Err(Error::malformed(
                        "a detached payload was given, and the JWS carries one",
                    ));
                }
                (Some(payload), None) => {
                    let part = if b64 {
                        Cow::Owned(b64::encode_public(payload).into_bytes())
                    } else {
                        Cow::Borrowed(payload)
                    };
                    (Cow::Borrowed(payload), part)
                }
                (None, Some(text)) => {
                    let payload = if b64 {
                        b64::decode_public(text)?
                    } else {
                        text.as_bytes().to_vec()
                    };
                    (Cow::Owned(payload), Cow::Borrowed(text.as_bytes()))
                }
                (None, None) => {
                    return Err(Error::malformed(
                        "the JWS has no `payload`, and no detached payload was given",
                    ));
                }
            };

        let mut checks = Vec::with_capacity(entries.len());
        let mut trials = KeyTrials::new(&self.limits);
        for e in entries {
            let result = match self.one(&e, &payload_part, keys, &mut trials) {
                // Running out of key trials ends the verification: nothing more is tried.
                Err(err) if err.kind() == jose_core::ErrorKind::LimitExceeded => return Err(err),
                other => other,
            };
            checks.push(SignatureCheck {
                protected: e.protected,
                unprotected: e.unprotected,
                result,
            });
        }
        if !checks.iter().any(SignatureCheck::is_verified) {
            let first = checks.into_iter().find_map(|c| c.result.err());
            return Err(first.unwrap_or_else(crate::alg::invalid_signature));
        }
        Ok(VerifiedJson {
            payload,
            signatures: checks,
        })
    }

    fn one(
        &self,
        e: &Entry,
        payload_part: &[u8],
        keys: &(impl KeySource + ?Sized),
        trials: &mut KeyTrials,
    ) -> Result<(Alg, Option<String>)> {
        let alg = self.algorithm(&e.protected, e.unprotected.as_ref())?;
        let signature = b64::decode_public(&e.signature)?;
        let mut input = Vec::with_capacity(
            e.protected_b64
                .len()
                .saturating_add(1)
                .saturating_add(payload_part.len()),
        );
        input.extend_from_slice(e.protected_b64.as_bytes());
        input.push(b'.');
        input.extend_from_slice(payload_part);
        // Keys are chosen by the joint header (a `kid` may sit in the unprotected part).
        let mut joint = e.protected.clone();
        if let Some(u) = &e.unprotected {
            for (name, value) in u.as_object() {
                jose_core::internal::add_if_absent(&mut joint, name, value.clone());
            }
        }
        let kid = with_keys(keys, &joint, alg, &input, &signature, trials)?;
        Ok((alg, kid))
    }

    /// Verifies a JWS in any serialization (compact, flattened or general JSON, told apart by
    /// the first character), with an optional detached payload, and returns the first
    /// signature that verified.
    ///
    /// # Errors
    /// As [`Verifier::verify_compact`] and [`Verifier::verify_json`].
    pub fn verify<'a>(
        &self,
        input: &'a [u8],
        detached: Option<&'a [u8]>,
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Verified<'a>> {
        let trimmed = input.trim_ascii();
        if trimmed.first() == Some(&b'{') {
            let verified = match detached {
                Some(payload) => self.verify_json_detached(trimmed, payload, keys)?,
                None => self.verify_json(trimmed, keys)?,
            };
            verified
                .into_first_verified()
                .ok_or_else(crate::alg::invalid_signature)
        } else {
            let token = core::str::from_utf8(trimmed)
                .map_err(|_| Error::malformed("a compact JWS is ASCII"))?;
            match detached {
                Some(payload) => self.verify_compact_detached(token, payload, keys),
                None => self.verify_compact(token, keys),
            }
        }
    }
}
