//! [`Header`]: a JOSE header (RFC 7515 §4, RFC 7516 §4), a JSON object with typed access to
//! the registered members. `Header<Alg>` is a JWS header, `Header<KeyAlg>` a JWE header: the
//! type parameter is what `alg` reads as.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use serde_json::Value;

use crate::alg::{Alg, Enc, KeyAlg};
use crate::json::Object;
use crate::{Error, Limits, Result, b64};

/// Decodes a compact token's protected header (its first part: base64url of a JSON object),
/// the one reading of it that JWS, JWE and the key lookups share; `what` names it in errors
/// ("JWS's protected header").
///
/// # Errors
/// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) for bad base64url or JSON;
/// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) for JSON deeper than
/// `max_depth`.
pub fn decode_protected(part: &str, what: &str, max_depth: usize) -> Result<Object> {
    let bytes = crate::internal::decode_part::<192>(part, what)?;
    crate::json::parse_object(&bytes, max_depth)
}

/// A JOSE header: a JSON object, and, when it was read from JSON text with
/// [`Header::from_json`], that text, which is then signed or encrypted byte for byte.
pub struct Header<A> {
    members: Object,
    raw: Option<Vec<u8>>,
    alg: PhantomData<fn() -> A>,
}

impl<A> Header<A> {
    /// A header with no member (for an unprotected header).
    #[must_use]
    pub fn empty() -> Self {
        Self::from_object(Object::new())
    }

    /// Wraps a JSON object as it is (checked when used).
    #[must_use]
    pub fn from_object(members: Object) -> Self {
        Self {
            members,
            raw: None,
            alg: PhantomData,
        }
    }

    /// Reads a header from JSON text (strictly: no duplicate member). A header read this way
    /// is used exactly as written, byte for byte, and nothing is added to it (not even the
    /// key's `kid`); members a JWE's key management produces (`epk`, `iv`, `tag`, `p2s`,
    /// `p2c`) must already be there. Any `with_*` call turns it back into a plain object. For
    /// reproducing published examples.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) for invalid JSON, a duplicate
    /// member or a value that is not an object;
    /// [`ErrorKind::LimitExceeded`](crate::ErrorKind::LimitExceeded) for nesting deeper than
    /// the limit.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        let members = crate::json::parse_object(json, Limits::DEFAULT.max_json_depth())?;
        Ok(Self {
            members,
            raw: Some(json.to_vec()),
            alg: PhantomData,
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

    fn str(&self, name: &str) -> Option<&str> {
        self.members.get(name).and_then(Value::as_str)
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

    /// The names listed by `crit`, when it is an array of strings.
    #[must_use]
    pub fn crit(&self) -> Option<Vec<&str>> {
        let items = self.members.get("crit")?.as_array()?;
        items.iter().map(Value::as_str).collect()
    }

    /// Sets `kid`.
    #[must_use]
    pub fn with_kid(self, kid: impl Into<String>) -> Self {
        self.with("kid", Value::String(kid.into()))
    }

    /// Sets `typ`.
    #[must_use]
    pub fn with_typ(self, typ: impl Into<String>) -> Self {
        self.with("typ", Value::String(typ.into()))
    }

    /// Sets `cty` (`"JWT"` for a nested JWT).
    #[must_use]
    pub fn with_cty(self, cty: impl Into<String>) -> Self {
        self.with("cty", Value::String(cty.into()))
    }

    /// Sets any member (an extension, `jku`, `x5t`, ...). Registered members are checked when
    /// the header is used.
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

    /// Adds a member the header lacks, unless the header is kept byte for byte (used by the
    /// crates to add the key's `kid`).
    pub(crate) fn add_if_absent(&mut self, name: &str, value: Value) {
        if self.raw.is_none() && !self.members.contains_key(name) {
            self.members.insert(name.into(), value);
        }
    }

    /// Adds the members a JWE's key management produced. A header kept byte for byte must
    /// already hold each of them, with the same value.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`](crate::ErrorKind::InvalidKey) when a header kept byte for
    /// byte lacks one or disagrees.
    pub fn absorb(&mut self, params: Object) -> Result<()> {
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

    /// The base64url of the header's JSON (its original text when it has one); empty for an
    /// empty header.
    ///
    /// # Errors
    /// Only if the JSON cannot be written.
    pub fn encode(&self) -> Result<String> {
        let mut out = String::new();
        self.encode_into(&mut out, &[])?;
        Ok(out)
    }

    /// Appends the base64url of the header's JSON to `out`, with each of `defaults` added
    /// where the header has no member of that name: what adding a member the header lacks would give,
    /// without copying the header. `defaults` must be in name order. A header kept byte for
    /// byte is written as it is, and nothing is added.
    ///
    /// # Errors
    /// Only if the JSON cannot be written.
    pub fn encode_into(&self, out: &mut String, defaults: &[Option<(&str, &str)>]) -> Result<()> {
        match &self.raw {
            Some(raw) => b64::encode_public_into(out, raw),
            None => {
                let merged = Merged {
                    members: &self.members,
                    defaults,
                };
                if self.members.is_empty() && merged.defaults().next().is_none() {
                    return Ok(());
                }
                let json = serde_json::to_vec(&merged)
                    .map_err(|e| Error::malformed("cannot write the header").with_source(e))?;
                b64::encode_public_into(out, &json);
            }
        }
        Ok(())
    }
}

/// A header's members and the defaults it lacks, written as one JSON object in name order.
struct Merged<'a> {
    members: &'a Object,
    defaults: &'a [Option<(&'a str, &'a str)>],
}

impl<'a> Merged<'a> {
    fn defaults(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let members = self.members;
        self.defaults
            .iter()
            .flatten()
            .copied()
            .filter(move |(name, _)| !members.contains_key(*name))
    }
}

impl serde::Serialize for Merged<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        let mut defaults = self.defaults().peekable();
        for (name, value) in self.members {
            while let Some((n, v)) = defaults.next_if(|(n, _)| *n < name.as_str()) {
                map.serialize_entry(n, v)?;
            }
            map.serialize_entry(name, value)?;
        }
        for (n, v) in defaults {
            map.serialize_entry(n, v)?;
        }
        map.end()
    }
}

impl<A: FromStr<Err = Error>> Header<A> {
    /// `alg`.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`](crate::ErrorKind::Malformed) when absent or not a string;
    /// [`ErrorKind::AlgorithmNotAllowed`](crate::ErrorKind::AlgorithmNotAllowed) for `none`;
    /// [`ErrorKind::UnsupportedAlgorithm`](crate::ErrorKind::UnsupportedAlgorithm) for a name
    /// this toolkit does not implement.
    pub fn alg(&self) -> Result<A> {
        Self::alg_of(&self.members)
    }

