//! [`Header`]: a JWE header (RFC 7516 §4), a JSON object with typed access to the registered
//! members.

use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::json::Object;
use jose_core::{Error, Result, b64};
use serde_json::Value;

/// A JWE header: the protected header, the shared unprotected header, or a recipient's header.
///
/// ```
/// use jose_jwe::{Enc, Header, KeyAlg};
/// let header = Header::new(KeyAlg::A256KW, Enc::A256GCM).with_kid("k1").with_zip();
/// assert_eq!(header.alg().ok(), Some(KeyAlg::A256KW));
/// assert_eq!(header.enc().ok(), Some(Enc::A256GCM));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    members: Object,
    raw: Option<Vec<u8>>,
}

impl Header {
    /// A header with `alg` and `enc`.
    #[must_use]
    pub fn new(alg: KeyAlg, enc: Enc) -> Self {
        let mut members = Object::new();
        members.insert("alg".into(), alg.as_str().into());
        members.insert("enc".into(), enc.as_str().into());
        Self { members, raw: None }
    }

    /// A header with no member.
    #[must_use]
    pub fn empty() -> Self {
        Self::default()
    }

    /// Wraps a JSON object as it is (checked when used).
    #[must_use]
    pub fn from_object(members: Object) -> Self {
        Self { members, raw: None }
    }

    /// Reads a protected header from JSON text, to be used byte for byte: the members the
    /// key management adds (`epk`, `iv`, `tag`, `p2s`, `p2c`) must then already be there, with
    /// the values the encryption produces. For reproducing published examples.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for invalid JSON, a duplicate
    /// member or a value that is not an object.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        let members =
            jose_core::json::parse_object(json, jose_core::Limits::DEFAULT.max_json_depth)?;
        Ok(Self {
            members,
            raw: Some(json.to_vec()),
        })
    }

    /// The JSON text this header was read from, if it was.
    #[must_use]
    pub fn raw_json(&self) -> Option<&[u8]> {
        self.raw.as_deref()
    }

    /// The members.
    #[must_use]
    pub fn as_object(&self) -> &Object {
        &self.members
    }

    /// Whether the header has no member.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// A member, as it came.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members.get(name)
    }

    /// `alg`.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) when absent or not a string;
    /// [`ErrorKind::UnsupportedAlgorithm`](jose_core::ErrorKind::UnsupportedAlgorithm) for a
    /// name this toolkit does not implement (RSA1_5 included).
    pub fn alg(&self) -> Result<KeyAlg> {
        match self.members.get("alg") {
            Some(Value::String(name)) => name.parse(),
            Some(_) => Err(Error::malformed("`alg` must be a string")),
            None => Err(Error::malformed("the header has no `alg`")),
        }
    }

    /// `enc`.
    ///
    /// # Errors
    /// As [`Header::alg`].
    pub fn enc(&self) -> Result<Enc> {
        match self.members.get("enc") {
            Some(Value::String(name)) => name.parse(),
            Some(_) => Err(Error::malformed("`enc` must be a string")),
            None => Err(Error::malformed("the header has no `enc`")),
        }
    }

    /// `kid`, when it is a string.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.members.get("kid").and_then(Value::as_str)
    }

    /// `cty`, when it is a string.
    #[must_use]
    pub fn cty(&self) -> Option<&str> {
        self.members.get("cty").and_then(Value::as_str)
    }

    /// `zip`, when it is a string.
    #[must_use]
    pub fn zip(&self) -> Option<&str> {
        self.members.get("zip").and_then(Value::as_str)
    }

    /// Sets `kid`.
    #[must_use]
    pub fn with_kid(self, kid: impl Into<String>) -> Self {
        self.with("kid", Value::String(kid.into()))
    }

    /// Sets `cty` (`"JWT"` for a nested JWT).
    #[must_use]
    pub fn with_cty(self, cty: impl Into<String>) -> Self {
        self.with("cty", Value::String(cty.into()))
    }

    /// Sets `typ`.
    #[must_use]
    pub fn with_typ(self, typ: impl Into<String>) -> Self {
        self.with("typ", Value::String(typ.into()))
    }

    /// Compresses the plaintext with DEFLATE before encrypting it (`zip: DEF`). Compressing
    /// attacker-influenced data next to secrets leaks their length: see the guide.
    #[must_use]
    pub fn with_zip(self) -> Self {
        self.with("zip", Value::String("DEF".into()))
    }

    /// Sets `apu` (ECDH-ES: information about the producer).
    #[must_use]
    pub fn with_apu(self, apu: &[u8]) -> Self {
        self.with("apu", Value::String(b64::encode(apu)))
    }

    /// Sets `apv` (ECDH-ES: information about the recipient).
    #[must_use]
    pub fn with_apv(self, apv: &[u8]) -> Self {
        self.with("apv", Value::String(b64::encode(apv)))
    }

    /// Sets `p2c` (PBES2 iteration count; 10,000 when absent).
    #[must_use]
    pub fn with_p2c(self, p2c: u32) -> Self {
        self.with("p2c", Value::from(p2c))
    }

    /// Sets any member.
    #[must_use]
    pub fn with_member(self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let name: String = name.into();
        self.with(&name, value.into())
    }

    fn with(mut self, name: &str, value: Value) -> Self {
        self.members.insert(name.into(), value);
        self.raw = None;
        self
    }

    /// Adds a member the header lacks (never to a header kept byte for byte).
    pub(crate) fn insert_if_absent(&mut self, name: &str, value: Value) {
        if self.raw.is_none() && !self.members.contains_key(name) {
            self.members.insert(name.into(), value);
        }
    }

    /// Adds the members key management produced. A header kept byte for byte must already
    /// hold each of them, with the same value.
    pub(crate) fn absorb(&mut self, params: Object) -> Result<()> {
        for (name, value) in params {
            match (&self.raw, self.members.get(&name)) {
                (None, _) => {
                    self.members.insert(name, value);
                }
                (Some(_), Some(existing)) if existing == &value => {}
                (Some(_), _) => {
                    return Err(Error::invalid_key(alloc::format!(
                        "the header given byte for byte lacks or disagrees on `{name}`"
                    )));
                }
            }
        }
        Ok(())
    }

    /// The encoded protected header: the original text when there is one.
    pub(crate) fn encode(&self) -> Result<String> {
        match &self.raw {
            Some(raw) => Ok(b64::encode(raw)),
            None if self.members.is_empty() => Ok(String::new()),
            None => serde_json::to_vec(&self.members)
                .map(b64::encode)
                .map_err(|e| Error::malformed("cannot write the header").with_source(e)),
        }
    }
}

impl From<Object> for Header {
    fn from(members: Object) -> Self {
        Self::from_object(members)
    }
}
