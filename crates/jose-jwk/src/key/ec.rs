//! `kty: EC` (RFC 7518 §6.2) on P-256, P-384, P-521 and secp256k1 (RFC 8812).
//!
//! Coordinates and the private scalar must have exactly the curve's size; the point must be on
//! the curve and not the identity; a private scalar must be in range and match the public point.

use alloc::format;
use alloc::string::String;
use core::fmt;

use ecdsa::{EcdsaCurve, SigningKey, VerifyingKey};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, Sec1Point, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize, Generate as _};
use jose_core::json::{self, Object};
use jose_core::{Error, Result, b64};
use zeroize::Zeroizing;

#[cfg(feature = "tables")]
use crate::tables::{self, Precomputed};

/// The curves of `kty: EC`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EcCurve {
    /// `P-256` (ES256, ECDH-ES).
    P256,
    /// `P-384` (ES384, ECDH-ES).
    P384,
    /// `P-521` (ES512, ECDH-ES).
    P521,
    /// `secp256k1` (ES256K, RFC 8812).
    Secp256k1,
}

impl EcCurve {
    /// The `crv` name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::P256 => "P-256",
            Self::P384 => "P-384",
            Self::P521 => "P-521",
            Self::Secp256k1 => "secp256k1",
        }
    }

    /// The size of a coordinate (and of the private scalar) in bytes.
    #[must_use]
    pub const fn coordinate_len(self) -> usize {
        match self {
            Self::P256 | Self::Secp256k1 => 32,
            Self::P384 => 48,
            Self::P521 => 66,
        }
    }

    pub(crate) fn parse(name: &str) -> Result<Self> {
        match name {
            "P-256" => Ok(Self::P256),
            "P-384" => Ok(Self::P384),
            "P-521" => Ok(Self::P521),
            "secp256k1" => Ok(Self::Secp256k1),
            other => Err(Error::unsupported(format!(
                "unsupported EC curve `{}`",
                jose_core::echo(other)
            ))),
        }
    }
}

impl fmt::Display for EcCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An EC key, one variant per curve.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EcKey {
    /// A P-256 key.
    P256(EcKeyPair<p256::NistP256>),
    /// A P-384 key.
    P384(EcKeyPair<p384::NistP384>),
    /// A P-521 key.
    P521(EcKeyPair<p521::NistP521>),
    /// A secp256k1 key.
    Secp256k1(EcKeyPair<k256::Secp256k1>),
}

/// The public point of an EC key and, for a private key, its ready ECDSA signing key (whose
/// scalar also serves ECDH).
#[derive(Clone)]
pub struct EcKeyPair<C: EcdsaCurve + CurveArithmetic> {
    public: VerifyingKey<C>,
    private: Option<SigningKey<C>>,
    #[cfg(feature = "tables")]
    pub(crate) verification: Precomputed<tables::LincombTables<C>>,
    #[cfg(feature = "tables")]
    pub(crate) agreement: Precomputed<tables::MulTables<C>>,
}

impl<C: EcdsaCurve + CurveArithmetic> PartialEq for EcKeyPair<C> {
    fn eq(&self, other: &Self) -> bool {
        self.public == other.public
            && match (&self.private, &other.private) {
                (None, None) => true,
                (Some(a), Some(b)) => a == b,
                _ => false,
            }
    }
}

impl<C: EcdsaCurve + CurveArithmetic> Eq for EcKeyPair<C> {}

