//! `kty: RSA` (RFC 7518 §6.3), on the `rsa` crate.
//!
//! Refused: moduli under 2048 bits ([`ErrorKind::InvalidKey`]), above
//! [`Limits::max_rsa_bits`] ([`ErrorKind::LimitExceeded`]), moduli with the ROCA fingerprint
//! (CVE-2017-15361), public exponents that are even or outside 3..2^33, multi-prime keys
//! (`oth`), private members out of their ranges (RFC 8017 §3.2, checked before any reaches
//! the `rsa` crate), and private members that do not match the public ones.

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(doc)]
use jose_core::ErrorKind;
use jose_core::json::{self, Object};
use jose_core::{Error, Limits, Result, b64};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BoxedUint, PrivateKey, PublicKey};
use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// The smallest RSA modulus accepted, in bits.
pub const MIN_RSA_BITS: usize = 2048;
const MAX_PUBLIC_EXPONENT: u64 = 1 << 33;

/// An RSA key: public, or private (which holds its public half). Its `Debug` shows the modulus
/// size only.
///
/// It is opaque: it is built only by [`RsaKey::from_public`], [`RsaKey::from_private`] or
/// the parsers of [`Jwk`](crate::Jwk), each of which checks it first, so no way around the
/// 2048-bit minimum exists.
///
/// ```compile_fail,E0599
/// # fn wrap(public: jose_jwk::primitives::rsa::PublicKey) {
/// let unchecked = jose_jwk::RsaKey::Public(public); // no such variant: use from_public
/// # }
/// ```
#[derive(Clone)]
pub struct RsaKey {
    material: Material,
    /// The modulus's Montgomery constants, built on the key's second public operation.
    #[cfg(feature = "tables")]
    montgomery: crate::tables::Precomputed<Option<crate::tables::Montgomery>>,
}

#[derive(Clone)]
enum Material {
    Public(PublicKey),
    /// With its CRT values precomputed.
    Private(Box<PrivateKey>),
}

impl RsaKey {
    fn wrap(material: Material) -> Self {
        Self {
            material,
            #[cfg(feature = "tables")]
            montgomery: crate::tables::Precomputed::new(),
        }
    }

    /// Wraps a public key after checking it against the default [`Limits`].
    ///
    /// # Errors
    /// [`ErrorKind::InvalidKey`] under 2048 bits or with a bad exponent;
    /// [`ErrorKind::LimitExceeded`] above the modulus limit.
    pub fn from_public(key: PublicKey) -> Result<Self> {
        check_public(&key, &Limits::DEFAULT)?;
        Ok(Self::wrap(Material::Public(key)))
    }

    /// Wraps a private key after checking it against the default [`Limits`].
    ///
    /// # Errors
    /// As [`RsaKey::from_public`].
    pub fn from_private(key: PrivateKey) -> Result<Self> {
        check_public(key.as_public_key(), &Limits::DEFAULT)?;
        if key.primes().len() != 2 {
            return Err(Error::unsupported("multi-prime RSA keys are not supported"));
        }
        Ok(Self::wrap(Material::Private(Box::new(key))))
    }

    /// The public key.
    #[must_use]
    pub fn public_key(&self) -> &PublicKey {
        match &self.material {
            Material::Public(k) => k,
            Material::Private(k) => k.as_public_key(),
        }
    }

    /// The private key, if this is one.
    #[must_use]
    pub fn private_key(&self) -> Option<&PrivateKey> {
        match &self.material {
            Material::Public(_) => None,
            Material::Private(k) => Some(k),
        }
    }

    /// The modulus's Montgomery constants for the public operation `x^e mod n` (RSA
    /// verification; RSA-OAEP encryption stays on the `rsa` crate): `None` on the first call, built on the second and kept
    /// (shared by this key's clones). See [`tables`](mod@crate::tables).
    #[cfg(feature = "tables")]
    #[must_use]
    pub fn public_tables(&self) -> Option<&crate::tables::Montgomery> {
        self.montgomery
            .get(|| {
                let key = self.public_key();
                let e = trim(&key.e_bytes())
                    .iter()
                    .fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
                crate::tables::Montgomery::new(&key.n_bytes(), e)
            })?
            .as_ref()
    }

