//! ECDH-ES and ECDH-ES+A128KW/A192KW/A256KW (RFC 7518 §4.6, RFC 8037 §3.2) on P-256, P-384,
//! P-521 and X25519: an ephemeral key agrees a secret with the recipient's key, the Concat KDF
//! (NIST SP 800-56A, with `apu` and `apv`) derives the CEK or the key-wrapping key. The
//! ephemeral key in a header (`epk`) is checked as any imported key is: on the curve, not the
//! identity, not of small order, and on the recipient's curve.

use alloc::vec::Vec;

use jose_core::alg::{Enc, KeyAlg};
use jose_core::json::Object;
use jose_core::{Error, Limits, Result, b64};
use jose_jwk::primitives::ecdsa::{EcdsaCurve, SigningKey};
use jose_jwk::primitives::elliptic_curve::{
    self, AffinePoint, FieldBytesSize,
    sec1::{FromSec1Point, ModulusSize, ToSec1Point},
};
use jose_jwk::{EcCurve, EcKey, EcKeyPair, Jwk, Key, KeySpec, OkpCurve, PRIVATE_MEMBERS};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::{Cek, Management, Recovered, Wrapped, aes_kw};
use crate::enc::failed;
use crate::{Decrypter, Randomness};

/// The Concat KDF of RFC 7518 §4.6.2 with SHA-256.
#[must_use]
pub fn concat_kdf(
    z: &[u8],
    algorithm_id: &str,
    apu: &[u8],
    apv: &[u8],
    key_len: usize,
) -> Zeroizing<Vec<u8>> {
    let bits = u32::try_from(key_len.saturating_mul(8)).unwrap_or(u32::MAX);
    let mut other = Vec::new();
    for part in [algorithm_id.as_bytes(), apu, apv] {
        other.extend_from_slice(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
        other.extend_from_slice(part);
    }
    other.extend_from_slice(&bits.to_be_bytes());
    let mut out = Zeroizing::new(Vec::with_capacity(key_len.saturating_add(32)));
    let mut counter: u32 = 1;
    while out.len() < key_len {
        let mut hash = Sha256::new();
        hash.update(counter.to_be_bytes());
        hash.update(z);
        hash.update(&other);
        out.extend_from_slice(&hash.finalize());
        counter = counter.saturating_add(1);
    }
    out.truncate(key_len);
    out
}

/// The curve of a key that may do ECDH.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Curve {
    Ec(EcCurve),
    X25519,
}

fn curve(key: &Jwk) -> Option<Curve> {
    match key.key() {
        Key::Ec(k) if k.curve() != EcCurve::Secp256k1 => Some(Curve::Ec(k.curve())),
        Key::Okp(k) if k.curve() == OkpCurve::X25519 => Some(Curve::X25519),
        _ => None,
    }
}

/// Z: the shared secret of `private` (which must hold a private key) and `public`. An EC
/// public key multiplies with its own tables from its second agreement on, so encrypting to
/// a recipient again is faster ([`jose_jwk::tables`]).
pub(crate) fn agree(private: &Jwk, public: &Jwk) -> Result<Zeroizing<Vec<u8>>> {
    let missing = || Error::invalid_key("ECDH needs the private key");
    let z = match (private.key(), public.key()) {
        (Key::Ec(EcKey::P256(a)), Key::Ec(EcKey::P256(b))) => {
            nist(a.signing_key().ok_or_else(missing)?, b)
        }
        (Key::Ec(EcKey::P384(a)), Key::Ec(EcKey::P384(b))) => {
            nist(a.signing_key().ok_or_else(missing)?, b)
        }
        (Key::Ec(EcKey::P521(a)), Key::Ec(EcKey::P521(b))) => {
            nist(a.signing_key().ok_or_else(missing)?, b)
        }
        (Key::Okp(a), Key::Okp(b))
            if a.curve() == OkpCurve::X25519 && b.curve() == OkpCurve::X25519 =>
        {
            let public = b.x25519_public_key().ok_or_else(failed)?;
            let shared = a
                .x25519_secret()
                .ok_or_else(missing)?
                .diffie_hellman(public);
            // A point of small order gives an all-zero secret whatever the private key.
            if !shared.was_contributory() {
                return Err(failed());
            }
            shared.as_bytes().to_vec()
        }
        _ => {
            return Err(Error::invalid_key(
                "the ephemeral key and the recipient key are on different curves",
            ));
        }
    };
    Ok(Zeroizing::new(z))
}

