//! `kty: OKP` (RFC 8037): Ed25519 for signatures, X25519 for ECDH-ES.
//!
//! `x` and `d` must be exactly 32 bytes; an Ed25519 `x` must be a valid point that is not of
//! small order; a private `d` must match `x`.

use alloc::format;
use alloc::string::String;
use core::fmt;

use ed25519_dalek::{SigningKey, VerifyingKey};
#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use zeroize::Zeroizing;

/// The tables of an Ed25519 key's `−A` (with the `tables` feature; without it, nothing),
/// built on its second use and shared by its clones. See [`OkpKey::ed25519_tables`].
#[derive(Clone)]
struct Ed25519Tables {
    #[cfg(feature = "tables")]
    precomputed: crate::tables::Precomputed<crate::tables::Ed25519KeyTables>,
}

impl Ed25519Tables {
    fn new() -> Self {
        Self {
            #[cfg(feature = "tables")]
            precomputed: crate::tables::Precomputed::new(),
        }
    }
}

/// The curves of `kty: OKP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OkpCurve {
    /// `Ed25519` (EdDSA signatures).
    Ed25519,
    /// `X25519` (ECDH-ES key agreement).
    X25519,
}

impl OkpCurve {
    /// The `crv` name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ed25519 => "Ed25519",
            Self::X25519 => "X25519",
        }
    }
}

impl fmt::Display for OkpCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An OKP key: Ed25519 or X25519, public or private.
///
/// It is opaque: built by the checking constructors ([`OkpKey::ed25519_public`] refuses a
/// key of small order, [`OkpKey::x25519_public`] a point of small order) or by the parsers
/// of [`Jwk`](crate::Jwk), and read through its accessors.
#[derive(Clone)]
pub struct OkpKey(Material);

// The variants differ in size; keys are long-lived and few, so boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
enum Material {
    /// The public key, the signing key when private, and the tables that speed up
    /// verification, built on the key's second use and shared by its clones.
    Ed25519 {
        public: VerifyingKey,
        private: Option<SigningKey>,
        tables: Ed25519Tables,
    },
    X25519 {
        public: x25519_dalek::PublicKey,
        private: Option<x25519_dalek::StaticSecret>,
    },
}

impl OkpKey {
    /// The curve.
    #[must_use]
    pub fn curve(&self) -> OkpCurve {
        match self.0 {
            Material::Ed25519 { .. } => OkpCurve::Ed25519,
            Material::X25519 { .. } => OkpCurve::X25519,
        }
    }

    /// The Ed25519 public key, for an Ed25519 key.
    #[must_use]
    pub fn ed25519_verifying_key(&self) -> Option<&VerifyingKey> {
        match &self.0 {
            Material::Ed25519 { public, .. } => Some(public),
            Material::X25519 { .. } => None,
        }
    }

    /// The Ed25519 signing key, for a private Ed25519 key.
    #[must_use]
    pub fn ed25519_signing_key(&self) -> Option<&SigningKey> {
        match &self.0 {
            Material::Ed25519 { private, .. } => private.as_ref(),
            Material::X25519 { .. } => None,
        }
    }

    /// The X25519 public key, for an X25519 key.
    #[must_use]
    pub fn x25519_public_key(&self) -> Option<&x25519_dalek::PublicKey> {
        match &self.0 {
            Material::X25519 { public, .. } => Some(public),
            Material::Ed25519 { .. } => None,
        }
    }

    /// The X25519 static secret, for a private X25519 key.
    #[must_use]
    pub fn x25519_secret(&self) -> Option<&x25519_dalek::StaticSecret> {
        match &self.0 {
            Material::X25519 { private, .. } => private.as_ref(),
            Material::Ed25519 { .. } => None,
        }
    }

    /// An Ed25519 public key.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for a key of small order.
    pub fn ed25519_public(public: VerifyingKey) -> Result<Self> {
        if public.is_weak() {
            return Err(Error::invalid_key("the Ed25519 public key has small order"));
        }
        Ok(Self(Material::Ed25519 {
            public,
            private: None,
            tables: Ed25519Tables::new(),
        }))
    }

