//! [`Jwk`]: one JSON Web Key (RFC 7517 §4), parsed once into its ready RustCrypto key.

#[cfg(feature = "ec")]
pub mod ec;
pub mod oct;
#[cfg(feature = "okp")]
pub mod okp;
#[cfg(all(feature = "tables", any(feature = "ec", feature = "okp")))]
mod precomputed;
#[cfg(feature = "rsa")]
pub mod rsa;
#[cfg(all(test, feature = "tables", any(feature = "ec", feature = "okp")))]
pub(crate) mod strategies;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::alg::{Alg, KeyAlg};
use jose_core::json::{self, Object};
use jose_core::{Error, Limits, Result};
use serde_json::Value;

#[cfg(feature = "ec")]
use self::ec::{EcCurve, EcKey};
use self::oct::OctKey;
#[cfg(feature = "okp")]
use self::okp::{OkpCurve, OkpKey};
#[cfg(feature = "rsa")]
use self::rsa::RsaKey;
use crate::params::{JwkAlg, KeyOp, KeyUse, Params};

/// The members of a JWK that hold secret or private key material, in every `kty` this
/// toolkit knows (RFC 7518 §6.2.2, §6.3.2 and §6.4.1; RFC 8037 §2). The `r`, `d` and `t` of
/// other primes live inside `oth`.
pub const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

/// Removes the private members of a JWK object and zeroizes their text: for an object that is
/// refused or skipped, so that no secret is left in freed memory.
pub(crate) fn scrub_private_members(object: &mut Object) {
    for name in PRIVATE_MEMBERS {
        if let Some(value) = object.remove(*name) {
            scrub(value);
        }
    }
}

fn scrub(value: Value) {
    use zeroize::Zeroize;
    match value {
        Value::String(mut text) => text.zeroize(),
        Value::Array(items) => items.into_iter().for_each(scrub),
        Value::Object(members) => members.into_iter().for_each(|(_, v)| scrub(v)),
        _ => {}
    }
}

/// The shortest HMAC key RFC 7518 §3.2 allows for `alg`: the length of the hash's output.
fn hmac_min_len(alg: Alg) -> Option<usize> {
    match alg {
        Alg::HS256 => Some(32),
        Alg::HS384 => Some(48),
        Alg::HS512 => Some(64),
        _ => None,
    }
}

/// The key material of a JWK, by `kty`.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum Key {
    /// `oct`: a symmetric secret.
    Oct(OctKey),
    /// `RSA`.
    #[cfg(feature = "rsa")]
    Rsa(RsaKey),
    /// `EC`.
    #[cfg(feature = "ec")]
    Ec(EcKey),
    /// `OKP`.
    #[cfg(feature = "okp")]
    Okp(OkpKey),
}

impl Key {
    /// The `kty` value.
    #[must_use]
    pub fn kty(&self) -> &'static str {
        match self {
            Self::Oct(_) => "oct",
            #[cfg(feature = "rsa")]
            Self::Rsa(_) => "RSA",
            #[cfg(feature = "ec")]
            Self::Ec(_) => "EC",
            #[cfg(feature = "okp")]
            Self::Okp(_) => "OKP",
        }
    }

    /// Whether the key holds secret material (an oct key always does).
    #[must_use]
    pub fn is_private(&self) -> bool {
        match self {
            Self::Oct(_) => true,
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => k.is_private(),
            #[cfg(feature = "ec")]
            Self::Ec(k) => k.is_private(),
            #[cfg(feature = "okp")]
            Self::Okp(k) => k.is_private(),
        }
    }

    /// The `crv` value, for EC and OKP keys.
    #[must_use]
    pub fn crv(&self) -> Option<&'static str> {
        match self {
            #[cfg(feature = "ec")]
            Self::Ec(k) => Some(k.curve().name()),
            #[cfg(feature = "okp")]
            Self::Okp(k) => Some(k.curve().name()),
            _ => None,
        }
    }

    /// The public half, or `None` for an oct key.
    #[must_use]
    pub fn to_public(&self) -> Option<Self> {
        match self {
            Self::Oct(_) => None,
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => Some(Self::Rsa(k.to_public())),
            #[cfg(feature = "ec")]
            Self::Ec(k) => Some(Self::Ec(k.to_public())),
            #[cfg(feature = "okp")]
            Self::Okp(k) => Some(Self::Okp(k.to_public())),
        }
    }

    fn describe(&self) -> String {
        match self.crv() {
            Some(crv) => format!("{} {crv}", self.kty()),
            None => self.kty().into(),
        }
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Oct(k) => k.fmt(f),
            #[cfg(feature = "rsa")]
            Self::Rsa(k) => k.fmt(f),
            #[cfg(feature = "ec")]
            Self::Ec(k) => k.fmt(f),
            #[cfg(feature = "okp")]
            Self::Okp(k) => k.fmt(f),
        }
    }
}