/// ECDH on a NIST curve (RFC 7518 §4.6, SEC 1 §3.3.1): the `x` of `d·Q`, with the
/// recipient's tables when it has them built (constant time in `d`, as the curve's own
/// multiplication is), with `elliptic-curve`'s ECDH otherwise.
fn nist<C>(private: &SigningKey<C>, public: &EcKeyPair<C>) -> Vec<u8>
where
    C: NistCurve,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let secret = private.as_nonzero_scalar();
    #[cfg(feature = "tables")]
    if let Some(tables) = public.agreement_tables() {
        use elliptic_curve::point::AffineCoordinates as _;
        // Through `SharedSecret`, which zeroizes the x-coordinate when dropped.
        let x = tables.mul(secret).to_affine().x();
        return elliptic_curve::ecdh::SharedSecret::<C>::from(x)
            .raw_secret_bytes()
            .to_vec();
    }
    elliptic_curve::ecdh::diffie_hellman(secret, public.verifying_key().as_affine())
        .raw_secret_bytes()
        .to_vec()
}

/// P-256, P-384 and P-521: with the `tables` feature, the curves that have tables.
#[cfg(feature = "tables")]
trait NistCurve: jose_jwk::tables::TableCurve + EcdsaCurve {}
#[cfg(feature = "tables")]
impl<C: jose_jwk::tables::TableCurve + EcdsaCurve> NistCurve for C {}
#[cfg(not(feature = "tables"))]
trait NistCurve: elliptic_curve::CurveArithmetic + EcdsaCurve {}
#[cfg(not(feature = "tables"))]
impl<C: elliptic_curve::CurveArithmetic + EcdsaCurve> NistCurve for C {}

fn party(header: &Object, name: &str) -> Result<Vec<u8>> {
    match header.get(name) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => b64::decode_public(s),
        Some(_) => Err(Error::malformed(alloc::format!(
            "`{name}` must be a string"
        ))),
    }
}

/// The derived key: the CEK for ECDH-ES, the key-wrapping key otherwise.
fn derive(alg: KeyAlg, enc: Enc, z: &[u8], header: &Object) -> Result<Zeroizing<Vec<u8>>> {
    let (id, len) = match alg {
        KeyAlg::ECDH_ES => (enc.as_str(), enc.key_len()),
        KeyAlg::ECDH_ES_A128KW => (alg.as_str(), 16),
        KeyAlg::ECDH_ES_A192KW => (alg.as_str(), 24),
        _ => (alg.as_str(), 32),
    };
    Ok(concat_kdf(
        z,
        id,
        &party(header, "apu")?,
        &party(header, "apv")?,
        len,
    ))
}

/// The ephemeral public key of a header, checked.
pub(crate) fn ephemeral(header: &Object) -> Result<Jwk> {
    party(header, "apu")?;
    party(header, "apv")?;
    let Some(Value::Object(epk)) = header.get("epk") else {
        return Err(Error::malformed("ECDH-ES needs `epk`, an object"));
    };
    // Exactly a public key of an ECDH curve, seen before anything is parsed: no other `kty`
    // (an RSA `epk` would reach RSA arithmetic), no other curve, no private member.
    let wrong = || Error::malformed("`epk` must be a public P-256, P-384, P-521 or X25519 key");
    let member = |name: &str| epk.get(name).and_then(Value::as_str);
    match (member("kty"), member("crv")) {
        (Some("EC"), Some("P-256" | "P-384" | "P-521")) | (Some("OKP"), Some("X25519")) => {}
        _ => return Err(wrong()),
    }
    if PRIVATE_MEMBERS.iter().any(|m| epk.contains_key(*m)) {
        return Err(wrong());
    }
    let epk = Jwk::from_public_object(epk.clone(), &Limits::DEFAULT)
        .map_err(|e| Error::malformed(alloc::format!("`epk`: {}", e.message())))?;
    if epk.is_private() || curve(&epk).is_none() {
        return Err(wrong());
    }
    Ok(epk)
}

