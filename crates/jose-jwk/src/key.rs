//! [`Jwk`]: one JSON Web Key (RFC 7517 §4), parsed once into its ready RustCrypto key.

#[cfg(feature = "ml-dsa")]
pub mod akp;
#[cfg(feature = "ec")]
pub mod ec;
pub mod oct;
#[cfg(feature = "okp")]
pub mod okp;
#[cfg(feature = "rsa")]
pub mod rsa;

/// What the crate's root re-exports, each key type's names beside its module line here, so
/// that a new key type touches this file and not `lib.rs`.
pub(crate) mod exports {
    #[cfg(feature = "ml-dsa")]
    pub use super::akp::{AkpKey, MlDsaKeyPair};
    #[cfg(feature = "ec")]
    pub use super::ec::{EcCurve, EcKey, EcKeyPair};
    pub use super::oct::OctKey;
    #[cfg(feature = "okp")]
    pub use super::okp::{OkpCurve, OkpKey};
    #[cfg(feature = "rsa")]
    pub use super::rsa::RsaKey;
    pub use super::{Jwk, Key, KeySpec, PRIVATE_MEMBERS};
}

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::alg::{Alg, KeyAlg, KeyLen, KeyNeed};
use jose_core::json::{self, Object};
use jose_core::{Error, Limits, Result};
use serde_json::Value;

#[cfg(feature = "ml-dsa")]
use self::akp::AkpKey;
#[cfg(feature = "ec")]
use self::ec::{EcCurve, EcKey};
use self::oct::OctKey;
#[cfg(feature = "okp")]
use self::okp::{OkpCurve, OkpKey};
#[cfg(feature = "rsa")]
use self::rsa::RsaKey;
use crate::params::{JwkAlg, KeyOp, KeyUse, Params};

/// The members of a JWK that hold secret or private key material, in every `kty` this
/// toolkit knows (RFC 7518 §6.2.2, §6.3.2 and §6.4.1; RFC 8037 §2; AKP's `priv`). The `r`, `d` and `t` of
/// other primes live inside `oth`.
pub const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv"];

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

/// What every key type states of itself, and how it reads and writes its members: one
/// implementation in each `kty` module, listed once in `key_types!` below. Which algorithms a
/// key serves is not here: each algorithm states what it needs
/// ([`Alg::key_needs`](jose_core::alg::Alg::key_needs)), and [`Jwk::usable_for`] compares.
pub(crate) trait KeyType: Sized {
    /// The `kty` value.
    const KTY: &'static str;
    /// Whether the key holds private or secret material.
    fn is_private(&self) -> bool;
    /// The `crv` member, for the key types that have one.
    fn crv(&self) -> Option<&'static str> {
        None
    }
    /// What [`KeyNeed::variant`] compares: the curve, or the parameter set.
    fn variant(&self) -> Option<&'static str> {
        self.crv()
    }
    /// The length of a secret key.
    fn secret_len(&self) -> Option<usize> {
        None
    }
    /// The `alg` a key of this type always has (an AKP key's parameter set).
    fn fixed_alg(&self) -> Option<JwkAlg> {
        None
    }
    /// The public half, if the type has one.
    fn to_public(&self) -> Option<Self>;
    /// Takes the type's members out of a JWK object (zeroizing private ones it refuses); `alg`
    /// is the JWK's `alg` member, already taken.
    fn from_members(object: &mut Object, limits: &Limits, alg: Option<&JwkAlg>) -> Result<Self>;
    /// Writes the type's members, private ones when `private` is true.
    fn write_members(&self, object: &mut Object, private: bool) -> Result<()>;
    /// The canonical input of RFC 7638 §3 for this key.
    fn thumbprint_input(&self) -> zeroize::Zeroizing<String>;
}