/// What [`Jwk::generate`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeySpec {
    /// An oct key of this many **bits** (a multiple of 8 from 128 to 8192), as the CLI's
    /// `--size`, jwcrypto and joserfc count: `Oct(256)` for HS256 or A256KW.
    Oct(usize),
    /// An RSA key with a modulus of this many bits (2048..=8192, whole bytes).
    #[cfg(feature = "rsa")]
    Rsa(usize),
    /// An EC key on this curve.
    #[cfg(feature = "ec")]
    Ec(EcCurve),
    /// An OKP key on this curve.
    #[cfg(feature = "okp")]
    Okp(OkpCurve),
}

/// A JSON Web Key: key material, parsed and validated once, with its common members (`kid`,
/// `use`, `key_ops`, `alg`, `x5*`) and any other member it came with.
///
/// `Debug` shows the key type and `kid`, never key material.
///
/// ```
/// use jose_jwk::{Jwk, KeyOp};
/// use jose_core::alg::Alg;
///
/// let jwk = Jwk::from_json(br#"{"kty":"EC","crv":"P-256",
///     "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
///     "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
///     "kid":"Public key used in JWS spec Appendix A.3 example"}"#)?;
/// assert_eq!(jwk.kid(), Some("Public key used in JWS spec Appendix A.3 example"));
/// assert!(jwk.usable_for(Alg::ES256, KeyOp::Verify).is_ok());
/// assert!(jwk.usable_for(Alg::ES256, KeyOp::Sign).is_err()); // no private half
/// assert_eq!(jwk.thumbprint_sha256(), "oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U");
/// # Ok::<(), jose_core::Error>(())
/// ```
#[derive(Clone, PartialEq)]
pub struct Jwk {
    key: Key,
    params: Params,
}

impl Jwk {
    /// A JWK for `key`, with no other member.
    #[must_use]
    pub fn new(key: Key) -> Self {
        Self {
            key,
            params: Params::default(),
        }
    }

    /// Generates a new private key from the operating system's random number generator.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for a size outside what [`KeySpec`] documents.
    #[cfg(feature = "std")]
    pub fn generate(spec: KeySpec) -> Result<Self> {
        Self::generate_with_rng(spec, &mut rand::rng())
    }

    /// Generates a new private key from `rng` (for `no_std` targets).
    ///
    /// # Errors
    /// As [`Jwk::generate`].
    pub fn generate_with_rng(spec: KeySpec, rng: &mut impl rand_core::CryptoRng) -> Result<Self> {
        let key = match spec {
            KeySpec::Oct(bits) => Key::Oct(OctKey::generate(rng, bits)?),
            #[cfg(feature = "rsa")]
            KeySpec::Rsa(bits) => Key::Rsa(RsaKey::generate(rng, bits)?),
            #[cfg(feature = "ec")]
            KeySpec::Ec(curve) => Key::Ec(EcKey::generate(rng, curve)),
            #[cfg(feature = "okp")]
            KeySpec::Okp(curve) => Key::Okp(OkpKey::generate(rng, curve)),
        };
        Ok(Self::new(key))
    }