    /// An Ed25519 private key.
    #[must_use]
    pub fn ed25519_private(private: SigningKey) -> Self {
        Self(Material::Ed25519 {
            public: private.verifying_key(),
            private: Some(private),
            tables: Ed25519Tables::new(),
        })
    }

    /// An X25519 private key.
    #[must_use]
    pub fn x25519_private(private: x25519_dalek::StaticSecret) -> Self {
        Self(Material::X25519 {
            public: x25519_dalek::PublicKey::from(&private),
            private: Some(private),
        })
    }

    /// An X25519 public key.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] for a point of small order
    /// (ECDH with it would give an all-zero secret whatever the private key).
    pub fn x25519_public(public: [u8; 32]) -> Result<Self> {
        Ok(Self(Material::X25519 {
            public: x25519_public(public)?,
            private: None,
        }))
    }

    /// The tables of multiples of the base point and of this key's `−A` for `[s]B − [k]A`
    /// (Ed25519 verification): `None` for an X25519 key and on the first call, built on the
    /// second and kept (shared by this key's clones). See [`tables`](mod@crate::tables).
    #[cfg(feature = "tables")]
    #[must_use]
    pub fn ed25519_tables(&self) -> Option<crate::tables::Ed25519Lincomb<'_>> {
        let Material::Ed25519 { public, tables, .. } = &self.0 else {
            return None;
        };
        let key = tables
            .precomputed
            .get(|| crate::tables::Ed25519KeyTables::of_key(public))
            .filter(|key| key.is_for(public))?;
        Some(crate::tables::Ed25519Lincomb { key })
    }

    pub(crate) fn is_private(&self) -> bool {
        match &self.0 {
            Material::Ed25519 { private, .. } => private.is_some(),
            Material::X25519 { private, .. } => private.is_some(),
        }
    }

    pub(crate) fn to_public(&self) -> Self {
        Self(match &self.0 {
            Material::Ed25519 { public, tables, .. } => Material::Ed25519 {
                public: *public,
                private: None,
                tables: tables.clone(),
            },
            Material::X25519 { public, .. } => Material::X25519 {
                public: *public,
                private: None,
            },
        })
    }

    pub(crate) fn generate(rng: &mut impl rand_core::CryptoRng, curve: OkpCurve) -> Self {
        match curve {
            OkpCurve::Ed25519 => Self::ed25519_private(SigningKey::generate(rng)),
            OkpCurve::X25519 => {
                Self::x25519_private(x25519_dalek::StaticSecret::random_from_rng(rng))
            }
        }
    }

    pub(crate) fn from_members(object: &mut Object) -> Result<Self> {
        let crv = json::take_string(object, "crv")?
            .ok_or_else(|| Error::malformed("an OKP key needs `crv`"))?;
        let curve = match crv.as_str() {
            "Ed25519" => OkpCurve::Ed25519,
            "X25519" => OkpCurve::X25519,
            other => {
                return Err(Error::unsupported(format!(
                    "unsupported OKP curve `{}`",
                    jose_core::echo(other)
                )));
            }
        };
        let x =
            take32(object, "x", curve)?.ok_or_else(|| Error::malformed("an OKP key needs `x`"))?;
        let d = take32(object, "d", curve)?;
        match curve {
            OkpCurve::Ed25519 => {
                let public = VerifyingKey::from_bytes(&x)
                    .map_err(|_| Error::invalid_key("`x` is not an Ed25519 point"))?;
                let key = match d {
                    None => Self::ed25519_public(public)?,
                    Some(d) => {
                        let private = SigningKey::from_bytes(&d);
                        if private.verifying_key() != public {
                            return Err(Error::invalid_key(
                                "the Ed25519 private key `d` does not match `x`",
                            ));
                        }
                        Self::ed25519_private(private)
                    }
                };
                Ok(key)
            }
            OkpCurve::X25519 => {
                let public = x25519_public(*x)?;
                let private = d.map(|d| x25519_dalek::StaticSecret::from(*d));
                if let Some(private) = &private
                    && x25519_dalek::PublicKey::from(private) != public
                {
                    return Err(Error::invalid_key(
                        "the X25519 private key `d` does not match `x`",
                    ));
                }
                Ok(Self(Material::X25519 { public, private }))
            }
        }
    }

    fn x(&self) -> String {
        match &self.0 {
            Material::Ed25519 { public, .. } => b64::encode(public.as_bytes()),
            Material::X25519 { public, .. } => b64::encode(public.as_bytes()),
        }
    }

    pub(crate) fn write_members(&self, object: &mut Object, private: bool) {
        object.insert("crv".into(), self.curve().name().into());
        object.insert("x".into(), self.x().into());
        if private {
            let d = match &self.0 {
                Material::Ed25519 {
                    private: Some(k), ..
                } => Some(b64::encode(k.as_bytes())),
                Material::X25519 {
                    private: Some(k), ..
                } => Some(b64::encode(k.as_bytes())),
                _ => None,
            };
            if let Some(d) = d {
                object.insert("d".into(), d.into());
            }
        }
    }

    pub(crate) fn thumbprint_input(&self) -> String {
        format!(
            r#"{{"crv":"{}","kty":"OKP","x":"{}"}}"#,
            self.curve().name(),
            self.x()
        )
    }
}