pub(crate) fn wrap(
    alg: KeyAlg,
    enc: Enc,
    recipient: &Jwk,
    header: &Object,
    cek: Option<Cek>,
    fixed: &Randomness,
    rng: &mut impl rand_core::CryptoRng,
) -> Result<Wrapped> {
    let Some(their_curve) = curve(recipient) else {
        return Err(Error::invalid_key(
            "ECDH-ES needs a P-256, P-384, P-521 or X25519 key",
        ));
    };
    let ephemeral = match &fixed.ephemeral {
        Some(key) => key.clone(),
        None => Jwk::generate_with_rng(
            match their_curve {
                Curve::Ec(c) => KeySpec::Ec(c),
                Curve::X25519 => KeySpec::Okp(OkpCurve::X25519),
            },
            rng,
        )?,
    };
    if curve(&ephemeral) != Some(their_curve) {
        return Err(Error::invalid_key(
            "the ephemeral key is not on the recipient's curve",
        ));
    }
    let z = agree(&ephemeral, recipient)?;
    let derived = derive(alg, enc, &z, header)?;
    let public = ephemeral.to_public()?;
    let mut epk = Object::new();
    for (name, value) in public.to_object(false)? {
        if ["kty", "crv", "x", "y"].contains(&name.as_str()) {
            epk.insert(name, value);
        }
    }
    let mut params = Object::new();
    params.insert("epk".into(), Value::Object(epk));
    let (encrypted_key, cek) = match cek {
        None => (Vec::new(), derived),
        Some(cek) => (aes_kw::wrap_with(&derived, &cek)?, cek),
    };
    Ok(Wrapped {
        encrypted_key,
        cek,
        params,
    })
}

pub(crate) fn unwrap(
    alg: KeyAlg,
    enc: Enc,
    recipient: &Jwk,
    header: &Object,
    encrypted_key: &[u8],
) -> Result<Cek> {
    let epk = ephemeral(header)?;
    if curve(&epk) != curve(recipient) {
        // Not this key's JWE (another recipient's, or another key of the set): skip it.
        return Err(Error::new(
            jose_core::ErrorKind::NoMatchingKey,
            "`epk` is not on this key's curve",
        ));
    }
    let z = agree(recipient, &epk)?;
    let derived = derive(alg, enc, &z, header)?;
    if alg == KeyAlg::ECDH_ES {
        // Its encrypted key is empty: `encrypted_key_len` below, checked first.
        return Ok(derived);
    }
    aes_kw::unwrap_with(&derived, encrypted_key)
}

pub(crate) struct EcdhEs;

impl Management for EcdhEs {
    fn encrypted_key_len(alg: KeyAlg, enc: Enc) -> Option<usize> {
        Some(if alg == KeyAlg::ECDH_ES {
            0
        } else {
            super::key_wrapped_len(enc)
        })
    }

    fn check_header(_: KeyAlg, header: &Object, _: &Decrypter) -> Result<()> {
        ephemeral(header).map(|_| ())
    }

    fn wrap(
        alg: KeyAlg,
        enc: Enc,
        key: &Jwk,
        header: &Object,
        cek: Option<Cek>,
        fixed: &Randomness,
        rng: &mut impl rand_core::CryptoRng,
    ) -> Result<Wrapped> {
        wrap(alg, enc, key, header, cek, fixed, rng)
    }

    fn unwrap<'k>(
        alg: KeyAlg,
        enc: Enc,
        key: &'k Jwk,
        header: &Object,
        encrypted_key: &[u8],
        _: &Decrypter,
        _: &mut impl rand_core::CryptoRng,
    ) -> Result<Recovered<'k>> {
        unwrap(alg, enc, key, header, encrypted_key).map(Recovered::Computed)
    }
}
