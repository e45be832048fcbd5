//! The JWE JSON Serializations (RFC 7516 §7.2): flattened (one recipient) and general (one or
//! more recipients sharing the content key, each with its own header and encrypted key),
//! with a shared unprotected header and additional authenticated data (`aad`).

use alloc::borrow::Cow;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::Enc;
use jose_core::json::{self, Object};
use jose_core::{Error, ErrorKind, Result, b64};
use jose_jwk::Jwk;
use serde_json::Value;

use crate::alg::{self, Cek};
use crate::engine::{Attempt, Budget, iv, seal};
use crate::{Decrypted, Decrypter, Header, KeySource, Randomness, zip};

fn joint(parts: &[Option<&Object>]) -> Object {
    let mut joint = Object::new();
    for part in parts.iter().flatten() {
        for (name, value) in *part {
            joint.entry(name.clone()).or_insert_with(|| value.clone());
        }
    }
    joint
}

/// Builds a JWE in a JSON serialization.
///
/// ```
/// use jose_jwe::{Decrypter, Enc, Header, KeyAlg, json::JsonEncrypter};
/// use jose_jwk::{EcCurve, Jwk, KeySpec};
///
/// let alice = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("alice")?;
/// let bob = Jwk::generate(KeySpec::Oct(256))?.with_kid("bob")?;
/// let jwe = JsonEncrypter::new(b"to both", Header::empty().with_member("enc", "A256GCM"))
///     .aad(b"context")
///     .recipient(Header::empty().with_member("alg", "ECDH-ES+A256KW"), &alice.to_public()?)
///     .recipient(Header::empty().with_member("alg", "A256KW"), &bob)
///     .general()?;
///
/// let decrypter = Decrypter::new([KeyAlg::A256KW], [Enc::A256GCM]);
/// let decrypted = decrypter.decrypt_json(jwe.as_bytes(), &bob)?;
/// assert_eq!((decrypted.plaintext.as_slice(), decrypted.recipient_index), (&b"to both"[..], 1));
/// # Ok::<(), jose_jwe::Error>(())
/// ```
pub struct JsonEncrypter<'p> {
    plaintext: &'p [u8],
    protected: Header,
    unprotected: Option<Header>,
    aad: Option<Vec<u8>>,
    recipients: Vec<(Header, Jwk)>,
    fixed: Randomness,
}

impl<'p> JsonEncrypter<'p> {
    /// A JWE of `plaintext` with this protected header (usually holding `enc`).
    #[must_use]
    pub fn new(plaintext: &'p [u8], protected: Header) -> Self {
        Self {
            plaintext,
            protected,
            unprotected: None,
            aad: None,
            recipients: Vec::new(),
            fixed: Randomness::default(),
        }
    }

    /// The shared unprotected header.
    #[must_use]
    pub fn unprotected(mut self, header: Header) -> Self {
        self.unprotected = Some(header).filter(|h| !h.is_empty());
        self
    }

    /// Additional authenticated data.
    #[must_use]
    pub fn aad(mut self, aad: &[u8]) -> Self {
        self.aad = Some(aad.to_vec());
        self
    }

    /// Adds a recipient, with its own header (usually holding `alg`).
    #[must_use]
    pub fn recipient(mut self, header: Header, key: &Jwk) -> Self {
        self.recipients.push((header, key.clone()));
        self
    }

    /// Fixes the random inputs: **only** to reproduce published examples (feature
    /// `test-vectors`). Reusing an IV or a content key breaks the encryption.
    #[cfg(feature = "test-vectors")]
    #[must_use]
    pub fn randomness(mut self, fixed: Randomness) -> Self {
        self.fixed = fixed;
        self
    }

    /// The general JSON serialization, with the OS's randomness.
    ///
    /// # Errors
    /// As [`crate::compact::encrypt`]; and [`ErrorKind::Malformed`] without a recipient, with
    /// `dir` or `ECDH-ES` among several recipients, or with recipients disagreeing on `enc`.
    #[cfg(feature = "std")]
    pub fn general(&self) -> Result<String> {
        self.general_with_rng(&mut rand::rng())
    }

    /// The flattened JSON serialization (exactly one recipient), with the OS's randomness.
    ///
    /// # Errors
    /// As [`JsonEncrypter::general`].
    #[cfg(feature = "std")]
    pub fn flattened(&self) -> Result<String> {
        self.flattened_with_rng(&mut rand::rng())
    }