impl<C> EcKeyPair<C>
where
    C: EcdsaCurve + CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    /// A public key.
    #[must_use]
    pub fn from_public(public: VerifyingKey<C>) -> Self {
        Self {
            public,
            private: None,
            #[cfg(feature = "tables")]
            verification: Precomputed::new(),
            #[cfg(feature = "tables")]
            agreement: Precomputed::new(),
        }
    }

    /// A private key (its public half is derived once, here).
    #[must_use]
    pub fn from_private(private: SigningKey<C>) -> Self {
        let public = *private.verifying_key();
        Self {
            private: Some(private),
            ..Self::from_public(public)
        }
    }

    /// The public half, sharing this key's tables.
    fn public_half(&self) -> Self {
        Self {
            public: self.public,
            private: None,
            #[cfg(feature = "tables")]
            verification: self.verification.clone(),
            #[cfg(feature = "tables")]
            agreement: self.agreement.clone(),
        }
    }

    /// The public key, ready to verify.
    #[must_use]
    pub fn verifying_key(&self) -> &VerifyingKey<C> {
        &self.public
    }

    /// The private key, ready to sign, if this is one.
    #[must_use]
    pub fn signing_key(&self) -> Option<&SigningKey<C>> {
        self.private.as_ref()
    }

    /// The public key as an [`elliptic_curve::PublicKey`], for ECDH.
    #[must_use]
    pub fn public_key(&self) -> elliptic_curve::PublicKey<C> {
        elliptic_curve::PublicKey::from(&self.public)
    }

    fn from_members(curve: EcCurve, x: &[u8], y: &[u8], d: Option<&[u8]>) -> Result<Self> {
        let mut sec1 = Zeroizing::new(alloc::vec::Vec::with_capacity(
            x.len().saturating_mul(2).saturating_add(1),
        ));
        sec1.push(0x04);
        sec1.extend_from_slice(x);
        sec1.extend_from_slice(y);
        Self::from_sec1(curve, &sec1, d)
    }

    /// A key from its public point in SEC1 form and, for a private key, its scalar `d`
    /// (big-endian, the curve's size): the point is on the curve and not the identity, and
    /// `d` matches it.
    pub(crate) fn from_sec1(curve: EcCurve, sec1: &[u8], d: Option<&[u8]>) -> Result<Self> {
        let public = VerifyingKey::<C>::from_sec1_bytes(sec1)
            .map_err(|_| Error::invalid_key(format!("the point is not on {curve}")))?;
        let Some(d) = d else {
            return Ok(Self::from_public(public));
        };
        let private = SigningKey::<C>::from_slice(d)
            .map_err(|_| Error::invalid_key(format!("`d` is not a valid {curve} scalar")))?;
        if private.verifying_key() != &public {
            return Err(Error::invalid_key(
                "the EC private key `d` does not match `x` and `y`",
            ));
        }
        Ok(Self::from_private(private))
    }

    fn coordinates(&self) -> (String, String) {
        let point: Sec1Point<C> = self.public.to_sec1_point(false);
        let x = point.x().map(b64::encode).unwrap_or_default();
        let y = point.y().map(b64::encode).unwrap_or_default();
        (x, y)
    }

    fn private_scalar(&self) -> Option<String> {
        self.private
            .as_ref()
            .map(|k| b64::encode(Zeroizing::new(k.to_bytes()).as_slice()))
    }
}

#[cfg(feature = "tables")]
impl<C: tables::TableCurve + EcdsaCurve> EcKeyPair<C> {
    /// The tables of multiples of the generator and of this key's point for `u1·G + u2·Q`
    /// (ECDSA verification): `None` on the first call, built on the second and kept (shared
    /// by this key's clones). See [`tables`](mod@crate::tables).
    #[must_use]
    pub fn verification_tables(&self) -> Option<tables::EcLincomb<'_, C>> {
        let key = self
            .verification
            .get(|| tables::LincombTables::new(&(*self.public.as_affine()).into()))?;
        Some(tables::EcLincomb {
            generator: C::generator_tables(),
            key,
        })
    }

    /// The tables of multiples of this key's point for `k·Q` (ECDH): `None` on the first
    /// call, built on the second and kept (shared by this key's clones). See
    /// [`tables`](mod@crate::tables).
    #[must_use]
    pub fn agreement_tables(&self) -> Option<&tables::MulTables<C>> {
        self.agreement
            .get(|| tables::MulTables::new(&(*self.public.as_affine()).into()))
    }
}

impl EcKey {
    /// The curve.
    #[must_use]
    pub fn curve(&self) -> EcCurve {
        match self {
            Self::P256(_) => EcCurve::P256,
            Self::P384(_) => EcCurve::P384,
            Self::P521(_) => EcCurve::P521,
            Self::Secp256k1(_) => EcCurve::Secp256k1,
        }
    }

    pub(crate) fn is_private(&self) -> bool {
        match self {
            Self::P256(k) => k.private.is_some(),
            Self::P384(k) => k.private.is_some(),
            Self::P521(k) => k.private.is_some(),
            Self::Secp256k1(k) => k.private.is_some(),
        }
    }

    pub(crate) fn to_public(&self) -> Self {
        match self {
            Self::P256(k) => Self::P256(k.public_half()),
            Self::P384(k) => Self::P384(k.public_half()),
            Self::P521(k) => Self::P521(k.public_half()),
            Self::Secp256k1(k) => Self::Secp256k1(k.public_half()),
        }
    }