    /// The modulus size in bits.
    #[must_use]
    pub fn bits(&self) -> usize {
        self.public_key().n().bit_width_vartime() as usize
    }

    pub(crate) fn is_private(&self) -> bool {
        matches!(self.material, Material::Private(_))
    }

    pub(crate) fn to_public(&self) -> Self {
        Self {
            material: Material::Public(self.public_key().clone()),
            #[cfg(feature = "tables")]
            montgomery: self.montgomery.clone(),
        }
    }

    pub(crate) fn generate(rng: &mut impl rand_core::CryptoRng, bits: usize) -> Result<Self> {
        if !(MIN_RSA_BITS..=Limits::DEFAULT.max_rsa_bits()).contains(&bits)
            || !bits.is_multiple_of(8)
        {
            return Err(Error::invalid_key(format!(
                "RSA keys are generated with 2048 to 8192 bits, in whole bytes, not {bits}"
            )));
        }
        let key = PrivateKey::new(rng, bits)
            .map_err(|e| Error::invalid_key("RSA key generation failed").with_source(e))?;
        Ok(Self::wrap(Material::Private(Box::new(key))))
    }

    pub(crate) fn from_members(object: &mut Object, limits: &Limits) -> Result<Self> {
        if object.contains_key("oth") {
            return Err(Error::unsupported(
                "multi-prime RSA keys (`oth`) are not supported",
            ));
        }
        let n = required(object, "n")?;
        let e = required(object, "e")?;
        let d = secret(object, "d")?;
        let p = secret(object, "p")?;
        let q = secret(object, "q")?;
        let dp = secret(object, "dp")?;
        let dq = secret(object, "dq")?;
        let qi = secret(object, "qi")?;
        let private = match (&d, &p, &q, &dp, &dq, &qi) {
            (None, None, None, None, None, None) => None,
            (None, ..) => return Err(Error::malformed("an RSA private key needs `d`")),
            (Some(d), None, None, None, None, None) => Some(RsaPrivateParts {
                d,
                primes: None,
                crt: None,
            }),
            (Some(d), Some(p), Some(q), Some(dp), Some(dq), Some(qi)) => Some(RsaPrivateParts {
                d,
                primes: Some([p, q]),
                crt: Some([dp, dq, qi]),
            }),
            (Some(_), None, None, ..) => {
                return Err(Error::malformed(
                    "RSA CRT values need the primes `p` and `q`",
                ));
            }
            (Some(_), Some(_), Some(_), ..) => {
                return Err(Error::malformed(
                    "an RSA key with `p` and `q` needs `dp`, `dq` and `qi` (RFC 7518 §6.3.2)",
                ));
            }
            _ => {
                return Err(Error::malformed(
                    "an RSA key needs both `p` and `q`, or neither",
                ));
            }
        };
        Self::from_parts(&n, &e, private, limits)
    }