    /// [`JsonEncrypter::general`] with the caller's RNG.
    ///
    /// # Errors
    /// As [`JsonEncrypter::general`].
    pub fn general_with_rng(&self, rng: &mut impl rand_core::CryptoRng) -> Result<String> {
        let (mut object, recipients) = self.build(rng)?;
        // RFC 7516 §7.2.1: `recipients` is always present in the general form (RFC 7520
        // §5.5 and §5.6 leave it out when it would be `[{}]`; both are read).
        object.insert(
            "recipients".into(),
            Value::Array(recipients.into_iter().map(Value::Object).collect()),
        );
        to_string(&object)
    }

    /// [`JsonEncrypter::flattened`] with the caller's RNG.
    ///
    /// # Errors
    /// As [`JsonEncrypter::general`].
    pub fn flattened_with_rng(&self, rng: &mut impl rand_core::CryptoRng) -> Result<String> {
        if self.recipients.len() != 1 {
            return Err(Error::malformed(format!(
                "the flattened serialization has one recipient, not {}",
                self.recipients.len()
            )));
        }
        let (mut object, recipients) = self.build(rng)?;
        for recipient in recipients {
            for (name, value) in recipient {
                object.insert(name, value);
            }
        }
        to_string(&object)
    }

    fn build(&self, rng: &mut impl rand_core::CryptoRng) -> Result<(Object, Vec<Object>)> {
        if self.recipients.is_empty() {
            return Err(Error::malformed("a JWE needs at least one recipient"));
        }
        let mut protected = self.protected.clone();
        let shared = self.unprotected.as_ref().map(Header::as_object);
        let compress = zip::requested(protected.as_object())?;
        let single = self.recipients.len() == 1;

        // Every recipient's algorithms, from its joint header.
        let mut plan = Vec::with_capacity(self.recipients.len());
        let mut enc: Option<Enc> = None;
        for (header, key) in &self.recipients {
            let mut header = header.clone();
            let all = joint(&[
                Some(protected.as_object()),
                shared,
                Some(header.as_object()),
            ]);
            if let Some(kid) = key.kid()
                && !all.contains_key("kid")
            {
                jose_core::internal::add_if_absent(&mut header, "kid", Value::String(kid.into()));
            }
            let all = Header::from_object(joint(&[
                Some(protected.as_object()),
                shared,
                Some(header.as_object()),
            ]));
            let (alg, this_enc) = (all.alg()?, all.enc()?);
            if enc.is_some_and(|e| e != this_enc) {
                return Err(Error::malformed("every recipient must share one `enc`"));
            }
            enc = Some(this_enc);
            if alg::determines_cek(alg) && !single {
                return Err(Error::malformed(format!(
                    "`{alg}` decides the content key itself: it must be the only recipient"
                )));
            }
            plan.push((alg, header, key));
        }
        let enc = enc.ok_or_else(|| Error::malformed("the JWE has no `enc`"))?;

        // One content key for all: chosen by a lone `dir`/`ECDH-ES`, drawn otherwise.
        let mut cek: Option<Cek> = None;
        let mut recipients = Vec::with_capacity(plan.len());
        for (alg, mut header, key) in plan {
            let all = joint(&[
                Some(protected.as_object()),
                shared,
                Some(header.as_object()),
            ]);
            let shared_cek = if alg::determines_cek(alg) {
                None
            } else {
                Some(match &cek {
                    Some(c) => c.clone(),
                    None => match &self.fixed.cek {
                        Some(c) => zeroize::Zeroizing::new(c.clone()),
                        None => alg::random(enc.key_len(), rng),
                    },
                })
            };
            let wrapped = alg::wrap(
                alg,
                enc,
                key,
                &all,
                shared_cek.as_deref().map(Vec::as_slice),
                &self.fixed,
                rng,
            )?;
            // A lone recipient whose `alg` is protected gets its parameters protected too.
            if single && protected.get("alg").is_some() {
                protected.absorb(wrapped.params)?;
            } else {
                header.absorb(wrapped.params)?;
            }
            jose_core::crit::check(
                protected.as_object(),
                &[shared, Some(header.as_object())]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>(),
                &["zip"],
                &[],
            )?;
            cek = Some(wrapped.cek);
            let mut recipient = Object::new();
            if !header.is_empty() {
                recipient.insert("header".into(), Value::Object(header.as_object().clone()));
            }
            if !wrapped.encrypted_key.is_empty() {
                recipient.insert(
                    "encrypted_key".into(),
                    Value::String(b64::encode_public(&wrapped.encrypted_key)),
                );
            }
            recipients.push(recipient);
        }
        let cek = cek.ok_or_else(|| Error::malformed("a JWE needs at least one recipient"))?;

        let protected_b64 = protected.encode()?;
        let mut aad = protected_b64.clone();
        if let Some(extra) = &self.aad {
            aad.push('.');
            aad.push_str(&b64::encode_public(extra));
        }
        let iv = iv(enc, &self.fixed, rng);
        let (ciphertext, tag) = seal(enc, &cek, &iv, aad.as_bytes(), self.plaintext, compress)?;
        let mut object = Object::new();
        if !protected_b64.is_empty() {
            object.insert("protected".into(), Value::String(protected_b64));
        }
        if let Some(shared) = &self.unprotected {
            object.insert(
                "unprotected".into(),
                Value::Object(shared.as_object().clone()),
            );
        }
        if let Some(extra) = &self.aad {
            object.insert("aad".into(), Value::String(b64::encode_public(extra)));
        }
        object.insert("iv".into(), Value::String(b64::encode_public(&iv)));
        object.insert(
            "ciphertext".into(),
            Value::String(b64::encode_public(&ciphertext)),
        );
        object.insert("tag".into(), Value::String(b64::encode_public(&tag)));
        Ok((object, recipients))
    }
}