/// The key types, each row once: the enum [`Key`], its dispatch and its conversions.
macro_rules! key_types {
    ($( $(#[doc = $doc:expr])* $(#[cfg($cfg:meta)])? $variant:ident($ty:ty), )*) => {
        /// The key material of a JWK, by `kty`.
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum Key {
            $( $(#[doc = $doc])* $(#[cfg($cfg)])? $variant($ty), )*
        }

        impl Key {
            /// The `kty` value.
            #[must_use]
            pub fn kty(&self) -> &'static str {
                match self { $( $(#[cfg($cfg)])? Self::$variant(_) => <$ty as KeyType>::KTY, )* }
            }

            /// Whether the key holds secret material (an oct key always does).
            #[must_use]
            pub fn is_private(&self) -> bool {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::is_private(k), )* }
            }

            /// The `crv` value, for EC and OKP keys.
            #[must_use]
            pub fn crv(&self) -> Option<&'static str> {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::crv(k), )* }
            }

            /// The public half, or `None` for an oct key.
            #[must_use]
            pub fn to_public(&self) -> Option<Self> {
                match self {
                    $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::to_public(k).map(Self::$variant), )*
                }
            }

            fn variant(&self) -> Option<&'static str> {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::variant(k), )* }
            }

            fn secret_len(&self) -> Option<usize> {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::secret_len(k), )* }
            }

            fn fixed_alg(&self) -> Option<JwkAlg> {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::fixed_alg(k), )* }
            }

            fn from_members(
                kty: &str,
                object: &mut Object,
                limits: &Limits,
                alg: Option<&JwkAlg>,
            ) -> Result<Self> {
                $( $(#[cfg($cfg)])? {
                    if kty == <$ty as KeyType>::KTY {
                        return Ok(Self::$variant(<$ty as KeyType>::from_members(object, limits, alg)?));
                    }
                } )*
                if KNOWN_KTY.contains(&kty) {
                    return Err(Error::unsupported(format!(
                        "`kty` {kty} is not compiled in (enable the crate feature)"
                    )));
                }
                Err(Error::unsupported(format!(
                    "unsupported `kty` `{}`",
                    jose_core::echo(kty)
                )))
            }

            fn write_members(&self, object: &mut Object, private: bool) -> Result<()> {
                match self {
                    $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::write_members(k, object, private), )*
                }
            }

            fn thumbprint_input(&self) -> zeroize::Zeroizing<String> {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => KeyType::thumbprint_input(k), )* }
            }
        }

        impl fmt::Debug for Key {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self { $( $(#[cfg($cfg)])? Self::$variant(k) => k.fmt(f), )* }
            }
        }

        $(
            $(#[cfg($cfg)])?
            impl From<$ty> for Jwk {
                fn from(k: $ty) -> Self {
                    Self::new(Key::$variant(k))
                }
            }
        )*
    };
}

/// Every `kty` this toolkit implements, compiled in or not.
const KNOWN_KTY: &[&str] = &["oct", "RSA", "EC", "OKP", "AKP"];

key_types! {
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
    /// `AKP` (draft-ietf-cose-dilithium): ML-DSA.
    #[cfg(feature = "ml-dsa")]
    Akp(AkpKey),
}

impl Key {
    fn describe(&self) -> String {
        match self.crv() {
            Some(crv) => format!("{} {crv}", self.kty()),
            None => self.kty().into(),
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
    /// An AKP key of this algorithm (`ML-DSA-44`, `ML-DSA-65` or `ML-DSA-87`), from a new
    /// random seed.
    #[cfg(feature = "ml-dsa")]
    Akp(Alg),
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
    /// A JWK for `key`, with no other member but the `alg` its type fixes (an AKP key's).
    #[must_use]
    pub fn new(key: Key) -> Self {
        let params = Params {
            alg: key.fixed_alg(),
            ..Params::default()
        };
        Self { key, params }
    }

    /// Generates a new private key from the operating system's random number generator.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for a size outside what [`KeySpec`] documents;
    /// [`ErrorKind::UnsupportedAlgorithm`] for an AKP key of an algorithm that is not ML-DSA.
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
            #[cfg(feature = "ml-dsa")]
            KeySpec::Akp(alg) => Key::Akp(AkpKey::generate(rng, alg)?),
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
        let Some(min) = needs(alg).iter().find_map(|need| match need.len {
            KeyLen::AtLeast(min) if need.kty == "oct" => Some(min),
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

    fn take_members(object: &mut Object, limits: &Limits) -> Result<Self> {
        let kty = json::take_string(object, "kty")?
            .ok_or_else(|| Error::malformed("a JWK needs `kty`"))?;
        let mut params = Params::take_from(object)?;
        let key = Key::from_members(&kty, object, limits, params.alg.as_ref())?;
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

    /// Whether the key's type, curve and size fit `alg`: what the algorithm needs
    /// ([`KeyNeed`]), compared with what the key is.
    fn check_alg(&self, alg: &JwkAlg) -> Result<()> {
        let key = &self.key;
        // A key whose type fixes its algorithm (AKP) serves that one only.
        if let Some(fixed) = key.fixed_alg()
            && &fixed != alg
        {
            return Err(Error::invalid_key(format!(
                "this {} key is for `{fixed}` only, not `{alg}`",
                key.kty()
            )));
        }
        if let JwkAlg::Other(_) = alg {
            return Ok(());
        }
        let Some(need) = needs(alg).iter().find(|need| {
            need.kty == key.kty() && need.variant.is_none_or(|v| key.variant() == Some(v))
        }) else {
            return Err(Error::invalid_key(format!(
                "a {} key cannot be used with `{alg}`",
                key.describe()
            )));
        };
        let len = key.secret_len().unwrap_or(0);
        match need.len {
            KeyLen::Exactly(want) if len != want => Err(Error::invalid_key(format!(
                "`{alg}` needs a {want}-byte key, not {len}"
            ))),
            KeyLen::AtLeast(min)
                if len < min && !matches!(key, Key::Oct(k) if k.short_hmac_allowed()) =>
            {
                Err(Error::invalid_key(format!(
                    "`{alg}` needs a key of at least {min} bytes, not {len} (RFC 7518 §3.2; \
                     a legacy secret: Jwk::from_legacy_hmac_secret)"
                )))
            }
            _ => Ok(()),
        }
    }

    /// The JWK as a JSON object, private members included when `private` is true.
    ///
    /// # Errors
    /// Only for key material that cannot be written (multi-prime RSA built by hand).
    pub fn to_object(&self, private: bool) -> Result<Object> {
        let mut object = Object::new();
        self.params.write_to(&mut object);
        object.insert("kty".into(), self.key.kty().into());
        self.key.write_members(&mut object, private)?;
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
        self.key.thumbprint_input()
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

/// What `alg` needs of its key, as the algorithm states it.
fn needs(alg: &JwkAlg) -> &'static [KeyNeed] {
    match alg {
        JwkAlg::Sig(a) => a.key_needs(),
        JwkAlg::Key(a) => a.key_needs(),
        JwkAlg::Enc(e) => e.key_needs(),
        JwkAlg::Other(_) => &[],
    }
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