    /// An `oct` key of these secret bytes: an HMAC secret (`HS256` needs at least 32 bytes,
    /// `HS384` 48, `HS512` 64) or an AES key (16, 24 or 32 bytes). PyJWT's
    /// `jwt.encode(payload, "…", …)` is `Jwk::from_secret(b"…")`.
    ///
    /// ```
    /// use jose_jwk::{Jwk, KeyOp};
    /// use jose_jwk::alg::Alg;
    /// let key = Jwk::from_secret(b"a secret of at least thirty-two bytes")?;
    /// assert!(key.usable_for(Alg::HS256, KeyOp::Sign).is_ok());
    /// // Shorter than the hash is refused for HMAC (RFC 7518 §3.2).
    /// let short = Jwk::from_secret(b"secret")?;
    /// assert!(short.usable_for(Alg::HS256, KeyOp::Sign).is_err());
    /// # Ok::<(), jose_jwk::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for an empty secret.
    pub fn from_secret(secret: impl AsRef<[u8]>) -> Result<Self> {
        Ok(Self::new(Key::Oct(OctKey::new(secret.as_ref().to_vec())?)))
    }

    /// **The opt-in for a legacy HMAC secret** shorter than its hash (RFC 7518 §3.2 asks for
    /// 32 bytes for `HS256`, 48 for `HS384`, 64 for `HS512`), such as the `"secret"` of a
    /// PyJWT or joserfc service, which accept it with a warning. This key signs and verifies
    /// HMAC tokens whatever its length; [`Jwk::from_secret`] refuses the same secret for HMAC
    /// ([`ErrorKind::InvalidKey`]).
    ///
    /// A short secret can be found by trying guesses against one token offline: use this to
    /// keep verifying the tokens of a running service while it moves to a secret of 32 random
    /// bytes (`jose key generate --kty oct --size 256`), never for a new one. The opt-in lives
    /// in this value only: the key's JSON (`to_json`) does not carry it, so a key read back
    /// from JSON is held to the rule again.
    ///
    /// ```
    /// use jose_jwk::{Jwk, KeyOp};
    /// use jose_jwk::alg::Alg;
    /// let legacy = Jwk::from_legacy_hmac_secret(b"secret")?;
    /// assert!(legacy.usable_for(Alg::HS256, KeyOp::Verify).is_ok());
    /// # Ok::<(), jose_jwk::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for an empty secret.
    pub fn from_legacy_hmac_secret(secret: impl AsRef<[u8]>) -> Result<Self> {
        let key = OctKey::new(secret.as_ref().to_vec())?.allowing_short_hmac();
        Ok(Self::new(Key::Oct(key)))
    }

    /// An oct key meant for the HMAC algorithm `alg` and `op` (its own `alg`, `use` and
    /// `key_ops` allow them) but too short for it, without the legacy opt-in: the holder's
    /// configuration is wrong, whatever the token. A key whose own members rule `alg` out
    /// is not this: a token naming another algorithm is the token's mismatch.
    pub(crate) fn is_short_hmac_for(&self, alg: &JwkAlg, op: &KeyOp) -> bool {
        let Some(min) = (match alg {
            JwkAlg::Sig(sig) => hmac_min_len(*sig),
            _ => None,
        }) else {
            return false;
        };
        let meant = self
            .params
            .alg
            .as_ref()
            .is_none_or(|own| alg_matches(own, alg))
            && self.params.permits(op).is_ok();
        meant && matches!(&self.key, Key::Oct(k) if k.len() < min && !k.short_hmac_allowed())
    }

