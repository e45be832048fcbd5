//! [`JwkSet`]: a JWK Set (RFC 7517 §5) with `kid` lookup through an index, and key selection
//! for an operation.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use jose_core::json::{self, Object};
use jose_core::{Error, ErrorKind, Limits, Result};
use serde_json::Value;

use crate::Jwk;
use crate::params::{JwkAlg, KeyOp};

/// A JWK Set. Lookup by `kid` goes through an index, not a scan.
///
/// ```
/// use jose_jwk::{Jwk, JwkSet, KeyOp, KeySpec, EcCurve};
/// use jose_core::alg::Alg;
///
/// let signing = Jwk::generate(KeySpec::Ec(EcCurve::P256))?.with_kid("2026-11")?;
/// let mut set = JwkSet::new();
/// set.insert(signing.to_public()?)?;
///
/// // What a `/.well-known/jwks.json` endpoint serves:
/// let published = set.public().to_json()?;
/// let fetched = JwkSet::from_json(published.as_bytes())?;
/// let key = fetched.select(Some("2026-11"), Alg::ES256, KeyOp::Verify)?.next();
/// assert_eq!(key.and_then(Jwk::kid), Some("2026-11"));
/// # Ok::<(), jose_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct JwkSet {
    keys: Vec<Jwk>,
    by_kid: BTreeMap<String, Vec<usize>>,
    skipped: Vec<Skipped>,
    other: Object,
    max_keys: usize,
}

/// How a set's keys are taken: the first bad one refused, bad ones skipped, or skipped with
/// secret and private keys too (a published set).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Lenient,
    Published,
}

impl Mode {
    fn strict(strict: bool) -> Self {
        if strict { Self::Strict } else { Self::Lenient }
    }
}

/// A key of a parsed set that was ignored, as RFC 7517 §5 asks, because this toolkit cannot
/// use it (an unknown `kty` or `crv`, a missing or malformed member, a weak or invalid key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// Its position in the `keys` array.
    pub index: usize,
    /// Its `kid`, if it had one.
    pub kid: Option<String>,
    /// Why it was ignored.
    pub kind: ErrorKind,
    /// The message of the error.
    pub message: String,
}

impl JwkSet {
    /// An empty set with the default limit on its size.
    #[must_use]
    pub fn new() -> Self {
        Self {
            max_keys: Limits::DEFAULT.max_set_keys(),
            ..Self::default()
        }
    }