    /// [`Header::alg`] of a header held as a JSON object.
    ///
    /// # Errors
    /// As [`Header::alg`].
    pub fn alg_of(members: &Object) -> Result<A> {
        match members.get("alg") {
            Some(Value::String(name)) => name.parse(),
            Some(_) => Err(Error::malformed("`alg` must be a string")),
            None => Err(Error::malformed("the header has no `alg`")),
        }
    }
}

impl Header<Alg> {
    /// A JWS header with `alg` only.
    ///
    /// ```
    /// use jose_core::alg::Alg;
    /// use jose_core::header::Header;
    /// let header = Header::<Alg>::new(Alg::ES256).with_kid("2026-11").with_typ("JWT");
    /// assert_eq!(header.alg().ok(), Some(Alg::ES256));
    /// assert_eq!(header.kid(), Some("2026-11"));
    /// ```
    #[must_use]
    pub fn new(alg: Alg) -> Self {
        Self::empty().with("alg", alg.as_str().into())
    }

    /// `b64` (RFC 7797), when it is a boolean.
    #[must_use]
    pub fn b64(&self) -> Option<bool> {
        self.members.get("b64").and_then(Value::as_bool)
    }

    /// Makes the payload unencoded (RFC 7797): `b64: false`, listed in `crit`.
    #[must_use]
    pub fn unencoded(self) -> Self {
        self.with("b64", Value::Bool(false))
            .with("crit", Value::Array(alloc::vec!["b64".into()]))
    }
}

impl Header<KeyAlg> {
    /// A JWE header with `alg` and `enc`.
    ///
    /// ```
    /// use jose_core::alg::{Enc, KeyAlg};
    /// use jose_core::header::Header;
    /// let header = Header::<KeyAlg>::new(KeyAlg::A256KW, Enc::A256GCM).with_kid("k1").with_zip();
    /// assert_eq!(header.alg().ok(), Some(KeyAlg::A256KW));
    /// assert_eq!(header.enc().ok(), Some(Enc::A256GCM));
    /// ```
    #[must_use]
    pub fn new(alg: KeyAlg, enc: Enc) -> Self {
        Self::empty()
            .with("alg", alg.as_str().into())
            .with("enc", enc.as_str().into())
    }

    /// `enc`.
    ///
    /// # Errors
    /// As [`Header::alg`].
    pub fn enc(&self) -> Result<Enc> {
        Self::enc_of(&self.members)
    }

    /// [`Header::enc`] of a header held as a JSON object.
    ///
    /// # Errors
    /// As [`Header::alg`].
    pub fn enc_of(members: &Object) -> Result<Enc> {
        match members.get("enc") {
            Some(Value::String(name)) => name.parse(),
            Some(_) => Err(Error::malformed("`enc` must be a string")),
            None => Err(Error::malformed("the header has no `enc`")),
        }
    }

    /// `zip`, when it is a string.
    #[must_use]
    pub fn zip(&self) -> Option<&str> {
        self.str("zip")
    }

    /// Compresses the plaintext with DEFLATE before encrypting it (`zip: DEF`). Compressing
    /// attacker-influenced data next to secrets leaks them through lengths.
    #[must_use]
    pub fn with_zip(self) -> Self {
        self.with("zip", Value::String("DEF".into()))
    }

    /// Sets `apu` (ECDH-ES: information about the producer).
    #[must_use]
    pub fn with_apu(self, apu: &[u8]) -> Self {
        self.with("apu", Value::String(b64::encode_public(apu)))
    }

    /// Sets `apv` (ECDH-ES: information about the recipient).
    #[must_use]
    pub fn with_apv(self, apv: &[u8]) -> Self {
        self.with("apv", Value::String(b64::encode_public(apv)))
    }

    /// Sets `p2c` (PBES2 iteration count; 10,000 when absent).
    #[must_use]
    pub fn with_p2c(self, p2c: u32) -> Self {
        self.with("p2c", Value::from(p2c))
    }
}

impl<A> Default for Header<A> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<A> Clone for Header<A> {
    fn clone(&self) -> Self {
        Self {
            members: self.members.clone(),
            raw: self.raw.clone(),
            alg: PhantomData,
        }
    }
}

impl<A> PartialEq for Header<A> {
    fn eq(&self, other: &Self) -> bool {
        self.members == other.members && self.raw == other.raw
    }
}

impl<A> fmt::Debug for Header<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Header")
            .field("members", &self.members)
            .finish_non_exhaustive()
    }
}

impl<A> From<Object> for Header<A> {
    fn from(members: Object) -> Self {
        Self::from_object(members)
    }
}