    pub(crate) fn generate(rng: &mut impl rand_core::CryptoRng, curve: EcCurve) -> Self {
        match curve {
            EcCurve::P256 => {
                Self::P256(EcKeyPair::from_private(SigningKey::generate_from_rng(rng)))
            }
            EcCurve::P384 => {
                Self::P384(EcKeyPair::from_private(SigningKey::generate_from_rng(rng)))
            }
            EcCurve::P521 => {
                Self::P521(EcKeyPair::from_private(SigningKey::generate_from_rng(rng)))
            }
            EcCurve::Secp256k1 => {
                Self::Secp256k1(EcKeyPair::from_private(SigningKey::generate_from_rng(rng)))
            }
        }
    }

    /// A key from its public point in SEC1 form and an optional private scalar, with the
    /// checks of a JWK's `x`, `y` and `d`.
    #[cfg_attr(not(feature = "openssh"), allow(dead_code))]
    pub(crate) fn from_sec1(curve: EcCurve, sec1: &[u8], d: Option<&[u8]>) -> Result<Self> {
        if let Some(d) = d
            && d.len() != curve.coordinate_len()
        {
            return Err(Error::invalid_key(format!(
                "an {curve} private scalar is {} bytes, not {}",
                d.len(),
                curve.coordinate_len()
            )));
        }
        Ok(match curve {
            EcCurve::P256 => Self::P256(EcKeyPair::from_sec1(curve, sec1, d)?),
            EcCurve::P384 => Self::P384(EcKeyPair::from_sec1(curve, sec1, d)?),
            EcCurve::P521 => Self::P521(EcKeyPair::from_sec1(curve, sec1, d)?),
            EcCurve::Secp256k1 => Self::Secp256k1(EcKeyPair::from_sec1(curve, sec1, d)?),
        })
    }

    pub(crate) fn from_members(object: &mut Object) -> Result<Self> {
        let crv = json::take_string(object, "crv")?
            .ok_or_else(|| Error::malformed("an EC key needs `crv`"))?;
        let curve = EcCurve::parse(&crv)?;
        let len = curve.coordinate_len();
        let x = exact(object, "x", len, curve)?
            .ok_or_else(|| Error::malformed("an EC key needs `x`"))?;
        let y = exact(object, "y", len, curve)?
            .ok_or_else(|| Error::malformed("an EC key needs `y`"))?;
        let d = exact(object, "d", len, curve)?;
        let d = d.as_deref().map(|d| d.as_slice());
        Ok(match curve {
            EcCurve::P256 => Self::P256(EcKeyPair::from_members(curve, &x, &y, d)?),
            EcCurve::P384 => Self::P384(EcKeyPair::from_members(curve, &x, &y, d)?),
            EcCurve::P521 => Self::P521(EcKeyPair::from_members(curve, &x, &y, d)?),
            EcCurve::Secp256k1 => Self::Secp256k1(EcKeyPair::from_members(curve, &x, &y, d)?),
        })
    }

    fn parts(&self) -> ((String, String), Option<String>) {
        match self {
            Self::P256(k) => (k.coordinates(), k.private_scalar()),
            Self::P384(k) => (k.coordinates(), k.private_scalar()),
            Self::P521(k) => (k.coordinates(), k.private_scalar()),
            Self::Secp256k1(k) => (k.coordinates(), k.private_scalar()),
        }
    }

    pub(crate) fn write_members(&self, object: &mut Object, private: bool) {
        let ((x, y), d) = self.parts();
        object.insert("crv".into(), self.curve().name().into());
        object.insert("x".into(), x.into());
        object.insert("y".into(), y.into());
        if let (true, Some(d)) = (private, d) {
            object.insert("d".into(), d.into());
        }
    }

    pub(crate) fn thumbprint_input(&self) -> String {
        let ((x, y), _) = self.parts();
        format!(
            r#"{{"crv":"{}","kty":"EC","x":"{x}","y":"{y}"}}"#,
            self.curve().name()
        )
    }
}

/// Takes member `name`, which must decode to exactly `len` bytes (RFC 7518 §6.2.1.2, §6.2.2.1).
fn exact(
    object: &mut Object,
    name: &str,
    len: usize,
    curve: EcCurve,
) -> Result<Option<Zeroizing<alloc::vec::Vec<u8>>>> {
    let Some(text) = json::take_string(object, name)? else {
        return Ok(None);
    };
    let text = Zeroizing::new(text);
    let bytes = b64::decode_secret(text.as_bytes())?;
    if bytes.len() != len {
        return Err(Error::invalid_key(format!(
            "`{name}` of a {curve} key must be {len} bytes, not {}",
            bytes.len()
        )));
    }
    Ok(Some(bytes))
}

impl fmt::Debug for EcKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_private() {
            "private"
        } else {
            "public"
        };
        write!(f, "EcKey({}, {kind})", self.curve())
    }
}

impl crate::key::KeyType for EcKey {
    const KTY: &'static str = "EC";

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