    /// Builds a key from big-endian integers, whether they came from a JWK or from PKCS#1:
    /// one set of checks for every way in. Sizes are checked before any arithmetic.
    pub(crate) fn from_parts(
        n: &[u8],
        e: &[u8],
        private: Option<RsaPrivateParts<'_>>,
        limits: &Limits,
    ) -> Result<Self> {
        let (n, e) = (trim(n), trim(e));
        if n.is_empty() || e.is_empty() {
            return Err(Error::invalid_key("RSA `n` and `e` may not be zero"));
        }
        check_sizes(bit_len(n), e, limits)?;
        check_roca(n)?;
        let n_len = n.len();
        let n = BoxedUint::from_be_slice_vartime(n);
        let e = BoxedUint::from_be_slice_vartime(e);
        let Some(private) = private else {
            let public =
                PublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=limits.max_rsa_bits())
                    .map_err(|err| Error::invalid_key("invalid RSA public key").with_source(err))?;
            return Ok(Self::wrap(Material::Public(public)));
        };
        // No private integer may be longer than the modulus (one more byte for a DER sign
        // octet): this bounds the arithmetic by the public size of the key.
        let secrets = core::iter::once(private.d)
            .chain(private.primes.into_iter().flatten())
            .chain(private.crt.into_iter().flatten());
        for secret in secrets {
            if secret.len() > n_len.saturating_add(1) {
                return Err(Error::invalid_key(
                    "an RSA private member is longer than the modulus",
                ));
            }
        }
        check_ranges(&n, &private)?;
        let primes = private
            .primes
            .map(|[p, q]| alloc::vec![secret_uint(p), secret_uint(q)])
            .unwrap_or_default();
        let key =
            PrivateKey::from_components(n, e, secret_uint(private.d), primes).map_err(|err| {
                Error::invalid_key("the RSA private members do not form a key with `n` and `e`")
                    .with_source(err)
            })?;
        if key.primes().len() != 2 {
            return Err(Error::unsupported("multi-prime RSA keys are not supported"));
        }
        if let Some([dp, dq, qi]) = private.crt {
            let crt = crt_values(&key)?;
            let same = ct_eq_uint(&crt.0, dp) & ct_eq_uint(&crt.1, dq) & ct_eq_uint(&crt.2, qi);
            if !bool::from(same) {
                return Err(Error::invalid_key(
                    "the RSA CRT values `dp`, `dq`, `qi` do not match the key",
                ));
            }
        }
        Ok(Self::wrap(Material::Private(Box::new(key))))
    }

    /// Checks a CRT coefficient `qi` = q⁻¹ mod p (big-endian) against this private key's, in
    /// constant time: for formats that carry `qi` without `dp` and `dq` (OpenSSH).
    #[cfg_attr(not(feature = "openssh"), allow(dead_code))]
    pub(crate) fn check_crt_coefficient(&self, qi: &[u8]) -> Result<()> {
        let Material::Private(key) = &self.material else {
            return Err(Error::invalid_key(
                "an RSA public key has no CRT coefficient",
            ));
        };
        let (_, _, own) = crt_values(key)?;
        if !bool::from(ct_eq_uint(&own, qi)) {
            return Err(Error::invalid_key(
                "the RSA CRT coefficient does not match the key",
            ));
        }
        Ok(())
    }

    pub(crate) fn write_members(&self, object: &mut Object, private: bool) -> Result<()> {
        let public = self.public_key();
        object.insert("n".into(), b64::encode(public.n_bytes()).into());
        object.insert("e".into(), b64::encode(public.e_bytes()).into());
        if let (true, Material::Private(key)) = (private, &self.material) {
            let [p, q] = key.primes() else {
                return Err(Error::unsupported("multi-prime RSA keys are not supported"));
            };
            let (dp, dq, qi) = crt_values(key)?;
            let mut put = |name: &str, bytes: &[u8]| {
                object.insert(name.into(), b64::encode(trim(bytes)).into());
            };
            put("d", &Zeroizing::new(key.d().to_be_bytes()));
            put("p", &Zeroizing::new(p.as_ref().to_be_bytes()));
            put("q", &Zeroizing::new(q.as_ref().to_be_bytes()));
            put("dp", &dp);
            put("dq", &dq);
            put("qi", &qi);
        }
        Ok(())
    }

    pub(crate) fn thumbprint_input(&self) -> String {
        let public = self.public_key();
        format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            b64::encode(public.e_bytes()),
            b64::encode(public.n_bytes())
        )
    }
}

type Secret = Zeroizing<Vec<u8>>;