    /// Parses a JWK from JSON with the default [`Limits`].
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for bad JSON, a duplicate member, a member of the wrong type,
    /// bad base64url or a missing required member; [`ErrorKind::UnsupportedAlgorithm`] for an
    /// unknown `kty` or `crv` (or one whose feature is off); [`ErrorKind::InvalidKey`] for
    /// key material that is not a usable key (see the crate docs); [`ErrorKind::LimitExceeded`]
    /// for input over a limit.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        Self::from_json_with_limits(json, &Limits::DEFAULT)
    }

    /// Parses a JWK from JSON with explicit `limits`.
    ///
    /// # Errors
    /// As [`Jwk::from_json`].
    pub fn from_json_with_limits(json: &[u8], limits: &Limits) -> Result<Self> {
        if json.len() > limits.max_input_bytes() {
            return Err(Error::limit(format!(
                "the JWK is {} bytes, above the limit of {}",
                json.len(),
                limits.max_input_bytes()
            )));
        }
        let object = json::parse_object(json, limits.max_json_depth())?;
        Self::from_object(object, limits)
    }

    /// Builds a JWK from a parsed JSON object.
    ///
    /// # Errors
    /// As [`Jwk::from_json`].
    pub fn from_object(mut object: Object, limits: &Limits) -> Result<Self> {
        let parsed = Self::take_members(&mut object, limits);
        if parsed.is_err() {
            // What the key types did not take yet (they zeroize what they take).
            scrub_private_members(&mut object);
        }
        parsed
    }

    /// Builds a JWK that must be a public key: an `oct` key or any private member (see
    /// [`PRIVATE_MEMBERS`]) is refused, and zeroized, before anything is parsed. For keys that
    /// come from elsewhere: a published JWK Set, the `epk` of a JWE.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for a secret or private key; otherwise as [`Jwk::from_json`].
    pub fn from_public_object(mut object: Object, limits: &Limits) -> Result<Self> {
        let kty = object.get("kty").and_then(Value::as_str);
        if kty == Some("oct") || PRIVATE_MEMBERS.iter().any(|m| object.contains_key(*m)) {
            scrub_private_members(&mut object);
            return Err(Error::invalid_key(
                "a public key was expected: this JWK holds secret or private members",
            ));
        }
        Self::from_object(object, limits)
    }

    #[cfg_attr(not(feature = "rsa"), allow(unused_variables))]
    fn take_members(object: &mut Object, limits: &Limits) -> Result<Self> {
        let kty = json::take_string(object, "kty")?
            .ok_or_else(|| Error::malformed("a JWK needs `kty`"))?;
        let mut params = Params::take_from(object)?;
        let key = match kty.as_str() {
            "oct" => Key::Oct(OctKey::from_members(object)?),
            #[cfg(feature = "rsa")]
            "RSA" => Key::Rsa(RsaKey::from_members(object, limits)?),
            #[cfg(feature = "ec")]
            "EC" => Key::Ec(EcKey::from_members(object)?),
            #[cfg(feature = "okp")]
            "OKP" => Key::Okp(OkpKey::from_members(object)?),
            #[allow(unreachable_patterns)]
            "RSA" | "EC" | "OKP" => {
                return Err(Error::unsupported(format!(
                    "`kty` {kty} is not compiled in (enable the crate feature)"
                )));
            }
            other => {
                return Err(Error::unsupported(format!(
                    "unsupported `kty` `{}`",
                    jose_core::echo(other)
                )));
            }
        };
        params.other = core::mem::take(object);
        #[cfg(feature = "pem")]
        crate::pem::check_x5(
            &key,
            params.x5c.as_deref(),
            params.x5t.as_deref(),
            params.x5t_s256.as_deref(),
        )?;
        #[cfg(not(feature = "pem"))]
        {
            // Without a DER reader the certificate cannot be bound to the key: what cannot be
            // checked is not offered.
            params.x5c = None;
            params.x5t = None;
            params.x5t_s256 = None;
        }
        let jwk = Self { key, params };
        if let Some(alg) = &jwk.params.alg {
            jwk.check_alg(alg)?;
        }
        Ok(jwk)
    }

    /// The key material.
    #[must_use]
    pub fn key(&self) -> &Key {
        &self.key
    }

    /// The `kid` member.
    #[must_use]
    pub fn kid(&self) -> Option<&str> {
        self.params.kid.as_deref()
    }

    /// The `use` member.
    #[must_use]
    pub fn key_use(&self) -> Option<&KeyUse> {
        self.params.key_use.as_ref()
    }

    /// The `key_ops` member.
    #[must_use]
    pub fn key_ops(&self) -> Option<&[KeyOp]> {
        self.params.key_ops.as_deref()
    }

    /// The `alg` member.
    #[must_use]
    pub fn alg(&self) -> Option<&JwkAlg> {
        self.params.alg.as_ref()
    }

    /// The `x5u` member (carried, never fetched).
    #[must_use]
    pub fn x5u(&self) -> Option<&str> {
        self.params.x5u.as_deref()
    }

    /// The `x5c` member: standard base64 DER certificates. The first one's public key is the
    /// JWK's key (checked when the JWK was read, with the `pem` feature; without it the
    /// member is dropped); the chain is not validated as X.509.
    #[must_use]
    pub fn x5c(&self) -> Option<&[String]> {
        self.params.x5c.as_deref()
    }

    /// The `x5t` member (base64url SHA-1 certificate digest), checked against the first
    /// `x5c` certificate when both are present.
    #[must_use]
    pub fn x5t(&self) -> Option<&str> {
        self.params.x5t.as_deref()
    }

    /// The `x5t#S256` member (base64url SHA-256 certificate digest), checked against the
    /// first `x5c` certificate when both are present.
    #[must_use]
    pub fn x5t_s256(&self) -> Option<&str> {
        self.params.x5t_s256.as_deref()
    }

    /// A member this toolkit does not know, as it came.
    #[must_use]
    pub fn other(&self, name: &str) -> Option<&Value> {
        self.params.other.get(name)
    }

    /// Whether the key holds secret material.
    #[must_use]
    pub fn is_private(&self) -> bool {
        self.key.is_private()
    }

    /// Sets `kid`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidConfiguration`] for an
    /// empty `kid` (a set would match it against a token's `"kid": ""`).
    pub fn with_kid(mut self, kid: impl Into<String>) -> Result<Self> {
        let kid = kid.into();
        if kid.is_empty() {
            return Err(Error::configuration("a key's `kid` may not be empty"));
        }
        self.params.kid = Some(kid);
        Ok(self)
    }

    /// Sets `kid` to the RFC 7638 SHA-256 thumbprint.
    #[must_use]
    pub fn with_kid_thumbprint(mut self) -> Self {
        self.params.kid = Some(self.thumbprint_sha256());
        self
    }

    /// Sets `use`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] when it contradicts `key_ops`.
    pub fn with_use(mut self, key_use: KeyUse) -> Result<Self> {
        self.params.key_use = Some(key_use);
        self.params.check_use_and_ops()?;
        Ok(self)
    }

    /// Sets `key_ops`.
    ///
    /// # Errors
    /// [`ErrorKind::Malformed`] for a repeated operation; [`ErrorKind::InvalidKey`] when they
    /// contradict `use`.
    pub fn with_key_ops(mut self, ops: impl IntoIterator<Item = KeyOp>) -> Result<Self> {
        let mut list: Vec<KeyOp> = Vec::new();
        for op in ops {
            if list.contains(&op) {
                return Err(Error::malformed(format!("`key_ops` lists `{op}` twice")));
            }
            list.push(op);
        }
        self.params.key_ops = Some(list);
        self.params.check_use_and_ops()?;
        Ok(self)
    }

    /// Sets `alg`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] when the key cannot serve that algorithm.
    pub fn with_alg(mut self, alg: impl Into<JwkAlg>) -> Result<Self> {
        let alg = alg.into();
        self.check_alg(&alg)?;
        self.params.alg = Some(alg);
        Ok(self)
    }

    /// The same key without its private (or secret) material, and with `key_ops` reduced to
    /// the public operations. An oct key has no public half.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for an oct key.
    pub fn to_public(&self) -> Result<Self> {
        let key = self
            .key
            .to_public()
            .ok_or_else(|| Error::invalid_key("an oct key has no public half"))?;
        let mut params = self.params.clone();
        params.key_ops = params.key_ops.map(public_ops).filter(|ops| !ops.is_empty());
        // Members this toolkit does not know are kept, but never one named like a private
        // member of some key type.
        for name in PRIVATE_MEMBERS {
            params.other.remove(*name);
        }
        Ok(Self { key, params })
    }

    /// Checks that this key may serve `alg` for `op`: its type, curve and size fit the
    /// algorithm; its `alg`, `use` and `key_ops` members, when present, allow it; and it holds
    /// the private half when `op` needs one. Every signing, verifying, encrypting and decrypting
    /// call of the toolkit goes through this check.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] naming the first rule that fails.
    pub fn usable_for(&self, alg: impl Into<JwkAlg>, op: KeyOp) -> Result<()> {
        let alg = alg.into();
        if let Some(own) = &self.params.alg
            && !alg_matches(own, &alg)
        {
            return Err(Error::invalid_key(format!(
                "the key is for `{own}`, not `{alg}`"
            )));
        }
        self.params.permits(&op)?;
        self.check_alg(&alg)?;
        if op.needs_private() && !self.key.is_private() {
            return Err(Error::invalid_key(format!(
                "`{op}` needs a private key, and this {} key is public",
                self.key.describe()
            )));
        }
        Ok(())
    }

    /// Whether the key's type, curve and size fit `alg`.
    fn check_alg(&self, alg: &JwkAlg) -> Result<()> {
        let fits = match alg {
            JwkAlg::Sig(a) => self.fits_jws(*a)?,
            JwkAlg::Key(a) => self.fits_jwe(*a)?,
            JwkAlg::Enc(e) => match &self.key {
                Key::Oct(k) => {
                    if k.len() != e.key_len() {
                        return Err(Error::invalid_key(format!(
                            "`{e}` needs a {}-byte key, not {}",
                            e.key_len(),
                            k.len()
                        )));
                    }
                    true
                }
                #[allow(unreachable_patterns)]
                _ => false,
            },
            JwkAlg::Other(_) => true,
        };
        if fits {
            Ok(())
        } else {
            Err(Error::invalid_key(format!(
                "a {} key cannot be used with `{alg}`",
                self.key.describe()
            )))
        }
    }

    fn fits_jws(&self, alg: Alg) -> Result<bool> {
        Ok(match (alg, &self.key) {
            (Alg::HS256 | Alg::HS384 | Alg::HS512, Key::Oct(k)) => {
                if let Some(min) = hmac_min_len(alg)
                    && k.len() < min
                    && !k.short_hmac_allowed()
                {
                    return Err(Error::invalid_key(format!(
                        "`{alg}` needs a key of at least {min} bytes, not {} (RFC 7518 §3.2; \
                         a legacy secret: Jwk::from_legacy_hmac_secret)",
                        k.len()
                    )));
                }
                true
            }
            #[cfg(feature = "rsa")]
            (
                Alg::RS256 | Alg::RS384 | Alg::RS512 | Alg::PS256 | Alg::PS384 | Alg::PS512,
                Key::Rsa(_),
            ) => true,
            #[cfg(feature = "ec")]
            (Alg::ES256, Key::Ec(k)) => k.curve() == EcCurve::P256,
            #[cfg(feature = "ec")]
            (Alg::ES384, Key::Ec(k)) => k.curve() == EcCurve::P384,
            #[cfg(feature = "ec")]
            (Alg::ES512, Key::Ec(k)) => k.curve() == EcCurve::P521,
            #[cfg(feature = "ec")]
            (Alg::ES256K, Key::Ec(k)) => k.curve() == EcCurve::Secp256k1,
            #[cfg(feature = "okp")]
            (Alg::EdDSA | Alg::Ed25519, Key::Okp(k)) => k.curve() == OkpCurve::Ed25519,
            _ => false,
        })
    }

    fn fits_jwe(&self, alg: KeyAlg) -> Result<bool> {
        let exact = |len: usize| -> Result<bool> {
            match &self.key {
                Key::Oct(k) if k.len() == len => Ok(true),
                Key::Oct(k) => Err(Error::invalid_key(format!(
                    "`{alg}` needs a {len}-byte key, not {}",
                    k.len()
                ))),
                #[allow(unreachable_patterns)]
                _ => Ok(false),
            }
        };
        Ok(match alg {
            KeyAlg::Dir
            | KeyAlg::PBES2_HS256_A128KW
            | KeyAlg::PBES2_HS384_A192KW
            | KeyAlg::PBES2_HS512_A256KW => matches!(self.key, Key::Oct(_)),
            KeyAlg::A128KW | KeyAlg::A128GCMKW => exact(16)?,
            KeyAlg::A192KW | KeyAlg::A192GCMKW => exact(24)?,
            KeyAlg::A256KW | KeyAlg::A256GCMKW => exact(32)?,
            #[cfg(feature = "rsa")]
            KeyAlg::RSA_OAEP | KeyAlg::RSA_OAEP_256 => matches!(self.key, Key::Rsa(_)),
            KeyAlg::ECDH_ES
            | KeyAlg::ECDH_ES_A128KW
            | KeyAlg::ECDH_ES_A192KW
            | KeyAlg::ECDH_ES_A256KW => match &self.key {
                #[cfg(feature = "ec")]
                Key::Ec(k) => k.curve() != EcCurve::Secp256k1,
                #[cfg(feature = "okp")]
                Key::Okp(k) => k.curve() == OkpCurve::X25519,
                _ => false,
            },
            #[allow(unreachable_patterns)]
            _ => false,
        })
    }

    /// The JWK as a JSON object, private members included when `private` is true.
    ///
    /// # Errors
    /// Only for key material that cannot be written (multi-prime RSA built by hand).
    pub fn to_object(&self, private: bool) -> Result<Object> {
        let mut object = Object::new();
        self.params.write_to(&mut object);
        object.insert("kty".into(), self.key.kty().into());
        match &self.key {
            Key::Oct(k) => {
                if !private {
                    return Err(Error::invalid_key("an oct key has no public half"));
                }
                k.write_members(&mut object);
            }
            #[cfg(feature = "rsa")]
            Key::Rsa(k) => k.write_members(&mut object, private)?,
            #[cfg(feature = "ec")]
            Key::Ec(k) => k.write_members(&mut object, private),
            #[cfg(feature = "okp")]
            Key::Okp(k) => k.write_members(&mut object, private),
        }
        Ok(object)
    }

    /// The JWK as JSON, with every member it holds, private ones included. Use
    /// [`Jwk::to_public`] first for anything you publish.
    ///
    /// # Errors
    /// As [`Jwk::to_object`].
    pub fn to_json(&self) -> Result<String> {
        let object = self.to_object(true)?;
        serde_json::to_string(&object)
            .map_err(|e| Error::malformed("cannot write JSON").with_source(e))
    }

    /// The canonical input of RFC 7638 §3 (the required members, sorted, no whitespace).
    pub(crate) fn thumbprint_input(&self) -> zeroize::Zeroizing<String> {
        match &self.key {
            Key::Oct(k) => k.thumbprint_input(),
            #[cfg(feature = "rsa")]
            Key::Rsa(k) => k.thumbprint_input().into(),
            #[cfg(feature = "ec")]
            Key::Ec(k) => k.thumbprint_input().into(),
            #[cfg(feature = "okp")]
            Key::Okp(k) => k.thumbprint_input().into(),
        }
    }
}

