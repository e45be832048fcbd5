//! [`Header`]: a JOSE header (RFC 7515 §4), a JSON object with typed access to the registered
//! members.

use alloc::string::String;
use alloc::vec::Vec;

use jose_core::alg::Alg;
use jose_core::json::Object;
use jose_core::{Error, Result};
use serde_json::Value;

/// A JOSE header: the protected or the unprotected part of a signature's header.
///
/// ```
/// use jose_jws::{Alg, Header};
///
/// let header = Header::new(Alg::ES256).with_kid("2026-11").with_typ("JWT");
/// assert_eq!(header.alg().ok(), Some(Alg::ES256));
/// assert_eq!(header.kid(), Some("2026-11"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    members: Object,
    /// The JSON text the header was read from, signed as it is when present.
    raw: Option<Vec<u8>>,
}

impl Header {
    /// A header with `alg` only.
    #[must_use]
    pub fn new(alg: Alg) -> Self {
        let mut members = Object::new();
        members.insert("alg".into(), alg.as_str().into());
        Self { members, raw: None }
    }

    /// A header with no member (for an unprotected header).
    #[must_use]
    pub fn empty() -> Self {
        Self::default()
    }

    /// Wraps a JSON object as it is (no check: signing and verifying check it).
    #[must_use]
    pub fn from_object(members: Object) -> Self {
        Self { members, raw: None }
    }

    /// Reads a header from JSON text (strictly: no duplicate member). A header read this way
    /// is signed exactly as written, byte for byte, and nothing is added to it (not even the
    /// key's `kid`); any `with_*` call turns it back into a plain object.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](jose_core::ErrorKind::Malformed) for invalid JSON, a duplicate
    /// member or a value that is not an object;
    /// [`ErrorKind::LimitExceeded`](jose_core::ErrorKind::LimitExceeded) for nesting deeper
    /// than the limit.
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
    /// [`ErrorKind::AlgorithmNotAllowed`](jose_core::ErrorKind::AlgorithmNotAllowed) for
    /// `none`; [`ErrorKind::UnsupportedAlgorithm`](jose_core::ErrorKind::UnsupportedAlgorithm)
    /// for a name this toolkit does not implement.
    pub fn alg(&self) -> Result<Alg> {
        match self.members.get("alg") {
            Some(Value::String(name)) => name.parse(),
            Some(_) => Err(Error::malformed("`alg` must be a string")),
            None => Err(Error::malformed("the header has no `alg`")),
        }
    }

    /// `kid`, when it is a string.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.str("kid")
    }

    /// `typ`, when it is a string.
    #[must_use]
    pub fn typ(&self) -> Option<&str> {
        self.str("typ")
    }

    /// `cty`, when it is a string.
    #[must_use]
    pub fn cty(&self) -> Option<&str> {
        self.str("cty")
    }

    /// `b64` (RFC 7797), when it is a boolean.
    #[must_use]
    pub fn b64(&self) -> Option<bool> {
        self.members.get("b64").and_then(Value::as_bool)
    }

    /// The names listed by `crit`, when it is an array of strings.
    #[must_use]
    pub fn crit(&self) -> Option<Vec<&str>> {
        let items = self.members.get("crit")?.as_array()?;
        items.iter().map(Value::as_str).collect()
    }

    fn str(&self, name: &str) -> Option<&str> {
        self.members.get(name).and_then(Value::as_str)
    }

    /// Sets `kid`.
    #[must_use]
    pub fn with_kid(self, kid: impl Into<String>) -> Self {
        self.with(String::from("kid"), Value::String(kid.into()))
    }

    /// Sets `typ`.
    #[must_use]
    pub fn with_typ(self, typ: impl Into<String>) -> Self {
        self.with(String::from("typ"), Value::String(typ.into()))
    }

    /// Sets `cty`.
    #[must_use]
    pub fn with_cty(self, cty: impl Into<String>) -> Self {
        self.with(String::from("cty"), Value::String(cty.into()))
    }

    /// Makes the payload unencoded (RFC 7797): `b64: false`, listed in `crit`.
    #[must_use]
    pub fn unencoded(self) -> Self {
        self.with(String::from("b64"), Value::Bool(false)).with(
            String::from("crit"),
            Value::Array(alloc::vec!["b64".into()]),
        )
    }

    /// Sets any member (an extension, `jku`, `x5t`, ...). Registered members are checked when
    /// the header is used.
    #[must_use]
    pub fn with_member(self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.with(name.into(), value.into())
    }

    fn with(mut self, name: String, value: Value) -> Self {
        self.members.insert(name, value);
        self.raw = None;
        self
    }

    /// Adds a member the header lacks, unless the header is kept byte for byte.
    pub(crate) fn insert_if_absent(&mut self, name: &str, value: Value) {
        if self.raw.is_none() && !self.members.contains_key(name) {
            self.members.insert(name.into(), value);
        }
    }
}

impl From<Object> for Header {
    fn from(members: Object) -> Self {
        Self::from_object(members)
    }
}