fn to_string(object: &Object) -> Result<String> {
    serde_json::to_string(object).map_err(|e| Error::malformed("cannot write JSON").with_source(e))
}

fn take_str(object: &mut Object, name: &str) -> Result<Option<String>> {
    json::take_string(object, name)
}

fn take_header(object: &mut Object, name: &str) -> Result<Option<Object>> {
    match object.remove(name) {
        // An empty header adds and hides nothing: it is taken as absent (joserfc writes
        // `"header": {}` on each recipient).
        None => Ok(None),
        Some(Value::Object(o)) if o.is_empty() => Ok(None),
        Some(Value::Object(o)) => Ok(Some(o)),
        Some(other) => Err(Error::malformed(format!(
            "`{name}` must be an object, found {}",
            json::type_name(&other)
        ))),
    }
}

struct Recipient {
    header: Option<Object>,
    encrypted_key: Vec<u8>,
}

impl Recipient {
    /// A recipient's `header` and `encrypted_key`, from its object (general) or from the
    /// JWE itself (flattened).
    fn take_from(object: &mut Object) -> Result<Self> {
        let header = take_header(object, "header")?;
        let encrypted_key = take_str(object, "encrypted_key")?
            .map(b64::decode_public)
            .transpose()?
            .unwrap_or_default();
        Ok(Self {
            header,
            encrypted_key,
        })
    }
}

impl Decrypter {
    /// Decrypts a JWE in the flattened or general JSON serialization, with the OS's
    /// randomness: the first recipient whose algorithms are allowed and whose key the caller
    /// holds decrypts it.
    ///
    /// # Errors
    /// As [`Decrypter::decrypt_compact`]; [`ErrorKind::LimitExceeded`] for more recipients
    /// than the limit. When no recipient decrypts: [`ErrorKind::DecryptionFailed`] if one was
    /// tried with a key, otherwise the first recipient's error.
    #[cfg(feature = "std")]
    pub fn decrypt_json(
        &self,
        document: &[u8],
        keys: &(impl KeySource + ?Sized),
    ) -> Result<Decrypted> {
        self.decrypt_json_with_rng(document, keys, &mut rand::rng())
    }