/// The operations the public half of a key serves, for the operations of the whole key:
/// `sign` becomes `verify`, `decrypt` `encrypt`, `unwrapKey` `wrapKey`; derivations need the
/// private half and are dropped.
fn public_ops(ops: Vec<KeyOp>) -> Vec<KeyOp> {
    let mut public: Vec<KeyOp> = Vec::with_capacity(ops.len());
    for op in ops {
        let op = match op {
            KeyOp::Sign => KeyOp::Verify,
            KeyOp::Decrypt => KeyOp::Encrypt,
            KeyOp::UnwrapKey => KeyOp::WrapKey,
            KeyOp::DeriveKey | KeyOp::DeriveBits => continue,
            other => other,
        };
        if !public.contains(&op) {
            public.push(op);
        }
    }
    public
}

/// Whether a key labelled `own` may serve `wanted`: the same name; EdDSA and its RFC 9864
/// name Ed25519 for each other (the same signatures); and a key labelled with a content
/// encryption (`A256GCM`) for `dir` with that encryption.
fn alg_matches(own: &JwkAlg, wanted: &JwkAlg) -> bool {
    own == wanted
        || matches!(
            (own, wanted),
            (JwkAlg::Sig(Alg::EdDSA), JwkAlg::Sig(Alg::Ed25519))
                | (JwkAlg::Sig(Alg::Ed25519), JwkAlg::Sig(Alg::EdDSA))
                | (JwkAlg::Enc(_), JwkAlg::Key(KeyAlg::Dir))
        )
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("kty", &self.key.kty())
            .field("crv", &self.key.crv())
            .field("kid", &self.params.kid)
            .field("alg", &self.params.alg.as_ref().map(JwkAlg::as_str))
            .field("private", &self.key.is_private())
            .finish_non_exhaustive()
    }
}