    /// Parses a JWK Set with the default [`Limits`]. Keys this toolkit cannot use (unknown
    /// `kty`/`crv`, missing or malformed members, invalid or weak key material) are ignored as
    /// RFC 7517 §5 says and listed by [`JwkSet::skipped`], so that one odd key does not stop
    /// the others from working; use [`JwkSet::from_json_strict`] to refuse them instead.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] when the document is not a JSON object with a `keys` array of
    /// objects, or has a duplicate member anywhere; [`ErrorKind::LimitExceeded`] for more keys
    /// than the limit, or input over a limit.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        Self::parse(json, &Limits::DEFAULT, Mode::Lenient)
    }

    /// Parses a JWK Set, failing on the first key that cannot be used.
    ///
    /// # Errors
    /// As [`JwkSet::from_json`], and those of [`Jwk::from_json`] for any key.
    pub fn from_json_strict(json: &[u8]) -> Result<Self> {
        Self::parse(json, &Limits::DEFAULT, Mode::Strict)
    }

    /// Parses a JWK Set with explicit `limits`; `strict` as [`JwkSet::from_json_strict`].
    ///
    /// # Errors
    /// As [`JwkSet::from_json_strict`].
    pub fn from_json_with_limits(json: &[u8], limits: &Limits, strict: bool) -> Result<Self> {
        Self::parse(json, limits, Mode::strict(strict))
    }

    /// Parses a JWK Set that someone published (an issuer's `jwks_uri`): leniently, as
    /// [`JwkSet::from_json`], and a published set is a set of public keys, so an `oct` key
    /// and any key with private members are skipped too ([`ErrorKind::InvalidKey`] in
    /// [`JwkSet::skipped`]), their secrets zeroized: a secret that was published is no secret,
    /// and a token MACed with it proves nothing. Remote JWK Sets are parsed this way.
    ///
    /// # Errors
    /// As [`JwkSet::from_json`].
    pub fn from_json_published(json: &[u8], limits: &Limits) -> Result<Self> {
        Self::parse(json, limits, Mode::Published)
    }

    fn parse(json: &[u8], limits: &Limits, mode: Mode) -> Result<Self> {
        if json.len() > limits.max_input_bytes() {
            return Err(Error::limit(format!(
                "the JWK Set is {} bytes, above the limit of {}",
                json.len(),
                limits.max_input_bytes()
            )));
        }
        let object = json::parse_object(json, limits.max_json_depth())?;
        Self::from_object_in(object, limits, mode)
    }

    /// Builds a set from a parsed JSON object (see [`JwkSet::from_json_with_limits`]).
    ///
    /// # Errors
    /// As [`JwkSet::from_json_with_limits`].
    pub fn from_object(object: Object, limits: &Limits, strict: bool) -> Result<Self> {
        Self::from_object_in(object, limits, Mode::strict(strict))
    }

    fn from_object_in(mut object: Object, limits: &Limits, mode: Mode) -> Result<Self> {
        let keys = match object.remove("keys") {
            Some(Value::Array(keys)) => keys,
            Some(other) => {
                return Err(Error::malformed(format!(
                    "`keys` must be an array, found {}",
                    json::type_name(&other)
                )));
            }
            None => return Err(Error::malformed("a JWK Set needs `keys`")),
        };
        if keys.len() > limits.max_set_keys() {
            return Err(Error::limit(format!(
                "the JWK Set has {} keys, above the limit of {}",
                keys.len(),
                limits.max_set_keys()
            )));
        }
        let mut set = Self {
            other: object,
            max_keys: limits.max_set_keys(),
            ..Self::default()
        };
        for (index, key) in keys.into_iter().enumerate() {
            let Value::Object(key) = key else {
                return Err(Error::malformed(format!(
                    "key {index} of the set is not an object"
                )));
            };
            let kid = key.get("kid").and_then(Value::as_str).map(String::from);
            let parsed = match mode {
                Mode::Published => Jwk::from_public_object(key, limits),
                Mode::Strict | Mode::Lenient => Jwk::from_object(key, limits),
            };
            match parsed {
                Ok(jwk) => set.push(jwk),
                Err(e) if mode == Mode::Strict => {
                    return Err(e.context(format!("key {index} of the set")));
                }
                Err(e) => set.skipped.push(Skipped {
                    index,
                    kid,
                    kind: e.kind(),
                    message: e.message().into(),
                }),
            }
        }
        Ok(set)
    }

    fn push(&mut self, jwk: Jwk) {
        if let Some(kid) = jwk.kid() {
            self.by_kid
                .entry(kid.into())
                .or_default()
                .push(self.keys.len());
        }
        self.keys.push(jwk);
    }

    /// Adds a key.
    ///
    /// # Errors
    /// [`ErrorKind::LimitExceeded`] when the set is full.
    pub fn insert(&mut self, jwk: Jwk) -> Result<()> {
        let max = if self.max_keys == 0 {
            Limits::DEFAULT.max_set_keys()
        } else {
            self.max_keys
        };
        if self.keys.len() >= max {
            return Err(Error::limit(format!("a JWK Set holds at most {max} keys")));
        }
        self.push(jwk);
        Ok(())
    }

    /// The keys, in order.
    #[must_use]
    pub fn keys(&self) -> &[Jwk] {
        &self.keys
    }

    /// How many keys the set holds.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys of the parsed document that were ignored, and why.
    #[must_use]
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// The keys whose `kid` is `kid` (usually one), found through the index.
    pub fn get(&self, kid: &str) -> impl Iterator<Item = &Jwk> {
        self.by_kid
            .get(kid)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.keys.get(i))
    }

    /// The keys that may serve `alg` for `op` (see [`Jwk::usable_for`]): with `kid`, only the
    /// keys of that `kid`; without, every compatible key, in order.
    ///
    /// # Errors
    /// [`ErrorKind::NoMatchingKey`] when no key fits.
    pub fn select(
        &self,
        kid: Option<&str>,
        alg: impl Into<JwkAlg>,
        op: KeyOp,
    ) -> Result<impl Iterator<Item = &Jwk>> {
        let alg = alg.into();
        let candidates: Vec<&Jwk> = match kid {
            Some(kid) => self.get(kid).collect(),
            None => self.keys.iter().collect(),
        };
        let found: Vec<&Jwk> = candidates
            .iter()
            .copied()
            .filter(|k| k.usable_for(alg.clone(), op.clone()).is_ok())
            .collect();
        if found.is_empty() {
            if let Some(short) = candidates.iter().find(|k| k.is_short_hmac_for(&alg, &op)) {
                // The set holds the secret this token needs, too short to serve: the holder's
                // configuration, not the token (a 500, not a 401).
                return Err(Error::invalid_key(format!(
                    "the set's oct key{} is too short for `{alg}` (RFC 7518 §3.2; a legacy \
                     secret: Jwk::from_legacy_hmac_secret)",
                    short
                        .kid()
                        .map(|kid| format!(" {:?}", jose_core::echo(kid)))
                        .unwrap_or_default()
                )));
            }
            let what = match kid {
                Some(kid) => format!(
                    "no key with `kid` {:?} can be used for `{alg}` ({op})",
                    jose_core::echo(kid)
                ),
                None => format!("no key of the set can be used for `{alg}` ({op})"),
            };
            return Err(Error::new(ErrorKind::NoMatchingKey, what));
        }
        Ok(found.into_iter())
    }

    /// The set to publish: every asymmetric key without its private half; oct keys left out.
    #[must_use]
    pub fn public(&self) -> Self {
        let mut set = Self {
            max_keys: self.max_keys,
            ..Self::default()
        };
        for key in &self.keys {
            if let Ok(public) = key.to_public() {
                set.push(public);
            }
        }
        set
    }

    /// The set as a JSON object, private members included when `private` is true (oct keys
    /// are left out of a public rendering).
    ///
    /// # Errors
    /// As [`Jwk::to_object`].
    pub fn to_object(&self, private: bool) -> Result<Object> {
        let mut keys = Vec::with_capacity(self.keys.len());
        for key in &self.keys {
            if !private && matches!(key.key(), crate::Key::Oct(_)) {
                continue;
            }
            keys.push(Value::Object(key.to_object(private)?));
        }
        let mut object = self.other.clone();
        object.insert("keys".into(), Value::Array(keys));
        Ok(object)
    }

    /// The set as JSON, with every member its keys hold (call [`JwkSet::public`] first to
    /// publish).
    ///
    /// # Errors
    /// As [`Jwk::to_object`].
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string(&self.to_object(true)?)
            .map_err(|e| Error::malformed("cannot write JSON").with_source(e))
    }
}

impl FromIterator<Jwk> for JwkSet {
    /// Collects keys into a set; keys beyond the default limit are dropped.
    fn from_iter<I: IntoIterator<Item = Jwk>>(iter: I) -> Self {
        let mut set = Self::new();
        for key in iter.into_iter().take(Limits::DEFAULT.max_set_keys()) {
            set.push(key);
        }
        set
    }
}

impl serde::Serialize for JwkSet {
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        self.to_object(true)
            .map_err(|e| serde::ser::Error::custom(e.message()))?
            .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for JwkSet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        match json::deserialize_value(d, Limits::DEFAULT.max_json_depth())? {
            Value::Object(object) => {
                Self::from_object(object, &Limits::DEFAULT, false).map_err(serde::de::Error::custom)
            }
            _ => Err(serde::de::Error::custom("a JWK Set must be a JSON object")),
        }
    }
}