/// The private integers of an RSA key, big-endian: `d`, and optionally the primes `p`, `q`
/// and the CRT values `dp`, `dq`, `qi` (checked against the key when given).
pub(crate) struct RsaPrivateParts<'a> {
    pub(crate) d: &'a [u8],
    pub(crate) primes: Option<[&'a [u8]; 2]>,
    pub(crate) crt: Option<[&'a [u8]; 3]>,
}

/// RFC 8017 §3.2's ranges for the private members, checked before any of them reaches the
/// `rsa` crate, whose arithmetic asserts on some out-of-range values (its prime recovery
/// underflows on `d` = 0): `d` in 1..n; `p` and `q` in 2..n with p·q = n; `dp` < p, `dq` < q
/// and `qi` < p. In constant time (the values are secret); one error for every failure.
fn check_ranges(n: &BoxedUint, private: &RsaPrivateParts<'_>) -> Result<()> {
    use crypto_bigint::{ConcatenatingMul, CtEq, CtGt, CtLt, Resize};

    // One public width for every value: the modulus's, plus the DER sign octet allowed above.
    let width = n
        .bits_precision()
        .saturating_add(64)
        .max(u32::try_from(n_len_bits(private)).unwrap_or(u32::MAX));
    let out_of_range =
        || Error::invalid_key("the RSA private members are out of range (RFC 8017 §3.2)");
    let uint = |bytes: &[u8]| {
        BoxedUint::from_be_slice(bytes, width)
            .map(Zeroizing::new)
            .map_err(|_| out_of_range())
    };
    let n = n.clone().resize(width);
    let one = BoxedUint::one_with_precision(width);
    let d = uint(private.d)?;
    let mut bad = d.is_zero() | !d.ct_lt(&n);
    if let Some([p, q]) = private.primes {
        let (p, q) = (uint(p)?, uint(q)?);
        for prime in [&p, &q] {
            bad |= !prime.ct_gt(&one) | !prime.ct_lt(&n);
        }
        let product = Zeroizing::new(p.concatenating_mul(&*q));
        let wide_n = n.clone().resize(product.bits_precision());
        bad |= !CtEq::ct_eq(&*product, &wide_n);
        if let Some([dp, dq, qi]) = private.crt {
            let (dp, dq, qi) = (uint(dp)?, uint(dq)?, uint(qi)?);
            bad |= !dp.ct_lt(&p) | !dq.ct_lt(&q) | !qi.ct_lt(&p);
        }
    }
    if bad.to_bool() {
        return Err(out_of_range());
    }
    Ok(())
}

/// The longest private member, in bits (each is at most one byte longer than the modulus).
fn n_len_bits(private: &RsaPrivateParts<'_>) -> usize {
    core::iter::once(private.d)
        .chain(private.primes.into_iter().flatten())
        .chain(private.crt.into_iter().flatten())
        .map(<[u8]>::len)
        .max()
        .unwrap_or(0)
        .saturating_mul(8)
}

/// `dp`, `dq` and `qi` as big-endian bytes.
fn crt_values(key: &PrivateKey) -> Result<(Secret, Secret, Secret)> {
    let missing = || Error::invalid_key("the RSA key has no CRT values");
    let dp = key.dp().ok_or_else(missing)?;
    let dq = key.dq().ok_or_else(missing)?;
    let qi = key.crt_coefficient().ok_or_else(missing)?;
    Ok((
        Zeroizing::new(dp.to_be_bytes().into_vec()),
        Zeroizing::new(dq.to_be_bytes().into_vec()),
        Zeroizing::new(Zeroizing::new(qi).to_be_bytes().into_vec()),
    ))
}

/// Constant-time comparison of two big-endian unsigned integers of any widths.
fn ct_eq_uint(a: &[u8], b: &[u8]) -> subtle::Choice {
    let width = a.len().max(b.len());
    let pad = |x: &[u8]| {
        let mut out = Zeroizing::new(alloc::vec![0u8; width]);
        if let Some(tail) = out.get_mut(width.saturating_sub(x.len())..) {
            tail.copy_from_slice(x);
        }
        out
    };
    pad(a).ct_eq(&pad(b))
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

fn bit_len(bytes: &[u8]) -> usize {
    let bytes = trim(bytes);
    match bytes.first() {
        None => 0,
        Some(&top) => bytes
            .len()
            .saturating_mul(8)
            .saturating_sub(top.leading_zeros() as usize),
    }
}

fn check_exponent(e: &[u8]) -> Result<()> {
    let e = trim(e);
    let value = if e.len() > 8 {
        u64::MAX
    } else {
        e.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
    };
    if !(3..MAX_PUBLIC_EXPONENT).contains(&value) || value.is_multiple_of(2) {
        return Err(Error::invalid_key(
            "the RSA public exponent must be odd and between 3 and 2^33",
        ));
    }
    Ok(())
}

fn check_public(key: &PublicKey, limits: &Limits) -> Result<()> {
    check_sizes(key.n().bit_width_vartime() as usize, &key.e_bytes(), limits)?;
    check_roca(&key.n_bytes())
}

/// The small primes of the ROCA fingerprint (CVE-2017-15361; Nemec et al., "The Return of
/// Coppersmith's Attack", ACM CCS 2017): modulo each of them, a modulus made by Infineon's
/// RSALib is a power of 65537, and such moduli can be factored.
const ROCA_PRIMES: [u32; 38] = [
    3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167,
];

/// Refuses a modulus (big-endian) with the ROCA fingerprint: one pass over its bytes per
/// prime, 3.7 µs for RSA-2048 (the benches' `parse/RSA public JWK`: 17.9 µs with it, 14.2
/// without). A random modulus has the fingerprint with probability
/// 2^-27.8 (the product over the primes of the subgroup's share of the residues).
fn check_roca(n: &[u8]) -> Result<()> {
    if has_roca_fingerprint(n) {
        return Err(Error::invalid_key(
            "the RSA modulus has the ROCA fingerprint (CVE-2017-15361): it can be factored",
        ));
    }
    Ok(())
}

fn has_roca_fingerprint(n: &[u8]) -> bool {
    ROCA_PRIMES.iter().all(|&p| {
        // The residues stay below 167, so no product overflows.
        let rem = |x: u32| x.checked_rem(p).unwrap_or(0);
        let residue = n.iter().fold(0u32, |acc, &b| {
            rem(acc.wrapping_mul(256).wrapping_add(u32::from(b)))
        });
        let generator = rem(65_537);
        let mut power = 1;
        loop {
            if power == residue {
                return true;
            }
            power = rem(power.wrapping_mul(generator));
            if power == 1 {
                return false;
            }
        }
    })
}

/// The modulus size (checked first, before any arithmetic) and the public exponent.
fn check_sizes(bits: usize, e: &[u8], limits: &Limits) -> Result<()> {
    if bits > limits.max_rsa_bits() {
        return Err(Error::limit(format!(
            "RSA modulus of {bits} bits is above the limit of {}",
            limits.max_rsa_bits()
        )));
    }
    if bits < MIN_RSA_BITS {
        return Err(Error::invalid_key(format!(
            "RSA modulus of {bits} bits is under the minimum of {MIN_RSA_BITS}"
        )));
    }
    check_exponent(e)
}

fn required(object: &mut Object, name: &str) -> Result<Vec<u8>> {
    let text = json::take_string(object, name)?
        .ok_or_else(|| Error::malformed(format!("an RSA key needs `{name}`")))?;
    let bytes = b64::decode(text)?;
    if bytes.is_empty() {
        return Err(Error::malformed(format!("`{name}` may not be empty")));
    }
    Ok(bytes)
}

fn secret(object: &mut Object, name: &str) -> Result<Option<Secret>> {
    let Some(text) = json::take_string(object, name)? else {
        return Ok(None);
    };
    let text = Zeroizing::new(text);
    let bytes = b64::decode_secret(text.as_bytes())?;
    if bytes.is_empty() {
        return Err(Error::malformed(format!("`{name}` may not be empty")));
    }
    Ok(Some(bytes))
}

fn secret_uint(bytes: &[u8]) -> BoxedUint {
    // The precision comes from the public length of the encoding, never from the value.
    let bits = u32::try_from(bytes.len().saturating_mul(8)).unwrap_or(u32::MAX);
    BoxedUint::from_be_slice_truncated(bytes, bits)
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_private() {
            "private"
        } else {
            "public"
        };
        write!(f, "RsaKey({} bits, {kind})", self.bits())
    }
}

impl PartialEq for RsaKey {
    fn eq(&self, other: &Self) -> bool {
        match (&self.material, &other.material) {
            (Material::Public(a), Material::Public(b)) => a == b,
            (Material::Private(a), Material::Private(b)) => a == b,
            _ => false,
        }
    }
}

impl crate::key::KeyType for RsaKey {
    const KTY: &'static str = "RSA";

    fn is_private(&self) -> bool {
        Self::is_private(self)
    }

    fn to_public(&self) -> Option<Self> {
        Some(Self::to_public(self))
    }

    fn from_members(
        object: &mut Object,
        limits: &Limits,
        _: Option<&crate::JwkAlg>,
    ) -> Result<Self> {
        Self::from_members(object, limits)
    }

    fn write_members(&self, object: &mut Object, private: bool) -> Result<()> {
        Self::write_members(self, object, private)
    }

    fn thumbprint_input(&self) -> Zeroizing<String> {
        Self::thumbprint_input(self).into()
    }
}