impl serde::Serialize for Jwk {
    /// Writes every member the key holds, private ones included (as [`Jwk::to_json`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        self.to_object(true)
            .map_err(|e| serde::ser::Error::custom(e.message()))?
            .serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Jwk {
    /// Reads a JWK with the same rules as [`Jwk::from_json`], from any serde format.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> core::result::Result<Self, D::Error> {
        match json::deserialize_value(d, Limits::DEFAULT.max_json_depth())? {
            Value::Object(object) => {
                Self::from_object(object, &Limits::DEFAULT).map_err(serde::de::Error::custom)
            }
            _ => Err(serde::de::Error::custom("a JWK must be a JSON object")),
        }
    }
}

impl From<OctKey> for Jwk {
    fn from(k: OctKey) -> Self {
        Self::new(Key::Oct(k))
    }
}

#[cfg(feature = "rsa")]
impl From<RsaKey> for Jwk {
    fn from(k: RsaKey) -> Self {
        Self::new(Key::Rsa(k))
    }
}

#[cfg(feature = "ec")]
impl From<EcKey> for Jwk {
    fn from(k: EcKey) -> Self {
        Self::new(Key::Ec(k))
    }
}

#[cfg(feature = "okp")]
impl From<OkpKey> for Jwk {
    fn from(k: OkpKey) -> Self {
        Self::new(Key::Okp(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_jwk_loses_its_private_members() {
        // `{"kty":"RSA","oth":[...]}` is refused before `d` is read: what the key types did
        // not take is scrubbed (removed, and its text zeroized by `zeroize`).
        let text = r#"{"kty":"RSA","n":"AQAB","e":"AQAB","d":"c2VjcmV0","oth":[{"r":"AQ"}],"k":"AA","x":"AA"}"#;
        let mut object = json::parse_object(text.as_bytes(), 32).unwrap();
        assert!(Jwk::take_members(&mut object.clone(), &Limits::DEFAULT).is_err());
        scrub_private_members(&mut object);
        let mut left: Vec<&str> = object.keys().map(String::as_str).collect();
        left.sort_unstable();
        assert_eq!(left, ["e", "kty", "n", "x"]);
        // A published set's key with a private member is refused before anything is parsed.
        let private = json::parse_object(text.as_bytes(), 32).unwrap();
        assert_eq!(
            Jwk::from_public_object(private, &Limits::DEFAULT)
                .err()
                .map(|e| e.kind()),
            Some(jose_core::ErrorKind::InvalidKey)
        );
    }
}