    /// [`Decrypter::decrypt_json`] with the caller's RNG.
    ///
    /// # Errors
    /// As [`Decrypter::decrypt_json`].
    pub fn decrypt_json_with_rng(
        &self,
        document: &[u8],
        keys: &(impl KeySource + ?Sized),
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Decrypted> {
        if document.len() > self.limits.max_input_bytes() {
            return Err(Error::limit("the JWE is above the size limit"));
        }
        let mut object = json::parse_object(document, self.limits.max_json_depth())?;
        json::Serialization::Jwe.require(&object)?;
        let protected_b64 = take_str(&mut object, "protected")?;
        let protected = match &protected_b64 {
            None => Object::new(),
            Some(p) if p.is_empty() => {
                return Err(Error::malformed("`protected` is present but empty"));
            }
            Some(p) => jose_core::header::decode_protected(
                p,
                "JWE's protected header",
                self.limits.max_json_depth(),
            )?,
        };
        let shared = take_header(&mut object, "unprotected")?;
        let aad_text = take_str(&mut object, "aad")?;
        let aad = aad_text.as_deref().map(b64::decode_public).transpose()?;
        let required = |object: &mut Object, name: &str| -> Result<Vec<u8>> {
            let text = take_str(object, name)?
                .ok_or_else(|| Error::malformed(format!("a JWE needs `{name}`")))?;
            b64::decode_public(text)
        };
        let iv = required(&mut object, "iv")?;
        let ciphertext = required(&mut object, "ciphertext")?;
        let tag = required(&mut object, "tag")?;
        let mut recipients = Vec::new();
        match object.remove("recipients") {
            Some(Value::Array(items)) => {
                if object.contains_key("header") || object.contains_key("encrypted_key") {
                    return Err(Error::malformed(
                        "a general JWE may not also have flattened members",
                    ));
                }
                if items.is_empty() {
                    return Err(Error::malformed("`recipients` is empty"));
                }
                if items.len() > self.limits.max_parts() {
                    return Err(Error::limit(format!(
                        "the JWE has {} recipients, above the limit of {}",
                        items.len(),
                        self.limits.max_parts()
                    )));
                }
                for item in items {
                    let Value::Object(mut item) = item else {
                        return Err(Error::malformed("each of `recipients` must be an object"));
                    };
                    recipients.push(Recipient::take_from(&mut item)?);
                }
            }
            Some(_) => return Err(Error::malformed("`recipients` must be an array")),
            None => {
                recipients.push(Recipient::take_from(&mut object)?);
            }
        }

        // Every recipient's headers are checked before any key is used; they share one `enc`.
        let mut joints = Vec::with_capacity(recipients.len());
        let mut enc = None;
        for r in &recipients {
            let others: Vec<&Object> = [shared.as_ref(), r.header.as_ref()]
                .into_iter()
                .flatten()
                .collect();
            jose_core::crit::check(&protected, &others, &["zip"], &[])?;
            let all = joint(&[Some(&protected), shared.as_ref(), r.header.as_ref()]);
            let this = all.get("enc").cloned();
            if enc.is_some() && enc != this {
                return Err(Error::malformed("the recipients disagree on `enc`"));
            }
            enc = this;
            joints.push(all);
        }
        let compress = zip::requested(&protected)?;
        let mut aad_full = protected_b64.clone().unwrap_or_default();
        if let Some(text) = &aad_text {
            aad_full.push('.');
            aad_full.push_str(text);
        }

        // Every recipient's algorithms and key-management members are checked before any
        // key is used: a bad `p2c` in the last recipient costs nothing.
        let understood: Vec<Result<(jose_core::alg::KeyAlg, Enc)>> =
            joints.iter().map(|all| self.understand(all)).collect();
        for u in &understood {
            match u {
                Err(e) if matches!(e.kind(), ErrorKind::LimitExceeded | ErrorKind::Malformed) => {
                    return Err(Error::new(e.kind(), String::from(e.message())));
                }
                Ok((alg, _)) if recipients.len() > 1 && alg::determines_cek(*alg) => {
                    return Err(Error::malformed(format!(
                        "`{alg}` decides the content key itself: it must be the only recipient"
                    )));
                }
                _ => {}
            }
        }

        let mut budget = Budget::new(self);
        let mut first_error = None;
        let mut tried = false;
        for (index, ((r, all), understood)) in
            recipients.iter().zip(&joints).zip(understood).enumerate()
        {
            let result = understood.and_then(|(alg, enc)| {
                let attempt = Attempt {
                    alg,
                    enc,
                    joint: all,
                    encrypted_key: &r.encrypted_key,
                    iv: &iv,
                    aad: aad_full.as_bytes(),
                    ciphertext: Cow::Borrowed(&ciphertext),
                    tag: &tag,
                    compress,
                };
                self.attempt(keys, attempt, &mut budget, rng)
            });
            match result {
                Ok(plaintext) => {
                    return Ok(Decrypted {
                        protected: Header::from_object(protected),
                        unprotected: shared.map(Header::from_object),
                        recipient: r.header.clone().map(Header::from_object),
                        recipient_index: index,
                        aad,
                        plaintext,
                    });
                }
                Err(e) if matches!(e.kind(), ErrorKind::LimitExceeded | ErrorKind::Malformed) => {
                    return Err(e);
                }
                Err(e) => {
                    tried |= e.kind() == ErrorKind::DecryptionFailed;
                    first_error.get_or_insert(e);
                }
            }
        }
        if tried {
            return Err(crate::enc::failed());
        }
        Err(first_error.unwrap_or_else(crate::enc::failed))
    }

    /// Decrypts a JWE in any serialization (compact or JSON, told apart by the first
    /// character), with the OS's randomness.
    ///
    /// # Errors
    /// As [`Decrypter::decrypt_compact`] and [`Decrypter::decrypt_json`].
    #[cfg(feature = "std")]
    pub fn decrypt(&self, input: &[u8], keys: &(impl KeySource + ?Sized)) -> Result<Decrypted> {
        let trimmed = input.trim_ascii();
        if trimmed.first() == Some(&b'{') {
            self.decrypt_json(trimmed, keys)
        } else {
            let token = core::str::from_utf8(trimmed)
                .map_err(|_| Error::malformed("a compact JWE is ASCII"))?;
            self.decrypt_compact(token, keys)
        }
    }
}