/// Refuses the points of small order: any clamped scalar (a multiple of the cofactor 8) takes
/// them to zero, so one multiplication tells them apart.
fn x25519_public(bytes: [u8; 32]) -> Result<x25519_dalek::PublicKey> {
    let public = x25519_dalek::PublicKey::from(bytes);
    let probe = x25519_dalek::StaticSecret::from([0x5a; 32]);
    if !probe.diffie_hellman(&public).was_contributory() {
        return Err(Error::invalid_key("the X25519 public key has small order"));
    }
    Ok(public)
}

fn take32(object: &mut Object, name: &str, curve: OkpCurve) -> Result<Option<Zeroizing<[u8; 32]>>> {
    let Some(text) = json::take_string(object, name)? else {
        return Ok(None);
    };
    let text = Zeroizing::new(text);
    let bytes = b64::decode_secret(text.as_bytes())?;
    let array: [u8; 32] = bytes.as_slice().try_into().map_err(|_| {
        Error::invalid_key(format!(
            "`{name}` of an {curve} key must be 32 bytes, not {}",
            bytes.len()
        ))
    })?;
    Ok(Some(Zeroizing::new(array)))
}

impl PartialEq for OkpKey {
    /// Compares public keys, and private keys in constant time.
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (
                Material::Ed25519 {
                    public: a,
                    private: pa,
                    ..
                },
                Material::Ed25519 {
                    public: b,
                    private: pb,
                    ..
                },
            ) => {
                a == b
                    && same_secret(
                        pa.as_ref().map(SigningKey::as_bytes),
                        pb.as_ref().map(SigningKey::as_bytes),
                    )
            }
            (
                Material::X25519 {
                    public: a,
                    private: pa,
                },
                Material::X25519 {
                    public: b,
                    private: pb,
                },
            ) => {
                a == b
                    && same_secret(
                        pa.as_ref().map(|k| k.as_bytes()),
                        pb.as_ref().map(|k| k.as_bytes()),
                    )
            }
            _ => false,
        }
    }
}

fn same_secret(a: Option<&[u8; 32]>, b: Option<&[u8; 32]>) -> bool {
    use subtle::ConstantTimeEq;
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => bool::from(x.ct_eq(y)),
        _ => false,
    }
}

impl fmt::Debug for OkpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_private() {
            "private"
        } else {
            "public"
        };
        write!(f, "OkpKey({}, {kind})", self.curve())
    }
}

impl crate::key::KeyType for OkpKey {
    const KTY: &'static str = "OKP";

    fn is_private(&self) -> bool {
        Self::is_private(self)
    }

    fn crv(&self) -> Option<&'static str> {
        Some(self.curve().name())
    }

    fn to_public(&self) -> Option<Self> {
        Some(Self::to_public(self))
    }

    fn from_members(
        object: &mut Object,
        _: &jose_core::Limits,
        _: Option<&crate::JwkAlg>,
    ) -> Result<Self> {
        Self::from_members(object)
    }

    fn write_members(&self, object: &mut Object, private: bool) -> Result<()> {
        Self::write_members(self, object, private);
        Ok(())
    }

    fn thumbprint_input(&self) -> Zeroizing<String> {
        Self::thumbprint_input(self).into()
    }
}
